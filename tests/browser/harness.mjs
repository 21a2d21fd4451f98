// Starts the real server on a fresh index of tests/fixtures/ui-corpus and
// Debian's chromium through playwright-core. Not a test file itself (the
// runner picks up *.test.mjs only).

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sourceDir = path.resolve(process.env.EVIDENCE_SOURCE_DIR || path.join(here, '..', '..'));
export const binary = path.resolve(process.env.EVIDENCE_BINARY || path.join(sourceDir, 'build', 'evidence'));
export const corpus = path.join(sourceDir, 'tests', 'fixtures', 'ui-corpus');
export const artifacts = path.join(sourceDir, 'tests', 'browser', 'artifacts');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base, child, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`evidence serve exited with ${child.exitCode}: ${last}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) return;
      last = `status ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not answer /api/health within ${timeoutMs} ms (${last})`);
}

// With { watch: true }: `evidence serve --watch` on a copy of the corpus
// (its folder is `corpusDir`), which the test may edit. With { from }: the
// index of that corpus folder instead of the fixture.
export async function startServer({ watch = false, from = corpus } = {}) {
  if (!fs.existsSync(binary)) throw new Error(`no evidence binary at ${binary}: run make build, or set EVIDENCE_BINARY`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-browser-'));
  const db = path.join(tmp, 'db');
  const corpusDir = watch ? path.join(tmp, 'corpus') : from;
  if (watch) fs.cpSync(from, corpusDir, { recursive: true });
  else execFileSync(binary, ['index', '--corpus', from, '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });
  let child;
  let base;
  // A port that was free a moment ago may be taken: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const args = ['serve', '--db', db, '--web', path.join(sourceDir, 'web'), '--port', String(port), '--host', '127.0.0.1'];
    if (watch) args.push('--watch', '--corpus', corpusDir);
    child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    try {
      await waitForHealth(base, child);
      break;
    } catch (e) {
      child.kill('SIGTERM');
      if (attempt === 4) throw new Error(`${e.message}\n${stderr}`, { cause: e });
    }
  }
  const exitInfo = () => (child.exitCode !== null || child.signalCode !== null
    ? `evidence serve exited (${child.signalCode || `code ${child.exitCode}`})` : null);
  return {
    base,
    corpusDir,
    // Throws when the server has died (a crash would otherwise show as
    // connection errors in every later test).
    check() {
      const why = exitInfo();
      if (why) throw new Error(why);
    },
    async api(p) {
      const r = await fetch(`${base}${p}`);
      if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
      return r.json();
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page that records console errors, page errors and dialogs.
export async function openPage(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const problems = [];
  const dialogs = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('requestfailed', (r) => {
    // A navigation that replaced a pending fetch aborts it: not a failure.
    if (!/ERR_ABORTED/.test(r.failure()?.errorText || '')) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  return { page, context, problems, dialogs };
}

// Waits until the router has rendered the current view.
export async function settled(page) {
  await page.waitForFunction(() => {
    const main = document.getElementById('main');
    return main && !main.hasAttribute('aria-busy') && main.dataset.route === window.location.hash;
  });
}

export async function screenshot(page, name) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

// The set-up the page tests share: one server and one browser for the file;
// visit() opens a page at a hash and waits for it to settle; clean() checks
// that nothing ran that should not have (no console error, page error or
// dialog, save the `allow`ed messages) and closes the page.
export function browserSuite() {
  const suite = { server: null, browser: null };
  const opened = [];
  before(async () => {
    suite.server = await startServer();
    suite.browser = await launchBrowser();
  });
  after(async () => {
    for (const t of opened) await t.context.close().catch(() => {});
    await suite.browser?.close();
    await suite.server?.stop();
  });
  suite.visit = async (hash, opts) => {
    suite.server.check();
    const t = await openPage(suite.browser, opts);
    opened.push(t);
    await t.page.goto(`${suite.server.base}/${hash}`);
    await settled(t.page);
    return t;
  };
  suite.clean = async (t, { allow = [] } = {}) => {
    await t.page.waitForTimeout(150); // a late alert() or error would land here
    const problems = t.problems.filter((p) => !allow.some((re) => re.test(p)));
    assert.deepEqual(problems, [], 'console errors, page errors or failed requests');
    assert.deepEqual(t.dialogs, [], 'dialogs opened by the page');
    await t.context.close();
  };
  return suite;
}

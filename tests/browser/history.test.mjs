// A claim page's dated history and the Atom feeds in the UI: the fixture
// corpus committed to a fresh git repository in two versions (the trial's
// finding read the other way in the second), indexed by `evidence index`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, settled, corpus } from './harness.mjs';

let server;
let browser;
let repo;

function commit(date, subject) {
  const env = {
    ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 'A. Annotator',
    GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'A. Annotator', GIT_COMMITTER_EMAIL: 'a@example.org',
  };
  execFileSync('git', ['-C', repo, 'add', '-A'], { env });
  execFileSync('git', ['-C', repo, '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', subject], { env });
}

before(async () => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-history-'));
  const dir = path.join(repo, 'corpus');
  fs.cpSync(corpus, dir, { recursive: true });
  execFileSync('git', ['-C', repo, 'init', '-q', '-b', 'main']);
  commit('2024-01-02T10:00:00Z', 'Fixture corpus');
  const study = path.join(dir, 'studies', 'example-trial-2001.yaml');
  fs.writeFileSync(study, fs.readFileSync(study, 'utf8').replace('    stance: supports', '    stance: opposes'));
  commit('2024-02-03T11:00:00Z', 'Trial finding opposes');
  server = await startServer({ from: dir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (repo) fs.rmSync(repo, { recursive: true, force: true });
});

test('a claim page says when its evidence last changed and lists the dated changes', async () => {
  const t = await openPage(browser);
  await t.page.goto(`${server.base}/#/claim/hip-strength-resolves`);
  await settled(t.page);
  const last = t.page.locator('.last-changed');
  assert.match(await last.textContent(), /^Evidence last changed 3 February 2024/);
  assert.equal(await last.locator('time').getAttribute('datetime'), '2024-02-03T11:00:00Z');
  const items = t.page.locator('.history-list > li');
  assert.equal(await items.count(), 2);
  const newest = await items.nth(0).textContent();
  assert.match(newest, /3 February 2024/);
  assert.match(newest, /Certainty moved from \S.* to \S/);
  assert.match(newest, /a statement read as supports, level 2, is now opposes, level 2/);
  const first = await items.nth(1).textContent();
  assert.match(first, /2 January 2024/);
  assert.match(first, /First in the history/);
  // The numbers on the page are the API's.
  const api = await server.api('/api/claims/hip-strength-resolves');
  assert.equal(api.history.last_changed, '2024-02-03T11:00:00Z');
  assert.ok(newest.includes(api.history.changes[0].certainty.to.rating));
  assert.deepEqual(t.problems, []);
  await t.context.close();
});

test('the feed is announced in the head and linked from a topic page', async () => {
  const t = await openPage(browser);
  await t.page.goto(`${server.base}/#/topic/hip-strengthening`);
  await settled(t.page);
  const head = t.page.locator('head link[rel="alternate"][type="application/atom+xml"]');
  assert.equal(await head.getAttribute('href'), '/api/changes.atom');
  const link = t.page.locator('a.feed-link');
  assert.equal(await link.getAttribute('href'), '/api/changes.atom?topic=hip-strengthening');
  assert.match(await link.textContent(), /Atom feed/);
  const r = await fetch(new URL(await link.getAttribute('href'), server.base));
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/atom+xml');
  const xml = await r.text();
  assert.equal((xml.match(/<entry>/g) || []).length, 2);
  assert.ok(xml.includes('href="../#/claim/hip-strength-resolves"'));
  assert.deepEqual(t.problems, []);
  await t.context.close();
});

// `evidence serve --watch` as an annotator uses it: break a file of the
// corpus and the page shows a banner naming the file and line while the last
// good index keeps serving; fix it and the banner goes and the edit shows.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, openPage, settled } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ watch: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('serve --watch: a broken file shows in a banner with file:line, and its fix clears it', async () => {
  const file = path.join(server.corpusDir, 'sources', 'article.md');
  const good = fs.readFileSync(file, 'utf8');
  const quote = 'quote: "You cannot roll the band loose"';
  assert.ok(good.includes(quote));
  const line = good.split('\n').findIndex((l) => l.includes(quote)) + 1;

  const t = await openPage(browser);
  await t.page.goto(`${server.base}/#/source/example-article`);
  await settled(t.page);
  const banner = t.page.locator('.corpus-banner');
  assert.equal(await banner.isVisible(), false, 'no banner while the corpus is clean');

  // A quote that is not in the text: an error at the quote's line.
  fs.writeFileSync(file, good.replace(quote, 'quote: "You can roll the band loose"'));
  await banner.waitFor({ state: 'visible', timeout: 10000 });
  const text = await banner.textContent();
  assert.match(text, /The corpus has 1 error/);
  assert.ok(text.includes(`sources/article.md:${line}`), `the banner names the file and line: ${text}`);
  // The last good index keeps serving.
  await t.page.reload();
  await settled(t.page);
  assert.equal(await t.page.locator('h1').first().textContent(), 'Why your IT band hurts');
  await banner.waitFor({ state: 'visible', timeout: 10000 });

  // Fixed, with an edit to see.
  fs.writeFileSync(file, good.replace('title: Why your IT band hurts', 'title: Why your IT band hurts, revised'));
  await banner.waitFor({ state: 'hidden', timeout: 10000 });
  await t.page.reload();
  await settled(t.page);
  assert.equal(await t.page.locator('h1').first().textContent(), 'Why your IT band hurts, revised');
  assert.equal(await banner.isVisible(), false);
  assert.deepEqual(t.problems, [], 'console errors, page errors or failed requests');
  await t.context.close();
});

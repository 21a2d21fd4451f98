// The "Check a text" page (#/check) in a real browser against the real
// server: a pasted paragraph marked sentence by sentence from POST
// /api/match (byte offsets of UTF-8 placed in the page's UTF-16 text), links
// to the claims, the keyboard, a phone's width, and a refused body.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, settled } from './harness.mjs';

const suite = browserSuite();
const { visit, clean } = suite;
const PHONE = { width: 390, height: 844 };

// Sentences of the fixture's claims, between others that assert nothing;
// accents, a dash and an emoji (two UTF-16 units, four bytes) come before
// the marked sentences, so that bytes and characters part ways.
const TEXT = 'Après la course 🏃 — quelle journée, my knee hurt again.\n\n'
  + 'My physio says foam rolling gives temporary relief of lateral knee pain. '
  + 'I ran 5 km on Sunday with friends from the club. '
  + 'Stretching does not lengthen the IT band, because the band is anchored to the femur.';

async function match(text) {
  const r = await fetch(`${suite.server.base}/api/match`, {
    method: 'POST', body: text, headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
  assert.equal(r.status, 200);
  return r.json();
}

// Pasted as a clipboard paste inserts it: one input of the whole text.
async function paste(page, text) {
  await page.focus('#check-input');
  await page.keyboard.insertText(text);
}

async function checked(page) {
  await page.waitForSelector('#check-results-h');
}

// The text of the marked copy without the numbered references.
function markedText(page) {
  return page.evaluate(() => {
    const copy = document.querySelector('.check-text').cloneNode(true);
    for (const r of copy.querySelectorAll('.check-ref')) r.remove();
    return copy.textContent;
  });
}

test('a pasted paragraph: each matched sentence marked where the API puts it, the others plain', async () => {
  const api = await match(TEXT);
  const expected = api.sentences.filter((s) => s.matches.length);
  assert.ok(expected.length >= 2, `the fixture matches two sentences at least (${expected.length})`);
  assert.ok(api.sentences.length > expected.length, 'and leaves some unmatched');

  const t = await visit('#/check');
  const { page } = t;
  assert.equal(await page.locator('h1').textContent(), 'Check a text');
  await paste(page, TEXT);
  await page.click('.check-form button[type="submit"]');
  await checked(page);

  // The whole text is shown once, unchanged, marks and plain text together.
  assert.equal(await markedText(page), TEXT);
  const marks = await page.locator('mark.check-mark').evaluateAll((ms) => ms.map((m) => {
    const c = m.cloneNode(true);
    c.querySelector('.check-ref')?.remove();
    return { text: c.textContent, claim: m.dataset.claim, stance: [...m.classList].find((x) => x.startsWith('stance-')) };
  }));
  assert.deepEqual(marks, expected.map((s) => ({
    text: s.text, claim: s.matches[0].claim.id, stance: `stance-${s.matches[0].stance}`,
  })));
  // Unmatched sentences are not inside any mark.
  for (const s of api.sentences.filter((x) => !x.matches.length)) {
    assert.ok(marks.every((m) => !m.text.includes(s.text)), `“${s.text}” stays plain`);
  }
  assert.match(await page.locator('#check-results-h').textContent(), new RegExp(`^${expected.length} of ${api.sentences.length} sentences`));
  await clean(t);
});

test('each match: the claim linked to its page, the stance, the certainty with its direction in words', async () => {
  const api = await match(TEXT);
  const expected = api.sentences.filter((s) => s.matches.length);
  const t = await visit('#/check');
  const { page } = t;
  await paste(page, TEXT);
  await page.click('.check-form button[type="submit"]');
  await checked(page);

  const items = page.locator('.check-item');
  assert.equal(await items.count(), expected.length);
  for (let i = 0; i < expected.length; i++) {
    const item = items.nth(i);
    assert.equal(await item.locator('.check-sentence').textContent(), expected[i].text);
    const links = await item.locator('a.check-claim-link').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    assert.deepEqual(links, expected[i].matches.map((m) => [`#/claim/${encodeURIComponent(m.claim.id)}`, m.claim.statement]));
    const stances = await item.locator('.badge.stance').allTextContents();
    assert.deepEqual(stances.map((x) => x.replace(/^\S+\s+/, '')),
      expected[i].matches.map((m) => ({ supports: 'Supports', opposes: 'Opposes', mixed: 'Mixed' })[m.stance]));
    const certainty = await item.locator('.badge.certainty').allTextContents();
    for (const [k, m] of expected[i].matches.entries()) {
      assert.match(certainty[k], new RegExp(`^Certainty: ${m.claim.certainty}`, 'i'));
      // The direction in words, as the claim's page gives it.
      const page2 = await suite.server.api(`/api/claims/${encodeURIComponent(m.claim.id)}`);
      const way = { for: 'evidence for', against: 'evidence against', mixed: 'evidence both ways' }[page2.certainty.direction];
      if (way) assert.ok(certainty[k].endsWith(`· ${way}`), certainty[k]);
      else assert.ok(!certainty[k].includes('·'), certainty[k]);
    }
  }
  // The stretching sentence denies the claim that stretching lengthens the band.
  const stretch = expected.find((s) => /Stretching does not lengthen/.test(s.text));
  assert.equal(stretch.matches[0].claim.id, 'itb-stretching-lengthens');
  assert.equal(stretch.matches[0].stance, 'opposes');

  // A claim link opens the claim page; Back shows the text and its marks again.
  const first = items.first().locator('a.check-claim-link').first();
  const target = await first.getAttribute('href');
  await first.click();
  await page.waitForURL((u) => u.hash === target);
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), expected[0].matches[0].claim.statement);
  await page.goBack();
  await page.waitForURL(/#\/check$/);
  await settled(page);
  await checked(page);
  assert.equal(await page.inputValue('#check-input'), TEXT);
  assert.equal(await page.locator('mark.check-mark').count(), expected.length);
  await clean(t);
});

test('keyboard: Ctrl+Enter checks; a mark\'s number jumps to its claims and back', async () => {
  const t = await visit('#/');
  const { page } = t;
  // The navigation leads to the page.
  await page.click('.site-nav a[data-view="check"]');
  await page.waitForURL(/#\/check$/);
  await settled(page);
  assert.equal(await page.locator('.site-nav a[data-view="check"]').getAttribute('aria-current'), 'page');
  await page.evaluate(() => window.sessionStorage.clear());
  await page.fill('#check-input', '');
  await paste(page, TEXT);
  await page.keyboard.press('Control+Enter');
  await checked(page);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'check-results-h');

  // Tab reaches the first mark's number, Enter moves to its claims.
  let onRef = false;
  for (let i = 0; i < 6 && !onRef; i++) {
    await page.keyboard.press('Tab');
    onRef = await page.evaluate(() => document.activeElement?.classList.contains('check-ref'));
  }
  assert.ok(onRef, 'a mark\'s number is reached with Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '1');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'check-item-1');
  // Tab from there: the claim's link, then "Back to the sentence".
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('check-claim-link')), true);
  const back = page.locator('#check-item-1 .jump');
  await back.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'check-mark-1');
  // The page stays the check page: the jumps do not touch the hash.
  assert.match(page.url(), /#\/check$/);
  await clean(t);
});

test('on a phone: nothing wider than the screen, the marks and claims readable', async () => {
  const t = await visit('#/check', PHONE);
  const { page } = t;
  const long = `${TEXT} ${'Supercalifragilisticexpialidocious-stretching-of-the-iliotibial-band '.repeat(3)}`;
  await paste(page, long);
  await page.click('.check-form button[type="submit"]');
  await checked(page);
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    view: window.innerWidth,
    area: document.querySelector('#check-input').getBoundingClientRect().right,
    text: document.querySelector('.check-text').getBoundingClientRect().right,
    list: Math.max(...[...document.querySelectorAll('.check-item')].map((e) => e.getBoundingClientRect().right)),
  }));
  assert.ok(widths.page <= widths.view, `page ${widths.page} px wide on a ${widths.view} px screen`);
  for (const k of ['area', 'text', 'list']) assert.ok(widths[k] <= widths.view, `${k} ends at ${widths[k]} px`);
  // The numbers are targets of 24 px at least.
  const box = await page.locator('.check-ref').first().boundingBox();
  assert.ok(box.width >= 24 && box.height >= 24, `${box.width}x${box.height}`);
  await clean(t);
});

test('a refused body: over 64 KiB, the server\'s message shown beside the box; an empty box is refused here', async () => {
  const t = await visit('#/check');
  const { page } = t;
  await page.click('.check-form button[type="submit"]');
  assert.equal(await page.locator('#check-error').textContent(), 'Paste a paragraph first.');
  assert.equal(await page.getAttribute('#check-input', 'aria-invalid'), 'true');

  // 70,000 bytes: over the cap, refused by the server before it is read.
  const big = 'Foam rolling gives temporary relief. '.repeat(1900);
  assert.ok(new TextEncoder().encode(big).length > 64 * 1024);
  await page.fill('#check-input', big);
  await page.click('.check-form button[type="submit"]');
  const error = page.locator('#check-error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /^The text was refused: .*(large|longer|65536|64)/i);
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.equal(await page.locator('mark.check-mark').count(), 0);
  await clean(t, { allow: [/status of 413/] });
});

// What first readers tripped over, each behaviour that could come back:
// scroll restored by Back, the rival of "Compare side by side", topic names
// on a permalink, refused queries shown beside the box, tap targets on a
// phone, "skip to results", two values of one facet chosen by clicking, the
// claims page, notes for readers only (README.md in this folder).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, settled, screenshot } from './harness.mjs';

const suite = browserSuite();
const { visit, clean } = suite;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

const texts = (page, sel) => page.locator(sel).allTextContents();
const count = async (loc) => Number((await loc.locator('.count').textContent()).trim());

test('two values of one facet are chosen by clicking: each facet is counted without its own filter', async () => {
  const all = await suite.server.api('/api/search?kind=assertion&size=1');
  const stanceCount = (r, v) => r.facets.stance.find((x) => x.value === v)?.count ?? 0;
  const nOpp = stanceCount(all, 'opposes');
  const nSup = stanceCount(all, 'supports');
  assert.ok(nOpp > 0 && nSup > 0);
  // The API: with stance=opposes, the stance facet still counts supports;
  // the other facets count within the filtered results.
  const opp = await suite.server.api('/api/search?kind=assertion&stance=opposes&size=1');
  assert.equal(opp.total, nOpp);
  assert.equal(stanceCount(opp, 'supports'), nSup, 'supports counted without the stance filter');
  const levelSum = opp.facets.level.reduce((s, v) => s + v.count, 0);
  assert.equal(levelSum, nOpp, 'the level facet counts within the filtered results');

  const t = await visit('#/search?kind=assertion');
  const { page } = t;
  await page.click('a.facet-value[data-focus="facet:stance:opposes"]');
  await page.waitForURL(/stance=opposes/);
  await settled(page);
  assert.equal(await page.locator('.result-list > li').count(), Math.min(10, nOpp));
  const sup = page.locator('a.facet-value[data-focus="facet:stance:supports"]');
  assert.equal(await count(sup), nSup, 'the second value shows what it would add');
  await sup.click();
  await page.waitForURL((u) => /stance=opposes/.test(u.hash) && /stance=supports/.test(u.hash));
  await settled(page);
  assert.match(await page.locator('.result-count').textContent(), new RegExp(`^${nOpp + nSup} results`));
  const chips = await texts(page, 'a.filter-chip');
  assert.ok(chips.some((c) => /Opposes/.test(c)) && chips.some((c) => /Supports/.test(c)), chips.join(' | '));
  await clean(t);
});

test('Back restores the scroll position: search results and a claim page', async () => {
  const t = await visit('#/search', DESKTOP);
  const { page } = t;
  await page.evaluate(() => window.scrollTo(0, 700));
  await page.waitForTimeout(100);
  const y = await page.evaluate(() => window.scrollY);
  assert.ok(y > 500, `the results page scrolls (${y})`);
  // A result link in view, followed.
  const link = await page.evaluateHandle(() => [...document.querySelectorAll('.result-list .card-title a')]
    .find((a) => { const r = a.getBoundingClientRect(); return r.top > 0 && r.bottom < window.innerHeight; }));
  await link.asElement().click();
  await page.waitForURL((u) => !u.hash.startsWith('#/search'));
  await settled(page);
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'a new page starts at the top');
  await page.goBack();
  await page.waitForURL(/#\/search/);
  await settled(page);
  assert.ok(Math.abs(await page.evaluate(() => window.scrollY) - y) <= 2, 'Back returns to where the reader was');

  // A claim page on a phone: down to a statement's source, and back.
  const c = await visit('#/claim/foam-rolling-resolves', PHONE);
  const p2 = c.page;
  const source = p2.locator('.strongest-first .source-title').last();
  await source.scrollIntoViewIfNeeded();
  const y2 = await p2.evaluate(() => window.scrollY);
  assert.ok(y2 > 300, `the claim page scrolls (${y2})`);
  await source.click();
  await p2.waitForURL(/#\/(source|study)\//);
  await settled(p2);
  await p2.goBack();
  await p2.waitForURL(/#\/claim\//);
  await settled(p2);
  assert.ok(Math.abs(await p2.evaluate(() => window.scrollY) - y2) <= 2, 'Back returns to the statement');
  await clean(t);
  await clean(c);
});

test('"Compare side by side" takes the rival the catalogue lists first; headings and title show statements', async () => {
  const t = await visit('#/claim/band-friction');
  const { page } = t;
  // band-anchored names band-friction before band-friction's own list is read;
  // the rival is still the first of its own list.
  const link = page.locator('a.compare-rival');
  assert.equal(await link.getAttribute('href'), '#/compare?claims=band-friction%2Cband-compresses-fat');
  assert.match(await link.textContent(), /compression of a fat pad/);
  assert.deepEqual((await texts(page, '.competing li > a')).slice(0, 2),
    ['The pain comes from compression of a fat pad under the band, not friction.',
      'The IT band is anchored to the femur and cannot slide over it.']);
  await link.click();
  await page.waitForURL(/#\/compare\?claims=/);
  await settled(page);
  const headings = await texts(page, '.compare-grid > .side > h2');
  assert.deepEqual(headings, ['The pain comes from the band rubbing over the bone',
    'The pain comes from compression of a fat pad under the band, not friction']);
  assert.doesNotMatch(await page.locator('h1').textContent(), /band-friction|band-compresses-fat/);
  assert.doesNotMatch(await page.title(), /band-friction|band-compresses-fat/);
  assert.match(await page.title(), /rubbing over the bone vs /);
  await clean(t);
});

test('comparison on a phone: both verdicts first; three sides shown, five refused clearly', async () => {
  const t = await visit('#/compare?q=foam%20rolling%20vs%20hip%20strengthening', PHONE);
  const { page } = t;
  const v = await page.evaluate(() => {
    const box = (el) => el.getBoundingClientRect();
    const verdicts = [...document.querySelectorAll('.verdict-list .side-verdict')].map((el) => box(el).bottom + window.scrollY);
    const detail = box(document.querySelector('.compare-grid')).top + window.scrollY;
    return { verdicts, detail };
  });
  assert.equal(v.verdicts.length, 2);
  assert.ok(v.verdicts.every((b) => b <= v.detail), 'both verdicts before the detail');
  assert.ok(Math.max(...v.verdicts) < PHONE.height * 1.5, `both verdicts near the top (${v.verdicts})`);
  await screenshot(page, 'phone-compare-verdicts');

  await page.goto(`${suite.server.base}/#/compare?q=${encodeURIComponent('foam rolling vs hip strengthening vs mechanism')}`);
  await settled(page);
  assert.equal(await page.locator('.compare-grid > .side').count(), 3);
  assert.equal(await page.locator('.verdict-list .side-verdict').count(), 3);
  assert.deepEqual(await texts(page, '.compare-grid > .side > h2'), ['Foam rolling', 'Hip strengthening', 'Mechanism']);

  await page.goto(`${suite.server.base}/#/compare?q=${encodeURIComponent('a vs b vs c vs d vs e')}`);
  await settled(page);
  assert.match(await page.locator('.error[role=alert]').textContent(), /2 to 4 sides, not 5/);
  await clean(t, { allow: [/status of 400/] });
});

test('topic names are right on a permalink and after a reload', async () => {
  const t = await visit('#/claim/itb-stretching-lengthens');
  const { page } = t;
  assert.deepEqual(await texts(page, '.claim-page > .chips .chip'), ['Stretching the IT band']);
  await page.reload();
  await settled(page);
  assert.deepEqual(await texts(page, '.claim-page > .chips .chip'), ['Stretching the IT band']);
  await page.goto(`${suite.server.base}/#/search?topic=itb-stretching`);
  await page.reload();
  await settled(page);
  assert.match(await page.locator('.active-filters').textContent(), /Stretching the IT band/);
  await clean(t);
});

test('a query the server refuses: its message beside the box, the page kept', async () => {
  const t = await visit('#/search?q=rolling');
  const { page } = t;
  const results = await page.locator('.result-list > li').count();
  assert.ok(results > 0);
  for (const bad of ['level:abc', 'year:abcd']) {
    await page.fill('#q', bad);
    await page.press('#q', 'Enter');
    const api = await fetch(`${suite.server.base}/api/search?q=${encodeURIComponent(bad)}`).then((r) => r.json());
    // Wait for this query's message, not the previous one still on the page.
    await page.waitForFunction((m) => document.querySelector('#q-error')?.textContent === m, api.error.message, { timeout: 5000 })
      .catch(() => {});
    const msg = await page.locator('#q-error').textContent();
    assert.equal(msg, api.error.message, 'the server\'s own words');
    assert.equal(await page.locator('#q').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#q').getAttribute('aria-describedby'), 'q-error');
    assert.equal(await page.locator('.result-list > li').count(), results, 'the results stay');
    assert.equal(await page.locator('h1').textContent(), 'Results for “rolling”');
    assert.equal(await page.locator('.error[role=alert]').count(), 0, 'no "Something went wrong"');
  }
  // A good query clears it.
  await page.fill('#q', 'band');
  await page.press('#q', 'Enter');
  await page.waitForURL(/q=band/);
  await settled(page);
  assert.equal(await page.locator('#q-error').count(), 0);

  // A permalink to a refused query: the page with the reason, not an error page.
  const p = await visit(`#/search?q=${encodeURIComponent('level:abc')}`);
  assert.ok((await p.page.locator('#q-error').textContent()).length > 0);
  assert.match(await p.page.locator('.refused').textContent(), /could not run/);
  assert.ok(await p.page.locator('.refused .chip').count() >= 3, 'the topics to start from');
  await clean(t, { allow: [/status of 400/] });
  await clean(p, { allow: [/status of 400/] });
});

test('no results: the suggestion, the filters to remove and the topics', async () => {
  const t = await visit(`#/search?q=rollng%20zzzqqq&stance=mixed&type=study`);
  const { page } = t;
  assert.match(await page.locator('.empty').textContent(), /Nothing matches/);
  const remove = await texts(page, '.remove-filters a');
  assert.equal(remove.length, 2);
  assert.ok(remove.some((r) => /Stance: Mixed/.test(r)) && remove.some((r) => /Source type: Study/.test(r)), remove.join(' | '));
  assert.ok(await page.locator('.empty .chips.topics .chip').count() >= 3);
  assert.equal(await page.locator('.empty a', { hasText: 'without filters' }).count(), 1);
  const e2 = await visit('#/search?q=rollng%20band&kind=claim&stance=opposes');
  if (await e2.page.locator('.empty').count()) {
    assert.match(await e2.page.locator('.empty').textContent(), /spelling/);
  }
  await clean(t);
  await clean(e2);
});

test('keyboard on a phone: "skip to results", and the filters after the results in the tab order', async () => {
  const t = await visit('#/search?q=rolling', PHONE);
  const { page } = t;
  const order = await page.evaluate(() => {
    const results = document.querySelector('.results');
    const facets = document.querySelector('.facets');
    return results.compareDocumentPosition(facets) & Node.DOCUMENT_POSITION_FOLLOWING ? 'results first' : 'filters first';
  });
  assert.equal(order, 'results first');
  // From the search box to the first answer or result, counting Tab presses
  // (the answer to the question comes first, then the results).
  await page.focus('#q');
  let presses = 0;
  while (presses < 40) {
    await page.keyboard.press('Tab');
    presses += 1;
    const inResult = await page.evaluate(() => Boolean(document.activeElement?.closest('.answer, .result-list')));
    if (inResult) break;
  }
  assert.ok(presses <= 12, `${presses} Tab presses from the box to the first answer or result`);
  // The skip link, from the top of the page.
  await page.focus('#q');
  let found = false;
  for (let i = 0; i < 12 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.classList.contains('skip-results'));
  }
  assert.ok(found, 'a "Skip to results" link');
  assert.ok(await page.locator('.skip-results').isVisible(), 'visible when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => Boolean(document.activeElement?.closest('.result-list > li:first-child'))), true);

  // Side by side, the filters keep their place before the results.
  const d = await visit('#/search?q=rolling', DESKTOP);
  assert.equal(await d.page.evaluate(() => document.querySelector('.facets')
    .compareDocumentPosition(document.querySelector('.results')) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : 0), 1);
  await clean(t);
  await clean(d);
});

test('the sort menu shows the sort applied', async () => {
  const t = await visit('#/');
  assert.equal(await t.page.inputValue('#sort'), 'strength', 'the home list is sorted by strength');
  const s = await visit('#/search?q=rolling');
  assert.equal(await s.page.inputValue('#sort'), 'relevance');
  await clean(t);
  await clean(s);
});

test('source page on a phone: marks of 24 px or more, previewed, and jumps between text and list', async () => {
  const list = (await suite.server.api('/api/search?kind=assertion&source=example-article&size=100')).results;
  const t = await visit('#/source/example-article', PHONE);
  const { page } = t;
  const refs = page.locator('sup.anno-ref a');
  assert.equal(await refs.count(), list.length);
  for (let i = 0; i < await refs.count(); i++) {
    const box = await refs.nth(i).boundingBox();
    assert.ok(box.width >= 24 && box.height >= 24, `mark ${i + 1} is ${box.width}x${box.height}`);
  }
  // A readable preview on focus: the claim's statement.
  const first = refs.first();
  const tip = await first.getAttribute('data-tip');
  assert.match(tip, /^1\. (Supports|Opposes|Mixed): /);
  await first.focus();
  const shown = await first.evaluate((el) => getComputedStyle(el, '::after').content);
  assert.ok(shown.includes(tip.slice(0, 20)), `the preview shows on focus (${shown})`);
  // Text -> list -> text.
  await page.click('a.jump.to-list');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'annos-h');
  assert.ok(await page.evaluate(() => { const r = document.getElementById('annos-h').getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }));
  await page.click('a.jump.to-text');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('document')), true);
  await screenshot(page, 'phone-source-marks');
  await clean(t);
});

test('notes: the reader\'s shown with the statement, the annotators\' kept out of the page', async () => {
  const c = await visit('#/claim/band-compresses-fat');
  assert.match(await c.page.locator('.reading-note').first().textContent(), /Our reading: Mechanistic only: the article reasons from anatomy/);
  const s = await visit('#/source/example-article');
  assert.match(await s.page.locator('.anno-list .reading-note').first().textContent(), /Mechanistic only/);
  const r = await visit('#/claim/foam-rolling-resolves');
  const st = await visit('#/study/example-trial-2001');
  for (const x of [c, s, r, st]) {
    const text = await x.page.locator('main').textContent();
    assert.doesNotMatch(text, /UNRESOLVED|Reviewer|Collection note|reviewers only/);
  }
  await clean(c);
  await clean(s);
  await clean(r);
  await clean(st);
});

test('claim page: "What was counted" names the sources; "Competes with N" is a link', async () => {
  const t = await visit('#/claim/foam-rolling-resolves');
  const { page } = t;
  const counted = page.locator('details.cert-list').first();
  await counted.locator('summary').click();
  const items = await counted.locator('li a').allTextContents();
  assert.ok(items.length >= 1);
  for (const item of items) assert.doesNotMatch(item, /^[a-z0-9-]+$/, `a title, not an id: ${item}`);
  assert.ok(items.some((i) => /Why your IT band hurts \(A\. Writer, 2019\)/.test(i)), items.join(' | '));

  const s = await visit('#/search?kind=claim');
  const link = s.page.locator('.card.claim[data-id="foam-rolling-relief"] a', { hasText: /Competes with 1 other claim/ });
  await link.click();
  await s.page.waitForURL(/#\/claim\/foam-rolling-relief\?at=competing/);
  await settled(s.page);
  assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'competing-h');
  await clean(t);
  await clean(s);
});

test('a study page shows its findings first', async () => {
  const t = await visit('#/study/example-trial-2001');
  const ids = await t.page.evaluate(() => [...document.querySelectorAll('.study-page section h2')].map((x) => x.id));
  assert.deepEqual(ids.slice(0, 2), ['findings-h', 'cited-h']);
  assert.ok(ids.indexOf('record-h') > ids.indexOf('findings-h'));
  await clean(t);
});

test('the claims page lists every claim by type or topic, with certainty and counts, linked from the header', async () => {
  const api = await suite.server.api('/api/claims?with=evidence');
  const t = await visit('#/');
  const { page } = t;
  await page.click('.site-nav a[data-view="claims"]');
  await page.waitForURL(/#\/claims/);
  await settled(page);
  assert.equal(await page.locator('.claim-row').count(), api.total);
  const types = (await texts(page, '.claim-group h2')).map((x) => x.replace(/\s*\(\d+\)/, ''));
  assert.deepEqual(types, ['Efficacy', 'Mechanism', 'Anatomy']);
  const row = page.locator('.claim-row[data-claim="hip-strength-resolves"]');
  assert.match(await row.locator('.badge.certainty').textContent(), /Certainty:/);
  assert.match(await row.textContent(), /\d+ for · \d+ against/);
  await page.click('.order-switch a[data-focus="by:topic"]');
  await page.waitForURL(/by=topic/);
  await settled(page);
  assert.ok((await texts(page, '.claim-group h2')).some((x) => /Stretching the IT band/.test(x)));
  await clean(t);
});

test('screenshots: claim, comparison, source and search pages on a phone and a desktop', async () => {
  const article = (await suite.server.api('/api/search?kind=assertion&source=example-article&size=100')).results;
  const pages = [
    ['claim', '#/claim/foam-rolling-resolves'],
    ['compare', '#/compare?q=foam%20rolling%20vs%20hip%20strengthening'],
    ['source', `#/source/example-article?a=${article[0].id}`],
    ['search', '#/search?q=rolling&stance=opposes'],
    ['claims', '#/claims'],
    ['study', '#/study/example-trial-2001'],
  ];
  for (const [name, hash] of pages) {
    for (const [size, vp] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      const t = await visit(hash, vp);
      const { scroll, inner } = await t.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      assert.ok(scroll <= inner, `${name} at ${size}: ${scroll}px wide in ${inner}px`);
      await screenshot(t.page, `17-${size}-${name}`);
      await clean(t);
    }
  }
});

// The web UI in a real browser against the real server (README.md in this folder).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, settled, screenshot } from './harness.mjs';

const suite = browserSuite();
const { visit, clean } = suite;

async function assertionsOf(source) {
  const r = await suite.server.api(`/api/search?kind=assertion&source=${source}&size=100`);
  return r.results;
}

const texts = (page, sel) => page.locator(sel).allTextContents();

test('search: a facet click filters the results and the URL, the back button restores', async () => {
  const t = await visit('#/search?q=rolling');
  const { page } = t;
  const before = await page.locator('.result-count').textContent();
  const cardsBefore = await page.locator('.result-list > li').count();
  assert.ok(cardsBefore > 2, 'several results for "rolling"');
  const facet = page.locator('a.facet-value[data-focus="facet:stance:opposes"]');
  const expected = Number(await facet.locator('.count').textContent());
  assert.ok(expected > 0 && expected < cardsBefore);

  await facet.click();
  await page.waitForURL(/stance=opposes/);
  await settled(page);
  assert.equal(await page.locator('.result-list > li').count(), expected);
  assert.equal(await page.locator('.card.assertion:not(.stance-opposes)').count(), 0, 'only opposing statements');
  assert.match(await page.locator('.active-filters').textContent(), /Stance:\s*Opposes/);
  assert.equal(await page.locator('a.facet-value[data-focus="facet:stance:opposes"]').getAttribute('aria-current'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.focus), 'facet:stance:opposes',
    'focus stays on the facet that was used');

  await page.goBack();
  await page.waitForURL((u) => !u.hash.includes('stance'));
  await settled(page);
  assert.equal(await page.locator('.result-count').textContent(), before);
  assert.equal(await page.locator('.result-list > li').count(), cardsBefore);
  assert.equal(await page.locator('.active-filters').count(), 0);

  await page.goForward();
  await page.waitForURL(/stance=opposes/);
  await settled(page);
  assert.equal(await page.locator('.result-list > li').count(), expected);

  // The active filter is removable from its chip.
  await page.locator('a.filter-chip').first().click();
  await page.waitForURL((u) => !u.hash.includes('stance'));
  await settled(page);
  assert.equal(await page.locator('.result-list > li').count(), cardsBefore);
  // The live region is emptied, then filled 50 ms later (so a screen reader
  // announces the same words again): wait for it rather than race it.
  await page.waitForFunction(() => /result/.test(document.getElementById('status')?.textContent ?? ''),
    null, { timeout: 5000 });
  assert.match(await page.locator('#status').textContent(), /result/);
  await clean(t);
});

test('a facet value holding a comma (a site) filters to its results, alone and OR-ed with another', async () => {
  const clinicName = 'Example Clinic (Austin, TX)';
  const api = await suite.server.api(`/api/search?kind=assertion&site=${encodeURIComponent(clinicName)}&size=100`);
  assert.ok(api.total > 0, 'the API takes the whole value, comma and all');
  assert.ok(api.results.every((r) => r.source.site === clinicName));

  const t = await visit('#/search?kind=assertion');
  const { page } = t;
  const clinic = page.locator(`a.facet-value[data-focus="facet:site:${clinicName}"]`);
  const forum = page.locator('a.facet-value[data-focus="facet:site:Example Forum"]');
  const nClinic = Number(await clinic.locator('.count').textContent());
  const nForum = Number(await forum.locator('.count').textContent());
  assert.equal(nClinic, api.total);
  assert.ok(nForum > 0);

  await clinic.click();
  await page.waitForURL(/site=Example/);
  await settled(page);
  assert.equal(await page.locator('.result-list > li').count(), nClinic);
  assert.match(await page.locator('.active-filters').textContent(), /Example Clinic \(Austin, TX\)/);

  // Two sites: either one. The site facet is counted without its own filter,
  // so the second value is still listed with its count and is chosen by a click.
  const forumAgain = page.locator('a.facet-value[data-focus="facet:site:Example Forum"]');
  assert.equal(Number(await forumAgain.locator('.count').textContent()), nForum);
  await forumAgain.click();
  await page.waitForURL(/site=Example%20Forum|site=Example\+Forum/);
  await settled(page);
  assert.equal(await page.locator('.result-list > li').count(), nClinic + nForum, 'two sites: either one');
  const chips = await texts(page, 'a.filter-chip');
  assert.ok(chips.some((c) => c.includes(clinicName)) && chips.some((c) => c.includes('Example Forum')), chips.join(' | '));

  // The permalink restores both values.
  await page.reload();
  await settled(page);
  assert.equal(await page.locator('.result-list > li').count(), nClinic + nForum);
  await clean(t);
});

test('search: a misspelling runs its correction at once, and sorting', async () => {
  const t = await visit('#/search?q=rollng');
  const { page } = t;
  // "Showing results for rolling; search instead for rollng".
  assert.equal(await page.locator('.suggestion strong').textContent(), 'rolling');
  assert.ok(await page.locator('.result-list > li').count() > 0, 'the results of the correction');
  const instead = page.locator('.suggestion a');
  assert.equal(await instead.textContent(), 'rollng');
  assert.match(await instead.getAttribute('href'), /q=rollng/);
  await page.goto(`${suite.server.base}/#/search?q=rolling`);
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), 'Results for “rolling”');
  assert.equal(await page.inputValue('#q'), 'rolling');

  await page.selectOption('#sort', 'strength');
  await page.waitForURL(/sort=strength/);
  await settled(page);
  const levels = await page.locator('.result-list .card.assertion > .card-meta .badge.level .level-num').allTextContents();
  const nums = levels.map((l) => Number(l.slice(1)));
  assert.deepEqual(nums, [...nums].sort((a, b) => a - b), 'strongest evidence first');
  await clean(t);
});

test('typing "A vs B" opens the comparison: both sides, their charts and verdicts', async () => {
  const t = await visit('#/');
  const { page } = t;
  await page.fill('#q', 'foam rolling vs hip strengthening');
  await page.press('#q', 'Enter');
  await page.waitForURL(/#\/compare\?q=/);
  await settled(page);
  const sides = page.locator('.compare-grid > .side');
  assert.equal(await sides.count(), 2);
  const headings = await texts(page, '.side > h2');
  assert.match(headings[0], /foam rolling/i);
  assert.match(headings[1], /hip strength/i);
  for (let i = 0; i < 2; i++) {
    const side = sides.nth(i);
    assert.ok(await side.locator('svg.diverging').count() >= 1, `side ${i} has a chart`);
    assert.ok(await side.locator('svg.diverging rect.seg').count() >= 1, `side ${i}'s chart has bars`);
    assert.match(await page.locator(`.verdict-list .side-verdict[data-side="${i}"]`).textContent(), /strongest for/i);
    assert.ok(await side.locator('.claim-summary .card-title a').count() >= 1, `side ${i} lists its claims`);
  }
  // The hip side's trial is its strongest evidence for.
  assert.match(await sides.nth(1).textContent(), /randomi[sz]ed/i);

  // The same through the two-topic chooser.
  await page.goto(`${suite.server.base}/#/compare`);
  await settled(page);
  await page.selectOption('#cmp-a', 'foam-rolling');
  await page.selectOption('#cmp-b', 'hip-strengthening');
  await page.click('.compare-chooser button[type=submit]');
  await page.waitForURL(/topics=foam-rolling%2Chip-strengthening|topics=foam-rolling,hip-strengthening/);
  await settled(page);
  assert.equal(await page.locator('.compare-grid > .side').count(), 2);
  await clean(t);
});

test('a claim page: certainty explained, the diverging chart, statements by stance and level, exports', async () => {
  const t = await visit('#/claim/foam-rolling-resolves');
  const { page } = t;
  assert.equal(await page.locator('h1').textContent(), 'Foam rolling resolves IT band syndrome.');
  assert.match(await page.locator('.certainty .badge.certainty').first().textContent(), /Certainty:/);
  assert.ok(await page.locator('.certainty .steps li').count() >= 1, 'the certainty steps are listed');
  assert.ok(await page.locator('.balance svg.diverging rect.seg.supports').count() >= 1);
  assert.ok(await page.locator('.balance svg.diverging rect.seg.opposes').count() >= 1);
  // Strongest first, any stance, by default; grouped by stance one click away.
  const levels = (await texts(page, '.strongest-first .card.assertion > .card-meta .badge.level .level-num')).map((l) => Number(l.slice(1)));
  assert.ok(levels.length >= 3);
  assert.deepEqual(levels, [...levels].sort((a, b) => a - b), 'strongest first');
  await page.click('.order-switch a[data-focus="order:stance"]');
  await page.waitForURL(/order=stance/);
  await settled(page);
  const groups = await texts(page, '.stance-group > h3');
  assert.deepEqual(groups.map((g) => g.replace(/\s*\(\d+\)/, '')), ['Supports', 'Opposes', 'Mixed']);
  // A statement citing the retracted study carries the warning.
  assert.ok(await page.locator('.cites .warn.retracted').count() >= 1);
  assert.ok(await page.locator('.competing a').count() >= 1, 'competing claims are linked');
  const exports = await page.locator('.export-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(exports.map((h) => new URLSearchParams(h.split('?')[1]).get('format')), ['ris', 'bibtex', 'csl-json', 'claimreview']);
  for (const href of exports) {
    assert.match(href, /claim=foam-rolling-resolves/);
    const r = await fetch(`${suite.server.base}${href}`);
    assert.equal(r.status, 200, `${href} answers`);
    assert.ok((await r.text()).length > 0);
  }
  await clean(t);
});

test('an export with nothing in it says so beside its link; one with studies downloads its file', async () => {
  const t = await visit('#/claim/band-anchored');
  const { page } = t;
  const ris = page.locator('.export-links li', { hasText: 'RIS' });
  await ris.locator('a').click();
  const note = ris.locator('.export-note');
  await note.filter({ hasText: /./ }).waitFor();
  assert.equal(await note.textContent(), "nothing to export: no study is behind this claim's evidence (matched, or cited by one of its statements)");
  assert.equal(await note.getAttribute('role'), 'status');
  // ClaimReview of the same claim has something: it downloads, named for the claim.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.export-links li', { hasText: 'ClaimReview' }).locator('a').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'evidence-band-anchored-claimreview.jsonld');
  assert.equal(await page.locator('.export-links li', { hasText: 'ClaimReview' }).locator('.export-note').textContent(), '');
  await clean(t, { allow: [/404/] });
});

test('a topic page lists its claims with their charts and offers the comparison', async () => {
  const t = await visit('#/topic/foam-rolling');
  const { page } = t;
  assert.equal(await page.locator('h1').textContent(), 'Foam rolling');
  assert.ok(await page.locator('.claim-summary').count() >= 2);
  assert.ok(await page.locator('.claim-summary svg.diverging').count() >= 2);
  await page.click('.compare-chooser button[type=submit]');
  await page.waitForURL(/#\/compare\?topics=/);
  await settled(page);
  assert.equal(await page.locator('.compare-grid > .side').count(), 2);
  await clean(t);
});

test('a source page highlights the quote of the chosen assertion, in the right place', async () => {
  const list = await assertionsOf('example-article');
  // "You cannot roll the band loose" occurs twice; the prefix picks the second.
  const target = list.find((a) => a.quote === 'You cannot roll the band loose');
  assert.ok(target, 'the fixture assertion exists');
  const t = await visit(`#/source/example-article?a=${encodeURIComponent(target.id)}`);
  const { page } = t;
  const active = page.locator('mark.anno.active');
  assert.equal((await active.allTextContents()).join(''), 'You cannot roll the band loose');
  const before = await active.first().evaluate((m) => {
    const r = document.createRange();
    r.setStart(m.closest('.document'), 0);
    r.setEndBefore(m);
    return r.toString().replace(/\s+/g, ' ').trim();
  });
  assert.match(before, /reads the tissue\.$/, 'the second occurrence, after "tissue. "');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('active')), true, 'the quote has focus');
  assert.match(await page.locator('.interest-box').textContent(), /Sells clinic sessions/);

  // A quote across *emphasis* is marked in pieces that read as the quote.
  const other = list.find((a) => a.quote.startsWith('the band compresses'));
  const pieces = await page.locator(`mark.anno[data-assertion="${other.id}"]`).allTextContents();
  assert.ok(pieces.length >= 2);
  assert.equal(pieces.join('').replace(/\s+/g, ' '), other.quote);
  // Each quote links to its claim.
  const ref = page.locator(`mark.anno[data-assertion="${target.id}"] + sup.anno-ref a, mark.anno[data-assertion="${target.id}"] ~ sup.anno-ref a`).first();
  assert.equal(await ref.getAttribute('href'), '#/claim/foam-rolling-resolves');

  // Choosing another statement from the list moves the highlight without a reload.
  await page.locator(`.anno-list li[data-assertion="${other.id}"] a[data-focus]`).click();
  await page.waitForURL(new RegExp(`a=${other.id}`));
  await settled(page);
  assert.equal((await page.locator('mark.anno.active').allTextContents()).join('').replace(/\s+/g, ' '), other.quote);
  await clean(t);
});

test('a forum thread: posts with anchors and handles, quotes found inside their post', async () => {
  const list = await assertionsOf('example-thread');
  const t = await visit('#/source/example-thread');
  const { page } = t;
  assert.deepEqual(await texts(page, 'section.post .post-author'), ['runner42', 'post 2']);
  assert.equal(await page.locator('#post-p2 .post-anchor').getAttribute('href'), '#/source/example-thread?post=p2');
  for (const a of list) {
    const marks = page.locator(`#post-${a.post} mark.anno[data-assertion="${a.id}"]`);
    assert.equal((await marks.allTextContents()).join(''), a.quote, `${a.id} marked in post ${a.post}`);
  }
  // Typographic quotes and runs of spaces in the text still match.
  const hostile = await assertionsOf('hostile-page');
  const typographic = hostile.find((a) => a.quote.startsWith('"Rolling helps'));
  const t2 = await visit(`#/source/hostile-page?a=${typographic.id}`);
  const got = (await t2.page.locator('mark.anno.active').allTextContents()).join('');
  assert.equal(got.replace(/[“”]/g, '"').replace(/\s+/g, ' '), typographic.quote);
  await clean(t);
  await clean(t2);
});

test('script in a document, its fields or a query renders as text and never runs', async () => {
  // Every field of this fixture carries markup or script.
  const t = await visit('#/source/hostile-page');
  const { page } = t;
  assert.match(await page.locator('h1').textContent(), /<script>alert\('title'\)<\/script> Rolling <b>myths<\/b>/);
  assert.match(await page.locator('.interest-box').textContent(), /Sells <script>alert\('interest'\)<\/script> foam rollers/);
  assert.match(await page.locator('.document').textContent(), /<img src=x onerror=alert\('quote'\)> is what the spam said/);
  const unsafe = await page.evaluate(() => {
    const main = document.getElementById('main');
    const bad = [...main.querySelectorAll('script, iframe, object, embed, img, style, link')].map((e) => e.outerHTML);
    for (const el of main.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) bad.push(`${el.localName} ${a.name}=${a.value}`);
      }
    }
    return bad;
  });
  assert.deepEqual(unsafe, []);
  await clean(t);

  const thread = await visit('#/source/example-thread');
  assert.equal(await thread.page.locator('.document script').count(), 0);
  await clean(thread);

  // A query: typed into the box, shown as text.
  const q = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const s = await visit('#/');
  await s.page.fill('#q', q);
  await s.page.press('#q', 'Enter');
  await s.page.waitForURL(/#\/search\?q=/);
  await settled(s.page);
  assert.equal(await s.page.locator('h1').textContent(), `Results for “${q}”`);
  assert.equal(await s.page.locator('main img, main script').count(), 0);
  // A snippet with markup in the quoted text: the server escapes it, the page shows it.
  await s.page.goto(`${suite.server.base}/#/search?q=spam`);
  await settled(s.page);
  assert.match(await s.page.locator('.result-list').textContent(), /<img src=x onerror=alert\('quote'\)>/);
  assert.equal(await s.page.locator('main img').count(), 0);
  await clean(s);
});

test('the sanitisers keep text, <mark> and safe markup only, whatever the server sends', async () => {
  const t = await visit('#/levels');
  const out = await t.page.evaluate(async () => {
    const { sanitizeHTML, snippetNodes } = await import('/js/dom.js');
    const nasty = [
      '<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '<svg onload=alert(3)><script>alert(4)</script></svg>',
      '<a href="javascript:alert(5)">a</a>', '<a href=" jav&#x09;ascript:alert(6)">b</a>', '<a href="data:text/html,x">c</a>',
      '<iframe srcdoc="<script>alert(7)</script>"></iframe>', '<object data="x"></object>', '<style>body{display:none}</style>',
      '<p style="color:red" onclick="alert(8)" class="x">para</p>', '<form action="javascript:alert(9)"><button>go</button></form>',
      '<math><mtext><script>alert(10)</script></mtext></math>', '<div><details open ontoggle=alert(11)>d</details></div>',
      '<a href="https://example.org/ok" target="_blank">ok</a>', '<mark onmouseover="alert(12)">hit</mark>',
    ].join('');
    const holder = document.createElement('div');
    holder.append(sanitizeHTML(nasty));
    const snip = document.createElement('p');
    snip.append(snippetNodes(`a <mark>b</mark> <b onclick="x()">c</b> <script>alert(13)</script><img src=x onerror=alert(14)>`));
    const attrs = [...holder.querySelectorAll('*'), ...snip.querySelectorAll('*')]
      .flatMap((el) => [...el.attributes].map((a) => `${el.localName}[${a.name}=${a.value}]`));
    return {
      tags: [...new Set([...holder.querySelectorAll('*')].map((e) => e.localName))].sort(),
      snipTags: [...snip.querySelectorAll('*')].map((e) => e.localName),
      snipText: snip.textContent,
      attrs,
    };
  });
  assert.deepEqual(out.tags, ['a', 'div', 'mark', 'p']);
  assert.deepEqual(out.snipTags, ['mark']);
  assert.equal(out.snipText, 'a b c ');
  assert.deepEqual(out.attrs.filter((a) => !/^a\[(href=https:\/\/example\.org\/ok|rel=noopener noreferrer nofollow)\]$/.test(a)), []);
  // Chromium reports every on*/style attribute it parses, even in an inert
  // DOMParser document, as a blocked CSP violation: that report is the only
  // console error allowed here (the server's own HTML never has them).
  await clean(t, { allow: [/violates the following Content Security Policy directive/] });
});

test('a study page: the record, the findings, and who cites it for what', async () => {
  const t = await visit('#/study/example-trial-2001');
  const { page } = t;
  assert.equal(await page.locator('h1').textContent(), 'A synthetic trial of hip abductor exercise');
  const record = await page.locator('dl.record').first().textContent();
  assert.match(record, /Alex Tester/);
  assert.match(record, /Journal of Test Fixtures/);
  assert.match(record, /1\(2\):10-20/);
  assert.equal(await page.locator('dl.record a[href="https://pubmed.ncbi.nlm.nih.gov/99000001/"]').count(), 1);
  assert.match(await page.locator('.badge.level').first().textContent(), /L2/);
  assert.equal(await page.locator('.card.finding').count(), 1);
  // The article cites it for a claim it has no finding on; the thread for one it has.
  assert.equal(await page.locator('.cited-by').count(), 2);
  assert.equal(await page.locator('.cited-by .warn.no-bearing').count(), 1);
  assert.equal(await page.locator('.cited-by .ok').count(), 1);
  await clean(t);

  const r = await visit('#/study/retracted-2016');
  assert.match(await r.page.locator('.warn-box').textContent(), /retracted/i);
  await clean(r);
});

test('keyboard: "/" jumps to the search box, focus is visible, facets work with Enter', async () => {
  const t = await visit('#/search?q=rolling');
  const { page } = t;
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
  const facet = page.locator('a.facet-value[data-focus="facet:kind:claim"]');
  await facet.focus();
  const outline = await facet.evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.notEqual(outline.style, 'none');
  assert.ok(outline.width >= 2, 'a visible focus ring');
  await page.keyboard.press('Enter');
  await page.waitForURL(/kind=claim/);
  await settled(page);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.focus), 'facet:kind:claim');
  assert.equal(await page.locator('.card:not(.claim)').count(), 0);
  await clean(t);
});

test('an unknown id shows "not found", not a broken page', async () => {
  const t = await visit('#/claim/no-such-claim');
  assert.equal(await t.page.locator('.error[role=alert] h1').textContent(), 'Not found');
  await clean(t, { allow: [/status of 404/] });
});

test('phone width (390 px): every page type fits without horizontal scrolling', async () => {
  const article = await assertionsOf('example-article');
  const pages = [
    ['home', '#/'],
    ['search', '#/search?q=rolling'],
    ['claim', '#/claim/foam-rolling-resolves'],
    ['topic', '#/topic/foam-rolling'],
    ['topics', '#/topics'],
    ['compare', '#/compare?q=foam%20rolling%20vs%20hip%20strengthening'],
    ['source', `#/source/example-article?a=${article[1].id}`],
    ['thread', '#/source/example-thread'],
    ['study', '#/study/example-trial-2001'],
    ['levels', '#/levels'],
  ];
  for (const [name, hash] of pages) {
    const t = await visit(hash, { width: 390, height: 844 });
    const { scroll, inner } = await t.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    assert.ok(scroll <= inner, `${name}: page is ${scroll}px wide in a ${inner}px viewport`);
    await screenshot(t.page, `phone-${name}`);
    await clean(t);
  }
});

test('certainty in words with its direction, by outcome, and what a cited study says', async () => {
  const t = await visit('#/claim/hip-strength-resolves');
  const { page } = t;
  const cert = page.locator('.certainty');
  assert.match(await cert.locator('.badge.certainty').first().textContent(), /Certainty: \w[\w ]* · evidence (for|against|both ways)/);
  assert.match(await cert.locator('.certainty-statement').first().textContent(),
    /hip abductor strengthening resolves IT band syndrome/);
  assert.ok(await cert.locator('.steps li[data-domain="start"]').count() >= 1, 'the starting point is a step');
  assert.equal(await page.locator('.by-outcome .outcome-group[data-outcome="pain"]').count(), 1, 'evidence grouped by outcome');
  // The thread cites the trial for this claim: the trial's own stance is shown.
  assert.match(await page.locator('.cites .study-stance').first().textContent(), /cites .+ which supports this/);
  await clean(t);
});

test('the facet headings are the labels of the API\'s facet table, in its order', async () => {
  const t = await visit('#/search');
  const { page } = t;
  const api = await (await fetch(`${suite.server.base}/api/search?q=`)).json();
  const labels = new Map(api.facet_fields.map((f) => [f.name, f.label]));
  const shown = await page.locator('.facet h3').evaluateAll((hs) => hs.map((x) => [x.id.replace(/^facet-/, '').replace(/-h$/, ''), x.textContent]));
  assert.ok(shown.length >= 3);
  for (const [name, text] of shown) assert.equal(text.replace(' (this or stronger)', ''), labels.get(name), name);
  const order = api.facet_fields.map((f) => f.name).filter((n) => shown.some(([m]) => m === n));
  assert.deepEqual(shown.map(([n]) => n), order);
  await clean(t);
});

// Last: a crash of the server on page 2 would otherwise take every later test with it.
test('search: pages, and reloading the permalink of one', async () => {
  const t = await visit('#/search');
  const { page } = t;
  const total = Number((await page.locator('.result-count').textContent()).match(/\d+/)[0]);
  assert.ok(total > 10, 'the fixture has more than one page');
  await page.locator('.pager a.next').click();
  await page.waitForURL(/page=2/);
  await settled(page);
  suite.server.check();
  assert.equal(await page.locator('.result-list').getAttribute('start'), '11');
  assert.equal(await page.locator('.result-list > li').count(), Math.min(10, total - 10));
  // Reloading the permalink shows the same view.
  await page.reload();
  await settled(page);
  assert.equal(await page.locator('.result-list').getAttribute('start'), '11');
  await clean(t);
});

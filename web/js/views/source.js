// A source: the whole document, rendered, with every annotated quote marked
// and linked to its claim; forum posts as sections with their anchors and
// handles; the commercial interest first.

import { h, sanitizeHTML } from '../dom.js';
import { getJSON } from '../api.js';
import { href } from '../routes.js';
import { STANCES, SOURCE_TYPES, levelName } from '../labels.js';
import { stanceBadge, levelBadge, interestFlag, hasInterest, authorsText, externalLink, citations, readingNote } from '../components.js';
import { highlightQuote } from '../highlight.js';

async function sourceAssertions(id, signal) {
  // Only used when the source's response does not list its assertions.
  const out = [];
  for (let page = 1; page <= 20; page++) {
    const r = await getJSON('/api/search', { kind: 'assertion', source: id, size: 100, page }, { signal });
    out.push(...(r.results || []));
    if (out.length >= r.total || !(r.results || []).length) break;
  }
  return out;
}

function postSection(sourceId, p) {
  const hid = `post-${p.id}-h`;
  return h('section', { class: 'post', id: `post-${p.id}`, 'data-post': p.id, 'aria-labelledby': hid },
    h('header', { class: 'post-head' },
      h('h2', { id: hid, class: 'post-author', tabindex: '-1', text: p.author || p.handle || p.id }),
      h('a', { class: 'post-anchor', href: href.source(sourceId, { post: p.id }), 'aria-label': `Link to this post (${p.id})`, text: `#${p.id}` })),
    h('div', { class: 'post-body doc' }, sanitizeHTML(p.html)));
}

function activate(root, params) {
  const a = params.get('a');
  const post = params.get('post');
  for (const el of root.querySelectorAll('mark.anno.active')) el.classList.remove('active');
  for (const el of root.querySelectorAll('.anno-list [aria-current]')) el.removeAttribute('aria-current');
  let target = null;
  if (a) {
    const marks = root.querySelectorAll(`mark.anno[data-assertion="${CSS.escape(a)}"]`);
    marks.forEach((m) => m.classList.add('active'));
    target = marks[0] || null;
    root.querySelector(`.anno-list li[data-assertion="${CSS.escape(a)}"]`)?.setAttribute('aria-current', 'true');
  } else if (post) {
    target = root.querySelector(`#post-${CSS.escape(post)} .post-author`);
  }
  return target;
}

function focusTarget(target) {
  if (!target) return;
  target.scrollIntoView({ block: 'center' });
  target.focus({ preventScroll: true });
}

// Called by the router when only ?a= or ?post= changed: no reload. Going
// Back to a place seen before, the router restores the scroll instead.
export function updateSource(main, params, { focusTarget: move = true } = {}) {
  const page = main.querySelector('.source-page');
  if (!page) return false;
  const target = activate(page, params);
  if (move) focusTarget(target);
  return true;
}

// In-page jumps between the text and the list of statements (the hash holds the view).
function jump(text, selector, cls) {
  return h('a', {
    class: ['jump', cls], href: '#', text,
    onclick: (e) => {
      e.preventDefault();
      const target = e.currentTarget.closest('.source-page')?.querySelector(selector);
      if (!target) return;
      target.setAttribute('tabindex', '-1');
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    },
  });
}

function annotate(docEl, s, assertions) {
  const containers = new Map();
  for (const sec of docEl.querySelectorAll('section.post')) containers.set(sec.dataset.post, sec.querySelector('.post-body'));
  const preamble = docEl.querySelector('.preamble');
  const placed = [];
  const missing = [];
  for (const a of assertions) {
    if (!a.quote) continue;
    const root = a.post ? containers.get(a.post) : preamble;
    const stance = STANCES[a.stance]?.label || a.stance;
    const claim = a.claim?.statement || a.title || a.claim?.id || '';
    const marks = root && highlightQuote(root, a, () => {
      const m = document.createElement('mark');
      m.className = `anno stance-${a.stance}`;
      m.dataset.assertion = a.id;
      m.title = `${stance}: ${claim} (level ${a.level}, ${levelName(a.level)})`;
      return m;
    });
    if (marks?.length) {
      marks[0].id = `q-${a.id}`;
      marks[0].tabIndex = -1;
      placed.push({ a, marks });
    } else {
      missing.push(a);
    }
  }
  placed.sort((x, y) => (x.marks[0].compareDocumentPosition(y.marks[0]) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  placed.forEach((p, i) => {
    p.n = i + 1;
    const last = p.marks[p.marks.length - 1];
    const stance = STANCES[p.a.stance];
    const statement = p.a.claim?.statement || p.a.claim?.id || '';
    // A pill per statement, at least 24 px square, its claim previewed on
    // hover and focus; it opens the claim.
    const preview = `${p.n}. ${stance?.label || p.a.stance}: ${statement} (level ${p.a.level}, ${levelName(p.a.level)})`;
    const ref = h('sup', { class: `anno-ref stance-${p.a.stance}`, 'data-no-text': '' },
      h('a', { class: 'tip', href: href.claim(p.a.claim?.id || ''), 'data-tip': preview,
        'aria-label': `Statement ${p.n}: ${stance?.label || p.a.stance} the claim “${statement}”` },
      h('span', { class: 'symbol', 'aria-hidden': 'true', text: stance?.symbol || '' }),
      h('span', { class: 'num', 'aria-hidden': 'true', text: String(p.n) })));
    last.after(ref);
  });
  return { placed, missing };
}

function annotationList(s, placed, missing) {
  const item = (a, n) => h('li', { 'data-assertion': a.id },
    h('div', { class: 'card-meta' }, n ? h('span', { class: 'anno-num', text: String(n) }) : null, stanceBadge(a.stance), levelBadge(a.level, a.level_label)),
    h('p', { class: 'anno-claim' }, h('a', { href: href.claim(a.claim?.id || ''), text: a.claim?.statement || a.title || a.claim?.id || '' })),
    h('p', { class: 'anno-quote', text: `“${a.quote}”` }),
    readingNote(a.note),
    a.post ? h('p', { class: 'muted small', text: `in ${a.post_author || a.post}` }) : null,
    citations(a.cites, a.stance),
    n ? h('p', { class: 'small' }, h('a', { href: href.source(s.id, { a: a.id }), 'data-focus': `show:${a.id}`, text: 'Show in the text' }))
      : h('p', { class: 'warn small', text: 'This quote could not be found in the rendered text.' }));
  return h('aside', { class: 'annotations', 'aria-labelledby': 'annos-h' },
    h('h2', { id: 'annos-h', text: `Annotated statements (${placed.length + missing.length})` }),
    h('p', { class: 'small' }, jump('↑ Back to the text', '.document', 'to-text')),
    placed.length + missing.length ? h('ol', { class: 'anno-list' },
      placed.map((p) => item(p.a, p.n)), missing.map((a) => item(a, 0)))
      : h('p', { class: 'muted', text: 'No statements of this source are annotated.' }));
}

export async function renderSource(main, params, ctx) {
  const s = await getJSON(`/api/sources/${encodeURIComponent(ctx.id)}`, null, { signal: ctx.signal });
  if (s.type === 'study' && !s.page?.html && !(s.page?.posts || []).length) {
    ctx.navigate(href.study(s.id || ctx.id), { replace: true });
    return {};
  }
  const assertions = (Array.isArray(s.assertions) ? s.assertions : await sourceAssertions(s.id || ctx.id, ctx.signal))
    .map((a) => (typeof a.claim === 'string' ? { ...a, claim: { id: a.claim } } : a));
  const page = s.page || {};
  ctx.setTitle(s.title || ctx.id);
  const byline = [authorsText(s.authors), s.site, s.published || s.year].filter(Boolean).join(' · ');
  const docEl = h('div', { class: 'document', 'aria-label': 'The document' },
    h('div', { class: 'preamble doc' }, sanitizeHTML(page.html || s.html || '')),
    (page.posts || s.posts || []).map((p) => postSection(s.id || ctx.id, p)));
  const { placed, missing } = annotate(docEl, s, assertions);
  const interested = hasInterest(s.commercial_interest);
  const root = h('article', { class: 'source-page', 'data-source': s.id || ctx.id },
    h('header', { class: 'source-head' },
      h('p', { class: 'eyebrow', text: SOURCE_TYPES[s.type] || s.type || 'Source' }),
      h('h1', { tabindex: '-1', text: s.title || ctx.id }),
      byline ? h('p', { class: 'byline', text: byline }) : null,
      s.credentials ? h('p', { class: 'muted', text: `Credentials as stated: ${s.credentials}` }) : null,
      h('div', { class: ['interest-box', interested ? 'has-interest' : ''], role: 'note' }, interestFlag(s.commercial_interest, { long: true })),
      s.url ? h('p', {}, 'Original: ', externalLink(s.url)) : h('p', { class: 'muted small', text: 'No address of the original is recorded.' }),
      placed.length ? h('p', { class: 'legend-marks small' }, 'Marked in the text: ',
        h('mark', { class: 'anno stance-supports', text: 'supports' }), ' ',
        h('mark', { class: 'anno stance-opposes', text: 'opposes' }), ' ',
        h('mark', { class: 'anno stance-mixed', text: 'mixed' }), ' — the numbered mark after each shows its claim and links to it.') : null,
      placed.length + missing.length ? h('p', {}, jump(`Jump to the ${placed.length + missing.length} annotated statements ↓`, '#annos-h', 'to-list')) : null),
    h('div', { class: 'source-layout' }, docEl, annotationList(s, placed, missing)));
  main.append(root);
  return {
    after: () => {
      const target = activate(root, params);
      if (target) focusTarget(target);
    },
    keepScroll: Boolean(params.get('a') || params.get('post')),
  };
}

// Pieces shared by the views: badges, result cards, the source line.

import { h, snippetNodes, safeUrl } from './dom.js';
import { getJSON, cached } from './api.js';
import { LEVELS, levelName, STANCES, DIRECTNESS, DIRECTNESS_TIP, SOURCE_TYPES, CLAIM_TYPES, CERTAINTY, DIRECTION, STUDY_STANCE, humanise } from './labels.js';
import { href, sourceHref } from './routes.js';

// Topic labels seen in any response (search facets, /api/topics), for chips.
const topicLabels = new Map();
export function learnTopics(list) {
  for (const t of list || []) {
    const id = t.id ?? t.value;
    if (id && t.label && t.label !== id) topicLabels.set(id, t.label);
  }
}
export function topicLabel(id) {
  return topicLabels.get(id) || humanise(id);
}

// The topics (/api/topics), loaded once a session; their labels are learnt
// before any view is drawn, so a permalink shows the same names as a visit
// from the home page.
export function loadTopics(signal) {
  return cached('topics', async () => {
    const j = await getJSON('/api/topics', null, { signal });
    const list = (Array.isArray(j) ? j : j?.topics || j?.results || [])
      .map((t) => (typeof t === 'string' ? { id: t } : t)).filter((t) => t?.id);
    learnTopics(list);
    return list;
  });
}

export function stanceBadge(stance) {
  const s = STANCES[stance];
  return h('span', { class: `badge stance stance-${s ? stance : 'unknown'}` },
    h('span', { class: 'symbol', 'aria-hidden': 'true', text: s?.symbol ?? '?' }), ` ${s?.label ?? stance ?? 'unknown'}`);
}

// A link to the explanation of the levels, with the level explained on hover and focus.
export function levelBadge(level, label) {
  const n = Number(level);
  const info = LEVELS[n];
  if (!info) return h('span', { class: 'badge level level-none', text: 'No level' });
  const name = label || info.name;
  return h('a', { class: `badge level lv${n} tip`, href: `${href.levels()}?level=${n}`, 'data-tip': info.tip },
    h('span', { class: 'level-num', text: `L${n}` }), ` ${name}`, h('span', { class: 'sr-only', text: `. ${info.tip}` }));
}

export function directnessBadge(d) {
  if (!d || d === 'direct') return null;
  return h('span', { class: 'badge directness tip', tabindex: '0', 'data-tip': DIRECTNESS_TIP[d] || '' },
    DIRECTNESS[d] || d, h('span', { class: 'sr-only', text: `. ${DIRECTNESS_TIP[d] || ''}` }));
}

// The rating with the direction of the evidence beside it, so that
// "Moderate" on evidence against never reads as "moderately supported".
// Takes the certainty object ({rating, direction}) or a rating.
export function certaintyBadge(cert, dir) {
  const rating = typeof cert === 'object' && cert ? cert.rating : cert;
  const direction = typeof cert === 'object' && cert ? cert.direction : dir;
  if (!rating) return null;
  const key = String(rating).toLowerCase();
  const way = DIRECTION[direction];
  return h('span', { class: ['badge', 'certainty', `certainty-${key.replace(/\s+/g, '-')}`, way ? `direction-${direction}` : ''] },
    'Certainty: ', h('strong', { text: CERTAINTY[key] || rating }), way ? ` · ${way}` : null);
}

// GRADE's informative statement ("It is probably not true that …") and the
// scope of the collection where it matters.
export function certaintyStatement(cert) {
  if (!cert?.statement) return null;
  return h('p', { class: 'certainty-statement' }, cert.statement,
    cert.scope ? h('span', { class: 'muted', text: ` ${cert.scope}` }) : null);
}

export function claimTypeBadge(type) {
  if (!type) return null;
  return h('span', { class: 'badge claim-type', text: CLAIM_TYPES[type] || type });
}

export function topicChips(topics) {
  const list = (topics || []).map((t) => (typeof t === 'string' ? { id: t } : t)).filter((t) => t.id);
  if (!list.length) return null;
  return h('ul', { class: 'chips', 'aria-label': 'Topics' },
    list.map((t) => h('li', {}, h('a', { class: 'chip', href: href.topic(t.id), text: t.label || topicLabel(t.id) }))));
}

// What a source sells that bears on the topic, stated plainly.
export function hasInterest(ci) {
  const s = String(ci ?? '').trim();
  return s !== '' && !/^(none|no|n\/a)\.?$/i.test(s);
}

export function interestFlag(ci, { long = false } = {}) {
  const s = String(ci ?? '').trim();
  if (!s) return h('span', { class: 'interest interest-unknown', text: 'Commercial interest: not stated' });
  if (!hasInterest(s)) return h('span', { class: 'interest interest-none', text: 'No commercial interest' });
  return h('span', { class: ['interest', 'interest-yes', long ? 'long' : ''] },
    h('span', { class: 'flag', 'aria-hidden': 'true', text: '$' }),
    h('span', { class: 'interest-label', text: 'Commercial interest: ' }), s);
}

export function authorsText(authors) {
  const list = (authors || []).map((a) => (typeof a === 'string' ? a
    : a.literal || [a.given, a.family].filter(Boolean).join(' '))).filter(Boolean);
  if (list.length > 4) return `${list.slice(0, 3).join(', ')} et al.`;
  return list.join(', ');
}

export function sourceLine(src, { assertion, post, postAuthor } = {}) {
  if (!src) return null;
  const bits = [SOURCE_TYPES[src.type] || src.type, src.site, authorsText(src.authors), src.year || src.published]
    .filter(Boolean);
  return h('p', { class: 'source-line' },
    h('a', { class: 'source-title', href: sourceHref(src, { a: assertion }), text: src.title || src.id }),
    bits.length ? h('span', { class: 'muted', text: ` — ${bits.join(' · ')}` }) : null,
    post ? h('span', { class: 'muted', text: ` · ${postAuthor || post}` }) : null);
}

export function citations(cites, stance) {
  const list = cites || [];
  if (!list.length) return null;
  return h('div', { class: 'cites' },
    h('span', { class: 'cites-label', text: list.length > 1 ? 'Cites:' : 'Cites:' }),
    h('ul', {}, list.map((c) => {
      if (c.unresolved) {
        return h('li', { class: 'cite unresolved' }, h('span', { class: 'muted', text: 'not in the corpus: ' }), `“${c.unresolved}”`);
      }
      const warn = [];
      const guessed = c.link === 'guessed';
      if (c.retracted) warn.push(h('span', { class: 'warn retracted', role: 'note' }, h('span', { 'aria-hidden': 'true', text: '⚠ ' }), 'Retracted'));
      // A guessed link is uncertain, not a misuse: no warning for it.
      if (c.bears_on_claim === false && !guessed) {
        warn.push(h('span', { class: 'warn no-bearing', role: 'note' }, h('span', { 'aria-hidden': 'true', text: '⚠ ' }),
          'This study does not address this claim'));
      }
      // What the cited study itself says on the claim, against what the citing statement says.
      const says = STUDY_STANCE[c.study_stance];
      const contrary = (stance === 'supports' && c.study_stance === 'opposes') || (stance === 'opposes' && c.study_stance === 'supports');
      if (says && c.study_stance !== 'does not address') {
        warn.push(h('span', { class: ['study-stance', contrary && !guessed ? 'warn contrary' : 'muted'], role: contrary ? 'note' : null },
          contrary && !guessed ? h('span', { 'aria-hidden': 'true', text: '⚠ ' }) : null,
          `cites ${c.short || c.title || c.study} — which ${says} this`));
      }
      if (guessed) warn.push(h('span', { class: 'muted guessed', text: 'link guessed (an unnumbered reference matched by order): uncertain' }));
      return h('li', { class: ['cite', warn.length ? 'has-warning' : ''] },
        h('a', { href: href.study(c.study), text: c.title || c.study }),
        c.level ? [' ', levelBadge(c.level)] : null,
        c.bears_on_claim === true ? h('span', { class: 'ok', text: ' ✓ addresses this claim' }) : null,
        warn.length ? warn.flatMap((w) => [' ', w]) : null);
    })));
}

// The quoted words: the server's highlighted snippet when there is one.
function quoteBlock(a) {
  const said = a.quote || a.finding || '';
  // Typographic quote marks around the quote, unless it starts with its own.
  const own = /^["“'‘]/.test(said);
  const bq = h('blockquote', { class: ['quote', a.quote ? '' : 'finding', own ? 'own-marks' : ''] });
  if (a.snippet && /<mark>/.test(a.snippet)) bq.append(snippetNodes(a.snippet));
  else bq.append(said || snippetNodes(a.snippet || ''));
  return bq;
}

// An annotation's note written for readers (corpus/README.md, "Notes"): why
// the statement was read so. Notes for annotators never reach the page.
export function readingNote(note) {
  const s = String(note ?? '').trim();
  if (!s) return null;
  return h('p', { class: 'reading-note' }, h('span', { class: 'reading-note-label', text: 'Our reading: ' }), s);
}

export function assertionCard(a, { showClaim = true, headingLevel = 3 } = {}) {
  const src = a.source || {};
  const isFinding = src.type === 'study' && !a.quote;
  const claim = a.claim || {};
  return h('article', { class: `card assertion stance-${a.stance}`, 'data-kind': 'assertion', 'data-id': a.id },
    h('div', { class: 'card-meta' },
      stanceBadge(a.stance), levelBadge(a.level, a.level_label), directnessBadge(a.directness),
      isFinding && src.retracted ? h('span', { class: 'warn retracted', text: '⚠ Retracted study' }) : null,
      a.retracted_citation ? h('span', { class: 'warn retracted', text: '⚠ Leans on a retracted study' }) : null),
    showClaim ? h(`h${headingLevel}`, { class: 'card-title' },
      h('span', { class: 'sr-only', text: `${STANCES[a.stance]?.label || ''} claim: ` }),
      h('a', { href: href.claim(claim.id || ''), text: claim.statement || a.title || claim.id || '' })) : null,
    isFinding ? h('p', { class: 'finding-label muted', text: 'Finding of the study, in our words:' }) : null,
    quoteBlock(a),
    readingNote(a.note),
    sourceLine(src, { assertion: a.id, post: a.post, postAuthor: a.post_author }),
    isFinding ? null : h('p', { class: 'interest-line' }, interestFlag(src.commercial_interest)),
    citations(a.cites, a.stance));
}

export function claimCard(c, { headingLevel = 3 } = {}) {
  return h('article', { class: 'card claim', 'data-kind': 'claim', 'data-id': c.id },
    h('div', { class: 'card-meta' }, h('span', { class: 'badge kind', text: 'Claim' }), claimTypeBadge(c.type),
      certaintyBadge(c.certainty)),
    h(`h${headingLevel}`, { class: 'card-title' },
      h('a', { href: href.claim(c.id), text: c.statement || c.title || c.id })),
    certaintyStatement(c.certainty),
    c.counts ? h('p', { class: 'muted small claim-counts',
      text: `${c.counts.supports ?? 0} for · ${c.counts.opposes ?? 0} against · ${c.counts.mixed ?? 0} mixed` }) : null,
    c.snippet && /<mark>/.test(c.snippet) ? h('p', { class: 'snippet muted' }, snippetNodes(c.snippet)) : null,
    topicChips(c.topics),
    c.competes?.length ? h('p', { class: 'small' }, h('a', { href: href.claim(c.id, { at: 'competing' }),
      text: `Competes with ${c.competes.length} other claim${c.competes.length > 1 ? 's' : ''}` })) : null);
}

export function sourceCard(s, { headingLevel = 3 } = {}) {
  const isStudy = s.type === 'study';
  const bits = [s.site, authorsText(s.authors), s.year || s.published].filter(Boolean);
  return h('article', { class: 'card source', 'data-kind': 'source', 'data-id': s.id },
    h('div', { class: 'card-meta' }, h('span', { class: 'badge kind', text: SOURCE_TYPES[s.type] || s.type || 'Source' }),
      isStudy && s.level ? levelBadge(s.level, s.level_label) : null,
      s.retracted ? h('span', { class: 'warn retracted', text: '⚠ Retracted' }) : null),
    h(`h${headingLevel}`, { class: 'card-title' }, h('a', { href: sourceHref(s), text: s.title || s.id })),
    bits.length ? h('p', { class: 'muted', text: bits.join(' · ') }) : null,
    s.snippet ? h('p', { class: 'snippet' }, snippetNodes(s.snippet)) : null,
    isStudy ? null : h('p', { class: 'interest-line' }, interestFlag(s.commercial_interest)),
    s.assertion_count ? h('p', { class: 'muted small', text: `${s.assertion_count} ${isStudy ? 'finding' : 'annotated statement'}${s.assertion_count > 1 ? 's' : ''}` }) : null);
}

export function resultCard(r, opts) {
  if (r.kind === 'assertion') return assertionCard(r, opts);
  if (r.kind === 'claim') return claimCard(r, opts);
  return sourceCard(r, opts);
}

export function externalLink(url, text) {
  const u = safeUrl(url);
  if (!u) return null;
  return h('a', { href: u, rel: 'noopener noreferrer nofollow', class: 'external', text: text || u });
}

export function errorBox(err) {
  const notFound = err?.status === 404;
  return h('div', { class: 'error', role: 'alert' },
    h('h1', { tabindex: '-1', text: notFound ? 'Not found' : err?.status === 400 ? 'This cannot be shown' : 'Something went wrong' }),
    h('p', { text: err?.message || String(err) }),
    h('p', {}, h('a', { href: href.home(), text: 'Back to search' })));
}

// A download link to an export. An export with nothing in it is answered
// with a 404 JSON error, not a file: the link first asks (HEAD) and, when
// there is nothing, says why beside itself instead of saving an error page.
export function exportLink(url, label) {
  const note = h('span', { class: 'export-note', role: 'status' });
  let checked = false;
  const link = h('a', {
    href: url, download: '', class: 'button', text: label,
    onclick: async (e) => {
      if (checked) return;  // asked already: the browser downloads it
      e.preventDefault();
      note.textContent = '';
      try {
        const head = await fetch(url, { method: 'HEAD' });
        if (head.ok) {
          checked = true;
          link.click();
          checked = false;
          return;
        }
        const res = await fetch(url);
        const body = await res.json().catch(() => null);
        note.textContent = body?.error?.message || `This export failed (HTTP ${res.status}).`;
      } catch {
        note.textContent = 'The server could not be reached.';
      }
    },
  });
  return [link, note];
}

export function loading(what) {
  return h('p', { class: 'loading', role: 'status', text: `Loading ${what}…` });
}

export { levelName, humanise };

// The comparison: two sides in columns, each with its claims, their bars, the
// strongest statement for and against, and a verdict line built from the
// evidence levels (from /api/compare when it gives one). Never a score.

import { h } from '../dom.js';
import { getJSON } from '../api.js';
import { levelName, STANCES, humanise } from '../labels.js';
import { assertionCard, learnTopics, topicLabel } from '../components.js';
import { chartLegend, strongestLevel, total } from '../chart.js';
import { normaliseClaim } from './claim.js';
import { claimSummary, compareChooser, loadTopics } from './topic.js';

// A side's name: its topics' labels, or the claim's statement when the side
// is one claim (never its raw id), or the words asked.
export function sideLabel(side, i) {
  if (side.label) return side.label;
  const topics = (side.topics || []).map((t) => (typeof t === 'string' ? { id: t } : t));
  if (topics.length) return topics.map((t) => t.label || topicLabel(t.id)).join(' + ');
  const claims = side.claims || [];
  if (claims.length === 1 && (side.resolved === 'claims' || claims[0].id === side.query)) {
    return (claims[0].statement || humanise(claims[0].id)).replace(/[.!?]$/, '');
  }
  return side.query || `Side ${i + 1}`;
}

// A label cut at a word for the tab title.
function short(label, max = 60) {
  if (label.length <= max) return label;
  const cut = label.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : max)}…`;
}

// Every side's verdict, before the detail: on a phone the verdicts are read
// together, not 7,000 px apart.
function verdicts(sides, labels) {
  return h('section', { class: 'verdicts', 'aria-labelledby': 'verdicts-h' },
    h('h2', { id: 'verdicts-h', class: 'sr-only', text: 'Verdicts' }),
    h('ul', { class: 'verdict-list', style: null }, sides.map((s, i) => {
      const claims = (s.claims || []).map((c) => normaliseClaim(c));
      return h('li', { class: 'side-verdict', 'data-side': String(i) },
        h('a', { class: 'verdict-side', href: `#side-${i}-h`, 'data-side-link': String(i), text: labels[i] }),
        verdictLines(s, claims),
        h('p', { class: 'muted small', text: `${claims.length} claim${claims.length === 1 ? '' : 's'}` }));
    })));
}

// The strongest evidence for and against any of the side's claims, and on
// which claim: the server's `strongest` (what certainty counted, so not a
// retracted study) when it gives it, else the counts.
function sideVerdict(claims) {
  const best = (stance) => {
    let top = null;
    for (const c of claims) {
      const s = c.strongest ? c.strongest[stance] : undefined;
      const level = s !== undefined ? s?.level ?? null : strongestLevel(c.counts[stance]);
      if (level && (!top || level < top.level)) top = { level, name: s?.name || levelName(level), claim: c };
    }
    return top;
  };
  const f = best('supports');
  const a = best('opposes');
  if (!f && !a) return 'no statements annotated on this side yet.';
  const on = (c) => (c.statement || humanise(c.id)).replace(/[.!?]$/, '');
  const part = (x) => (x ? `${x.name} (level ${x.level}), on “${on(x.claim)}”` : 'none');
  return `strongest for: ${part(f)}; strongest against: ${part(a)}.`;
}

// Treatment (efficacy) kept apart from prevention and cause: evidence that a
// programme prevents ITBS says nothing about whether it treats it.
const VERDICT_GROUPS = [
  ['efficacy', 'Treatment'], ['prevention', 'Prevention'], ['cause', 'Cause'],
];

// A side's verdict lines, one per kind of claim (shown in the verdicts first).
function verdictLines(side, claims) {
  if (typeof side.verdict === 'string' && side.verdict) {
    return h('p', { class: 'verdict-line' }, h('strong', { text: 'Verdict: ' }), side.verdict);
  }
  const grouped = VERDICT_GROUPS.map(([type, label]) => [label, claims.filter((c) => c.type === type), type]);
  const known = new Set(VERDICT_GROUPS.map(([t]) => t));
  grouped.push(['Other claims', claims.filter((c) => !known.has(c.type)), 'other']);
  const lines = grouped.filter(([, list]) => list.length);
  if (!lines.length) return h('p', { class: 'verdict-line' }, h('strong', { text: 'Verdict: ' }), sideVerdict(claims));
  return h('div', { class: 'verdict-lines' }, lines.map(([label, list, type]) => h('p', { class: 'verdict-line', 'data-type': type },
    h('strong', { text: `${label}: ` }), sideVerdict(list))));
}

function strongest(c, stance) {
  return c.assertions.filter((a) => a.stance === stance).sort((x, y) => (x.level || 9) - (y.level || 9))[0];
}

function sideColumn(side, i, max, label) {
  const claims = (side.claims || []).map((c) => normaliseClaim(c));
  const hid = `side-${i}-h`;
  return h('section', { class: 'side', 'aria-labelledby': hid, 'data-side': String(i) },
    h('h2', { id: hid, tabindex: '-1', text: label }),
    claims.length ? h('ul', { class: 'cards' }, claims.map((c) => {
      const top = ['supports', 'opposes'].map((s) => strongest(c, s)).filter(Boolean);
      return h('li', {}, claimSummary(c, { max, headingLevel: 3 }),
        top.length ? h('details', { class: 'strongest' },
          h('summary', { text: `Strongest evidence (${top.map((a) => `${STANCES[a.stance].word}: level ${a.level}`).join(', ')})` }),
          top.map((a) => assertionCard(a, { showClaim: false }))) : null);
    })) : h('p', { class: 'muted', text: 'No claims found for this side.' }));
}

export async function renderCompare(main, params, ctx) {
  const q = params.get('q') || '';
  const topics = params.get('topics') || '';
  const claims = params.get('claims') || '';
  const chooserTopics = await loadTopics(ctx.signal).catch(() => []);
  const ids = topics.split(',').filter(Boolean);
  if (!q && !topics && !claims) {
    ctx.setTitle('Compare');
    main.append(h('div', { class: 'compare-page' },
      h('h1', { tabindex: '-1', text: 'Compare' }),
      h('p', { class: 'lead', text: 'Put two topics side by side: their claims, the balance of evidence for and against each, and the strongest evidence on each side. You can also type “A vs B” in the search box.' }),
      chooserTopics.length > 1 ? compareChooser(chooserTopics) : null));
    return {};
  }
  const data = await getJSON('/api/compare', { q, topics, claims }, { signal: ctx.signal });
  const sides = data.sides || [];
  for (const s of sides) learnTopics((s.topics || []).filter((t) => typeof t === 'object'));
  const all = sides.flatMap((s) => (s.claims || []).map((c) => normaliseClaim(c)));
  const max = Math.max(1, ...all.map((c) => Math.max(total(c.counts.supports), total(c.counts.opposes), total(c.counts.mixed))));
  const labels = sides.map(sideLabel);
  const title = labels.join(' vs ') || q;
  ctx.setTitle(labels.map((l) => short(l)).join(' vs ') || q);
  ctx.announce(`Comparison: ${title}`);
  const page = h('div', { class: 'compare-page', 'data-sides': String(sides.length) },
    h('h1', { tabindex: '-1', text: title }),
    verdicts(sides, labels),
    h('p', { class: 'lead', text: 'Each bar: statements against to the left of the line, for to the right, stacked by evidence level with the strongest nearest the line. Bars share one scale.' }),
    chartLegend(),
    h('div', { class: 'compare-grid' }, sides.map((s, i) => sideColumn(s, i, max, labels[i]))),
    chooserTopics.length > 1 ? compareChooser(chooserTopics, { a: ids[0], b: ids[1] }) : null);
  // The side names in the verdicts jump to the side's detail (the hash holds the view).
  page.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[data-side-link]') : null;
    if (!a) return;
    e.preventDefault();
    const target = page.querySelector(`#side-${a.dataset.sideLink}-h`);
    target?.scrollIntoView({ block: 'start' });
    target?.focus({ preventScroll: true });
  });
  main.append(page);
  return {};
}

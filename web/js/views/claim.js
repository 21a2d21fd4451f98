// A claim: its statement, certainty with every step explained, the balance of
// statements for and against by level, the statements themselves, the claims
// it competes with, and exports.

import { h } from '../dom.js';
import { getJSON, exportUrl } from '../api.js';
import { href } from '../routes.js';
import { LEVELS, STANCES, levelName, humanise } from '../labels.js';
import { assertionCard, exportLink, certaintyBadge, certaintyStatement, claimTypeBadge, topicChips, learnTopics, stanceBadge, authorsText } from '../components.js';
import { historySection, lastChanged } from './history.js';
import { divergingChart, chartLegend, countAssertions, normaliseCounts, verdictLine, total } from '../chart.js';

const STANCE_ORDER = ['supports', 'opposes', 'mixed'];

// Accepts the assertions as one list, grouped by stance ({supports: [...]}),
// or as [{stance, assertions}] groups.
export function flattenAssertions(a) {
  if (!a) return [];
  if (Array.isArray(a)) {
    if (a.length && Array.isArray(a[0]?.assertions)) return a.flatMap((g) => g.assertions.map((x) => ({ stance: g.stance, ...x })));
    return a;
  }
  if (typeof a === 'object') {
    return Object.entries(a).flatMap(([stance, list]) => {
      if (Array.isArray(list)) return list.map((x) => ({ stance, ...x }));
      if (list && typeof list === 'object') return Object.values(list).flat().map((x) => ({ stance, ...x }));
      return [];
    });
  }
  return [];
}

export function normaliseClaim(j) {
  const c = j?.claim && typeof j.claim === 'object' && j.claim.statement ? { ...j, ...j.claim } : { ...j };
  c.assertions = flattenAssertions(c.assertions);
  c.counts = normaliseCounts(c.counts && Object.keys(c.counts).length ? c.counts : countAssertions(c.assertions));
  // `competitors` carries the competing claims themselves; `competes` only their ids.
  const comp = (c.competitors?.length ? c.competitors : null) ?? c.competes ?? c.competing ?? [];
  c.competes = comp.map((x) => (typeof x === 'string' ? { id: x } : x)).filter((x) => x?.id);
  return c;
}

function stepText(step) {
  if (typeof step === 'string') return step;
  if (!step || typeof step !== 'object') return String(step ?? '');
  const main = step.text ?? step.step ?? step.reason ?? step.message ?? step.explanation ?? step.label ?? '';
  const extra = [step.effect, step.change, step.rating ? `→ ${step.rating}` : null].filter(Boolean).join(' ');
  return [main, extra].filter(Boolean).join(' ') || JSON.stringify(step);
}

// Who said it, for the lists of what was counted: the source's title, its
// authors or the post's handle, and the year, from the statements on the page.
function sourceNamer(assertions) {
  const byAssertion = new Map();
  const bySource = new Map();
  for (const a of assertions || []) {
    if (a.id) byAssertion.set(a.id, a);
    if (a.source?.id) bySource.set(a.source.id, a.source);
  }
  return (sourceId, assertionId) => {
    const a = byAssertion.get(assertionId);
    const src = a?.source || bySource.get(sourceId);
    if (!src) return { text: humanise(sourceId), src: { id: sourceId } };
    const who = a?.post_author || authorsText(src.authors) || src.site;
    const bits = [who, src.year || src.published].filter(Boolean).join(', ');
    return { text: `${src.title || humanise(src.id)}${bits ? ` (${bits})` : ''}`, src };
  };
}

// One line of "what was counted / not counted": which statement, and why.
function judgedItem(j, name) {
  if (typeof j !== 'object' || !j) return h('li', { text: String(j) });
  const aid = j.assertion ?? j.id;
  const named = j.source && name ? name(j.source, aid) : null;
  const who = j.source ? h('a', {
    href: named?.src?.type === 'study' ? href.study(j.source) : href.source(j.source, { a: typeof aid === 'string' ? aid : undefined }),
    text: named ? named.text : j.source,
  }) : null;
  return h('li', {},
    j.stance ? stanceBadge(j.stance) : null, ' ',
    j.level ? h('span', { class: 'muted', text: `level ${j.level} (${levelName(j.level)})` }) : null,
    who ? [' from ', who] : null,
    j.reason ? `: ${j.reason}` : '');
}

// Certainty per outcome (pain, function, injury incidence, …), as the rows of
// a summary-of-findings table.
function outcomesList(outcomes) {
  if (!Array.isArray(outcomes) || !outcomes.length) return null;
  return h('section', { class: 'outcomes', 'aria-label': 'Certainty by outcome' },
    h('h3', { text: 'By outcome' }),
    h('ul', { class: 'plain outcome-list' }, outcomes.map((o) => h('li', { 'data-outcome': o.outcome },
      h('strong', { text: o.outcome_label || humanise(o.outcome) }), ' ', certaintyBadge(o), ' ',
      h('span', { text: o.statement || '' })))));
}

// The statements grouped by what they measured, where they say (findings do).
export function outcomeGroups(assertions) {
  const by = new Map();
  for (const a of assertions) if (a.outcome) (by.get(a.outcome) ?? by.set(a.outcome, []).get(a.outcome)).push(a);
  if (!by.size) return null;
  return h('section', { class: 'by-outcome', 'aria-labelledby': 'by-outcome-h' },
    h('h2', { id: 'by-outcome-h', text: 'Evidence by outcome' }),
    [...by.entries()].map(([outcome, list]) => h('section', { class: 'outcome-group', 'data-outcome': outcome },
      h('h3', { text: `${list[0].outcome_label || humanise(outcome)} (${list.length})` }),
      h('ul', { class: 'cards' }, list.map((a) => h('li', {}, assertionCard(a, { showClaim: false })))))));
}

export function certaintySection(cert, { headingLevel = 2, assertions = [] } = {}) {
  const name = sourceNamer(assertions);
  const hx = `h${headingLevel}`;
  if (!cert) {
    return h('section', { class: 'certainty', 'aria-labelledby': 'certainty-h' },
      h(hx, { id: 'certainty-h', text: 'How certain is it?' }),
      h('p', { class: 'muted', text: 'No certainty was given for this claim.' }));
  }
  const expl = cert.explanation ?? cert.steps;
  const steps = Array.isArray(expl) ? expl : expl ? [expl] : [];
  const lists = [['counted', 'What was counted'], ['not_counted', 'What was not counted, and why']]
    .map(([k, title]) => [title, cert[k]]).filter(([, v]) => Array.isArray(v) && v.length);
  const gap = cert.gap ?? cert.evidence_gap;
  return h('section', { class: 'certainty', 'aria-labelledby': 'certainty-h' },
    h(hx, { id: 'certainty-h', text: 'How certain is it?' }),
    h('p', {}, certaintyBadge(cert.rating ? cert : 'unrated')),
    certaintyStatement(cert),
    gap ? h('p', { class: 'evidence-gap', role: 'note' }, h('strong', { text: 'Evidence gap: ' }),
      typeof gap === 'string' ? gap : 'no study of level 1–3 exists for this claim.') : null,
    Array.isArray(cert.steps) && cert.steps.length
      ? h('ol', { class: 'steps' }, cert.steps.map((s) => h('li', { class: s.change < 0 ? 'step-down' : null, 'data-domain': s.domain },
        h('span', { class: 'step-domain', text: `${humanise(s.domain)}: ` }), s.text)))
      : steps.length ? h('ol', { class: 'steps' }, steps.map((s) => h('li', { text: stepText(s) }))) : null,
    outcomesList(cert.outcomes),
    lists.map(([title, v]) => h('details', { class: 'cert-list' }, h('summary', { text: `${title} (${v.length})` }),
      h('ul', {}, v.map((item) => judgedItem(item, name))))));
}

function countsTable(counts) {
  const levels = Object.keys(LEVELS).filter((k) => STANCE_ORDER.some((s) => counts[s][k]));
  if (!levels.length) return null;
  return h('table', { class: 'counts' },
    h('caption', { class: 'sr-only', text: 'Statements by evidence level and stance' }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Level' }),
      STANCE_ORDER.map((s) => h('th', { scope: 'col', text: STANCES[s].label })))),
    h('tbody', {}, levels.map((k) => h('tr', {},
      h('th', { scope: 'row', text: `${k} · ${levelName(Number(k))}` }),
      STANCE_ORDER.map((s) => h('td', { text: String(counts[s][k] || 0) }))))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', text: 'Total' }),
      STANCE_ORDER.map((s) => h('td', { text: String(total(counts[s])) })))));
}

export function assertionGroups(assertions, { headingLevel = 3, idPrefix = 'g' } = {}) {
  return STANCE_ORDER.map((stance) => {
    const list = assertions.filter((a) => a.stance === stance);
    if (!list.length) return null;
    const byLevel = new Map();
    for (const a of [...list].sort((x, y) => (x.level || 9) - (y.level || 9))) {
      if (!byLevel.has(a.level)) byLevel.set(a.level, []);
      byLevel.get(a.level).push(a);
    }
    const hid = `${idPrefix}-${stance}`;
    return h('section', { class: `stance-group stance-${stance}`, 'aria-labelledby': hid },
      h(`h${headingLevel}`, { id: hid, text: `${STANCES[stance].label} (${list.length})` }),
      [...byLevel.entries()].map(([level, items]) => h('section', { class: 'level-group' },
        h(`h${headingLevel + 1}`, { class: 'level-heading', text: `Level ${level} · ${levelName(level)} (${items.length})` }),
        h('ul', { class: 'cards' }, items.map((a) => h('li', {}, assertionCard(a, { showClaim: false })))))));
  });
}

const STANCE_RANK = { supports: 0, opposes: 1, mixed: 2 };

// Every statement, strongest evidence first whatever its stance (the default view).
export function strongestFirst(assertions) {
  const list = [...assertions].sort((x, y) => (x.level || 9) - (y.level || 9)
    || (STANCE_RANK[x.stance] ?? 3) - (STANCE_RANK[y.stance] ?? 3));
  return h('ol', { class: 'cards strongest-first' }, list.map((a) => h('li', {}, assertionCard(a, { showClaim: false }))));
}

// "Strongest first" | "Grouped by stance": two links, each a permalink.
function orderSwitch(id, order) {
  const opt = (value, text) => {
    const on = (order === 'stance') === (value === 'stance');
    return h('a', {
      class: ['toggle', on ? 'active' : ''], href: href.claim(id, { order: value === 'stance' ? 'stance' : undefined }),
      'aria-current': on ? 'true' : null, 'data-focus': `order:${value}`, text,
    });
  };
  return h('p', { class: 'order-switch' }, h('span', { class: 'muted', text: 'Show: ' }),
    opt('strength', 'Strongest first, any stance'), ' ', opt('stance', 'Grouped by stance'));
}

function exportLinks(id) {
  const formats = [
    ['ris', 'RIS', 'studies, for reference managers'],
    ['bibtex', 'BibTeX', 'studies'],
    ['csl-json', 'CSL-JSON', 'studies'],
    ['claimreview', 'ClaimReview', 'schema.org JSON-LD of this claim'],
  ];
  return h('section', { class: 'export', 'aria-labelledby': 'export-h' },
    h('h2', { id: 'export-h', text: 'Export' }),
    h('ul', { class: 'export-links' }, formats.map(([f, label, what]) => {
      const [link, note] = exportLink(exportUrl(f, { claim: id }), label);
      return h('li', {}, link, h('span', { class: 'muted', text: ` ${what}` }), ' ', note);
    })));
}

// "strongest for: x; strongest against: y" -> "Strongest for: x; strongest against: y."
export function sentence(s) {
  const t = String(s ?? '').trim();
  if (!t) return '';
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}

function retractedNotice(list, assertions) {
  // Titles from the citations and findings on the page, when the list gives only ids.
  const titles = new Map();
  for (const a of assertions) {
    for (const c of a.cites || []) if (c.study && c.title) titles.set(c.study, c.title);
    if (a.source?.type === 'study') titles.set(a.source.id, a.source.title);
  }
  const items = (list || []).map((x) => (typeof x === 'string' ? { id: x, title: titles.get(x) } : x)).filter((x) => x?.id || x?.study);
  if (!items.length) return null;
  return h('div', { class: 'warn-box', role: 'note' },
    h('strong', { text: '⚠ Some evidence on this claim leans on a retracted study: ' }),
    items.map((x, i) => [i ? ', ' : '', h('a', { href: href.study(x.study || x.id), text: x.title || x.study || x.id })]));
}

export async function renderClaim(main, params, ctx) {
  const raw = await getJSON(`/api/claims/${encodeURIComponent(ctx.id)}`, null, { signal: ctx.signal });
  const c = normaliseClaim(raw);
  learnTopics((c.topics || []).filter((t) => typeof t === 'object'));
  ctx.setTitle(c.statement || c.id);
  const n = c.assertions.length;
  const order = params.get('order') === 'stance' ? 'stance' : 'strength';
  const at = params.get('at');
  const rival = pickRival(c);
  main.append(h('article', { class: 'claim-page' },
    h('p', { class: 'eyebrow' }, 'Claim ', claimTypeBadge(c.type)),
    h('h1', { tabindex: '-1', text: c.statement || c.id }),
    topicChips(c.topics),
    lastChanged(c.history),
    retractedNotice(c.retracted_evidence, c.assertions),
    h('div', { class: 'claim-grid' },
      h('section', { class: 'balance', 'aria-labelledby': 'balance-h' },
        h('h2', { id: 'balance-h', text: 'For and against' }),
        h('p', { class: 'verdict', text: sentence(c.verdict) || verdictLine(c.counts) }),
        c.certainty?.not_counted?.length ? h('p', { class: 'muted small', text:
          `The verdict and the certainty leave out ${c.certainty.not_counted.length} of the statements in the chart (see “What was not counted”).` }) : null,
        divergingChart(c.counts, { label: 'Statements for and against' }),
        chartLegend(),
        countsTable(c.counts)),
      certaintySection(c.certainty, { assertions: c.assertions })),
    outcomeGroups(c.assertions),
    h('section', { class: 'assertions', 'aria-labelledby': 'assertions-h' },
      h('h2', { id: 'assertions-h', text: `What the sources say (${n})` }),
      c.assertions_total > n ? h('p', { class: 'muted', text: `The strongest ${n} of ${c.assertions_total} statements are shown.` }) : null,
      n ? orderSwitch(c.id, order) : null,
      n ? (order === 'stance' ? assertionGroups(c.assertions) : strongestFirst(c.assertions))
        : h('p', { class: 'muted', text: 'No source takes a stance on this claim yet.' }),
      h('p', {}, h('a', { href: href.search({ filters: { claim: [c.id], kind: ['assertion'] }, sort: 'strength' }),
        text: 'Search and filter these statements' }))),
    c.competes.length ? h('section', { class: 'competing', 'aria-labelledby': 'competing-h' },
      h('h2', { id: 'competing-h', text: 'Competing claims' }),
      h('ul', { class: 'plain' }, c.competes.map((o) => h('li', {},
        h('a', { href: href.claim(o.id), text: o.statement || humanise(o.id) }), ' ', certaintyBadge(o.certainty)))),
      rival ? h('p', {}, h('a', { class: 'compare-rival', href: href.compare({ claims: [c.id, rival.id] }) },
        'Compare side by side with “', (rival.statement || humanise(rival.id)).replace(/[.!?]$/, ''), '”')) : null)
      : null,
    historySection(c.history),
    exportLinks(c.id)));
  // The claim's `note` is for the catalogue's reviewers (corpus/README.md, "Notes"): not shown.
  return {
    keepScroll: Boolean(at),
    after: () => {
      if (at !== 'competing') return;
      const target = main.querySelector('#competing-h');
      if (!target) return;
      target.setAttribute('tabindex', '-1');
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    },
  };
}

// The rival "Compare side by side" takes: the first competing claim, which is
// the first of the claim's own `competes` list as the catalogue writes it
// (the most direct rival first), else the first claim naming it
// (corpus/README.md, "claims/*.yaml").
export function pickRival(c) {
  return c.competes?.[0] || null;
}

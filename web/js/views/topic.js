// Topic pages, the list of topics, and the two-topic chooser of the comparison.

import { h } from '../dom.js';
import { getJSON } from '../api.js';
import { href } from '../routes.js';
import { humanise } from '../labels.js';
import { certaintyBadge, certaintyStatement, claimTypeBadge, learnTopics, topicLabel, loadTopics } from '../components.js';
import { divergingChart, chartLegend, verdictLine, total } from '../chart.js';
import { normaliseClaim, sentence } from './claim.js';

const KIND_LABELS = { intervention: 'Intervention', cause: 'Cause', question: 'Question' };

export { loadTopics };

function claimCount(t) {
  return t.claim_count ?? t.claims_count ?? (Array.isArray(t.claims) ? t.claims.length : t.claims);
}

// Two selects and a button: "compare A with B".
export function compareChooser(topics, { a, b, headingLevel = 2 } = {}) {
  const opts = (sel) => topics.map((t) => h('option', { value: t.id, selected: t.id === sel ? true : null, text: t.label || humanise(t.id) }));
  const left = h('select', { id: 'cmp-a', name: 'a' }, opts(a || topics[0]?.id));
  const right = h('select', { id: 'cmp-b', name: 'b' }, opts(b || topics.find((t) => t.id !== (a || topics[0]?.id))?.id));
  const form = h('form', { class: 'compare-chooser', 'aria-labelledby': 'chooser-h' },
    h(`h${headingLevel}`, { id: 'chooser-h', text: 'Compare two topics' }),
    h('div', { class: 'chooser-row' },
      h('label', { for: 'cmp-a', text: 'First topic' }), left,
      h('label', { for: 'cmp-b', text: 'Second topic' }), right,
      h('button', { type: 'submit', text: 'Compare' })));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    window.location.hash = href.compare({ topics: [left.value, right.value] });
  });
  return form;
}

export function claimSummary(c, { max, headingLevel = 3 } = {}) {
  return h('article', { class: 'claim-summary', 'data-claim': c.id },
    h(`h${headingLevel}`, { class: 'card-title' }, h('a', { href: href.claim(c.id), text: c.statement || humanise(c.id) })),
    h('p', { class: 'card-meta' }, claimTypeBadge(c.type), certaintyBadge(c.certainty)),
    certaintyStatement(c.certainty),
    divergingChart(c.counts, { max, label: c.statement }),
    h('p', { class: 'verdict', text: sentence(c.verdict) || verdictLine(c.counts) }));
}

export async function renderTopic(main, params, ctx) {
  const [raw, topics] = await Promise.all([
    getJSON(`/api/topics/${encodeURIComponent(ctx.id)}`, null, { signal: ctx.signal }),
    loadTopics(ctx.signal).catch(() => []),
  ]);
  const t = raw?.topic && typeof raw.topic === 'object' ? { ...raw, ...raw.topic } : raw;
  const claims = (t.claims || []).map((c) => normaliseClaim(typeof c === 'string' ? { id: c } : c));
  const max = Math.max(1, ...claims.map((c) => Math.max(total(c.counts.supports), total(c.counts.opposes))));
  const label = t.label || topicLabel(t.id || ctx.id);
  ctx.setTitle(label);
  const others = topics.filter((x) => x.id !== (t.id || ctx.id));
  const competing = (t.competing_topics || t.competing || []).map((x) => (typeof x === 'string' ? { id: x } : x)).filter((x) => x?.id && x.id !== (t.id || ctx.id));
  learnTopics(competing);
  main.append(h('article', { class: 'topic-page' },
    h('p', { class: 'eyebrow', text: `Topic${t.kind ? ` · ${KIND_LABELS[t.kind] || t.kind}` : ''}` }),
    h('h1', { tabindex: '-1', text: label }),
    t.description ? h('p', { class: 'lead', text: t.description }) : null,
    h('p', {}, h('a', { href: href.search({ filters: { topic: [t.id || ctx.id] } }), text: `Search everything about ${label.toLowerCase()}` }),
      ' · ', h('a', { class: 'feed-link', type: 'application/atom+xml', href: `/api/changes.atom?topic=${encodeURIComponent(t.id || ctx.id)}`,
        text: `Follow changes to ${label.toLowerCase()} (Atom feed)` })),
    h('section', { 'aria-labelledby': 'claims-h' },
      h('h2', { id: 'claims-h', text: `Claims (${claims.length})` }),
      claims.length ? [chartLegend(), h('ul', { class: 'cards' }, claims.map((c) => h('li', {}, claimSummary(c, { max }))))]
        : h('p', { class: 'muted', text: 'No claims about this topic yet.' })),
    competing.length ? h('section', { 'aria-labelledby': 'competing-h' },
      h('h2', { id: 'competing-h', text: 'Competing topics' }),
      h('p', { class: 'muted', text: 'Topics with claims that compete with claims here.' }),
      h('ul', { class: 'plain' }, competing.map((o) => h('li', {},
        h('a', { href: href.topic(o.id), text: o.label || topicLabel(o.id) }), ' — ',
        h('a', { href: href.compare({ topics: [t.id || ctx.id, o.id] }), text: `compare with ${label.toLowerCase()}` }))))) : null,
    others.length ? compareChooser(topics, { a: t.id || ctx.id, b: (competing[0] || others[0]).id }) : null));
  return {};
}

export async function renderTopics(main, params, ctx) {
  const topics = await loadTopics(ctx.signal);
  ctx.setTitle('Topics');
  const groups = new Map();
  for (const t of topics) {
    const k = t.kind || 'other';
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(t);
  }
  main.append(h('div', { class: 'topics-page' },
    h('h1', { tabindex: '-1', text: 'Topics' }),
    h('p', { class: 'lead', text: 'The interventions, causes and questions that claims are about. Pick one, or compare two.' }),
    topics.length > 1 ? compareChooser(topics) : null,
    [...groups.entries()].map(([kind, list]) => h('section', { 'aria-labelledby': `k-${kind}` },
      h('h2', { id: `k-${kind}`, text: `${KIND_LABELS[kind] || humanise(kind)}s` }),
      h('ul', { class: 'topic-list' }, list.map((t) => {
        const n = claimCount(t);
        return h('li', {}, h('a', { href: href.topic(t.id), text: t.label || humanise(t.id) }),
          typeof n === 'number' ? h('span', { class: 'muted', text: ` · ${n} claim${n === 1 ? '' : 's'}` }) : null,
          t.description ? h('p', { class: 'muted small', text: t.description }) : null);
      }))))));
  return {};
}

// Every claim of the catalogue, grouped by type or by topic, each with its
// certainty and its statements for and against: for browsing.

import { h } from '../dom.js';
import { getJSON } from '../api.js';
import { href } from '../routes.js';
import { CLAIM_TYPES, humanise } from '../labels.js';
import { certaintyBadge, topicChips, topicLabel, loadTopics } from '../components.js';
import { normaliseCounts, total, strongestLevel } from '../chart.js';

const TYPE_ORDER = Object.keys(CLAIM_TYPES);

function countsLine(c) {
  const counts = normaliseCounts(c.counts);
  const parts = [`${total(counts.supports)} for`, `${total(counts.opposes)} against`];
  if (total(counts.mixed)) parts.push(`${total(counts.mixed)} mixed`);
  const best = [['supports', 'for'], ['opposes', 'against']]
    .map(([s, word]) => [strongestLevel(counts[s]), word]).filter(([l]) => l)
    .map(([l, word]) => `level ${l} ${word}`);
  return `${parts.join(' · ')}${best.length ? ` — strongest: ${best.join(', ')}` : ''}`;
}

function claimRow(c, { showTopics }) {
  return h('li', { class: 'claim-row', 'data-claim': c.id },
    h('a', { class: 'claim-row-title', href: href.claim(c.id), text: c.statement || humanise(c.id) }),
    h('p', { class: 'claim-row-meta' }, certaintyBadge(c.certainty), ' ',
      h('span', { class: 'muted small', text: countsLine(c) })),
    showTopics ? topicChips(c.topics) : null);
}

function groupBy(claims, by, topics) {
  const groups = new Map();
  if (by === 'topic') {
    for (const t of topics) groups.set(t.id, { id: t.id, title: t.label || topicLabel(t.id), claims: [] });
    for (const c of claims) {
      for (const t of c.topics || []) {
        if (!groups.has(t)) groups.set(t, { id: t, title: topicLabel(t), claims: [] });
        groups.get(t).claims.push(c);
      }
    }
  } else {
    for (const t of TYPE_ORDER) groups.set(t, { id: t, title: CLAIM_TYPES[t], claims: [] });
    for (const c of claims) {
      if (!groups.has(c.type)) groups.set(c.type, { id: c.type, title: humanise(c.type), claims: [] });
      groups.get(c.type).claims.push(c);
    }
  }
  return [...groups.values()].filter((g) => g.claims.length);
}

export async function renderClaims(main, params, ctx) {
  const by = params.get('by') === 'topic' ? 'topic' : 'type';
  const [data, topics] = await Promise.all([
    getJSON('/api/claims', { with: 'evidence' }, { signal: ctx.signal }),
    loadTopics(ctx.signal).catch(() => []),
  ]);
  const claims = data.claims || [];
  ctx.setTitle('All claims');
  const groups = groupBy(claims, by, topics);
  const opt = (value, text) => h('a', {
    class: ['toggle', by === value ? 'active' : ''], href: href.claims({ by: value === 'topic' ? 'topic' : undefined }),
    'aria-current': by === value ? 'true' : null, 'data-focus': `by:${value}`, text,
  });
  main.append(h('div', { class: 'claims-page' },
    h('h1', { tabindex: '-1', text: `All claims (${data.total ?? claims.length})` }),
    h('p', { class: 'lead', text: 'Every claim in the catalogue, with how certain the evidence makes it and how many statements the sources make for and against it, strongest evidence first within each group.' }),
    h('p', { class: 'order-switch' }, h('span', { class: 'muted', text: 'Group by: ' }), opt('type', 'Claim type'), ' ', opt('topic', 'Topic')),
    h('nav', { class: 'group-index', 'aria-label': 'Groups' }, h('ul', { class: 'chips' }, groups.map((g) => h('li', {},
      h('a', { class: 'chip', href: '#', 'data-group': g.id, text: `${g.title} ${g.claims.length}` }))))),
    groups.map((g) => h('section', { class: 'claim-group', 'aria-labelledby': `grp-${g.id}` },
      h('h2', { id: `grp-${g.id}`, tabindex: '-1' }, g.title, h('span', { class: 'muted', text: ` (${g.claims.length})` })),
      h('ul', { class: 'claim-rows' }, g.claims.map((c) => claimRow(c, { showTopics: by === 'type' })))))));
  // The group index jumps within the page (the hash holds the view).
  main.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[data-group]') : null;
    if (!a) return;
    e.preventDefault();
    const target = main.querySelector(`#grp-${CSS.escape(a.dataset.group)}`);
    target?.scrollIntoView({ block: 'start' });
    target?.focus({ preventScroll: true });
  });
  return {};
}

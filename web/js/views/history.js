// A claim's dated history (GET /api/claims/{id} → history), read at index
// time from the corpus's git history: when its evidence last changed, and
// each change with its date — statements added or removed, a statement read
// another way, the certainty moved from what to what.

import { h } from '../dom.js';
import { sourceHref } from '../routes.js';
import { STANCES, levelName } from '../labels.js';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function dateWords(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso ?? '') : DATE.format(d);
}

function when(iso) {
  return h('time', { datetime: iso, text: dateWords(iso) });
}

function rating(r) {
  if (!r?.rating) return '';
  return r.direction && r.direction !== 'none' ? `${r.rating} (${r.direction})` : r.rating;
}

function stanceWord(s) {
  return (STANCES[s]?.label || s || '').toLowerCase();
}

function statementItem(st) {
  return h('li', {},
    h('a', { href: sourceHref({ id: st.source, type: st.source_type }), text: st.source_title || st.source }),
    `, ${stanceWord(st.stance)}, level ${st.level} (${levelName(st.level)}): `,
    h('q', { text: st.text || '' }));
}

function changeItem(c) {
  const parts = [];
  if (c.kind === 'first') parts.push(h('p', { text: 'First in the history.' }));
  if (c.kind === 'added') parts.push(h('p', { text: 'Claim added to the catalogue.' }));
  if (c.statement) parts.push(h('p', { text: `Reworded from “${c.statement.from}” to “${c.statement.to}”.` }));
  if (c.certainty?.to) {
    parts.push(h('p', { class: 'history-certainty' }, c.certainty.from
      ? ['Certainty moved from ', h('strong', { text: rating(c.certainty.from) }), ' to ', h('strong', { text: rating(c.certainty.to) }), '.']
      : ['Certainty ', h('strong', { text: rating(c.certainty.to) }), '.']));
  }
  const list = (items, label, cls) => (items?.length
    ? [h('p', { class: cls, text: `${items.length} ${items.length === 1 ? 'statement' : 'statements'} ${label}:` }),
      h('ul', { class: 'plain small' }, items.map(statementItem))]
    : null);
  parts.push(list(c.added, 'added', 'history-added'), list(c.removed, 'removed', 'history-removed'));
  for (const x of c.changed || []) {
    parts.push(h('p', { class: 'history-changed' },
      h('a', { href: sourceHref({ id: x.source, type: x.source_type }), text: x.source_title || x.source }),
      `: a statement read as ${stanceWord(x.from?.stance)}, level ${x.from?.level}, is now ${stanceWord(x.to?.stance)}, level ${x.to?.level}.`));
  }
  return h('li', { class: 'history-change', 'data-commit': c.commit },
    h('p', { class: 'history-date' }, when(c.date),
      h('span', { class: 'muted small', text: ` · ${c.subject || ''} (${c.commit})` })),
    parts);
}

// "Evidence last changed 29 November 2026", or why there is no history.
export function lastChanged(history) {
  if (!history) return null;
  if (history.last_changed) {
    return h('p', { class: 'last-changed' }, 'Evidence last changed ', when(history.last_changed),
      h('span', { class: 'muted', text: ' (see “History of the evidence” below)' }));
  }
  return h('p', { class: 'last-changed muted', text: history.message || 'No history.' });
}

export function historySection(history) {
  if (!history) return null;
  const changes = history.changes || [];
  return h('section', { class: 'history', 'aria-labelledby': 'history-h' },
    h('h2', { id: 'history-h', tabindex: '-1', text: 'History of the evidence' }),
    history.message ? h('p', { class: 'muted small', text: history.message }) : null,
    changes.length ? h('ol', { class: 'history-list plain' }, changes.map(changeItem))
      : h('p', { class: 'muted', text: history.source === 'git' ? 'No change recorded for this claim.' : 'No history.' }));
}

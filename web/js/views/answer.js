// The answer to a question, shown first on the search page: the claims that
// match it, each with its certainty, its counts for and against and the
// strongest statement on each side; and how the question was read.

import { h } from '../dom.js';
import { href } from '../routes.js';
import { certaintyBadge } from '../components.js';

function sum(byLevel) {
  return Object.values(byLevel || {}).reduce((a, b) => a + (Number(b) || 0), 0);
}

function statement(label, s) {
  if (!s) return h('p', { class: 'muted', text: `${label}: nothing annotated` });
  return h('p', {}, h('strong', { text: `${label} (${s.level_label || `level ${s.level}`}): ` }),
    `“${s.text}” — `, h('a', { href: href.source(s.source?.id), text: s.source?.title || s.source?.id }));
}

export function answerSection(answer) {
  if (!Array.isArray(answer) || answer.length === 0) return null;
  return h('section', { class: 'answer', 'aria-labelledby': 'answer-heading' },
    h('h2', { id: 'answer-heading', text: 'What the evidence says' }),
    h('ol', { class: 'answer-list' }, answer.map((c) => h('li', { class: 'answer-claim' },
      h('h3', {}, h('a', { href: href.claim(c.id), text: c.statement })),
      h('p', {}, certaintyBadge(c.certainty),
        ` ${sum(c.counts?.supports)} for, ${sum(c.counts?.opposes)} against, ${sum(c.counts?.mixed)} mixed`),
      statement('Strongest for', c.statements?.supports),
      statement('Strongest against', c.statements?.opposes)))));
}

// "showing results for …": a relaxed question or a corrected spelling.
export function readingNote(data, state, searchHref) {
  if (data.corrected) {
    return h('p', { class: 'suggestion', role: 'note' }, 'Showing results for ',
      h('strong', { text: data.corrected.query }), '; search instead for ',
      h('a', { href: searchHref({ ...state, q: data.corrected.original, page: 1 }), text: data.corrected.original }));
  }
  if (data.relaxed?.message) return h('p', { class: 'muted relaxed', role: 'note', text: data.relaxed.message });
  return null;
}

// The search page: box, "did you mean", facets with counts, result cards,
// sorting and pages. Its whole state is the URL hash (routes.js).

import { h } from '../dom.js';
import { getJSON, exportUrl } from '../api.js';
import { FACETS, facetValueLabel, setFacetFields } from '../labels.js';
import { href, searchState, withFilter, SORTS } from '../routes.js';
import { resultCard, exportLink, learnTopics, topicLabel, loadTopics } from '../components.js';
import { answerSection, readingNote } from './answer.js';

const PAGE_SIZE = 10;
const FACET_SHOWN = 8;

// The server may join several values of one document in a facet value
// (claims of a source): count each on its own.
function facetValues(values) {
  const merged = new Map();
  for (const v of values || []) {
    const parts = String(v.value).split('\n').filter(Boolean);
    const labels = String(v.label ?? v.value).split('\n');
    parts.forEach((p, i) => {
      const m = merged.get(p) || { value: p, label: parts.length === labels.length ? labels[i] : p, count: 0 };
      m.count += Number(v.count) || 0;
      merged.set(p, m);
    });
  }
  return [...merged.values()];
}

function sortFacet(name, values) {
  const v = [...values];
  if (name === 'level') return v.sort((a, b) => Number(a.value) - Number(b.value));
  if (name === 'year') return v.sort((a, b) => String(b.value).localeCompare(String(a.value)));
  if (name === 'kind') {
    const order = ['assertion', 'claim', 'source'];
    return v.sort((a, b) => order.indexOf(a.value) - order.indexOf(b.value));
  }
  return v.sort((a, b) => b.count - a.count || String(a.label).localeCompare(String(b.label)));
}

function filterLabel(name, value) {
  if (name === 'topic') return topicLabel(value);
  if (name === 'level') return `${facetValueLabel('level', value)} or stronger`;
  return facetValueLabel(name, value, value);
}

function facetList(state, name, heading, values) {
  const active = state.filters[name] || [];
  const list = sortFacet(name, facetValues(values));
  // Active values stay listed even when the server no longer counts them.
  for (const v of active) if (!list.some((x) => x.value === v)) list.unshift({ value: v, label: v, count: 0 });
  if (!list.length) return null;
  const id = `facet-${name}`;
  const items = list.map((v, i) => {
    let on = active.includes(v.value);
    let implied = false;
    if (name === 'level' && active.length) implied = !on && Number(v.value) < Number(active[0]);
    if (implied) on = false;
    const next = withFilter(state, name, v.value, !on);
    const label = name === 'topic' ? (v.label && v.label !== v.value ? v.label : topicLabel(v.value))
      : facetValueLabel(name, v.value, v.label);
    const a = h('a', {
      class: ['facet-value', on ? 'active' : '', implied ? 'implied' : ''],
      href: href.search(next),
      'aria-current': on ? 'true' : null,
      'data-focus': `facet:${name}:${v.value}`,
      title: name === 'level' ? `Level ${v.value} or stronger` : null,
    },
    h('span', { class: 'check', 'aria-hidden': 'true', text: on ? '✓' : '' }),
    h('span', { class: 'facet-label', text: label }),
    h('span', { class: 'count', text: String(v.count) }),
    h('span', { class: 'sr-only', text: on ? ' (active filter, select to remove)' : ` result${v.count === 1 ? '' : 's'}` }));
    return h('li', { hidden: i >= FACET_SHOWN && !on ? true : null }, a);
  });
  const more = list.length > FACET_SHOWN
    ? h('button', {
      type: 'button', class: 'link-button more', 'aria-expanded': 'false', 'aria-controls': id,
      'data-focus': `more:${name}`, text: `Show all ${list.length}`,
      onclick: (e) => {
        const btn = e.currentTarget;
        const open = btn.getAttribute('aria-expanded') !== 'true';
        btn.setAttribute('aria-expanded', String(open));
        btn.textContent = open ? 'Show fewer' : `Show all ${list.length}`;
        items.forEach((li, i) => { if (i >= FACET_SHOWN && !li.querySelector('.active')) li.hidden = !open; });
      },
    })
    : null;
  return h('section', { class: 'facet', 'aria-labelledby': `${id}-h` },
    h('h3', { id: `${id}-h`, text: name === 'level' ? `${heading} (this or stronger)` : heading }),
    h('ul', { id, class: 'facet-values' }, items), more);
}

function activeFilters(state) {
  const chips = [];
  for (const [name, heading] of FACETS) {
    for (const v of state.filters[name] || []) {
      const label = filterLabel(name, v);
      chips.push(h('li', {}, h('a', {
        class: 'filter-chip', href: href.search(withFilter(state, name, v, false)),
        'data-focus': `chip:${name}:${v}`, 'aria-label': `Remove filter ${heading}: ${label}`,
      }, h('span', { class: 'muted', text: `${heading}: ` }), label, h('span', { class: 'x', 'aria-hidden': 'true', text: ' ×' }))));
    }
  }
  if (!chips.length) return null;
  chips.push(h('li', {}, h('a', { class: 'clear-all', href: href.search({ q: state.q, sort: state.sort }), text: 'Clear all filters' })));
  return h('div', { class: 'active-filters' },
    h('h2', { class: 'sr-only', text: 'Active filters' }), h('ul', { class: 'chips' }, chips));
}

function pager(state, total) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return null;
  const cur = Math.min(state.page, pages);
  const link = (p, text, label, cls) => h('li', {}, h('a', {
    href: href.search({ ...state, page: p }), class: cls, 'aria-label': label,
    'aria-current': p === cur && !cls ? 'page' : null, text,
  }));
  const items = [];
  if (cur > 1) items.push(link(cur - 1, '‹ Previous', 'Previous page', 'prev'));
  const show = new Set([1, pages, cur - 1, cur, cur + 1].filter((p) => p >= 1 && p <= pages));
  let last = 0;
  for (const p of [...show].sort((a, b) => a - b)) {
    if (p - last > 1) items.push(h('li', { class: 'gap', 'aria-hidden': 'true', text: '…' }));
    items.push(link(p, String(p), `Page ${p}`));
    last = p;
  }
  if (cur < pages) items.push(link(cur + 1, 'Next ›', 'Next page', 'next'));
  return h('nav', { class: 'pager', 'aria-label': 'Result pages' }, h('ul', {}, items));
}

function intro(facets) {
  const topics = sortFacet('topic', facetValues(facets?.topic));
  const ids = topics.map((t) => t.value);
  const pair = ids.includes('foam-rolling') && ids.includes('hip-strengthening')
    ? ['foam-rolling', 'hip-strengthening'] : ids.slice(0, 2);
  return h('section', { class: 'intro', 'aria-labelledby': 'intro-h' },
    h('h2', { id: 'intro-h', text: 'What the evidence says about IT band syndrome' }),
    h('p', { text: 'Every statement that articles, forum threads and studies make about a claim — for or against, on what evidence, from which source. Search, filter by evidence level, or start from a topic.' }),
    topics.length ? h('ul', { class: 'chips topics', 'aria-label': 'Topics' },
      topics.slice(0, 12).map((t) => h('li', {}, h('a', { class: 'chip', href: href.topic(t.value) },
        t.label && t.label !== t.value ? t.label : topicLabel(t.value), h('span', { class: 'count', text: ` ${t.count}` })))),
      topics.length > 12 ? h('li', {}, h('a', { class: 'chip more', href: href.topics(), text: `All ${topics.length} topics` })) : null)
      : null,
    pair.length === 2 ? h('p', { class: 'compare-hint' }, 'Compare two sides: ',
      h('a', { href: href.compare({ topics: pair }), text: `${topicLabel(pair[0])} vs ${topicLabel(pair[1])}` }),
      ' — or type “A vs B” in the search box.') : null);
}

// Nothing matched: the spelling suggestion, each filter that could be
// removed, the words without filters, and the topics to start from.
function emptyState(state, data, topics) {
  const hasFilters = Object.keys(state.filters).length > 0;
  const removable = [];
  for (const [name, heading] of FACETS) {
    for (const v of state.filters[name] || []) {
      removable.push(h('li', {}, h('a', { class: 'filter-chip', href: href.search(withFilter(state, name, v, false)) },
        'Remove ', h('span', { class: 'muted', text: `${heading}: ` }), filterLabel(name, v))));
    }
  }
  const suggestion = data.suggestion && data.suggestion !== state.q ? data.suggestion : '';
  return h('div', { class: 'empty', role: 'status' },
    h('p', { class: 'empty-title', text: state.q ? `Nothing matches “${state.q}”${hasFilters ? ' with these filters' : ''}.` : 'Nothing matches these filters.' }),
    suggestion ? h('p', {}, 'Try the spelling ', h('a', { href: href.search({ ...state, q: suggestion, page: 1 }) },
      h('strong', { text: suggestion })), '.') : null,
    removable.length ? [h('p', { text: removable.length > 1 ? 'Or remove one of the filters:' : 'Or remove the filter:' }),
      h('ul', { class: 'chips remove-filters' }, removable)] : null,
    hasFilters && state.q ? h('p', {}, h('a', { href: href.search({ q: state.q, sort: state.sort }), text: `Search “${state.q}” without filters` })) : null,
    topics.length ? [h('p', { text: 'Or start from a topic:' }),
      h('ul', { class: 'chips topics', 'aria-label': 'Topics' }, topics.map((t) => h('li', {},
        h('a', { class: 'chip', href: href.topic(t.id), text: t.label || topicLabel(t.id) }))))] : null,
    h('p', { class: 'muted small' }, 'Every claim is listed on ', h('a', { href: href.claims(), text: 'the claims page' }), '.'));
}

// A query the server refused (`level:abc`): the page, with the reason beside
// the box (app.js) and here, and the topics to start from.
export async function renderRefused(main, params, ctx, err) {
  const state = searchState(params);
  ctx.setQuery(state.q);
  ctx.setTitle(state.q ? `${state.q} — search` : 'Search');
  const topics = await loadTopics(ctx.signal).catch(() => []);
  main.append(h('div', { class: 'search-view' },
    h('h1', { id: 'results-heading', tabindex: '-1', text: state.q ? `Results for “${state.q}”` : 'Search' }),
    h('div', { class: 'empty refused' },
      h('p', { class: 'empty-title' }, 'This search could not run: ', h('span', { class: 'refusal', text: err.message })),
      h('p', { text: 'Change the words in the search box, or start from a topic:' }),
      h('ul', { class: 'chips topics', 'aria-label': 'Topics' }, topics.map((t) => h('li', {},
        h('a', { class: 'chip', href: href.topic(t.id), text: t.label || topicLabel(t.id) })))))));
  return { focus: '#results-heading' };
}

// The whole result set (not the page) as a file, with the same filters.
function exportMenu(state) {
  const params = { q: state.q, ...state.filters };
  if (state.sort !== 'relevance') params.sort = state.sort;
  return h('details', { class: 'export-menu' }, h('summary', { text: 'Export these results' }),
    h('ul', { class: 'export-links' }, [['csv', 'CSV'], ['ris', 'RIS'], ['bibtex', 'BibTeX'], ['csl-json', 'CSL-JSON']]
      .map(([f, label]) => h('li', {}, ...exportLink(exportUrl(f, params), label)))));
}

export async function renderSearch(main, params, ctx) {
  const state = searchState(params);
  const isHome = ctx.view === 'home';
  ctx.setQuery(state.q);
  const request = (page) => getJSON('/api/search', {
    q: state.q, ...state.filters,
    sort: state.sort === 'relevance' ? '' : state.sort, page, size: PAGE_SIZE,
  }, { signal: ctx.signal });
  let data;
  try {
    data = await request(state.page);
  } catch (e) {
    // A permalink to a page that no longer exists (the index changed): the first page.
    if (e.parameter !== 'page' || state.page === 1) throw e;
    state.page = 1;
    data = await request(1);
    window.history.replaceState(null, '', href.search(state));
  }
  learnTopics(data.facets?.topic);

  const total = Number(data.total) || 0;
  const hasFilters = Object.keys(state.filters).length > 0;
  const first = (state.page - 1) * PAGE_SIZE + 1;
  const countText = total === 0 ? 'No results'
    : `${total} result${total === 1 ? '' : 's'}${total > PAGE_SIZE ? `, ${first}–${Math.min(first + PAGE_SIZE - 1, total)} shown` : ''}`;
  const title = state.q ? `Results for “${state.q}”` : hasFilters ? 'Filtered results' : 'Browse all statements, claims and sources';
  ctx.setTitle(state.q ? `${state.q} — search` : 'Search');
  ctx.announce(`${total === 0 ? 'No' : total} result${total === 1 ? '' : 's'}${state.q ? ` for ${state.q}` : ''}`);

  setFacetFields(data.facet_fields);
  const wide = window.matchMedia('(min-width: 48rem)').matches;
  const facetsOpen = wide;
  const topics = data.total ? [] : await loadTopics(ctx.signal).catch(() => []);
  // The sort the server applied (strength for an empty query), not only the one asked for.
  const applied = SORTS.includes(data.sort) ? data.sort : state.sort;
  const facetSections = FACETS.map(([name, heading]) => facetList(state, name, heading, data.facets?.[name])).filter(Boolean);
  const sort = h('select', {
    id: 'sort', 'data-focus': 'sort',
    onchange: (e) => ctx.navigate(href.search({ ...state, sort: e.currentTarget.value, page: 1 })),
  }, SORTS.map((s) => h('option', { value: s, selected: s === applied ? true : null,
    disabled: s === 'relevance' && !state.q.trim() ? true : null,
    text: { relevance: state.q.trim() ? 'Relevance' : 'Relevance (needs words to search)', strength: 'Evidence strength', date: 'Date (newest)' }[s] })));

  const results = data.results || [];
  const facetsAside = facetSections.length === 0 ? null : h('aside', { class: 'facets', 'aria-label': 'Filters' },
    h('details', { open: facetsOpen ? true : null },
      h('summary', {}, h('h2', { text: 'Filters' }),
        hasFilters ? h('span', { class: 'muted', text: ` (${Object.values(state.filters).flat().length} active)` }) : null),
      facetSections));
  const resultsSection = h('section', { class: 'results', 'aria-labelledby': 'results-heading' },
    h('div', { class: 'results-bar' },
      h('p', { class: 'result-count', text: countText }),
      total ? h('label', { class: 'sort' }, 'Sort by ', sort) : null),
    total ? exportMenu(state) : null,
    results.length
      ? h('ol', { class: 'result-list', id: 'results', start: String(first) }, results.map((r) => h('li', {}, resultCard(r))))
      : emptyState(state, data, topics),
    pager(state, total));
  // "Skip to results": past the intro and the filters, to the first result.
  const skip = total ? h('a', {
    class: 'skip-results', href: '#results', 'data-focus': 'skip-results', text: 'Skip to results',
    onclick: (e) => {
      e.preventDefault();
      const first = main.querySelector('.result-list > li a[href]');
      (first || main.querySelector('#results-heading'))?.focus();
    },
  }) : null;
  main.append(h('div', { class: 'search-view' },
    skip,
    isHome && !state.q && !hasFilters ? intro(data.facets) : null,
    h('h1', { id: 'results-heading', tabindex: '-1', text: title }),
    data.suggestion && data.suggestion !== state.q ? h('p', { class: 'suggestion' }, 'Did you mean ',
      h('a', { href: href.search({ ...state, q: data.suggestion, page: 1 }), 'data-focus': 'suggestion' },
        h('strong', { text: data.suggestion })), '?') : null,
    readingNote(data, state, href.search),
    state.page === 1 ? answerSection(data.answer) : null,
    activeFilters(state),
    // On a small screen the filters come after the results, in the page and
    // in the tab order; side by side, before them.
    h('div', { class: ['layout', facetSections.length ? '' : 'no-facets', wide ? '' : 'results-first'] },
      wide ? [facetsAside, resultsSection] : [resultsSection, facetsAside])));
  return { focus: '#results-heading' };
}


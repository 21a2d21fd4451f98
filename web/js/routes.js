// The whole state of a view lives in the URL hash, so any view is a permalink
// and the back button restores it: #/search?q=…&topic=…, #/claim/ID, …

import { FACET_NAMES } from './labels.js';

const enc = encodeURIComponent;

export function parseHash(hash) {
  const raw = (hash || '').replace(/^#/, '');
  const [path, query = ''] = raw.split(/\?(.*)/s, 2);
  const parts = path.split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  return { view: parts[0] || 'home', id: parts[1] || '', params: new URLSearchParams(query) };
}

function qs(pairs) {
  const p = new URLSearchParams();
  for (const [k, v] of pairs) if (v !== undefined && v !== null && v !== '') p.append(k, v);
  const s = p.toString().replace(/\+/g, '%20');
  return s ? `?${s}` : '';
}

// --- search state ---------------------------------------------------------

export const SORTS = ['relevance', 'strength', 'date'];

export function searchState(params) {
  const filters = {};
  for (const name of FACET_NAMES) {
    // One value per parameter, repeated for several (#/search?type=forum&type=article):
    // a value may hold a comma, as the site "Motive Training (Austin, TX)" does.
    const values = [...new Set(params.getAll(name).filter(Boolean))];
    if (values.length) filters[name] = values;
  }
  const page = Number.parseInt(params.get('page') || '1', 10);
  const sort = params.get('sort');
  return {
    q: params.get('q') || '',
    filters,
    sort: SORTS.includes(sort) ? sort : 'relevance',
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export function withFilter(state, name, value, on) {
  const filters = { ...state.filters };
  let values = filters[name] ? [...filters[name]] : [];
  if (name === 'level') values = on ? [value] : []; // a threshold: "this level or stronger"
  else if (on) values = values.includes(value) ? values : [...values, value];
  else values = values.filter((v) => v !== value);
  if (values.length) filters[name] = values;
  else delete filters[name];
  return { ...state, filters, page: 1 };
}

export const href = {
  search(state) {
    const s = { q: '', filters: {}, sort: 'relevance', page: 1, ...state };
    const pairs = [['q', s.q]];
    for (const name of FACET_NAMES) for (const v of s.filters[name] || []) pairs.push([name, v]);
    if (s.sort !== 'relevance') pairs.push(['sort', s.sort]);
    if (s.page > 1) pairs.push(['page', String(s.page)]);
    return `#/search${qs(pairs)}`;
  },
  home: () => '#/',
  // at: a section to show ('competing'); order: 'stance' for the grouped view.
  claim: (id, { at, order } = {}) => `#/claim/${enc(id)}${qs([['order', order], ['at', at]])}`,
  claims: ({ by } = {}) => `#/claims${qs([['by', by]])}`,
  topic: (id) => `#/topic/${enc(id)}`,
  topics: () => '#/topics',
  source: (id, { a, post } = {}) => `#/source/${enc(id)}${qs([['a', a], ['post', post]])}`,
  study: (id) => `#/study/${enc(id)}`,
  compare: ({ q, topics, claims } = {}) =>
    `#/compare${qs([['q', q], ['topics', topics?.join(',')], ['claims', claims?.join(',')]])}`,
  levels: () => '#/levels',
  check: () => '#/check',
};

// Where a source-like record is shown: studies have their own page.
export function sourceHref(src, opts) {
  return src?.type === 'study' ? href.study(src.id) : href.source(src?.id, opts);
}

// "foam rolling vs hip strengthening" (or "versus"): a comparison query.
export function isComparison(q) {
  return /\S\s+(?:vs\.?|versus)\s+\S/i.test(q || '');
}

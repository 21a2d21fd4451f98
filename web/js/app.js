// Entry point: the hash router, the header search box, focus and announcements.

import { h, clear } from './dom.js';
import { parseHash, href, isComparison, searchState } from './routes.js';
import { errorBox } from './components.js';
import { renderSearch } from './views/search.js';

// The search page comes with the first load; the other views when first shown.
const lazy = (file, name) => async (...args) => (await import(file))[name](...args);
const VIEWS = {
  home: renderSearch,
  search: renderSearch,
  claim: lazy('./views/claim.js', 'renderClaim'),
  topic: lazy('./views/topic.js', 'renderTopic'),
  topics: lazy('./views/topic.js', 'renderTopics'),
  compare: lazy('./views/compare.js', 'renderCompare'),
  source: lazy('./views/source.js', 'renderSource'),
  study: lazy('./views/study.js', 'renderStudy'),
  levels: lazy('./views/levels.js', 'renderLevels'),
};
let sourceModule = null; // loaded with the first source page: updates it in place

const main = document.getElementById('main');
const statusEl = document.getElementById('status');
const form = document.getElementById('search-form');
const input = document.getElementById('q');

let seq = 0;
let controller = null;
let current = null; // {view, id}
let firstRender = true;

function announce(text) {
  // Cleared first so that the same text is announced again.
  statusEl.textContent = '';
  window.setTimeout(() => { statusEl.textContent = text; }, 50);
}

function setTitle(text) {
  document.title = text ? `${text} · Evidence` : 'Evidence';
}

function navigate(hash, { replace = false } = {}) {
  if (replace) {
    window.history.replaceState(null, '', hash);
    route();
  } else if (window.location.hash === hash) {
    route();
  } else {
    window.location.hash = hash;
  }
}

function markNav(view) {
  for (const a of document.querySelectorAll('.site-nav a')) {
    const on = a.dataset.view === view || (a.dataset.view === 'home' && view === 'search');
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function route() {
  const hash = window.location.hash;
  if (hash && !hash.startsWith('#/')) return; // an in-page anchor, not a view
  const { view, id, params } = parseHash(hash);
  const render = VIEWS[view];
  const same = current && current.view === view && current.id === id;

  // A source page whose highlighted statement changed: no reload.
  if (same && view === 'source' && sourceModule?.updateSource(main, params)) {
    main.dataset.route = hash;
    return;
  }

  controller?.abort();
  controller = new AbortController();
  const mine = ++seq;
  const focusKey = document.activeElement?.dataset?.focus;
  const typingInBox = document.activeElement === input;
  markNav(view);
  main.setAttribute('aria-busy', 'true');
  const ctx = {
    view, id, signal: controller.signal, navigate, announce, setTitle,
    setQuery: (q) => { if (document.activeElement !== input) input.value = q; },
  };
  if (view !== 'search' && view !== 'home') ctx.setQuery('');
  const container = h('div', { class: 'view' });
  let result;
  try {
    if (!render) throw Object.assign(new Error(`There is no page “${view}”.`), { status: 404 });
    result = (await render(container, params, ctx)) || {};
    if (view === 'source' && !sourceModule) sourceModule = await import('./views/source.js');
  } catch (e) {
    if (e.name === 'AbortError' || mine !== seq) return;
    clear(container).append(errorBox(e));
    setTitle(e.status === 404 ? 'Not found' : 'Error');
    announce(e.message || 'Error');
    result = { focus: 'h1' };
  }
  if (mine !== seq) return;
  clear(main).append(container);
  main.removeAttribute('aria-busy');
  main.dataset.route = window.location.hash; // which URL the page shows (the browser tests wait on it)
  result.after?.();

  // Focus: keep it on the control the user used when it still exists (a facet,
  // a page link), otherwise move it to the new view's heading.
  const again = focusKey && main.querySelector(`[data-focus="${CSS.escape(focusKey)}"]`);
  if (typingInBox) {
    // A search from the box: the focus stays there, the count is announced.
    window.scrollTo(0, 0);
  } else if (again) {
    again.focus();
  } else if (!firstRender && !same && !result.keepScroll) {
    window.scrollTo(0, 0);
    const target = main.querySelector(result.focus || 'h1');
    target?.focus({ preventScroll: true });
  } else if (!firstRender && same && !result.keepScroll) {
    const target = main.querySelector(result.focus || 'h1');
    target?.focus({ preventScroll: false });
  }
  firstRender = false;
  current = { view, id };
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const q = input.value.trim();
  if (isComparison(q)) {
    navigate(href.compare({ q }));
    return;
  }
  const { view, params } = parseHash(window.location.hash);
  const state = view === 'search' ? searchState(params) : { filters: {}, sort: 'relevance' };
  navigate(href.search({ ...state, q, page: 1 }));
});

// "/" jumps to the search box, as on many search sites.
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  e.preventDefault();
  input.focus();
  input.select();
});

// The skip link moves focus without touching the hash (which holds the view).
document.querySelector('.skip-link')?.addEventListener('click', (e) => {
  e.preventDefault();
  (main.querySelector('h1') || main).focus();
});

// A plain form submission (no hash yet) lands here as /?q=…: turn it into the view.
const legacy = new URLSearchParams(window.location.search);
if (!window.location.hash && legacy.has('q')) {
  window.history.replaceState(null, '', `${window.location.pathname}${href.search({ q: legacy.get('q') })}`);
}

window.addEventListener('hashchange', route);
route();

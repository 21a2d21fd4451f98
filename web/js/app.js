// Entry point: the hash router, the header search box, focus and announcements.

import { h, clear } from './dom.js';
import { parseHash, href, isComparison, searchState } from './routes.js';
import { errorBox, loadTopics } from './components.js';
import { renderSearch } from './views/search.js';
import { saveScroll, savedScroll, scrollKey } from './scroll.js';
import { showBoxError, clearBoxError } from './box-error.js';
import { watchCorpus } from './corpus-banner.js';

// The search page comes with the first load; the other views when first shown.
const lazy = (file, name) => async (...args) => (await import(file))[name](...args);
const VIEWS = {
  home: renderSearch,
  search: renderSearch,
  claim: lazy('./views/claim.js', 'renderClaim'),
  topic: lazy('./views/topic.js', 'renderTopic'),
  topics: lazy('./views/topic.js', 'renderTopics'),
  claims: lazy('./views/claims.js', 'renderClaims'),
  compare: lazy('./views/compare.js', 'renderCompare'),
  source: lazy('./views/source.js', 'renderSource'),
  study: lazy('./views/study.js', 'renderStudy'),
  levels: lazy('./views/levels.js', 'renderLevels'),
  check: lazy('./views/check.js', 'renderCheck'),
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
    window.history.replaceState(window.history.state, '', hash);
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
  // Where this history entry was scrolled to when it was left (Back, Forward, reload).
  const key = scrollKey();
  const restore = savedScroll(key);

  // A source page whose highlighted statement changed: no reload.
  if (same && view === 'source' && sourceModule?.updateSource(main, params, { focusTarget: restore === null })) {
    main.dataset.route = hash;
    if (restore !== null) window.scrollTo(0, restore);
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
    // Topic names for chips and headings, on a permalink as from the home page.
    await loadTopics(controller.signal).catch((e) => { if (e.name === 'AbortError') throw e; });
    result = (await render(container, params, ctx)) || {};
    if (view === 'source' && !sourceModule) sourceModule = await import('./views/source.js');
  } catch (e) {
    if (e.name === 'AbortError' || mine !== seq) return;
    // A query the server refuses (`level:abc`): its message beside the box,
    // the page as it was.
    if (e.status === 400 && (view === 'search' || view === 'home') && e.parameter !== 'page') {
      showBoxError(input, e.message);
      announce(e.message);
      if (current && main.firstChild) {
        main.removeAttribute('aria-busy');
        main.dataset.route = window.location.hash;
        if (!typingInBox) input.focus();
        return;
      }
      await renderSearchBlank(container, params, ctx, e).catch(() => null);
      if (mine !== seq) return;
      clear(main).append(container);
      main.removeAttribute('aria-busy');
      main.dataset.route = window.location.hash;
      firstRender = false;
      current = { view, id };
      if (!typingInBox) input.focus({ preventScroll: true });
      return;
    }
    clear(container).append(errorBox(e));
    setTitle(e.status === 404 ? 'Not found' : 'Error');
    announce(e.message || 'Error');
    result = { focus: 'h1' };
  }
  if (mine !== seq) return;
  clearBoxError(input);
  clear(main).append(container);
  main.removeAttribute('aria-busy');
  main.dataset.route = window.location.hash; // which URL the page shows (the browser tests wait on it)
  result.after?.();
  if (restore !== null) {
    // Back or Forward to a page seen before: where the reader was.
    window.scrollTo(0, restore);
    const again = focusKey && main.querySelector(`[data-focus="${CSS.escape(focusKey)}"]`);
    if (!again) main.querySelector(result.focus || 'h1')?.focus({ preventScroll: true });
    firstRender = false;
    current = { view, id };
    return;
  }

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

// The browser's own restoration fights a page drawn after the fetch: ours
// (scroll.js) puts the reader back once the view is drawn.
if ('scrollRestoration' in window.history) window.history.scrollRestoration = 'manual';
window.addEventListener('scroll', () => saveScroll(), { passive: true });
window.addEventListener('pagehide', () => saveScroll(true));

// The search page for a query the server refused: the box says why.
async function renderSearchBlank(container, params, ctx, err) {
  const { renderRefused } = await import('./views/search.js');
  return renderRefused(container, params, ctx, err);
}

window.addEventListener('hashchange', route);
route();
watchCorpus();

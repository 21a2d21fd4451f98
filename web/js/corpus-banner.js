// `evidence serve --watch`: while the corpus has errors, the last good index
// keeps serving and /api/health lists them ("corpus"); this banner shows them
// above the page, and goes when they are fixed. Without --watch, /api/health
// has no "corpus" and nothing is polled.

import { h, clear } from './dom.js';
import { getJSON } from './api.js';

const POLL_MS = 2000;

function render(banner, corpus) {
  const errors = corpus.errors || [];
  clear(banner);
  banner.hidden = errors.length === 0;
  if (!errors.length) return;
  const shown = errors.slice(0, 10);
  banner.append(
    h('p', {}, h('strong', {}, `The corpus has ${errors.length} error${errors.length === 1 ? '' : 's'}`),
      ': the index last built without errors is served until they are fixed.'),
    h('ul', {}, ...shown.map((e) => h('li', {}, h('code', {}, `${e.file}:${e.line}`), `: ${e.message}`))),
  );
  if (errors.length > shown.length) banner.append(h('p', {}, `and ${errors.length - shown.length} more`));
}

export async function watchCorpus() {
  const banner = h('div', { class: 'corpus-banner', role: 'alert', hidden: true });
  document.querySelector('main')?.before(banner);
  for (;;) {
    let health;
    try {
      health = await getJSON('/api/health');
    } catch {
      health = null; // the server is restarting: try again
    }
    if (health && !health.corpus) return;
    if (health) render(banner, health.corpus);
    await new Promise((resolve) => { window.setTimeout(resolve, POLL_MS); });
  }
}

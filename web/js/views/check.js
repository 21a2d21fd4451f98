// "Check a text": a pasted paragraph sent to POST /api/match, each sentence
// that asserts a claim marked in the text, with the claim, the stance, the
// claim's certainty and a link to the claim page; other sentences stay plain.

import { h, clear } from '../dom.js';
import { postText } from '../api.js';
import { href } from '../routes.js';
import { stanceBadge, certaintyBadge } from '../components.js';

// The text survives going to a claim page and back (and a reload).
const STORE_KEY = 'evidence:check-text';

function stored() {
  try { return window.sessionStorage.getItem(STORE_KEY) || ''; } catch { return ''; }
}
function store(text) {
  try { window.sessionStorage.setItem(STORE_KEY, text); } catch { /* private mode: nothing kept */ }
}

// The API counts offsets in bytes of UTF-8; a JavaScript string in UTF-16
// code units. The text is cut on the bytes and each piece decoded back.
export function segments(text, sentences) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder('utf-8', { fatal: true });
  const out = [];
  let at = 0;
  for (const s of sentences) {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < at || s.end < s.start || s.end > bytes.length) continue;
    if (s.start > at) out.push({ text: dec.decode(bytes.subarray(at, s.start)) });
    out.push({ text: dec.decode(bytes.subarray(s.start, s.end)), sentence: s });
    at = s.end;
  }
  if (at < bytes.length) out.push({ text: dec.decode(bytes.subarray(at)) });
  return out;
}

function focusOn(el) {
  if (!el) return;
  el.setAttribute('tabindex', '-1');
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
}

// An in-page jump (the hash holds the view).
function jumpLink(attrs, target) {
  return h('a', { ...attrs, href: '#', onclick: (e) => { e.preventDefault(); focusOn(target()); } });
}

function stanceWords(stance) {
  return stance === 'supports' ? 'asserts' : stance === 'opposes' ? 'denies' : 'is mixed on';
}

// The claim's certainty as the match gives it: rating and direction.
function matchItem(m) {
  return h('li', { class: 'check-claim' },
    h('p', { class: 'check-claim-line' }, stanceBadge(m.stance), ' ',
      h('span', { class: 'sr-only', text: `The sentence ${stanceWords(m.stance)} the claim: ` }),
      h('a', { class: 'check-claim-link', href: href.claim(m.claim.id), text: m.claim.statement })),
    h('p', { class: 'badges' }, certaintyBadge(m.claim.certainty, m.claim.direction)));
}

function results(text, data, root) {
  const matched = (data.sentences || []).filter((s) => s.matches?.length);
  const number = new Map(matched.map((s, i) => [s, i + 1]));
  const parts = segments(text, data.sentences || []);
  const itemOf = (n) => root.querySelector(`#check-item-${n}`);
  const markOf = (n) => root.querySelector(`#check-mark-${n}`);
  const body = h('div', { class: 'check-text', id: 'check-text-marked' }, parts.map((p) => {
    const n = p.sentence && number.get(p.sentence);
    if (!n) return p.text;
    const first = p.sentence.matches[0];
    return h('mark', { class: ['check-mark', `stance-${first.stance}`], id: `check-mark-${n}`, 'data-claim': first.claim.id },
      p.text,
      jumpLink({ class: 'check-ref', 'aria-label': `Sentence ${n}: see the claim it matches`, text: String(n) }, () => itemOf(n)));
  }));
  const count = matched.length;
  const all = (data.sentences || []).length;
  return [
    h('h2', { id: 'check-results-h', tabindex: '-1',
      text: count ? `${count} of ${all} ${all === 1 ? 'sentence' : 'sentences'} matched to a claim` : `No sentence matched a claim (${all} read)` }),
    body,
    count ? h('ol', { class: 'check-list', 'aria-label': 'Matched sentences' }, matched.map((s) => {
      const n = number.get(s);
      return h('li', { class: 'check-item', id: `check-item-${n}` },
        h('blockquote', { class: 'check-sentence', text: s.text }),
        h('ul', { class: 'check-claims' }, s.matches.map((m) => matchItem(m))),
        h('p', { class: 'small' }, jumpLink({ class: 'jump', text: '↑ Back to the sentence' }, () => markOf(n))));
    })) : h('p', { class: 'muted', text: 'Sentences that assert nothing a claim of the catalogue says stay plain.' }),
  ];
}

export async function renderCheck(main, params, ctx) {
  ctx.setTitle('Check a text');
  const area = h('textarea', {
    id: 'check-input', name: 'text', rows: '8', spellcheck: 'true', 'aria-describedby': 'check-help',
  });
  area.value = stored();
  const error = h('p', { class: 'check-error', id: 'check-error', role: 'alert', hidden: true });
  const out = h('section', { class: 'check-results', 'aria-labelledby': 'check-results-h', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', text: 'Check' });
  let controller = null;

  async function check({ announce = true } = {}) {
    const text = area.value;
    store(text);
    controller?.abort();
    controller = new AbortController();
    error.hidden = true;
    area.removeAttribute('aria-invalid');
    if (!text.trim()) {
      clear(out);
      error.textContent = 'Paste a paragraph first.';
      error.hidden = false;
      area.setAttribute('aria-invalid', 'true');
      return;
    }
    button.disabled = true;
    main.setAttribute('aria-busy', 'true');
    try {
      const data = await postText('/api/match', text, { signal: controller.signal });
      clear(out).append(...results(text, data, out));
      if (announce) ctx.announce(out.querySelector('h2')?.textContent || '');
    } catch (e) {
      if (e.name === 'AbortError') return;
      clear(out);
      error.textContent = `The text was refused: ${e.message}`;
      error.hidden = false;
      area.setAttribute('aria-invalid', 'true');
      ctx.announce(error.textContent);
    } finally {
      button.disabled = false;
      main.removeAttribute('aria-busy');
    }
  }

  const form = h('form', {
    class: 'check-form',
    onsubmit: (e) => { e.preventDefault(); check().then(() => out.querySelector('h2')?.focus()); },
  },
  h('label', { for: 'check-input', text: 'Your text' }),
  h('p', { id: 'check-help', class: 'muted', text: 'Paste a paragraph or a draft (up to 64 KiB). Each sentence that makes a claim of the catalogue is marked, with what the evidence says. Ctrl+Enter checks it.' }),
  area, error, h('p', {}, button));
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  main.append(h('article', { class: 'check-page' },
    h('h1', { tabindex: '-1', text: 'Check a text' }),
    form, out));
  // Back from a claim page: the text and its marks as they were.
  if (area.value.trim()) await check({ announce: false });
  return { focus: out.firstChild ? 'h1' : '#check-input' };
}

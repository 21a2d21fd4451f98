// DOM building without HTML strings: every value from the corpus or a query
// goes in as text. The two places that take HTML from the server (search
// snippets, rendered documents) go through the sanitisers below, which build
// fresh nodes from an allow-list and never hand a string to innerHTML.

// h('a', {href, class, text, onclick}, ...children)
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') el.textContent = String(v);
      else if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false || c === '') continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

function parse(html) {
  // A DOMParser document is inert: its scripts never run, its images never load.
  return new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html').body;
}

// A search snippet: text and <mark> only. Anything else becomes its text.
export function snippetNodes(html) {
  const frag = document.createDocumentFragment();
  const walk = (node, into, inMark) => {
    for (const n of node.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) into.append(document.createTextNode(n.data));
      else if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.localName === 'mark' && !inMark) {
          const m = document.createElement('mark');
          walk(n, m, true);
          into.append(m);
        } else if (!DROP.has(n.localName)) {
          walk(n, into, inMark);
        }
      }
    }
  };
  walk(parse(String(html ?? '')), frag, false);
  return frag;
}

// Elements removed with their content.
const DROP = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'template',
  'form', 'input', 'button', 'textarea', 'select', 'option', 'link', 'meta', 'base', 'svg', 'math',
  'audio', 'video', 'source', 'track', 'canvas', 'picture', 'portal', 'dialog', 'title', 'head',
]);
// Elements kept (with the attributes listed); any other is unwrapped.
const KEEP = {
  a: ['href', 'title'], abbr: ['title'], b: [], blockquote: [], br: [], cite: [], code: [], dd: [], del: [],
  div: [], dl: [], dt: [], em: [], figcaption: [], figure: [], h1: [], h2: [], h3: [], h4: [], h5: [], h6: [],
  hr: [], i: [], ins: [], kbd: [], li: ['value'], mark: [], ol: ['start', 'reversed'], p: [], pre: [], q: [],
  s: [], samp: [], small: [], span: [], strong: [], sub: [], sup: [], table: [], tbody: [], td: ['colspan', 'rowspan'],
  tfoot: [], th: ['colspan', 'rowspan', 'scope'], thead: [], tr: [], u: [], ul: [],
};
// Headings inside a document are shifted down so the page keeps one h1.
const SHIFT = { h1: 'h2', h2: 'h3', h3: 'h4', h4: 'h5', h5: 'h6', h6: 'h6' };

export function safeUrl(href) {
  try {
    const u = new URL(href, window.location.href);
    if (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:') return u.href;
  } catch { /* not a URL */ }
  return null;
}

// Rendered Markdown from the server: rebuilt from the allow-list above.
export function sanitizeHTML(html) {
  const frag = document.createDocumentFragment();
  const walk = (node, into) => {
    for (const n of node.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) {
        into.append(document.createTextNode(n.data));
        continue;
      }
      if (n.nodeType !== Node.ELEMENT_NODE) continue; // comments, processing instructions
      const tag = n.localName;
      if (DROP.has(tag)) continue;
      if (tag === 'img') {
        // Images are not part of the corpus (and the CSP would block remote ones).
        const alt = n.getAttribute('alt');
        if (alt) into.append(document.createTextNode(`[image: ${alt}]`));
        continue;
      }
      const allowed = KEEP[tag];
      if (!allowed) {
        walk(n, into);
        continue;
      }
      const el = document.createElement(SHIFT[tag] || tag);
      for (const name of allowed) {
        const v = n.getAttribute(name);
        if (v === null) continue;
        if (name === 'href') {
          const url = safeUrl(v);
          if (!url || v.startsWith('#')) continue;
          el.setAttribute('href', url);
          el.setAttribute('rel', 'noopener noreferrer nofollow');
        } else {
          el.setAttribute(name, v);
        }
      }
      walk(n, el);
      into.append(el);
    }
  };
  walk(parse(String(html ?? '')), frag);
  return frag;
}

// Finding an annotated quote in the rendered document and marking it.
// The quotes are verbatim with one normalisation (corpus/README.md, "Quotes"):
// typographic quotes become plain ones and every run of whitespace one space.
// The document's text is normalised the same way, with a map back from each
// normalised character to its text node, so a match can be wrapped in <mark>
// even when it crosses element boundaries (*emphasis*, links).

const QUOTES = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"',
};
const SPACE = /[ \t\n\r\f\v\u00A0\u2009\u202F\u2007]/;

export function normalise(s) {
  let out = '';
  let pending = false;
  for (const ch of String(s ?? '')) {
    const c = QUOTES[ch] || ch;
    if (SPACE.test(c)) {
      pending = out.length > 0;
    } else {
      if (pending) out += ' ';
      pending = false;
      out += c;
    }
  }
  return out;
}

// Elements whose edges separate words even without whitespace in the HTML.
const BLOCK = new Set(['address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'ol', 'p', 'pre', 'section',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul']);

// {text, map}: map[i] is [textNode, offset] for character i, or null for a
// space that stands for a block edge. Elements marked data-no-text (the
// reference links this page adds) are not part of the document's text.
export function textIndex(root) {
  const chars = [];
  const map = [];
  let pending = null; // the whitespace run waiting to become one space
  const space = (where) => { if (!pending) pending = where; };
  const walk = (node) => {
    for (const n of node.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) {
        const data = n.data;
        for (let o = 0; o < data.length; o++) {
          const c = QUOTES[data[o]] || data[o];
          if (SPACE.test(c)) {
            space([n, o]);
          } else {
            if (pending && chars.length) {
              chars.push(' ');
              map.push(pending === true ? null : pending);
            }
            pending = null;
            chars.push(c);
            map.push([n, o]);
          }
        }
      } else if (n.nodeType === Node.ELEMENT_NODE && !n.hasAttribute('data-no-text')) {
        const block = BLOCK.has(n.localName);
        if (block) space(true);
        walk(n);
        if (block) space(true);
      }
    }
  };
  walk(root);
  return { text: chars.join(''), map };
}

function endsAt(text, end, part) {
  if (end > 0 && text[end - 1] === ' ') end -= 1;
  return end >= part.length && text.slice(end - part.length, end) === part;
}

function startsAt(text, start, part) {
  if (start < text.length && text[start] === ' ') start += 1;
  return text.startsWith(part, start);
}

// The same rules as the indexer: the quote alone, or the one place whose
// prefix/suffix match. {status: 'found'|'not-found'|'ambiguous', offset, length}
export function locate(text, quote, prefix, suffix) {
  const q = normalise(quote);
  const pre = normalise(prefix);
  const suf = normalise(suffix);
  if (!q) return { status: 'not-found' };
  const picked = [];
  let count = 0;
  for (let pos = text.indexOf(q); pos !== -1; pos = text.indexOf(q, pos + 1)) {
    count += 1;
    if ((!pre || endsAt(text, pos, pre)) && (!suf || startsAt(text, pos + q.length, suf))) picked.push(pos);
  }
  if (picked.length === 1) return { status: 'found', offset: picked[0], length: q.length };
  if (picked.length > 1) return { status: 'ambiguous', offset: picked[0], length: q.length, count };
  return { status: 'not-found', count };
}

// Wraps characters [start, start+length) of the index in elements made by
// make(); returns them in document order.
export function wrap(index, start, length, make) {
  const runs = [];
  for (let i = start; i < start + length; i++) {
    const m = index.map[i];
    if (!m) continue;
    const [node, o] = m;
    const last = runs[runs.length - 1];
    if (last && last.node === node) last.to = o + 1;
    else runs.push({ node, from: o, to: o + 1 });
  }
  const marks = [];
  for (const r of runs) {
    const mid = r.from > 0 ? r.node.splitText(r.from) : r.node;
    if (r.to - r.from < mid.data.length) mid.splitText(r.to - r.from);
    const el = make();
    mid.parentNode.insertBefore(el, mid);
    el.append(mid);
    marks.push(el);
  }
  return marks;
}

// Finds and marks one quote inside root: the marks, or null when not found.
export function highlightQuote(root, { quote, prefix, suffix }, make) {
  const index = textIndex(root);
  const found = locate(index.text, quote, prefix, suffix);
  if (found.status === 'not-found') return null;
  return wrap(index, found.offset, found.length, make);
}

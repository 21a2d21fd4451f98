// The diverging bar: opposing statements to the left of the axis, supporting
// ones to the right, each side stacked by evidence level with the strongest
// next to the axis. Drawn as SVG from counts; no score is computed.

import { svg, h } from './dom.js';
import { LEVELS, levelName, STANCES } from './labels.js';

const LEVEL_KEYS = ['1', '2', '3', '4', '5', '6', '7'];

export function emptyCounts() {
  return { supports: {}, opposes: {}, mixed: {} };
}

// Counts from a list of assertions (when the API gives none).
export function countAssertions(assertions) {
  const c = emptyCounts();
  for (const a of assertions || []) {
    const side = c[a.stance];
    if (!side) continue;
    const k = String(a.level ?? 0);
    side[k] = (side[k] || 0) + 1;
  }
  return c;
}

export function normaliseCounts(counts) {
  const c = emptyCounts();
  for (const stance of Object.keys(c)) {
    for (const [k, n] of Object.entries(counts?.[stance] || {})) {
      const v = Number(n) || 0;
      if (v > 0) c[stance][String(k)] = v;
    }
  }
  return c;
}

export function total(side) {
  return Object.values(side || {}).reduce((a, b) => a + (Number(b) || 0), 0);
}

export function strongestLevel(side) {
  const levels = Object.keys(side || {}).filter((k) => side[k] > 0).map(Number).filter((n) => n > 0);
  return levels.length ? Math.min(...levels) : null;
}

// "strongest for: randomized controlled trial; strongest against: none" — from the counts only.
export function verdictLine(counts) {
  const part = (stance) => {
    const l = strongestLevel(counts[stance]);
    return l ? `${levelName(l)} (level ${l})` : 'none';
  };
  if (!total(counts.supports) && !total(counts.opposes) && !total(counts.mixed)) return 'No statements annotated yet.';
  let s = `Strongest for: ${part('supports')}; strongest against: ${part('opposes')}`;
  if (total(counts.mixed)) s += `; mixed: ${part('mixed')}`;
  return `${s}.`;
}

function describe(side) {
  const parts = LEVEL_KEYS.filter((k) => side[k]).map((k) => `${side[k]} ${LEVELS[k].short.toLowerCase()}`);
  return parts.length ? parts.join(', ') : 'none';
}

export function chartSummary(counts) {
  let s = `For: ${total(counts.supports)} (${describe(counts.supports)}). Against: ${total(counts.opposes)} (${describe(counts.opposes)}).`;
  if (total(counts.mixed)) s += ` Mixed: ${total(counts.mixed)} (${describe(counts.mixed)}).`;
  return s;
}

const W = 320;
const MID = W / 2;
const HALF = MID - 4;
const ROW = 22;

function segments(side, stance, dir, scale, y, height) {
  const out = [];
  let x = 0;
  for (const k of LEVEL_KEYS) {
    const n = side[k];
    if (!n) continue;
    const w = n * scale;
    const left = dir > 0 ? MID + x : MID - x - w;
    out.push(svg('rect', { x: left.toFixed(2), y, width: Math.max(w - 0.75, 0.75).toFixed(2), height,
      class: `seg ${stance} lv${k}` },
    svg('title', { text: `${STANCES[stance].label} · level ${k} (${levelName(Number(k))}): ${n}` })));
    x += w;
  }
  return out;
}

// counts: {supports: {"2": 1}, opposes: {...}, mixed: {...}}; max: the scale shared by
// the charts shown together, so that their bars compare.
export function divergingChart(counts, { max, label } = {}) {
  const c = normaliseCounts(counts);
  const m = Math.max(1, max || 0, total(c.supports), total(c.opposes), total(c.mixed));
  const scale = HALF / m;
  const hasMixed = total(c.mixed) > 0;
  const height = ROW + (hasMixed ? 12 : 0) + 4;
  const summary = chartSummary(c);
  const mixedRow = [];
  if (hasMixed) {
    // Mixed statements sit on the axis, half each side, below the main bar.
    const w = total(c.mixed) * scale;
    let x = MID - w / 2;
    for (const k of LEVEL_KEYS) {
      const n = c.mixed[k];
      if (!n) continue;
      mixedRow.push(svg('rect', { x: x.toFixed(2), y: ROW + 4, width: Math.max(n * scale - 0.75, 0.75).toFixed(2), height: 8,
        class: `seg mixed lv${k}` }, svg('title', { text: `Mixed · level ${k} (${levelName(Number(k))}): ${n}` })));
      x += n * scale;
    }
  }
  const chart = svg('svg', { viewBox: `0 0 ${W} ${height}`, class: 'diverging', role: 'img',
    'aria-label': `${label ? `${label}: ` : ''}${summary}`, preserveAspectRatio: 'none' },
  svg('rect', { x: 0, y: 2, width: W, height: ROW - 2, class: 'track' }),
  ...segments(c.opposes, 'opposes', -1, scale, 2, ROW - 2),
  ...segments(c.supports, 'supports', 1, scale, 2, ROW - 2),
  ...mixedRow,
  svg('line', { x1: MID, x2: MID, y1: 0, y2: height, class: 'axis' }));
  return h('figure', { class: 'chart' },
    h('div', { class: 'chart-ends', 'aria-hidden': 'true' },
      h('span', { class: 'against', text: `← against ${total(c.opposes)}` }),
      h('span', { class: 'for', text: `for ${total(c.supports)} →` })),
    chart,
    h('figcaption', { class: 'chart-caption', text: summary }));
}

export function chartLegend() {
  return h('div', { class: 'legend', 'aria-label': 'Chart legend' },
    h('span', { class: 'legend-title', text: 'Darker = stronger evidence:' }),
    ...LEVEL_KEYS.map((k) => h('span', { class: 'legend-item' },
      h('span', { class: `swatch supports lv${k}`, 'aria-hidden': 'true' }),
      h('span', { class: `swatch opposes lv${k}`, 'aria-hidden': 'true' }),
      ` ${k} ${LEVELS[k].short}`)));
}

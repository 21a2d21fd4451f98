// Scroll positions per history entry, so that Back and Forward (and a
// reload) put the reader where they were on every view. Each entry gets a
// key in history.state; positions are kept in sessionStorage under it.

const PREFIX = 'evidence:scroll:';
let counter = 0;
let pending = 0;

function newKey() {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}`;
}

// The key of the current entry, given one if it has none.
export function scrollKey() {
  const state = window.history.state;
  if (state && typeof state === 'object' && typeof state.scrollKey === 'string') return state.scrollKey;
  const key = newKey();
  window.history.replaceState({ ...(state && typeof state === 'object' ? state : {}), scrollKey: key }, '');
  return key;
}

function write(key, y) {
  try {
    window.sessionStorage.setItem(PREFIX + key, String(Math.round(y)));
  } catch { /* storage full or disabled: Back then starts at the top */ }
}

// Called on scroll (at most once a frame) and when the page is left.
export function saveScroll(now = false) {
  const state = window.history.state;
  const key = state && typeof state === 'object' ? state.scrollKey : null;
  if (!key) return;
  if (now) {
    write(key, window.scrollY);
    return;
  }
  if (pending) return;
  pending = window.requestAnimationFrame(() => {
    pending = 0;
    const s = window.history.state;
    if (s && s.scrollKey === key) write(key, window.scrollY);
  });
}

// The position saved for this entry, or null for an entry not seen before.
export function savedScroll(key) {
  try {
    const v = window.sessionStorage.getItem(PREFIX + key);
    return v === null ? null : Number(v);
  } catch {
    return null;
  }
}

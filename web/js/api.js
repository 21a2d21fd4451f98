// The JSON API (README.md, "The JSON API"): one fetch wrapper, errors as ApiError.

export class ApiError extends Error {
  constructor(status, code, message, parameter) {
    super(message);
    this.status = status;
    this.code = code;
    this.parameter = parameter;
  }
}

// An array is sent as the parameter repeated, one value each (a facet value
// may hold a comma).
export function apiUrl(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const one of v) qs.append(k, String(one));
    else qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export async function getJSON(path, params, { signal } = {}) {
  return request(apiUrl(path, params), { signal, headers: { Accept: 'application/json' } });
}

// POST a text (text/plain, UTF-8) to a JSON route such as /api/match.
export async function postText(path, text, { signal } = {}) {
  return request(path, {
    method: 'POST', signal, body: text,
    headers: { Accept: 'application/json', 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

async function request(url, init) {
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server cannot be reached. Is `evidence serve` running?');
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(res.status, 'bad_response', `The server answered ${res.status} without JSON.`);
  }
  if (!res.ok) {
    const e = body?.error || {};
    throw new ApiError(res.status, e.code || `http_${res.status}`, e.message || `The server answered ${res.status}.`, e.parameter);
  }
  return body;
}

// Small per-session cache for lists that do not change while the page is open.
const cache = new Map();
export function cached(key, load) {
  if (!cache.has(key)) {
    const p = load().catch((e) => {
      cache.delete(key);
      throw e;
    });
    cache.set(key, p);
  }
  return cache.get(key);
}

export function exportUrl(format, params) {
  return apiUrl('/api/export', { format, ...params });
}

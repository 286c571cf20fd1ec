// Calls to the gateway (same origin). The card session token lives in this module's memory only: never in
// localStorage, sessionStorage or a cookie; it is dropped the moment the card leaves the reader.

let token = null;
let onSessionLost = () => {};

export function setToken(t) { token = t; }
export function hasToken() { return token !== null; }
export function clearToken() { token = null; }
export function whenSessionLost(fn) { onSessionLost = fn; }

/** A refused or failed call: the problem+json body and what the console shows about it. */
export class Problem extends Error {
  constructor(status, body, headers) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
    this.slug = (this.body.type || '').replace('urn:linkgate:problem:', '') || `http-${status}`;
    const retry = headers?.get('Retry-After');
    this.retryAfter = retry && /^\d+$/.test(retry) ? Number(retry) : null;
    this.usageId = headers?.get('X-Usage-Id') || null;
  }
}

export async function call(path, { method = 'GET', json, accept = 'application/json', headers = {}, signal } = {}) {
  const h = { Accept: accept, ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  let body;
  if (json !== undefined) {
    h['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  let res;
  try {
    res = await fetch(path, { method, headers: h, body, cache: 'no-store', credentials: 'omit', signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new Problem(0, { type: 'urn:linkgate:problem:gateway-unreachable', detail: String(e.message || e) });
  }
  if (!res.ok) {
    let problem = null;
    try { problem = await res.json(); } catch { /* not JSON */ }
    const p = new Problem(res.status, problem, res.headers);
    if (res.status === 401 && p.slug.startsWith('session-') && token) onSessionLost(p);
    throw p;
  }
  return res;
}

export async function getJson(path, opts) {
  const res = await call(path, opts);
  return res.status === 204 ? null : res.json();
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

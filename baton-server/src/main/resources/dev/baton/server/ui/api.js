// The Baton HTTP API, same origin. Every failure becomes an ApiError with the server's code and
// message, or code UNREACHABLE when no answer came at all.

const TOKEN_KEY = "baton.token";
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/** Called with (ok: boolean, error?) after every request: the header shows an unreachable server. */
export function onReachability(fn) {
  listeners.add(fn);
}

function report(ok, error) {
  for (const fn of listeners) fn(ok, error);
}

export function token() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || "";
  } catch {
    return "";
  }
}

export function setToken(value) {
  try {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage can be refused (private mode); the token then lasts for nothing.
  }
}

export async function request(path, { method = "GET", body, signal, quiet = false } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const bearer = token();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: "no-store",
    });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    const error = new ApiError(0, "UNREACHABLE", "The Baton server cannot be reached.", null);
    if (!quiet) report(false, error);
    throw error;
  }
  const text = await response.text().catch(() => "");
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!quiet) report(true);
  if (response.status === 401) window.dispatchEvent(new Event("baton:unauthorized"));
  if (!response.ok) {
    const code = (data && data.error) || `HTTP_${response.status}`;
    const message = (data && data.message) || response.statusText || `HTTP ${response.status}`;
    throw new ApiError(response.status, code, message, data);
  }
  return data;
}

export const get = (path, options) => request(path, options);

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value == null || value === "") continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/**
 * Every page of a paged list, following `next`, until `max` items: calls onPage(items) per page.
 * A server that refuses the asked limit (400) is asked again with its default.
 */
export async function getAll(path, { limit, key = "items", max = Infinity, signal, onPage, after }) {
  let cursor = after ?? null;
  let useLimit = limit;
  let total = 0;
  for (;;) {
    const q = query({ limit: useLimit, after: cursor });
    const url = q && path.includes("?") ? `${path}&${q.slice(1)}` : path + q;
    let page;
    try {
      page = await request(url, { signal });
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && useLimit) {
        useLimit = undefined;
        continue;
      }
      throw e;
    }
    const items = (page && page[key]) || [];
    total += items.length;
    if (onPage) onPage(items, page);
    if (page == null || page.next == null || items.length === 0 || total >= max) {
      return { total, next: page ? page.next : null };
    }
    cursor = page.next;
  }
}

export const path = {
  workflows: (params) => `/workflows${query(params)}`,
  instance: (id) => `/workflows/${encodeURIComponent(id)}`,
  tasks: (id) => `/workflows/${encodeURIComponent(id)}/tasks`,
  history: (id) => `/workflows/${encodeURIComponent(id)}/history`,
  command: (id, action) => `/workflows/${encodeURIComponent(id)}/${action}?wait=true`,
  definitions: () => "/definitions",
  definitionMetrics: (id) => `/definitions/${encodeURIComponent(id)}/metrics`,
  definitionWindows: (id, limit) => `/definitions/${encodeURIComponent(id)}/metrics/windows?limit=${limit}`,
  deadLetters: () => "/dead-letters",
  events: (instanceId) => (instanceId ? `/events?instanceId=${encodeURIComponent(instanceId)}` : "/events"),
};

// The Baton dashboard: hash routes, the header (dead letters, connection) and the live stream
// that every view listens to.

import * as api from "./api.js";
import { LiveStream } from "./live.js";
import { esc, number } from "./util.js";
import { mountList } from "./list.js";
import { mountInstance } from "./instance.js";
import { mountDefinitions } from "./definitions.js";
import { mountDeadLetters } from "./dead-letters.js";

const live = new LiveStream();
const viewEl = document.getElementById("view");
const connectionEl = document.getElementById("connection");
const deadLetterEl = document.getElementById("dead-letter-count");
let current = null;
let currentKey = null;
let sseState = "connecting";
let unreachable = false;
let unauthorized = false;

/** What a hash names: a view and its parameters. */
export function parseRoute(hash) {
  const text = (hash || "").replace(/^#/, "") || "/";
  const q = text.indexOf("?");
  const pathPart = q < 0 ? text : text.slice(0, q);
  const query = new URLSearchParams(q < 0 ? "" : text.slice(q + 1));
  const parts = pathPart.split("/").filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "workflows")) {
    return { name: "list", query, nav: "list" };
  }
  if (parts[0] === "workflows" && parts.length === 2) {
    return { name: "instance", id: parts[1], query, nav: "list" };
  }
  if (parts[0] === "definitions" && parts.length === 1) return { name: "definitions", query, nav: "definitions" };
  if (parts[0] === "dead-letters" && parts.length === 1) return { name: "dead-letters", query, nav: "dead-letters" };
  return { name: "not-found", path: pathPart, query };
}

const VIEWS = {
  list: mountList,
  instance: mountInstance,
  definitions: mountDefinitions,
  "dead-letters": mountDeadLetters,
  "not-found": (root, ctx, route) => {
    root.innerHTML =
      `<section class="panel empty-state"><h1>Page not found</h1>` +
      `<p>The dashboard has no page at <code>${esc(route.path)}</code>.</p>` +
      `<p><a href="#/">Go to the workflows</a></p></section>`;
    ctx.setState("not-found");
    return {};
  },
};

const ctx = {
  live,
  setTitle(text) {
    document.title = text ? `${text} · Baton` : "Baton";
  },
  setState(state) {
    viewEl.dataset.state = state;
  },
  navigate(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
};

function route() {
  const r = parseRoute(location.hash);
  const key = `${r.name}|${r.id || ""}|${r.query.toString()}`;
  if (key === currentKey) return;
  if (current && current.unmount) current.unmount();
  currentKey = key;
  for (const a of document.querySelectorAll("[data-nav]")) {
    if (a.dataset.nav === r.nav) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  viewEl.innerHTML = "";
  viewEl.dataset.state = "loading";
  viewEl.dataset.view = r.name;
  // The instance page listens to its own records only; every other page to everything.
  live.connect(api.path.events(r.name === "instance" ? r.id : null));
  current = VIEWS[r.name](viewEl, ctx, r) || {};
}

function showConnection() {
  let state = sseState;
  let text;
  if (unauthorized) {
    state = "down";
    text = "Unauthorized: this server needs an access token";
  } else if (unreachable) {
    state = "down";
    text = "Server unreachable — reconnecting…";
  } else if (state === "live") {
    text = "Live";
  } else if (state === "suspended") {
    text = "Paused while hidden";
  } else if (state === "down") {
    text = "Disconnected — reconnecting…";
  } else {
    text = "Connecting…";
  }
  connectionEl.dataset.state = state;
  connectionEl.querySelector(".connection-text").textContent = text;
  connectionEl.title =
    state === "live"
      ? "Receiving live updates from the server"
      : "Live updates are paused; the page refreshes itself when the server is back";
  document.body.dataset.connection = state;
}

function setDeadLetters(count) {
  if (count == null || !Number.isFinite(Number(count))) return;
  const previous = Number(deadLetterEl.dataset.count || 0);
  deadLetterEl.dataset.count = String(count);
  deadLetterEl.textContent = number(count);
  deadLetterEl.closest("a").dataset.has = count > 0 ? "true" : "false";
  deadLetterEl.closest("a").setAttribute("aria-label", `Dead letters: ${count}`);
  if (count > previous && deadLetterEl.dataset.seen === "true") {
    deadLetterEl.classList.remove("bump");
    // Restart the animation: the class comes back on the next frame.
    requestAnimationFrame(() => deadLetterEl.classList.add("bump"));
  }
  deadLetterEl.dataset.seen = "true";
}

async function loadDeadLetters() {
  try {
    const answer = await api.get(api.path.deadLetters(), { quiet: true });
    setDeadLetters(answer && answer.count != null ? answer.count : (answer?.items || []).length);
  } catch (e) {
    if (deadLetterEl.dataset.count === "") deadLetterEl.textContent = "?";
    deadLetterEl.title = `Dead letters unavailable: ${e.message}`;
  }
}

function start() {
  api.onReachability((ok, error) => {
    const before = unreachable;
    unreachable = !ok && error && error.code === "UNREACHABLE";
    if (before !== unreachable) showConnection();
  });
  live.onState((state) => {
    sseState = state;
    if (state === "live") unreachable = false;
    showConnection();
  });
  live.onReconnect(() => {
    loadDeadLetters();
    if (current && current.refresh) current.refresh();
  });
  live.on("dead-letter", (data) => setDeadLetters(data.count));
  window.addEventListener("hashchange", route);
  window.addEventListener("baton:unauthorized", () => {
    unauthorized = true;
    document.getElementById("auth").hidden = false;
    showConnection();
  });
  document.getElementById("auth-form").addEventListener("submit", (e) => {
    e.preventDefault();
    api.setToken(document.getElementById("auth-token").value.trim());
    unauthorized = false;
    document.getElementById("auth").hidden = true;
    showConnection();
    currentKey = null;
    live.url = null;
    loadDeadLetters();
    route();
  });
  // A page left for another (it may be kept in the back-forward cache) or a tab hidden for
  // 30 s gives its stream's connection back; coming back opens it and fetches the view again.
  let hiddenTimer = null;
  window.addEventListener("pagehide", () => live.suspend());
  window.addEventListener("pageshow", (e) => {
    if (e.persisted) live.resume();
  });
  document.addEventListener("visibilitychange", () => {
    clearTimeout(hiddenTimer);
    if (document.hidden) hiddenTimer = setTimeout(() => live.suspend(), 30000);
    else live.resume();
  });
  // Durations and ETAs of what is running move on by themselves.
  setInterval(() => {
    if (current && current.tick && !document.hidden) current.tick();
  }, 1000);
  loadDeadLetters();
  route();
}

start();

// Small helpers shared by every view: escaping, formatting, status labels and icons.

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for HTML and SVG markup, in text and in quoted attributes. */
export function esc(value) {
  return value == null ? "" : String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The status of a workflow instance: its label, icon and the words a screen reader says. */
export const WORKFLOW_STATUS = {
  PENDING: { icon: "◷", label: "Pending" },
  RUNNING: { icon: "▶", label: "Running" },
  PAUSED: { icon: "❚❚", label: "Paused" },
  COMPLETED: { icon: "✓", label: "Completed" },
  FAILED: { icon: "✕", label: "Failed" },
  CANCELLED: { icon: "⊘", label: "Cancelled" },
};

export const TASK_STATUS = {
  WAITING: { icon: "○", label: "Waiting" },
  READY: { icon: "◔", label: "Ready" },
  RUNNING: { icon: "▶", label: "Running" },
  COMPLETED: { icon: "✓", label: "Completed" },
  FAILED: { icon: "✕", label: "Failed" },
  CANCELLED: { icon: "⊘", label: "Cancelled" },
};

export const WORKFLOW_STATUSES = Object.keys(WORKFLOW_STATUS);
export const TASK_STATUSES = Object.keys(TASK_STATUS);
export const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

function statusMeta(status, table) {
  return table[status] || { icon: "?", label: status || "Unknown" };
}

/** A status badge: icon and word, so the status never rests on colour alone. */
export function badge(status, kind = "workflow") {
  const meta = statusMeta(status, kind === "task" ? TASK_STATUS : WORKFLOW_STATUS);
  return (
    `<span class="badge" data-status="${esc(status)}">` +
    `<span class="badge-icon" aria-hidden="true">${meta.icon}</span>${esc(meta.label)}</span>`
  );
}

export function statusIcon(status, kind = "workflow") {
  return statusMeta(status, kind === "task" ? TASK_STATUS : WORKFLOW_STATUS).icon;
}

export function statusLabel(status, kind = "workflow") {
  return statusMeta(status, kind === "task" ? TASK_STATUS : WORKFLOW_STATUS).label;
}

/** A duration in milliseconds as an operator reads it: 850 ms, 12.4 s, 3m 20s, 2h 05m, 3d 4h. */
export function duration(ms) {
  if (ms == null || !Number.isFinite(ms)) return "—";
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const TIME = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});
const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** An epoch-millisecond time: the clock time today, else the date and minute. */
export function time(at) {
  if (at == null) return "—";
  const d = new Date(at);
  const today = new Date();
  return d.toDateString() === today.toDateString() ? TIME.format(d) : DATE_TIME.format(d);
}

/** The full time, for a tooltip. */
export function isoTime(at) {
  return at == null ? "" : new Date(at).toISOString();
}

/** A `<time>` element with the full time in its tooltip. */
export function timeCell(at) {
  if (at == null) return `<span class="muted">—</span>`;
  return `<time datetime="${isoTime(at)}" title="${isoTime(at)}">${esc(time(at))}</time>`;
}

/** A milliseconds-precision clock time, for event histories. */
export function preciseTime(at) {
  if (at == null) return "—";
  const d = new Date(at);
  return `${TIME.format(d)}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

export function percent(progress) {
  if (progress == null || !Number.isFinite(progress)) return "—";
  const p = Math.max(0, Math.min(1, progress)) * 100;
  return `${p >= 99.95 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** A progress bar with its figure as text; its status sets the colour. */
export function progressBar(progress, status) {
  const p = Math.max(0, Math.min(1, progress || 0));
  return (
    `<span class="progress" data-status="${esc(status)}" role="progressbar" aria-valuemin="0" ` +
    `aria-valuemax="100" aria-valuenow="${Math.round(p * 100)}" aria-label="Progress">` +
    `<span class="progress-track"><span class="progress-fill" style="width:${(p * 100).toFixed(2)}%"></span></span>` +
    `<span class="progress-text">${percent(p)}</span></span>`
  );
}

/** Updates a bar made by progressBar in place. */
export function setProgress(el, progress, status) {
  if (!el) return;
  const p = Math.max(0, Math.min(1, progress || 0));
  el.dataset.status = status;
  el.setAttribute("aria-valuenow", String(Math.round(p * 100)));
  el.querySelector(".progress-fill").style.width = `${(p * 100).toFixed(2)}%`;
  el.querySelector(".progress-text").textContent = percent(p);
}

export function number(n) {
  return n == null ? "—" : Number(n).toLocaleString("en-US");
}

/** JSON for a `<pre>`, shortened past a size a page can show. */
export function prettyJson(value, max = 20000) {
  if (value === undefined) return "";
  let text = JSON.stringify(value, null, 2);
  if (text.length > max) text = `${text.slice(0, max)}\n… (${number(text.length - max)} more characters)`;
  return text;
}

/** Parses "a=1&b=2" with repeated keys kept. */
export function parseQuery(query) {
  const params = new URLSearchParams(query || "");
  const out = {};
  for (const [k, v] of params) {
    (out[k] ||= []).push(v);
  }
  return out;
}

const shown = new WeakMap();

/**
 * Sets an element's markup only when it differs from what was set last: a live view rebuilds
 * its markup often, and an equal string costs no layout or paint.
 */
export function setHtml(el, html) {
  if (!el || shown.get(el) === html) return false;
  el.innerHTML = html;
  shown.set(el, html);
  return true;
}

/** Runs fn at most once per animation frame, with the latest arguments dropped: fn reads state. */
export function frameBatcher(fn) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fn();
    });
  };
}

/**
 * Runs fn at most once per `ms` and then on an animation frame: live updates that come by the
 * hundred per second are drawn a few times a second.
 */
export function paced(fn, ms) {
  let timer = null;
  let last = 0;
  return () => {
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(() => {
      requestAnimationFrame(() => {
        timer = null;
        last = Date.now();
        fn();
      });
    }, wait);
  };
}

/** Runs fn at most once per `ms`, trailing: the last call always gets its run. */
export function throttle(fn, ms) {
  let timer = null;
  let last = 0;
  return () => {
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      fn();
    }, wait);
  };
}

export function truncate(text, max) {
  text = text == null ? "" : String(text);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

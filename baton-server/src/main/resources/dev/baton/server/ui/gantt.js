// The timeline: one row per task that was dispatched, one bar per attempt from its dispatch to
// its outcome (or now), coloured and labelled by outcome; waits before a retry are dashed; the
// workflow's paused spans are shaded. Built from the history's status events.

import { duration, esc, truncate } from "./util.js";

const ROW = 18;
const LABEL_W = 190;
const AXIS = 24;
const OUTCOME_LABEL = {
  COMPLETED: "completed",
  FAILED: "failed",
  TIMED_OUT: "timed out",
  CANCELLED: "cancelled",
  null: "running",
};

const OUTCOME_OF = {
  TaskCompleted: "COMPLETED",
  TaskFailed: "FAILED",
  TaskTimedOut: "TIMED_OUT",
  TaskCancelled: "CANCELLED",
};

/** The attempts of every task from status events: Map taskId -> [{attempt, start, end, outcome, ...}]. */
export function attemptsFromEvents(events) {
  const byTask = new Map();
  for (const ev of events) {
    if (!ev.taskId) continue;
    let list = byTask.get(ev.taskId);
    if (!list) byTask.set(ev.taskId, (list = []));
    if (ev.type === "TaskDispatched") {
      list.push({ attempt: ev.attempt, start: ev.timestamp, end: null, outcome: null, error: null });
    } else if (OUTCOME_OF[ev.type]) {
      let a = null;
      for (let k = list.length - 1; k >= 0; k--) {
        if (list[k].attempt === ev.attempt) {
          a = list[k];
          break;
        }
      }
      if (!a) {
        // The dispatch is older than the history we have: the attempt's start is unknown.
        a = { attempt: ev.attempt, start: null, end: null, outcome: null, error: null };
        list.push(a);
      }
      a.end = ev.timestamp;
      a.outcome = OUTCOME_OF[ev.type];
      a.error = ev.error ?? null;
      a.willRetry = ev.willRetry ?? false;
      a.retryAt = ev.retryAt ?? null;
      a.output = ev.output;
    }
  }
  return byTask;
}

/** The spans a workflow was paused in: [[from, to or null]]. */
export function pausedSpans(events) {
  const spans = [];
  let from = null;
  for (const ev of events) {
    if (ev.type === "WorkflowPaused") from = ev.timestamp;
    else if (from != null && ev.type !== "CommandRejected" && ev.status && ev.status !== "PAUSED") {
      spans.push([from, ev.timestamp]);
      from = null;
    }
  }
  if (from != null) spans.push([from, null]);
  return spans;
}

function niceStep(span, target) {
  const raw = span / target;
  const steps = [
    100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000,
    1800000, 3600000, 7200000, 21600000, 43200000, 86400000,
  ];
  for (const s of steps) if (s >= raw) return s;
  return Math.ceil(raw / 86400000) * 86400000;
}

/** The rows of the timeline: every task that was dispatched, by its first dispatch. */
export function ganttRows(attempts, order) {
  const rows = [];
  const known = new Set(order);
  for (const id of order) {
    const list = attempts.get(id);
    if (list && list.length) rows.push({ id, list, first: list[0].start ?? list[0].end ?? Infinity });
  }
  for (const [id, list] of attempts) {
    if (!known.has(id) && list.length) rows.push({ id, list, first: list[0].start ?? Infinity });
  }
  rows.sort((a, b) => a.first - b.first);
  return rows;
}

/**
 * The timeline as an SVG string, as tall as all its rows but with only the rows near the
 * visible window [viewTop, viewTop + viewHeight) drawn: a 10,000-task timeline costs what 60
 * rows cost. The time axis is drawn at the top of the window. names: Map id -> name.
 */
export function ganttSvg({ rows, names, events, startAt, endAt, now, width, viewTop = 0, viewHeight = 1e9 }) {
  if (rows.length === 0) return { svg: "", rows: 0 };

  let t0 = startAt ?? Infinity;
  let t1 = endAt ?? now;
  for (const r of rows) {
    for (const a of r.list) {
      if (a.start != null) t0 = Math.min(t0, a.start);
      if (a.end != null) t1 = Math.max(t1, a.end);
    }
  }
  if (!Number.isFinite(t0)) t0 = t1 - 1000;
  if (t1 <= t0) t1 = t0 + 1000;
  const chartW = Math.max(200, width - LABEL_W - 16);
  const scale = chartW / (t1 - t0);
  const X = (t) => LABEL_W + Math.round((t - t0) * scale * 10) / 10;
  const height = AXIS + rows.length * ROW + 8;
  const out = [];

  const step = niceStep(t1 - t0, Math.max(3, Math.floor(chartW / 110)));
  const ticks = [];
  for (let t = 0; t <= t1 - t0 + 1; t += step) ticks.push([X(t0 + t), t]);
  for (const [x] of ticks) out.push(`<line class="grid" x1="${x}" y1="${AXIS - 6}" x2="${x}" y2="${height}"/>`);
  for (const [from, to] of pausedSpans(events)) {
    const x1 = X(Math.max(from, t0));
    const x2 = X(Math.min(to ?? t1, t1));
    if (x2 > x1)
      out.push(`<rect class="paused" x="${x1}" y="${AXIS - 6}" width="${x2 - x1}" height="${height - AXIS + 6}"><title>paused</title></rect>`);
  }

  const first = Math.max(0, Math.floor((viewTop - AXIS) / ROW) - 10);
  const last = Math.min(rows.length, Math.ceil((viewTop + viewHeight - AXIS) / ROW) + 10);
  for (let k = first; k < last; k++) {
    const r = rows[k];
    const y = AXIS + k * ROW;
    const name = names.get(r.id) || r.id;
    out.push(
      `<g class="g-row" data-gantt-task="${esc(r.id)}" transform="translate(0 ${y})">` +
        `<rect class="g-hit" x="0" y="0" width="${width}" height="${ROW}"/>` +
        `<text class="g-label" x="6" y="${ROW - 5}">${esc(truncate(name, 28))}</text>`,
    );
    for (let j = 0; j < r.list.length; j++) {
      const a = r.list[j];
      const start = a.start ?? t0;
      const end = a.end ?? (a.outcome == null ? now : start);
      const x1 = X(start);
      const w = Math.max(2, X(end) - x1);
      const took = a.start != null ? duration(end - a.start) : "?";
      const title = `${name} attempt ${a.attempt}: ${OUTCOME_LABEL[a.outcome]} after ${took}${a.error ? ` — ${a.error}` : ""}`;
      out.push(
        `<rect class="bar" data-outcome="${a.outcome ?? "RUNNING"}" x="${x1}" y="3" width="${w}" height="${ROW - 6}" rx="2"><title>${esc(title)}</title></rect>`,
      );
      if (a.outcome === "FAILED" || a.outcome === "TIMED_OUT") {
        out.push(`<text class="g-mark" x="${x1 + w + 2}" y="${ROW - 5}" aria-hidden="true">${a.outcome === "FAILED" ? "✕" : "◴"}</text>`);
      }
      const nextA = r.list[j + 1];
      if (a.end != null && a.willRetry && (nextA?.start != null || a.retryAt != null)) {
        const to = nextA?.start ?? Math.min(a.retryAt, t1);
        if (X(to) > X(a.end) + 10)
          out.push(`<line class="retry-wait" x1="${X(a.end) + 9}" y1="${ROW / 2}" x2="${X(to)}" y2="${ROW / 2}"><title>waiting to retry</title></line>`);
      }
    }
    out.push(`</g>`);
  }
  if (endAt == null) {
    const x = X(now);
    out.push(`<line class="now" x1="${x}" y1="${AXIS - 6}" x2="${x}" y2="${height}"><title>now</title></line>`);
  }
  // The axis rides at the top of the visible window.
  const top = Math.max(0, Math.min(viewTop, height - AXIS));
  out.push(`<g class="g-axis" transform="translate(0 ${top})"><rect x="0" y="0" width="${width}" height="${AXIS - 6}"/>`);
  for (const [x, t] of ticks) {
    // A label too near the right edge would be cut off.
    if (x < width - 48) out.push(`<text class="axis" x="${x + 3}" y="${AXIS - 10}">+${esc(duration(t))}</text>`);
  }
  out.push(`</g>`);
  const svg =
    `<svg class="gantt" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Timeline of the attempts of ${rows.length} tasks" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${out.join("")}</svg>`;
  return { svg, rows: rows.length };
}

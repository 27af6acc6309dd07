// #/definitions : per workflow definition, its latest DefinitionMetrics window and a small chart
// of its recent windows, updated live from the metrics stream.

import * as api from "./api.js";
import { duration, esc, frameBatcher, number, time } from "./util.js";

const WINDOWS = 30;
const PARALLEL = 4;

/** A bar per window: completed, failed and cancelled stacked, started as a tick above. */
export function windowsChart(windows, { width = 240, height = 44 } = {}) {
  if (!windows || windows.length === 0) return `<span class="muted">no windows yet</span>`;
  const shown = windows.slice(-WINDOWS);
  const max = Math.max(1, ...shown.map((w) => Math.max((w.completed || 0) + (w.failed || 0) + (w.cancelled || 0), w.started || 0)));
  const slot = width / WINDOWS;
  const barW = Math.max(2, slot - 2);
  const x0 = width - shown.length * slot;
  const y = (v) => height - 2 - (v / max) * (height - 6);
  let bars = "";
  shown.forEach((w, k) => {
    const x = Math.round((x0 + k * slot + 1) * 10) / 10;
    let base = height - 2;
    const title =
      `${time(w.windowStart)}–${time(w.windowEnd)}: ${w.started || 0} started, ${w.completed || 0} completed, ` +
      `${w.failed || 0} failed, ${w.cancelled || 0} cancelled, p95 ${duration(w.workflowDurationMsP95)}`;
    bars += `<g><title>${esc(title)}</title><rect class="hit" x="${x}" y="0" width="${barW}" height="${height}"/>`;
    for (const [key, cls] of [["completed", "c-ok"], ["failed", "c-bad"], ["cancelled", "c-muted"]]) {
      const v = w[key] || 0;
      if (!v) continue;
      const h = (v / max) * (height - 6);
      base -= h;
      bars += `<rect class="${cls}" x="${x}" y="${Math.round(base * 10) / 10}" width="${barW}" height="${Math.max(1, Math.round(h * 10) / 10)}"/>`;
    }
    if (w.started) bars += `<rect class="c-start" x="${x}" y="${Math.round(y(w.started))}" width="${barW}" height="2"/>`;
    bars += `</g>`;
  });
  const totals = shown.reduce(
    (t, w) => ({ c: t.c + (w.completed || 0), f: t.f + (w.failed || 0), x: t.x + (w.cancelled || 0), s: t.s + (w.started || 0) }),
    { c: 0, f: 0, x: 0, s: 0 },
  );
  const label = `Last ${shown.length} windows: ${totals.s} started, ${totals.c} completed, ${totals.f} failed, ${totals.x} cancelled`;
  return (
    `<svg class="spark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(label)}">` +
    `<line class="base" x1="0" y1="${height - 1.5}" x2="${width}" y2="${height - 1.5}"/>${bars}</svg>`
  );
}

export function mountDefinitions(root, ctx) {
  const defs = new Map(); // workflowId -> {latest, windows, windowsError}
  const dirty = new Set();
  let disposed = false;
  let controller = null;

  ctx.setTitle("Definitions");
  root.innerHTML = `
    <div class="page-head"><h1>Definitions</h1>
      <div class="page-head-note">Per workflow definition, its latest metrics window; counts are of what happened in the window.</div>
      <span class="legend" aria-hidden="true"><span class="lg"><i class="sw c-ok"></i>completed</span><span class="lg"><i class="sw c-bad"></i>failed</span>
      <span class="lg"><i class="sw c-muted"></i>cancelled</span><span class="lg"><i class="sw c-start"></i>started</span></span>
    </div>
    <div class="panel table-panel" id="definitions-panel">
      <table class="table" id="definition-list" aria-label="Workflow definitions and their metrics">
        <thead><tr>
          <th scope="col">Definition</th><th scope="col">Window</th><th scope="col" class="num">Started</th><th scope="col" class="num">Completed</th>
          <th scope="col" class="num">Failed</th><th scope="col" class="num">Cancelled</th><th scope="col" class="num">Running</th>
          <th scope="col" class="num">Task attempts</th><th scope="col" class="num">Task failures</th>
          <th scope="col" class="num">p50</th><th scope="col" class="num">p95</th><th scope="col">Recent windows</th>
        </tr></thead>
        <tbody><tr class="placeholder"><td colspan="12"><span class="spinner" aria-hidden="true"></span> Loading definitions…</td></tr></tbody>
      </table>
    </div>`;
  const tbody = root.querySelector("tbody");

  function cells(id, d) {
    const m = d.latest || {};
    const windowText = m.windowStart != null ? `${time(m.windowStart)}–${time(m.windowEnd)}` : "—";
    const chart = d.windowsError ? `<span class="muted">no metrics yet</span>` : d.windows ? windowsChart(d.windows) : `<span class="muted">…</span>`;
    const failedCls = m.failed ? " failed-count" : "";
    return (
      `<th scope="row" class="c-def"><a href="#/?workflowId=${esc(encodeURIComponent(id))}" title="The instances of ${esc(id)}">${esc(id)}</a></th>` +
      `<td class="mono small" title="${m.timestamp != null ? `as of ${esc(new Date(m.timestamp).toISOString())}` : ""}">${windowText}</td>` +
      `<td class="num">${number(m.started)}</td><td class="num">${number(m.completed)}</td><td class="num${failedCls}">${number(m.failed)}</td>` +
      `<td class="num">${number(m.cancelled)}</td><td class="num">${number(m.running)}</td><td class="num">${number(m.taskAttempts)}</td>` +
      `<td class="num${m.taskFailures ? " failed-count" : ""}">${number(m.taskFailures)}</td>` +
      `<td class="num">${esc(duration(m.workflowDurationMsP50))}</td><td class="num">${esc(duration(m.workflowDurationMsP95))}</td>` +
      `<td class="c-chart">${chart}</td>`
    );
  }

  function renderAll() {
    if (defs.size === 0) {
      tbody.innerHTML =
        `<tr class="placeholder"><td colspan="12"><div class="empty-state"><strong>No metrics yet.</strong> ` +
        `A definition appears here once an instance of it has started; its figures come every 10 s while anything changes.</div></td></tr>`;
      return;
    }
    const ids = [...defs.keys()].sort();
    tbody.innerHTML = ids.map((id) => `<tr data-definition-id="${esc(id)}">${cells(id, defs.get(id))}</tr>`).join("");
  }

  const flush = frameBatcher(() => {
    if (disposed) return;
    let added = false;
    for (const id of dirty) {
      const tr = tbody.querySelector(`tr[data-definition-id="${CSS.escape(id)}"]`);
      if (tr) tr.innerHTML = cells(id, defs.get(id));
      else added = true;
    }
    dirty.clear();
    if (added) renderAll();
  });

  async function loadWindows(id, signal) {
    const d = defs.get(id);
    try {
      const answer = await api.get(api.path.definitionWindows(id, WINDOWS), { signal });
      d.windows = (answer && answer.items) || [];
      d.windowsError = null;
    } catch (e) {
      if (e.name === "AbortError") return;
      d.windows = null;
      d.windowsError = e;
    }
    dirty.add(id);
    flush();
  }

  async function load() {
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    let answer;
    try {
      answer = await api.get(api.path.definitions(), { signal });
    } catch (e) {
      if (e.name === "AbortError" || disposed) return;
      if (e.status === 404) {
        defs.clear();
        renderAll();
        ctx.setState("ready");
        return;
      }
      tbody.innerHTML =
        `<tr class="placeholder"><td colspan="12"><div class="error-state" role="alert"><strong>${e.code === "UNREACHABLE" ? "The server cannot be reached." : "The definitions could not be loaded."}</strong> ` +
        `${e.code === "UNREACHABLE" ? "The page refreshes itself when it is back." : esc(`${e.code}: ${e.message}`)}</div></td></tr>`;
      ctx.setState("error");
      return;
    }
    if (disposed) return;
    defs.clear();
    for (const m of (answer && answer.items) || []) {
      if (m && m.workflowId) defs.set(m.workflowId, { latest: m, windows: null, windowsError: null });
    }
    renderAll();
    ctx.setState("ready");
    // The charts: a few requests at a time.
    const queue = [...defs.keys()];
    const workers = Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
      while (queue.length && !disposed) await loadWindows(queue.shift(), signal);
    });
    await Promise.all(workers);
  }

  const offMetrics = ctx.live.on("metrics", (m) => {
    if (m.type !== "DefinitionMetrics" || !m.workflowId) return;
    let d = defs.get(m.workflowId);
    if (!d) {
      d = { latest: null, windows: [], windowsError: null };
      defs.set(m.workflowId, d);
    }
    if (!d.latest || (m.windowStart ?? 0) > (d.latest.windowStart ?? 0) || (m.windowStart === d.latest.windowStart && (m.timestamp ?? 0) >= (d.latest.timestamp ?? 0))) {
      d.latest = m;
    }
    if (d.windows || d.windowsError) {
      d.windows = d.windows || [];
      d.windowsError = null;
      const k = d.windows.findIndex((w) => w.windowStart === m.windowStart);
      if (k >= 0) {
        if ((m.timestamp ?? 0) >= (d.windows[k].timestamp ?? 0)) d.windows[k] = m;
      } else {
        d.windows.push(m);
        d.windows.sort((a, b) => a.windowStart - b.windowStart);
        if (d.windows.length > WINDOWS) d.windows.splice(0, d.windows.length - WINDOWS);
      }
    }
    dirty.add(m.workflowId);
    flush();
  });

  load();
  return {
    refresh: load,
    unmount: () => {
      disposed = true;
      if (controller) controller.abort();
      offMetrics();
    },
  };
}

// #/workflows/{id} : one instance. Its graph (or, past GRAPH_LIMIT tasks, counts per group and a
// paged table), progress, ETA, the timeline of every attempt, the event history, a task's
// details, and the lifecycle commands. Live status events move it on in place.

import * as api from "./api.js";
import { DagView } from "./dag.js";
import { attemptsFromEvents, ganttRows, ganttSvg } from "./gantt.js";
import {
  badge,
  duration,
  esc,
  frameBatcher,
  number,
  paced,
  preciseTime,
  prettyJson,
  progressBar,
  setHtml,
  statusLabel,
  TASK_STATUS,
  TASK_STATUSES,
  TERMINAL,
  throttle,
  timeCell,
  truncate,
} from "./util.js";

/** Above this many tasks the graph is not drawn: the page shows counts per group and a table. */
export const GRAPH_LIMIT = 2000;
const TASK_PAGE = 1000; // the API's largest page of tasks
const HISTORY_PAGE = 1000;
const HISTORY_MAX = 200000;
const TABLE_PAGE = 100;
const HISTORY_SHOWN = 200;

const ACTIONS = [
  { action: "start", label: "Start", icon: "▶", when: ["PENDING"], doing: "Starting", hidden: (s) => s !== "PENDING" },
  { action: "pause", label: "Pause", icon: "❚❚", when: ["RUNNING"], doing: "Pausing" },
  { action: "resume", label: "Resume", icon: "▶", when: ["PAUSED"], doing: "Resuming" },
  { action: "cancel", label: "Cancel", icon: "⊘", when: ["PENDING", "RUNNING", "PAUSED"], doing: "Cancelling" },
  { action: "retry", label: "Retry", icon: "↻", when: ["FAILED"], doing: "Retrying" },
];

const EVENT_KIND = {
  WorkflowCreated: "info",
  WorkflowStarted: "info",
  WorkflowPaused: "warn",
  WorkflowResumed: "info",
  WorkflowCompleted: "ok",
  WorkflowRetried: "warn",
  WorkflowFailed: "bad",
  WorkflowCancelled: "muted",
  TaskDispatched: "info",
  TaskCompleted: "ok",
  TaskFailed: "bad",
  TaskTimedOut: "bad",
  TaskCancelled: "muted",
  CommandRejected: "bad",
};

const OUTCOME = { TaskCompleted: "COMPLETED", TaskFailed: "FAILED", TaskTimedOut: "TIMED_OUT", TaskCancelled: "CANCELLED" };
const OUTCOME_TEXT = { COMPLETED: "Completed", FAILED: "Failed", TIMED_OUT: "Timed out", CANCELLED: "Cancelled" };

/** Where a task is in its life: 2n while attempt n runs, 2n+1 once it ended. Events only move it on. */
function taskPosition(status, attempt) {
  const a = attempt || 0;
  if (status === "RUNNING") return 2 * a;
  if (status === "WAITING" || (status === "READY" && a === 0)) return 0;
  return 2 * a + 1;
}

function eventPosition(ev) {
  return ev.type === "TaskDispatched" ? 2 * (ev.attempt || 0) : 2 * (ev.attempt || 0) + 1;
}

export function mountInstance(root, ctx, route) {
  const id = route.id;
  let s = null; // the instance's state, made by load()
  let controller = null;
  let disposed = false;
  let selected = null;
  let dag = null;
  let table = { page: 0, status: "", group: "" };
  let historyShown = HISTORY_SHOWN;
  let ganttWidth = 0;
  let ganttHeight = 420;
  let gantt = null; // the timeline's rows, kept while no event comes
  let shownStatus = null;
  let actionsFor = null;
  const onResize = throttle(() => {
    ganttWidth = 0;
    if (s && s.historyLoaded) renderGantt();
  }, 300);
  window.addEventListener("resize", onResize);
  // What changed since it was last drawn: nodes go every frame, table rows and groups less often.
  const dirty = { tasks: new Set(), rows: new Set(), groups: new Set(), summary: false, historyFull: true };

  ctx.setTitle(id);
  root.innerHTML = `${crumbs()}<div class="panel loading-panel"><span class="spinner" aria-hidden="true"></span> Loading workflow <code>${esc(id)}</code>…</div>`;

  function crumbs() {
    return `<nav class="crumbs" aria-label="Breadcrumb"><a href="#/">Workflows</a><span aria-hidden="true"> / </span><span class="mono" aria-current="page">${esc(id)}</span></nav>`;
  }

  // ---- loading --------------------------------------------------------------------------------

  function newState(inst) {
    const def = inst.definition || {};
    const plan = inst.plan || {};
    const st = {
      inst: { ...inst },
      snapshotSeq: inst.seq ?? 0,
      def,
      plan,
      metrics: inst.metrics || null,
      tasks: new Map(),
      order: [],
      columns: null,
      deps: new Map(),
      dependents: new Map(),
      counts: Object.fromEntries(TASK_STATUSES.map((k) => [k, 0])),
      groups: [],
      events: [],
      lastSeq: 0,
      historyLoaded: false,
      historyError: null,
      tasksLoaded: 0,
      tasksDone: false,
      tasksError: null,
      total: 0,
      big: false,
    };
    const defTasks = Array.isArray(def.tasks) ? def.tasks : [];
    const byId = new Map(defTasks.map((t) => [t.id, t]));
    const order = Array.isArray(plan.executionOrder) && plan.executionOrder.length ? plan.executionOrder : defTasks.map((t) => t.id);
    const groupOf = new Map();
    (plan.parallelGroups || []).forEach((g, k) => g.forEach((tid) => groupOf.set(tid, k)));
    order.forEach((tid, index) => {
      const d = byId.get(tid) || {};
      addTask(st, {
        taskId: tid,
        name: d.name || tid,
        status: "WAITING",
        attempt: 0,
        dependencies: d.dependencies || [],
        group: groupOf.get(tid) ?? null,
        input: d.input,
        estimatedDurationMs: d.estimatedDurationMs,
        index,
      });
    });
    st.total = Math.max(order.length, inst.metrics?.totalTasks ?? 0);
    st.big = st.total > GRAPH_LIMIT;
    return st;
  }

  function addTask(st, t) {
    t.pos = taskPosition(t.status, t.attempt);
    st.tasks.set(t.taskId, t);
    st.order.push(t.taskId);
    st.deps.set(t.taskId, t.dependencies || []);
    for (const d of t.dependencies || []) {
      if (!st.dependents.has(d)) st.dependents.set(d, []);
      st.dependents.get(d).push(t.taskId);
    }
    st.counts[t.status] = (st.counts[t.status] || 0) + 1;
    countGroup(st, t.group, t.status, 1);
  }

  function countGroup(st, g, status, delta) {
    if (g == null) return;
    while (st.groups.length <= g) st.groups.push(Object.fromEntries(TASK_STATUSES.map((k) => [k, 0])));
    st.groups[g][status] = (st.groups[g][status] || 0) + delta;
  }

  /** Moves a task to a status, keeping the counts. */
  function setTaskStatus(t, status) {
    if (t.status === status) return;
    s.counts[t.status]--;
    s.counts[status] = (s.counts[status] || 0) + 1;
    countGroup(s, t.group, t.status, -1);
    countGroup(s, t.group, status, 1);
    t.status = status;
    dirty.tasks.add(t.taskId);
    dirty.rows.add(t.taskId);
    if (t.group != null) dirty.groups.add(t.group);
  }

  /** A page of GET /workflows/{id}/tasks: the server's view of each task replaces ours. */
  function mergeTasks(items) {
    for (const item of items) {
      const tid = item.taskId ?? item.id;
      if (tid == null) continue;
      let t = s.tasks.get(tid);
      if (!t) {
        addTask(s, {
          taskId: tid,
          name: item.name || tid,
          status: "WAITING",
          attempt: 0,
          dependencies: item.dependencies || [],
          group: item.group ?? null,
          index: s.order.length,
        });
        t = s.tasks.get(tid);
      }
      if (t.group == null && item.group != null) {
        countGroup(s, t.group, t.status, -1);
        t.group = item.group;
        countGroup(s, t.group, t.status, 1);
      }
      for (const key of ["name", "attempt", "dispatchedAt", "completedAt", "error", "output", "attempts", "retryAt"]) {
        if (item[key] !== undefined) t[key] = item[key];
      }
      if (item.input !== undefined) t.input = item.input;
      if (Array.isArray(item.dependencies) && t.dependencies.length === 0 && item.dependencies.length) {
        t.dependencies = item.dependencies;
        s.deps.set(tid, item.dependencies);
      }
      if (item.status) setTaskStatus(t, item.status);
      t.pos = taskPosition(t.status, t.attempt);
      dirty.tasks.add(tid);
      dirty.rows.add(tid);
    }
    s.tasksLoaded += items.length;
    s.total = Math.max(s.total, s.order.length);
  }

  /** The parallel groups as columns: from the plan, else the tasks' group, else computed. */
  function columns() {
    const pg = s.plan.parallelGroups;
    if (Array.isArray(pg) && pg.length) return pg.map((g) => g.filter((tid) => s.tasks.has(tid)));
    const cols = [];
    const level = new Map();
    for (const tid of s.order) {
      const t = s.tasks.get(tid);
      let g = t.group;
      if (g == null) {
        g = 0;
        for (const d of t.dependencies || []) if (level.has(d)) g = Math.max(g, level.get(d) + 1);
      }
      level.set(tid, g);
      (cols[g] ||= []).push(tid);
    }
    return cols.map((c) => c || []);
  }

  async function load() {
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    ctx.setState("loading");
    let inst;
    try {
      inst = await api.get(api.path.instance(id), { signal });
    } catch (e) {
      if (e.name === "AbortError" || disposed) return;
      if (e.status === 404) return notFound(e);
      return failed(e);
    }
    if (disposed) return;
    const keepSelection = selected;
    s = newState(inst);
    selected = keepSelection && s.tasks.has(keepSelection) ? keepSelection : null;
    const early = [];
    s.early = early;

    const history = loadHistory(signal);
    let rendered = false;
    try {
      await api.getAll(api.path.tasks(id), {
        limit: TASK_PAGE,
        signal,
        onPage: (items) => {
          mergeTasks(items);
          // A big workflow shows its first page at once and fills in the rest as it comes.
          if (s.big && !rendered) {
            rendered = true;
            renderAll();
          } else if (rendered) schedule();
        },
      });
    } catch (e) {
      if (e.name === "AbortError" || disposed) return;
      // The page still shows what the definition and plan say, with a note.
      s.tasksError = e;
      if (Array.isArray(inst.tasks)) mergeTasks(inst.tasks);
    }
    s.tasksDone = true;
    if (!rendered) renderAll();
    else schedule(true);
    await history;
  }

  async function loadHistory(signal, after) {
    const got = [];
    try {
      await api.getAll(api.path.history(id), {
        limit: HISTORY_PAGE,
        key: "events",
        after,
        signal,
        max: HISTORY_MAX,
        onPage: (events) => got.push(...events),
      });
    } catch (e) {
      if (e.name === "AbortError" || disposed) return;
      s.historyError = e;
    }
    if (disposed || !s) return;
    mergeEvents(got, true);
    s.historyLoaded = true;
    schedule(true);
  }

  /** Events from the history (or a live one): kept in seq order once each, and applied. */
  function mergeEvents(events, fromHistory) {
    if (!events.length && !(fromHistory && s.early.length)) return;
    const all = fromHistory ? [...events, ...s.early] : events;
    if (fromHistory) s.early = [];
    let sorted = true;
    for (const ev of all) {
      if (!(ev.seq > 0)) continue;
      if (ev.seq <= s.lastSeq) {
        if (s.events.length && !s.events.some((x) => x.seq === ev.seq)) {
          s.events.push(ev);
          sorted = false;
        }
        continue;
      }
      s.events.push(ev);
      s.lastSeq = ev.seq;
      apply(ev);
    }
    if (!sorted) {
      s.events.sort((a, b) => a.seq - b.seq);
      dirty.historyFull = true;
    }
  }

  /** What an event changes: the instance's fields and, for a task event, that task. */
  function apply(ev) {
    const inst = s.inst;
    if (ev.seq > (inst.seq ?? 0)) {
      inst.seq = ev.seq;
      if (ev.status) inst.status = ev.status;
      if (ev.progress != null) inst.progress = ev.progress;
      if (ev.type === "WorkflowStarted") inst.startedAt = ev.timestamp;
      if (ev.type === "WorkflowCompleted" || ev.type === "WorkflowFailed" || ev.type === "WorkflowCancelled") inst.endedAt = ev.timestamp;
      if (ev.type === "WorkflowFailed") inst.error = ev.error;
      if (ev.type === "WorkflowCancelled") inst.cancelReason = ev.reason;
      if (ev.type === "WorkflowRetried") {
        inst.endedAt = null;
        inst.error = null;
      }
      dirty.summary = true;
    }
    if (ev.type === "WorkflowRetried" && ev.seq > s.snapshotSeq) {
      for (const tid of ev.retriedTasks || []) {
        const t = s.tasks.get(tid);
        if (!t || (t.status !== "FAILED" && t.status !== "CANCELLED")) continue;
        setTaskStatus(t, depsDone(t) ? "READY" : "WAITING");
        t.error = null;
      }
    }
    if (!ev.taskId || (!OUTCOME[ev.type] && ev.type !== "TaskDispatched")) return;
    const t = s.tasks.get(ev.taskId);
    if (!t) return;
    const pos = eventPosition(ev);
    recordAttempt(t, ev);
    if (pos <= t.pos) return;
    t.pos = pos;
    t.attempt = ev.attempt ?? t.attempt;
    switch (ev.type) {
      case "TaskDispatched":
        t.dispatchedAt = ev.timestamp;
        t.completedAt = null;
        t.retryAt = null;
        setTaskStatus(t, "RUNNING");
        break;
      case "TaskCompleted":
        t.completedAt = ev.timestamp;
        t.error = null;
        if (ev.output !== undefined) t.output = ev.output;
        setTaskStatus(t, "COMPLETED");
        if (ev.seq > s.snapshotSeq) release(t);
        break;
      case "TaskFailed":
      case "TaskTimedOut":
        t.error = ev.error ?? null;
        t.retryAt = ev.willRetry ? (ev.retryAt ?? null) : null;
        setTaskStatus(t, ev.willRetry ? "READY" : "FAILED");
        break;
      case "TaskCancelled":
        setTaskStatus(t, "CANCELLED");
        break;
      default:
    }
    dirty.tasks.add(t.taskId);
    dirty.rows.add(t.taskId);
  }

  function depsDone(t) {
    return (t.dependencies || []).every((d) => s.tasks.get(d)?.status === "COMPLETED");
  }

  /** After a completion, what the scheduling makes READY: dependents (EAGER) or the next group. */
  function release(t) {
    if (s.def.scheduling === "EAGER") {
      for (const next of s.dependents.get(t.taskId) || []) {
        const n = s.tasks.get(next);
        if (n && n.status === "WAITING" && depsDone(n)) setTaskStatus(n, "READY");
      }
    } else if (t.group != null && s.groups[t.group] && s.groups[t.group].COMPLETED === groupSize(t.group)) {
      const cols = s.columns || columns();
      for (const next of cols[t.group + 1] || []) {
        const n = s.tasks.get(next);
        if (n && n.status === "WAITING") setTaskStatus(n, "READY");
      }
    }
  }

  function groupSize(g) {
    const c = s.groups[g];
    return c ? TASK_STATUSES.reduce((sum, k) => sum + (c[k] || 0), 0) : 0;
  }

  /** A task's attempts, as the API gives them, completed by the events' times. */
  function recordAttempt(t, ev) {
    if (!Array.isArray(t.attempts)) t.attempts = [];
    let a = t.attempts.find((x) => x.attempt === ev.attempt);
    if (!a) {
      a = { attempt: ev.attempt, outcome: null, error: null };
      t.attempts.push(a);
      t.attempts.sort((x, y) => x.attempt - y.attempt);
    }
    if (OUTCOME[ev.type]) {
      a.outcome = OUTCOME[ev.type];
      if (ev.error != null) a.error = ev.error;
    }
  }

  // A live event more than one past the last: the ones between are fetched from the history.
  const fillGap = throttle(() => {
    if (!disposed && s && s.historyLoaded) loadHistory(controller?.signal, s.lastSeq);
  }, 500);

  function onStatus(ev) {
    if (ev.instanceId !== id) return;
    if (!s) return;
    if (!s.historyLoaded) {
      // Until the history is in, live events wait beside it; they already move the tasks on.
      s.early.push(ev);
      if (ev.seq > (s.inst.seq ?? 0)) apply(ev);
      schedule();
      return;
    }
    if (!(ev.seq > s.lastSeq)) return;
    if (ev.seq > s.lastSeq + 1) fillGap();
    mergeEvents([ev], false);
    schedule();
  }

  function onMetrics(m) {
    if (m.type !== "WorkflowMetrics" || m.instanceId !== id || !s) return;
    if (s.metrics && m.timestamp != null && s.metrics.timestamp != null && m.timestamp < s.metrics.timestamp) return;
    s.metrics = m;
    if (m.status && (m.timestamp ?? 0) >= (s.inst.statusAt ?? 0)) s.inst.metricsStatus = m.status;
    if (dag && !s.big) dag.setCritical(remainingCritical());
    dirty.summary = true;
    schedule();
  }

  function remainingCritical() {
    if (TERMINAL.has(s.inst.status)) return [];
    if (s.metrics && Array.isArray(s.metrics.criticalPath)) return s.metrics.criticalPath;
    return s.plan.criticalPath || [];
  }

  // ---- rendering --------------------------------------------------------------------------------

  function notFound(e) {
    ctx.setState("not-found");
    root.innerHTML =
      `${crumbs()}<section class="panel empty-state" id="instance-not-found" role="alert">` +
      `<h1>Unknown workflow instance</h1>` +
      `<p>There is no workflow instance <code>${esc(id)}</code>. It never existed, or it finished and was deleted after the retention period.</p>` +
      `<p class="muted">${esc(e.message || "")}</p><p><a class="btn" href="#/">Back to the workflows</a></p></section>`;
  }

  function failed(e) {
    ctx.setState("error");
    const unreachable = e.code === "UNREACHABLE";
    root.innerHTML =
      `${crumbs()}<section class="panel error-state" role="alert"><h1>${unreachable ? "The server cannot be reached" : "The workflow could not be loaded"}</h1>` +
      `<p>${unreachable ? "The page loads it again when the server is back." : esc(`${e.code}: ${e.message}`)}</p>` +
      `<p><button type="button" class="btn" data-reload>Try again</button></p></section>`;
    root.querySelector("[data-reload]").addEventListener("click", load);
  }

  function renderAll() {
    const t0 = performance.now();
    const inst = s.inst;
    ctx.setTitle(`${id} · ${statusLabel(inst.status)}`);
    const defName = s.def.name && s.def.name !== inst.workflowId ? ` · ${esc(s.def.name)}` : "";
    root.innerHTML = `
      ${crumbs()}
      <section class="instance-head panel" aria-label="Workflow instance">
        <div class="instance-title">
          <h1 class="mono">${esc(id)}</h1>
          <span id="instance-status" data-status="${esc(inst.status)}">${badge(inst.status)}</span>
          <span class="instance-def"><a href="#/?workflowId=${esc(encodeURIComponent(inst.workflowId || ""))}">${esc(inst.workflowId)}</a>${defName}</span>
        </div>
        <div class="actions" role="group" aria-label="Workflow commands">
          ${ACTIONS.map(
            (a) =>
              `<button type="button" class="btn action" data-action="${a.action}"><span aria-hidden="true">${a.icon}</span> ${a.label}</button>`,
          ).join("")}
          <input id="cancel-reason" class="reason" type="text" maxlength="500" placeholder="Cancel reason (optional)" aria-label="Cancel reason (optional)">
        </div>
        <div id="action-message" class="action-message" role="status" aria-live="polite" data-state="idle"></div>
        <div class="stats" id="stats"></div>
        <div id="instance-alerts"></div>
      </section>
      <div class="split">
        <section class="panel graph-panel" aria-label="${s.big ? "Tasks" : "Task graph"}">
          <div id="graph-area"></div>
        </section>
        <aside class="panel details" id="task-details" aria-label="Task details" aria-live="polite"></aside>
      </div>
      <section class="panel" aria-labelledby="timeline-h">
        <div class="panel-head"><h2 id="timeline-h">Timeline</h2><span class="panel-note" id="timeline-note"></span>
          <span class="legend gantt-legend" aria-hidden="true">
            <span class="lg"><i class="sw bar-COMPLETED"></i>completed</span><span class="lg"><i class="sw bar-FAILED"></i>failed ✕</span>
            <span class="lg"><i class="sw bar-TIMED_OUT"></i>timed out ◴</span><span class="lg"><i class="sw bar-CANCELLED"></i>cancelled</span>
            <span class="lg"><i class="sw bar-RUNNING"></i>running</span><span class="lg"><i class="sw sw-retry"></i>waiting to retry</span>
            <span class="lg"><i class="sw sw-paused"></i>paused</span></span>
        </div>
        <div class="gantt-scroll" id="gantt"><p class="muted pad">Loading the history…</p></div>
      </section>
      ${s.big ? "" : `<section class="panel" aria-labelledby="tasks-h"><div class="panel-head"><h2 id="tasks-h">Tasks</h2></div><div id="task-table"></div></section>`}
      <section class="panel" aria-labelledby="history-h">
        <div class="panel-head"><h2 id="history-h">Event history</h2><span class="panel-note" id="history-note"></span></div>
        <div id="history"></div>
      </section>`;

    bindActions();
    actionsFor = null;
    renderSummary();
    ganttWidth = root.querySelector("#gantt").clientWidth;
    const graphArea = root.querySelector("#graph-area");
    let dagMs = null;
    if (s.big) {
      if (dag) dag.dispose();
      dag = null;
      graphArea.innerHTML = `
        <div class="notice" id="dag-omitted" role="note"><strong>This workflow has ${number(s.total)} tasks, too many to draw as a graph</strong>
        (the graph is drawn up to ${number(GRAPH_LIMIT)} tasks). Its tasks are counted per parallel group and listed below.</div>
        <div class="panel-head"><h2>Parallel groups</h2><span class="panel-note" id="groups-note"></span></div>
        <div class="groups-scroll" id="group-counts"></div>
        <div class="panel-head"><h2 id="tasks-h">Tasks</h2></div>
        <div id="task-table"></div>`;
      renderGroups();
    } else {
      const d0 = performance.now();
      s.columns = columns();
      graphArea.innerHTML = `
        <div class="panel-head"><h2>Graph</h2>
          <span class="panel-note">${number(s.total)} tasks · ${s.columns.length} parallel groups (columns) · arrows move between tasks, Enter opens one</span>
          <span class="zoom" role="group" aria-label="Zoom">
            <button type="button" class="btn btn-small" data-zoom="out" aria-label="Zoom out">−</button>
            <button type="button" class="btn btn-small" data-zoom="fit" aria-label="Fit the graph">Fit</button>
            <button type="button" class="btn btn-small" data-zoom="reset" aria-label="Actual size">1:1</button>
            <button type="button" class="btn btn-small" data-zoom="in" aria-label="Zoom in">+</button>
          </span>
        </div>
        <div class="legend legend-row" aria-label="Legend">${TASK_STATUSES.map((k) => `<span class="lg" data-status="${k}"><i class="sw node-sw"></i><span aria-hidden="true">${TASK_STATUS[k].icon}</span> ${TASK_STATUS[k].label}</span>`).join("")}<span class="lg"><i class="sw sw-crit"></i>critical path of what is left</span><span class="lg"><i class="sw sw-sel"></i>selected task's dependencies</span></div>
        <div class="dag-scroll" id="dag-host"></div>`;
      const host = graphArea.querySelector("#dag-host");
      const hostW = host.clientWidth;
      const hostH = window.innerHeight * 0.64;
      if (dag) dag.dispose();
      dag = new DagView(host, { onSelect: (tid) => select(tid, false) });
      const info = new Map();
      for (const [tid, t] of s.tasks) info.set(tid, t);
      dag.render({ columns: s.columns, deps: s.deps, info, critical: remainingCritical() });
      // Start at a scale that shows it all when that is still legible.
      const fit = Math.min(1, (hostW - 4) / dag.size.width, (hostH - 4) / dag.size.height);
      if (fit < 1 && fit >= 0.55) dag.setScale(fit);
      if (selected) dag.mark(selected);
      graphArea.querySelector(".zoom").addEventListener("click", (e) => {
        const b = e.target.closest("[data-zoom]");
        if (!b) return;
        const z = b.dataset.zoom;
        dag.setScale(z === "in" ? dag.scale * 1.25 : z === "out" ? dag.scale / 1.25 : z === "fit" ? dag.fitScale() : 1);
      });
      dagMs = performance.now() - d0;
    }
    renderTable();
    bindTable();
    renderDetails();
    gantt = null;
    bindGantt();
    renderGantt();
    dirty.historyFull = true;
    renderHistory();
    dirty.tasks.clear();
    dirty.rows.clear();
    dirty.groups.clear();
    ctx.setState("ready");
    const ms = performance.now() - t0;
    window.__batonRenderMs = Math.round(ms * 10) / 10;
    window.__batonDagMs = dagMs == null ? null : Math.round(dagMs * 10) / 10;
    window.__batonRenders = (window.__batonRenders || 0) + 1;
    // And the time until the browser painted it.
    requestAnimationFrame(() =>
      setTimeout(() => {
        window.__batonPaintMs = Math.round((performance.now() - t0) * 10) / 10;
        window.dispatchEvent(new CustomEvent("baton:rendered", { detail: { instanceId: id, ms: window.__batonRenderMs } }));
      }, 0),
    );
  }

  function applicable(a, status) {
    return a.when.includes(status);
  }

  function renderActions() {
    const status = s.inst.status;
    for (const a of ACTIONS) {
      const b = root.querySelector(`[data-action="${a.action}"]`);
      if (!b) continue;
      const ok = applicable(a, status);
      b.dataset.applicable = String(ok);
      b.hidden = a.hidden ? a.hidden(status) : false;
      b.classList.toggle("btn-primary", ok && a.action !== "cancel");
      b.classList.toggle("btn-danger", ok && a.action === "cancel");
      b.title = ok ? `${a.label} this workflow` : `${a.label} does not apply to a ${statusLabel(status).toLowerCase()} workflow: the server will reject it`;
    }
    const reason = root.querySelector("#cancel-reason");
    if (reason) reason.hidden = TERMINAL.has(status);
  }

  function bindActions() {
    root.querySelector(".actions").addEventListener("click", (e) => {
      const b = e.target.closest("[data-action]");
      if (b && !b.disabled) command(b.dataset.action);
    });
  }

  async function command(action) {
    const a = ACTIONS.find((x) => x.action === action);
    const msg = root.querySelector("#action-message");
    const buttons = root.querySelectorAll("[data-action]");
    buttons.forEach((b) => (b.disabled = true));
    msg.dataset.state = "pending";
    msg.dataset.action = action;
    msg.innerHTML = `<span class="spinner" aria-hidden="true"></span> ${a.doing}…`;
    const reason = root.querySelector("#cancel-reason")?.value.trim();
    try {
      const ev = await api.request(api.path.command(id, action), {
        method: "POST",
        body: action === "cancel" && reason ? { reason } : undefined,
      });
      if (disposed) return;
      msg.dataset.state = "ok";
      msg.innerHTML =
        `<span aria-hidden="true">✓</span> ${esc(a.label)}: <strong>${esc(ev?.type || "done")}</strong>` +
        (ev?.seq ? ` (event #${ev.seq}, ${esc(preciseTime(ev.timestamp))})` : "") +
        (ev?.status ? `; the workflow is now ${esc(statusLabel(ev.status).toLowerCase())}.` : ".");
      if (ev && ev.seq) onStatus({ instanceId: id, ...ev });
    } catch (e) {
      if (disposed) return;
      let text;
      if (e.status === 409) {
        msg.dataset.state = "rejected";
        text = `<span aria-hidden="true">✕</span> ${esc(a.label)} rejected — <strong>${esc(e.code)}</strong>: ${esc(e.message)}`;
        const ev = e.body && e.body.event;
        if (ev && ev.seq) onStatus({ instanceId: id, ...ev });
      } else if (e.status === 504) {
        msg.dataset.state = "timeout";
        text = `<span aria-hidden="true">◴</span> ${esc(a.label)}: no outcome within the wait. The command was written and may still take effect; watch the history.`;
      } else if (e.code === "UNREACHABLE") {
        msg.dataset.state = "error";
        text = `<span aria-hidden="true">✕</span> ${esc(a.label)}: the server cannot be reached; the command may not have been sent.`;
      } else {
        msg.dataset.state = "error";
        text = `<span aria-hidden="true">✕</span> ${esc(a.label)} failed — <strong>${esc(e.code)}</strong>: ${esc(e.message)}`;
      }
      msg.innerHTML = text;
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  function eta() {
    const m = s.metrics;
    if (TERMINAL.has(s.inst.status)) return 0;
    if (!m || m.estimatedTimeRemainingMs == null) return null;
    if (s.inst.status === "RUNNING" && m.timestamp != null) return Math.max(0, m.estimatedTimeRemainingMs - (Date.now() - m.timestamp));
    return m.estimatedTimeRemainingMs;
  }

  function elapsed() {
    const i = s.inst;
    if (i.startedAt == null) return s.metrics?.actualDurationMs ?? null;
    return (i.endedAt ?? (TERMINAL.has(i.status) ? i.startedAt : Date.now())) - i.startedAt;
  }

  function stat(label, value, extra = "") {
    return `<div class="stat"${extra}><div class="stat-label">${label}</div><div class="stat-value">${value}</div></div>`;
  }

  function renderSummary() {
    const i = s.inst;
    const st = root.querySelector("#instance-status");
    if (!st) return;
    if (st.dataset.status !== i.status) {
      st.dataset.status = i.status;
      st.innerHTML = badge(i.status);
      ctx.setTitle(`${id} · ${statusLabel(i.status)}`);
    }
    const m = s.metrics || {};
    const c = s.counts;
    const done = s.tasksDone ? c.COMPLETED : (m.completedTasks ?? Math.round((i.progress || 0) * s.total));
    const failedN = s.tasksDone ? c.FAILED : (m.failedTasks ?? 0);
    const runningN = s.tasksDone ? c.RUNNING : (m.runningTasks ?? 0);
    const e = eta();
    const stats = root.querySelector("#stats");
    setHtml(
      stats,
        stat("Progress", `${progressBar(i.progress, i.status)}`, ` id="stat-progress"`) +
        stat("Tasks done", `${number(done)}<span class="muted"> / ${number(s.total)}</span>`) +
        stat("Running", number(runningN)) +
        stat("Failed", `<span class="${failedN ? "failed-count" : ""}">${number(failedN)}</span>`) +
        stat("Retries", number(m.retries ?? 0)) +
        stat(
        "ETA",
        `<span id="eta" title="${m.timestamp ? `estimated at ${esc(preciseTime(m.timestamp))}` : "no estimate yet"}">${e == null ? "—" : TERMINAL.has(i.status) ? "done" : `~${esc(duration(e))}`}</span>`,
      ) +
        stat("Elapsed", `<span id="elapsed">${esc(duration(elapsed()))}</span>`) +
        stat("Estimate", esc(duration(s.plan.estimatedTotalTimeMs))) +
        stat("Created", timeCell(i.createdAt)) +
        stat("Started", timeCell(i.startedAt)) +
        stat("Ended", timeCell(i.endedAt)),
    );
    const alerts = [];
    if (i.error) alerts.push(`<div class="alert alert-bad" role="alert"><strong>Failed:</strong> ${esc(i.error)}</div>`);
    if (i.status === "CANCELLED") alerts.push(`<div class="alert alert-muted"><strong>Cancelled</strong>${i.cancelReason ? `: ${esc(i.cancelReason)}` : " (no reason given)"}</div>`);
    if (i.status === "PAUSED") alerts.push(`<div class="alert alert-warn"><strong>Paused:</strong> running attempts finish, nothing new is dispatched until it is resumed.</div>`);
    if (s.tasksError) alerts.push(`<div class="alert alert-warn">The tasks could not be loaded (${esc(s.tasksError.code)}: ${esc(s.tasksError.message)}); statuses come from the live events only.</div>`);
    if (s.historyError) alerts.push(`<div class="alert alert-warn">The history could not be loaded (${esc(s.historyError.code)}: ${esc(s.historyError.message)}).</div>`);
    if (s.big && !s.tasksDone) alerts.push(`<div class="alert alert-info"><span class="spinner" aria-hidden="true"></span> Loading tasks: ${number(s.tasksLoaded)} of ${number(s.total)}…</div>`);
    setHtml(root.querySelector("#instance-alerts"), alerts.join(""));
    if (actionsFor !== i.status) {
      actionsFor = i.status;
      renderActions();
    }
  }

  function groupRow(k) {
    const g = s.groups[k];
    const total = groupSize(k);
    const p = total ? g.COMPLETED / total : 0;
    return (
      `<tr data-group="${k}" tabindex="0" aria-label="Group ${k}: ${g.COMPLETED} of ${total} completed"><th scope="row" class="num">${k}</th><td class="num">${number(total)}</td>` +
      TASK_STATUSES.map((st) => `<td class="num${g[st] ? ` has-${st}` : " zero"}">${number(g[st])}</td>`).join("") +
      `<td class="c-progress">${progressBar(p, p >= 1 ? "COMPLETED" : g.FAILED ? "FAILED" : g.RUNNING ? "RUNNING" : "PENDING")}</td></tr>`
    );
  }

  /** The counts per parallel group; after the first drawing only the groups that changed. */
  function renderGroups() {
    const el = root.querySelector("#group-counts");
    if (!el) return;
    const tbody = el.querySelector("tbody");
    if (tbody && tbody.rows.length === s.groups.length) {
      for (const k of dirty.groups) {
        const tr = tbody.rows[k];
        if (tr) tr.outerHTML = groupRow(k);
      }
      dirty.groups.clear();
      return;
    }
    dirty.groups.clear();
    el.innerHTML =
      `<table class="table table-compact rows-clickable" id="group-table" aria-label="Tasks per parallel group"><thead><tr><th scope="col" class="num">Group</th><th scope="col" class="num">Tasks</th>` +
      TASK_STATUSES.map((st) => `<th scope="col" class="num">${TASK_STATUS[st].icon} ${TASK_STATUS[st].label}</th>`).join("") +
      `<th scope="col" class="c-progress">Done</th></tr></thead><tbody>${s.groups.map((_, k) => groupRow(k)).join("")}</tbody></table>`;
    const note = root.querySelector("#groups-note");
    if (note) note.textContent = `${s.groups.length} groups · select one to list its tasks`;
  }

  function filteredTasks() {
    const out = [];
    for (const tid of s.order) {
      const t = s.tasks.get(tid);
      if (table.status && t.status !== table.status) continue;
      if (table.group !== "" && String(t.group) !== table.group) continue;
      out.push(t);
    }
    return out;
  }

  function renderTable() {
    const el = root.querySelector("#task-table");
    if (!el) return;
    const list = filteredTasks();
    const pages = Math.max(1, Math.ceil(list.length / TABLE_PAGE));
    table.page = Math.min(table.page, pages - 1);
    const from = table.page * TABLE_PAGE;
    const shown = list.slice(from, from + TABLE_PAGE);
    const groupOptions = s.groups.map((_, k) => `<option value="${k}"${table.group === String(k) ? " selected" : ""}>Group ${k}</option>`).join("");
    el.innerHTML =
      `<div class="table-tools">` +
      `<label>Status <select data-table="status"><option value="">All (${number(s.order.length)})</option>${TASK_STATUSES.map((st) => `<option value="${st}"${table.status === st ? " selected" : ""}>${TASK_STATUS[st].label} (${number(s.counts[st])})</option>`).join("")}</select></label>` +
      `<label>Group <select data-table="group"><option value="">All</option>${groupOptions}</select></label>` +
      `<span class="pager-info">${list.length ? `${number(from + 1)}–${number(from + shown.length)} of ${number(list.length)}` : "No tasks match"}</span>` +
      `<button type="button" class="btn btn-small" data-table-page="prev" ${table.page > 0 ? "" : "disabled"}>‹ Previous</button>` +
      `<button type="button" class="btn btn-small" data-table-page="next" ${table.page < pages - 1 ? "" : "disabled"}>Next ›</button></div>` +
      `<div class="table-scroll"><table class="table table-compact rows-clickable" id="task-list" aria-label="Tasks in execution order"><thead><tr>` +
      `<th scope="col" class="num">#</th><th scope="col">Task</th><th scope="col">Status</th><th scope="col" class="num">Group</th><th scope="col" class="num">Attempt</th>` +
      `<th scope="col">Dispatched</th><th scope="col">Completed</th><th scope="col" class="num">Took</th><th scope="col">Error</th></tr></thead><tbody>` +
      shown.map(taskRow).join("") +
      `</tbody></table></div>`;
    el.dataset.page = String(table.page);
  }

  /**
   * The rows of tasks that changed, in place. A filtered table is drawn again instead, since a
   * change can take a task out of it or bring one in.
   */
  function updateTable() {
    const el = root.querySelector("#task-table");
    if (!el) return;
    if (table.status || table.group !== "" || !el.querySelector("#task-list")) {
      dirty.rows.clear();
      renderTable();
      return;
    }
    for (const tid of dirty.rows) {
      const tr = el.querySelector(`tr[data-row-task="${CSS.escape(tid)}"]`);
      const t = s.tasks.get(tid);
      if (tr && t) tr.outerHTML = taskRow(t);
    }
    dirty.rows.clear();
    const select = el.querySelector('select[data-table="status"]');
    if (select) {
      for (const option of select.options) {
        if (option.value) option.textContent = `${TASK_STATUS[option.value].label} (${number(s.counts[option.value])})`;
      }
    }
  }

  function taskRow(t) {
    const took = t.dispatchedAt != null && t.completedAt != null ? duration(t.completedAt - t.dispatchedAt) : t.status === "RUNNING" && t.dispatchedAt ? duration(Date.now() - t.dispatchedAt) : "—";
    return (
      `<tr data-row-task="${esc(t.taskId)}" data-status="${esc(t.status)}" tabindex="0"${t.taskId === selected ? ` aria-selected="true"` : ""}>` +
      `<td class="num muted">${t.index + 1}</td><td><span class="task-name">${esc(t.name)}</span>${t.name !== t.taskId ? ` <span class="mono muted">${esc(t.taskId)}</span>` : ""}</td>` +
      `<td>${badge(t.status, "task")}</td><td class="num">${t.group ?? "—"}</td><td class="num">${t.attempt || "—"}</td>` +
      `<td>${timeCell(t.dispatchedAt)}</td><td>${timeCell(t.completedAt)}</td>` +
      `<td class="num"${t.status === "RUNNING" && t.dispatchedAt ? ` data-live-since="${t.dispatchedAt}"` : ""}>${esc(took)}</td>` +
      `<td class="error-cell" title="${esc(t.error || "")}">${esc(truncate(t.error || "", 60))}</td></tr>`
    );
  }

  function bindTable() {
    const area = root.querySelector(s.big ? "#graph-area" : "#task-table");
    area.addEventListener("change", (e) => {
      const f = e.target.dataset.table;
      if (!f) return;
      table[f] = e.target.value;
      table.page = 0;
      renderTable();
    });
    area.addEventListener("click", (e) => {
      const p = e.target.closest("[data-table-page]");
      if (p) {
        table.page += p.dataset.tablePage === "next" ? 1 : -1;
        renderTable();
        return;
      }
      const g = e.target.closest("tr[data-group]");
      if (g) return chooseGroup(g.dataset.group);
      const r = e.target.closest("tr[data-row-task]");
      if (r) select(r.dataset.rowTask, true);
    });
    area.addEventListener("keydown", (e) => {
      const r = e.target.closest("tr[data-row-task], tr[data-group]");
      if (!r) return;
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        if (r.dataset.group != null) chooseGroup(r.dataset.group);
        else select(r.dataset.rowTask, true);
      } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const to = e.key === "ArrowDown" ? r.nextElementSibling : r.previousElementSibling;
        if (to) to.focus();
      }
    });
  }

  function chooseGroup(g) {
    table.group = table.group === g ? "" : g;
    table.page = 0;
    renderTable();
    root.querySelector("#task-table")?.scrollIntoView({ block: "nearest" });
  }

  /** Chooses a task: its details, its node, its row. */
  function select(tid, fromOutside) {
    selected = tid;
    if (dag) {
      dag.mark(tid);
      if (fromOutside) dag.reveal(tid);
    }
    for (const r of root.querySelectorAll("tr[data-row-task][aria-selected]")) r.removeAttribute("aria-selected");
    root.querySelector(`tr[data-row-task="${CSS.escape(tid)}"]`)?.setAttribute("aria-selected", "true");
    renderDetails();
    // Chosen from further down the page (timeline, table, history): bring the details up.
    if (fromOutside) root.querySelector("#task-details")?.scrollIntoView({ block: "nearest" });
  }

  function attemptsOf(t) {
    const timed = attemptsFromEvents(s.events.filter((ev) => ev.taskId === t.taskId)).get(t.taskId) || [];
    const byNumber = new Map(timed.map((a) => [a.attempt, { ...a }]));
    for (const a of t.attempts || []) {
      const x = byNumber.get(a.attempt) || { attempt: a.attempt, start: null, end: null };
      x.outcome = x.outcome ?? a.outcome ?? null;
      x.error = x.error ?? a.error ?? null;
      byNumber.set(a.attempt, x);
    }
    return [...byNumber.values()].sort((a, b) => a.attempt - b.attempt);
  }

  function renderDetails() {
    const el = root.querySelector("#task-details");
    if (!el) return;
    const t = selected && s.tasks.get(selected);
    if (!t) {
      setHtml(
        el,
        `<h2>Task details</h2><p class="muted">${s.big ? "Select a task in the table" : "Select a task in the graph (click it, or Tab to it and press Enter)"} to see its attempts, error, output and input.</p>` +
        `<dl class="kv"><dt>Critical path left</dt><dd>${remainingCritical().length ? remainingCritical().map((c) => `<button type="button" class="link" data-select-task="${esc(c)}">${esc(s.tasks.get(c)?.name || c)}</button>`).join(" → ") : "—"}</dd></dl>`,
      );
      return;
    }
    const attempts = attemptsOf(t);
    const dependents = s.dependents.get(t.taskId) || [];
    const link = (x) => `<button type="button" class="link" data-select-task="${esc(x)}">${esc(s.tasks.get(x)?.name || x)}</button>`;
    setHtml(
      el,
      `<div class="details-head"><h2>${esc(t.name)}</h2>${badge(t.status, "task")}</div>` +
      `<dl class="kv">` +
      `<dt>Id</dt><dd class="mono">${esc(t.taskId)}</dd>` +
      `<dt>Group</dt><dd>${t.group ?? "—"}</dd>` +
      `<dt>Attempt</dt><dd>${t.attempt || "—"}</dd>` +
      `<dt>Dispatched</dt><dd>${timeCell(t.dispatchedAt)}</dd>` +
      `<dt>Completed</dt><dd>${timeCell(t.completedAt)}</dd>` +
      (t.retryAt ? `<dt>Retry at</dt><dd>${timeCell(t.retryAt)}</dd>` : "") +
      (t.estimatedDurationMs != null ? `<dt>Estimate</dt><dd>${esc(duration(t.estimatedDurationMs))}</dd>` : "") +
      `<dt>Depends on</dt><dd>${t.dependencies.length ? t.dependencies.map(link).join(", ") : "—"}</dd>` +
      `<dt>Needed by</dt><dd>${dependents.length ? dependents.slice(0, 30).map(link).join(", ") + (dependents.length > 30 ? ` and ${dependents.length - 30} more` : "") : "—"}</dd>` +
      `</dl>` +
      (t.error ? `<div class="alert alert-bad"><strong>Error:</strong> ${esc(t.error)}</div>` : "") +
      `<h3>Attempts</h3>` +
      (attempts.length
        ? `<table class="table table-compact" id="attempts"><thead><tr><th scope="col" class="num">#</th><th scope="col">Outcome</th><th scope="col">Started</th><th scope="col" class="num">Took</th></tr></thead><tbody>` +
          attempts
            .map((a) => {
              const outcome = a.outcome ?? (t.status === "RUNNING" && a.attempt === t.attempt ? "RUNNING" : null);
              const took = a.start != null ? duration((a.end ?? Date.now()) - a.start) : "—";
              const live = a.start != null && a.end == null && outcome === "RUNNING" ? ` data-live-since="${a.start}"` : "";
              return (
                `<tr data-outcome="${outcome ?? ""}"><td class="num">${a.attempt}</td><td><span class="outcome" data-outcome="${outcome ?? ""}">${esc(outcome ? OUTCOME_TEXT[outcome] || "Running" : "—")}</span></td>` +
                `<td>${timeCell(a.start)}</td><td class="num"${live}>${esc(took)}</td></tr>` +
                (a.error ? `<tr class="attempt-error"><td></td><td colspan="3">${esc(a.error)}${a.willRetry ? " <span class=\"muted\">(retried)</span>" : ""}</td></tr>` : "")
              );
            })
            .join("") +
          `</tbody></table>`
        : `<p class="muted">Not dispatched yet.</p>`) +
      `<h3>Output</h3>` +
      (t.output !== undefined && t.output !== null
        ? `<pre class="json" tabindex="0" aria-label="Output">${esc(prettyJson(t.output))}</pre>${t.output && t.output.truncated === true ? `<p class="muted">The output was ${number(t.output.bytes)} bytes, more than the server keeps.</p>` : ""}`
        : `<p class="muted">None${t.status === "COMPLETED" ? "" : " yet"}.</p>`) +
      `<h3>Input</h3>` +
      (t.input !== undefined && t.input !== null ? `<pre class="json" tabindex="0" aria-label="Input">${esc(prettyJson(t.input))}</pre>` : `<p class="muted">None.</p>`),
    );
  }

  // Task links anywhere on the page (details, history) choose that task. The listener is on
  // the view's root, which outlives this page: unmount takes it off.
  function onTaskLink(e) {
    const b = e.target.closest("[data-select-task]");
    if (b && s) select(b.dataset.selectTask, true);
  }
  root.addEventListener("click", onTaskLink);

  /** The timeline; `scrolled` when only the window moved, so the rows are the same. */
  function renderGantt(scrolled = false) {
    const el = root.querySelector("#gantt");
    if (!el) return;
    if (!s.historyLoaded) return;
    if (!s.events.length) {
      el.innerHTML = `<p class="muted pad">No events yet.</p>`;
      return;
    }
    if (!gantt || gantt.seq !== s.lastSeq || gantt.count !== s.events.length) {
      const attempts = attemptsFromEvents(s.events);
      let n = 0;
      let failures = 0;
      for (const list of attempts.values()) {
        n += list.length;
        for (const a of list) if (a.outcome === "FAILED" || a.outcome === "TIMED_OUT") failures++;
      }
      const names = new Map();
      for (const [tid, t] of s.tasks) names.set(tid, t.name);
      gantt = { seq: s.lastSeq, count: s.events.length, rows: ganttRows(attempts, s.order), names, n, failures };
      const note = root.querySelector("#timeline-note");
      if (note) note.textContent = `${number(n)} attempts of ${number(gantt.rows.length)} tasks · ${number(failures)} failed or timed out`;
    } else if (scrolled && gantt.drawnTop != null && Math.abs(el.scrollTop - gantt.drawnTop) < 90) {
      return; // still inside the rows drawn around the last window
    }
    // Read once per layout, not per drawing: a read after the graph went in would force the
    // browser to lay the whole graph out there and then.
    if (!ganttWidth) {
      ganttWidth = el.clientWidth;
      ganttHeight = el.clientHeight || 420;
    }
    const viewTop = el.scrollTop;
    gantt.drawnTop = viewTop;
    const { svg } = ganttSvg({
      rows: gantt.rows,
      names: gantt.names,
      events: s.events,
      startAt: s.inst.startedAt,
      endAt: TERMINAL.has(s.inst.status) ? s.inst.endedAt : null,
      now: Date.now(),
      // Room for the vertical scroll bar the timeline gets past a few dozen rows.
      width: Math.max(600, ganttWidth - 18),
      viewTop,
      viewHeight: ganttHeight,
    });
    el.innerHTML = svg || `<p class="muted pad">No task has been dispatched yet.</p>`;
  }

  function bindGantt() {
    const el = root.querySelector("#gantt");
    if (!el) return;
    el.addEventListener("scroll", ganttScroll, { passive: true });
    el.addEventListener("click", (e) => {
      const row = e.target.closest("[data-gantt-task]");
      if (row) select(row.dataset.ganttTask, true);
    });
  }

  const ganttScroll = frameBatcher(() => {
    if (!disposed && s) renderGantt(true);
  });

  function historyRow(ev) {
    const details = [];
    if (ev.error) details.push(`<span class="err">${esc(ev.error)}</span>`);
    if (ev.willRetry) details.push(`retry${ev.retryAt ? ` at ${esc(preciseTime(ev.retryAt))}` : ""}`);
    if (ev.type === "CommandRejected") details.push(`<strong>${esc(ev.reason)}</strong> ${esc(ev.command || "")}: ${esc(ev.message || "")}`);
    else if (ev.reason) details.push(`reason: ${esc(ev.reason)}`);
    if (ev.retriedTasks) details.push(`${number(ev.retriedTasks.length)} tasks retried: ${esc(truncate(ev.retriedTasks.join(", "), 80))}`);
    if (ev.output !== undefined && ev.output !== null) details.push(`output <code>${esc(truncate(JSON.stringify(ev.output), 80))}</code>`);
    if (ev.plan) details.push(`plan: ${number(ev.plan.executionOrder?.length)} tasks, ${number(ev.plan.parallelGroups?.length)} groups, est. ${esc(duration(ev.plan.estimatedTotalTimeMs))}`);
    const task = ev.taskId ? `<button type="button" class="link" data-select-task="${esc(ev.taskId)}">${esc(s.tasks.get(ev.taskId)?.name || ev.taskId)}</button>` : "";
    return (
      `<tr data-seq="${ev.seq}" data-type="${esc(ev.type)}" data-kind="${EVENT_KIND[ev.type] || "info"}"><td class="num mono">${ev.seq}</td>` +
      `<td class="mono" title="${esc(new Date(ev.timestamp).toISOString())}">${esc(preciseTime(ev.timestamp))}</td>` +
      `<td><span class="ev-type">${esc(ev.type)}</span></td><td>${task}</td><td class="num">${ev.attempt ?? ""}</td>` +
      `<td>${ev.status ? esc(statusLabel(ev.status)) : ""}</td><td class="num">${ev.progress != null ? `${Math.round(ev.progress * 1000) / 10}%` : ""}</td><td class="ev-details">${details.join(" · ")}</td></tr>`
    );
  }

  function historyHead(n) {
    const note = root.querySelector("#history-note");
    if (note) note.textContent = `${number(n)} events, newest first${n > historyShown ? ` · ${number(historyShown)} shown` : ""}`;
  }

  /** The history, newest first: new events are put on top, the rest is drawn only when needed. */
  function renderHistory() {
    const el = root.querySelector("#history");
    if (!el) return;
    if (!s.historyLoaded) {
      el.innerHTML = `<p class="muted pad"><span class="spinner" aria-hidden="true"></span> Loading the history…</p>`;
      return;
    }
    const n = s.events.length;
    const tbody = el.querySelector("tbody");
    const top = tbody && tbody.rows.length ? Number(tbody.rows[0].dataset.seq) : null;
    if (!dirty.historyFull && tbody && top != null) {
      const fresh = [];
      for (let k = n - 1; k >= 0 && s.events[k].seq > top && fresh.length <= historyShown; k--) fresh.push(historyRow(s.events[k]));
      if (fresh.length <= historyShown) {
        if (fresh.length) {
          tbody.insertAdjacentHTML("afterbegin", fresh.join(""));
          while (tbody.rows.length > historyShown) tbody.deleteRow(-1);
        }
        historyHead(n);
        const more = el.querySelector("[data-more-history]");
        if (n > historyShown && !more) dirty.historyFull = true;
        else return;
      }
    }
    dirty.historyFull = false;
    const shown = [];
    for (let k = n - 1; k >= 0 && shown.length < historyShown; k--) shown.push(historyRow(s.events[k]));
    el.innerHTML =
      `<table class="table table-compact history" id="history-table" aria-label="Status events, newest first"><thead><tr>` +
      `<th scope="col" class="num">Seq</th><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Task</th><th scope="col" class="num">Attempt</th>` +
      `<th scope="col">Status</th><th scope="col" class="num">Progress</th><th scope="col">Details</th></tr></thead><tbody>${shown.join("")}</tbody></table>` +
      (n > historyShown ? `<p class="pad"><button type="button" class="btn btn-small" data-more-history>Show ${number(Math.min(500, n - historyShown))} older events</button></p>` : "");
    historyHead(n);
    el.querySelector("[data-more-history]")?.addEventListener("click", () => {
      historyShown += 500;
      dirty.historyFull = true;
      renderHistory();
    });
  }

  // ---- live updates -------------------------------------------------------------------------------

  const slow = throttle(() => {
    if (disposed || !s || !root.querySelector("#stats")) return;
    renderGroups();
    updateTable();
    renderHistory();
  }, 500);
  let ganttAt = 0;
  const slower = throttle(() => {
    if (disposed || !s || !root.querySelector("#stats")) return;
    // A big workflow's attempts cost more to gather: its timeline is drawn less often.
    if (s.big && Date.now() - ganttAt < 2000) return slower();
    ganttAt = Date.now();
    renderGantt();
  }, 1000);

  const flush = paced(() => {
    if (disposed || !s || !root.querySelector("#stats")) return;
    if (dag) for (const tid of dirty.tasks) {
      const t = s.tasks.get(tid);
      if (t) dag.setStatus(tid, t.status, t.attempt);
    }
    if (selected ? dirty.tasks.has(selected) : dirty.summary) renderDetails();
    if (dag && dirty.summary && s.inst.status !== shownStatus) dag.setCritical(remainingCritical());
    shownStatus = s.inst.status;
    dirty.tasks.clear();
    dirty.summary = false;
    renderSummary();
    slow();
    slower();
  }, 150);

  /** Something changed: the graph and summary next frame, tables and timeline a little later. */
  function schedule() {
    flush();
  }

  const offStatus = ctx.live.on("status", onStatus);
  const offMetrics = ctx.live.on("metrics", onMetrics);
  // Events written between the first fetch and the stream's opening are read from the history.
  const offState = ctx.live.onState((state) => {
    if (state === "live" && s && s.historyLoaded) fillGap();
  });
  load();

  return {
    refresh: () => load(),
    tick: () => {
      if (!s || !root.querySelector("#stats")) return;
      const nowMs = Date.now();
      for (const el of root.querySelectorAll("[data-live-since]")) el.textContent = duration(nowMs - Number(el.dataset.liveSince));
      const i = s.inst;
      if (i.status === "RUNNING" || i.status === "PAUSED") {
        const el = root.querySelector("#elapsed");
        if (el) el.textContent = duration(elapsed());
        const e = eta();
        const etaEl = root.querySelector("#eta");
        if (etaEl && e != null) etaEl.textContent = `~${duration(e)}`;
        if (i.status === "RUNNING") slower();
      }
    },
    unmount: () => {
      disposed = true;
      window.removeEventListener("resize", onResize);
      root.removeEventListener("click", onTaskLink);
      if (controller) controller.abort();
      if (dag) dag.dispose();
      offStatus();
      offMetrics();
      offState();
    },
  };
}

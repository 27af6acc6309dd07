// #/ : the workflow instances, newest first, filtered by status and definition, paged by the
// server's cursor, kept up to date by the live stream.

import * as api from "./api.js";
import {
  badge,
  duration,
  esc,
  frameBatcher,
  number,
  progressBar,
  setProgress,
  statusIcon,
  statusLabel,
  TERMINAL,
  throttle,
  timeCell,
  WORKFLOW_STATUSES,
} from "./util.js";

const PAGE_SIZES = [25, 50, 100, 200];
// The cursors of the pages before the one shown, per filter: "Newer" walks back through them.
const trail = { filters: null, cursors: [] };

export function mountList(root, ctx, route) {
  const q = route.query;
  const statuses = q.getAll("status").filter((s) => WORKFLOW_STATUSES.includes(s));
  const workflowId = q.get("workflowId") || "";
  const limit = PAGE_SIZES.includes(Number(q.get("limit"))) ? Number(q.get("limit")) : 50;
  const after = q.get("after") || null;
  const filterKey = JSON.stringify([statuses, workflowId, limit]);
  if (trail.filters !== filterKey || !after) {
    trail.filters = filterKey;
    trail.cursors = [];
  }
  // A page reached by a link, not by "Older": the pages before it are unknown.
  if (after && trail.cursors[trail.cursors.length - 1] !== after) trail.cursors = [after];

  const rows = new Map(); // instanceId -> row state
  const dirty = new Set();
  let next = null;
  let disposed = false;
  let controller = null;

  ctx.setTitle(workflowId ? `Workflows of ${workflowId}` : "Workflows");
  root.innerHTML = `
    <div class="page-head">
      <h1>Workflows</h1>
      <div class="page-head-note" id="list-note" aria-live="polite"></div>
    </div>
    <form class="filters panel" id="filters" role="search" aria-label="Filter workflows">
      <fieldset class="chips" aria-label="Status">
        <legend class="filter-label">Status</legend>
        <button type="button" class="chip" data-status-filter="" aria-pressed="${statuses.length === 0}">All</button>
        ${WORKFLOW_STATUSES.map(
          (s) =>
            `<button type="button" class="chip" data-status-filter="${s}" data-status="${s}" aria-pressed="${statuses.includes(s)}">` +
            `<span aria-hidden="true">${statusIcon(s)}</span> ${statusLabel(s)}</button>`,
        ).join("")}
      </fieldset>
      <label class="filter-field"><span class="filter-label">Definition</span>
        <input id="filter-workflow" name="workflowId" list="definition-options" value="${esc(workflowId)}"
          placeholder="any definition" autocomplete="off" spellcheck="false">
        <datalist id="definition-options"></datalist>
      </label>
      <label class="filter-field"><span class="filter-label">Per page</span>
        <select id="filter-limit">${PAGE_SIZES.map((n) => `<option${n === limit ? " selected" : ""}>${n}</option>`).join("")}</select>
      </label>
      <button type="submit" class="btn">Apply</button>
      ${statuses.length || workflowId ? `<a class="btn btn-link" href="#/">Clear filters</a>` : ""}
    </form>
    <div class="panel table-panel">
      <table id="workflow-list" class="table rows-clickable" aria-label="Workflow instances, newest first">
        <thead><tr>
          <th scope="col">Instance</th><th scope="col">Definition</th><th scope="col">Status</th>
          <th scope="col" class="c-progress">Progress</th><th scope="col" class="num">Tasks</th>
          <th scope="col">Created</th><th scope="col">Started</th><th scope="col" class="num">Duration</th>
        </tr></thead>
        <tbody><tr class="placeholder"><td colspan="8"><span class="spinner" aria-hidden="true"></span> Loading workflows…</td></tr></tbody>
      </table>
      <nav class="pager" aria-label="Pages">
        <button type="button" class="btn" data-page="first" ${after ? "" : "disabled"}>⇤ Newest</button>
        <button type="button" class="btn" data-page="newer" ${after ? "" : "disabled"}>‹ Newer</button>
        <span class="pager-info" id="pager-info"></span>
        <button type="button" class="btn" data-page="older" disabled>Older ›</button>
      </nav>
    </div>`;

  const tbody = root.querySelector("#workflow-list tbody");
  const note = root.querySelector("#list-note");

  function hashFor(params) {
    const search = new URLSearchParams();
    for (const s of params.statuses ?? statuses) search.append("status", s);
    const w = params.workflowId ?? workflowId;
    if (w) search.set("workflowId", w);
    const l = params.limit ?? limit;
    if (l !== 50) search.set("limit", String(l));
    if (params.after) search.set("after", params.after);
    const text = search.toString();
    return `#/${text ? `?${text}` : ""}`;
  }

  root.querySelector("#filters").addEventListener("click", (e) => {
    const chip = e.target.closest("[data-status-filter]");
    if (!chip) return;
    const s = chip.dataset.statusFilter;
    let chosen;
    if (!s) chosen = [];
    else if (statuses.includes(s)) chosen = statuses.filter((x) => x !== s);
    else chosen = [...statuses, s];
    ctx.navigate(hashFor({ statuses: chosen }));
  });
  root.querySelector("#filters").addEventListener("submit", (e) => {
    e.preventDefault();
    ctx.navigate(
      hashFor({
        workflowId: root.querySelector("#filter-workflow").value.trim(),
        limit: Number(root.querySelector("#filter-limit").value),
      }),
    );
  });
  root.querySelector("#filter-limit").addEventListener("change", (e) => {
    ctx.navigate(hashFor({ limit: Number(e.target.value) }));
  });
  root.querySelector(".pager").addEventListener("click", (e) => {
    const b = e.target.closest("[data-page]");
    if (!b || b.disabled) return;
    if (b.dataset.page === "first") {
      trail.cursors = [];
      ctx.navigate(hashFor({}));
    } else if (b.dataset.page === "newer") {
      trail.cursors.pop();
      const previous = trail.cursors.length ? trail.cursors[trail.cursors.length - 1] : null;
      ctx.navigate(hashFor({ after: previous }));
    } else if (b.dataset.page === "older" && next != null) {
      trail.cursors.push(next);
      ctx.navigate(hashFor({ after: next }));
    }
  });

  function open(row) {
    ctx.navigate(`#/workflows/${encodeURIComponent(row.dataset.instanceId)}`);
  }
  tbody.addEventListener("click", (e) => {
    const row = e.target.closest("tr[data-instance-id]");
    if (!row || e.target.closest("a")) return;
    open(row);
  });
  tbody.addEventListener("keydown", (e) => {
    const row = e.target.closest("tr[data-instance-id]");
    if (!row) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      open(row);
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const to = e.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling;
      if (to && to.dataset.instanceId) to.focus();
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      const all = tbody.querySelectorAll("tr[data-instance-id]");
      if (all.length) all[e.key === "Home" ? 0 : all.length - 1].focus();
    }
  });

  function elapsed(r) {
    if (r.startedAt == null) return null;
    return (r.endedAt ?? (TERMINAL.has(r.status) ? r.startedAt : Date.now())) - r.startedAt;
  }

  function rowLabel(r) {
    return `Workflow ${r.instanceId} of ${r.workflowId}: ${statusLabel(r.status)}, ${Math.round((r.progress || 0) * 100)}% done`;
  }

  function tasksCell(r) {
    const failed = r.failedTasks ? ` <span class="failed-count" title="failed tasks">· ${number(r.failedTasks)} failed</span>` : "";
    return `${number(r.completedTasks)}<span class="muted"> / ${number(r.totalTasks)}</span>${failed}`;
  }

  function rowHtml(r) {
    const id = esc(r.instanceId);
    return (
      `<tr data-instance-id="${id}" data-status="${esc(r.status)}" tabindex="0" aria-label="${esc(rowLabel(r))}">` +
      `<td class="c-id mono"><a href="#/workflows/${esc(encodeURIComponent(r.instanceId))}" tabindex="-1">${id}</a></td>` +
      `<td class="c-def">${esc(r.workflowId)}</td>` +
      `<td class="c-status">${badge(r.status)}</td>` +
      `<td class="c-progress">${progressBar(r.progress, r.status)}</td>` +
      `<td class="c-tasks num">${tasksCell(r)}</td>` +
      `<td class="c-created">${timeCell(r.createdAt)}</td>` +
      `<td class="c-started">${timeCell(r.startedAt)}</td>` +
      `<td class="c-duration num">${esc(duration(elapsed(r)))}</td></tr>`
    );
  }

  function updateRow(r) {
    const tr = tbody.querySelector(`tr[data-instance-id="${CSS.escape(r.instanceId)}"]`);
    if (!tr) return;
    if (tr.dataset.status !== r.status) {
      tr.dataset.status = r.status;
      tr.querySelector(".c-status").innerHTML = badge(r.status);
    }
    setProgress(tr.querySelector(".progress"), r.progress, r.status);
    tr.querySelector(".c-tasks").innerHTML = tasksCell(r);
    tr.querySelector(".c-started").innerHTML = timeCell(r.startedAt);
    tr.querySelector(".c-duration").textContent = duration(elapsed(r));
    tr.setAttribute("aria-label", rowLabel(r));
  }

  const flush = frameBatcher(() => {
    for (const id of dirty) {
      const r = rows.get(id);
      if (r) updateRow(r);
    }
    dirty.clear();
  });

  async function load() {
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    try {
      const page = await api.get(api.path.workflows({ status: statuses, workflowId, limit, after }), { signal });
      if (disposed) return;
      const items = (page && page.items) || [];
      next = page ? page.next : null;
      rows.clear();
      for (const item of items) {
        rows.set(item.instanceId, {
          ...item,
          completedTasks: item.completedTasks ?? 0,
          totalTasks: item.totalTasks ?? 0,
          failedTasks: item.failedTasks ?? 0,
        });
      }
      if (items.length === 0) {
        const filtered = statuses.length || workflowId;
        tbody.innerHTML =
          `<tr class="placeholder"><td colspan="8"><div class="empty-state">` +
          (after
            ? `<strong>No older workflows.</strong>`
            : filtered
              ? `<strong>No workflow instances match these filters.</strong> <a href="#/">Clear filters</a>`
              : `<strong>No workflow instances yet.</strong> Submit one with <code>./baton submit -f DEF.json --start</code> or <code>POST /workflows</code>; it appears here live.`) +
          `</div></td></tr>`;
      } else {
        tbody.innerHTML = items.map((i) => rowHtml(rows.get(i.instanceId))).join("");
      }
      root.querySelector('[data-page="older"]').disabled = next == null;
      const pageNumber = trail.cursors.length + 1;
      root.querySelector("#pager-info").textContent =
        items.length === 0 ? "" : `Page ${pageNumber} · ${items.length} shown`;
      note.textContent = "";
      ctx.setState("ready");
    } catch (e) {
      if (e.name === "AbortError" || disposed) return;
      tbody.innerHTML =
        `<tr class="placeholder"><td colspan="8"><div class="error-state" role="alert">` +
        `<strong>${e.code === "UNREACHABLE" ? "The server cannot be reached." : "The workflows could not be loaded."}</strong> ` +
        `${e.code === "UNREACHABLE" ? "The list refreshes itself when it is back." : esc(`${e.code}: ${e.message}`)} ` +
        `<button type="button" class="btn btn-small" data-retry>Try again</button></div></td></tr>`;
      tbody.querySelector("[data-retry]").addEventListener("click", load);
      ctx.setState("error");
    }
  }

  async function loadDefinitions() {
    try {
      const answer = await api.get(api.path.definitions(), { quiet: true });
      const ids = [...new Set(((answer && answer.items) || []).map((d) => d.workflowId).filter(Boolean))].sort();
      const list = root.querySelector("#definition-options");
      if (list) list.innerHTML = ids.map((id) => `<option value="${esc(id)}">`).join("");
    } catch {
      // No metrics yet: the field still takes any id.
    }
  }

  function matches(status, wf) {
    return (statuses.length === 0 || statuses.includes(status)) && (!workflowId || wf === workflowId);
  }

  // A workflow that is not on the page but now belongs on it (created, or a status the filter
  // takes): the first page is fetched again, at most once a second.
  const reload = throttle(() => {
    if (!disposed) load();
  }, 1000);

  const offStatus = ctx.live.on("status", (ev) => {
    const r = rows.get(ev.instanceId);
    if (!r) {
      if (!after && ev.seq > 0 && ev.status && matches(ev.status, ev.workflowId)) {
        note.textContent = "New activity: refreshing…";
        reload();
      }
      return;
    }
    if (ev.seq != null && r.seq != null && ev.seq <= r.seq) return;
    if (ev.seq != null) r.seq = ev.seq;
    if (ev.status) r.status = ev.status;
    if (ev.progress != null) {
      r.progress = ev.progress;
      if (r.totalTasks) r.completedTasks = Math.round(ev.progress * r.totalTasks);
    }
    if (ev.type === "WorkflowStarted") r.startedAt = ev.timestamp;
    if (ev.type === "WorkflowRetried") r.endedAt = null;
    if (TERMINAL.has(ev.status) && ev.type && ev.type.startsWith("Workflow")) r.endedAt = ev.timestamp;
    dirty.add(r.instanceId);
    flush();
  });
  const offMetrics = ctx.live.on("metrics", (m) => {
    if (m.type !== "WorkflowMetrics") return;
    const r = rows.get(m.instanceId);
    if (!r) return;
    if (m.timestamp != null && r.metricsAt != null && m.timestamp < r.metricsAt) return;
    r.metricsAt = m.timestamp;
    for (const key of ["totalTasks", "completedTasks", "failedTasks"]) if (m[key] != null) r[key] = m[key];
    if (m.status) r.status = m.status;
    if (m.progress != null) r.progress = m.progress;
    if (m.actualDurationMs != null && r.startedAt == null && m.timestamp) r.startedAt = m.timestamp - m.actualDurationMs;
    dirty.add(r.instanceId);
    flush();
  });

  load();
  loadDefinitions();

  return {
    refresh: () => {
      load();
      loadDefinitions();
    },
    tick: () => {
      for (const r of rows.values()) {
        if (r.status === "RUNNING" || r.status === "PAUSED") {
          const tr = tbody.querySelector(`tr[data-instance-id="${CSS.escape(r.instanceId)}"] .c-duration`);
          if (tr) tr.textContent = duration(elapsed(r));
        }
      }
    },
    unmount: () => {
      disposed = true;
      if (controller) controller.abort();
      offStatus();
      offMetrics();
    },
  };
}

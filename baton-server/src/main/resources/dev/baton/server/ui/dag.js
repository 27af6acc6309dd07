// The task graph: one SVG, built as one string in one pass. Parallel groups are columns, tasks are
// nodes coloured (and iconed) by status, dependencies are edges; the critical path of what is left
// is drawn over them. Live changes set attributes on the nodes they concern, never redraw.

import { esc, statusIcon, statusLabel, truncate } from "./util.js";

const W = 164; // node width
const H = 26; // node height
const COL_GAP = 60;
const ROW_GAP = 7;
const PAD = 16;
const HEAD = 28; // room for the group headers
const LABEL_CHARS = 22;

/**
 * Places every task: column = its parallel group, row = an order within the group that keeps
 * each task near the tasks it depends on (one barycentre pass, left to right).
 */
export function layout(columns, deps) {
  const pos = new Map();
  const maxRows = columns.reduce((m, c) => Math.max(m, c.length), 0);
  // Small graphs are centred in their column; tall ones start at the top, where one looks first.
  const centre = maxRows <= 30;
  const placed = [];
  for (let g = 0; g < columns.length; g++) {
    let ids = columns[g];
    if (g > 0 && ids.length > 1) {
      const keyed = ids.map((id, i) => {
        let sum = 0;
        let n = 0;
        for (const d of deps.get(id) || []) {
          const p = pos.get(d);
          if (p) {
            sum += p.y;
            n++;
          }
        }
        return { id, i, key: n ? sum / n : Number.MAX_SAFE_INTEGER };
      });
      keyed.sort((a, b) => a.key - b.key || a.i - b.i);
      ids = keyed.map((k) => k.id);
    }
    const offset = centre ? ((maxRows - ids.length) * (H + ROW_GAP)) / 2 : 0;
    const x = PAD + g * (W + COL_GAP);
    for (let r = 0; r < ids.length; r++) {
      pos.set(ids[r], { x, y: Math.round(PAD + HEAD + offset + r * (H + ROW_GAP)), col: g, row: r });
    }
    placed.push(ids);
  }
  const width = PAD * 2 + Math.max(1, columns.length) * W + Math.max(0, columns.length - 1) * COL_GAP;
  const height = PAD * 2 + HEAD + Math.max(1, maxRows) * (H + ROW_GAP) - ROW_GAP;
  return { pos, columns: placed, width, height };
}

function edge(a, b) {
  const x1 = a.x + W;
  const y1 = a.y + H / 2;
  const x2 = b.x;
  const y2 = b.y + H / 2;
  const c = Math.min(Math.max(24, (x2 - x1) / 2), 140);
  return `M${x1} ${y1}C${x1 + c} ${y1} ${x2 - c} ${y2} ${x2} ${y2}`;
}

function nodeLabel(info, critical) {
  const attempt = info.attempt > 1 ? `, attempt ${info.attempt}` : "";
  return `Task ${info.name}: ${statusLabel(info.status, "task")}${attempt}${critical ? ", on the critical path" : ""}`;
}

export class DagView {
  /** host: an element to draw into; onSelect(taskId) when a node is chosen. */
  constructor(host, { onSelect }) {
    this.host = host;
    this.onSelect = onSelect;
    this.nodes = new Map();
    this.info = new Map();
    this.critical = new Set();
    this.selected = null;
    this.scale = 1;
    this.lay = null;
    this.deps = new Map();
    this.dependents = new Map();
    host.addEventListener("click", (e) => {
      const node = e.target.closest("g.node");
      if (node) this.choose(node.dataset.taskId);
    });
    host.addEventListener("keydown", (e) => this.key(e));
    // One tooltip for every node, instead of a <title> in each.
    this.tip = document.createElement("div");
    this.tip.className = "dag-tip";
    this.tip.hidden = true;
    this.tip.setAttribute("aria-hidden", "true");
    document.body.appendChild(this.tip);
    host.addEventListener("mouseover", (e) => {
      const node = e.target.closest && e.target.closest("g.node");
      if (!node) return;
      const i = this.info.get(node.dataset.taskId);
      const name = (i && i.name) || node.dataset.taskId;
      this.tip.textContent = `${name === node.dataset.taskId ? name : `${name} (${node.dataset.taskId})`} · ${statusLabel(node.getAttribute("data-status"), "task")}`;
      const r = node.getBoundingClientRect();
      this.tip.style.left = `${Math.round(r.left)}px`;
      this.tip.style.top = `${Math.round(r.bottom + 4)}px`;
      this.tip.hidden = false;
    });
    host.addEventListener("mouseout", (e) => {
      if (e.target.closest && e.target.closest("g.node")) this.tip.hidden = true;
    });
  }

  /** Removes what the view put outside its host. */
  dispose() {
    this.tip.remove();
  }

  /**
   * Draws the graph. model: columns (task ids per parallel group), deps (Map id -> ids it
   * depends on), info (Map id -> {name, status, attempt}), critical (ids, in order).
   */
  render({ columns, deps, info, critical }) {
    const lay = layout(columns, deps);
    this.lay = lay;
    this.deps = deps;
    this.info = info;
    this.critical = new Set(critical || []);
    this.dependents = new Map();
    for (const [id, ds] of deps) {
      for (const d of ds) {
        if (!this.dependents.has(d)) this.dependents.set(d, []);
        this.dependents.get(d).push(id);
      }
    }
    const out = [];
    const total = lay.pos.size;
    // Column bands and headers: the parallel groups.
    for (let g = 0; g < lay.columns.length; g++) {
      const x = PAD + g * (W + COL_GAP);
      out.push(
        `<rect class="band${g % 2 ? " band-odd" : ""}" x="${x - COL_GAP / 4}" y="${PAD / 2}" width="${W + COL_GAP / 2}" height="${lay.height - PAD}" rx="6"/>` +
          `<text class="band-label" x="${x + W / 2}" y="${PAD + 12}" text-anchor="middle">Group ${g} · ${lay.columns[g].length}</text>`,
      );
    }
    let d = "";
    for (const [id, ds] of deps) {
      const b = lay.pos.get(id);
      if (!b) continue;
      for (const dep of ds) {
        const a = lay.pos.get(dep);
        if (a) d += edge(a, b);
      }
    }
    out.push(`<path class="edges" d="${d}"/>`);
    out.push(`<path class="edges-crit" d="${this.criticalPath()}"/>`);
    out.push(`<path class="edges-sel" d=""/>`);
    for (const ids of lay.columns) {
      for (const id of ids) {
        const p = lay.pos.get(id);
        const i = info.get(id) || { name: id, status: "WAITING", attempt: 0 };
        const crit = this.critical.has(id);
        const name = i.name || id;
        const label = truncate(name, i.attempt > 1 ? LABEL_CHARS - 3 : LABEL_CHARS);
        out.push(
          `<g class="node${crit ? " crit" : ""}" data-task-id="${esc(id)}" data-status="${esc(i.status)}" ` +
            `transform="translate(${p.x} ${p.y})" tabindex="0" role="button" aria-label="${esc(nodeLabel({ ...i, name }, crit))}">` +
            `<rect width="${W}" height="${H}" rx="4"/>` +
            `<text class="ico" x="8" y="17" aria-hidden="true">${statusIcon(i.status, "task")}</text>` +
            `<text class="lbl" x="23" y="17">${esc(label)}</text>` +
            (i.attempt > 1 ? `<text class="att" x="${W - 6}" y="17" text-anchor="end">×${i.attempt}</text>` : "") +
            `</g>`,
        );
      }
    }
    const svg =
      `<svg id="dag" class="dag" xmlns="http://www.w3.org/2000/svg" role="group" ` +
      `aria-label="Task graph: ${total} tasks in ${lay.columns.length} parallel groups" ` +
      `viewBox="0 0 ${lay.width} ${lay.height}" width="${Math.round(lay.width * this.scale)}" height="${Math.round(lay.height * this.scale)}">` +
      out.join("") +
      `</svg>`;
    this.host.innerHTML = svg;
    this.svg = this.host.firstElementChild;
    this.critEl = this.svg.querySelector(".edges-crit");
    this.selEl = this.svg.querySelector(".edges-sel");
    this.nodes.clear();
    for (const g of this.svg.querySelectorAll("g.node")) this.nodes.set(g.dataset.taskId, g);
    if (this.selected && this.nodes.has(this.selected)) this.mark(this.selected);
  }

  criticalPath() {
    if (!this.lay) return "";
    const ids = [...this.critical];
    let d = "";
    for (let k = 1; k < ids.length; k++) {
      const a = this.lay.pos.get(ids[k - 1]);
      const b = this.lay.pos.get(ids[k]);
      if (a && b && (this.deps.get(ids[k]) || []).includes(ids[k - 1])) d += edge(a, b);
    }
    return d;
  }

  /** A task's status (and attempt) changed: its node's attributes follow. */
  setStatus(id, status, attempt) {
    const g = this.nodes.get(id);
    const i = this.info.get(id);
    if (!g || !i) return;
    if (g.getAttribute("data-status") !== status) {
      g.setAttribute("data-status", status);
      g.children[1].textContent = statusIcon(status, "task");
    }
    if (attempt > 1) {
      // The attempt badge is made the first time a task is retried.
      let att = g.children[3];
      if (!att) {
        att = document.createElementNS("http://www.w3.org/2000/svg", "text");
        att.setAttribute("class", "att");
        att.setAttribute("x", String(W - 6));
        att.setAttribute("y", "17");
        att.setAttribute("text-anchor", "end");
        g.appendChild(att);
      }
      const text = `×${attempt}`;
      if (att.textContent !== text) att.textContent = text;
    }
    g.setAttribute("aria-label", nodeLabel({ ...i, name: i.name || id, status, attempt }, this.critical.has(id)));
  }

  /** The critical path of what is left changed: the nodes leaving and joining it, and its edges. */
  setCritical(ids) {
    const nextSet = new Set(ids || []);
    for (const id of this.critical) if (!nextSet.has(id)) this.nodes.get(id)?.classList.remove("crit");
    for (const id of nextSet) if (!this.critical.has(id)) this.nodes.get(id)?.classList.add("crit");
    this.critical = nextSet;
    if (this.critEl) this.critEl.setAttribute("d", this.criticalPath());
  }

  choose(id) {
    this.mark(id);
    if (this.onSelect) this.onSelect(id);
  }

  /** Marks a node as the selected one and draws its edges in and out. */
  mark(id) {
    if (this.selected) this.nodes.get(this.selected)?.classList.remove("selected");
    this.selected = id;
    const g = this.nodes.get(id);
    if (!g || !this.lay) {
      if (this.selEl) this.selEl.setAttribute("d", "");
      return;
    }
    g.classList.add("selected");
    const p = this.lay.pos.get(id);
    let d = "";
    for (const dep of this.deps.get(id) || []) {
      const a = this.lay.pos.get(dep);
      if (a) d += edge(a, p);
    }
    for (const next of this.dependents.get(id) || []) {
      const b = this.lay.pos.get(next);
      if (b) d += edge(p, b);
    }
    this.selEl.setAttribute("d", d);
  }

  /** Scrolls the graph (only the graph, not the page) so that a node is in sight. */
  reveal(id) {
    const p = this.lay && this.lay.pos.get(id);
    if (!p) return;
    const h = this.host;
    const x = p.x * this.scale;
    const y = p.y * this.scale;
    const w = W * this.scale;
    const ht = H * this.scale;
    if (x < h.scrollLeft || x + w > h.scrollLeft + h.clientWidth) h.scrollLeft = Math.max(0, x - h.clientWidth / 2 + w / 2);
    if (y < h.scrollTop || y + ht > h.scrollTop + h.clientHeight) h.scrollTop = Math.max(0, y - h.clientHeight / 2 + ht / 2);
  }

  /** Scrolls a node into view and focuses it. */
  focus(id) {
    const g = this.nodes.get(id);
    if (g) g.focus();
  }

  key(e) {
    const g = e.target.closest && e.target.closest("g.node");
    if (!g || !this.lay) return;
    const id = g.dataset.taskId;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      this.choose(id);
      return;
    }
    const p = this.lay.pos.get(id);
    let to = null;
    const col = this.lay.columns[p.col];
    if (e.key === "ArrowDown") to = col[p.row + 1];
    else if (e.key === "ArrowUp") to = col[p.row - 1];
    else if (e.key === "Home") to = col[0];
    else if (e.key === "End") to = col[col.length - 1];
    else if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      const other = this.lay.columns[p.col + (e.key === "ArrowRight" ? 1 : -1)];
      if (other && other.length) {
        // The node of the next column nearest in height.
        let best = other[0];
        let bestDist = Infinity;
        for (const o of other) {
          const dist = Math.abs(this.lay.pos.get(o).y - p.y);
          if (dist < bestDist) {
            bestDist = dist;
            best = o;
          }
        }
        to = best;
      }
    } else return;
    e.preventDefault();
    if (to) this.focus(to);
  }

  /** Zoom: the drawing keeps its coordinates, only its size on the page changes. */
  setScale(scale) {
    if (!this.svg || !this.lay) return;
    this.scale = Math.max(0.1, Math.min(2, scale));
    this.svg.setAttribute("width", String(Math.round(this.lay.width * this.scale)));
    this.svg.setAttribute("height", String(Math.round(this.lay.height * this.scale)));
  }

  /** The scale that shows the whole graph in the host, within 0.1..1. */
  fitScale() {
    if (!this.lay) return 1;
    const w = this.host.clientWidth - 4;
    // The host grows with the drawing up to 64% of the window: fit to that.
    const h = window.innerHeight * 0.64 - 4;
    return Math.max(0.1, Math.min(1, w / this.lay.width, h / this.lay.height));
  }

  get size() {
    return this.lay ? { width: this.lay.width, height: this.lay.height } : { width: 0, height: 0 };
  }
}

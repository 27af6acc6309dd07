// #/dead-letters : the latest inputs that could not be processed, newest first.

import * as api from "./api.js";
import { esc, number, throttle, timeCell, truncate } from "./util.js";

function preview(base64) {
  if (!base64) return "";
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: false }).decode(bytes.slice(0, 400));
  } catch {
    return "(not base64)";
  }
}

export function mountDeadLetters(root, ctx) {
  let disposed = false;
  ctx.setTitle("Dead letters");
  root.innerHTML = `
    <div class="page-head"><h1>Dead letters</h1>
      <div class="page-head-note">Input records that could not be processed at all; each changed nothing else.</div></div>
    <div class="panel table-panel">
      <table class="table table-compact" id="dead-letter-list" aria-label="Dead letters, newest first">
        <thead><tr><th scope="col">Time</th><th scope="col">Reason</th><th scope="col">Topic</th><th scope="col" class="num">Partition</th>
        <th scope="col" class="num">Offset</th><th scope="col">Key</th><th scope="col">Message</th><th scope="col">Value</th></tr></thead>
        <tbody><tr class="placeholder"><td colspan="8"><span class="spinner" aria-hidden="true"></span> Loading…</td></tr></tbody>
      </table>
    </div>`;
  const tbody = root.querySelector("tbody");

  async function load() {
    try {
      const answer = await api.get(api.path.deadLetters());
      if (disposed) return;
      const items = (answer && answer.items) || [];
      tbody.innerHTML = items.length
        ? items
            .map(
              (d) =>
                `<tr data-reason="${esc(d.reason)}"><td>${timeCell(d.timestamp)}</td><td><span class="reason-code">${esc(d.reason)}</span></td>` +
                `<td class="mono">${esc(d.topic)}</td><td class="num">${esc(d.partition)}</td><td class="num">${esc(d.offset)}</td>` +
                `<td class="mono">${d.key == null ? `<span class="muted">none</span>` : esc(truncate(d.key, 40))}</td><td>${esc(d.message)}</td>` +
                `<td class="mono small value-preview" title="${esc(preview(d.valueBase64))}">${esc(truncate(preview(d.valueBase64), 60))}</td></tr>`,
            )
            .join("")
        : `<tr class="placeholder"><td colspan="8"><div class="empty-state"><strong>No dead letters.</strong> Every input so far could be processed.</div></td></tr>`;
      if (answer && answer.count != null && answer.count > items.length) {
        tbody.insertAdjacentHTML("beforeend", `<tr class="placeholder"><td colspan="8" class="muted">The latest ${number(items.length)} of ${number(answer.count)} are shown.</td></tr>`);
      }
      ctx.setState("ready");
    } catch (e) {
      if (disposed) return;
      tbody.innerHTML = `<tr class="placeholder"><td colspan="8"><div class="error-state" role="alert"><strong>The dead letters could not be loaded.</strong> ${esc(`${e.code}: ${e.message}`)}</div></td></tr>`;
      ctx.setState("error");
    }
  }
  const reload = throttle(() => !disposed && load(), 1000);
  const off = ctx.live.on("dead-letter", reload);
  load();
  return {
    refresh: load,
    unmount: () => {
      disposed = true;
      off();
    },
  };
}

// The supervisor's report page: the team's registration table (day, week, month), each operator's
// unlinked calls, the 30-day picture, TSV copy and CSV export. Every number, line and coordinate
// comes from Rust (wic-core's rules, `team_view`); this file only puts them on the page (text only,
// SVG built node by node).
"use strict";
(async () => {
  const $ = (id) => document.getElementById(id);
  const t = (k, ...subs) => chrome.i18n.getMessage(k, subs) || k;
  const SVG = "http://www.w3.org/2000/svg";
  const COLORS = ["#e07b39", "#3a9d5d", "#8e5bb5", "#c94f7c", "#2a9fb0", "#9a8a2e", "#6b6f76", "#b5523b"];
  const el = (tag, text, attrs = {}) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  };
  const draw = (tag, attrs = {}, text) => {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const lang = chrome.i18n.getUILanguage();
  const dateText = (iso) => new Date(iso).toLocaleDateString(lang, { day: "2-digit", month: "2-digit", year: "numeric" });
  const pct = (p) => (p === null || p === undefined ? "—" : `${p} %`);
  const state = (s) => (document.documentElement.dataset.waState = s);
  const params = new URLSearchParams(location.search);
  let period = ["today", "week", "month"].includes(params.get("period")) ? params.get("period") : "month";
  let view = null;
  let csvUrl = null;

  wicStore.localize(document);
  document.documentElement.lang = lang.startsWith("ru") ? "ru" : "en";
  const tabs = [...document.querySelectorAll("[data-wa-tab]")];
  for (const tab of tabs) {
    tab.addEventListener("click", () => select(tab.dataset.waTab));
    tab.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!step) return;
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
      next.focus();
      select(next.dataset.waTab);
    });
  }
  $("day").addEventListener("change", () => load($("day").value || null));
  $("copy-tsv").addEventListener("click", copyTsv);

  try {
    await wicStore.init();
    await load(params.get("day"));
  } catch (e) {
    console.error("wic-assist report:", e);
    fail("internal", t("errInternal"));
  }

  function fail(code, text) {
    $("error").textContent = text;
    $("error").dataset.waError = code;
    $("error").hidden = false;
    $("rows").replaceChildren();
    state("error");
  }

  async function load(day) {
    state("loading");
    $("error").hidden = true;
    const v = await wicStore.team(day);
    $("team").textContent = [v.department, v.supervisor].filter(Boolean).join(" · ");
    if (v.error) return fail(v.error, wicStore.errorText(v.error, v.status));
    view = v;
    // Profile v2 sources: some operator's unlinked calls did not come (the table is whole).
    $("calls-note").hidden = !v.calls_error;
    $("calls-note").dataset.waCallsError = v.calls_error || "";
    $("calls-note").textContent = v.calls_error ? wicStore.errorText(`calls-unavailable-${v.calls_error}`) : "";
    $("day").value = v.day;
    document.documentElement.dataset.waDay = v.day;
    select(period);
    drawChart(v.chart);
    state("ready");
  }

  function select(name) {
    period = name;
    for (const tab of tabs) {
      const on = tab.dataset.waTab === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    if (view) showTable(view.periods.find((p) => p.name === name));
  }

  function showTable(p) {
    const section = document.querySelector('[data-wa-section="team"]');
    section.dataset.waPeriod = p.name;
    section.dataset.waFrom = p.from;
    section.dataset.waTo = p.to;
    const last = new Date(new Date(p.to).getTime() - 1).toISOString();
    $("table-title").textContent = t("reportTableTitle", t(`report${p.name[0].toUpperCase()}${p.name.slice(1)}`), dateText(p.from), dateText(last));
    const rows = $("rows");
    rows.replaceChildren();
    if (!p.report.rows.length) {
      const empty = el("tr", undefined, { "data-wa-empty": "" });
      empty.append(el("td", t("reportEmpty"), { colspan: "4", class: "note" }));
      rows.append(empty);
    }
    for (const line of p.lines) {
      if (line.kind === "operator") rows.append(...operatorRows(line, p));
      else {
        const tr = el("tr", undefined, { "data-wa-total": line.kind, "data-wa-percent": line.percent ?? "" });
        const name = line.kind === "all" ? t("reportTotalAll") : t("reportTotalOf", line.name);
        tr.append(el("td", name), el("td", String(line.total), { class: "num" }), el("td", String(line.linked), { class: "num" }), el("td", pct(line.percent), { class: "num pct" }));
        rows.append(tr);
      }
    }
    $("tsv").value = p.tsv;
    if (csvUrl) URL.revokeObjectURL(csvUrl);
    csvUrl = URL.createObjectURL(new Blob(["\uFEFF", p.csv], { type: "text/csv;charset=utf-8" }));
    $("save-csv").href = csvUrl;
    $("save-csv").download = `registration-${p.name}-${view.day}.csv`;
    $("copied").textContent = "";
  }

  /** An operator's line and, hidden until expanded, their unlinked counted calls. */
  function operatorRows(line, p) {
    const calls = p.unlinked.filter((c) => (c.operator || "") === line.name);
    const tr = el("tr", undefined, { "data-wa-operator": line.name, "data-wa-percent": line.percent ?? "" });
    if (line.percent !== null && line.percent < view.target) tr.classList.add("below");
    const listId = `calls-${p.name}-${[...line.name].map((c) => c.codePointAt(0).toString(36)).join("")}`;
    const toggle = el("button", calls.length ? t("reportOperatorCalls", line.name, String(calls.length)) : line.name, {
      class: "expand",
      "aria-expanded": "false",
      "aria-controls": listId,
      "data-wa-action": "expand",
    });
    if (!calls.length) toggle.disabled = true;
    tr.append(el("td"), el("td", String(line.total), { class: "num" }), el("td", String(line.linked), { class: "num" }), el("td", pct(line.percent), { class: "num pct" }));
    tr.firstChild.append(toggle);
    const more = el("tr", undefined, { class: "calls", id: listId, "data-wa-calls-of": line.name });
    more.hidden = true;
    const cell = el("td", undefined, { colspan: "4" });
    const list = el("ul");
    for (const c of calls) list.append(callItem(c));
    cell.append(list);
    more.append(cell);
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      more.hidden = !open;
    });
    return [tr, more];
  }

  function callItem(c) {
    const li = el("li", undefined, { "data-wa-call": c.call_id });
    const parts = [];
    if (c.started_at) parts.push(new Date(c.started_at).toLocaleString(lang, { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" }));
    parts.push(c.caller || t("popupCallId", c.call_id));
    if (typeof c.duration_s === "number") parts.push(`${Math.floor(c.duration_s / 60)}:${String(c.duration_s % 60).padStart(2, "0")}`);
    if (c.transferred) parts.push(t("callsTransferred"));
    li.append(document.createTextNode(`${parts.join(" · ")} `));
    if (c.lookup_url && /^https?:\/\//.test(c.lookup_url)) {
      li.append(el("a", t("popupLookup"), { href: c.lookup_url, target: "_blank", rel: "noopener", "data-wa-action": "lookup" }));
    }
    return li;
  }

  async function copyTsv() {
    const text = $("tsv").value;
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch (_) {
      // No clipboard permission or focus: the old way, through the hidden text area.
      const area = $("tsv");
      area.hidden = false;
      area.select();
      ok = document.execCommand("copy");
      area.hidden = true;
    }
    $("copied").textContent = ok ? t("reportCopied") : t("reportCopyFailed");
    $("copied").dataset.waCopied = ok ? "ok" : "failed";
  }

  function drawChart(c) {
    const [left, top, right, bottom] = c.plot;
    const root = draw("svg", {
      viewBox: `0 0 ${c.width} ${c.height}`,
      role: "img",
      "aria-label": t("reportChartLabel", String(c.target)),
      "data-wa-chart": "",
      "data-wa-days": c.days.length,
    });
    const axis = draw("g", { class: "axis" });
    for (const tick of c.y_ticks) {
      axis.append(draw("line", { class: "grid", x1: left, x2: right, y1: tick.at, y2: tick.at }));
      axis.append(draw("text", { x: left - 6, y: tick.at + 4, "text-anchor": "end" }, tick.label));
    }
    for (const tick of c.x_ticks) {
      const anchor = tick.at >= right - 1 ? "end" : "middle";
      axis.append(draw("text", { x: tick.at, y: bottom + 18, "text-anchor": anchor }, tick.label));
    }
    root.append(axis);
    root.append(draw("line", { class: "line100", x1: left, x2: right, y1: c.y100, y2: c.y100, "data-wa-line": "100" }));
    const target = draw("g", { "data-wa-line": "target", "data-wa-target": c.target });
    target.append(draw("line", { class: "target", x1: left, x2: right, y1: c.y_target, y2: c.y_target }));
    target.append(draw("text", { x: right, y: c.y_target - 4, "text-anchor": "end", fill: "#d93025" }, t("reportTarget", String(c.target))));
    root.append(target);
    const legend = $("legend");
    legend.replaceChildren();
    c.operators.forEach((s, i) => {
      const color = COLORS[i % COLORS.length];
      const g = draw("g", { "data-wa-series": s.name, stroke: color });
      g.append(draw("title", {}, s.name));
      for (const seg of s.segments) g.append(line(seg, "operator"));
      root.append(g);
      legend.append(legendItem(s.name, color));
    });
    const team = draw("g", { "data-wa-series": "" });
    for (const seg of c.team.segments) team.append(line(seg, "team"));
    for (const p of c.team.points) {
      const dot = draw("circle", { cx: p.x, cy: p.y, r: 3.5, "data-wa-point": p.day, "data-wa-percent": p.percent });
      dot.append(draw("title", {}, `${dateText(p.day)}: ${p.percent} % (${p.linked}/${p.total})`));
      team.append(dot);
    }
    root.append(team);
    legend.prepend(legendItem(t("reportTeamLine"), "#2c5d8f"));
    $("chart").replaceChildren(root);
  }

  function line(points, cls) {
    if (points.length === 1) {
      const [x, y] = points[0];
      return draw("line", { class: cls, x1: x - 2, x2: x + 2, y1: y, y2: y });
    }
    return draw("polyline", { class: cls, points: points.map((p) => p.join(",")).join(" ") });
  }

  function legendItem(name, color) {
    const li = el("li");
    const swatch = el("i");
    swatch.style.background = color;
    li.append(swatch, document.createTextNode(name));
    return li;
  }
})();

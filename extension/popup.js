// Popup: the operator's registration % for today and this month and the shift's unlinked calls.
// Every number comes from Rust (wic-core's rules); this file only puts them on the page (text only).
"use strict";
(async () => {
  const $ = (id) => document.getElementById(id);
  const t = (k, ...subs) => chrome.i18n.getMessage(k, subs) || k;
  const el = (tag, text, attrs = {}) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  };
  // Both periods have one layout: the month's box is today's, relabelled.
  const today = document.querySelector('[data-wa-period="today"]');
  const month = today.cloneNode(true);
  month.dataset.waPeriod = "month";
  month.querySelector("h3").dataset.i18n = "popupMonth";
  today.after(month);
  wicStore.localize(document);
  $("open-options").addEventListener("click", () => chrome.runtime.openOptionsPage());
  const done = (state) => (document.documentElement.dataset.waState = state);
  try {
    await wicStore.init();
    const s = await wicStore.summary();
    if (s.operator) $("operator").textContent = t("popupOperator", s.operator);
    if (s.error) {
      $("error").textContent = wicStore.errorText(s.error, s.status);
      $("error").dataset.waError = s.error;
      $("error").hidden = false;
      $("calls").replaceChildren();
      return done("error");
    }
    for (const name of ["today", "month"]) showPeriod(name, s[name]);
    showCalls(s);
    // The popup saw fresher numbers than the last alarm: the badge follows.
    chrome.action.setBadgeText({ text: s.unlinked.length ? String(s.unlinked.length) : "" }).catch(() => {});
    done("ready");
  } catch (e) {
    console.error("wic-assist popup:", e);
    $("error").textContent = t("errInternal");
    $("error").dataset.waError = "internal";
    $("error").hidden = false;
    done("error");
  }

  function showPeriod(name, p) {
    const box = document.querySelector(`[data-wa-period="${name}"]`);
    box.dataset.waFrom = p.from;
    box.dataset.waTo = p.to;
    const pct = box.querySelector("[data-wa-percent]");
    pct.textContent = p.percent === null ? "—" : `${p.percent} %`;
    pct.title = p.percent === null ? t("popupNoCounted") : "";
    box.querySelector("[data-wa-linked]").textContent = String(p.linked);
    box.querySelector("[data-wa-counted]").textContent = String(p.counted);
    box.querySelector("[data-wa-excluded]").textContent = String(p.excluded);
  }

  function showCalls(s) {
    const list = $("calls");
    list.replaceChildren();
    $("calls-title").textContent = t("popupUnlinked", String(s.shift_hours));
    if (!s.unlinked.length) {
      list.append(el("p", t("callsNone"), { class: "note", "data-wa-empty": "" }));
      return;
    }
    const lang = chrome.i18n.getUILanguage();
    for (const c of s.unlinked) {
      const item = el("div", undefined, { class: "item", "data-wa-call": c.call_id });
      const time = new Date(c.started_at).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
      const dur = `${Math.floor(c.duration_s / 60)}:${String(c.duration_s % 60).padStart(2, "0")}`;
      let line = `${time} · ${c.caller} · ${dur}`;
      if (c.transferred) line += ` · ${t("callsTransferred")}`;
      item.append(el("div", line));
      const actions = el("div", undefined, { class: "actions" });
      if (c.lookup_url && /^https?:\/\//.test(c.lookup_url)) {
        actions.append(el("a", t("popupLookup"), { href: c.lookup_url, target: "_blank", rel: "noopener", "data-wa-action": "lookup" }));
      }
      const link = el("button", t("popupLinkHere"), { class: "action", "data-wa-action": "link" });
      link.addEventListener("click", () => linkToOpenIncident(c.call_id, item));
      actions.append(link);
      item.append(actions);
      list.append(item);
    }
  }

  // Hands the call to the content script of the active tab: it fills WIC's own link form there.
  async function linkToOpenIncident(callId, item) {
    const old = item.querySelector(".note");
    if (old) old.remove();
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    let answer = null;
    if (tab && tab.id !== undefined) {
      answer = await chrome.tabs.sendMessage(tab.id, { type: "command_link_call", call_id: callId }).catch(() => null);
    }
    item.append(el("p", answer === null ? t("popupNoIncident") : t("popupLinkSent"), { class: "note" }));
  }
})();

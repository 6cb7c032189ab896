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
  $("open-report").addEventListener("click", () => chrome.tabs.create({ url: chrome.runtime.getURL("report.html") }));
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
    showNotes(s);
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
    box.querySelector("[data-wa-excluded]").textContent = p.excluded === null ? "—" : String(p.excluded);
    if (p.from_report) {
      // The registration report's own numbers for the operator (DESIGN §3a), not computed from calls.
      box.dataset.waSource = "report";
      box.querySelector("h3").after(el("p", t("popupFromReport"), { class: "note", "data-wa-from-report": "" }));
    }
  }

  /** What the numbers rest on: rules not applied, calls without a time, the report, unread values. */
  function showNotes(s) {
    const notes = el("div", undefined, { "data-wa-notes": "" });
    const rules = {
      not_incoming: "ruleNotIncoming",
      not_answered: "ruleNotAnswered",
      too_short: "ruleTooShort",
      short_transfer: "ruleShortTransfer",
      internal_unlinked: "ruleInternalUnlinked",
    };
    if (s.unchecked && s.unchecked.length) {
      const names = s.unchecked.map((r) => t(rules[r] || r)).join(", ");
      notes.append(el("p", t("popupUnchecked", names), { class: "note", "data-wa-unchecked": s.unchecked.join(" ") }));
    }
    if (s.untimed) notes.append(el("p", t("popupUntimed", String(s.untimed)), { class: "note", "data-wa-untimed": "" }));
    if (s.registration_error) {
      const why = {
        "no-row": null,
        login: t("netLogin"),
        timeout: t("netTimeout"),
        server: t("netStatus", String(s.registration_status || "")),
        malformed: t("netMalformed", t("netWrongShape")),
      };
      const reason = s.registration_error in why ? why[s.registration_error] : t("netNetwork");
      const text = reason === null ? t("popupRegistrationNoRow") : t("popupRegistrationUnavailable", reason);
      notes.append(el("p", text, { class: "note", "data-wa-error": `registration-${s.registration_error}` }));
    }
    if (s.problems && s.problems.length) {
      const p = s.problems[0];
      const text = t("errSourceUnparsed", p.field, p.raw, p.message, String(s.problems.length - 1));
      notes.append(el("p", text, { class: "error", "data-wa-error": "source-field-unparsed" }));
    }
    if (notes.childElementCount) document.querySelector('[data-wa-section="kpi"]').after(notes);
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
      // A report may lack the time, the number or the duration: show what is known.
      const parts = [];
      if (c.started_at) parts.push(new Date(c.started_at).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" }));
      if (c.caller) parts.push(c.caller);
      if (!c.started_at && !c.caller) parts.push(t("popupCallId", c.call_id));
      if (typeof c.duration_s === "number") {
        parts.push(`${Math.floor(c.duration_s / 60)}:${String(c.duration_s % 60).padStart(2, "0")}`);
      }
      if (c.transferred) parts.push(t("callsTransferred"));
      const line = parts.join(" · ");
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

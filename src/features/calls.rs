//! The `calls` section: the operator's unlinked incoming calls of the shift (wic-core's KPI rules),
//! the one that fits this incident marked, and one-click linking through the site's own form.

use super::{button, heading, note};
use crate::app::Ctx;
use crate::dom::{attr, el, el_text, query};
use crate::i18n::{t, tr};
use crate::{forms, net, timer};
use std::rc::Rc;
use wic_core::model::Call;
use wic_core::registration::{best_call_for, unlinked};

/// How long before the incident's creation a call may have ended to be suggested by time.
const SUGGEST_WINDOW_S: i64 = 10 * 60;
/// More calls than any shift has: the answer is refused as too large.
const MAX_CALLS: usize = 20_000;
/// How long the site has to show the linked call.
const VERIFY_MS: f64 = 10_000.0;

/// Fetches the operator's calls of the shift and shows the unlinked ones.
pub fn run(ctx: &Rc<Ctx>) {
    let section = ctx.panel.section("calls");
    heading(ctx, &section, "callsTitle");
    let Some(tpl) = ctx.profile.endpoints.calls.clone() else {
        note(ctx, &section, &t("callsOff"));
        return;
    };
    let Some(operator) = ctx.operator() else {
        ctx.panel
            .error(&section, "no-operator", &t("callsNoOperator"));
        return;
    };
    let since = timer::now() - time::Duration::hours(i64::from(ctx.settings.shift_hours));
    let since = since
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let url = ctx
        .profile
        .endpoint(&tpl, &[("operator", &operator), ("since", &since)]);
    note(ctx, &section, &t("callsLoading"));
    let ctx2 = ctx.clone();
    ctx.spawn(async move {
        let result = net::get_json::<Vec<serde_json::Value>>(&url, &ctx2.signal()).await;
        if !ctx2.alive() {
            return;
        }
        match result {
            Ok(values) => {
                let total = values.len();
                if total > MAX_CALLS {
                    return show_error(&ctx2, &net::FetchError::TooLarge);
                }
                let calls: Vec<Call> = values
                    .into_iter()
                    .filter_map(|v| serde_json::from_value(v).ok())
                    .collect();
                if total > 0 && calls.is_empty() {
                    return show_error(&ctx2, &net::FetchError::WrongShape);
                }
                *ctx2.calls.borrow_mut() = Some(calls);
                render(&ctx2);
            }
            Err(net::FetchError::Aborted) => {}
            Err(e) => show_error(&ctx2, &e),
        }
    });
}

fn show_error(ctx: &Rc<Ctx>, e: &net::FetchError) {
    let section = ctx.panel.section("calls");
    heading(ctx, &section, "callsTitle");
    ctx.panel.error(
        &section,
        &format!("calls-unavailable-{}", e.code()),
        &tr("callsUnavailable", &[&e.message()]),
    );
    let ctx2 = ctx.clone();
    button(ctx, &section, "retry-calls", &t("retry"), move || {
        run(&ctx2)
    });
}

/// The call wic-core suggests for this incident, among the fetched ones.
fn suggested(ctx: &Ctx, calls: &[Call]) -> Option<String> {
    let mut incident = ctx.snapshot.borrow().incident.clone();
    // A new incident is being created now.
    incident.created_at.get_or_insert_with(timer::now);
    best_call_for(
        &incident,
        calls,
        &ctx.profile.registration,
        SUGGEST_WINDOW_S,
    )
    .map(|c| c.id.clone())
}

/// Shows the fetched calls (again, e.g. after the client's phone changed).
pub fn render(ctx: &Rc<Ctx>) {
    let calls = ctx.calls.borrow();
    let Some(calls) = calls.as_ref() else { return };
    let section = ctx.panel.section("calls");
    heading(ctx, &section, "callsTitle");
    let rows = unlinked(calls.iter(), &ctx.profile.registration);
    if rows.is_empty() {
        attr(&note(ctx, &section, &t("callsNone")), "data-wa-empty", "");
        return;
    }
    note(
        ctx,
        &section,
        &tr(
            "callsCount",
            &[
                &rows.len().to_string(),
                &ctx.settings.shift_hours.to_string(),
            ],
        ),
    );
    let best = suggested(ctx, calls);
    let incident_id = ctx.snapshot.borrow().incident.id;
    let doc = ctx.doc();
    for row in &rows {
        let item = el(doc, "div");
        attr(&item, "class", "item");
        attr(&item, "data-wa-call", &row.call_id);
        let time = row.started_at.map_or_else(String::new, |t| {
            let ms = wasm_bindgen::JsValue::from_f64(t.unix_timestamp() as f64 * 1000.0);
            let when = js_sys::Date::new(&ms).to_locale_time_string("ru-RU");
            when.as_string().unwrap_or_default()
        });
        let (caller, dur) = (row.caller.as_deref().unwrap_or("—"), row.duration_s);
        let dur = dur.map_or_else(|| "—".into(), |d| format!("{}:{:02}", d / 60, d % 60));
        let mut line = format!("{time} · {caller} · {dur}");
        if row.transferred {
            line.push_str(&format!(" · {}", t("callsTransferred")));
        }
        let _ = item.append_child(&el_text(doc, "span", &line));
        if best.as_deref() == Some(row.call_id.as_str()) {
            attr(&item, "data-wa-suggested", "");
            let _ = item.append_child(&el_text(doc, "div", &t("callsSuggested")));
        }
        if ctx.profile.call_link_form.is_some() && incident_id.is_some() {
            let (ctx2, id) = (ctx.clone(), row.call_id.clone());
            button(ctx, &item, "link", &t("callsLink"), move || {
                start_link(&ctx2, &id);
            });
        }
        let _ = section.append_child(&item);
    }
    if ctx.profile.call_link_form.is_none() {
        note(ctx, &section, &t("callsLinkOff"));
    } else if incident_id.is_none() {
        note(ctx, &section, &t("callsSaveFirst"));
    }
}

/// Links the suggested call (keyboard shortcut); whether a link was started.
pub fn link_suggested(ctx: &Rc<Ctx>) -> bool {
    let best = ctx
        .calls
        .borrow()
        .as_deref()
        .and_then(|calls| suggested(ctx, calls));
    best.is_some_and(|id| link_call(ctx, &id))
}

/// Links `call_id` to the incident shown (popup); whether a link was started.
pub fn link_call(ctx: &Rc<Ctx>, call_id: &str) -> bool {
    if ctx.profile.call_link_form.is_none() {
        return false;
    }
    start_link(ctx, call_id)
}

fn start_link(ctx: &Rc<Ctx>, call_id: &str) -> bool {
    if ctx.snapshot.borrow().incident.id.is_none()
        || ctx.linking.borrow().iter().any(|c| c == call_id)
    {
        return false; // never submitted twice
    }
    ctx.linking.borrow_mut().push(call_id.to_string());
    let (ctx2, id) = (ctx.clone(), call_id.to_string());
    ctx.spawn(async move {
        let item = query(
            &ctx2.panel.existing("calls"),
            &format!("[data-wa-call=\"{id}\"]"),
        );
        let btn = item
            .as_ref()
            .and_then(|i| query(i, "[data-wa-action=link]"));
        if let Some(b) = &btn {
            attr(b, "disabled", "");
            b.set_text_content(Some(&t("callsLinking")));
        }
        let outcome = link(&ctx2, &id).await;
        if !ctx2.alive() {
            return; // the operator moved on: the result belongs to an incident no longer shown
        }
        match outcome {
            Ok(()) => {
                crate::ext::notify("call_linked"); // the badge counts one fewer now
                if let Some(calls) = ctx2.calls.borrow_mut().as_mut() {
                    if let Some(c) = calls.iter_mut().find(|c| c.id == id) {
                        c.linked_incident = ctx2.snapshot.borrow().incident.id;
                    }
                }
                if let Some(i) = &item {
                    attr(i, "data-wa-linked", "");
                    if let Some(b) = &btn {
                        b.remove();
                    }
                    let _ = i.append_child(&el_text(ctx2.doc(), "div", &t("callsLinked")));
                }
            }
            Err(message) => {
                ctx2.linking.borrow_mut().retain(|c| c != &id);
                if let Some(b) = &btn {
                    let _ = b.remove_attribute("disabled");
                    b.set_text_content(Some(&t("retry")));
                }
                if let Some(i) = &item {
                    if let Some(old) = query(i, "[data-wa-error]") {
                        old.remove();
                    }
                    ctx2.panel
                        .error(i, "link-failed", &tr("callsLinkFailed", &[&message]));
                }
            }
        }
    });
    true
}

/// Fills the site's «Ид звонка» form, presses «Привязать» and waits until the call is listed.
async fn link(ctx: &Ctx, call_id: &str) -> Result<(), String> {
    let form = ctx
        .profile
        .call_link_form
        .clone()
        .ok_or_else(|| t("callsLinkOff"))?;
    let doc = ctx.doc();
    // The page may already show another incident (in-page navigation not yet noticed): never fill
    // that incident's form with a call meant for this one.
    let shown = ctx
        .profile
        .fields
        .incident_id
        .as_deref()
        .and_then(|sel| query(doc, sel));
    let shown = shown.map(|e| {
        crate::dom::read_value(&e)
            .trim_start_matches('№')
            .trim()
            .to_string()
    });
    if shown != ctx.snapshot.borrow().incident.id.map(|id| id.to_string()) {
        return Err(String::new());
    }
    if forms::rows_mention(doc, &form.linked_rows, call_id) {
        return Ok(()); // already linked here
    }
    if let Some(open) = &form.open {
        if !forms::visible(doc, &form.input) {
            forms::click(doc, open).map_err(|e| tr("formMissing", &[&e.to_string()]))?;
        }
    }
    let error_before = form
        .error
        .as_deref()
        .and_then(|sel| query(doc, sel))
        .and_then(|e| e.text_content());
    // The site may re-render its form while we fill it (on our own `input` event, say): fill again
    // once, and never press «Привязать» on a form that does not hold this call's id.
    let holds_id =
        || query(doc, &form.input).is_some_and(|e| crate::dom::read_value(&e) == call_id);
    for _ in 0..2 {
        forms::fill(doc, &form.input, call_id).map_err(|e| tr("formMissing", &[&e.to_string()]))?;
        if holds_id() {
            break;
        }
    }
    if !holds_id() {
        return Err(t("callsFormReset"));
    }
    forms::click(doc, &form.submit).map_err(|e| tr("formMissing", &[&e.to_string()]))?;
    let start = timer::now_ms();
    while timer::now_ms() - start < VERIFY_MS {
        timer::sleep(100).await;
        if !ctx.alive() {
            return Err(String::new());
        }
        if forms::rows_mention(doc, &form.linked_rows, call_id) {
            return Ok(());
        }
        let error_now = form
            .error
            .as_deref()
            .and_then(|sel| query(doc, sel))
            .and_then(|e| e.text_content());
        if let Some(msg) =
            error_now.filter(|m| !m.trim().is_empty() && Some(m) != error_before.as_ref())
        {
            return Err(msg.trim().to_string());
        }
    }
    Err(t("callsLinkTimeout"))
}

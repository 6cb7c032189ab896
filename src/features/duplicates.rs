//! The `duplicates` section: the client's recent incidents ranked by wic-core, highlighted in the
//! page's own history table, with «Открыть» and «Продолжить в нём» (the draft is carried over).

use super::{button, heading, note};
use crate::app::Ctx;
use crate::dom::{attr, el, el_text, query, query_all, read_value};
use crate::i18n::{t, tr};
use crate::{ext, forms, net, timer};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use wic_core::duplicates::{self, Candidate, Level, Reason};
use wic_core::model::Incident;

/// A draft of a new incident, carried into an existing one by «Продолжить в нём».
#[derive(Debug, Serialize, Deserialize)]
struct Draft {
    target: u64,
    title: String,
    description: Option<String>,
    contact_name: Option<String>,
    saved_ms: f64,
}

const DRAFT_KEY: &str = "draft";
/// A draft older than this is dropped unapplied (it holds client text: keep it briefly).
const DRAFT_TTL_MS: f64 = 10.0 * 60.0 * 1000.0;
/// At most this many incidents of one answer are ranked (the newest).
const MAX_HISTORY: usize = 20_000;

/// Fetches the client's history and shows the ranked candidates.
pub fn run(ctx: &Rc<Ctx>) {
    let section = ctx.panel.section("duplicates");
    heading(ctx, &section, "dupTitle");
    let Some(url) = history_url(ctx) else {
        clear_highlights(ctx);
        if ctx.profile.endpoints.history.is_none() {
            note(ctx, &section, &t("dupOff"));
        } else {
            note(ctx, &section, &t("dupNeedClient"));
        }
        apply_draft(ctx);
        return;
    };
    note(ctx, &section, &t("dupLoading"));
    let gen = ctx.client_gen.get();
    let ctx2 = ctx.clone();
    ctx.spawn(async move {
        let result = net::get_json::<Vec<serde_json::Value>>(&url, &ctx2.signal()).await;
        if !ctx2.alive() || ctx2.client_gen.get() != gen {
            return; // a late answer for an incident or client no longer shown
        }
        show(&ctx2, result);
    });
    apply_draft(ctx);
}

/// The history URL for the client: by INN when it is valid, else by phone, else by e-mail.
fn history_url(ctx: &Ctx) -> Option<String> {
    let p = &ctx.profile;
    let snap = ctx.snapshot.borrow();
    let inc = &snap.incident;
    let since_t = timer::now() - time::Duration::days(i64::from(p.duplicates.window_days));
    let since = since_t
        .format(&time::format_description::well_known::Rfc3339)
        .ok()?;
    if let (Some(tpl), Some(Ok(id))) = (
        &p.endpoints.history,
        inc.inn_kpp.as_deref().map(wic_core::inn::parse_inn_kpp),
    ) {
        return Some(p.endpoint(
            tpl,
            &[
                ("inn", &id.inn),
                ("inn_kpp", &id.joined()),
                ("since", &since),
            ],
        ));
    }
    if let (Some(tpl), Some(phone)) = (&p.endpoints.history_by_phone, &inc.phone) {
        return Some(p.endpoint(tpl, &[("phone", phone), ("since", &since)]));
    }
    if let (Some(tpl), Some(email)) = (&p.endpoints.history_by_email, &inc.email) {
        return Some(p.endpoint(tpl, &[("email", email), ("since", &since)]));
    }
    None
}

fn show(ctx: &Rc<Ctx>, result: Result<Vec<serde_json::Value>, net::FetchError>) {
    let section = ctx.panel.section("duplicates");
    heading(ctx, &section, "dupTitle");
    let retry = |ctx: &Rc<Ctx>| {
        let ctx2 = ctx.clone();
        button(ctx, &section, "retry-history", &t("retry"), move || {
            run(&ctx2)
        });
    };
    let values = match result {
        Ok(v) => v,
        Err(net::FetchError::Aborted) => return,
        Err(e) => {
            let code = format!("history-unavailable-{}", e.code());
            ctx.panel
                .error(&section, &code, &tr("dupUnavailable", &[&e.message()]));
            return retry(ctx);
        }
    };
    let total = values.len();
    let mut history: Vec<Incident> = values
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect();
    if total > 0 && history.is_empty() {
        let e = net::FetchError::WrongShape;
        ctx.panel.error(
            &section,
            &format!("history-unavailable-{}", e.code()),
            &tr("dupUnavailable", &[&e.message()]),
        );
        return retry(ctx);
    }
    if history.len() < total {
        note(
            ctx,
            &section,
            &tr("dupSkipped", &[&(total - history.len()).to_string()]),
        );
    }
    if history.len() > MAX_HISTORY {
        // A degraded state (DESIGN §4): ranked on the newest part, said as an error with «Повторить».
        history.sort_by_key(|h| std::cmp::Reverse(h.created_at));
        history.truncate(MAX_HISTORY);
        ctx.panel.error(
            &section,
            "history-truncated",
            &tr("dupTruncated", &[&MAX_HISTORY.to_string()]),
        );
        retry(ctx);
    }
    let incident = ctx.snapshot.borrow().incident.clone();
    let candidates = duplicates::rank(timer::now(), &incident, &history, &ctx.profile.duplicates);
    highlight(ctx, &candidates);
    if candidates.is_empty() {
        let p = note(
            ctx,
            &section,
            &tr(
                "dupNone",
                &[&ctx.profile.duplicates.window_days.to_string()],
            ),
        );
        attr(&p, "data-wa-empty", "");
        return;
    }
    for c in &candidates {
        let title = history
            .iter()
            .find(|h| h.id == Some(c.id))
            .map(|h| h.title.as_str())
            .unwrap_or("");
        render_candidate(ctx, &section, c, title, incident.id.is_none());
    }
}

fn render_candidate(
    ctx: &Rc<Ctx>,
    section: &web_sys::Element,
    c: &Candidate,
    title: &str,
    is_new: bool,
) {
    let doc = ctx.doc();
    let item = el(doc, "div");
    attr(&item, "class", "item");
    attr(&item, "data-wa-incident", &c.id.to_string());
    let level = match c.level {
        Level::Likely => "likely",
        Level::Possible => "possible",
    };
    attr(&item, "data-wa-level", level);
    let badge = el_text(
        doc,
        "span",
        &t(if level == "likely" {
            "dupLikely"
        } else {
            "dupPossible"
        }),
    );
    attr(&badge, "class", "badge");
    let _ = item.append_child(&badge);
    let _ = item.append_child(&el_text(doc, "b", &format!("№ {} ", c.id)));
    let _ = item.append_child(&el_text(doc, "span", title));
    let reasons: Vec<String> = c.reasons.iter().map(reason_text).collect();
    let r = el_text(doc, "div", &reasons.join(" · "));
    attr(&r, "class", "reasons");
    let _ = item.append_child(&r);
    if let Some(tpl) = &ctx.profile.endpoints.incident {
        let url = ctx.profile.endpoint(tpl, &[("id", &c.id.to_string())]);
        let open_url = url.clone();
        button(ctx, &item, "open", &t("dupOpen"), move || {
            navigate(&open_url)
        });
        if is_new {
            let (ctx2, id) = (ctx.clone(), c.id);
            button(ctx, &item, "continue", &t("dupContinue"), move || {
                let (ctx3, url) = (ctx2.clone(), url.clone());
                wasm_bindgen_futures::spawn_local(
                    async move { continue_in(&ctx3, id, &url).await },
                );
            });
        }
    }
    let _ = section.append_child(&item);
}

/// A reason in the operator's language (wic-core's text is Russian).
fn reason_text(r: &Reason) -> String {
    if crate::i18n::is_russian() {
        return r.to_string();
    }
    let arg = match r {
        Reason::SameKnowledge(id) => id.to_string(),
        Reason::SimilarTitle(s) => wic_core::duplicates::hundredths(*s),
        Reason::DaysAgo(n) | Reason::HoursAgo(n) => n.to_string(),
        _ => String::new(),
    };
    tr(&format!("reason_{}", r.code()), &[&arg])
}

/// Marks candidate rows of the page's own history table (`data-wa-duplicate`).
fn highlight(ctx: &Ctx, candidates: &[Candidate]) {
    let Some(table) = &ctx.profile.history_table else {
        return;
    };
    for row in query_all(ctx.doc(), &table.row) {
        let id = query(&row, &table.incident_id)
            .map(|e| read_value(&e))
            .and_then(|v| v.trim().parse::<u64>().ok());
        match id.and_then(|id| candidates.iter().find(|c| c.id == id)) {
            Some(c) => {
                let likely = c.level == Level::Likely;
                attr(
                    &row,
                    "data-wa-duplicate",
                    if likely { "likely" } else { "possible" },
                );
                set_marker(&row, Some(if likely { "#d93025" } else { "#f29900" }));
            }
            None => unmark(&row),
        }
    }
}

fn clear_highlights(ctx: &Ctx) {
    for row in query_all(ctx.doc(), "[data-wa-duplicate]") {
        unmark(&row);
    }
}

fn unmark(row: &web_sys::Element) {
    if row.has_attribute("data-wa-duplicate") {
        let _ = row.remove_attribute("data-wa-duplicate");
        set_marker(row, None);
    }
}

/// A coloured bar on the row's left edge (an inline style: the page's own CSS knows nothing of us).
fn set_marker(row: &web_sys::Element, color: Option<&str>) {
    use wasm_bindgen::JsCast;
    let Some(style) = row.dyn_ref::<web_sys::HtmlElement>().map(|h| h.style()) else {
        return;
    };
    let _ = match color {
        Some(c) => style.set_property("box-shadow", &format!("inset 4px 0 0 {c}")),
        None => style.remove_property("box-shadow").map(|_| ()),
    };
}

fn navigate(url: &str) {
    if let Some(loc) = web_sys::window().map(|w| w.location()) {
        let _ = loc.assign(url);
    }
}

/// Saves the new incident's draft for `target` and opens it.
async fn continue_in(ctx: &Ctx, target: u64, url: &str) {
    let inc = ctx.snapshot.borrow().incident.clone();
    let draft = Draft {
        target,
        title: inc.title,
        description: inc.description,
        contact_name: inc.contact_name,
        saved_ms: timer::now_ms(),
    };
    if let Ok(json) = serde_json::to_string(&draft) {
        ext::set(DRAFT_KEY, &json).await;
    }
    navigate(url);
}

/// On the incident a draft was carried to: appends its text, marks the title as a repeat contact.
fn apply_draft(ctx: &Rc<Ctx>) {
    let Some(id) = ctx.snapshot.borrow().incident.id else {
        return;
    };
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let Some(draft) = ext::get(DRAFT_KEY)
            .await
            .and_then(|s| serde_json::from_str::<Draft>(&s).ok())
        else {
            return;
        };
        if timer::now_ms() - draft.saved_ms > DRAFT_TTL_MS {
            ext::remove(DRAFT_KEY).await;
            return;
        }
        if draft.target != id || !ctx.alive() {
            return;
        }
        ext::remove(DRAFT_KEY).await;
        let fields = &ctx.profile.fields;
        let doc = ctx.doc();
        let snap = ctx.snapshot.borrow().incident.clone();
        if let (Some(sel), Some(text)) = (
            &fields.description,
            draft
                .description
                .as_deref()
                .filter(|d| !d.trim().is_empty()),
        ) {
            let current = snap.description.clone().unwrap_or_default();
            if !current.contains(text.trim()) {
                let joined = if current.is_empty() {
                    text.to_string()
                } else {
                    format!("{current}\n\n{text}")
                };
                let _ = forms::fill(doc, sel, &joined);
            }
        }
        if let Some(sel) = &fields.title {
            if !snap.title.starts_with("(+1)") && !snap.title.is_empty() {
                let _ = forms::fill(doc, sel, &format!("(+1) {}", snap.title));
            }
        }
        if let (Some(sel), Some(contact)) = (&fields.contact_name, &draft.contact_name) {
            if snap.contact_name.is_none() {
                let _ = forms::fill(doc, sel, contact);
            }
        }
        let section = ctx.panel.section("status");
        crate::features::status::fill(&ctx, &section);
        let p = note(&ctx, &section, &t("dupDraftApplied"));
        attr(&p, "data-wa-draft-applied", "");
    });
}

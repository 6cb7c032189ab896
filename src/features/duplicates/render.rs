//! How the duplicates section shows a candidate, and the marks it leaves on the page's own history
//! rows (`data-wa-duplicate`). Must not know how candidates are found.

use crate::app::Ctx;
use crate::dom::{attr, el, el_text, query, query_all, read_value};
use crate::features::button;
use crate::i18n::{t, tr};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;
use wic_core::duplicates::{Candidate, Level, Reason};

fn level_code(level: Level) -> &'static str {
    match level {
        Level::Likely => "likely",
        Level::Possible => "possible",
    }
}

/// One candidate `[data-wa-incident][data-wa-level]` with its reasons, «Открыть» and, on a new
/// incident, «Продолжить в нём»; the element, appended to `section`.
pub fn candidate(
    ctx: &Rc<Ctx>,
    section: &Element,
    c: &Candidate,
    title: &str,
    is_new: bool,
) -> Element {
    let doc = ctx.doc();
    let item = el(doc, "div");
    attr(&item, "class", "item");
    attr(&item, "data-wa-incident", &c.id.to_string());
    attr(&item, "data-wa-level", level_code(c.level));
    let badge_key = match c.level {
        Level::Likely => "dupLikely",
        Level::Possible => "dupPossible",
    };
    let badge = el_text(doc, "span", &t(badge_key));
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
                let draft = crate::draft::Draft::new(id, &ctx2.snapshot.borrow().incident);
                let url = url.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    crate::draft::save(&draft).await;
                    navigate(&url);
                });
            });
        }
    }
    let _ = section.append_child(&item);
    item
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

/// Marks candidate rows of the page's own history table (`data-wa-duplicate`), unmarks the others.
pub fn mark_rows(ctx: &Ctx, candidates: &[Candidate]) {
    let Some(table) = &ctx.profile.history_table else {
        return;
    };
    for row in query_all(ctx.doc(), &table.row) {
        let id = query(&row, &table.incident_id)
            .map(|e| read_value(&e))
            .and_then(|v| v.trim().parse::<u64>().ok());
        match id.and_then(|id| candidates.iter().find(|c| c.id == id)) {
            Some(c) => {
                attr(&row, "data-wa-duplicate", level_code(c.level));
                let color = match c.level {
                    Level::Likely => "#d93025",
                    Level::Possible => "#f29900",
                };
                set_marker(&row, Some(color));
            }
            None => unmark(&row),
        }
    }
}

/// Removes every mark this section left on the page.
pub fn clear_marks(ctx: &Ctx) {
    for row in query_all(ctx.doc(), "[data-wa-duplicate]") {
        unmark(&row);
    }
}

fn unmark(row: &Element) {
    if row.has_attribute("data-wa-duplicate") {
        let _ = row.remove_attribute("data-wa-duplicate");
        set_marker(row, None);
    }
}

/// A coloured bar on the row's left edge (an inline style: the page's own CSS knows nothing of us).
fn set_marker(row: &Element, color: Option<&str>) {
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

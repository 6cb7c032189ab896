//! The operator's verdicts in the duplicates section: the ranked candidates shown minus those the
//! operator dismissed, each with «Не дубль» / «Дубль» (`[data-wa-action=not-duplicate|duplicate]`),
//! kept in chrome.storage.local through `crate::verdicts`. «Не дубль» takes the candidate out of the
//! panel and its mark off the page's history row (the others keep theirs); «Дубль» marks it
//! (`data-wa-verdict=duplicate`) and it stays. Must not know how candidates are found or ranked, nor
//! any selector (the profile, through `render`).

use super::render;
use crate::app::Ctx;
use crate::dom::{attr, query, query_all};
use crate::features::{button, note};
use crate::i18n::{t, tr};
use crate::verdicts::{Entry, Verdict, Verdicts, KEY};
use crate::{ext, timer};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::Element;
use wic_core::duplicates::Candidate;
use wic_core::model::Incident;

/// Starts reading the stored verdicts (while the history is requested).
pub fn start() -> ext::Read {
    ext::Read::start(KEY)
}

/// The stored verdicts `read` got, pruned to the duplicate window (what was dropped is dropped
/// from storage too, so nothing outlives the window). Storage that fails reads as no verdicts.
pub async fn load(ctx: &Ctx, read: ext::Read) -> Verdicts {
    let stored = read.value().await;
    let mut verdicts = Verdicts::parse(stored.as_deref());
    if verdicts.prune(timer::now_ms(), ctx.profile.duplicates.window_days) {
        ext::set(KEY, &verdicts.to_json()).await;
    }
    verdicts
}

/// Adds one verdict to what is stored (read afresh: another tab may have added its own); whether
/// it was written.
async fn save(ctx: &Ctx, entry: Entry) -> bool {
    let stored = ext::get(KEY).await;
    let mut verdicts = Verdicts::parse(stored.as_deref());
    let now = entry.at_ms;
    verdicts.record(entry);
    verdicts.prune(now, ctx.profile.duplicates.window_days);
    ext::set(KEY, &verdicts.to_json()).await
}

/// The candidates on show for one incident, and the incident they are judged for.
struct Shown {
    incident: Option<u64>,
    section: Element,
    candidates: RefCell<Vec<Candidate>>,
}

/// Shows `candidates` of `incident` (ranked, best first) in `section` minus those the operator
/// dismissed, marks their history rows, and gives each its verdict buttons.
pub fn list(
    ctx: &Rc<Ctx>,
    section: &Element,
    incident: &Incident,
    mut candidates: Vec<Candidate>,
    history: &[Incident],
    verdicts: &Verdicts,
) {
    let now = timer::now_ms();
    verdicts.filter(incident.id, now, &mut candidates);
    let given = verdicts.for_incident(incident.id, now);
    render::mark_rows(ctx, &candidates);
    if candidates.is_empty() {
        return none_note(ctx, section);
    }
    let shown = Rc::new(Shown {
        incident: incident.id,
        section: section.clone(),
        candidates: RefCell::new(candidates.clone()),
    });
    for c in &candidates {
        let title = history
            .iter()
            .find(|h| h.id == Some(c.id))
            .map_or("", |h| h.title.as_str());
        let item = render::candidate(ctx, section, c, title, incident.id.is_none());
        buttons(ctx, &shown, &item, c);
        if given.get(&c.id) == Some(&Verdict::Duplicate) {
            mark_duplicate(ctx, &item);
        }
    }
}

/// «Похожих обращений нет», `[data-wa-empty]`.
fn none_note(ctx: &Ctx, section: &Element) {
    let days = ctx.profile.duplicates.window_days.to_string();
    let p = note(ctx, section, &tr("dupNone", &[&days]));
    attr(&p, "data-wa-empty", "");
}

/// «Не дубль» and «Дубль» on candidate `c`'s `item`.
fn buttons(ctx: &Rc<Ctx>, shown: &Rc<Shown>, item: &Element, c: &Candidate) {
    for (verdict, action, label) in [
        (Verdict::NotDuplicate, "not-duplicate", "dupNotDuplicate"),
        (Verdict::Duplicate, "duplicate", "dupDuplicate"),
    ] {
        let (ctx2, shown, item2, c) = (ctx.clone(), shown.clone(), item.clone(), c.clone());
        button(ctx, item, action, &t(label), move || {
            let entry = Entry::new(shown.incident, &c, verdict, timer::now_ms());
            let (ctx, shown, item, id) = (ctx2.clone(), shown.clone(), item2.clone(), c.id);
            set_disabled(&item, true);
            ctx2.spawn(async move {
                let saved = save(&ctx, entry).await;
                // Gone with the incident, or the section was redrawn (the client changed).
                if !ctx.alive() || !item.is_connected() {
                    return;
                }
                set_disabled(&item, false);
                match verdict {
                    Verdict::NotDuplicate => dismiss(&ctx, &shown, &item, id),
                    Verdict::Duplicate => mark_duplicate(&ctx, &item),
                }
                if !saved {
                    let message = t("dupVerdictNotSaved");
                    ctx.panel
                        .error(&shown.section, "verdict-not-saved", &message);
                }
            });
        });
    }
}

/// Takes candidate `id` out of the panel and its mark off the page; the others keep theirs.
fn dismiss(ctx: &Ctx, shown: &Shown, item: &Element, id: u64) {
    item.remove();
    let mut candidates = shown.candidates.borrow_mut();
    candidates.retain(|c| c.id != id);
    render::mark_rows(ctx, &candidates);
    if candidates.is_empty() {
        none_note(ctx, &shown.section);
    }
}

/// Shows that the operator confirmed the candidate as a duplicate.
fn mark_duplicate(ctx: &Ctx, item: &Element) {
    if let Some(b) = query(item, "[data-wa-action=\"duplicate\"]") {
        attr(&b, "disabled", "");
    }
    if item.has_attribute("data-wa-verdict") {
        return;
    }
    attr(item, "data-wa-verdict", Verdict::Duplicate.code());
    let p = note(ctx, item, &t("dupMarkedDuplicate"));
    attr(&p, "data-wa-verdict-note", "");
}

/// Disables (or enables again) the item's verdict buttons while a verdict is being saved.
fn set_disabled(item: &Element, disabled: bool) {
    for b in query_all(
        item,
        "[data-wa-action=\"not-duplicate\"], [data-wa-action=\"duplicate\"]",
    ) {
        if disabled {
            attr(&b, "disabled", "");
        } else {
            let _ = b.remove_attribute("disabled");
        }
    }
}

//! The `status` section: the client's INN-KPP as wic-core parses it, or why it cannot be used, and
//! every field the profile promises that the page lacks.

use super::note;
use crate::app::Ctx;
use crate::dom::{attr, el_text};
use crate::i18n::{t, tr};
use wic_core::inn::{parse_inn_kpp, InnKind};

/// Fills the status section.
pub fn run(ctx: &Ctx) {
    fill(ctx, &ctx.panel.section("status"));
}

/// Writes the status lines into `section` (already emptied).
pub fn fill(ctx: &Ctx, section: &web_sys::Element) {
    let panel = &ctx.panel;
    let snap = ctx.snapshot.borrow();
    for key in &snap.missing {
        panel.error(
            section,
            "profile-field-missing",
            &tr("errProfileFieldMissing", &[key]),
        );
    }
    if ctx.profile.fields.inn_kpp.is_none() || snap.missing.contains(&"inn_kpp") {
        return;
    }
    match snap.incident.inn_kpp.as_deref() {
        None => {
            note(ctx, section, &t("statusNoInn"));
        }
        Some(raw) => match parse_inn_kpp(raw) {
            Ok(id) => {
                let kind = match id.kind {
                    InnKind::Legal => t("innKindLegal"),
                    InnKind::Individual => t("innKindIndividual"),
                };
                let line = match &id.kpp {
                    Some(kpp) => tr("statusInnKpp", &[&id.inn, kpp, &kind]),
                    None => tr("statusInn", &[&id.inn, &kind]),
                };
                let p = el_text(ctx.doc(), "p", &line);
                attr(&p, "data-wa-inn", &id.inn);
                if let Some(kpp) = &id.kpp {
                    attr(&p, "data-wa-kpp", kpp);
                }
                let _ = section.append_child(&p);
            }
            Err(e) => {
                panel.error(section, "bad-inn", &tr("errBadInn", &[raw, &e.to_string()]));
            }
        },
    }
}

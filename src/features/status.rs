//! The `status` section: the client's INN-KPP as wic-core parses it, or why it cannot be used.

use crate::dom::el_text;
use crate::i18n::{t, tr};
use crate::page::Snapshot;
use crate::panel::Panel;
use crate::profile::Profile;
use wic_core::inn::{parse_inn_kpp, InnKind};

/// Fills the status section; fields the profile promises but the page lacks are reported here.
pub fn run(panel: &Panel, profile: &Profile, snap: &Snapshot) {
    let section = panel.section("status");
    let doc = panel.doc();
    for key in &snap.missing {
        panel.error(&section, "profile-field-missing", &tr("errProfileFieldMissing", &[key]));
    }
    if profile.fields.inn_kpp.is_none() || snap.missing.contains(&"inn_kpp") {
        return;
    }
    match snap.incident.inn_kpp.as_deref() {
        None => {
            let _ = section.append_child(&el_text(doc, "p", &t("statusNoInn")));
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
                let p = el_text(doc, "p", &line);
                crate::dom::attr(&p, "data-wa-inn", &id.inn);
                if let Some(kpp) = &id.kpp {
                    crate::dom::attr(&p, "data-wa-kpp", kpp);
                }
                let _ = section.append_child(&p);
            }
            Err(e) => {
                panel.error(&section, "bad-inn", &tr("errBadInn", &[raw, &e.to_string()]));
            }
        },
    }
}

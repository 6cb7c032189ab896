//! The `sms` section: when wic-core's rule says an SMS is due (and the number is mobile), one click
//! fills the site's own SMS form. The operator sends; the extension never does. Must not know
//! selectors (profile), SMS rules or texts (wic-core), the other sections.

use super::{button, note, Feature, Spec};
use crate::app::Ctx;
use crate::dom::{attr, query_all};
use crate::forms;
use crate::i18n::{t, tr};
use std::rc::Rc;
use wic_core::phone::{self, PhoneKind};
use wic_core::sms::{self, Encoding, SmsKind, Templates};

pub const SPEC: Spec = Spec {
    section: "sms",
    title: Some("smsTitle"),
    messages: &[],
    make: super::new::<Sms>,
};

/// No state: what was sent is read from the site's own list each time.
#[derive(Default)]
pub struct Sms;

impl Feature for Sms {
    fn load(self: Rc<Self>, ctx: &Rc<Ctx>) {
        run(ctx);
    }

    /// The number and the department decide what is due.
    fn client_changed(self: Rc<Self>, ctx: &Rc<Ctx>) {
        run(ctx);
    }
}

/// Shows the SMS suggestions for the incident.
fn run(ctx: &Rc<Ctx>) {
    let section = super::open(ctx, &SPEC);
    let Some(form) = &ctx.profile.sms_form else {
        note(ctx, &section, &t("smsOff"));
        return;
    };
    let incident = ctx.snapshot.borrow().incident.clone();
    let Some(raw_phone) = incident.phone.clone() else {
        note(ctx, &section, &t("smsNoPhone"));
        return;
    };
    let number = match phone::normalize(&raw_phone) {
        Ok(p) if p.kind == PhoneKind::Mobile => p,
        Ok(p) => {
            let kind = t(&format!("phoneKind_{}", kind_code(p.kind)));
            ctx.panel.error(
                &section,
                "sms-not-mobile",
                &tr("smsNotMobile", &[&raw_phone, &kind]),
            );
            return;
        }
        Err(e) => {
            ctx.panel.error(
                &section,
                "sms-bad-phone",
                &tr("smsBadPhone", &[&raw_phone, &e.to_string()]),
            );
            return;
        }
    };
    let Some(id) = incident.id else {
        note(ctx, &section, &t("smsSaveFirst"));
        return;
    };
    let templates = templates(ctx);
    let id_text = id.to_string();
    let render = |kind: SmsKind| sms::render(templates.get(kind), &[("id", &id_text)]);
    let sent_texts: Vec<String> = query_all(ctx.doc(), &form.sent_rows)
        .iter()
        .filter_map(|r| r.text_content())
        .collect();
    let already: Vec<SmsKind> = SmsKind::ALL
        .into_iter()
        .filter(|k| render(*k).is_ok_and(|text| sent_texts.iter().any(|row| row.contains(&text))))
        .collect();
    let exempt = ctx
        .profile
        .sms
        .as_ref()
        .map(|s| s.exempt_departments.clone())
        .unwrap_or_default();
    let due = sms::suggestions(
        &incident,
        ctx.settings.department.as_deref(),
        &exempt,
        &already,
    );
    if due.is_empty() {
        note(
            ctx,
            &section,
            &t(if already.is_empty() {
                "smsNotDue"
            } else {
                "smsAlreadySent"
            }),
        );
    }
    let e164 = number.e164.clone().unwrap_or(raw_phone);
    for kind in due.into_iter().chain([SmsKind::Unreachable]) {
        let text = match render(kind) {
            Ok(text) => text,
            Err(e) => {
                ctx.panel.error(&section, "sms-template", &e.to_string());
                continue;
            }
        };
        let (ctx2, phone) = (ctx.clone(), e164.clone());
        button(ctx, &section, action(kind), &t(label(kind)), move || {
            fill(&ctx2, kind, &phone, &text)
        });
    }
}

fn templates(ctx: &Ctx) -> Templates {
    ctx.profile
        .sms
        .as_ref()
        .map(|s| s.templates.clone())
        .unwrap_or_default()
}

fn action(kind: SmsKind) -> &'static str {
    match kind {
        SmsKind::IncidentNumber => "sms-incident-number",
        SmsKind::Resolved => "sms-resolved",
        SmsKind::Unreachable => "sms-unreachable",
    }
}

fn label(kind: SmsKind) -> &'static str {
    match kind {
        SmsKind::IncidentNumber => "smsIncidentNumber",
        SmsKind::Resolved => "smsResolved",
        SmsKind::Unreachable => "smsUnreachable",
    }
}

fn kind_code(kind: PhoneKind) -> &'static str {
    match kind {
        PhoneKind::Mobile => "mobile",
        PhoneKind::FixedLine => "fixed_line",
        PhoneKind::TollFree => "toll_free",
        PhoneKind::PremiumRate => "premium_rate",
        PhoneKind::PersonalNumber => "personal_number",
        PhoneKind::Internal => "internal",
        PhoneKind::Short => "short",
    }
}

/// Fills the site's SMS form for `kind`; shows the segment count. Never presses «Отправить».
fn fill(ctx: &Rc<Ctx>, kind: SmsKind, phone: &str, text: &str) {
    let Some(form) = ctx.profile.sms_form.clone() else {
        return;
    };
    let doc = ctx.doc();
    let kind_value = match (&form.kind_values, kind) {
        (Some(v), SmsKind::IncidentNumber) => v.incident_number.clone(),
        (Some(v), SmsKind::Resolved) => v.resolved.clone(),
        (Some(v), SmsKind::Unreachable) => v.unreachable.clone(),
        (None, k) => serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
    };
    let result = (|| {
        if let Some(open) = &form.open {
            if !forms::visible(doc, &form.phone) {
                forms::click(doc, open)?;
            }
        }
        forms::fill(doc, &form.phone, phone)?;
        forms::fill(doc, &form.kind, &kind_value)?;
        forms::fill(doc, &form.text, text)?;
        forms::check(doc, &form.send_on_resolve, kind == SmsKind::Resolved)
    })();
    run(ctx);
    let target = ctx.panel.existing(SPEC.section);
    match result {
        Ok(()) => {
            let seg = sms::segments(text);
            let enc = match seg.encoding {
                Encoding::Gsm7 => "GSM-7",
                Encoding::Ucs2 => "UCS-2",
            };
            let p = note(
                ctx,
                &target,
                &tr(
                    "smsFilled",
                    &[&seg.count.to_string(), &seg.chars.to_string(), enc],
                ),
            );
            attr(&p, "data-wa-sms-segments", &seg.count.to_string());
        }
        Err(e) => {
            ctx.panel
                .error(&target, "sms-form", &tr("formMissing", &[&e.to_string()]));
        }
    }
}

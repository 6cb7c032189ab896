//! Linking a call the way the operator would: WIC's own «Ид звонка» form filled, «Привязать» pressed,
//! then the call looked for among the incident's linked calls. Must not know the panel.

use crate::app::Ctx;
use crate::dom::{query, read_value};
use crate::i18n::{t, tr};
use crate::{forms, timer};

/// How long the site has to show the linked call.
const VERIFY_MS: f64 = 10_000.0;

/// Why a link did not happen.
#[derive(Debug, PartialEq)]
pub enum LinkError {
    /// The page shows another incident now (or the operator left): nothing to say, nothing done.
    Moved,
    /// What went wrong, for the operator.
    Failed(String),
}

impl From<forms::FormError> for LinkError {
    fn from(e: forms::FormError) -> Self {
        LinkError::Failed(tr("formMissing", &[&e.to_string()]))
    }
}

/// Fills the site's «Ид звонка» form with `call_id`, submits it and waits until the call is listed.
pub async fn link(ctx: &Ctx, call_id: &str) -> Result<(), LinkError> {
    let form = ctx
        .profile
        .call_link_form
        .clone()
        .ok_or_else(|| LinkError::Failed(t("callsLinkOff")))?;
    let doc = ctx.doc();
    // The page may already show another incident (in-page navigation not yet noticed): never fill
    // that incident's form with a call meant for this one.
    let shown = crate::page::incident_id(doc, &ctx.profile);
    if shown != ctx.snapshot.borrow().incident.id {
        return Err(LinkError::Moved);
    }
    if forms::rows_mention(doc, &form.linked_rows, call_id) {
        return Ok(()); // already linked here
    }
    if let Some(open) = &form.open {
        if !forms::visible(doc, &form.input) {
            forms::click(doc, open)?;
        }
    }
    let error_text = || {
        form.error
            .as_deref()
            .and_then(|sel| query(doc, sel))
            .and_then(|e| e.text_content())
    };
    let error_before = error_text();
    // The site may re-render its form while we fill it (on our own `input` event, say): fill again
    // once, and never press «Привязать» on a form that does not hold this call's id.
    let holds_id = || query(doc, &form.input).is_some_and(|e| read_value(&e) == call_id);
    for _ in 0..2 {
        forms::fill(doc, &form.input, call_id)?;
        if holds_id() {
            break;
        }
    }
    if !holds_id() {
        return Err(LinkError::Failed(t("callsFormReset")));
    }
    forms::click(doc, &form.submit)?;
    let start = timer::now_ms();
    while timer::now_ms() - start < VERIFY_MS {
        timer::sleep(100).await;
        if !ctx.alive() {
            return Err(LinkError::Moved);
        }
        if forms::rows_mention(doc, &form.linked_rows, call_id) {
            return Ok(());
        }
        if let Some(msg) =
            error_text().filter(|m| !m.trim().is_empty() && Some(m) != error_before.as_ref())
        {
            return Err(LinkError::Failed(msg.trim().to_string()));
        }
    }
    Err(LinkError::Failed(t("callsLinkTimeout")))
}

//! The rows of a profile v2 source (DESIGN §3a), wherever they are: the incident page itself (no
//! request), an HTML report (fetched — through the background for another origin — and parsed with
//! the browser's `DOMParser`) or a JSON answer. Turning rows into incidents and calls is wic-core's
//! (`wic_core::source`). Must not know what the rows are used for.

use crate::net::{self, Expect, FetchError};
use web_sys::{AbortSignal, Document, DomParser, SupportedType};
use wic_core::source::{self, Problem, RawRow, SourceSpec, UrlVars, Via};

/// The raw rows of source `name` (`history`, `calls`, `registration`) as `spec` describes them;
/// `doc` is the incident page, `vars` fill the `url`.
pub async fn raw_rows(
    doc: &Document,
    name: &str,
    spec: &SourceSpec,
    vars: &UrlVars<'_>,
    cancel: &AbortSignal,
) -> Result<Vec<RawRow>, FetchError> {
    let url = || {
        let template = spec.url.as_deref().unwrap_or_default();
        source::fill_url(template, vars).map_err(|e| FetchError::Malformed(e.to_string()))
    };
    match spec.from {
        Via::Page => Ok(crate::page::rows(doc, spec)),
        Via::Html => {
            let text = net::get_text(&url()?, Expect::Html, cancel).await?;
            let parsed = DomParser::new()
                .and_then(|p| p.parse_from_string(&text, SupportedType::TextHtml))
                .map_err(|_| FetchError::Malformed("HTML".into()))?;
            Ok(crate::page::rows(&parsed, spec))
        }
        Via::Json => {
            let body: serde_json::Value = net::get_json(&url()?, cancel).await?;
            source::json_rows(name, spec, &body)
                .map_err(|e| FetchError::Malformed(format!("{}: {}", e.field, e.message)))
        }
    }
}

/// Shows the first value a source could not read, once, as `[data-wa-error="source-field-unparsed"]`
/// naming the profile field (the rest are counted).
pub fn report_problems(ctx: &crate::app::Ctx, section: &web_sys::Element, problems: &[Problem]) {
    let Some(first) = problems.first() else {
        return;
    };
    let more = (problems.len() - 1).to_string();
    let message = crate::i18n::tr(
        "errSourceUnparsed",
        &[&first.field, &first.raw, &first.message, &more],
    );
    ctx.panel.error(section, source::UNPARSED_CODE, &message);
}

//! Server-rendered HTML pages of the site. Every dynamic value goes through [`esc`]; page
//! behaviour lives in `/static/common.js` and `/static/app.js` (no inline scripts or handlers, so a strict CSP holds).

pub mod card;
pub mod card_parts;
pub mod layout;
pub mod misc;
pub mod reports;

use axum::routing::get;
use axum::Router;

use crate::State;

/// Products (incident types) offered in the card.
pub const PRODUCTS: [&str; 12] = [
    "Контур.Экстерн",
    "Контур.Закупки",
    "Контур.EDI",
    "Контур.Диадок",
    "Контур.Бухгалтерия",
    "Контур.Зарплата",
    "Сверка взаиморасчетов",
    "Сертификат КЭП",
    "Контур.Маркет",
    "Контур.Фокус",
    "Контур.Эльба",
    "Контур.ОФД",
];

/// Departments offered in the card (operators' departments are added).
pub const DEPARTMENTS: [&str; 7] = [
    "3946",
    "Отдел обучения",
    "Экстерн 2 линия",
    "Отдел сопровождения",
    "СЦ",
    "ОКО",
    "Бухгалтерия 2 линия",
];

/// HTML-escapes text for element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes an optional value (absent = empty).
pub fn esc_opt(s: Option<&str>) -> String {
    esc(s.unwrap_or(""))
}

/// Percent-encodes a query-string value.
pub fn url_enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `<option>` list for a `<select>`: `(value, label)` pairs, the current value selected and added
/// when it is not among them.
pub fn options(
    items: &[(String, String)],
    current: Option<&str>,
    empty_label: Option<&str>,
) -> String {
    let mut out = String::new();
    if let Some(l) = empty_label {
        let sel = if current.is_none_or(str::is_empty) {
            " selected"
        } else {
            ""
        };
        out.push_str(&format!("<option value=\"\"{sel}>{}</option>", esc(l)));
    }
    if let Some(c) = current.filter(|c| !c.is_empty() && !items.iter().any(|(v, _)| v == c)) {
        out.push_str(&format!(
            "<option value=\"{0}\" selected>{0}</option>",
            esc(c)
        ));
    }
    for (v, l) in items {
        let sel = if Some(v.as_str()) == current {
            " selected"
        } else {
            ""
        };
        out.push_str(&format!(
            "<option value=\"{}\"{sel}>{}</option>",
            esc(v),
            esc(l)
        ));
    }
    out
}

/// All page routes and static assets (the json dialect).
pub fn routes() -> Router<State> {
    common_routes()
        .route("/incidents/new", get(card::new_page))
        .route("/incidents/{id}", get(card::page))
}

/// Every page but the incident card (shared by both dialects).
pub fn common_routes() -> Router<State> {
    Router::new()
        .route("/", get(misc::index))
        .route("/reports/registration", get(reports::registration))
        .route("/reports/unlinked", get(reports::unlinked))
        .route("/tel/calls", get(misc::tel_calls))
        .route("/static/common.js", get(crate::shared::common_js))
        .route("/static/app.js", get(misc::app_js))
        .route("/static/wic.css", get(misc::wic_css))
        .fallback(misc::not_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_hostile_markup() {
        assert_eq!(
            esc("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(esc("a\"b'c&"), "a&quot;b&#39;c&amp;");
    }
}

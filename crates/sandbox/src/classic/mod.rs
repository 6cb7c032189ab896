//! The "classic" dialect (`--dialect classic`): the incident card as the seed shows WIC — the number
//! as text, Russian dates and statuses, knowledge as «Привязка N», «История обращений» only as a
//! table filled lazily from an HTML fragment — and the UKSstat-like report server ([`reports`]).
//! It must not know the extension or its profile: the markup is the site's own, nothing is added
//! for the reader's convenience (no `data-*` for it, no JSON for the history).

pub mod card;
pub mod history;
pub mod reports;
pub mod tabs;

use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::pages::esc;
use crate::shared::{asset, document};
use crate::State;

const CLASSIC_JS: &str = include_str!("../static/classic.js");
const CLASSIC_CSS: &str = include_str!("../static/classic.css");

/// The classic card's routes; the other pages are the json dialect's (`pages::common_routes`).
pub fn routes() -> Router<State> {
    Router::new()
        .route("/incidents/new", get(card::new_page))
        .route("/incidents/history", get(history::fragment))
        .route("/incidents/{id}", get(card::page))
        .route("/static/classic.js", get(classic_js))
        .route("/static/classic.css", get(classic_css))
}

async fn classic_js() -> Response {
    asset("text/javascript; charset=utf-8", CLASSIC_JS)
}

async fn classic_css() -> Response {
    asset("text/css; charset=utf-8", CLASSIC_CSS)
}

/// A value of the call model whether the model field is `T` or `Option<T>` (core is making some
/// call fields optional; the classic pages show an empty cell for what is unknown).
pub fn known<T>(v: impl Into<Option<T>>) -> Option<T> {
    v.into()
}

/// Longest title shown in a history row; longer ones are cut with «…» (full text in `title=`).
pub const TITLE_MAX_CHARS: usize = 40;

/// A title cut to [`TITLE_MAX_CHARS`] characters, ending in «…» when cut.
pub fn cut_title(s: &str) -> String {
    if s.chars().count() <= TITLE_MAX_CHARS {
        return s.to_string();
    }
    let head: String = s.chars().take(TITLE_MAX_CHARS - 1).collect();
    format!("{}…", head.trim_end())
}

/// A whole classic page: WIC's header (menu, the logged-in operator) around `body`.
pub fn page(title: &str, operator: &str, reports_port: u16, body: &str) -> String {
    let inner = format!(
        r#"<div id="header">
  <span class="logo">WIC</span>
  <ul class="menu">
    <li><a href="/incidents/new">Создать инцидент</a></li>
    <li><span class="disabled">Поиск знаний</span></li>
    <li><a href="/">Поиск инцидентов</a></li>
    <li><a href="http://127.0.0.1:{reports_port}/uks/unlinked">UKSstat</a></li>
    <li><span class="disabled">Настройки</span></li>
  </ul>
  <div class="user-info"><span class="user-name">{operator}</span></div>
</div>
<div id="content">
{body}
</div>"#,
        operator = esc(operator),
    );
    let head = [
        r#"<link rel="stylesheet" href="/static/wic.css">"#,
        r#"<link rel="stylesheet" href="/static/classic.css">"#,
        r#"<script src="/static/common.js" defer></script>"#,
        r#"<script src="/static/classic.js" defer></script>"#,
    ];
    document(title, &head, r#" class="wic""#, &inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_cut_to_forty_characters_with_an_ellipsis() {
        assert_eq!(cut_title("Короткий"), "Короткий");
        let exact = "а".repeat(TITLE_MAX_CHARS);
        assert_eq!(cut_title(&exact), exact);
        let long = "(+1) Закрывающие документы по Контур.Закупкам";
        let cut = cut_title(long);
        assert_eq!(cut.chars().count(), TITLE_MAX_CHARS);
        assert!(cut.ends_with('…') && long.starts_with(cut.trim_end_matches('…')));
        // No space before the ellipsis.
        assert_eq!(
            cut_title(&format!("{} bb", "a".repeat(38))),
            format!("{}…", "a".repeat(38))
        );
    }

    #[test]
    fn known_reads_plain_and_optional_fields() {
        assert_eq!(known::<u32>(5u32), Some(5));
        assert_eq!(known::<u32>(None), None);
    }
}

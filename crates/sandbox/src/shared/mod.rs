//! What both dialects' pages share (the json dialect's `pages` and the classic `classic`): the HTML
//! document shell, static assets, the 500 answer, and the parts of the incident card and of the
//! report pages whose data and cells are the same whatever the markup around them ([`card`],
//! [`reports`]). It must not know either dialect's markup (ids, classes, layout) nor the extension.

pub mod card;
pub mod reports;

use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use crate::pages::esc;

/// The script every ticket page loads before its dialect's own: helpers both use.
pub const COMMON_JS: &str = include_str!("../static/common.js");

/// A whole HTML document: `title` (escaped here), the `head` lines after `<title>`, the `<body>`
/// attributes (`""` or e.g. ` class="wic"`), and `body`.
pub fn document(title: &str, head: &[&str], body_attrs: &str, body: &str) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n",
        esc(title)
    );
    for line in head {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&format!(
        "</head>\n<body{body_attrs}>\n{body}\n</body>\n</html>\n"
    ));
    out
}

/// A static asset (`/static/…`) with its content type.
pub fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// `GET /static/common.js`.
pub async fn common_js() -> Response {
    asset("text/javascript; charset=utf-8", COMMON_JS)
}

/// 500 with the database's error as escaped text.
pub fn server_error(e: &rusqlite::Error) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, Html(esc(&e.to_string()))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_escapes_the_title_and_keeps_the_lines() {
        let d = document("a<b", &["<link x>"], " class=\"k\"", "BODY");
        assert_eq!(
            d,
            "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>a&lt;b</title>\n<link x>\n</head>\n<body class=\"k\">\nBODY\n</body>\n</html>\n"
        );
    }
}

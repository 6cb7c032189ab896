//! Source address templates (DESIGN §3a "URLs"): `{name}` is replaced by its percent-encoded
//! value, `{since:%d.%m.%Y}` / `{now:…}` by a time formatted with chrono (RFC 3339 without a
//! format). The caller passes the values and times; knows no clock and no network.

use std::fmt::Write as _;

use chrono::format::StrftimeItems;
use chrono::{DateTime, FixedOffset};

use super::date::is_valid_format;

/// The values a template may use.
#[derive(Debug, Clone, Copy, Default)]
pub struct UrlVars<'a> {
    /// Text values: `operator`, `inn`, `phone` …
    pub text: &'a [(&'a str, &'a str)],
    /// Times: `since`, `now` (formatted in their own offset).
    pub times: &'a [(&'a str, DateTime<FixedOffset>)],
}

/// Why a template could not be filled: the placeholder and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("адрес источника: подстановка {{{placeholder}}}: {message}")]
pub struct UrlError {
    /// The placeholder as written, without braces (`since:%d.%m.%Y`).
    pub placeholder: String,
    /// What is wrong, in Russian.
    pub message: String,
}

/// One `{…}` of a template: its name and optional format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder<'t> {
    /// `since`.
    pub name: &'t str,
    /// `%d.%m.%Y`, when written `{since:%d.%m.%Y}`.
    pub format: Option<&'t str>,
    /// The whole text between the braces.
    pub raw: &'t str,
}

/// Literal pieces and placeholders of `template`, in order; an unclosed `{` is an error.
pub fn parse_template(template: &str) -> Result<Vec<Result<&str, Placeholder<'_>>>, UrlError> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(Ok(&rest[..open]));
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| UrlError {
            placeholder: after.chars().take(40).collect(),
            message: "незакрытая «{»".into(),
        })?;
        let raw = &after[..close];
        let (name, format) = match raw.split_once(':') {
            Some((n, f)) => (n, Some(f)),
            None => (raw, None),
        };
        parts.push(Err(Placeholder { name, format, raw }));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Ok(rest));
    }
    Ok(parts)
}

/// Fills `template` with `vars`; an unknown placeholder, a format on a text value or a bad
/// format is an error naming the placeholder.
pub fn fill_url(template: &str, vars: &UrlVars<'_>) -> Result<String, UrlError> {
    let mut out = String::with_capacity(template.len() + 32);
    for part in parse_template(template)? {
        let p = match part {
            Ok(literal) => {
                out.push_str(literal);
                continue;
            }
            Err(p) => p,
        };
        let error = |message: &str| UrlError {
            placeholder: p.raw.to_string(),
            message: message.to_string(),
        };
        if let Some((_, t)) = vars.times.iter().find(|(n, _)| *n == p.name) {
            let text = match p.format {
                None => crate::dates::rfc3339(t).ok_or_else(|| error("время не записать"))?,
                Some(f) => format_time(t, f).ok_or_else(|| error("неверный формат времени"))?,
            };
            encode_component(&text, &mut out);
        } else if let Some((_, v)) = vars.text.iter().find(|(n, _)| *n == p.name) {
            if p.format.is_some() {
                return Err(error("формат допустим только у времени (since, now)"));
            }
            encode_component(v, &mut out);
        } else {
            return Err(error("неизвестная подстановка"));
        }
    }
    Ok(out)
}

/// `t` formatted with chrono's `strftime` `format`, in `t`'s own offset; `None` for a bad format.
pub fn format_time(t: &DateTime<FixedOffset>, format: &str) -> Option<String> {
    if !is_valid_format(format) {
        return None;
    }
    let mut out = String::new();
    write!(out, "{}", t.format_with_items(StrftimeItems::new(format))).ok()?;
    Some(out)
}

/// Percent-encodes a URL component (RFC 3986 unreserved characters stay).
pub fn encode_component(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

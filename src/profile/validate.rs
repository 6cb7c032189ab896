//! Semantic checks of a parsed profile (DESIGN §3): match patterns, selectors, endpoint placeholders,
//! numeric ranges. Every rejection names the field.
//! Must not know the DOM or any site; source specs are checked by wic-core.

use super::{err, Profile, ProfileError};
use wic_core::source::{self, FieldSpec, Kind, Locator, Target, Via};

/// Placeholders each endpoint may use.
const ENDPOINT_PLACEHOLDERS: &[(&str, &[&str])] = &[
    ("history", &["inn", "inn_kpp", "since"]),
    ("history_by_phone", &["phone", "since"]),
    ("history_by_email", &["email", "since"]),
    ("calls", &["operator", "since"]),
    ("incident", &["id"]),
    ("call_lookup", &["call_id"]),
    (
        "team_calls",
        &["department", "supervisor", "since", "until"],
    ),
];

impl Profile {
    /// Checks what serde cannot: every rejection names its field.
    pub(super) fn validate(&self) -> Result<(), ProfileError> {
        if self.name.trim().is_empty() {
            return Err(err("name", "пустое имя"));
        }
        if self.matches.is_empty() {
            return Err(err("matches", "нужен хотя бы один шаблон адреса"));
        }
        for (i, pattern) in self.matches.iter().enumerate() {
            check_match_pattern(pattern).map_err(|m| err(format!("matches[{i}]"), m))?;
        }
        check_selector("incident_page", &self.incident_page)?;
        for (name, spec) in self.fields.iter() {
            if let Some(spec) = spec {
                check_field(name, spec)?;
            }
        }
        if let Some(tz) = &self.timezone {
            if source::parse_offset(tz).is_none() {
                return Err(err(
                    "timezone",
                    format!("«{tz}» — не смещение (пример: +05:00)"),
                ));
            }
        }
        source::validate_sources(&self.sources, &self.matches, &self.origins)
            .map_err(|e| err(e.field, e.message))?;
        if let Some(h) = &self.history_table {
            check_selector("history_table.row", &h.row)?;
            check_selector("history_table.incident_id", &h.incident_id)?;
        }
        if let Some(c) = &self.call_link_form {
            check_selector("call_link_form.input", &c.input)?;
            check_selector("call_link_form.submit", &c.submit)?;
            check_selector("call_link_form.linked_rows", &c.linked_rows)?;
        }
        if let Some(s) = &self.sms_form {
            for (name, sel) in [
                ("phone", &s.phone),
                ("kind", &s.kind),
                ("text", &s.text),
                ("send_on_resolve", &s.send_on_resolve),
                ("submit", &s.submit),
                ("sent_rows", &s.sent_rows),
            ] {
                check_selector(&format!("sms_form.{name}"), sel)?;
            }
        }
        for (name, template) in self.endpoints.iter() {
            if let Some(t) = template {
                check_endpoint(name, t)?;
            }
        }
        if self.duplicates.window_days == 0 || self.duplicates.window_days > 365 {
            return Err(err(
                "duplicates.window_days",
                "ожидается число дней от 1 до 365",
            ));
        }
        Ok(())
    }
}

/// An incident field: read from the page, so located by `css`; typed as the history's field of the
/// same name (`incident_id` is the history's `id`; `operator` is text).
fn check_field(name: &str, spec: &FieldSpec) -> Result<(), ProfileError> {
    let path = format!("fields.{name}");
    if let FieldSpec::Rule(rule) = spec {
        if rule.css.is_none() {
            return Err(err(
                &path,
                "поле карточки ищется на странице: нужен `css` (col и path — для источников)",
            ));
        }
    }
    let target = match name {
        "incident_id" => Target::Id,
        "operator" => Target::Text,
        other => Kind::History.target(other).unwrap_or(Target::Text),
    };
    debug_assert!(matches!(spec.locator(Via::Page), Some(Locator::Css(_))));
    source::check_field(&path, spec, Via::Page, target).map_err(|e| err(e.field, e.message))
}

fn check_selector(field: &str, selector: &str) -> Result<(), ProfileError> {
    if selector.trim().is_empty() {
        return Err(err(field, "пустой CSS-селектор"));
    }
    if selector.len() > 500 {
        return Err(err(field, "слишком длинный CSS-селектор"));
    }
    Ok(())
}

fn check_match_pattern(pattern: &str) -> Result<(), String> {
    let (scheme, rest) = pattern
        .split_once("://")
        .ok_or_else(|| format!("«{pattern}» — не шаблон адреса (ожидается https://host/*)"))?;
    if !matches!(scheme, "http" | "https" | "*") {
        return Err(format!("схема «{scheme}» не поддерживается"));
    }
    let (host, path) = rest
        .split_once('/')
        .ok_or_else(|| format!("в «{pattern}» нет пути"))?;
    if host.is_empty() || host == "*" && path.is_empty() {
        return Err(format!("в «{pattern}» нет хоста"));
    }
    if host.contains("*") && !host.starts_with("*.") && host != "*" {
        return Err(format!("«*» в хосте допустима только в начале: «{host}»"));
    }
    Ok(())
}

fn check_endpoint(name: &str, template: &str) -> Result<(), ProfileError> {
    let field = format!("endpoints.{name}");
    if !(template.starts_with('/')
        || template.starts_with("https://")
        || template.starts_with("http://"))
    {
        return Err(err(field, "адрес должен начинаться с / или http(s)://"));
    }
    let allowed = ENDPOINT_PLACEHOLDERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| *p)
        .unwrap_or(&[]);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| err(&field, "незакрытая «{»"))?;
        let key = &after[..close];
        if !allowed.contains(&key) {
            return Err(err(
                &field,
                format!(
                    "неизвестная подстановка {{{key}}}; можно: {}",
                    allowed.join(", ")
                ),
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// Byte offset of serde_json's 1-based `line` and `column` in `json`.
pub(super) fn offset_of(json: &str, line: usize, column: usize) -> usize {
    let line_start: usize = json
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column).min(json.len())
}

/// The JSON path (`sms_form.phone`, `matches[2]`) of the value being read at byte `offset`: a
/// small scan of the text that keeps the stack of open objects (with their current key) and arrays
/// (with their current index). Names the field of a serde error without a path-tracking deserializer.
pub(super) fn path_at(json: &str, offset: usize) -> String {
    enum Open {
        Object(Option<String>),
        Array(usize),
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut last_string: Option<String> = None;
    let mut end = offset.min(json.len());
    while !json.is_char_boundary(end) {
        end -= 1; // serde counts columns in bytes, but never trust an offset into UTF-8
    }
    let mut chars = json[..end].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        c => s.push(c),
                    }
                }
                last_string = Some(s);
            }
            ':' => {
                if let Some(Open::Object(key)) = stack.last_mut() {
                    *key = last_string.take();
                }
            }
            ',' => match stack.last_mut() {
                Some(Open::Object(key)) => *key = None,
                Some(Open::Array(i)) => *i += 1,
                None => {}
            },
            '{' => stack.push(Open::Object(None)),
            '[' => stack.push(Open::Array(0)),
            '}' | ']' => {
                stack.pop();
            }
            _ => {}
        }
    }
    let mut path = String::new();
    for open in &stack {
        match open {
            Open::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Open::Object(None) => {}
            Open::Array(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
}

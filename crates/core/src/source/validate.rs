//! Checks of the `sources` section (DESIGN §3a) that serde cannot make: one locator per field,
//! regexes that compile, formats chrono knows, field names the source kind has, `url` by `from`,
//! placeholders, and that an absolute `url` is covered by `matches` + `origins`. Every error names
//! the exact path in the profile, in the style of the profile validator that calls this one.
//! Must not know the DOM or the network: it checks specs, it reads nothing.

use std::collections::BTreeMap;

use super::date::{is_valid_format, DurationFormat};
use super::kind::{Kind, Target, TIME_PLACEHOLDERS};
use super::spec::{FieldSpec, SourceSpec, Via};
use super::url::parse_template;
use super::value::{compile, typed};

/// Why a source spec was rejected: the profile path and what is wrong (in Russian).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("профиль: поле `{field}`: {message}")]
pub struct SpecError {
    /// JSON path, e.g. `sources.calls.fields.duration_s.duration`.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

fn err(field: impl Into<String>, message: impl Into<String>) -> SpecError {
    SpecError {
        field: field.into(),
        message: message.into(),
    }
}

/// Checks every source and that each absolute `url` is covered by `matches` or `origins`.
pub fn validate_sources(
    sources: &BTreeMap<String, SourceSpec>,
    matches: &[String],
    origins: &[String],
) -> Result<(), SpecError> {
    for (i, pattern) in origins.iter().enumerate() {
        MatchPattern::parse(pattern).map_err(|m| err(format!("origins[{i}]"), m))?;
    }
    for (name, spec) in sources {
        validate_source(name, spec)?;
        if let Some(url) = &spec.url {
            check_origin(&format!("sources.{name}.url"), url, matches, origins)?;
        }
    }
    Ok(())
}

/// Checks the source `name` (`history`, `calls`, `registration`).
pub fn validate_source(name: &str, spec: &SourceSpec) -> Result<(), SpecError> {
    let at = format!("sources.{name}");
    let known = Kind::ALL.map(Kind::name).join(", ");
    let kind = Kind::from_name(name)
        .ok_or_else(|| err(&at, format!("неизвестный источник; можно: {known}")))?;
    match (spec.from, &spec.url) {
        (Via::Page, Some(_)) => {
            return Err(err(
                format!("{at}.url"),
                "у источника `from: page` адреса нет: строки берутся с открытой страницы",
            ))
        }
        (Via::Html | Via::Json, None) => {
            return Err(err(format!("{at}.url"), "нужен адрес источника (url)"))
        }
        (_, Some(url)) => check_url(&format!("{at}.url"), url, kind)?,
        (Via::Page, None) => {}
    }
    if spec.from != Via::Json {
        check_selector(&format!("{at}.rows"), &spec.rows)?;
    }
    for (field, f) in &spec.fields {
        let path = format!("{at}.fields.{field}");
        let target = kind.target(field).ok_or_else(|| {
            let names: Vec<&str> = kind.fields().iter().map(|(n, _)| *n).collect();
            err(
                &path,
                format!("неизвестное поле; можно: {}", names.join(", ")),
            )
        })?;
        check_field(&path, f, spec.from, target)?;
    }
    let inheritable = kind.inheritable();
    for (i, f) in spec.inherit.iter().enumerate() {
        if !inheritable.contains(&f.as_str()) {
            let can = if inheritable.is_empty() {
                "этот источник ничего не наследует".to_string()
            } else {
                format!("можно: {}", inheritable.join(", "))
            };
            return Err(err(
                format!("{at}.inherit[{i}]"),
                format!("«{f}» не наследуется; {can}"),
            ));
        }
    }
    for (list, names) in [("fill_down", &spec.fill_down), ("require", &spec.require)] {
        for (i, f) in names.iter().enumerate() {
            if !spec.fields.contains_key(f) {
                return Err(err(
                    format!("{at}.{list}[{i}]"),
                    format!("поле «{f}» не описано в `fields`"),
                ));
            }
        }
    }
    for (field, value) in &spec.defaults {
        let path = format!("{at}.defaults.{field}");
        let target = kind
            .target(field)
            .ok_or_else(|| err(&path, "неизвестное поле"))?;
        typed(value, target, None, None, crate::dates::UTC)
            .map_err(|m| err(&path, format!("значение не подходит: {m}")))?;
    }
    for needed in kind.model_required() {
        if !spec.fields.contains_key(*needed) && !spec.defaults.contains_key(*needed) {
            return Err(err(
                format!("{at}.fields"),
                format!("нужно поле `{needed}`"),
            ));
        }
    }
    Ok(())
}

fn check_selector(field: &str, selector: &str) -> Result<(), SpecError> {
    if selector.trim().is_empty() {
        return Err(err(field, "пустой CSS-селектор"));
    }
    if selector.len() > 500 {
        return Err(err(field, "слишком длинный CSS-селектор"));
    }
    Ok(())
}

/// Checks one field spec read `via` a source kind into `target` (also used for the incident's own
/// `fields`, which are read from the page); the error names `path` or a key under it.
pub fn check_field(
    path: &str,
    spec: &FieldSpec,
    via: Via,
    target: Target,
) -> Result<(), SpecError> {
    let rule = match spec {
        FieldSpec::Short(s) if via == Via::Json && s.trim().is_empty() => {
            return Err(err(path, "пустой путь"))
        }
        FieldSpec::Short(s) => return check_selector(path, s),
        FieldSpec::Rule(r) => r,
    };
    let locators: Vec<&str> = [
        rule.css.as_ref().map(|_| "css"),
        rule.col.map(|_| "col"),
        rule.path.as_ref().map(|_| "path"),
    ]
    .into_iter()
    .flatten()
    .collect();
    match locators.as_slice() {
        [] => {
            return Err(err(
                path,
                "нужен один способ найти значение: css, col или path",
            ))
        }
        [one] => {
            let fits = match via {
                Via::Json => *one == "path",
                Via::Page | Via::Html => *one != "path",
            };
            if !fits {
                let hint = match via {
                    Via::Json => "у JSON-источника значение ищется по `path`",
                    _ => "`path` — только у JSON-источника; здесь css или col",
                };
                return Err(err(format!("{path}.{one}"), hint));
            }
        }
        many => {
            return Err(err(
                path,
                format!(
                    "два способа найти значение ({}); нужен один",
                    many.join(", ")
                ),
            ))
        }
    }
    if let Some(css) = &rule.css {
        check_selector(&format!("{path}.css"), css)?;
    }
    if rule.col == Some(0) {
        return Err(err(format!("{path}.col"), "столбцы считаются с 1"));
    }
    if rule.path.as_ref().is_some_and(|p| p.trim().is_empty()) {
        return Err(err(format!("{path}.path"), "пустой путь"));
    }
    if let Some(attr) = &rule.attr {
        if via == Via::Json {
            return Err(err(
                format!("{path}.attr"),
                "у JSON-источника атрибутов нет",
            ));
        }
        if attr.trim().is_empty() {
            return Err(err(format!("{path}.attr"), "пустое имя атрибута"));
        }
    }
    if let Some(re) = &rule.re {
        compile(re).map_err(|e| {
            err(
                format!("{path}.re"),
                format!("регулярное выражение не компилируется: {e}"),
            )
        })?;
    }
    if let Some(date) = &rule.date {
        if target != Target::Time {
            return Err(err(
                format!("{path}.date"),
                "формат даты у поля, которое не дата",
            ));
        }
        if !is_valid_format(date) {
            return Err(err(
                format!("{path}.date"),
                format!("неверный формат даты «{date}» (пример: %d.%m.%Y %H:%M)"),
            ));
        }
    }
    if let Some(d) = &rule.duration {
        if DurationFormat::from_name(d).is_none() {
            return Err(err(
                format!("{path}.duration"),
                format!("неизвестный формат длительности «{d}»; можно: s, mm:ss, hh:mm:ss"),
            ));
        }
        if target != Target::Seconds {
            return Err(err(
                format!("{path}.duration"),
                "формат длительности у поля, которое не длительность",
            ));
        }
    }
    Ok(())
}

fn check_url(field: &str, url: &str, kind: Kind) -> Result<(), SpecError> {
    if !(url.starts_with('/') || url.starts_with("https://") || url.starts_with("http://")) {
        return Err(err(field, "адрес должен начинаться с / или http(s)://"));
    }
    let allowed = kind.placeholders();
    let parts = parse_template(url).map_err(|e| err(field, e.message))?;
    for p in parts.into_iter().filter_map(Result::err) {
        if !allowed.contains(&p.name) {
            return Err(err(
                field,
                format!(
                    "неизвестная подстановка {{{}}}; можно: {}",
                    p.raw,
                    allowed.join(", ")
                ),
            ));
        }
        match p.format {
            Some(_) if !TIME_PLACEHOLDERS.contains(&p.name) => {
                return Err(err(
                    field,
                    format!(
                        "подстановка {{{}}}: формат допустим только у since и now",
                        p.raw
                    ),
                ))
            }
            Some(f) if !is_valid_format(f) => {
                return Err(err(
                    field,
                    format!("подстановка {{{}}}: неверный формат времени «{f}»", p.raw),
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Checks that an absolute `url` is covered by one of `matches` or `origins` (scheme and host, as
/// host permissions are granted; a relative `url` is the page's own origin). The error names `field`.
pub fn check_origin(
    field: &str,
    url: &str,
    matches: &[String],
    origins: &[String],
) -> Result<(), SpecError> {
    if url.starts_with('/') && !url.starts_with("//") {
        return Ok(());
    }
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| err(field, "адрес должен начинаться с / или http(s)://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    if host_port.contains('{') {
        return Err(err(field, "подстановка в имени сервера недопустима"));
    }
    let covered = matches
        .iter()
        .chain(origins)
        .any(|p| MatchPattern::parse(p).is_ok_and(|p| p.covers(scheme, host_port)));
    if covered {
        Ok(())
    } else {
        Err(err(
            field,
            format!("адрес «{authority}» не покрыт ни `matches`, ни `origins`: добавьте его шаблон в `origins`"),
        ))
    }
}

/// A browser match pattern, reduced to what host permissions use: scheme and host (and port).
struct MatchPattern<'p> {
    scheme: &'p str,
    host: &'p str,
    port: Option<&'p str>,
}

impl<'p> MatchPattern<'p> {
    fn parse(pattern: &'p str) -> Result<MatchPattern<'p>, String> {
        let (scheme, rest) = pattern
            .split_once("://")
            .ok_or_else(|| format!("«{pattern}» — не шаблон адреса (ожидается https://host/*)"))?;
        if !matches!(scheme, "http" | "https" | "*") {
            return Err(format!("схема «{scheme}» не поддерживается"));
        }
        let (authority, _) = rest
            .split_once('/')
            .ok_or_else(|| format!("в «{pattern}» нет пути"))?;
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if host.is_empty() {
            return Err(format!("в «{pattern}» нет хоста"));
        }
        if host.contains('*') && !host.starts_with("*.") && host != "*" {
            return Err(format!("«*» в хосте допустима только в начале: «{host}»"));
        }
        Ok(MatchPattern { scheme, host, port })
    }

    fn covers(&self, scheme: &str, host_port: &str) -> bool {
        let scheme_ok = match self.scheme {
            "*" => matches!(scheme, "http" | "https"),
            s => s.eq_ignore_ascii_case(scheme),
        };
        let (host, port) = match host_port.strip_prefix('[') {
            Some(v6) => match v6.split_once(']') {
                Some((h, p)) => (h, p.strip_prefix(':')),
                None => (v6, None),
            },
            None => match host_port.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (host_port, None),
            },
        };
        let host = host.to_ascii_lowercase();
        let host_ok = match self.host {
            "*" => true,
            h if h.starts_with("*.") => {
                let base = h[2..].to_ascii_lowercase();
                host == base || host.ends_with(&format!(".{base}"))
            }
            h => h.eq_ignore_ascii_case(&host),
        };
        let port_ok = match self.port {
            None | Some("*") => true,
            Some(p) => port == Some(p),
        };
        scheme_ok && host_ok && port_ok
    }
}

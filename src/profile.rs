//! The site profile (DESIGN §3): every selector and endpoint of a ticket site, parsed and validated.
//! Pure Rust (no browser API), so it is tested natively; knows nothing of any particular site.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The profile of the reference ticket system, built into the extension.
pub const BUILTIN_JSON: &str = include_str!("../profiles/wic-sandbox.json");

/// A validated site profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Human name of the site.
    pub name: String,
    /// Match patterns of the pages the profile applies to.
    pub matches: Vec<String>,
    /// Selector present only on an incident page.
    pub incident_page: String,
    /// Where each field of the incident is read.
    pub fields: Fields,
    /// The page's own «История обращений» table.
    #[serde(default)]
    pub history_table: Option<HistoryTable>,
    /// WIC's own «link call by id» form.
    #[serde(default)]
    pub call_link_form: Option<CallLinkForm>,
    /// WIC's own SMS form.
    #[serde(default)]
    pub sms_form: Option<SmsForm>,
    /// Where a knowledge article id is entered.
    #[serde(default)]
    pub knowledge_input: Option<String>,
    /// The button that adds the entered article (optional).
    #[serde(default)]
    pub knowledge_submit: Option<String>,
    /// JSON endpoints, relative to the page's origin (or absolute).
    #[serde(default)]
    pub endpoints: Endpoints,
    /// SMS texts and exemptions.
    #[serde(default)]
    pub sms: Option<SmsSettings>,
    /// KPI rules.
    #[serde(default)]
    pub registration: wic_core::registration::Rules,
    /// Duplicate ranking settings.
    #[serde(default)]
    pub duplicates: wic_core::duplicates::Settings,
}

/// Selectors of the incident's fields. A field left out is not read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Fields {
    pub incident_id: Option<String>,
    pub inn_kpp: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub contact_name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub status: Option<String>,
    pub department: Option<String>,
    /// Each match holds one article id.
    pub knowledge: Option<String>,
    /// The logged-in operator.
    pub operator: Option<String>,
    /// Creation time (RFC 3339), when the page shows it.
    pub created_at: Option<String>,
}

/// The page's history table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryTable {
    /// One row per incident.
    pub row: String,
    /// Within a row: the element holding the incident id.
    pub incident_id: String,
}

/// WIC's «Ид звонка для привязки» form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallLinkForm {
    /// Tab or button that shows the form (optional).
    #[serde(default)]
    pub open: Option<String>,
    /// The call id input.
    pub input: String,
    /// The «Привязать» button.
    pub submit: String,
    /// Rows of linked calls, to verify the link.
    pub linked_rows: String,
    /// Where the site shows why a link failed (optional).
    #[serde(default)]
    pub error: Option<String>,
}

/// WIC's SMS form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SmsForm {
    #[serde(default)]
    pub open: Option<String>,
    pub phone: String,
    pub kind: String,
    pub text: String,
    pub send_on_resolve: String,
    pub submit: String,
    pub sent_rows: String,
    /// The `<option>` value of each kind in `kind`; defaults: incident_number, resolved, unreachable.
    #[serde(default)]
    pub kind_values: Option<SmsKindValues>,
}

/// Option values of the SMS kind `<select>` on this site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SmsKindValues {
    pub incident_number: String,
    pub resolved: String,
    pub unreachable: String,
}

/// SMS texts (templates with `{id}`, `{url}` …) and departments that get no SMS.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SmsSettings {
    /// Templates by kind; a kind left out uses the built-in text.
    #[serde(default)]
    pub templates: wic_core::sms::Templates,
    /// Departments exempt from SMS suggestions (СЦ, ОКО).
    #[serde(default)]
    pub exempt_departments: Vec<String>,
}

/// Endpoint templates; `{name}` placeholders are filled and URL-encoded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Endpoints {
    pub history: Option<String>,
    pub history_by_phone: Option<String>,
    pub history_by_email: Option<String>,
    pub calls: Option<String>,
    pub incident: Option<String>,
    pub call_lookup: Option<String>,
}

/// Why a profile was rejected: the field (a JSON path) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    /// JSON path of the offending field, e.g. `fields.inn_kpp`.
    pub field: String,
    /// What is wrong, in Russian.
    pub message: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "профиль: поле `{}`: {}", self.field, self.message)
    }
}

impl std::error::Error for ProfileError {}

fn err(field: impl Into<String>, message: impl Into<String>) -> ProfileError {
    ProfileError { field: field.into(), message: message.into() }
}

/// Placeholders each endpoint may use.
const ENDPOINT_PLACEHOLDERS: &[(&str, &[&str])] = &[
    ("history", &["inn", "inn_kpp", "since"]),
    ("history_by_phone", &["phone", "since"]),
    ("history_by_email", &["email", "since"]),
    ("calls", &["operator", "since"]),
    ("incident", &["id"]),
    ("call_lookup", &["call_id"]),
];

impl Profile {
    /// The built-in profile (the sandbox's).
    pub fn builtin() -> Profile {
        Profile::parse(BUILTIN_JSON).expect("invariant: the built-in profile is valid")
    }

    /// Parses and validates a profile; the error names the offending field.
    pub fn parse(json: &str) -> Result<Profile, ProfileError> {
        let de = &mut serde_json::Deserializer::from_str(json);
        let profile: Profile = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            // serde reports a missing field at its parent; name the field itself.
            let missing = inner.strip_prefix("missing field `").and_then(|r| r.split('`').next());
            let field = match (path.as_str(), missing) {
                (".", Some(m)) => m.to_string(),
                (p, Some(m)) => format!("{p}.{m}"),
                (".", None) => String::new(),
                (p, None) => p.to_string(),
            };
            err(field, format!("неверное значение: {inner}"))
        })?;
        profile.validate()?;
        Ok(profile)
    }

    fn validate(&self) -> Result<(), ProfileError> {
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
        for (name, selector) in self.fields.iter() {
            if let Some(s) = selector {
                check_selector(&format!("fields.{name}"), s)?;
            }
        }
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
            return Err(err("duplicates.window_days", "ожидается число дней от 1 до 365"));
        }
        Ok(())
    }

    /// Fills an endpoint template: each `{name}` is replaced by its URL-encoded value.
    pub fn endpoint(&self, template: &str, vars: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let key = &after[..close];
                    if let Some((_, v)) = vars.iter().find(|(k, _)| *k == key) {
                        encode_component(v, &mut out);
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

impl Fields {
    /// Every field with its profile key, in a fixed order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Option<String>)> {
        [
            ("incident_id", &self.incident_id),
            ("inn_kpp", &self.inn_kpp),
            ("phone", &self.phone),
            ("email", &self.email),
            ("contact_name", &self.contact_name),
            ("title", &self.title),
            ("description", &self.description),
            ("type", &self.kind),
            ("status", &self.status),
            ("department", &self.department),
            ("knowledge", &self.knowledge),
            ("operator", &self.operator),
            ("created_at", &self.created_at),
        ]
        .into_iter()
    }
}

impl Endpoints {
    fn iter(&self) -> impl Iterator<Item = (&'static str, &Option<String>)> {
        [
            ("history", &self.history),
            ("history_by_phone", &self.history_by_phone),
            ("history_by_email", &self.history_by_email),
            ("calls", &self.calls),
            ("incident", &self.incident),
            ("call_lookup", &self.call_lookup),
        ]
        .into_iter()
    }
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
    let (host, path) = rest.split_once('/').ok_or_else(|| format!("в «{pattern}» нет пути"))?;
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
    if !(template.starts_with('/') || template.starts_with("https://") || template.starts_with("http://")) {
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
        let close = after.find('}').ok_or_else(|| err(&field, "незакрытая «{»"))?;
        let key = &after[..close];
        if !allowed.contains(&key) {
            return Err(err(&field, format!("неизвестная подстановка {{{key}}}; можно: {}", allowed.join(", "))));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// Percent-encodes a URL component (RFC 3986 unreserved characters stay).
fn encode_component(value: &str, out: &mut String) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn with(patch: impl FnOnce(&mut serde_json::Value)) -> Result<Profile, ProfileError> {
        let mut v: serde_json::Value = serde_json::from_str(BUILTIN_JSON).unwrap();
        patch(&mut v);
        Profile::parse(&v.to_string())
    }

    #[test]
    fn builtin_profile_is_valid() {
        let p = Profile::builtin();
        assert_eq!(p.name, "wic-sandbox");
        assert!(p.fields.inn_kpp.is_some());
    }

    #[test]
    fn rejection_names_the_field() {
        type Patch = Box<dyn FnOnce(&mut serde_json::Value)>;
        let cases: Vec<(Patch, &str)> = vec![
            (Box::new(|v| v["fields"]["inn_kpp"] = "  ".into()), "fields.inn_kpp"),
            (Box::new(|v| v["fields"]["inn_kpp"] = 5.into()), "fields.inn_kpp"),
            (Box::new(|v| v["matches"] = serde_json::json!(["ftp://x/*"])), "matches[0]"),
            (Box::new(|v| v["endpoints"]["history"] = "/api?x={nope}".into()), "endpoints.history"),
            (Box::new(|v| v["duplicates"]["window_days"] = 0.into()), "duplicates.window_days"),
            (Box::new(|v| v.as_object_mut().unwrap().remove("incident_page").map(|_| ()).unwrap()), "incident_page"),
            (Box::new(|v| v["call_link_form"].as_object_mut().unwrap().remove("submit").map(|_| ()).unwrap()), "call_link_form.submit"),
        ];
        for (patch, field) in cases {
            let e = with(patch).unwrap_err();
            assert_eq!(e.field, field, "{e}");
        }
    }

    #[test]
    fn missing_optional_sections_are_fine() {
        let p = with(|v| {
            let o = v.as_object_mut().unwrap();
            for k in ["history_table", "call_link_form", "sms_form", "knowledge_input", "endpoints", "sms"] {
                o.remove(k);
            }
        })
        .unwrap();
        assert!(p.call_link_form.is_none() && p.endpoints.history.is_none());
    }

    #[test]
    fn endpoint_values_are_url_encoded() {
        let p = Profile::builtin();
        let url = p.endpoint("/api/calls?operator={operator}&since={since}", &[
            ("operator", "Григорьев И&С"),
            ("since", "2018-12-21T11:25:00+05:00"),
        ]);
        assert_eq!(
            url,
            "/api/calls?operator=%D0%93%D1%80%D0%B8%D0%B3%D0%BE%D1%80%D1%8C%D0%B5%D0%B2%20%D0%98%26%D0%A1\
             &since=2018-12-21T11%3A25%3A00%2B05%3A00"
        );
    }
}

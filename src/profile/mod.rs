//! The site profile (DESIGN §3, §3a): every selector, endpoint and data source of a ticket site,
//! parsed and validated. Pure Rust (no browser API), so it is tested natively; knows nothing of any
//! particular site. The `sources` specs and their checks are wic-core's (`wic_core::source`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use wic_core::source::{FieldSpec, Kind, Locator, SourceSpec, Via};

mod validate;

/// The profile of the reference ticket system, built into the extension.
pub const BUILTIN_JSON: &str = include_str!("../../profiles/wic-sandbox.json");

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
    /// Offset of the site's times written without one (`+05:00`); the browser's when absent.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Match patterns of other origins the sources read (a report server), besides `matches`.
    #[serde(default)]
    pub origins: Vec<String>,
    /// Where history, calls and the registration report come from (profile v2).
    #[serde(default)]
    pub sources: BTreeMap<String, SourceSpec>,
}

/// Where each field of the incident is read: a CSS selector, or a field spec (`css` with `attr`,
/// `re`, `map`, `date`). A field left out is not read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Fields {
    pub incident_id: Option<FieldSpec>,
    pub inn_kpp: Option<FieldSpec>,
    pub phone: Option<FieldSpec>,
    pub email: Option<FieldSpec>,
    pub contact_name: Option<FieldSpec>,
    pub title: Option<FieldSpec>,
    pub description: Option<FieldSpec>,
    #[serde(rename = "type")]
    pub kind: Option<FieldSpec>,
    pub status: Option<FieldSpec>,
    pub department: Option<FieldSpec>,
    /// Each match holds one article id.
    pub knowledge: Option<FieldSpec>,
    /// The logged-in operator.
    pub operator: Option<FieldSpec>,
    /// Creation time (RFC 3339, or as `date` says).
    pub created_at: Option<FieldSpec>,
}

/// The CSS selector of a page field (a validated spec of the incident's fields always has one).
pub fn css(field: &Option<FieldSpec>) -> Option<&str> {
    match field.as_ref()?.locator(Via::Page)? {
        Locator::Css(s) => Some(s),
        _ => None,
    }
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
    /// A team's calls (the supervisor's report): JSON calls, each with `department` and `supervisor`.
    pub team_calls: Option<String>,
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

pub(crate) fn err(field: impl Into<String>, message: impl Into<String>) -> ProfileError {
    ProfileError {
        field: field.into(),
        message: message.into(),
    }
}

impl Profile {
    /// The built-in profile (the sandbox's).
    pub fn builtin() -> Profile {
        Profile::parse(BUILTIN_JSON).expect("invariant: the built-in profile is valid")
    }

    /// Parses and validates a profile; the error names the offending field.
    pub fn parse(json: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = serde_json::from_str(json).map_err(|e| {
            let message = e.to_string();
            let at = validate::offset_of(json, e.line(), e.column());
            let mut field = validate::path_at(json, at);
            // serde reports a missing field at the end of its parent; name the field itself.
            if let Some(missing) = message
                .strip_prefix("missing field `")
                .and_then(|r| r.split('`').next())
            {
                field = if field.is_empty() {
                    missing.to_string()
                } else {
                    format!("{field}.{missing}")
                };
            }
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            err(field, format!("неверное значение: {message}"))
        })?;
        profile.validate()?;
        Ok(profile)
    }

    /// The source `kind`, when the profile names one.
    pub fn source(&self, kind: Kind) -> Option<&SourceSpec> {
        self.sources.get(kind.name())
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
                        wic_core::source::encode_component(v, &mut out);
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
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Option<FieldSpec>)> {
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
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static str, &Option<String>)> {
        [
            ("history", &self.history),
            ("history_by_phone", &self.history_by_phone),
            ("history_by_email", &self.history_by_email),
            ("calls", &self.calls),
            ("incident", &self.incident),
            ("call_lookup", &self.call_lookup),
            ("team_calls", &self.team_calls),
        ]
        .into_iter()
    }
}

#[cfg(test)]
mod tests;

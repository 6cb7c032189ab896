//! Raw rows → model objects (DESIGN §3a "Rows"): `fill_down`, `require` (skip quietly), typed
//! reading per target field, `inherit` from the current incident, `defaults`, and the list of values
//! that were present but did not parse. Knows no DOM and no network: rows arrive as text.

use std::collections::BTreeMap;
use std::fmt;

use chrono::FixedOffset;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::kind::Kind;
use super::spec::SourceSpec;
use super::value::{typed, Reader, Text};
use crate::model::{Call, Incident};

/// One raw row: target field → the text found (`None` when the cell or element is missing).
pub type RawRow = BTreeMap<String, Option<String>>;

/// The `[data-wa-error]` code under which the panel shows unparsed values.
pub const UNPARSED_CODE: &str = "source-field-unparsed";

/// A line of the registration report («Процент регистрации звонков»).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRow {
    /// «Отдел», when the source has it.
    #[serde(default)]
    pub department: Option<String>,
    /// «Супервизор», when the source has it.
    #[serde(default)]
    pub supervisor: Option<String>,
    /// «ФИО».
    pub operator: String,
    /// «Звонки всего».
    pub total: u32,
    /// «Звонки с привязкой».
    pub linked: u32,
    /// «% регистрации» as the report prints it, when it does.
    #[serde(default)]
    pub percent: Option<u32>,
}

/// A value that was present but did not parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The spec's path: `sources.calls.fields.duration_s`.
    pub field: String,
    /// The offending text as found (after trimming).
    pub raw: String,
    /// What was expected, in Russian.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "источник: поле `{}`: «{}» — {}",
            self.field, self.raw, self.message
        )
    }
}

/// What a source yielded.
#[derive(Debug, Clone, PartialEq)]
pub struct Built<T> {
    /// The rows that make model objects, in source order.
    pub rows: Vec<T>,
    /// Present but unparsed values, each (field, text) once, in order of appearance (at most 50).
    pub problems: Vec<Problem>,
    /// Rows left out: a `require`d field missing (quietly) or a value the model needs unparsed.
    pub skipped: usize,
}

/// What the rows are read against: the current incident (for `inherit`) and the profile's time
/// zone (for dates without an offset; the caller's default, e.g. the browser's, when unset).
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The incident open on the page, if any.
    pub incident: Option<&'a Incident>,
    /// Offset of times written without one.
    pub zone: FixedOffset,
}

/// The client's history rows as incidents.
pub fn history(spec: &SourceSpec, rows: &[RawRow], cx: Context<'_>) -> Built<Incident> {
    build(Kind::History, spec, rows, cx)
}

/// The operator's calls.
pub fn calls(spec: &SourceSpec, rows: &[RawRow], cx: Context<'_>) -> Built<Call> {
    build(Kind::Calls, spec, rows, cx)
}

/// The registration report's operator lines.
pub fn registration(spec: &SourceSpec, rows: &[RawRow], cx: Context<'_>) -> Built<RegistrationRow> {
    build(Kind::Registration, spec, rows, cx)
}

/// The incident card itself, read like a history row but kept without a number (a new incident has
/// none yet): the incident's own `fields` as a spec, one raw row.
pub fn card(spec: &SourceSpec, row: &RawRow, cx: Context<'_>) -> Built<Incident> {
    build_with(Kind::History, &[], spec, std::slice::from_ref(row), cx)
}

/// Rows of source `kind` as `T` (the kind's model type).
pub fn build<T: DeserializeOwned>(
    kind: Kind,
    spec: &SourceSpec,
    rows: &[RawRow],
    cx: Context<'_>,
) -> Built<T> {
    build_with(kind, kind.model_required(), spec, rows, cx)
}

fn build_with<T: DeserializeOwned>(
    kind: Kind,
    required: &[&str],
    spec: &SourceSpec,
    rows: &[RawRow],
    cx: Context<'_>,
) -> Built<T> {
    let path = |f: &str| format!("sources.{}.fields.{f}", kind.name());
    let readers: BTreeMap<&str, Reader<'_>> = spec
        .fields
        .iter()
        .map(|(name, f)| (name.as_str(), Reader::new(f)))
        .collect();
    let inherited: Map<String, Value> = match cx.incident.map(serde_json::to_value) {
        Some(Ok(Value::Object(m))) => m,
        _ => Map::new(),
    };
    let mut out = Built {
        rows: Vec::new(),
        problems: Vec::new(),
        skipped: 0,
    };
    let mut above: BTreeMap<&str, String> = BTreeMap::new();
    for raw in rows {
        // fill_down: an empty cell takes the text of the row above (skipped rows included).
        let mut row: BTreeMap<&str, Option<String>> = BTreeMap::new();
        for name in readers.keys() {
            let text = raw.get(*name).cloned().flatten();
            let blank = text.as_deref().is_none_or(|t| t.trim().is_empty());
            let filled = if blank && spec.fill_down.iter().any(|f| f == name) {
                above.get(name).cloned()
            } else {
                text
            };
            if let Some(t) = filled.as_ref().filter(|t| !t.trim().is_empty()) {
                above.insert(name, t.clone());
            }
            row.insert(name, filled);
        }
        let texts: BTreeMap<&str, Text> = readers
            .iter()
            .map(|(name, r)| (*name, r.text(row.get(name).cloned().flatten().as_deref())))
            .collect();
        let lacks = |f: &String| !matches!(texts.get(f.as_str()), Some(Text::Value(_)));
        if spec.require.iter().any(lacks) {
            out.skipped += 1;
            continue;
        }
        let mut object = Map::new();
        let mut broken = false;
        for (name, target) in kind.fields() {
            let mut value = None;
            if let (Some(reader), Some(text)) = (readers.get(name), texts.get(name)) {
                let raw_text = || row.get(name).cloned().flatten().unwrap_or_default();
                let failure = match text {
                    Text::Missing => None,
                    Text::Unmatched => Some(reader.unmatched_reason()),
                    Text::Value(v) => match reader.typed(v, *target, cx.zone) {
                        Ok(v) => {
                            value = Some(v);
                            None
                        }
                        Err(e) => Some(e),
                    },
                };
                if let Some(message) = failure {
                    note(&mut out.problems, path(name), raw_text().trim(), message);
                    broken |= required.contains(name);
                }
            }
            if value.is_none() && spec.inherit.iter().any(|f| f == name) {
                value = inherited
                    .get(*name)
                    .filter(|v| !v.is_null())
                    .and_then(|v| typed(v, *target, None, None, cx.zone).ok());
            }
            if value.is_none() {
                value = spec
                    .defaults
                    .get(*name)
                    .filter(|v| !v.is_null())
                    .and_then(|v| typed(v, *target, None, None, cx.zone).ok());
            }
            if let Some(v) = value {
                object.insert((*name).to_string(), v);
            }
        }
        let complete = required.iter().all(|f| object.contains_key(*f));
        let item = if broken || !complete {
            None
        } else {
            serde_json::from_value(Value::Object(object)).ok()
        };
        match item {
            Some(item) => out.rows.push(item),
            None => out.skipped += 1,
        }
    }
    out
}

/// Enough to show what is wrong; a table of garbage does not make a list of thousands.
const MAX_PROBLEMS: usize = 50;

fn note(problems: &mut Vec<Problem>, field: String, raw: &str, message: String) {
    let raw: String = raw.chars().take(200).collect();
    let seen = problems.iter().any(|p| p.field == field && p.raw == raw);
    if !seen && problems.len() < MAX_PROBLEMS {
        problems.push(Problem {
            field,
            raw,
            message,
        });
    }
}

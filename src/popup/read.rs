//! The popup's answers read: the calls answer (the legacy JSON list of calls, a v2 source's JSON
//! body, or the raw rows `source_rows` took from an HTML report) → the operator's own calls; the
//! registration report → the operator's line; and both → the `Summary`. Rows become calls and report
//! lines by wic-core's rules (`wic_core::source`, `registration::belongs_to`). Knows no fetch and no
//! DOM: HTML arrives already cut into raw rows.

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde_json::Value;
use wic_core::model::{Call, Direction};
use wic_core::registration::{belongs_to, percent};
use wic_core::source::{self, Context, Kind, Problem, RawRow, SourceSpec, Via};

use super::request::site_now;
use super::{bounds, rfc3339, summary, Period, Summary};
use crate::profile::Profile;

/// Why an answer could not be read (the text is for the console, not the operator).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Malformed(pub String);

/// The operator's calls from one answer, and the values that did not parse.
#[derive(Debug, Clone, PartialEq)]
pub struct OperatorCalls {
    /// The operator's own calls (a report may hold a whole team).
    pub calls: Vec<Call>,
    /// Present but unparsed values (`sources.calls.fields.<f>`).
    pub problems: Vec<Problem>,
}

/// The operator's line of the registration report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportLine {
    /// «Звонки всего».
    pub total: u32,
    /// «Звонки с привязкой».
    pub linked: u32,
    /// «% регистрации» as printed (one line), else computed half up.
    pub percent: Option<u32>,
}

/// What `source_rows` answers for an HTML source.
#[derive(Deserialize)]
struct RowsAnswer {
    rows: Vec<RawRow>,
}

/// The raw rows of source `name` from its answer: `{"rows": […]}` for HTML, the body for JSON.
fn raw_rows(name: &str, spec: &SourceSpec, body: &str) -> Result<Vec<RawRow>, Malformed> {
    match spec.from {
        Via::Html => serde_json::from_str::<RowsAnswer>(body)
            .map(|a| a.rows)
            .map_err(|e| Malformed(format!("sources.{name}: {e}"))),
        Via::Json => {
            let body: Value = serde_json::from_str(body).map_err(|e| Malformed(e.to_string()))?;
            source::json_rows(name, spec, &body).map_err(|e| Malformed(e.to_string()))
        }
        Via::Page => Err(Malformed(format!("sources.{name}: from page"))),
    }
}

/// The legacy `endpoints.calls` answer: a JSON array of calls in the sandbox's shape (DESIGN §5).
fn legacy_calls(body: &str) -> Result<Vec<Call>, Malformed> {
    let values: Vec<Value> = serde_json::from_str(body).map_err(|e| Malformed(e.to_string()))?;
    let total = values.len();
    let calls: Vec<Call> = values
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect();
    if total > 0 && calls.is_empty() {
        return Err(Malformed(
            "no call in the answer has the expected shape".into(),
        ));
    }
    Ok(calls)
}

/// The operator's calls from the calls answer `body`: through the profile's `calls` source when it
/// has one (times without an offset in `zone`; other operators' calls left out), else the legacy
/// JSON list as it is.
pub fn read_calls(
    profile: &Profile,
    body: &str,
    operator: Option<&str>,
    zone: FixedOffset,
) -> Result<OperatorCalls, Malformed> {
    let Some(spec) = profile.source(Kind::Calls) else {
        return legacy_calls(body).map(|calls| OperatorCalls {
            calls,
            problems: Vec::new(),
        });
    };
    let rows = raw_rows("calls", spec, body)?;
    let cx = Context {
        incident: None,
        zone,
    };
    let built = source::calls(spec, &rows, cx);
    let calls = built
        .rows
        .into_iter()
        .filter(|c| operator.is_none_or(|o| belongs_to(c, o)))
        .collect();
    Ok(OperatorCalls {
        calls,
        problems: built.problems,
    })
}

/// Whether a report line named `name` is `operator`'s: wic-core's rule for a call's operator.
fn same_operator(name: &str, operator: &str) -> bool {
    let probe = Call {
        id: String::new(),
        direction: Direction::In,
        answered: true,
        started_at: None,
        duration_s: None,
        transferred: false,
        caller: None,
        operator: Some(name.to_string()),
        pbx: None,
        linked_incident: None,
        linked_at: None,
        linked_by: None,
    };
    belongs_to(&probe, operator)
}

/// The operator's line of the registration answer `body` (`None` when the report has none; lines
/// of several departments are added up).
pub fn registration_line(
    profile: &Profile,
    body: &str,
    operator: &str,
    zone: FixedOffset,
) -> Result<Option<ReportLine>, Malformed> {
    let spec = profile
        .source(Kind::Registration)
        .ok_or_else(|| Malformed("no sources.registration".into()))?;
    let rows = raw_rows("registration", spec, body)?;
    let cx = Context {
        incident: None,
        zone,
    };
    let mine: Vec<_> = source::registration(spec, &rows, cx)
        .rows
        .into_iter()
        .filter(|r| same_operator(&r.operator, operator))
        .collect();
    let (total, linked) = mine.iter().fold((0u32, 0u32), |(t, l), r| {
        (t.saturating_add(r.total), l.saturating_add(r.linked))
    });
    Ok(match mine.as_slice() {
        [] => None,
        [one] => Some(ReportLine {
            total,
            linked,
            percent: one.percent.or_else(|| percent(linked, total)),
        }),
        _ => Some(ReportLine {
            total,
            linked,
            percent: percent(linked, total),
        }),
    })
}

/// The answers the popup got.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inputs<'a> {
    /// The calls answer (see [`read_calls`]).
    pub calls: &'a str,
    /// The registration report's answer, when the profile has one and it came.
    pub registration: Option<&'a str>,
    /// Whose calls.
    pub operator: Option<&'a str>,
    /// The site's origin (telephony lookup links).
    pub origin: Option<&'a str>,
}

/// The popup's numbers from its answers at `now` (the browser's local time; a v2 calls source
/// counts days and months in the profile's `timezone`). The month is the registration report's line
/// for the operator when there is one; otherwise computed from the calls and the reason noted.
pub fn summarize(
    profile: &Profile,
    inputs: Inputs<'_>,
    now: DateTime<FixedOffset>,
    shift_hours: u32,
) -> Result<Summary, Malformed> {
    let now = if profile.source(Kind::Calls).is_some() {
        site_now(profile, now)
    } else {
        now
    };
    let read = read_calls(profile, inputs.calls, inputs.operator, *now.offset())?;
    let mut s = summary(&read.calls, profile, inputs.origin, now, shift_hours);
    s.problems = read.problems;
    if let (Some(body), Some(operator)) = (inputs.registration, inputs.operator) {
        match registration_line(profile, body, operator, *now.offset()) {
            Ok(Some(line)) => {
                let (_, (m0, m1)) = bounds(now);
                s.month = Period {
                    from: rfc3339(m0),
                    to: rfc3339(m1),
                    counted: line.total,
                    linked: line.linked,
                    excluded: None,
                    percent: line.percent,
                    unchecked: Default::default(),
                    from_report: true,
                };
                s.unchecked = s.all_unchecked();
            }
            Ok(None) => s.registration_error = Some("no-row".into()),
            Err(_) => s.registration_error = Some("malformed".into()),
        }
    }
    Ok(s)
}

//! The supervisor's report page (`report.html`): the team's registration table for the day, its week
//! and its month (department → supervisor → operator with «Всего» lines, wic-core's `report`), each
//! operator's unlinked counted calls with their telephony lookup, the 30-day picture (`chart`), the
//! TSV/CSV copies (`table`) and the request for the team's calls (`request`). Every number comes from
//! `wic_core::registration`. Pure: the day and the clock come in as parameters, the answer as text;
//! knows no fetch, no DOM, no storage.

mod chart;
mod counts;
mod request;
mod sources;
mod table;

pub use chart::{chart, Chart, Point, Series, DAYS};
pub use request::{report_day, team_request, TeamError, TeamRequest, Window};
pub use sources::{team_sources, Answer, Fetch, SourcesError, Step};
pub use table::{csv, lines, tsv, Line, LineKind};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use serde_json::Value;
use wic_core::model::{Call, CallRecord};
use wic_core::registration::{report, unlinked, Report, Rules, UnlinkedRow};

use crate::popup::{absolute, Malformed, UnlinkedCall};
use crate::profile::Profile;

/// Who the team is (the settings' department and supervisor); fills records that lack them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Team<'a> {
    /// Department, as the report names it.
    pub department: Option<&'a str>,
    /// Supervisor, as the report names them.
    pub supervisor: Option<&'a str>,
}

/// One period's table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamPeriod {
    /// `today`, `week` or `month`.
    pub name: &'static str,
    /// Start (inclusive), RFC 3339.
    pub from: String,
    /// End (exclusive), RFC 3339.
    pub to: String,
    /// wic-core's report over the period's calls.
    pub report: Report,
    /// The report in display order (operators with their «Всего» lines).
    pub lines: Vec<Line>,
    /// Counted unlinked calls of the period, newest first (each names its operator).
    pub unlinked: Vec<UnlinkedCall>,
    /// The table as TSV (to paste into a spreadsheet).
    pub tsv: String,
    /// The table as CSV (to save).
    pub csv: String,
}

/// Everything the report page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamView {
    /// The day the report is for (`YYYY-MM-DD`).
    pub day: String,
    /// The day, its week and its month.
    pub periods: Vec<TeamPeriod>,
    /// Registration % per day, team and operators, for the 30 days up to `day`.
    pub chart: Chart,
    /// Records of the answer that were not calls (left out).
    pub skipped: u32,
    /// Profile v2 sources only: why some operator's unlinked calls could not be read (a fetch error
    /// code such as `timeout`, or `malformed`); the table and the picture are complete regardless.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calls_error: Option<String>,
}

/// The team's call records from the `team_calls` answer: a JSON array of calls, each with its
/// operator's `department` and `supervisor` (the team's, when absent). Elements that are not calls
/// are counted, not fatal; an answer of only such elements is malformed.
pub fn read_records(body: &str, team: Team<'_>) -> Result<(Vec<CallRecord>, u32), Malformed> {
    let values: Vec<Value> = serde_json::from_str(body).map_err(|e| Malformed(e.to_string()))?;
    let total = values.len();
    let text = |v: &Value, k: &str, fallback: Option<&str>| {
        v.get(k)
            .and_then(Value::as_str)
            .or(fallback)
            .unwrap_or_default()
            .to_string()
    };
    let records: Vec<CallRecord> = values
        .iter()
        .filter_map(|v| {
            let call: Call = serde_json::from_value(v.clone()).ok()?;
            Some(CallRecord {
                department: text(v, "department", team.department),
                supervisor: text(v, "supervisor", team.supervisor),
                call,
            })
        })
        .collect();
    if total > 0 && records.is_empty() {
        return Err(Malformed(
            "no call in the answer has the expected shape".into(),
        ));
    }
    let skipped = (total - records.len()) as u32;
    Ok((records, skipped))
}

fn in_range(r: &CallRecord, from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> bool {
    r.call.started_at.is_some_and(|t| t >= from && t < to)
}

/// One period of `records`: the report, its lines, the unlinked calls with their lookup links.
fn period(
    name: &'static str,
    (from, to): (DateTime<FixedOffset>, DateTime<FixedOffset>),
    records: &[CallRecord],
    profile: &Profile,
    origin: Option<&str>,
) -> TeamPeriod {
    let rules: &Rules = &profile.registration;
    let within: Vec<CallRecord> = records
        .iter()
        .filter(|r| in_range(r, from, to))
        .cloned()
        .collect();
    let report = report(&within, rules);
    let unlinked = unlinked(within.iter().map(|r| &r.call), rules);
    period_of(name, (from, to), report, unlinked, profile, origin)
}

/// A period's table from its report and its unlinked calls (given their telephony lookup links).
fn period_of(
    name: &'static str,
    (from, to): (DateTime<FixedOffset>, DateTime<FixedOffset>),
    report: Report,
    unlinked: Vec<UnlinkedRow>,
    profile: &Profile,
    origin: Option<&str>,
) -> TeamPeriod {
    let unlinked = unlinked
        .into_iter()
        .map(|row| {
            let lookup_url =
                profile.endpoints.call_lookup.as_deref().map(|tpl| {
                    absolute(&profile.endpoint(tpl, &[("call_id", &row.call_id)]), origin)
                });
            UnlinkedCall { row, lookup_url }
        })
        .collect();
    let lines = lines(&report);
    TeamPeriod {
        name,
        from: request::rfc3339(from),
        to: request::rfc3339(to),
        tsv: tsv(&lines),
        csv: csv(&lines),
        lines,
        report,
        unlinked,
    }
}

/// The report page's view of the team's `body` (the `team_calls` answer) for `window`, the picture
/// with the team's `target` percent.
pub fn team_view(
    profile: &Profile,
    body: &str,
    team: Team<'_>,
    origin: Option<&str>,
    window: &Window,
    target: u32,
) -> Result<TeamView, Malformed> {
    let (records, skipped) = read_records(body, team)?;
    let periods = vec![
        period("today", window.today, &records, profile, origin),
        period("week", window.week, &records, profile, origin),
        period("month", window.month, &records, profile, origin),
    ];
    Ok(TeamView {
        day: window.day.to_string(),
        periods,
        chart: chart(&records, &profile.registration, window, target),
        skipped,
        calls_error: None,
    })
}

#[cfg(test)]
mod sources_tests;
#[cfg(test)]
mod tests;

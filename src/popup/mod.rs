//! What the popup and the toolbar badge show: the operator's registration KPI for today and this
//! month (or the month's line of the registration report, when the profile has one) and the shift's
//! unlinked calls, all computed by wic-core's rules; plus the requests that fetch them (`request`),
//! reading their answers (`read`) and where they go (`origin`). Pure (no browser API, no DOM, no
//! storage): the clock and the time zone are parameters, answers come in as text.

mod origin;
mod read;
mod request;

pub use origin::{absolute, origin_of, pattern_matches_origin, site_origin};
pub use read::{
    read_calls, registration_line, summarize, Inputs, Malformed, OperatorCalls, ReportLine,
};
pub use request::{
    calls_request, registration_request, requests, zone, BodyKind, CallsRequest, RequestError,
    SourceRequest,
};

use crate::profile::Profile;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta};
use serde::Serialize;
use wic_core::dates::{from_unix_millis, midnight, offset_minutes, UTC};
use wic_core::model::{Call, CallRecord};
use wic_core::registration::{
    excluded, report, unlinked, Rules, TotalLevel, Unchecked, UnlinkedRow,
};
use wic_core::source::Problem;

/// The KPI over one period `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// Start (inclusive), RFC 3339 in the operator's offset.
    pub from: String,
    /// End (exclusive).
    pub to: String,
    /// Calls that enter the statistic («Звонки всего»).
    pub counted: u32,
    /// Counted calls linked to an incident.
    pub linked: u32,
    /// Incoming answered calls left out by the rules (short, short transfer, internal); `None` when
    /// the numbers come from the registration report, which does not say.
    pub excluded: Option<u32>,
    /// Whole percent, half up; `None` when nothing counted.
    pub percent: Option<u32>,
    /// Exclusion rules some counted call of the period lacked the data for.
    #[serde(skip_serializing_if = "Unchecked::is_empty")]
    pub unchecked: Unchecked,
    /// The numbers are the registration report's line for the operator, not computed from calls.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub from_report: bool,
}

/// One unlinked call of the shift, with its telephony lookup address when the profile has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnlinkedCall {
    /// The call (wic-core's row).
    #[serde(flatten)]
    pub row: UnlinkedRow,
    /// Telephony lookup URL (absolute when the origin is known, else the profile's relative path).
    pub lookup_url: Option<String>,
}

/// Everything the popup shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Today (local midnight to midnight).
    pub today: Period,
    /// This calendar month.
    pub month: Period,
    /// Start of the shift window (now − shift hours).
    pub shift_from: String,
    /// Counted unlinked calls of the shift, newest first (the badge shows how many). A call of
    /// unknown start time is listed (it may be of the shift), last.
    pub unlinked: Vec<UnlinkedCall>,
    /// Exclusion rules not applied somewhere in what is shown (the popup says «Не проверено: …»).
    #[serde(skip_serializing_if = "Unchecked::is_empty")]
    pub unchecked: Unchecked,
    /// The operator's calls without a start time: in no day or month total.
    #[serde(skip_serializing_if = "is_zero")]
    pub untimed: u32,
    /// Values of the calls source that were present but did not parse.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// Why the registration report's line is not shown (`no-row`, `malformed`, or a fetch error the
    /// caller adds); the month is then computed from calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_error: Option<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Summary {
    /// Every rule left unapplied in the periods and the unlinked list.
    fn all_unchecked(&self) -> Unchecked {
        self.unlinked
            .iter()
            .fold(self.today.unchecked.union(self.month.unchecked), |u, c| {
                u.union(c.row.unchecked)
            })
    }
}

/// Local instant from a JS clock reading and `Date.getTimezoneOffset()`-style offset (minutes east).
pub fn local_now(now_ms: f64, offset_min: i32) -> DateTime<FixedOffset> {
    let offset = offset_minutes(offset_min.clamp(-18 * 60 + 1, 18 * 60 - 1)).unwrap_or(UTC);
    from_unix_millis(now_ms, offset).unwrap_or_else(|| DateTime::UNIX_EPOCH.with_timezone(&offset))
}

/// A half-open `[from, to)` span of instants.
pub type Span = (DateTime<FixedOffset>, DateTime<FixedOffset>);

/// `[today 00:00, tomorrow 00:00)` and `[1st of month 00:00, 1st of next month 00:00)` around `now`.
pub fn bounds(now: DateTime<FixedOffset>) -> (Span, Span) {
    let off = *now.offset();
    let today: NaiveDate = now.date_naive();
    let day = (
        midnight(today, off),
        midnight(today.succ_opt().unwrap_or(today), off),
    );
    let first = today.with_day(1).unwrap_or(today);
    let next_first = (first + TimeDelta::days(32)).with_day(1).unwrap_or(first);
    (day, (midnight(first, off), midnight(next_first, off)))
}

fn rfc3339(t: DateTime<FixedOffset>) -> String {
    wic_core::dates::rfc3339(&t).unwrap_or_default()
}

/// The KPI of `calls` that started in `[from, to)`: counted/linked/percent from wic-core's report,
/// excluded by wic-core's count of its exclusion rules.
pub fn period(
    calls: &[Call],
    rules: &Rules,
    from: DateTime<FixedOffset>,
    to: DateTime<FixedOffset>,
) -> Period {
    let within: Vec<&Call> = calls
        .iter()
        .filter(|c| c.started_at.is_some_and(|t| t >= from && t < to))
        .collect();
    let records: Vec<CallRecord> = within
        .iter()
        .map(|c| CallRecord {
            call: (*c).clone(),
            department: String::new(),
            supervisor: String::new(),
        })
        .collect();
    let report = report(&records, rules);
    let all = report.totals.iter().find(|t| t.level == TotalLevel::All);
    let (counted, linked, percent) = all.map_or((0, 0, None), |t| (t.total, t.linked, t.percent));
    let excluded = excluded(within.iter().copied(), rules);
    Period {
        from: rfc3339(from),
        to: rfc3339(to),
        counted,
        linked,
        excluded: Some(excluded),
        percent,
        unchecked: report.unchecked,
        from_report: false,
    }
}

/// The popup's numbers for the operator's `calls` at `now` (local), with the shift of `shift_hours`.
pub fn summary(
    calls: &[Call],
    profile: &Profile,
    origin: Option<&str>,
    now: DateTime<FixedOffset>,
    shift_hours: u32,
) -> Summary {
    let rules = &profile.registration;
    let ((d0, d1), (m0, m1)) = bounds(now);
    let shift_from = now - TimeDelta::hours(i64::from(shift_hours.max(1)));
    let in_shift: Vec<&Call> = calls
        .iter()
        .filter(|c| c.started_at.is_none_or(|t| t >= shift_from && t <= now))
        .collect();
    let unlinked = unlinked(in_shift, rules)
        .into_iter()
        .map(|row| {
            let lookup_url = profile.endpoints.call_lookup.as_deref().map(|tpl| {
                let path = profile.endpoint(tpl, &[("call_id", &row.call_id)]);
                absolute(&path, origin)
            });
            UnlinkedCall { row, lookup_url }
        })
        .collect();
    let mut s = Summary {
        today: period(calls, rules, d0, d1),
        month: period(calls, rules, m0, m1),
        shift_from: rfc3339(shift_from),
        unlinked,
        unchecked: Unchecked::NONE,
        untimed: calls.iter().filter(|c| c.started_at.is_none()).count() as u32,
        problems: Vec::new(),
        registration_error: None,
    };
    s.unchecked = s.all_unchecked();
    s
}

#[cfg(test)]
mod source_tests;
#[cfg(test)]
mod tests;

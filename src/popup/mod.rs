//! What the popup and the toolbar badge show: the operator's registration KPI for today and this
//! month and the shift's unlinked calls, all computed by wic-core's rules; plus the one request that
//! fetches the calls. Pure (no browser API): the clock and the time zone are parameters.

use crate::profile::Profile;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime, Time, UtcOffset};
use wic_core::model::{Call, CallRecord};
use wic_core::registration::{
    exclusion, report, unlinked, Exclusion, Rules, TotalLevel, UnlinkedRow,
};

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
    /// Incoming answered calls left out by the rules (short, short transfer, internal).
    pub excluded: u32,
    /// Whole percent, half up; `None` when nothing counted.
    pub percent: Option<u32>,
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
    /// Counted unlinked calls of the shift, newest first (the badge shows how many).
    pub unlinked: Vec<UnlinkedCall>,
}

/// The calls request: the absolute URL, and the instant it goes back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallsRequest {
    /// Absolute URL of the calls endpoint for this operator.
    pub url: String,
    /// The site's origin the request goes to.
    pub origin: String,
    /// `since`, RFC 3339.
    pub since: String,
}

/// Why the calls cannot be requested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestError {
    /// The profile has no `endpoints.calls`.
    NoCallsEndpoint,
    /// Whose calls? No operator name.
    NoOperator,
    /// The site's origin is unknown (no concrete pattern in `matches`, no page visited yet).
    NoOrigin,
}

/// Local instant from a JS clock reading and `Date.getTimezoneOffset()`-style offset (minutes east).
pub fn local_now(now_ms: f64, offset_min: i32) -> OffsetDateTime {
    let utc = OffsetDateTime::from_unix_timestamp_nanos((now_ms as i128) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let offset = UtcOffset::from_whole_seconds(offset_min.clamp(-18 * 60 + 1, 18 * 60 - 1) * 60)
        .unwrap_or(UtcOffset::UTC);
    utc.to_offset(offset)
}

fn midnight(date: Date, offset: UtcOffset) -> OffsetDateTime {
    date.with_time(Time::MIDNIGHT).assume_offset(offset)
}

/// `[today 00:00, tomorrow 00:00)` and `[1st of month 00:00, 1st of next month 00:00)` around `now`.
pub fn bounds(
    now: OffsetDateTime,
) -> (
    (OffsetDateTime, OffsetDateTime),
    (OffsetDateTime, OffsetDateTime),
) {
    let off = now.offset();
    let today = now.date();
    let day = (
        midnight(today, off),
        midnight(today.next_day().unwrap_or(today), off),
    );
    let first = today.replace_day(1).unwrap_or(today);
    let next_first = (first + Duration::days(32)).replace_day(1).unwrap_or(first);
    (day, (midnight(first, off), midnight(next_first, off)))
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// The KPI of `calls` that started in `[from, to)`: counted/linked/percent from wic-core's report,
/// excluded from wic-core's exclusion rules.
pub fn period(calls: &[Call], rules: &Rules, from: OffsetDateTime, to: OffsetDateTime) -> Period {
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
    let all = report(&records, rules)
        .totals
        .into_iter()
        .find(|t| t.level == TotalLevel::All);
    let (counted, linked, percent) = all.map_or((0, 0, None), |t| (t.total, t.linked, t.percent));
    let excluded = within
        .iter()
        .filter(|c| {
            matches!(
                exclusion(c, rules),
                Some(Exclusion::TooShort | Exclusion::ShortTransfer | Exclusion::InternalUnlinked)
            )
        })
        .count() as u32;
    Period {
        from: rfc3339(from),
        to: rfc3339(to),
        counted,
        linked,
        excluded,
        percent,
    }
}

/// The popup's numbers for the operator's `calls` at `now` (local), with the shift of `shift_hours`.
pub fn summary(
    calls: &[Call],
    profile: &Profile,
    origin: Option<&str>,
    now: OffsetDateTime,
    shift_hours: u32,
) -> Summary {
    let rules = &profile.registration;
    let ((d0, d1), (m0, m1)) = bounds(now);
    let shift_from = now - Duration::hours(i64::from(shift_hours.max(1)));
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
    Summary {
        today: period(calls, rules, d0, d1),
        month: period(calls, rules, m0, m1),
        shift_from: rfc3339(shift_from),
        unlinked,
    }
}

fn absolute(path: &str, origin: Option<&str>) -> String {
    match origin {
        Some(o) if path.starts_with('/') => format!("{}{path}", o.trim_end_matches('/')),
        _ => path.to_string(),
    }
}

/// The calls request for `operator`: back to the earlier of the month's start and the shift's start.
/// The origin is `last_origin` (where the content script last ran) when the profile matches it, else
/// the first concrete pattern of `matches`.
pub fn calls_request(
    profile: &Profile,
    operator: Option<&str>,
    last_origin: Option<&str>,
    now: OffsetDateTime,
    shift_hours: u32,
) -> Result<CallsRequest, RequestError> {
    let tpl = profile
        .endpoints
        .calls
        .as_deref()
        .ok_or(RequestError::NoCallsEndpoint)?;
    let operator = operator
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or(RequestError::NoOperator)?;
    let (_, (month_start, _)) = bounds(now);
    let since = month_start.min(now - Duration::hours(i64::from(shift_hours.max(1))));
    let since = rfc3339(since);
    let path = profile.endpoint(tpl, &[("operator", operator), ("since", &since)]);
    let origin = if let Some(o) = origin_of(&path) {
        o
    } else {
        site_origin(profile, last_origin).ok_or(RequestError::NoOrigin)?
    };
    Ok(CallsRequest {
        url: absolute(&path, Some(&origin)),
        origin,
        since,
    })
}

/// `scheme://host[:port]` of an absolute URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// Whether `origin` (`scheme://host[:port]`) is matched by a profile match pattern.
pub fn pattern_matches_origin(pattern: &str, origin: &str) -> bool {
    let (Some((ps, prest)), Some((os, orest))) =
        (pattern.split_once("://"), origin.split_once("://"))
    else {
        return false;
    };
    if ps != "*" && ps != os || ps == "*" && !matches!(os, "http" | "https") {
        return false;
    }
    let phost = prest.split('/').next().unwrap_or_default();
    let ohost = orest.split('/').next().unwrap_or_default();
    let strip_port = |h: &str| -> String {
        match h.rsplit_once(':') {
            Some((name, port)) if !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()) => {
                name.to_string()
            }
            _ => h.to_string(),
        }
    };
    let (ph, oh) = (strip_port(phost), strip_port(ohost));
    let pattern_port = phost.len() != ph.len();
    if pattern_port && phost != ohost {
        return false;
    }
    ph == "*"
        || ph == oh
        || ph
            .strip_prefix("*.")
            .is_some_and(|d| oh == d || oh.ends_with(&format!(".{d}")))
}

/// The site's origin: `last_origin` when the profile covers it, else the first pattern without a
/// wildcard host.
pub fn site_origin(profile: &Profile, last_origin: Option<&str>) -> Option<String> {
    if let Some(o) =
        last_origin.filter(|o| profile.matches.iter().any(|p| pattern_matches_origin(p, o)))
    {
        return Some(o.trim_end_matches('/').to_string());
    }
    profile.matches.iter().find_map(|p| {
        let (scheme, rest) = p.split_once("://")?;
        let host = rest.split('/').next()?;
        (scheme != "*" && !host.contains('*')).then(|| format!("{scheme}://{host}"))
    })
}

#[cfg(test)]
mod tests;

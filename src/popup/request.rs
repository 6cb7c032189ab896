//! The popup's and the badge's requests: the operator's calls — the legacy `endpoints.calls` JSON
//! address, or a profile v2 `calls` source read as HTML or JSON (DESIGN §3a) — and, when the profile
//! has one, the registration report (`sources.registration`) for this month. Addresses are filled by
//! wic-core's templates and made absolute against the site. Pure: the clock comes in as `now`;
//! knows no fetch, no DOM and no storage.

use chrono::{DateTime, FixedOffset, TimeDelta};
use serde::Serialize;
use wic_core::source::{self, Kind, SourceSpec, UrlVars, Via};

use super::origin::{absolute, origin_of, site_origin};
use super::{bounds, rfc3339};
use crate::profile::Profile;

/// What the answer is: JSON (legacy calls, a `json` source) or an HTML report (`html` source),
/// whose rows a page with a DOM reads (`source_rows`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    /// A JSON answer.
    Json,
    /// An HTML page.
    Html,
}

/// The calls request, and the registration report's when the profile has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallsRequest {
    /// Absolute URL of the operator's calls.
    pub url: String,
    /// The origin the request goes to.
    pub origin: String,
    /// `since`, RFC 3339: the earlier of the month's and the shift's start.
    pub since: String,
    /// How to read the answer.
    pub kind: BodyKind,
    /// The ticket system's own origin (for links such as the telephony lookup), when known: the
    /// calls may come from a report server elsewhere.
    pub site_origin: Option<String>,
    /// The registration report for this month (`sources.registration` read as HTML or JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration: Option<SourceRequest>,
}

/// One more source to fetch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRequest {
    /// Absolute URL.
    pub url: String,
    /// The origin the request goes to.
    pub origin: String,
    /// `since`, RFC 3339.
    pub since: String,
    /// How to read the answer.
    pub kind: BodyKind,
}

/// Why the calls cannot be requested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestError {
    /// The profile has neither `sources.calls` nor `endpoints.calls`.
    NoCallsEndpoint,
    /// `sources.calls` reads the incident page (`from: page`): nothing to fetch without the page.
    CallsFromPage,
    /// Whose calls? No operator name.
    NoOperator,
    /// The site's origin is unknown (no concrete pattern in `matches`, no page visited yet).
    NoOrigin,
    /// The source's `url` template could not be filled (a profile the validator should have refused).
    SourceUrl,
}

/// The offset a v2 source's times are in, and its calendar: the profile's `timezone`, else
/// `fallback` (the browser's).
pub fn zone(profile: &Profile, fallback: FixedOffset) -> FixedOffset {
    profile
        .timezone
        .as_deref()
        .and_then(source::parse_offset)
        .unwrap_or(fallback)
}

/// `now` in the calendar of the profile's v2 sources (unchanged without a `timezone`).
pub(super) fn site_now(profile: &Profile, now: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    now.with_timezone(&zone(profile, *now.offset()))
}

fn nonempty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// The origin of `path`, or the site's when it is relative.
fn locate(
    profile: &Profile,
    path: String,
    last_origin: Option<&str>,
) -> Result<(String, String), RequestError> {
    let origin = match origin_of(&path) {
        Some(o) => o,
        None => site_origin(profile, last_origin).ok_or(RequestError::NoOrigin)?,
    };
    Ok((absolute(&path, Some(&origin)), origin))
}

/// A v2 source's address for `text` values and `since`..`now`, with the kind of its answer.
fn source_address(
    profile: &Profile,
    spec: &SourceSpec,
    text: &[(&str, &str)],
    since: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    last_origin: Option<&str>,
) -> Result<SourceRequest, RequestError> {
    let kind = match spec.from {
        Via::Page => return Err(RequestError::CallsFromPage),
        Via::Html => BodyKind::Html,
        Via::Json => BodyKind::Json,
    };
    let template = spec.url.as_deref().ok_or(RequestError::SourceUrl)?;
    let times = [("since", since), ("now", now)];
    let path = source::fill_url(
        template,
        &UrlVars {
            text,
            times: &times,
        },
    )
    .map_err(|_| RequestError::SourceUrl)?;
    let (url, origin) = locate(profile, path, last_origin)?;
    Ok(SourceRequest {
        url,
        origin,
        since: rfc3339(since),
        kind,
    })
}

/// The calls request for `operator`: back to the earlier of the month's start and the shift's start.
/// A v2 `calls` source wins over `endpoints.calls`; its calendar is the profile's `timezone`. The
/// origin of a relative address is `last_origin` (where the content script last ran) when the
/// profile matches it, else the first concrete pattern of `matches`.
pub fn calls_request(
    profile: &Profile,
    operator: Option<&str>,
    last_origin: Option<&str>,
    now: DateTime<FixedOffset>,
    shift_hours: u32,
) -> Result<CallsRequest, RequestError> {
    let spec = profile.source(Kind::Calls);
    let legacy = profile.endpoints.calls.as_deref();
    if spec.is_none() && legacy.is_none() {
        return Err(RequestError::NoCallsEndpoint);
    }
    if spec.is_some_and(|s| s.from == Via::Page) {
        return Err(RequestError::CallsFromPage);
    }
    let operator = nonempty(operator).ok_or(RequestError::NoOperator)?;
    let now = if spec.is_some() {
        site_now(profile, now)
    } else {
        now
    };
    let (_, (month_start, _)) = bounds(now);
    let since = month_start.min(now - TimeDelta::hours(i64::from(shift_hours.max(1))));
    let (url, origin, kind) = match (spec, legacy) {
        (Some(spec), _) => {
            let text = [("operator", operator)];
            let r = source_address(profile, spec, &text, since, now, last_origin)?;
            (r.url, r.origin, r.kind)
        }
        (None, Some(tpl)) => {
            let since = rfc3339(since);
            let path = profile.endpoint(tpl, &[("operator", operator), ("since", &since)]);
            let (url, origin) = locate(profile, path, last_origin)?;
            (url, origin, BodyKind::Json)
        }
        (None, None) => return Err(RequestError::NoCallsEndpoint),
    };
    Ok(CallsRequest {
        site_origin: site_origin(profile, last_origin).or_else(|| Some(origin.clone())),
        url,
        origin,
        since: rfc3339(since),
        kind,
        registration: None,
    })
}

/// The registration report for this month (from the 1st, 00:00 in the profile's calendar, to
/// `now`), when the profile has `sources.registration` read as HTML or JSON and its address fills.
pub fn registration_request(
    profile: &Profile,
    operator: &str,
    department: Option<&str>,
    last_origin: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Option<SourceRequest> {
    let spec = profile.source(Kind::Registration)?;
    let now = site_now(profile, now);
    let (_, (month_start, _)) = bounds(now);
    let text = [
        ("operator", operator),
        ("department", nonempty(department).unwrap_or_default()),
    ];
    source_address(profile, spec, &text, month_start, now, last_origin).ok()
}

/// Everything the popup fetches: the calls, and the registration report when the profile has one.
pub fn requests(
    profile: &Profile,
    operator: Option<&str>,
    department: Option<&str>,
    last_origin: Option<&str>,
    now: DateTime<FixedOffset>,
    shift_hours: u32,
) -> Result<CallsRequest, RequestError> {
    let mut r = calls_request(profile, operator, last_origin, now, shift_hours)?;
    if let Some(operator) = nonempty(operator) {
        r.registration = registration_request(profile, operator, department, last_origin, now);
    }
    Ok(r)
}

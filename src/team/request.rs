//! The report page's window (the day, its week, its month and the 30 days up to it, in the site's
//! calendar) and the request for the team's calls over all of it (`endpoints.team_calls`). Pure: the
//! clock and the day come in as parameters; knows no fetch.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta};
use serde::Serialize;
use wic_core::dates::{midnight, parse_ymd, ymd};

use super::Team;
use crate::popup::{site_origin, zone};
use crate::profile::Profile;

/// Days of the picture, the report's day included.
const CHART_DAYS: i64 = super::DAYS as i64;

/// The periods of one report day, as half-open `[from, to)` instants in the site's offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The report's day.
    pub day: NaiveDate,
    /// The day itself.
    pub today: (DateTime<FixedOffset>, DateTime<FixedOffset>),
    /// Monday of its week up to the end of the day.
    pub week: (DateTime<FixedOffset>, DateTime<FixedOffset>),
    /// The 1st of its month up to the end of the day.
    pub month: (DateTime<FixedOffset>, DateTime<FixedOffset>),
    /// The first day of the picture (29 days before `day`).
    pub chart_from: NaiveDate,
    /// The offset of all of it.
    pub offset: FixedOffset,
}

impl Window {
    /// The window of `day` in `offset`.
    pub fn new(day: NaiveDate, offset: FixedOffset) -> Window {
        let at = |d: NaiveDate| midnight(d, offset);
        let end = at(day.succ_opt().unwrap_or(day));
        let monday = day - TimeDelta::days(i64::from(day.weekday().num_days_from_monday()));
        let first = day.with_day(1).unwrap_or(day);
        Window {
            day,
            today: (at(day), end),
            week: (at(monday), end),
            month: (at(first), end),
            chart_from: day - TimeDelta::days(CHART_DAYS - 1),
            offset,
        }
    }

    /// Where the fetch starts: the earliest of the periods and the picture.
    pub fn since(&self) -> DateTime<FixedOffset> {
        let chart = midnight(self.chart_from, self.offset);
        chart.min(self.week.0).min(self.month.0)
    }

    /// Midnight at the start of `day`.
    pub fn midnight(&self, day: NaiveDate) -> DateTime<FixedOffset> {
        midnight(day, self.offset)
    }
}

/// The team's calls to fetch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamRequest {
    /// Absolute URL.
    pub url: String,
    /// The origin it goes to.
    pub origin: String,
    /// The ticket system's origin (telephony lookup links).
    pub site_origin: String,
    /// The report's day, `YYYY-MM-DD`.
    pub day: String,
    /// The day's offset, minutes east (for `team_view`).
    pub offset_min: i32,
    /// `since`, RFC 3339.
    pub since: String,
    /// `until`, RFC 3339.
    pub until: String,
}

/// Why the team's calls cannot be requested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TeamError {
    /// The profile has no `endpoints.team_calls`.
    NoTeamEndpoint,
    /// Neither a department nor a supervisor in the settings.
    NoTeam,
    /// The site's origin is unknown.
    NoOrigin,
    /// The day is not `YYYY-MM-DD`.
    BadDay,
    /// A v2 source's `url` does not fill (a profile the validator should have refused).
    SourceUrl,
}

pub(super) fn rfc3339(t: DateTime<FixedOffset>) -> String {
    wic_core::dates::rfc3339(&t).unwrap_or_default()
}

/// The report's day: `day` (`YYYY-MM-DD`) when given, else today in the site's calendar (the
/// profile's `timezone`, else the browser's offset of `now`).
pub fn report_day(
    profile: &Profile,
    day: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Result<Window, TeamError> {
    let offset = zone(profile, *now.offset());
    let day = match day.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => parse_ymd(d).ok_or(TeamError::BadDay)?,
        None => now.with_timezone(&offset).date_naive(),
    };
    Ok(Window::new(day, offset))
}

/// The request for the team's calls over the whole window of `day` (see [`report_day`]).
pub fn team_request(
    profile: &Profile,
    team: Team<'_>,
    last_origin: Option<&str>,
    day: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Result<TeamRequest, TeamError> {
    let template = profile
        .endpoints
        .team_calls
        .as_deref()
        .ok_or(TeamError::NoTeamEndpoint)?;
    fn named(s: Option<&str>) -> Option<&str> {
        s.map(str::trim).filter(|s| !s.is_empty())
    }
    let (department, supervisor) = (named(team.department), named(team.supervisor));
    if department.is_none() && supervisor.is_none() {
        return Err(TeamError::NoTeam);
    }
    let window = report_day(profile, day, now)?;
    let since = rfc3339(window.since());
    let until = rfc3339(window.today.1);
    let path = profile.endpoint(
        template,
        &[
            ("department", department.unwrap_or_default()),
            ("supervisor", supervisor.unwrap_or_default()),
            ("since", &since),
            ("until", &until),
        ],
    );
    let site = site_origin(profile, last_origin);
    let origin = match crate::popup::origin_of(&path) {
        Some(o) => o,
        None => site.clone().ok_or(TeamError::NoOrigin)?,
    };
    Ok(TeamRequest {
        url: crate::popup::absolute(&path, Some(&origin)),
        site_origin: site.unwrap_or_else(|| origin.clone()),
        origin,
        day: ymd(window.day),
        offset_min: window.offset.local_minus_utc() / 60,
        since,
        until,
    })
}

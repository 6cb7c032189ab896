//! The report page on profile v2 sources, when the profile has no `endpoints.team_calls`: the
//! table and the picture from `sources.registration`, the unlinked calls from `sources.calls`
//! (each read as `html` or `json`). A report source answers from `{since}` up to the present
//! (`{now}`), so a bounded period `[a, b)` is the report from `a` less the report from `b`
//! (`Counts::minus`; for calls, the ids of `b`'s answer left out): one request per start date —
//! the 30 days of the picture, the week's and the month's first days, and the day after the
//! report's day when that has begun. The page asks in rounds: [`team_sources`] names what to fetch,
//! then, given the answers keyed by URL, either what else (each operator's calls, once the
//! report named the operators) or the view. Pure: the clock comes in as `now`; knows no fetch, no
//! DOM, no storage (an HTML answer arrives already cut into raw rows by `source_rows`).
//! Must not know the DOM or the network: the page fetches what this asks for.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wic_core::model::Call;
use wic_core::registration::{belongs_to, unlinked, Report, UnlinkedRow};
use wic_core::source::{self, Context, Kind, RawRow, SourceSpec, UrlVars, Via};

use super::chart::{chart_of, report_cells, DAYS};
use super::counts::Counts;
use super::request::{report_day, Window};
use super::{period_of, Team, TeamError, TeamView};
use crate::popup::{absolute, origin_of, site_origin, BodyKind};
use crate::profile::Profile;

/// One address to fetch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fetch {
    /// Absolute URL (also the key of its answer).
    pub url: String,
    /// The origin it goes to.
    pub origin: String,
    /// How to read the answer (`html`: through `source_rows` first).
    pub kind: BodyKind,
    /// The profile's source: `registration` or `calls`.
    pub source: &'static str,
}

/// What a fetch gave: the body (JSON text; for `html`, `source_rows`' answer) or an error code
/// (`login`, `timeout`, `network`, `server`, `malformed`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Answer {
    /// The body.
    pub body: Option<String>,
    /// Why there is none.
    pub error: Option<String>,
}

/// The next step of the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Step {
    /// Fetch these, then ask again with their answers added.
    Fetch {
        /// The addresses, each once.
        fetch: Vec<Fetch>,
    },
    /// Everything is here.
    View(Box<TeamView>),
}

/// Why the report cannot be made from the sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourcesError {
    /// As for the legacy request (no team, bad day, no origin, an address that does not fill).
    Team(TeamError),
    /// The registration report did not come: the fetch's error code.
    Unavailable(String),
    /// The registration report came but could not be read (the text is for the console).
    Malformed(String),
}

impl SourcesError {
    /// The page's error code (`errorText` in `store.js`).
    pub fn code(&self) -> String {
        match self {
            SourcesError::Team(e) => serde_json::to_value(e)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            SourcesError::Unavailable(e) => format!("calls-unavailable-{e}"),
            SourcesError::Malformed(_) => "calls-unavailable-malformed".into(),
        }
    }
}

fn named(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// What every address of one report day shares.
struct Ask<'a> {
    profile: &'a Profile,
    last_origin: Option<&'a str>,
    window: &'a Window,
    now: DateTime<FixedOffset>,
    team: Team<'a>,
}

impl Ask<'_> {
    /// Source `name`'s address from `start` up to now, for `operator` (empty: the team).
    fn fetch(
        &self,
        spec: &SourceSpec,
        name: &'static str,
        start: NaiveDate,
        operator: &str,
    ) -> Result<Fetch, SourcesError> {
        let url_error = SourcesError::Team(TeamError::SourceUrl);
        let kind = match spec.from {
            Via::Html => BodyKind::Html,
            Via::Json => BodyKind::Json,
            Via::Page => return Err(url_error),
        };
        let template = spec.url.as_deref().ok_or(url_error.clone())?;
        let text = [
            ("operator", operator),
            ("department", self.team.department.unwrap_or_default()),
            ("supervisor", self.team.supervisor.unwrap_or_default()),
        ];
        let times = [("since", self.window.midnight(start)), ("now", self.now)];
        let path = source::fill_url(
            template,
            &UrlVars {
                text: &text,
                times: &times,
            },
        )
        .map_err(|_| url_error)?;
        let origin = match origin_of(&path) {
            Some(o) => o,
            None => site_origin(self.profile, self.last_origin)
                .ok_or(SourcesError::Team(TeamError::NoOrigin))?,
        };
        Ok(Fetch {
            url: absolute(&path, Some(&origin)),
            origin,
            kind,
            source: name,
        })
    }
}

/// The raw rows of an answer: `{"rows": […]}` (`source_rows`) for `html`, the body for `json`.
fn raw_rows(name: &str, spec: &SourceSpec, body: &str) -> Result<Vec<RawRow>, String> {
    let value: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    match spec.from {
        Via::Html => serde_json::from_value(value.get("rows").cloned().unwrap_or(Value::Null))
            .map_err(|e| format!("sources.{name}: {e}")),
        _ => source::json_rows(name, spec, &value).map_err(|e| e.to_string()),
    }
}

/// Whether source `spec` is asked per operator (its address names `{operator}`).
fn per_operator(spec: &SourceSpec) -> bool {
    spec.url.as_deref().is_some_and(|u| u.contains("{operator"))
}

/// The next step of the report of `day` (see the module's text); `None` when the profile's team
/// calls come from `endpoints.team_calls` (the legacy request) or it has no registration source to
/// fetch.
pub fn team_sources(
    profile: &Profile,
    team: Team<'_>,
    last_origin: Option<&str>,
    day: Option<&str>,
    now: DateTime<FixedOffset>,
    target: u32,
    answers: &HashMap<String, Answer>,
) -> Result<Option<Step>, SourcesError> {
    let reg = profile.source(Kind::Registration);
    let Some(reg) = reg.filter(|s| s.from != Via::Page && profile.endpoints.team_calls.is_none())
    else {
        return Ok(None);
    };
    let team = Team {
        department: named(team.department),
        supervisor: named(team.supervisor),
    };
    if team.department.is_none() && team.supervisor.is_none() {
        return Err(SourcesError::Team(TeamError::NoTeam));
    }
    let window = report_day(profile, day, now).map_err(SourcesError::Team)?;
    let now = now.with_timezone(&window.offset);
    let end = window.day.succ_opt().filter(|d| *d <= now.date_naive());
    let (week, month) = (window.week.0.date_naive(), window.month.0.date_naive());
    let chart_days: Vec<NaiveDate> = (0..i64::from(DAYS))
        .map(|i| window.chart_from + TimeDelta::days(i))
        .collect();
    let mut starts: BTreeSet<NaiveDate> = chart_days.iter().copied().collect();
    starts.extend([week, month].into_iter().chain(end));
    let ask = Ask {
        profile,
        last_origin,
        window: &window,
        now,
        team,
    };
    let mut regs = Vec::new();
    for d in &starts {
        regs.push((*d, ask.fetch(reg, "registration", *d, "")?));
    }
    let calls = profile.source(Kind::Calls).filter(|s| s.from != Via::Page);
    let call_starts: BTreeSet<NaiveDate> =
        [window.day, week, month].into_iter().chain(end).collect();
    let mut missing: Vec<Fetch> = regs.iter().map(|(_, f)| f.clone()).collect();
    let mut team_calls = Vec::new();
    if let Some(spec) = calls.filter(|s| !per_operator(s)) {
        for d in &call_starts {
            team_calls.push((*d, ask.fetch(spec, "calls", *d, "")?));
        }
        missing.extend(team_calls.iter().map(|(_, f)| f.clone()));
    }
    missing.retain(|f| !answers.contains_key(&f.url));
    if !missing.is_empty() {
        return Ok(Some(Step::Fetch { fetch: missing }));
    }
    let mut reports = HashMap::new();
    for (d, f) in &regs {
        let answer = &answers[&f.url];
        if let Some(e) = &answer.error {
            return Err(SourcesError::Unavailable(e.clone()));
        }
        let body = answer.body.as_deref().unwrap_or("null");
        let rows = raw_rows("registration", reg, body).map_err(SourcesError::Malformed)?;
        let cx = Context {
            incident: None,
            zone: window.offset,
        };
        let built = source::registration(reg, &rows, cx);
        reports.insert(*d, Counts::of_rows(&built.rows, team));
    }
    let empty = Counts::default();
    let from = |d: NaiveDate| reports.get(&d).unwrap_or(&empty);
    let later = end.map(from);
    let periods = [
        ("today", window.today, from(window.day).minus(later)),
        ("week", window.week, from(week).minus(later)),
        ("month", window.month, from(month).minus(later)),
    ];
    let mut cells = Vec::new();
    for (i, d) in chart_days.iter().enumerate() {
        let next = chart_days.get(i + 1).copied().or(end);
        let rep = from(*d).minus(next.map(from)).report();
        report_cells(i, &rep, &mut cells);
    }
    let operators: BTreeSet<String> = periods
        .iter()
        .flat_map(|p| p.2.operators().map(String::from))
        .collect();
    let mut unlinked_calls = Unlinked::default();
    if let Some(spec) = calls {
        let mut fetches = team_calls.clone();
        if per_operator(spec) {
            for op in &operators {
                for d in &call_starts {
                    fetches.push((*d, ask.fetch(spec, "calls", *d, op)?));
                }
            }
            let missing: Vec<Fetch> = fetches
                .iter()
                .filter(|(_, f)| !answers.contains_key(&f.url))
                .map(|(_, f)| f.clone())
                .collect();
            if !missing.is_empty() {
                return Ok(Some(Step::Fetch { fetch: missing }));
            }
        }
        unlinked_calls = Unlinked::read(spec, &fetches, answers, window.offset);
    }
    let site = site_origin(profile, last_origin);
    let rules = &profile.registration;
    let periods = periods
        .into_iter()
        .map(|(name, bounds, counts)| {
            let start = bounds.0.date_naive();
            let report: Report = counts.report();
            let rows = unlinked_calls.between(start, end, counts.operators(), rules);
            period_of(name, bounds, report, rows, profile, site.as_deref())
        })
        .collect();
    Ok(Some(Step::View(Box::new(TeamView {
        day: wic_core::dates::ymd(window.day),
        periods,
        chart: chart_of(cells, &window, target),
        skipped: 0,
        calls_error: unlinked_calls.error,
    }))))
}

/// The calls answers read: the calls from each start date up to now.
#[derive(Default)]
struct Unlinked {
    from: HashMap<NaiveDate, Vec<Call>>,
    error: Option<String>,
}

impl Unlinked {
    /// Every calls answer; one that failed counts as no calls and is noted.
    fn read(
        spec: &SourceSpec,
        fetches: &[(NaiveDate, Fetch)],
        answers: &HashMap<String, Answer>,
        zone: FixedOffset,
    ) -> Unlinked {
        let mut out = Unlinked::default();
        for (d, f) in fetches {
            let answer = answers.get(&f.url).cloned().unwrap_or_default();
            let rows = match (answer.error, answer.body) {
                (Some(e), _) => Err(e),
                (None, body) => raw_rows("calls", spec, body.as_deref().unwrap_or("null"))
                    .map_err(|_| "malformed".to_string()),
            };
            match rows {
                Ok(rows) => {
                    let cx = Context {
                        incident: None,
                        zone,
                    };
                    let calls = source::calls(spec, &rows, cx).rows;
                    out.from.entry(*d).or_default().extend(calls);
                }
                Err(e) => {
                    out.error.get_or_insert(e);
                }
            }
        }
        out
    }

    /// The counted unlinked calls of `operators` from `start` up to `end` (else up to now), each
    /// named as the registration report names its operator.
    fn between<'a>(
        &self,
        start: NaiveDate,
        end: Option<NaiveDate>,
        operators: impl Iterator<Item = &'a str>,
        rules: &wic_core::registration::Rules,
    ) -> Vec<UnlinkedRow> {
        let later: HashSet<&str> = end
            .and_then(|e| self.from.get(&e))
            .map(|calls| calls.iter().map(|c| c.id.as_str()).collect())
            .unwrap_or_default();
        let all = self.from.get(&start).map(Vec::as_slice).unwrap_or_default();
        let mut seen = HashSet::new();
        let mut calls = Vec::new();
        for op in operators {
            for c in all.iter().filter(|c| belongs_to(c, op)) {
                if !later.contains(c.id.as_str()) && seen.insert(c.id.as_str()) {
                    let mut c = c.clone();
                    c.operator = Some(op.to_string());
                    calls.push(c);
                }
            }
        }
        unlinked(calls.iter(), rules)
    }
}

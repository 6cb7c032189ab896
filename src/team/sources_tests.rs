//! `team_sources` against a simulated report server over the seed's March 2018 calls: the table,
//! the picture and the unlinked calls from profile v2 sources equal the legacy `team_calls` view of
//! the same calls.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{json, Value};
use wic_core::model::CallRecord;
use wic_core::registration::report;
use wic_core::source::{fill_url, UrlVars};

use super::*;
use crate::profile::{Profile, BUILTIN_JSON};

fn dt(text: &str) -> DateTime<FixedOffset> {
    wic_core::dates::parse_rfc3339(text).expect(text)
}

const ORIGIN: &str = "http://127.0.0.1:8080";

fn records() -> Vec<CallRecord> {
    include_str!("../../crates/core/tests/fixtures/calls_2018_03.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn team() -> Team<'static> {
    Team {
        department: Some("Отдел обучения"),
        supervisor: Some("Багно Наталья Олеговна"),
    }
}

/// The built-in profile without `team_calls`, with JSON `registration` and `calls` sources.
fn profile(calls_url: &str) -> Profile {
    let mut p: Value = serde_json::from_str(BUILTIN_JSON).unwrap();
    p["endpoints"].as_object_mut().unwrap().remove("team_calls");
    p["timezone"] = json!("+05:00");
    let call_fields: Value = [
        "id",
        "direction",
        "answered",
        "started_at",
        "duration_s",
        "transferred",
        "caller",
        "operator",
        "linked_incident",
    ]
    .iter()
    .map(|f| (f.to_string(), json!(f)))
    .collect::<serde_json::Map<_, _>>()
    .into();
    p["sources"] = json!({
        "registration": {
            "from": "json",
            "url": "/reg?from={since:%Y-%m-%d}&dep={department}",
            "rows": "rows",
            "fields": {"department": "department", "supervisor": "supervisor",
                "operator": "operator", "total": "total", "linked": "linked"}
        },
        "calls": {"from": "json", "url": calls_url, "rows": "", "fields": call_fields}
    });
    Profile::parse(&p.to_string()).unwrap()
}

/// The simulated server: everything from the URL's `from` date up to now.
fn serve(url: &str, records: &[CallRecord]) -> Answer {
    let at = url.find("from=").unwrap() + 5;
    let day = wic_core::dates::parse_ymd(&url[at..at + 10]).unwrap();
    let since = wic_core::dates::midnight(day, FixedOffset::east_opt(5 * 3600).unwrap());
    let mine: Vec<&CallRecord> = records
        .iter()
        .filter(|r| r.call.started_at.is_some_and(|t| t >= since))
        .filter(|r| match url.split_once("&fio=") {
            Some((_, fio)) => fio == enc(r.call.operator.as_deref().unwrap_or("")),
            None => true,
        })
        .collect();
    let body = if url.contains("/reg?") {
        let own: Vec<CallRecord> = mine.into_iter().cloned().collect();
        json!({ "rows": report(&own, &Profile::builtin().registration).rows }).to_string()
    } else {
        serde_json::to_string(&mine.iter().map(|r| &r.call).collect::<Vec<_>>()).unwrap()
    };
    Answer {
        body: Some(body),
        error: None,
    }
}

fn enc(s: &str) -> String {
    let vars = UrlVars {
        text: &[("operator", s)],
        times: &[],
    };
    fill_url("{operator}", &vars).unwrap()
}

/// Runs the rounds as the page does; the view and the number of rounds.
fn run(p: &Profile, day: &str, now: DateTime<FixedOffset>) -> (TeamView, usize, usize) {
    let records = records();
    let mut answers = HashMap::new();
    let mut fetched = 0;
    for round in 1..=4 {
        let step = team_sources(p, team(), Some(ORIGIN), Some(day), now, 95, &answers).unwrap();
        match step.unwrap() {
            Step::View(v) => return (*v, round, fetched),
            Step::Fetch { fetch } => {
                assert!(fetch.iter().all(|f| f.url.starts_with(ORIGIN)));
                fetched += fetch.len();
                for f in fetch {
                    assert!(answers
                        .insert(f.url.clone(), serve(&f.url, &records))
                        .is_none());
                }
            }
        }
    }
    panic!("no view after 4 rounds")
}

fn legacy(day: NaiveDate) -> TeamView {
    let body = serde_json::to_string(&records()).unwrap();
    let w = Window::new(day, FixedOffset::east_opt(5 * 3600).unwrap());
    team_view(&Profile::builtin(), &body, team(), Some(ORIGIN), &w, 95).unwrap()
}

fn ids(p: &TeamPeriod) -> Vec<(Option<String>, String)> {
    let mut v: Vec<_> = p
        .unlinked
        .iter()
        .map(|c| (c.row.operator.clone(), c.row.call_id.clone()))
        .collect();
    v.sort();
    v
}

#[test]
fn sources_give_the_legacy_view_of_the_same_calls() {
    let now = dt("2018-04-10T12:00:00+05:00");
    for (url, rounds) in [
        ("/unl?from={since:%Y-%m-%d}", 2),
        ("/unl?from={since:%Y-%m-%d}&fio={operator}", 3),
    ] {
        for day in [
            NaiveDate::from_ymd_opt(2018, 3, 4).unwrap(),
            NaiveDate::from_ymd_opt(2018, 3, 31).unwrap(),
        ] {
            let (v, n, fetched) = run(&profile(url), &day.to_string(), now);
            assert_eq!(
                n, rounds,
                "{url}: calls per operator need the operators first"
            );
            assert!(fetched <= 34 + 5 * 4, "{fetched} requests");
            let old = legacy(day);
            for (a, b) in v.periods.iter().zip(&old.periods) {
                assert_eq!(a.name, b.name);
                assert_eq!(a.lines, b.lines, "{day} {}", a.name);
                assert_eq!(a.tsv, b.tsv);
                assert_eq!(ids(a), ids(b), "{url} {day} {}", a.name);
            }
            assert_eq!(v.chart, old.chart, "{day}");
            assert!(v.calls_error.is_none());
        }
    }
    let (v, _, _) = run(&profile("/unl?from={since:%Y-%m-%d}"), "2018-03-31", now);
    assert_eq!(v.periods[2].lines[5].total, 399, "the seed's month");
    assert!(!v.periods[2].unlinked.is_empty());
}

#[test]
fn today_runs_up_to_now_and_errors_are_named() {
    let p = profile("/unl?from={since:%Y-%m-%d}");
    // The report's day is today: nothing to subtract, no request for tomorrow.
    let now = dt("2018-03-07T23:00:00+05:00");
    let (v, _, fetched) = run(&p, "2018-03-07", now);
    assert_eq!(
        fetched,
        30 + 3,
        "30 days (the week's and the month's starts among them), 3 calls"
    );
    assert_eq!(v.periods[2].lines.last().unwrap().total, 399);
    let err = |team, day| {
        team_sources(&p, team, Some(ORIGIN), day, now, 95, &HashMap::new()).unwrap_err()
    };
    assert_eq!(
        err(Team::default(), None),
        SourcesError::Team(TeamError::NoTeam)
    );
    assert_eq!(
        err(team(), Some("07.03.2018")).code(),
        "bad-day",
        "the page's error codes are the legacy ones"
    );
    // A registration answer that failed fails the page; a calls answer is only noted.
    let Some(Step::Fetch { fetch }) =
        team_sources(&p, team(), Some(ORIGIN), None, now, 95, &HashMap::new()).unwrap()
    else {
        panic!("a first round")
    };
    let mut answers: HashMap<String, Answer> = fetch
        .iter()
        .map(|f| (f.url.clone(), serve(&f.url, &records())))
        .collect();
    let call = fetch.iter().find(|f| f.source == "calls").unwrap();
    answers.get_mut(&call.url).unwrap().body = Some("{".into());
    let Some(Step::View(v)) =
        team_sources(&p, team(), Some(ORIGIN), None, now, 95, &answers).unwrap()
    else {
        panic!("a view")
    };
    assert_eq!(v.calls_error.as_deref(), Some("malformed"));
    let reg = fetch.iter().find(|f| f.source == "registration").unwrap();
    answers.insert(
        reg.url.clone(),
        Answer {
            body: None,
            error: Some("timeout".into()),
        },
    );
    let e = team_sources(&p, team(), Some(ORIGIN), None, now, 95, &answers).unwrap_err();
    assert_eq!(e.code(), "calls-unavailable-timeout");
}

#[test]
fn the_legacy_endpoint_wins_and_rows_of_other_teams_are_left_out() {
    let now = dt("2018-04-10T12:00:00+05:00");
    let legacy = team_sources(
        &Profile::builtin(),
        team(),
        None,
        None,
        now,
        95,
        &HashMap::new(),
    );
    assert_eq!(legacy, Ok(None));
    let rows: Vec<wic_core::source::RegistrationRow> = serde_json::from_value(json!([
        {"department": "Отдел обучения", "supervisor": "Багно Наталья Олеговна", "operator": "А", "total": 3, "linked": 2},
        {"department": "отдел  обучения", "supervisor": null, "operator": "Б", "total": 1, "linked": 1},
        {"department": "Другой", "supervisor": "Багно Наталья Олеговна", "operator": "В", "total": 5, "linked": 5},
        {"department": "Отдел обучения", "supervisor": "Иной", "operator": "Г", "total": 5, "linked": 5},
        {"department": "Отдел обучения", "supervisor": "Багно Наталья Олеговна", "operator": "Всего", "total": 4, "linked": 3}
    ]))
    .unwrap();
    let c = counts::Counts::of_rows(&rows, team());
    assert_eq!(
        c.operators().collect::<Vec<_>>(),
        ["А", "Б"],
        "the team's spelling"
    );
    let later = counts::Counts::of_rows(&rows[..1], team());
    let r = c.minus(Some(&later)).report();
    assert_eq!(r.rows.len(), 1, "А did not change: not in the period");
    assert_eq!((r.rows[0].operator.as_str(), r.rows[0].total), ("Б", 1));
    let r = c.report();
    let all = r.totals.last().unwrap();
    assert_eq!((all.total, all.linked, all.percent), (4, 3, Some(75)));
}

use super::*;
use crate::profile::Profile;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{json, Value};

fn dt(text: &str) -> DateTime<FixedOffset> {
    wic_core::dates::parse_rfc3339(text).expect(text)
}

/// The seed's March 2018 call log (wic-core's fixture) as the `team_calls` answer.
fn seed_month() -> String {
    let lines = include_str!("../../crates/core/tests/fixtures/calls_2018_03.jsonl");
    let calls: Vec<Value> = lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    Value::Array(calls).to_string()
}

fn team() -> Team<'static> {
    Team {
        department: Some("Отдел обучения"),
        supervisor: Some("Багно Наталья Олеговна"),
    }
}

fn view(body: &str, day: NaiveDate) -> TeamView {
    let window = Window::new(day, FixedOffset::east_opt(5 * 3600).unwrap());
    let origin = Some("http://127.0.0.1:8080");
    team_view(&Profile::builtin(), body, team(), origin, &window, 95).unwrap()
}

#[test]
fn the_seed_month_is_the_seed_table() {
    let v = view(&seed_month(), NaiveDate::from_ymd_opt(2018, 3, 31).unwrap());
    let month = &v.periods[2];
    assert_eq!(month.name, "month");
    let got: Vec<(&str, u32, u32, Option<u32>)> = month
        .lines
        .iter()
        .map(|l| (l.name.as_str(), l.total, l.linked, l.percent))
        .collect();
    assert_eq!(
        got,
        [
            ("Бих Елена Сергеевна", 60, 60, Some(100)),
            ("Калимулина Анастасия Илдаровна", 104, 104, Some(100)),
            ("Мухаматнуров Ильгизар Нуриазданович", 81, 81, Some(100)),
            ("Рябухин Павел Иванович", 69, 66, Some(96)),
            ("Флягин Владимир Алексеевич", 85, 82, Some(96)),
            ("Багно Наталья Олеговна", 399, 393, Some(98)),
            ("Отдел обучения", 399, 393, Some(98)),
            ("Всего", 399, 393, Some(98)),
        ]
    );
    assert_eq!(
        month.lines.iter().map(|l| l.kind).collect::<Vec<_>>()[5..],
        [LineKind::Supervisor, LineKind::Department, LineKind::All]
    );
    assert!(month.tsv.starts_with("Отдел\tСупервизор\tФИО\t"));
    assert!(month
        .tsv
        .contains("Отдел обучения\tБагно Наталья Олеговна\tРябухин Павел Иванович\t69\t66\t96%\n"));
    assert!(month.tsv.ends_with("Всего\t\t\t399\t393\t98%\n"));
    assert_eq!(month.csv.lines().count(), 9);
    assert!(month.csv.ends_with("Всего,,,399,393,98%\r\n"));
    // The 31st is a Saturday without calls; its week (26th–31st) neither.
    assert!(v.periods[0].report.rows.is_empty());
    assert!(v.periods[1].report.rows.is_empty());
    // Unlinked: Рябухин's 3 and Флягин's 3, each with the telephony lookup.
    assert_eq!(month.unlinked.len(), 6);
    let first = &month.unlinked[0];
    assert_eq!(
        first.lookup_url.as_deref(),
        Some(
            format!(
                "http://127.0.0.1:8080/tel/calls?internal_id={}",
                first.row.call_id
            )
            .as_str()
        )
    );
}

#[test]
fn the_chart_has_a_point_per_day_with_counted_calls() {
    let v = view(&seed_month(), NaiveDate::from_ymd_opt(2018, 3, 10).unwrap());
    let c = &v.chart;
    assert_eq!(c.days.len(), 30);
    assert_eq!(c.days[0], "2018-02-09");
    assert_eq!(c.days[29], "2018-03-10");
    // The fixture's calls are on March 1st to 7th (a late run spills past midnight).
    let days: Vec<&str> = c.team.points.iter().map(|p| p.day.as_str()).collect();
    assert_eq!(days.len(), 7);
    assert_eq!((days[0], days[6]), ("2018-03-01", "2018-03-07"));
    assert_eq!(c.team.segments.len(), 1);
    assert_eq!(c.operators.len(), 5);
    let sum: u32 = c.team.points.iter().map(|p| p.total).sum();
    assert_eq!(sum, 399);
    assert!(c.y100 < c.y_target && c.y_target < c.plot[3]);
    assert_eq!(c.target, 95);
    for p in &c.team.points {
        assert!(p.x >= c.plot[0] && p.x <= c.plot[2] && p.y >= c.plot[1] && p.y <= c.plot[3]);
    }
    assert_eq!(c.x_ticks.last().unwrap().label, "10.03");
}

#[test]
fn a_day_without_calls_breaks_the_line() {
    let call = |id: &str, day: u8, linked: bool| {
        json!({"id": id, "direction": "in", "answered": true, "duration_s": 100,
            "started_at": format!("2024-05-{day:02}T10:00:00+05:00"), "caller": "89120000000",
            "operator": "Иванов", "linked_incident": if linked { json!(1) } else { Value::Null }})
    };
    let body = json!([call("a", 1, true), call("b", 2, false), call("c", 4, true)]).to_string();
    let v = view(&body, NaiveDate::from_ymd_opt(2024, 5, 4).unwrap());
    assert_eq!(
        v.chart
            .team
            .segments
            .iter()
            .map(Vec::len)
            .collect::<Vec<_>>(),
        [2, 1]
    );
    assert_eq!(v.chart.y_min, 0, "a day at 0 % puts the axis at 0");
    // Records without a team take the settings' one.
    assert_eq!(
        v.periods[2].report.rows[0].supervisor,
        "Багно Наталья Олеговна"
    );
    assert_eq!(v.periods[0].report.rows[0].total, 1);
    assert_eq!(
        v.periods[1].report.rows[0].total, 3,
        "Wed 1st to Sat 4th is one week"
    );
}

#[test]
fn answers_that_are_not_calls_are_malformed() {
    let w = Window::new(
        NaiveDate::from_ymd_opt(2024, 5, 4).unwrap(),
        FixedOffset::east_opt(5 * 3600).unwrap(),
    );
    let p = Profile::builtin();
    assert!(team_view(&p, "{}", team(), None, &w, 95).is_err());
    assert!(team_view(&p, r#"[{"x": 1}]"#, team(), None, &w, 95).is_err());
    let v = team_view(&p, "[]", team(), None, &w, 95).unwrap();
    assert_eq!(
        v.periods[2].lines.len(),
        1,
        "an empty report has its grand total"
    );
    assert!(v.chart.team.points.is_empty());
}

#[test]
fn the_request_covers_the_picture_the_week_and_the_month() {
    let p = Profile::builtin();
    let now = dt("2024-05-15T12:00:00+05:00");
    let r = team_request(&p, team(), Some("http://127.0.0.1:9000"), None, now).unwrap();
    assert_eq!(r.day, "2024-05-15");
    assert_eq!(r.since, "2024-04-16T00:00:00+05:00");
    assert_eq!(r.until, "2024-05-16T00:00:00+05:00");
    assert_eq!(r.offset_min, 300);
    assert!(r
        .url
        .starts_with("http://127.0.0.1:9000/api/calls?department=%D0%9E"));
    assert!(r
        .url
        .contains("&since=2024-04-16T00%3A00%3A00%2B05%3A00&until="));
    let r = team_request(
        &p,
        team(),
        Some("http://127.0.0.1:9000"),
        Some("2018-03-31"),
        now,
    )
    .unwrap();
    assert_eq!(r.since, "2018-03-01T00:00:00+05:00");
    let err =
        |team, day| team_request(&p, team, Some("http://127.0.0.1:9000"), day, now).unwrap_err();
    assert_eq!(err(Team::default(), None), TeamError::NoTeam);
    assert_eq!(err(team(), Some("31.03.2018")), TeamError::BadDay);
    let mut bare = Profile::builtin();
    bare.endpoints.team_calls = None;
    assert_eq!(
        team_request(&bare, team(), None, None, now).unwrap_err(),
        TeamError::NoTeamEndpoint
    );
}

#[test]
fn copies_keep_cells_whole() {
    let line = Line {
        kind: LineKind::Operator,
        department: "Отдел, \"первый\"".into(),
        supervisor: "A\tB".into(),
        name: "Иванов".into(),
        total: 3,
        linked: 2,
        percent: Some(67),
    };
    let t = tsv(std::slice::from_ref(&line));
    assert_eq!(
        t.lines().nth(1),
        Some("Отдел, \"первый\"\tA B\tИванов\t3\t2\t67%")
    );
    let c = csv(&[line]);
    assert_eq!(
        c.lines().nth(1),
        Some("\"Отдел, \"\"первый\"\"\",A\tB,Иванов,3,2,67%")
    );
}

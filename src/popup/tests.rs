//! The popup's numbers: periods in the operator's calendar, wic-core's report, the calls request.

use super::*;

use wic_core::model::Direction;

fn dt(text: &str) -> DateTime<FixedOffset> {
    wic_core::dates::parse_rfc3339(text).expect(text)
}

fn call(id: &str, at: DateTime<FixedOffset>, dur: u32, caller: &str, linked: bool) -> Call {
    Call {
        id: id.into(),
        direction: Direction::In,
        answered: true,
        started_at: Some(at),
        duration_s: Some(dur),
        transferred: false,
        caller: Some(caller.into()),
        operator: Some("Оператор".into()),
        pbx: None,
        linked_incident: linked.then_some(1),
        linked_at: None,
        linked_by: None,
    }
}

#[test]
fn today_month_and_shift_follow_the_local_calendar() {
    let now = dt("2018-12-21T11:30:00+05:00");
    let calls = vec![
        call(
            "a",
            dt("2018-12-21T09:00:00+05:00"),
            100,
            "89855363453",
            true,
        ),
        call(
            "b",
            dt("2018-12-21T10:00:00+05:00"),
            100,
            "89855363453",
            false,
        ),
        call(
            "c",
            dt("2018-12-21T10:30:00+05:00"),
            10,
            "89855363453",
            false,
        ), // too short
        call(
            "d",
            dt("2018-12-02T10:00:00+05:00"),
            100,
            "89855363453",
            true,
        ),
        call(
            "e",
            dt("2018-11-30T23:59:00+05:00"),
            100,
            "89855363453",
            false,
        ), // last month
        call("f", dt("2018-12-21T00:10:00+05:00"), 100, "101", false), // internal
    ];
    let s = summary(
        &calls,
        &Profile::builtin(),
        Some("http://wic:8080"),
        now,
        12,
    );
    assert_eq!(
        (
            s.today.counted,
            s.today.linked,
            s.today.excluded,
            s.today.percent
        ),
        (2, 1, Some(2), Some(50))
    );
    assert_eq!(
        (
            s.month.counted,
            s.month.linked,
            s.month.excluded,
            s.month.percent
        ),
        (3, 2, Some(2), Some(67))
    );
    assert_eq!(s.today.from, "2018-12-21T00:00:00+05:00");
    assert_eq!(s.month.to, "2019-01-01T00:00:00+05:00");
    assert_eq!(
        s.unlinked
            .iter()
            .map(|u| u.row.call_id.as_str())
            .collect::<Vec<_>>(),
        ["b"]
    );
    assert_eq!(
        s.unlinked[0].lookup_url.as_deref(),
        Some("http://wic:8080/tel/calls?internal_id=b")
    );
}

#[test]
fn local_now_applies_the_offset() {
    let t = local_now(1_545_373_800_000.0, 300); // 2018-12-21T06:30Z
    assert_eq!(rfc3339(t), "2018-12-21T11:30:00+05:00");
}

#[test]
fn calls_request_uses_the_visited_origin_when_the_profile_covers_it() {
    let p = Profile::builtin();
    let now = dt("2018-12-21T11:30:00+05:00");
    let r = calls_request(&p, Some("Иванов"), Some("http://127.0.0.1:4321"), now, 12).unwrap();
    assert_eq!(r.origin, "http://127.0.0.1:4321");
    assert!(
        r.url
            .starts_with("http://127.0.0.1:4321/api/calls?operator=%D0%98"),
        "{}",
        r.url
    );
    assert_eq!(r.since, "2018-12-01T00:00:00+05:00");
    let r = calls_request(
        &p,
        Some("Иванов"),
        Some("https://elsewhere.example"),
        now,
        12,
    )
    .unwrap();
    assert_eq!(r.origin, "http://127.0.0.1");
    assert_eq!(
        calls_request(&p, Some("  "), None, now, 12),
        Err(RequestError::NoOperator)
    );
    // Early in the month the shift reaches back into the previous one.
    let r = calls_request(&p, Some("x"), None, dt("2018-12-01T03:00:00+05:00"), 12).unwrap();
    assert_eq!(r.since, "2018-11-30T15:00:00+05:00");
}

#[test]
fn match_patterns_against_origins() {
    assert!(pattern_matches_origin(
        "http://127.0.0.1/*",
        "http://127.0.0.1:8080"
    ));
    assert!(pattern_matches_origin(
        "https://*.example.com/*",
        "https://wic.example.com"
    ));
    assert!(pattern_matches_origin(
        "*://wic.example.com/*",
        "https://wic.example.com"
    ));
    assert!(!pattern_matches_origin(
        "https://*.example.com/*",
        "https://example.org"
    ));
    assert!(!pattern_matches_origin(
        "http://127.0.0.1/*",
        "http://127.0.0.2:8080"
    ));
    assert!(!pattern_matches_origin(
        "https://wic.example.com/*",
        "http://wic.example.com"
    ));
    assert!(pattern_matches_origin(
        "http://wic:8080/*",
        "http://wic:8080"
    ));
    assert!(!pattern_matches_origin(
        "http://wic:8080/*",
        "http://wic:9090"
    ));
}

//! The popup with profile v2 sources: requests for `html` / `json` / `page` calls sources and the
//! registration report, an HTML report's raw rows and a JSON body → the operator's summary, the
//! registration report's line over computed numbers, calls with less (unchecked rules, no times).

use super::*;
use serde_json::{json, Value};
use wic_core::registration::Exclusion;

fn dt(text: &str) -> DateTime<FixedOffset> {
    wic_core::dates::parse_rfc3339(text).expect(text)
}

const CLASSIC: &str = include_str!("../../profiles/wic-classic.json");

fn classic() -> Profile {
    Profile::parse(CLASSIC).expect("the classic profile is valid")
}

/// The built-in profile with `sources` added (and `endpoints.calls` kept: the source must win).
fn builtin_with(sources: Value) -> Profile {
    let mut v: Value = serde_json::from_str(crate::profile::BUILTIN_JSON).unwrap();
    v["sources"] = sources;
    v["timezone"] = json!("+05:00");
    Profile::parse(&v.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

const A: &str = "0c3a1b2e-0000-4000-8000-00000000000a";
const B: &str = "0c3a1b2e-0000-4000-8000-00000000000b";
const C: &str = "0c3a1b2e-0000-4000-8000-00000000000c";
const D: &str = "0c3a1b2e-0000-4000-8000-00000000000d";

/// What `source_rows` makes of the classic «Непривязанные звонки» report: the name on a group's
/// first row only, then a count row; two operators.
fn unlinked_report_rows() -> String {
    json!({ "rows": [
        { "operator": "Иванов Иван", "id": A, "duration_s": "100", "transferred": "" },
        { "operator": "", "id": B, "duration_s": "40", "transferred": "Да" },
        { "operator": "", "id": C, "duration_s": "", "transferred": "" },
        { "operator": "", "id": "Итого: 3", "duration_s": null, "transferred": null },
        { "operator": "Петров Пётр", "id": D, "duration_s": "300", "transferred": "" },
        { "operator": "", "id": "Итого: 1", "duration_s": null, "transferred": null },
    ]})
    .to_string()
}

#[test]
fn an_html_calls_source_is_requested_in_the_site_calendar_with_the_registration_report() {
    // 22:30 in Moscow is already the 1st of January in the profile's +05:00.
    let now = dt("2018-12-31T22:30:00+03:00");
    let r = requests(&classic(), Some("Иванов Иван"), None, None, now, 12).unwrap();
    assert_eq!(r.kind, BodyKind::Html);
    assert_eq!(r.origin, "http://127.0.0.1:8081");
    // Links (the telephony lookup) stay on the ticket system, not on the report server.
    assert_eq!(r.site_origin.as_deref(), Some("http://127.0.0.1"));
    let visited = calls_request(
        &classic(),
        Some("x"),
        Some("http://127.0.0.1:8080"),
        now,
        12,
    );
    assert_eq!(
        visited.unwrap().site_origin.as_deref(),
        Some("http://127.0.0.1:8080")
    );
    assert_eq!(
        r.url,
        "http://127.0.0.1:8081/uks/unlinked?from=31.12.2018&fio=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%20%D0%98%D0%B2%D0%B0%D0%BD"
    );
    assert_eq!(r.since, "2018-12-31T12:30:00+05:00");
    let reg = r
        .registration
        .clone()
        .expect("the classic profile has a registration report");
    assert_eq!(reg.kind, BodyKind::Html);
    assert_eq!(
        reg.url,
        "http://127.0.0.1:8081/uks/registration?from=01.01.2019"
    );
    assert_eq!(reg.since, "2019-01-01T00:00:00+05:00");
    let answer: Value = serde_json::to_value(&r).unwrap();
    assert_eq!(answer["kind"], "html");
    assert_eq!(answer["registration"]["kind"], "html");
    // Legacy answers say they are JSON and have no report.
    let legacy = serde_json::to_value(
        requests(&Profile::builtin(), Some("x"), None, None, now, 12).unwrap(),
    )
    .unwrap();
    assert_eq!(legacy["kind"], "json");
    assert!(legacy.get("registration").is_none());
}

#[test]
fn a_relative_json_source_goes_to_the_site_and_wins_over_the_endpoint() {
    let p = builtin_with(json!({ "calls": {
        "from": "json", "url": "/api/v2/calls?op={operator}&from={since:%Y-%m-%d}&dep={operator}",
        "rows": "data.items",
        "fields": { "id": "uuid", "started_at": "start", "duration_s": "len", "caller": "from",
                    "operator": "who", "linked_incident": "incident" }
    }}));
    let now = dt("2018-12-21T11:30:00+05:00");
    let r = calls_request(&p, Some("Ёлкин"), Some("http://127.0.0.1:4321"), now, 12).unwrap();
    assert_eq!(r.kind, BodyKind::Json);
    assert!(
        r.url
            .starts_with("http://127.0.0.1:4321/api/v2/calls?op=%D0%81"),
        "{}",
        r.url
    );
    assert!(r.url.contains("&from=2018-12-01&"), "{}", r.url);
    assert_eq!(r.registration, None);
}

#[test]
fn a_page_calls_source_cannot_be_read_by_the_popup() {
    let p = builtin_with(json!({ "calls": {
        "from": "page", "rows": "#calls tr", "fields": { "id": { "col": 1 } }
    }}));
    let now = dt("2018-12-21T11:30:00+05:00");
    let e = calls_request(&p, Some("x"), None, now, 12).unwrap_err();
    assert_eq!(e, RequestError::CallsFromPage);
    assert_eq!(serde_json::to_value(e).unwrap(), "calls-from-page");
    // Even before asking whose calls: no operator name would not help.
    assert_eq!(
        calls_request(&p, None, None, now, 12),
        Err(RequestError::CallsFromPage)
    );
}

#[test]
fn html_rows_become_the_operators_unlinked_calls_with_what_could_not_be_checked() {
    let now = dt("2018-12-21T11:30:00+05:00");
    let inputs = Inputs {
        calls: &unlinked_report_rows(),
        registration: None,
        operator: Some(" иванов иван "),
        origin: Some("http://127.0.0.1:8080"),
    };
    let s = summarize(&classic(), inputs, now, 12).unwrap();
    // Петров's call is another operator's; B is a transfer under 150 s; the count rows are skipped.
    let ids: Vec<&str> = s.unlinked.iter().map(|u| u.row.call_id.as_str()).collect();
    assert_eq!(ids, [A, C]);
    // No caller number in this report: the internal-number rule is not applied; C has no duration.
    assert!(s.unlinked[0]
        .row
        .unchecked
        .contains(Exclusion::InternalUnlinked));
    assert!(!s.unlinked[0].row.unchecked.contains(Exclusion::TooShort));
    assert!(s.unlinked[1].row.unchecked.contains(Exclusion::TooShort));
    assert!(
        s.unchecked.contains(Exclusion::InternalUnlinked)
            && s.unchecked.contains(Exclusion::TooShort)
    );
    // No start times: in the shift's list, in no day or month.
    assert_eq!(s.untimed, 3);
    assert_eq!(
        (s.today.counted, s.month.counted, s.month.percent),
        (0, 0, None)
    );
    assert_eq!(
        s.unlinked[0].lookup_url.as_deref(),
        Some(format!("http://127.0.0.1:8080/tel/calls?internal_id={A}").as_str())
    );
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["unchecked"], json!(["too_short", "internal_unlinked"]));
    assert_eq!(v["unlinked"][0]["unchecked"], json!(["internal_unlinked"]));
    assert_eq!(v["untimed"], 3);
}

#[test]
fn without_an_operator_name_every_row_counts() {
    let now = dt("2018-12-21T11:30:00+05:00");
    let rows = unlinked_report_rows();
    let read = read_calls(&classic(), &rows, None, *now.offset()).unwrap();
    assert_eq!(read.calls.len(), 4);
}

#[test]
fn a_json_source_body_is_read_through_its_paths() {
    let p = builtin_with(json!({ "calls": {
        "from": "json", "url": "/api/v2/calls?op={operator}", "rows": "data.items",
        "fields": { "id": "uuid", "started_at": { "path": "start", "date": "%d.%m.%Y %H:%M" },
                    "duration_s": "len", "caller": "from", "operator": "who",
                    "linked_incident": "incident" }
    }}));
    let body = json!({ "data": { "items": [
        { "uuid": "a", "start": "21.12.2018 10:00", "len": 100, "from": "89855363453", "who": "Оператор", "incident": 17 },
        { "uuid": "b", "start": "21.12.2018 10:30", "len": 100, "from": "89855363453", "who": "Оператор", "incident": null },
        { "uuid": "c", "start": "21.12.2018 10:40", "len": 100, "from": "89855363453", "who": "Другой" },
        { "uuid": "d", "start": "сегодня", "len": 100, "from": "89855363453", "who": "Оператор" },
        { "uuid": "e", "start": "02.12.2018 09:00", "len": 5, "from": "89855363453", "who": "Оператор" },
    ]}})
    .to_string();
    // The browser is in UTC; the profile's +05:00 places the times and the calendar.
    let now = dt("2018-12-21T06:30:00Z");
    let inputs = Inputs {
        calls: &body,
        registration: None,
        operator: Some("Оператор"),
        origin: None,
    };
    let s = summarize(&p, inputs, now, 12).unwrap();
    assert_eq!(s.today.from, "2018-12-21T00:00:00+05:00");
    assert_eq!(
        (s.today.counted, s.today.linked, s.today.percent),
        (2, 1, Some(50))
    );
    assert_eq!((s.month.counted, s.month.excluded), (2, Some(1)));
    let ids: Vec<&str> = s.unlinked.iter().map(|u| u.row.call_id.as_str()).collect();
    assert_eq!(ids, ["b", "d"], "d's time did not parse: listed, last");
    assert_eq!(s.untimed, 1);
    assert_eq!(s.problems.len(), 1);
    assert_eq!(s.problems[0].field, "sources.calls.fields.started_at");
    assert!(s.unchecked.is_empty());
    // A body without the array, or no JSON at all, is malformed.
    for bad in [r#"{"data": {}}"#, "<html>", r#"{"rows": []}"#] {
        let inputs = Inputs {
            calls: bad,
            ..inputs
        };
        assert!(summarize(&p, inputs, now, 12).is_err(), "{bad}");
    }
}

#[test]
fn the_registration_reports_line_is_the_month() {
    let now = dt("2018-12-21T11:30:00+05:00");
    let report = json!({ "rows": [
        { "operator": "Петров Пётр", "total": "10", "linked": "1" },
        { "operator": "Иванов Иван", "total": "69", "linked": "66" },
        { "operator": null, "total": "79", "linked": "67" },
    ]})
    .to_string();
    let calls = unlinked_report_rows();
    let inputs = Inputs {
        calls: &calls,
        registration: Some(&report),
        operator: Some("Иванов Иван"),
        origin: None,
    };
    let s = summarize(&classic(), inputs, now, 12).unwrap();
    assert!(s.month.from_report);
    assert_eq!(
        (
            s.month.counted,
            s.month.linked,
            s.month.excluded,
            s.month.percent
        ),
        (69, 66, None, Some(96))
    );
    assert_eq!(s.month.from, "2018-12-01T00:00:00+05:00");
    assert_eq!(s.registration_error, None);
    assert!(!s.today.from_report, "today is still computed from calls");
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["month"]["from_report"], true);
    assert_eq!(v["month"]["excluded"], Value::Null);
    assert!(v["today"].get("from_report").is_none());

    // No line for the operator, or an unreadable answer: computed, and the reason said.
    for (body, why) in [(r#"{"rows": []}"#, "no-row"), ("[1, 2]", "malformed")] {
        let s = summarize(
            &classic(),
            Inputs {
                registration: Some(body),
                ..inputs
            },
            now,
            12,
        )
        .unwrap();
        assert!(!s.month.from_report);
        assert_eq!(s.registration_error.as_deref(), Some(why));
    }
}

#[test]
fn report_lines_of_several_departments_add_up() {
    let report = json!({ "rows": [
        { "operator": "Иванов Иван", "total": "10", "linked": "9" },
        { "operator": "ИВАНОВ ИВАН", "total": "10", "linked": "10" },
    ]})
    .to_string();
    let line = registration_line(&classic(), &report, "Иванов Иван", wic_core::dates::UTC)
        .unwrap()
        .unwrap();
    assert_eq!(
        line,
        ReportLine {
            total: 20,
            linked: 19,
            percent: Some(95)
        }
    );
}

#[test]
fn the_legacy_answer_is_read_as_before() {
    let now = dt("2018-12-21T11:30:00+05:00");
    let body = json!([{ "id": "a", "direction": "in", "answered": true,
        "started_at": "2018-12-21T10:00:00+05:00", "duration_s": 100, "transferred": false,
        "caller": "89855363453", "operator": "Другой", "linked_incident": null }])
    .to_string();
    let inputs = Inputs {
        calls: &body,
        operator: Some("Оператор"),
        ..Default::default()
    };
    // The endpoint was asked for the operator's calls: no filter on top.
    let s = summarize(&Profile::builtin(), inputs, now, 12).unwrap();
    assert_eq!(s.unlinked.len(), 1);
    assert_eq!(s.today.excluded, Some(0));
    for bad in ["{}", r#"[{"x": 1}]"#] {
        assert!(summarize(
            &Profile::builtin(),
            Inputs {
                calls: bad,
                ..inputs
            },
            now,
            12
        )
        .is_err());
    }
}

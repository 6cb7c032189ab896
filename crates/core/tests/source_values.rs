//! Reading one value of a data source (DESIGN §3a): every date form seen in WIC and its reports
//! (Russian months in any case and form, two-digit years, dates without a time, offsets), every
//! duration form, offsets, and the field spec's `re` / `map` / typing.
use chrono::{DateTime, FixedOffset};
use serde_json::{json, Value};
use wic_core::source::{
    parse_date, parse_duration, parse_offset, DurationFormat, FieldSpec, Reader, Target, Text,
};

const YEKT: FixedOffset = match FixedOffset::east_opt(5 * 3600) {
    Some(o) => o,
    None => panic!(),
};

fn dt(text: &str) -> DateTime<FixedOffset> {
    wic_core::dates::parse_rfc3339(text).expect(text)
}

#[test]
fn dates_in_every_form_seen() {
    let cases = [
        (
            "24 фев 2019 19:46",
            "%d %b %Y %H:%M",
            dt("2019-02-24T19:46:00+05:00"),
        ),
        (
            "21 дек 2018 11:25",
            "%d %b %Y %H:%M",
            dt("2018-12-21T11:25:00+05:00"),
        ),
        (
            "21 ДЕК 2018 11:25",
            "%d %b %Y %H:%M",
            dt("2018-12-21T11:25:00+05:00"),
        ),
        (
            "09.01.2019 14:32",
            "%d.%m.%Y %H:%M",
            dt("2019-01-09T14:32:00+05:00"),
        ),
        (
            "22.02.18 16:39:52",
            "%d.%m.%y %H:%M:%S",
            dt("2018-02-22T16:39:52+05:00"),
        ),
        (
            "05.02.2018 17:45:58",
            "%d.%m.%Y %H:%M:%S",
            dt("2018-02-05T17:45:58+05:00"),
        ),
        ("1 марта 2019", "%d %B %Y", dt("2019-03-01T00:00:00+05:00")),
        ("1 Марта 2019", "%d %b %Y", dt("2019-03-01T00:00:00+05:00")),
        ("май 2019", "%B %Y", dt("2019-05-01T00:00:00+05:00")),
        ("15 мая 2019", "%d %B %Y", dt("2019-05-15T00:00:00+05:00")),
        ("3 сент. 2019", "%d %b %Y", dt("2019-09-03T00:00:00+05:00")),
        ("3 сент. 2019", "%d %b. %Y", dt("2019-09-03T00:00:00+05:00")),
        (
            "3 сентября 2019 г.",
            "%d %B %Y г.",
            dt("2019-09-03T00:00:00+05:00"),
        ),
        (
            "7 января 2020 08:05",
            "%d %B %Y %H:%M",
            dt("2020-01-07T08:05:00+05:00"),
        ),
        ("30 июня 2020", "%d %B %Y", dt("2020-06-30T00:00:00+05:00")),
        ("30 июл 2020", "%d %b %Y", dt("2020-07-30T00:00:00+05:00")),
        ("12 ноя. 2020", "%d %b %Y", dt("2020-11-12T00:00:00+05:00")),
        ("12 окт 2020", "%d %b %Y", dt("2020-10-12T00:00:00+05:00")),
        (
            "12 апреля 2020",
            "%d %B %Y",
            dt("2020-04-12T00:00:00+05:00"),
        ),
        (
            "12 августа 2020",
            "%d %B %Y",
            dt("2020-08-12T00:00:00+05:00"),
        ),
        (
            "24 Feb 2019 19:46",
            "%d %b %Y %H:%M",
            dt("2019-02-24T19:46:00+05:00"),
        ),
        ("1 March 2019", "%d %B %Y", dt("2019-03-01T00:00:00+05:00")),
        ("1 SEPT 2019", "%d %b %Y", dt("2019-09-01T00:00:00+05:00")),
        (
            "2019-02-24 19:46 +0300",
            "%Y-%m-%d %H:%M %z",
            dt("2019-02-24T19:46:00+03:00"),
        ),
        (
            "2019-02-24T19:46:00+05:00",
            "%Y-%m-%dT%H:%M:%S%:z",
            dt("2019-02-24T19:46:00+05:00"),
        ),
        (
            "  09.01.2019 14:32  ",
            "%d.%m.%Y %H:%M",
            dt("2019-01-09T14:32:00+05:00"),
        ),
    ];
    for (text, format, expected) in cases {
        let got = parse_date(text, format, YEKT);
        assert_eq!(got, Some(expected), "{text:?} as {format:?}");
        assert_eq!(
            got.map(|t| *t.offset()),
            Some(*expected.offset()),
            "{text:?}"
        );
    }
}

#[test]
fn dates_that_do_not_parse() {
    let cases = [
        ("31 фев 2019 10:00", "%d %b %Y %H:%M"),
        ("", "%d.%m.%Y"),
        ("завтра", "%d.%m.%Y"),
        ("24 фев 19:46", "%d %b %Y %H:%M"),
        ("09.01.2019 25:32", "%d.%m.%Y %H:%M"),
        ("09.01.2019", "%d.%m.%Y %Q"),
        ("24 маршрутизация 2019", "%d %b %Y"),
    ];
    for (text, format) in cases {
        assert_eq!(
            parse_date(text, format, YEKT),
            None,
            "{text:?} as {format:?}"
        );
    }
}

#[test]
fn durations_and_offsets() {
    use DurationFormat::*;
    let cases = [
        ("205", Some(Seconds), Some(205)),
        ("03:17", Some(MinSec), Some(197)),
        ("75:10", Some(MinSec), Some(4510)),
        ("01:02:03", Some(HourMinSec), Some(3723)),
        ("205", None, Some(205)),
        ("03:17", None, Some(197)),
        (" 00:14:32 ", None, Some(872)),
        ("03:17", Some(Seconds), None),
        ("205", Some(MinSec), None),
        ("3:77", None, None),
        ("1:2:3:4", None, None),
        ("-5", None, None),
        ("", None, None),
        ("abc", None, None),
        ("99999999999", None, None),
    ];
    for (text, format, expected) in cases {
        assert_eq!(
            parse_duration(text, format),
            expected,
            "{text:?} as {format:?}"
        );
    }
    let offsets = [
        ("+05:00", Some(FixedOffset::east_opt(5 * 3600).unwrap())),
        ("+0500", Some(FixedOffset::east_opt(5 * 3600).unwrap())),
        ("+05", Some(FixedOffset::east_opt(5 * 3600).unwrap())),
        (
            "-03:30",
            Some(FixedOffset::east_opt(-(3 * 3600 + 30 * 60)).unwrap()),
        ),
        ("Z", Some(wic_core::dates::UTC)),
        ("05:00", None),
        ("+5:00", None),
        ("+05:60", None),
        ("+25:00", None),
        ("", None),
    ];
    for (text, expected) in offsets {
        assert_eq!(parse_offset(text), expected, "{text:?}");
    }
}

fn spec(v: Value) -> FieldSpec {
    serde_json::from_value(v).unwrap()
}

#[test]
fn re_map_and_typing() {
    let value = |s: &FieldSpec, raw: &str, target| {
        let r = Reader::new(s);
        match r.text(Some(raw)) {
            Text::Value(v) => r.typed(&v, target, YEKT).map_err(|_| "unparsed"),
            Text::Missing => Err("missing"),
            Text::Unmatched => Err("unmatched"),
        }
    };
    let id = spec(json!({ "css": "h1", "re": "№\\s*(\\d+)" }));
    let status = spec(
        json!({ "col": 3, "map": { "Открыт": "open", "В работе": "in_progress", "Закрыт": "closed" } }),
    );
    let transferred = spec(json!({ "col": 4, "map": { "Да": true, "*": false } }));
    let total = spec(json!({ "col": 2, "map": { "Всего": null } }));
    let whole = spec(json!({ "col": 1, "re": "[0-9a-f]{8}" }));
    let when = spec(json!({ "col": 2, "date": "%d.%m.%Y %H:%M" }));
    let dur = spec(json!({ "col": 3, "duration": "mm:ss" }));
    let plain = spec(json!("td.x"));
    let cases: Vec<(&FieldSpec, &str, Target, Result<Value, &str>)> = vec![
        (&id, "Инцидент № 19269153", Target::Id, Ok(json!(19269153))),
        (&id, "Инцидент без номера", Target::Id, Err("unmatched")),
        (
            &whole,
            "id e34dd2c0-a799",
            Target::Text,
            Ok(json!("e34dd2c0")),
        ),
        (&status, " Закрыт ", Target::Status, Ok(json!("closed"))),
        (&status, "Отложен", Target::Status, Err("unparsed")),
        (&plain, "Решён", Target::Status, Ok(json!("resolved"))),
        (&plain, "в работе", Target::Status, Ok(json!("in_progress"))),
        (&transferred, "Да", Target::Bool, Ok(json!(true))),
        (&transferred, "что-то", Target::Bool, Ok(json!(false))),
        (&transferred, "   ", Target::Bool, Err("missing")),
        (&total, "Всего", Target::Text, Err("missing")),
        (
            &when,
            "09.01.2019 14:32",
            Target::Time,
            Ok(json!("2019-01-09T14:32:00+05:00")),
        ),
        (&when, "09/01/2019", Target::Time, Err("unparsed")),
        (&dur, "03:17", Target::Seconds, Ok(json!(197))),
        (&dur, "197", Target::Seconds, Err("unparsed")),
        (&plain, "01:02:03", Target::Seconds, Ok(json!(3723))),
        (
            &plain,
            "2018-12-21T11:25:00+05:00",
            Target::Time,
            Ok(json!("2018-12-21T11:25:00+05:00")),
        ),
        (&plain, "19 269 153", Target::Id, Ok(json!(19269153))),
        (
            &plain,
            "5163, 6053",
            Target::IdList,
            Ok(json!([5163, 6053])),
        ),
        (&plain, "нет статей", Target::IdList, Err("unparsed")),
        (&plain, "Входящий", Target::Direction, Ok(json!("in"))),
        (&plain, "исх.", Target::Direction, Ok(json!("out"))),
        (&plain, "98%", Target::Percent, Ok(json!(98))),
        (&plain, "399", Target::Count, Ok(json!(399))),
        (&plain, "много", Target::Count, Err("unparsed")),
        (&plain, "Контур.EDI", Target::Text, Ok(json!("Контур.EDI"))),
    ];
    for (s, raw, target, expected) in cases {
        assert_eq!(
            value(s, raw, target),
            expected,
            "{raw:?} as {target:?} by {s:?}"
        );
    }
}

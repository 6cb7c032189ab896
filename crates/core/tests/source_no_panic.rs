//! Property tests: no parser of `wic_core::source` panics on arbitrary raw strings — dates in any
//! format, durations, offsets, field readers of every target type, whole rows, URL templates,
//! source specs and JSON bodies — nor on the Big List of Naughty Strings.
mod common;

use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;
use serde_json::{json, Value};
use wic_core::source::{
    calls, check_origin, fill_url, history, json_rows, parse_date, parse_duration, parse_offset,
    registration, validate_source, Context, FieldSpec, RawRow, Reader, SourceSpec, Target, Text,
    UrlVars,
};

const TARGETS: [Target; 10] = [
    Target::Text,
    Target::Id,
    Target::Time,
    Target::Seconds,
    Target::Bool,
    Target::Status,
    Target::Direction,
    Target::IdList,
    Target::Count,
    Target::Percent,
];

const CX: Context<'static> = Context {
    incident: None,
    zone: FixedOffset::east_opt(5 * 3600).unwrap(),
};

fn dt(text: &str) -> DateTime<FixedOffset> {
    wic_core::dates::parse_rfc3339(text).expect(text)
}

fn check_raw(s: &str) {
    for format in [
        "%d %b %Y %H:%M",
        "%d.%m.%Y %H:%M",
        "%d.%m.%y %H:%M:%S",
        "%B %Y",
        "%z",
        s,
    ] {
        let _ = parse_date(s, format, FixedOffset::east_opt(5 * 3600).unwrap());
    }
    let _ = parse_duration(s, None);
    let _ = parse_offset(s);
    let specs = [
        json!({ "col": 1, "re": "(\\d+)", "date": "%d.%m.%Y %H:%M" }),
        json!({ "col": 1, "map": { "Да": true, "*": false } }),
        json!({ "col": 1, "duration": "hh:mm:ss" }),
        json!({ "css": "td", "re": s }),
        json!({ "css": "td", "date": s }),
        json!("td"),
    ];
    for spec in specs {
        let Ok(spec) = serde_json::from_value::<FieldSpec>(spec) else {
            continue;
        };
        let reader = Reader::new(&spec);
        if let Text::Value(v) = reader.text(Some(s)) {
            for t in TARGETS {
                let _ = reader.typed(&v, t, FixedOffset::east_opt(5 * 3600).unwrap());
            }
        }
    }
    let vars = UrlVars {
        text: &[("operator", s)],
        times: &[("since", dt("2018-02-01T00:00:00+05:00"))],
    };
    let _ = fill_url(s, &vars);
    let _ = fill_url(&format!("/x?a={{operator}}&b={{since:{s}}}"), &vars);
    let _ = check_origin("f", s, &[s.to_string()], &[s.to_string()]);
}

fn check_rows(cells: &[Option<String>]) {
    let names = [
        "id",
        "created_at",
        "status",
        "duration_s",
        "operator",
        "total",
    ];
    let row: RawRow = names
        .iter()
        .zip(cells.iter().chain(std::iter::repeat(&None)))
        .map(|(n, c)| (n.to_string(), c.clone()))
        .collect();
    let spec: SourceSpec = serde_json::from_value(json!({
        "from": "page", "rows": "tr",
        "fields": { "id": { "col": 1, "re": "(\\d+)" }, "created_at": { "col": 2, "date": "%d %b %Y %H:%M" },
                    "status": { "col": 3 }, "duration_s": { "col": 4 }, "operator": { "col": 5 },
                    "total": { "col": 6 } },
        "fill_down": ["operator"]
    }))
    .unwrap();
    let rows = vec![row.clone(), row];
    let _ = history(&spec, &rows, CX);
    let _ = calls(&spec, &rows, CX);
    let _ = registration(&spec, &rows, CX);
}

#[test]
fn naughty_strings_never_panic() {
    let strings: Vec<String> =
        serde_json::from_str(&common::read("naughty/blns.json")).expect("blns.json");
    for s in strings {
        check_raw(&s);
        check_rows(&[
            Some(s.clone()),
            Some(s.clone()),
            Some(s.clone()),
            Some(s.clone()),
        ]);
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,3}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn arbitrary_strings_never_panic(s in ".{0,40}") {
        check_raw(&s);
    }

    #[test]
    fn date_like_strings_never_panic(s in "[0-9 .:февдекмаясентFebMay%dmYHMSbBzy+-]{0,24}") {
        check_raw(&s);
    }

    #[test]
    fn arbitrary_rows_never_panic(cells in prop::collection::vec(prop::option::of(".{0,16}"), 0..7)) {
        check_rows(&cells);
    }

    #[test]
    fn arbitrary_specs_and_bodies_never_panic(spec in json_value(), body in json_value()) {
        if let Ok(s) = serde_json::from_value::<SourceSpec>(spec) {
            for name in ["history", "calls", "registration", "other"] {
                let _ = validate_source(name, &s);
                if let Ok(rows) = json_rows(name, &s, &body) {
                    let _ = calls(&s, &rows, CX);
                }
            }
        }
    }
}

//! The `sources` section of a profile (DESIGN §3a): it parses in both field-spec forms, round-trips,
//! and every rejection names the exact path, in Russian.
mod common;

use std::collections::BTreeMap;

use serde_json::{json, Value};
use wic_core::source::{
    check_origin, validate_source, validate_sources, FieldSpec, Locator, SourceSpec, Via,
};

fn classic() -> Value {
    json!({
        "history": {
            "from": "page", "rows": "#history tbody tr",
            "fields": {
                "id": { "col": 1, "re": "(\\d+)" },
                "created_at": { "col": 2, "date": "%d.%m.%Y %H:%M" },
                "status": { "col": 3, "map": { "Открыт": "open", "Закрыт": "closed" } },
                "title": { "col": 4, "attr": "title" },
                "type": { "col": 5 },
                "created_by": "td.author"
            },
            "inherit": ["inn_kpp", "phone", "email"]
        },
        "calls": common::seed_calls_source(),
        "registration": { "from": "json", "url": "/api/reports/registration?from={since:%Y-%m-%d}", "rows": "rows",
                          "fields": { "operator": "operator", "total": { "path": "total" }, "linked": "linked" } }
    })
}

fn sources(v: Value) -> BTreeMap<String, SourceSpec> {
    serde_json::from_value(v).expect("parses")
}

const MATCHES: &[&str] = &["http://127.0.0.1/*", "http://localhost/*"];

fn matches() -> Vec<String> {
    MATCHES.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_design_example_parses_validates_and_round_trips() {
    let s = sources(classic());
    validate_sources(&s, &matches(), &[]).expect("valid");
    let back = serde_json::to_value(&s).unwrap();
    assert_eq!(sources(back.clone()), s);
    assert_eq!(
        back["history"]["fields"]["created_by"], "td.author",
        "shorthand stays a string"
    );
    let h = &s["history"];
    assert_eq!(h.fields["id"].locator(h.from), Some(Locator::Col(1)));
    assert_eq!(
        h.fields["created_by"].locator(Via::Page),
        Some(Locator::Css("td.author"))
    );
    assert_eq!(h.fields["title"].attr(), Some("title"));
    let r = &s["registration"];
    assert_eq!(
        r.fields["operator"].locator(r.from),
        Some(Locator::Path("operator"))
    );
}

#[test]
fn every_rejection_names_its_path() {
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Edit, &str, &str)> = vec![
        (
            Box::new(|v| v["calls"]["fields"]["duration_s"]["duration"] = json!("minutes")),
            "sources.calls.fields.duration_s.duration",
            "неизвестный формат длительности",
        ),
        (
            Box::new(|v| v["calls"]["fields"]["id"]["css"] = json!("td.id")),
            "sources.calls.fields.id",
            "два способа",
        ),
        (
            Box::new(|v| v["calls"]["fields"]["id"]["re"] = json!("([0-9")),
            "sources.calls.fields.id.re",
            "не компилируется",
        ),
        (
            Box::new(|v| v["history"]["fields"]["id"]["col"] = json!(0)),
            "sources.history.fields.id.col",
            "с 1",
        ),
        (
            Box::new(|v| v["history"]["fields"]["inn"] = json!({ "col": 7 })),
            "sources.history.fields.inn",
            "неизвестное поле",
        ),
        (
            Box::new(|v| v["history"]["url"] = json!("/history")),
            "sources.history.url",
            "from: page",
        ),
        (
            Box::new(|v| {
                v["calls"]
                    .as_object_mut()
                    .unwrap()
                    .remove("url")
                    .map(drop)
                    .unwrap()
            }),
            "sources.calls.url",
            "нужен адрес",
        ),
        (
            Box::new(|v| v["calls"]["url"] = json!("http://localhost:8081/uks?fio={login}")),
            "sources.calls.url",
            "{login}",
        ),
        (
            Box::new(|v| v["calls"]["url"] = json!("/uks?fio={operator:%Y}")),
            "sources.calls.url",
            "только у since и now",
        ),
        (
            Box::new(|v| v["calls"]["url"] = json!("/uks?from={since:%Q}")),
            "sources.calls.url",
            "неверный формат времени",
        ),
        (
            Box::new(|v| v["calls"]["url"] = json!("https://uks.example.com/unlinked")),
            "sources.calls.url",
            "origins",
        ),
        (
            Box::new(|v| {
                v["calls"]["fields"]["started_at"] =
                    json!({ "col": 5, "date": "%d.%m.%Y %H:%M %K" })
            }),
            "sources.calls.fields.started_at.date",
            "неверный формат даты",
        ),
        (
            Box::new(|v| v["calls"]["fields"]["operator"]["date"] = json!("%d.%m.%Y")),
            "sources.calls.fields.operator.date",
            "не дата",
        ),
        (
            Box::new(|v| v["calls"]["fill_down"] = json!(["caller"])),
            "sources.calls.fill_down[0]",
            "не описано",
        ),
        (
            Box::new(|v| v["calls"]["require"] = json!(["id", "started_at"])),
            "sources.calls.require[1]",
            "не описано",
        ),
        (
            Box::new(|v| v["calls"]["defaults"]["direction"] = json!("sideways")),
            "sources.calls.defaults.direction",
            "не подходит",
        ),
        (
            Box::new(|v| v["history"]["inherit"] = json!(["title"])),
            "sources.history.inherit[0]",
            "не наследуется",
        ),
        (
            Box::new(|v| v["history"]["rows"] = json!(" ")),
            "sources.history.rows",
            "пустой CSS-селектор",
        ),
        (
            Box::new(|v| v["registration"]["fields"]["total"] = json!({ "col": 4 })),
            "sources.registration.fields.total.col",
            "path",
        ),
        (
            Box::new(|v| v["history"]["fields"]["type"] = json!({ "path": "type" })),
            "sources.history.fields.type.path",
            "только у JSON",
        ),
        (
            Box::new(|v| v["history"]["fields"]["type"] = json!({ "attr": "title" })),
            "sources.history.fields.type",
            "нужен один способ",
        ),
        (
            Box::new(|v| {
                v["registration"]["fields"]
                    .as_object_mut()
                    .unwrap()
                    .remove("linked")
                    .map(drop)
                    .unwrap()
            }),
            "sources.registration.fields",
            "`linked`",
        ),
        (
            Box::new(|v| v["reports"] = v["calls"].clone()),
            "sources.reports",
            "неизвестный источник",
        ),
    ];
    for (edit, field, words) in cases {
        let mut v = classic();
        edit(&mut v);
        let e = validate_sources(&sources(v), &matches(), &[]).expect_err(field);
        assert_eq!(e.field, field, "{e}");
        assert!(e.message.contains(words), "{field}: {e}");
        assert!(e.to_string().starts_with("профиль: поле `"), "{e}");
    }
}

#[test]
fn serde_rejects_unknown_keys_and_bad_shapes() {
    for bad in [
        json!({ "from": "page", "rows": "tr", "fields": { "id": { "col": 1, "regex": "x" } } }),
        json!({ "from": "page", "rows": "tr", "fill-down": [] }),
        json!({ "from": "ftp", "rows": "tr" }),
        json!({ "from": "page", "rows": "tr", "fields": { "id": 5 } }),
    ] {
        assert!(
            serde_json::from_value::<SourceSpec>(bad.clone()).is_err(),
            "{bad}"
        );
    }
    let short: FieldSpec = serde_json::from_value(json!("data.id")).unwrap();
    assert_eq!(short.locator(Via::Json), Some(Locator::Path("data.id")));
}

#[test]
fn origins_cover_absolute_urls() {
    let m = matches();
    let o = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let f = "sources.calls.url";
    assert!(
        check_origin(f, "/uks/unlinked", &m, &[]).is_ok(),
        "relative: same origin"
    );
    assert!(
        check_origin(f, "http://localhost:8081/uks", &m, &[]).is_ok(),
        "any port"
    );
    let uks = "https://uks.kontur.example/unlinked?fio={operator}";
    assert_eq!(check_origin(f, uks, &m, &[]).unwrap_err().field, f);
    assert!(check_origin(f, uks, &m, &o(&["https://*.kontur.example/*"])).is_ok());
    assert!(check_origin(f, uks, &m, &o(&["*://uks.kontur.example/*"])).is_ok());
    assert!(
        check_origin(f, uks, &m, &o(&["http://uks.kontur.example/*"])).is_err(),
        "scheme"
    );
    assert!(check_origin(
        f,
        "http://localhost:9000/x",
        &m,
        &o(&["http://localhost:8081/*"])
    )
    .is_ok());
    assert!(check_origin(f, "http://{operator}.example/x", &m, &o(&["http://*/*"])).is_err());
    assert!(check_origin(f, "//evil.example/x", &m, &[]).is_err());
    let spec = sources(classic());
    let e = validate_sources(&spec, &m, &o(&["ftp://x/*"])).unwrap_err();
    assert_eq!(e.field, "origins[0]");
    assert!(validate_source("calls", &spec["calls"]).is_ok());
}

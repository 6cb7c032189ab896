//! Fuzzing by property tests (cargo-fuzz needs nightly): the site profile's validation and the
//! parsing of the ticket system's answers never panic, on arbitrary text and on mutations of valid
//! documents; what parses survives a round trip. Identifier parsing is fuzzed in
//! `crates/core/tests/no_panic.rs`. Crashes found are kept below as regression cases.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{json, Value};
use wic_assist::profile::Profile;
use wic_core::model::{Call, Incident};

/// Any JSON value, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        "\\PC{0,24}".prop_map(Value::String),
        Just(json!("{id}{inn}{")),
        Just(json!("2018-12-21T11:25:00+05:00")),
        Just(json!("")),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("\\PC{0,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every path (object keys and array indexes) in `v`.
fn paths(v: &Value, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                let mut p = prefix.clone();
                p.push(k.clone());
                out.push(p.clone());
                paths(c, p, out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                let mut p = prefix.clone();
                p.push(i.to_string());
                out.push(p.clone());
                paths(c, p, out);
            }
        }
        _ => {}
    }
}

/// Replaces (or, with `None`, removes) the value at `path`.
fn mutate(v: &mut Value, path: &[String], new: Option<Value>) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut cur = v;
    for p in parents {
        cur = match cur {
            Value::Object(m) => m.get_mut(p).expect("path exists"),
            Value::Array(a) => &mut a[p.parse::<usize>().expect("index")],
            _ => return,
        };
    }
    match (cur, new) {
        (Value::Object(m), Some(n)) => {
            m.insert(last.clone(), n);
        }
        (Value::Object(m), None) => {
            m.remove(last);
        }
        (Value::Array(a), Some(n)) => a[last.parse::<usize>().expect("index")] = n,
        (Value::Array(a), None) => {
            a.remove(last.parse::<usize>().expect("index"));
        }
        _ => {}
    }
}

fn builtin() -> Value {
    serde_json::from_str(wic_assist::profile::BUILTIN_JSON).expect("built-in profile is JSON")
}

fn incident_json() -> Value {
    json!({"id": 19269153, "created_at": "2018-12-21T11:25:00+05:00", "inn_kpp": "6678083608-667801001",
           "title": "(+1) Закрывающие документы", "description": "…", "type": "Контур.Закупки", "status": "open",
           "knowledge": [5163], "phone": "83433702677", "email": null, "contact_name": null, "department": "3946",
           "created_by": "Григорьев Иван Сергеевич"})
}

fn call_json() -> Value {
    json!({"id": "e34dd2c0-a799-4ade-9024-47fd09224855", "direction": "in", "answered": true,
           "started_at": "2018-12-21T11:20:00+05:00", "duration_s": 197, "transferred": false, "caller": "8(985)5363453",
           "operator": "Григорьев Иван Сергеевич", "pbx": "Екатеринбург, УКС (Avaya)", "linked_incident": null,
           "linked_at": null, "linked_by": null})
}

/// A parsed profile is usable: every endpoint template expands without panicking.
fn check_profile(text: &str) {
    match Profile::parse(text) {
        Ok(p) => {
            let vars: &[(&str, &str)] = &[
                ("id", "1"),
                ("inn", "{"),
                ("operator", "Г&?#%"),
                ("since", "x"),
            ];
            for tpl in [
                &p.endpoints.history,
                &p.endpoints.calls,
                &p.endpoints.incident,
                &p.endpoints.history_by_phone,
            ]
            .into_iter()
            .flatten()
            {
                let _ = p.endpoint(tpl, vars);
            }
        }
        Err(e) => assert!(!e.to_string().is_empty(), "a rejection says why"),
    }
}

/// What parses survives a round trip unchanged.
fn check_answer(v: &Value) {
    if let Ok(i) = serde_json::from_value::<Incident>(v.clone()) {
        let back: Incident =
            serde_json::from_value(serde_json::to_value(&i).expect("serialize")).expect("re-parse");
        assert_eq!(back, i);
    }
    if let Ok(c) = serde_json::from_value::<Call>(v.clone()) {
        let back: Call =
            serde_json::from_value(serde_json::to_value(&c).expect("serialize")).expect("re-parse");
        assert_eq!(back, c);
    }
    let _ = serde_json::from_value::<Vec<Incident>>(v.clone());
    let _ = serde_json::from_value::<Vec<Call>>(v.clone());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn profile_parse_never_panics_on_text(s in "\\PC{0,200}") {
        check_profile(&s);
    }

    #[test]
    fn profile_parse_never_panics_on_any_json(v in any_json()) {
        check_profile(&v.to_string());
    }

    #[test]
    fn profile_parse_never_panics_on_a_mutated_builtin(picks in proptest::collection::vec((any::<prop::sample::Index>(), proptest::option::weighted(0.8, any_json())), 1..4)) {
        let mut v = builtin();
        for (index, new) in picks {
            let mut all = Vec::new();
            paths(&v, Vec::new(), &mut all);
            if all.is_empty() { break; }
            mutate(&mut v, &all[index.index(all.len())], new);
        }
        check_profile(&v.to_string());
    }

    #[test]
    fn answers_parse_without_panicking(v in any_json()) {
        check_answer(&v);
    }

    #[test]
    fn mutated_incidents_and_calls_parse_without_panicking(index in any::<prop::sample::Index>(), new in proptest::option::of(any_json()), which in any::<bool>()) {
        let mut v = if which { incident_json() } else { call_json() };
        let mut all = Vec::new();
        paths(&v, Vec::new(), &mut all);
        mutate(&mut v, &all[index.index(all.len())], new);
        check_answer(&v);
        check_answer(&json!([v]));
    }

    #[test]
    fn answer_text_parses_without_panicking(s in "\\PC{0,200}") {
        let _ = serde_json::from_str::<Vec<Incident>>(&s);
        let _ = serde_json::from_str::<Vec<Call>>(&s);
    }
}

/// Regression cases (kept whether or not they once failed): edge values at every field.
#[test]
fn edge_values_at_every_field_are_handled() {
    let edges = [
        json!(null),
        json!(-1),
        json!(u64::MAX),
        json!(1e308),
        json!(""),
        json!("\u{0}"),
        json!([]),
        json!({}),
        json!("9999-12-31T23:59:59+14:00"),
        json!("0000-01-01T00:00:00Z"),
    ];
    for base in [incident_json(), call_json(), builtin()] {
        let mut all = Vec::new();
        paths(&base, Vec::new(), &mut all);
        for path in &all {
            for e in &edges {
                let mut v = base.clone();
                mutate(&mut v, path, Some(e.clone()));
                check_answer(&v);
                check_profile(&v.to_string());
            }
        }
    }
}

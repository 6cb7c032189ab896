//! The administrator's reference and the JSON Schema against the profile validator: every complete
//! profile in `docs/PROFILE.md` (a ```json block right after a `<!-- profile -->` line) and both
//! built-in profiles pass `Profile::parse` and `profiles/profile.schema.json`; variants that break
//! one rule fail both; and the few rules only the validator can check (cross-references, compiled
//! regexes and formats) are pinned, so the reference's list of them stays true. Native only (the
//! schema validator is a native dev-dependency); reads only files of this repository.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use wic_assist::profile::{Profile, BUILTIN_JSON};

const SCHEMA: &str = include_str!("../profiles/profile.schema.json");
const REFERENCE: &str = include_str!("../docs/PROFILE.md");
const CLASSIC: &str = include_str!("../profiles/wic-classic.json");

/// The line that marks the next ```json block as a complete profile.
const MARK: &str = "<!-- profile -->";

fn schema() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
    jsonschema::meta::validate(&schema).expect("the schema is a valid JSON Schema");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// What the schema says of `profile`: `Ok` or every error with its place.
fn schema_check(schema: &jsonschema::Validator, profile: &Value) -> Result<(), String> {
    let errors: Vec<String> = schema
        .iter_errors(profile)
        .map(|e| format!("{} at `{}`", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// The marked ```json blocks of the reference, with the line each starts on.
fn marked_examples(doc: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = doc.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != MARK {
            i += 1;
            continue;
        }
        let fence = i + 1;
        assert_eq!(
            lines.get(fence).map(|l| l.trim()),
            Some("```json"),
            "line {}: {MARK} must be followed by a ```json fence",
            i + 1
        );
        let end = (fence + 1..lines.len())
            .find(|&j| lines[j].trim() == "```")
            .unwrap_or_else(|| panic!("line {}: unclosed ```json block", fence + 1));
        out.push((fence + 2, lines[fence + 1..end].join("\n")));
        i = end + 1;
    }
    out
}

fn assert_both_accept(schema: &jsonschema::Validator, what: &str, text: &str) {
    if let Err(e) = Profile::parse(text) {
        panic!("{what}: the validator rejects it: {e}");
    }
    let value: Value = serde_json::from_str(text).unwrap();
    if let Err(e) = schema_check(schema, &value) {
        panic!("{what}: the schema rejects it:\n{e}");
    }
}

#[test]
fn every_marked_example_and_both_builtins_pass_validator_and_schema() {
    let schema = schema();
    let examples = marked_examples(REFERENCE);
    assert!(
        examples.len() >= 3,
        "the reference should keep its worked examples"
    );
    let mut kinds = Vec::new();
    for (line, text) in &examples {
        assert_both_accept(&schema, &format!("docs/PROFILE.md line {line}"), text);
        let p = Profile::parse(text).unwrap();
        kinds.extend(p.sources.values().map(|s| s.from));
    }
    for from in ["page", "html", "json"] {
        let v: wic_core::source::Via = serde_json::from_value(json!(from)).unwrap();
        assert!(
            kinds.contains(&v),
            "no worked example reads a `{from}` source"
        );
    }
    assert_both_accept(&schema, "profiles/wic-sandbox.json", BUILTIN_JSON);
    assert_both_accept(&schema, "profiles/wic-classic.json", CLASSIC);
}

/// One change to the classic built-in profile (which has every v2 section), at a dotted path
/// (`sources.calls.fields.id`, `matches[0]`); missing objects on the way are created.
enum Edit {
    Set(&'static str, Value),
    Remove(&'static str),
}

/// A variant of the classic profile, and the field the validator should name.
struct Case {
    field: &'static str,
    edits: Vec<Edit>,
}

/// `value` at `field` itself.
fn bad(field: &'static str, value: Value) -> Case {
    Case::new(field).set(field, value)
}

impl Case {
    fn new(field: &'static str) -> Case {
        Case {
            field,
            edits: Vec::new(),
        }
    }
    fn set(mut self, path: &'static str, value: Value) -> Case {
        self.edits.push(Edit::Set(path, value));
        self
    }
    fn remove(mut self, path: &'static str) -> Case {
        self.edits.push(Edit::Remove(path));
        self
    }
    fn apply(&self) -> Value {
        let mut v: Value = serde_json::from_str(CLASSIC).unwrap();
        for edit in &self.edits {
            match edit {
                Edit::Set(path, value) => *slot(&mut v, path) = value.clone(),
                Edit::Remove(path) => {
                    let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
                    let parent = if parent.is_empty() {
                        &mut v
                    } else {
                        slot(&mut v, parent)
                    };
                    parent.as_object_mut().unwrap().remove(key).expect(path);
                }
            }
        }
        v
    }
}

fn slot<'v>(mut v: &'v mut Value, path: &str) -> &'v mut Value {
    for part in path.split(['.', '[']) {
        v = match part.strip_suffix(']').map(str::parse::<usize>) {
            Some(Ok(i)) => &mut v[i],
            _ => &mut v[part],
        };
    }
    v
}

/// A JSON calls source.
fn json_calls() -> Value {
    json!({ "from": "json", "url": "/api/calls?op={operator}", "rows": "data.items",
            "fields": { "id": "uuid", "started_at": { "path": "start", "date": "%d.%m.%Y %H:%M" } } })
}

/// Variants that break one rule each.
fn broken() -> Vec<Case> {
    let calls = "sources.calls";
    vec![
        bad("name", json!("  ")),
        bad("matches", json!([])),
        bad("matches[0]", json!("ftp://x/*")),
        bad("matches[0]", json!("https://wic*.example.com/*")),
        bad("origins[0]", json!("http://127.0.0.1")),
        Case::new("incident_page").remove("incident_page"),
        bad("fields.inn_kpp", json!(" ")),
        bad("fields.created_at", json!({ "col": 2 })),
        bad("fields.status.duration", json!("s")),
        Case::new("fields.title.date").set("fields.title", json!({ "css": "h1", "date": "%d" })),
        Case::new("fields.phone").set("fields.phone", json!({ "css": "#p", "colour": 1 })),
        bad("history_table.row", json!("")),
        Case::new("call_link_form.submit").remove("call_link_form.submit"),
        Case::new("sms_form.kind_values.resolved").remove("sms_form.kind_values.resolved"),
        bad("endpoints.incident", json!("/incidents/{nope}")),
        bad("endpoints.calls", json!("api/calls")),
        bad(
            "endpoints.calls",
            json!("/api/calls?since={since:%d.%m.%Y}"),
        ),
        bad("duplicates.window_days", json!(0)),
        bad("registration.min_duration_s", json!(-1)),
        bad("timezone", json!("+5")),
        bad("timezone", json!("Europe/Moscow")),
        bad(
            "sources.tickets",
            json!({ "from": "page", "rows": "tr", "fields": {} }),
        ),
        bad("sources.calls.from", json!("xml")),
        Case::new(calls).set("sources.calls.rowz", json!("tr")),
        Case::new("sources.calls.url").remove("sources.calls.url"),
        bad("sources.history.url", json!("/history")),
        bad("sources.history.rows", json!(" ")),
        bad("sources.calls.url", json!("/uks?inn={inn}")),
        bad("sources.calls.url", json!("/uks?fio={operator:%d}")),
        bad("sources.calls.url", json!("/uks?from={since")),
        bad("sources.calls.url", json!("uks/unlinked")),
        bad("sources.history.fields.id", json!({ "col": 1, "css": "a" })),
        bad("sources.history.fields.id", json!({ "re": "\\d+" })),
        bad("sources.history.fields.id", json!(5)),
        bad("sources.history.fields.id.col", json!(0)),
        Case::new("sources.history.fields.id.path")
            .set("sources.history.fields.id", json!({ "path": "id" })),
        bad("sources.history.fields.title.attr", json!("")),
        bad("sources.history.fields.title.date", json!("%d.%m.%Y")),
        bad("sources.history.fields.phone_number", json!({ "col": 7 })),
        bad("sources.calls.fields.duration_s.duration", json!("min")),
        bad("sources.calls.fields.operator.duration", json!("s")),
        Case::new("sources.calls.require[0]").remove("sources.calls.fields.id"),
        Case::new("sources.calls.fields")
            .remove("sources.calls.fields.id")
            .remove("sources.calls.require"),
        Case::new("sources.registration.fields").remove("sources.registration.fields.total"),
        bad("sources.history.inherit[0]", json!("created_by")),
        Case::new("sources.calls.inherit[0]").set("sources.calls.inherit", json!(["phone"])),
        Case::new("sources.registration.inherit[0]")
            .set("sources.registration.inherit", json!(["phone"])),
        bad("sources.calls.fill_down[0]", json!("caller")),
        Case::new("sources.history.require[1]")
            .set("sources.history.require", json!(["id", "email"])),
        bad("sources.calls.defaults.direction", json!("sideways")),
        bad("sources.calls.defaults.answered", json!("может быть")),
        bad("sources.calls.defaults.duration_s", json!("1:75")),
        bad("sources.calls.defaults.pbx", Value::Null),
        bad("sources.calls.defaults.colour", json!("red")),
        Case::new("sources.calls.fields.id.css").set(
            calls,
            json!({ "from": "json", "url": "/c", "fields": { "id": { "css": "td" } } }),
        ),
        Case::new("sources.calls.fields.started_at.attr")
            .set(calls, json_calls())
            .set("sources.calls.fields.started_at.attr", json!("title")),
        Case::new("sources.calls.fields.id")
            .set(calls, json_calls())
            .set("sources.calls.fields.id", json!(" ")),
    ]
}

#[test]
fn broken_variants_fail_both_and_the_validator_names_the_field() {
    let schema = schema();
    let mut failures = Vec::new();
    for case in broken() {
        let (field, v) = (case.field, case.apply());
        match Profile::parse(&v.to_string()) {
            Ok(_) => failures.push(format!("the validator accepts a broken `{field}`")),
            Err(e) if e.field != field => failures.push(format!("expected `{field}`: {e}")),
            Err(e) if schema_check(&schema, &v).is_ok() => {
                failures.push(format!("the schema accepts a broken `{field}` ({e})"))
            }
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Variants the parser accepts, which the schema must not refuse (`field` says what they show).
#[test]
fn accepted_variants_pass_both() {
    let schema = schema();
    let nulls = [
        "history_table",
        "call_link_form",
        "sms_form",
        "knowledge_input",
        "timezone",
        "sms",
    ];
    let mut with_nulls = Case::new("null sections");
    for key in nulls {
        with_nulls = with_nulls.set(key, Value::Null);
    }
    let cases = vec![
        Case::new("an unknown top-level key").set("comment", json!("ours")),
        with_nulls,
        Case::new("legacy endpoints")
            .remove("sources")
            .set("endpoints.calls", json!("/api/calls?operator={operator}&since={since}"))
            .set("endpoints.history", json!("https://wic.example.com/api?inn={inn}&kpp={inn_kpp}")),
        Case::new("a json calls source").set("sources.calls", json_calls()),
        Case::new("a json source with defaults").set("sources.registration", json!({
            "from": "json", "url": "/r?from={since:%Y-%m-%d}&d={department}", "rows": "",
            "fields": { "operator": "fio" }, "defaults": { "total": "12", "linked": 3, "percent": "25%" } })),
        Case::new("typed defaults")
            .set("sources.calls.defaults", json!({ "direction": "Исх.", "answered": "ДА", "transferred": 0,
                "duration_s": "01:02:03", "started_at": "2019-02-24 19:46:00+05:00",
                "linked_incident": "19 269 153" }))
            .set("sources.history.defaults", json!({ "status": "В работе", "knowledge": [6053] })),
        Case::new("a map to null and a `*`")
            .set("sources.calls.fields.operator.map", json!({ "Итого": null, "*": "x" })),
        Case::new("an offset without a colon").set("timezone", json!("-0330")),
        Case::new("wildcard hosts and a port")
            .set("matches", json!(["https://*.example.com/*", "*://localhost/*"]))
            .set("origins", json!(["http://127.0.0.1:8081/*", "*://*/*"])),
    ];
    for case in cases {
        assert_both_accept(&schema, case.field, &case.apply().to_string());
    }
}

/// What only the validator checks (docs/PROFILE.md, *What only the validator checks*): the schema
/// accepts each, the validator names the field. If the schema learns one, move it to `broken`.
#[test]
fn only_the_validator_checks_these() {
    let schema = schema();
    let long_cyrillic = format!("#{}", "ж".repeat(300)); // 301 characters, 601 bytes
    let cases = vec![
        bad(
            "sources.calls.url",
            json!("https://reports.example.com/u?fio={operator}"),
        ),
        bad("sources.calls.fields.id.re", json!("(unclosed")),
        bad("sources.history.fields.created_at.date", json!("%d.%m.%Q")),
        bad("sources.calls.url", json!("/u?from={since:%Q}")),
        bad("fields.title", json!(long_cyrillic)),
    ];
    for case in cases {
        let v = case.apply();
        let e = Profile::parse(&v.to_string()).expect_err(case.field);
        assert_eq!(e.field, case.field, "{e}");
        let schema_ok = schema_check(&schema, &v).is_ok();
        assert!(
            schema_ok,
            "the schema now checks `{}`: move it to `broken`",
            case.field
        );
    }
}

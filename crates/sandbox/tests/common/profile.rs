//! The built-in site profile checked against rendered pages: every selector with its expected
//! number of matches.

use scraper::{Html, Selector};
use serde_json::Value;

pub fn profile() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../profiles/wic-sandbox.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("built-in profile"))
        .expect("profile JSON")
}

pub fn count(doc: &Html, css: &str) -> usize {
    let sel = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css:?}: {e:?}"));
    doc.select(&sel).count()
}

pub fn value_of(doc: &Html, css: &str) -> String {
    let sel = Selector::parse(css).expect("selector");
    let el = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("{css} missing"));
    match el.value().name() {
        "input" => el.value().attr("value").unwrap_or("").to_string(),
        "select" => {
            let opt = Selector::parse("option[selected]").expect("selector");
            el.select(&opt)
                .next()
                .and_then(|o| o.value().attr("value"))
                .unwrap_or("")
                .to_string()
        }
        _ => el.text().collect::<String>().trim().to_string(),
    }
}

/// The built-in profile's top-level keys [`check_profile`] checks as a whole (sorted); any other
/// key must be one selector.
pub const SECTIONS: [&str; 12] = [
    "call_link_form",
    "duplicates",
    "endpoints",
    "fields",
    "history_table",
    "incident_page",
    "knowledge_input",
    "matches",
    "name",
    "registration",
    "sms",
    "sms_form",
];

/// Every selector of the profile with the number of matches expected on the page; fails when
/// the profile grows a selector this test does not know.
pub fn check_profile(
    doc: &Html,
    knowledge: usize,
    history: usize,
    linked_calls: usize,
    sms: usize,
) {
    let p = profile();
    let mut expected: Vec<(String, String, usize)> = vec![(
        "incident_page".into(),
        p["incident_page"].as_str().unwrap().into(),
        1,
    )];
    for (k, v) in p["fields"].as_object().expect("fields") {
        let n = if k == "knowledge" { knowledge } else { 1 };
        expected.push((format!("fields.{k}"), v.as_str().unwrap().into(), n));
    }
    let row = p["history_table"]["row"].as_str().unwrap();
    expected.push(("history_table.row".into(), row.into(), history));
    expected.push((
        "history_table.incident_id".into(),
        format!(
            "{row} {}",
            p["history_table"]["incident_id"].as_str().unwrap()
        ),
        history,
    ));
    for (k, v) in p["call_link_form"].as_object().unwrap() {
        expected.push((
            format!("call_link_form.{k}"),
            v.as_str().unwrap().into(),
            if k == "linked_rows" { linked_calls } else { 1 },
        ));
    }
    for (k, v) in p["sms_form"].as_object().unwrap() {
        expected.push((
            format!("sms_form.{k}"),
            v.as_str().unwrap().into(),
            if k == "sent_rows" { sms } else { 1 },
        ));
    }
    expected.push((
        "knowledge_input".into(),
        p["knowledge_input"].as_str().unwrap().into(),
        1,
    ));
    for (k, v) in p.as_object().unwrap() {
        if SECTIONS.contains(&k.as_str()) {
            continue;
        }
        // Further top-level selectors (e.g. `knowledge_submit`) name one control each.
        let css = v
            .as_str()
            .unwrap_or_else(|| panic!("profile key {k} is not checked against the page"));
        expected.push((k.clone(), css.into(), 1));
    }
    for (name, css, n) in expected {
        assert_eq!(count(doc, &css), n, "profile {name} = {css:?}");
    }
}

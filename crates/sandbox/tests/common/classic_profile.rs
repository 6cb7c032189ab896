//! `profiles/wic-classic.json` read as DESIGN §3a describes, just far enough to check it against
//! the classic pages: locators `css` / `col`, `attr`, `re`, `map`, and rows with `fill_down` and
//! `require` (a value that is empty or does not match `re` counts as missing). `date` and
//! `duration` are checked by the tests themselves.

use std::collections::BTreeMap;

use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

/// The report server's origin as written in the profile; a harness substitutes the real one.
pub const REPORT_ORIGIN_IN_PROFILE: &str = "http://127.0.0.1:8081";

/// The classic profile with its report origin pointed at `report_port`.
pub fn classic_profile(report_port: u16) -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../profiles/wic-classic.json"
    );
    let text = std::fs::read_to_string(path).expect("classic profile");
    assert!(text.contains(REPORT_ORIGIN_IN_PROFILE));
    let text = text.replace(
        REPORT_ORIGIN_IN_PROFILE,
        &format!("http://127.0.0.1:{report_port}"),
    );
    serde_json::from_str(&text).expect("profile JSON")
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css:?}: {e:?}"))
}

/// Every element matching `css` in the document.
pub fn all<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(css)).collect()
}

/// What a reader takes from an element: an input's value, a select's chosen option, else text.
pub fn read_value(el: ElementRef) -> String {
    match el.value().name() {
        "input" => el.value().attr("value").unwrap_or("").trim().to_string(),
        "select" => {
            let opts: Vec<ElementRef> = el.select(&sel("option")).collect();
            opts.iter()
                .find(|o| o.value().attr("selected").is_some())
                .or(opts.first())
                .map(|o| {
                    o.value()
                        .attr("value")
                        .map(String::from)
                        .unwrap_or_else(|| o.text().collect())
                })
                .unwrap_or_default()
                .trim()
                .to_string()
        }
        _ => el.text().collect::<String>().trim().to_string(),
    }
}

/// The element a spec locates within `scope` (a row, or the document's root element).
pub fn locate<'a>(scope: ElementRef<'a>, spec: &Value) -> Option<ElementRef<'a>> {
    let css = spec.as_str().or_else(|| spec["css"].as_str());
    if let Some(css) = css {
        return scope.select(&sel(css)).next();
    }
    let col = spec["col"].as_u64().expect("a locator: css or col") as usize;
    scope
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|c| matches!(c.value().name(), "td" | "th"))
        .nth(col - 1)
}

/// The value of a spec within `scope`: `None` when nothing is located, the text is empty or
/// `re` does not match; `map` applied (a string otherwise).
pub fn value(scope: ElementRef, spec: &Value) -> Option<Value> {
    let el = locate(scope, spec)?;
    let mut text = match spec["attr"].as_str() {
        Some(a) => el.value().attr(a)?.trim().to_string(),
        None => read_value(el),
    };
    if let Some(re) = spec["re"].as_str() {
        let caps = Regex::new(re).expect("re compiles").captures(&text)?;
        text = caps
            .get(1)
            .or(caps.get(0))
            .map(|m| m.as_str().to_string())?;
    }
    if let Some(map) = spec["map"].as_object() {
        return map.get(&text).or(map.get("*")).cloned();
    }
    (!text.is_empty()).then_some(Value::String(text))
}

/// A field of the incident page (`fields.<name>`).
pub fn field(doc: &Html, profile: &Value, name: &str) -> Option<Value> {
    value(doc.root_element(), &profile["fields"][name])
}

/// The rows of a source in `doc`: every field, `fill_down`, then rows lacking a `require`d field
/// dropped.
pub fn source_rows(doc: &Html, source: &Value) -> Vec<BTreeMap<String, Value>> {
    let fields = source["fields"].as_object().expect("fields");
    let list = |k: &str| -> Vec<String> {
        source[k]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (fill_down, require) = (list("fill_down"), list("require"));
    let mut above: BTreeMap<String, Value> = BTreeMap::new();
    let mut out = Vec::new();
    for row in all(doc, source["rows"].as_str().expect("rows")) {
        let mut r: BTreeMap<String, Value> = BTreeMap::new();
        for (name, spec) in fields {
            if let Some(v) = value(row, spec) {
                r.insert(name.clone(), v);
            }
        }
        for f in &fill_down {
            match r.get(f) {
                Some(v) => {
                    above.insert(f.clone(), v.clone());
                }
                None => {
                    if let Some(v) = above.get(f) {
                        r.insert(f.clone(), v.clone());
                    }
                }
            }
        }
        if require.iter().all(|f| r.contains_key(f)) {
            out.push(r);
        }
    }
    out
}

/// A source's URL with `{since:%d.%m.%Y}` and `{operator}` filled in (percent-encoded), as the
/// path and query on its origin.
pub fn source_path(source: &Value, origin: &str, since: &str, operator: &str) -> String {
    let url = source["url"].as_str().expect("url");
    let rest = url
        .strip_prefix(origin)
        .unwrap_or_else(|| panic!("{url} is not on {origin}"));
    rest.replace("{since:%d.%m.%Y}", since)
        .replace("{operator}", &super::enc(operator))
}

//! The registry agrees with the rest of the extension: every feature has a section of its own and a
//! heading in both locales, every message the popup or the background sends to the page has exactly
//! one feature answering it, and every feature file is registered.

use super::FEATURES;
use crate::message::Kind;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn locale_keys(lang: &str) -> BTreeSet<String> {
    let path = root().join(format!("extension/_locales/{lang}/messages.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let v: serde_json::Value = serde_json::from_str(&text).expect("messages.json is JSON");
    v.as_object().expect("an object").keys().cloned().collect()
}

fn sources(dir: &Path, ext: &str, out: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).expect("readable dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            let text = std::fs::read_to_string(&path).expect("readable file");
            out.push((path, text));
        }
    }
}

/// String literals following `prefix` where it starts a word in `text` (`type: "x"` → `x`).
fn literals_after<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.match_indices(prefix)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
        })
        .filter_map(|(i, _)| {
            let rest = &text[i + prefix.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect()
}

#[test]
fn sections_are_unique_and_cover_the_panel_contract() {
    let sections: Vec<_> = super::sections().collect();
    let unique: BTreeSet<_> = sections.iter().collect();
    assert_eq!(
        unique.len(),
        sections.len(),
        "a section twice: {sections:?}"
    );
    for required in ["status", "duplicates", "calls", "sms", "non-client"] {
        assert!(
            sections.contains(&required),
            "DESIGN §4 section {required} has no feature"
        );
    }
}

#[test]
fn every_feature_file_is_registered() {
    let mut files = Vec::new();
    sources(&root().join("src/features"), "rs", &mut files);
    let specs = files
        .iter()
        .filter(|(_, text)| text.contains(concat!("pub const SPEC", ": Spec")))
        .count();
    assert_eq!(
        specs,
        FEATURES.len(),
        "a feature file's SPEC is missing from FEATURES"
    );
}

#[test]
fn every_section_heading_exists_in_both_locales() {
    // Keys the code names as string literals are checked by `tests/e2e/tests/locales.rs`; a heading
    // key lives in a `Spec`, so it is checked here.
    let (ru, en) = (locale_keys("ru"), locale_keys("en"));
    for key in FEATURES.iter().filter_map(|f| f.title) {
        assert!(
            ru.contains(key) && en.contains(key),
            "heading {key} missing from a locale"
        );
    }
}

/// The kinds the JavaScript parts send with `chrome.runtime.sendMessage` / `chrome.tabs.sendMessage`
/// (and `tabs` only: those to the page), as written there.
fn sent_kinds(call: &str) -> BTreeSet<String> {
    let mut files = Vec::new();
    sources(&root().join("extension"), "js", &mut files);
    let mut sent = BTreeSet::new();
    for (_, text) in &files {
        for (i, _) in text.match_indices(call) {
            let call = &text[i..text.len().min(i + 200)];
            sent.extend(
                literals_after(call, "type: \"")
                    .first()
                    .map(|k| k.to_string()),
            );
        }
    }
    assert!(!sent.is_empty(), "the scan found messages sent with {call}");
    sent
}

fn kind(name: &str) -> Kind {
    serde_json::from_value(serde_json::Value::String(name.into()))
        .unwrap_or_else(|_| panic!("the JS sends {name:?}, which is not a message::Kind"))
}

#[test]
fn every_message_the_js_sends_is_a_kind() {
    for name in sent_kinds("runtime.sendMessage(")
        .iter()
        .chain(&sent_kinds("tabs.sendMessage("))
    {
        let k = kind(name);
        let back = serde_json::to_value(k).unwrap();
        assert_eq!(back, serde_json::Value::String(name.clone()));
    }
}

#[test]
fn every_message_to_the_page_has_exactly_one_feature() {
    let sent: BTreeSet<Kind> = sent_kinds("tabs.sendMessage(")
        .iter()
        .map(|k| kind(k))
        .collect();
    let declared: Vec<Kind> = FEATURES
        .iter()
        .flat_map(|f| f.messages.iter().copied())
        .collect();
    for k in &sent {
        let n = declared.iter().filter(|d| *d == k).count();
        assert_eq!(n, 1, "message {k:?} is answered by {n} features");
    }
    for k in &declared {
        assert!(
            sent.contains(k),
            "feature answers {k:?}, which nothing sends"
        );
    }
}

//! Every user-visible string exists in both languages: `_locales/ru` and `_locales/en` have the same
//! keys with the same placeholders, and every key the code names literally exists. Native, no browser.

use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::Path;

fn messages(lang: &str) -> Map<String, Value> {
    let path = wic_e2e::root().join(format!("extension/_locales/{lang}/messages.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_object()
        .unwrap()
        .clone()
}

fn placeholders(message: &Value) -> BTreeSet<String> {
    let text = message["message"].as_str().unwrap_or_default();
    (1..=9)
        .map(|i| format!("${i}"))
        .filter(|p| text.contains(p.as_str()))
        .collect()
}

/// Keys named literally after one of `openers` (e.g. `t("`, `data-i18n="`), up to the closing quote.
fn literal_keys(text: &str, openers: &[&str]) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for opener in openers {
        for (at, _) in text.match_indices(opener) {
            // `t("` must not be the tail of another name (`get("`, `set("`, …).
            if opener.starts_with(|c: char| c.is_alphabetic()) {
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
            }
            let rest = &text[at + opener.len()..];
            let key: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let closes = rest[key.len()..].starts_with(['"', '\'']);
            if !key.is_empty()
                && closes
                && key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            {
                keys.insert(key);
            }
        }
    }
    keys
}

fn files(dir: &Path, exts: &[&str], out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("_locales") {
                files(&path, exts, out);
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
        {
            out.push(path);
        }
    }
}

#[test]
fn both_locales_have_the_same_keys_and_placeholders() {
    let (ru, en) = (messages("ru"), messages("en"));
    let ru_keys: BTreeSet<&String> = ru.keys().collect();
    let en_keys: BTreeSet<&String> = en.keys().collect();
    assert_eq!(
        ru_keys.symmetric_difference(&en_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys in only one of ru/en"
    );
    for (key, message) in &ru {
        assert!(
            message["message"]
                .as_str()
                .is_some_and(|m| !m.trim().is_empty()),
            "ru {key}: empty"
        );
        assert!(
            en[key]["message"]
                .as_str()
                .is_some_and(|m| !m.trim().is_empty()),
            "en {key}: empty"
        );
        assert_eq!(
            placeholders(message),
            placeholders(&en[key]),
            "{key}: placeholders differ between ru and en"
        );
    }
}

#[test]
fn every_key_the_code_names_exists() {
    let ru = messages("ru");
    let root = wic_e2e::root();
    let mut paths = Vec::new();
    files(&root.join("extension"), &["js", "html"], &mut paths);
    files(&root.join("src"), &["rs"], &mut paths);
    let mut missing = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let keys = literal_keys(
            &text,
            &[
                "data-i18n=\"",
                "data-i18n-title=\"",
                "getMessage(\"",
                "t(\"",
                "tr(\"",
                "errorText(\"",
            ],
        );
        for key in keys {
            if !ru.contains_key(&key) {
                missing.push(format!(
                    "{}: {key}",
                    path.strip_prefix(&root).unwrap().display()
                ));
            }
        }
    }
    let manifest = std::fs::read_to_string(root.join("manifest.json")).unwrap();
    for (at, _) in manifest.match_indices("__MSG_") {
        let key: String = manifest[at + 6..]
            .chars()
            .take_while(|c| *c != '_')
            .collect();
        if !ru.contains_key(&key) {
            missing.push(format!("manifest.json: {key}"));
        }
    }
    assert!(
        missing.is_empty(),
        "keys named in code but absent from _locales: {missing:#?}"
    );
}

#[test]
fn settings_error_keys_exist() {
    // settings.rs returns `_locales` keys as messages; the options page shows them.
    let ru = messages("ru");
    for key in [
        "errShiftHours",
        "errWindowDays",
        "optionsSource_managed",
        "optionsSource_local",
        "optionsSource_builtin",
    ] {
        assert!(ru.contains_key(key), "{key}");
    }
}

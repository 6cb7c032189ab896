//! Shared helpers for the data-driven tests: where the outside test data lives.
#![allow(dead_code)]

/// The seed's UKSstat «Непривязанные звонки» report (another origin) as a profile v2 `calls`
/// source: operator filled down, the call id required, seconds, «Да» for a transfer.
pub fn seed_calls_source() -> serde_json::Value {
    serde_json::json!({
        "from": "html", "url": "http://localhost:8081/uks/unlinked?from={since:%d.%m.%Y}&fio={operator}",
        "rows": "table.report tbody tr",
        "fields": { "operator": { "col": 1 }, "id": { "col": 2, "re": "^([0-9a-f-]{36})$" },
                    "duration_s": { "col": 3, "duration": "s" },
                    "transferred": { "col": 4, "map": { "Да": true, "*": false } } },
        "fill_down": ["operator"], "require": ["id"],
        "defaults": { "direction": "in", "answered": true }
    })
}

/// Path of a file under the repository's `testdata/` (outside vectors; provenance in its README).
pub fn data(rel: &str) -> String {
    format!("{}/../../testdata/{rel}", env!("CARGO_MANIFEST_DIR"))
}

/// Read a data file; panics with the path when it is missing.
pub fn read(rel: &str) -> String {
    let p = data(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// Rows of a TSV file with a header, as maps from column name to value.
pub fn tsv(rel: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = read(rel);
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .expect("header")
        .split('\t')
        .map(str::to_string)
        .collect();
    lines
        .filter(|l| !l.is_empty() || header.len() > 1)
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(
                    l.split('\t')
                        .map(str::to_string)
                        .chain(std::iter::repeat(String::new())),
                )
                .collect()
        })
        .collect()
}

/// Fails with every row that failed (one a line), so that one run shows them all.
pub fn assert_no_failures(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A labelled duplicate scenario of `fixtures/duplicate_*.json`: the new incident at `now`, the
/// client's history, and which of it are duplicates (the held-out set adds its question and split).
#[derive(serde::Deserialize)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub split: String,
    #[serde(with = "wic_core::dates::serde_rfc3339")]
    pub now: chrono::DateTime<chrono::FixedOffset>,
    pub incident: wic_core::model::Incident,
    pub history: Vec<wic_core::model::Incident>,
    pub duplicates: Vec<u64>,
}

/// The scenarios of `fixtures/<file>`.
pub fn scenarios(file: &str) -> Vec<Scenario> {
    let p = format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{p}: {e}"))
}

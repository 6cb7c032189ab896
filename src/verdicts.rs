//! The operator's verdicts on duplicate candidates («Не дубль» / «Дубль»): the data kept in
//! chrome.storage.local under [`KEY`] (a JSON array of [`Entry`]), pruned to the duplicate window,
//! the candidates an incident no longer raises, and the counts and export for the options page.
//! Pure (tested natively): the time is a parameter, the stored text comes in and goes out as JSON.
//! Must not know storage, the DOM or how candidates are ranked.
//!
//! **Which incident a verdict belongs to.** An existing incident is its id. A new, unsaved incident
//! has none, and the client fields that could name it (INN-KPP, phone, e-mail) must not be kept in
//! storage; its verdicts are stored with `incident: null`. A candidate is always one of the client's
//! own incidents, so «this candidate is not a duplicate of the new incident» already names the
//! client's registration under way; such a verdict hides the candidate only for [`NEW_SPAN_MS`]
//! (one call's registration), while every verdict counts for the options page for the whole window.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wic_core::duplicates::{Candidate, Level};

/// The chrome.storage.local key.
pub const KEY: &str = "verdicts";
/// How long a verdict given on a new, unsaved incident hides its candidate.
pub const NEW_SPAN_MS: f64 = 60.0 * 60.0 * 1000.0;
/// At most this many verdicts are kept (the newest); bounds the storage used.
pub const MAX_ENTRIES: usize = 5_000;
const DAY_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

/// What the operator said of a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// «Не дубль»: the candidate is not raised again for this incident.
    NotDuplicate,
    /// «Дубль»: the operator confirms it; the candidate stays, marked.
    Duplicate,
}

impl Verdict {
    /// The `data-wa-verdict` value and the JSON name.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::NotDuplicate => "not_duplicate",
            Verdict::Duplicate => "duplicate",
        }
    }
}

/// One verdict. Beyond the pair it keeps what the ranking said (level, score, reason codes): that
/// is what tuning needs, and none of it is client data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The incident shown: its id, `None` for a new, unsaved incident (see the module's note).
    pub incident: Option<u64>,
    /// The candidate the verdict is on.
    pub candidate: u64,
    /// The verdict.
    pub verdict: Verdict,
    /// When it was given, ms since the epoch.
    pub at_ms: f64,
    /// The candidate's level when it was judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// Its score in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// Its reasons' codes (`same_inn_kpp`, `similar_title` …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

impl Entry {
    /// The operator's `verdict` on candidate `c` of `incident`, given at `now_ms`.
    pub fn new(incident: Option<u64>, c: &Candidate, verdict: Verdict, now_ms: f64) -> Entry {
        Entry {
            incident,
            candidate: c.id,
            verdict,
            at_ms: now_ms,
            level: Some(c.level),
            score: Some(c.score),
            reasons: c.reasons.iter().map(|r| r.code().to_string()).collect(),
        }
    }

    /// Whether it still speaks for `incident` at `now_ms`.
    fn applies_to(&self, incident: Option<u64>, now_ms: f64) -> bool {
        self.incident == incident && (incident.is_some() || now_ms - self.at_ms <= NEW_SPAN_MS)
    }
}

/// How many of each verdict.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub not_duplicate: usize,
    pub duplicate: usize,
}

/// The stored verdicts, oldest first.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Verdicts {
    pub entries: Vec<Entry>,
}

impl Verdicts {
    /// The stored text, forgivingly: missing or unreadable storage is no verdicts, an unreadable
    /// entry is skipped (never a panic on data).
    pub fn parse(stored: Option<&str>) -> Verdicts {
        let values: Vec<serde_json::Value> = stored
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default();
        let mut entries: Vec<Entry> = values
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .filter(|e: &Entry| e.at_ms.is_finite())
            .collect();
        entries.sort_by(|a, b| a.at_ms.total_cmp(&b.at_ms));
        Verdicts { entries }
    }

    /// The text to store.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.entries).unwrap_or_else(|_| "[]".into())
    }

    /// Drops verdicts older than the window (`window_days` before `now_ms`) and the oldest beyond
    /// [`MAX_ENTRIES`]; whether anything was dropped.
    pub fn prune(&mut self, now_ms: f64, window_days: u32) -> bool {
        let before = self.entries.len();
        let oldest = now_ms - f64::from(window_days) * DAY_MS;
        self.entries.retain(|e| e.at_ms >= oldest);
        let extra = self.entries.len().saturating_sub(MAX_ENTRIES);
        self.entries.drain(..extra);
        self.entries.len() != before
    }

    /// Records a verdict; it replaces an earlier one on the same pair (the operator changed their
    /// mind), so each pair counts once.
    pub fn record(&mut self, entry: Entry) {
        let now = entry.at_ms;
        self.entries
            .retain(|e| !(e.candidate == entry.candidate && e.applies_to(entry.incident, now)));
        self.entries.push(entry);
    }

    /// The latest verdict on each candidate of `incident` still in force at `now_ms`.
    pub fn for_incident(&self, incident: Option<u64>, now_ms: f64) -> BTreeMap<u64, Verdict> {
        self.entries
            .iter()
            .filter(|e| e.applies_to(incident, now_ms))
            .map(|e| (e.candidate, e.verdict))
            .collect()
    }

    /// The ranked candidates of `incident` minus those the operator dismissed («Не дубль»).
    pub fn filter(&self, incident: Option<u64>, now_ms: f64, candidates: &mut Vec<Candidate>) {
        let given = self.for_incident(incident, now_ms);
        candidates.retain(|c| given.get(&c.id) != Some(&Verdict::NotDuplicate));
    }

    /// How many of each verdict are kept.
    pub fn counts(&self) -> Counts {
        let mut n = Counts::default();
        for e in &self.entries {
            match e.verdict {
                Verdict::NotDuplicate => n.not_duplicate += 1,
                Verdict::Duplicate => n.duplicate += 1,
            }
        }
        n
    }
}

/// What the options page shows and exports: the verdicts kept for the window, and their counts.
#[derive(Debug, Serialize)]
pub struct Export {
    pub window_days: u32,
    pub exported_ms: f64,
    pub counts: Counts,
    pub verdicts: Vec<Entry>,
}

/// The export of the stored text at `now_ms` (pruned to the window first).
pub fn export(stored: Option<&str>, window_days: u32, now_ms: f64) -> Export {
    let mut v = Verdicts::parse(stored);
    v.prune(now_ms, window_days);
    Export {
        window_days,
        exported_ms: now_ms,
        counts: v.counts(),
        verdicts: v.entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wic_core::duplicates::Reason;

    const NOW: f64 = 1_750_000_000_000.0;
    const HOUR: f64 = 60.0 * 60.0 * 1000.0;

    fn cand(id: u64) -> Candidate {
        Candidate {
            id,
            score: 0.75,
            level: Level::Likely,
            reasons: vec![Reason::SameInnKpp, Reason::SameKnowledge(5163)],
        }
    }

    fn entry(incident: Option<u64>, candidate: u64, verdict: Verdict, at_ms: f64) -> Entry {
        Entry::new(incident, &cand(candidate), verdict, at_ms)
    }

    #[test]
    fn round_trips_as_a_json_array_with_snake_case_verdicts() {
        let mut v = Verdicts::default();
        v.record(entry(Some(7), 3, Verdict::NotDuplicate, NOW));
        v.record(entry(None, 4, Verdict::Duplicate, NOW + 1.0));
        let json = v.to_json();
        assert!(json.starts_with('['), "{json}");
        assert!(json.contains(r#""verdict":"not_duplicate""#), "{json}");
        assert!(json.contains(r#""incident":null"#), "{json}");
        assert!(
            json.contains(r#""reasons":["same_inn_kpp","same_knowledge"]"#),
            "{json}"
        );
        assert!(json.contains(r#""level":"likely""#), "{json}");
        assert_eq!(Verdicts::parse(Some(&json)), v);
    }

    #[test]
    fn unreadable_storage_is_no_verdicts_and_bad_entries_are_skipped() {
        for bad in [
            None,
            Some(""),
            Some("{"),
            Some("{}"),
            Some("42"),
            Some("null"),
        ] {
            assert_eq!(Verdicts::parse(bad), Verdicts::default(), "{bad:?}");
        }
        let mixed = r#"[{"incident":1,"candidate":2,"verdict":"duplicate","at_ms":5},
            {"incident":1,"candidate":"x","verdict":"duplicate","at_ms":5},
            {"incident":1,"candidate":3,"verdict":"maybe","at_ms":5},
            {"candidate":4,"verdict":"not_duplicate","at_ms":4},
            7, null]"#;
        let v = Verdicts::parse(Some(mixed));
        let ids: Vec<_> = v
            .entries
            .iter()
            .map(|e| (e.incident, e.candidate))
            .collect();
        assert_eq!(
            ids,
            [(None, 4), (Some(1), 2)],
            "oldest first, the bad ones skipped"
        );
    }

    #[test]
    fn prune_keeps_the_window_and_the_newest() {
        let mut v = Verdicts::default();
        v.record(entry(
            Some(1),
            10,
            Verdict::NotDuplicate,
            NOW - 8.0 * DAY_MS,
        ));
        v.record(entry(
            Some(1),
            11,
            Verdict::Duplicate,
            NOW - 7.0 * DAY_MS + 1.0,
        ));
        v.record(entry(Some(2), 12, Verdict::NotDuplicate, NOW));
        assert!(v.prune(NOW, 7));
        let left: Vec<_> = v.entries.iter().map(|e| e.candidate).collect();
        assert_eq!(left, [11, 12]);
        assert!(!v.prune(NOW, 7), "nothing more to drop");
        assert!(v.prune(NOW, 1));
        assert_eq!(v.entries.len(), 1);

        let mut many = Verdicts::default();
        for i in 0..(MAX_ENTRIES as u64 + 3) {
            many.entries
                .push(entry(Some(i), i, Verdict::Duplicate, NOW + i as f64));
        }
        assert!(many.prune(NOW, 7));
        assert_eq!(many.entries.len(), MAX_ENTRIES);
        assert_eq!(many.entries[0].candidate, 3, "the oldest go first");
    }

    #[test]
    fn a_dismissed_pair_is_filtered_only_for_its_incident() {
        let mut v = Verdicts::default();
        v.record(entry(Some(1), 10, Verdict::NotDuplicate, NOW));
        v.record(entry(Some(1), 11, Verdict::Duplicate, NOW));
        v.record(entry(Some(2), 12, Verdict::NotDuplicate, NOW));
        let mut shown = vec![cand(10), cand(11), cand(12)];
        v.filter(Some(1), NOW + DAY_MS, &mut shown);
        let ids: Vec<_> = shown.iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            [11, 12],
            "«Дубль» stays; another incident's verdict is not this one's"
        );
        let given = v.for_incident(Some(1), NOW);
        assert_eq!(given.get(&11), Some(&Verdict::Duplicate));
        assert_eq!(given.len(), 2);
    }

    #[test]
    fn a_new_incidents_verdict_hides_its_candidate_for_one_registration_only() {
        let mut v = Verdicts::default();
        v.record(entry(None, 10, Verdict::NotDuplicate, NOW));
        let mut shown = vec![cand(10)];
        v.filter(None, NOW + HOUR / 2.0, &mut shown);
        assert!(shown.is_empty());
        let mut later = vec![cand(10)];
        v.filter(None, NOW + 2.0 * HOUR, &mut later);
        assert_eq!(
            later.len(),
            1,
            "a later new incident of the client is judged afresh"
        );
        let mut saved = vec![cand(10)];
        v.filter(Some(99), NOW, &mut saved);
        assert_eq!(saved.len(), 1);
        assert_eq!(v.counts().not_duplicate, 1, "still counted for the window");
    }

    #[test]
    fn a_changed_mind_replaces_the_pairs_verdict() {
        let mut v = Verdicts::default();
        v.record(entry(Some(1), 10, Verdict::Duplicate, NOW));
        v.record(entry(Some(1), 10, Verdict::NotDuplicate, NOW + 1.0));
        v.record(entry(Some(2), 10, Verdict::Duplicate, NOW + 2.0));
        assert_eq!(
            v.counts(),
            Counts {
                not_duplicate: 1,
                duplicate: 1
            }
        );
        assert_eq!(v.for_incident(Some(1), NOW)[&10], Verdict::NotDuplicate);
        // New incidents: the same registration replaces, a later one is another verdict.
        v.record(entry(None, 20, Verdict::Duplicate, NOW));
        v.record(entry(None, 20, Verdict::NotDuplicate, NOW + HOUR / 2.0));
        v.record(entry(None, 20, Verdict::Duplicate, NOW + 3.0 * HOUR));
        assert_eq!(v.entries.len(), 4);
    }

    #[test]
    fn export_counts_what_is_kept_for_the_window() {
        let mut v = Verdicts::default();
        v.record(entry(
            Some(1),
            10,
            Verdict::NotDuplicate,
            NOW - 10.0 * DAY_MS,
        ));
        v.record(entry(Some(1), 11, Verdict::NotDuplicate, NOW - DAY_MS));
        v.record(entry(Some(1), 12, Verdict::Duplicate, NOW));
        let e = export(Some(&v.to_json()), 7, NOW);
        assert_eq!((e.counts.not_duplicate, e.counts.duplicate), (1, 1));
        assert_eq!(e.verdicts.len(), 2);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["window_days"], 7);
        assert_eq!(json["counts"]["not_duplicate"], 1);
        assert_eq!(json["verdicts"][1]["verdict"], "duplicate");
        assert_eq!(export(None, 7, NOW).counts, Counts::default());
    }
}

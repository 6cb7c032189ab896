//! Duplicate ranking on the labelled scenarios in `fixtures/duplicate_scenarios.json`: recall@1,
//! recall@3 and the share of non-duplicates marked `likely`, next to WIC's exact rule.
use wic_core::duplicates::{rank, wic_rule, Index, Level, Reason, Settings};
use wic_core::model::Incident;

mod common;
use common::Scenario;

fn scenarios() -> Vec<Scenario> {
    common::scenarios("duplicate_scenarios.json")
}

#[derive(Default, Debug)]
struct Metrics {
    positives: usize,
    hit1: usize,
    hit3: usize,
    negatives: usize,
    likely_on_negatives: usize,
}

impl Metrics {
    fn add(&mut self, ranked: &[(u64, bool)], s: &Scenario) {
        if !s.duplicates.is_empty() {
            self.positives += 1;
            self.hit1 += usize::from(ranked.first().is_some_and(|c| s.duplicates.contains(&c.0)));
            self.hit3 += usize::from(ranked.iter().take(3).any(|c| s.duplicates.contains(&c.0)));
        }
        self.negatives += s
            .history
            .iter()
            .filter(|h| !h.id.is_some_and(|id| s.duplicates.contains(&id)))
            .count();
        self.likely_on_negatives += ranked
            .iter()
            .filter(|c| c.1 && !s.duplicates.contains(&c.0))
            .count();
    }
    fn report(&self, name: &str) -> (f64, f64, f64) {
        let r1 = self.hit1 as f64 / self.positives as f64;
        let r3 = self.hit3 as f64 / self.positives as f64;
        let neg = self.likely_on_negatives as f64 / self.negatives as f64;
        println!("{name}: recall@1 = {r1:.3}, recall@3 = {r3:.3}, likely on non-duplicates = {neg:.3} ({}/{})", self.likely_on_negatives, self.negatives);
        (r1, r3, neg)
    }
}

#[test]
fn ranking_beats_wic_rule_on_labelled_scenarios() {
    let all = scenarios();
    assert!(all.len() >= 40);
    let settings = Settings::default();
    let (mut ours, mut wic) = (Metrics::default(), Metrics::default());
    let mut misses = Vec::new();
    for s in &all {
        let ranked = rank(s.now, &s.incident, &s.history, &settings);
        let pairs: Vec<(u64, bool)> = ranked
            .iter()
            .map(|c| (c.id, c.level == Level::Likely))
            .collect();
        ours.add(&pairs, s);
        let top = ranked.first().map(|c| {
            (
                c.id,
                c.score,
                c.reasons.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            )
        });
        if !s.duplicates.is_empty() && !pairs.first().is_some_and(|c| s.duplicates.contains(&c.0)) {
            misses.push(format!("miss@1 {}: top {top:?}", s.name));
        }
        if let Some(c) = ranked
            .iter()
            .find(|c| c.level == Level::Likely && !s.duplicates.contains(&c.id))
        {
            misses.push(format!("likely non-duplicate in {}: {c:?}", s.name));
        }
        let mut baseline: Vec<&Incident> = s
            .history
            .iter()
            .filter(|h| wic_rule(s.now, &s.incident, h))
            .collect();
        baseline.sort_by_key(|h| std::cmp::Reverse(h.created_at));
        wic.add(
            &baseline
                .iter()
                .filter_map(|h| h.id)
                .map(|id| (id, true))
                .collect::<Vec<_>>(),
            s,
        );
        for h in &s.history {
            if wic_rule(s.now, &s.incident, h) {
                assert!(
                    ranked
                        .iter()
                        .any(|c| Some(c.id) == h.id && c.reasons.contains(&Reason::WicRule)),
                    "WIC rule must be shown: {}",
                    s.name
                );
            }
        }
    }
    for m in &misses {
        println!("{m}");
    }
    let (r1, r3, neg) = ours.report("wic-core ranking");
    let (w1, w3, _) = wic.report("WIC exact rule");
    assert!(r3 >= 0.95, "recall@3 {r3}");
    assert!(neg == 0.0, "likely on a non-duplicate");
    assert!(r1 > w1 && r3 > w3);
}

#[test]
fn index_gives_the_same_result_as_rank() {
    let settings = Settings::default();
    let all = scenarios();
    let history: Vec<Incident> = all.iter().flat_map(|s| s.history.clone()).collect();
    let index = Index::build(&history);
    for s in &all {
        assert_eq!(
            index.rank(s.now, &s.incident, &settings),
            rank(s.now, &s.incident, &history, &settings)
        );
    }
}

#[test]
fn the_incident_itself_is_never_a_candidate() {
    for s in scenarios() {
        let mut history = s.history.clone();
        let mut me = s.incident.clone();
        me.id = Some(1);
        me.created_at = Some(s.now);
        history.push(me.clone());
        assert!(rank(s.now, &me, &history, &Settings::default())
            .iter()
            .all(|c| c.id != 1));
    }
}

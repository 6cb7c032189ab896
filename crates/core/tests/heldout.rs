//! Duplicate ranking on the held-out sets (issue 13): `fixtures/duplicate_heldout.json` and
//! `fixtures/duplicate_heldout2.json`, 398 scenarios each, written apart from the ranker by two
//! authors, split by question into `dev` (tuned on) and `test` (never tuned on). Reports each set
//! and both next to WIC's exact rule; the targets (recall@3 0.95, recall@1 0.85, at most
//! 2 % of no-duplicate scenarios with a `likely`) are checked on the two `test` splits together.
//! `WIC_DEV_MISSES=1` prints the misses on `dev` (never on `test`).
use wic_core::duplicates::{rank, wic_rule, Level, Settings};
use wic_core::model::Incident;

mod common;
use common::Scenario;

/// Set 1 (`duplicate_heldout.json`, questions by the first author) and set 2
/// (`duplicate_heldout2.json`, questions by a second author who saw neither the ranker, its
/// lexicon nor set 1; scenario names start with `s2 `).
fn scenarios() -> Vec<Scenario> {
    let mut all = common::scenarios("duplicate_heldout.json");
    all.extend(common::scenarios("duplicate_heldout2.json"));
    all
}

fn set_of(s: &Scenario) -> &'static str {
    if s.name.starts_with("s2 ") {
        "set 2"
    } else {
        "set 1"
    }
}

/// FNV-1a, 32 bits, of the UTF-8 bytes: the fixed split (`mod 10 < 7` → dev).
fn fnv1a32(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

fn split_of(question: &str) -> &'static str {
    if fnv1a32(question) % 10 < 7 {
        "dev"
    } else {
        "test"
    }
}

#[derive(Default, Debug, Clone, Copy)]
struct Metrics {
    positives: usize,
    hit1: usize,
    hit3: usize,
    negatives: usize,
    flagged_negatives: usize,
    likely_hits: usize,
}

impl Metrics {
    /// `ranked`: candidate ids best first, with whether each is `likely`.
    fn add(&mut self, ranked: &[(u64, bool)], s: &Scenario) {
        if s.duplicates.is_empty() {
            self.negatives += 1;
            self.flagged_negatives += usize::from(ranked.iter().any(|c| c.1));
        } else {
            self.positives += 1;
            self.hit1 += usize::from(ranked.first().is_some_and(|c| s.duplicates.contains(&c.0)));
            self.hit3 += usize::from(ranked.iter().take(3).any(|c| s.duplicates.contains(&c.0)));
            self.likely_hits +=
                usize::from(ranked.iter().any(|c| c.1 && s.duplicates.contains(&c.0)));
        }
    }
    fn recall1(&self) -> f64 {
        self.hit1 as f64 / self.positives.max(1) as f64
    }
    fn recall3(&self) -> f64 {
        self.hit3 as f64 / self.positives.max(1) as f64
    }
    fn false_likely(&self) -> f64 {
        self.flagged_negatives as f64 / self.negatives.max(1) as f64
    }
    fn line(&self) -> String {
        format!(
            "recall@1 = {:.3} ({}/{}), recall@3 = {:.3} ({}/{}), likely on no-duplicate scenarios = {:.3} ({}/{}), duplicate found as likely {}/{}",
            self.recall1(), self.hit1, self.positives, self.recall3(), self.hit3, self.positives,
            self.false_likely(), self.flagged_negatives, self.negatives, self.likely_hits, self.positives
        )
    }
}

fn ours(s: &Scenario, settings: &Settings) -> Vec<(u64, bool)> {
    rank(s.now, &s.incident, &s.history, settings)
        .iter()
        .map(|c| (c.id, c.level == Level::Likely))
        .collect()
}

fn wic(s: &Scenario) -> Vec<(u64, bool)> {
    let mut hits: Vec<&Incident> = s
        .history
        .iter()
        .filter(|h| wic_rule(s.now, &s.incident, h))
        .collect();
    hits.sort_by_key(|h| std::cmp::Reverse(h.created_at));
    hits.iter()
        .filter_map(|h| h.id)
        .map(|id| (id, true))
        .collect()
}

/// (ours, WIC's rule) on the scenarios of one split, of one set (`None`: both sets).
fn measure(
    all: &[Scenario],
    split: &str,
    set: Option<&str>,
    settings: &Settings,
) -> (Metrics, Metrics) {
    let (mut m, mut w) = (Metrics::default(), Metrics::default());
    let show = split == "dev" && set.is_none() && std::env::var_os("WIC_DEV_MISSES").is_some();
    let chosen = all
        .iter()
        .filter(|s| s.split == split && set.is_none_or(|set| set_of(s) == set));
    for s in chosen {
        let ranked = ours(s, settings);
        m.add(&ranked, s);
        w.add(&wic(s), s);
        if show {
            let miss = !s.duplicates.is_empty()
                && !ranked.first().is_some_and(|c| s.duplicates.contains(&c.0));
            let flag = s.duplicates.is_empty() && ranked.iter().any(|c| c.1);
            if miss || flag {
                let full = rank(s.now, &s.incident, &s.history, settings);
                println!("{} {}", if miss { "MISS" } else { "FLAG" }, s.name);
                for c in full.iter().take(3) {
                    let title = s
                        .history
                        .iter()
                        .find(|h| h.id == Some(c.id))
                        .map(|h| h.title.as_str());
                    let dup = s.duplicates.contains(&c.id);
                    println!(
                        "   {dup:5} {:.3} {:?} {title:?} {:?}",
                        c.score,
                        c.level,
                        c.reasons.iter().map(|r| r.to_string()).collect::<Vec<_>>()
                    );
                }
            }
        }
    }
    (m, w)
}

#[test]
fn split_is_the_documented_hash_and_coverage_holds() {
    let all = scenarios();
    assert!(all.len() >= 200);
    let mut names = std::collections::HashSet::new();
    for s in &all {
        assert_eq!(s.split, split_of(&s.question), "{}", s.name);
        assert!(names.insert(&s.name), "duplicate name {}", s.name);
    }
    let negatives: Vec<&Scenario> = all.iter().filter(|s| s.duplicates.is_empty()).collect();
    let hard = negatives
        .iter()
        .filter(|s| {
            s.history.iter().any(|h| {
                h.kind == s.incident.kind && h.inn_kpp.is_some() && h.inn_kpp == s.incident.inn_kpp
            })
        })
        .count();
    assert!(3 * hard >= negatives.len(), "{hard} of {}", negatives.len());
}

/// Dev alone (what tuning looks at; `cargo test -p wic-core --test heldout dev_only`).
#[test]
fn dev_only() {
    report(&scenarios(), "dev");
}

/// One split printed per set and for both sets; the latter returned.
fn report(all: &[Scenario], split: &str) -> Metrics {
    let settings = Settings::default();
    let print = |set: Option<&str>| {
        let (m, wic) = measure(all, split, set, &settings);
        let name = set.unwrap_or("both");
        println!("{split:4} {name}  wic-core:       {}", m.line());
        println!("{split:4} {name}  WIC exact rule: {}", wic.line());
        m
    };
    print(Some("set 1"));
    print(Some("set 2"));
    print(None)
}

/// Both splits over both sets, printed (`-- --nocapture`): (dev, test).
fn both() -> (Metrics, Metrics) {
    let all = scenarios();
    (report(&all, "dev"), report(&all, "test"))
}

/// Issue 13's targets on both `test` splits. Not met (see crates/core/README.md): `--ignored`.
#[test]
#[ignore = "issue 13 target not met on test: recall@1 (0.832 < 0.85)"]
fn heldout_test_split_meets_the_targets() {
    let (_, test) = both();
    at_least(&test, 0.95, 0.85, 0.02);
}

/// Fails naming the first measure of `m` below its floor.
fn at_least(m: &Metrics, recall3: f64, recall1: f64, false_likely: f64) {
    assert!(m.recall3() >= recall3, "test recall@3 {:.3}", m.recall3());
    assert!(m.recall1() >= recall1, "test recall@1 {:.3}", m.recall1());
    let fl = m.false_likely();
    assert!(fl <= false_likely, "test false likely {fl:.3}");
}

/// What both sets measured when the defaults were fixed on `dev` (the last look at `test`);
/// fails on a regression.
#[test]
fn heldout_test_split_does_not_regress() {
    let (dev, test) = both();
    assert!(dev.recall1() >= 0.88 && dev.recall3() >= 0.98 && dev.false_likely() <= 0.01);
    at_least(&test, 0.98, 0.83, 0.02);
}

/// The search that chose the default weights and thresholds, on `dev` only:
/// `cargo test --release -p wic-core --test heldout -- --ignored --exact tune_on_dev --nocapture`.
#[test]
#[ignore]
fn tune_on_dev() {
    use wic_core::duplicates::Index;
    let all = scenarios();
    let dev: Vec<(&Scenario, Index)> = all
        .iter()
        .filter(|s| s.split == "dev")
        .map(|s| (s, Index::build(&s.history)))
        .collect();
    let grid = [0.0f32, 0.05, 0.1, 0.2, 0.3];
    let mut best: Vec<(f64, String)> = Vec::new();
    for &wc in &grid[..4] {
        for &wk in &grid {
            for &wp in &grid {
                for &wr in &grid[..4] {
                    for &wo in &grid[..3] {
                        let st = Settings {
                            weight_client: wc,
                            weight_text: 1.0,
                            weight_knowledge: wk,
                            weight_product: wp,
                            weight_recency: wr,
                            weight_open: wo,
                            possible_threshold: 0.0,
                            likely_threshold: 2.0,
                            ..Settings::default()
                        };
                        let mut m = Metrics::default();
                        // Highest score in each no-duplicate scenario; the true duplicate's best.
                        let (mut neg, mut pos) = (Vec::new(), Vec::new());
                        for (s, index) in &dev {
                            let ranked = index.rank(s.now, &s.incident, &st);
                            let pairs: Vec<(u64, bool)> =
                                ranked.iter().map(|c| (c.id, false)).collect();
                            m.add(&pairs, s);
                            split_scores(s, &ranked, &mut neg, &mut pos);
                        }
                        neg.sort_by(|a, b| b.total_cmp(a));
                        // Threshold just above the 1 %-highest no-duplicate score.
                        let cut = neg[neg.len() / 100] + 1e-4;
                        let likely =
                            pos.iter().filter(|&&p| p >= cut).count() as f64 / pos.len() as f64;
                        let objective = m.recall1() + m.recall3() + 0.5 * likely;
                        best.push((objective, format!("client {wc} knowledge {wk} product {wp} recency {wr} open {wo}: r1 {:.3} r3 {:.3} likely-cut {cut:.3} likely-recall {likely:.3}", m.recall1(), m.recall3())));
                    }
                }
            }
        }
    }
    best.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (o, line) in best.iter().take(15) {
        println!("{o:.3} {line}");
    }
}

/// The top score of a no-duplicate scenario into `neg`, the best true duplicate's into `pos`.
fn split_scores(
    s: &Scenario,
    ranked: &[wic_core::duplicates::Candidate],
    neg: &mut Vec<f32>,
    pos: &mut Vec<f32>,
) {
    let score_of = |c: Option<&wic_core::duplicates::Candidate>| c.map_or(0.0, |c| c.score);
    if s.duplicates.is_empty() {
        neg.push(score_of(ranked.first()));
    } else {
        pos.push(score_of(
            ranked.iter().find(|c| s.duplicates.contains(&c.id)),
        ));
    }
}

/// Where `likely` starts: the highest scores of no-duplicate scenarios on `dev`, and how many
/// true duplicates score above each (`-- --ignored --exact calibrate_on_dev --nocapture`).
#[test]
#[ignore]
fn calibrate_on_dev() {
    let st = Settings {
        likely_threshold: 2.0,
        possible_threshold: 0.0,
        ..Settings::default()
    };
    let (mut neg, mut pos) = (Vec::new(), Vec::new());
    let mut shown = Vec::new();
    let mut pos_top3 = Vec::new();
    for s in scenarios().iter().filter(|s| s.split == "dev") {
        let ranked = rank(s.now, &s.incident, &s.history, &st);
        shown.push(ranked.len());
        if !s.duplicates.is_empty() {
            let top3 = ranked
                .iter()
                .take(3)
                .filter(|c| s.duplicates.contains(&c.id));
            pos_top3.push(top3.map(|c| c.score).fold(-1.0f32, f32::max));
        }
        split_scores(s, &ranked, &mut neg, &mut pos);
    }
    println!(
        "candidates per scenario: {:.1}",
        shown.iter().sum::<usize>() as f64 / shown.len() as f64
    );
    for p in [0.0f32, 0.05, 0.1, 0.15, 0.2] {
        let hits = pos_top3.iter().filter(|&&x| x >= p).count();
        println!("possible from {p}: recall@3 {hits}/{}", pos_top3.len());
    }
    neg.sort_by(|a, b| b.total_cmp(a));
    println!("no-duplicate top scores: {:?}", &neg[..8]);
    // `likely` also needs the text evidence (score.rs `LIKELY_TEXT`): counted through the levels.
    for cut in [0.35f32, 0.4, 0.42, 0.45, 0.48, 0.5, 0.55, 0.6] {
        let n = neg.iter().filter(|&&x| x >= cut).count();
        let p = pos.iter().filter(|&&x| x >= cut).count();
        let (m, _) = measure(
            &scenarios(),
            "dev",
            None,
            &Settings {
                likely_threshold: cut,
                ..Settings::default()
            },
        );
        println!(
            "cut {cut}: by score alone false likely {n}/{}, duplicates likely {p}/{}; with the text evidence {}/{}, {}/{}",
            neg.len(),
            pos.len(),
            m.flagged_negatives,
            m.negatives,
            m.likely_hits,
            m.positives
        );
    }
}

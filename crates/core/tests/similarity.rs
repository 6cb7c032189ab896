//! Title similarity measured by ROC-AUC on the ParaPhraser train pairs (labels 0 and 1 =
//! paraphrase, −1 = not). A non-regression test: the number is reported in the README.
mod common;

use wic_core::duplicates::title_similarity;

/// ROC-AUC by the Mann–Whitney statistic, ties counted half.
fn roc_auc(scored: &mut [(f32, bool)]) -> f64 {
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut rank_sum, mut i) = (0.0f64, 0usize);
    while i < scored.len() {
        let mut j = i;
        while j < scored.len() && scored[j].0 == scored[i].0 {
            j += 1;
        }
        let avg_rank = (i + 1 + j) as f64 / 2.0;
        rank_sum += avg_rank * scored[i..j].iter().filter(|s| s.1).count() as f64;
        i = j;
    }
    let pos = scored.iter().filter(|s| s.1).count() as f64;
    let neg = scored.len() as f64 - pos;
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}

#[test]
fn paraphraser_roc_auc_does_not_regress() {
    let rows = common::tsv("paraphrase/ru_paraphraser_train_full.tsv");
    assert_eq!(rows.len(), 7227);
    let mut scored: Vec<(f32, bool)> = rows
        .iter()
        .map(|r| {
            let s = title_similarity(&r["text1"], &r["text2"]);
            assert!((0.0..=1.0).contains(&s), "{s}");
            (s, r["label"] != "-1")
        })
        .collect();
    let auc = roc_auc(&mut scored);
    println!("ParaPhraser ROC-AUC = {auc:.4}");
    assert!(auc >= 0.865, "ROC-AUC {auc:.4} regressed (was 0.8681)");
}

#[test]
fn similarity_basics() {
    assert_eq!(title_similarity("", ""), 0.0);
    assert!(
        (title_similarity(
            "Не отправляется отчёт в ФНС",
            "не отправляется отчет в фнс!"
        ) - 1.0)
            .abs()
            < 1e-6
    );
    let related = title_similarity("Не отправляется отчет в ФНС", "Отчёт в ФНС не уходит");
    let unrelated = title_similarity(
        "Не отправляется отчет в ФНС",
        "Сертификат не устанавливается",
    );
    assert!(
        related > 0.6 && unrelated < 0.4 && related > unrelated + 0.3,
        "{related} vs {unrelated}"
    );
}

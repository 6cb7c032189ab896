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
    assert!(auc >= 0.865, "ROC-AUC {auc:.4} regressed (was 0.8654)");
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

/// Issue 13's target, by 10-fold cross-validation: the similarity with word weights by inverse
/// document frequency. For each fold, the document frequencies come from the texts of the other
/// nine folds, and so does the one fitted parameter (the IDF floor, the best of a small grid on
/// those nine folds); the held-out fold is scored with both. Reports the mean AUC of the ten
/// held-out folds (rows by position: row `i` is in fold `i mod 10`).
#[test]
fn paraphraser_idf_cross_validated_roc_auc() {
    use wic_core::text::{similarity, Features, Idf};
    const FOLDS: usize = 10;
    const FLOORS: [f32; 4] = [0.0, 0.5, 1.0, 2.0];
    let rows = common::tsv("paraphrase/ru_paraphraser_train_full.tsv");
    let pairs: Vec<(Features, Features, bool)> = rows
        .iter()
        .map(|r| {
            (
                Features::of(&r["text1"]),
                Features::of(&r["text2"]),
                r["label"] != "-1",
            )
        })
        .collect();
    let auc_of = |idf: &Idf, keep: &dyn Fn(usize) -> bool| {
        let mut scored: Vec<(f32, bool)> = pairs
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .map(|(_, (a, b, label))| (similarity(&idf.weigh(a), &idf.weigh(b)), *label))
            .collect();
        roc_auc(&mut scored)
    };
    let mut aucs = Vec::new();
    for fold in 0..FOLDS {
        let train = |i: usize| i % FOLDS != fold;
        let fitted = |floor: f32| {
            let mut idf = Idf::with_floor(floor);
            for (_, (a, b, _)) in pairs.iter().enumerate().filter(|(i, _)| train(*i)) {
                idf.add(&[a]);
                idf.add(&[b]);
            }
            idf
        };
        let (floor, _) = FLOORS
            .iter()
            .map(|&f| (f, auc_of(&fitted(f), &train)))
            .fold(
                (0.0, f64::MIN),
                |best, x| if x.1 > best.1 { x } else { best },
            );
        let held_out = auc_of(&fitted(floor), &|i| !train(i));
        println!("fold {fold}: floor {floor} (fitted on the other folds), held-out ROC-AUC {held_out:.4}");
        aucs.push(held_out);
    }
    let mean = aucs.iter().sum::<f64>() / aucs.len() as f64;
    println!("ParaPhraser ROC-AUC with IDF, {FOLDS}-fold cross-validated: {mean:.4}");
    assert!(
        mean >= 0.87,
        "cross-validated ROC-AUC {mean:.4} below issue 13's 0.87"
    );
}

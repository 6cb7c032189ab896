//! The Snowball Russian stemmer agrees with all 49,785 words of snowball-data once ё→е.
mod common;

#[test]
fn snowball_russian_vocabulary() {
    let voc = common::read("snowball/russian_voc.txt");
    let out = common::read("snowball/russian_output.txt");
    let (mut n, mut bad) = (0, Vec::new());
    for (word, want) in voc.lines().zip(out.lines()) {
        n += 1;
        let got = wic_core::text::stem(word);
        if got != want {
            bad.push(format!("{word} → {got}, want {want}"));
        }
    }
    assert_eq!(n, 49_785);
    assert!(
        bad.is_empty(),
        "{} mismatches, e.g. {:?}",
        bad.len(),
        &bad[..bad.len().min(10)]
    );
}

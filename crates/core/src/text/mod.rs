//! Russian text normalization and the lexical similarity of two short texts (titles).
//! Lower case, ё→е, WIC's "(+1) " prefix and punctuation stripped, stop words dropped, Snowball
//! stems, the domain lexicon (`lexicon.tsv`: abbreviations = full forms, domain synonyms, weak
//! words), word weights by inverse document frequency over a collection (`Idf`). Knows nothing of
//! incidents; allocates only when features are built or weighed, never when compared.

mod features;
mod idf;
mod lexicon;
mod matcher;

pub use features::{Features, StemCache};
pub use idf::{Idf, IDF_FLOOR};
pub use lexicon::WEAK_WEIGHT;
pub use matcher::similarity;
pub(crate) use matcher::Matcher;

use rust_stemmers::{Algorithm, Stemmer};

/// Russian stop words (sorted, for binary search): function words that say nothing about a problem.
/// «не» and «нет» are kept on purpose: «не работает» is the heart of many titles.
const STOP_WORDS: &[&str] = &[
    "а",
    "без",
    "бы",
    "был",
    "была",
    "были",
    "было",
    "быть",
    "в",
    "вам",
    "вас",
    "во",
    "вот",
    "все",
    "всё",
    "вы",
    "где",
    "да",
    "для",
    "до",
    "его",
    "ее",
    "если",
    "есть",
    "еще",
    "же",
    "за",
    "здесь",
    "и",
    "из",
    "или",
    "им",
    "их",
    "к",
    "как",
    "ко",
    "когда",
    "кто",
    "ли",
    "либо",
    "мне",
    "мы",
    "на",
    "над",
    "нам",
    "нас",
    "него",
    "нее",
    "ни",
    "них",
    "но",
    "ну",
    "о",
    "об",
    "однако",
    "он",
    "она",
    "они",
    "оно",
    "от",
    "по",
    "под",
    "при",
    "с",
    "со",
    "так",
    "также",
    "там",
    "то",
    "тоже",
    "только",
    "том",
    "тот",
    "ту",
    "у",
    "уже",
    "хотя",
    "чего",
    "чем",
    "через",
    "что",
    "чтобы",
    "эта",
    "эти",
    "это",
    "этого",
    "этой",
    "этом",
    "этот",
    "эту",
    "я",
    "её",
    "ещё",
    "как-то",
    "вами",
    "ним",
    "ней",
    "нём",
    "сам",
    "себя",
    "свой",
];

fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.contains(&w)
}

/// Lower-case, ё→е, drop leading "(+N)" markers WIC prepends, turn punctuation into spaces and
/// collapse whitespace.
pub fn normalize(text: &str) -> String {
    let mut s = text.trim_start();
    while let Some(rest) = s.strip_prefix("(+") {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[digits..].strip_prefix(')') {
            Some(after) if digits > 0 => s = after.trim_start(),
            _ => break,
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = if c == 'ё' { 'е' } else { c };
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The Snowball Russian stem of one lower-case word, after ё→е.
pub fn stem(word: &str) -> String {
    let stemmer = Stemmer::create(Algorithm::Russian);
    if word.contains('ё') {
        stemmer.stem(&word.replace('ё', "е")).into_owned()
    } else {
        stemmer.stem(word).into_owned()
    }
}

/// Normalized, stop-word-free stems of a text, in order.
pub fn stems(text: &str) -> Vec<String> {
    let stemmer = Stemmer::create(Algorithm::Russian);
    normalize(text)
        .split(' ')
        .filter(|w| !w.is_empty() && !is_stop_word(w))
        .map(|w| stemmer.stem(w).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_like_design_says() {
        assert_eq!(
            normalize("(+1) Ошибка: «ЁЛКА» не грузится!"),
            "ошибка елка не грузится"
        );
        assert_eq!(
            normalize("(+2)(+1)  Не отправляется отчёт"),
            "не отправляется отчет"
        );
        assert_eq!(
            stems("Не отправляется отчёт в ФНС"),
            ["не", "отправля", "отчет", "фнс"]
        );
    }

    #[test]
    fn stop_words_are_lower_case_and_unique() {
        for w in STOP_WORDS {
            assert_eq!(*w, w.to_lowercase());
        }
    }
}

//! Russian text normalization and the lexical similarity of two short texts (titles).
//! Lower case, ё→е, WIC's "(+1) " prefix and punctuation stripped, stop words dropped, Snowball
//! stems, the domain lexicon (`lexicon.tsv`: abbreviations = full forms, domain synonyms, weak
//! words), word weights by inverse document frequency over a collection (`Idf`). Knows nothing of
//! incidents; allocates only when features are built or weighed, never when compared.

mod features;
mod idf;
mod lexicon;
mod matcher;
mod words;

pub use features::{Features, StemCache};
pub use idf::{Idf, IDF_FLOOR};
pub use lexicon::WEAK_WEIGHT;
pub use matcher::similarity;
pub(crate) use matcher::Matcher;

use rust_stemmers::{Algorithm, Stemmer};

use words::content_words;
pub use words::normalize;
#[cfg(test)]
use words::STOP_WORDS;

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
    content_words(&normalize(text))
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

//! The domain lexicon (`lexicon.tsv`, data, not code): abbreviations and their full forms that
//! count as one token, and weak words that weigh less. Stemmed at build time through the same
//! normalization and stemmer as the texts it is applied to (`build.rs`), read once at the first
//! use. Knows nothing of incidents or scores.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The table as `build.rs` stemmed it: `<canonical>\t<stems of a variant>\t…` (the source and the
/// format are in `lexicon.tsv`'s header).
const STEMMED: &str = include_str!(concat!(env!("OUT_DIR"), "/lexicon.stems"));

/// Weight of a weak word (`@weak` in the table) in the similarity; other tokens weigh 1.
pub const WEAK_WEIGHT: f32 = 0.35;

/// Marks a canonical token so that it never equals a stem of the text.
pub(crate) const CANONICAL_MARK: char = '\u{2022}';

/// Variants by the first characters of their first stem: (their stems, the canonical token),
/// the longest first.
pub(crate) struct Lexicon {
    variants: HashMap<String, Vec<(Vec<String>, String)>>,
    weak: HashSet<String>,
}

/// Characters of a stem that key the variants.
const KEY_CHARS: usize = 4;

/// Shortest stem that also matches its longer forms: Snowball leaves some inflections apart
/// («подпись» → «подп», «подписи» → «подпис»), so a stem matches a stem it begins or that
/// begins it once both have this many characters.
const PREFIX_MIN: usize = 4;

fn key(stem: &str) -> String {
    stem.chars().take(KEY_CHARS).collect()
}

fn same_word(text: &str, table: &str) -> bool {
    text == table
        || (text.chars().count().min(table.chars().count()) >= PREFIX_MIN
            && (text.starts_with(table) || table.starts_with(text)))
}

impl Lexicon {
    fn parse(stemmed: &str) -> Lexicon {
        let mut lex = Lexicon {
            variants: HashMap::new(),
            weak: HashSet::new(),
        };
        for line in stemmed.lines() {
            let mut fields = line.split('\t');
            let canonical = fields.next().unwrap_or_default();
            for variant in fields {
                let stems: Vec<String> = variant
                    .split(' ')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
                if canonical == "@weak" {
                    lex.weak.extend(stems);
                    continue;
                }
                let Some(first) = stems.first() else {
                    continue;
                };
                let token = format!("{CANONICAL_MARK}{canonical}");
                let list = lex.variants.entry(key(first)).or_default();
                if !list.iter().any(|(r, _)| *r == stems) {
                    list.push((stems, token));
                }
            }
        }
        for list in lex.variants.values_mut() {
            list.sort_by_key(|v| std::cmp::Reverse(v.0.len()));
        }
        lex
    }

    /// The canonical token of the longest variant starting at `stems[0]`, and how many stems
    /// it covers.
    pub(crate) fn longest<'a>(&'a self, stems: &[String]) -> Option<(&'a str, usize)> {
        self.variants
            .get(&key(stems.first()?))?
            .iter()
            .find(|(words, _)| {
                words.len() <= stems.len() && words.iter().zip(stems).all(|(w, s)| same_word(s, w))
            })
            .map(|(words, token)| (token.as_str(), words.len()))
    }

    /// Weight of a stem in the similarity.
    pub(crate) fn weight(&self, stem: &str) -> f32 {
        if self.weak.contains(stem) {
            WEAK_WEIGHT
        } else {
            1.0
        }
    }
}

/// The lexicon, parsed on first use.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::parse(STEMMED))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::stems;

    /// The table as written.
    const TABLE: &str = include_str!("lexicon.tsv");

    #[test]
    fn the_build_stemmed_every_variant_as_the_crate_stems_it() {
        let source: Vec<&str> = TABLE
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .collect();
        let built: Vec<&str> = STEMMED.lines().collect();
        assert_eq!(built.len(), source.len());
        for (line, stemmed) in source.iter().zip(&built) {
            let mut fields = line.split('\t');
            let mut out = fields.next().unwrap().trim().to_string();
            for variant in fields {
                out.push('\t');
                out.push_str(&stems(variant).join(" "));
            }
            assert_eq!(&out, stemmed);
        }
    }

    fn canonical(text: &str) -> Vec<String> {
        let stems = stems(text);
        let (mut out, mut k) = (Vec::new(), 0);
        while k < stems.len() {
            match lexicon().longest(&stems[k..]) {
                Some((token, n)) => {
                    out.push(token.trim_start_matches(CANONICAL_MARK).to_string());
                    k += n;
                }
                None => {
                    out.push(stems[k].clone());
                    k += 1;
                }
            }
        }
        out
    }

    #[test]
    fn abbreviations_and_full_forms_meet() {
        assert_eq!(canonical("ЭЦП"), canonical("электронная цифровая подпись"));
        assert_eq!(
            canonical("КЭП"),
            canonical("квалифицированной электронной подписи")
        );
        assert_eq!(canonical("счёт-фактура"), ["сф"]);
        assert_eq!(canonical("СФ"), ["сф"]);
        assert_eq!(canonical("налоговую"), canonical("ФНС"));
        assert_eq!(canonical("Пенсионный фонд"), canonical("СФР"));
        assert_eq!(canonical("6-НДФЛ"), ["ндфл6"]);
        assert_eq!(canonical("единый налоговый платёж"), ["енп"]);
        assert_eq!(canonical("оператору фискальных данных"), ["офд"]);
    }

    #[test]
    fn every_line_has_a_canonical_and_a_variant() {
        for line in TABLE
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let fields: Vec<&str> = line.split('\t').collect();
            assert!(fields.len() >= 2, "{line}");
            assert!(fields.iter().all(|f| !f.trim().is_empty()), "{line}");
        }
    }
}

//! Russian text normalization and the lexical similarity of two short texts (titles).
//! Lower case, ё→е, WIC's "(+1) " prefix and punctuation stripped, stop words dropped, Snowball
//! stems. Knows nothing of incidents; allocates only when features are built, never when compared.

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

fn hash(bytes: impl IntoIterator<Item = u8>, seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A memo of word → stem, shared while features of many texts are built.
pub struct StemCache(std::collections::HashMap<String, String>, Stemmer);

impl Default for StemCache {
    fn default() -> Self {
        StemCache(
            std::collections::HashMap::new(),
            Stemmer::create(Algorithm::Russian),
        )
    }
}

impl std::fmt::Debug for StemCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StemCache({} words)", self.0.len())
    }
}

/// Precomputed features of a text: per distinct stem, its hash and its sorted character trigram
/// hashes (the stem padded with spaces), flattened. Build once per text; comparing two is a
/// merge without allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    stems: Vec<u64>,
    ends: Vec<u32>,
    grams: Vec<u64>,
}

impl Features {
    /// Features of a text.
    pub fn of(text: &str) -> Features {
        Features::of_cached(text, &mut StemCache::default())
    }

    /// Features of a text, reusing stems already computed for other texts (building an index).
    pub fn of_cached(text: &str, cache: &mut StemCache) -> Features {
        let mut f = Features::default();
        let mut chars: Vec<char> = Vec::new();
        let normalized = normalize(text);
        let words = normalized
            .split(' ')
            .filter(|w| !w.is_empty() && !is_stop_word(w));
        for word in words {
            let s: &str = match cache.0.get(word) {
                Some(s) => s,
                None => {
                    let stemmed = cache.1.stem(word).into_owned();
                    cache.0.entry(word.to_string()).or_insert(stemmed)
                }
            };
            let h = hash(s.bytes(), 0);
            if f.stems.contains(&h) {
                continue;
            }
            f.stems.push(h);
            chars.clear();
            chars.push(' ');
            chars.extend(s.chars());
            chars.push(' ');
            let from = f.grams.len();
            for w in chars.windows(3) {
                f.grams
                    .push(hash(w.iter().flat_map(|c| (*c as u32).to_le_bytes()), 1));
            }
            f.grams[from..].sort_unstable();
            let mut end = from;
            for k in from..f.grams.len() {
                if end == from || f.grams[k] != f.grams[end - 1] {
                    f.grams[end] = f.grams[k];
                    end += 1;
                }
            }
            f.grams.truncate(end);
            f.ends.push(u32::try_from(end).unwrap_or(u32::MAX));
        }
        f
    }

    /// Whether there is nothing to compare.
    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    fn token(&self, i: usize) -> &[u64] {
        let from = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.grams[from..self.ends[i] as usize]
    }

    /// Sum over my stems of the best trigram Dice with any stem of `other` (1 for the same stem).
    fn best_matches(&self, other: &Features) -> f32 {
        let mut sum = 0.0;
        for (i, h) in self.stems.iter().enumerate() {
            if other.stems.contains(h) {
                sum += 1.0;
                continue;
            }
            let mine = self.token(i);
            let mut best = 0.0f32;
            for j in 0..other.stems.len() {
                best = best.max(dice(mine, other.token(j)));
            }
            sum += best;
        }
        sum
    }
}

fn dice(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut n) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * n as f32 / (a.len() + b.len()) as f32
}

/// Hasher for keys that are already hashes (stem hashes): the key itself.
#[derive(Default)]
struct KeyIsHash(u64);

impl std::hash::Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// [`similarity`] of one text against many (ranking a history), equal to it bit for bit but
/// faster: the soft-match score of my stem `i` against another stem depends only on the two stems,
/// so each distinct other stem's row of scores is computed once per query and reused for every
/// text that contains it. Allocates only for stems not seen before, never per compared text.
pub(crate) struct Matcher<'a> {
    me: &'a Features,
    rows: std::collections::HashMap<u64, u32, std::hash::BuildHasherDefault<KeyIsHash>>,
    scores: Vec<f32>,
    best: Vec<f32>,
}

impl<'a> Matcher<'a> {
    /// A matcher for `me`.
    pub(crate) fn new(me: &'a Features) -> Matcher<'a> {
        Matcher {
            me,
            rows: Default::default(),
            scores: Vec::new(),
            best: vec![0.0; me.stems.len()],
        }
    }

    /// Offset in `scores` of the row of stem `j` of `other`: its score against each of my stems.
    fn row(&mut self, other: &Features, j: usize) -> usize {
        let h = other.stems[j];
        if let Some(&at) = self.rows.get(&h) {
            return at as usize;
        }
        let at = self.scores.len();
        let theirs = other.token(j);
        for (i, mine) in self.me.stems.iter().enumerate() {
            // As in best_matches: the same stem counts 1, otherwise the trigram Dice.
            self.scores.push(if *mine == h {
                1.0
            } else {
                dice(self.me.token(i), theirs)
            });
        }
        self.rows.insert(h, u32::try_from(at).unwrap_or(u32::MAX));
        at
    }

    /// `similarity(me, other)`.
    pub(crate) fn similarity(&mut self, other: &Features) -> f32 {
        let m = self.me.stems.len();
        let n = m + other.stems.len();
        if self.me.is_empty() || other.is_empty() {
            return 0.0;
        }
        self.best.iter_mut().for_each(|b| *b = 0.0);
        let mut theirs = 0.0f32;
        for j in 0..other.stems.len() {
            let at = self.row(other, j);
            let row = &self.scores[at..at + m];
            let mut best = 0.0f32;
            for (i, s) in row.iter().enumerate() {
                best = best.max(*s);
                self.best[i] = self.best[i].max(*s);
            }
            // best_matches(other, me) adds 1 for a stem I contain, else the best Dice.
            theirs += if self.me.stems.contains(&other.stems[j]) {
                1.0
            } else {
                best
            };
        }
        let mut mine = 0.0f32;
        for (i, h) in self.me.stems.iter().enumerate() {
            mine += if other.stems.contains(h) {
                1.0
            } else {
                self.best[i]
            };
        }
        ((mine + theirs) / n as f32).clamp(0.0, 1.0)
    }
}

/// Similarity of two prepared texts in [0, 1]: a symmetric soft match of stems (Monge–Elkan):
/// every stem counts its best character-trigram Dice with a stem of the other text, 1 for the
/// same stem; the sum over both texts is divided by the number of stems. Trigrams catch the
/// forms Snowball leaves apart («полицейским» / «полиции»).
pub fn similarity(a: &Features, b: &Features) -> f32 {
    let n = a.stems.len() + b.stems.len();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    ((a.best_matches(b) + b.best_matches(a)) / n as f32).clamp(0.0, 1.0)
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
    fn matcher_equals_similarity_bit_for_bit() {
        let texts = [
            "Не отправляется отчет РСВ в ФНС",
            "(+1) РСВ не уходит в налоговую, ошибка при отправке отчета",
            "Полицейским не нравится полиция",
            "",
            "и в на",
            "Касса не передает чеки в ОФД",
            "Чеки с кассы не уходят в ОФД",
            "отчет отчет отчета",
            "ФНС ФНС",
        ];
        for a in texts {
            let fa = Features::of(a);
            let mut m = Matcher::new(&fa);
            for _ in 0..2 {
                for b in texts {
                    let fb = Features::of(b);
                    assert_eq!(
                        m.similarity(&fb).to_bits(),
                        similarity(&fa, &fb).to_bits(),
                        "{a:?} ~ {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn stop_words_are_lower_case_and_unique() {
        for w in STOP_WORDS {
            assert_eq!(*w, w.to_lowercase());
        }
    }
}

//! Prepared features of one text: distinct tokens (Snowball stems, or the lexicon's canonical
//! tokens), their weights and their character trigrams. Knows nothing of incidents or scores.

use rust_stemmers::{Algorithm, Stemmer};

use super::lexicon::lexicon;
use super::{content_words, normalize};

pub(super) fn hash(bytes: impl IntoIterator<Item = u8>, seed: u64) -> u64 {
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

/// Precomputed features of a text: per distinct token, its hash, its weight and its sorted
/// character trigram hashes (the stem padded with spaces; none for a canonical token, which
/// matches only itself), flattened. Build once per text; comparing two is a merge without
/// allocation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    pub(super) stems: Vec<u64>,
    pub(super) weights: Vec<f32>,
    pub(super) ends: Vec<u32>,
    /// Trigram hashes, 32 bits (a history's distinct trigrams number in the thousands, and half
    /// the memory of a prepared history is these).
    pub(super) grams: Vec<u32>,
}

impl Features {
    /// Features of a text.
    pub fn of(text: &str) -> Features {
        Features::of_cached(text, &mut StemCache::default())
    }

    /// Features of a text, reusing stems already computed for other texts (building an index).
    pub fn of_cached(text: &str, cache: &mut StemCache) -> Features {
        let normalized = normalize(text);
        let mut stems: Vec<String> = Vec::new();
        for word in content_words(&normalized) {
            let s = match cache.0.get(word) {
                Some(s) => s.clone(),
                None => {
                    let stemmed = cache.1.stem(word).into_owned();
                    cache.0.insert(word.to_string(), stemmed.clone());
                    stemmed
                }
            };
            stems.push(s);
        }
        let lex = lexicon();
        let mut f = Features::default();
        let mut chars: Vec<char> = Vec::new();
        let mut k = 0;
        while k < stems.len() {
            let (token, weight, canonical) = match lex.longest(&stems[k..]) {
                Some((token, n)) => {
                    k += n;
                    (token, 1.0, true)
                }
                None => {
                    k += 1;
                    (stems[k - 1].as_str(), lex.weight(&stems[k - 1]), false)
                }
            };
            let h = hash(token.bytes(), 0);
            if f.stems.contains(&h) {
                continue;
            }
            f.stems.push(h);
            f.weights.push(weight);
            let from = f.grams.len();
            if !canonical {
                chars.clear();
                chars.push(' ');
                chars.extend(token.chars());
                chars.push(' ');
                for w in chars.windows(3) {
                    let h = hash(w.iter().flat_map(|c| (*c as u32).to_le_bytes()), 1);
                    f.grams.push((h ^ (h >> 32)) as u32);
                }
                f.grams[from..].sort_unstable();
                let mut end = from;
                for at in from..f.grams.len() {
                    if end == from || f.grams[at] != f.grams[end - 1] {
                        f.grams[end] = f.grams[at];
                        end += 1;
                    }
                }
                f.grams.truncate(end);
            }
            f.ends
                .push(u32::try_from(f.grams.len()).unwrap_or(u32::MAX));
        }
        f
    }

    /// Whether there is nothing to compare.
    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    /// Sum of the token weights.
    pub(super) fn mass(&self) -> f32 {
        self.weights.iter().sum()
    }

    pub(super) fn token(&self, i: usize) -> &[u32] {
        let from = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.grams[from..self.ends[i] as usize]
    }

    /// Weighted sum over my tokens of the best trigram Dice with any token of `other` (1 for the
    /// same token).
    pub(super) fn best_matches(&self, other: &Features) -> f32 {
        let mut sum = 0.0;
        for (i, h) in self.stems.iter().enumerate() {
            if other.stems.contains(h) {
                sum += self.weights[i];
                continue;
            }
            let mine = self.token(i);
            let mut best = 0.0f32;
            for j in 0..other.stems.len() {
                best = best.max(dice(mine, other.token(j)));
            }
            sum += self.weights[i] * best;
        }
        sum
    }
}

/// Dice coefficient of two sorted, distinct trigram sets (0 when either is empty).
pub(super) fn dice(a: &[u32], b: &[u32]) -> f32 {
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

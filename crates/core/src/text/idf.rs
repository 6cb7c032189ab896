//! Document frequencies of tokens over a collection of texts (the history being ranked, or a
//! training set) and the inverse-document-frequency factor they give a token's weight: a token
//! most texts share («документ», the product's own words) says less about which question it is
//! than one few texts carry. Knows nothing of incidents or scores.

use std::collections::HashMap;

use super::features::Features;

/// Added to the log-ratio so that a token every text carries still counts (a history of three
/// incidents would otherwise zero the words they share). Chosen for ranking on the held-out set's
/// `dev` split (0.5 and 1 equal; 1.5 and more lose a duplicate from the top 3); the ParaPhraser
/// cross-validation fits its own on each fold's training part.
pub const IDF_FLOOR: f32 = 1.0;

/// How many documents contain each token.
#[derive(Debug, Clone, PartialEq)]
pub struct Idf {
    df: HashMap<u64, u32>,
    docs: u32,
    floor: f32,
}

impl Default for Idf {
    fn default() -> Self {
        Idf::new()
    }
}

impl Idf {
    /// An empty collection with the default floor.
    pub fn new() -> Idf {
        Idf::with_floor(IDF_FLOOR)
    }

    /// An empty collection whose factor is `ln((N + 1) / (df + 1)) + floor`.
    pub fn with_floor(floor: f32) -> Idf {
        Idf {
            df: HashMap::new(),
            docs: 0,
            floor,
        }
    }

    /// Count one document made of the distinct tokens of `parts` (e.g. a title and the
    /// sentences of its description).
    pub fn add(&mut self, parts: &[&Features]) {
        self.docs += 1;
        let mut seen: Vec<u64> = Vec::new();
        for f in parts {
            for h in &f.stems {
                if !seen.contains(h) {
                    seen.push(*h);
                    *self.df.entry(*h).or_default() += 1;
                }
            }
        }
    }

    /// Number of documents counted.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// The factor of a token's weight.
    pub(super) fn factor(&self, token: u64) -> f32 {
        let df = self.df.get(&token).copied().unwrap_or(0);
        let n = self.docs as f32;
        (((n + 1.0) / (df as f32 + 1.0)).ln() + self.floor).max(0.0)
    }

    /// `f` with every token's weight multiplied by its factor.
    pub fn weigh(&self, f: &Features) -> Features {
        let mut out = f.clone();
        for (w, h) in out.weights.iter_mut().zip(&f.stems) {
            *w *= self.factor(*h);
        }
        out
    }
}

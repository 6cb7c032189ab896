//! The similarity of two prepared texts, and [`Matcher`]: the same number for one text against
//! many (ranking a history), computed faster. Knows nothing of incidents or scores.

use super::features::{dice, Features};

/// Hasher for keys that are already hashes (token hashes): the key itself.
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

/// [`similarity`] of one text against many, equal to it bit for bit but faster: the soft-match
/// score of my token `i` against another token depends only on the two tokens, so each distinct
/// other token's row of scores is computed once per query and reused for every text that
/// contains it. Allocates only for tokens not seen before, never per compared text.
pub(crate) struct Matcher<'a> {
    me: &'a Features,
    mass: f32,
    rows: std::collections::HashMap<u64, u32, std::hash::BuildHasherDefault<KeyIsHash>>,
    scores: Vec<f32>,
    best: Vec<f32>,
}

impl<'a> Matcher<'a> {
    /// A matcher for `me`.
    pub(crate) fn new(me: &'a Features) -> Matcher<'a> {
        Matcher {
            me,
            mass: me.mass(),
            rows: Default::default(),
            scores: Vec::new(),
            best: vec![0.0; me.stems.len()],
        }
    }

    /// Offset in `scores` of the row of token `j` of `other`: its score against each of mine.
    fn row(&mut self, other: &Features, j: usize) -> usize {
        let h = other.stems[j];
        if let Some(&at) = self.rows.get(&h) {
            return at as usize;
        }
        let at = self.scores.len();
        let theirs = other.token(j);
        for (i, mine) in self.me.stems.iter().enumerate() {
            // As in best_matches: the same token counts 1, otherwise the trigram Dice.
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
            // best_matches(other, me) adds the weight for a token I contain, else weight × Dice.
            theirs += if self.me.stems.contains(&other.stems[j]) {
                other.weights[j]
            } else {
                other.weights[j] * best
            };
        }
        let mut mine = 0.0f32;
        for (i, h) in self.me.stems.iter().enumerate() {
            mine += if other.stems.contains(h) {
                self.me.weights[i]
            } else {
                self.me.weights[i] * self.best[i]
            };
        }
        ratio(mine + theirs, self.mass + other.mass())
    }
}

fn ratio(matched: f32, mass: f32) -> f32 {
    if mass > 0.0 {
        (matched / mass).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Similarity of two prepared texts in [0, 1]: a symmetric, weighted soft match of tokens
/// (Monge–Elkan): every token counts its weight times its best character-trigram Dice with a
/// token of the other text (1 for the same token); the sum over both texts is divided by the
/// sum of the weights. Trigrams catch the forms Snowball leaves apart («полицейским» /
/// «полиции»); the lexicon makes «ЭЦП» and «электронная подпись» one token.
pub fn similarity(a: &Features, b: &Features) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    ratio(a.best_matches(b) + b.best_matches(a), a.mass() + b.mass())
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "электронная подпись ЭЦП КЭП",
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
}

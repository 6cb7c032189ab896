//! `Unchecked`: the set of exclusion rules that could not be applied to a call because a value
//! they need is missing (DESIGN §3a "Calls with less"). A tiny flag set, serialized as a list of
//! rule names so the popup can say which rules were skipped. Knows nothing of where calls come from.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Exclusion;

/// Exclusion rules left unapplied for lack of data (duration or caller number).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Unchecked(u8);

const ALL: [Exclusion; 5] = [
    Exclusion::NotIncoming,
    Exclusion::NotAnswered,
    Exclusion::TooShort,
    Exclusion::ShortTransfer,
    Exclusion::InternalUnlinked,
];

fn bit(rule: Exclusion) -> u8 {
    match rule {
        Exclusion::NotIncoming => 1,
        Exclusion::NotAnswered => 2,
        Exclusion::TooShort => 4,
        Exclusion::ShortTransfer => 8,
        Exclusion::InternalUnlinked => 16,
    }
}

impl Unchecked {
    /// No rule was skipped.
    pub const NONE: Unchecked = Unchecked(0);

    /// Marks `rule` as not applied.
    pub fn insert(&mut self, rule: Exclusion) {
        self.0 |= bit(rule);
    }

    /// Whether `rule` was not applied.
    pub fn contains(self, rule: Exclusion) -> bool {
        self.0 & bit(rule) != 0
    }

    /// Whether every rule was applied.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// Rules skipped in either set.
    pub fn union(self, other: Unchecked) -> Unchecked {
        Unchecked(self.0 | other.0)
    }

    /// The skipped rules in a fixed order.
    pub fn iter(self) -> impl Iterator<Item = Exclusion> {
        ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

impl FromIterator<Exclusion> for Unchecked {
    fn from_iter<I: IntoIterator<Item = Exclusion>>(iter: I) -> Self {
        let mut set = Unchecked::NONE;
        for rule in iter {
            set.insert(rule);
        }
        set
    }
}

impl Serialize for Unchecked {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Unchecked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<Exclusion>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_round_trips_as_rule_names() {
        let set: Unchecked = [Exclusion::InternalUnlinked, Exclusion::TooShort]
            .into_iter()
            .collect();
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(json, r#"["too_short","internal_unlinked"]"#);
        assert_eq!(serde_json::from_str::<Unchecked>(&json).unwrap(), set);
        assert!(Unchecked::NONE.is_empty());
        assert!(set.contains(Exclusion::TooShort) && !set.contains(Exclusion::ShortTransfer));
    }
}

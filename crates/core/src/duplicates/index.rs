//! A prepared history for fast duplicate ranking: parsed identifiers, client look-up tables and
//! pre-stemmed text features, so ranking touches only the client's incidents and allocates
//! nothing per candidate except the candidates it returns.
//! Must not know the page, the clock (`now` is a parameter) or how candidates are shown.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use super::score::{score, ClientMatch};
use super::{Candidate, Level, Settings};
use crate::inn::parse_inn_kpp;
use crate::model::{Incident, Status};
use crate::phone;
use crate::text::{Features, Idf, Matcher, StemCache};

/// One incident, prepared.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item {
    pub(super) id: Option<u64>,
    pub(super) created: Option<i64>,
    pub(super) inn: Option<String>,
    pub(super) kpp: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) email: Option<String>,
    pub(super) product: Option<String>,
    pub(super) knowledge: Vec<u64>,
    pub(super) open: bool,
    pub(super) title: Features,
    /// Each sentence of the description (operators restate the question in one of them).
    pub(super) sentences: Vec<Features>,
}

impl Item {
    fn of(i: &Incident, cache: &mut StemCache) -> Item {
        let ik = i.inn_kpp.as_deref().and_then(|s| parse_inn_kpp(s).ok());
        let nonempty = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_lowercase)
        };
        Item {
            id: i.id,
            created: i.created_at.map(|t| t.timestamp()),
            inn: ik.as_ref().map(|x| x.inn.clone()),
            kpp: ik.and_then(|x| x.kpp),
            phone: i.phone.as_deref().and_then(phone::key),
            email: nonempty(&i.email).filter(|e| e.contains('@')),
            product: nonempty(&i.kind),
            knowledge: i.knowledge.clone(),
            open: matches!(i.status, Some(Status::Open | Status::InProgress)),
            title: Features::of_cached(&i.title, cache),
            sentences: sentences(i.description.as_deref().unwrap_or(""))
                .map(|t| Features::of_cached(t, cache))
                .filter(|f| !f.is_empty())
                .collect(),
        }
    }

    /// Every token's weight times its inverse document frequency in the history.
    fn weigh(&mut self, idf: &Idf) {
        self.title = idf.weigh(&self.title);
        for f in &mut self.sentences {
            *f = idf.weigh(f);
        }
    }
}

/// The sentences of a text: split at `.`, `!`, `?`, `;` and line breaks (a number like «3.1»
/// splits too, which costs nothing: both halves are compared).
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['.', '!', '?', ';', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// History prepared for ranking. `Index::build(h).rank(..)` equals `duplicates::rank(.., h, ..)`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    items: Vec<Item>,
    by_inn: HashMap<String, Vec<u32>>,
    by_phone: HashMap<String, Vec<u32>>,
    by_email: HashMap<String, Vec<u32>>,
    idf: Idf,
}

/// An index being built: items and look-up tables so far; the word weights come at the end.
#[derive(Default)]
struct Builder {
    index: Index,
    cache: StemCache,
}

impl Builder {
    fn push(&mut self, incident: &Incident) {
        let item = Item::of(incident, &mut self.cache);
        let index = &mut self.index;
        let at = u32::try_from(index.items.len()).unwrap_or(u32::MAX);
        push(&mut index.by_inn, &item.inn, at);
        push(&mut index.by_phone, &item.phone, at);
        push(&mut index.by_email, &item.email, at);
        index.items.push(item);
    }

    fn finish(self) -> Index {
        let mut index = self.index;
        // Word weights from the history itself: a stem most of these incidents share (the
        // product's own words, «документ») tells less about the question than a rare one.
        for item in &index.items {
            let mut doc = vec![&item.title];
            doc.extend(&item.sentences);
            index.idf.add(&doc);
        }
        for item in &mut index.items {
            item.weigh(&index.idf);
        }
        index.items.shrink_to_fit();
        index
    }
}

/// The elements of a JSON array pushed into a [`Builder`] as they are read; the count of those
/// that are not incidents.
struct Elements<'a>(&'a mut Builder);

impl<'de> serde::de::DeserializeSeed<'de> for Elements<'_> {
    type Value = usize;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Elements<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of incidents")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut skipped = 0;
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            match serde_json::from_value::<Incident>(value) {
                Ok(incident) => self.0.push(&incident),
                Err(_) => skipped += 1,
            }
        }
        Ok(skipped)
    }
}

fn push(map: &mut HashMap<String, Vec<u32>>, key: &Option<String>, at: u32) {
    if let Some(k) = key {
        map.entry(k.clone()).or_default().push(at);
    }
}

impl Index {
    /// Prepare a history (parses identifiers, stems every title and description once).
    pub fn build(history: &[Incident]) -> Index {
        let mut builder = Builder::default();
        for incident in history {
            builder.push(incident);
        }
        builder.finish()
    }

    /// Prepare a history straight from its JSON answer (an array of incidents, DESIGN §5), one
    /// incident at a time, so that the answer's incidents are never all in memory at once (a 10k
    /// history's incidents weigh more than its index). An element that is not an incident is
    /// skipped and counted: `(index, skipped)`. Not an array, or not JSON: the error.
    pub fn from_json(text: &str) -> Result<(Index, usize), serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let mut builder = Builder::default();
        let skipped = serde::de::DeserializeSeed::deserialize(Elements(&mut builder), &mut de)?;
        de.end()?;
        Ok((builder.finish(), skipped))
    }

    /// Number of incidents in the index.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Rank the prepared history against `incident` (see [`super::rank`]).
    pub fn rank(
        &self,
        now: DateTime<FixedOffset>,
        incident: &Incident,
        settings: &Settings,
    ) -> Vec<Candidate> {
        self.rank_excluding(now, incident, settings, &[])
    }

    /// [`Index::rank`] without the candidates whose ids are in `dismissed` (the operator said
    /// «Не дубль» about them for this incident).
    pub fn rank_excluding(
        &self,
        now: DateTime<FixedOffset>,
        incident: &Incident,
        settings: &Settings,
        dismissed: &[u64],
    ) -> Vec<Candidate> {
        let mut me = Item::of(incident, &mut StemCache::default());
        me.weigh(&self.idf);
        let pool = self.client_pool(&me);
        let now_s = now.timestamp();
        let mut titles = Matcher::new(&me.title);
        let mut out: Vec<(Candidate, i64)> = pool
            .iter()
            .filter_map(|&(at, how)| Some((self.items.get(at as usize)?, how)))
            .filter(|(it, _)| {
                it.id
                    .is_some_and(|id| me.id != Some(id) && !dismissed.contains(&id))
            })
            .filter_map(|(it, how)| {
                score(now_s, &me, it, how, settings, &mut titles)
                    .map(|c| (c, it.created.unwrap_or(0)))
            })
            .collect();
        out.sort_by(|(a, ta), (b, tb)| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| tb.cmp(ta))
                .then_with(|| b.id.cmp(&a.id))
        });
        let mut possible = 0;
        out.into_iter()
            .map(|(c, _)| c)
            .filter(|c| {
                possible += usize::from(c.level == Level::Possible);
                c.level == Level::Likely || possible <= settings.max_possible
            })
            .collect()
    }

    /// Every incident of the new incident's client, with how the client was recognised: by any
    /// of its identifiers directly, then through the other identifiers its incidents carry (the
    /// new incident has only a phone; an earlier one ties that phone to the INN, and the INN to
    /// the rest). An incident with another known INN is another client's.
    fn client_pool(&self, me: &Item) -> Vec<(u32, ClientMatch)> {
        let mut found: Vec<(u32, ClientMatch)> = Vec::new();
        for &at in lookup(&self.by_inn, &me.inn) {
            let same_kpp = self.items[at as usize].kpp == me.kpp;
            found.push((
                at,
                if same_kpp {
                    ClientMatch::InnKpp
                } else {
                    ClientMatch::Inn
                },
            ));
        }
        for &at in lookup(&self.by_phone, &me.phone) {
            found.push((at, ClientMatch::Phone));
        }
        for &at in lookup(&self.by_email, &me.email) {
            found.push((at, ClientMatch::Email));
        }
        // The client's other identifiers, as its incidents found so far carry them.
        let (mut inns, mut phones, mut emails) = (Vec::new(), Vec::new(), Vec::new());
        for &(at, _) in &found {
            let it = &self.items[at as usize];
            if me.inn.is_some() && it.inn.is_some() && it.inn != me.inn {
                continue;
            }
            for (list, key) in [
                (&mut inns, &it.inn),
                (&mut phones, &it.phone),
                (&mut emails, &it.email),
            ] {
                if let Some(k) = key {
                    if !list.contains(k) {
                        list.push(k.clone());
                    }
                }
            }
        }
        for (map, keys, mine) in [
            (&self.by_inn, &inns, &me.inn),
            (&self.by_phone, &phones, &me.phone),
            (&self.by_email, &emails, &me.email),
        ] {
            for key in keys.iter().filter(|k| Some(*k) != mine.as_ref()) {
                for &at in map.get(key).map_or(&[][..], Vec::as_slice) {
                    found.push((at, ClientMatch::Linked));
                }
            }
        }
        // Strongest recognition first, then one entry per incident; another INN is another client.
        found.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.strength().total_cmp(&a.1.strength()))
        });
        found.dedup_by_key(|f| f.0);
        found.retain(|&(at, _)| {
            let it = &self.items[at as usize];
            me.inn.is_none() || it.inn.is_none() || it.inn == me.inn
        });
        found
    }
}

fn lookup<'a>(map: &'a HashMap<String, Vec<u32>>, key: &Option<String>) -> &'a [u32] {
    key.as_ref()
        .and_then(|k| map.get(k))
        .map_or(&[][..], Vec::as_slice)
}

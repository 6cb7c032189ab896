//! A prepared history for fast duplicate ranking: parsed identifiers, client look-up tables and
//! pre-stemmed text features, so ranking touches only the client's incidents and allocates
//! nothing per candidate except the candidates it returns.

use std::collections::HashMap;

use time::OffsetDateTime;

use super::{Candidate, Level, Reason, Settings};
use crate::inn::parse_inn_kpp;
use crate::model::{Incident, Status};
use crate::phone;
use crate::text::{similarity, Features, Matcher, StemCache};

/// One incident, prepared.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    id: Option<u64>,
    created: Option<i64>,
    inn: Option<String>,
    kpp: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    product: Option<String>,
    knowledge: Vec<u64>,
    open: bool,
    title: Features,
    description: Features,
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
            created: i.created_at.map(OffsetDateTime::unix_timestamp),
            inn: ik.as_ref().map(|x| x.inn.clone()),
            kpp: ik.and_then(|x| x.kpp),
            phone: i.phone.as_deref().and_then(phone::key),
            email: nonempty(&i.email).filter(|e| e.contains('@')),
            product: nonempty(&i.kind),
            knowledge: i.knowledge.clone(),
            open: matches!(i.status, Some(Status::Open | Status::InProgress)),
            title: Features::of_cached(&i.title, cache),
            description: Features::of_cached(i.description.as_deref().unwrap_or(""), cache),
        }
    }
}

/// History prepared for ranking. `Index::build(h).rank(..)` equals `duplicates::rank(.., h, ..)`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    items: Vec<Item>,
    by_inn: HashMap<String, Vec<u32>>,
    by_phone: HashMap<String, Vec<u32>>,
    by_email: HashMap<String, Vec<u32>>,
}

fn push(map: &mut HashMap<String, Vec<u32>>, key: &Option<String>, at: u32) {
    if let Some(k) = key {
        map.entry(k.clone()).or_default().push(at);
    }
}

impl Index {
    /// Prepare a history (parses identifiers, stems every title and description once).
    pub fn build(history: &[Incident]) -> Index {
        let mut index = Index::default();
        let mut cache = StemCache::default();
        for (n, incident) in history.iter().enumerate() {
            let item = Item::of(incident, &mut cache);
            let at = u32::try_from(n).unwrap_or(u32::MAX);
            push(&mut index.by_inn, &item.inn, at);
            push(&mut index.by_phone, &item.phone, at);
            push(&mut index.by_email, &item.email, at);
            index.items.push(item);
        }
        index
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
        now: OffsetDateTime,
        incident: &Incident,
        settings: &Settings,
    ) -> Vec<Candidate> {
        let me = Item::of(incident, &mut StemCache::default());
        let mut pool: Vec<u32> = Vec::new();
        for (map, key) in [
            (&self.by_inn, &me.inn),
            (&self.by_phone, &me.phone),
            (&self.by_email, &me.email),
        ] {
            if let Some(list) = key.as_ref().and_then(|k| map.get(k)) {
                pool.extend_from_slice(list);
            }
        }
        pool.sort_unstable();
        pool.dedup();
        let now_s = now.unix_timestamp();
        let mut titles = Matcher::new(&me.title);
        let mut out: Vec<(Candidate, i64)> = pool
            .iter()
            .filter_map(|&at| self.items.get(at as usize))
            .filter_map(|it| {
                score(now_s, &me, it, settings, &mut titles).map(|c| (c, it.created.unwrap_or(0)))
            })
            .collect();
        out.sort_by(|(a, ta), (b, tb)| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| tb.cmp(ta))
                .then_with(|| b.id.cmp(&a.id))
        });
        out.into_iter().map(|(c, _)| c).collect()
    }
}

const DAY: i64 = 86_400;

/// Score one prepared candidate; `None` when it is not one. `titles` compares with `me.title`.
fn score(
    now: i64,
    me: &Item,
    it: &Item,
    s: &Settings,
    titles: &mut Matcher<'_>,
) -> Option<Candidate> {
    let id = it.id?;
    if me.id == Some(id) {
        return None;
    }
    let age = now.saturating_sub(it.created?).max(0);
    let (client, client_reason) = match (&me.inn, &it.inn) {
        (Some(a), Some(b)) if a != b => return None,
        (Some(_), Some(_)) if me.kpp == it.kpp => (1.0, Reason::SameInnKpp),
        (Some(_), Some(_)) => (0.8, Reason::SameInn),
        _ if me.phone.is_some() && me.phone == it.phone => (0.8, Reason::SamePhone),
        _ if me.email.is_some() && me.email == it.email => (0.8, Reason::SameEmail),
        _ => return None,
    };
    let shared = me
        .knowledge
        .iter()
        .copied()
        .find(|k| it.knowledge.contains(k));
    let wic = client_reason == Reason::SameInnKpp
        && me.kpp.is_some()
        && shared.is_some()
        && age < 7 * DAY;
    let window = i64::from(s.window_days) * DAY;
    if age > window && !wic {
        return None;
    }
    let title = titles.similarity(&it.title);
    let text = if me.description.is_empty() || it.description.is_empty() {
        title
    } else {
        title.max(0.75 * title + 0.25 * similarity(&me.description, &it.description))
    };
    let knowledge = match shared {
        Some(_) => 1.0,
        None if !me.knowledge.is_empty() && !it.knowledge.is_empty() => -1.0,
        None => 0.0,
    };
    let product = match (&me.product, &it.product) {
        (Some(a), Some(b)) if a == b => 1.0,
        (Some(_), Some(_)) => -1.0,
        _ => 0.0,
    };
    let recency = if window > 0 {
        1.0 - (age as f32 / window as f32).min(1.0)
    } else {
        0.0
    };
    let total_weight = s.weight_client
        + s.weight_text
        + s.weight_knowledge
        + s.weight_product
        + s.weight_recency
        + s.weight_open;
    let raw = s.weight_client * client
        + s.weight_text * text
        + s.weight_knowledge * knowledge
        + s.weight_product * product
        + s.weight_recency * recency
        + s.weight_open * if it.open { 1.0 } else { 0.0 };
    let mut score = if total_weight > 0.0 {
        raw / total_weight
    } else {
        0.0
    };
    if !score.is_finite() {
        score = 0.0;
    }
    score = score.clamp(0.0, 1.0);
    if wic {
        score = score.max(s.likely_threshold.clamp(0.0, 1.0));
    }
    let level = if wic || score >= s.likely_threshold {
        Level::Likely
    } else if score >= s.possible_threshold {
        Level::Possible
    } else {
        return None;
    };
    let mut reasons = vec![client_reason];
    if wic {
        reasons.push(Reason::WicRule);
    }
    if let Some(k) = shared {
        reasons.push(Reason::SameKnowledge(k));
    }
    if title >= s.similar_title_reason {
        reasons.push(Reason::SimilarTitle((title * 100.0).round() / 100.0));
    }
    if product > 0.0 {
        reasons.push(Reason::SameProduct);
    }
    let hours = u32::try_from(age / 3600).unwrap_or(u32::MAX);
    reasons.push(if age < DAY {
        Reason::HoursAgo(hours)
    } else {
        Reason::DaysAgo(hours / 24)
    });
    if it.open {
        reasons.push(Reason::Open);
    }
    Some(Candidate {
        id,
        score,
        level,
        reasons,
    })
}

//! The score of one prepared candidate against the new incident: the weighted evidence (client,
//! text, knowledge, product, recency, open), its level and its reasons. Knows nothing of how
//! candidates are found (the index) and nothing of the clock (`now` is a parameter).

use super::index::Item;
use super::{Candidate, Level, Reason, Settings};
use crate::text::{similarity, Matcher};

pub(super) const DAY: i64 = 86_400;

/// Weight of a title matched against the other incident's description.
const CROSS_FIELD: f32 = 0.9;

/// Text similarity a `likely` candidate needs whatever its score: a shared product and a shared
/// (general) knowledge article alone are what same-client incidents about another question have
/// in common.
const LIKELY_TEXT: f32 = 0.3;

/// How the candidate's client was recognised as the new incident's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum ClientMatch {
    /// Same INN and KPP.
    InnKpp,
    /// Same INN, another or a missing KPP.
    Inn,
    /// Same phone.
    Phone,
    /// Same e-mail.
    Email,
    /// Through another incident of the client that carries both identifiers.
    Linked,
}

impl ClientMatch {
    pub(super) fn strength(self) -> f32 {
        match self {
            ClientMatch::InnKpp => 1.0,
            ClientMatch::Inn => 0.9,
            ClientMatch::Phone | ClientMatch::Email => 0.8,
            ClientMatch::Linked => 0.6,
        }
    }

    fn reason(self) -> Reason {
        match self {
            ClientMatch::InnKpp => Reason::SameInnKpp,
            ClientMatch::Inn => Reason::SameInn,
            ClientMatch::Phone => Reason::SamePhone,
            ClientMatch::Email => Reason::SameEmail,
            ClientMatch::Linked => Reason::SameClient,
        }
    }
}

/// Score one prepared candidate of the same client; `None` when it is not shown. `titles`
/// compares with `me.title`.
pub(super) fn score(
    now: i64,
    me: &Item,
    it: &Item,
    client: ClientMatch,
    s: &Settings,
    titles: &mut Matcher<'_>,
) -> Option<Candidate> {
    let id = it.id?;
    let age = now.saturating_sub(it.created?).max(0);
    let shared = me
        .knowledge
        .iter()
        .copied()
        .find(|k| it.knowledge.contains(k));
    let wic =
        client == ClientMatch::InnKpp && me.kpp.is_some() && shared.is_some() && age < 7 * DAY;
    let window = i64::from(s.window_days) * DAY;
    if age > window && !wic {
        return None;
    }
    let title = titles.similarity(&it.title);
    let text = text_of(me, it, title);
    // A shared article is evidence; different articles are not evidence against (one operator
    // links the specific article, another the product's general one).
    let knowledge = if shared.is_some() { 1.0 } else { 0.0 };
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
    let parts = [
        (s.weight_client, client.strength()),
        (s.weight_text, text),
        (s.weight_knowledge, knowledge),
        (s.weight_product, product),
        (s.weight_recency, recency),
        (s.weight_open, if it.open { 1.0 } else { 0.0 }),
    ];
    let total: f32 = parts.iter().map(|p| p.0.max(0.0)).sum();
    let raw: f32 = parts.iter().map(|p| p.0.max(0.0) * p.1).sum();
    let mut score = if total > 0.0 { raw / total } else { 0.0 };
    if !score.is_finite() {
        score = 0.0;
    }
    score = score.clamp(0.0, 1.0);
    let level = if score >= s.likely_threshold && text >= LIKELY_TEXT {
        Level::Likely
    } else if score >= s.possible_threshold || wic {
        Level::Possible
    } else {
        return None;
    };
    let mut reasons = vec![client.reason()];
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

/// The text evidence: the two titles, or one title against a sentence of the other's
/// description (operators restate the question there, next to notes such as «Передано во вторую
/// линию» that say nothing of it), counted `CROSS_FIELD`. The two descriptions are not compared
/// with each other: what they share is mostly such notes.
fn text_of(me: &Item, it: &Item, title: f32) -> f32 {
    let mut cross = 0.0f32;
    for s in &it.sentences {
        cross = cross.max(similarity(&me.title, s));
    }
    for s in &me.sentences {
        cross = cross.max(similarity(s, &it.title));
    }
    title.max(CROSS_FIELD * cross)
}

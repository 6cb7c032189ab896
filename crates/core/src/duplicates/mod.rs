//! Duplicate incidents (DESIGN §2): which of the client's recent incidents the new one repeats,
//! ranked with a score, a level and reasons in Russian. Every incident of the client (recognised
//! by INN, INN-KPP, phone or e-mail) inside the window is scored; WIC's own rule (same INN-KPP +
//! same knowledge + < 7 days) is always shown, and is `likely` only when the rest of the evidence
//! agrees (a broad knowledge article is shared by different questions). Knows no page and no
//! clock (`now` is a parameter).

mod index;
mod reason;
mod score;

pub use index::Index;
pub use reason::{hundredths, Reason};

use chrono::{DateTime, FixedOffset, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::model::Incident;
use crate::text::{similarity, Features};

/// Tunable weights and thresholds. Weights are relative; the score is clamped to [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Only incidents created at most this many days before `now` are candidates (7).
    pub window_days: u32,
    /// Score from which a candidate is `likely` (calibrated on the held-out set's `dev` split).
    pub likely_threshold: f32,
    /// Score from which a candidate is `possible` (below: not shown).
    pub possible_threshold: f32,
    /// At most this many `possible` candidates are returned (the best); every `likely` one is. A
    /// long list of weak guesses is a warning the operator learns to skip.
    pub max_possible: usize,
    /// Weight of the client match (INN-KPP 1, INN alone / phone / e-mail less).
    pub weight_client: f32,
    /// Weight of the text similarity of title and description.
    pub weight_text: f32,
    /// Weight of a shared knowledge article.
    pub weight_knowledge: f32,
    /// Weight of the same product / incident type (negative when both differ).
    pub weight_product: f32,
    /// Weight of recency inside the window.
    pub weight_recency: f32,
    /// Weight of an open (not resolved or closed) candidate.
    pub weight_open: f32,
    /// Title similarity from which it is shown as a reason.
    pub similar_title_reason: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            window_days: 7,
            likely_threshold: 0.5,
            possible_threshold: 0.05,
            max_possible: 3,
            weight_client: 0.05,
            weight_text: 1.0,
            weight_knowledge: 0.3,
            weight_product: 0.05,
            weight_recency: 0.05,
            weight_open: 0.0,
            similar_title_reason: 0.3,
        }
    }
}

/// How sure we are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Probably the same question: the operator should look.
    Likely,
    /// Might be related.
    Possible,
}

/// One candidate duplicate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The earlier incident's id.
    pub id: u64,
    /// Score in [0, 1].
    pub score: f32,
    /// Level.
    pub level: Level,
    /// Why, in the order of importance.
    pub reasons: Vec<Reason>,
}

/// Rank the earlier incidents `incident` may duplicate. Sorted by score, best first; ties by the
/// newer candidate. Never panics; the incident itself (same id) is never a candidate.
pub fn rank(
    now: DateTime<FixedOffset>,
    incident: &Incident,
    history: &[Incident],
    settings: &Settings,
) -> Vec<Candidate> {
    Index::build(history).rank(now, incident, settings)
}

/// [`rank`] without the candidates in `dismissed` (ids the operator marked «Не дубль» for this
/// incident).
pub fn rank_excluding(
    now: DateTime<FixedOffset>,
    incident: &Incident,
    history: &[Incident],
    settings: &Settings,
    dismissed: &[u64],
) -> Vec<Candidate> {
    Index::build(history).rank_excluding(now, incident, settings, dismissed)
}

/// Lexical similarity of two titles in [0, 1] (the text part of the score alone).
pub fn title_similarity(a: &str, b: &str) -> f32 {
    similarity(&Features::of(a), &Features::of(b))
}

/// WIC's own exact rule: same INN-KPP, a shared knowledge article, created less than 7 days
/// before `now`. The baseline our ranking is compared with.
pub fn wic_rule(now: DateTime<FixedOffset>, incident: &Incident, earlier: &Incident) -> bool {
    if incident.id.is_some() && incident.id == earlier.id {
        return false;
    }
    let key = |i: &Incident| {
        i.inn_kpp
            .as_deref()
            .and_then(|s| crate::inn::parse_inn_kpp(s).ok())
    };
    let (Some(a), Some(b)) = (key(incident), key(earlier)) else {
        return false;
    };
    let Some(created) = earlier.created_at else {
        return false;
    };
    let age = now - created;
    a == b
        && a.kpp.is_some()
        && incident
            .knowledge
            .iter()
            .any(|k| earlier.knowledge.contains(k))
        && age < TimeDelta::days(7)
        && age >= TimeDelta::zero()
}

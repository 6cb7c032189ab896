//! The registration KPI (DESIGN §2): which calls count, the percentage, the report and the
//! unlinked-call list, and which call to link to an incident. Knows no page, no clock, no I/O.

mod report;
mod unchecked;

pub use report::{report, Report, ReportRow, Total, TotalLevel};
pub use unchecked::Unchecked;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::model::{Call, Direction, Incident};
use crate::phone;

/// Exclusion thresholds (configuration; defaults from the seed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rules {
    /// Calls shorter than this many seconds are excluded (20).
    pub min_duration_s: u32,
    /// Transferred calls shorter than this many seconds are excluded (150).
    pub transfer_min_duration_s: u32,
    /// A caller number with at most this many digits is internal (5).
    pub internal_max_digits: usize,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            min_duration_s: 20,
            transfer_min_duration_s: 150,
            internal_max_digits: 5,
        }
    }
}

/// Why a call does not enter the statistic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// Outgoing call.
    NotIncoming,
    /// Never reached an operator.
    NotAnswered,
    /// Shorter than `min_duration_s`.
    TooShort,
    /// Transferred and shorter than `transfer_min_duration_s`.
    ShortTransfer,
    /// From an internal number and not linked to an incident.
    InternalUnlinked,
}

/// What the rules make of one call: excluded (and why) or counted, and which rules could not be
/// applied because the call lacks the value they need (DESIGN §3a: such a rule is not applied).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessment {
    /// Why the call is left out; `None` means it counts.
    pub exclusion: Option<Exclusion>,
    /// Rules skipped for lack of data (empty when the call is excluded anyway).
    pub unchecked: Unchecked,
}

/// Applies the exclusion rules to `call`; a rule whose value is missing (duration, caller) is
/// skipped and named in `unchecked`.
pub fn assess(call: &Call, rules: &Rules) -> Assessment {
    let excluded = |e| Assessment {
        exclusion: Some(e),
        unchecked: Unchecked::NONE,
    };
    if call.direction != Direction::In {
        return excluded(Exclusion::NotIncoming);
    }
    if !call.answered {
        return excluded(Exclusion::NotAnswered);
    }
    let mut unchecked = Unchecked::NONE;
    match call.duration_s {
        Some(d) if d < rules.min_duration_s => return excluded(Exclusion::TooShort),
        Some(d) if call.transferred && d < rules.transfer_min_duration_s => {
            return excluded(Exclusion::ShortTransfer)
        }
        Some(_) => {}
        None => {
            unchecked.insert(Exclusion::TooShort);
            if call.transferred {
                unchecked.insert(Exclusion::ShortTransfer);
            }
        }
    }
    if call.linked_incident.is_none() {
        match &call.caller {
            Some(caller) => {
                let digits = caller.chars().filter(char::is_ascii_digit).count();
                if digits <= rules.internal_max_digits {
                    return excluded(Exclusion::InternalUnlinked);
                }
            }
            None => unchecked.insert(Exclusion::InternalUnlinked),
        }
    }
    Assessment {
        exclusion: None,
        unchecked,
    }
}

/// Whether a call is left out of the statistic, and why; `None` means it counts (also when a
/// rule could not be applied: see [`assess`]).
pub fn exclusion(call: &Call, rules: &Rules) -> Option<Exclusion> {
    assess(call, rules).exclusion
}

/// How many answered incoming calls the KPI's own rules leave out (too short, a short transfer, an
/// internal number left unlinked): what a report shows as «исключено». Outgoing and unanswered
/// calls are not the KPI's population, so they are not counted here.
pub fn excluded<'a>(calls: impl IntoIterator<Item = &'a Call>, rules: &Rules) -> u32 {
    let counted = calls.into_iter().filter(|c| {
        matches!(
            exclusion(c, rules),
            Some(Exclusion::TooShort | Exclusion::ShortTransfer | Exclusion::InternalUnlinked)
        )
    });
    counted.count() as u32
}

/// Whether `call` is `operator`'s (DESIGN §3a "Whose calls"): a call whose operator is unknown
/// belongs to whoever asks; names compare trimmed, case- and ё/е-insensitively.
pub fn belongs_to(call: &Call, operator: &str) -> bool {
    let norm = |s: &str| s.trim().to_lowercase().replace('ё', "е");
    call.operator
        .as_deref()
        .is_none_or(|o| norm(o) == norm(operator))
}

/// Whole percent, rounded half up (66/69 → 96); `None` when there is nothing to count.
pub fn percent(linked: u32, total: u32) -> Option<u32> {
    if total == 0 {
        return None;
    }
    let (l, t) = (u64::from(linked.min(total)), u64::from(total));
    u32::try_from((200 * l + t) / (2 * t)).ok()
}

/// One counted call that is not linked to any incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlinkedRow {
    /// Operator who took it, when known.
    pub operator: Option<String>,
    /// Internal call id.
    pub call_id: String,
    /// Duration in seconds, when known.
    pub duration_s: Option<u32>,
    /// Whether it ended in a transfer.
    pub transferred: bool,
    /// Start time, when known.
    #[serde(with = "crate::dates::serde_rfc3339::option")]
    pub started_at: Option<DateTime<FixedOffset>>,
    /// Caller number as the PBX wrote it, when known.
    pub caller: Option<String>,
    /// Exclusion rules not applied for lack of data.
    #[serde(default, skip_serializing_if = "Unchecked::is_empty")]
    pub unchecked: Unchecked,
}

/// Counted (not excluded) calls not linked to an incident, newest first (calls of unknown time
/// last).
pub fn unlinked<'a>(calls: impl IntoIterator<Item = &'a Call>, rules: &Rules) -> Vec<UnlinkedRow> {
    let mut rows: Vec<UnlinkedRow> = calls
        .into_iter()
        .filter(|c| c.linked_incident.is_none())
        .filter_map(|c| {
            let a = assess(c, rules);
            a.exclusion.is_none().then(|| UnlinkedRow {
                operator: c.operator.clone(),
                call_id: c.id.clone(),
                duration_s: c.duration_s,
                transferred: c.transferred,
                started_at: c.started_at,
                caller: c.caller.clone(),
                unchecked: a.unchecked,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.started_at
            .cmp(&a.started_at)
            .then_with(|| a.call_id.cmp(&b.call_id))
    });
    rows
}

/// The call to offer for linking to `incident` (DESIGN §2 "Calls to link"): among counted unlinked
/// calls, the most recent one whose caller is the incident's phone; else the one in progress at
/// `created_at` or ended closest before it, at most `window_s` seconds before. Calls that start
/// after the incident was created are never chosen by time.
pub fn best_call_for<'a>(
    incident: &Incident,
    calls: &'a [Call],
    rules: &Rules,
    window_s: i64,
) -> Option<&'a Call> {
    let open = || {
        calls
            .iter()
            .filter(|c| c.linked_incident.is_none() && exclusion(c, rules).is_none())
    };
    if let Some(key) = incident.phone.as_deref().and_then(phone::key) {
        let by_phone = open()
            .filter(|c| c.caller.as_deref().and_then(phone::key).as_deref() == Some(key.as_str()))
            .max_by(|a, b| {
                a.started_at
                    .cmp(&b.started_at)
                    .then_with(|| b.id.cmp(&a.id))
            });
        if by_phone.is_some() {
            return by_phone;
        }
    }
    let created = incident.created_at?;
    open()
        .filter_map(|c| {
            let start = c.started_at?.timestamp();
            let end = start + i64::from(c.duration_s.unwrap_or(0));
            let at = created.timestamp();
            if start > at {
                return None;
            }
            let gap = (at - end).max(0);
            (gap <= window_s).then_some((gap, std::cmp::Reverse(start), c))
        })
        .min_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then_with(|| a.2.id.cmp(&b.2.id))
        })
        .map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(percent(66, 69), Some(96));
        assert_eq!(percent(82, 85), Some(96));
        assert_eq!(percent(393, 399), Some(98));
        assert_eq!(percent(1, 2), Some(50));
        assert_eq!(percent(1, 200), Some(1));
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(u32::MAX, u32::MAX), Some(100));
    }
}

//! The ticket system's JSON objects (DESIGN §5): incidents and calls, with WIC's words for them (status
//! labels, the «(+1)» repeat mark). Must not know any page, site or clock.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// WIC's mark of a repeat contact at the start of a title.
pub const REPEAT_MARK: &str = "(+1)";

/// The title marked as a repeat contact («(+1) …»), or `None` when it is empty or already marked.
pub fn repeat_title(title: &str) -> Option<String> {
    let t = title.trim();
    (!t.is_empty() && !t.starts_with(REPEAT_MARK)).then(|| format!("{REPEAT_MARK} {t}"))
}

/// Lifecycle state of an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// «Открыт».
    Open,
    /// «В работе».
    InProgress,
    /// «Решен».
    Resolved,
    /// «Закрыт».
    Closed,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 4] = [
        Status::Open,
        Status::InProgress,
        Status::Resolved,
        Status::Closed,
    ];

    /// WIC's Russian label («Открыт», «В работе», «Решен», «Закрыт»).
    pub fn label_ru(self) -> &'static str {
        match self {
            Status::Open => "Открыт",
            Status::InProgress => "В работе",
            Status::Resolved => "Решен",
            Status::Closed => "Закрыт",
        }
    }

    /// The JSON value (`open`, `in_progress`, `resolved`, `closed`).
    pub fn code(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    /// A status written as its JSON value or as WIC shows it (any case, «ё» or «е», «Новый» = open,
    /// «Решено» = resolved).
    pub fn parse(s: &str) -> Option<Status> {
        let s = s.trim().to_lowercase().replace('ё', "е");
        // WIC's other spellings: «Новый», and the neuter forms of a request («Решено»).
        let s = match s.as_str() {
            "новый" | "открыто" => "открыт",
            "решено" => "решен",
            "закрыто" => "закрыт",
            other => other,
        };
        Status::ALL
            .into_iter()
            .find(|st| s == st.code() || s == st.label_ru().to_lowercase())
    }
}

/// An incident as the ticket system stores it. Absent values are `null` in JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Incident number; `None` for a new, unsaved incident.
    #[serde(default)]
    pub id: Option<u64>,
    /// Creation time; `None` for a new incident.
    #[serde(default, with = "crate::dates::serde_rfc3339::option")]
    pub created_at: Option<DateTime<FixedOffset>>,
    /// Client's INN-KPP as entered (may be malformed).
    #[serde(default)]
    pub inn_kpp: Option<String>,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Product / incident type, e.g. «Контур.Закупки».
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Status; `None` when unknown.
    #[serde(default)]
    pub status: Option<Status>,
    /// Linked knowledge article ids.
    #[serde(default)]
    pub knowledge: Vec<u64>,
    /// Client's phone as entered.
    #[serde(default)]
    pub phone: Option<String>,
    /// Client's e-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// Contact person.
    #[serde(default)]
    pub contact_name: Option<String>,
    /// Department the incident is assigned to.
    #[serde(default)]
    pub department: Option<String>,
    /// Operator who created it.
    #[serde(default)]
    pub created_by: Option<String>,
}

/// Direction of a call. A source that does not say is taken as incoming (the reports list
/// incoming calls), unless its `defaults` say otherwise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Incoming.
    #[default]
    In,
    /// Outgoing.
    Out,
}

/// A telephony call as the ticket system reports it. Only `id` is always known (DESIGN §3a
/// "Calls with less"): a report may list a call without its time, number or operator, and the
/// rules then rest on what there is (`registration::assess`). Absent values are `null` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    /// Internal call id (a UUID in WIC).
    pub id: String,
    /// Incoming or outgoing; incoming when absent.
    #[serde(default)]
    pub direction: Direction,
    /// Whether an operator answered.
    #[serde(default = "yes")]
    pub answered: bool,
    /// Start time, when known.
    #[serde(default, with = "crate::dates::serde_rfc3339::option")]
    pub started_at: Option<DateTime<FixedOffset>>,
    /// Duration in seconds, when known.
    #[serde(default)]
    pub duration_s: Option<u32>,
    /// Whether the call ended in a transfer.
    #[serde(default)]
    pub transferred: bool,
    /// Caller number as the PBX wrote it, when known.
    #[serde(default)]
    pub caller: Option<String>,
    /// Operator who took it, when known.
    #[serde(default)]
    pub operator: Option<String>,
    /// PBX name.
    #[serde(default)]
    pub pbx: Option<String>,
    /// Incident the call is linked to.
    #[serde(default)]
    pub linked_incident: Option<u64>,
    /// When it was linked.
    #[serde(default, with = "crate::dates::serde_rfc3339::option")]
    pub linked_at: Option<DateTime<FixedOffset>>,
    /// Who linked it.
    #[serde(default)]
    pub linked_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_wic_writes_them() {
        for st in Status::ALL {
            assert_eq!(Status::parse(st.code()), Some(st));
            assert_eq!(Status::parse(st.label_ru()), Some(st));
            assert_eq!(Status::parse(&st.label_ru().to_uppercase()), Some(st));
        }
        assert_eq!(Status::parse(" решён "), Some(Status::Resolved));
        assert_eq!(Status::parse("Новый"), Some(Status::Open));
        assert_eq!(Status::parse("Отложен"), None);
    }

    #[test]
    fn a_repeat_contact_is_marked_once() {
        assert_eq!(
            repeat_title(" Не уходит отчет").as_deref(),
            Some("(+1) Не уходит отчет")
        );
        assert_eq!(repeat_title("(+1) Не уходит отчет"), None);
        assert_eq!(repeat_title("  "), None);
    }
}

fn yes() -> bool {
    true
}

/// A call in a report's call log: the call plus where its operator sits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRecord {
    /// The call.
    #[serde(flatten)]
    pub call: Call,
    /// Operator's department.
    pub department: String,
    /// Operator's supervisor.
    pub supervisor: String,
}

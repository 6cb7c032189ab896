//! Reads the incident on the page through the profile's selectors into wic-core's `Incident`.
//! Knows no selector itself; a configured field that matches nothing is reported, never a panic.

use crate::dom::{query, query_all, read_value};
use crate::profile::Profile;
use web_sys::Document;
use wic_core::model::{Incident, Status};

/// What the page shows for the current incident.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// The incident as read (empty strings become `None`).
    pub incident: Incident,
    /// The logged-in operator as the page shows it.
    pub operator: Option<String>,
    /// Profile keys of configured fields that matched nothing.
    pub missing: Vec<&'static str>,
}

/// Whether the document is an incident page of this profile.
pub fn is_incident_page(doc: &Document, profile: &Profile) -> bool {
    query(doc, &profile.incident_page).is_some()
}

/// Reads every configured field.
pub fn read(doc: &Document, profile: &Profile) -> Snapshot {
    let mut snap = Snapshot::default();
    for (key, selector) in profile.fields.iter() {
        let Some(selector) = selector else { continue };
        if key == "knowledge" {
            // Zero matches is a valid state: no article linked.
            snap.incident.knowledge = query_all(doc, selector)
                .iter()
                .filter_map(|e| read_value(e).trim().parse().ok())
                .collect();
            continue;
        }
        let Some(el) = query(doc, selector) else {
            snap.missing.push(key);
            continue;
        };
        let value = read_value(&el);
        let value = (!value.is_empty()).then_some(value);
        let inc = &mut snap.incident;
        match key {
            "incident_id" => {
                inc.id = value.and_then(|v| v.trim_start_matches('№').trim().parse().ok())
            }
            "inn_kpp" => inc.inn_kpp = value,
            "phone" => inc.phone = value,
            "email" => inc.email = value,
            "contact_name" => inc.contact_name = value,
            "title" => inc.title = value.unwrap_or_default(),
            "description" => inc.description = value,
            "type" => inc.kind = value,
            "status" => inc.status = value.as_deref().and_then(parse_status),
            "department" => inc.department = value,
            "operator" => snap.operator = value,
            "created_at" => {
                inc.created_at = value.and_then(|v| {
                    time::OffsetDateTime::parse(&v, &time::format_description::well_known::Rfc3339)
                        .ok()
                })
            }
            _ => {}
        }
    }
    snap
}

/// A status as a value (`open`) or as WIC's Russian label (`Открыт`).
pub fn parse_status(s: &str) -> Option<Status> {
    match s.trim().to_lowercase().as_str() {
        "open" | "открыт" | "новый" => Some(Status::Open),
        "in_progress" | "в работе" => Some(Status::InProgress),
        "resolved" | "решен" | "решён" => Some(Status::Resolved),
        "closed" | "закрыт" => Some(Status::Closed),
        _ => None,
    }
}

//! The draft of a new incident carried into an existing one by «Продолжить в нём»: written by the
//! duplicates section, taken once by the incident it was meant for (chrome.storage.local `draft`).
//! It holds client text, so it lives briefly. Must not know the page or the panel.

use crate::{ext, timer};
use serde::{Deserialize, Serialize};

const KEY: &str = "draft";
/// A draft older than this is dropped unapplied.
const TTL_MS: f64 = 10.0 * 60.0 * 1000.0;

/// What the operator had typed into the new incident.
#[derive(Debug, Serialize, Deserialize)]
pub struct Draft {
    /// The existing incident it continues in.
    pub target: u64,
    /// Title of the new incident.
    pub title: String,
    /// Its description.
    pub description: Option<String>,
    /// Its contact person.
    pub contact_name: Option<String>,
    saved_ms: f64,
}

impl Draft {
    /// A draft for `target`, stamped now.
    pub fn new(target: u64, incident: &wic_core::model::Incident) -> Draft {
        Draft {
            target,
            title: incident.title.clone(),
            description: incident.description.clone(),
            contact_name: incident.contact_name.clone(),
            saved_ms: timer::now_ms(),
        }
    }
}

/// Stores the draft (replacing an older one).
pub async fn save(draft: &Draft) {
    if let Ok(json) = serde_json::to_string(draft) {
        ext::set(KEY, &json).await;
    }
}

/// The draft meant for incident `id`, removed from storage; an expired one is removed and dropped,
/// one meant for another incident stays.
pub async fn take_for(id: u64) -> Option<Draft> {
    let draft = ext::get(KEY)
        .await
        .and_then(|s| serde_json::from_str::<Draft>(&s).ok())?;
    if timer::now_ms() - draft.saved_ms > TTL_MS {
        ext::remove(KEY).await;
        return None;
    }
    if draft.target != id {
        return None;
    }
    ext::remove(KEY).await;
    Some(draft)
}

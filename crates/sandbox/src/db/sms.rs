//! Sent SMS notices of an incident: storage and the "send when resolved" hand-off. No HTTP, no HTML.

use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection};
use serde::Serialize;

use super::{fmt_time, parse_time};

/// Status of a delivered SMS (as WIC shows it).
pub const DELIVERED: &str = "Успешно доставлено";
/// Status of an SMS waiting for the incident's resolution.
pub const WAITING: &str = "Отправится после решения";

/// One SMS record.
#[derive(Debug, Clone, Serialize)]
pub struct Sms {
    pub id: i64,
    pub incident_id: u64,
    pub phone: String,
    pub kind: String,
    pub text: String,
    pub send_on_resolve: bool,
    pub status: String,
    #[serde(with = "wic_core::dates::serde_rfc3339")]
    pub changed_at: DateTime<FixedOffset>,
    pub user: String,
}

/// Stores an SMS and returns it with its id.
pub fn insert(conn: &Connection, mut s: Sms) -> rusqlite::Result<Sms> {
    conn.execute(
        "INSERT INTO sms (incident_id, phone, kind, text, send_on_resolve, status, changed_at, user) \
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
        params![
            s.incident_id as i64,
            s.phone,
            s.kind,
            s.text,
            s.send_on_resolve,
            s.status,
            fmt_time(s.changed_at),
            s.user
        ],
    )?;
    s.id = conn.last_insert_rowid();
    Ok(s)
}

/// The SMS of an incident, oldest first.
pub fn list(conn: &Connection, incident: u64) -> rusqlite::Result<Vec<Sms>> {
    let mut stmt = conn.prepare(
        "SELECT id, incident_id, phone, kind, text, send_on_resolve, status, changed_at, user \
         FROM sms WHERE incident_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![incident as i64], |r| {
        Ok(Sms {
            id: r.get(0)?,
            incident_id: r.get::<_, i64>(1)? as u64,
            phone: r.get(2)?,
            kind: r.get(3)?,
            text: r.get(4)?,
            send_on_resolve: r.get(5)?,
            status: r.get(6)?,
            changed_at: parse_time(&r.get::<_, String>(7)?),
            user: r.get(8)?,
        })
    })?;
    rows.collect()
}

/// Delivers the SMS that waited for the incident's resolution.
pub fn deliver_waiting(
    conn: &Connection,
    incident: u64,
    now: DateTime<FixedOffset>,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE sms SET status = ?1, changed_at = ?2 WHERE incident_id = ?3 AND status = ?4",
        params![DELIVERED, fmt_time(now), incident as i64, WAITING],
    )
}

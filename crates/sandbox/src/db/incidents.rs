//! Incident rows: the stored shape, partial updates and the history queries. No HTTP, no HTML.

use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use wic_core::model::{Incident, Status};

use super::{fmt_time, inn_of, parse_time, phone_key};

/// An incident as stored: the core model plus what only the site keeps.
#[derive(Debug, Clone, Serialize)]
pub struct StoredIncident {
    /// The DESIGN §5 object.
    #[serde(flatten)]
    pub incident: Incident,
    /// Last change.
    #[serde(with = "wic_core::dates::serde_rfc3339")]
    pub updated_at: DateTime<FixedOffset>,
    /// Responsible operator (site-only field).
    pub responsible: Option<String>,
}

impl StoredIncident {
    /// The incident number (always set once stored).
    pub fn id(&self) -> u64 {
        self.incident.id.unwrap_or(0)
    }
}

/// A set of field changes; `None` = leave the field alone.
#[derive(Debug, Clone, Default)]
pub struct Patch {
    pub id: Option<u64>,
    pub created_at: Option<Option<DateTime<FixedOffset>>>,
    pub inn_kpp: Option<Option<String>>,
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub kind: Option<Option<String>>,
    pub status: Option<Option<Status>>,
    pub knowledge: Option<Vec<u64>>,
    pub phone: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub contact_name: Option<Option<String>>,
    pub department: Option<Option<String>>,
    pub created_by: Option<Option<String>>,
    pub responsible: Option<Option<String>>,
}

impl Patch {
    /// Applies the changes to `s`.
    pub fn apply(&self, s: &mut StoredIncident) {
        let i = &mut s.incident;
        // Each named field of the patch that is present replaces the incident's.
        macro_rules! set {
            ($($f:ident),*) => {
                $(if let Some(v) = &self.$f {
                    i.$f = v.clone();
                })*
            };
        }
        if let Some(Some(t)) = self.created_at {
            i.created_at = Some(t);
        }
        set!(
            inn_kpp,
            title,
            description,
            kind,
            status,
            knowledge,
            phone,
            email,
            contact_name,
            department,
            created_by
        );
        if let Some(v) = &self.responsible {
            s.responsible = v.clone();
        }
    }
}

/// Status as stored and in JSON.
pub fn status_str(s: Status) -> &'static str {
    s.code()
}

/// Parses a stored or submitted status (the JSON values only; labels are for people).
pub fn parse_status(s: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|st| st.code() == s)
}

/// Russian label of a status (wic-core's), empty when unknown.
pub fn status_label(s: Option<Status>) -> &'static str {
    s.map_or("", Status::label_ru)
}

const COLUMNS: &str =
    "id, created_at, updated_at, inn_kpp, title, description, type, status, knowledge, \
     phone, email, contact_name, department, created_by, responsible";

fn from_row(r: &Row) -> rusqlite::Result<StoredIncident> {
    let knowledge: String = r.get(8)?;
    let status: Option<String> = r.get(7)?;
    Ok(StoredIncident {
        incident: Incident {
            id: Some(r.get::<_, i64>(0)? as u64),
            created_at: Some(parse_time(&r.get::<_, String>(1)?)),
            inn_kpp: r.get(3)?,
            title: r.get(4)?,
            description: r.get(5)?,
            kind: r.get(6)?,
            status: status.as_deref().and_then(parse_status),
            knowledge: serde_json::from_str(&knowledge).unwrap_or_default(),
            phone: r.get(9)?,
            email: r.get(10)?,
            contact_name: r.get(11)?,
            department: r.get(12)?,
            created_by: r.get(13)?,
        },
        updated_at: parse_time(&r.get::<_, String>(2)?),
        responsible: r.get(14)?,
    })
}

/// One incident by number.
pub fn get(conn: &Connection, id: u64) -> rusqlite::Result<Option<StoredIncident>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM incidents WHERE id = ?1"),
        params![id as i64],
        from_row,
    )
    .optional()
}

/// Inserts or replaces the full row of `s` (its id must be set).
pub fn save(conn: &Connection, s: &StoredIncident) -> rusqlite::Result<()> {
    let i = &s.incident;
    let created = i.created_at.unwrap_or(s.updated_at);
    conn.execute(
        "INSERT OR REPLACE INTO incidents (id, created_at, created_ts, updated_at, inn_kpp, inn, title, \
         description, type, status, knowledge, phone, phone_key, email, contact_name, department, \
         created_by, responsible) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
        params![
            s.id() as i64,
            fmt_time(created),
            created.timestamp(),
            fmt_time(s.updated_at),
            i.inn_kpp,
            i.inn_kpp.as_deref().map(inn_of),
            i.title,
            i.description,
            i.kind,
            i.status.map(status_str),
            serde_json::to_string(&i.knowledge).expect("invariant: ids serialize"),
            i.phone,
            i.phone.as_deref().map(phone_key),
            i.email,
            i.contact_name,
            i.department,
            i.created_by,
            s.responsible,
        ],
    )?;
    Ok(())
}

/// Whether an incident exists.
pub fn exists(conn: &Connection, id: u64) -> rusqlite::Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM incidents WHERE id = ?1",
            params![id as i64],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The next free incident number (numbering starts at 19269000).
pub fn next_id(conn: &Connection) -> rusqlite::Result<u64> {
    let max: Option<i64> = conn.query_row("SELECT MAX(id) FROM incidents", [], |r| r.get(0))?;
    Ok(max
        .map(|m| m as u64 + 1)
        .unwrap_or(19_269_000)
        .max(19_269_000))
}

/// Search criteria of the history endpoint; all given ones must hold.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub inn: Option<String>,
    pub inn_kpp: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub since: Option<DateTime<FixedOffset>>,
    pub exclude: Option<u64>,
    pub limit: Option<u32>,
}

/// Incidents matching `q`, newest first.
pub fn search(conn: &Connection, q: &Query) -> rusqlite::Result<Vec<StoredIncident>> {
    let mut sql = format!("SELECT {COLUMNS} FROM incidents WHERE 1=1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut add = |cond: &str, v: rusqlite::types::Value| {
        args.push(v);
        sql.push_str(&format!(" AND {cond} ?{}", args.len()));
    };
    if let Some(inn) = &q.inn {
        add("inn =", inn_of(inn).into());
    }
    if let Some(ik) = &q.inn_kpp {
        add("TRIM(inn_kpp) =", ik.trim().to_string().into());
    }
    if let Some(p) = &q.phone {
        add("phone_key =", phone_key(p).into());
    }
    if let Some(e) = &q.email {
        add("LOWER(TRIM(email)) =", e.trim().to_lowercase().into());
    }
    if let Some(s) = q.since {
        add("created_ts >=", s.timestamp().into());
    }
    if let Some(x) = q.exclude {
        add("id !=", (x as i64).into());
    }
    sql.push_str(" ORDER BY created_ts DESC, id DESC");
    if let Some(l) = q.limit {
        sql.push_str(&format!(" LIMIT {l}"));
    }
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), from_row)?;
    rows.collect()
}

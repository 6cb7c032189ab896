//! SQLite storage: opening, migrations and the blocking-call bridge. Knows nothing about HTTP or HTML.

pub mod calls;
pub mod incidents;
pub mod sms;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset};
use rusqlite::Connection;

/// Schema migrations, applied in order; `PRAGMA user_version` counts the applied ones.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    created_ts INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    inn_kpp TEXT,
    inn TEXT,
    title TEXT NOT NULL,
    description TEXT,
    type TEXT,
    status TEXT,
    knowledge TEXT NOT NULL DEFAULT '[]',
    phone TEXT,
    phone_key TEXT,
    email TEXT,
    contact_name TEXT,
    department TEXT,
    created_by TEXT,
    responsible TEXT
);
CREATE INDEX incidents_inn ON incidents(inn);
CREATE INDEX incidents_created ON incidents(created_ts);
CREATE TABLE operators (
    name TEXT PRIMARY KEY,
    department TEXT NOT NULL,
    supervisor TEXT NOT NULL,
    extension TEXT
);
CREATE TABLE calls (
    id TEXT PRIMARY KEY,
    direction TEXT NOT NULL,
    answered INTEGER NOT NULL,
    started_at TEXT,
    started_ts INTEGER,
    duration_s INTEGER,
    transferred INTEGER NOT NULL,
    caller TEXT,
    operator TEXT,
    pbx TEXT,
    linked_incident INTEGER,
    linked_at TEXT,
    linked_by TEXT
);
CREATE INDEX calls_operator ON calls(operator, started_ts);
CREATE INDEX calls_linked ON calls(linked_incident);
CREATE TABLE sms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL,
    phone TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    send_on_resolve INTEGER NOT NULL,
    status TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    user TEXT NOT NULL
);
CREATE INDEX sms_incident ON sms(incident_id);
"#];

/// Shared handle to the database; every query runs on the blocking pool.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &str) -> rusqlite::Result<Db> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> T
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> T + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .expect("invariant: database task does not panic")
    }

    /// Runs `f` synchronously (start-up only).
    pub fn run_sync<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// RFC 3339 text of a timestamp.
pub fn fmt_time(t: DateTime<FixedOffset>) -> String {
    wic_core::dates::rfc3339(&t).expect("invariant: RFC 3339 formats any time")
}

/// Parses stored RFC 3339 text; a broken value reads as the epoch rather than failing a page.
pub fn parse_time(s: &str) -> DateTime<FixedOffset> {
    wic_core::dates::parse_rfc3339(s).unwrap_or_default()
}

/// A phone's search key: `wic-core`'s comparable form, else its last ten digits.
pub fn phone_key(phone: &str) -> String {
    if let Some(k) = wic_core::phone::key(phone) {
        return k;
    }
    last_digits(phone, 10)
}

/// The last `n` digits of a text.
pub fn last_digits(s: &str, n: usize) -> String {
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    digits[digits.len().saturating_sub(n)..].to_string()
}

/// The INN part of an INN-KPP as entered: the digits before the first separator.
pub fn inn_of(inn_kpp: &str) -> String {
    inn_kpp
        .trim()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap_or("")
        .to_string()
}

//! Calls and operators: storage, listing and linking a call to an incident. No HTTP, no HTML.

use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection, OptionalExtension, Row};
use wic_core::model::{Call, CallRecord, Direction};

use super::{fmt_time, parse_time};

/// Department and supervisor of an operator unknown to the site.
pub const NO_DEPARTMENT: &str = "Без отдела";
/// Supervisor of an operator unknown to the site.
pub const NO_SUPERVISOR: &str = "Без супервизора";

/// Where an operator sits.
#[derive(Debug, Clone, PartialEq)]
pub struct Operator {
    pub name: String,
    pub department: String,
    pub supervisor: String,
    pub extension: Option<String>,
}

/// Adds or replaces an operator.
pub fn upsert_operator(conn: &Connection, o: &Operator) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO operators (name, department, supervisor, extension) VALUES (?1,?2,?3,?4)",
        params![o.name, o.department, o.supervisor, o.extension],
    )?;
    Ok(())
}

/// Every operator, by department, supervisor, name.
pub fn operators(conn: &Connection) -> rusqlite::Result<Vec<Operator>> {
    let mut stmt = conn.prepare(
        "SELECT name, department, supervisor, extension FROM operators ORDER BY department, supervisor, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Operator {
            name: r.get(0)?,
            department: r.get(1)?,
            supervisor: r.get(2)?,
            extension: r.get(3)?,
        })
    })?;
    rows.collect()
}

const COLUMNS: &str =
    "id, direction, answered, started_at, duration_s, transferred, caller, operator, pbx, \
     linked_incident, linked_at, linked_by";

fn from_row(r: &Row) -> rusqlite::Result<Call> {
    let dir: String = r.get(1)?;
    Ok(Call {
        id: r.get(0)?,
        direction: if dir == "out" {
            Direction::Out
        } else {
            Direction::In
        },
        answered: r.get(2)?,
        started_at: r.get::<_, Option<String>>(3)?.map(|s| parse_time(&s)),
        duration_s: r.get(4)?,
        transferred: r.get(5)?,
        caller: r.get(6)?,
        operator: r.get(7)?,
        pbx: r.get(8)?,
        linked_incident: r.get::<_, Option<i64>>(9)?.map(|v| v as u64),
        linked_at: r.get::<_, Option<String>>(10)?.map(|s| parse_time(&s)),
        linked_by: r.get(11)?,
    })
}

/// Stores a call (its id must be set).
pub fn insert(conn: &Connection, c: &Call) -> rusqlite::Result<()> {
    conn.execute(
        &format!("INSERT INTO calls ({COLUMNS}, started_ts) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)"),
        params![
            c.id,
            if c.direction == Direction::Out { "out" } else { "in" },
            c.answered,
            c.started_at.map(fmt_time),
            c.duration_s,
            c.transferred,
            c.caller,
            c.operator,
            c.pbx,
            c.linked_incident.map(|v| v as i64),
            c.linked_at.map(fmt_time),
            c.linked_by,
            c.started_at.map(|t| t.timestamp()),
        ],
    )?;
    Ok(())
}

/// One call by id.
pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<Call>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM calls WHERE id = ?1"),
        params![id],
        from_row,
    )
    .optional()
}

/// Filter of call listings; all given criteria must hold.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub operator: Option<String>,
    pub since: Option<DateTime<FixedOffset>>,
    pub until: Option<DateTime<FixedOffset>>,
    pub linked_incident: Option<u64>,
    pub unlinked_only: bool,
    pub caller_key: Option<String>,
    pub limit: Option<u32>,
}

/// Calls matching `q`, newest first.
pub fn list(conn: &Connection, q: &Query) -> rusqlite::Result<Vec<Call>> {
    let mut sql = format!("SELECT {COLUMNS} FROM calls WHERE 1=1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut add = |cond: &str, v: rusqlite::types::Value| {
        args.push(v);
        sql.push_str(&format!(" AND {cond} ?{}", args.len()));
    };
    if let Some(o) = &q.operator {
        add("operator =", o.clone().into());
    }
    if let Some(s) = q.since {
        add("started_ts >=", s.timestamp().into());
    }
    if let Some(u) = q.until {
        add("started_ts <", u.timestamp().into());
    }
    if let Some(i) = q.linked_incident {
        add("linked_incident =", (i as i64).into());
    }
    if let Some(k) = &q.caller_key {
        add("SUBSTR(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(caller,'(',''),')',''),'-',''),' ',''),'+',''), -10) =", k.clone().into());
    }
    if q.unlinked_only {
        sql.push_str(" AND linked_incident IS NULL");
    }
    sql.push_str(" ORDER BY started_ts DESC, id");
    if let Some(l) = q.limit {
        sql.push_str(&format!(" LIMIT {l}"));
    }
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), from_row)?;
    rows.collect()
}

/// Calls with their operator's department and supervisor, for the reports.
pub fn records(conn: &Connection, q: &Query) -> rusqlite::Result<Vec<CallRecord>> {
    let ops = operators(conn)?;
    Ok(list(conn, q)?
        .into_iter()
        .map(|call| {
            let op = ops
                .iter()
                .find(|o| call.operator.as_deref() == Some(o.name.as_str()));
            CallRecord {
                department: op.map_or(NO_DEPARTMENT.into(), |o| o.department.clone()),
                supervisor: op.map_or(NO_SUPERVISOR.into(), |o| o.supervisor.clone()),
                call,
            }
        })
        .collect())
}

/// Why a call could not be linked.
#[derive(Debug, PartialEq)]
pub enum LinkError {
    /// No such call.
    UnknownCall,
    /// Linked to another incident already.
    LinkedElsewhere(u64),
}

/// Links `call_id` to `incident` as `user` at `now`; linking again to the same incident changes nothing.
pub fn link(
    conn: &mut Connection,
    call_id: &str,
    incident: u64,
    user: &str,
    now: DateTime<FixedOffset>,
) -> rusqlite::Result<Result<Call, LinkError>> {
    let tx = conn.transaction()?;
    let Some(call) = get(&tx, call_id)? else {
        return Ok(Err(LinkError::UnknownCall));
    };
    match call.linked_incident {
        Some(i) if i == incident => return Ok(Ok(call)),
        Some(i) => return Ok(Err(LinkError::LinkedElsewhere(i))),
        None => {}
    }
    tx.execute(
        "UPDATE calls SET linked_incident = ?1, linked_at = ?2, linked_by = ?3 WHERE id = ?4",
        params![incident as i64, fmt_time(now), user, call_id],
    )?;
    let call = get(&tx, call_id)?.expect("invariant: the call was just read");
    tx.commit()?;
    Ok(Ok(call))
}

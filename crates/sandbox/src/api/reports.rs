//! `/api/reports/*`: the registration report and the unlinked calls, computed by `wic-core`.
//! Must not know HTML pages or the report rules (wic-core computes them).

use axum::extract::{Query, State as AxState};
use chrono::{DateTime, FixedOffset, TimeDelta};
use serde_json::json;
use wic_core::model::CallRecord;
use wic_core::registration::{self, Report, Rules, UnlinkedRow};

use super::{ok, param, time_param, ApiError, ApiResult, Params};
use crate::db::calls;
use crate::State;

/// Filters of both reports.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// First day (or instant) included.
    pub from: Option<DateTime<FixedOffset>>,
    /// Last day included (a bare date covers the whole day).
    pub to: Option<DateTime<FixedOffset>>,
    pub department: Option<String>,
    pub supervisor: Option<String>,
}

impl Filter {
    /// Reads `from`, `to`, `department`, `supervisor`.
    pub fn from_params(p: &Params) -> Result<Filter, ApiError> {
        let mut to = time_param(p, "to")?;
        if let (Some(t), Some(raw)) = (to, param(p, "to")) {
            if !raw.contains('T') {
                to = Some(t + TimeDelta::days(1));
            }
        }
        Ok(Filter {
            from: time_param(p, "from")?,
            to,
            department: param(p, "department").map(String::from),
            supervisor: param(p, "supervisor").map(String::from),
        })
    }
}

/// The call log selected by a filter, with each operator's department and supervisor.
pub fn records(conn: &rusqlite::Connection, f: &Filter) -> rusqlite::Result<Vec<CallRecord>> {
    let q = calls::Query {
        since: f.from,
        until: f.to,
        ..calls::Query::default()
    };
    Ok(calls::records(conn, &q)?
        .into_iter()
        .filter(|r| f.department.as_ref().is_none_or(|d| &r.department == d))
        .filter(|r| f.supervisor.as_ref().is_none_or(|s| &r.supervisor == s))
        .collect())
}

/// The registration report over the filtered calls.
pub fn registration_report(conn: &rusqlite::Connection, f: &Filter) -> rusqlite::Result<Report> {
    Ok(registration::report(&records(conn, f)?, &Rules::default()))
}

/// Unlinked counted calls over the filtered calls, newest first.
pub fn unlinked_rows(
    conn: &rusqlite::Connection,
    f: &Filter,
) -> rusqlite::Result<Vec<UnlinkedRow>> {
    let recs = records(conn, f)?;
    Ok(registration::unlinked(
        recs.iter().map(|r| &r.call),
        &Rules::default(),
    ))
}

/// `GET /api/reports/registration?from=&to=&department=&supervisor=`.
pub async fn registration(AxState(st): AxState<State>, Query(p): Query<Params>) -> ApiResult {
    let f = Filter::from_params(&p)?;
    let r = st.db.run(move |c| registration_report(c, &f)).await?;
    ok(&r)
}

/// `GET /api/reports/unlinked?from=&to=&department=&supervisor=`.
pub async fn unlinked(AxState(st): AxState<State>, Query(p): Query<Params>) -> ApiResult {
    let f = Filter::from_params(&p)?;
    let r = st.db.run(move |c| unlinked_rows(c, &f)).await?;
    ok(&r)
}

/// `GET /api/operators`: who sits where.
pub async fn operators(AxState(st): AxState<State>) -> ApiResult {
    let ops = st.db.run(|c| calls::operators(c)).await?;
    let v: Vec<_> = ops
        .iter()
        .map(|o| json!({"name": o.name, "department": o.department, "supervisor": o.supervisor, "extension": o.extension}))
        .collect();
    ok(&v)
}

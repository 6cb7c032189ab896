//! `/api/calls` and `/api/incidents/{id}/calls`: the telephony log and linking calls to incidents.
//! Must not know HTML pages or the KPI rules (wic-core) it reports by.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use axum::extract::{Path, Query, State as AxState};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use serde::Deserialize;
use wic_core::model::{Call, Direction};

use super::{
    json_object, ok, param, path_id, require_incident, time_param, ApiError, ApiResult, Params,
};
use crate::db::calls::{self as store, LinkError, Operator};
use crate::db::incidents;
use crate::{timefmt, State};

/// The PBX of the demo call centre.
pub const DEFAULT_PBX: &str = "Екатеринбург, УКС (Avaya)";

/// A random UUID v4 string.
pub fn new_uuid() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 16];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.write_i64(Utc::now().timestamp_nanos_opt().unwrap_or_default());
        h.write_usize(i);
        chunk.copy_from_slice(&h.finish().to_le_bytes());
    }
    uuid_from_bytes(bytes)
}

/// Formats 16 bytes as a version-4 UUID.
pub fn uuid_from_bytes(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// `GET /api/calls?operator=&since=&until=&unlinked=1&department=&supervisor=`. With `department`
/// or `supervisor`, only that team's calls, each with its operator's `department` and `supervisor`.
pub async fn list(AxState(st): AxState<State>, Query(p): Query<Params>) -> ApiResult {
    if let Some(r) = crate::faults::intercept(&st, "calls").await {
        return Ok(r);
    }
    let department = param(&p, "department").map(String::from);
    let supervisor = param(&p, "supervisor").map(String::from);
    let q = store::Query {
        operator: param(&p, "operator").map(String::from),
        since: time_param(&p, "since")?,
        until: time_param(&p, "until")?,
        unlinked_only: matches!(param(&p, "unlinked"), Some("1" | "true")),
        limit: param(&p, "limit").and_then(|v| v.parse().ok()),
        ..store::Query::default()
    };
    if department.is_none() && supervisor.is_none() {
        let rows = st.db.run(move |c| store::list(c, &q)).await?;
        return ok(&rows);
    }
    let rows = st
        .db
        .run(move |c| {
            store::records(c, &q).map(|rows| {
                rows.into_iter()
                    .filter(|r| department.as_ref().is_none_or(|d| &r.department == d))
                    .filter(|r| supervisor.as_ref().is_none_or(|s| &r.supervisor == s))
                    .collect::<Vec<_>>()
            })
        })
        .await?;
    ok(&rows)
}

/// `GET /api/calls/{id}`.
pub async fn get_one(AxState(st): AxState<State>, Path(id): Path<String>) -> ApiResult {
    match st.db.run(move |c| store::get(c, &id)).await? {
        Some(call) => ok(&call),
        None => Err(unknown_call()),
    }
}

fn unknown_call() -> ApiError {
    ApiError::not_found("call_not_found", "Звонок с таким идентификатором не найден")
}

#[derive(Deserialize)]
struct NewCall {
    id: Option<String>,
    direction: Option<Direction>,
    answered: Option<bool>,
    #[serde(default, with = "wic_core::dates::serde_rfc3339::option")]
    started_at: Option<DateTime<FixedOffset>>,
    duration_s: Option<u32>,
    transferred: Option<bool>,
    caller: String,
    operator: Option<String>,
    pbx: Option<String>,
    linked_incident: Option<u64>,
    #[serde(default, with = "wic_core::dates::serde_rfc3339::option")]
    linked_at: Option<DateTime<FixedOffset>>,
    linked_by: Option<String>,
    department: Option<String>,
    supervisor: Option<String>,
    extension: Option<String>,
}

/// `POST /api/calls`: simulates a call (incoming unless told); returns it with its new id.
pub async fn create(AxState(st): AxState<State>, body: Bytes) -> ApiResult {
    let obj = json_object(&body)?;
    let n: NewCall = serde_json::from_value(obj.into())
        .map_err(|e| ApiError::invalid(format!("Некорректный звонок: {e}")))?;
    let now = timefmt::now();
    let operator = n
        .operator
        .clone()
        .unwrap_or_else(|| st.cfg.operator.clone());
    let started_at = n.started_at.unwrap_or(now);
    let duration = n.duration_s.unwrap_or(0);
    let call = Call {
        id: n
            .id
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(new_uuid),
        direction: n.direction.unwrap_or(Direction::In),
        answered: n.answered.unwrap_or(true),
        started_at: Some(started_at),
        duration_s: Some(duration),
        transferred: n.transferred.unwrap_or(false),
        caller: Some(n.caller.clone()),
        operator: Some(operator.clone()),
        pbx: Some(n.pbx.clone().unwrap_or_else(|| DEFAULT_PBX.into())),
        linked_incident: n.linked_incident,
        linked_at: n.linked_incident.map(|_| {
            n.linked_at
                .unwrap_or(started_at + TimeDelta::seconds(i64::from(duration)))
        }),
        linked_by: n
            .linked_incident
            .map(|_| n.linked_by.clone().unwrap_or_else(|| operator.clone())),
    };
    let op = n.department.clone().map(|d| Operator {
        name: operator.clone(),
        department: d,
        supervisor: n
            .supervisor
            .clone()
            .unwrap_or_else(|| store::NO_SUPERVISOR.into()),
        extension: n.extension.clone(),
    });
    let saved = st
        .db
        .run(move |c| -> Result<Call, ApiError> {
            let tx = c.transaction()?;
            if store::get(&tx, &call.id)?.is_some() {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "id_taken",
                    "Звонок с таким id уже есть",
                ));
            }
            if let Some(i) = call.linked_incident {
                if !incidents::exists(&tx, i)? {
                    return Err(ApiError::invalid(format!("Инцидент {i} не найден")));
                }
            }
            if let Some(op) = &op {
                store::upsert_operator(&tx, op)?;
            }
            store::insert(&tx, &call)?;
            tx.commit()?;
            Ok(call)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

/// `GET /api/incidents/{id}/calls`: the calls linked to an incident.
pub async fn of_incident(AxState(st): AxState<State>, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let rows = st
        .db
        .run(move |c| -> Result<_, ApiError> {
            require_incident(c, id)?;
            let q = store::Query {
                linked_incident: Some(id),
                ..store::Query::default()
            };
            Ok(store::list(c, &q)?)
        })
        .await?;
    ok(&rows)
}

/// `POST /api/incidents/{id}/calls` with `{"call_id"}`: links a call (404 unknown, 409 elsewhere, repeat = no-op).
pub async fn link(AxState(st): AxState<State>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    if let Some(r) = crate::faults::intercept(&st, "link").await {
        return Ok(r);
    }
    let id = path_id(&id)?;
    let obj = json_object(&body)?;
    let call_id = match obj.get("call_id") {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        _ => return Err(ApiError::invalid("Укажите идентификатор звонка (call_id)")),
    };
    let user = st.cfg.operator.clone();
    let now = timefmt::now();
    let res = st
        .db
        .run(move |c| -> Result<_, ApiError> {
            require_incident(c, id)?;
            Ok(store::link(c, &call_id, id, &user, now)?)
        })
        .await?;
    match res {
        Ok(call) => ok(&call),
        Err(LinkError::UnknownCall) => Err(unknown_call()),
        Err(LinkError::LinkedElsewhere(other)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "call_linked_elsewhere",
            format!("Звонок уже привязан к инциденту {other}"),
        )),
    }
}

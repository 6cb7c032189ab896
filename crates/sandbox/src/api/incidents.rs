//! `/api/incidents`: create, read, update and the client history search.
//! Must not know HTML pages; storage is `db`'s.

use axum::body::Bytes;
use axum::extract::{Path, Query, State as AxState};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{Map, Value};
use wic_core::model::{Incident, Status};

use super::{json_object, ok, param, path_id, time_param, ApiError, ApiResult, Params};
use crate::db::incidents::{self as store, parse_status, Patch, StoredIncident};
use crate::db::sms;
use crate::{timefmt, State};

fn opt_string(m: &Map<String, Value>, key: &str) -> Result<Option<Option<String>>, ApiError> {
    match m.get(key) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Some(None)),
        Some(Value::String(s)) => Ok(Some(Some(s.clone()))),
        Some(_) => Err(ApiError::invalid(format!(
            "Поле {key}: ожидается строка или null"
        ))),
    }
}

/// Reads the fields of an incident object; types are checked, values are kept as entered.
pub fn parse_patch(m: &Map<String, Value>) -> Result<Patch, ApiError> {
    let mut p = Patch {
        inn_kpp: opt_string(m, "inn_kpp")?,
        description: opt_string(m, "description")?,
        kind: opt_string(m, "type")?,
        phone: opt_string(m, "phone")?,
        email: opt_string(m, "email")?,
        contact_name: opt_string(m, "contact_name")?,
        department: opt_string(m, "department")?,
        created_by: opt_string(m, "created_by")?,
        responsible: opt_string(m, "responsible")?,
        ..Patch::default()
    };
    p.id = match m.get("id") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or_else(|| ApiError::invalid("Поле id: ожидается номер"))?,
        ),
    };
    p.title = match m.get("title") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(ApiError::invalid("Поле title: ожидается строка")),
    };
    p.status = match m.get("status") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(s)) => {
            Some(Some(parse_status(s).ok_or_else(|| {
                ApiError::invalid(format!("Неизвестный статус «{s}»"))
            })?))
        }
        Some(_) => return Err(ApiError::invalid("Поле status: ожидается строка")),
    };
    p.created_at = match m.get("created_at") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(s)) if s.is_empty() => Some(None),
        Some(Value::String(s)) => Some(Some(wic_core::dates::parse_rfc3339(s).ok_or_else(
            || {
                ApiError::invalid(format!(
                    "Поле created_at: ожидается дата RFC 3339, получено «{s}»"
                ))
            },
        )?)),
        Some(_) => return Err(ApiError::invalid("Поле created_at: ожидается строка")),
    };
    p.knowledge = match m.get("knowledge") {
        None | Some(Value::Null) => None,
        Some(Value::Array(a)) => Some(
            a.iter()
                .map(|v| {
                    v.as_u64()
                        .ok_or_else(|| ApiError::invalid("Поле knowledge: ожидаются номера знаний"))
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(_) => return Err(ApiError::invalid("Поле knowledge: ожидается массив")),
    };
    if p.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(ApiError::invalid("Заголовок не может быть пустым"));
    }
    Ok(p)
}

/// `GET /api/incidents?inn=&inn_kpp=&phone=&email=&since=&limit=`.
pub async fn list(AxState(st): AxState<State>, Query(p): Query<Params>) -> ApiResult {
    if let Some(r) = crate::faults::intercept(&st, "history").await {
        return Ok(r);
    }
    let q = store::Query {
        inn: param(&p, "inn").map(String::from),
        inn_kpp: param(&p, "inn_kpp").map(String::from),
        phone: param(&p, "phone").map(String::from),
        email: param(&p, "email").map(String::from),
        since: time_param(&p, "since")?,
        exclude: param(&p, "exclude").and_then(|v| v.parse().ok()),
        limit: param(&p, "limit").and_then(|v| v.parse().ok()),
    };
    let rows = st.db.run(move |c| store::search(c, &q)).await?;
    ok(&rows)
}

/// `GET /api/incidents/{id}`.
pub async fn get_one(AxState(st): AxState<State>, Path(id): Path<String>) -> ApiResult {
    if let Some(r) = crate::faults::intercept(&st, "incident").await {
        return Ok(r);
    }
    let id = path_id(&id)?;
    match st.db.run(move |c| store::get(c, id)).await? {
        Some(i) => ok(&i),
        None => Err(not_found(id)),
    }
}

fn not_found(id: u64) -> ApiError {
    ApiError::not_found("incident_not_found", format!("Инцидент {id} не найден"))
}

/// `POST /api/incidents`: creates an incident, honouring a given `created_at` (and a free `id`).
pub async fn create(AxState(st): AxState<State>, body: Bytes) -> ApiResult {
    let patch = parse_patch(&json_object(&body)?)?;
    if patch.title.is_none() {
        return Err(ApiError::invalid("Не указан заголовок (title)"));
    }
    let now = timefmt::now();
    let operator = st.cfg.operator.clone();
    let saved = st
        .db
        .run(move |c| -> Result<StoredIncident, ApiError> {
            let tx = c.transaction()?;
            let id = match patch.id {
                Some(id) if store::exists(&tx, id)? => {
                    return Err(ApiError::new(
                        StatusCode::CONFLICT,
                        "id_taken",
                        format!("Номер {id} уже занят"),
                    ))
                }
                Some(id) => id,
                None => store::next_id(&tx)?,
            };
            let given_time = patch.created_at.flatten();
            let mut s = StoredIncident {
                incident: Incident {
                    id: Some(id),
                    created_at: Some(now),
                    status: Some(Status::Open),
                    created_by: Some(operator),
                    ..Incident::default()
                },
                updated_at: given_time.unwrap_or(now),
                responsible: None,
            };
            patch.apply(&mut s);
            store::save(&tx, &s)?;
            tx.commit()?;
            Ok(s)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

/// `PUT /api/incidents/{id}`: changes the given fields (absent fields stay as they are).
pub async fn update(AxState(st): AxState<State>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    if let Some(r) = crate::faults::intercept(&st, "incident").await {
        return Ok(r);
    }
    let id = path_id(&id)?;
    let mut patch = parse_patch(&json_object(&body)?)?;
    patch.id = None;
    let now = timefmt::now();
    let saved = st
        .db
        .run(move |c| -> Result<StoredIncident, ApiError> {
            let tx = c.transaction()?;
            let mut s = store::get(&tx, id)?.ok_or_else(|| not_found(id))?;
            patch.apply(&mut s);
            s.updated_at = now;
            store::save(&tx, &s)?;
            if s.incident.status == Some(Status::Resolved) {
                sms::deliver_waiting(&tx, id, now)?;
            }
            tx.commit()?;
            Ok(s)
        })
        .await?;
    ok(&saved)
}

//! `/api/incidents/{id}/sms`: sending SMS notices (mobile numbers only) and listing the sent ones.
//! Must not know HTML pages; which number is mobile is wic-core's rule.

use axum::body::Bytes;
use axum::extract::{Path, State as AxState};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::Value;
use wic_core::model::Status;

use super::{incident_not_found, json_object, ok, path_id, require_incident, ApiError, ApiResult};
use crate::db::{incidents, sms};
use crate::{timefmt, State};

/// SMS kinds with their Russian labels.
pub const KINDS: [(&str, &str); 3] = [
    ("incident_number", "Номер инцидента"),
    ("resolved", "О решении"),
    ("unreachable", "Не смогли дозвониться"),
];

/// The site's default text of an SMS kind for an incident.
pub fn template(kind: &str, id: u64) -> Option<String> {
    template_with(kind, &id.to_string())
}

/// The default text with `id` (a number or a placeholder) inserted: wic-core's templates, the same
/// texts the extension fills in.
pub fn template_with(kind: &str, id: &str) -> Option<String> {
    let kind: wic_core::sms::SmsKind = serde_json::from_value(Value::from(kind)).ok()?;
    Some(
        wic_core::sms::Templates::default()
            .get(kind)
            .replace("{id}", id),
    )
}

/// Whether WIC's SMS gateway accepts the number: a Russian mobile (the rule lives in `wic-core`).
pub fn is_mobile(phone: &str) -> bool {
    wic_core::phone::is_mobile(phone)
}

/// `GET /api/incidents/{id}/sms`.
pub async fn list(AxState(st): AxState<State>, Path(id): Path<String>) -> ApiResult {
    if let Some(r) = crate::faults::intercept(&st, "sms").await {
        return Ok(r);
    }
    let id = path_id(&id)?;
    let rows = st
        .db
        .run(move |c| -> Result<_, ApiError> {
            require_incident(c, id)?;
            Ok(sms::list(c, id)?)
        })
        .await?;
    ok(&rows)
}

/// `POST /api/incidents/{id}/sms` with `{"phone", "kind", "text", "send_on_resolve"}`.
pub async fn send(AxState(st): AxState<State>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    if let Some(r) = crate::faults::intercept(&st, "sms").await {
        return Ok(r);
    }
    let id = path_id(&id)?;
    let m = json_object(&body)?;
    let phone = match m.get("phone") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            return Err(ApiError::invalid("Укажите номер телефона"))
        }
        Some(_) => return Err(ApiError::invalid("Поле phone: ожидается строка")),
    };
    let kind = match m.get("kind") {
        Some(Value::String(k)) if KINDS.iter().any(|(v, _)| v == k) => k.clone(),
        Some(Value::String(k)) => {
            return Err(ApiError::invalid(format!("Неизвестный вид СМС «{k}»")))
        }
        _ => {
            return Err(ApiError::invalid(
                "Поле kind: ожидается incident_number, resolved или unreachable",
            ))
        }
    };
    let text = match m.get("text") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
        Some(_) => return Err(ApiError::invalid("Поле text: ожидается строка")),
    };
    let send_on_resolve = match m.get("send_on_resolve") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(ApiError::invalid(
                "Поле send_on_resolve: ожидается true или false",
            ))
        }
    };
    if !is_mobile(&phone) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_mobile",
            format!("СМС можно отправить только на мобильный номер, «{phone}» не подходит"),
        ));
    }
    let user = st.cfg.operator.clone();
    let now = timefmt::now();
    let saved = st
        .db
        .run(move |c| -> Result<sms::Sms, ApiError> {
            let tx = c.transaction()?;
            let inc = incidents::get(&tx, id)?.ok_or_else(|| incident_not_found(id))?;
            let done = matches!(inc.incident.status, Some(Status::Resolved | Status::Closed));
            let status = if send_on_resolve && !done {
                sms::WAITING
            } else {
                sms::DELIVERED
            };
            let text = text.unwrap_or_else(|| template(&kind, id).unwrap_or_default());
            let s = sms::Sms {
                id: 0,
                incident_id: id,
                phone,
                kind,
                text,
                send_on_resolve,
                status: status.into(),
                changed_at: now,
                user,
            };
            let s = sms::insert(&tx, s)?;
            tx.commit()?;
            Ok(s)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

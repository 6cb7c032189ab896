//! The JSON API of DESIGN §5: routing, the error shape and shared request parsing. No HTML.

pub mod calls;
pub mod incidents;
pub mod reports;
pub mod sms;

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use serde_json::{json, Value};

use crate::{timefmt, State};

pub use incidents::parse_patch;
pub use sms::{is_mobile, template};

/// All `/api/` routes.
pub fn routes() -> Router<State> {
    Router::new()
        .route(
            "/api/incidents",
            get(incidents::list).post(incidents::create),
        )
        .route(
            "/api/incidents/{id}",
            get(incidents::get_one).put(incidents::update),
        )
        .route(
            "/api/incidents/{id}/calls",
            get(calls::of_incident).post(calls::link),
        )
        .route("/api/incidents/{id}/sms", get(sms::list).post(sms::send))
        .route("/api/calls", get(calls::list).post(calls::create))
        .route("/api/calls/{id}", get(calls::get_one))
        .route("/api/reports/registration", get(reports::registration))
        .route("/api/reports/unlinked", get(reports::unlinked))
        .route("/api/operators", get(reports::operators))
        .route(
            "/api/{*rest}",
            post(not_found)
                .get(not_found)
                .put(not_found)
                .delete(not_found),
        )
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "Нет такого адреса API")
}

/// An API error: `{"error": {"code", "message"}}` with its HTTP status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
    /// 422: the request is well-formed JSON but not acceptable.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }
    /// 400: a malformed request.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }
    /// 404.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "storage",
            format!("Ошибка базы данных: {e}"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        (self.status, Json(body)).into_response()
    }
}

/// Result of an API handler.
pub type ApiResult = Result<Response, ApiError>;

/// 200 with a JSON body.
pub fn ok<T: Serialize>(v: &T) -> ApiResult {
    Ok(Json(v).into_response())
}

/// Query string as a map; empty values count as absent.
pub type Params = HashMap<String, String>;

/// A non-empty query parameter.
pub fn param<'a>(p: &'a Params, name: &str) -> Option<&'a str> {
    p.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// A time-bound query parameter (RFC 3339 or `YYYY-MM-DD`).
pub fn time_param(p: &Params, name: &str) -> Result<Option<DateTime<FixedOffset>>, ApiError> {
    match param(p, name) {
        None => Ok(None),
        Some(v) => timefmt::parse_bound(v).map(Some).ok_or_else(|| {
            ApiError::bad_request(format!("Параметр {name}: ожидается дата, получено «{v}»"))
        }),
    }
}

/// Parses a request body as a JSON object.
pub fn json_object(body: &[u8]) -> Result<serde_json::Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::invalid("Ожидается JSON-объект")),
        Err(e) => Err(ApiError::bad_request(format!("Некорректный JSON: {e}"))),
    }
}

/// An incident number from the path.
pub fn path_id(s: &str) -> Result<u64, ApiError> {
    s.parse().map_err(|_| incident_not_found(s))
}

/// 404 for an incident that does not exist.
pub fn incident_not_found(id: impl std::fmt::Display) -> ApiError {
    ApiError::not_found("incident_not_found", format!("Инцидент {id} не найден"))
}

/// Fails with 404 unless incident `id` exists.
pub fn require_incident(c: &rusqlite::Connection, id: u64) -> Result<(), ApiError> {
    if crate::db::incidents::exists(c, id)? {
        Ok(())
    } else {
        Err(incident_not_found(id))
    }
}

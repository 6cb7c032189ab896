//! Fault injection for tests (`--faults` only): makes the next N requests of a named API route
//! misbehave. Knows the routes by name only; handlers call [`intercept`] first.
//! Must not know what the routes do.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State as AxState;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

use crate::api::{json_object, ApiError, ApiResult};
use crate::State;

/// Route names that can be broken.
pub const ROUTES: [&str; 5] = ["history", "calls", "incident", "link", "sms"];
/// Kinds of misbehaviour.
pub const KINDS: [&str; 6] = [
    "status500",
    "hang",
    "malformed",
    "wrong_types",
    "oversized",
    "login_redirect",
];
/// How long a `hang` keeps the request without an answer.
pub const HANG: Duration = Duration::from_secs(30);

/// Pending faults: route → (kind, remaining count).
#[derive(Default)]
pub struct Faults {
    pending: Mutex<HashMap<String, (String, u32)>>,
}

impl Faults {
    fn take(&self, route: &str) -> Option<String> {
        let mut map = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        let (kind, left) = map.get_mut(route)?;
        let kind = kind.clone();
        *left -= 1;
        if *left == 0 {
            map.remove(route);
        }
        Some(kind)
    }
}

/// The faulty answer for `route`, if one is pending; consumes one count.
pub async fn intercept(st: &State, route: &str) -> Option<Response> {
    let kind = st.faults.as_ref()?.take(route)?;
    Some(respond(&kind, route).await)
}

async fn respond(kind: &str, route: &str) -> Response {
    let json_200 = |body: String| {
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    };
    match kind {
        "hang" => {
            tokio::time::sleep(HANG).await;
            ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                "timeout",
                "Сервер не ответил вовремя",
            )
            .into_response()
        }
        "malformed" => json_200(r#"[{"id": 19269153, "title": "Закрывающие докум"#.into()),
        "wrong_types" => {
            let bad = json!({"id": "не число", "created_at": 12345, "title": 42, "knowledge": "5163",
                "status": 7, "direction": 1, "started_at": false, "duration_s": "долго", "operator": []});
            let body = if matches!(route, "history" | "calls" | "sms") {
                json!([bad])
            } else {
                bad
            };
            json_200(body.to_string())
        }
        "oversized" => json_200(oversized()),
        "login_redirect" => (StatusCode::FOUND, [(header::LOCATION, "/login")]).into_response(),
        _ => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Внутренняя ошибка сервера (сбой по заказу)",
        )
        .into_response(),
    }
}

/// A valid JSON array of 100,000 incidents.
fn oversized() -> String {
    // Built once per process (a debug build needs seconds for 38 MB), then copied.
    static BODY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BODY.get_or_init(|| {
        use std::fmt::Write;
        let mut s = String::with_capacity(100_000 * 330);
        s.push('[');
        for i in 0..100_000u64 {
            if i > 0 {
                s.push(',');
            }
            let _ = write!(
                s,
                r#"{{"id":{},"created_at":"2018-12-{:02}T10:{:02}:00+05:00","inn_kpp":"6678083608-667801001","title":"Закрывающие документы № {i}","description":null,"type":"Контур.Закупки","status":"closed","knowledge":[5163],"phone":"83433702677","email":null,"contact_name":null,"department":"3946","created_by":"Григорьев Иван Сергеевич"}}"#,
                10_000_000 + i,
                1 + i % 28,
                i % 60
            );
        }
        s.push(']');
        s
    })
    .clone()
}

/// `/api/__faults` (POST sets, DELETE clears; 404 without `--faults`) and the `/login` page.
pub fn routes() -> Router<State> {
    Router::new()
        .route("/api/__faults", post(set).delete(clear).get(show))
        .route("/login", get(login))
}

fn disabled() -> ApiError {
    ApiError::not_found("not_found", "Нет такого адреса API")
}

async fn set(AxState(st): AxState<State>, body: Bytes) -> ApiResult {
    let Some(f) = &st.faults else {
        return Err(disabled());
    };
    let m = json_object(&body)?;
    let route = m.get("route").and_then(|v| v.as_str()).unwrap_or_default();
    let kind = m.get("kind").and_then(|v| v.as_str()).unwrap_or_default();
    if !ROUTES.contains(&route) {
        return Err(ApiError::invalid(format!("route: одно из {ROUTES:?}")));
    }
    if !KINDS.contains(&kind) {
        return Err(ApiError::invalid(format!("kind: одно из {KINDS:?}")));
    }
    let count = match m.get("count") {
        None | Some(serde_json::Value::Null) => 1,
        Some(v) => v
            .as_u64()
            .filter(|c| *c > 0)
            .ok_or_else(|| ApiError::invalid("count: целое > 0"))? as u32,
    };
    f.pending
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(route.into(), (kind.into(), count));
    crate::api::ok(&json!({"route": route, "kind": kind, "count": count}))
}

async fn clear(AxState(st): AxState<State>) -> ApiResult {
    let Some(f) = &st.faults else {
        return Err(disabled());
    };
    f.pending.lock().unwrap_or_else(|p| p.into_inner()).clear();
    crate::api::ok(&json!({"cleared": true}))
}

async fn show(AxState(st): AxState<State>) -> ApiResult {
    let Some(f) = &st.faults else {
        return Err(disabled());
    };
    let map = f.pending.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let v: Vec<_> = map
        .iter()
        .map(|(r, (k, c))| json!({"route": r, "kind": k, "count": c}))
        .collect();
    crate::api::ok(&v)
}

async fn login() -> Response {
    Html(crate::pages::layout::login_page()).into_response()
}

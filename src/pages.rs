//! The wasm exports of the extension pages (popup, options, report) and of the background's badge.
//! Text comes in where text is what the page has (a profile being edited, a fetched answer); what
//! goes out is a plain JS object through serde-wasm-bindgen ([`js`]). Built into the pages' module
//! (`wic_pages`, feature `pages`), never into the content script's.
//! Must not know the page's DOM or the storage areas: `extension/store.js` hands them over.

use crate::profile::{self, Profile};
use crate::{page, popup, settings, team, verdicts};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A value as the pages' scripts read it: a plain object (maps as objects, `None` as `null`).
fn js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let plain = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&plain).unwrap_or(JsValue::NULL)
}

/// Options page: validates a profile; returns `null` when valid, else `{field, message}`.
#[wasm_bindgen]
pub fn validate_profile(json: &str) -> JsValue {
    match Profile::parse(json) {
        Ok(_) => JsValue::NULL,
        Err(e) => js(&serde_json::json!({ "field": e.field, "message": e.to_string() })),
    }
}

/// Options page: the built-in profile, pretty-printed.
#[wasm_bindgen]
pub fn builtin_profile() -> String {
    profile::BUILTIN_JSON.to_string()
}

/// Options page: the operator's verdicts on duplicate candidates kept for the window, as an object
/// (`verdicts::Export`: `{window_days, exported_ms, counts: {not_duplicate, duplicate}, verdicts}`),
/// an object.
/// `stored` is chrome.storage.local's `verdicts`; the window is the profile's (`profile_json` as in
/// force; the built-in one's when it does not parse).
#[wasm_bindgen]
pub fn verdicts_export(stored: Option<String>, profile_json: &str, now_ms: f64) -> JsValue {
    let profile = Profile::parse(profile_json).unwrap_or_else(|_| Profile::builtin());
    js(&verdicts::export(
        stored.as_deref(),
        profile.duplicates.window_days,
        now_ms,
    ))
}

/// Popup, options, background: the profile and settings in force (policy over local over built-in),
/// as an object (`settings::Effective`). Both arguments are the storage areas as they are.
#[wasm_bindgen]
pub fn effective_settings(managed: JsValue, local: JsValue) -> JsValue {
    let area = |v: JsValue| serde_wasm_bindgen::from_value(v).unwrap_or(serde_json::Value::Null);
    js(&settings::effective(&area(managed), &area(local)))
}

/// Options page: checks the settings object; `null` when valid, else `{field, message}` (a `_locales` key).
#[wasm_bindgen]
pub fn validate_settings(json: &str) -> JsValue {
    let s: settings::Settings = match serde_json::from_str(json) {
        Ok(s) => s,
        Err(_) => settings::Settings {
            shift_hours: Some(0),
            ..Default::default()
        },
    };
    match settings::validate(&s) {
        Ok(()) => JsValue::NULL,
        Err(e) => js(&e),
    }
}

/// Popup and badge: what to fetch for the operator, as an object
/// `{"url", "origin", "since", "kind": "json" | "html", "site_origin", "registration"?: {"url", "origin",
/// "since", "kind"}}` (`site_origin`: the ticket system's, for `popup_summary`'s links)
/// or `{"error": "no-calls-endpoint" | "calls-from-page" | "no-operator" | "no-origin" |
/// "source-url" | "profile-invalid"}`. An `html` answer is cut into rows by [`source_rows`].
#[wasm_bindgen]
pub fn calls_request(
    profile_json: &str,
    operator: Option<String>,
    department: Option<String>,
    last_origin: Option<String>,
    now_ms: f64,
    tz_offset_min: i32,
    shift_hours: u32,
) -> JsValue {
    let Ok(profile) = Profile::parse(profile_json) else {
        return error("profile-invalid", None);
    };
    let now = popup::local_now(now_ms, tz_offset_min);
    answer(popup::requests(
        &profile,
        operator.as_deref(),
        department.as_deref(),
        last_origin.as_deref(),
        now,
        shift_hours,
    ))
}

/// Popup and badge: the KPI for today and this month and the shift's unlinked calls (wic-core's
/// rules) as an object (`popup::Summary`) or `{"error": "malformed", "message"}`. `calls` is the calls
/// answer (JSON; for an `html` source, what [`source_rows`] made of it), `registration` the
/// registration report's likewise, when it came.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn popup_summary(
    calls: &str,
    registration: Option<String>,
    profile_json: &str,
    operator: Option<String>,
    origin: Option<String>,
    now_ms: f64,
    tz_offset_min: i32,
    shift_hours: u32,
) -> JsValue {
    let profile = Profile::parse(profile_json).unwrap_or_else(|_| Profile::builtin());
    let inputs = popup::Inputs {
        calls,
        registration: registration.as_deref(),
        operator: operator.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        origin: origin.as_deref(),
    };
    let now = popup::local_now(now_ms, tz_offset_min);
    match popup::summarize(&profile, inputs, now, shift_hours) {
        Ok(s) => js(&s),
        Err(e) => error("malformed", Some(e.to_string())),
    }
}

/// Report page: the team's calls to fetch for the report of `day` (`YYYY-MM-DD`; today when absent),
/// as an object (`team::TeamRequest`: `{"url", "origin", "site_origin", "day", "offset_min", "since",
/// "until"}`) or `{"error": "no-team-endpoint" | "no-team" | "no-origin" | "bad-day" |
/// "profile-invalid"}`.
#[wasm_bindgen]
pub fn team_request(
    profile_json: &str,
    department: Option<String>,
    supervisor: Option<String>,
    last_origin: Option<String>,
    day: Option<String>,
    now_ms: f64,
    tz_offset_min: i32,
) -> JsValue {
    let Ok(profile) = Profile::parse(profile_json) else {
        return error("profile-invalid", None);
    };
    let team = team::Team {
        department: department.as_deref(),
        supervisor: supervisor.as_deref(),
    };
    let now = popup::local_now(now_ms, tz_offset_min);
    answer(team::team_request(
        &profile,
        team,
        last_origin.as_deref(),
        day.as_deref(),
        now,
    ))
}

/// Report page: the team's table for the day, its week and its month, the unlinked calls and the
/// 30-day picture (`team::TeamView`) from the `team_calls` answer `body`, for `day` in the offset
/// `offset_min` (both from [`team_request`]'s answer), or `{"error": "malformed", "message"}`.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn team_view(
    body: &str,
    profile_json: &str,
    department: Option<String>,
    supervisor: Option<String>,
    origin: Option<String>,
    day: &str,
    offset_min: i32,
    target: u32,
) -> JsValue {
    let profile = Profile::parse(profile_json).unwrap_or_else(|_| Profile::builtin());
    let team = team::Team {
        department: department.as_deref(),
        supervisor: supervisor.as_deref(),
    };
    let now = popup::local_now(0.0, offset_min);
    let view = team::report_day(&profile, Some(day), now)
        .map_err(|_| popup::Malformed(format!("day {day:?}")))
        .and_then(|w| team::team_view(&profile, body, team, origin.as_deref(), &w, target));
    match view {
        Ok(v) => js(&v),
        Err(e) => error("malformed", Some(e.to_string())),
    }
}

/// Pages with a DOM (the popup, Firefox's background page, Chromium's offscreen document): the raw
/// rows of the profile's `html` source `source` (`calls`, `registration`) in the report `html`,
/// parsed with `DOMParser`, as JSON text `{"rows": [{field: text | null}]}` or
/// `{"error": "profile-invalid" | "no-source" | "no-dom"}`: text, because it travels on as the body
/// [`popup_summary`] and [`team_sources`] read, like a JSON source's answer.
#[wasm_bindgen]
pub fn source_rows(html: &str, profile_json: &str, source: &str) -> String {
    use web_sys::{DomParser, SupportedType};
    let Ok(profile) = Profile::parse(profile_json) else {
        return r#"{"error":"profile-invalid"}"#.into();
    };
    let spec = wic_core::source::Kind::from_name(source).and_then(|k| profile.source(k));
    let Some(spec) = spec.filter(|s| s.from == wic_core::source::Via::Html) else {
        return r#"{"error":"no-source"}"#.into();
    };
    let parsed = DomParser::new().and_then(|p| p.parse_from_string(html, SupportedType::TextHtml));
    let Ok(doc) = parsed else {
        return r#"{"error":"no-dom"}"#.into();
    };
    let rows = serde_json::to_string(&page::rows(&doc, spec)).unwrap_or_else(|_| "[]".into());
    format!(r#"{{"rows":{rows}}}"#)
}

/// Report page, profile v2 sources (`team::team_sources`): the next step of the report of `day`
/// (`YYYY-MM-DD`; today when absent) given the `answers` so far (an object `{url: {"body"} | {"error"}}`,
/// `{}` at first): `{"fetch": [{"url", "origin", "kind": "html" | "json", "source"}]}` (fetch them,
/// then ask again with their answers added), the view (`team::TeamView`, as [`team_view`]), `{"legacy":
/// true}` when the profile's team calls come from `endpoints.team_calls` (use [`team_request`]), or
/// `{"error": "no-team" | "bad-day" | "no-origin" | "source-url" | "profile-invalid" |
/// "calls-unavailable-<code>", "message"?}`. `now_ms` and `tz_offset_min` stay the same every round.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn team_sources(
    answers: JsValue,
    profile_json: &str,
    department: Option<String>,
    supervisor: Option<String>,
    last_origin: Option<String>,
    day: Option<String>,
    now_ms: f64,
    tz_offset_min: i32,
    target: u32,
) -> JsValue {
    let Ok(profile) = Profile::parse(profile_json) else {
        return error("profile-invalid", None);
    };
    let answers = serde_wasm_bindgen::from_value(answers).unwrap_or_default();
    let team = team::Team {
        department: department.as_deref(),
        supervisor: supervisor.as_deref(),
    };
    let now = popup::local_now(now_ms, tz_offset_min);
    let day = day.as_deref();
    let origin = last_origin.as_deref();
    match team::team_sources(&profile, team, origin, day, now, target, &answers) {
        Ok(Some(step)) => js(&step),
        Ok(None) => js(&serde_json::json!({ "legacy": true })),
        Err(e) => {
            let message = match &e {
                team::SourcesError::Malformed(m) => Some(m.clone()),
                _ => None,
            };
            error(&e.code(), message)
        }
    }
}

/// A page's answer: the value, or `{"error": <code>}`.
fn answer<T: Serialize, E: Serialize>(result: Result<T, E>) -> JsValue {
    match result {
        Ok(value) => js(&value),
        Err(e) => js(&serde_json::json!({ "error": e })),
    }
}

/// `{"error": code, "message"?}`.
fn error(code: &str, message: Option<String>) -> JsValue {
    js(&serde_json::json!({ "error": code, "message": message }))
}

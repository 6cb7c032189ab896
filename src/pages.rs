//! The wasm exports of the extension pages (popup, options, report) and of the background's badge:
//! each takes the page's JSON text or values and answers JSON. Built into the pages' module
//! (`wic_pages`, feature `pages`), never into the content script's.
//! Must not know the page's DOM or the storage areas: `extension/store.js` hands them over.

use crate::profile::{self, Profile};
use crate::{page, popup, settings, team, verdicts};
use wasm_bindgen::prelude::*;

/// Options page: validates a profile; returns `null` when valid, else `{field, message}`.
#[wasm_bindgen]
pub fn validate_profile(json: &str) -> JsValue {
    match Profile::parse(json) {
        Ok(_) => JsValue::NULL,
        Err(e) => {
            let o = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&o, &"field".into(), &e.field.as_str().into());
            let _ = js_sys::Reflect::set(&o, &"message".into(), &e.to_string().into());
            o.into()
        }
    }
}

/// Options page: the built-in profile, pretty-printed.
#[wasm_bindgen]
pub fn builtin_profile() -> String {
    profile::BUILTIN_JSON.to_string()
}

/// Options page: the operator's verdicts on duplicate candidates kept for the window, as JSON
/// (`verdicts::Export`: `{window_days, exported_ms, counts: {not_duplicate, duplicate}, verdicts}`).
/// `stored` is chrome.storage.local's `verdicts`; the window is the profile's (`profile_json` as in
/// force; the built-in one's when it does not parse).
#[wasm_bindgen]
pub fn verdicts_export(stored: Option<String>, profile_json: &str, now_ms: f64) -> String {
    let profile = Profile::parse(profile_json).unwrap_or_else(|_| Profile::builtin());
    let export = verdicts::export(stored.as_deref(), profile.duplicates.window_days, now_ms);
    serde_json::to_string(&export).unwrap_or_default()
}

/// Popup, options, background: the profile and settings in force (policy over local over built-in),
/// as JSON (`settings::Effective`). Both arguments are JSON objects as the storage areas hold them.
#[wasm_bindgen]
pub fn effective_settings(managed_json: &str, local_json: &str) -> String {
    let parse =
        |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap_or(serde_json::Value::Null);
    serde_json::to_string(&settings::effective(
        &parse(managed_json),
        &parse(local_json),
    ))
    .unwrap_or_default()
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
        Err(e) => serde_json::to_string(&e)
            .ok()
            .and_then(|t| js_sys::JSON::parse(&t).ok())
            .unwrap_or(JsValue::NULL),
    }
}

/// Popup and badge: what to fetch for the operator, as JSON
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
) -> String {
    let Ok(profile) = Profile::parse(profile_json) else {
        return r#"{"error":"profile-invalid"}"#.into();
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
/// rules) as JSON (`popup::Summary`) or `{"error": "malformed", "message"}`. `calls` is the calls
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
) -> String {
    let profile = Profile::parse(profile_json).unwrap_or_else(|_| Profile::builtin());
    let inputs = popup::Inputs {
        calls,
        registration: registration.as_deref(),
        operator: operator.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        origin: origin.as_deref(),
    };
    let now = popup::local_now(now_ms, tz_offset_min);
    match popup::summarize(&profile, inputs, now, shift_hours) {
        Ok(s) => serde_json::to_string(&s).unwrap_or_default(),
        Err(e) => format!(
            r#"{{"error":"malformed","message":{}}}"#,
            serde_json::to_string(&e.to_string()).unwrap_or_default()
        ),
    }
}

/// Report page: the team's calls to fetch for the report of `day` (`YYYY-MM-DD`; today when absent),
/// as JSON (`team::TeamRequest`: `{"url", "origin", "site_origin", "day", "offset_min", "since",
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
) -> String {
    let Ok(profile) = Profile::parse(profile_json) else {
        return r#"{"error":"profile-invalid"}"#.into();
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
) -> String {
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
        Ok(v) => serde_json::to_string(&v).unwrap_or_default(),
        Err(e) => format!(
            r#"{{"error":"malformed","message":{}}}"#,
            serde_json::to_string(&e.to_string()).unwrap_or_default()
        ),
    }
}

/// Pages with a DOM (the popup, Firefox's background page, Chromium's offscreen document): the raw
/// rows of the profile's `html` source `source` (`calls`, `registration`) in the report `html`,
/// parsed with `DOMParser`, as JSON `{"rows": [{field: text | null}]}` or
/// `{"error": "profile-invalid" | "no-source" | "no-dom"}`.
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
/// (`YYYY-MM-DD`; today when absent) given the `answers` so far (JSON `{url: {"body"} | {"error"}}`,
/// `{}` at first): `{"fetch": [{"url", "origin", "kind": "html" | "json", "source"}]}` (fetch them,
/// then ask again with their answers added), the view (`team::TeamView`, as [`team_view`]), `{"legacy":
/// true}` when the profile's team calls come from `endpoints.team_calls` (use [`team_request`]), or
/// `{"error": "no-team" | "bad-day" | "no-origin" | "source-url" | "profile-invalid" |
/// "calls-unavailable-<code>", "message"?}`. `now_ms` and `tz_offset_min` stay the same every round.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn team_sources(
    answers: &str,
    profile_json: &str,
    department: Option<String>,
    supervisor: Option<String>,
    last_origin: Option<String>,
    day: Option<String>,
    now_ms: f64,
    tz_offset_min: i32,
    target: u32,
) -> String {
    let Ok(profile) = Profile::parse(profile_json) else {
        return r#"{"error":"profile-invalid"}"#.into();
    };
    let answers = serde_json::from_str(answers).unwrap_or_default();
    let team = team::Team {
        department: department.as_deref(),
        supervisor: supervisor.as_deref(),
    };
    let now = popup::local_now(now_ms, tz_offset_min);
    let day = day.as_deref();
    let origin = last_origin.as_deref();
    match team::team_sources(&profile, team, origin, day, now, target, &answers) {
        Ok(Some(step)) => serde_json::to_string(&step).unwrap_or_default(),
        Ok(None) => r#"{"legacy":true}"#.into(),
        Err(e) => {
            let message = match &e {
                team::SourcesError::Malformed(m) => Some(m.clone()),
                _ => None,
            };
            serde_json::json!({ "error": e.code(), "message": message }).to_string()
        }
    }
}

/// A page's answer as JSON: the value, or `{"error": <code>}`.
fn answer<T: serde::Serialize, E: serde::Serialize>(result: Result<T, E>) -> String {
    match result {
        Ok(value) => serde_json::to_string(&value).unwrap_or_default(),
        Err(e) => serde_json::json!({ "error": e }).to_string(),
    }
}

//! Test data through the sandbox's API: incidents, simulated incoming calls, and what the sandbox
//! stored about links. Knows the API's JSON, not the browser or the extension.

use crate::Sandbox;
use chrono::{TimeDelta, Utc};
use serde_json::{json, Value};

/// The sandbox's default logged-in operator.
pub const OPERATOR: &str = "Григорьев Иван Сергеевич";
/// A valid INN-KPP (the seed's client).
pub const INN_KPP: &str = "6678083608-667801001";
/// A valid INN-KPP of another client than the seed's.
pub const OTHER_INN_KPP: &str = "7707083893-770701001";
/// The seed's repeated request: a client asking again for closing documents (knowledge 5163).
pub const CLOSING_DOCUMENTS: &str = "Закрывающие документы по Контур.Закупкам";

/// RFC 3339 time `minutes` ago.
pub fn ago(minutes: i64) -> String {
    wic_core::dates::rfc3339(&(Utc::now() - TimeDelta::minutes(minutes)).fixed_offset())
        .expect("format time")
}

/// `fields` with every key of `defaults` it lacks.
fn with_defaults(mut fields: Value, defaults: Value) -> Value {
    for (k, v) in defaults.as_object().expect("object") {
        if fields.get(k).is_none() {
            fields[k] = v.clone();
        }
    }
    fields
}

/// Creates an incident; fields left out get the seed client's defaults. Returns its id.
pub fn incident(sandbox: &Sandbox, fields: Value) -> u64 {
    let defaults = json!({
        "inn_kpp": INN_KPP, "type": "Контур.Закупки", "status": "open", "phone": "83433702677",
        "department": "3946", "created_by": OPERATOR, "knowledge": [], "description": "",
    });
    let v = sandbox.post("/api/incidents", with_defaults(fields, defaults));
    v["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("incident not created: {v}"))
}

/// A repeat contact: the client's request for closing documents two days ago, and today's
/// «(+1)» incident about the same (both with article 5163), with `current` fields added to today's.
/// Returns (the older incident, today's).
pub fn repeat_contact(sandbox: &Sandbox, current: Value) -> (u64, u64) {
    let older = incident(
        sandbox,
        json!({"title": CLOSING_DOCUMENTS, "knowledge": [5163], "created_at": ago(2 * 24 * 60)}),
    );
    let today = json!({"title": format!("(+1) {CLOSING_DOCUMENTS}"), "knowledge": [5163]});
    (older, incident(sandbox, with_defaults(current, today)))
}

/// Two incidents of the client [`OTHER_INN_KPP`], each in the other's history: `earlier` created an
/// hour ago, then `later`. Returns their ids (earlier, later).
pub fn two_of_another_client(sandbox: &Sandbox, earlier: Value, later: Value) -> (u64, u64) {
    let client = json!({"inn_kpp": OTHER_INN_KPP});
    let earlier = with_defaults(
        earlier,
        with_defaults(json!({"created_at": ago(60)}), client.clone()),
    );
    let earlier = incident(sandbox, earlier);
    (earlier, incident(sandbox, with_defaults(later, client)))
}

/// Posts a call exactly as given (the sandbox fills what is left out). Returns its id.
pub fn new_call(sandbox: &Sandbox, body: Value) -> String {
    let v = sandbox.post("/api/calls", body);
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("call not created: {v}"))
        .to_string()
}

/// Simulates an answered incoming call to the default operator. Returns its id.
pub fn call(sandbox: &Sandbox, caller: &str, started_min_ago: i64, duration_s: u32) -> String {
    new_call(
        sandbox,
        json!({
            "direction": "in", "answered": true, "started_at": ago(started_min_ago), "duration_s": duration_s,
            "transferred": false, "caller": caller, "operator": OPERATOR, "pbx": "Екатеринбург, УКС (Avaya)"
        }),
    )
}

/// The ids of the calls linked to incident `id`, as the sandbox stored them.
pub fn linked_calls(sandbox: &Sandbox, id: u64) -> Vec<String> {
    let v = sandbox.get(&format!("/api/incidents/{id}/calls"));
    v.as_array()
        .unwrap_or_else(|| panic!("linked calls of {id}: {v}"))
        .iter()
        .map(|c| match c["id"].as_str() {
            Some(call) => call.to_string(),
            None => panic!("a linked call of {id} without an id: {c}"),
        })
        .collect()
}

/// The incident call `id` is linked to (null when unlinked), as the sandbox stored it.
pub fn linked_incident(sandbox: &Sandbox, call: &str) -> Value {
    sandbox.get(&format!("/api/calls/{call}"))["linked_incident"].clone()
}

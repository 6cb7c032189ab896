//! Test data through the sandbox's API: incidents and simulated incoming calls.

use crate::Sandbox;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The sandbox's default logged-in operator.
pub const OPERATOR: &str = "Григорьев Иван Сергеевич";
/// A valid INN-KPP (the seed's client).
pub const INN_KPP: &str = "6678083608-667801001";

/// RFC 3339 time `minutes` ago.
pub fn ago(minutes: i64) -> String {
    (OffsetDateTime::now_utc() - time::Duration::minutes(minutes))
        .format(&Rfc3339)
        .expect("format time")
}

/// Creates an incident; fields left out get the seed client's defaults. Returns its id.
pub fn incident(sandbox: &Sandbox, mut fields: Value) -> u64 {
    let defaults = json!({
        "inn_kpp": INN_KPP, "type": "Контур.Закупки", "status": "open", "phone": "83433702677",
        "department": "3946", "created_by": OPERATOR, "knowledge": [], "description": "",
    });
    for (k, v) in defaults.as_object().expect("object") {
        if fields.get(k).is_none() {
            fields[k] = v.clone();
        }
    }
    let v = sandbox.post("/api/incidents", fields);
    v["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("incident not created: {v}"))
}

/// Simulates an answered incoming call to the default operator. Returns its id.
pub fn call(sandbox: &Sandbox, caller: &str, started_min_ago: i64, duration_s: u32) -> String {
    let v = sandbox.post(
        "/api/calls",
        json!({
            "direction": "in", "answered": true, "started_at": ago(started_min_ago), "duration_s": duration_s,
            "transferred": false, "caller": caller, "operator": OPERATOR, "pbx": "Екатеринбург, УКС (Avaya)"
        }),
    );
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("call not created: {v}"))
        .to_string()
}

//! Calls, linking, SMS, the reports and the demo data over real HTTP against the binary.

mod common;

use common::{enc, incident, Server, TempDir, OPERATOR};
use serde_json::{json, Value};
use wic_core::model::{Call, CallRecord, Incident};

fn start() -> (TempDir, Server) {
    let dir = TempDir::new();
    let s = Server::start(&dir.db(), &[]);
    (dir, s)
}

fn new_call(s: &Server, caller: &str, duration: u32) -> Call {
    let r = s.post("/api/calls", &json!({"caller": caller, "duration_s": duration, "started_at": "2018-12-21T11:20:00+05:00"}));
    assert_eq!(r.status, 201, "{}", r.body);
    serde_json::from_str(&r.body).expect("a Call")
}

#[test]
fn calls_simulate_list_and_link() {
    let (_d, s) = start();
    let call = new_call(&s, "8(343)3702677", 197);
    assert_eq!(call.id.len(), 36, "a UUID: {}", call.id);
    assert_eq!(call.operator.as_deref(), Some(OPERATOR));
    assert!(call.linked_incident.is_none());
    let list = s
        .get(&format!(
            "/api/calls?operator={}&since=2018-12-21",
            enc(OPERATOR)
        ))
        .json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        s.get(&format!("/api/calls?operator={}", enc("Другой")))
            .json(),
        json!([])
    );
    assert_eq!(s.get("/api/calls?since=2018-12-22").json(), json!([]));
    assert_eq!(
        s.post("/api/calls", &json!({"duration_s": 5})).status,
        422,
        "caller required"
    );
    assert_eq!(
        s.post("/api/calls", &json!({"caller": "1", "duration_s": "long"}))
            .status,
        422
    );

    let a = s
        .post("/api/incidents", &incident("A", "6678083608-667801001"))
        .json()["id"]
        .as_u64()
        .unwrap();
    let b = s
        .post("/api/incidents", &incident("B", "6678083608-667801001"))
        .json()["id"]
        .as_u64()
        .unwrap();
    let r = s.post(
        &format!("/api/incidents/{a}/calls"),
        &json!({"call_id": call.id}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let linked: Call = serde_json::from_str(&r.body).unwrap();
    assert_eq!(linked.linked_incident, Some(a));
    assert_eq!(linked.linked_by.as_deref(), Some(OPERATOR));
    assert!(linked.linked_at.is_some());
    // Repeat: no-op 200, nothing changes.
    let again = s.post(
        &format!("/api/incidents/{a}/calls"),
        &json!({"call_id": call.id}),
    );
    assert_eq!(again.status, 200);
    assert_eq!(serde_json::from_str::<Call>(&again.body).unwrap(), linked);
    // Elsewhere: 409; unknown call: 404; unknown incident: 404; no call id: 422.
    let r = s.post(
        &format!("/api/incidents/{b}/calls"),
        &json!({"call_id": call.id}),
    );
    assert_eq!(r.status, 409);
    assert_eq!(r.error_code(), "call_linked_elsewhere");
    let r = s.post(
        &format!("/api/incidents/{a}/calls"),
        &json!({"call_id": "e34dd2c0-a799-4ade-9024-47fd09224855"}),
    );
    assert_eq!(r.status, 404);
    assert_eq!(r.error_code(), "call_not_found");
    assert_eq!(
        s.post("/api/incidents/1/calls", &json!({"call_id": call.id}))
            .status,
        404
    );
    assert_eq!(
        s.post(&format!("/api/incidents/{a}/calls"), &json!({}))
            .status,
        422
    );
    let of_a: Vec<Call> =
        serde_json::from_str(&s.get(&format!("/api/incidents/{a}/calls")).body).unwrap();
    assert_eq!(of_a, vec![linked.clone()]);
    assert_eq!(
        s.get(&format!("/api/incidents/{b}/calls")).json(),
        json!([])
    );
    assert_eq!(
        s.get(&format!("/api/calls/{}", call.id)).json()["linked_incident"],
        json!(a)
    );
}

#[test]
fn sms_goes_to_mobiles_only_and_is_recorded() {
    let (_d, s) = start();
    let id = s
        .post("/api/incidents", &incident("СМС", "6678083608-667801001"))
        .json()["id"]
        .as_u64()
        .unwrap();
    let url = format!("/api/incidents/{id}/sms");
    for phone in [
        "83433702677",
        "4512",
        "+7 343 370-26-77",
        "",
        "8 800 111-11-11",
    ] {
        let r = s.post(&url, &json!({"phone": phone, "kind": "incident_number"}));
        assert_eq!(r.status, 422, "{phone}: {}", r.body);
    }
    assert_eq!(
        s.post(&url, &json!({"phone": "89222030770", "kind": "spam"}))
            .status,
        422
    );
    assert_eq!(
        s.post(
            &url,
            &json!({"phone": "89222030770", "kind": "resolved", "send_on_resolve": "yes"})
        )
        .status,
        422
    );
    assert_eq!(
        s.post(
            "/api/incidents/1/sms",
            &json!({"phone": "89222030770", "kind": "resolved"})
        )
        .status,
        404
    );
    assert_eq!(s.get(&url).json(), json!([]), "rejected SMS write nothing");

    for phone in ["89222030770", "+7 922 203-07-70", "9222030770"] {
        let r = s.post(&url, &json!({"phone": phone, "kind": "incident_number", "text": "", "send_on_resolve": false}));
        assert_eq!(r.status, 201, "{phone}: {}", r.body);
        let v = r.json();
        assert_eq!(v["status"], "Успешно доставлено");
        assert_eq!(v["user"], OPERATOR);
        assert!(v["text"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Номер вашего вопроса {id}.")));
    }
    let r = s.post(&url, &json!({"phone": "89222030770", "kind": "resolved", "text": "Готово", "send_on_resolve": true}));
    assert_eq!(r.json()["status"], "Отправится после решения");
    s.put(
        &format!("/api/incidents/{id}"),
        &json!({"status": "resolved"}),
    );
    let list = s.get(&url).json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 4);
    assert_eq!(list[3]["text"], "Готово");
    assert_eq!(
        list[3]["status"], "Успешно доставлено",
        "delivered on resolution"
    );
}

#[test]
fn registration_report_equals_core_over_the_same_calls() {
    let dir = TempDir::new();
    let s = Server::start(&dir.db(), &["--demo-data"]);
    let ops = s.get("/api/operators").json();
    let calls: Vec<Call> = serde_json::from_str(&s.get("/api/calls").body).unwrap();
    assert!(calls.len() > 300, "demo data has calls: {}", calls.len());
    let records: Vec<CallRecord> = calls
        .iter()
        .map(|c| {
            let op = ops
                .as_array()
                .unwrap()
                .iter()
                .find(|o| Some(o["name"].as_str().unwrap_or("")) == c.operator.as_deref())
                .expect("known operator");
            CallRecord {
                call: c.clone(),
                department: op["department"].as_str().unwrap().into(),
                supervisor: op["supervisor"].as_str().unwrap().into(),
            }
        })
        .collect();
    let rules = wic_core::registration::Rules::default();
    let expected = serde_json::to_value(wic_core::registration::report(&records, &rules)).unwrap();
    assert_eq!(s.get("/api/reports/registration").json(), expected);
    let all = expected["totals"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let pct = all["percent"].as_u64().unwrap();
    assert!(
        (95..=99).contains(&pct),
        "demo registration % looks like the seed's: {pct}"
    );

    // Filtered by department.
    let dep = "Отдел обучения";
    let sub: Vec<CallRecord> = records
        .iter()
        .filter(|r| r.department == dep)
        .cloned()
        .collect();
    let expected = serde_json::to_value(wic_core::registration::report(&sub, &rules)).unwrap();
    assert_eq!(
        s.get(&format!(
            "/api/reports/registration?department={}",
            enc(dep)
        ))
        .json(),
        expected
    );

    // Unlinked: core's rows; the logged-in operator has fresh ones.
    let expected =
        serde_json::to_value(wic_core::registration::unlinked(calls.iter(), &rules)).unwrap();
    assert_eq!(s.get("/api/reports/unlinked").json(), expected);
    let mine: Vec<Value> = expected
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["operator"] == OPERATOR)
        .cloned()
        .collect();
    assert!(
        mine.len() >= 3,
        "fresh unlinked calls of the default operator"
    );
    assert!(
        mine.iter().any(|r| r["caller"] == "8(343)3702677"),
        "one from the open incident's phone"
    );
    assert_eq!(
        s.get("/api/reports/unlinked?from=2999-01-01").json(),
        json!([])
    );
    assert_eq!(s.get("/api/reports/registration?to=someday").status, 400);
}

#[test]
fn demo_data_has_the_seed_incident_and_valid_identifiers() {
    let dir = TempDir::new();
    let s = Server::start(&dir.db(), &["--demo-data"]);
    let v = s.get("/api/incidents/19269153").json();
    assert_eq!(v["inn_kpp"], "6678083608-667801001");
    assert_eq!(v["title"], "(+1) Закрывающие документы по Контур.Закупкам");
    assert_eq!(v["phone"], "83433702677");
    assert_eq!(v["knowledge"], json!([5163]));
    assert_eq!(v["type"], "Контур.Закупки");
    assert_eq!(v["status"], "open");
    let all: Vec<Incident> = serde_json::from_str(&s.get("/api/incidents").body).unwrap();
    assert!(all.len() > 300);
    for i in &all {
        if let Some(ik) = &i.inn_kpp {
            assert!(
                wic_core::inn::parse_inn_kpp(ik).is_ok(),
                "valid INN-KPP: {ik}"
            );
        }
    }
    assert!(all.iter().any(|i| i.title.starts_with("(+1) ")));
    let history = s.get("/api/incidents?inn=6678083608").json();
    let kpps: std::collections::BTreeSet<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["inn_kpp"].as_str())
        .collect();
    assert!(kpps.len() >= 2, "the seed client has a branch: {kpps:?}");
    // A second start does not seed again.
    let n = all.len();
    s.stop();
    let s = Server::start(&dir.db(), &["--demo-data"]);
    assert_eq!(s.get("/api/incidents").json().as_array().unwrap().len(), n);
}

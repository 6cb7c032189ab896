//! JSON API over real HTTP against the binary on a temporary database (DESIGN §5).

mod common;

use common::{enc, incident, Server, TempDir, OPERATOR};
use serde_json::{json, Value};
use wic_core::model::{Call, CallRecord, Incident};

fn start() -> (TempDir, Server) {
    let dir = TempDir::new();
    let s = Server::start(&dir.db(), &[]);
    (dir, s)
}

#[test]
fn first_line_names_the_port_and_unknown_api_route_is_json_404() {
    let (_d, s) = start();
    assert!(s.port > 0);
    let r = s.get("/api/nothing/here");
    assert_eq!(r.status, 404);
    assert_eq!(r.error_code(), "not_found");
}

#[test]
fn incident_create_get_update_round_trip() {
    let (_d, s) = start();
    let body = json!({"title": "Закрывающие документы", "created_at": "2018-12-21T11:25:00+05:00",
        "inn_kpp": "6678083608-667801001", "description": "Нужен скан", "type": "Контур.Закупки",
        "status": "open", "knowledge": [5163], "phone": "83433702677", "email": "222222@e1.ru",
        "contact_name": "Ирина Анатольевна", "department": "3946", "created_by": "Тестов Тест Тестович"});
    let r = s.post("/api/incidents", &body);
    assert_eq!(r.status, 201, "{}", r.body);
    let created: Incident = serde_json::from_str(&r.body).expect("an Incident");
    let id = created.id.expect("id");
    assert!(id >= 19_269_000);
    assert_eq!(r.json()["created_at"], "2018-12-21T11:25:00+05:00");
    let got = s.get(&format!("/api/incidents/{id}"));
    assert_eq!(got.status, 200);
    let got: Incident = serde_json::from_str(&got.body).expect("an Incident");
    assert_eq!(got, created);
    assert_eq!(got.created_by.as_deref(), Some("Тестов Тест Тестович"));

    let r = s.put(
        &format!("/api/incidents/{id}"),
        &json!({"status": "resolved", "knowledge": [5163, 6053]}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["status"], "resolved");
    assert_eq!(v["knowledge"], json!([5163, 6053]));
    assert_eq!(v["title"], "Закрывающие документы", "absent fields stay");

    // Defaults: status open, created_by the logged-in operator, created_at now.
    let r = s.post("/api/incidents", &json!({"title": "Без подробностей"}));
    assert_eq!(r.status, 201);
    let v = r.json();
    assert_eq!(v["status"], "open");
    assert_eq!(v["created_by"], OPERATOR);
    assert!(v["created_at"].is_string());
    assert!(v["inn_kpp"].is_null() && v["phone"].is_null());
    assert_eq!(v["id"].as_u64(), Some(id + 1));
}

#[test]
fn malformed_identifiers_are_stored_as_entered() {
    let (_d, s) = start();
    let r = s.post("/api/incidents", &json!({"title": "x", "inn_kpp": "6678083609-66780100", "phone": "доб. 100", "email": "not-an-email"}));
    assert_eq!(r.status, 201, "{}", r.body);
    let v = r.json();
    assert_eq!(v["inn_kpp"], "6678083609-66780100");
    assert_eq!(v["phone"], "доб. 100");
    assert_eq!(v["email"], "not-an-email");
}

#[test]
fn structural_errors_are_rejected_and_write_nothing() {
    let (_d, s) = start();
    for (body, status) in [
        (json!({"inn_kpp": "6678083608-667801001"}), 422),
        (json!({"title": ""}), 422),
        (json!({"title": 5}), 422),
        (json!({"title": "x", "status": "done"}), 422),
        (json!({"title": "x", "knowledge": "5163"}), 422),
        (json!({"title": "x", "knowledge": ["a"]}), 422),
        (json!({"title": "x", "phone": 83433702677u64}), 422),
        (json!({"title": "x", "created_at": "вчера"}), 422),
        (json!(["title"]), 422),
    ] {
        let r = s.post("/api/incidents", &body);
        assert_eq!(r.status, status, "{body} -> {}", r.body);
        r.error_code();
    }
    let r = s.post_raw("/api/incidents", "{\"title\": ");
    assert_eq!(r.status, 400);
    assert_eq!(r.error_code(), "bad_request");
    assert_eq!(s.get("/api/incidents").json(), json!([]), "nothing written");

    let id = s
        .post(
            "/api/incidents",
            &incident("Исходный", "6678083608-667801001"),
        )
        .json()["id"]
        .as_u64()
        .unwrap();
    let r = s.put(
        &format!("/api/incidents/{id}"),
        &json!({"title": "Новый", "status": "unknown"}),
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        s.get(&format!("/api/incidents/{id}")).json()["title"],
        "Исходный",
        "bad PUT writes nothing"
    );
    assert_eq!(
        s.put("/api/incidents/1", &json!({"title": "x"})).status,
        404
    );
    assert_eq!(s.get("/api/incidents/1").error_code(), "incident_not_found");
    assert_eq!(s.get("/api/incidents/abc").status, 404);
    let r = s.post("/api/incidents", &json!({"id": id, "title": "x"}));
    assert_eq!(r.status, 409);
}

#[test]
fn history_by_inn_finds_every_kpp_newest_first() {
    let (_d, s) = start();
    let mk = |title: &str, inn_kpp: &str, at: &str, phone: &str, email: &str| {
        let mut b = incident(title, inn_kpp);
        b["created_at"] = json!(at);
        b["phone"] = json!(phone);
        b["email"] = json!(email);
        s.post("/api/incidents", &b).json()["id"].as_u64().unwrap()
    };
    let a = mk(
        "Головной офис",
        "6678083608-667801001",
        "2018-12-20T10:00:00+05:00",
        "8(343)370-26-77",
        "a@e1.ru",
    );
    let b = mk(
        "Филиал",
        "6678083608-665801001",
        "2018-12-21T10:00:00+05:00",
        "+7 343 370 26 77",
        "A@E1.ru",
    );
    let _other = mk(
        "Другой клиент",
        "6670000000-667001001",
        "2018-12-22T10:00:00+05:00",
        "89855363453",
        "b@e1.ru",
    );
    let ids = |path: &str| -> Vec<u64> {
        let r = s.get(path);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        r.json()
            .as_array()
            .expect("array")
            .iter()
            .map(|v| v["id"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(ids("/api/incidents?inn=6678083608"), vec![b, a]);
    assert_eq!(ids("/api/incidents?inn_kpp=6678083608-665801001"), vec![b]);
    assert_eq!(
        ids("/api/incidents?inn=6678083608&since=2018-12-21"),
        vec![b]
    );
    assert_eq!(
        ids(&format!(
            "/api/incidents?inn=6678083608&since={}",
            enc("2018-12-20T10:00:01+05:00")
        )),
        vec![b]
    );
    assert_eq!(ids("/api/incidents?phone=83433702677"), vec![b, a]);
    assert_eq!(ids("/api/incidents?email=a%40e1.ru"), vec![b, a]);
    assert_eq!(ids("/api/incidents").len(), 3);
    assert_eq!(s.get("/api/incidents?since=yesterday").status, 400);
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
    assert_eq!(call.operator, OPERATOR);
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
fn data_survives_a_restart() {
    let dir = TempDir::new();
    let s = Server::start(&dir.db(), &[]);
    let id = s
        .post(
            "/api/incidents",
            &incident("Переживет перезапуск", "6678083608-667801001"),
        )
        .json()["id"]
        .as_u64()
        .unwrap();
    let call = new_call(&s, "89855363453", 120);
    s.post(
        &format!("/api/incidents/{id}/calls"),
        &json!({"call_id": call.id}),
    );
    s.post(
        &format!("/api/incidents/{id}/sms"),
        &json!({"phone": "89855363453", "kind": "incident_number"}),
    );
    s.stop();
    let s = Server::start(&dir.db(), &[]);
    assert_eq!(
        s.get(&format!("/api/incidents/{id}")).json()["title"],
        "Переживет перезапуск"
    );
    assert_eq!(
        s.get(&format!("/api/incidents/{id}/calls")).json()[0]["id"],
        json!(call.id)
    );
    assert_eq!(
        s.get(&format!("/api/incidents/{id}/sms"))
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
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
                .find(|o| o["name"] == c.operator.as_str())
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

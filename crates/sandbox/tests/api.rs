//! Incidents and the client history over real HTTP against the binary on a temporary database (DESIGN §5).

mod common;

use common::{enc, incident, Server, TempDir, OPERATOR};
use serde_json::json;
use wic_core::model::{Call, Incident};

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

fn new_call(s: &Server, caller: &str, duration: u32) -> Call {
    let r = s.post("/api/calls", &json!({"caller": caller, "duration_s": duration, "started_at": "2018-12-21T11:20:00+05:00"}));
    assert_eq!(r.status, 201, "{}", r.body);
    serde_json::from_str(&r.body).expect("a Call")
}

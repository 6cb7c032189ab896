//! Fault injection (`--faults`): each kind on each route, counts, clearing, and off by default.

mod common;

use std::time::{Duration, Instant};

use common::{enc, Server, TempDir, OPERATOR};
use serde_json::json;
use wic_core::model::Incident;

fn start() -> (TempDir, Server, u64, String) {
    let dir = TempDir::new();
    let s = Server::start(&dir.db(), &["--faults"]);
    let id = s
        .post(
            "/api/incidents",
            &json!({"title": "Сбои", "inn_kpp": "6678083608-667801001"}),
        )
        .json()["id"]
        .as_u64()
        .unwrap();
    let call = s
        .post(
            "/api/calls",
            &json!({"caller": "89855363453", "duration_s": 60}),
        )
        .json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    (dir, s, id, call)
}

fn set(s: &Server, route: &str, kind: &str, count: u32) {
    let r = s.post(
        "/api/__faults",
        &json!({"route": route, "kind": kind, "count": count}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

/// One request of each faultable route, as (method, path, body).
fn routes(id: u64, call: &str) -> Vec<(&'static str, &'static str, String, Option<String>)> {
    vec![
        (
            "history",
            "GET",
            "/api/incidents?inn=6678083608".into(),
            None,
        ),
        (
            "calls",
            "GET",
            format!("/api/calls?operator={}", enc(OPERATOR)),
            None,
        ),
        ("incident", "GET", format!("/api/incidents/{id}"), None),
        (
            "link",
            "POST",
            format!("/api/incidents/{id}/calls"),
            Some(json!({"call_id": call}).to_string()),
        ),
        ("sms", "GET", format!("/api/incidents/{id}/sms"), None),
    ]
}

#[test]
fn status500_malformed_wrong_types_and_login_redirect_on_every_route() {
    let (_d, s, id, call) = start();
    for (route, method, path, body) in routes(id, &call) {
        set(&s, route, "status500", 2);
        for _ in 0..2 {
            let r = s.request(method, &path, body.clone());
            assert_eq!(r.status, 500, "{route}");
            assert_eq!(r.error_code(), "internal");
        }
        assert_eq!(
            s.request(method, &path, body.clone()).status,
            200,
            "{route} recovers after the count"
        );

        set(&s, route, "malformed", 1);
        let r = s.request(method, &path, body.clone());
        assert_eq!(r.status, 200);
        assert!(
            serde_json::from_str::<serde_json::Value>(&r.body).is_err(),
            "{route}: malformed JSON"
        );

        set(&s, route, "wrong_types", 1);
        let r = s.request(method, &path, body.clone());
        assert_eq!(r.status, 200);
        let v = r.json();
        let item = if v.is_array() {
            v[0].clone()
        } else {
            v.clone()
        };
        assert!(
            serde_json::from_value::<Incident>(item.clone()).is_err(),
            "{route}: wrong types"
        );
        assert!(
            serde_json::from_value::<wic_core::model::Call>(item).is_err(),
            "{route}: wrong types"
        );

        set(&s, route, "login_redirect", 1);
        let r = s.request(method, &path, body.clone());
        assert_eq!(r.status, 302, "{route}");
        assert_eq!(r.header("location"), Some("/login"));
        assert_eq!(s.request(method, &path, body.clone()).status, 200);
    }
    let login = s.get("/login");
    assert_eq!(login.status, 200);
    assert!(login
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(login.body.contains("<form") && login.body.contains("Вход"));
}

#[test]
fn oversized_is_a_valid_array_of_100000_incidents() {
    let (_d, s, _id, _call) = start();
    set(&s, "history", "oversized", 1);
    let r = s.get("/api/incidents?inn=6678083608");
    assert_eq!(r.status, 200);
    let list: Vec<Incident> = serde_json::from_str(&r.body).expect("valid incidents");
    assert_eq!(list.len(), 100_000);
    assert_eq!(
        s.get("/api/incidents?inn=6678083608")
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn hang_gives_no_answer_then_the_route_recovers() {
    let (_d, s, id, _call) = start();
    set(&s, "incident", "hang", 1);
    let t = Instant::now();
    let r = s.request_timeout(
        "GET",
        &format!("/api/incidents/{id}"),
        None,
        Duration::from_millis(1500),
    );
    assert!(r.is_err(), "no answer within the client's timeout: {r:?}");
    assert!(t.elapsed() >= Duration::from_millis(1400));
    let t = Instant::now();
    assert_eq!(s.get(&format!("/api/incidents/{id}")).status, 200);
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "other requests are not blocked"
    );
}

#[test]
fn delete_clears_and_bad_requests_are_rejected() {
    let (_d, s, _id, _call) = start();
    set(&s, "history", "status500", 5);
    assert_eq!(s.get("/api/__faults").json().as_array().unwrap().len(), 1);
    assert_eq!(s.delete("/api/__faults").status, 200);
    assert_eq!(s.get("/api/incidents").status, 200);
    assert_eq!(
        s.post(
            "/api/__faults",
            &json!({"route": "nowhere", "kind": "hang"})
        )
        .status,
        422
    );
    assert_eq!(
        s.post(
            "/api/__faults",
            &json!({"route": "calls", "kind": "explode"})
        )
        .status,
        422
    );
    assert_eq!(
        s.post(
            "/api/__faults",
            &json!({"route": "calls", "kind": "hang", "count": 0})
        )
        .status,
        422
    );
    // Other routes are not affected by a fault on one route.
    set(&s, "calls", "status500", 1);
    assert_eq!(s.get("/api/incidents").status, 200);
    assert_eq!(s.get("/api/calls").status, 500);
}

#[test]
fn fault_endpoint_is_absent_without_the_flag() {
    let dir = TempDir::new();
    let s = Server::start(&dir.db(), &[]);
    let r = s.post(
        "/api/__faults",
        &json!({"route": "history", "kind": "status500", "count": 1}),
    );
    assert_eq!(r.status, 404);
    assert_eq!(s.delete("/api/__faults").status, 404);
    assert_eq!(s.get("/api/incidents").status, 200);
}

//! `--dialect` and `--report-port`: the json dialect stays as it was, the classic one prints its
//! second address and honours a fixed port; classic pages escape hostile text and need no inline
//! script under `--csp strict`.

mod common;

use std::process::{Command, Stdio};

use common::{enc, Server, TempDir};
use scraper::{Html, Selector};
use serde_json::json;

#[test]
fn json_dialect_has_no_report_server_and_no_classic_routes() {
    let dir = TempDir::new();
    for args in [&[][..], &["--dialect", "json"][..]] {
        let s = Server::start(&dir.db(), args);
        assert_eq!(s.report_port, None);
        assert_eq!(s.get("/static/classic.js").status, 404);
        assert_eq!(s.get("/incidents/history?inn_kpp=6678083608").status, 404);
        let new = s.get("/incidents/new");
        assert!(new.body.contains("form id=\"incident-card\""));
        s.stop();
    }
}

#[test]
fn report_port_needs_the_classic_dialect_and_a_number() {
    let dir = TempDir::new();
    for (args, msg) in [
        (
            &["--report-port", "0"][..],
            "--report-port needs --dialect classic",
        ),
        (
            &["--dialect", "classic", "--report-port", "x"][..],
            "bad report port: x",
        ),
        (&["--dialect", "xml"][..], "unknown --dialect value: xml"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_wic-sandbox"))
            .args(["--port", "0", "--db", &dir.db()])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(msg), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn classic_dialect_serves_reports_on_the_given_port() {
    let dir = TempDir::new();
    let free = std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let port = free.to_string();
    let s = Server::start(
        &dir.db(),
        &[
            "--dialect",
            "classic",
            "--report-port",
            &port,
            "--demo-data",
        ],
    );
    assert_eq!(s.report_port, Some(free));
    assert_ne!(s.port, free);
    assert_eq!(s.get_report("/uks/unlinked").status, 200);
    // The site links to its report server; the json API still serves the same database.
    let card = s.get("/incidents/19269153");
    assert!(card
        .body
        .contains(&format!("http://127.0.0.1:{free}/uks/unlinked")));
    assert_eq!(s.get("/api/incidents/19269153").status, 200);
}

fn assert_no_inline_script(body: &str) {
    let doc = Html::parse_document(body);
    for s in doc.select(&Selector::parse("script").unwrap()) {
        assert!(s.value().attr("src").is_some(), "inline script");
    }
    for el in doc.select(&Selector::parse("*").unwrap()) {
        for (name, _) in el.value().attrs() {
            assert!(!name.starts_with("on"), "inline handler {name}");
        }
    }
}

#[test]
fn classic_pages_escape_hostile_text_and_need_no_inline_script() {
    let dir = TempDir::new();
    let s = Server::start(&dir.db(), &["--dialect", "classic", "--csp", "strict"]);
    let evil = "<img src=x onerror=alert(1)>\"'&";
    let r = s.post(
        "/api/incidents",
        &json!({"title": evil, "inn_kpp": "6678083608-667801001", "phone": evil,
            "email": evil, "contact_name": evil, "description": evil, "type": evil,
            "department": evil, "created_by": evil, "knowledge": [5163]}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.json()["id"].as_u64().unwrap();
    let r = s.post(
        "/api/calls",
        &json!({"caller": "83433702677", "operator": evil, "duration_s": 200,
            "started_at": "2024-01-01T10:00:00+05:00"}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let call = r.json()["id"].as_str().unwrap().to_string();
    let link = s.post(
        &format!("/api/incidents/{id}/calls"),
        &json!({"call_id": call}),
    );
    assert_eq!(link.status, 200, "{}", link.body);
    let pages = [
        s.get(&format!("/incidents/{id}")),
        s.get(&format!(
            "/incidents/new?title={}&inn_kpp={}",
            enc(evil),
            enc(evil)
        )),
        s.get("/incidents/history?inn_kpp=6678083608&delay_ms=0"),
        s.get_report("/uks/registration?from=01.01.2000"),
    ];
    for (k, page) in pages.iter().enumerate() {
        assert_eq!(page.status, 200, "page {k}");
        assert!(!page.body.contains("<img src=x"), "page {k} unescaped");
        if k != 2 {
            assert!(
                page.body.contains("&lt;img src=x"),
                "page {k} shows the text"
            );
        }
        assert_no_inline_script(&page.body);
    }
    let card = &pages[0];
    assert_eq!(
        card.header("content-security-policy"),
        Some("script-src 'self'")
    );
    assert!(s.get("/static/classic.js").status == 200);
}

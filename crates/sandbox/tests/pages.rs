//! Server-rendered pages: the built-in site profile's selectors against the card, escaping,
//! the strict CSP, the in-page navigation fragment and the other pages.

mod common;

use common::profile::{check_profile, count, profile, value_of};
use common::{enc, Server, TempDir};
use scraper::{Html, Selector};
use serde_json::{json, Value};

fn demo() -> (TempDir, Server) {
    let dir = TempDir::new();
    let s = Server::start(&dir.db(), &["--demo-data"]);
    (dir, s)
}

#[test]
fn profile_selectors_match_the_seed_incident_card() {
    let (_d, s) = demo();
    let id = 19_269_153;
    let page = s.get(&format!("/incidents/{id}"));
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let doc = Html::parse_document(&page.body);
    let history: Vec<Value> = s
        .get("/api/incidents?inn=6678083608")
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["id"] != json!(id))
        .cloned()
        .collect();
    let calls = s
        .get(&format!("/api/incidents/{id}/calls"))
        .json()
        .as_array()
        .unwrap()
        .len();
    let sms = s
        .get(&format!("/api/incidents/{id}/sms"))
        .json()
        .as_array()
        .unwrap()
        .len();
    assert!(history.len() >= 5 && calls >= 1);
    check_profile(&doc, 1, history.len(), calls, sms);

    let p = profile();
    let f = |k: &str| value_of(&doc, p["fields"][k].as_str().unwrap());
    assert_eq!(f("incident_id"), "19269153");
    assert_eq!(f("inn_kpp"), "6678083608-667801001");
    assert_eq!(f("phone"), "83433702677");
    assert_eq!(f("title"), "(+1) Закрывающие документы по Контур.Закупкам");
    assert_eq!(f("type"), "Контур.Закупки");
    assert_eq!(f("status"), "open");
    assert_eq!(f("department"), "3946");
    assert_eq!(f("knowledge"), "5163");
    assert_eq!(f("operator"), "Григорьев Иван Сергеевич");
    assert!(f("created_at").ends_with("+05:00"), "{}", f("created_at"));
    assert!(f("description").starts_with("Необходимы закрывающие документы"));
    // History rows in API order, with links to the incidents; the card itself excluded.
    let sel = Selector::parse("#history tbody tr a.history-id").unwrap();
    let ids: Vec<String> = doc.select(&sel).map(|a| a.text().collect()).collect();
    let api_ids: Vec<String> = history.iter().map(|i| i["id"].to_string()).collect();
    assert_eq!(ids, api_ids);
    let a = doc.select(&sel).next().unwrap();
    assert_eq!(
        a.value().attr("href"),
        Some(format!("/incidents/{}", api_ids[0]).as_str())
    );
    // Tabs are hidden until opened; SMS kinds and labels.
    assert_eq!(count(&doc, "#panel-calls[hidden] #incident-calls"), 1);
    assert_eq!(count(&doc, "#panel-sms[hidden] #sms-sent"), 1);
    assert_eq!(count(&doc, "#sms-kind option[value=incident_number], #sms-kind option[value=resolved], #sms-kind option[value=unreachable]"), 3);
    assert_eq!(count(&doc, "#incident-card [name=status] option"), 4);
    assert!(
        page.body.contains("Ид звонка для привязки:")
            && page.body.contains("Отправить сразу, как будет решен")
    );
    assert_eq!(
        count(&doc, "#operator-calls tbody tr .call-link-action"),
        count(&doc, "#operator-calls tbody tr")
    );
    assert!(
        count(&doc, "#operator-calls tbody tr") >= 3,
        "fresh unlinked calls offered"
    );
    for label in [
        "Сохранить и закрыть",
        "Обновить",
        "Доп. инцидент",
        "История обращений",
        "Открыт",
    ] {
        assert!(page.body.contains(label), "{label}");
    }
}

#[test]
fn profile_selectors_match_the_new_incident_card_and_fragment() {
    let (_d, s) = demo();
    let page = s.get("/incidents/new");
    assert_eq!(page.status, 200);
    let doc = Html::parse_document(&page.body);
    check_profile(&doc, 0, 0, 0, 0);
    assert_eq!(value_of(&doc, "#incident-card [name=id]"), "");
    assert_eq!(value_of(&doc, "#incident-card [name=created_at]"), "");
    // Prefill (used by «Доп. инцидент»): history of that INN shows at once.
    let page = s.get(&format!(
        "/incidents/new?inn_kpp={}",
        enc("6678083608-667801001")
    ));
    let doc = Html::parse_document(&page.body);
    let n = s
        .get("/api/incidents?inn=6678083608")
        .json()
        .as_array()
        .unwrap()
        .len();
    check_profile(&doc, 0, n, 0, 0);

    // The fragment for in-page navigation: the card without the page shell.
    let frag = s.get("/incidents/19269153?fragment=1");
    assert_eq!(frag.status, 200);
    assert!(!frag.body.contains("<html") && !frag.body.contains("current-operator"));
    let doc = Html::parse_fragment(&frag.body);
    assert_eq!(
        count(&doc, "form#incident-card [name=id][value='19269153']"),
        1
    );
    assert!(count(&doc, "#history tbody tr .history-id") > 0);
    assert_eq!(s.get("/incidents/1").status, 404);
    assert_eq!(s.get("/incidents/1?fragment=1").status, 404);
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let dir = TempDir::new();
    let s = Server::start(&dir.db(), &[]);
    let evil = "<img src=x onerror=alert(1)>\"'&";
    let mk = |title: &str| {
        s.post(
            "/api/incidents",
            &json!({"title": title, "inn_kpp": format!("6678083608-{evil}"), "description": evil,
            "phone": evil, "email": evil, "contact_name": evil, "type": evil, "department": evil,
            "created_by": evil, "responsible": evil}),
        )
        .json()["id"]
            .as_u64()
            .unwrap()
    };
    let a = mk(evil);
    let _b = mk(&format!("Другой {evil}"));
    let call = s
        .post(
            "/api/calls",
            &json!({"caller": evil, "duration_s": 60, "pbx": evil}),
        )
        .json();
    s.post(
        &format!("/api/incidents/{a}/calls"),
        &json!({"call_id": call["id"]}),
    );
    s.post("/api/calls", &json!({"caller": evil, "duration_s": 90}));
    s.post(
        &format!("/api/incidents/{a}/sms"),
        &json!({"phone": "89222030770", "kind": "incident_number", "text": evil}),
    );
    for path in [
        format!("/incidents/{a}"),
        format!("/incidents/{a}?fragment=1"),
        "/".into(),
        format!("/incidents/new?inn_kpp={}&phone={}", enc(evil), enc(evil)),
        format!("/tel/calls?internal_id={}", call["id"].as_str().unwrap()),
        format!("/tel/calls?caller={}", enc(evil)),
        "/reports/unlinked".into(),
        "/reports/registration".into(),
    ] {
        let r = s.get(&path);
        assert_eq!(r.status, 200, "{path}");
        assert!(!r.body.contains("<img"), "{path} leaks markup");
        let doc = Html::parse_document(&r.body);
        assert_eq!(count(&doc, "img"), 0, "{path}");
    }
    let doc = Html::parse_document(&s.get(&format!("/incidents/{a}")).body);
    assert_eq!(value_of(&doc, "#incident-card [name=title]"), evil);
    assert_eq!(value_of(&doc, "#incident-card [name=phone]"), evil);
    assert_eq!(value_of(&doc, "#incident-card [name=type]"), evil);
    let title = Selector::parse("#history tbody tr .history-title").unwrap();
    assert_eq!(
        doc.select(&title)
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        format!("Другой {evil}")
    );
    assert_eq!(count(&doc, "#incident-calls tbody tr[data-call-id]"), 1);
    assert_eq!(count(&doc, "#sms-sent tbody tr"), 1);
}

fn assert_no_inline_script(body: &str) {
    let doc = Html::parse_document(body);
    let scripts = Selector::parse("script").unwrap();
    for s in doc.select(&scripts) {
        assert!(s.value().attr("src").is_some(), "inline script");
    }
    let all = Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        for (name, _) in el.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "inline handler {name} on <{}>",
                el.value().name()
            );
        }
    }
}

#[test]
fn strict_csp_only_when_asked_and_pages_need_no_inline_script() {
    let dir = TempDir::new();
    let strict = Server::start(&dir.db(), &["--csp", "strict", "--demo-data"]);
    for path in [
        "/incidents/new",
        "/incidents/19269153",
        "/incidents/19269153?fragment=1",
        "/",
        "/reports/registration",
        "/reports/unlinked",
        "/tel/calls",
        "/login",
        "/no/such/page",
    ] {
        let r = strict.get(path);
        assert_eq!(
            r.header("content-security-policy"),
            Some("script-src 'self'"),
            "{path}"
        );
        assert_no_inline_script(&r.body);
    }
    assert_eq!(
        strict
            .get("/api/incidents/19269153")
            .header("content-security-policy"),
        None
    );
    let js = strict.get("/static/app.js");
    assert_eq!(js.status, 200);
    assert!(js.header("content-type").unwrap().contains("javascript"));
    assert!(js.body.contains("pushState") && js.body.contains("fragment"));
    assert!(strict
        .get("/static/wic.css")
        .header("content-type")
        .unwrap()
        .starts_with("text/css"));
    strict.stop();
    let plain = Server::start(&dir.db(), &[]);
    for path in ["/incidents/new", "/incidents/19269153", "/"] {
        assert_eq!(
            plain.get(path).header("content-security-policy"),
            None,
            "{path}"
        );
    }
}

#[test]
fn report_and_telephony_pages_show_the_numbers() {
    let (_d, s) = demo();
    let r = s.get("/reports/registration?from=2000-01-01&to=2999-12-31");
    assert_eq!(r.status, 200);
    assert!(
        r.body.contains("Процент регистрации звонков") && r.body.contains("Багно Наталья Олеговна")
    );
    let doc = Html::parse_document(&r.body);
    let report = s.get("/api/reports/registration").json();
    let rows = report["rows"].as_array().unwrap().len();
    let totals = report["totals"].as_array().unwrap().len();
    assert_eq!(count(&doc, "#registration-report tbody tr"), rows + totals);
    assert_eq!(count(&doc, "#registration-report tbody tr.total"), totals);
    let all = &report["totals"].as_array().unwrap().last().unwrap();
    let last = Selector::parse("#registration-report tbody tr.all").unwrap();
    let text: String = doc
        .select(&last)
        .next()
        .unwrap()
        .text()
        .collect::<Vec<_>>()
        .join("|");
    assert!(text.contains(&format!("{}%", all["percent"])), "{text}");
    let dep = s.get(&format!(
        "/reports/registration?department={}",
        enc("Экстерн 2 линия")
    ));
    assert!(!dep.body.contains("Багно Наталья Олеговна</td>"));

    let un = s.get("/reports/unlinked?from=2000-01-01&to=2999-12-31");
    assert!(un.body.contains("Непривязанные звонки"));
    let rows = s.get("/api/reports/unlinked").json();
    let doc = Html::parse_document(&un.body);
    assert_eq!(
        count(&doc, "#unlinked-report tbody tr.call"),
        rows.as_array().unwrap().len()
    );
    let id = rows[0]["call_id"].as_str().unwrap();
    let tel = s.get(&format!("/tel/calls?internal_id={id}"));
    assert!(
        tel.body.contains("Отчет по звонкам")
            && tel
                .body
                .contains("Всего записей: <span id=\"tel-count\">1</span>")
    );
    let doc = Html::parse_document(&tel.body);
    assert_eq!(
        count(&doc, &format!("#tel-calls tbody tr[data-call-id='{id}']")),
        1
    );
    let by_phone = s.get(&format!("/tel/calls?caller={}", enc("+7 343 370-26-77")));
    assert!(
        Html::parse_document(&by_phone.body)
            .select(&Selector::parse("#tel-calls tbody tr").unwrap())
            .count()
            >= 2
    );
    assert!(s
        .get("/?inn=6678083608")
        .body
        .contains("/incidents/19269153"));
    assert_eq!(s.get("/reports/registration?from=bad").status, 400);
}

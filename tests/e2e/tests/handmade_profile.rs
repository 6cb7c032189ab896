//! A page the project has never seen, with its report on another origin, driven by a profile written
//! by hand from the profile reference (v2 field specs and sources) — no code change: duplicates from the
//! page's own table and the operator's unlinked calls from an HTML report with grouped rows.

use chrono::{FixedOffset, TimeDelta, Utc};
use serde_json::json;
use wic_e2e::site::Site;
use wic_e2e::Browser;

const CALL_1: &str = "5b0e4a4e-9c1d-4d8e-9a57-1f0e2c3d4b51";
const CALL_2: &str = "5b0e4a4e-9c1d-4d8e-9a57-1f0e2c3d4b52";
const CALL_OTHER: &str = "5b0e4a4e-9c1d-4d8e-9a57-1f0e2c3d4b53";

fn local(minutes_ago: i64, fmt: &str) -> String {
    let zone = FixedOffset::east_opt(5 * 3600).unwrap();
    (Utc::now().with_timezone(&zone) - TimeDelta::minutes(minutes_ago))
        .format(fmt)
        .to_string()
}

fn page(yesterday: &str, four_days_ago: &str) -> String {
    format!(
        r#"<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Сервис заявок</title></head>
<body><header>Вы вошли как <b id="me">Петрова Анна Викторовна</b></header>
<article class="tk-card">
  <h2 class="tk-head">Заявка #T-5521 · открыта</h2>
  <p>Клиент: <span class="tk-org" data-innkpp="6678083608-667801001">ООО «Ромашка»</span>, тел. <span class="tk-tel">+7 922 203-07-70</span></p>
  <p class="tk-subject">Не уходит отчет в ФНС, ошибка подписи</p>
  <p>Продукт: <span class="tk-product">Контур.Экстерн</span></p>
  <section><h3>Прежние обращения клиента</h3>
  <table class="prev"><thead><tr><th>Номер</th><th>Тема</th><th>Создано</th><th>Состояние</th></tr></thead><tbody>
    <tr><td>Заявка T-5510</td><td><span title="Отчет в ФНС не отправляется: ошибка электронной подписи">Отчет в ФНС не отправля…</span></td><td>{yesterday}</td><td>Решено</td></tr>
    <tr><td>Заявка T-5402</td><td><span title="Как сменить тариф">Как сменить тариф</span></td><td>{four_days_ago}</td><td>Закрыто</td></tr>
    <tr><td>Заявка T-5521</td><td><span title="Не уходит отчет в ФНС, ошибка подписи">Не уходит отчет…</span></td><td>{yesterday}</td><td>Новая</td></tr>
  </tbody></table></section>
</article></body></html>"#
    )
}

fn report(started: &str) -> String {
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>Пропущенные привязки</title></head><body>
<table id="t"><tr><th>Оператор</th><th>Звонок</th><th>Начало</th><th>Длит.</th><th>Номер</th></tr>
<tr><td>Петрова Анна Викторовна</td><td>{CALL_1}</td><td>{started}</td><td>02:30</td><td>+7 922 203-07-70</td></tr>
<tr><td></td><td>{CALL_2}</td><td>{started}</td><td>01:10</td><td>8 343 370 26 77</td></tr>
<tr class="sum"><td colspan="5">Итого: 2</td></tr>
<tr><td>Иванов Пётр Сергеевич</td><td>{CALL_OTHER}</td><td>{started}</td><td>03:00</td><td>8 912 000 00 00</td></tr>
</table></body></html>"#
    )
}

#[test]
#[ignore = "needs dist/ and Chromium: run ./build.sh test"]
fn a_hand_written_v2_profile_drives_duplicates_and_calls_on_unseen_markup() {
    let day = "%d.%m.%Y";
    let minute = "%d.%m.%Y %H:%M";
    let reports = Site::start(vec![(
        "/stats/missed",
        "text/html; charset=utf-8",
        report(&local(20, minute)),
    )]);
    let site = Site::start(vec![(
        "/tickets/5521",
        "text/html; charset=utf-8",
        page(&local(24 * 60, day), &local(4 * 24 * 60, day)),
    )]);
    // The report is on another origin: `localhost`, while the tickets are on `127.0.0.1`.
    let report_url = reports.url.replace("127.0.0.1", "localhost");
    let profile = json!({
        "name": "tickets-by-hand",
        "matches": ["http://127.0.0.1/*"],
        "origins": ["http://localhost/*"],
        "timezone": "+05:00",
        "incident_page": "article.tk-card",
        "fields": {
            "incident_id": { "css": ".tk-head", "re": "#T-(\\d+)" },
            "inn_kpp": { "css": ".tk-org", "attr": "data-innkpp" },
            "phone": ".tk-tel",
            "title": ".tk-subject",
            "type": ".tk-product",
            "operator": "#me"
        },
        "sources": {
            "history": {
                "from": "page",
                "rows": "table.prev tbody tr",
                "fields": {
                    "id": { "col": 1, "re": "T-(\\d+)" },
                    "title": { "css": "span", "attr": "title" },
                    "created_at": { "col": 3, "date": "%d.%m.%Y" },
                    "status": { "col": 4, "map": { "Решено": "resolved", "Закрыто": "closed", "*": "open" } }
                },
                "require": ["id"],
                "inherit": ["inn_kpp", "phone", "type"]
            },
            "calls": {
                "from": "html",
                "url": format!("{report_url}/stats/missed?day={{since:%Y-%m-%d}}&who={{operator}}"),
                "rows": "#t tr",
                "fields": {
                    "operator": { "col": 1 },
                    "id": { "col": 2, "re": "^([0-9a-f-]{36})$" },
                    "started_at": { "col": 3, "date": "%d.%m.%Y %H:%M" },
                    "duration_s": { "col": 4, "duration": "mm:ss" },
                    "caller": { "col": 5 }
                },
                "fill_down": ["operator"],
                "require": ["id"],
                "defaults": { "direction": "in", "answered": true }
            }
        }
    });
    let browser = Browser::start();
    browser.save_profile(&profile.to_string()).unwrap();
    assert_eq!(
        browser
            .open_incident(&format!("{}/tickets/5521", site.url))
            .unwrap(),
        "ready"
    );
    browser.wait_panel("[data-wa-incident=\"5510\"]").unwrap();
    assert!(
        browser
            .panel_query("[data-wa-incident=\"5521\"]")
            .unwrap()
            .is_null(),
        "never the ticket itself"
    );
    browser
        .wait_panel(&format!("[data-wa-call=\"{CALL_1}\"]"))
        .unwrap();
    browser
        .wait_panel(&format!("[data-wa-call=\"{CALL_2}\"]"))
        .unwrap();
    assert!(
        browser
            .panel_query(&format!("[data-wa-call=\"{CALL_OTHER}\"]"))
            .unwrap()
            .is_null(),
        "another operator's call in the same report is not this operator's"
    );
    assert!(
        browser
            .panel_query(&format!("[data-wa-call=\"{CALL_1}\"][data-wa-suggested]"))
            .unwrap()
            .is_object(),
        "the call from the client's number is suggested"
    );
    assert!(
        browser.panel_errors().unwrap().is_empty(),
        "{:?}",
        browser.panel_errors()
    );
    let asked = site.requests.lock().unwrap().clone();
    assert!(
        asked
            .iter()
            .all(|r| r.starts_with("GET /tickets/5521") || r.starts_with("GET /favicon")),
        "history came from the page, not from a request: {asked:?}"
    );
    let report_asked = reports.requests.lock().unwrap().clone();
    assert!(
        report_asked
            .iter()
            .any(|r| r.starts_with("GET /stats/missed?day=") && r.contains("who=")),
        "{report_asked:?}"
    );
}

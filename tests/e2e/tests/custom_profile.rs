//! A site whose markup is nothing like the sandbox's: a profile written for it (in the options page)
//! makes the duplicate flow work there with no code change.

use serde_json::json;
use wic_e2e::site::Site;
use wic_e2e::{sel, Browser};

const PAGE: &str = r#"<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>HelpDesk</title></head>
<body><div class="ticket-view" data-ticket>
  <h2>Заявка <span class="tkt-no">7001</span></h2>
  <table class="props">
    <tr><th>Организация</th><td><span class="org-tax-id">ИНН 6678083608 КПП 667801001</span></td></tr>
    <tr><th>Тема</th><td class="subj">Нужны закрывающие документы по Закупкам</td></tr>
    <tr><th>Продукт</th><td class="prod">Контур.Закупки</td></tr>
  </table>
</div></body></html>"#;

const HISTORY: &str = r#"[
  {"id": 6990, "created_at": "CREATED", "inn_kpp": "6678083608-667801001", "title": "Закрывающие документы по Контур.Закупкам",
   "type": "Контур.Закупки", "status": "open", "knowledge": []},
  {"id": 7001, "created_at": "CREATED", "inn_kpp": "6678083608-667801001", "title": "Нужны закрывающие документы по Закупкам",
   "type": "Контур.Закупки", "status": "open", "knowledge": []}
]"#;

#[test]
#[ignore = "needs dist/ and Chromium: run ./build.sh test"]
fn a_profile_for_other_markup_runs_the_duplicate_flow() {
    let yesterday = wic_e2e::data::ago(24 * 60);
    let site = Site::start(vec![
        ("/helpdesk/ticket", "text/html", PAGE.to_string()),
        (
            "/rest/client-history",
            "application/json",
            HISTORY.replace("CREATED", &yesterday),
        ),
    ]);
    let profile = json!({
        "name": "helpdesk",
        "matches": ["http://127.0.0.1/*"],
        "incident_page": ".ticket-view[data-ticket]",
        "fields": { "incident_id": ".tkt-no", "inn_kpp": ".org-tax-id", "title": "td.subj", "type": "td.prod" },
        "endpoints": { "history": "/rest/client-history?org={inn}&from={since}" }
    });
    let browser = Browser::start();
    browser.save_profile(&profile.to_string()).unwrap();
    let state = browser
        .open_incident(&format!("{}/helpdesk/ticket", site.url))
        .unwrap();
    assert_eq!(state, "ready");
    let inn = browser.shown_text(sel::STATUS_INN, "INN read from a labelled span");
    assert!(inn.contains("667801001"), "{inn}");
    assert!(
        browser.panel_has(&sel::candidate(6990)),
        "candidate from the site's own endpoint"
    );
    assert!(
        !browser.panel_has(&sel::candidate(7001)),
        "never the ticket itself"
    );
    let asked = site.requests.lock().unwrap().clone();
    assert!(
        asked
            .iter()
            .any(|r| r.starts_with("GET /rest/client-history?org=6678083608&from=")),
        "{asked:?}"
    );
    // Sections the profile leaves out are off, and say so instead of failing.
    assert!(
        browser.panel_errors().unwrap().is_empty(),
        "{:?}",
        browser.panel_errors()
    );
    assert!(browser
        .panel_text("[data-wa-section=calls]")
        .unwrap()
        .is_some_and(|t| !t.is_empty()));
}

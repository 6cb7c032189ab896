//! The classic dialect (pages as the seed shows WIC, a report server on another origin) driven by
//! `profiles/wic-classic.json` alone: duplicates from the page's own lazily filled history table
//! (no request for history), unlinked calls from the «Непривязанные звонки» HTML report, and the
//! one-click link through the site's form.

use serde_json::{json, Value};
use std::time::Duration;
use wic_e2e::data::{ago, call, incident};
use wic_e2e::proxy::Proxy;
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Sandbox};

fn classic() -> Sandbox {
    Sandbox::start(Options {
        classic: true,
        ..Options::default()
    })
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn classic_pages_show_duplicates_from_the_table_and_calls_from_the_report() {
    let sb = classic();
    let inn = "6678083608-667801001";
    let earlier = incident(
        &sb,
        json!({"inn_kpp": inn, "title": "Не отправляется отчет в ФНС, ошибка подписи", "created_at": ago(26 * 60)}),
    );
    let other = incident(
        &sb,
        json!({"inn_kpp": inn, "title": "Вопрос по тарифам Контур.Эльба", "type": "Контур.Эльба", "created_at": ago(5 * 24 * 60)}),
    );
    let shown = incident(
        &sb,
        json!({"inn_kpp": inn, "title": "Отчет в ФНС не отправляется: ошибка подписи", "phone": "89222030770"}),
    );
    let c = call(&sb, "8 922 203 07 70", 6, 150);
    let proxy = Proxy::start();
    let browser = Browser::start_with(&proxy.chromium_args());
    browser.save_profile(&sb.classic_profile()).unwrap();
    // The history table arrives 300 ms after the card: the panel must read it when it does.
    assert_eq!(
        browser
            .open_incident(&format!("{}/incidents/{shown}", sb.url))
            .unwrap(),
        "ready"
    );
    let candidate = format!("[data-wa-incident=\"{earlier}\"]");
    browser.wait_panel(&candidate).unwrap();
    let level = browser
        .panel_query(&format!("{candidate}[data-wa-level]"))
        .unwrap();
    assert!(!level.is_null(), "the repeat is a candidate with a level");
    assert!(
        browser
            .panel_query(&format!("[data-wa-incident=\"{shown}\"]"))
            .unwrap()
            .is_null(),
        "never the incident itself, though the table lists it"
    );
    let s = &browser.session;
    let mark = s
        .wait_for(
            "the history row marked",
            &format!(
                "const a = [...document.querySelectorAll('#HistoryGrid tbody tr td:first-child a')]\
                 .find(a => a.textContent.trim() === '{earlier}'); \
                 return a && a.closest('tr').getAttribute('data-wa-duplicate');"
            ),
            Duration::from_secs(10),
        )
        .unwrap();
    assert!(
        matches!(mark.as_str(), Some("likely" | "possible")),
        "{mark}"
    );
    let _ = other;
    // History came from the page: nothing asked the site for it.
    let asked: Vec<String> = proxy
        .seen()
        .iter()
        .filter(|r| r.origin == sb.url)
        .map(|r| r.path.clone())
        .collect();
    assert!(
        !asked.iter().any(|p| p.starts_with("/api/incidents?")),
        "history requested from the site: {asked:?}"
    );
    // The operator's unlinked call, from the report server on the other origin.
    let reports = sb.reports.clone().unwrap();
    let item = format!("[data-wa-call=\"{c}\"]");
    browser.wait_panel(&item).unwrap();
    assert!(
        proxy
            .seen()
            .iter()
            .any(|r| r.origin == reports && r.path.starts_with("/uks/unlinked?")),
        "the report was read"
    );
    // The report has no caller numbers: the panel says which rule it could not check.
    assert!(
        browser
            .panel_query("[data-wa-section=calls] [data-wa-unchecked]")
            .unwrap()
            .is_object(),
        "the unchecked rules are named"
    );
    assert!(
        browser.panel_errors().unwrap().is_empty(),
        "{:?}",
        browser.panel_errors()
    );
    // The picture for the README (`WIC_SCREENSHOTS=1`): the classic card with the panel.
    browser.save_doc_screenshot("classic.png");
    // One click links it through the classic card's own «Ид звонка» form.
    browser
        .click_panel(&format!("{item} [data-wa-action=link]"))
        .unwrap();
    browser
        .wait_panel(&format!("{item}[data-wa-linked]"))
        .unwrap();
    let linked: Value = sb.get(&format!("/api/calls/{c}"))["linked_incident"].clone();
    assert_eq!(linked, json!(shown));
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn classic_popup_and_badge_read_the_report_server() {
    let sb = classic();
    let shown = incident(&sb, json!({"title": "Закрывающие документы"}));
    let open = call(&sb, "8 922 203 07 70", 30, 150);
    let linked = call(&sb, "8 343 370 26 77", 40, 200);
    sb.post(
        &format!("/api/incidents/{shown}/calls"),
        json!({ "call_id": linked }),
    );
    let browser = Browser::start();
    browser.save_profile(&sb.classic_profile()).unwrap();
    browser.open_incident(&sb.incident_url(shown)).unwrap();
    let s = &browser.session;
    browser.open_extension_page("options.html").unwrap();
    s.wait_for(
        "the background saw the site and the operator",
        "return chrome.storage.local.get(['last_origin', 'page_operator']).then(r => r.last_origin && r.page_operator ? r : null);",
        Duration::from_secs(15),
    )
    .unwrap();
    browser.open_extension_page("popup.html").unwrap();
    s.wait_for(
        "popup settled",
        "return document.documentElement.dataset.waState === 'ready';",
        Duration::from_secs(15),
    )
    .unwrap();
    // The month's numbers are the report's line for the operator (the sandbox computes it with
    // wic-core: 2 counted, 1 linked).
    let month = browser.js(
        "const b = document.querySelector('[data-wa-section=kpi] [data-wa-period=month]'); \
         const n = (s) => b.querySelector(s).textContent; \
         return {source: b.dataset.waSource || null, counted: n('[data-wa-counted]'), linked: n('[data-wa-linked]'), percent: n('[data-wa-percent]')};",
        vec![],
    );
    assert_eq!(month["source"], json!("report"), "{month}");
    assert_eq!(month["counted"], json!("2"), "{month}");
    assert_eq!(month["linked"], json!("1"), "{month}");
    assert_eq!(month["percent"], json!("50 %"), "{month}");
    // The unlinked call from the report is listed, the linked one is not.
    let listed = browser.js(
        "return [...document.querySelectorAll('[data-wa-section=calls] [data-wa-call]')].map(e => e.dataset.waCall);",
        vec![],
    );
    assert_eq!(listed, json!([open]));
    // The badge (the background, through its offscreen document in Chromium) counts it too.
    let badge = s
        .wait_for(
            "the badge counts the unlinked call",
            "return chrome.runtime.sendMessage({type: 'refresh_badge'}).then(() => chrome.action.getBadgeText({})).then(t => t === '1' ? t : null);",
            Duration::from_secs(15),
        )
        .unwrap();
    assert_eq!(badge, json!("1"));
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn classic_sms_and_non_client_fill_the_classic_forms() {
    let sb = classic();
    let id = incident(
        &sb,
        json!({"title": "Ошибка при подписании документа", "phone": "8 (922) 203-07-70", "department": "Экстерн 2 линия"}),
    );
    let browser = Browser::start();
    browser.save_profile(&sb.classic_profile()).unwrap();
    assert_eq!(
        browser.open_incident(&sb.incident_url(id)).unwrap(),
        "ready"
    );
    let value = |sel: &str| {
        browser.js(
            "const e = document.querySelector(arguments[0]); return e.type === 'checkbox' ? e.checked : e.value;",
            vec![json!(sel)],
        )
    };
    // SMS: the classic form's own kind codes (`kind_values`), the number in E.164, never sent.
    browser
        .click_panel("[data-wa-action=sms-incident-number]")
        .unwrap();
    browser.wait_panel("[data-wa-sms-segments]").unwrap();
    assert_eq!(value("#SmsPhone"), json!("+79222030770"));
    assert_eq!(value("#SmsType"), json!("1"));
    let text = value("#SmsText");
    assert!(
        text.as_str()
            .unwrap()
            .starts_with(&format!("Номер вашего вопроса {id}.")),
        "{text}"
    );
    assert_eq!(value("#SmsWhenResolved"), json!(false));
    assert_eq!(
        sb.get(&format!("/api/incidents/{id}/sms")),
        json!([]),
        "the extension never sends"
    );
    // Non-client: article 6053 bound through the classic card's own field, the title set.
    browser.click_panel("[data-wa-action=non-client]").unwrap();
    browser
        .wait_panel("[data-wa-section=non-client] [data-wa-done]")
        .unwrap();
    let s = &browser.session;
    s.wait_for(
        "6053 among the card's articles",
        "return [...document.querySelectorAll('#KnowledgeLinks .kb-article')].some(e => e.textContent.includes('6053')) || null;",
        Duration::from_secs(10),
    )
    .unwrap();
    let title = value("#IncidentSubject");
    assert_ne!(title, json!("Ошибка при подписании документа"), "{title}");
}

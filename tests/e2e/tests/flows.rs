//! End to end, like an operator: duplicates with zero clicks, one-click call linking, SMS form fill,
//! non-client registration, and SPA navigation — each checked in the sandbox's database afterwards.

use serde_json::{json, Value};
use std::time::Duration;
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Sandbox};

use wic_e2e::data::{ago, call, incident as create, INN_KPP};

fn page_value(browser: &Browser, selector: &str) -> Value {
    browser
        .session
        .execute("const e = document.querySelector(arguments[0]); return e ? (e.type === 'checkbox' ? e.checked : e.value) : null;", vec![json!(selector)])
        .unwrap()
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn duplicates_are_shown_on_load_and_marked_in_history() {
    let sb = Sandbox::start(Options::default());
    let older = create(
        &sb,
        json!({"title": "Закрывающие документы по Контур.Закупкам", "knowledge": [5163], "created_at": ago(2 * 24 * 60)}),
    );
    let other = create(
        &sb,
        json!({"title": "Не приходит смс с кодом подтверждения", "type": "Контур.Экстерн", "created_at": ago(3 * 24 * 60)}),
    );
    let stale = create(
        &sb,
        json!({"title": "Закрывающие документы по Контур.Закупкам", "knowledge": [5163], "created_at": ago(9 * 24 * 60)}),
    );
    let id = create(
        &sb,
        json!({"title": "(+1) Закрывающие документы по Контур.Закупкам", "knowledge": [5163]}),
    );
    let browser = Browser::start();
    assert_eq!(
        browser
            .open_incident(&format!("{}/incidents/{id}", sb.url))
            .unwrap(),
        "ready"
    );
    // Zero clicks: the warning is there when the page settles.
    let likely = browser
        .panel_query(&format!(
            "[data-wa-incident=\"{older}\"][data-wa-level=likely]"
        ))
        .unwrap();
    assert!(
        !likely.is_null(),
        "the reworded repeat is a likely duplicate; errors: {:?}",
        browser.panel_errors()
    );
    let reasons = browser
        .panel_text(&format!("[data-wa-incident=\"{older}\"] .reasons"))
        .unwrap()
        .unwrap();
    assert!(
        reasons.contains("5163") && reasons.contains("ИНН-КПП"),
        "{reasons}"
    );
    assert!(
        browser
            .panel_query(&format!("[data-wa-incident=\"{id}\"]"))
            .unwrap()
            .is_null(),
        "never itself"
    );
    assert!(
        browser
            .panel_query(&format!("[data-wa-incident=\"{stale}\"]"))
            .unwrap()
            .is_null(),
        "outside the 7-day window"
    );
    assert!(
        browser
            .panel_query(&format!(
                "[data-wa-incident=\"{other}\"][data-wa-level=likely]"
            ))
            .unwrap()
            .is_null(),
        "another problem of the same client is not likely"
    );
    let marked = browser
        .session
        .execute("return document.querySelector('#history tr[data-incident-id=\"' + arguments[0] + '\"]').dataset.waDuplicate || null;", vec![json!(older)])
        .unwrap();
    assert_eq!(
        marked,
        json!("likely"),
        "the page's own history row is marked"
    );
    // «Открыть» opens the existing incident.
    browser
        .click_panel(&format!(
            "[data-wa-incident=\"{older}\"] [data-wa-action=open]"
        ))
        .unwrap();
    browser
        .session
        .wait_for(
            "the older incident opened",
            &format!("return location.pathname === '/incidents/{older}';"),
            Duration::from_secs(10),
        )
        .unwrap();
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn typing_inn_on_a_new_incident_warns_and_continue_carries_the_draft() {
    let sb = Sandbox::start(Options::default());
    let older = create(
        &sb,
        json!({"title": "Закрывающие документы по Контур.Закупкам", "knowledge": [5163], "created_at": ago(24 * 60),
                                   "description": "Необходимы закрывающие документы по счету"}),
    );
    let browser = Browser::start();
    let s = &browser.session;
    browser
        .open_incident(&format!("{}/incidents/new", sb.url))
        .unwrap();
    let title = s
        .execute(
            "return document.querySelector('#incident-card [name=title]');",
            vec![],
        )
        .unwrap();
    s.send_keys(&title, "Нужны закрывающие документы по Закупкам")
        .unwrap();
    let desc = s
        .execute(
            "return document.querySelector('#incident-card [name=description]');",
            vec![],
        )
        .unwrap();
    s.send_keys(&desc, "Клиенту нужен скан акта по почте")
        .unwrap();
    let inn = s
        .execute(
            "return document.querySelector('#incident-card [name=inn_kpp]');",
            vec![],
        )
        .unwrap();
    s.send_keys(&inn, INN_KPP).unwrap();
    // Debounced: the candidate appears without any click.
    browser
        .wait_panel(&format!("[data-wa-incident=\"{older}\"]"))
        .unwrap();
    browser
        .click_panel(&format!(
            "[data-wa-incident=\"{older}\"] [data-wa-action=continue]"
        ))
        .unwrap();
    s.wait_for(
        "the existing incident opened",
        &format!("return location.pathname === '/incidents/{older}';"),
        Duration::from_secs(10),
    )
    .unwrap();
    browser.wait_panel("[data-wa-draft-applied]").unwrap();
    let description = page_value(&browser, "#incident-card [name=description]");
    assert!(
        description
            .as_str()
            .unwrap()
            .contains("Клиенту нужен скан акта по почте"),
        "draft carried: {description}"
    );
    assert!(
        description
            .as_str()
            .unwrap()
            .contains("Необходимы закрывающие документы"),
        "original kept: {description}"
    );
    let title = page_value(&browser, "#incident-card [name=title]");
    assert!(
        title.as_str().unwrap().starts_with("(+1) "),
        "marked as a repeat contact: {title}"
    );
    // Nothing was written behind the operator's back: the stored incident is unchanged until they save.
    let stored = sb.get(&format!("/api/incidents/{older}"));
    assert_eq!(
        stored["title"],
        json!("Закрывающие документы по Контур.Закупкам")
    );
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn the_right_call_is_linked_with_one_click_exactly_once() {
    let sb = Sandbox::start(Options::default());
    let id = create(
        &sb,
        json!({"title": "Не отправляется отчет в ФНС", "phone": "8(922)203-07-70", "type": "Контур.Экстерн"}),
    );
    let other = call(&sb, "8(343)111-22-33", 30, 240);
    let mine = call(&sb, "+7 922 203-07-70", 10, 197);
    let _short = call(&sb, "89222030770", 5, 12); // under 20 s: excluded from the KPI, never listed
    let browser = Browser::start();
    browser
        .open_incident(&format!("{}/incidents/{id}", sb.url))
        .unwrap();
    let suggested = browser
        .wait_panel(&format!("[data-wa-call=\"{mine}\"][data-wa-suggested]"))
        .unwrap();
    assert!(!suggested.is_null());
    assert!(
        !browser
            .panel_query(&format!("[data-wa-call=\"{other}\"]"))
            .unwrap()
            .is_null(),
        "other unlinked calls listed"
    );
    assert!(
        browser
            .panel_query(&format!("[data-wa-call=\"{_short}\"]"))
            .unwrap()
            .is_null(),
        "excluded call not listed"
    );
    // Count the page's link requests, then double-click like an impatient operator.
    browser
        .session
        .execute(
            "window.__links = 0; const f = window.fetch; window.fetch = function(u, o) { \
             if (String(u).includes('/calls') && o && o.method === 'POST') window.__links++; return f.apply(this, arguments); };",
            vec![],
        )
        .unwrap();
    let link = browser
        .wait_panel(&format!("[data-wa-call=\"{mine}\"] [data-wa-action=link]"))
        .unwrap();
    browser.session.click(&link).unwrap();
    let _ = browser.session.click(&link); // the button is disabled (or gone) by now
    browser
        .wait_panel(&format!("[data-wa-call=\"{mine}\"][data-wa-linked]"))
        .unwrap();
    let posts = browser
        .session
        .execute("return window.__links;", vec![])
        .unwrap();
    assert_eq!(posts, json!(1), "WIC's form was submitted exactly once");
    let linked = sb.get(&format!("/api/incidents/{id}/calls"));
    let ids: Vec<&str> = linked
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        vec![mine.as_str()],
        "the call is linked once, to this incident"
    );
    let stored = sb.get(&format!("/api/calls/{mine}"));
    assert_eq!(stored["linked_incident"], json!(id));
    assert!(stored["linked_by"].as_str().is_some());
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn sms_form_is_filled_with_one_click_but_never_sent() {
    let sb = Sandbox::start(Options::default());
    let id = create(
        &sb,
        json!({"title": "Ошибка при подписании документа", "phone": "8 (922) 203-07-70", "department": "Экстерн 2 линия"}),
    );
    let browser = Browser::start();
    browser
        .open_incident(&format!("{}/incidents/{id}", sb.url))
        .unwrap();
    browser
        .click_panel("[data-wa-action=sms-incident-number]")
        .unwrap();
    browser.wait_panel("[data-wa-sms-segments]").unwrap();
    assert_eq!(page_value(&browser, "#sms-phone"), json!("+79222030770"));
    assert_eq!(page_value(&browser, "#sms-kind"), json!("incident_number"));
    let text = page_value(&browser, "#sms-text");
    assert!(
        text.as_str()
            .unwrap()
            .starts_with(&format!("Номер вашего вопроса {id}.")),
        "{text}"
    );
    assert_eq!(page_value(&browser, "#sms-on-resolve"), json!(false));
    let segments = browser
        .panel_text("[data-wa-sms-segments]")
        .unwrap()
        .unwrap();
    assert!(segments.contains('2'), "two UCS-2 segments: {segments}");

    browser
        .click_panel("[data-wa-action=sms-resolved]")
        .unwrap();
    browser
        .session
        .wait_for(
            "resolution kind",
            "return document.querySelector('#sms-kind').value === 'resolved';",
            Duration::from_secs(5),
        )
        .unwrap();
    assert_eq!(
        page_value(&browser, "#sms-on-resolve"),
        json!(true),
        "«Отправить сразу, как будет решен» is ticked"
    );
    assert!(
        !browser
            .panel_query("[data-wa-action=sms-unreachable]")
            .unwrap()
            .is_null(),
        "always one click away"
    );
    assert_eq!(
        sb.get(&format!("/api/incidents/{id}/sms")),
        json!([]),
        "the extension never sends"
    );

    // A landline: SMS is impossible, and the panel says why.
    let landline = create(
        &sb,
        json!({"title": "x", "phone": "83433702677", "department": "Экстерн 2 линия"}),
    );
    browser
        .open_incident(&format!("{}/incidents/{landline}", sb.url))
        .unwrap();
    let why = browser
        .panel_text("[data-wa-error=sms-not-mobile]")
        .unwrap()
        .expect("explains why");
    assert!(why.contains("83433702677"), "{why}");
    assert!(browser
        .panel_query("[data-wa-action^=sms-]")
        .unwrap()
        .is_null());
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn sms_is_not_offered_to_exempt_departments_or_twice() {
    let sb = Sandbox::start(Options::default());
    let sc = create(
        &sb,
        json!({"title": "Вопрос по работе СЦ", "phone": "89222030770", "department": "СЦ"}),
    );
    let browser = Browser::start();
    browser
        .open_incident(&format!("{}/incidents/{sc}", sb.url))
        .unwrap();
    assert!(
        browser
            .panel_query("[data-wa-action=sms-incident-number]")
            .unwrap()
            .is_null(),
        "СЦ is exempt"
    );
    assert!(!browser
        .panel_query("[data-wa-action=sms-unreachable]")
        .unwrap()
        .is_null());

    let id = create(
        &sb,
        json!({"title": "Ошибка отправки", "phone": "89222030770", "department": "Экстерн 2 линия"}),
    );
    let text = format!("Номер вашего вопроса {id}. Следите за ходом решения и задавайте вопросы на https://my.kontur.ru/s/{id} . Хорошего дня!");
    let sent = sb.post(&format!("/api/incidents/{id}/sms"), json!({"phone": "89222030770", "kind": "incident_number", "text": text, "send_on_resolve": false}));
    assert!(sent.get("error").is_none(), "{sent}");
    browser
        .open_incident(&format!("{}/incidents/{id}", sb.url))
        .unwrap();
    assert!(
        browser
            .panel_query("[data-wa-action=sms-incident-number]")
            .unwrap()
            .is_null(),
        "not twice for the same kind"
    );
    assert!(!browser
        .panel_query("[data-wa-action=sms-resolved]")
        .unwrap()
        .is_null());
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn non_client_call_is_registered_under_6053_with_one_click() {
    let sb = Sandbox::start(Options::default());
    let id = create(&sb, json!({"title": "Звонок", "phone": "83433702677"}));
    let browser = Browser::start();
    browser
        .open_incident(&format!("{}/incidents/{id}", sb.url))
        .unwrap();
    browser
        .session
        .execute(
            "const s = document.getElementById('wic-assist').shadowRoot.querySelector('[data-wa-field=non-client-reason]'); \
             s.value = 'wrong_number'; s.dispatchEvent(new Event('change'));",
            vec![],
        )
        .unwrap();
    browser.click_panel("[data-wa-action=non-client]").unwrap();
    browser
        .wait_panel("[data-wa-section=non-client] [data-wa-done]")
        .unwrap();
    let knowledge = browser
        .session
        .execute("return [...document.querySelectorAll('#knowledge-list .knowledge-id')].map(e => e.textContent.trim());", vec![])
        .unwrap();
    assert_eq!(
        knowledge,
        json!(["6053"]),
        "article 6053 added through WIC's own field"
    );
    let title = page_value(&browser, "#incident-card [name=title]");
    assert!(
        title.as_str().unwrap().contains("Ошиблись номером"),
        "{title}"
    );
    // The operator saves; the database then holds the registration.
    browser
        .session
        .click(
            &browser
                .session
                .execute("return document.getElementById('save');", vec![])
                .unwrap(),
        )
        .unwrap();
    browser
        .session
        .wait_for("saved", "return document.getElementById('save-status') && document.getElementById('save-status').textContent.length > 0;", Duration::from_secs(10))
        .unwrap();
    let stored = sb.get(&format!("/api/incidents/{id}"));
    assert_eq!(stored["knowledge"], json!([6053]), "{stored}");
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn spa_navigation_shows_only_the_new_incident_and_drops_late_answers() {
    let sb = Sandbox::start(Options {
        faults: true,
        ..Options::default()
    });
    let inn = "7707083893-770701001";
    let a = create(
        &sb,
        json!({"inn_kpp": inn, "title": "Не приходят входящие документы", "type": "Контур.Диадок", "created_at": ago(60)}),
    );
    let b = create(
        &sb,
        json!({"inn_kpp": inn, "title": "(+1) Не приходят входящие документы", "type": "Контур.Диадок"}),
    );
    let browser = Browser::start();
    let s = &browser.session;
    // A's history request hangs: its answer (which would list B as A's duplicate) must never show.
    sb.post(
        "/api/__faults",
        json!({"route": "history", "kind": "hang", "count": 1}),
    );
    s.goto(&format!("{}/incidents/{a}", sb.url)).unwrap();
    s.execute("window.__wicNoReload = true;", vec![]).unwrap();
    let link = s
        .wait_for(
            "B in A's history table",
            &format!(
                "return document.querySelector('#history a.history-id[href=\"/incidents/{b}\"]');"
            ),
            Duration::from_secs(10),
        )
        .unwrap();
    browser.wait_panel("[data-wa-section=duplicates]").unwrap();
    s.click(&link).unwrap();
    s.wait_for(
        "B shown",
        &format!("return document.querySelector('#incident-card [name=id]').value === '{b}';"),
        Duration::from_secs(10),
    )
    .unwrap();
    assert_eq!(
        s.execute(
            "return window.__wicNoReload === true && location.pathname;",
            vec![]
        )
        .unwrap(),
        json!(format!("/incidents/{b}")),
        "no reload"
    );
    browser
        .wait_panel(&format!("[data-wa-incident=\"{a}\"]"))
        .unwrap();
    assert_eq!(browser.wait_settled().unwrap(), "ready");
    assert!(
        browser
            .panel_query(&format!("[data-wa-incident=\"{b}\"]"))
            .unwrap()
            .is_null(),
        "A's late answer is dropped"
    );
    let status = browser
        .panel_text("[data-wa-section=status] [data-wa-inn]")
        .unwrap()
        .unwrap();
    assert!(status.contains("7707083893"), "{status}");
    assert_eq!(
        s.execute(
            "return document.querySelectorAll('#wic-assist').length;",
            vec![]
        )
        .unwrap(),
        json!(1)
    );
    // Back to A (popstate): A's panel again, with B as its duplicate now that history answers.
    s.execute("history.back();", vec![]).unwrap();
    browser
        .wait_panel(&format!("[data-wa-incident=\"{b}\"]"))
        .unwrap();
}

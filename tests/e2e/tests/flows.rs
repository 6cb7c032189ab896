//! End to end, like an operator: duplicates with zero clicks, one-click call linking, SMS form fill,
//! non-client registration, and SPA navigation — each checked in the sandbox's database afterwards.

use serde_json::json;
use std::time::Duration;
use wic_e2e::data::{
    ago, call, incident as create, linked_calls, repeat_contact, two_of_another_client,
    CLOSING_DOCUMENTS, INN_KPP,
};
use wic_e2e::sandbox::Options;
use wic_e2e::{sandbox_with, sel, Browser, Sandbox};

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn duplicates_are_shown_on_load_and_marked_in_history() {
    let sb = Sandbox::start(Options::default());
    let other = create(
        &sb,
        json!({"title": "Не приходит смс с кодом подтверждения", "type": "Контур.Экстерн", "created_at": ago(3 * 24 * 60)}),
    );
    let stale = create(
        &sb,
        json!({"title": CLOSING_DOCUMENTS, "knowledge": [5163], "created_at": ago(9 * 24 * 60)}),
    );
    let (older, id) = repeat_contact(&sb, json!({}));
    let browser = Browser::start();
    assert_eq!(
        browser.open_incident(&sb.incident_url(id)).unwrap(),
        "ready"
    );
    // Zero clicks: the warning is there when the page settles.
    assert!(
        browser.panel_has(&sel::likely(older)),
        "the reworded repeat is a likely duplicate; errors: {:?}",
        browser.panel_errors()
    );
    let reasons = browser
        .panel_text(&format!("{} .reasons", sel::candidate(older)))
        .unwrap()
        .unwrap();
    assert!(
        reasons.contains("5163") && reasons.contains("ИНН-КПП"),
        "{reasons}"
    );
    assert!(!browser.panel_has(&sel::candidate(id)), "never itself");
    assert!(
        !browser.panel_has(&sel::candidate(stale)),
        "outside the 7-day window"
    );
    assert!(
        !browser.panel_has(&sel::likely(other)),
        "another problem of the same client is not likely"
    );
    let marked = browser.js(
        "return document.querySelector('#history tr[data-incident-id=\"' + arguments[0] + '\"]').dataset.waDuplicate || null;",
        vec![json!(older)],
    );
    assert_eq!(
        marked,
        json!("likely"),
        "the page's own history row is marked"
    );
    // «Открыть» opens the existing incident.
    browser
        .click_panel(&sel::candidate_action(older, "open"))
        .unwrap();
    browser.wait_path(older).unwrap();
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn typing_inn_on_a_new_incident_warns_and_continue_carries_the_draft() {
    let sb = Sandbox::start(Options::default());
    let older = create(
        &sb,
        json!({"title": CLOSING_DOCUMENTS, "knowledge": [5163], "created_at": ago(24 * 60),
               "description": "Необходимы закрывающие документы по счету"}),
    );
    let browser = Browser::start();
    browser
        .open_incident(&format!("{}/incidents/new", sb.url))
        .unwrap();
    for (field, text) in [
        ("title", "Нужны закрывающие документы по Закупкам"),
        ("description", "Клиенту нужен скан акта по почте"),
        ("inn_kpp", INN_KPP),
    ] {
        browser.type_into(field, text).unwrap();
    }
    // Debounced: the candidate appears without any click.
    browser.wait_panel(&sel::candidate(older)).unwrap();
    browser.continue_in(older).unwrap();
    let description = browser.page_value("#incident-card [name=description]");
    let description = description.as_str().unwrap();
    assert!(
        description.contains("Клиенту нужен скан акта по почте"),
        "draft carried: {description}"
    );
    assert!(
        description.contains("Необходимы закрывающие документы"),
        "original kept: {description}"
    );
    let title = browser.page_value("#incident-card [name=title]");
    assert!(
        title.as_str().unwrap().starts_with("(+1) "),
        "marked as a repeat contact: {title}"
    );
    // Nothing was written behind the operator's back: the stored incident is unchanged until they save.
    let stored = sb.get(&format!("/api/incidents/{older}"));
    assert_eq!(stored["title"], json!(CLOSING_DOCUMENTS));
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn the_right_call_is_linked_with_one_click_exactly_once() {
    let (sb, id) = sandbox_with(
        json!({"title": "Не отправляется отчет в ФНС", "phone": "8(922)203-07-70", "type": "Контур.Экстерн"}),
    );
    let other = call(&sb, "8(343)111-22-33", 30, 240);
    let mine = call(&sb, "+7 922 203-07-70", 10, 197);
    let short = call(&sb, "89222030770", 5, 12); // under 20 s: excluded from the KPI, never listed
    let (browser, _) = Browser::showing(&sb, id);
    let suggested = browser.wait_panel(&sel::suggested(&mine)).unwrap();
    assert!(!suggested.is_null());
    assert!(
        browser.panel_has(&sel::call(&other)),
        "other unlinked calls listed"
    );
    assert!(
        !browser.panel_has(&sel::call(&short)),
        "excluded call not listed"
    );
    // Count the page's link requests, then double-click like an impatient operator.
    browser.js(
        "window.__links = 0; const f = window.fetch; window.fetch = function(u, o) { \
         if (String(u).includes('/calls') && o && o.method === 'POST') window.__links++; return f.apply(this, arguments); };",
        vec![],
    );
    let link = browser.wait_panel(&sel::link_button(&mine)).unwrap();
    browser.session.click(&link).unwrap();
    let _ = browser.session.click(&link); // the button is disabled (or gone) by now
    browser.wait_panel(&sel::linked(&mine)).unwrap();
    let posts = browser.js("return window.__links;", vec![]);
    assert_eq!(posts, json!(1), "WIC's form was submitted exactly once");
    assert_eq!(
        linked_calls(&sb, id),
        vec![mine.clone()],
        "the call is linked once, to this incident"
    );
    let stored = sb.get(&format!("/api/calls/{mine}"));
    assert_eq!(stored["linked_incident"], json!(id));
    assert!(stored["linked_by"].as_str().is_some());
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn sms_form_is_filled_with_one_click_but_never_sent() {
    let (sb, id) = sandbox_with(
        json!({"title": "Ошибка при подписании документа", "phone": "8 (922) 203-07-70", "department": "Экстерн 2 линия"}),
    );
    let (browser, _) = Browser::showing(&sb, id);
    browser
        .click_panel(&sel::action("sms-incident-number"))
        .unwrap();
    browser.wait_panel(sel::SMS_SEGMENTS).unwrap();
    assert_eq!(browser.page_value("#sms-phone"), json!("+79222030770"));
    assert_eq!(browser.page_value("#sms-kind"), json!("incident_number"));
    let text = browser.page_value("#sms-text");
    assert!(
        text.as_str()
            .unwrap()
            .starts_with(&format!("Номер вашего вопроса {id}.")),
        "{text}"
    );
    assert_eq!(browser.page_value("#sms-on-resolve"), json!(false));
    let segments = browser.panel_text(sel::SMS_SEGMENTS).unwrap().unwrap();
    assert!(segments.contains('2'), "two UCS-2 segments: {segments}");

    browser.click_panel(&sel::action("sms-resolved")).unwrap();
    browser
        .session
        .wait_for(
            "resolution kind",
            "return document.querySelector('#sms-kind').value === 'resolved';",
            Duration::from_secs(5),
        )
        .unwrap();
    assert_eq!(
        browser.page_value("#sms-on-resolve"),
        json!(true),
        "«Отправить сразу, как будет решен» is ticked"
    );
    assert!(
        browser.panel_has(&sel::action("sms-unreachable")),
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
    browser.open_incident(&sb.incident_url(landline)).unwrap();
    let why = browser.shown_text(&sel::error("sms-not-mobile"), "explains why");
    assert!(why.contains("83433702677"), "{why}");
    assert!(!browser.panel_has("[data-wa-action^=sms-]"));
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn sms_is_not_offered_to_exempt_departments_or_twice() {
    let (sb, sc) = sandbox_with(
        json!({"title": "Вопрос по работе СЦ", "phone": "89222030770", "department": "СЦ"}),
    );
    let (browser, _) = Browser::showing(&sb, sc);
    assert!(
        !browser.panel_has(&sel::action("sms-incident-number")),
        "СЦ is exempt"
    );
    assert!(browser.panel_has(&sel::action("sms-unreachable")));

    let id = create(
        &sb,
        json!({"title": "Ошибка отправки", "phone": "89222030770", "department": "Экстерн 2 линия"}),
    );
    let text = format!("Номер вашего вопроса {id}. Следите за ходом решения и задавайте вопросы на https://my.kontur.ru/s/{id} . Хорошего дня!");
    let sent = sb.post(&format!("/api/incidents/{id}/sms"), json!({"phone": "89222030770", "kind": "incident_number", "text": text, "send_on_resolve": false}));
    assert!(sent.get("error").is_none(), "{sent}");
    browser.open_incident(&sb.incident_url(id)).unwrap();
    assert!(
        !browser.panel_has(&sel::action("sms-incident-number")),
        "not twice for the same kind"
    );
    assert!(browser.panel_has(&sel::action("sms-resolved")));
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn non_client_call_is_registered_under_6053_with_one_click() {
    let (sb, id) = sandbox_with(json!({"title": "Звонок", "phone": "83433702677"}));
    let (browser, _) = Browser::showing(&sb, id);
    browser.js(
        "const s = document.getElementById('wic-assist').shadowRoot.querySelector('[data-wa-field=non-client-reason]'); \
         s.value = 'wrong_number'; s.dispatchEvent(new Event('change'));",
        vec![],
    );
    browser.click_panel(&sel::action("non-client")).unwrap();
    browser.wait_panel(sel::NON_CLIENT_DONE).unwrap();
    let knowledge = browser.js(
        "return [...document.querySelectorAll('#knowledge-list .knowledge-id')].map(e => e.textContent.trim());",
        vec![],
    );
    assert_eq!(
        knowledge,
        json!(["6053"]),
        "article 6053 added through WIC's own field"
    );
    let title = browser.page_value("#incident-card [name=title]");
    assert!(
        title.as_str().unwrap().contains("Ошиблись номером"),
        "{title}"
    );
    // The operator saves; the database then holds the registration.
    browser.click_element("#save");
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
    let (a, b) = two_of_another_client(
        &sb,
        json!({"title": "Не приходят входящие документы", "type": "Контур.Диадок"}),
        json!({"title": "(+1) Не приходят входящие документы", "type": "Контур.Диадок"}),
    );
    let browser = Browser::start();
    // A's history request hangs: its answer (which would list B as A's duplicate) must never show.
    sb.fault("history", "hang", 1);
    browser.session.goto(&sb.incident_url(a)).unwrap();
    browser.mark_document().unwrap();
    let link = browser.history_link(b).unwrap();
    browser.wait_panel("[data-wa-section=duplicates]").unwrap();
    browser.session.click(&link).unwrap();
    browser.wait_card(b).unwrap();
    assert!(browser.not_reloaded().unwrap(), "no reload");
    assert_eq!(
        browser.js("return location.pathname;", vec![]),
        json!(format!("/incidents/{b}")),
        "B's address, in the same document"
    );
    browser.wait_panel(&sel::candidate(a)).unwrap();
    assert_eq!(browser.wait_settled().unwrap(), "ready");
    assert!(
        !browser.panel_has(&sel::candidate(b)),
        "A's late answer is dropped"
    );
    let status = browser.panel_text(sel::STATUS_INN).unwrap().unwrap();
    assert!(status.contains("7707083893"), "{status}");
    assert_eq!(
        browser.js(
            "return document.querySelectorAll('#wic-assist').length;",
            vec![]
        ),
        json!(1)
    );
    // Back to A (popstate): A's panel again, with B as its duplicate now that history answers.
    browser.js("history.back();", vec![]);
    browser.wait_panel(&sel::candidate(b)).unwrap();
}

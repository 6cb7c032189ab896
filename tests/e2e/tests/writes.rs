//! Writes are exactly-once and never land on the wrong incident: a double (triple) click links once,
//! a call the server says is linked elsewhere (409) is shown as `link-failed` and stays where it
//! was, and a click that meets an in-page navigation never links the call to the incident the
//! operator navigated to. Requests are counted on the wire, by a proxy in front of the browser.

use serde_json::json;
use std::time::Duration;
use wic_e2e::data::{
    call, incident, linked_calls, linked_incident, two_of_another_client, OTHER_INN_KPP,
};
use wic_e2e::proxy::Proxy;
use wic_e2e::sandbox::Options;
use wic_e2e::{sandbox_with, sel, Browser, Sandbox};

/// The browser behind a recording proxy, so that every write is counted on the wire.
fn browser_behind_proxy() -> (Proxy, Browser) {
    let proxy = Proxy::start();
    let browser = Browser::start_with(&proxy.chromium_args());
    (proxy, browser)
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn double_clicks_link_once_and_a_409_is_link_failed() {
    let (sb, id) = sandbox_with(json!({"title": "Не отправляется отчет", "phone": "89222030770"}));
    let elsewhere = incident(
        &sb,
        json!({"title": "Другой клиент", "phone": "83432000000", "inn_kpp": OTHER_INN_KPP}),
    );
    let mine = call(&sb, "8 922 203 07 70", 8, 150);
    let taken = call(&sb, "8 343 200 00 00", 20, 200);
    let (proxy, browser) = browser_behind_proxy();
    assert_eq!(
        browser.open_incident(&sb.incident_url(id)).unwrap(),
        "ready"
    );
    let link_path = format!("/api/incidents/{id}/calls");

    // Three clicks in one task (faster than any human), then one more through WebDriver.
    browser.js(
        "const b = document.getElementById('wic-assist').shadowRoot.querySelector('[data-wa-call=\"' + arguments[0] + '\"] [data-wa-action=link]'); \
         b.click(); b.click(); b.click();",
        vec![json!(mine)],
    );
    if let Ok(b) = browser.panel_query(&sel::link_button(&mine)) {
        if !b.is_null() {
            let _ = browser.session.click(&b);
        }
    }
    browser.wait_panel(&sel::linked(&mine)).unwrap();
    std::thread::sleep(Duration::from_millis(500)); // a second submit would be on the wire by now
    assert_eq!(
        proxy.posts(&link_path),
        1,
        "WIC's link form was submitted exactly once"
    );
    assert_eq!(linked_incident(&sb, &mine), json!(id));

    // Another operator links the other call elsewhere behind the panel's back: WIC answers 409.
    let r = sb.post(
        &format!("/api/incidents/{elsewhere}/calls"),
        json!({"call_id": taken}),
    );
    assert!(r.get("error").is_none(), "{r}");
    browser.click_panel(&sel::link_button(&taken)).unwrap();
    let failed = format!("{} {}", sel::call(&taken), sel::error("link-failed"));
    assert!(!browser.wait_panel(&failed).unwrap().is_null());
    let msg = browser.panel_text(&failed).unwrap().unwrap();
    assert!(
        msg.chars().any(|c| ('а'..='я').contains(&c)),
        "a Russian message: {msg}"
    );
    assert!(
        !browser.panel_has(&sel::linked(&taken)),
        "not shown as linked"
    );
    assert_eq!(
        linked_incident(&sb, &taken),
        json!(elsewhere),
        "still linked where it was"
    );
    assert_eq!(
        proxy.posts(&link_path),
        2,
        "one submit for the refused call"
    );
    assert_eq!(
        proxy.posts(&format!("/api/incidents/{elsewhere}/calls")),
        0,
        "the browser never wrote to the other incident"
    );
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn a_link_click_during_navigation_never_links_to_the_wrong_incident() {
    let sb = Sandbox::start(Options::default());
    let (b, a) = two_of_another_client(
        &sb,
        json!({"title": "Не приходят документы", "phone": "83432000000"}),
        json!({"title": "Ошибка подписи", "phone": "89222030770"}),
    );
    let c = call(&sb, "8 922 203 07 70", 8, 150);
    let (proxy, browser) = browser_behind_proxy();
    let s = &browser.session;
    browser.open_incident(&sb.incident_url(a)).unwrap();
    browser.wait_panel(&sel::suggested_link_button(&c)).unwrap();
    // The operator clicks «Привязать» (A's suggestion) just as WIC swaps in incident B: the click
    // lands in the moment after the swap, while the panel still shows A.
    browser.js(
        "const main = document.getElementById('main'); \
         const btn = document.getElementById('wic-assist').shadowRoot.querySelector('[data-wa-call=\"' + arguments[0] + '\"] [data-wa-action=link]'); \
         new MutationObserver((_, o) => { o.disconnect(); btn.click(); window.__clicked = true; }).observe(main, { childList: true });",
        vec![json!(c)],
    );
    browser.mark_document().unwrap();
    let link = browser.history_link(b).unwrap();
    s.click(&link).unwrap();
    s.wait_for(
        "the click happened after the swap",
        "return window.__clicked === true;",
        Duration::from_secs(10),
    )
    .unwrap();
    browser.wait_card(b).unwrap();
    browser.wait_settled().unwrap();
    std::thread::sleep(Duration::from_millis(1500)); // a submit, if any, has happened by now
    assert!(
        browser.not_reloaded().unwrap(),
        "in-page navigation, no reload"
    );
    let linked = linked_incident(&sb, &c);
    assert_ne!(linked, json!(b), "the call meant for A was linked to B");
    assert_eq!(
        proxy.posts(&format!("/api/incidents/{b}/calls")),
        0,
        "nothing was submitted for B"
    );
    assert!(linked.is_null() || linked == json!(a), "{linked}");
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn a_form_re_rendered_mid_fill_is_filled_again_and_linked_once() {
    let (sb, id) = sandbox_with(json!({"title": "Не отправляется отчет", "phone": "89222030770"}));
    let mine = call(&sb, "8 922 203 07 70", 8, 150);
    let (browser, state) = Browser::showing(&sb, id);
    assert_eq!(state, "ready");
    // Like a site that re-renders its form on input: the first `input` on «Ид звонка» swaps the field
    // for a fresh, empty one (what was typed is lost).
    browser.js(
        "window.__rerenders = 0; document.addEventListener('input', (e) => { \
           if (e.target.id !== 'call-link-id' || window.__rerenders > 0) return; window.__rerenders++; \
           const fresh = e.target.cloneNode(false); fresh.value = ''; e.target.replaceWith(fresh); }, true);",
        vec![],
    );
    browser.link_call(&mine).unwrap();
    assert_eq!(
        browser.js("return window.__rerenders;", vec![]),
        json!(1),
        "the form was re-rendered"
    );
    assert_eq!(linked_calls(&sb, id), vec![mine.clone()]);
    assert_eq!(linked_incident(&sb, &mine), json!(id));
}

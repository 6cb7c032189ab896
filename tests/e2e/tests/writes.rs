//! Writes are exactly-once and never land on the wrong incident: a double (triple) click links once,
//! a call the server says is linked elsewhere (409) is shown as `link-failed` and stays where it
//! was, and a click that meets an in-page navigation never links the call to the incident the
//! operator navigated to. Requests are counted on the wire, by a proxy in front of the browser.

use serde_json::json;
use std::time::Duration;
use wic_e2e::data::{ago, call, incident};
use wic_e2e::proxy::Proxy;
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Sandbox};

fn posts(proxy: &Proxy, path: &str) -> usize {
    proxy
        .seen()
        .iter()
        .filter(|r| r.method == "POST" && r.path == path)
        .count()
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn double_clicks_link_once_and_a_409_is_link_failed() {
    let sb = Sandbox::start(Options::default());
    let id = incident(
        &sb,
        json!({"title": "Не отправляется отчет", "phone": "89222030770"}),
    );
    let elsewhere = incident(
        &sb,
        json!({"title": "Другой клиент", "phone": "83432000000", "inn_kpp": "7707083893-770701001"}),
    );
    let mine = call(&sb, "8 922 203 07 70", 8, 150);
    let taken = call(&sb, "8 343 200 00 00", 20, 200);
    let proxy = Proxy::start();
    let browser = Browser::start_with(&proxy.chromium_args());
    assert_eq!(
        browser
            .open_incident(&format!("{}/incidents/{id}", sb.url))
            .unwrap(),
        "ready"
    );
    let link_path = format!("/api/incidents/{id}/calls");

    // Three clicks in one task (faster than any human), then one more through WebDriver.
    browser
        .session
        .execute(
            "const b = document.getElementById('wic-assist').shadowRoot.querySelector('[data-wa-call=\"' + arguments[0] + '\"] [data-wa-action=link]'); \
             b.click(); b.click(); b.click();",
            vec![json!(mine)],
        )
        .unwrap();
    if let Ok(b) = browser.panel_query(&format!("[data-wa-call=\"{mine}\"] [data-wa-action=link]"))
    {
        if !b.is_null() {
            let _ = browser.session.click(&b);
        }
    }
    browser
        .wait_panel(&format!("[data-wa-call=\"{mine}\"][data-wa-linked]"))
        .unwrap();
    std::thread::sleep(Duration::from_millis(500)); // a second submit would be on the wire by now
    assert_eq!(
        posts(&proxy, &link_path),
        1,
        "WIC's link form was submitted exactly once"
    );
    assert_eq!(
        sb.get(&format!("/api/calls/{mine}"))["linked_incident"],
        json!(id)
    );

    // Another operator links the other call elsewhere behind the panel's back: WIC answers 409.
    let r = sb.post(
        &format!("/api/incidents/{elsewhere}/calls"),
        json!({"call_id": taken}),
    );
    assert!(r.get("error").is_none(), "{r}");
    browser
        .click_panel(&format!("[data-wa-call=\"{taken}\"] [data-wa-action=link]"))
        .unwrap();
    let failed = browser
        .wait_panel(&format!(
            "[data-wa-call=\"{taken}\"] [data-wa-error=link-failed]"
        ))
        .unwrap();
    assert!(!failed.is_null());
    let msg = browser
        .panel_text(&format!(
            "[data-wa-call=\"{taken}\"] [data-wa-error=link-failed]"
        ))
        .unwrap()
        .unwrap();
    assert!(
        msg.chars().any(|c| ('а'..='я').contains(&c)),
        "a Russian message: {msg}"
    );
    assert!(
        browser
            .panel_query(&format!("[data-wa-call=\"{taken}\"][data-wa-linked]"))
            .unwrap()
            .is_null(),
        "not shown as linked"
    );
    assert_eq!(
        sb.get(&format!("/api/calls/{taken}"))["linked_incident"],
        json!(elsewhere),
        "still linked where it was"
    );
    assert_eq!(
        posts(&proxy, &link_path),
        2,
        "one submit for the refused call"
    );
    assert_eq!(
        posts(&proxy, &format!("/api/incidents/{elsewhere}/calls")),
        0,
        "the browser never wrote to the other incident"
    );
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn a_link_click_during_navigation_never_links_to_the_wrong_incident() {
    let sb = Sandbox::start(Options::default());
    let inn = "7707083893-770701001";
    let b = incident(
        &sb,
        json!({"inn_kpp": inn, "title": "Не приходят документы", "phone": "83432000000", "created_at": ago(60)}),
    );
    let a = incident(
        &sb,
        json!({"inn_kpp": inn, "title": "Ошибка подписи", "phone": "89222030770"}),
    );
    let c = call(&sb, "8 922 203 07 70", 8, 150);
    let proxy = Proxy::start();
    let browser = Browser::start_with(&proxy.chromium_args());
    let s = &browser.session;
    browser
        .open_incident(&format!("{}/incidents/{a}", sb.url))
        .unwrap();
    browser
        .wait_panel(&format!(
            "[data-wa-call=\"{c}\"][data-wa-suggested] [data-wa-action=link]"
        ))
        .unwrap();
    // The operator clicks «Привязать» (A's suggestion) just as WIC swaps in incident B: the click
    // lands in the moment after the swap, while the panel still shows A.
    s.execute(
        "const main = document.getElementById('main'); \
         const btn = document.getElementById('wic-assist').shadowRoot.querySelector('[data-wa-call=\"' + arguments[0] + '\"] [data-wa-action=link]'); \
         new MutationObserver((_, o) => { o.disconnect(); btn.click(); window.__clicked = true; }).observe(main, { childList: true }); \
         window.__noReload = true;",
        vec![json!(c)],
    )
    .unwrap();
    let link = s
        .wait_for(
            "B in A's history",
            &format!(
                "return document.querySelector('#history a.history-id[href=\"/incidents/{b}\"]');"
            ),
            Duration::from_secs(10),
        )
        .unwrap();
    s.click(&link).unwrap();
    s.wait_for(
        "the click happened after the swap",
        "return window.__clicked === true;",
        Duration::from_secs(10),
    )
    .unwrap();
    s.wait_for(
        "B shown",
        &format!("return document.querySelector('#incident-card [name=id]').value === '{b}';"),
        Duration::from_secs(10),
    )
    .unwrap();
    browser.wait_settled().unwrap();
    std::thread::sleep(Duration::from_millis(1500)); // a submit, if any, has happened by now
    assert_eq!(
        s.execute("return window.__noReload === true;", vec![])
            .unwrap(),
        json!(true),
        "in-page navigation, no reload"
    );
    let linked = sb.get(&format!("/api/calls/{c}"))["linked_incident"].clone();
    assert_ne!(linked, json!(b), "the call meant for A was linked to B");
    assert_eq!(
        posts(&proxy, &format!("/api/incidents/{b}/calls")),
        0,
        "nothing was submitted for B"
    );
    assert!(linked.is_null() || linked == json!(a), "{linked}");
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn a_form_re_rendered_mid_fill_is_filled_again_and_linked_once() {
    let sb = Sandbox::start(Options::default());
    let id = incident(
        &sb,
        json!({"title": "Не отправляется отчет", "phone": "89222030770"}),
    );
    let mine = call(&sb, "8 922 203 07 70", 8, 150);
    let browser = Browser::start();
    assert_eq!(
        browser
            .open_incident(&format!("{}/incidents/{id}", sb.url))
            .unwrap(),
        "ready"
    );
    // Like a site that re-renders its form on input: the first `input` on «Ид звонка» swaps the field
    // for a fresh, empty one (what was typed is lost).
    browser
        .session
        .execute(
            "window.__rerenders = 0; document.addEventListener('input', (e) => { \
               if (e.target.id !== 'call-link-id' || window.__rerenders > 0) return; window.__rerenders++; \
               const fresh = e.target.cloneNode(false); fresh.value = ''; e.target.replaceWith(fresh); }, true);",
            vec![],
        )
        .unwrap();
    browser
        .click_panel(&format!("[data-wa-call=\"{mine}\"] [data-wa-action=link]"))
        .unwrap();
    browser
        .wait_panel(&format!("[data-wa-call=\"{mine}\"][data-wa-linked]"))
        .unwrap();
    assert_eq!(
        browser
            .session
            .execute("return window.__rerenders;", vec![])
            .unwrap(),
        json!(1),
        "the form was re-rendered"
    );
    let linked = sb.get(&format!("/api/incidents/{id}/calls"));
    assert_eq!(linked.as_array().map(|a| a.len()), Some(1), "{linked}");
    assert_eq!(
        sb.get(&format!("/api/calls/{mine}"))["linked_incident"],
        json!(id)
    );
}

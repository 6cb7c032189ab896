//! The keyboard command and the popup reach the open incident: the background's
//! `command_link_suggested` (Alt+Shift+L) links the suggested call, the popup's `command_link_call`
//! links the call it names; both answer whether a link was started. Sent here from an extension page
//! in a second tab, exactly as the background and the popup send them.

use serde_json::json;
use std::time::Duration;
use wic_e2e::data::{call, incident};
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Sandbox, EXTENSION_ID};

const SEND: &str = "return chrome.tabs.query({}).then(tabs => { \
    const tab = tabs.find(t => t.url && t.url.includes('/incidents/')); \
    return tab ? chrome.tabs.sendMessage(tab.id, arguments[0]) : 'no incident tab'; });";

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn shortcut_and_popup_messages_link_calls_in_the_open_incident() {
    let sb = Sandbox::start(Options::default());
    let id = incident(
        &sb,
        json!({"title": "Не отправляется отчет", "phone": "89222030770"}),
    );
    let suggested = call(&sb, "+7 922 203-07-70", 6, 150);
    let other = call(&sb, "8 343 111 22 33", 30, 240);
    let browser = Browser::start();
    let s = &browser.session;
    assert_eq!(
        browser
            .open_incident(&format!("{}/incidents/{id}", sb.url))
            .unwrap(),
        "ready"
    );
    browser
        .wait_panel(&format!(
            "[data-wa-call=\"{suggested}\"][data-wa-suggested]"
        ))
        .unwrap();
    let incident_tab = s.window().unwrap();

    s.new_tab().unwrap();
    s.goto(&format!("chrome-extension://{EXTENSION_ID}/options.html"))
        .unwrap();
    s.wait_for(
        "extension page",
        "return document.readyState === 'complete';",
        Duration::from_secs(10),
    )
    .unwrap();
    let answer = s
        .execute(SEND, vec![json!({"type": "command_link_suggested"})])
        .unwrap();
    assert_eq!(
        answer,
        json!({"ok": true}),
        "the content script started linking the suggested call"
    );
    let answer = s
        .execute(
            SEND,
            vec![json!({"type": "command_link_call", "call_id": other})],
        )
        .unwrap();
    assert_eq!(answer, json!({"ok": true}), "and the call the popup names");
    let again = s
        .execute(
            SEND,
            vec![json!({"type": "command_link_call", "call_id": other})],
        )
        .unwrap();
    assert_eq!(
        again,
        json!({"ok": false}),
        "a call is never submitted twice"
    );

    s.switch_to(&incident_tab).unwrap();
    browser
        .wait_panel(&format!("[data-wa-call=\"{suggested}\"][data-wa-linked]"))
        .unwrap();
    browser
        .wait_panel(&format!("[data-wa-call=\"{other}\"][data-wa-linked]"))
        .unwrap();
    let linked = sb.get(&format!("/api/incidents/{id}/calls"));
    let mut ids: Vec<&str> = linked
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    ids.sort();
    let mut want = vec![suggested.as_str(), other.as_str()];
    want.sort();
    assert_eq!(ids, want, "both linked once, to this incident");
}

//! The keyboard command and the popup reach the open incident: the background's
//! `command_link_suggested` (Alt+Shift+L) links the suggested call, the popup's `command_link_call`
//! links the call it names; both answer whether a link was started. Sent here from an extension page
//! in a second tab, exactly as the background and the popup send them.

use serde_json::json;
use wic_e2e::data::{call, linked_calls};
use wic_e2e::{sandbox_with, sel, Browser};

const SEND: &str = "return chrome.tabs.query({}).then(tabs => { \
    const tab = tabs.find(t => t.url && t.url.includes('/incidents/')); \
    return tab ? chrome.tabs.sendMessage(tab.id, arguments[0]) : 'no incident tab'; });";

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn shortcut_and_popup_messages_link_calls_in_the_open_incident() {
    let (sb, id) = sandbox_with(json!({"title": "Не отправляется отчет", "phone": "89222030770"}));
    let suggested = call(&sb, "+7 922 203-07-70", 6, 150);
    let other = call(&sb, "8 343 111 22 33", 30, 240);
    let (browser, state) = Browser::showing(&sb, id);
    assert_eq!(state, "ready");
    let s = &browser.session;
    browser.wait_panel(&sel::suggested(&suggested)).unwrap();
    let incident_tab = s.window().unwrap();

    s.new_tab().unwrap();
    browser.open_extension_page("options.html").unwrap();
    let send = |message| browser.js(SEND, vec![message]);
    assert_eq!(
        send(json!({"type": "command_link_suggested"})),
        json!({"ok": true}),
        "the content script started linking the suggested call"
    );
    let link_other = json!({"type": "command_link_call", "call_id": other});
    assert_eq!(
        send(link_other.clone()),
        json!({"ok": true}),
        "and the call the popup names"
    );
    assert_eq!(
        send(link_other),
        json!({"ok": false}),
        "a call is never submitted twice"
    );

    s.switch_to(&incident_tab).unwrap();
    browser.wait_panel(&sel::linked(&suggested)).unwrap();
    browser.wait_panel(&sel::linked(&other)).unwrap();
    let mut ids = linked_calls(&sb, id);
    ids.sort();
    let mut want = vec![suggested, other];
    want.sort();
    assert_eq!(ids, want, "both linked once, to this incident");
}

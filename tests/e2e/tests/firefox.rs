//! The smoke flow in Firefox ESR through geckodriver: duplicates shown, the call linked in one click.

use serde_json::json;
use wic_e2e::data::{call, linked_calls, repeat_contact};
use wic_e2e::sandbox::Options;
use wic_e2e::{sel, Browser, Sandbox};

#[test]
#[ignore = "needs dist/, the sandbox, Firefox ESR and geckodriver: run ./build.sh test"]
fn firefox_shows_duplicates_and_links_the_call() {
    let sb = Sandbox::start(Options::default());
    let (older, id) = repeat_contact(&sb, json!({"phone": "89222030770"}));
    let mine = call(&sb, "8 922 203 07 70", 8, 150);
    let browser = Browser::firefox();
    assert_eq!(
        browser.open_incident(&sb.incident_url(id)).unwrap(),
        "ready"
    );
    assert_eq!(
        browser.js("return document.documentElement.dataset.waEngine;", vec![]),
        json!("wasm")
    );
    browser.wait_panel(&sel::likely(older)).unwrap();
    browser
        .click_panel(&format!(
            "{} {}",
            sel::suggested(&mine),
            sel::action("link")
        ))
        .unwrap();
    browser.wait_panel(&sel::linked(&mine)).unwrap();
    assert_eq!(linked_calls(&sb, id), vec![mine]);
}

#[test]
#[ignore = "needs dist/, the sandbox, Firefox ESR and geckodriver: run ./build.sh test"]
fn firefox_reads_the_classic_dialect_by_profile_alone() {
    let sb = Sandbox::start(Options {
        classic: true,
        ..Options::default()
    });
    let (older, id) = repeat_contact(&sb, json!({"phone": "89222030770"}));
    let mine = call(&sb, "8 922 203 07 70", 8, 150);
    let browser = Browser::firefox();
    browser.save_profile(&sb.classic_profile()).unwrap();
    assert_eq!(
        browser.open_incident(&sb.incident_url(id)).unwrap(),
        "ready"
    );
    // Duplicates from the page's own (lazily filled) table, the call from the report server.
    browser
        .wait_panel(&format!("[data-wa-incident=\"{older}\"]"))
        .unwrap();
    browser
        .click_panel(&format!(
            "[data-wa-call=\"{mine}\"] {}",
            sel::action("link")
        ))
        .unwrap();
    browser.wait_panel(&sel::linked(&mine)).unwrap();
    assert_eq!(linked_calls(&sb, id), vec![mine]);
}

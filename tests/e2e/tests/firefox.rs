//! The smoke flow in Firefox ESR through geckodriver: duplicates shown, the call linked in one click.

use serde_json::json;
use wic_e2e::data::{ago, call, incident};
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Sandbox};

#[test]
#[ignore = "needs dist/, the sandbox, Firefox ESR and geckodriver: run ./build.sh test"]
fn firefox_shows_duplicates_and_links_the_call() {
    let sb = Sandbox::start(Options::default());
    let older = incident(
        &sb,
        json!({"title": "Закрывающие документы по Контур.Закупкам", "knowledge": [5163], "created_at": ago(2 * 24 * 60)}),
    );
    let id = incident(
        &sb,
        json!({"title": "(+1) Закрывающие документы по Контур.Закупкам", "knowledge": [5163], "phone": "89222030770"}),
    );
    let mine = call(&sb, "8 922 203 07 70", 8, 150);
    let browser = Browser::firefox();
    assert_eq!(
        browser
            .open_incident(&format!("{}/incidents/{id}", sb.url))
            .unwrap(),
        "ready"
    );
    assert_eq!(
        browser
            .session
            .execute("return document.documentElement.dataset.waEngine;", vec![])
            .unwrap(),
        json!("wasm")
    );
    browser
        .wait_panel(&format!(
            "[data-wa-incident=\"{older}\"][data-wa-level=likely]"
        ))
        .unwrap();
    browser
        .click_panel(&format!(
            "[data-wa-call=\"{mine}\"][data-wa-suggested] [data-wa-action=link]"
        ))
        .unwrap();
    browser
        .wait_panel(&format!("[data-wa-call=\"{mine}\"][data-wa-linked]"))
        .unwrap();
    let linked = sb.get(&format!("/api/incidents/{id}/calls"));
    assert_eq!(linked.as_array().map(|a| a.len()), Some(1), "{linked}");
    assert_eq!(linked[0]["id"], json!(mine));
}

//! End to end: the content script reads INN-KPP through the profile and renders the status panel,
//! on the wasm path and on the wasm2js fallback path (strict CSP).

use serde_json::{json, Value};
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Sandbox, EXTENSION_ID};

fn incident(sandbox: &Sandbox, inn_kpp: &str) -> u64 {
    let v = sandbox.post(
        "/api/incidents",
        json!({
            "inn_kpp": inn_kpp, "title": "Закрывающие документы по Контур.Закупкам",
            "type": "Контур.Закупки", "status": "open", "phone": "83433702677",
            "knowledge": [5163], "department": "3946", "created_by": "Григорьев Иван Сергеевич"
        }),
    );
    v["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("incident not created: {v}"))
}

fn engine(browser: &Browser) -> Value {
    browser
        .session
        .execute(
            "return document.documentElement.dataset.waEngine || null;",
            vec![],
        )
        .unwrap()
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn valid_inn_kpp_is_shown_parsed() {
    let sandbox = Sandbox::start(Options::default());
    let id = incident(&sandbox, "6678083608-667801001");
    let browser = Browser::start();
    let state = browser
        .open_incident(&format!("{}/incidents/{id}", sandbox.url))
        .unwrap();
    assert_eq!(state, "ready");
    assert_eq!(engine(&browser), json!("wasm"));
    let inn = browser
        .panel_query("[data-wa-section=status] [data-wa-inn]")
        .unwrap();
    assert!(!inn.is_null(), "status shows the parsed INN");
    let text = browser
        .panel_text("[data-wa-section=status] [data-wa-inn]")
        .unwrap()
        .unwrap();
    assert!(
        text.contains("6678083608") && text.contains("667801001"),
        "{text}"
    );
    assert!(
        browser
            .panel_query("[data-wa-section=status] [data-wa-error]")
            .unwrap()
            .is_null(),
        "{:?}",
        browser.panel_errors()
    );
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn bad_check_digit_is_reported_as_bad_inn() {
    let sandbox = Sandbox::start(Options::default());
    let id = incident(&sandbox, "6678083609-667801001");
    let browser = Browser::start();
    assert_eq!(
        browser
            .open_incident(&format!("{}/incidents/{id}", sandbox.url))
            .unwrap(),
        "ready"
    );
    let msg = browser
        .panel_text("[data-wa-error=bad-inn]")
        .unwrap()
        .expect("bad-inn notice");
    assert!(
        msg.contains("6678083609"),
        "the message quotes the input: {msg}"
    );
    assert!(
        msg.chars().any(|c| ('а'..='я').contains(&c)),
        "the message is Russian: {msg}"
    );
    assert!(
        browser.panel_query("[data-wa-inn]").unwrap().is_null(),
        "nothing parsed is shown"
    );
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn missing_inn_field_is_reported_not_crashed() {
    let sandbox = Sandbox::start(Options::default());
    let id = incident(&sandbox, "6678083608-667801001");
    let browser = Browser::start();
    // The operator saves a profile whose INN selector matches nothing on this page.
    let mut profile: Value =
        serde_json::from_str(include_str!("../../../profiles/wic-sandbox.json")).unwrap();
    profile["fields"]["inn_kpp"] = json!("#no-such-field");
    browser.save_profile(&profile.to_string()).unwrap();

    browser
        .open_incident(&format!("{}/incidents/{id}", sandbox.url))
        .unwrap();
    let msg = browser
        .panel_text("[data-wa-error=profile-field-missing]")
        .unwrap()
        .expect("field-missing notice");
    assert!(msg.contains("inn_kpp"), "names the field: {msg}");
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn strict_csp_page_runs_the_wasm2js_fallback() {
    let sandbox = Sandbox::start(Options {
        strict_csp: true,
        ..Options::default()
    });
    let id = incident(&sandbox, "6678083608-667801001");
    let browser = Browser::start();
    assert_eq!(
        browser
            .open_incident(&format!("{}/incidents/{id}", sandbox.url))
            .unwrap(),
        "ready"
    );
    assert_eq!(
        engine(&browser),
        json!("wasm2js"),
        "WebAssembly is forbidden by the page CSP"
    );
    let text = browser
        .panel_text("[data-wa-section=status] [data-wa-inn]")
        .unwrap()
        .expect("status");
    assert!(text.contains("6678083608"), "{text}");
}

#[test]
fn extension_id_matches_the_manifest_key() {
    let manifest: Value = serde_json::from_str(include_str!("../../../manifest.json")).unwrap();
    let key = manifest["key"].as_str().expect("manifest has a fixed key");
    assert_eq!(wic_e2e::extension_id_from_key(key), EXTENSION_ID);
}

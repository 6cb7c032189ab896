//! A second ticket site granted at run time. Firefox ESR answers the optional-permission request by
//! itself when `extensions.webextOptionalPermissionPrompts` is off, so there the grant, the
//! content-script registration and the panel on the new origin are checked end to end. Headless
//! Chromium shows the prompt where nobody can answer it: there the request itself is checked, and
//! that nothing is registered without the grant.

use serde_json::{json, Value};
use std::time::Duration;
use wic_e2e::{builtin_profile, sandbox_with, sel, site, Browser, Sandbox};

/// The second site's pages, as the profile saved on the options page names them.
const SECOND_SITE: &str = "http://127.0.0.2/*";

/// A sandbox with one incident, and a second origin the manifest does not declare in front of it:
/// the sandbox (keep it while the test runs), the incident's id and that origin.
fn second_origin() -> (Sandbox, u64, String) {
    let (sandbox, id) = sandbox_with(json!({"title": "Закрывающие документы"}));
    let origin = site::forward("127.0.0.2", &sandbox.url);
    (sandbox, id, origin)
}

/// Before the grant the second site gets no content script; then the operator saves a profile for
/// it on the options page, which names the site as missing, and clicks «Разрешить доступ».
fn save_profile_and_ask_for_access(browser: &Browser, origin: &str, id: u64) {
    browser
        .session
        .goto(&format!("{origin}/incidents/{id}"))
        .unwrap();
    browser
        .session
        .wait_for(
            "page loaded",
            "return document.readyState === 'complete' && !!document.getElementById('incident-card');",
            Duration::from_secs(15),
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500)); // time enough for a content script to run
    assert_eq!(
        browser.js(
            "return document.documentElement.dataset.waState || null;",
            vec![]
        ),
        Value::Null
    );

    browser.open_extension_page("options.html").unwrap();
    let mut profile = builtin_profile("second-site");
    profile["matches"] = json!([SECOND_SITE]);
    browser.set_profile_editor(&profile.to_string()).unwrap();
    browser.click_element("#save-profile");
    assert_eq!(
        browser.wait_hosts("wa-missing").unwrap(),
        json!(SECOND_SITE)
    );
    browser.click_element("#grant-hosts"); // a user gesture, as chrome.permissions.request needs
}

/// The assistant runs on the granted site: the panel settles and shows the client's INN.
fn assert_runs_on(browser: &Browser, origin: &str, id: u64) {
    let state = browser
        .open_incident(&format!("{origin}/incidents/{id}"))
        .unwrap();
    assert_eq!(state, "ready");
    let text = browser.shown_text(sel::STATUS_INN, "status on the second site");
    assert!(text.contains("6678083608"), "{text}");
}

#[test]
#[ignore = "needs dist/, the sandbox, Firefox ESR and geckodriver: run ./build.sh test"]
fn firefox_grants_a_second_site_and_the_assistant_runs_there() {
    let (_sandbox, id, origin) = second_origin();
    let mut prefs = serde_json::Map::new();
    prefs.insert(
        "extensions.webextOptionalPermissionPrompts".into(),
        json!(false),
    );
    let browser = Browser::firefox_with(prefs);
    save_profile_and_ask_for_access(&browser, &origin, id);
    assert_eq!(
        browser.wait_hosts("wa-registered").unwrap(),
        json!(SECOND_SITE)
    );
    assert_runs_on(&browser, &origin, id);
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn a_second_site_is_requested_at_run_time_and_gets_nothing_before_the_grant() {
    let (_sandbox, id, origin) = second_origin();
    let browser = Browser::start();
    save_profile_and_ask_for_access(&browser, &origin, id);
    let state = browser.wait_hosts("wa-request").unwrap();
    let requested = browser.js(
        "return document.querySelector('[data-wa-section=hosts]').dataset.waRequested;",
        vec![],
    );
    assert_eq!(
        requested,
        json!(SECOND_SITE),
        "asks for exactly the profile's undeclared sites"
    );
    if state == json!("pending") {
        // Headless Chromium shows the permission prompt where nobody can answer it: the request
        // stays pending (no command-line switch, WebDriver or DevTools call answers an
        // extension's permission prompt; developerPrivate.addHostPermission only re-grants
        // withheld required hosts). Nothing is registered without the grant; the rest needs a
        // person's click.
        std::thread::sleep(Duration::from_millis(1000));
        assert_eq!(
            browser.js(
                "return document.querySelector('[data-wa-section=hosts]').dataset.waRequest;",
                vec![]
            ),
            json!("pending")
        );
        let registered = browser.js(
            "return chrome.scripting.getRegisteredContentScripts();",
            vec![],
        );
        assert_eq!(registered, json!([]));
        eprintln!("note: headless Chromium leaves chrome.permissions.request pending; the grant itself is not automatable here");
        return;
    }
    assert_eq!(state, json!("granted"), "the browser answered the prompt");
    assert_eq!(
        browser.wait_hosts("wa-registered").unwrap(),
        json!(SECOND_SITE)
    );
    let registered = browser.js(
        "return chrome.scripting.getRegisteredContentScripts().then(r => r.map(s => s.matches));",
        vec![],
    );
    assert_eq!(registered, json!([[SECOND_SITE]]));
    assert_runs_on(&browser, &origin, id);
}

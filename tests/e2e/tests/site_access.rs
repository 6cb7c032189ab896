//! A second ticket site granted at run time: Firefox ESR answers the optional-permission request by
//! itself when `extensions.webextOptionalPermissionPrompts` is off (headless Chromium leaves it pending;
//! see popup_options.rs), so here the grant, the content-script registration and the panel on the new
//! origin are checked end to end.

use serde_json::{json, Value};
use std::time::Duration;
use wic_e2e::data::incident;
use wic_e2e::sandbox::Options;
use wic_e2e::{site, Browser, Sandbox};

const WAIT: Duration = Duration::from_secs(15);

#[test]
#[ignore = "needs dist/, the sandbox, Firefox ESR and geckodriver: run ./build.sh test"]
fn firefox_grants_a_second_site_and_the_assistant_runs_there() {
    let sb = Sandbox::start(Options::default());
    let id = incident(&sb, json!({"title": "Закрывающие документы"}));
    let origin = site::forward("127.0.0.2", &sb.url);
    let mut prefs = serde_json::Map::new();
    prefs.insert(
        "extensions.webextOptionalPermissionPrompts".into(),
        json!(false),
    );
    let browser = Browser::firefox_with(prefs);
    let s = &browser.session;

    // Before the grant, the second site gets no content script.
    s.goto(&format!("{origin}/incidents/{id}")).unwrap();
    s.wait_for(
        "page loaded",
        "return document.readyState === 'complete' && !!document.getElementById('incident-card');",
        WAIT,
    )
    .unwrap();
    assert_eq!(
        s.execute(
            "return document.documentElement.dataset.waState || null;",
            vec![]
        )
        .unwrap(),
        Value::Null
    );

    browser.firefox_open_addon_page("options.html").unwrap();
    s.wait_for(
        "options ready",
        "const st = location.protocol === 'moz-extension:' && document.documentElement.dataset.waState; return st === 'ready' || st === 'error' ? st : null;",
        WAIT,
    )
    .unwrap();
    let mut profile: Value =
        serde_json::from_str(include_str!("../../../profiles/wic-sandbox.json")).unwrap();
    profile["name"] = json!("second-site");
    profile["matches"] = json!(["http://127.0.0.2/*"]);
    s.execute(
        "document.getElementById('profile-json').value = arguments[0];",
        vec![json!(profile.to_string())],
    )
    .unwrap();
    s.click(
        &s.execute("return document.getElementById('save-profile');", vec![])
            .unwrap(),
    )
    .unwrap();
    let missing = s
        .wait_for(
            "missing hosts",
            "return document.querySelector('[data-wa-section=hosts]').dataset.waMissing || null;",
            WAIT,
        )
        .unwrap();
    assert_eq!(missing, json!("http://127.0.0.2/*"));
    s.click(
        &s.execute("return document.getElementById('grant-hosts');", vec![])
            .unwrap(),
    )
    .unwrap();
    let registered = s
        .wait_for("registered", "return document.querySelector('[data-wa-section=hosts]').dataset.waRegistered || null;", WAIT)
        .unwrap();
    assert_eq!(registered, json!("http://127.0.0.2/*"));

    assert_eq!(
        browser
            .open_incident(&format!("{origin}/incidents/{id}"))
            .unwrap(),
        "ready"
    );
    let status = browser
        .panel_text("[data-wa-section=status] [data-wa-inn]")
        .unwrap()
        .expect("status on the second site");
    assert!(status.contains("6678083608"), "{status}");
}

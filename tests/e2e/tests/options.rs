//! End to end around the page, the options page's side: a valid profile and settings are saved,
//! an invalid one is rejected with the field named, import, export and reset; an administrator's
//! policy wins over local settings and reaches the page. A screenshot of the options page for the
//! README (`WIC_SCREENSHOTS=1` writes it to docs/img/). Run-time access to a second site is
//! `site_access.rs`.

use serde_json::{json, Value};
use std::time::Duration;
use wic_e2e::{builtin_profile, sandbox_with, sel, Browser};

const WAIT: Duration = Duration::from_secs(15);

/// Where the profile in force comes from, as the options page says: `managed`, `local`, `builtin`.
fn profile_source(browser: &Browser) -> Value {
    browser.js(
        "return document.documentElement.dataset.waProfileSource;",
        vec![],
    )
}

/// Opens the options page and waits until its script has settled.
fn open_options(browser: &Browser) {
    browser.open_extension_page("options.html").unwrap();
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn options_page_saves_rejects_imports_exports_and_resets() {
    let browser = Browser::start();
    open_options(&browser);
    let set_editor = |v: &str| {
        browser.js(
            "document.getElementById('profile-json').value = arguments[0];",
            vec![json!(v)],
        )
    };
    let stored = || {
        browser.js(
            "return chrome.storage.local.get(['profile', 'settings']);",
            vec![],
        )
    };

    // A valid profile and settings are saved.
    set_editor(&builtin_profile("custom").to_string());
    browser.js("document.getElementById('operator').value = ' Петров Пётр '; document.getElementById('shift-hours').value = '8';", vec![]);
    browser.click_element("#save-profile");
    browser.session.wait_for("saved", "return chrome.storage.local.get('profile').then(r => r.profile && r.profile.includes('custom'));", WAIT).unwrap();
    let s = stored();
    assert_eq!(s["settings"]["operator"], json!("Петров Пётр"));
    assert_eq!(s["settings"]["shift_hours"], json!(8));
    assert_eq!(profile_source(&browser), json!("local"));

    // An invalid profile is rejected with the field named, and nothing is stored.
    let mut bad = builtin_profile("broken");
    bad["fields"]["inn_kpp"] = json!("");
    set_editor(&bad.to_string());
    browser.click_element("#save-profile");
    let err = browser
        .session
        .wait_for("error", "const e = document.querySelector('[data-wa-error=profile-invalid]'); return e && !e.hidden ? e.textContent : null;", WAIT)
        .unwrap();
    assert!(err.as_str().unwrap().contains("fields.inn_kpp"), "{err}");
    assert!(stored()["profile"].as_str().unwrap().contains("custom"));
    let mut bad = builtin_profile("broken");
    bad["endpoints"]["calls"] = json!("/api/calls?who={nobody}");
    set_editor(&bad.to_string());
    browser.click_element("#save-profile");
    let err = browser.js(
        "return document.querySelector('[data-wa-error=profile-invalid]').textContent;",
        vec![],
    );
    assert!(err.as_str().unwrap().contains("endpoints.calls"), "{err}");

    // A setting out of range is rejected with the field named.
    set_editor(&builtin_profile("custom").to_string());
    browser.js(
        "document.getElementById('shift-hours').value = '0';",
        vec![],
    );
    browser.click_element("#save-profile");
    let field = browser.js("const e = document.querySelector('[data-wa-error=settings-invalid]'); return e.hidden ? null : e.dataset.field;", vec![]);
    assert_eq!(field, json!("shift_hours"));
    assert_eq!(stored()["settings"]["shift_hours"], json!(8));
    browser.js(
        "document.getElementById('shift-hours').value = '8';",
        vec![],
    );

    // Export gives the editor's profile as a file.
    browser.click_element("#export-profile");
    let exported = browser
        .session
        .wait_for("export", "const a = document.getElementById('export-profile'); return a.href.startsWith('blob:') ? fetch(a.href).then(r => r.text()) : null;", WAIT)
        .unwrap();
    let exported: Value = serde_json::from_str(exported.as_str().unwrap()).unwrap();
    assert_eq!(exported["name"], json!("custom"));
    assert_eq!(
        browser.js(
            "return document.getElementById('export-profile').download;",
            vec![]
        ),
        json!("wic-profile-custom.json")
    );

    // Import reads a file into the editor (checked); Save stores it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("imported.json");
    std::fs::write(
        &file,
        serde_json::to_string_pretty(&builtin_profile("imported")).unwrap(),
    )
    .unwrap();
    let input = browser.js("return document.getElementById('import-file');", vec![]);
    browser
        .session
        .send_keys(&input, file.to_str().unwrap())
        .unwrap();
    browser
        .session
        .wait_for(
            "imported",
            "return document.getElementById('profile-json').value.includes('\"imported\"');",
            WAIT,
        )
        .unwrap();
    assert_eq!(
        browser.js(
            "return document.getElementById('import-note').hidden;",
            vec![]
        ),
        json!(false)
    );
    browser.click_element("#save-profile");
    browser
        .session
        .wait_for(
            "saved import",
            "return chrome.storage.local.get('profile').then(r => r.profile.includes('imported'));",
            WAIT,
        )
        .unwrap();
    // An invalid file is reported, not stored.
    let mut bad = builtin_profile("bad-file");
    bad["matches"] = json!(["ftp://x/*"]);
    std::fs::write(&file, bad.to_string()).unwrap();
    browser
        .session
        .send_keys(&input, file.to_str().unwrap())
        .unwrap();
    let err = browser
        .session
        .wait_for("import error", "const e = document.querySelector('[data-wa-error=profile-invalid]'); return e && !e.hidden ? e.textContent : null;", WAIT)
        .unwrap();
    assert!(err.as_str().unwrap().contains("matches[0]"), "{err}");

    // Reset goes back to the built-in profile.
    browser.click_element("#reset-profile");
    browser
        .session
        .wait_for(
            "reset",
            "return chrome.storage.local.get('profile').then(r => !('profile' in r));",
            WAIT,
        )
        .unwrap();
    let editor = browser.js(
        "return document.getElementById('profile-json').value;",
        vec![],
    );
    assert_eq!(
        serde_json::from_str::<Value>(editor.as_str().unwrap()).unwrap()["name"],
        json!("wic-sandbox")
    );
    assert_eq!(profile_source(&browser), json!("builtin"));
    browser.js("window.scrollTo(0, 0);", vec![]);
    browser.save_doc_screenshot("options.png");
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn managed_profile_wins_over_local_and_reaches_the_page() {
    let (sandbox, id) = sandbox_with(json!({"title": "Закрывающие документы"}));
    let browser = Browser::start();
    open_options(&browser);
    browser.js(
        "return chrome.storage.local.set({profile: arguments[0], settings: {shift_hours: 8}});",
        vec![json!(builtin_profile("local-one").to_string())],
    );
    // The policy (stood in for by `__test_managed`, honoured for unpacked installs only): a profile
    // whose INN selector matches nothing, and a shift length.
    let mut corp = builtin_profile("corp");
    corp["fields"]["inn_kpp"] = json!("#no-such-field");
    browser.js("return chrome.storage.local.set({__test_managed: {profile: arguments[0], shift_hours: 6}});", vec![json!(corp.to_string())]);
    open_options(&browser);
    assert_eq!(profile_source(&browser), json!("managed"));
    let ui = browser.js("const $ = (id) => document.getElementById(id); return {editor: $('profile-json').value, readOnly: $('profile-json').readOnly, \
         note: !$('managed-note').hidden, reset: $('reset-profile').disabled, shift: $('shift-hours').value, shiftLocked: $('shift-hours').disabled};",
        vec![],
    );
    assert!(ui["editor"].as_str().unwrap().contains("\"corp\""), "{ui}");
    assert_eq!(
        (
            ui["readOnly"].clone(),
            ui["note"].clone(),
            ui["reset"].clone()
        ),
        (json!(true), json!(true), json!(true))
    );
    assert_eq!(
        (ui["shift"].clone(), ui["shiftLocked"].clone()),
        (json!("6"), json!(true))
    );

    // The page runs with the administrator's profile, not the local one.
    browser.open_incident(&sandbox.incident_url(id)).unwrap();
    let msg = browser.shown_text(
        &sel::error("profile-field-missing"),
        "the managed profile is in force",
    );
    assert!(msg.contains("inn_kpp"), "{msg}");

    // Without the policy the local profile is back.
    open_options(&browser);
    browser.js(
        "return chrome.storage.local.remove('__test_managed');",
        vec![],
    );
    browser
        .session
        .wait_for(
            "local again",
            "return document.documentElement.dataset.waProfileSource === 'local';",
            WAIT,
        )
        .unwrap();
    browser.open_incident(&sandbox.incident_url(id)).unwrap();
    assert!(
        !browser.panel_has(&sel::error("profile-field-missing")),
        "{:?}",
        browser.panel_errors()
    );
}

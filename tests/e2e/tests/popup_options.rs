//! End to end around the page: the popup's KPI equals wic-core's for the same calls, the toolbar
//! badge counts unlinked calls, the options page (valid/invalid profile, settings, import/export,
//! reset), and an administrator's policy winning over local settings (run-time access to a second
//! site is `site_access.rs`). Screenshots of the popup and the options page for the README
//! (`WIC_SCREENSHOTS=1` writes them to docs/img/).

use serde_json::{json, Value};
use std::time::Duration;
use wic_core::model::{Call, CallRecord};
use wic_core::registration::{exclusion, report, unlinked, Exclusion, Rules, TotalLevel};
use wic_e2e::data::{new_call, OPERATOR};
use wic_e2e::{builtin_profile, sandbox_with, Browser, Sandbox};

const TRANSFERRED_RU: &str = "перевод";
const WAIT: Duration = Duration::from_secs(15);

/// A sandbox with one incident of the seed client, and Chromium with the extension.
fn start() -> (Sandbox, u64, Browser) {
    let (sandbox, id) = sandbox_with(json!({"title": "Закрывающие документы"}));
    (sandbox, id, Browser::start())
}

/// Opens an extension page and waits until its script has settled.
fn ext_page(browser: &Browser, page: &str) {
    browser.open_extension_page(page).unwrap();
}

/// An RFC 3339 instant `minutes_ago` before now, from the browser's clock (the popup's clock).
fn ago(browser: &Browser, minutes: i64) -> String {
    browser
        .js(
            "return new Date(Date.now() - arguments[0] * 60000).toISOString();",
            vec![json!(minutes)],
        )
        .as_str()
        .unwrap()
        .to_string()
}

/// Visits an incident so the background learns the site's origin and the page's operator.
fn visit_incident(browser: &Browser, sandbox: &Sandbox, id: u64) {
    browser
        .open_incident(&format!("{}/incidents/{id}", sandbox.url))
        .unwrap();
    ext_page(browser, "options.html");
    browser
        .session
        .wait_for(
            "the background saw the site",
            "return chrome.storage.local.get(['last_origin', 'page_operator']).then(r => r.last_origin && r.page_operator ? r : null);",
            WAIT,
        )
        .unwrap();
}

fn instant(rfc3339: &str) -> Call {
    serde_json::from_value(json!({"id": "", "direction": "in", "started_at": rfc3339, "duration_s": 0, "caller": "", "operator": ""}))
        .unwrap()
}

/// wic-core's numbers for `calls` that started in `[from, to)`: (counted, linked, excluded, percent).
fn expected(calls: &[Call], from: &str, to: &str) -> (u64, u64, u64, Option<u64>) {
    let (from, to) = (instant(from).started_at, instant(to).started_at);
    let rules = Rules::default();
    let within: Vec<&Call> = calls
        .iter()
        .filter(|c| c.started_at >= from && c.started_at < to)
        .collect();
    let records: Vec<CallRecord> = within
        .iter()
        .map(|c| CallRecord {
            call: (*c).clone(),
            department: "d".into(),
            supervisor: "s".into(),
        })
        .collect();
    let all = report(&records, &rules)
        .totals
        .into_iter()
        .find(|t| t.level == TotalLevel::All)
        .unwrap();
    let excluded = within
        .iter()
        .filter(|c| {
            matches!(
                exclusion(c, &rules),
                Some(Exclusion::TooShort | Exclusion::ShortTransfer | Exclusion::InternalUnlinked)
            )
        })
        .count();
    (
        u64::from(all.total),
        u64::from(all.linked),
        excluded as u64,
        all.percent.map(u64::from),
    )
}

fn badge(browser: &Browser) -> String {
    // What the content script sends after a link; the alarm does the same every minute.
    browser.js("return chrome.runtime.sendMessage({type: 'refresh_badge'}).then(() => chrome.action.getBadgeText({}));",
        vec![],
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

fn wait_badge(browser: &Browser, want: &str) {
    let start = std::time::Instant::now();
    loop {
        let got = badge(browser);
        if got == want {
            return;
        }
        assert!(
            start.elapsed() < WAIT,
            "badge is {got:?}, expected {want:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn save_screenshot(browser: &Browser, name: &str) {
    let png = browser.session.screenshot().unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    if std::env::var_os("WIC_SCREENSHOTS").is_some() {
        let dir = wic_e2e::root().join("docs/img");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), png).unwrap();
    }
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn popup_numbers_equal_wic_core_report() {
    let (sandbox, id, browser) = start();
    visit_incident(&browser, &sandbox, id);
    let op = "Тестова Анна Петровна";
    browser.js(
        "return chrome.storage.local.set({settings: {operator: arguments[0]}});",
        vec![json!(op)],
    );
    let call = |minutes: i64, dur: u32, caller: &str, extra: Value| {
        let mut c = json!({"started_at": ago(&browser, minutes), "duration_s": dur, "caller": caller, "operator": op});
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        new_call(&sandbox, c)
    };
    call(50, 300, "89855363453", json!({"linked_incident": id}));
    call(40, 120, "+7 922 203-07-70", json!({}));
    call(30, 200, "83433702677", json!({"transferred": true}));
    call(25, 10, "89855363453", json!({})); // too short
    call(20, 100, "89855363453", json!({"transferred": true})); // short transfer
    call(15, 60, "101", json!({})); // internal, unlinked
    call(12, 90, "89855363453", json!({"direction": "out"})); // outgoing: not in the population
    call(
        3 * 24 * 60,
        100,
        "89855363453",
        json!({"linked_incident": id}),
    );
    call(3 * 24 * 60 + 5, 100, "89855363453", json!({}));
    call(40 * 24 * 60, 100, "89855363453", json!({})); // another month
    new_call(
        &sandbox,
        json!({"started_at": ago(&browser, 5), "duration_s": 100, "caller": "89855363453", "operator": "Другой"}),
    );

    ext_page(&browser, "popup.html");
    assert_eq!(
        browser.js("return document.documentElement.dataset.waState;", vec![]),
        json!("ready"),
        "popup settled"
    );
    let all: Vec<Call> =
        serde_json::from_value(sandbox.get(&format!("/api/calls?operator={}", urlencode(op))))
            .unwrap();
    assert_eq!(all.len(), 10);
    for period in ["today", "month"] {
        let shown = browser.js("const b = document.querySelector(`[data-wa-section=kpi] [data-wa-period=${arguments[0]}]`); \
             const n = (s) => b.querySelector(s).textContent; \
             return {from: b.dataset.waFrom, to: b.dataset.waTo, percent: n('[data-wa-percent]'), counted: n('[data-wa-counted]'), \
                     linked: n('[data-wa-linked]'), excluded: n('[data-wa-excluded]')};",
            vec![json!(period)],
        );
        let (from, to) = (
            shown["from"].as_str().unwrap(),
            shown["to"].as_str().unwrap(),
        );
        let (counted, linked, excluded, percent) = expected(&all, from, to);
        assert_eq!(
            shown["counted"],
            json!(counted.to_string()),
            "{period}: {shown}"
        );
        assert_eq!(
            shown["linked"],
            json!(linked.to_string()),
            "{period}: {shown}"
        );
        assert_eq!(
            shown["excluded"],
            json!(excluded.to_string()),
            "{period}: {shown}"
        );
        let pct = percent.map_or("—".to_string(), |p| format!("{p} %"));
        assert_eq!(shown["percent"], json!(pct), "{period}: {shown}");
    }
    // The unlinked list is wic-core's for the shift (12 h by default), newest first.
    let recent: Vec<Call> = all
        .iter()
        .filter(|c| c.started_at >= instant(&ago(&browser, 12 * 60)).started_at)
        .cloned()
        .collect();
    let want: Vec<String> = unlinked(&recent, &Rules::default())
        .into_iter()
        .map(|r| r.call_id)
        .collect();
    assert_eq!(want.len(), 2, "two counted unlinked calls in the shift");
    let shown = browser.js("return [...document.querySelectorAll('[data-wa-section=calls] [data-wa-call]')].map(e => e.dataset.waCall);", vec![]);
    assert_eq!(shown, json!(want));
    let lookup = browser.js(
        "return document.querySelector('[data-wa-call] a[data-wa-action=lookup]').href;",
        vec![],
    );
    assert_eq!(
        lookup,
        json!(format!("{}/tel/calls?internal_id={}", sandbox.url, want[0]))
    );
    let text = browser.js(
        "return document.querySelector('[data-wa-call]').textContent;",
        vec![],
    );
    let text = text.as_str().unwrap();
    assert!(
        text.contains("83433702677") && text.contains("3:20") && text.contains(TRANSFERRED_RU),
        "{text}"
    );

    browser.js("document.documentElement.style.background = '#dfe5ec'; document.body.style.margin = '48px auto'; \
                  document.body.style.boxShadow = '0 4px 16px rgba(0,0,0,.25)';", vec![]);
    save_screenshot(&browser, "popup.png");
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn badge_counts_unlinked_calls_then_follows_a_link() {
    let (sandbox, id, browser) = start();
    // No operator in the options: the badge counts the calls of the operator the page shows.
    visit_incident(&browser, &sandbox, id);
    let seen = browser.js(
        "return chrome.storage.local.get('page_operator').then(r => r.page_operator);",
        vec![],
    );
    assert_eq!(seen, json!(OPERATOR));
    wait_badge(&browser, "");
    let a = new_call(
        &sandbox,
        json!({"started_at": ago(&browser, 30), "duration_s": 120, "caller": "89855363453"}),
    );
    new_call(
        &sandbox,
        json!({"started_at": ago(&browser, 20), "duration_s": 200, "caller": "83433702677"}),
    );
    new_call(
        &sandbox,
        json!({"started_at": ago(&browser, 10), "duration_s": 5, "caller": "89855363453"}),
    ); // excluded
    wait_badge(&browser, "2");
    let linked = sandbox.post(&format!("/api/incidents/{id}/calls"), json!({"call_id": a}));
    assert!(linked.get("error").is_none(), "{linked}");
    wait_badge(&browser, "1");
    let title = browser.js("return chrome.action.getTitle({});", vec![]);
    assert!(title.as_str().unwrap().contains('1'), "{title}");
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn options_page_saves_rejects_imports_exports_and_resets() {
    let browser = Browser::start();
    ext_page(&browser, "options.html");
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
    assert_eq!(
        browser.js(
            "return document.documentElement.dataset.waProfileSource;",
            vec![]
        ),
        json!("local")
    );

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
    assert_eq!(
        browser.js(
            "return document.documentElement.dataset.waProfileSource;",
            vec![]
        ),
        json!("builtin")
    );
    browser.js("window.scrollTo(0, 0);", vec![]);
    save_screenshot(&browser, "options.png");
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn managed_profile_wins_over_local_and_reaches_the_page() {
    let (sandbox, id, browser) = start();
    ext_page(&browser, "options.html");
    browser.js(
        "return chrome.storage.local.set({profile: arguments[0], settings: {shift_hours: 8}});",
        vec![json!(builtin_profile("local-one").to_string())],
    );
    // The policy (stood in for by `__test_managed`, honoured for unpacked installs only): a profile
    // whose INN selector matches nothing, and a shift length.
    let mut corp = builtin_profile("corp");
    corp["fields"]["inn_kpp"] = json!("#no-such-field");
    browser.js("return chrome.storage.local.set({__test_managed: {profile: arguments[0], shift_hours: 6}});", vec![json!(corp.to_string())]);
    ext_page(&browser, "options.html");
    assert_eq!(
        browser.js(
            "return document.documentElement.dataset.waProfileSource;",
            vec![]
        ),
        json!("managed")
    );
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
    browser
        .open_incident(&format!("{}/incidents/{id}", sandbox.url))
        .unwrap();
    let msg = browser
        .panel_text("[data-wa-error=profile-field-missing]")
        .unwrap()
        .expect("the managed profile is in force");
    assert!(msg.contains("inn_kpp"), "{msg}");

    // Without the policy the local profile is back.
    ext_page(&browser, "options.html");
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
    browser
        .open_incident(&format!("{}/incidents/{id}", sandbox.url))
        .unwrap();
    assert!(
        browser
            .panel_query("[data-wa-error=profile-field-missing]")
            .unwrap()
            .is_null(),
        "{:?}",
        browser.panel_errors()
    );
}

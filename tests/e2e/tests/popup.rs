//! End to end around the page, the popup's side: its KPI equals wic-core's for the same calls, and
//! the toolbar badge counts unlinked calls. A screenshot of the popup for the README
//! (`WIC_SCREENSHOTS=1` writes it to docs/img/).

use serde_json::{json, Value};
use std::time::Duration;
use wic_core::model::{Call, CallRecord};
use wic_core::registration::{exclusion, report, unlinked, Exclusion, Rules, TotalLevel};
use wic_e2e::data::{new_call, OPERATOR};
use wic_e2e::{sandbox_with, Browser, Sandbox};

const TRANSFERRED_RU: &str = "перевод";
const WAIT: Duration = Duration::from_secs(15);

/// A sandbox with one incident of the seed client, and Chromium with the extension.
fn start() -> (Sandbox, u64, Browser) {
    let (sandbox, id) = sandbox_with(json!({"title": "Закрывающие документы"}));
    (sandbox, id, Browser::start())
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
    browser.open_incident(&sandbox.incident_url(id)).unwrap();
    browser.open_extension_page("options.html").unwrap();
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
    let period = instant(from).started_at..instant(to).started_at;
    let rules = Rules::default();
    let records: Vec<CallRecord> = calls
        .iter()
        .filter(|c| period.contains(&c.started_at))
        .map(|c| CallRecord {
            call: c.clone(),
            department: "d".into(),
            supervisor: "s".into(),
        })
        .collect();
    let excluded = records
        .iter()
        .filter(|r| {
            matches!(
                exclusion(&r.call, &rules),
                Some(Exclusion::TooShort | Exclusion::ShortTransfer | Exclusion::InternalUnlinked)
            )
        })
        .count();
    let all = report(&records, &rules)
        .totals
        .into_iter()
        .find(|t| t.level == TotalLevel::All)
        .unwrap();
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

    browser.open_extension_page("popup.html").unwrap();
    assert_eq!(
        browser.js("return document.documentElement.dataset.waState;", vec![]),
        json!("ready"),
        "popup settled"
    );
    let all: Vec<Call> =
        serde_json::from_value(sandbox.get(&format!("/api/calls?operator={}", wic_e2e::enc(op))))
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
    browser.save_doc_screenshot("popup.png");
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

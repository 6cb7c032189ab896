//! Failing servers: each fault kind of the sandbox (500, a hung request, malformed JSON, wrong types,
//! 100,000 incidents, a redirect to the login page) on the history and on the calls endpoint gives
//! its own `[data-wa-error]` code with an actionable Russian message and a «Повторить» button; the
//! rest of the panel keeps working, the page's own controls keep working, and once the server is
//! well again «Повторить» recovers the section without a reload. Chromium and Firefox ESR.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Instant;
use wic_e2e::data::{ago, call, incident};
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Sandbox};

/// Fault kind and the code the panel must show for history and for calls. 100,000 incidents: the
/// history is ranked on the newest part and says so; as calls it is refused.
const KINDS: [(&str, &str, &str); 6] = [
    (
        "status500",
        "history-unavailable-server",
        "calls-unavailable-server",
    ),
    (
        "hang",
        "history-unavailable-timeout",
        "calls-unavailable-timeout",
    ),
    (
        "malformed",
        "history-unavailable-malformed",
        "calls-unavailable-malformed",
    ),
    (
        "wrong_types",
        "history-unavailable-wrong-shape",
        "calls-unavailable-wrong-shape",
    ),
    (
        "oversized",
        "history-truncated",
        "calls-unavailable-too-large",
    ),
    (
        "login_redirect",
        "history-unavailable-login",
        "calls-unavailable-login",
    ),
];

/// The route stays broken for this many requests: every attempt of the panel (3 on 5xx and
/// timeouts) and of the background's badge (which also asks for the calls) fails, until the test
/// makes the server well again.
const BROKEN_FOR: u32 = 100;

/// What the operator can do, one of which every message must say.
const ACTIONS: [&str; 4] = ["«Повторить»", "Войдите", "администратор", "Проверьте"];
/// The same in English: Firefox ESR here has no Russian language pack, so chrome.i18n answers in
/// English there (the one listed difference between the browsers).
const ACTIONS_EN: [&str; 4] = ["Retry", "Log in", "administrator", "Check"];

struct Fixture {
    sb: Sandbox,
    id: u64,
    duplicate: u64,
    call: String,
}

fn fixture() -> Fixture {
    let sb = Sandbox::start(Options {
        faults: true,
        ..Options::default()
    });
    let duplicate = incident(
        &sb,
        json!({"title": "Закрывающие документы по Контур.Закупкам", "knowledge": [5163], "created_at": ago(2 * 24 * 60)}),
    );
    let id = incident(
        &sb,
        json!({"title": "(+1) Закрывающие документы по Контур.Закупкам", "knowledge": [5163],
                                  "phone": "89222030770", "department": "Экстерн 2 линия"}),
    );
    let call = call(&sb, "8 922 203 07 70", 8, 150);
    Fixture {
        sb,
        id,
        duplicate,
        call,
    }
}

/// The healthy content of a section (what must be there when it works).
fn healthy(f: &Fixture, route: &str) -> String {
    match route {
        "history" => format!(
            "[data-wa-incident=\"{}\"][data-wa-level=likely]",
            f.duplicate
        ),
        _ => format!("[data-wa-call=\"{}\"][data-wa-suggested]", f.call),
    }
}

fn section(route: &str) -> &'static str {
    if route == "history" {
        "duplicates"
    } else {
        "calls"
    }
}

fn errors_in(browser: &Browser, section: &str) -> Vec<(String, String)> {
    let v = browser
        .session
        .execute(
            "const r = document.getElementById('wic-assist').shadowRoot; \
             return [...r.querySelectorAll('[data-wa-section=\"' + arguments[0] + '\"] [data-wa-error]')].map(e => [e.dataset.waError, e.textContent]);",
            vec![json!(section)],
        )
        .unwrap_or(Value::Null);
    v.as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p[0].as_str().unwrap_or("").to_string(),
                p[1].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// One fault on one route; returns the problems found (empty when the panel behaved).
fn case(browser: &Browser, f: &Fixture, route: &str, kind: &str, code: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let prefix = if route == "history" {
        "history"
    } else {
        "calls"
    };
    let (mine, other) = (
        route,
        if route == "history" {
            "calls"
        } else {
            "history"
        },
    );
    f.sb.fault(route, kind, BROKEN_FOR);
    let start = Instant::now();
    match browser.open_incident(&format!("{}/incidents/{}", f.sb.url, f.id)) {
        Ok(state) if state == "ready" => {}
        Ok(state) => problems.push(format!("settled as {state}")),
        Err(e) => return vec![format!("did not settle: {e}")],
    }
    let settled = start.elapsed();
    // Its own code, once, with a Russian message saying what to do.
    let errors = errors_in(browser, section(mine));
    match errors.as_slice() {
        [(c, msg)] if c == code => {
            let russian = msg
                .chars()
                .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)));
            if russian == browser.is_firefox() {
                problems.push(format!("{code}: message not in the browser's UI language (Russian; English in Firefox): {msg:?}"));
            }
            let actions: &[&str] = if browser.is_firefox() {
                &ACTIONS_EN
            } else {
                &ACTIONS
            };
            if !actions.iter().any(|a| msg.contains(a)) {
                problems.push(format!("{code}: message says nothing to do: {msg:?}"));
            }
        }
        other => problems.push(format!(
            "expected one [data-wa-error={code}], found {other:?}"
        )),
    }
    // The rest of the panel works: the other endpoint's section, the status, the SMS suggestions.
    for (what, sel) in [
        ("other section", healthy(f, other)),
        (
            "status",
            "[data-wa-section=status] [data-wa-inn]".to_string(),
        ),
        ("sms", "[data-wa-action=sms-incident-number]".to_string()),
        ("non-client", "[data-wa-action=non-client]".to_string()),
    ] {
        if browser
            .panel_query(&sel)
            .map(|v| v.is_null())
            .unwrap_or(true)
        {
            problems.push(format!(
                "{what} is broken ({sel}); errors: {:?}",
                browser.panel_errors().unwrap_or_default()
            ));
        }
    }
    // The page stays usable: its own tab opens, its own input takes text.
    let usable = browser.session.execute(
        "document.getElementById('tab-sms').click(); const t = document.querySelector('#incident-card [name=title]'); \
         t.value = t.value + ' ✓'; return getComputedStyle(document.getElementById('panel-sms')).display !== 'none' && t.value.endsWith('✓') \
         && document.querySelectorAll('#wic-assist').length === 1;",
        vec![],
    );
    if usable.ok() != Some(json!(true)) {
        problems.push("the page's own controls do not work".into());
    }
    // The server is well again: «Повторить» recovers without a reload.
    f.sb.clear_faults();
    browser
        .session
        .execute("window.__noReload = true;", vec![])
        .ok();
    let retry = format!(
        "[data-wa-section={}] [data-wa-action=retry-{prefix}]",
        section(mine)
    );
    match browser.click_panel(&retry) {
        Err(e) => problems.push(format!("no «Повторить» ({retry}): {e}")),
        Ok(()) => {
            if let Err(e) = browser.wait_panel(&healthy(f, mine)) {
                problems.push(format!(
                    "not recovered after «Повторить»: {e}; errors {:?}",
                    browser.panel_errors().unwrap_or_default()
                ));
            } else if !errors_in(browser, section(mine)).is_empty() {
                problems.push(format!(
                    "recovered, but the error is still shown: {:?}",
                    errors_in(browser, section(mine))
                ));
            }
            if browser
                .session
                .execute("return window.__noReload === true;", vec![])
                .ok()
                != Some(json!(true))
            {
                problems.push("the page was reloaded".into());
            }
        }
    }
    eprintln!(
        "faults: {route}/{kind}: settled in {settled:?}, {} problems",
        problems.len()
    );
    problems
        .into_iter()
        .map(|p| format!("{route}/{kind}: {p}"))
        .collect()
}

fn run(browser: Browser) {
    let started = Instant::now();
    let f = fixture();
    let mut problems = Vec::new();
    let mut codes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for route in ["history", "calls"] {
        for (kind, history_code, calls_code) in KINDS {
            let code = if route == "history" {
                history_code
            } else {
                calls_code
            };
            problems.extend(case(&browser, &f, route, kind, code));
            codes
                .entry(route.to_string())
                .or_default()
                .push(code.to_string());
        }
    }
    // Every kind has its own code on each route.
    for (route, list) in &codes {
        let mut unique = list.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            list.len(),
            "{route}: codes are not distinct: {list:?}"
        );
    }
    eprintln!(
        "faults: 2 routes × {} kinds in {:?}",
        KINDS.len(),
        started.elapsed()
    );
    wic_e2e::assert_no_problems(&problems);
}

wic_e2e::in_chromium_and_firefox!(run: each_fault_has_its_own_error_and_the_panel_recovers,
    firefox_each_fault_has_its_own_error_and_the_panel_recovers);

//! End to end, the operator's verdicts on duplicate candidates: «Не дубль» takes a candidate out of
//! the panel and its mark off the page's history row (the other keeps its own), and so it stays
//! after a reload; «Дубль» marks a candidate and it stays; the options page counts both and exports
//! them as JSON without client data.

use serde_json::{json, Value};
use std::time::Duration;
use wic_e2e::data::{ago, incident as create, INN_KPP};
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Sandbox, EXTENSION_ID};

const WAIT: Duration = Duration::from_secs(15);

fn js(browser: &Browser, script: &str, args: Vec<Value>) -> Value {
    browser
        .session
        .execute(script, args)
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// The page's own history row of incident `id`: its `data-wa-duplicate` mark, or null.
fn row_mark(browser: &Browser, id: u64) -> Value {
    js(
        browser,
        "const r = document.querySelector('#history tr[data-incident-id=\"' + arguments[0] + '\"]'); \
         return r ? (r.dataset.waDuplicate || null) : 'no row';",
        vec![json!(id)],
    )
}

fn shown(browser: &Browser, id: u64) -> bool {
    !browser
        .panel_query(&format!("[data-wa-incident=\"{id}\"]"))
        .unwrap()
        .is_null()
}

/// Opens (or reloads) the incident and waits until the panel has settled with its candidates.
fn open(browser: &Browser, url: &str) {
    assert_eq!(browser.open_incident(url).unwrap(), "ready");
    browser
        .wait_panel("[data-wa-incident], [data-wa-empty]")
        .unwrap();
    assert!(
        browser
            .panel_query("[data-wa-section=duplicates] [data-wa-error]")
            .unwrap()
            .is_null(),
        "{:?}",
        browser.panel_errors()
    );
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn verdicts_remove_or_mark_candidates_survive_a_reload_and_are_counted() {
    let sb = Sandbox::start(Options::default());
    let title = "Закрывающие документы по Контур.Закупкам";
    let first = create(
        &sb,
        json!({"title": title, "knowledge": [5163], "created_at": ago(2 * 24 * 60)}),
    );
    let second = create(
        &sb,
        json!({"title": title, "knowledge": [5163], "created_at": ago(24 * 60)}),
    );
    let id = create(
        &sb,
        json!({"title": format!("(+1) {title}"), "knowledge": [5163]}),
    );
    let url = format!("{}/incidents/{id}", sb.url);
    let browser = Browser::start();
    open(&browser, &url);
    assert!(shown(&browser, first) && shown(&browser, second));
    assert_eq!(row_mark(&browser, first), json!("likely"));
    assert_eq!(row_mark(&browser, second), json!("likely"));

    // «Не дубль»: the candidate leaves the panel and its row's mark goes; the other keeps its own.
    browser
        .click_panel(&format!(
            "[data-wa-incident=\"{first}\"] [data-wa-action=\"not-duplicate\"]"
        ))
        .unwrap();
    browser
        .session
        .wait_for(
            "the dismissed candidate gone",
            &format!(
                "const h = document.getElementById('wic-assist'); \
                 return !h.shadowRoot.querySelector('[data-wa-incident=\"{first}\"]');"
            ),
            WAIT,
        )
        .unwrap();
    assert_eq!(browser.wait_settled().unwrap(), "ready");
    assert_eq!(row_mark(&browser, first), Value::Null);
    assert_eq!(row_mark(&browser, second), json!("likely"));
    assert!(shown(&browser, second));

    // A reload: still gone, the marks still right.
    open(&browser, &url);
    assert!(
        !shown(&browser, first),
        "a dismissed pair is not raised again"
    );
    assert!(shown(&browser, second));
    assert_eq!(row_mark(&browser, first), Value::Null);
    assert_eq!(row_mark(&browser, second), json!("likely"));

    // «Дубль»: the candidate stays, marked; after a reload too.
    let confirmed = format!("[data-wa-incident=\"{second}\"][data-wa-verdict=\"duplicate\"]");
    browser
        .click_panel(&format!(
            "[data-wa-incident=\"{second}\"] [data-wa-action=\"duplicate\"]"
        ))
        .unwrap();
    browser.wait_panel(&confirmed).unwrap();
    assert_eq!(browser.wait_settled().unwrap(), "ready");
    assert!(browser
        .panel_text(&format!(
            "[data-wa-incident=\"{second}\"] [data-wa-verdict-note]"
        ))
        .unwrap()
        .is_some_and(|t| !t.trim().is_empty()));
    open(&browser, &url);
    browser.wait_panel(&confirmed).unwrap();
    assert_eq!(row_mark(&browser, second), json!("likely"));
    assert!(!shown(&browser, first));

    // Another incident of the client judges the dismissed candidate afresh.
    let another = create(
        &sb,
        json!({"title": format!("Снова: {title}"), "knowledge": [5163]}),
    );
    open(&browser, &format!("{}/incidents/{another}", sb.url));
    assert!(
        shown(&browser, first),
        "a verdict is on a pair, not on a candidate"
    );

    // The options page: counts of each verdict, and the export.
    let s = &browser.session;
    s.goto(&format!("chrome-extension://{EXTENSION_ID}/options.html"))
        .unwrap();
    s.wait_for(
        "options page ready",
        "return document.documentElement.dataset.waState === 'ready';",
        WAIT,
    )
    .unwrap();
    let counts = js(
        &browser,
        "const s = document.querySelector('[data-wa-section=verdicts]'); \
         return [s.dataset.waNotDuplicate, s.dataset.waDuplicate, document.getElementById('verdict-counts').textContent];",
        vec![],
    );
    assert_eq!(counts[0], json!("1"), "{counts}");
    assert_eq!(counts[1], json!("1"), "{counts}");
    let text = counts[2].as_str().unwrap();
    assert!(text.contains("Не дубль") && text.contains('7'), "{text}");
    let link = js(
        &browser,
        "return document.getElementById('export-verdicts');",
        vec![],
    );
    s.click(&link).unwrap();
    let exported = s
        .wait_for(
            "export",
            "const a = document.getElementById('export-verdicts'); \
             return a.href.startsWith('blob:') ? fetch(a.href).then(r => r.text()) : null;",
            WAIT,
        )
        .unwrap();
    let exported: Value = serde_json::from_str(exported.as_str().unwrap()).unwrap();
    assert_eq!(exported["window_days"], json!(7));
    assert_eq!(
        exported["counts"],
        json!({"not_duplicate": 1, "duplicate": 1})
    );
    let pairs: Vec<(Value, Value, Value)> = exported["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["incident"].clone(),
                v["candidate"].clone(),
                v["verdict"].clone(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            (json!(id), json!(first), json!("not_duplicate")),
            (json!(id), json!(second), json!("duplicate")),
        ]
    );
    assert_eq!(
        js(
            &browser,
            "return document.getElementById('export-verdicts').download;",
            vec![]
        ),
        json!("wic-verdicts.json")
    );
    // Nothing of the client is kept with the verdicts.
    let stored = js(
        &browser,
        "return chrome.storage.local.get('verdicts').then(r => r.verdicts);",
        vec![],
    );
    let stored = stored.as_str().unwrap();
    for secret in [INN_KPP, "6678083608", "83433702677", title] {
        assert!(!stored.contains(secret), "{secret} in {stored}");
    }
}

//! End to end, the supervisor's report page (`report.html`) with the classic profile (profile v2,
//! no `endpoints.team_calls`): the table of each period comes from the report server's
//! «Процент регистрации звонков» (`sources.registration`, HTML on another origin) and equals the
//! sandbox's JSON `/api/reports/registration` for the same period and team; the picture has points;
//! each operator's unlinked calls come from «Непривязанные звонки» (`sources.calls`, per operator)
//! and number as `/api/reports/unlinked` says.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Sandbox};

const DEPARTMENT: &str = "Отдел обучения";
const SUPERVISOR: &str = "Багно Наталья Олеговна";

/// The classic sandbox with the demo data, its profile saved, the settings naming the first team.
fn start() -> (Sandbox, Browser) {
    let sandbox = Sandbox::start(Options {
        classic: true,
        demo_data: true,
        ..Options::default()
    });
    let browser = Browser::start_with(&["--window-size=1280,800".to_string()]);
    browser.save_profile(&sandbox.classic_profile()).unwrap();
    browser.js(
        "return chrome.storage.local.set({last_origin: arguments[0], settings: {department: arguments[1], supervisor: arguments[2]}});",
        vec![json!(sandbox.url), json!(DEPARTMENT), json!(SUPERVISOR)],
    );
    (sandbox, browser)
}

/// Opens the report for `query`; what its table and picture show.
fn shown(browser: &Browser, query: &str) -> Value {
    browser.open_report(query);
    browser.js(
        "const num = (tr, i) => Number(tr.cells[i].textContent); \
         const s = document.querySelector('[data-wa-section=team]'); \
         return { \
           operators: [...s.querySelectorAll('tr[data-wa-operator]')].map(tr => [tr.dataset.waOperator, num(tr, 1), num(tr, 2), tr.dataset.waPercent]), \
           totals: [...s.querySelectorAll('tr[data-wa-total]')].map(tr => [tr.dataset.waTotal, num(tr, 1), num(tr, 2), tr.dataset.waPercent]), \
           calls: Object.fromEntries([...s.querySelectorAll('tr[data-wa-calls-of]')].map(tr => [tr.dataset.waCallsOf, tr.querySelectorAll('li').length])), \
           points: document.querySelectorAll('[data-wa-chart] [data-wa-point]').length };",
        vec![],
    )
}

/// The sandbox's JSON report of the team for `[from, to]` (dates, `to` included) in the page's shape.
fn expected(sandbox: &Sandbox, from: &str, to: &str) -> (Value, Value) {
    let report = sandbox.get(&format!(
        "/api/reports/registration?from={from}&to={to}&department={}&supervisor={}",
        wic_e2e::enc(DEPARTMENT),
        wic_e2e::enc(SUPERVISOR)
    ));
    let pct = |v: &Value| {
        v["percent"]
            .as_u64()
            .map_or(String::new(), |p| p.to_string())
    };
    let ops = report["rows"].as_array().expect("rows").iter();
    let ops: Vec<Value> = ops
        .map(|r| json!([r["operator"], r["total"], r["linked"], pct(r)]))
        .collect();
    let totals = report["totals"].as_array().expect("totals").iter();
    let totals: Vec<Value> = totals
        .map(|t| json!([t["level"], t["total"], t["linked"], pct(t)]))
        .collect();
    (Value::Array(ops), Value::Array(totals))
}

/// The team's unlinked counted calls for `[from, to]` per operator, as the JSON API counts them.
fn unlinked(sandbox: &Sandbox, from: &str, to: &str) -> BTreeMap<String, u64> {
    let rows = sandbox.get(&format!(
        "/api/reports/unlinked?from={from}&to={to}&department={}&supervisor={}",
        wic_e2e::enc(DEPARTMENT),
        wic_e2e::enc(SUPERVISOR)
    ));
    let mut out = BTreeMap::new();
    for r in rows.as_array().expect("unlinked rows") {
        *out.entry(r["operator"].as_str().unwrap_or_default().to_string())
            .or_default() += 1;
    }
    out
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn the_classic_profile_reports_the_team_from_the_report_server() {
    let (sandbox, browser) = start();
    // Friday 30 March 2018, a past day: the reports from the day after it are subtracted.
    let day = "2018-03-30";
    for (period, from) in [
        ("month", "2018-03-01"),
        ("week", "2018-03-26"),
        ("today", day),
    ] {
        let page = shown(&browser, &format!("?day={day}&period={period}"));
        let (ops, totals) = expected(&sandbox, from, day);
        assert!(!ops.as_array().unwrap().is_empty(), "{period}: {ops}");
        assert_eq!(page["operators"], ops, "{period}");
        assert_eq!(page["totals"], totals, "{period}");
        assert!(
            page["points"].as_u64().unwrap() > 0,
            "the picture has points"
        );
        let calls: BTreeMap<String, u64> = serde_json::from_value(page["calls"].clone()).unwrap();
        let mut want = unlinked(&sandbox, from, day);
        for op in calls.keys() {
            want.entry(op.clone()).or_default();
        }
        assert_eq!(calls, want, "{period}: unlinked calls per operator");
    }
    let page = shown(&browser, "?day=2018-03-31&period=month");
    assert_eq!(
        page["totals"][2],
        json!(["all", 399, 393, "98"]),
        "the seed's month"
    );
    // Today (the default) loads from the same sources.
    shown(&browser, "");
}

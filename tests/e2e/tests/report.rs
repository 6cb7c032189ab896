//! End to end, the supervisor's report page (`report.html`) on the sandbox's demo data: its table
//! equals `wic-assist registration-report` over the same calls (JSON numbers and the TSV copy, which
//! is the CLI's table), the chart has one point per day with counted calls, an operator's row opens
//! on their unlinked calls with telephony links, and the seed's March 2018 shows the seed's table, as
//! the sandbox's own «Процент регистрации» page does. A screenshot for the README
//! (`WIC_SCREENSHOTS=1` writes docs/img/report.png).

use chrono::{DateTime, FixedOffset, TimeDelta};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use wic_core::dates;
use wic_core::model::Call;
use wic_core::registration::{exclusion, Rules};
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Sandbox};

const DEPARTMENT: &str = "Отдел обучения";
const SUPERVISOR: &str = "Багно Наталья Олеговна";

/// The CLI (`WIC_CLI_BIN`, default `debug/wic-assist` in the target folder, built when missing).
fn cli() -> PathBuf {
    if let Some(bin) = std::env::var_os("WIC_CLI_BIN") {
        return bin.into();
    }
    let bin = wic_e2e::target_dir().join("debug/wic-assist");
    if !bin.is_file() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let ok = Command::new(cargo)
            .args(["build", "-q", "-p", "wic-cli"])
            .current_dir(wic_e2e::root())
            .status()
            .expect("cargo runs");
        assert!(ok.success(), "cargo build -p wic-cli");
    }
    bin
}

/// `wic-assist registration-report [--json] FILE` over `calls` (JSON lines).
fn cli_report(calls: &[Value], json: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.jsonl");
    let lines: Vec<String> = calls.iter().map(Value::to_string).collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let mut cmd = Command::new(cli());
    cmd.arg("registration-report");
    if json {
        cmd.arg("--json");
    }
    let out = cmd.arg(&file).output().expect("the CLI runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The team's calls in `[from, to)` as the sandbox gives them (with department and supervisor).
fn team_calls(sandbox: &Sandbox, from: &str, to: &str) -> Vec<Value> {
    let path = format!(
        "/api/calls?department={}&supervisor={}&since={}&until={}",
        wic_e2e::enc(DEPARTMENT),
        wic_e2e::enc(SUPERVISOR),
        wic_e2e::enc(from),
        wic_e2e::enc(to)
    );
    sandbox
        .get(&path)
        .as_array()
        .expect("an array of calls")
        .clone()
}

/// A sandbox with the demo data, Chromium at 1280×800, the settings naming the first team.
fn start() -> (Sandbox, Browser) {
    let sandbox = Sandbox::start(Options {
        demo_data: true,
        ..Options::default()
    });
    let browser = Browser::start_with(&["--window-size=1280,800".to_string()]);
    browser.open_extension_page("options.html").unwrap();
    browser.js(
        "return chrome.storage.local.set({last_origin: arguments[0], settings: {department: arguments[1], supervisor: arguments[2]}});",
        vec![json!(sandbox.url), json!(DEPARTMENT), json!(SUPERVISOR)],
    );
    (sandbox, browser)
}

/// What the page's table shows: operator → (total, linked, percent attribute), and the totals.
fn shown(browser: &Browser) -> Value {
    browser.js(
        "const num = (tr, i) => Number(tr.cells[i].textContent); \
         const s = document.querySelector('[data-wa-section=team]'); \
         return { \
           period: s.dataset.waPeriod, from: s.dataset.waFrom, to: s.dataset.waTo, \
           operators: [...s.querySelectorAll('tr[data-wa-operator]')].map(tr => [tr.dataset.waOperator, num(tr, 1), num(tr, 2), tr.dataset.waPercent]), \
           totals: [...s.querySelectorAll('tr[data-wa-total]')].map(tr => [tr.dataset.waTotal, num(tr, 1), num(tr, 2), tr.dataset.waPercent]) };",
        vec![],
    )
}

/// The CLI's JSON report as the page's shape: operators and totals with percent attributes.
fn expected(report: &Value) -> (Value, Value) {
    let pct = |v: &Value| {
        v["percent"]
            .as_u64()
            .map_or(String::new(), |p| p.to_string())
    };
    let ops: Vec<Value> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| json!([r["operator"], r["total"], r["linked"], pct(r)]))
        .collect();
    let totals: Vec<Value> = report["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| json!([t["level"], t["total"], t["linked"], pct(t)]))
        .collect();
    (Value::Array(ops), Value::Array(totals))
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn report_page_equals_the_cli_report_of_the_same_calls() {
    let (sandbox, browser) = start();
    browser.open_report("");
    for period in ["month", "week", "today"] {
        browser.click_element(&format!("[data-wa-tab={period}]"));
        let page = shown(&browser);
        assert_eq!(page["period"], period);
        let calls = team_calls(
            &sandbox,
            page["from"].as_str().unwrap(),
            page["to"].as_str().unwrap(),
        );
        let cli: Value = serde_json::from_str(&cli_report(&calls, true)).unwrap();
        let (ops, totals) = expected(&cli);
        assert_eq!(page["operators"], ops, "{period}");
        assert_eq!(page["totals"], totals, "{period}");
        if period == "month" {
            assert!(ops.as_array().unwrap().len() >= 5, "a team of five or more");
            // The TSV copy is the CLI's table of the same calls.
            browser.click_element("[data-wa-action=copy-tsv]");
            // The copy is asynchronous (the clipboard API): wait for the page to say how it went.
            let copied = browser
                .session
                .wait_for(
                    "the TSV copied",
                    "return document.getElementById('copied').dataset.waCopied || null;",
                    std::time::Duration::from_secs(5),
                )
                .unwrap();
            assert_eq!(copied, json!("ok"));
            let tsv = browser.js(
                "return document.querySelector('[data-wa-tsv]').value;",
                vec![],
            );
            assert_eq!(tsv.as_str().unwrap(), cli_report(&calls, false));
            let csv = browser.js("return fetch(document.querySelector('[data-wa-action=csv]').href).then(r => r.text());", vec![]);
            assert!(csv.as_str().unwrap().contains("Всего,,,"), "{csv}");
        }
    }

    // The chart: one point per day (of the 30 shown) with counted calls of the team.
    browser.click_element("[data-wa-tab=month]");
    let chart = browser.js(
        "const svg = document.querySelector('svg[data-wa-chart]'); \
         return { days: Number(svg.dataset.waDays), offset: -new Date().getTimezoneOffset(), \
           points: [...svg.querySelectorAll('[data-wa-point]')].map(p => p.dataset.waPoint), \
           target: svg.querySelector('[data-wa-line=target]').dataset.waTarget, \
           line100: !!svg.querySelector('[data-wa-line=\"100\"]'), \
           series: svg.querySelectorAll('[data-wa-series]').length };",
        vec![],
    );
    assert_eq!(chart["days"], 30);
    assert_eq!(chart["target"], "95");
    assert_eq!(chart["line100"], true);
    let offset = dates::offset_minutes(chart["offset"].as_i64().unwrap() as i32).unwrap();
    let day = browser.js("return document.documentElement.dataset.waDay;", vec![]);
    let next_day = dates::parse_ymd(day.as_str().unwrap())
        .unwrap()
        .succ_opt()
        .unwrap();
    let to = dates::midnight(next_day, offset);
    let from = to - TimeDelta::days(30);
    let calls = team_calls(
        &sandbox,
        &dates::rfc3339(&from).unwrap(),
        &dates::rfc3339(&to).unwrap(),
    );
    let days: BTreeSet<String> = calls
        .iter()
        .filter_map(|v| serde_json::from_value::<Call>(v.clone()).ok())
        .filter(|c| exclusion(c, &Rules::default()).is_none())
        .filter_map(|c| {
            c.started_at
                .map(|t: DateTime<FixedOffset>| dates::ymd(t.with_timezone(&offset).date_naive()))
        })
        .collect();
    let points: BTreeSet<String> = serde_json::from_value(chart["points"].clone()).unwrap();
    assert_eq!(points, days);
    assert!(
        points.len() >= 20,
        "a month of demo data: {} days",
        points.len()
    );
    assert!(
        chart["series"].as_u64().unwrap() >= 6,
        "the team and each operator"
    );

    // From the table to the work: an operator's unlinked calls with their telephony links.
    let opened = browser.js(
        "const b = [...document.querySelectorAll('tr[data-wa-operator] [data-wa-action=expand]')].find(b => !b.disabled); \
         if (!b) return null; b.click(); \
         const list = document.getElementById(b.getAttribute('aria-controls')); \
         return { expanded: b.getAttribute('aria-expanded'), hidden: list.hidden, \
           links: [...list.querySelectorAll('a[data-wa-action=lookup]')].map(a => a.href) };",
        vec![],
    );
    assert_eq!(opened["expanded"], "true", "{opened}");
    assert_eq!(opened["hidden"], false);
    let links = opened["links"].as_array().unwrap();
    assert!(!links.is_empty());
    assert!(links[0]
        .as_str()
        .unwrap()
        .starts_with(&format!("{}/tel/calls?internal_id=", sandbox.url)));

    browser.save_doc_screenshot("report.png");
}

#[test]
#[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
fn the_seed_month_shows_the_seed_table() {
    let (sandbox, browser) = start();
    browser.open_report("?day=2018-03-31&period=month");
    let page = shown(&browser);
    assert_eq!(
        page["operators"],
        json!([
            ["Бих Елена Сергеевна", 60, 60, "100"],
            ["Калимулина Анастасия Илдаровна", 104, 104, "100"],
            ["Мухаматнуров Ильгизар Нуриазданович", 81, 81, "100"],
            ["Рябухин Павел Иванович", 69, 66, "96"],
            ["Флягин Владимир Алексеевич", 85, 82, "96"],
        ])
    );
    assert_eq!(
        page["totals"],
        json!([
            ["supervisor", 399, 393, "98"],
            ["department", 399, 393, "98"],
            ["all", 399, 393, "98"]
        ])
    );
    // The sandbox's own «Процент регистрации звонков» page for the same month says the same.
    let html = ureq::get(&format!(
        "{}/reports/registration?from=2018-03-01&to=2018-03-31&department={}",
        sandbox.url,
        wic_e2e::enc(DEPARTMENT)
    ))
    .call()
    .unwrap()
    .into_string()
    .unwrap();
    for cell in ["Рябухин Павел Иванович", "399", "393", "98"] {
        assert!(html.contains(cell), "{cell} on the sandbox's page");
    }
}

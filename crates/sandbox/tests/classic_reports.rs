//! The classic dialect's UKSstat-like report server: «Непривязанные звонки» grouped as the seed
//! shows it and «Процент регистрации звонков», both against `wic_core::registration` (through the
//! json API, which serves core's numbers), and the profile's `calls` / `registration` sources.

mod common;

use std::collections::BTreeSet;

use common::classic_profile::{
    all, classic_profile, source_path, source_rows, REPORT_ORIGIN_IN_PROFILE,
};
use common::{enc, Server, TempDir, OPERATOR};
use scraper::{ElementRef, Html};
use serde_json::{json, Value};

const WIDE: &str = "from=01.01.2000&to=31.12.2999";
const WIDE_API: &str = "from=2000-01-01&to=2999-12-31";

fn classic() -> (TempDir, Server) {
    let dir = TempDir::new();
    let s = Server::start(&dir.db(), &["--demo-data", "--dialect", "classic"]);
    (dir, s)
}

fn cells(row: ElementRef) -> Vec<String> {
    row.children()
        .filter_map(ElementRef::wrap)
        .filter(|c| matches!(c.value().name(), "td" | "th"))
        .map(|c| c.text().collect::<String>().trim().to_string())
        .collect()
}

fn report(s: &Server, path: &str) -> Html {
    let r = s.get_report(path);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    Html::parse_document(&r.body)
}

/// (operator, id, seconds, transferred) of every call row; checks the seed's grouped shape: the
/// name only on a group's first row, then «Количество: N».
fn unlinked_calls(doc: &Html) -> Vec<(String, String, String, bool)> {
    let heads: Vec<String> = all(doc, "#ReportTable thead th")
        .into_iter()
        .map(|h| cells_text(h))
        .collect();
    assert_eq!(heads, ["ФИО", "Id", "Время звонка", "Перевод"]);
    let mut out = Vec::new();
    let mut group: Option<(String, usize)> = None;
    for row in all(doc, "#ReportTable tbody tr") {
        let c = cells(row);
        assert_eq!(c.len(), 4, "{c:?}");
        if let Some(n) = c[1].strip_prefix("Количество: ") {
            let (_, size) = group.take().expect("a count row ends a group");
            assert_eq!(n.parse::<usize>().unwrap(), size);
            assert!(c[0].is_empty() && c[2].is_empty() && c[3].is_empty());
            continue;
        }
        let name = match &mut group {
            None => {
                assert!(!c[0].is_empty(), "a group's first row names the operator");
                group = Some((c[0].clone(), 1));
                c[0].clone()
            }
            Some((name, size)) => {
                assert!(
                    c[0].is_empty(),
                    "the name only on the group's first row: {c:?}"
                );
                *size += 1;
                name.clone()
            }
        };
        assert!(c[2].parse::<u32>().is_ok(), "seconds: {}", c[2]);
        assert!(c[3].is_empty() || c[3] == "Да");
        out.push((name, c[1].clone(), c[2].clone(), c[3] == "Да"));
    }
    assert!(group.is_none(), "the last group has its count row");
    out
}

fn cells_text(e: ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

fn api_unlinked(s: &Server, q: &str) -> Vec<(String, String, String, bool)> {
    s.get(&format!("/api/reports/unlinked?{q}"))
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["operator"].as_str().unwrap_or("").to_string(),
                r["call_id"].as_str().unwrap().to_string(),
                r["duration_s"].to_string(),
                r["transferred"] == json!(true),
            )
        })
        .collect()
}

#[test]
fn unlinked_report_is_cores_rows_grouped_by_operator_as_the_seed_shows() {
    let (_d, s) = classic();
    let rows = unlinked_calls(&report(&s, &format!("/uks/unlinked?{WIDE}")));
    let api = api_unlinked(&s, WIDE_API);
    assert!(api.len() >= 5, "demo data has unlinked calls");
    let as_set = |v: &[(String, String, String, bool)]| v.iter().cloned().collect::<BTreeSet<_>>();
    assert_eq!(rows.len(), api.len());
    assert_eq!(as_set(&rows), as_set(&api));
    let names: BTreeSet<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert!(names.len() >= 2 && names.contains(OPERATOR));
    // Within a group, core's order (newest first).
    let mine = |v: &[(String, String, String, bool)]| -> Vec<String> {
        v.iter()
            .filter(|r| r.0 == OPERATOR)
            .map(|r| r.1.clone())
            .collect()
    };
    assert_eq!(mine(&rows), mine(&api));
    // Department filter = the API's.
    let dep = "Отдел обучения";
    let rows = unlinked_calls(&report(
        &s,
        &format!("/uks/unlinked?{WIDE}&department={}", enc(dep)),
    ));
    let api = api_unlinked(&s, &format!("{WIDE_API}&department={}", enc(dep)));
    assert_eq!(as_set(&rows), as_set(&api));
}

#[test]
fn unlinked_report_filters_one_operator_or_several() {
    let (_d, s) = classic();
    let all_rows = unlinked_calls(&report(&s, &format!("/uks/unlinked?{WIDE}")));
    let mut names: Vec<String> = all_rows.iter().map(|r| r.0.clone()).collect();
    names.dedup();
    let one = unlinked_calls(&report(
        &s,
        &format!("/uks/unlinked?{WIDE}&fio={}", enc(OPERATOR)),
    ));
    assert!(!one.is_empty() && one.iter().all(|r| r.0 == OPERATOR));
    assert_eq!(
        one.len(),
        all_rows.iter().filter(|r| r.0 == OPERATOR).count()
    );
    let two = format!("{}; {}", names[0], names[1].to_uppercase());
    let both = unlinked_calls(&report(
        &s,
        &format!("/uks/unlinked?{WIDE}&fio={}", enc(&two)),
    ));
    let got: BTreeSet<&str> = both.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(got, BTreeSet::from([names[0].as_str(), names[1].as_str()]));
    let nobody = report(&s, &format!("/uks/unlinked?{WIDE}&fio=Никто"));
    assert!(all(&nobody, "#ReportTable tbody tr").is_empty());
}

#[test]
fn registration_report_is_cores_by_department_supervisor_operator_with_totals() {
    let (_d, s) = classic();
    let doc = report(&s, &format!("/uks/registration?{WIDE}"));
    let api = s
        .get(&format!("/api/reports/registration?{WIDE_API}"))
        .json();
    let heads: Vec<String> = all(&doc, "#registration-report thead th")
        .into_iter()
        .map(cells_text)
        .collect();
    assert_eq!(
        heads,
        [
            "Отдел",
            "Супервизор",
            "ФИО",
            "Звонки всего",
            "Звонки с привязкой",
            "% регистрации"
        ]
    );
    let rows: Vec<Vec<String>> = all(&doc, "#registration-report tbody tr")
        .into_iter()
        .map(cells)
        .collect();
    let pct = |v: &Value| v.as_u64().map(|p| format!("{p}%")).unwrap_or("—".into());
    let operators: Vec<Vec<String>> = rows.iter().filter(|r| r[2] != "Всего").cloned().collect();
    let api_rows = api["rows"].as_array().unwrap();
    assert_eq!(operators.len(), api_rows.len());
    let (mut dep, mut sup) = (String::new(), String::new());
    for (r, a) in operators.iter().zip(api_rows) {
        if !r[0].is_empty() {
            dep = r[0].clone();
        }
        if !r[1].is_empty() {
            sup = r[1].clone();
        }
        assert_eq!(dep, a["department"].as_str().unwrap());
        assert_eq!(sup, a["supervisor"].as_str().unwrap());
        assert_eq!(r[2], a["operator"].as_str().unwrap());
        assert_eq!(r[3], a["total"].to_string());
        assert_eq!(r[4], a["linked"].to_string());
        assert_eq!(r[5], pct(&a["percent"]));
    }
    let totals: Vec<&Vec<String>> = rows.iter().filter(|r| r[2] == "Всего").collect();
    let api_totals = api["totals"].as_array().unwrap();
    assert_eq!(totals.len(), api_totals.len());
    let all_total = api_totals.iter().find(|t| t["level"] == "all").unwrap();
    let last = totals.last().unwrap();
    assert_eq!(
        (&last[3], &last[4], &last[5]),
        (
            &all_total["total"].to_string(),
            &all_total["linked"].to_string(),
            &pct(&all_total["percent"])
        )
    );
}

#[test]
fn profile_sources_read_the_report_server() {
    let (_d, s) = classic();
    let port = s.report_port.unwrap();
    let origin = format!("http://127.0.0.1:{port}");
    let p = classic_profile(port);
    // The harness recipe: the profile names 127.0.0.1:8081; the second stdout line gives the port.
    assert!(REPORT_ORIGIN_IN_PROFILE.ends_with(":8081"));
    let calls = &p["sources"]["calls"];
    assert_eq!(calls["from"], "html");
    let doc = report(&s, &source_path(calls, &origin, "01.01.2000", OPERATOR));
    let got = source_rows(&doc, calls);
    let api: Vec<_> = api_unlinked(&s, "from=2000-01-01")
        .into_iter()
        .filter(|r| r.0 == OPERATOR)
        .collect();
    assert!(!api.is_empty());
    assert_eq!(got.len(), api.len(), "count rows are skipped by `require`");
    assert!(all(&doc, calls["rows"].as_str().unwrap()).len() > got.len());
    for (r, a) in got.iter().zip(&api) {
        assert_eq!(r["operator"], json!(OPERATOR), "fill_down");
        assert_eq!(r["id"], json!(a.1));
        assert_eq!(
            r["duration_s"],
            json!(a.2),
            "`duration: s` reads plain seconds"
        );
        assert_eq!(r["transferred"], json!(a.3));
    }
    let reg = &p["sources"]["registration"];
    let doc = report(&s, &source_path(reg, &origin, "01.01.2000", OPERATOR));
    let rows = source_rows(&doc, reg);
    let mine: Vec<_> = rows
        .iter()
        .filter(|r| r["operator"] == json!(OPERATOR))
        .collect();
    assert_eq!(mine.len(), 1);
    let api = s.get("/api/reports/registration?from=2000-01-01").json();
    let a = api["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["operator"] == json!(OPERATOR))
        .unwrap();
    assert_eq!(mine[0]["total"], json!(a["total"].to_string()));
    assert_eq!(mine[0]["linked"], json!(a["linked"].to_string()));
}

#[test]
fn report_server_is_html_only_without_cors_and_names_a_bad_date() {
    let (_d, s) = classic();
    for path in ["/", "/uks/unlinked", "/uks/registration"] {
        let r = s.get_report(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        assert!(
            !r.headers
                .iter()
                .any(|(k, _)| k.starts_with("access-control-")),
            "{path}: no CORS headers"
        );
    }
    let bad = s.get_report("/uks/unlinked?from=31.02.2019");
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("from") && bad.body.contains("31.02.2019"));
    assert_eq!(s.get_report("/uks/nothing").status, 404);
    assert_eq!(
        s.get_report("/api/calls").status,
        404,
        "no JSON on the report server"
    );
    // ISO dates are accepted too.
    let iso = report(&s, "/uks/unlinked?from=2000-01-01&to=2999-12-31");
    let ru = report(&s, &format!("/uks/unlinked?{WIDE}"));
    assert_eq!(unlinked_calls(&iso), unlinked_calls(&ru));
}

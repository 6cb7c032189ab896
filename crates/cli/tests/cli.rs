//! Runs the `wic-assist` binary: the DESIGN §5 contract, exit codes 0 / 1 / 2.
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wic-assist"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("output")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

fn fixture(name: &str) -> String {
    format!(
        "{}/../core/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn inn_valid_and_invalid() {
    let o = run(&["inn", "6678083608-667801001"], "");
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(
        (
            v["valid"].as_bool(),
            v["inn"].as_str(),
            v["kpp"].as_str(),
            v["kind"].as_str()
        ),
        (
            Some(true),
            Some("6678083608"),
            Some("667801001"),
            Some("legal")
        )
    );
    let o = run(&["inn", "6678083609"], "");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["error"], "ИНН: неверная контрольная цифра");
}

#[test]
fn phone_valid_and_invalid() {
    let o = run(&["phone", "8(985)5363453"], "");
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(
        (v["e164"].as_str(), v["kind"].as_str()),
        (Some("+79855363453"), Some("mobile"))
    );
    assert!(v["extension"].is_null());
    let o = run(&["phone", "+7 800 2000 60"], "");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["valid"], false);
}

#[test]
fn misuse_exits_2() {
    for args in [
        &[][..],
        &["inn"][..],
        &["bogus"][..],
        &["registration-report"][..],
        &["phone", "1", "2"][..],
    ] {
        assert_eq!(run(args, "").status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn registration_report_csv_table_and_jsonl_json() {
    let o = run(&["registration-report", &fixture("calls_2018_03.csv")], "");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let table = String::from_utf8(o.stdout).unwrap();
    assert!(
        table.contains("Рябухин Павел Иванович\t69\t66\t96%"),
        "{table}"
    );
    assert!(table.contains("Всего\t399\t393\t98%"));
    let o = run(
        &[
            "registration-report",
            "--json",
            &fixture("calls_2018_03.jsonl"),
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(5));
    let all = v["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["level"] == "all")
        .cloned()
        .unwrap();
    assert_eq!(
        (
            all["total"].as_u64(),
            all["linked"].as_u64(),
            all["percent"].as_u64()
        ),
        (Some(399), Some(393), Some(98))
    );
}

#[test]
fn registration_report_errors_name_line_and_field() {
    let csv = "id,direction,started_at,duration_s,caller,operator,department,supervisor\n\
               a,in,2018-03-01T09:00:00+05:00,60,8(985)5363453,Бих,Отдел,Багно\n\
               b,in,2018-03-01T09:00:00+05:00,долго,8(985)5363453,Бих,Отдел,Багно\n";
    let o = run(&["registration-report", "-"], csv);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 3") && err.contains("duration_s"),
        "{err}"
    );
    let jsonl = "{\"id\":\"a\",\"direction\":\"in\",\"started_at\":\"2018-03-01T09:00:00+05:00\",\"duration_s\":60,\"caller\":\"1\",\"operator\":\"Бих\",\"department\":\"О\"}\n";
    let o = run(&["registration-report", "--json", "-"], jsonl);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 1") && err.contains("supervisor"),
        "{err}"
    );
}

#[test]
fn dupes_contract() {
    let input = r#"{"now": "2018-12-21T12:00:00+05:00",
      "incident": {"id": null, "inn_kpp": "6678083608-667801001", "title": "РСВ не уходит в налоговую", "type": "Контур.Экстерн", "knowledge": [5163]},
      "history": [
        {"id": 19269153, "created_at": "2018-12-19T11:25:00+05:00", "inn_kpp": "6678083608-667801001", "title": "Не отправляется отчет РСВ в ФНС", "type": "Контур.Экстерн", "status": "open", "knowledge": [5163]},
        {"id": 19269154, "created_at": "2018-12-19T11:25:00+05:00", "inn_kpp": "7707083893-775001001", "title": "Не отправляется отчет РСВ в ФНС", "knowledge": [5163]}
      ]}"#;
    let o = run(&["dupes"], input);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = json(&o);
    let c = &v["candidates"];
    assert_eq!(c.as_array().map(Vec::len), Some(1));
    assert_eq!(c[0]["id"], 19269153);
    assert_eq!(c[0]["level"], "likely");
    let reasons: Vec<&str> = c[0]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.as_str())
        .collect();
    assert!(
        reasons.contains(&"тот же ИНН-КПП")
            && reasons.contains(&"то же знание 5163")
            && reasons.contains(&"2 дня назад"),
        "{reasons:?}"
    );
    assert_eq!(run(&["dupes"], "{").status.code(), Some(1));
}

#[test]
fn similarity_lines() {
    let o = run(
        &["similarity"],
        "Не отправляется отчет\tотчёт не отправляется!\nКасса\tсертификат\n",
    );
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    let scores: Vec<f32> = out.lines().map(|l| l.parse().unwrap()).collect();
    assert_eq!(scores.len(), 2);
    assert!(
        (scores[0] - 1.0).abs() < 1e-4 && scores[1] < 0.5,
        "{scores:?}"
    );
    assert_eq!(run(&["similarity"], "no tab here\n").status.code(), Some(1));
}

//! `wic-assist` command line over wic-core (contract: DESIGN §5). Knows no browser and no HTTP.
//! Exit codes: 0 valid / done, 1 invalid input, 2 misuse.

mod calllog;

use std::io::{Read, Write};
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde_json::json;
use wic_core::duplicates::{self, Settings};
use wic_core::model::Incident;
use wic_core::registration::{self, Report, Rules};
use wic_core::{inn, phone};

const USAGE: &str = "usage:
  wic-assist dupes                              < {\"now\", \"incident\", \"history\"[, \"settings\"]}
  wic-assist registration-report [--json] [--unlinked] FILE   (CSV or JSON lines; - for stdin)
  wic-assist similarity                         < lines text1<TAB>text2
  wic-assist inn VALUE
  wic-assist phone VALUE";

/// How a command ended.
enum Outcome {
    Ok,
    Invalid(String),
    Misuse(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("dupes") if args.len() == 1 => dupes(),
        Some("registration-report") => registration_report(&args[1..]),
        Some("similarity") if args.len() == 1 => similarity(),
        Some("inn") if args.len() == 2 => inn_cmd(&args[1]),
        Some("phone") if args.len() == 2 => phone_cmd(&args[1]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Outcome::Ok
        }
        _ => Outcome::Misuse(String::new()),
    };
    match outcome {
        Outcome::Ok => ExitCode::SUCCESS,
        Outcome::Invalid(msg) => {
            if !msg.is_empty() {
                eprintln!("wic-assist: {msg}");
            }
            ExitCode::from(1)
        }
        Outcome::Misuse(msg) => {
            if !msg.is_empty() {
                eprintln!("wic-assist: {msg}");
            }
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn print(value: &impl serde::Serialize) {
    let text = serde_json::to_string(value).expect("invariant: our types serialize");
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
}

fn read_stdin() -> Result<String, Outcome> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| Outcome::Invalid(format!("stdin: {e}")))?;
    Ok(s)
}

#[derive(Deserialize)]
struct DupesInput {
    #[serde(with = "wic_core::dates::serde_rfc3339")]
    now: DateTime<FixedOffset>,
    incident: Incident,
    #[serde(default)]
    history: Vec<Incident>,
    #[serde(default)]
    settings: Settings,
}

fn dupes() -> Outcome {
    let text = match read_stdin() {
        Ok(t) => t,
        Err(o) => return o,
    };
    let input: DupesInput = match serde_json::from_str(&text) {
        Ok(i) => i,
        Err(e) => return Outcome::Invalid(format!("stdin: {e}")),
    };
    let candidates = duplicates::rank(input.now, &input.incident, &input.history, &input.settings);
    print(&json!({ "candidates": candidates }));
    Outcome::Ok
}

fn similarity() -> Outcome {
    let text = match read_stdin() {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        let Some((a, b)) = line.split_once('\t') else {
            return Outcome::Invalid(format!("line {}: expected text1<TAB>text2", n + 1));
        };
        out.push_str(&format!("{:.4}\n", duplicates::title_similarity(a, b)));
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Outcome::Ok
}

fn inn_cmd(value: &str) -> Outcome {
    match inn::parse_inn_kpp(value) {
        Ok(p) => {
            print(
                &json!({ "valid": true, "inn": p.inn, "kpp": p.kpp, "kind": p.kind, "joined": p.joined() }),
            );
            Outcome::Ok
        }
        Err(e) => {
            print(&json!({ "valid": false, "error": e.to_string() }));
            Outcome::Invalid(String::new())
        }
    }
}

fn phone_cmd(value: &str) -> Outcome {
    match phone::normalize(value) {
        Ok(p) => {
            print(
                &json!({ "valid": true, "e164": p.e164, "kind": p.kind, "extension": p.extension, "national": p.national }),
            );
            Outcome::Ok
        }
        Err(e) => {
            print(&json!({ "valid": false, "error": e.to_string() }));
            Outcome::Invalid(String::new())
        }
    }
}

fn registration_report(args: &[String]) -> Outcome {
    let (mut as_json, mut with_unlinked, mut file) = (false, false, None);
    for a in args {
        match a.as_str() {
            "--json" => as_json = true,
            "--unlinked" => with_unlinked = true,
            f if file.is_none() && (f == "-" || !f.starts_with('-')) => file = Some(f),
            other => return Outcome::Misuse(format!("unexpected argument {other:?}")),
        }
    }
    let Some(file) = file else {
        return Outcome::Misuse("registration-report: FILE is missing".into());
    };
    let text = if file == "-" {
        match read_stdin() {
            Ok(t) => t,
            Err(o) => return o,
        }
    } else {
        match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => return Outcome::Invalid(format!("{file}: {e}")),
        }
    };
    let records = match calllog::parse(&text) {
        Ok(r) => r,
        Err(e) => return Outcome::Invalid(format!("{file}: {e}")),
    };
    let rules = Rules::default();
    let report = registration::report(&records, &rules);
    let unlinked =
        with_unlinked.then(|| registration::unlinked(records.iter().map(|r| &r.call), &rules));
    if as_json {
        match unlinked {
            Some(u) => {
                print(&json!({ "rows": report.rows, "totals": report.totals, "unlinked": u }))
            }
            None => print(&report),
        }
    } else {
        let mut out = table(&report);
        if let Some(u) = unlinked {
            out.push_str("\nФИО\tId\tВремя звонка\tПеревод\n");
            for r in u {
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\n",
                    r.operator.as_deref().unwrap_or(""),
                    r.call_id,
                    r.duration_s.map(|d| d.to_string()).unwrap_or_default(),
                    if r.transferred { "Да" } else { "" }
                ));
            }
        }
        let _ = std::io::stdout().lock().write_all(out.as_bytes());
    }
    Outcome::Ok
}

fn pct(p: Option<u32>) -> String {
    p.map_or_else(|| "—".to_string(), |p| format!("{p}%"))
}

/// The seed's table: one line per operator, a «Всего» line per supervisor, department and overall.
fn table(report: &Report) -> String {
    let mut out =
        String::from("Отдел\tСупервизор\tФИО\tЗвонки всего\tЗвонки с привязкой\t% регистрации\n");
    let mut totals = report.totals.iter().peekable();
    for (i, r) in report.rows.iter().enumerate() {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            r.department,
            r.supervisor,
            r.operator,
            r.total,
            r.linked,
            pct(r.percent)
        ));
        let next = report.rows.get(i + 1);
        let sup_ends =
            next.is_none_or(|n| n.department != r.department || n.supervisor != r.supervisor);
        let dept_ends = next.is_none_or(|n| n.department != r.department);
        for ends in [sup_ends, dept_ends] {
            if ends {
                if let Some(t) = totals.next() {
                    out.push_str(&format!(
                        "\t\tВсего\t{}\t{}\t{}\n",
                        t.total,
                        t.linked,
                        pct(t.percent)
                    ));
                }
            }
        }
    }
    for t in totals {
        out.push_str(&format!(
            "Всего\t\t\t{}\t{}\t{}\n",
            t.total,
            t.linked,
            pct(t.percent)
        ));
    }
    out
}

//! The seed's table in display order — each operator's line, then «Всего» for their supervisor when
//! the supervisor's operators end and for the department when it ends, the grand total last — and
//! its copies: TSV for the clipboard and CSV to save, with the seed's Russian headers. Formatting
//! only: the numbers are wic-core's `Report`.
//! Must not know the DOM, storage or where the report came from.

use serde::Serialize;
use wic_core::registration::{Report, TotalLevel};

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// An operator.
    Operator,
    /// «Всего» of a supervisor's operators.
    Supervisor,
    /// «Всего» of a department.
    Department,
    /// The grand total.
    All,
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// What it is.
    pub kind: LineKind,
    /// Department (operator lines; the department's own total).
    pub department: String,
    /// Supervisor (operator lines; the supervisor's own total).
    pub supervisor: String,
    /// The operator, or the total's name (the supervisor, the department, «Всего»).
    pub name: String,
    /// «Всего» (counted calls).
    pub total: u32,
    /// «Привязано».
    pub linked: u32,
    /// «Процент», half up; `None` when nothing counted.
    pub percent: Option<u32>,
}

/// The report's lines in the seed's order.
pub fn lines(report: &Report) -> Vec<Line> {
    let mut out = Vec::with_capacity(report.rows.len() + report.totals.len());
    let mut totals = report.totals.iter().peekable();
    let mut push_total = |out: &mut Vec<Line>, level: TotalLevel, dept: &str, sup: &str| {
        if let Some(t) = totals.next_if(|t| t.level == level) {
            out.push(Line {
                kind: match level {
                    TotalLevel::Supervisor => LineKind::Supervisor,
                    TotalLevel::Department => LineKind::Department,
                    TotalLevel::All => LineKind::All,
                },
                department: dept.to_string(),
                supervisor: sup.to_string(),
                name: t.name.clone(),
                total: t.total,
                linked: t.linked,
                percent: t.percent,
            });
        }
    };
    for (i, r) in report.rows.iter().enumerate() {
        out.push(Line {
            kind: LineKind::Operator,
            department: r.department.clone(),
            supervisor: r.supervisor.clone(),
            name: r.operator.clone(),
            total: r.total,
            linked: r.linked,
            percent: r.percent,
        });
        let next = report.rows.get(i + 1);
        if next.is_none_or(|n| n.department != r.department || n.supervisor != r.supervisor) {
            push_total(
                &mut out,
                TotalLevel::Supervisor,
                &r.department,
                &r.supervisor,
            );
        }
        if next.is_none_or(|n| n.department != r.department) {
            push_total(&mut out, TotalLevel::Department, &r.department, "");
        }
    }
    push_total(&mut out, TotalLevel::All, "", "");
    out
}

const HEADER: [&str; 6] = [
    "Отдел",
    "Супервизор",
    "ФИО",
    "Звонки всего",
    "Звонки с привязкой",
    "% регистрации",
];

/// The cells of a line: operator lines name their department and supervisor; totals say «Всего»
/// under the operator column (the grand total under the department's), as the seed's table does.
fn cells(l: &Line) -> [String; 6] {
    let pct = l
        .percent
        .map_or_else(|| "—".to_string(), |p| format!("{p}%"));
    let (d, s, n) = match l.kind {
        LineKind::Operator => (
            l.department.as_str(),
            l.supervisor.as_str(),
            l.name.as_str(),
        ),
        LineKind::All => ("Всего", "", ""),
        _ => ("", "", "Всего"),
    };
    [
        d.to_string(),
        s.to_string(),
        n.to_string(),
        l.total.to_string(),
        l.linked.to_string(),
        pct,
    ]
}

/// Tab-separated, one line per row, a header first; tabs and line breaks inside names become spaces.
pub fn tsv(lines: &[Line]) -> String {
    let clean = |c: &str| c.replace(['\t', '\n', '\r'], " ");
    let mut out = HEADER.join("\t");
    out.push('\n');
    for l in lines {
        let row: Vec<String> = cells(l).iter().map(|c| clean(c)).collect();
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

/// RFC 4180 CSV (comma, CRLF, quotes doubled), a header first.
pub fn csv(lines: &[Line]) -> String {
    let quote = |c: &str| {
        if c.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c.to_string()
        }
    };
    let mut out = HEADER.map(quote).join(",");
    out.push_str("\r\n");
    for l in lines {
        let row: Vec<String> = cells(l).iter().map(|c| quote(c)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

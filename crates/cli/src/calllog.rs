//! Reading a call log (CSV with a header, or JSON lines) into call records; every error names the
//! line and the field.
//! Must not know the KPI rules (wic-core applies them) or where the log came from.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};
use wic_core::model::{Call, CallRecord, Direction};

/// Parse a whole call log; the format is JSON lines when the first non-blank line starts with `{`.
pub fn parse(text: &str) -> Result<Vec<CallRecord>, String> {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.trim_start().starts_with('{') {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| {
                let v: Value =
                    serde_json::from_str(l).map_err(|e| format!("line {}: {e}", n + 1))?;
                let Value::Object(map) = v else {
                    return Err(format!("line {}: not a JSON object", n + 1));
                };
                record(&map).map_err(|e| format!("line {}: {e}", n + 1))
            })
            .collect()
    } else {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((_, header)) = lines.next() else {
            return Ok(Vec::new());
        };
        let header = split_csv(header).map_err(|e| format!("line 1: {e}"))?;
        lines
            .map(|(n, l)| {
                let cells = split_csv(l).map_err(|e| format!("line {}: {e}", n + 1))?;
                if cells.len() != header.len() {
                    return Err(format!(
                        "line {}: {} fields, header has {}",
                        n + 1,
                        cells.len(),
                        header.len()
                    ));
                }
                let map: Map<String, Value> = header
                    .iter()
                    .zip(cells)
                    .map(|(h, c)| {
                        (
                            h.trim().to_string(),
                            if c.is_empty() {
                                Value::Null
                            } else {
                                Value::String(c)
                            },
                        )
                    })
                    .collect();
                record(&map).map_err(|e| format!("line {}: {e}", n + 1))
            })
            .collect()
    }
}

/// Split one CSV line (RFC 4180 quotes; no line breaks inside cells).
fn split_csv(line: &str) -> Result<Vec<String>, String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let cell = cells.last_mut().expect("invariant: at least one cell");
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.is_empty() => quoted = true,
            (',', false) => cells.push(String::new()),
            (c, _) => cell.push(c),
        }
    }
    if quoted {
        return Err("unclosed quote".into());
    }
    Ok(cells)
}

fn field<'a>(m: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    m.get(name).filter(|v| !v.is_null())
}

fn text(m: &Map<String, Value>, name: &str) -> Result<String, String> {
    match field(m, name) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(_) => Err(format!("field `{name}`: expected text")),
        None => Err(format!("field `{name}` is missing")),
    }
}

fn opt_text(m: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    field(m, name).map(|_| text(m, name)).transpose()
}

fn flag(m: &Map<String, Value>, name: &str, default: bool) -> Result<bool, String> {
    match field(m, name) {
        None => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) => match s.trim().to_lowercase().as_str() {
            "true" | "1" | "yes" | "да" => Ok(true),
            "false" | "0" | "no" | "нет" | "" => Ok(false),
            _ => Err(format!("field `{name}`: expected true or false, got {s:?}")),
        },
        Some(_) => Err(format!("field `{name}`: expected true or false")),
    }
}

fn number<T: std::str::FromStr>(m: &Map<String, Value>, name: &str) -> Result<Option<T>, String> {
    match field(m, name) {
        None => Ok(None),
        Some(Value::Number(n)) => n
            .to_string()
            .parse()
            .map(Some)
            .map_err(|_| format!("field `{name}`: bad number {n}")),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("field `{name}`: not a number: {s:?}")),
        Some(_) => Err(format!("field `{name}`: expected a number")),
    }
}

fn moment(m: &Map<String, Value>, name: &str) -> Result<Option<DateTime<FixedOffset>>, String> {
    opt_text(m, name)?
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            wic_core::dates::parse_rfc3339(&s)
                .ok_or_else(|| format!("field `{name}`: not an RFC 3339 time: {s:?}"))
        })
        .transpose()
}

fn record(m: &Map<String, Value>) -> Result<CallRecord, String> {
    let direction = match text(m, "direction")?.as_str() {
        "in" => Direction::In,
        "out" => Direction::Out,
        other => {
            return Err(format!(
                "field `direction`: expected \"in\" or \"out\", got {other:?}"
            ))
        }
    };
    let call = Call {
        id: text(m, "id")?,
        direction,
        answered: flag(m, "answered", true)?,
        started_at: moment(m, "started_at")?,
        duration_s: number(m, "duration_s")?,
        transferred: flag(m, "transferred", false)?,
        caller: opt_text(m, "caller")?,
        operator: Some(text(m, "operator")?),
        pbx: opt_text(m, "pbx")?,
        linked_incident: number(m, "linked_incident")?,
        linked_at: moment(m, "linked_at")?,
        linked_by: opt_text(m, "linked_by")?,
    };
    Ok(CallRecord {
        call,
        department: text(m, "department")?,
        supervisor: text(m, "supervisor")?,
    })
}

//! One raw value → one typed JSON value: trim, `re` (first capture group, else the whole match),
//! `map`, then `date` / `duration` / the target type's own reading. The JSON produced is in the
//! model's shape (ids as numbers, times as RFC 3339). Knows no rows, no DOM.

use chrono::FixedOffset;
use regex_lite::{Regex, RegexBuilder};
use serde_json::{Number, Value};

use crate::dates::{parse_rfc3339, rfc3339};

use super::date::{parse_date, parse_duration, DurationFormat};
use super::kind::Target;
use super::spec::{FieldRule, FieldSpec};

/// A field spec with its regular expression compiled, ready for many rows.
#[derive(Debug)]
pub struct Reader<'a> {
    rule: Option<&'a FieldRule>,
    re: Option<Result<Regex, String>>,
}

/// What became of one raw value before typing.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    /// No element, an empty cell, or a `map` to `null`.
    Missing,
    /// Present, but `re` does not match.
    Unmatched,
    /// The value after `re` and `map`.
    Value(Value),
}

/// Compiles `re` with limits that keep a hostile profile from exhausting memory.
pub fn compile(re: &str) -> Result<Regex, String> {
    RegexBuilder::new(re)
        .size_limit(1 << 20)
        .nest_limit(64)
        .build()
        .map_err(|e| e.to_string())
}

impl<'a> Reader<'a> {
    /// Prepares `spec` (compiles its `re` once).
    pub fn new(spec: &'a FieldSpec) -> Reader<'a> {
        let rule = spec.rule();
        Reader {
            rule,
            re: rule.and_then(|r| r.re.as_deref()).map(compile),
        }
    }

    /// Trim, `re`, `map`.
    pub fn text(&self, raw: Option<&str>) -> Text {
        let Some(mut text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
            return Text::Missing;
        };
        match &self.re {
            Some(Ok(re)) => match re.captures(text) {
                Some(c) => {
                    let m = c.get(1).or_else(|| c.get(0));
                    text = m.map_or("", |m| m.as_str()).trim();
                }
                None => return Text::Unmatched,
            },
            Some(Err(_)) => return Text::Unmatched,
            None => {}
        }
        let mapped = self
            .rule
            .and_then(|r| r.map.as_ref())
            .and_then(|map| map.get(text).or_else(|| map.get("*")).map(|v| v.to_owned()));
        match mapped {
            Some(Value::Null) => Text::Missing,
            Some(Value::String(s)) if s.trim().is_empty() => Text::Missing,
            Some(v) => Text::Value(v),
            None if text.is_empty() => Text::Missing,
            None => Text::Value(Value::String(text.to_string())),
        }
    }

    /// A value (after `text`) as `target`; the error says, in Russian, what was expected.
    pub fn typed(&self, value: &Value, target: Target, zone: FixedOffset) -> Result<Value, String> {
        let date = self.rule.and_then(|r| r.date.as_deref());
        let duration = self
            .rule
            .and_then(|r| r.duration.as_deref())
            .and_then(DurationFormat::from_name);
        typed(value, target, date, duration, zone)
    }

    /// Why `Text::Unmatched` happened, for the report.
    pub fn unmatched_reason(&self) -> String {
        match (&self.re, self.rule.and_then(|r| r.re.as_deref())) {
            (Some(Err(e)), _) => format!("регулярное выражение не компилируется: {e}"),
            (_, Some(re)) => format!("не подходит под выражение «{re}»"),
            _ => "не подходит под выражение".to_string(),
        }
    }
}

/// `value` as `target`, with the spec's `date` / `duration` formats when given.
pub fn typed(
    value: &Value,
    target: Target,
    date: Option<&str>,
    duration: Option<DurationFormat>,
    zone: FixedOffset,
) -> Result<Value, String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    };
    let fail = |what: &str| Err(what.to_string());
    match target {
        Target::Text => match value {
            Value::String(_) | Value::Number(_) | Value::Bool(_) => Ok(Value::String(text)),
            _ => fail("ожидается текст"),
        },
        Target::Id => match digits_u64(&text) {
            Some(n) => Ok(Value::Number(n.into())),
            None => fail("ожидается номер (цифры)"),
        },
        Target::Count => match digits_u64(&text).and_then(|n| u32::try_from(n).ok()) {
            Some(n) => Ok(Value::Number(n.into())),
            None => fail("ожидается целое число"),
        },
        Target::Percent => {
            let t = text.trim_end_matches('%').trim();
            match digits_u64(t).and_then(|n| u32::try_from(n).ok()) {
                Some(n) => Ok(Value::Number(n.into())),
                None => fail("ожидается процент (98%)"),
            }
        }
        Target::Seconds => {
            let secs = match value {
                Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
                _ => parse_duration(&text, duration),
            };
            match secs {
                Some(s) => Ok(Value::Number(Number::from(s))),
                None => Err(match duration {
                    Some(DurationFormat::Seconds) => "ожидается длительность в секундах".into(),
                    Some(DurationFormat::MinSec) => "ожидается длительность мм:сс".into(),
                    Some(DurationFormat::HourMinSec) => "ожидается длительность чч:мм:сс".into(),
                    None => "ожидается длительность (секунды, мм:сс или чч:мм:сс)".into(),
                }),
            }
        }
        Target::Time => {
            let at = match date {
                Some(fmt) => parse_date(&text, fmt, zone),
                None => parse_rfc3339(&text),
            };
            match at.as_ref().and_then(rfc3339) {
                Some(s) => Ok(Value::String(s)),
                None => Err(match date {
                    Some(fmt) => format!("ожидается дата в формате «{fmt}»"),
                    None => "ожидается дата RFC 3339 (или укажите `date`)".to_string(),
                }),
            }
        }
        Target::Bool => match value {
            Value::Bool(b) => Ok(Value::Bool(*b)),
            _ => match word(&text).as_str() {
                "да" | "true" | "1" | "yes" | "+" => Ok(Value::Bool(true)),
                "нет" | "false" | "0" | "no" | "-" => Ok(Value::Bool(false)),
                _ => fail("ожидается да/нет"),
            },
        },
        Target::Status => match crate::model::Status::parse(&word(&text)) {
            Some(st) => Ok(st.code().into()),
            None => {
                fail("неизвестный статус (ожидается open, in_progress, resolved, closed или `map`)")
            }
        },
        Target::Direction => match word(&text).as_str() {
            "in" | "входящий" | "вх" | "вх." | "incoming" => Ok("in".into()),
            "out" | "исходящий" | "исх" | "исх." | "outgoing" => Ok("out".into()),
            _ => fail("ожидается направление in / out (входящий / исходящий)"),
        },
        Target::IdList => id_list(value).ok_or_else(|| "ожидаются номера статей".to_string()),
    }
}

/// Lower case, `ё` → `е`, inner spaces collapsed.
fn word(text: &str) -> String {
    text.to_lowercase()
        .replace('ё', "е")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Digits with optional spaces (`19 269 153`) as a number.
fn digits_u64(text: &str) -> Option<u64> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.len() > 19 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Every run of digits (`5163, 6053`), or a JSON array of numbers / digit strings.
fn id_list(value: &Value) -> Option<Value> {
    let mut ids = Vec::new();
    let mut push_all = |text: &str| -> Option<()> {
        for run in text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|r| !r.is_empty())
        {
            ids.push(Value::Number(run.parse::<u64>().ok()?.into()));
        }
        Some(())
    };
    match value {
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Number(n) => push_all(&n.to_string())?,
                    Value::String(s) => push_all(s)?,
                    _ => return None,
                }
            }
        }
        Value::Number(n) => push_all(&n.to_string())?,
        Value::String(s) => push_all(s)?,
        _ => return None,
    }
    (!ids.is_empty() || matches!(value, Value::Array(_))).then_some(Value::Array(ids))
}

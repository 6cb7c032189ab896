//! JSON sources (DESIGN §3a `from: json`): the array at the spec's dotted `rows` path, and each
//! field's `path` within an element, turned into raw rows of text like the HTML sources give.
//! Knows no network: the body arrives parsed.

use serde_json::Value;

use super::rows::RawRow;
use super::spec::{Locator, SourceSpec, Via};

/// Why a JSON body gave no rows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("источник: поле `{field}`: {message}")]
pub struct JsonRowsError {
    /// The spec's path: `sources.calls.rows`.
    pub field: String,
    /// What was found instead of an array, in Russian.
    pub message: String,
}

/// The value at a dotted `path` (`data.items`, `a.0.b`; `""` = `value` itself).
pub fn at_path<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    let path = path.trim();
    if path.is_empty() {
        return Some(value);
    }
    path.split('.').try_fold(value, |v, key| match v {
        Value::Object(m) => m.get(key),
        Value::Array(a) => key.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

/// The text of a JSON value in a raw row: strings as they are, numbers and booleans written out,
/// `null` as missing, an array of scalars joined by `, ` (knowledge ids), objects as JSON text.
pub fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => Some(
            items
                .iter()
                .filter_map(text_of)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        other => Some(other.to_string()),
    }
}

/// Raw rows of a `json` source named `name` from its answer `body`.
pub fn json_rows(
    name: &str,
    spec: &SourceSpec,
    body: &Value,
) -> Result<Vec<RawRow>, JsonRowsError> {
    let field = format!("sources.{name}.rows");
    let items = match at_path(body, &spec.rows) {
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(JsonRowsError {
                field,
                message: format!("по пути «{}» не массив, а {}", spec.rows, kind_of(other)),
            })
        }
        None => {
            return Err(JsonRowsError {
                field,
                message: format!("в ответе нет пути «{}»", spec.rows),
            })
        }
    };
    Ok(items
        .iter()
        .map(|item| {
            spec.fields
                .iter()
                .map(|(target, f)| {
                    let text = match f.locator(Via::Json) {
                        Some(Locator::Path(p)) => at_path(item, p).and_then(text_of),
                        _ => None,
                    };
                    (target.clone(), text)
                })
                .collect()
        })
        .collect())
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "логическое значение",
        Value::Number(_) => "число",
        Value::String(_) => "строка",
        Value::Array(_) => "массив",
        Value::Object(_) => "объект",
    }
}

//! The profile's data-source specs (DESIGN §3a) as serde types: `SourceSpec` (where the rows of a
//! source come from) and `FieldSpec` (where one value sits in a row and how its text is read).
//! Plain data with serde; checks live in `validate`, reading in `value` and `rows`. Knows no DOM.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// Where a source's rows come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// Rows of the current incident page (no `url`).
    Page,
    /// GET `url`, parse as HTML, rows by CSS.
    Html,
    /// GET `url`; `rows` is a dotted path to the array, fields use `path`.
    Json,
}

/// One source of rows: the incident page, an HTML report or a JSON answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// `page` | `html` | `json`.
    pub from: Via,
    /// Address template (`html` / `json` only), with `{name}` and `{since:%d.%m.%Y}` placeholders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// CSS selector of the rows (`page` / `html`), or dotted path to the array (`json`, `""` = top).
    #[serde(default)]
    pub rows: String,
    /// Target field → where its value sits in a row.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldSpec>,
    /// The current incident's fields copied into every row (when the row lacks them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inherit: Vec<String>,
    /// Fields whose empty cell takes the value of the row above.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fill_down: Vec<String>,
    /// Fields a row must have; a row without one is skipped quietly (totals, group counts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub require: Vec<String>,
    /// Values for what the source lacks.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub defaults: BTreeMap<String, Value>,
}

/// Where one value sits in a row and how its text becomes a value. Written either as a string
/// (shorthand: a CSS selector for `page`/`html`, a dotted path for `json`) or as an object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FieldSpec {
    /// The string shorthand.
    Short(String),
    /// The object form.
    Rule(FieldRule),
}

/// The object form of a field spec: one locator (`css` | `col` | `path`) and optional readers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    /// CSS selector within the row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub css: Option<String>,
    /// 1-based cell among the row's `td`/`th`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub col: Option<u32>,
    /// Dotted path within a JSON row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Read this attribute instead of the text (e.g. the full title in `title=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attr: Option<String>,
    /// Regular expression: the first capture group, else the whole match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub re: Option<String>,
    /// Trimmed text → value; `"*"` for any other text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<BTreeMap<String, Value>>,
    /// chrono `strftime` format of a date (`%b`/`%B` also take Russian month names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `s` | `mm:ss` | `hh:mm:ss`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
}

/// Where the browser side finds a raw value, resolved for the source's `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locator<'a> {
    /// A CSS selector within the row.
    Css(&'a str),
    /// A 1-based cell among the row's `td`/`th`.
    Col(u32),
    /// A dotted path within a JSON row.
    Path(&'a str),
}

impl FieldSpec {
    /// The object form (the shorthand has no readers).
    pub fn rule(&self) -> Option<&FieldRule> {
        match self {
            FieldSpec::Short(_) => None,
            FieldSpec::Rule(r) => Some(r),
        }
    }

    /// Where the value sits, for a source read `from` there; `None` when the spec names no
    /// locator (a validated spec always has exactly one).
    pub fn locator(&self, from: Via) -> Option<Locator<'_>> {
        match self {
            FieldSpec::Short(s) if from == Via::Json => Some(Locator::Path(s)),
            FieldSpec::Short(s) => Some(Locator::Css(s)),
            FieldSpec::Rule(r) => r
                .css
                .as_deref()
                .map(Locator::Css)
                .or(r.col.map(Locator::Col))
                .or(r.path.as_deref().map(Locator::Path)),
        }
    }

    /// The attribute to read instead of the text, if any.
    pub fn attr(&self) -> Option<&str> {
        self.rule().and_then(|r| r.attr.as_deref())
    }
}

impl<'de> Deserialize<'de> for FieldSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SpecVisitor;
        impl<'de> Visitor<'de> for SpecVisitor {
            type Value = FieldSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a selector / path string or an object {css|col|path, attr, re, map, date, duration}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldSpec, E> {
                Ok(FieldSpec::Short(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FieldSpec, A::Error> {
                FieldRule::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(FieldSpec::Rule)
            }
        }
        d.deserialize_any(SpecVisitor)
    }
}

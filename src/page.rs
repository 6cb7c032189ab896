//! Reads the incident on the page through the profile's field specs into wic-core's `Incident`, and
//! the raw rows of a table-like source from a document (the page itself, or a fetched HTML report).
//! Knows no selector itself; a configured field that matches nothing is reported, never a panic; the
//! typing of values (regex, maps, dates) is wic-core's.

use crate::dom::{query, query_all, read_value};
use crate::profile::{css, Profile};
use std::collections::BTreeMap;
use web_sys::{Document, Element};
use wic_core::model::Incident;
use wic_core::source::{
    self, Context, FieldSpec, Locator, Problem, RawRow, Reader, SourceSpec, Via,
};

/// What the page shows for the current incident.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// The incident as read (empty strings become `None`).
    pub incident: Incident,
    /// The logged-in operator as the page shows it.
    pub operator: Option<String>,
    /// Profile keys of configured fields that matched nothing.
    pub missing: Vec<&'static str>,
    /// Values present on the page that the profile's specs could not read (`fields.<name>`).
    pub problems: Vec<Problem>,
}

/// Whether the document is an incident page of this profile.
pub fn is_incident_page(doc: &Document, profile: &Profile) -> bool {
    query(doc, &profile.incident_page).is_some()
}

/// The offset of times the site writes without one: the profile's, else the browser's.
pub fn zone(profile: &Profile) -> chrono::FixedOffset {
    profile
        .timezone
        .as_deref()
        .and_then(source::parse_offset)
        .unwrap_or_else(|| *crate::timer::now_local().offset())
}

/// The raw text of `el` for `spec`: its `attr` if the spec names one, else the value or text.
fn raw(el: &Element, spec: &FieldSpec) -> Option<String> {
    match spec.attr() {
        Some(a) => el.get_attribute(a),
        None => Some(read_value(el)),
    }
}

/// The incident number the page shows now (the profile's `incident_id`, read through its spec).
pub fn incident_id(doc: &Document, profile: &Profile) -> Option<u64> {
    let spec = profile.fields.incident_id.as_ref()?;
    let el = query(doc, css(&profile.fields.incident_id)?)?;
    let reader = Reader::new(spec);
    match reader.text(raw(&el, spec).as_deref()) {
        source::Text::Value(v) => reader
            .typed(&v, source::Target::Id, zone(profile))
            .ok()?
            .as_u64(),
        _ => None,
    }
}

/// Reads every configured field.
pub fn read(doc: &Document, profile: &Profile) -> Snapshot {
    let mut snap = Snapshot::default();
    let mut fields = BTreeMap::new();
    let mut row = RawRow::new();
    for (key, spec) in profile.fields.iter() {
        let (Some(spec), Some(selector)) = (spec, css(spec)) else {
            continue;
        };
        // The incident's fields are typed as a history row's: `incident_id` is the row's `id`.
        let name = if key == "incident_id" { "id" } else { key };
        let text = if key == "knowledge" {
            // Zero matches is a valid state (no article); each match holds one id.
            let reader = Reader::new(spec);
            let ids: Vec<String> = query_all(doc, selector)
                .iter()
                .filter_map(|e| match reader.text(raw(e, spec).as_deref()) {
                    source::Text::Value(v) => source::text_of(&v),
                    _ => None,
                })
                .collect();
            row.insert(name.into(), Some(ids.join(" ")));
            continue;
        } else {
            match query(doc, selector) {
                Some(el) => raw(&el, spec),
                None => {
                    snap.missing.push(key);
                    continue;
                }
            }
        };
        if key == "operator" {
            let reader = Reader::new(spec);
            if let source::Text::Value(v) = reader.text(text.as_deref()) {
                snap.operator = source::text_of(&v);
            }
            continue;
        }
        // Already read: the readers apply to the knowledge ids one by one above.
        fields.insert(name.to_string(), spec.clone());
        row.insert(name.to_string(), text);
    }
    if let Some(spec) = &profile.fields.knowledge {
        let mut plain = spec.clone();
        if let FieldSpec::Rule(r) = &mut plain {
            (r.re, r.map, r.attr) = (None, None, None);
        }
        fields.insert("knowledge".into(), plain);
    }
    let spec = SourceSpec {
        from: Via::Page,
        url: None,
        rows: String::new(),
        fields,
        inherit: Vec::new(),
        fill_down: Vec::new(),
        require: Vec::new(),
        defaults: BTreeMap::new(),
    };
    let cx = Context {
        incident: None,
        zone: zone(profile),
    };
    let built = source::card(&spec, &row, cx);
    snap.incident = built.rows.into_iter().next().unwrap_or_default();
    snap.problems = built
        .problems
        .into_iter()
        .map(|mut p| {
            let field = p.field.trim_start_matches("sources.history.fields.");
            p.field = match field {
                "id" => "fields.incident_id".into(),
                f => format!("fields.{f}"),
            };
            p
        })
        .collect();
    snap
}

/// The raw rows of `spec` (a `page` or `html` source) in `doc`: for each row element, each field's
/// text by its locator (`css` within the row, or the `col`-th `td`/`th`) and `attr`.
pub fn rows(doc: &Document, spec: &SourceSpec) -> Vec<RawRow> {
    query_all(doc, &spec.rows)
        .iter()
        .map(|row| {
            let cells = std::cell::OnceCell::new();
            spec.fields
                .iter()
                .map(|(name, f)| {
                    let el = match f.locator(spec.from) {
                        Some(Locator::Css(sel)) => query(row, sel),
                        Some(Locator::Col(n)) => cells
                            .get_or_init(|| query_all(row, ":scope > td, :scope > th"))
                            .get(n as usize - 1)
                            .cloned(),
                        _ => None,
                    };
                    (name.clone(), el.and_then(|e| raw(&e, f)))
                })
                .collect()
        })
        .collect()
}

//! The "Процент регистрации звонков" report: rows per operator grouped department → supervisor,
//! with «Всего» totals, in the JSON shape of DESIGN §5. Pure data; rendering lives with callers.
//! Must not know where the calls come from or how the report is rendered.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{assess, percent, Rules, Unchecked};
use crate::model::CallRecord;

/// One operator's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    /// Department.
    pub department: String,
    /// Supervisor.
    pub supervisor: String,
    /// Operator (ФИО).
    pub operator: String,
    /// Counted calls («Звонки всего»).
    pub total: u32,
    /// Counted calls linked to an incident («Звонки с привязкой»).
    pub linked: u32,
    /// «% регистрации»; `None` when `total` is 0.
    pub percent: Option<u32>,
}

/// Which group a total sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TotalLevel {
    /// One supervisor's operators.
    Supervisor,
    /// One department.
    Department,
    /// Everything.
    All,
}

/// A «Всего» line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Total {
    /// Level of the group.
    pub level: TotalLevel,
    /// Supervisor or department name; «Всего» for the grand total.
    pub name: String,
    /// Counted calls.
    pub total: u32,
    /// Linked calls.
    pub linked: u32,
    /// Percentage, half up.
    pub percent: Option<u32>,
}

/// The whole report. Totals come in display order: each supervisor's, then its department's, and
/// the grand total last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Operator rows sorted by department, supervisor, operator.
    pub rows: Vec<ReportRow>,
    /// Totals.
    pub totals: Vec<Total>,
    /// Exclusion rules that some counted call lacked the data for (absent from JSON when none).
    #[serde(default, skip_serializing_if = "Unchecked::is_empty")]
    pub unchecked: Unchecked,
}

/// Build the report from a call log. Operators whose calls were all excluded still get a row
/// (total 0, percent `None`).
pub fn report(records: &[CallRecord], rules: &Rules) -> Report {
    type Key<'a> = (&'a str, &'a str, &'a str);
    let mut per_operator: BTreeMap<Key<'_>, (u32, u32)> = BTreeMap::new();
    let mut out = Report::default();
    for r in records {
        let operator = r.call.operator.as_deref().unwrap_or("");
        let entry = per_operator
            .entry((&r.department, &r.supervisor, operator))
            .or_default();
        let a = assess(&r.call, rules);
        if a.exclusion.is_none() {
            entry.0 += 1;
            entry.1 += u32::from(r.call.linked_incident.is_some());
            out.unchecked = out.unchecked.union(a.unchecked);
        }
    }
    let mut all = (0u32, 0u32);
    let mut dept: Option<(&str, u32, u32)> = None;
    let mut sup: Option<(&str, &str, u32, u32)> = None;
    let total = |level, name: &str, t: u32, l: u32| Total {
        level,
        name: name.to_string(),
        total: t,
        linked: l,
        percent: percent(l, t),
    };
    for ((d, s, o), (t, l)) in per_operator {
        if let Some((sd, ss, st, sl)) = sup {
            if sd != d || ss != s {
                out.totals.push(total(TotalLevel::Supervisor, ss, st, sl));
                sup = None;
            }
        }
        if let Some((dd, dt, dl)) = dept {
            if dd != d {
                out.totals.push(total(TotalLevel::Department, dd, dt, dl));
                dept = None;
            }
        }
        let se = sup.get_or_insert((d, s, 0, 0));
        se.2 += t;
        se.3 += l;
        let de = dept.get_or_insert((d, 0, 0));
        de.1 += t;
        de.2 += l;
        all.0 += t;
        all.1 += l;
        out.rows.push(ReportRow {
            department: d.to_string(),
            supervisor: s.to_string(),
            operator: o.to_string(),
            total: t,
            linked: l,
            percent: percent(l, t),
        });
    }
    if let Some((_, ss, st, sl)) = sup {
        out.totals.push(total(TotalLevel::Supervisor, ss, st, sl));
    }
    if let Some((dd, dt, dl)) = dept {
        out.totals.push(total(TotalLevel::Department, dd, dt, dl));
    }
    out.totals
        .push(total(TotalLevel::All, "Всего", all.0, all.1));
    out
}

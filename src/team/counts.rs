//! The team's registration numbers as a report source's rows give them (profile v2
//! `registration`): counted and linked calls per department, supervisor and operator, kept to the
//! team; the difference of two reports that run up to now (which is a bounded period's numbers);
//! and wic-core's `Report` shape with its «Всего» lines, percent half up by
//! `wic_core::registration::percent`. Arithmetic only: knows no source spec, no fetch, no DOM.
//! Must not know the DOM or the network.

use std::collections::BTreeMap;

use wic_core::registration::{percent, Report, ReportRow, Total, TotalLevel};
use wic_core::source::RegistrationRow;

use super::Team;

/// (department, supervisor, operator).
pub type Key = (String, String, String);

/// Counted and linked calls per operator of the team, in the report's order (department,
/// supervisor, operator).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts(pub BTreeMap<Key, (u32, u32)>);

/// Names compared as a supervisor reads them: case and runs of spaces ignored.
fn same(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// A report's own total line read as an operator (a profile that does not skip it).
fn is_total(name: &str) -> bool {
    same(name, "Всего") || same(name, "Итого")
}

impl Counts {
    /// The team's rows: a row that names its department (supervisor) is kept only when it is the
    /// team's; a row that names none is taken as the team's (the source asked for the team). The
    /// report's own «Всего» / «Итого» lines are left out: totals are recomputed.
    pub fn of_rows(rows: &[RegistrationRow], team: Team<'_>) -> Counts {
        let fits = |want: Option<&str>, have: Option<&str>| match (want, have) {
            (Some(w), Some(h)) if !h.trim().is_empty() => same(w, h),
            _ => true,
        };
        let mut out = Counts::default();
        for r in rows {
            let operator = r.operator.trim();
            if operator.is_empty() || is_total(operator) {
                continue;
            }
            if !fits(team.department, r.department.as_deref())
                || !fits(team.supervisor, r.supervisor.as_deref())
            {
                continue;
            }
            // The team's own spelling when it is named (the row matched it), else the row's.
            let name = |have: Option<&str>, team: Option<&str>| {
                team.or(have.map(str::trim).filter(|s| !s.is_empty()))
                    .unwrap_or_default()
                    .to_string()
            };
            let key = (
                name(r.department.as_deref(), team.department),
                name(r.supervisor.as_deref(), team.supervisor),
                operator.to_string(),
            );
            let e = out.0.entry(key).or_default();
            e.0 = e.0.saturating_add(r.total);
            e.1 = e.1.saturating_add(r.linked);
        }
        out
    }

    /// This report (from a start up to now) less `later` (from a later start up to now): the
    /// numbers between the two starts. An operator of `later` whose numbers did not change is left
    /// out; without `later` the report is the period.
    pub fn minus(&self, later: Option<&Counts>) -> Counts {
        let mut out = Counts::default();
        for (k, &(t, l)) in &self.0 {
            let before = later.and_then(|c| c.0.get(k));
            let (bt, bl) = before.copied().unwrap_or_default();
            let (dt, dl) = (t.saturating_sub(bt), l.saturating_sub(bl));
            if before.is_some() && dt == 0 && dl == 0 {
                continue;
            }
            out.0.insert(k.clone(), (dt, dl));
        }
        out
    }

    /// The operators' names.
    pub fn operators(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(|k| k.2.as_str())
    }

    /// wic-core's report shape: operator rows in order, each supervisor's «Всего», then its
    /// department's, the grand total last.
    pub fn report(&self) -> Report {
        let line = |level, name: &str, (t, l): (u32, u32)| Total {
            level,
            name: name.to_string(),
            total: t,
            linked: l,
            percent: percent(l, t),
        };
        let add = |a: &mut (u32, u32), (t, l): (u32, u32)| {
            a.0 = a.0.saturating_add(t);
            a.1 = a.1.saturating_add(l);
        };
        let mut out = Report::default();
        let mut all = (0, 0);
        let mut sup: Option<(&str, &str, (u32, u32))> = None;
        let mut dep: Option<(&str, (u32, u32))> = None;
        for ((d, s, o), &n) in &self.0 {
            if let Some((_, ss, sn)) = sup.filter(|(sd, ss, _)| (*sd, *ss) != (d, s)) {
                out.totals.push(line(TotalLevel::Supervisor, ss, sn));
                sup = None;
            }
            if let Some((dd, dn)) = dep.filter(|(dd, _)| *dd != d) {
                out.totals.push(line(TotalLevel::Department, dd, dn));
                dep = None;
            }
            add(&mut sup.get_or_insert((d, s, (0, 0))).2, n);
            add(&mut dep.get_or_insert((d, (0, 0))).1, n);
            add(&mut all, n);
            out.rows.push(ReportRow {
                department: d.clone(),
                supervisor: s.clone(),
                operator: o.clone(),
                total: n.0,
                linked: n.1,
                percent: percent(n.1, n.0),
            });
        }
        if let Some((_, ss, sn)) = sup {
            out.totals.push(line(TotalLevel::Supervisor, ss, sn));
        }
        if let Some((dd, dn)) = dep {
            out.totals.push(line(TotalLevel::Department, dd, dn));
        }
        out.totals.push(line(TotalLevel::All, "Всего", all));
        out
    }
}

//! What both dialects' report pages share: the default period, the filter read from the page's
//! parameters, the department / supervisor choices of the filter form, the report and the operators
//! read together, and the unlinked calls grouped by operator. It must not know either dialect's
//! markup (the tables and forms are theirs).

use chrono::{NaiveDate, TimeDelta};
use rusqlite::Connection;
use wic_core::registration::UnlinkedRow;

use crate::api::reports::Filter;
use crate::api::Params;
use crate::db::calls::{operators, Operator};
use crate::pages::esc;
use crate::{timefmt, State};

/// The filter form's default period: the last two weeks, today included.
pub fn default_period() -> (NaiveDate, NaiveDate) {
    let today = timefmt::now().date_naive();
    (today - TimeDelta::days(13), today)
}

/// The report filter of the page's parameters with `from` and `to` as given (ISO dates or
/// instants); a bad value is the API's Russian message.
pub fn filter(p: &Params, from: &str, to: &str) -> Result<Filter, String> {
    let mut q = p.clone();
    q.insert("from".into(), from.to_string());
    q.insert("to".into(), to.to_string());
    Filter::from_params(&q).map_err(|e| e.message)
}

/// A `<select>`'s `(value, label)` items.
pub type Choices = Vec<(String, String)>;

/// The filter form's department and supervisor choices (`(value, label)`, each once, in the
/// operators' order).
pub fn filter_choices(ops: &[Operator]) -> (Choices, Choices) {
    let mut deps = Choices::new();
    let mut sups = Choices::new();
    for o in ops {
        if !deps.iter().any(|(d, _)| d == &o.department) {
            deps.push((o.department.clone(), o.department.clone()));
        }
        if !sups.iter().any(|(s, _)| s == &o.supervisor) {
            sups.push((o.supervisor.clone(), o.supervisor.clone()));
        }
    }
    (deps, sups)
}

/// `report` of the filter and the operators (for the form), read on the database thread.
pub async fn with_operators<T: Send + 'static>(
    st: &State,
    f: Filter,
    report: fn(&Connection, &Filter) -> rusqlite::Result<T>,
) -> rusqlite::Result<(T, Vec<Operator>)> {
    st.db
        .run(move |c| Ok((report(c, &f)?, operators(c)?)))
        .await
}

/// One unlinked call's cells, escaped: the operator's name (on a group's first row only), the
/// call id, the duration in seconds, «Да» for a transfer.
pub struct UnlinkedCells {
    pub name: String,
    pub id: String,
    pub duration: String,
    pub transfer: &'static str,
}

/// The unlinked calls grouped by operator (names sorted, an unknown operator is `""`; each group's
/// calls in core's order): `row` of each call, then `total` of the group's count.
pub fn grouped_rows(
    rows: &[UnlinkedRow],
    row: impl Fn(&UnlinkedCells) -> String,
    total: impl Fn(usize) -> String,
) -> String {
    let name = |r: &UnlinkedRow| r.operator.clone().unwrap_or_default();
    let mut names: Vec<String> = rows.iter().map(name).collect();
    names.sort();
    names.dedup();
    let mut out = String::new();
    for n in names {
        let mine: Vec<&UnlinkedRow> = rows.iter().filter(|r| name(r) == n).collect();
        for (k, r) in mine.iter().enumerate() {
            out.push_str(&row(&UnlinkedCells {
                name: if k == 0 { esc(&n) } else { String::new() },
                id: esc(&r.call_id),
                duration: r.duration_s.map(|d| d.to_string()).unwrap_or_default(),
                transfer: if r.transferred { "Да" } else { "" },
            }));
        }
        out.push_str(&total(mine.len()));
    }
    out
}

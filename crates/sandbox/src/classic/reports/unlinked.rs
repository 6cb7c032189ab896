//! «Непривязанные звонки» of the report server: ФИО | Id | Время звонка (seconds) | Перевод, grouped
//! by operator as the seed shows it — the name only on a group's first row, then a count row.
//! Which calls are listed is `wic_core::registration::unlinked` (the json dialect's rule).
//! Must not know the KPI rules (wic-core decides which calls count) or the JSON dialect.

use axum::extract::{Query, State as AxState};
use axum::response::{Html, IntoResponse, Response};
use wic_core::registration::UnlinkedRow;

use super::{error_page, filter_form, page, read_form};
use crate::api::reports::unlinked_rows;
use crate::api::Params;
use crate::classic::known;
use crate::shared::reports::{grouped_rows, with_operators};
use crate::State;

/// Whether `name` is one of the `;`-separated names of `fio` (case and spacing ignored).
pub fn fio_matches(fio: &str, name: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let name = norm(name);
    fio.split(';')
        .map(norm)
        .any(|want| !want.is_empty() && want == name)
}

fn operator_of(r: &UnlinkedRow) -> String {
    known::<String>(r.operator.clone()).unwrap_or_default()
}

/// The grouped table: operators by name, each group's calls in core's order (newest first).
pub fn table(rows: &[UnlinkedRow]) -> String {
    let mut out = String::from(
        "<table id=\"ReportTable\" class=\"report\">\n<thead><tr><th>ФИО</th><th>Id</th><th>Время звонка</th>\
         <th>Перевод</th></tr></thead>\n<tbody>\n",
    );
    out.push_str(&grouped_rows(
        rows,
        |c| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                c.name, c.id, c.duration, c.transfer
            )
        },
        |n| {
            format!(
                "<tr class=\"group-total\"><td></td><td>Количество: {n}</td><td></td><td></td></tr>\n"
            )
        },
    ));
    out.push_str("</tbody>\n</table>");
    out
}

/// `GET /uks/unlinked?from=DD.MM.YYYY&to=DD.MM.YYYY&department=&supervisor=&fio=NAME[;NAME…]`.
pub async fn report(AxState(st): AxState<State>, Query(p): Query<Params>) -> Response {
    let (form, f) = match read_form(&p) {
        Ok(x) => x,
        Err(m) => return error_page(&m),
    };
    let (mut rows, ops) = match with_operators(&st, f, unlinked_rows).await {
        Ok(x) => x,
        Err(e) => return error_page(&e.to_string()),
    };
    if let Some(fio) = &form.fio {
        rows.retain(|r| fio_matches(fio, &operator_of(r)));
    }
    let body = format!(
        "{}\n<div class=\"viewer\">1 из 1</div>\n<h1>Непривязанные звонки</h1>\n{}",
        filter_form("/uks/unlinked", &form, &ops, true),
        table(&rows),
    );
    Html(page(
        "Непривязанные звонки",
        "Звонки &gt; Непривязанные звонки",
        &body,
    ))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fio_matches_whole_names_from_a_list() {
        let fio = "Бих Елена Сергеевна; Калимулина  Анастасия Илдаровна";
        assert!(fio_matches(fio, "Калимулина Анастасия Илдаровна"));
        assert!(fio_matches(fio, "бих елена сергеевна"));
        assert!(!fio_matches(fio, "Бих Елена"));
        assert!(!fio_matches(";", ""));
    }
}

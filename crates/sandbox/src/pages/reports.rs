//! Report pages: «Процент регистрации звонков» and «Непривязанные звонки» (numbers from `wic-core`).
//! Must not know the report rules (wic-core computes them) or the classic dialect.

use axum::extract::{Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;
use wic_core::registration::{Report, UnlinkedRow};

use super::{esc, layout, options};
use crate::api::reports::{registration_report, unlinked_rows, Filter};
use crate::api::{param, Params};
use crate::db::calls::Operator;
use crate::shared::reports::{
    default_period, filter, filter_choices, grouped_rows, with_operators,
};
use crate::{timefmt, State};

struct Form {
    from: String,
    to: String,
    department: Option<String>,
    supervisor: Option<String>,
}

/// Reads the filter form; dates default to the last two weeks.
fn read_form(p: &Params) -> Result<(Form, Filter), String> {
    let (first, today) = default_period();
    let from = param(p, "from")
        .map(String::from)
        .unwrap_or_else(|| timefmt::iso_date(first));
    let to = param(p, "to")
        .map(String::from)
        .unwrap_or_else(|| timefmt::iso_date(today));
    let f = filter(p, &from, &to)?;
    let form = Form {
        from,
        to,
        department: f.department.clone(),
        supervisor: f.supervisor.clone(),
    };
    Ok((form, f))
}

fn filter_form(action: &str, f: &Form, ops: &[Operator]) -> String {
    let (deps, sups) = filter_choices(ops);
    format!(
        r#"<form class="filters" method="get" action="{action}">
  <label>с <input type="date" name="from" value="{from}"></label>
  <label>по <input type="date" name="to" value="{to}"></label>
  <label>Отдел <select name="department">{deps}</select></label>
  <label>Супервизор <select name="supervisor">{sups}</select></label>
  <button type="submit" class="btn primary">Просмотр отчета</button>
</form>"#,
        from = esc(&f.from),
        to = esc(&f.to),
        deps = options(&deps, f.department.as_deref(), Some("Все")),
        sups = options(&sups, f.supervisor.as_deref(), Some("Все")),
    )
}

fn pct(p: Option<u32>) -> String {
    p.map(|v| format!("{v}%")).unwrap_or_else(|| "—".into())
}

fn total_row(t: Option<&wic_core::registration::Total>, class: &str) -> String {
    match t {
        Some(t) => format!(
            "<tr class=\"total {class}\"><td></td><td></td><td>Всего</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            t.total,
            t.linked,
            pct(t.percent)
        ),
        None => String::new(),
    }
}

fn level_of(t: &wic_core::registration::Total) -> String {
    match serde_json::to_value(t.level) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The grouped table of the registration report, with «Всего» rows in core's order.
pub fn registration_table(r: &Report) -> String {
    let mut out = String::from(
        "<table id=\"registration-report\" class=\"grid report\"><thead><tr><th>Отдел</th><th>Супервизор</th><th>ФИО</th>\
         <th>Звонки всего</th><th>Звонки с привязкой</th><th>% регистрации</th></tr></thead><tbody>",
    );
    let mut totals = r.totals.iter().peekable();
    let n = r.rows.len();
    for (k, row) in r.rows.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| &r.rows[j]);
        let new_dep = prev.is_none_or(|p| p.department != row.department);
        let new_sup = new_dep || prev.is_some_and(|p| p.supervisor != row.supervisor);
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if new_dep {
                esc(&row.department)
            } else {
                String::new()
            },
            if new_sup {
                esc(&row.supervisor)
            } else {
                String::new()
            },
            esc(&row.operator),
            row.total,
            row.linked,
            pct(row.percent)
        ));
        let next = r.rows.get(k + 1);
        let end_dep = k + 1 == n || next.is_some_and(|x| x.department != row.department);
        let end_sup = end_dep || next.is_some_and(|x| x.supervisor != row.supervisor);
        if end_sup && totals.peek().is_some_and(|t| level_of(t) == "supervisor") {
            out.push_str(&total_row(totals.next(), "supervisor"));
        }
        if end_dep && totals.peek().is_some_and(|t| level_of(t) == "department") {
            out.push_str(&total_row(totals.next(), "department"));
        }
    }
    let all = r.totals.iter().find(|t| level_of(t) == "all");
    out.push_str(&total_row(all, "all"));
    out.push_str("</tbody></table>");
    out
}

fn error_page(st: &State, msg: &str) -> Response {
    let body = format!("<p class=\"error\">{}</p>", esc(msg));
    (
        StatusCode::BAD_REQUEST,
        Html(layout::page("Ошибка", &st.cfg.operator, "error", &body)),
    )
        .into_response()
}

/// `GET /reports/registration`.
pub async fn registration(AxState(st): AxState<State>, Query(p): Query<Params>) -> Response {
    let (form, f) = match read_form(&p) {
        Ok(x) => x,
        Err(m) => return error_page(&st, &m),
    };
    let (report, ops) = match with_operators(&st, f, registration_report).await {
        Ok(x) => x,
        Err(e) => return error_page(&st, &e.to_string()),
    };
    let body = format!(
        "<h1>Процент регистрации звонков</h1>\n{}\n{}\n<p class=\"note\">Исключаются из статистики: звонки короче 20 секунд; \
         звонки короче 150 секунд, завершившиеся переводом; звонки с внутренних номеров (не длиннее 5 цифр), \
         не привязанные к инцидентам.</p>\n<p class=\"stamp\">{}</p>",
        filter_form("/reports/registration", &form, &ops),
        registration_table(&report),
        esc(&timefmt::date_seconds(timefmt::now())),
    );
    Html(layout::page(
        "Процент регистрации звонков",
        &st.cfg.operator,
        "report-registration",
        &body,
    ))
    .into_response()
}

fn unlinked_table(rows: &[UnlinkedRow]) -> String {
    let mut out = String::from(
        "<table id=\"unlinked-report\" class=\"grid report\"><thead><tr><th>ФИО</th><th>Id</th><th>Время звонка</th>\
         <th>Перевод</th></tr></thead><tbody>",
    );
    out.push_str(&grouped_rows(
        rows,
        |c| {
            format!(
                "<tr class=\"call\" data-call-id=\"{id}\"><td>{}</td><td><a href=\"/tel/calls?internal_id={id}\">{id}</a></td>\
                 <td>{}</td><td>{}</td></tr>",
                c.name,
                c.duration,
                c.transfer,
                id = c.id,
            )
        },
        |n| format!("<tr class=\"total\"><td></td><td>{n}</td><td></td><td></td></tr>"),
    ));
    out.push_str("</tbody></table>");
    out
}

/// `GET /reports/unlinked`.
pub async fn unlinked(AxState(st): AxState<State>, Query(p): Query<Params>) -> Response {
    let (form, f) = match read_form(&p) {
        Ok(x) => x,
        Err(m) => return error_page(&st, &m),
    };
    let (rows, ops) = match with_operators(&st, f, unlinked_rows).await {
        Ok(x) => x,
        Err(e) => return error_page(&st, &e.to_string()),
    };
    let body = format!(
        "<h1>Непривязанные звонки</h1>\n{}\n{}\n<p class=\"note\">Всего непривязанных звонков: {}</p>",
        filter_form("/reports/unlinked", &form, &ops),
        unlinked_table(&rows),
        rows.len()
    );
    Html(layout::page(
        "Непривязанные звонки",
        &st.cfg.operator,
        "report-unlinked",
        &body,
    ))
    .into_response()
}

//! The UKSstat-like report server of the classic dialect: a second listener (another origin) over
//! the same database, HTML only, no authentication and no CORS headers (the extension reads it
//! through its background worker). «Непривязанные звонки» ([`unlinked`]) and «Процент регистрации
//! звонков»; the numbers come from `wic-core` exactly as the json dialect's `/api/reports/*`.
//! It must not know the ticket site's pages or the extension.

pub mod unlinked;

use std::sync::Arc;

use axum::extract::{Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};

use crate::api::reports::{registration_report, Filter};
use crate::api::{param, Params};
use crate::config::Config;
use crate::db::calls::Operator;
use crate::db::Db;
use crate::pages::{esc, options};
use crate::shared::document;
use crate::shared::reports::{default_period, filter, filter_choices, with_operators};
use crate::{timefmt, AppState, State};

/// The report server as a router.
pub fn app(db: Db, cfg: Config) -> Router {
    let state: State = Arc::new(AppState {
        db,
        cfg,
        faults: None,
    });
    Router::new()
        .route("/", get(index))
        .route("/uks/unlinked", get(unlinked::report))
        .route("/uks/registration", get(registration))
        .fallback(not_found)
        .with_state(state)
}

/// The report filter as the form shows it (dates `DD.MM.YYYY`).
pub struct Form {
    pub from: String,
    pub to: String,
    pub department: Option<String>,
    pub supervisor: Option<String>,
    pub fio: Option<String>,
}

/// `21.12.2018`.
pub fn ru_date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// A date parameter: `DD.MM.YYYY` (UKSstat's) or `YYYY-MM-DD`.
fn parse_date(name: &str, v: &str) -> Result<NaiveDate, String> {
    let b = v.as_bytes();
    let russian = (b.len() == 10 && v.is_ascii() && b[2] == b'.' && b[5] == b'.')
        .then(|| format!("{}-{}-{}", &v[6..], &v[3..5], &v[..2]));
    russian
        .as_deref()
        .map_or_else(|| wic_core::dates::parse_ymd(v), wic_core::dates::parse_ymd)
        .ok_or_else(|| format!("Параметр {name}: ожидается дата ДД.ММ.ГГГГ, получено «{v}»"))
}

/// Reads `from`, `to` (default: the last two weeks; `to` includes its day), `department`,
/// `supervisor`, `fio`.
pub fn read_form(p: &Params) -> Result<(Form, Filter), String> {
    let (first, today) = default_period();
    let from = match param(p, "from") {
        Some(v) => parse_date("from", v)?,
        None => first,
    };
    let to = match param(p, "to") {
        Some(v) => parse_date("to", v)?,
        None => today,
    };
    let f = filter(p, &timefmt::iso_date(from), &timefmt::iso_date(to))?;
    let form = Form {
        from: ru_date(from),
        to: ru_date(to),
        department: f.department.clone(),
        supervisor: f.supervisor.clone(),
        fio: param(p, "fio").map(String::from),
    };
    Ok((form, f))
}

/// The filter form; `with_fio` adds the «ФИО» field.
pub fn filter_form(action: &str, f: &Form, ops: &[Operator], with_fio: bool) -> String {
    let (deps, sups) = filter_choices(ops);
    let fio = if with_fio {
        format!(
            "\n  <label>ФИО <input name=\"fio\" size=\"40\" value=\"{}\"></label>",
            esc(f.fio.as_deref().unwrap_or(""))
        )
    } else {
        String::new()
    };
    format!(
        r#"<form class="params" method="get" action="{action}">
  <label>с <input name="from" size="10" value="{from}"></label>
  <label>По <input name="to" size="10" value="{to}"></label>
  <label>Отдел <select name="department">{deps}</select></label>
  <label>Супервизор <select name="supervisor">{sups}</select></label>{fio}
  <button type="submit">Просмотр отчета</button>
</form>"#,
        from = esc(&f.from),
        to = esc(&f.to),
        deps = options(&deps, f.department.as_deref(), Some("(Все)")),
        sups = options(&sups, f.supervisor.as_deref(), Some("(Все)")),
    )
}

/// The report viewer's time stamp, as the seed shows it: `3/7/2018 3:46:51 PM`.
pub fn stamp(t: DateTime<FixedOffset>) -> String {
    let (h, ampm) = match t.hour() {
        0 => (12, "AM"),
        h @ 1..=11 => (h, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    format!(
        "{}/{}/{} {h}:{:02}:{:02} {ampm}",
        t.month(),
        t.day(),
        t.year(),
        t.minute(),
        t.second()
    )
}

/// A whole page of the report server.
pub fn page(title: &str, crumbs: &str, body: &str) -> String {
    let inner = format!(
        "<div class=\"uks-header\">UKSSTAT - сервис статистики УКС</div>\n\
         <div class=\"breadcrumbs\"><a href=\"/\">Главная</a> &gt; Статистика УКС &gt; {crumbs}</div>\n\
         <div class=\"report-body\">\n{body}\n</div>"
    );
    document(&format!("{title} — UKSstat"), &[], "", &inner)
}

/// 400 with the reason.
pub fn error_page(msg: &str) -> Response {
    let body = format!("<p class=\"error\">{}</p>", esc(msg));
    (
        StatusCode::BAD_REQUEST,
        Html(page("Ошибка", "Ошибка", &body)),
    )
        .into_response()
}

async fn index() -> Html<String> {
    Html(page(
        "Главная",
        "Отчеты",
        "<ul class=\"reports\">\n<li><a href=\"/uks/unlinked\">Непривязанные звонки</a></li>\n\
         <li><a href=\"/uks/registration\">Процент регистрации звонков</a></li>\n</ul>",
    ))
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(page(
            "Нет такого отчета",
            "Ошибка",
            "<p>Нет такого отчета.</p>",
        )),
    )
        .into_response()
}

/// `GET /uks/registration?from=&to=&department=&supervisor=`: department → supervisor → operator
/// with «Всего» rows, from `wic_core::registration::report`.
pub async fn registration(AxState(st): AxState<State>, Query(p): Query<Params>) -> Response {
    let (form, f) = match read_form(&p) {
        Ok(x) => x,
        Err(m) => return error_page(&m),
    };
    let (report, ops) = match with_operators(&st, f, registration_report).await {
        Ok(x) => x,
        Err(e) => return error_page(&e.to_string()),
    };
    let body = format!(
        "{}\n<div class=\"viewer\">1 из 1</div>\n<h1>Процент регистрации звонков</h1>\n{}\n<p class=\"stamp\">{}</p>",
        filter_form("/uks/registration", &form, &ops, false),
        crate::pages::reports::registration_table(&report),
        esc(&stamp(timefmt::now())),
    );
    Html(page(
        "Процент регистрации звонков",
        "КРІ консультирующих отделов &gt; Процент регистрации звонков",
        &body,
    ))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(text: &str) -> DateTime<FixedOffset> {
        wic_core::dates::parse_rfc3339(text).expect(text)
    }

    #[test]
    fn dates_read_russian_and_iso_and_name_the_parameter() {
        let d = parse_date("from", "01.02.2018").unwrap();
        assert_eq!(ru_date(d), "01.02.2018");
        assert_eq!(
            parse_date("to", "2018-02-28").map(ru_date).unwrap(),
            "28.02.2018"
        );
        let e = parse_date("from", "32.01.2018").unwrap_err();
        assert!(e.contains("from") && e.contains("32.01.2018"), "{e}");
    }

    #[test]
    fn stamp_is_the_report_viewers_us_format() {
        assert_eq!(
            stamp(dt("2018-03-07T15:46:51+05:00")),
            "3/7/2018 3:46:51 PM"
        );
        assert_eq!(
            stamp(dt("2018-03-07T00:05:09+05:00")),
            "3/7/2018 12:05:09 AM"
        );
    }
}

//! Small pages: the index of recent incidents, the telephony «Отчет по звонкам», 404 and assets.
//! Must not know the classic dialect or the extension.

use axum::extract::{Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::{esc, layout};
use crate::api::{param, Params};
use crate::db::calls::{self, operators};
use crate::db::incidents::{self, status_label};
use crate::shared::asset;
use crate::{timefmt, State};

const APP_JS: &str = include_str!("../static/app.js");
const WIC_CSS: &str = include_str!("../static/wic.css");

/// `GET /static/app.js`.
pub async fn app_js() -> Response {
    asset("text/javascript; charset=utf-8", APP_JS)
}

/// `GET /static/wic.css`.
pub async fn wic_css() -> Response {
    asset("text/css; charset=utf-8", WIC_CSS)
}

/// Any unknown page.
pub async fn not_found() -> impl IntoResponse {
    let body = "<h1>Страница не найдена</h1><p><a href=\"/\">На главную</a></p>";
    (
        StatusCode::NOT_FOUND,
        Html(layout::page("Страница не найдена", "", "not-found", body)),
    )
}

/// `GET /?inn=&phone=`: the latest incidents, optionally of one client.
pub async fn index(AxState(st): AxState<State>, Query(p): Query<Params>) -> Response {
    let inn = param(&p, "inn").map(String::from);
    let phone = param(&p, "phone").map(String::from);
    let form = format!(
        "<form class=\"filters\" method=\"get\" action=\"/\"><label>ИНН <input name=\"inn\" value=\"{}\"></label>\
         <label>Телефон <input name=\"phone\" value=\"{}\"></label><button type=\"submit\" class=\"btn primary\">Найти</button></form>",
        esc(inn.as_deref().unwrap_or("")),
        esc(phone.as_deref().unwrap_or(""))
    );
    let q = incidents::Query {
        inn,
        phone,
        limit: Some(100),
        ..incidents::Query::default()
    };
    let rows = match st.db.run(move |c| incidents::search(c, &q)).await {
        Ok(r) => r,
        Err(e) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, Html(esc(&e.to_string()))).into_response()
        }
    };
    let body = String::from(
        "<h1>Последние инциденты</h1>\n<p><a class=\"btn primary\" href=\"/incidents/new\">Создать инцидент</a></p>\n{form}\n\
         <table id=\"incidents\" class=\"grid\"><thead><tr><th>Инцидент</th><th>Дата создания</th><th>Статус</th>\
         <th>Заголовок</th><th>Тип</th><th>ИНН-КПП</th><th>Кем создан</th></tr></thead><tbody>",
    );
    let mut body = body.replace("{form}", &form);
    for s in &rows {
        let i = &s.incident;
        body.push_str(&format!(
            "<tr><td><a href=\"/incidents/{id}\">{id}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&i.created_at.map(timefmt::date_time).unwrap_or_default()),
            status_label(i.status),
            esc(&i.title),
            esc(i.kind.as_deref().unwrap_or("")),
            esc(i.inn_kpp.as_deref().unwrap_or("")),
            esc(i.created_by.as_deref().unwrap_or("")),
            id = s.id(),
        ));
    }
    body.push_str("</tbody></table>");
    Html(layout::page(
        "QWic — инциденты",
        &st.cfg.operator,
        "index",
        &body,
    ))
    .into_response()
}

/// `GET /tel/calls?internal_id=&caller=`: the telephony call search.
pub async fn tel_calls(AxState(st): AxState<State>, Query(p): Query<Params>) -> Response {
    let internal_id = param(&p, "internal_id").map(String::from);
    let caller = param(&p, "caller").map(String::from);
    let (id2, caller2) = (internal_id.clone(), caller.clone());
    let res = st
        .db
        .run(move |c| -> rusqlite::Result<_> {
            let found = match (&id2, &caller2) {
                (Some(id), _) => calls::get(c, id)?.into_iter().collect(),
                (None, Some(num)) => {
                    let q = calls::Query {
                        caller_key: Some(crate::db::last_digits(num, 10)),
                        limit: Some(100),
                        ..calls::Query::default()
                    };
                    calls::list(c, &q)?
                }
                (None, None) => Vec::new(),
            };
            Ok((found, operators(c)?))
        })
        .await;
    let (found, ops) = match res {
        Ok(x) => x,
        Err(e) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, Html(esc(&e.to_string()))).into_response()
        }
    };
    let mut rows = String::new();
    for c in &found {
        let ext = ops
            .iter()
            .find(|o| c.operator.as_deref() == Some(o.name.as_str()))
            .and_then(|o| o.extension.clone())
            .unwrap_or_default();
        rows.push_str(&format!(
            "<tr data-call-id=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.id),
            esc(&ext),
            esc(c.caller.as_deref().unwrap_or("")),
            esc(c.operator.as_deref().unwrap_or("")),
            esc(c.pbx.as_deref().unwrap_or("")),
            esc(&c.started_at.map(timefmt::date_seconds).unwrap_or_default()),
            esc(&c.duration_s.map(timefmt::ms).unwrap_or_default()),
        ));
    }
    let body = format!(
        r#"<h1>Отчет по звонкам</h1>
<form class="filters" method="get" action="/tel/calls">
  <label>Номер абонента <input name="caller" value="{caller}"></label>
  <label>Внутренний идентификатор звонка <input name="internal_id" size="40" value="{id}"></label>
  <button type="submit" class="btn primary">Поиск</button>
  <a class="btn" href="/tel/calls">Очистить</a>
</form>
<h2>Результат поиска</h2>
<table id="tel-calls" class="grid"><thead><tr><th>Extension</th><th>Номер абонента</th><th>ФИО</th><th>АТС</th><th>Дата создания</th><th>Прод-ть</th></tr></thead>
<tbody>{rows}</tbody></table>
<p>Всего записей: <span id="tel-count">{n}</span></p>"#,
        caller = esc(caller.as_deref().unwrap_or("")),
        id = esc(internal_id.as_deref().unwrap_or("")),
        n = found.len(),
    );
    Html(layout::page(
        "Отчет по звонкам",
        &st.cfg.operator,
        "tel-calls",
        &body,
    ))
    .into_response()
}

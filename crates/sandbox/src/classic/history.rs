//! «История обращений» of the classic card: the empty table the page starts with and the HTML
//! fragment of its rows (`GET /incidents/history`), which `/static/classic.js` fetches after the
//! page has loaded, as WIC does. Columns as the seed shows them; no INN, phone or e-mail column.

use std::time::Duration;

use axum::extract::{Query, State as AxState};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::cut_title;
use crate::api::{param, Params};
use crate::db::incidents::{self as store, StoredIncident};
use crate::pages::esc;
use crate::shared::card::history_cells;
use crate::shared::server_error;
use crate::State;

/// The fragment's delay when the page does not ask for another (`?history_delay_ms=`).
pub const DEFAULT_DELAY_MS: u64 = 300;
/// The longest delay a request may ask for.
pub const MAX_DELAY_MS: u64 = 10_000;
/// The most rows the table shows.
pub const MAX_ROWS: u32 = 200;

/// The history section as the page is first sent: headers, an empty body, «Загрузка…».
pub fn block() -> String {
    r#"<div class="history-panel">
<div class="panel-caption">История обращений</div>
<div class="history-tools">Дубли по: <button type="button" id="btnHistoryRefresh" class="link">Обновить</button> <span class="disabled">Экспорт</span></div>
<table id="HistoryGrid" class="grid">
<thead><tr><th>Инцидент</th><th>Дата создания</th><th>Статус</th><th>Заголовок</th><th>Тип</th><th>Кем создан</th><th>Дата изменения</th></tr></thead>
<tbody></tbody>
</table>
<div id="HistoryLoading" class="loading">Загрузка…</div>
<div id="HistoryEmpty" class="empty" hidden>Обращений не найдено.</div>
</div>"#
        .to_string()
}

/// One row: number (a link), created, status, the title cut short (full text in `title=`), type,
/// author, changed.
pub fn row(h: &StoredIncident) -> String {
    let title = &h.incident.title;
    let cut = format!(
        "<td title=\"{}\">{}</td>",
        esc(title),
        esc(&cut_title(title))
    );
    format!("<tr>{}</tr>\n", history_cells(h, "", &cut))
}

/// `GET /incidents/history?inn_kpp=&delay_ms=`: the rows (`<tr>…</tr>`, newest first) of every
/// incident of the INN (any KPP), the open card's own included as WIC lists it; answered after
/// `delay_ms` (default [`DEFAULT_DELAY_MS`], at most [`MAX_DELAY_MS`]). No INN: no rows.
pub async fn fragment(AxState(st): AxState<State>, Query(p): Query<Params>) -> Response {
    let delay = match param(&p, "delay_ms").map(str::parse::<u64>) {
        None => DEFAULT_DELAY_MS,
        Some(Ok(ms)) => ms.min(MAX_DELAY_MS),
        Some(Err(_)) => {
            return (
                StatusCode::BAD_REQUEST,
                Html("<tr><td colspan=\"7\">Неверная задержка</td></tr>"),
            )
                .into_response()
        }
    };
    let inn = param(&p, "inn_kpp")
        .or_else(|| param(&p, "inn"))
        .map(crate::db::inn_of)
        .filter(|s| !s.is_empty());
    tokio::time::sleep(Duration::from_millis(delay)).await;
    let Some(inn) = inn else {
        return rows_response(String::new());
    };
    let q = store::Query {
        inn: Some(inn),
        limit: Some(MAX_ROWS),
        ..store::Query::default()
    };
    match st.db.run(move |c| store::search(c, &q)).await {
        Ok(list) => rows_response(list.iter().map(row).collect()),
        Err(e) => server_error(&e),
    }
}

fn rows_response(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

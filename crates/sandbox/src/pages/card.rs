//! The incident card (`/incidents/new`, `/incidents/{id}`, `?fragment=1` for in-page navigation):
//! toolbar, the `form#incident-card` fields the site profile reads, tabs and history.
//! Must not know the classic dialect or the extension.

use axum::extract::{Path, Query, State as AxState};
use axum::response::{Html, IntoResponse, Response};
use chrono::TimeDelta;
use wic_core::model::{Call, Incident};

use super::card_parts::{calls_panel, history_block, sms_panel};
use super::{esc, esc_opt, layout, options};
use crate::api::Params;
use crate::db::calls;
use crate::db::incidents::{self as store, status_str, StoredIncident};
use crate::shared::card::{
    answer, deadline, extra_incident_href, load_by_id, new_incident, status_items, Card,
};
use crate::shared::server_error;
use crate::{timefmt, State};

/// Everything the card shows: the dialects' common card, the client's history and the operator's
/// recent unlinked calls.
pub struct CardData {
    pub card: Card,
    pub history: Vec<StoredIncident>,
    pub operator_calls: Vec<Call>,
}

impl CardData {
    fn load(
        conn: &rusqlite::Connection,
        incident: StoredIncident,
        operator: &str,
    ) -> rusqlite::Result<CardData> {
        let inn = incident
            .incident
            .inn_kpp
            .as_deref()
            .map(crate::db::inn_of)
            .filter(|s| !s.is_empty());
        let history = match inn {
            Some(inn) => store::search(
                conn,
                &store::Query {
                    inn: Some(inn),
                    exclude: incident.incident.id,
                    limit: Some(200),
                    ..store::Query::default()
                },
            )?,
            None => Vec::new(),
        };
        let operator_calls = calls::list(
            conn,
            &calls::Query {
                operator: Some(operator.to_string()),
                since: Some(timefmt::now() - TimeDelta::days(2)),
                unlinked_only: true,
                limit: Some(30),
                ..calls::Query::default()
            },
        )?;
        Ok(CardData {
            card: Card::load(conn, incident)?,
            history,
            operator_calls,
        })
    }
}

fn respond(st: &State, title: &str, body: String, fragment: bool) -> Response {
    if fragment {
        Html(body).into_response()
    } else {
        Html(layout::page(title, &st.cfg.operator, "incident", &body)).into_response()
    }
}

fn card_title(i: &Incident) -> String {
    match i.id {
        Some(id) => format!("Инцидент № {id} — {}", i.title),
        None => "Новый инцидент".to_string(),
    }
}

/// `GET /incidents/{id}` (`?fragment=1`: only the card's inner HTML).
pub async fn page(
    AxState(st): AxState<State>,
    Path(id): Path<String>,
    Query(p): Query<Params>,
) -> Response {
    let fragment = p.get("fragment").is_some_and(|v| v == "1");
    let Ok(id) = id.parse::<u64>() else {
        return super::misc::not_found().await.into_response();
    };
    let operator = st.cfg.operator.clone();
    let loaded = load_by_id(&st, id, move |c, i| CardData::load(c, i, &operator)).await;
    answer(
        loaded,
        id,
        |title, body| respond(&st, title, body, fragment),
        |d| (card_title(&d.card.incident.incident), card_html(d)),
    )
}

/// `GET /incidents/new?inn_kpp=&phone=&email=&contact_name=&type=&title=` (values prefill the card).
pub async fn new_page(AxState(st): AxState<State>, Query(p): Query<Params>) -> Response {
    let fragment = p.get("fragment").is_some_and(|v| v == "1");
    let incident = new_incident(&p, &st.cfg.operator);
    let operator = st.cfg.operator.clone();
    match st
        .db
        .run(move |c| CardData::load(c, incident, &operator))
        .await
    {
        Ok(d) => respond(&st, "Новый инцидент", card_html(&d), fragment),
        Err(e) => server_error(&e),
    }
}

/// The card's inner HTML (what `?fragment=1` returns and `main#main` holds).
pub fn card_html(d: &CardData) -> String {
    let i = &d.card.incident.incident;
    let id_text = i.id.map(|v| v.to_string()).unwrap_or_default();
    format!(
        r#"<div class="card-page" data-title="{title}" data-incident-id="{id}">
{toolbar}
<div id="save-status" class="save-status" role="status" hidden></div>
{form}
{calls}
{sms}
{history}
</div>"#,
        title = esc(&card_title(i)),
        id = esc(&id_text),
        toolbar = toolbar(&d.card),
        form = form(&d.card),
        calls = calls_panel(d),
        sms = sms_panel(&d.card),
        history = history_block(d),
    )
}

fn toolbar(d: &Card) -> String {
    format!(
        r#"<div class="toolbar">
  <button type="button" id="save-close" class="btn primary">Сохранить и закрыть</button>
  <button type="button" id="save" class="btn">Сохранить</button>
  <button type="button" id="refresh" class="btn">Обновить</button>
  <a id="extra-incident" class="btn" href="{extra}">+ Доп. инцидент</a>
  <button type="button" id="tab-calls" class="btn tab" data-panel="panel-calls">Звонки (<span id="calls-count">{n}</span>)</button>
  <button type="button" id="tab-sms" class="btn tab" data-panel="panel-sms">СМС</button>
  <button type="button" class="btn" disabled>Чаты</button>
  <button type="button" class="btn" disabled>Групповые теги (0)</button>
  <button type="button" class="btn" disabled>Подписать</button>
</div>"#,
        extra = extra_incident_href(&d.incident.incident),
        n = d.linked_calls.len(),
    )
}

fn form(d: &Card) -> String {
    let s = &d.incident;
    let i = &s.incident;
    let head = match (i.id, i.created_at) {
        (Some(id), Some(t)) => format!(
            r#"<h1>Инцидент № <span class="incident-number">{id}</span></h1>
  <p class="meta">Создал: <span class="created-by">{by}</span><br><span class="created">{created}</span></p>
  <p class="meta">Срок решения: {due}</p>"#,
            by = esc_opt(i.created_by.as_deref()),
            created = esc(&timefmt::long_date(t)),
            due = esc(&timefmt::long_date(deadline(t))),
        ),
        _ => format!(
            r#"<h1>Новый инцидент</h1>
  <p class="meta">Создает: <span class="created-by">{}</span></p>"#,
            esc_opt(i.created_by.as_deref())
        ),
    };
    let statuses = status_items(|s| status_str(s).to_string());
    let knowledge: String = i
        .knowledge
        .iter()
        .map(|k| {
            format!(
                r#"<span class="knowledge-item"><span class="knowledge-id">{k}</span><button type="button" class="knowledge-remove" title="Отвязать знание">×</button></span>"#
            )
        })
        .collect();
    format!(
        r#"<form id="incident-card" class="card" autocomplete="off">
<input type="hidden" name="id" value="{id}">
<input type="hidden" name="created_at" value="{created_at}">
<aside class="card-side">
  {head}
  <label>Тип инцидента:<select name="type">{types}</select></label>
  <label>Статус:<select name="status">{statuses}</select></label>
  <label>Отдел:<select name="department">{deps}</select></label>
  <label>Ответственный:<input name="responsible" value="{responsible}"></label>
  <p class="meta">Изменен: {updated}</p>
</aside>
<section class="card-main">
  <input name="title" class="title-input" placeholder="Заголовок" value="{title}">
  <div class="client-row">
    <label>ИНН-КПП <input name="inn_kpp" placeholder="ИНН-КПП" value="{inn_kpp}"></label>
    <label>Телефон <input name="phone" placeholder="Телефон" value="{phone}"></label>
    <label>Эл. почта <input name="email" placeholder="Эл. почта" value="{email}"></label>
    <label>ФИО <input name="contact_name" placeholder="ФИО" value="{contact}"></label>
  </div>
  <div class="knowledge">Привязка знаний: <span id="knowledge-list">{knowledge}</span>
    <input id="knowledge-add" placeholder="№ знания" inputmode="numeric">
    <button type="button" id="knowledge-add-button" class="btn">Добавить</button>
  </div>
  <label class="description">Описание<textarea name="description" rows="7">
{description}</textarea></label>
</section>
</form>"#,
        id = esc(&i.id.map(|v| v.to_string()).unwrap_or_default()),
        created_at = esc(&i.created_at.map(timefmt::rfc3339).unwrap_or_default()),
        types = d.type_options("— не выбран —"),
        statuses = options(&statuses, i.status.map(status_str), None),
        deps = d.department_options("— не выбран —"),
        responsible = esc_opt(s.responsible.as_deref()),
        updated = d.updated(timefmt::date_time),
        title = esc(&i.title),
        inn_kpp = esc_opt(i.inn_kpp.as_deref()),
        phone = esc_opt(i.phone.as_deref()),
        email = esc_opt(i.email.as_deref()),
        contact = esc_opt(i.contact_name.as_deref()),
        description = esc_opt(i.description.as_deref()),
    )
}

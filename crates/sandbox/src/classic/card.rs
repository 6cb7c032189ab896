//! The classic incident card (`/incidents/{id}`, `/incidents/new`): WIC's toolbar, the side panel
//! («Инцидент № N», creator, «24 фев 2019 19:46», type / status / department), the client block,
//! knowledge as «Привязка N», the description, the tab panels and an empty history table that
//! `/static/classic.js` fills from [`super::history`]. No JSON, nothing for the extension's sake.

use axum::extract::{Path, Query, State as AxState};
use axum::response::{Html, IntoResponse, Response};
use wic_core::model::Status;

use super::tabs::{calls_panel, sms_panel};
use crate::api::Params;
use crate::db::incidents::status_label;
use crate::pages::{esc, esc_opt, options};
use crate::shared::card::{
    answer, deadline, extra_incident_href, load_by_id, new_incident, status_items,
};
use crate::shared::server_error;
use crate::{timefmt, State};

/// What the classic card shows: the dialects' common card.
pub use crate::shared::card::Card;

fn respond(st: &State, title: &str, body: &str) -> Response {
    Html(super::page(
        title,
        &st.cfg.operator,
        st.cfg.report_port,
        body,
    ))
    .into_response()
}

/// `GET /incidents/{id}` (`?history_delay_ms=N`: how long the history fragment takes, default 300).
pub async fn page(AxState(st): AxState<State>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<u64>() else {
        return crate::pages::misc::not_found().await.into_response();
    };
    let loaded = load_by_id(&st, id, Card::load).await;
    answer(
        loaded,
        id,
        |title, body| respond(&st, title, &body),
        |d| {
            let title = format!("Инцидент № {id} — {}", d.incident.incident.title);
            (title, card_html(d))
        },
    )
}

/// `GET /incidents/new?inn_kpp=&phone=&email=&contact_name=&type=&title=&department=` (prefill).
pub async fn new_page(AxState(st): AxState<State>, Query(p): Query<Params>) -> Response {
    let incident = new_incident(&p, &st.cfg.operator);
    match st.db.run(move |c| Card::load(c, incident)).await {
        Ok(d) => respond(&st, "Новый инцидент", &card_html(&d)),
        Err(e) => server_error(&e),
    }
}

/// The card's markup inside `#content`.
pub fn card_html(d: &Card) -> String {
    format!(
        r#"<div class="incident-view">
{toolbar}
<div id="saveResult" class="wic-message" role="status" hidden></div>
<div class="incident-layout">
{side}
{main}
</div>
{calls}
{sms}
{history}
</div>"#,
        toolbar = toolbar(d),
        side = side(d),
        main = main_block(d),
        calls = calls_panel(d),
        sms = sms_panel(d),
        history = super::history::block(),
    )
}

fn toolbar(d: &Card) -> String {
    format!(
        r#"<div class="wic-toolbar">
  <button type="button" id="btnSaveClose">Сохранить и закрыть</button>
  <button type="button" id="btnSave">Сохранить</button>
  <button type="button" id="btnRefresh">Обновить</button>
  <a id="btnExtraIncident" class="button" href="{extra}">Доп. инцидент</a>
  <button type="button" id="btnCalls" class="wic-tab" aria-controls="tabCalls">Звонки ({n})</button>
  <button type="button" id="btnSms" class="wic-tab" aria-controls="tabSms">СМС</button>
  <button type="button" disabled>Чаты</button>
  <button type="button" disabled>Групповые теги (0)</button>
  <button type="button" disabled>Подписать</button>
</div>"#,
        extra = extra_incident_href(&d.incident.incident),
        n = d.linked_calls.len(),
    )
}

fn status_options(current: Option<Status>) -> String {
    let items = status_items(|s| status_label(Some(s)).to_string());
    let cur = current.map(|s| status_label(Some(s)));
    options(&items, cur, None)
}

fn side(d: &Card) -> String {
    let s = &d.incident;
    let i = &s.incident;
    let head = match (i.id, i.created_at) {
        (Some(id), Some(t)) => format!(
            r#"<h1 class="incident-title">Инцидент № {id}</h1>
  <div class="creator">Создал: {by}</div>
  <div class="creation-date">{created}</div>
  <div class="deadline">Срок решения: {due}</div>"#,
            by = esc_opt(i.created_by.as_deref()),
            created = esc(&timefmt::long_date(t)),
            due = esc(&timefmt::long_date(deadline(t))),
        ),
        _ => format!(
            r#"<h1 class="incident-title">Новый инцидент</h1>
  <div class="creator">Создает: {}</div>"#,
            esc_opt(i.created_by.as_deref())
        ),
    };
    format!(
        r#"<div class="incident-side">
  {head}
  <label for="IncidentType">Тип инцидента:</label>
  <select id="IncidentType">{types}</select>
  <label for="IncidentStatus">Статус:</label>
  <select id="IncidentStatus">{statuses}</select>
  <label for="IncidentDepartment">Отдел:</label>
  <select id="IncidentDepartment">{deps}</select>
  <label for="IncidentResponsible">Ответственный:</label>
  <input id="IncidentResponsible" value="{responsible}">
  <div class="changed">Изменен: {updated}</div>
</div>"#,
        types = d.type_options(""),
        statuses = status_options(i.status),
        deps = d.department_options(""),
        responsible = esc_opt(s.responsible.as_deref()),
        updated = d.updated(timefmt::long_date),
    )
}

fn main_block(d: &Card) -> String {
    let i = &d.incident.incident;
    let knowledge: String = i
        .knowledge
        .iter()
        .map(|k| {
            format!(
                r#"<li class="kb-link"><span class="kb-article">Привязка {k}</span><button type="button" class="kb-unlink" title="Отвязать">×</button></li>"#
            )
        })
        .collect();
    format!(
        r#"<div class="incident-main">
  <input id="IncidentSubject" class="subject" placeholder="Заголовок" value="{title}">
  <div class="client-block">
    <input id="ClientInnKpp" placeholder="ИНН-КПП" value="{inn_kpp}">
    <input id="ClientPhone" placeholder="Телефон" value="{phone}">
    <input id="ClientPhoneExt" placeholder="Доб. номер">
    <input id="ClientEmail" placeholder="Эл. почта" value="{email}">
    <input id="ClientName" placeholder="ФИО" value="{contact}">
  </div>
  <div class="links-bar">
    <span>Решение</span> <span>Файлы (0)</span> <span>Ссылки ({n})</span>
    <ul id="KnowledgeLinks">{knowledge}</ul>
    <input id="KnowledgeNumber" placeholder="Номер знания" inputmode="numeric">
    <button type="button" id="btnBindKnowledge">Привязать</button>
    <span>Поиск</span>
  </div>
  <textarea id="IncidentDescription" rows="8">
{description}</textarea>
</div>"#,
        title = esc(&i.title),
        inn_kpp = esc_opt(i.inn_kpp.as_deref()),
        phone = esc_opt(i.phone.as_deref()),
        email = esc_opt(i.email.as_deref()),
        contact = esc_opt(i.contact_name.as_deref()),
        n = i.knowledge.len(),
        description = esc_opt(i.description.as_deref()),
    )
}

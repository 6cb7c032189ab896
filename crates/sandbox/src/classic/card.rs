//! The classic incident card (`/incidents/{id}`, `/incidents/new`): WIC's toolbar, the side panel
//! («Инцидент № N», creator, «24 фев 2019 19:46», type / status / department), the client block,
//! knowledge as «Привязка N», the description, the tab panels and an empty history table that
//! `/static/classic.js` fills from [`super::history`]. No JSON, nothing for the extension's sake.

use axum::extract::{Path, Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use time::Duration;
use wic_core::model::{Call, Incident, Status};

use super::tabs::{calls_panel, sms_panel};
use crate::api::Params;
use crate::db::incidents::{self as store, status_label, StoredIncident};
use crate::db::{calls, sms};
use crate::pages::{esc, esc_opt, options, url_enc, DEPARTMENTS, PRODUCTS};
use crate::{timefmt, State};

/// What the classic card shows.
pub struct Card {
    /// The incident; `id`/`created_at` are `None` on a new card.
    pub incident: StoredIncident,
    pub linked_calls: Vec<Call>,
    pub sms: Vec<sms::Sms>,
    pub departments: Vec<String>,
}

impl Card {
    fn load(conn: &rusqlite::Connection, incident: StoredIncident) -> rusqlite::Result<Card> {
        let (linked_calls, sms) = match incident.incident.id {
            Some(id) => (
                calls::list(
                    conn,
                    &calls::Query {
                        linked_incident: Some(id),
                        ..calls::Query::default()
                    },
                )?,
                sms::list(conn, id)?,
            ),
            None => (Vec::new(), Vec::new()),
        };
        let mut departments: Vec<String> = DEPARTMENTS.iter().map(|s| s.to_string()).collect();
        for o in calls::operators(conn)? {
            if !departments.contains(&o.department) {
                departments.push(o.department);
            }
        }
        Ok(Card {
            incident,
            linked_calls,
            sms,
            departments,
        })
    }
}

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
    let data = st
        .db
        .run(move |c| -> rusqlite::Result<Option<Card>> {
            match store::get(c, id)? {
                Some(i) => Ok(Some(Card::load(c, i)?)),
                None => Ok(None),
            }
        })
        .await;
    match data {
        Ok(Some(d)) => {
            let title = format!("Инцидент № {id} — {}", d.incident.incident.title);
            respond(&st, &title, &card_html(&d))
        }
        Ok(None) => {
            let body = format!("<p class=\"empty\">Инцидент № {id} не найден.</p>");
            (
                StatusCode::NOT_FOUND,
                respond(&st, "Инцидент не найден", &body),
            )
                .into_response()
        }
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, Html(esc(&e.to_string()))).into_response(),
    }
}

/// `GET /incidents/new?inn_kpp=&phone=&email=&contact_name=&type=&title=&department=` (prefill).
pub async fn new_page(AxState(st): AxState<State>, Query(p): Query<Params>) -> Response {
    let get = |k: &str| crate::api::param(&p, k).map(String::from);
    let incident = StoredIncident {
        incident: Incident {
            inn_kpp: get("inn_kpp"),
            phone: get("phone"),
            email: get("email"),
            contact_name: get("contact_name"),
            kind: get("type"),
            title: get("title").unwrap_or_default(),
            status: Some(Status::Open),
            department: get("department"),
            created_by: Some(st.cfg.operator.clone()),
            ..Incident::default()
        },
        updated_at: timefmt::now(),
        responsible: None,
    };
    match st.db.run(move |c| Card::load(c, incident)).await {
        Ok(d) => respond(&st, "Новый инцидент", &card_html(&d)),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, Html(esc(&e.to_string()))).into_response(),
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
    let i = &d.incident.incident;
    let mut extra = String::from("/incidents/new?");
    for (k, v) in [
        ("inn_kpp", &i.inn_kpp),
        ("phone", &i.phone),
        ("email", &i.email),
        ("contact_name", &i.contact_name),
    ] {
        if let Some(v) = v {
            extra.push_str(&format!("{k}={}&", url_enc(v)));
        }
    }
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
        extra = esc(extra.trim_end_matches('&')),
        n = d.linked_calls.len(),
    )
}

fn status_options(current: Option<Status>) -> String {
    let items: Vec<(String, String)> = [
        Status::Open,
        Status::InProgress,
        Status::Resolved,
        Status::Closed,
    ]
    .iter()
    .map(|s| {
        let l = status_label(Some(*s)).to_string();
        (l.clone(), l)
    })
    .collect();
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
            due = esc(&timefmt::long_date(t + Duration::days(3))),
        ),
        _ => format!(
            r#"<h1 class="incident-title">Новый инцидент</h1>
  <div class="creator">Создает: {}</div>"#,
            esc_opt(i.created_by.as_deref())
        ),
    };
    let same = |v: &[String]| -> Vec<(String, String)> {
        v.iter().map(|x| (x.clone(), x.clone())).collect()
    };
    let products: Vec<String> = PRODUCTS.iter().map(|p| p.to_string()).collect();
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
        types = options(&same(&products), i.kind.as_deref(), Some("")),
        statuses = status_options(i.status),
        deps = options(&same(&d.departments), i.department.as_deref(), Some("")),
        responsible = esc_opt(s.responsible.as_deref()),
        updated = esc(&i
            .id
            .map(|_| timefmt::long_date(s.updated_at))
            .unwrap_or_default()),
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

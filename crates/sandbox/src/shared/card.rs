//! The incident card's data and cells both dialects show: loading an incident with its linked
//! calls, SMS and the department list; the prefilled new incident; the 404 / 500 answers; the
//! «Доп. инцидент» link; status and select items; the cells of a linked call, a sent SMS and a
//! history row. Each dialect wraps them in its own markup; this module must not know that markup.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, TimeDelta};
use rusqlite::Connection;
use wic_core::model::{Call, Direction, Incident, Status};

use super::server_error;
use crate::api::sms::template_with;
use crate::api::{param, Params};
use crate::db::incidents::{self as store, status_label, StoredIncident};
use crate::db::{calls, sms};
use crate::pages::{esc, options, url_enc, DEPARTMENTS, PRODUCTS};
use crate::{timefmt, State};

/// Every status, in the order the status `<select>` lists them.
pub const STATUSES: [Status; 4] = [
    Status::Open,
    Status::InProgress,
    Status::Resolved,
    Status::Closed,
];

/// What every card shows.
pub struct Card {
    /// The incident; `id`/`created_at` are `None` on a new card.
    pub incident: StoredIncident,
    pub linked_calls: Vec<Call>,
    pub sms: Vec<sms::Sms>,
    /// The card's departments, then the operators' ones not among them.
    pub departments: Vec<String>,
}

impl Card {
    /// The incident's linked calls and SMS (none for a new one) and the departments.
    pub fn load(conn: &Connection, incident: StoredIncident) -> rusqlite::Result<Card> {
        let (linked_calls, sms) = match incident.incident.id {
            Some(id) => {
                let q = calls::Query {
                    linked_incident: Some(id),
                    ..calls::Query::default()
                };
                (calls::list(conn, &q)?, sms::list(conn, id)?)
            }
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

impl Card {
    /// The type `<select>`'s options: the products, the incident's selected (`empty`: no type).
    pub fn type_options(&self, empty: &str) -> String {
        let kind = self.incident.incident.kind.as_deref();
        options(&same_items(&PRODUCTS), kind, Some(empty))
    }

    /// The department `<select>`'s options, the incident's selected (`empty`: none).
    pub fn department_options(&self, empty: &str) -> String {
        let dep = self.incident.incident.department.as_deref();
        options(&same_items(&self.departments), dep, Some(empty))
    }

    /// When the incident last changed, by `format`, escaped (empty on a new card).
    pub fn updated(&self, format: fn(DateTime<FixedOffset>) -> String) -> String {
        let s = &self.incident;
        esc(&s
            .incident
            .id
            .map(|_| format(s.updated_at))
            .unwrap_or_default())
    }
}

/// Incident `id` read with `load` on the database thread (`None`: no such incident).
pub async fn load_by_id<T, F>(st: &State, id: u64, load: F) -> rusqlite::Result<Option<T>>
where
    T: Send + 'static,
    F: FnOnce(&Connection, StoredIncident) -> rusqlite::Result<T> + Send + 'static,
{
    st.db
        .run(move |c| match store::get(c, id)? {
            Some(i) => load(c, i).map(Some),
            None => Ok(None),
        })
        .await
}

/// The answer to `GET /incidents/{id}`: `page(title, body)` of what `render` makes of the loaded
/// card, the same page naming the id with 404 when there is no such incident, or 500.
pub fn answer<T>(
    loaded: rusqlite::Result<Option<T>>,
    id: u64,
    page: impl FnOnce(&str, String) -> Response,
    render: impl FnOnce(&T) -> (String, String),
) -> Response {
    match loaded {
        Ok(Some(d)) => {
            let (title, body) = render(&d);
            page(&title, body)
        }
        Ok(None) => {
            let body = format!("<p class=\"empty\">Инцидент № {id} не найден.</p>");
            (StatusCode::NOT_FOUND, page("Инцидент не найден", body)).into_response()
        }
        Err(e) => server_error(&e),
    }
}

/// The new incident `/incidents/new` shows, prefilled from `inn_kpp`, `phone`, `email`,
/// `contact_name`, `type`, `title`, `department`; open, created by `operator`.
pub fn new_incident(p: &Params, operator: &str) -> StoredIncident {
    let get = |k: &str| param(p, k).map(String::from);
    StoredIncident {
        incident: Incident {
            inn_kpp: get("inn_kpp"),
            phone: get("phone"),
            email: get("email"),
            contact_name: get("contact_name"),
            kind: get("type"),
            title: get("title").unwrap_or_default(),
            status: Some(Status::Open),
            department: get("department"),
            created_by: Some(operator.to_string()),
            ..Incident::default()
        },
        updated_at: timefmt::now(),
        responsible: None,
    }
}

/// «Доп. инцидент»: `/incidents/new` with the client's contacts, escaped for an attribute.
pub fn extra_incident_href(i: &Incident) -> String {
    let mut href = String::from("/incidents/new?");
    for (k, v) in [
        ("inn_kpp", &i.inn_kpp),
        ("phone", &i.phone),
        ("email", &i.email),
        ("contact_name", &i.contact_name),
    ] {
        if let Some(v) = v {
            href.push_str(&format!("{k}={}&", url_enc(v)));
        }
    }
    esc(href.trim_end_matches('&'))
}

/// The solution deadline the card shows: three days after creation.
pub fn deadline(created: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    created + TimeDelta::days(3)
}

/// `(value, label)` items whose value is their label.
pub fn same_items<S: AsRef<str>>(values: &[S]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| (v.as_ref().to_string(), v.as_ref().to_string()))
        .collect()
}

/// The status `<select>`'s items: `(value(status), Russian label)`.
pub fn status_items(value: impl Fn(Status) -> String) -> Vec<(String, String)> {
    STATUSES
        .iter()
        .map(|s| (value(*s), status_label(Some(*s)).to_string()))
        .collect()
}

/// The sent SMS table `#{id}`: its header and `rows`.
pub fn sent_sms_table(id: &str, rows: &str) -> String {
    format!("<table id=\"{id}\" class=\"grid\">\n{SENT_SMS_HEAD}\n<tbody>{rows}</tbody>\n</table>")
}

/// The header of the sent SMS table (the cells of [`sms_cells`]).
const SENT_SMS_HEAD: &str = "<thead><tr><th>Номер телефона</th><th>Текст смс</th><th>Состояние</th><th>Дата изменения</th><th>Пользователь</th></tr></thead>";

/// The SMS form's phone, escaped: the incident's.
pub fn sms_phone(i: &Incident) -> String {
    esc(i.phone.as_deref().unwrap_or(""))
}

/// The SMS text of `kind` for the card's incident (`{id}` kept on a new card).
pub fn sms_template(i: &Incident, kind: &str) -> String {
    let id = i.id.map(|v| v.to_string()).unwrap_or_else(|| "{id}".into());
    template_with(kind, &id).unwrap_or_default()
}

/// Russian label of a call direction.
pub fn direction_label(d: Direction) -> &'static str {
    match d {
        Direction::In => "входящий",
        Direction::Out => "исходящий",
    }
}

fn td(escaped: &str) -> String {
    format!("<td>{escaped}</td>")
}

fn moment(t: Option<DateTime<FixedOffset>>) -> String {
    esc(&t.map(timefmt::short_date_seconds).unwrap_or_default())
}

/// A linked call's cells: direction, start, duration, caller, PBX, owner, [`uid_class`: the call's
/// id in a cell of that class,] linked at, linked by.
pub fn call_cells(c: &Call, uid_class: Option<&str>) -> String {
    let mut out: String = [
        direction_label(c.direction).to_string(),
        moment(c.started_at),
        esc(&c.duration_s.map(timefmt::hms).unwrap_or_default()),
        esc(c.caller.as_deref().unwrap_or("")),
        esc(c.pbx.as_deref().unwrap_or("")),
        esc(c.operator.as_deref().unwrap_or("")),
    ]
    .iter()
    .map(|v| td(v))
    .collect();
    if let Some(class) = uid_class {
        out.push_str(&format!("<td class=\"{class}\">{}</td>", esc(&c.id)));
    }
    out.push_str(&td(&moment(c.linked_at)));
    out.push_str(&td(&esc(c.linked_by.as_deref().unwrap_or(""))));
    out
}

/// A sent SMS's cells: phone, text, state, changed, user.
pub fn sms_cells(s: &sms::Sms) -> String {
    [
        esc(&s.phone),
        esc(&s.text),
        esc(&s.status),
        esc(&timefmt::short_date_seconds(s.changed_at)),
        esc(&s.user),
    ]
    .iter()
    .map(|v| td(v))
    .collect()
}

/// A history row's cells: the number as a link (`link_attrs` added to the `<a>`), created, status,
/// `title_cell` (the dialect's whole `<td>`), type, author, changed.
pub fn history_cells(h: &StoredIncident, link_attrs: &str, title_cell: &str) -> String {
    let i = &h.incident;
    let id = h.id();
    format!(
        "<td><a{link_attrs} href=\"/incidents/{id}\">{id}</a></td><td>{created}</td><td>{status}</td>\
         {title_cell}<td>{kind}</td><td>{by}</td><td>{changed}</td>",
        created = esc(&i.created_at.map(timefmt::date_time).unwrap_or_default()),
        status = status_label(i.status),
        kind = esc(i.kind.as_deref().unwrap_or("")),
        by = esc(i.created_by.as_deref().unwrap_or("")),
        changed = esc(&timefmt::date_time(h.updated_at)),
    )
}

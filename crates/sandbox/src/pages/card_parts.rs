//! Parts of the incident card: the «Звонки» and «СМС» tab panels and «История обращений».
//! Must not know the classic dialect or the extension.

use wic_core::model::Call;

use super::card::CardData;
use super::esc;
use crate::api::sms::KINDS;
use crate::shared::card::{
    call_cells, direction_label, history_cells, sent_sms_table, sms_cells, sms_phone, sms_template,
    Card,
};
use crate::timefmt;

/// One row of `#incident-calls`.
pub fn linked_call_row(c: &Call) -> String {
    format!(
        "<tr data-call-id=\"{}\">{}</tr>",
        esc(&c.id),
        call_cells(c, None)
    )
}

fn operator_call_row(c: &Call) -> String {
    format!(
        "<tr data-operator-call=\"{id}\"><td class=\"call-id\">{id}</td><td>{dir}</td><td>{start}</td><td>{dur}</td>\
         <td>{caller}</td><td>{tr}</td><td><button type=\"button\" class=\"btn call-link-action\" \
         data-link-call=\"{id}\">Привязать</button></td></tr>",
        id = esc(&c.id),
        dir = direction_label(c.direction),
        start = esc(&c.started_at.map(timefmt::short_date_seconds).unwrap_or_default()),
        dur = esc(&c.duration_s.map(timefmt::hms).unwrap_or_default()),
        caller = esc(c.caller.as_deref().unwrap_or("")),
        tr = if c.transferred { "Да" } else { "" },
    )
}

/// The «Звонки» panel (hidden until `#tab-calls` is clicked).
pub fn calls_panel(d: &CardData) -> String {
    let linked: String = d.card.linked_calls.iter().map(linked_call_row).collect();
    let recent: String = d.operator_calls.iter().map(operator_call_row).collect();
    format!(
        r#"<section id="panel-calls" class="tab-panel" hidden>
<h2>Звонки</h2>
<table id="incident-calls" class="grid">
<thead><tr><th>Направление</th><th>Дата/время</th><th>Продолжительность</th><th>Номер абонента</th><th>АТС</th><th>Владелец</th><th>Привязан</th><th>Пользователь</th></tr></thead>
<tbody>{linked}</tbody>
</table>
<div class="call-link">
  <label for="call-link-id">Ид звонка для привязки:</label>
  <input id="call-link-id" size="40" autocomplete="off">
  <button type="button" id="call-link-submit" class="btn">Привязать</button>
  <div id="call-link-error" class="error" role="alert" hidden></div>
</div>
<h3>Мои непривязанные звонки за двое суток</h3>
<table id="operator-calls" class="grid">
<thead><tr><th>Ид звонка</th><th>Направление</th><th>Дата/время</th><th>Продолжительность</th><th>Номер абонента</th><th>Перевод</th><th></th></tr></thead>
<tbody>{recent}</tbody>
</table>
<p id="operator-calls-empty" class="empty"{empty_hidden}>Непривязанных звонков нет.</p>
</section>"#,
        empty_hidden = if d.operator_calls.is_empty() {
            ""
        } else {
            " hidden"
        },
    )
}

/// One row of `#sms-sent`.
pub fn sms_row(s: &crate::db::sms::Sms) -> String {
    format!("<tr data-sms-id=\"{}\">{}</tr>", s.id, sms_cells(s))
}

/// The «СМС» panel (hidden until `#tab-sms` is clicked).
pub fn sms_panel(d: &Card) -> String {
    let i = &d.incident.incident;
    let text_for = |k: &str| sms_template(i, k);
    let kinds: String = KINDS
        .iter()
        .map(|(v, l)| {
            format!(
                "<option value=\"{v}\" data-template=\"{}\">{}</option>",
                esc(&text_for(v)),
                esc(l)
            )
        })
        .collect();
    let rows: String = d.sms.iter().map(sms_row).collect();
    format!(
        r#"<section id="panel-sms" class="tab-panel" hidden>
<h2>СМС</h2>
<div class="sms-form">
  <label>Номер телефона <input id="sms-phone" value="{phone}"></label>
  <label>Какое сообщение отправить <select id="sms-kind">{kinds}</select></label>
  <label class="wide">Текст смс <textarea id="sms-text" rows="3">
{text}</textarea></label>
  <label><input type="checkbox" id="sms-on-resolve"> Отправить сразу, как будет решен</label>
  <button type="button" id="sms-send" class="btn primary">Отправить</button>
  <div id="sms-error" class="error" role="alert" hidden></div>
</div>
<h3>Отправленные смс</h3>
{table}
</section>"#,
        phone = sms_phone(i),
        table = sent_sms_table("sms-sent", &rows),
        text = esc(&text_for("incident_number")),
    )
}

/// «История обращений»: the client's other incidents (every KPP of the INN), newest first.
pub fn history_block(d: &CardData) -> String {
    let rows: String = d
        .history
        .iter()
        .map(|h| {
            let title = format!(
                "<td class=\"history-title\">{}</td>",
                esc(&h.incident.title)
            );
            let cells = history_cells(h, " class=\"history-id\"", &title);
            format!("<tr data-incident-id=\"{}\">{cells}</tr>", h.id())
        })
        .collect();
    format!(
        r#"<section class="history-block">
<h2>История обращений <button type="button" id="history-refresh" class="btn small">Обновить</button></h2>
<table id="history" class="grid">
<thead><tr><th>Инцидент</th><th>Дата создания</th><th>Статус</th><th>Заголовок</th><th>Тип</th><th>Кем создан</th><th>Дата изменения</th></tr></thead>
<tbody>{rows}</tbody>
</table>
<p id="history-empty" class="empty"{hidden}>Других обращений клиента нет.</p>
</section>"#,
        hidden = if d.history.is_empty() { "" } else { " hidden" },
    )
}

//! The classic card's tab panels: «Звонки» (the linked calls and WIC's «Ид звонка» link form) and
//! «СМС» (WIC's send form, kinds as numbered options, «Отправленные смс»). Markup only.
//! Must not know the JSON dialect or the extension.

use wic_core::model::Call;

use super::card::Card;
use crate::api::sms::KINDS;
use crate::pages::esc;
use crate::shared::card::{call_cells, sent_sms_table, sms_cells, sms_phone, sms_template};

/// The SMS kind `<select>`'s option value of each API kind (WIC numbers its message types).
pub const SMS_KIND_VALUES: [(&str, &str); 3] = [
    ("incident_number", "1"),
    ("resolved", "2"),
    ("unreachable", "3"),
];

fn call_row(c: &Call) -> String {
    format!("<tr>{}</tr>", call_cells(c, Some("call-uid")))
}

/// «Звонки» (hidden until `#btnCalls`).
pub fn calls_panel(d: &Card) -> String {
    let rows: String = d.linked_calls.iter().map(call_row).collect();
    format!(
        r#"<div id="tabCalls" class="wic-panel" hidden>
<div class="panel-caption">Звонки</div>
<table id="IncidentCallsGrid" class="grid">
<thead><tr><th>Направление</th><th>Дата/время</th><th>Длительность</th><th>Номер абонента</th><th>АТС</th><th>Владелец</th><th>Ид звонка</th><th>Привязан</th><th>Пользователь</th></tr></thead>
<tbody>{rows}</tbody>
</table>
<div class="bind-call">
  <label for="CallUid">Ид звонка</label>
  <input id="CallUid" size="40" autocomplete="off">
  <button type="button" id="btnBindCall">Привязать</button>
  <span id="BindCallError" class="wic-error" role="alert" hidden></span>
</div>
</div>"#
    )
}

/// One row of «Отправленные смс».
pub fn sms_row(s: &crate::db::sms::Sms) -> String {
    format!("<tr>{}</tr>", sms_cells(s))
}

/// «СМС» (hidden until `#btnSms`).
pub fn sms_panel(d: &Card) -> String {
    let i = &d.incident.incident;
    let kinds: String = KINDS
        .iter()
        .zip(SMS_KIND_VALUES)
        .map(|((kind, label), (_, value))| {
            let sel = if *kind == "incident_number" {
                " selected"
            } else {
                ""
            };
            format!(
                "<option value=\"{value}\"{sel} data-template=\"{}\">{}</option>",
                esc(&sms_template(i, kind)),
                esc(label)
            )
        })
        .collect();
    let rows: String = d.sms.iter().map(sms_row).collect();
    format!(
        r#"<div id="tabSms" class="wic-panel" hidden>
<div class="panel-caption">СМС</div>
<div class="sms-send">
  <label for="SmsPhone">Номер телефона</label>
  <input id="SmsPhone" value="{phone}">
  <label for="SmsType">Какое сообщение отправить</label>
  <select id="SmsType">{kinds}</select>
  <textarea id="SmsText" rows="3">
{text}</textarea>
  <label><input type="checkbox" id="SmsWhenResolved"> Отправить сразу, как будет решен</label>
  <button type="button" id="btnSendSms">Отправить</button>
  <span id="SmsError" class="wic-error" role="alert" hidden></span>
</div>
<div class="panel-caption">Отправленные смс</div>
{table}
</div>"#,
        phone = sms_phone(i),
        table = sent_sms_table("SentSmsGrid", &rows),
        text = esc(&sms_template(i, "incident_number")),
    )
}

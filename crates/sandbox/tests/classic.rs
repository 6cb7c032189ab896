//! The classic dialect's ticket site: the card as the seed shows WIC, the lazily loaded
//! «История обращений» fragment, `profiles/wic-classic.json` against both, and the flags.

mod common;

use std::time::{Duration, Instant};

use common::classic_profile::{all, classic_profile, field, read_value, source_rows, value};
use common::profile::SECTIONS;
use common::{enc, Server, TempDir, OPERATOR};
use regex::Regex;
use scraper::Html;
use serde_json::{json, Value};

const SEED_ID: u64 = 19_269_153;
const STATUSES: [(&str, &str); 4] = [
    ("open", "Открыт"),
    ("in_progress", "В работе"),
    ("resolved", "Решен"),
    ("closed", "Закрыт"),
];

fn classic(extra: &[&str]) -> (TempDir, Server) {
    let dir = TempDir::new();
    let mut args = vec!["--demo-data", "--dialect", "classic"];
    args.extend_from_slice(extra);
    let s = Server::start(&dir.db(), &args);
    (dir, s)
}

/// The card's HTML once `/static/classic.js` has put the history fragment into the table.
fn card_with_history(s: &Server, path: &str) -> (String, Html, String) {
    let page = s.get(path);
    assert_eq!(page.status, 200, "{path}");
    let doc = Html::parse_document(&page.body);
    let inn_kpp = all(&doc, "#ClientInnKpp")
        .first()
        .map(|e| read_value(*e))
        .unwrap_or_default();
    let frag = s.get(&format!(
        "/incidents/history?inn_kpp={}&delay_ms=0",
        enc(&inn_kpp)
    ));
    assert_eq!(frag.status, 200);
    let at = page.body.find("id=\"HistoryGrid\"").expect("history table");
    let tbody = at + page.body[at..].find("<tbody></tbody>").expect("empty body") + 7;
    let filled = format!(
        "{}{}{}",
        &page.body[..tbody],
        frag.body,
        &page.body[tbody..]
    );
    (page.body, Html::parse_document(&filled), frag.body)
}

fn api_list(s: &Server, path: &str) -> Vec<Value> {
    s.get(path).json().as_array().expect("array").clone()
}

/// `2018-12-21T11:25:00+05:00` → (day, month, year, "11:25").
fn parts(rfc3339: &str) -> (u32, u32, u32, String) {
    let c = Regex::new(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d:\d\d)")
        .unwrap()
        .captures(rfc3339)
        .expect("RFC 3339");
    let n = |i: usize| c[i].parse::<u32>().unwrap();
    (n(3), n(2), n(1), c[4].to_string())
}

fn label(status: &Value) -> &'static str {
    STATUSES
        .iter()
        .find(|(code, _)| status == code)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

fn text(v: Option<Value>) -> String {
    v.and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

#[test]
fn classic_card_shows_the_number_russian_date_statuses_and_knowledge_as_text() {
    let (_d, s) = classic(&[]);
    let (raw, doc, _) = card_with_history(&s, &format!("/incidents/{SEED_ID}"));
    let api = s.get(&format!("/api/incidents/{SEED_ID}")).json();
    let one = |css: &str| {
        let v = all(&doc, css);
        assert_eq!(v.len(), 1, "{css}");
        read_value(v[0])
    };
    assert_eq!(one("h1.incident-title"), format!("Инцидент № {SEED_ID}"));
    assert!(
        all(&doc, "input[type=hidden]").is_empty(),
        "no hidden inputs"
    );
    // «24 фев 2019 19:46»: day without a leading zero, Russian month abbreviation.
    let (d, m, y, hm) = parts(api["created_at"].as_str().unwrap());
    const MONTHS: [&str; 12] = [
        "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ];
    let expected = format!("{d} {} {y} {hm}", MONTHS[m as usize - 1]);
    assert_eq!(one(".creation-date"), expected);
    assert_eq!(one(".creator"), format!("Создал: {OPERATOR}"));
    let options: Vec<String> = all(&doc, "#IncidentStatus option")
        .iter()
        .map(|o| o.text().collect())
        .collect();
    assert_eq!(options, ["Открыт", "В работе", "Решен", "Закрыт"]);
    assert_eq!(one("#IncidentStatus"), "Открыт");
    assert_eq!(one("#KnowledgeLinks .kb-article"), "Привязка 5163");
    assert_eq!(one("#header .user-name"), OPERATOR);
    for label in [
        "Сохранить и закрыть",
        "Доп. инцидент",
        "Звонки (",
        "СМС",
        "История обращений",
        "Ид звонка",
        "Отправленные смс",
        "Отправить сразу, как будет решен",
    ] {
        assert!(raw.contains(label), "{label}");
    }
    // The page is sent with an empty history table; the columns are the seed's, no INN.
    let sent = Html::parse_document(&raw);
    assert!(all(&sent, "#HistoryGrid tbody tr").is_empty());
    let heads: Vec<String> = all(&sent, "#HistoryGrid thead th")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(
        heads,
        [
            "Инцидент",
            "Дата создания",
            "Статус",
            "Заголовок",
            "Тип",
            "Кем создан",
            "Дата изменения"
        ]
    );
    // Tabs hidden until opened, no JSON dialect markup.
    assert_eq!(all(&sent, "#tabCalls[hidden] #IncidentCallsGrid").len(), 1);
    assert_eq!(all(&sent, "#tabSms[hidden] #SentSmsGrid").len(), 1);
    for json_only in [
        "incident-card",
        "history-id",
        "data-incident-id",
        "data-call-id",
    ] {
        assert!(!raw.contains(json_only), "{json_only}");
    }
}

#[test]
fn history_rows_are_the_clients_incidents_with_cut_titles_and_russian_statuses() {
    let (_d, s) = classic(&[]);
    let (_, doc, frag) = card_with_history(&s, &format!("/incidents/{SEED_ID}"));
    let history = api_list(&s, "/api/incidents?inn=6678083608");
    assert!(history.len() >= 5);
    let rows = all(&doc, "#HistoryGrid tbody tr");
    assert_eq!(
        rows.len(),
        history.len(),
        "every incident of the INN, the card's own too"
    );
    let mut cut = 0;
    let changed = Regex::new(r"^\d\d\.\d\d\.\d{4} \d\d:\d\d$").unwrap();
    for (row, api) in rows.iter().zip(&history) {
        let cells: Vec<_> = row
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .collect();
        assert_eq!(cells.len(), 7);
        let t = |i: usize| cells[i].text().collect::<String>();
        assert_eq!(t(0), api["id"].to_string());
        let (d, m, y, hm) = parts(api["created_at"].as_str().unwrap());
        assert_eq!(t(1), format!("{d:02}.{m:02}.{y} {hm}"));
        assert_eq!(t(2), label(&api["status"]));
        let title = api["title"].as_str().unwrap();
        assert_eq!(cells[3].value().attr("title"), Some(title));
        if title.chars().count() > 40 {
            cut += 1;
            assert!(
                t(3).ends_with('…') && t(3).chars().count() <= 40,
                "{}",
                t(3)
            );
            assert!(title.starts_with(t(3).trim_end_matches('…')));
        } else {
            assert_eq!(t(3), title);
        }
        assert_eq!(t(4), api["type"].as_str().unwrap_or(""));
        assert_eq!(t(5), api["created_by"].as_str().unwrap_or(""));
        assert!(changed.is_match(&t(6)), "{}", t(6));
    }
    assert!(cut >= 1, "the seed's title is longer than 40 characters");
    // Nothing but the table: no data-* attributes, no client identifiers.
    assert!(!frag.contains("data-"));
    for secret in ["6678083608", "83433702677", "222222@e1.ru"] {
        assert!(!frag.contains(secret), "{secret}");
    }
}

#[test]
fn history_fragment_comes_late_and_is_read_again_after_a_change() {
    let (_d, s) = classic(&[]);
    let inn = enc("6678083608-667801001");
    let timed = |q: &str| {
        let t = Instant::now();
        let r = s.get(&format!("/incidents/history?inn_kpp={inn}{q}"));
        assert_eq!(r.status, 200);
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        (t.elapsed(), r.body)
    };
    let (default, before) = timed("");
    assert!(default >= Duration::from_millis(300), "{default:?}");
    let (slow, _) = timed("&delay_ms=700");
    assert!(slow >= Duration::from_millis(700), "{slow:?}");
    assert_eq!(s.get("/incidents/history?delay_ms=x").status, 400);
    assert_eq!(
        s.get("/incidents/history?delay_ms=0").body,
        "",
        "no INN, no rows"
    );
    // A new incident of the client appears the next time the table is fetched.
    let r = s.post(
        "/api/incidents",
        &json!({"title": "Новое обращение клиента", "inn_kpp": "6678083608-667801001"}),
    );
    assert_eq!(r.status, 201);
    let (_, after) = timed("&delay_ms=0");
    assert_eq!(
        after.matches("<tr>").count(),
        before.matches("<tr>").count() + 1
    );
    assert!(after.contains("Новое обращение клиента"));
    // The page's script asks for the fragment (with the page's delay), never for JSON history.
    let js = s.get("/static/classic.js");
    assert_eq!(js.status, 200);
    assert!(
        js.body.contains("/incidents/history?inn_kpp=") && js.body.contains("history_delay_ms")
    );
    assert!(!js.body.contains("/api/incidents?"));
}

#[test]
fn classic_profile_selectors_and_fields_match_the_card() {
    let (_d, s) = classic(&[]);
    let p = classic_profile(s.report_port.unwrap());
    let (_, doc, _) = card_with_history(&s, &format!("/incidents/{SEED_ID}"));
    let history = api_list(&s, "/api/incidents?inn=6678083608");
    let calls = api_list(&s, &format!("/api/incidents/{SEED_ID}/calls")).len();
    let sms = api_list(&s, &format!("/api/incidents/{SEED_ID}/sms")).len();
    assert!(calls >= 1);
    let count = |css: &str| all(&doc, css).len();
    assert_eq!(count(p["incident_page"].as_str().unwrap()), 1);
    for (k, spec) in p["fields"].as_object().unwrap() {
        let css = spec.as_str().or(spec["css"].as_str()).unwrap();
        assert_eq!(count(css), 1, "fields.{k} = {css:?}");
    }
    let f = |k: &str| text(field(&doc, &p, k));
    assert_eq!(f("incident_id"), SEED_ID.to_string());
    assert_eq!(f("inn_kpp"), "6678083608-667801001");
    assert_eq!(f("phone"), "83433702677");
    assert_eq!(f("email"), "222222@e1.ru");
    assert_eq!(f("title"), "(+1) Закрывающие документы по Контур.Закупкам");
    assert_eq!(f("type"), "Контур.Закупки");
    assert_eq!(f("status"), "open");
    assert_eq!(f("department"), "3946");
    assert_eq!(f("knowledge"), "5163");
    assert_eq!(f("operator"), OPERATOR);
    assert!(f("description").starts_with("Необходимы закрывающие документы"));
    let date = Regex::new(r"^\d{1,2} [а-я]{3} \d{4} \d\d:\d\d$").unwrap();
    assert!(date.is_match(&f("created_at")), "{}", f("created_at"));
    // The v1 sections the extension fills or verifies.
    let row = p["history_table"]["row"].as_str().unwrap();
    assert_eq!(count(row), history.len());
    let id_in_row = format!(
        "{row} {}",
        p["history_table"]["incident_id"].as_str().unwrap()
    );
    assert_eq!(count(&id_in_row), history.len());
    for (section, many, n) in [
        ("call_link_form", "linked_rows", calls),
        ("sms_form", "sent_rows", sms),
    ] {
        for (k, v) in p[section].as_object().unwrap() {
            let Some(css) = v.as_str() else { continue };
            let want = if k == many { n } else { 1 };
            assert_eq!(count(css), want, "{section}.{k} = {css:?}");
        }
    }
    for (kind, v) in p["sms_form"]["kind_values"].as_object().unwrap() {
        let css = format!("#SmsType option[value=\"{}\"]", v.as_str().unwrap());
        assert_eq!(count(&css), 1, "sms_form.kind_values.{kind}");
    }
    for k in ["knowledge_input", "knowledge_submit"] {
        assert_eq!(count(p[k].as_str().unwrap()), 1, "{k}");
    }
    // The json dialect's sections, and what only a v2 profile for the classic site has.
    let extra = ["knowledge_submit", "origins", "sources", "timezone"];
    let known: Vec<&str> = SECTIONS.iter().chain(&extra).copied().collect();
    for k in p.as_object().unwrap().keys() {
        assert!(
            known.contains(&k.as_str()),
            "profile key {k} is not checked"
        );
    }
    // sources.history (from: page) read from the filled table equals the client's incidents.
    let src = &p["sources"]["history"];
    assert_eq!(src["from"], "page");
    let rows = source_rows(&doc, src);
    assert_eq!(rows.len(), history.len());
    let re = Regex::new(r"^(\d\d)\.(\d\d)\.(\d{4}) (\d\d:\d\d)$").unwrap();
    for (r, api) in rows.iter().zip(&history) {
        assert_eq!(r["id"], json!(api["id"].to_string()));
        assert_eq!(r["status"], api["status"]);
        assert_eq!(r["title"], api["title"]);
        assert_eq!(r.get("type"), api.get("type").filter(|v| !v.is_null()));
        assert_eq!(r["created_by"], api["created_by"]);
        let c = re
            .captures(r["created_at"].as_str().unwrap())
            .expect("dd.mm.yyyy hh:mm");
        let (d, m, y, hm) = parts(api["created_at"].as_str().unwrap());
        assert_eq!(
            (
                c[1].parse().unwrap(),
                c[2].parse().unwrap(),
                c[3].parse().unwrap()
            ),
            (d, m, y)
        );
        assert_eq!(&c[4], hm);
    }
}

#[test]
fn classic_profile_matches_the_new_incident_card() {
    let (_d, s) = classic(&[]);
    let p = classic_profile(s.report_port.unwrap());
    let (_, doc, _) = card_with_history(&s, "/incidents/new?inn_kpp=6678083608-667801001");
    assert_eq!(all(&doc, p["incident_page"].as_str().unwrap()).len(), 1);
    assert_eq!(
        field(&doc, &p, "incident_id"),
        None,
        "«Новый инцидент» has no number"
    );
    assert_eq!(field(&doc, &p, "created_at"), None);
    assert_eq!(text(field(&doc, &p, "status")), "open");
    assert!(all(&doc, p["fields"]["knowledge"]["css"].as_str().unwrap()).is_empty());
    let history = api_list(&s, "/api/incidents?inn=6678083608");
    assert_eq!(
        source_rows(&doc, &p["sources"]["history"]).len(),
        history.len()
    );
    let row = all(&doc, "#HistoryGrid tbody tr")[0];
    assert_eq!(
        value(row, &json!({"col": 1, "re": "(\\d+)"})),
        Some(json!(history[0]["id"].to_string()))
    );
}

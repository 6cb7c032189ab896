//! Rows → model (DESIGN §3a): the seed's UKSstat «Непривязанные звонки» report and its «История
//! обращений» table as a profile v2 describes them, a JSON answer in the sandbox's shape, and the
//! source address templates.
mod common;

use chrono::{DateTime, FixedOffset};
use serde_json::{json, Value};
use wic_core::model::{Call, Direction, Incident, Status};
use wic_core::source::{
    calls, fill_url, history, json_rows, registration, Context, RawRow, SourceSpec, UrlVars,
};

fn spec(v: Value) -> SourceSpec {
    serde_json::from_value(v).expect("spec parses")
}

/// A raw row from cells (`None` = the cell is not there).
fn row(names: &[&str], cells: &[Option<&str>]) -> RawRow {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                n.to_string(),
                cells.get(i).copied().flatten().map(str::to_string),
            )
        })
        .collect()
}

const YEKT: Context<'static> = Context {
    incident: None,
    zone: FixedOffset::east_opt(5 * 3600).unwrap(),
};

fn dt(text: &str) -> DateTime<FixedOffset> {
    wic_core::dates::parse_rfc3339(text).expect(text)
}

#[test]
fn the_seed_unlinked_calls_report() {
    let s = spec(common::seed_calls_source());
    let cols = ["operator", "id", "duration_s", "transferred"];
    let kal = "Калимулина Анастасия Илдаровна";
    let table = [
        vec![
            Some(kal),
            Some("2517fb14-5e2f-4b55-8e44-7310d2ae769f"),
            Some("205"),
            Some("Да"),
        ],
        vec![
            Some(""),
            Some("e34dd2c0-a799-4ade-9024-47fd09224855"),
            Some("195"),
            Some(""),
        ],
        vec![
            Some(""),
            Some("1d2ad2b5-f202-4f96-91d1-6daca45c7cb8"),
            Some("181"),
            Some("Да"),
        ],
        vec![
            Some(""),
            Some("0a1bbd2c-33d4-4f39-a475-1158a4b337b5"),
            Some("857"),
            Some("Да"),
        ],
        vec![Some(""), Some("4"), Some(""), Some("")],
        vec![Some("Митаева Екатерина Николаевна"), Some("1")],
        vec![Some("Рябухин Павел Иванович"), Some("3")],
        vec![
            Some("Садовой Виктор Сергеевич"),
            Some("5e0b7a43-5a4f-4e2e-9a43-6b1f0b3c2d11"),
            Some("3 мин"),
            None,
        ],
        vec![Some(""), Some("1")],
        vec![Some("Семенищев Алексей Сергеевич"), Some("2")],
    ];
    let rows: Vec<RawRow> = table.iter().map(|c| row(&cols, c)).collect();
    let built = calls(&s, &rows, YEKT);
    let got: Vec<_> = built
        .rows
        .iter()
        .map(|c| {
            (
                c.id.get(..8).unwrap_or(""),
                c.operator.as_deref(),
                c.duration_s,
                c.transferred,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("2517fb14", Some(kal), Some(205), true),
            ("e34dd2c0", Some(kal), Some(195), false),
            ("1d2ad2b5", Some(kal), Some(181), true),
            ("0a1bbd2c", Some(kal), Some(857), true),
            ("5e0b7a43", Some("Садовой Виктор Сергеевич"), None, false),
        ]
    );
    assert!(built
        .rows
        .iter()
        .all(|c| c.direction == Direction::In && c.answered));
    assert!(built
        .rows
        .iter()
        .all(|c| c.started_at.is_none() && c.caller.is_none()));
    assert_eq!(built.skipped, 5, "count rows and collapsed groups, quietly");
    assert_eq!(built.problems.len(), 1, "{:?}", built.problems);
    let p = &built.problems[0];
    assert_eq!(
        (p.field.as_str(), p.raw.as_str()),
        ("sources.calls.fields.duration_s", "3 мин")
    );
    assert!(p.to_string().contains("sources.calls.fields.duration_s"));
}

fn history_spec() -> SourceSpec {
    spec(json!({
        "from": "page", "rows": "#history tbody tr",
        "fields": {
            "id": { "col": 1, "re": "(\\d+)" },
            "created_at": { "col": 2, "date": "%d.%m.%Y %H:%M" },
            "status": { "col": 3, "map": { "Открыт": "open", "В работе": "in_progress", "Решен": "resolved", "Закрыт": "closed" } },
            "title": { "col": 4, "attr": "title" },
            "type": { "col": 5 },
            "created_by": { "col": 6 }
        },
        "inherit": ["inn_kpp", "phone", "email"]
    }))
}

const HISTORY_COLS: [&str; 6] = ["id", "created_at", "status", "title", "type", "created_by"];

#[test]
fn the_seed_history_table() {
    let table: [[&str; 6]; 4] = [
        [
            "19402792",
            "09.01.2019 14:32",
            "Закрыт",
            "(+1) Возможности модуля Сверка взаиморасчетов",
            "Сверка взаиморасчетов",
            "Хазиева Владлена Игоревна",
        ],
        [
            "19269153",
            "21.12.2018 11:25",
            "Открыт",
            "(+1) Закрывающие документы по закупке",
            "Контур.Закупки",
            "Григорьев Иван Сергеевич",
        ],
        [
            "19268910",
            "21.12.2018 11:11",
            "Закрыт",
            "(+1) Как получить закрывающие документы",
            "Контур.EDI",
            "Завадский Роман Анатольевич",
        ],
        [
            "18542202",
            "20.10.2018 14:22",
            "Закрыт",
            "Дублирование документов",
            "Контур.EDI",
            "Григорьев Иван Сергеевич",
        ],
    ];
    let rows: Vec<RawRow> = table
        .iter()
        .map(|r| row(&HISTORY_COLS, &r.map(Some)))
        .collect();
    let current = Incident {
        inn_kpp: Some("6678083608-667801001".into()),
        phone: Some("83433702677".into()),
        ..Incident::default()
    };
    let cx = Context {
        incident: Some(&current),
        ..YEKT
    };
    let built = history(&history_spec(), &rows, cx);
    assert!(built.problems.is_empty(), "{:?}", built.problems);
    assert_eq!(built.rows.len(), 4);
    let first = &built.rows[0];
    assert_eq!(first.id, Some(19402792));
    assert_eq!(first.created_at, Some(dt("2019-01-09T14:32:00+05:00")));
    assert_eq!(first.status, Some(Status::Closed));
    assert_eq!(first.title, "(+1) Возможности модуля Сверка взаиморасчетов");
    assert_eq!(first.kind.as_deref(), Some("Сверка взаиморасчетов"));
    assert_eq!(
        first.created_by.as_deref(),
        Some("Хазиева Владлена Игоревна")
    );
    assert_eq!(
        first.inn_kpp.as_deref(),
        Some("6678083608-667801001"),
        "inherited"
    );
    assert_eq!(first.phone.as_deref(), Some("83433702677"));
    assert_eq!(first.email, None);
    assert_eq!(built.rows[1].status, Some(Status::Open));
}

#[test]
fn unparsed_values_are_reported_once_and_rows_keep_what_parsed() {
    let rows = vec![
        row(
            &HISTORY_COLS,
            &[
                Some("19402792"),
                Some("вчера"),
                Some("Отложен"),
                Some("A"),
                None,
                None,
            ],
        ),
        row(
            &HISTORY_COLS,
            &[
                Some("19402793"),
                Some("вчера"),
                Some("Закрыт"),
                Some("B"),
                None,
                None,
            ],
        ),
        row(
            &HISTORY_COLS,
            &[
                Some("—"),
                Some("09.01.2019 14:32"),
                Some("Закрыт"),
                Some("C"),
                None,
                None,
            ],
        ),
        row(&HISTORY_COLS, &[None, None, None, None, None, None]),
    ];
    let built = history(&history_spec(), &rows, YEKT);
    assert_eq!(built.rows.len(), 2);
    assert_eq!(built.rows[0].created_at, None);
    assert_eq!(built.rows[0].status, None);
    assert_eq!(built.rows[1].status, Some(Status::Closed));
    assert_eq!(built.skipped, 2, "unparsed id and empty row");
    let problems: Vec<_> = built
        .problems
        .iter()
        .map(|p| (p.field.as_str(), p.raw.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            ("sources.history.fields.created_at", "вчера"),
            ("sources.history.fields.status", "Отложен"),
            ("sources.history.fields.id", "—"),
        ]
    );
}

#[test]
fn json_answer_in_the_sandbox_shape_round_trips() {
    let answer = json!({ "data": { "items": [
        { "id": "e34dd2c0-a799-4ade-9024-47fd09224855", "direction": "in", "answered": true,
          "started_at": "2018-02-05T17:45:58+05:00", "duration_s": 197, "transferred": false,
          "caller": "8(985)5363453", "operator": "Калимулина Анастасия Илдаровна",
          "pbx": "Екатеринбург, УКС (Avaya)", "linked_incident": null, "linked_at": null, "linked_by": null },
        { "id": "2517fb14-5e2f-4b55-8e44-7310d2ae769f", "direction": "out", "answered": false,
          "started_at": "2018-02-05T18:00:00+05:00", "duration_s": 12, "transferred": true,
          "caller": "1234", "operator": "Бих Елена Сергеевна", "pbx": null,
          "linked_incident": 19269153, "linked_at": "2018-02-05T18:01:00+05:00", "linked_by": "Бих Елена Сергеевна" }
    ] } });
    let names = [
        "id",
        "direction",
        "answered",
        "started_at",
        "duration_s",
        "transferred",
        "caller",
        "operator",
        "pbx",
        "linked_incident",
        "linked_at",
        "linked_by",
    ];
    let fields: serde_json::Map<String, Value> =
        names.iter().map(|n| (n.to_string(), json!(n))).collect();
    let s = spec(
        json!({ "from": "json", "url": "/api/calls?operator={operator}", "rows": "data.items", "fields": fields }),
    );
    let raw = json_rows("calls", &s, &answer).expect("an array");
    let built = calls(&s, &raw, YEKT);
    assert!(built.problems.is_empty(), "{:?}", built.problems);
    let expected: Vec<Call> = serde_json::from_value(answer["data"]["items"].clone()).unwrap();
    assert_eq!(built.rows, expected);

    let e = json_rows(
        "calls",
        &spec(json!({ "from": "json", "url": "/x", "rows": "data", "fields": {} })),
        &answer,
    )
    .unwrap_err();
    assert_eq!(e.field, "sources.calls.rows");
    assert!(e.message.contains("объект"), "{e}");
}

#[test]
fn json_knowledge_arrays_and_registration_rows() {
    let s = spec(json!({ "from": "json", "url": "/h", "rows": "",
                         "fields": { "id": "id", "knowledge": "kb", "title": { "path": "t.full" } } }));
    let body = json!([{ "id": 19269153, "kb": [5163, "6053"], "t": { "full": "Закрывающие" } }, { "id": "1", "kb": [] }]);
    let built = history(&s, &json_rows("history", &s, &body).unwrap(), YEKT);
    assert!(built.problems.is_empty(), "{:?}", built.problems);
    assert_eq!(built.rows[0].knowledge, [5163, 6053]);
    assert_eq!(built.rows[0].title, "Закрывающие");
    assert_eq!(built.rows[1].knowledge, Vec::<u64>::new());

    let r = spec(json!({ "from": "html", "url": "/uks/kpi", "rows": "tr",
        "fields": { "department": { "col": 1 }, "supervisor": { "col": 2 },
                    "operator": { "col": 3, "map": { "Всего": null } },
                    "total": { "col": 4 }, "linked": { "col": 5 }, "percent": { "col": 6 } },
        "fill_down": ["department", "supervisor"], "require": ["operator"] }));
    let cols = [
        "department",
        "supervisor",
        "operator",
        "total",
        "linked",
        "percent",
    ];
    let lines = [
        [
            "Отдел обучения",
            "Багно Наталья Олеговна",
            "Бих Елена Сергеевна",
            "60",
            "60",
            "100%",
        ],
        ["", "", "Рябухин Павел Иванович", "69", "66", "96%"],
        ["", "", "Всего", "399", "393", "98%"],
    ];
    let rows: Vec<RawRow> = lines.iter().map(|l| row(&cols, &l.map(Some))).collect();
    let built = registration(&r, &rows, YEKT);
    assert_eq!(built.rows.len(), 2);
    assert_eq!(built.skipped, 1);
    let ryab = &built.rows[1];
    assert_eq!(ryab.department.as_deref(), Some("Отдел обучения"));
    assert_eq!(
        (
            ryab.operator.as_str(),
            ryab.total,
            ryab.linked,
            ryab.percent
        ),
        ("Рябухин Павел Иванович", 69, 66, Some(96))
    );
}

#[test]
fn url_templates() {
    let since = dt("2018-02-01T00:00:00+05:00");
    let now = dt("2018-02-28T23:59:00+05:00");
    let vars = UrlVars {
        text: &[("operator", "Бих Елена Сергеевна")],
        times: &[("since", since), ("now", now)],
    };
    let cases = [
        ("/uks/unlinked?from={since:%d.%m.%Y}&to={now:%d.%m.%Y}&fio={operator}",
         Ok("/uks/unlinked?from=01.02.2018&to=28.02.2018&fio=%D0%91%D0%B8%D1%85%20%D0%95%D0%BB%D0%B5%D0%BD%D0%B0%20%D0%A1%D0%B5%D1%80%D0%B3%D0%B5%D0%B5%D0%B2%D0%BD%D0%B0")),
        ("/api/calls?since={since}", Ok("/api/calls?since=2018-02-01T00%3A00%3A00%2B05%3A00")),
        ("/x?t={now:%H:%M}", Ok("/x?t=23%3A59")),
        ("/x?d={department}", Err("department")),
        ("/x?d={operator:%Y}", Err("operator:%Y")),
        ("/x?d={since:%Q}", Err("since:%Q")),
        ("/x?d={since", Err("since")),
    ];
    for (template, expected) in cases {
        let got = fill_url(template, &vars);
        match expected {
            Ok(url) => assert_eq!(got.as_deref(), Ok(url), "{template}"),
            Err(name) => {
                let e = got.expect_err(template);
                assert_eq!(e.placeholder, name, "{template}: {e}");
            }
        }
    }
}

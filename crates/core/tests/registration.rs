//! The seed's registration report and unlinked-call list, reproduced from fixture call logs.
use std::collections::HashSet;

use wic_core::model::CallRecord;
use wic_core::registration::{exclusion, report, unlinked, Exclusion, Rules, TotalLevel};

fn log(name: &str) -> Vec<CallRecord> {
    let p = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{p}: {e}"))
        .lines()
        .enumerate()
        .map(|(n, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("{p}:{}: {e}", n + 1)))
        .collect()
}

#[test]
fn reproduces_the_seed_table() {
    let records = log("calls_2018_03.jsonl");
    let rules = Rules::default();
    let kinds: HashSet<_> = records
        .iter()
        .filter_map(|r| exclusion(&r.call, &rules))
        .collect();
    for k in [
        Exclusion::NotIncoming,
        Exclusion::NotAnswered,
        Exclusion::TooShort,
        Exclusion::ShortTransfer,
        Exclusion::InternalUnlinked,
    ] {
        assert!(kinds.contains(&k), "fixture lacks {k:?}");
    }
    let r = report(&records, &rules);
    let rows: Vec<(&str, u32, u32, Option<u32>)> = r
        .rows
        .iter()
        .map(|x| (x.operator.as_str(), x.total, x.linked, x.percent))
        .collect();
    assert_eq!(
        rows,
        [
            ("Бих Елена Сергеевна", 60, 60, Some(100)),
            ("Калимулина Анастасия Илдаровна", 104, 104, Some(100)),
            ("Мухаматнуров Ильгизар Нуриазданович", 81, 81, Some(100)),
            ("Рябухин Павел Иванович", 69, 66, Some(96)),
            ("Флягин Владимир Алексеевич", 85, 82, Some(96)),
        ]
    );
    let totals: Vec<_> = r
        .totals
        .iter()
        .map(|t| (t.level, t.name.as_str(), t.total, t.linked, t.percent))
        .collect();
    assert_eq!(
        totals,
        [
            (
                TotalLevel::Supervisor,
                "Багно Наталья Олеговна",
                399,
                393,
                Some(98)
            ),
            (TotalLevel::Department, "Отдел обучения", 399, 393, Some(98)),
            (TotalLevel::All, "Всего", 399, 393, Some(98)),
        ]
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["rows"][3]["percent"], 96);
    assert_eq!(json["totals"][2]["level"], "all");
}

#[test]
fn reproduces_the_seed_unlinked_list() {
    let records = log("calls_2018_02.jsonl");
    let rows = unlinked(records.iter().map(|r| &r.call), &Rules::default());
    let kal: Vec<_> = rows
        .iter()
        .filter(|r| r.operator.as_deref() == Some("Калимулина Анастасия Илдаровна"))
        .map(|r| (r.call_id.as_str(), r.duration_s, r.transferred))
        .collect();
    assert_eq!(
        kal,
        [
            ("2517fb14-5e2f-4b55-8e44-7310d2ae769f", Some(205), true),
            ("e34dd2c0-a799-4ade-9024-47fd09224855", Some(195), false),
            ("1d2ad2b5-f202-4f96-91d1-6daca45c7cb8", Some(181), true),
            ("0a1bbd2c-33d4-4f39-a475-1158a4b337b5", Some(857), true),
        ]
    );
    let count = |op: &str| {
        rows.iter()
            .filter(|r| r.operator.as_deref() == Some(op))
            .count()
    };
    assert_eq!(count("Митаева Екатерина Николаевна"), 1);
    assert_eq!(count("Рябухин Павел Иванович"), 3);
    assert_eq!(count("Садовой Виктор Сергеевич"), 1);
    assert_eq!(count("Семенищев Алексей Сергеевич"), 2);
    assert!(
        rows.windows(2).all(|w| w[0].started_at >= w[1].started_at),
        "newest first"
    );
}

#[test]
fn best_call_prefers_the_phone_then_the_time() {
    use wic_core::model::Incident;
    use wic_core::registration::best_call_for;
    let calls: Vec<_> = log("calls_2018_02.jsonl")
        .into_iter()
        .map(|r| r.call)
        .collect();
    let mut incident = Incident {
        phone: Some("+7 985 536-34-53".into()),
        ..Incident::default()
    };
    let best = best_call_for(&incident, &calls, &Rules::default(), 300).map(|c| c.id.as_str());
    assert_eq!(best, Some("e34dd2c0-a799-4ade-9024-47fd09224855"));
    incident.phone = None;
    let c = calls.iter().find(|c| c.id.starts_with("1d2ad2b5")).unwrap();
    incident.created_at = c
        .started_at
        .map(|s| s + chrono::TimeDelta::seconds(i64::from(c.duration_s.unwrap()) + 60));
    assert_eq!(
        best_call_for(&incident, &calls, &Rules::default(), 300).map(|c| c.id.as_str()),
        Some(c.id.as_str())
    );
    incident.created_at = c
        .started_at
        .map(|s| s + chrono::TimeDelta::seconds(i64::from(c.duration_s.unwrap()) + 1000));
    assert_eq!(
        best_call_for(&incident, &calls, &Rules::default(), 300),
        None
    );
}

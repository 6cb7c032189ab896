//! DESIGN §3a "Calls with less": a call known only by its id still counts, an exclusion rule that
//! needs a missing value is not applied and is named, and the sandbox's JSON round-trips unchanged.
use wic_core::model::{Call, Direction, Incident};
use wic_core::registration::{
    assess, belongs_to, best_call_for, report, unlinked, Exclusion, Rules, Unchecked,
};

fn bare(id: &str) -> Call {
    serde_json::from_str(&format!(r#"{{"id":"{id}"}}"#)).expect("a call needs only its id")
}

#[test]
fn a_bare_call_is_incoming_answered_and_counted_with_rules_unchecked() {
    let c = bare("a");
    assert_eq!(c.direction, Direction::In);
    assert!(c.answered && !c.transferred);
    let a = assess(&c, &Rules::default());
    assert_eq!(a.exclusion, None);
    let skipped: Vec<_> = a.unchecked.iter().collect();
    assert_eq!(skipped, [Exclusion::TooShort, Exclusion::InternalUnlinked]);
}

#[test]
fn each_rule_is_applied_when_its_value_is_known() {
    let rules = Rules::default();
    let cases: &[(&str, Option<Exclusion>, &[Exclusion])] = &[
        (
            r#"{"id":"a","duration_s":10}"#,
            Some(Exclusion::TooShort),
            &[],
        ),
        (
            r#"{"id":"a","duration_s":100,"transferred":true,"caller":"83433702677"}"#,
            Some(Exclusion::ShortTransfer),
            &[],
        ),
        (
            r#"{"id":"a","transferred":true,"caller":"83433702677"}"#,
            None,
            &[Exclusion::TooShort, Exclusion::ShortTransfer],
        ),
        (
            r#"{"id":"a","duration_s":60,"caller":"1234"}"#,
            Some(Exclusion::InternalUnlinked),
            &[],
        ),
        (
            r#"{"id":"a","duration_s":60,"linked_incident":5}"#,
            None,
            &[],
        ),
        (
            r#"{"id":"a","duration_s":60}"#,
            None,
            &[Exclusion::InternalUnlinked],
        ),
        (
            r#"{"id":"a","direction":"out"}"#,
            Some(Exclusion::NotIncoming),
            &[],
        ),
        (
            r#"{"id":"a","answered":false}"#,
            Some(Exclusion::NotAnswered),
            &[],
        ),
    ];
    for (json, exclusion, unchecked) in cases {
        let c: Call = serde_json::from_str(json).unwrap();
        let a = assess(&c, &rules);
        assert_eq!(a.exclusion, *exclusion, "{json}");
        assert_eq!(
            a.unchecked,
            unchecked.iter().copied().collect::<Unchecked>(),
            "{json}"
        );
    }
}

#[test]
fn unlinked_report_and_suggestion_work_with_what_is_known() {
    let rules = Rules::default();
    let full: Call = serde_json::from_str(
        r#"{"id":"full","started_at":"2019-02-24T19:40:00+05:00","duration_s":200,
            "caller":"8(985)5363453","operator":"Бих Елена Сергеевна"}"#,
    )
    .unwrap();
    let calls = vec![bare("bare"), full];
    let rows = unlinked(&calls, &rules);
    assert_eq!(rows[0].call_id, "full", "known times first, unknown last");
    assert_eq!(rows[1].call_id, "bare");
    assert!(rows[0].unchecked.is_empty() && !rows[1].unchecked.is_empty());
    let json = serde_json::to_value(&rows[1]).unwrap();
    assert_eq!(json["unchecked"][0], "too_short");
    assert!(serde_json::to_value(&rows[0])
        .unwrap()
        .get("unchecked")
        .is_none());

    let mut incident = Incident {
        phone: Some("+7 985 536-34-53".into()),
        ..Incident::default()
    };
    let best = best_call_for(&incident, &calls, &rules, 300).map(|c| c.id.as_str());
    assert_eq!(best, Some("full"));
    incident.phone = Some("+7 922 203-07-70".into());
    incident.created_at = calls[1].started_at;
    let best = best_call_for(&incident, &calls, &rules, 300).map(|c| c.id.as_str());
    assert_eq!(best, Some("full"), "by time; the bare call has no time");

    let records: Vec<_> = calls
        .iter()
        .map(|c| wic_core::model::CallRecord {
            call: c.clone(),
            department: "Д".into(),
            supervisor: "С".into(),
        })
        .collect();
    let r = report(&records, &rules);
    assert_eq!(r.totals.last().map(|t| t.total), Some(2));
    assert!(r.unchecked.contains(Exclusion::InternalUnlinked));
}

#[test]
fn whose_calls() {
    let mut c = bare("a");
    assert!(
        belongs_to(&c, "Бих Елена Сергеевна"),
        "unknown operator: anyone's"
    );
    c.operator = Some(" Бих Елена Сергеевна ".into());
    assert!(belongs_to(&c, "бих елена сергеевна"));
    assert!(!belongs_to(&c, "Рябухин Павел Иванович"));
}

#[test]
fn sandbox_json_round_trips_unchanged() {
    let json = r#"{"id":"e34dd2c0-a799-4ade-9024-47fd09224855","direction":"in","answered":true,"started_at":"2018-02-05T17:45:58+05:00","duration_s":197,"transferred":false,"caller":"8(985)5363453","operator":"Калимулина Анастасия Илдаровна","pbx":"Екатеринбург, УКС (Avaya)","linked_incident":null,"linked_at":null,"linked_by":null}"#;
    let c: Call = serde_json::from_str(json).unwrap();
    assert_eq!(serde_json::to_string(&c).unwrap(), json);
}

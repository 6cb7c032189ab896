//! Candidates are not lost (issue 13): every incident of the client inside the window reaches
//! scoring, whichever identifier the new incident carries; a product mismatch lowers the score
//! and never drops the candidate; dismissed ids are left out.
use chrono::{DateTime, FixedOffset, TimeDelta};
use wic_core::duplicates::{rank, rank_excluding, Index, Level, Reason, Settings};
use wic_core::model::Incident;

fn now() -> DateTime<FixedOffset> {
    wic_core::dates::parse_rfc3339("2024-03-01T12:00:00+05:00").unwrap()
}

fn earlier(id: u64, inn_kpp: Option<&str>, phone: Option<&str>, email: Option<&str>) -> Incident {
    Incident {
        id: Some(id),
        created_at: Some(now() - TimeDelta::days(2)),
        inn_kpp: inn_kpp.map(str::to_string),
        phone: phone.map(str::to_string),
        email: email.map(str::to_string),
        title: "Не отправляется РСВ в ФНС".into(),
        kind: Some("Контур.Экстерн".into()),
        ..Incident::default()
    }
}

fn new(inn_kpp: Option<&str>, phone: Option<&str>, email: Option<&str>) -> Incident {
    Incident {
        inn_kpp: inn_kpp.map(str::to_string),
        phone: phone.map(str::to_string),
        email: email.map(str::to_string),
        title: "Сертификат не устанавливается".into(),
        kind: Some("Удостоверяющий центр".into()),
        ..Incident::default()
    }
}

/// Every candidate that reaches scoring (no threshold, no cap on how many are shown).
fn ids(me: &Incident, history: &[Incident]) -> Vec<u64> {
    let settings = Settings {
        possible_threshold: 0.0,
        max_possible: usize::MAX,
        ..Settings::default()
    };
    let mut out: Vec<u64> = rank(now(), me, history, &settings)
        .iter()
        .map(|c| c.id)
        .collect();
    out.sort_unstable();
    out
}

#[test]
fn the_client_is_matched_by_any_one_identifier() {
    let history = [earlier(
        1,
        Some("6678083608-667801001"),
        Some("8(922)203-07-70"),
        Some("Buh@Example.ru"),
    )];
    for me in [
        new(Some("6678083608-667801001"), None, None),
        new(Some("6678083608-667802001"), None, None),
        new(Some("6678083608"), None, None),
        new(None, Some("+7 922 203 07 70"), None),
        new(None, None, Some("buh@example.ru")),
    ] {
        assert_eq!(ids(&me, &history), [1], "{me:?}");
    }
}

#[test]
fn another_incident_ties_the_clients_other_identifiers() {
    let history = [
        earlier(1, Some("6678083608-667801001"), Some("89222030770"), None),
        earlier(2, Some("6678083608-667801001"), Some("83433702677"), None),
        earlier(3, None, Some("83433702677"), Some("buh@example.ru")),
        earlier(4, Some("7707083893-770701001"), Some("83433702677"), None),
    ];
    // Only the landline: incident 2 ties it to the INN, the INN to incident 1; incident 4 shares
    // the number but is another company (an accountant who serves both), still a candidate.
    assert_eq!(
        ids(&new(None, Some("8 (343) 370-26-77"), None), &history),
        [1, 2, 3, 4]
    );
    let all = Settings {
        possible_threshold: 0.0,
        max_possible: usize::MAX,
        ..Settings::default()
    };
    let linked = rank(now(), &new(None, Some("83433702677"), None), &history, &all);
    let first = linked
        .iter()
        .find(|c| c.id == 1)
        .expect("incident 1 is a candidate");
    assert_eq!(first.reasons[0], Reason::SameClient);
    assert_eq!(
        first.reasons[0].to_string(),
        "тот же клиент (по его другим обращениям)"
    );
    // The INN: incident 4 has another INN, so it is another client's.
    assert_eq!(
        ids(&new(Some("6678083608"), None, None), &history),
        [1, 2, 3]
    );
}

#[test]
fn a_product_mismatch_lowers_the_score_and_keeps_the_candidate() {
    let history = [earlier(1, Some("6678083608-667801001"), None, None)];
    let mut me = new(Some("6678083608-667801001"), None, None);
    me.title = "РСВ не уходит в налоговую".into();
    let other = rank(now(), &me, &history, &Settings::default());
    me.kind = Some("Контур.Экстерн".into());
    let same = rank(now(), &me, &history, &Settings::default());
    assert_eq!((other.len(), same.len()), (1, 1));
    assert!(other[0].score < same[0].score);
    assert!(!other[0].reasons.contains(&Reason::SameProduct));
}

#[test]
fn dismissed_candidates_are_left_out() {
    let history = [
        earlier(1, Some("6678083608-667801001"), None, None),
        earlier(2, Some("6678083608-667801001"), None, None),
    ];
    let me = new(Some("6678083608-667801001"), None, None);
    let s = Settings {
        possible_threshold: 0.0,
        ..Settings::default()
    };
    let left: Vec<u64> = rank_excluding(now(), &me, &history, &s, &[2])
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(left, [1]);
    assert_eq!(
        Index::build(&history).rank_excluding(now(), &me, &s, &[1, 2]),
        []
    );
}

#[test]
fn at_most_three_weak_guesses_are_shown() {
    // Five incidents of the client about other things: scored, but only the best three shown.
    let history: Vec<Incident> = (1..=5)
        .map(|id| earlier(id, Some("6678083608-667801001"), None, None))
        .collect();
    let me = Incident {
        kind: Some("Контур.Экстерн".into()),
        title: "Вопрос по отчету в ФНС".into(),
        ..new(Some("6678083608-667801001"), None, None)
    };
    let everything = Settings {
        max_possible: usize::MAX,
        ..Settings::default()
    };
    let weak = rank(now(), &me, &history, &everything);
    assert!(
        weak.iter().filter(|c| c.level == Level::Possible).count() > 3,
        "the case has more than three weak guesses: {weak:?}"
    );
    let shown = rank(now(), &me, &history, &Settings::default());
    let possible = shown.iter().filter(|c| c.level == Level::Possible).count();
    assert_eq!(possible, 3, "{shown:?}");
    assert_eq!(
        ids(&me, &history),
        [1, 2, 3, 4, 5],
        "all of them reach scoring"
    );
}

//! Property tests: no parser or ranking function panics on arbitrary input, nor on the Big List
//! of Naughty Strings.
mod common;

use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;
use wic_core::duplicates::{rank, title_similarity, Settings};
use wic_core::model::{Incident, Status};
use wic_core::{inn, phone, sms, text};

fn at(secs: i64) -> Option<DateTime<FixedOffset>> {
    DateTime::from_timestamp(secs, 0).map(|t| t.fixed_offset())
}

fn check_all(s: &str) {
    let _ = inn::parse_inn_kpp(s);
    let _ = inn::validate_inn(s);
    let _ = inn::validate_kpp(s);
    let _ = inn::complete_legal_inn(s);
    let _ = inn::complete_individual_inn(s);
    let _ = phone::normalize(s);
    let _ = phone::same_number(s, s);
    let _ = sms::render(s, &[("id", "1")]);
    let seg = sms::segments(s);
    assert!(seg.count <= seg.chars);
    let _ = text::normalize(s);
    let sim = title_similarity(s, s);
    assert!((0.0..=1.0).contains(&sim));
}

fn incident(
    id: Option<u64>,
    title: String,
    inn_kpp: Option<String>,
    phone: Option<String>,
    knowledge: Vec<u64>,
    age: i64,
) -> Incident {
    Incident {
        id,
        created_at: at(1_545_000_000 - age),
        inn_kpp,
        title,
        description: None,
        kind: Some("Контур.Экстерн".into()),
        status: Some(Status::Open),
        knowledge,
        phone,
        ..Incident::default()
    }
}

proptest! {
    #[test]
    fn parsers_never_panic(s in "\\PC*") {
        check_all(&s);
    }

    #[test]
    fn identifier_like_strings_never_panic(s in "[0-9 +()\\-/ИНКПинкпдоб.AЕ]{0,40}") {
        check_all(&s);
    }

    #[test]
    fn ranking_never_panics(
        titles in proptest::collection::vec("\\PC{0,40}", 0..8),
        ids in proptest::collection::vec(proptest::option::of(0u64..5), 8),
        ages in proptest::collection::vec(-1_000_000i64..2_000_000, 8),
        inn_kpp in proptest::option::of(prop_oneof![Just("6678083608-667801001".to_string()), Just("6678083608".to_string()), "\\PC{0,20}"]),
        window in 0u32..400,
    ) {
        let now = at(1_545_000_000).unwrap();
        let history: Vec<Incident> = titles.iter().enumerate()
            .map(|(i, t)| incident(ids[i], t.clone(), inn_kpp.clone(), Some("8(985)5363453".into()), vec![5163], ages[i]))
            .collect();
        let me = incident(ids[7], titles.first().cloned().unwrap_or_default(), inn_kpp.clone(), Some("+79855363453".into()), vec![5163], 0);
        let settings = Settings { window_days: window, ..Settings::default() };
        for c in rank(now, &me, &history, &settings) {
            prop_assert!((0.0..=1.0).contains(&c.score));
            prop_assert!(me.id != Some(c.id));
        }
    }
}

#[test]
fn naughty_strings() {
    let list: Vec<String> =
        serde_json::from_str(&common::read("naughty/blns.json")).expect("blns.json");
    let now = at(1_545_000_000).unwrap();
    let history: Vec<Incident> = list
        .iter()
        .enumerate()
        .map(|(i, s)| {
            incident(
                Some(i as u64),
                s.clone(),
                Some(s.clone()),
                Some(s.clone()),
                vec![],
                3600,
            )
        })
        .collect();
    for s in &list {
        check_all(s);
        let me = incident(None, s.clone(), Some(s.clone()), Some(s.clone()), vec![], 0);
        let _ = rank(now, &me, &history, &Settings::default());
    }
}

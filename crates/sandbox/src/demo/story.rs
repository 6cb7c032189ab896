//! The seed's own story in the demo data: incident 19269153, its client's history and the
//! logged-in operator's fresh unlinked calls.
//! Must not know HTTP or HTML.

use chrono::{DateTime, FixedOffset, TimeDelta};
use wic_core::dates::midnight;
use wic_core::model::{Call, Direction, Incident, Status};

use super::{Client, Ctx, SEED_BRANCH, SEED_INCIDENT, SEED_INN_KPP, SEED_PHONE};
use crate::api::calls::DEFAULT_PBX;
use crate::db::calls as calls_db;
use crate::db::incidents::{self as inc_db, StoredIncident};

fn at(now: DateTime<FixedOffset>, days_back: i64, h: u8, m: u8) -> DateTime<FixedOffset> {
    midnight(now.date_naive() - TimeDelta::days(days_back), *now.offset())
        + TimeDelta::hours(h.into())
        + TimeDelta::minutes(m.into())
}

/// The seed's client history: incident 19269153, its earlier duplicate and a few older ones.
pub(super) fn seed_story(cx: &mut Ctx, clients: &[Client], operator: &str) -> rusqlite::Result<()> {
    let c0 = &clients[0];
    let now = cx.now;
    let dup_id = cx.take_id();
    let dup = cx.incident(
        dup_id,
        at(now, 6, 10, 5),
        Some(c0),
        Some(SEED_INN_KPP.into()),
        "Закрывающие документы по Контур.Закупкам".into(),
        "Контур.Закупки",
        5163,
        "Белова Елена Сергеевна",
    )?;
    let mut dup = dup;
    dup.incident.status = Some(Status::Closed);
    inc_db::save(cx.conn, &dup)?;
    for (back, h, title, product, k, inn) in [
        (
            12,
            14,
            "Как получить закрывающие документы",
            "Контур.EDI",
            6212,
            SEED_INN_KPP,
        ),
        (
            9,
            12,
            "(+1) Возможности модуля Сверка",
            "Сверка взаиморасчетов",
            7101,
            SEED_BRANCH,
        ),
        (
            13,
            10,
            "Дублирование документов",
            "Контур.EDI",
            6210,
            SEED_BRANCH,
        ),
    ] {
        let id = cx.take_id();
        let mut s = cx.incident(
            id,
            at(now, back, h, 32),
            Some(c0),
            Some(inn.into()),
            title.into(),
            product,
            k,
            "Митина Екатерина Николаевна",
        )?;
        s.incident.status = Some(Status::Closed);
        inc_db::save(cx.conn, &s)?;
    }
    let created = at(now, 5, 11, 25);
    let seed = StoredIncident {
        incident: Incident {
            id: Some(SEED_INCIDENT),
            created_at: Some(created),
            inn_kpp: Some(SEED_INN_KPP.into()),
            title: "(+1) Закрывающие документы по Контур.Закупкам".into(),
            description: Some("Необходимы закрывающие документы по счету 18931511659\nдата не имеет значения\nнеобходим скан по электронной почте 222222@e1.ru\nПочтовый адрес: 620027, Екатеринбург, ул. Свердлова, д.14, кв.64\nКлиенту нужны закрывающие документы".into()),
            kind: Some("Контур.Закупки".into()),
            status: Some(Status::Open),
            knowledge: vec![5163],
            phone: Some(SEED_PHONE.into()),
            email: Some("222222@e1.ru".into()),
            contact_name: Some("Ирина Анатольевна".into()),
            department: Some("3946".into()),
            created_by: Some(operator.into()),
        },
        updated_at: created + TimeDelta::seconds(231),
        responsible: None,
    };
    inc_db::save(cx.conn, &seed)?;
    let mut call = |start: DateTime<FixedOffset>,
                    dur: u32,
                    caller: &str,
                    link: Option<u64>,
                    transferred: bool| {
        let c = Call {
            id: cx.rng.uuid(),
            direction: Direction::In,
            answered: true,
            started_at: Some(start),
            duration_s: Some(dur),
            transferred,
            caller: Some(caller.into()),
            operator: Some(operator.into()),
            pbx: Some(DEFAULT_PBX.into()),
            linked_incident: link,
            linked_at: link.map(|_| start + TimeDelta::seconds(i64::from(dur) + 40)),
            linked_by: link.map(|_| operator.to_string()),
        };
        calls_db::insert(cx.conn, &c)
    };
    call(
        created - TimeDelta::seconds(300),
        412,
        &c0.pbx_number(),
        Some(SEED_INCIDENT),
        false,
    )?;
    // Unlinked calls of the logged-in operator in the last few hours; the first one is from the
    // phone of the open incident 19269153.
    call(
        now - TimeDelta::minutes(25),
        185,
        &c0.pbx_number(),
        None,
        false,
    )?;
    call(
        now - TimeDelta::minutes(70),
        240,
        &clients[7].pbx_number(),
        None,
        false,
    )?;
    call(
        now - TimeDelta::minutes(155),
        95,
        &clients[12].pbx_number(),
        None,
        false,
    )?;
    call(
        now - TimeDelta::minutes(220),
        400,
        &clients[20].pbx_number(),
        None,
        true,
    )?;
    call(now - TimeDelta::minutes(230), 60, "4512", None, false)?;
    call(
        now - TimeDelta::minutes(15),
        12,
        &clients[3].pbx_number(),
        None,
        false,
    )?;
    Ok(())
}

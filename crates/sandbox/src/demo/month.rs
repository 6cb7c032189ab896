//! Longer history for the supervisor's report: the first team's calls for the weeks before the
//! two-week plan (so a 30-day picture has a month to show, each operator at their own rate), and
//! the seed's March 2018 («Процент регистрации звонков»: 60/60, 104/104, 81/81, 69/66, 85/82 →
//! 399/393, 98 %) for the seed's operators. Deterministic, with its own random stream so the rest
//! of the demo data does not change. Writes through `db`; knows no HTTP.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, Weekday};
use rusqlite::Connection;
use wic_core::dates::midnight;
use wic_core::model::{Call, Direction};

use super::data::TEAMS;
use super::Rng;
use crate::api::calls::DEFAULT_PBX;
use crate::db::calls::{self as calls_db, Operator};

/// How many days back the extra history reaches (the two-week plan covers 0..=14).
pub const DAYS_BACK: i64 = 30;
/// Incident numbers of the archive the older calls are linked to (not stored as cards).
const ARCHIVE_IDS: u64 = 18_400_000;

/// The seed's table: operator, counted calls, linked calls.
pub const SEED_TABLE: [(&str, u32, u32); 5] = [
    ("Бих Елена Сергеевна", 60, 60),
    ("Калимулина Анастасия Илдаровна", 104, 104),
    ("Мухаматнуров Ильгизар Нуриазданович", 81, 81),
    ("Рябухин Павел Иванович", 69, 66),
    ("Флягин Владимир Алексеевич", 85, 82),
];

fn call(rng: &mut Rng, operator: &str, start: DateTime<FixedOffset>, duration: u32) -> Call {
    Call {
        id: rng.uuid(),
        direction: Direction::In,
        answered: true,
        started_at: Some(start),
        duration_s: Some(duration),
        transferred: false,
        caller: Some(format!(
            "8({}){}",
            rng.pick(&["343", "912", "922", "985", "496"]),
            rng.digits(7)
        )),
        operator: Some(operator.to_string()),
        pbx: Some(DEFAULT_PBX.into()),
        linked_incident: None,
        linked_at: None,
        linked_by: None,
    }
}

fn link(c: &mut Call, id: u64) {
    let end = c
        .started_at
        .map(|t| t + TimeDelta::seconds(i64::from(c.duration_s.unwrap_or(0))));
    c.linked_incident = Some(id);
    c.linked_at = end.map(|t| t + TimeDelta::minutes(3));
    c.linked_by = c.operator.clone();
}

fn at(day: NaiveDate, minutes: i64, offset: FixedOffset) -> DateTime<FixedOffset> {
    midnight(day, offset) + TimeDelta::hours(9) + TimeDelta::minutes(minutes)
}

/// The first team's calls from `DAYS_BACK` to 15 days before `now` (working days), each operator
/// linking at a rate of their own that drifts over the days.
pub(super) fn older_weeks(
    conn: &Connection,
    ops: &[Operator],
    now: DateTime<FixedOffset>,
) -> rusqlite::Result<()> {
    let mut rng = Rng(0x0005_EED0_3013_2018);
    let (department, supervisor, _) = TEAMS[0];
    let team: Vec<&Operator> = ops
        .iter()
        .filter(|o| o.department == department && o.supervisor == supervisor)
        .collect();
    let mut next_id = ARCHIVE_IDS;
    for back in (15..=DAYS_BACK).rev() {
        let day = now.date_naive() - TimeDelta::days(back);
        if day.weekday() == Weekday::Sun {
            continue;
        }
        for (k, op) in team.iter().enumerate() {
            // 99 %, 97 %, 94 %, … with a slow wave over the days.
            let wave = ((back + 2 * k as i64) % 7) as f64 * 0.006;
            let rate = (0.99 - 0.025 * k as f64 + wave).min(1.0);
            let mut minutes = rng.below(40) as i64;
            for _ in 0..5 + rng.below(5) {
                let duration = if rng.chance(0.06) {
                    5 + rng.below(14)
                } else {
                    40 + rng.below(700)
                } as u32;
                let mut c = call(
                    &mut rng,
                    &op.name,
                    at(day, minutes, *now.offset()),
                    duration,
                );
                c.transferred = rng.chance(0.1);
                if rng.chance(rate) {
                    link(&mut c, next_id);
                    next_id += 1;
                }
                calls_db::insert(conn, &c)?;
                minutes += i64::from(duration) / 60 + 5 + rng.below(50) as i64;
                if minutes > 9 * 60 {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// The seed's March 2018 for its operators (first team's department and supervisor): the counted
/// calls of the seed's table, plus one call of each exclusion kind per operator, which it leaves out.
pub(super) fn seed_month(conn: &Connection) -> rusqlite::Result<()> {
    let mut rng = Rng(0x0005_EED0_2018_0301);
    let (department, supervisor, _) = TEAMS[0];
    let offset = FixedOffset::east_opt(5 * 3600).expect("invariant: valid offset");
    let days: Vec<NaiveDate> = (1..=31)
        .filter_map(|d| NaiveDate::from_ymd_opt(2018, 3, d))
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect();
    let mut next_id = 15_550_000;
    for (name, total, linked) in SEED_TABLE {
        calls_db::upsert_operator(
            conn,
            &Operator {
                name: name.into(),
                department: department.into(),
                supervisor: supervisor.into(),
                extension: None,
            },
        )?;
        for i in 0..total {
            let day = days[i as usize % days.len()];
            let start = at(day, 20 * i64::from(i / days.len() as u32), offset);
            let duration = 40 + rng.below(800) as u32;
            let mut c = call(&mut rng, name, start, duration);
            // Calls the rules keep although they look borderline.
            match i {
                0 => {
                    c.transferred = true;
                    c.duration_s = Some(150);
                }
                1 => c.duration_s = Some(20),
                _ => {}
            }
            if i < linked {
                link(&mut c, next_id);
                next_id += 1;
            }
            calls_db::insert(conn, &c)?;
        }
        // One of each kind the rules leave out, late on the 15th.
        let late = at(days[10], 9 * 60, offset);
        let mut excluded = Vec::new();
        let mut out = call(&mut rng, name, late, 300);
        out.direction = Direction::Out;
        excluded.push(out);
        let mut missed = call(&mut rng, name, late + TimeDelta::minutes(6), 0);
        missed.answered = false;
        excluded.push(missed);
        excluded.push(call(&mut rng, name, late + TimeDelta::minutes(7), 19));
        let mut short_transfer = call(&mut rng, name, late + TimeDelta::minutes(8), 149);
        short_transfer.transferred = true;
        excluded.push(short_transfer);
        let mut internal = call(&mut rng, name, late + TimeDelta::minutes(12), 240);
        internal.caller = Some("6076".into());
        excluded.push(internal);
        for c in &excluded {
            calls_db::insert(conn, c)?;
        }
    }
    Ok(())
}

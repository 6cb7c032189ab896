//! Who and when in the demo data: operators, clients with valid INN/KPP and phones, and the
//! plan of two weeks of calls. No storage.

use chrono::{DateTime, Datelike, FixedOffset, TimeDelta, Timelike, Weekday};
use wic_core::dates::midnight;

use super::data::*;
use super::{Rng, SEED_BRANCH, SEED_INN_KPP, SEED_PHONE};
use crate::db::calls::Operator;

pub(super) struct Client {
    pub(super) inn_kpp: String,
    pub(super) branch: Option<String>,
    pub(super) national: String,
    pub(super) email: Option<String>,
    pub(super) contact: String,
}

impl Client {
    pub(super) fn pbx_number(&self) -> String {
        format!("8({}){}", &self.national[..3], &self.national[3..])
    }
    pub(super) fn written_phone(&self, rng: &mut Rng) -> String {
        let n = &self.national;
        match rng.below(3) {
            0 => format!("8{n}"),
            1 => format!("+7 {} {}-{}-{}", &n[..3], &n[3..6], &n[6..8], &n[8..]),
            _ => self.pbx_number(),
        }
    }
    pub(super) fn mobile(&self) -> bool {
        self.national.starts_with('9')
    }
}

pub(super) fn clients(rng: &mut Rng) -> Vec<Client> {
    let mut out = vec![Client {
        inn_kpp: SEED_INN_KPP.into(),
        branch: Some(SEED_BRANCH.into()),
        national: SEED_PHONE[1..].into(),
        email: Some("222222@e1.ru".into()),
        contact: "Ирина Анатольевна".into(),
    }];
    for k in 1..50 {
        let office = *rng.pick(&TAX_OFFICES);
        let (inn_kpp, branch) = if k < 36 {
            let inn = wic_core::inn::complete_legal_inn(&format!("{office}{}", rng.digits(5)))
                .expect("invariant: nine digits complete to an INN");
            let branch = (k % 5 == 1).then(|| format!("{inn}-{}01001", rng.pick(&TAX_OFFICES)));
            (format!("{inn}-{office}01001"), branch)
        } else {
            let inn = wic_core::inn::complete_individual_inn(&format!("{office}{}", rng.digits(6)))
                .expect("invariant: ten digits complete to an INN");
            (inn, None)
        };
        let national = if k % 3 == 0 {
            format!("9{}", rng.digits(9))
        } else {
            format!("{}{}", rng.pick(&AREA_CODES), rng.digits(7))
        };
        let email = (k % 4 != 3)
            .then(|| format!("{}{}@{}", rng.pick(&MAILBOXES), 100 + k, rng.pick(&DOMAINS)));
        out.push(Client {
            inn_kpp,
            branch,
            national,
            email,
            contact: rng.pick(&CONTACTS).to_string(),
        });
    }
    out
}

pub(super) struct Plan {
    pub(super) operator: String,
    pub(super) start: DateTime<FixedOffset>,
    pub(super) duration: u32,
    pub(super) transferred: bool,
    pub(super) client: Option<usize>,
    pub(super) caller: String,
}

pub(super) fn operators(default_operator: &str) -> Vec<Operator> {
    let mut out = Vec::new();
    let mut ext = 735;
    for (k, (dep, sup, names)) in TEAMS.iter().enumerate() {
        let mut names: Vec<&str> = names.to_vec();
        if k == 0 {
            names.insert(0, default_operator);
        }
        for n in names {
            ext += 6;
            out.push(Operator {
                name: n.into(),
                department: (*dep).into(),
                supervisor: (*sup).into(),
                extension: Some(format!("{ext:06}")),
            });
        }
    }
    out
}

/// Plans two weeks of calls (working days, 9:00–19:00), none in the last four hours.
pub(super) fn plan(
    rng: &mut Rng,
    ops: &[Operator],
    clients: &[Client],
    now: DateTime<FixedOffset>,
) -> Vec<Plan> {
    let mut out = Vec::new();
    for back in (0..=14).rev() {
        let day = now.date_naive() - TimeDelta::days(back);
        if day.weekday() == Weekday::Sun {
            continue;
        }
        for op in ops {
            let mut t = midnight(day, *now.offset())
                + TimeDelta::hours(9)
                + TimeDelta::minutes(rng.below(40) as i64);
            for _ in 0..5 + rng.below(5) {
                if t > now - TimeDelta::hours(4) || t.hour() >= 19 {
                    break;
                }
                let duration = if rng.chance(0.08) {
                    5 + rng.below(14)
                } else {
                    40 + rng.below(600) + rng.below(300)
                } as u32;
                let roll = rng.below(100);
                let (client, caller) = if roll < 4 {
                    (None, rng.digits(4))
                } else if roll < 8 {
                    (None, format!("8(9{}){}", rng.digits(2), rng.digits(7)))
                } else {
                    let ci = rng.below(clients.len() as u64) as usize;
                    (Some(ci), clients[ci].pbx_number())
                };
                out.push(Plan {
                    operator: op.name.clone(),
                    start: t,
                    duration,
                    transferred: rng.chance(0.12),
                    client,
                    caller,
                });
                t += TimeDelta::seconds(i64::from(duration))
                    + TimeDelta::minutes(5 + rng.below(45) as i64);
            }
        }
    }
    out.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.operator.cmp(&b.operator))
    });
    out
}

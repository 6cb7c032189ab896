//! Deterministic demo data (`--demo-data`): synthetic operators, clients with valid INN/KPP, two
//! weeks of calls and incidents before `now`, the seed's incident 19269153, and for the supervisor's
//! report the first team's month and the seed's March 2018 (`month`). Writes through `db`.
//! Must not know HTTP or HTML.

mod data;
mod month;
mod plan;
mod story;

use chrono::{DateTime, FixedOffset, TimeDelta};
use rusqlite::Connection;
use wic_core::model::{Call, Direction, Incident, Status};
use wic_core::registration::{exclusion, Rules};

use crate::api::calls::{uuid_from_bytes, DEFAULT_PBX};
use crate::api::sms::template;
use crate::db::calls as calls_db;
use crate::db::incidents::{self as inc_db, StoredIncident};
use crate::db::sms;
use data::*;
use plan::{clients, operators, plan, Client, Plan};

/// The seed's incident number.
pub const SEED_INCIDENT: u64 = 19_269_153;
/// The seed's client.
pub const SEED_INN_KPP: &str = "6678083608-667801001";
/// The seed client's branch (another KPP of the same INN).
pub const SEED_BRANCH: &str = "6678083608-665801001";
/// The seed incident's phone.
pub const SEED_PHONE: &str = "83433702677";

/// SplitMix64: small, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
    fn uuid(&mut self) -> String {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&self.next().to_le_bytes());
        b[8..].copy_from_slice(&self.next().to_le_bytes());
        uuid_from_bytes(b)
    }
}

/// A recent incident: (client, incident id, created, title, product, knowledge, open).
type Recent = (usize, u64, DateTime<FixedOffset>, String, String, u64, bool);

struct Ctx<'a> {
    conn: &'a Connection,
    rng: Rng,
    now: DateTime<FixedOffset>,
    next_id: u64,
    recent: Vec<Recent>,
}

impl Ctx<'_> {
    fn take_id(&mut self) -> u64 {
        if self.next_id == SEED_INCIDENT {
            self.next_id += 1;
        }
        self.next_id += 1;
        self.next_id - 1
    }

    fn status_for(&mut self, created: DateTime<FixedOffset>) -> Status {
        let age = self.now - created;
        let r = self.rng.below(100);
        if age > TimeDelta::days(3) {
            if r < 80 {
                Status::Closed
            } else {
                Status::Resolved
            }
        } else if age > TimeDelta::days(1) {
            [
                Status::Resolved,
                Status::Closed,
                Status::InProgress,
                Status::Open,
            ][(r / 25) as usize]
        } else if r < 50 {
            Status::Open
        } else if r < 90 {
            Status::InProgress
        } else {
            Status::Resolved
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn incident(
        &mut self,
        id: u64,
        created: DateTime<FixedOffset>,
        client: Option<&Client>,
        inn_kpp: Option<String>,
        title: String,
        product: &str,
        knowledge: u64,
        by: &str,
    ) -> rusqlite::Result<StoredIncident> {
        let status = self.status_for(created);
        let department = [
            "3946",
            "3946",
            "Отдел обучения",
            "Экстерн 2 линия",
            "СЦ",
            "ОКО",
            "Отдел сопровождения",
        ];
        let desc = self
            .rng
            .pick(&DESCRIPTIONS)
            .replace("{t}", &title.trim_start_matches("(+1) ").to_lowercase());
        let updated = if matches!(status, Status::Open) {
            created + TimeDelta::seconds(self.rng.below(600) as i64)
        } else {
            (created + TimeDelta::minutes(30 + self.rng.below(2880) as i64)).min(self.now)
        };
        let phone = client.map(|c| c.written_phone(&mut self.rng));
        let s = StoredIncident {
            incident: Incident {
                id: Some(id),
                created_at: Some(created),
                inn_kpp,
                title,
                description: Some(desc),
                kind: Some(product.into()),
                status: Some(status),
                knowledge: vec![knowledge],
                phone,
                email: client.and_then(|c| c.email.clone()),
                contact_name: client.map(|c| c.contact.clone()),
                department: Some(self.rng.pick(&department).to_string()),
                created_by: Some(by.into()),
            },
            updated_at: updated,
            responsible: None,
        };
        inc_db::save(self.conn, &s)?;
        Ok(s)
    }

    /// Creates (or picks) the incident a planned call is linked to.
    fn incident_for(&mut self, p: &Plan, clients: &[Client]) -> rusqlite::Result<u64> {
        let created = p.start
            + TimeDelta::seconds(20 + self.rng.below(u64::from(p.duration.max(21) - 20)) as i64);
        let Some(ci) = p.client else {
            let id = self.take_id();
            self.incident(
                id,
                created,
                None,
                None,
                NON_CLIENT.0.into(),
                "Контур.Экстерн",
                NON_CLIENT.1,
                &p.operator,
            )?;
            return Ok(id);
        };
        let c = &clients[ci];
        let week_ago = p.start - TimeDelta::days(7);
        let earlier: Vec<_> = self
            .recent
            .iter()
            .filter(|r| r.0 == ci && r.2 > week_ago)
            .cloned()
            .collect();
        if let Some(r) = earlier.last() {
            if r.6 && self.rng.chance(0.06) {
                return Ok(r.1);
            }
        }
        let (title, product, knowledge) = match earlier.last() {
            Some(r) if self.rng.chance(0.2) => (
                format!("(+1) {}", r.3.trim_start_matches("(+1) ")),
                r.4.clone(),
                r.5,
            ),
            _ => {
                let (product, topics) = *self.rng.pick(&TOPICS);
                let (t, k) = *self.rng.pick(topics);
                (t.to_string(), product.to_string(), k)
            }
        };
        let inn_kpp = match &c.branch {
            Some(b) if self.rng.chance(0.3) => b.clone(),
            _ => c.inn_kpp.clone(),
        };
        let id = self.take_id();
        let s = self.incident(
            id,
            created,
            Some(c),
            Some(inn_kpp),
            title.clone(),
            &product,
            knowledge,
            &p.operator,
        )?;
        let open = matches!(s.incident.status, Some(Status::Open | Status::InProgress));
        self.recent
            .push((ci, id, created, title, product, knowledge, open));
        let dep = s.incident.department.clone().unwrap_or_default();
        if c.mobile() && dep != "СЦ" && dep != "ОКО" && self.rng.chance(0.4) {
            let text = template("incident_number", id).unwrap_or_default();
            sms::insert(
                self.conn,
                sms::Sms {
                    id: 0,
                    incident_id: id,
                    phone: s.incident.phone.clone().unwrap_or_default(),
                    kind: "incident_number".into(),
                    text,
                    send_on_resolve: false,
                    status: sms::DELIVERED.into(),
                    changed_at: created + TimeDelta::minutes(2),
                    user: p.operator.clone(),
                },
            )?;
        }
        Ok(id)
    }
}

/// Seeds the demo data when the database has no incidents and no calls. Returns whether it did.
pub fn seed_if_empty(
    conn: &mut Connection,
    operator: &str,
    now: DateTime<FixedOffset>,
) -> rusqlite::Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM incidents) + (SELECT COUNT(*) FROM calls)",
        [],
        |r| r.get(0),
    )?;
    if n > 0 {
        return Ok(false);
    }
    let tx = conn.transaction()?;
    let mut rng = Rng(0x005E_ED00_1926_9153);
    let ops = operators(operator);
    for o in &ops {
        calls_db::upsert_operator(&tx, o)?;
    }
    let clients = clients(&mut rng);
    let plans = plan(&mut rng, &ops, &clients, now);
    let mut cx = Ctx {
        conn: &tx,
        rng,
        now,
        next_id: 19_269_000,
        recent: Vec::new(),
    };
    let rules = Rules::default();
    for p in &plans {
        let mut call = Call {
            id: cx.rng.uuid(),
            direction: Direction::In,
            answered: true,
            started_at: Some(p.start),
            duration_s: Some(p.duration),
            transferred: p.transferred,
            caller: Some(p.caller.clone()),
            operator: Some(p.operator.clone()),
            pbx: Some(DEFAULT_PBX.into()),
            linked_incident: None,
            linked_at: None,
            linked_by: None,
        };
        let counted = exclusion(&call, &rules).is_none();
        let internal = p.client.is_none() && p.caller.len() <= 5;
        let link = if internal {
            cx.rng.chance(0.3)
        } else if counted {
            cx.rng.chance(0.985)
        } else {
            cx.rng.chance(0.3)
        };
        if link {
            let id = cx.incident_for(p, &clients)?;
            call.linked_incident = Some(id);
            call.linked_at = Some(
                p.start + TimeDelta::seconds(i64::from(p.duration) + 10 + cx.rng.below(110) as i64),
            );
            call.linked_by = Some(p.operator.clone());
        }
        calls_db::insert(&tx, &call)?;
    }
    story::seed_story(&mut cx, &clients, operator)?;
    month::older_weeks(&tx, &ops, now)?;
    month::seed_month(&tx)?;
    tx.commit()?;
    Ok(true)
}

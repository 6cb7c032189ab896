//! The `duplicates` section: the client's recent incidents — from the profile's `history` source
//! (the page's own table, an HTML report, JSON) or its `endpoints.history*` JSON — ranked by
//! wic-core, with «Открыть» and «Продолжить в нём» (the draft is carried over), and the operator's
//! verdicts on them (`verdict.rs`: «Не дубль» / «Дубль»). Must not know selectors (profile),
//! ranking rules (wic-core) or the other sections.

mod render;
mod verdict;

use super::{button, note, Feature, Spec};
use crate::app::Ctx;
use crate::i18n::{t, tr};
use crate::{ext, net, timer};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wic_core::duplicates;
use wic_core::model::Incident;
use wic_core::source::{self, Context, Kind, RawRow, UrlVars, Via};

pub const SPEC: Spec = Spec {
    section: "duplicates",
    title: Some("dupTitle"),
    messages: &[],
    make: super::new::<Duplicates>,
};

/// At most this many incidents of one answer are ranked (the newest).
const MAX_HISTORY: usize = 20_000;

/// What a history read gave: the incidents, how many rows were left out, what did not parse.
struct History {
    incidents: Vec<Incident>,
    skipped: usize,
    problems: Vec<source::Problem>,
}

#[derive(Default)]
pub struct Duplicates {
    /// Bumped at every client change, so that a late history answer for an older client is dropped.
    generation: Cell<u64>,
    /// The page's history rows as last read (a `page` source is ranked again only when they change).
    page_rows: RefCell<Option<Vec<RawRow>>>,
}

impl Feature for Duplicates {
    fn load(self: Rc<Self>, ctx: &Rc<Ctx>) {
        self.run(ctx);
    }

    fn client_changed(self: Rc<Self>, ctx: &Rc<Ctx>) {
        self.generation.set(self.generation.get() + 1);
        self.page_rows.replace(None);
        self.run(ctx);
    }

    /// A `page` source is read again when its rows change (WIC fills the table after the card).
    fn page_changed(self: Rc<Self>, ctx: &Rc<Ctx>) {
        let Some(spec) = ctx.profile.source(Kind::History) else {
            return;
        };
        if spec.from == Via::Page
            && self.page_rows.borrow().as_ref() != Some(&crate::page::rows(ctx.doc(), spec))
        {
            self.run(ctx);
        }
    }
}

impl Duplicates {
    /// Reads the client's history and shows the ranked candidates.
    fn run(self: Rc<Self>, ctx: &Rc<Ctx>) {
        if ctx.profile.source(Kind::History).is_some() {
            return self.run_source(ctx);
        }
        let section = super::open(ctx, &SPEC);
        let Some(url) = history_url(ctx) else {
            render::clear_marks(ctx);
            let key = if ctx.profile.endpoints.history.is_none() {
                "dupOff"
            } else {
                "dupNeedClient"
            };
            note(ctx, &section, &t(key));
            return;
        };
        note(ctx, &section, &t("dupLoading"));
        let generation = self.generation.get();
        let ctx2 = ctx.clone();
        let verdicts = verdict::start();
        ctx.spawn(async move {
            let result = net::get_json::<Vec<serde_json::Value>>(&url, &ctx2.signal()).await;
            if !ctx2.alive() || self.generation.get() != generation {
                return; // a late answer for an incident or client no longer shown
            }
            let history = result.and_then(|values| {
                let total = values.len();
                let incidents: Vec<Incident> = values
                    .into_iter()
                    .filter_map(|v| serde_json::from_value(v).ok())
                    .collect();
                if total > 0 && incidents.is_empty() {
                    return Err(net::FetchError::WrongShape);
                }
                let skipped = total - incidents.len();
                Ok(History {
                    incidents,
                    skipped,
                    problems: Vec::new(),
                })
            });
            self.show(&ctx2, history, verdicts);
        });
    }

    /// The profile's `history` source: rows of the page (no request), or of a fetched report.
    fn run_source(self: Rc<Self>, ctx: &Rc<Ctx>) {
        let Some(spec) = ctx.profile.source(Kind::History).cloned() else {
            return;
        };
        let section = super::open(ctx, &SPEC);
        if spec.from == Via::Page {
            let rows = crate::page::rows(ctx.doc(), &spec);
            let history = build(ctx, &spec, &rows);
            self.page_rows.replace(Some(rows));
            return self.show(ctx, Ok(history), verdict::start());
        }
        note(ctx, &section, &t("dupLoading"));
        let generation = self.generation.get();
        let ctx2 = ctx.clone();
        let verdicts = verdict::start();
        ctx.spawn(async move {
            let snap = ctx2.snapshot.borrow().incident.clone();
            let parsed = snap.inn_kpp.as_deref().map(wic_core::inn::parse_inn_kpp);
            let (inn, inn_kpp) = match parsed {
                Some(Ok(i)) => (i.inn.clone(), i.joined()),
                _ => Default::default(),
            };
            let number = snap.id.map(|n| n.to_string()).unwrap_or_default();
            let text = [
                ("id", number.as_str()),
                ("inn", &inn),
                ("inn_kpp", &inn_kpp),
                ("phone", snap.phone.as_deref().unwrap_or("")),
                ("email", snap.email.as_deref().unwrap_or("")),
            ];
            let now = timer::now_local();
            let days = i64::from(ctx2.profile.duplicates.window_days);
            let times = [("since", now - chrono::TimeDelta::days(days)), ("now", now)];
            let vars = UrlVars {
                text: &text,
                times: &times,
            };
            let signal = ctx2.signal();
            let rows = crate::sources::raw_rows(ctx2.doc(), "history", &spec, &vars, &signal).await;
            if !ctx2.alive() || self.generation.get() != generation {
                return;
            }
            let history = rows.map(|rows| build(&ctx2, &spec, &rows));
            self.show(&ctx2, history, verdicts);
        });
    }

    /// Shows what the history gave; `verdicts` is the read of the operator's verdicts, started
    /// with the request so that it is done by the time the answer is ranked.
    fn show(
        self: Rc<Self>,
        ctx: &Rc<Ctx>,
        result: Result<History, net::FetchError>,
        verdicts: ext::Read,
    ) {
        let section = super::open(ctx, &SPEC);
        let retry = |ctx: &Rc<Ctx>| {
            let (me, ctx2) = (self.clone(), ctx.clone());
            button(ctx, &section, "retry-history", &t("retry"), move || {
                me.clone().run(&ctx2)
            });
        };
        let found = match result {
            Ok(h) => h,
            Err(net::FetchError::Aborted) => return,
            Err(e) => {
                let code = format!("history-unavailable-{}", e.code());
                ctx.panel
                    .error(&section, &code, &tr("dupUnavailable", &[&e.message()]));
                return retry(ctx);
            }
        };
        crate::sources::report_problems(ctx, &section, &found.problems);
        let mut history = found.incidents;
        if found.skipped > 0 && ctx.profile.source(Kind::History).is_none() {
            let skipped = found.skipped.to_string();
            note(ctx, &section, &tr("dupSkipped", &[&skipped]));
        }
        if history.len() > MAX_HISTORY {
            // A degraded state (DESIGN §4): ranked on the newest part, said as an error with «Повторить».
            history.sort_by_key(|h| std::cmp::Reverse(h.created_at));
            history.truncate(MAX_HISTORY);
            let limit = MAX_HISTORY.to_string();
            ctx.panel.error(
                &section,
                "history-truncated",
                &tr("dupTruncated", &[&limit]),
            );
            retry(ctx);
        }
        let incident = ctx.snapshot.borrow().incident.clone();
        let candidates =
            duplicates::rank(timer::now(), &incident, &history, &ctx.profile.duplicates);
        // The operator's verdicts are read before anything is shown, so a dismissed candidate
        // never flashes (and never marks its row); storage that fails shows them all.
        let (generation, ctx2) = (self.generation.get(), ctx.clone());
        ctx.spawn(async move {
            let verdicts = verdict::load(&ctx2, verdicts).await;
            if ctx2.alive() && self.generation.get() == generation {
                verdict::list(&ctx2, &section, &incident, candidates, &history, &verdicts);
            }
        });
    }
}

/// Source rows as incidents, each inheriting what the profile says from the incident shown.
fn build(ctx: &Ctx, spec: &source::SourceSpec, rows: &[RawRow]) -> History {
    let incident = ctx.snapshot.borrow().incident.clone();
    let cx = Context {
        incident: Some(&incident),
        zone: crate::page::zone(&ctx.profile),
    };
    let built = source::history(spec, rows, cx);
    // The incident shown is not its own duplicate (a page table may list it).
    let incidents = built
        .rows
        .into_iter()
        .filter(|h| h.id.is_none() || h.id != incident.id)
        .collect();
    History {
        incidents,
        skipped: built.skipped,
        problems: built.problems,
    }
}

/// The history URL for the client: by INN when it is valid, else by phone, else by e-mail.
fn history_url(ctx: &Ctx) -> Option<String> {
    let p = &ctx.profile;
    let snap = ctx.snapshot.borrow();
    let inc = &snap.incident;
    let since_t = timer::now() - chrono::TimeDelta::days(i64::from(p.duplicates.window_days));
    let since = wic_core::dates::rfc3339(&since_t)?;
    if let (Some(tpl), Some(Ok(id))) = (
        &p.endpoints.history,
        inc.inn_kpp.as_deref().map(wic_core::inn::parse_inn_kpp),
    ) {
        let vars = [
            ("inn", id.inn.as_str()),
            ("inn_kpp", &id.joined()),
            ("since", &since),
        ];
        return Some(p.endpoint(tpl, &vars));
    }
    if let (Some(tpl), Some(phone)) = (&p.endpoints.history_by_phone, &inc.phone) {
        return Some(p.endpoint(tpl, &[("phone", phone), ("since", &since)]));
    }
    if let (Some(tpl), Some(email)) = (&p.endpoints.history_by_email, &inc.email) {
        return Some(p.endpoint(tpl, &[("email", email), ("since", &since)]));
    }
    None
}

//! The `duplicates` section: the client's recent incidents fetched and ranked by wic-core, with
//! «Открыть» and «Продолжить в нём» (the draft is carried over), and the operator's verdicts on them
//! (`verdict.rs`: «Не дубль» / «Дубль»). Must not know selectors (profile),
//! ranking rules (wic-core) or the other sections.

mod render;
mod verdict;

use super::{button, note, Feature, Spec};
use crate::app::Ctx;
use crate::i18n::{t, tr};
use crate::{net, timer};
use std::cell::Cell;
use std::rc::Rc;
use wic_core::duplicates;
use wic_core::model::Incident;

pub const SPEC: Spec = Spec {
    section: "duplicates",
    title: Some("dupTitle"),
    messages: &[],
    make: super::new::<Duplicates>,
};

/// At most this many incidents of one answer are ranked (the newest).
const MAX_HISTORY: usize = 20_000;

/// Bumped at every client change, so that a late history answer for an older client is dropped.
#[derive(Default)]
pub struct Duplicates {
    generation: Cell<u64>,
}

impl Feature for Duplicates {
    fn load(self: Rc<Self>, ctx: &Rc<Ctx>) {
        self.run(ctx);
    }

    fn client_changed(self: Rc<Self>, ctx: &Rc<Ctx>) {
        self.generation.set(self.generation.get() + 1);
        self.run(ctx);
    }
}

impl Duplicates {
    /// Fetches the client's history and shows the ranked candidates.
    fn run(self: Rc<Self>, ctx: &Rc<Ctx>) {
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
        ctx.spawn(async move {
            let result = net::get_json::<Vec<serde_json::Value>>(&url, &ctx2.signal()).await;
            if !ctx2.alive() || self.generation.get() != generation {
                return; // a late answer for an incident or client no longer shown
            }
            self.show(&ctx2, result);
        });
    }

    fn show(
        self: Rc<Self>,
        ctx: &Rc<Ctx>,
        result: Result<Vec<serde_json::Value>, net::FetchError>,
    ) {
        let section = super::open(ctx, &SPEC);
        let retry = |ctx: &Rc<Ctx>| {
            let (me, ctx2) = (self.clone(), ctx.clone());
            button(ctx, &section, "retry-history", &t("retry"), move || {
                me.clone().run(&ctx2)
            });
        };
        let unavailable = |e: &net::FetchError| {
            let code = format!("history-unavailable-{}", e.code());
            ctx.panel
                .error(&section, &code, &tr("dupUnavailable", &[&e.message()]));
        };
        let values = match result {
            Ok(v) => v,
            Err(net::FetchError::Aborted) => return,
            Err(e) => {
                unavailable(&e);
                return retry(ctx);
            }
        };
        let total = values.len();
        let mut history: Vec<Incident> = values
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect();
        if total > 0 && history.is_empty() {
            unavailable(&net::FetchError::WrongShape);
            return retry(ctx);
        }
        if history.len() < total {
            let skipped = (total - history.len()).to_string();
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
            let verdicts = verdict::load(&ctx2).await;
            if ctx2.alive() && self.generation.get() == generation {
                verdict::list(&ctx2, &section, &incident, candidates, &history, &verdicts);
            }
        });
    }
}

/// The history URL for the client: by INN when it is valid, else by phone, else by e-mail.
fn history_url(ctx: &Ctx) -> Option<String> {
    let p = &ctx.profile;
    let snap = ctx.snapshot.borrow();
    let inc = &snap.incident;
    let since_t = timer::now() - time::Duration::days(i64::from(p.duplicates.window_days));
    let since = since_t
        .format(&time::format_description::well_known::Rfc3339)
        .ok()?;
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

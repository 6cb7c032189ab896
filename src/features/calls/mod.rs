//! The `calls` section: the operator's unlinked incoming calls of the shift (wic-core's KPI rules),
//! the one that fits this incident marked, and one-click linking through the site's own form (also
//! from the keyboard command and the popup). Must not know selectors, endpoints or KPI rules.

mod link;

use super::{button, note, Feature, Spec};
use crate::app::Ctx;
use crate::dom::{attr, el, el_text, query};
use crate::i18n::{t, tr};
use crate::message::{self, Message};
use crate::{net, timer};
use link::LinkError;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wic_core::model::Call;
use wic_core::registration::{belongs_to, best_call_for, unlinked};
use wic_core::source::{self, Context, Kind, Problem, UrlVars};

pub const SPEC: Spec = Spec {
    section: "calls",
    title: Some("callsTitle"),
    messages: &[
        message::Kind::CommandLinkSuggested,
        message::Kind::CommandLinkCall,
    ],
    make: super::new::<Calls>,
};

/// How long before the incident's creation a call may have ended to be suggested by time.
const SUGGEST_WINDOW_S: i64 = 10 * 60;
/// More calls than any shift has: the answer is refused as too large.
const MAX_CALLS: usize = 20_000;

/// The operator's calls as last fetched, and the ids being linked or linked in this view.
#[derive(Default)]
pub struct Calls {
    calls: RefCell<Option<Vec<Call>>>,
    /// What the calls source could not read.
    problems: RefCell<Vec<Problem>>,
    /// Never submitted twice.
    linking: RefCell<Vec<String>>,
}

impl Feature for Calls {
    fn load(self: Rc<Self>, ctx: &Rc<Ctx>) {
        self.fetch(ctx);
    }

    /// The suggestion depends on the client's phone: shown again, not fetched again.
    fn client_changed(self: Rc<Self>, ctx: &Rc<Ctx>) {
        self.render(ctx);
    }

    fn message(self: Rc<Self>, ctx: &Rc<Ctx>, msg: &Message) -> bool {
        let id = match msg.kind {
            message::Kind::CommandLinkSuggested => self.suggested(ctx),
            _ => msg.call_id.clone(),
        };
        id.is_some_and(|id| self.start_link(ctx, &id))
    }
}

impl Calls {
    /// Fetches the operator's calls of the shift and shows the unlinked ones.
    fn fetch(self: Rc<Self>, ctx: &Rc<Ctx>) {
        let section = super::open(ctx, &SPEC);
        let source = ctx.profile.source(Kind::Calls).cloned();
        let legacy = ctx.profile.endpoints.calls.clone();
        if source.is_none() && legacy.is_none() {
            note(ctx, &section, &t("callsOff"));
            return;
        }
        let Some(operator) = ctx.operator() else {
            ctx.panel
                .error(&section, "no-operator", &t("callsNoOperator"));
            return;
        };
        let now = timer::now_local();
        let since = now - chrono::TimeDelta::hours(i64::from(ctx.settings.shift_hours));
        note(ctx, &section, &t("callsLoading"));
        let ctx2 = ctx.clone();
        ctx.spawn(async move {
            let signal = ctx2.signal();
            let result = match (&source, &legacy) {
                (Some(spec), _) => {
                    let text = [("operator", operator.as_str())];
                    let times = [("since", since), ("now", now)];
                    let vars = UrlVars {
                        text: &text,
                        times: &times,
                    };
                    crate::sources::raw_rows(ctx2.doc(), "calls", spec, &vars, &signal)
                        .await
                        .map(|rows| {
                            let cx = Context {
                                incident: None,
                                zone: crate::page::zone(&ctx2.profile),
                            };
                            let built = source::calls(spec, &rows, cx);
                            // A report may hold a whole team: the operator's own calls only.
                            let mine = built.rows.into_iter().filter(|c| belongs_to(c, &operator));
                            (mine.collect(), built.problems)
                        })
                }
                (None, Some(tpl)) => {
                    let since = wic_core::dates::rfc3339(&since).unwrap_or_default();
                    let vars = [("operator", operator.as_str()), ("since", &since)];
                    let url = ctx2.profile.endpoint(tpl, &vars);
                    net::get_json::<Vec<serde_json::Value>>(&url, &signal)
                        .await
                        .and_then(parse)
                        .map(|calls| (calls, Vec::new()))
                }
                (None, None) => return,
            };
            if !ctx2.alive() {
                return;
            }
            match result {
                Ok((calls, problems)) => {
                    *self.calls.borrow_mut() = Some(calls);
                    *self.problems.borrow_mut() = problems;
                    self.render(&ctx2);
                }
                Err(net::FetchError::Aborted) => {}
                Err(e) => self.show_error(&ctx2, &e),
            }
        });
    }

    fn show_error(self: Rc<Self>, ctx: &Rc<Ctx>, e: &net::FetchError) {
        let section = super::open(ctx, &SPEC);
        let code = format!("calls-unavailable-{}", e.code());
        ctx.panel
            .error(&section, &code, &tr("callsUnavailable", &[&e.message()]));
        let ctx2 = ctx.clone();
        button(ctx, &section, "retry-calls", &t("retry"), move || {
            self.clone().fetch(&ctx2)
        });
    }

    /// The call wic-core suggests for this incident, among the fetched ones.
    fn suggested(&self, ctx: &Ctx) -> Option<String> {
        let calls = self.calls.borrow();
        let mut incident = ctx.snapshot.borrow().incident.clone();
        // A new incident is being created now.
        incident.created_at.get_or_insert_with(timer::now);
        best_call_for(
            &incident,
            calls.as_deref()?,
            &ctx.profile.registration,
            SUGGEST_WINDOW_S,
        )
        .map(|c| c.id.clone())
    }

    /// Shows the fetched calls (again, e.g. after the client's phone changed).
    fn render(self: Rc<Self>, ctx: &Rc<Ctx>) {
        let calls = self.calls.borrow();
        let Some(calls) = calls.as_ref() else { return };
        let section = super::open(ctx, &SPEC);
        crate::sources::report_problems(ctx, &section, &self.problems.borrow());
        let rows = unlinked(calls.iter(), &ctx.profile.registration);
        if rows.is_empty() {
            attr(&note(ctx, &section, &t("callsNone")), "data-wa-empty", "");
            return;
        }
        // What the rows rest on: rules a call's missing values kept from being checked.
        let unchecked: wic_core::registration::Unchecked =
            rows.iter().flat_map(|r| r.unchecked.iter()).collect();
        if !unchecked.is_empty() {
            let names: Vec<String> = unchecked.iter().map(|r| t(rule_key(r))).collect();
            let p = note(ctx, &section, &tr("popupUnchecked", &[&names.join(", ")]));
            attr(&p, "data-wa-unchecked", "");
        }
        let (count, hours) = (rows.len().to_string(), ctx.settings.shift_hours.to_string());
        note(ctx, &section, &tr("callsCount", &[&count, &hours]));
        let best = self.suggested(ctx);
        let incident_id = ctx.snapshot.borrow().incident.id;
        let can_link = ctx.profile.call_link_form.is_some() && incident_id.is_some();
        let doc = ctx.doc();
        for row in &rows {
            let item = el(doc, "div");
            attr(&item, "class", "item");
            attr(&item, "data-wa-call", &row.call_id);
            let line = describe(row);
            let _ = item.append_child(&el_text(doc, "span", &line));
            if best.as_deref() == Some(row.call_id.as_str()) {
                attr(&item, "data-wa-suggested", "");
                let _ = item.append_child(&el_text(doc, "div", &t("callsSuggested")));
            }
            if can_link {
                let (me, ctx2, id) = (self.clone(), ctx.clone(), row.call_id.clone());
                button(ctx, &item, "link", &t("callsLink"), move || {
                    me.clone().start_link(&ctx2, &id);
                });
            }
            let _ = section.append_child(&item);
        }
        if ctx.profile.call_link_form.is_none() {
            note(ctx, &section, &t("callsLinkOff"));
        } else if incident_id.is_none() {
            note(ctx, &section, &t("callsSaveFirst"));
        }
    }

    /// Starts linking `call_id` to the incident shown; whether a link was started.
    fn start_link(self: Rc<Self>, ctx: &Rc<Ctx>, call_id: &str) -> bool {
        if ctx.profile.call_link_form.is_none()
            || ctx.snapshot.borrow().incident.id.is_none()
            || self.linking.borrow().iter().any(|c| c == call_id)
        {
            return false; // never submitted twice
        }
        self.linking.borrow_mut().push(call_id.to_string());
        let (ctx2, id) = (ctx.clone(), call_id.to_string());
        ctx.spawn(async move {
            let item = query(
                &ctx2.panel.existing(SPEC.section),
                &format!("[data-wa-call=\"{id}\"]"),
            );
            let btn = item
                .as_ref()
                .and_then(|i| query(i, "[data-wa-action=link]"));
            if let Some(b) = &btn {
                attr(b, "disabled", "");
                b.set_text_content(Some(&t("callsLinking")));
            }
            let outcome = link::link(&ctx2, &id).await;
            if !ctx2.alive() {
                return; // the operator moved on: the result belongs to an incident no longer shown
            }
            if outcome.is_ok() {
                crate::ext::notify(message::Kind::CallLinked); // the badge counts one fewer now
                if let Some(c) = self
                    .calls
                    .borrow_mut()
                    .iter_mut()
                    .flatten()
                    .find(|c| c.id == id)
                {
                    c.linked_incident = ctx2.snapshot.borrow().incident.id;
                }
                if let Some(i) = &item {
                    attr(i, "data-wa-linked", "");
                    if let Some(b) = &btn {
                        b.remove();
                    }
                    let _ = i.append_child(&el_text(ctx2.doc(), "div", &t("callsLinked")));
                }
                return;
            }
            self.linking.borrow_mut().retain(|c| c != &id);
            if let Some(b) = &btn {
                let _ = b.remove_attribute("disabled");
                b.set_text_content(Some(&t(if outcome == Err(LinkError::Moved) {
                    "callsLink"
                } else {
                    "retry"
                })));
            }
            if let (Some(i), Err(LinkError::Failed(message))) = (&item, outcome) {
                if let Some(old) = query(i, "[data-wa-error]") {
                    old.remove();
                }
                ctx2.panel
                    .error(i, "link-failed", &tr("callsLinkFailed", &[&message]));
            }
        });
        true
    }
}

/// A call as one line: what is known of its time, caller, duration and transfer; a call known by
/// its id alone (a report without times or numbers) shows the id's beginning.
fn describe(row: &wic_core::registration::UnlinkedRow) -> String {
    let time = row.started_at.and_then(|t| {
        let ms = JsValue::from_f64(t.timestamp() as f64 * 1000.0);
        js_sys::Date::new(&ms)
            .to_locale_time_string("ru-RU")
            .as_string()
    });
    let mut parts: Vec<String> = time.into_iter().chain(row.caller.clone()).collect();
    if parts.is_empty() {
        let short: String = row.call_id.chars().take(8).collect();
        parts.push(tr("callsId", &[&short]));
    }
    parts.extend(row.duration_s.map(|d| format!("{}:{:02}", d / 60, d % 60)));
    if row.transferred {
        parts.push(t("callsTransferred"));
    }
    parts.join(" · ")
}

/// The `_locales` key naming an exclusion rule (the popup names them the same way).
fn rule_key(rule: wic_core::registration::Exclusion) -> &'static str {
    use wic_core::registration::Exclusion as E;
    match rule {
        E::NotIncoming => "ruleNotIncoming",
        E::NotAnswered => "ruleNotAnswered",
        E::TooShort => "ruleTooShort",
        E::ShortTransfer => "ruleShortTransfer",
        E::InternalUnlinked => "ruleInternalUnlinked",
    }
}

/// The answer as calls; an answer none of whose items is a call is the wrong shape.
fn parse(values: Vec<serde_json::Value>) -> Result<Vec<Call>, net::FetchError> {
    let total = values.len();
    if total > MAX_CALLS {
        return Err(net::FetchError::TooLarge);
    }
    let calls: Vec<Call> = values
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect();
    if total > 0 && calls.is_empty() {
        return Err(net::FetchError::WrongShape);
    }
    Ok(calls)
}

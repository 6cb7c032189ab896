//! Lifecycle of the assistant in one tab: which incident is shown, when to tell the features (the
//! `features::FEATURES` registry) that it was loaded, that the client changed or that a message came,
//! and tearing everything of an old incident down when the operator moves on (DESIGN §1 invariants).
//! Must not know what any feature does.

use crate::dom;
use crate::features::{self, Running};
use crate::message::Message;
use crate::page::{self, Snapshot};
use crate::panel::{self, Panel};
use crate::profile::Profile;
use crate::settings::InForce;
use crate::timer::Debounce;
use gloo_events::{EventListener, EventListenerOptions};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    AbortController, AbortSignal, Document, Event, MutationObserver, MutationObserverInit,
};

/// Everything about the incident currently shown. Dropped (and its requests aborted) on navigation.
pub struct Ctx {
    /// The site profile.
    pub profile: Rc<Profile>,
    /// The operator's settings.
    pub settings: Rc<InForce>,
    /// The panel.
    pub panel: Panel,
    /// What the page shows, re-read when client fields change.
    pub snapshot: RefCell<Snapshot>,
    abort: AbortController,
    pending: Cell<u32>,
    /// Each feature's state for this incident.
    features: Running,
    /// Listeners of this view's panel buttons; removed when the view is torn down (they hold the
    /// `Rc<Ctx>`, so keeping them here instead of leaking them breaks the cycle on teardown).
    pub handlers: RefCell<Vec<EventListener>>,
}

impl Ctx {
    /// The document.
    pub fn doc(&self) -> &Document {
        self.panel.doc()
    }

    /// Aborted when the operator leaves this incident.
    pub fn signal(&self) -> AbortSignal {
        self.abort.signal()
    }

    /// Whether this incident is still the one shown.
    pub fn alive(&self) -> bool {
        !self.abort.signal().aborted()
    }

    /// The operator whose calls and KPI are shown.
    pub fn operator(&self) -> Option<String> {
        self.settings
            .operator
            .clone()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| self.snapshot.borrow().operator.clone())
    }

    /// Runs an async feature; the panel is `ready` once every one has finished.
    pub fn spawn(self: &Rc<Self>, fut: impl std::future::Future<Output = ()> + 'static) {
        self.pending.set(self.pending.get() + 1);
        panel::set_state(self.doc(), "loading");
        let ctx = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            fut.await;
            ctx.pending.set(ctx.pending.get() - 1);
            if ctx.pending.get() == 0 && ctx.alive() {
                panel::set_state(ctx.doc(), "ready");
            }
        });
    }
}

/// The DOM observer and its callback, kept for the page's life.
type Observer = (MutationObserver, Closure<dyn FnMut(JsValue)>);

struct App {
    profile: Rc<Profile>,
    settings: Rc<InForce>,
    collapsed: bool,
    doc: Document,
    ctx: Option<Rc<Ctx>>,
    identity: Option<String>,
    nav: Debounce,
    client: Debounce,
    _observer: Option<Observer>,
    /// Removed from the page when dropped.
    _listeners: Vec<EventListener>,
    _messages: Option<crate::ext::Handler>,
}

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

/// Starts the assistant on this tab; `collapsed` is how the operator left the panel.
pub fn start(doc: Document, profile: Profile, settings: InForce, collapsed: bool) {
    let app = App {
        profile: Rc::new(profile),
        settings: Rc::new(settings),
        collapsed,
        doc: doc.clone(),
        ctx: None,
        identity: None,
        nav: Debounce::new(120),
        client: Debounce::new(400),
        _observer: None,
        _listeners: Vec::new(),
        _messages: None,
    };
    APP.with(|a| *a.borrow_mut() = Some(app));
    watch(&doc);
    check_navigation();
}

fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
    APP.with(|a| a.try_borrow_mut().ok().and_then(|mut a| a.as_mut().map(f)))
}

/// Observes what can change the incident: DOM swaps (SPA navigation), history, client-field input.
fn watch(doc: &Document) {
    let on_mutation = Closure::<dyn FnMut(JsValue)>::new(|_| schedule_navigation_check());
    let observer = MutationObserver::new(on_mutation.as_ref().unchecked_ref()).ok();
    if let (Some(o), Some(body)) = (&observer, doc.body()) {
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        let _ = o.observe_with_options(&body, &init);
    }
    let mut listeners = Vec::new();
    if let Some(w) = web_sys::window() {
        listeners.push(EventListener::new(&w, "popstate", |_| {
            schedule_navigation_check()
        }));
    }
    // Capture phase: the site's own handlers may stop the event from bubbling.
    let capture = EventListenerOptions::run_in_capture_phase();
    for kind in ["input", "change"] {
        listeners.push(EventListener::new_with_options(
            doc, kind, capture, on_input,
        ));
    }
    let messages = crate::ext::on_message(on_message);
    with_app(|app| {
        app._observer = observer.map(|o| (o, on_mutation));
        app._listeners = listeners;
        app._messages = messages;
    });
}

fn schedule_navigation_check() {
    with_app(|app| {
        app.nav
            .schedule(|| wasm_bindgen_futures::spawn_local(async { check_navigation() }))
    });
}

/// Input in a client field (INN-KPP, phone, e-mail) re-runs what depends on the client.
fn on_input(event: &Event) {
    let Some(target) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let relevant = with_app(|app| {
        let f = &app.profile.fields;
        [&f.inn_kpp, &f.phone, &f.email, &f.department]
            .into_iter()
            .filter_map(crate::profile::css)
            .any(|sel| target.matches(sel).unwrap_or(false))
    })
    .unwrap_or(false);
    if relevant {
        with_app(|app| {
            app.client
                .schedule(|| wasm_bindgen_futures::spawn_local(async { client_changed() }))
        });
    }
}

/// A runtime message (keyboard command, popup) for the feature that declares its kind; answers
/// `{ok}` — whether it acted on it.
fn on_message(msg: Message) -> Option<JsValue> {
    let acted = match current() {
        Some(ctx) => ctx.features.message(&ctx, &msg)?,
        None if features::FEATURES
            .iter()
            .any(|f| f.messages.contains(&msg.kind)) =>
        {
            false
        }
        None => return None,
    };
    let answer = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&answer, &"ok".into(), &JsValue::from_bool(acted));
    Some(answer.into())
}

fn current() -> Option<Rc<Ctx>> {
    with_app(|app| app.ctx.clone()).flatten()
}

/// Which incident the page shows: the URL plus the incident's id (a new incident has none).
fn identity(doc: &Document, profile: &Profile) -> Option<String> {
    if !page::is_incident_page(doc, profile) {
        return None;
    }
    let href = doc
        .location()
        .and_then(|l| l.href().ok())
        .unwrap_or_default();
    let id = crate::profile::css(&profile.fields.incident_id)
        .and_then(|sel| dom::query(doc, sel))
        .map(|e| dom::read_value(&e))
        .unwrap_or_default();
    Some(format!("{href}#{id}"))
}

/// Re-reads which incident is shown; on a change, tears the old one down and starts the new one.
pub fn check_navigation() {
    let Some((doc, profile, settings, collapsed, changed, new_identity)) = with_app(|app| {
        let id = identity(&app.doc, &app.profile);
        let changed = id != app.identity;
        (
            app.doc.clone(),
            app.profile.clone(),
            app.settings.clone(),
            app.collapsed,
            changed,
            id,
        )
    }) else {
        return;
    };
    if !changed {
        if let Some(ctx) = current() {
            ctx.features.page_changed(&ctx);
            if ctx.pending.get() == 0 {
                panel::set_state(ctx.doc(), "ready");
            }
        }
        return;
    }
    let old = with_app(|app| {
        app.identity = new_identity.clone();
        app.client.cancel();
        app.ctx.take()
    })
    .flatten();
    if let Some(old) = old {
        old.abort.abort();
        old.handlers.borrow_mut().clear();
    }
    let Some(_) = new_identity else {
        if let Some(host) = doc.get_element_by_id("wic-assist") {
            host.remove();
        }
        if let Some(root) = doc.document_element() {
            let _ = root.remove_attribute("data-wa-state");
        }
        return;
    };
    panel::set_state(&doc, "loading");
    let panel = match Panel::mount(&doc, features::sections(), collapsed) {
        Ok(p) => p,
        Err(_) => return panel::set_state(&doc, "error"),
    };
    let Ok(abort) = AbortController::new() else {
        return panel::set_state(&doc, "error");
    };
    let ctx = Rc::new(Ctx {
        snapshot: RefCell::new(page::read(&doc, &profile)),
        profile,
        settings,
        panel,
        abort,
        pending: Cell::new(0),
        features: Running::new(),
        handlers: RefCell::new(Vec::new()),
    });
    with_app(|app| app.ctx = Some(ctx.clone()));
    ctx.features.load(&ctx);
    if ctx.pending.get() == 0 {
        panel::set_state(ctx.doc(), "ready");
    }
}

/// The operator typed or pasted a client field: re-read and re-run what depends on the client.
fn client_changed() {
    let Some(ctx) = current() else { return };
    *ctx.snapshot.borrow_mut() = page::read(ctx.doc(), &ctx.profile);
    ctx.features.client_changed(&ctx);
    if ctx.pending.get() == 0 {
        panel::set_state(ctx.doc(), "ready");
    }
}

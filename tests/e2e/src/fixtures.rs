//! The usual opening of an end-to-end test, as the operator meets it: a fresh sandbox holding the
//! incident under test, then Chromium with the extension showing that incident once the panel has
//! settled. Knows how the harness's parts go together, not what any test checks.

use crate::sandbox::Options;
use crate::{data, Browser, Sandbox};
use serde_json::Value;

/// A fresh sandbox (default options) holding one incident of the seed client, with `fields`
/// (see [`data::incident`]). Returns the sandbox and the incident's id.
pub fn sandbox_with(fields: Value) -> (Sandbox, u64) {
    let sandbox = Sandbox::start(Options::default());
    let id = data::incident(&sandbox, fields);
    (sandbox, id)
}

impl Browser {
    /// Starts Chromium with the built extension on incident `id`'s page; returns it with the
    /// state the panel settled in (`ready` or `error`). Panics when the panel never settles.
    pub fn showing(sandbox: &Sandbox, id: u64) -> (Browser, String) {
        let browser = Browser::start();
        let state = browser
            .open_incident(&sandbox.incident_url(id))
            .unwrap_or_else(|e| panic!("incident {id}: {e}"));
        (browser, state)
    }
}

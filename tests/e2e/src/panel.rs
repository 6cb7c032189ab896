//! Helpers that read and drive the extension's panel (`div#wic-assist`, open shadow root) through a
//! started [`Browser`], and the operator's one-click actions in it. Knows the panel's DOM contract
//! (`data-wa-*`, named in [`crate::sel`]), not how the browser was started nor the site's markup.

use crate::webdriver::Error;
use crate::{sel, Browser};
use serde_json::{json, Value};
use std::time::Duration;

impl Browser {
    /// `querySelector` inside the panel's shadow root; the element reference or null.
    pub fn panel_query(&self, selector: &str) -> Result<Value, Error> {
        self.session.execute(
            "const h = document.getElementById('wic-assist'); return h && h.shadowRoot ? h.shadowRoot.querySelector(arguments[0]) : null;",
            vec![json!(selector)],
        )
    }

    /// Whether `selector` matches in the panel now (no waiting); panics on a WebDriver error.
    pub fn panel_has(&self, selector: &str) -> bool {
        match self.panel_query(selector) {
            Ok(v) => !v.is_null(),
            Err(e) => panic!("panel query {selector}: {e}"),
        }
    }

    /// The text of the first element matching `selector` in the panel, or None.
    pub fn panel_text(&self, selector: &str) -> Result<Option<String>, Error> {
        let v = self.session.execute(
            "const h = document.getElementById('wic-assist'); const e = h && h.shadowRoot ? h.shadowRoot.querySelector(arguments[0]) : null; return e ? e.textContent : null;",
            vec![json!(selector)],
        )?;
        Ok(v.as_str().map(str::to_string))
    }

    /// The text of the panel's `selector` (no waiting), which must be there: panics with `what`
    /// and the panel's errors when it is not.
    pub fn shown_text(&self, selector: &str, what: &str) -> String {
        match self.panel_text(selector) {
            Ok(Some(text)) => text,
            Ok(None) => panic!(
                "{what}: nothing at {selector}; errors {:?}",
                self.panel_errors()
            ),
            Err(e) => panic!("{what}: {selector}: {e}"),
        }
    }

    /// Waits until `selector` matches inside the panel's shadow root; returns the element.
    pub fn wait_panel(&self, selector: &str) -> Result<Value, Error> {
        let script = format!(
            "const h = document.getElementById('wic-assist'); return h && h.shadowRoot ? h.shadowRoot.querySelector({}) : null;",
            serde_json::to_string(selector).expect("a string")
        );
        self.session
            .wait_for(selector, &script, Duration::from_secs(20))
    }

    /// Clicks the panel element matching `selector` (waiting for it first).
    pub fn click_panel(&self, selector: &str) -> Result<(), Error> {
        let el = self.wait_panel(selector)?;
        self.session.click(&el)
    }

    /// «Привязать» on call `call` (waiting for the button), then waits until the panel shows it
    /// linked (the panel marks it only once WIC's linked calls list it).
    pub fn link_call(&self, call: &str) -> Result<(), Error> {
        self.click_panel(&sel::link_button(call))?;
        self.wait_panel(&sel::linked(call)).map(|_| ())
    }

    /// «Продолжить в нём» on candidate `older` of a new incident: waits until that incident's page
    /// is open and the carried draft was applied to it.
    pub fn continue_in(&self, older: u64) -> Result<(), Error> {
        self.click_panel(&sel::candidate_action(older, "continue"))?;
        self.wait_path(older)?;
        self.wait_panel("[data-wa-draft-applied]").map(|_| ())
    }

    /// `code: message` of every `[data-wa-error]` in the panel.
    pub fn panel_errors(&self) -> Result<Vec<String>, Error> {
        let v = self.session.execute(
            "const h = document.getElementById('wic-assist'); if (!h || !h.shadowRoot) return []; \
             return [...h.shadowRoot.querySelectorAll('[data-wa-error]')].map(e => e.dataset.waError + ': ' + e.textContent);",
            vec![],
        )?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }
}

//! Helpers that read and drive the extension's panel (`div#wic-assist`, open shadow root) and its
//! options page through a started [`Browser`]. Knows the panel's DOM contract (`data-wa-*`), not how
//! the browser was started.

use crate::webdriver::Error;
use crate::Browser;
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

    /// The text of the first element matching `selector` in the panel, or None.
    pub fn panel_text(&self, selector: &str) -> Result<Option<String>, Error> {
        let v = self.session.execute(
            "const h = document.getElementById('wic-assist'); const e = h && h.shadowRoot ? h.shadowRoot.querySelector(arguments[0]) : null; return e ? e.textContent : null;",
            vec![json!(selector)],
        )?;
        Ok(v.as_str().map(str::to_string))
    }

    /// Saves `profile` (JSON text) through the options page, as an operator would.
    pub fn save_profile(&self, profile: &str) -> Result<(), Error> {
        let s = &self.session;
        s.goto(&format!(
            "chrome-extension://{}/options.html",
            crate::EXTENSION_ID
        ))?;
        s.wait_for(
            "options page ready",
            "return document.documentElement.dataset.waState === 'ready';",
            Duration::from_secs(10),
        )?;
        s.execute(
            "document.getElementById('profile-json').value = arguments[0];",
            vec![json!(profile)],
        )?;
        let save = s.execute("return document.getElementById('save-profile');", vec![])?;
        s.click(&save)?;
        s.wait_for(
            "profile saved",
            "return chrome.storage.local.get('profile').then(r => r.profile === document.getElementById('profile-json').value);",
            Duration::from_secs(5),
        )
        .map(|_| ())
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

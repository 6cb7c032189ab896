//! The extension's own pages (options, popup) in the current tab, Chromium or Firefox: open one and
//! wait until its script settled, and drive the options page's profile editor and site-access
//! section. Knows those pages' ids and `data-wa-*`, not the panel nor the ticket site.

use crate::webdriver::Error;
use crate::Browser;
use serde_json::{json, Value};
use std::time::Duration;

/// How long an extension page or one of its answers may take.
const WAIT: Duration = Duration::from_secs(15);

impl Browser {
    /// Opens the extension's `page` (`options.html`, `popup.html`) in the current tab and waits
    /// until its script settled; returns its `data-wa-state` (`ready` or `error`). Firefox loads
    /// it through the browser's chrome ([`Browser::firefox_open_addon_page`]).
    pub fn open_extension_page(&self, page: &str) -> Result<String, Error> {
        let protocol = if self.is_firefox() {
            self.firefox_open_addon_page(page)?;
            "moz-extension:"
        } else {
            self.session.goto(&format!(
                "chrome-extension://{}/{page}",
                crate::EXTENSION_ID
            ))?;
            "chrome-extension:"
        };
        let state = self.session.wait_for(
            page,
            &format!(
                "const st = location.protocol === '{protocol}' && document.documentElement.dataset.waState; \
                 return st === 'ready' || st === 'error' ? st : null;"
            ),
            WAIT,
        )?;
        Ok(state.as_str().unwrap_or_default().to_string())
    }

    /// Opens the supervisor's report page (`report.html` + `query`) and fails with the page's own
    /// error text unless it settles as `ready`.
    pub fn open_report(&self, query: &str) {
        let state = self
            .open_extension_page(&format!("report.html{query}"))
            .unwrap();
        let error = self
            .session
            .execute(
                "return document.getElementById('error').textContent;",
                vec![],
            )
            .unwrap_or_default();
        assert_eq!(state, "ready", "report.html{query}: {error}");
    }

    /// Puts `profile` (JSON text) into the options page's editor, unsaved.
    pub fn set_profile_editor(&self, profile: &str) -> Result<(), Error> {
        self.session
            .execute(
                "document.getElementById('profile-json').value = arguments[0];",
                vec![json!(profile)],
            )
            .map(|_| ())
    }

    /// Saves `profile` (JSON text) through the options page, as an operator would.
    pub fn save_profile(&self, profile: &str) -> Result<(), Error> {
        let state = self.open_extension_page("options.html")?;
        if state != "ready" {
            return Err(Error(format!("the options page settled as {state}")));
        }
        self.set_profile_editor(profile)?;
        let save = self
            .session
            .execute("return document.getElementById('save-profile');", vec![])?;
        self.session.click(&save)?;
        self.session
            .wait_for(
                "profile saved",
                "return chrome.storage.local.get('profile').then(r => r.profile === document.getElementById('profile-json').value);",
                Duration::from_secs(5),
            )
            .map(|_| ())
    }

    /// Waits until the options page's site-access section has `data-<key>` (`wa-missing`,
    /// `wa-request`, `wa-registered` …) set; returns its value.
    pub fn wait_hosts(&self, key: &str) -> Result<Value, Error> {
        self.session.wait_for(
            key,
            &format!(
                "return document.querySelector('[data-wa-section=hosts]').getAttribute('data-{key}') || null;"
            ),
            WAIT,
        )
    }
}

/// The built-in profile (`profiles/wic-sandbox.json`) under another `name`: the start of every
/// profile a test saves.
pub fn builtin_profile(name: &str) -> Value {
    let path = crate::root().join("profiles/wic-sandbox.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut profile: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    profile["name"] = json!(name);
    profile
}

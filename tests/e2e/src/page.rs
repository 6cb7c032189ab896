//! Helpers for the document in the current tab: run a script, click an element, and drive the
//! sandbox's incident page as an operator does (its card `#incident-card [name=…]`, its history
//! table, its address). Knows the sandbox's markup, not the panel's (`panel.rs`). The helpers that
//! return no `Result` panic with what they were doing: they are for tests.

use crate::webdriver::Error;
use crate::Browser;
use serde_json::{json, Value};
use std::time::Duration;

/// How long an in-page navigation or a full load of an incident may take.
const NAVIGATION: Duration = Duration::from_secs(10);

impl Browser {
    /// Runs `script` in the current document; panics with the script when WebDriver fails.
    pub fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.session
            .execute(script, args)
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Clicks the first element matching `selector` in the current document (not the panel);
    /// panics when there is none.
    pub fn click_element(&self, selector: &str) {
        let e = self.js(
            "return document.querySelector(arguments[0]);",
            vec![json!(selector)],
        );
        assert!(!e.is_null(), "no {selector}");
        self.session
            .click(&e)
            .unwrap_or_else(|err| panic!("click {selector}: {err}"));
    }

    /// The value of the page's element `selector` (a checkbox: whether it is ticked), or null.
    pub fn page_value(&self, selector: &str) -> Value {
        self.js(
            "const e = document.querySelector(arguments[0]); return e ? (e.type === 'checkbox' ? e.checked : e.value) : null;",
            vec![json!(selector)],
        )
    }

    /// Types `text` into the incident card's field `name` (`title`, `inn_kpp` …), key by key.
    pub fn type_into(&self, name: &str, text: &str) -> Result<(), Error> {
        let field = self.session.execute(
            "return document.querySelector('#incident-card [name=\"' + arguments[0] + '\"]');",
            vec![json!(name)],
        )?;
        self.session.send_keys(&field, text)
    }

    /// Waits until the address is incident `id`'s page (after a click that opens it).
    pub fn wait_path(&self, id: u64) -> Result<Value, Error> {
        self.session.wait_for(
            &format!("incident {id} opened"),
            &format!("return location.pathname === '/incidents/{id}';"),
            NAVIGATION,
        )
    }

    /// Waits for the link to incident `id` in the page's history table; returns it.
    pub fn history_link(&self, id: u64) -> Result<Value, Error> {
        self.session.wait_for(
            &format!("{id} in the history table"),
            &format!(
                "return document.querySelector('#history a.history-id[href=\"/incidents/{id}\"]');"
            ),
            NAVIGATION,
        )
    }

    /// Waits until the incident card shows incident `id` (after an in-page navigation).
    pub fn wait_card(&self, id: u64) -> Result<Value, Error> {
        self.session.wait_for(
            &format!("incident {id} shown"),
            &format!("return document.querySelector('#incident-card [name=id]').value === '{id}';"),
            NAVIGATION,
        )
    }

    /// Marks the current document, so that [`Browser::not_reloaded`] can tell a reload from an
    /// in-page navigation.
    pub fn mark_document(&self) -> Result<(), Error> {
        self.session
            .execute("window.__wicSameDocument = true;", vec![])
            .map(|_| ())
    }

    /// Whether the document marked by [`Browser::mark_document`] is still the one shown.
    pub fn not_reloaded(&self) -> Result<bool, Error> {
        let v = self
            .session
            .execute("return window.__wicSameDocument === true;", vec![])?;
        Ok(v == json!(true))
    }
}

impl Browser {
    /// Takes a screenshot (it must be a PNG); with `WIC_SCREENSHOTS` set, writes it to
    /// `docs/img/NAME` for the README.
    pub fn save_doc_screenshot(&self, name: &str) {
        let png = self
            .session
            .screenshot()
            .unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        if std::env::var_os("WIC_SCREENSHOTS").is_some() {
            let dir = crate::root().join("docs/img");
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            std::fs::write(dir.join(name), png).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

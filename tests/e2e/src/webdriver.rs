//! A minimal W3C WebDriver client (the few commands the tests use), blocking, over plain HTTP.

use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// An open WebDriver session.
pub struct Session {
    base: String,
    id: String,
    agent: ureq::Agent,
}

/// A WebDriver error with the driver's message.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The key W3C uses to mark an element reference in JSON.
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

fn call(agent: &ureq::Agent, method: &str, url: &str, body: Option<Value>) -> Result<Value, Error> {
    let req = agent.request(method, url);
    let res = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    let value: Value = match res {
        Ok(r) => r
            .into_json()
            .map_err(|e| Error(format!("{method} {url}: {e}")))?,
        Err(ureq::Error::Status(code, r)) => {
            let v: Value = r.into_json().unwrap_or(Value::Null);
            return Err(Error(format!(
                "{method} {url}: HTTP {code}: {}",
                v["value"]["message"]
            )));
        }
        Err(e) => return Err(Error(format!("{method} {url}: {e}"))),
    };
    Ok(value["value"].clone())
}

impl Session {
    /// Opens a session on the driver at `base` with `capabilities` (the `alwaysMatch` object).
    pub fn new(base: &str, capabilities: Value) -> Result<Session, Error> {
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(120))
            .build();
        let v = call(
            &agent,
            "POST",
            &format!("{base}/session"),
            Some(json!({"capabilities": {"alwaysMatch": capabilities}})),
        )?;
        let id = v["sessionId"]
            .as_str()
            .ok_or_else(|| Error(format!("no session id in {v}")))?
            .to_string();
        Ok(Session {
            base: base.to_string(),
            id,
            agent,
        })
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, Error> {
        call(
            &self.agent,
            method,
            &format!("{}/session/{}{}", self.base, self.id, path),
            body,
        )
    }

    /// Navigates to `url` and waits for the load.
    pub fn goto(&self, url: &str) -> Result<(), Error> {
        self.cmd("POST", "/url", Some(json!({ "url": url })))
            .map(|_| ())
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and returns its value.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, Error> {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Polls `script` until it returns something truthy or `timeout` passes; returns that value.
    pub fn wait_for(&self, what: &str, script: &str, timeout: Duration) -> Result<Value, Error> {
        let start = Instant::now();
        loop {
            let v = self.execute(script, vec![])?;
            let truthy = !matches!(&v, Value::Null | Value::Bool(false))
                && v.as_str() != Some("")
                && v.as_f64() != Some(0.0);
            if truthy {
                return Ok(v);
            }
            if start.elapsed() > timeout {
                return Err(Error(format!(
                    "timed out after {timeout:?} waiting for {what} (last value {v})"
                )));
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Clicks an element reference (as returned by `execute`) like a user would.
    pub fn click(&self, element: &Value) -> Result<(), Error> {
        let id = element[ELEMENT_KEY]
            .as_str()
            .ok_or_else(|| Error(format!("not an element: {element}")))?;
        self.cmd("POST", &format!("/element/{id}/click"), Some(json!({})))
            .map(|_| ())
    }

    /// Types `text` into an element reference.
    pub fn send_keys(&self, element: &Value, text: &str) -> Result<(), Error> {
        let id = element[ELEMENT_KEY]
            .as_str()
            .ok_or_else(|| Error(format!("not an element: {element}")))?;
        self.cmd(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        )
        .map(|_| ())
    }

    /// The current window's handle.
    pub fn window(&self) -> Result<String, Error> {
        let v = self.cmd("GET", "/window", None)?;
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| Error(format!("no window handle in {v}")))
    }

    /// Opens a new tab and switches to it; returns its handle.
    pub fn new_tab(&self) -> Result<String, Error> {
        let v = self.cmd("POST", "/window/new", Some(json!({ "type": "tab" })))?;
        let handle = v["handle"]
            .as_str()
            .ok_or_else(|| Error(format!("no handle in {v}")))?
            .to_string();
        self.switch_to(&handle)?;
        Ok(handle)
    }

    /// Switches to the window (tab) `handle`.
    pub fn switch_to(&self, handle: &str) -> Result<(), Error> {
        self.cmd("POST", "/window", Some(json!({ "handle": handle })))
            .map(|_| ())
    }

    /// Firefox: switches script execution between the page (`content`) and the browser (`chrome`).
    pub fn set_context(&self, context: &str) -> Result<(), Error> {
        self.cmd("POST", "/moz/context", Some(json!({ "context": context })))
            .map(|_| ())
    }

    /// Installs a Firefox add-on (geckodriver's extension command) for this session only.
    pub fn install_addon(&self, path: &str) -> Result<(), Error> {
        self.cmd(
            "POST",
            "/moz/addon/install",
            Some(json!({ "path": path, "temporary": true })),
        )
        .map(|_| ())
    }

    /// A PNG screenshot of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>, Error> {
        let v = self.cmd("GET", "/screenshot", None)?;
        let b64 = v
            .as_str()
            .ok_or_else(|| Error("screenshot: no data".into()))?;
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| Error(format!("screenshot: {e}")))
    }

    /// The browser's console log since the last call (chromedriver's legacy `se/log`, type
    /// `browser`; needs `goog:loggingPrefs`). Each entry has `level`, `message`, `source`, `timestamp`.
    pub fn browser_log(&self) -> Result<Vec<Value>, Error> {
        let v = self.cmd("POST", "/se/log", Some(json!({ "type": "browser" })))?;
        Ok(v.as_array().cloned().unwrap_or_default())
    }

    /// Runs a Chrome DevTools Protocol command on the current page (chromedriver only).
    pub fn cdp(&self, command: &str, params: Value) -> Result<Value, Error> {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": command, "params": params })),
        )
    }

    /// The text of an open `alert`/`confirm`/`prompt`, if one is open.
    pub fn alert_text(&self) -> Option<String> {
        self.cmd("GET", "/alert/text", None)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
    }

    /// Ends the session (also done on drop).
    pub fn quit(&mut self) {
        if !self.id.is_empty() {
            let _ = self.cmd("DELETE", "", None);
            self.id.clear();
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.quit();
    }
}

//! A minimal W3C WebDriver client (the few commands the tests and the benchmarks use), blocking,
//! over plain HTTP. Knows nothing of the extension; starting a driver is `launch.rs`'s job.
//!
//! Why not fantoccini or thirtyfour: both are async (tokio) clients, so every test would need a
//! runtime and `block_on` wrappers, while ours is a few hundred lines of blocking calls that also
//! speak geckodriver's add-on install and chromedriver's DevTools and log endpoints as the tests
//! need them.

use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// An open WebDriver session.
pub struct Session {
    base: String,
    id: String,
    agent: ureq::Agent,
    capabilities: Value,
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

/// How a request to the driver failed, kept apart so that starting a session can tell a driver
/// that is not there yet (or dropped the connection) from one that answered with an error.
#[derive(Debug, Clone)]
pub enum Failure {
    /// No HTTP answer. `dropped`: refused, reset, aborted or closed before the answer.
    Transport { dropped: bool, message: String },
    /// An HTTP error status with the W3C `error` code (`session not created` …) and message.
    Status {
        code: u16,
        error: String,
        message: String,
    },
}

impl Failure {
    /// Worth another try when starting a session: the connection was dropped, or the driver could
    /// not create the session (a browser that failed to start under load).
    pub fn transient(&self) -> bool {
        match self {
            Failure::Transport { dropped, .. } => *dropped,
            Failure::Status { code, error, .. } => *code >= 500 && error == "session not created",
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Transport { message, .. } | Failure::Status { message, .. } => {
                f.write_str(message)
            }
        }
    }
}

impl From<Failure> for Error {
    fn from(f: Failure) -> Error {
        Error(f.to_string())
    }
}

/// Whether a transport error means the peer refused or dropped the connection.
fn dropped(t: &ureq::Transport) -> bool {
    use std::io::ErrorKind::*;
    if t.kind() == ureq::ErrorKind::ConnectionFailed {
        return true;
    }
    let mut source = std::error::Error::source(t);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                ConnectionRefused
                    | ConnectionReset
                    | ConnectionAborted
                    | BrokenPipe
                    | UnexpectedEof
            );
        }
        source = e.source();
    }
    let text = t.to_string().to_lowercase();
    [
        "refused",
        "reset",
        "broken pipe",
        "closed",
        "unexpected eof",
    ]
    .iter()
    .any(|w| text.contains(w))
}

/// One request; the answer's `value`.
pub(crate) fn request(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, Failure> {
    let req = agent.request(method, url);
    let res = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    match res {
        Ok(r) => r
            .into_json::<Value>()
            .map(|v| v["value"].clone())
            .map_err(|e| Failure::Transport {
                dropped: matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::UnexpectedEof
                ),
                message: format!("{method} {url}: {e}"),
            }),
        Err(ureq::Error::Status(code, r)) => {
            let v: Value = r.into_json().unwrap_or(Value::Null);
            Err(Failure::Status {
                code,
                error: v["value"]["error"].as_str().unwrap_or_default().to_string(),
                message: format!("{method} {url}: HTTP {code}: {}", v["value"]["message"]),
            })
        }
        Err(ureq::Error::Transport(t)) => Err(Failure::Transport {
            dropped: dropped(&t),
            message: format!("{method} {t}"), // ureq's text starts with the URL
        }),
    }
}

fn call(agent: &ureq::Agent, method: &str, url: &str, body: Option<Value>) -> Result<Value, Error> {
    request(agent, method, url, body).map_err(Error::from)
}

/// Whether the driver at `base` answers `GET /status` with `ready: true`.
pub(crate) fn ready(agent: &ureq::Agent, base: &str) -> Result<bool, Failure> {
    let v = request(agent, "GET", &format!("{base}/status"), None)?;
    Ok(v["ready"].as_bool() == Some(true))
}

impl Session {
    /// Opens a session on the driver at `base` with `capabilities` (the `alwaysMatch` object); one
    /// try, commands time out after 120 s. `launch.rs` starts drivers and retries.
    pub fn new(base: &str, capabilities: Value) -> Result<Session, Error> {
        Self::open(base, capabilities, Duration::from_secs(120)).map_err(Error::from)
    }

    /// Like [`Session::new`], with the HTTP timeout of every command of this session.
    pub fn open(base: &str, capabilities: Value, timeout: Duration) -> Result<Session, Failure> {
        let agent = ureq::AgentBuilder::new().timeout(timeout).build();
        let v = request(
            &agent,
            "POST",
            &format!("{base}/session"),
            Some(json!({"capabilities": {"alwaysMatch": capabilities}})),
        )?;
        let id = v["sessionId"]
            .as_str()
            .ok_or_else(|| Failure::Status {
                code: 200,
                error: "no session id".into(),
                message: format!("POST {base}/session: no session id in {v}"),
            })?
            .to_string();
        Ok(Session {
            base: base.to_string(),
            id,
            agent,
            capabilities: v["capabilities"].clone(),
        })
    }

    /// The browser's version as the driver reported it when the session started (`?` if not).
    pub fn browser_version(&self) -> &str {
        self.capabilities["browserVersion"].as_str().unwrap_or("?")
    }

    /// The capabilities the driver answered with.
    pub fn capabilities(&self) -> &Value {
        &self.capabilities
    }

    /// Sets the session's timeouts (W3C `script`, `pageLoad`, `implicit`, in milliseconds).
    pub fn set_timeouts(&self, timeouts: Value) -> Result<(), Error> {
        self.cmd("POST", "/timeouts", Some(timeouts)).map(|_| ())
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
        self.wait_for_every(what, script, timeout, Duration::from_millis(40))
    }

    /// [`Session::wait_for`], polling every `poll` (long page runs want fewer interruptions).
    pub fn wait_for_every(
        &self,
        what: &str,
        script: &str,
        timeout: Duration,
        poll: Duration,
    ) -> Result<Value, Error> {
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
            std::thread::sleep(poll);
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
        self.log("browser")
    }

    /// Entries of chromedriver's log `kind` (`browser`, `performance`, …) since the last call; the
    /// kind must be enabled in `goog:loggingPrefs`.
    pub fn log(&self, kind: &str) -> Result<Vec<Value>, Error> {
        let v = self.cmd("POST", "/se/log", Some(json!({ "type": kind })))?;
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

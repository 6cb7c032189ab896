//! chromedriver + headless Chromium, with or without the extension, over W3C WebDriver; also sends
//! Chrome DevTools commands (`goog/cdp/execute`) to install a probe before any page script runs.

use serde_json::{json, Value};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Driver {
    base: String,
    id: String,
    agent: ureq::Agent,
    child: Child,
    /// `browserVersion` from the session's capabilities.
    pub version: String,
    _profile: tempfile::TempDir,
}

fn call(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let req = agent.request(method, url);
    let res = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    match res {
        Ok(r) => r
            .into_json::<Value>()
            .map(|v| v["value"].clone())
            .map_err(|e| e.to_string()),
        Err(ureq::Error::Status(code, r)) => {
            let v: Value = r.into_json().unwrap_or(Value::Null);
            Err(format!(
                "{method} {url}: HTTP {code}: {}",
                v["value"]["message"]
            ))
        }
        Err(e) => Err(format!("{method} {url}: {e}")),
    }
}

impl Driver {
    /// Starts chromedriver and Chromium; `extension` loads that unpacked extension.
    pub fn start(extension: Option<&std::path::Path>) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .env("LANGUAGE", "ru")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("temp dir");
        let mut args: Vec<String> = wic_e2e::browser::FLAGS
            .iter()
            .map(|s| s.to_string())
            .collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        match extension {
            Some(dir) => {
                args.push(format!("--load-extension={}", dir.display()));
                args.push(format!("--disable-extensions-except={}", dir.display()));
            }
            None => args.push("--disable-extensions".into()),
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()), "args": args },
            "goog:loggingPrefs": { "performance": "ALL" },
        }}});
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(900))
            .build();
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        let v = loop {
            match call(
                &agent,
                "POST",
                &format!("{base}/session"),
                Some(caps.clone()),
            ) {
                Ok(v) => break v,
                Err(e)
                    if start.elapsed() < Duration::from_secs(20)
                        && e.to_lowercase().contains("connection") =>
                {
                    std::thread::sleep(Duration::from_millis(50))
                }
                Err(e) => panic!("could not start Chromium: {e}"),
            }
        };
        let id = v["sessionId"].as_str().expect("session id").to_string();
        let version = v["capabilities"]["browserVersion"]
            .as_str()
            .unwrap_or("?")
            .to_string();
        Driver {
            base,
            id,
            agent,
            child,
            version,
            _profile: profile,
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        call(
            &self.agent,
            method,
            &format!("{}/session/{}{}", self.base, self.id, path),
            body,
        )
    }

    /// Navigates and waits for the load event.
    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.cmd("POST", "/url", Some(json!({ "url": url })))
            .map(|_| ())
    }

    /// Runs a function body in the page.
    pub fn execute(&self, script: &str) -> Result<Value, String> {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// A Chrome DevTools Protocol command.
    pub fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    /// Polls `script` until it returns non-null or `timeout` passes.
    pub fn wait_for(
        &self,
        script: &str,
        timeout: Duration,
        poll: Duration,
    ) -> Result<Value, String> {
        let start = Instant::now();
        loop {
            let v = self.execute(script)?;
            if !v.is_null() {
                return Ok(v);
            }
            if start.elapsed() > timeout {
                return Err(format!("timed out after {timeout:?}: {script}"));
            }
            std::thread::sleep(poll);
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = call(
            &self.agent,
            "DELETE",
            &format!("{}/session/{}", self.base, self.id),
            None,
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    /// Long script timeout: the benchmark page runs for minutes between polls.
    pub fn cmd_timeouts(&self) -> Result<Value, String> {
        self.cmd(
            "POST",
            "/timeouts",
            Some(json!({ "script": 1_800_000, "pageLoad": 600_000 })),
        )
    }
}

impl Driver {
    /// DevTools events logged since the last call (chromedriver's `performance` log), parsed.
    pub fn performance_log(&self) -> Vec<Value> {
        let v = self
            .cmd("POST", "/se/log", Some(json!({ "type": "performance" })))
            .unwrap_or(Value::Null);
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| serde_json::from_str::<Value>(e["message"].as_str()?).ok())
                    .map(|m| m["message"].clone())
                    .collect()
            })
            .unwrap_or_default()
    }
}

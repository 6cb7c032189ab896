//! Runs `wic-sandbox` on a free port with a temporary database; stops it on drop, and it dies with
//! the harness if that is interrupted or killed (`process.rs`). Knows the sandbox's flags and
//! routes, not the product's rules.

use crate::process::Guarded;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

/// A running sandbox.
pub struct Sandbox {
    child: Guarded,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The classic dialect's report server, `http://127.0.0.1:PORT` (another origin).
    pub reports: Option<String>,
    _db_dir: Option<tempfile::TempDir>,
    agent: ureq::Agent,
}

/// How to start the sandbox.
#[derive(Clone)]
pub struct Options {
    /// Seed the demo data.
    pub demo_data: bool,
    /// Send `Content-Security-Policy: script-src 'self'`.
    pub strict_csp: bool,
    /// Enable the fault-injection endpoint.
    pub faults: bool,
    /// Use this database file instead of a temporary one.
    pub db: Option<std::path::PathBuf>,
    /// Serve pages as the seed shows WIC (`--dialect classic`) with a report server on a second port.
    pub classic: bool,
}

impl Default for Options {
    /// Demo data off, faults off, a temporary database; the strict CSP only in a strict-CSP run
    /// ([`crate::strict_csp_run`]).
    fn default() -> Options {
        Options {
            demo_data: false,
            strict_csp: crate::strict_csp_run(),
            faults: false,
            db: None,
            classic: false,
        }
    }
}

impl Sandbox {
    /// Starts the sandbox and waits for its `listening on` line.
    pub fn start(opts: Options) -> Sandbox {
        let (db, dir) = match &opts.db {
            Some(p) => (p.clone(), None),
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                (dir.path().join("wic.db"), Some(dir))
            }
        };
        let mut cmd = Command::new(crate::sandbox_bin());
        cmd.args(["--port", "0", "--db"]).arg(&db);
        if opts.demo_data {
            cmd.arg("--demo-data");
        }
        if opts.strict_csp {
            cmd.args(["--csp", "strict"]);
        }
        if opts.faults {
            cmd.arg("--faults");
        }
        if opts.classic {
            cmd.args(["--dialect", "classic", "--report-port", "0"]);
        }
        cmd.stdout(Stdio::piped()).stderr(Stdio::inherit());
        let mut child = Guarded::spawn(&mut cmd, false).expect("start wic-sandbox");
        let stdout = child.child().stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout);
        let mut read = |prefix: &str| {
            let mut line = String::new();
            lines.read_line(&mut line).expect("read sandbox output");
            line.trim()
                .strip_prefix(prefix)
                .map(str::to_string)
                .ok_or(line)
        };
        let url = match read("listening on ") {
            Ok(u) => u,
            Err(line) => {
                child.stop();
                panic!("wic-sandbox did not start: first line was {line:?}");
            }
        };
        let reports = match opts.classic.then(|| read("reports on ")) {
            None => None,
            Some(Ok(u)) => Some(u),
            Some(Err(line)) => {
                child.stop();
                panic!("wic-sandbox did not start its report server: {line:?}");
            }
        };
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(30))
            .build();
        Sandbox {
            child,
            url,
            reports,
            _db_dir: dir,
            agent,
        }
    }

    /// The address of incident `id`'s page.
    pub fn incident_url(&self, id: u64) -> String {
        format!("{}/incidents/{id}", self.url)
    }

    /// `GET path` → JSON (panics on a transport error; returns the error body on 4xx/5xx).
    pub fn get(&self, path: &str) -> Value {
        self.send("GET", path, None)
    }

    /// `POST path` with a JSON body → JSON.
    pub fn post(&self, path: &str, body: Value) -> Value {
        self.send("POST", path, Some(body))
    }

    /// `PUT path` with a JSON body → JSON.
    pub fn put(&self, path: &str, body: Value) -> Value {
        self.send("PUT", path, Some(body))
    }

    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{}", self.url, path);
        let req = self.agent.request(method, &url);
        let res = match body {
            Some(b) => req.send_json(b),
            None => req.call(),
        };
        match res {
            Ok(r) => r.into_json().unwrap_or(Value::Null),
            Err(ureq::Error::Status(_, r)) => r.into_json().unwrap_or(Value::Null),
            Err(e) => panic!("{method} {url}: {e}"),
        }
    }
}

impl Sandbox {
    /// `profiles/wic-classic.json` pointed at this sandbox's report server (the profile names it
    /// `http://127.0.0.1:8081`, as `--report-port 8081` serves it).
    pub fn classic_profile(&self) -> String {
        let path = crate::root().join("profiles/wic-classic.json");
        let text = std::fs::read_to_string(&path).expect("profiles/wic-classic.json");
        let reports = self.reports.as_deref().expect("a classic sandbox");
        text.replace("http://127.0.0.1:8081", reports)
    }

    /// Makes the next `count` requests of `route` misbehave (`--faults` only): see the sandbox's
    /// README for the routes and kinds.
    pub fn fault(&self, route: &str, kind: &str, count: u32) {
        let v = self.post(
            "/api/__faults",
            serde_json::json!({ "route": route, "kind": kind, "count": count }),
        );
        assert!(
            v.get("error").is_none(),
            "fault {route}/{kind} not set: {v}"
        );
    }

    /// Clears every pending fault.
    pub fn clear_faults(&self) {
        self.send("DELETE", "/api/__faults", None);
    }

    /// Blocks until the sandbox process exits (e.g. on Ctrl+C).
    pub fn wait(&mut self) {
        let _ = self.child.wait();
    }

    /// The sandbox's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

//! Starting a browser through its WebDriver driver (chromedriver, geckodriver), within bounds:
//! spawn the driver on a free port as a [`Guarded`] child in its own process group, wait until
//! `GET /status` says `ready`, then `POST /session`. A refused or dropped connection and a
//! "session not created" are retried with a fresh driver and a backoff, a few times. The final
//! error names the browser, the driver (path and version) and the last failure, and says how to
//! run that one test alone. Knows nothing of the extension or of the product.

use crate::process::Guarded;
use crate::webdriver::{self, Failure, Session};
use serde_json::Value;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A WebDriver driver to start.
#[derive(Clone, Debug)]
pub struct Driver {
    /// The browser, for messages: `Chromium`, `Firefox ESR`.
    pub browser: &'static str,
    /// The driver's executable.
    pub binary: String,
    /// Its arguments; `{port}` in any of them becomes the port.
    pub args: Vec<String>,
    /// Extra environment variables.
    pub env: Vec<(String, String)>,
}

/// The bounds of a start.
#[derive(Clone, Debug)]
pub struct Retry {
    /// How long one driver may take to answer `ready: true`.
    pub ready_within: Duration,
    /// Session starts at most (each with a fresh driver).
    pub attempts: u32,
    /// The pause before the second attempt; it doubles for each later one.
    pub backoff: Duration,
    /// No new attempt begins, and no wait for readiness goes on, once this much time has passed
    /// since the first attempt.
    pub budget: Duration,
    /// The HTTP timeout of every command of the session (its start included).
    pub command_timeout: Duration,
}

impl Default for Retry {
    /// 10 s to become ready; 3 attempts, 1 s then 2 s apart, none begun after 30 s; 120 s commands.
    fn default() -> Retry {
        Retry {
            ready_within: Duration::from_secs(10),
            attempts: 3,
            backoff: Duration::from_secs(1),
            budget: Duration::from_secs(30),
            command_timeout: Duration::from_secs(120),
        }
    }
}

/// Where a session can be opened: a driver that can be (re)started.
pub(crate) trait Endpoint {
    /// Starts (or restarts) the driver; its base URL.
    fn launch(&mut self) -> Result<String, Failure>;
    /// Why the driver cannot answer any more (it exited), if so.
    fn gone(&mut self) -> Option<String>;
}

/// Opens a session on `endpoint` within `retry`'s bounds; on failure the last failure and the
/// number of attempts made.
pub(crate) fn open(
    endpoint: &mut dyn Endpoint,
    caps: &Value,
    retry: &Retry,
) -> Result<Session, (Failure, u32)> {
    let start = Instant::now();
    let mut pause = retry.backoff;
    let mut attempt = 0;
    loop {
        attempt += 1;
        // Waiting for readiness never runs past the budget either.
        let limit = retry
            .ready_within
            .min(retry.budget.saturating_sub(start.elapsed()));
        let failure = match endpoint.launch() {
            Ok(base) => match wait_ready(endpoint, &base, limit) {
                Ok(()) => match Session::open(&base, caps.clone(), retry.command_timeout) {
                    Ok(session) => return Ok(session),
                    Err(f) => f,
                },
                Err(f) => f,
            },
            Err(f) => return Err((f, attempt)),
        };
        let retry_allowed = failure.transient()
            && attempt < retry.attempts
            && start.elapsed() + pause < retry.budget;
        if !retry_allowed {
            return Err((failure, attempt));
        }
        std::thread::sleep(pause);
        pause *= 2;
    }
}

/// Polls `GET /status` until `ready: true`, the driver exits, or `limit` passes.
fn wait_ready(endpoint: &mut dyn Endpoint, base: &str, limit: Duration) -> Result<(), Failure> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(2))
        .build();
    let start = Instant::now();
    loop {
        if let Some(why) = endpoint.gone() {
            return Err(Failure::Transport {
                dropped: true,
                message: format!("the driver exited before it was ready: {why}"),
            });
        }
        let last = match webdriver::ready(&agent, base) {
            Ok(true) => return Ok(()),
            Ok(false) => "GET /status: ready is false".to_string(),
            Err(f) => f.to_string(),
        };
        if start.elapsed() >= limit {
            return Err(Failure::Transport {
                dropped: true,
                message: format!("the driver was not ready within {limit:?} (last: {last})"),
            });
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A driver process on a free port, restarted for each attempt.
struct Process<'a> {
    driver: &'a Driver,
    child: Option<Guarded>,
}

impl Endpoint for Process<'_> {
    fn launch(&mut self) -> Result<String, Failure> {
        self.child = None; // stops the previous driver, if any (Drop)
        let port = free_port().map_err(|e| Failure::Transport {
            dropped: false,
            message: format!("no free port: {e}"),
        })?;
        let mut cmd = Command::new(&self.driver.binary);
        cmd.args(
            self.driver
                .args
                .iter()
                .map(|a| a.replace("{port}", &port.to_string())),
        )
        .envs(self.driver.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        let child = Guarded::spawn(&mut cmd, true).map_err(|e| Failure::Transport {
            dropped: false,
            message: format!("could not run {}: {e}", self.driver.binary),
        })?;
        self.child = Some(child);
        Ok(format!("http://127.0.0.1:{port}"))
    }

    fn gone(&mut self) -> Option<String> {
        let status = self.child.as_mut()?.exited()?;
        Some(status.to_string())
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Starts `driver` and opens a session with `caps`; the driver process goes with the session's
/// owner. The error is the whole message for a failed test (see the module comment).
pub fn start(driver: &Driver, caps: &Value, retry: &Retry) -> Result<(Session, Guarded), String> {
    let mut process = Process {
        driver,
        child: None,
    };
    match open(&mut process, caps, retry) {
        Ok(session) => {
            let child = process.child.take().expect("a started driver");
            Ok((session, child))
        }
        Err((failure, attempts)) => {
            drop(process); // stop the last driver before asking the binary for its version
            Err(failure_message(driver, &failure, attempts))
        }
    }
}

fn failure_message(driver: &Driver, failure: &Failure, attempts: u32) -> String {
    format!(
        "could not start {} through its driver {} ({}) after {attempts} attempt(s): {failure}\n{}",
        driver.browser,
        driver.binary,
        version(&driver.binary),
        rerun_hint(
            std::env::args().next().as_deref(),
            std::thread::current().name()
        ),
    )
}

/// The driver's `--version` line, or why it is unknown.
fn version(binary: &str) -> String {
    match Command::new(binary)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
    {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("version unknown")
            .trim()
            .to_string(),
        Ok(out) => format!("`--version` failed: {}", out.status),
        Err(e) => format!("not runnable: {e}"),
    }
}

/// How to run the failing test alone, from the test binary's path (`…/deps/<name>-<hash>`) and the
/// test thread's name (libtest names it after the test).
pub fn rerun_hint(argv0: Option<&str>, thread: Option<&str>) -> String {
    let path = std::path::Path::new(argv0.unwrap_or_default());
    let in_deps = path
        .parent()
        .and_then(|p| p.file_name())
        .is_some_and(|d| d == "deps");
    let stem = path
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or_default();
    let binary = match stem.rsplit_once('-') {
        Some((name, hash))
            if in_deps && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            name
        }
        _ => {
            return format!(
                "(not a test binary: run `{}` again once the driver starts by hand)",
                path.display()
            )
        }
    };
    let target = if binary == "wic_e2e" {
        "--lib".to_string()
    } else {
        format!("--test {binary}")
    };
    let test = match thread {
        Some(name) if name != "main" => name,
        _ => "<test name>",
    };
    format!(
        "run this test alone: cargo test -p wic-e2e {target} -- --include-ignored --exact {test}"
    )
}

#[cfg(test)]
#[path = "launch_tests.rs"]
mod tests;

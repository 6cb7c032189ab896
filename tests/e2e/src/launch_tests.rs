//! The start's retry logic against a fake driver on loopback that drops (resets) or refuses the
//! first session starts, then answers. Bounded: short backoffs, every wait a few seconds at most.

use super::*;
use serde_json::json;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

/// What the fake driver does with the n-th `POST /session` (1-based).
#[derive(Clone, Copy)]
enum Answer {
    Reset,
    NotCreated,
    BadRequest,
    Session,
}

struct Fake {
    base: String,
    launches: u32,
    sessions: Arc<AtomicU32>,
}

impl Endpoint for Fake {
    fn launch(&mut self) -> Result<String, Failure> {
        self.launches += 1;
        Ok(self.base.clone())
    }
    fn gone(&mut self) -> Option<String> {
        None
    }
}

/// Opens a session that cannot start (`why`): the last failure and how many attempts were made.
fn fails(driver: &mut Fake, why: &str) -> (Failure, u32) {
    match open(driver, &json!({}), &quick()) {
        Ok(_) => panic!("{why}, yet a session started"),
        Err(failed) => failed,
    }
}

/// A fake driver: `GET /status` answers `ready` (as given), the n-th `POST /session` gets
/// `plan(n)`, anything else `{"value": null}`.
fn fake(ready: bool, plan: fn(u32) -> Answer) -> Fake {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let sessions = Arc::new(AtomicU32::new(0));
    let count = sessions.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = serve(stream, ready, plan, &count);
        }
    });
    Fake {
        base,
        launches: 0,
        sessions,
    }
}

fn serve(
    stream: TcpStream,
    ready: bool,
    plan: fn(u32) -> Answer,
    count: &AtomicU32,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut length = 0;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    reader.read_exact(&mut vec![0; length])?;
    let (status, body) = if line.starts_with("GET /status") {
        ("200 OK", json!({"value": {"ready": ready, "message": ""}}))
    } else if line.starts_with("POST /session ") {
        match plan(count.fetch_add(1, Ordering::SeqCst) + 1) {
            Answer::Reset => return reset(stream),
            Answer::NotCreated => (
                "500 Internal Server Error",
                json!({"value": {"error": "session not created", "message": "browser exited", "stacktrace": ""}}),
            ),
            Answer::BadRequest => (
                "400 Bad Request",
                json!({"value": {"error": "invalid argument", "message": "bad capabilities", "stacktrace": ""}}),
            ),
            Answer::Session => (
                "200 OK",
                json!({"value": {"sessionId": "s1", "capabilities": {"browserVersion": "128.0"}}}),
            ),
        }
    } else {
        ("200 OK", json!({"value": null}))
    };
    let body = body.to_string();
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

/// Closes with a TCP reset (`SO_LINGER` 0), as the driver did: "Connection reset by peer".
fn reset(stream: TcpStream) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: setsockopt on a socket we own, with a valid `linger` of the size given.
    let r = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    assert_eq!(r, 0, "SO_LINGER");
    drop(stream);
    Ok(())
}

fn quick() -> Retry {
    Retry {
        ready_within: Duration::from_secs(1),
        attempts: 3,
        backoff: Duration::from_millis(20),
        budget: Duration::from_secs(10),
        command_timeout: Duration::from_secs(5),
    }
}

#[test]
fn a_reset_session_start_is_retried_until_the_driver_answers() {
    let mut driver = fake(true, |n| {
        if n <= 2 {
            Answer::Reset
        } else {
            Answer::Session
        }
    });
    let session = open(&mut driver, &json!({}), &quick()).expect("third try works");
    assert_eq!(session.browser_version(), "128.0");
    assert_eq!(driver.launches, 3, "a fresh driver for each try");
    assert_eq!(driver.sessions.load(Ordering::SeqCst), 3);
}

#[test]
fn a_transient_session_not_created_is_retried() {
    let mut driver = fake(true, |n| {
        if n == 1 {
            Answer::NotCreated
        } else {
            Answer::Session
        }
    });
    open(&mut driver, &json!({}), &quick()).expect("second try works");
    assert_eq!(driver.launches, 2);
}

#[test]
fn retries_are_bounded_and_the_last_failure_is_kept() {
    let mut driver = fake(true, |_| Answer::Reset);
    let start = Instant::now();
    let (failure, attempts) = fails(
        &mut driver,
        "a driver that always resets cannot start a session",
    );
    assert_eq!(attempts, 3);
    assert!(failure.transient(), "{failure:?}");
    let text = failure.to_string();
    assert!(text.starts_with("POST http://127.0.0.1:"), "{text}");
    assert!(text.contains("reset by peer"), "a real TCP reset: {text}");
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_rejected_session_is_not_retried() {
    let mut driver = fake(true, |_| Answer::BadRequest);
    let (failure, attempts) = fails(&mut driver, "bad capabilities cannot start a session");
    assert_eq!(attempts, 1);
    assert!(
        failure.to_string().contains("bad capabilities"),
        "{failure}"
    );
}

#[test]
fn a_driver_that_never_gets_ready_fails_within_the_bound() {
    let mut driver = fake(false, |_| Answer::Session);
    let start = Instant::now();
    let (failure, attempts) = fails(&mut driver, "no session before ready");
    assert_eq!(attempts, 3);
    assert!(failure.to_string().contains("not ready"), "{failure}");
    assert_eq!(driver.sessions.load(Ordering::SeqCst), 0);
    assert!(start.elapsed() < Duration::from_secs(6));
}

#[test]
fn the_budget_bounds_the_whole_start() {
    let mut driver = fake(false, |_| Answer::Session);
    let retry = Retry {
        ready_within: Duration::from_secs(1),
        budget: Duration::from_millis(1500),
        ..quick()
    };
    let start = Instant::now();
    let Err((_, attempts)) = open(&mut driver, &json!({}), &retry) else {
        panic!("no session before ready");
    };
    assert!(attempts <= 2, "{attempts} attempts within a 1.5 s budget");
    assert!(
        start.elapsed() < Duration::from_millis(2500),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_refused_connection_is_retried_and_named() {
    // A port nobody listens on: bound, then released.
    let port = free_port().expect("port");
    let mut nobody = Fake {
        base: format!("http://127.0.0.1:{port}"),
        launches: 0,
        sessions: Arc::new(AtomicU32::new(0)),
    };
    let (failure, attempts) = fails(&mut nobody, "nothing listens");
    assert_eq!(attempts, 3);
    assert!(failure.to_string().contains("not ready"), "{failure}");
}

#[test]
fn the_final_message_names_browser_driver_and_how_to_rerun() {
    let driver = Driver {
        browser: "Firefox ESR",
        binary: "/nonexistent/geckodriver".into(),
        args: vec!["--port".into(), "{port}".into()],
        env: vec![],
    };
    let err = start(&driver, &json!({}), &quick())
        .err()
        .expect("no such driver");
    assert!(err.contains("Firefox ESR"), "{err}");
    assert!(err.contains("/nonexistent/geckodriver"), "{err}");
    assert!(err.contains("not runnable"), "{err}");
    assert!(err.contains("cargo test -p wic-e2e --lib"), "{err}");
    assert!(
        err.contains("the_final_message_names_browser_driver_and_how_to_rerun"),
        "{err}"
    );
}

#[test]
fn the_rerun_hint_names_the_test_binary_and_the_test() {
    let argv0 = "/w/target/debug/deps/firefox-0123456789abcdef";
    assert_eq!(
        rerun_hint(Some(argv0), Some("firefox_shows_duplicates")),
        "run this test alone: cargo test -p wic-e2e --test firefox -- --include-ignored --exact firefox_shows_duplicates"
    );
    assert!(rerun_hint(Some(argv0), Some("main")).ends_with("<test name>"));
    assert!(rerun_hint(Some("/w/target/debug/wic-demo"), None).contains("not a test binary"));
}

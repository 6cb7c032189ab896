//! Test harness: runs the real `wic-sandbox` binary on a free port over a temporary database and
//! talks plain HTTP/1.1 to it.
#![allow(dead_code)]

pub mod classic_profile;
pub mod profile;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use serde_json::Value;

pub const OPERATOR: &str = "Григорьев Иван Сергеевич";

/// A fresh temporary directory (removed on drop).
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "wic-sandbox-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
    pub fn db(&self) -> String {
        self.0.join("wic.db").to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running sandbox.
pub struct Server {
    child: Child,
    pub port: u16,
    /// The report server's port (`--dialect classic` only: the second stdout line).
    pub report_port: Option<u16>,
}

impl Server {
    pub fn start(db: &str, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wic-sandbox"))
            .args(["--port", "0", "--db", db])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn wic-sandbox");
        let classic = extra.windows(2).any(|w| w == ["--dialect", "classic"])
            || extra.contains(&"--dialect=classic");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut read_port = |prefix: &str| -> u16 {
            let mut line = String::new();
            out.read_line(&mut line).expect("stdout line");
            line.trim()
                .strip_prefix(prefix)
                .unwrap_or_else(|| panic!("expected {prefix}PORT, got {line:?}"))
                .parse()
                .expect("port")
        };
        let port = read_port("listening on http://127.0.0.1:");
        let report_port = classic.then(|| read_port("reports on http://127.0.0.1:"));
        Server {
            child,
            port,
            report_port,
        }
    }

    /// `GET` on the report server.
    pub fn get_report(&self, path: &str) -> Resp {
        let port = self
            .report_port
            .expect("a classic sandbox has a report server");
        self.request_on(port, "GET", path, None, Duration::from_secs(20))
            .expect("request")
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn get(&self, path: &str) -> Resp {
        self.request("GET", path, None)
    }
    pub fn delete(&self, path: &str) -> Resp {
        self.request("DELETE", path, None)
    }
    pub fn post(&self, path: &str, body: &Value) -> Resp {
        self.request("POST", path, Some(body.to_string()))
    }
    pub fn put(&self, path: &str, body: &Value) -> Resp {
        self.request("PUT", path, Some(body.to_string()))
    }
    pub fn post_raw(&self, path: &str, body: &str) -> Resp {
        self.request("POST", path, Some(body.to_string()))
    }

    pub fn request(&self, method: &str, path: &str, body: Option<String>) -> Resp {
        self.request_timeout(method, path, body, Duration::from_secs(20))
            .expect("request")
    }

    /// Sends a request; `Err` when no complete answer came within `timeout`.
    pub fn request_timeout(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        timeout: Duration,
    ) -> std::io::Result<Resp> {
        self.request_on(self.port, method, path, body, timeout)
    }

    fn request_on(
        &self,
        port: u16,
        method: &str,
        path: &str,
        body: Option<String>,
        timeout: Duration,
    ) -> std::io::Result<Resp> {
        let mut s = TcpStream::connect(("127.0.0.1", port))?;
        s.set_read_timeout(Some(timeout))?;
        let body = body.unwrap_or_default();
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            port,
            body.len()
        );
        s.write_all(req.as_bytes())?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw)?;
        Ok(Resp::parse(&raw))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    fn parse(raw: &[u8]) -> Resp {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("header end");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut body = raw[split + 4..].to_vec();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("status");
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        if headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
        {
            body = dechunk(&body);
        }
        Resp {
            status,
            headers,
            body: String::from_utf8(body).expect("utf-8 body"),
        }
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {}", &self.body[..self.body.len().min(300)])
        })
    }
    /// Asserts the error shape and returns the code.
    pub fn error_code(&self) -> String {
        let v = self.json();
        assert!(v["error"]["message"].is_string(), "error message in {v}");
        v["error"]["code"].as_str().expect("error code").to_string()
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
    out
}

/// Percent-encodes a query value (wic-core's encoder, as the extension's).
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    wic_core::source::encode_component(s, &mut out);
    out
}

/// A minimal valid incident body.
pub fn incident(title: &str, inn_kpp: &str) -> Value {
    serde_json::json!({"title": title, "inn_kpp": inn_kpp, "type": "Контур.Закупки", "phone": "83433702677",
        "knowledge": [5163], "department": "3946"})
}

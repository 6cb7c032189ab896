//! A recording HTTP proxy for the privacy tests: the browser sends every request through it
//! (`--proxy-server`, loopback not bypassed), so requests of the page, the content script and the
//! extension's service worker are all seen. Plain-HTTP requests to 127.0.0.1 are forwarded; anything
//! else (another host, or `CONNECT` for HTTPS) is recorded and refused. Stops when dropped.
//! Must not know the product: it records what crosses it.

use crate::serve::AcceptLoop;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// One request the browser made through the proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, `CONNECT` …
    pub method: String,
    /// `scheme://host[:port]` (`https://host:443` for `CONNECT`).
    pub origin: String,
    /// Path and query (empty for `CONNECT`).
    pub path: String,
    /// Sent by a page, a content script or an extension context (it carries `Origin` or Fetch
    /// Metadata `Sec-Fetch-*` headers), not by the browser's own services. Unknown for `CONNECT`
    /// (the headers are inside the tunnel): false.
    pub from_content: bool,
}

/// A running proxy on 127.0.0.1.
pub struct Proxy {
    /// `127.0.0.1:PORT`, for `--proxy-server=http://…`.
    pub addr: String,
    /// Every request seen, in order.
    pub requests: Arc<Mutex<Vec<Request>>>,
    _accept: AcceptLoop,
}

impl Proxy {
    /// Starts the proxy on a free port.
    pub fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let addr = listener.local_addr().expect("proxy addr").to_string();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        let accept = AcceptLoop::start(listener, move |stream| {
            let log = log.clone();
            std::thread::spawn(move || serve(stream, &log));
        });
        Proxy {
            addr,
            requests,
            _accept: accept,
        }
    }

    /// The Chromium flags that send all traffic, loopback included, through this proxy, and that
    /// silence Chromium's own services (time, updates, autofill, sign-in, search preconnect), so
    /// what remains is the pages' and the extension's traffic.
    pub fn chromium_args(&self) -> Vec<String> {
        vec![
            format!("--proxy-server=http://{}", self.addr),
            "--proxy-bypass-list=<-loopback>".to_string(),
            "--disable-features=AutofillServerCommunication,OptimizationHints,OptimizationGuideModelDownloading,\
             Translate,MediaRouter,NetworkTimeServiceQuerying,PreconnectToSearch,InterestFeedContentSuggestions"
                .replace(' ', ""),
            "--disable-domain-reliability".to_string(),
            "--no-pings".to_string(),
            "--disable-default-apps".to_string(),
            "--disable-client-side-phishing-detection".to_string(),
            "--safebrowsing-disable-auto-update".to_string(),
            "--allow-browser-signin=false".to_string(),
            "--no-service-autorun".to_string(),
        ]
    }

    /// A copy of the requests seen so far.
    pub fn seen(&self) -> Vec<Request> {
        self.requests.lock().expect("proxy log").clone()
    }

    /// How many `POST`s to exactly `path` went through so far (writes counted on the wire).
    pub fn posts(&self, path: &str) -> usize {
        self.seen()
            .iter()
            .filter(|r| r.method == "POST" && r.path == path)
            .count()
    }
}

fn serve(client: TcpStream, log: &Mutex<Vec<Request>>) {
    let _ = client.set_nonblocking(false);
    let mut reader = BufReader::new(match client.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or("").to_string(),
        parts.next().unwrap_or("").to_string(),
    );
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        headers.push(h);
    }
    let (origin, host_port, path) = if method == "CONNECT" {
        (format!("https://{target}"), target.clone(), String::new())
    } else {
        match target.strip_prefix("http://") {
            Some(rest) => {
                let (hp, p) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
                (
                    format!("http://{hp}"),
                    hp.to_string(),
                    if p.is_empty() {
                        "/".to_string()
                    } else {
                        p.to_string()
                    },
                )
            }
            None => (format!("?{target}"), String::new(), target.clone()),
        }
    };
    let from_content = headers.iter().any(|h| {
        let name = header_name(h);
        name == "origin" || name.starts_with("sec-fetch-")
    });
    log.lock().expect("proxy log").push(Request {
        method: method.clone(),
        origin,
        path: path.clone(),
        from_content,
    });
    let mut client = client;
    let local = host_port.starts_with("127.0.0.1:") || host_port.starts_with("localhost:");
    if method == "CONNECT" || !local {
        let _ = client
            .write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    }
    let Ok(mut server) = TcpStream::connect(host_port.replace("localhost:", "127.0.0.1:")) else {
        let _ = client.write_all(
            b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return;
    };
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    for h in &headers {
        let name = header_name(h);
        if !matches!(
            name.as_str(),
            "connection" | "proxy-connection" | "keep-alive"
        ) {
            head.push_str(h);
        }
    }
    head.push_str("Connection: close\r\n\r\n");
    if server.write_all(head.as_bytes()).is_err() {
        return;
    }
    // The request body (if any) and the answer flow on their own; the answer ends the exchange.
    let buffered = reader.buffer().to_vec();
    let mut to_server = server.try_clone().expect("clone server stream");
    let upload = std::thread::spawn(move || {
        let _ = to_server.write_all(&buffered);
        let mut reader = reader.into_inner();
        let _ = std::io::copy(&mut reader, &mut to_server);
    });
    let mut buf = [0u8; 16 * 1024];
    loop {
        match server.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if client.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = client.shutdown(Shutdown::Both);
    let _ = server.shutdown(Shutdown::Both);
    let _ = upload.join();
}

/// A header line's name, lower-cased (`Sec-Fetch-Site: none` → `sec-fetch-site`).
fn header_name(line: &str) -> String {
    line.split(':')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

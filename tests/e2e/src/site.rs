//! A tiny HTTP server for pages unlike the sandbox's (custom-profile tests): fixed routes, each a
//! content type and a body; stops when dropped.
//! Must not know the product: it serves the routes a test gives it.

use crate::serve::AcceptLoop;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// A route: path prefix (query string ignored), content type, body.
pub type Route = (&'static str, &'static str, String);

/// A running static site on 127.0.0.1.
pub struct Site {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Request lines received, in order (`GET /path?query`).
    pub requests: Arc<Mutex<Vec<String>>>,
    _accept: AcceptLoop,
}

impl Site {
    /// Serves `routes`; anything else is a 404.
    pub fn start(routes: Vec<Route>) -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        let accept = AcceptLoop::start(listener, move |stream| serve(stream, &routes, &log));
        Site {
            url,
            requests,
            _accept: accept,
        }
    }
}

fn serve(mut stream: TcpStream, routes: &[Route], log: &Mutex<Vec<String>>) {
    let _ = stream.set_nonblocking(false);
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
        line.clear();
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    log.lock().expect("log").push(format!("GET {target}"));
    let path = target.split('?').next().unwrap_or("/");
    let (status, ctype, body) = match routes.iter().find(|(p, _, _)| *p == path) {
        Some((_, ctype, body)) => ("200 OK", *ctype, body.as_str()),
        None => ("404 Not Found", "text/plain", "not found"),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// Forwards a new port on `ip` (another loopback address, e.g. 127.0.0.2) to `target_url`: a second
/// origin in front of the same server. Returns `http://IP:PORT`; the threads end with the process.
pub fn forward(ip: &str, target_url: &str) -> String {
    let target = target_url.trim_start_matches("http://").to_string();
    let listener = TcpListener::bind((ip, 0)).expect("bind a loopback address (127.0.0.0/8)");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(&target) else {
                continue;
            };
            let pipe = |mut from: TcpStream, mut to: TcpStream| {
                std::thread::spawn(move || {
                    let mut buf = [0u8; 16 * 1024];
                    while let Ok(n) = std::io::Read::read(&mut from, &mut buf) {
                        if n == 0 || to.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = to.shutdown(std::net::Shutdown::Write);
                });
            };
            if let (Ok(c), Ok(s)) = (client.try_clone(), server.try_clone()) {
                pipe(c, s);
                pipe(server, client);
            }
        }
    });
    format!("http://{ip}:{port}")
}

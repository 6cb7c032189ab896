//! A tiny HTTP server for pages unlike the sandbox's (custom-profile tests): fixed routes, each a
//! content type and a body; stops when dropped.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A route: path prefix (query string ignored), content type, body.
pub type Route = (&'static str, &'static str, String);

/// A running static site on 127.0.0.1.
pub struct Site {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Request lines received, in order (`GET /path?query`).
    pub requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Site {
    /// Serves `routes`; anything else is a 404.
    pub fn start(routes: Vec<Route>) -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        listener.set_nonblocking(true).expect("nonblocking");
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (stop2, requests2) = (stop.clone(), requests.clone());
        let thread = std::thread::spawn(move || {
            while !stop2.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => serve(stream, &routes, &requests2),
                    Err(_) => std::thread::sleep(std::time::Duration::from_millis(5)),
                }
            }
        });
        Site { url, requests, stop, thread: Some(thread) }
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

impl Drop for Site {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

//! A background accept loop on a loopback listener, stopped (and joined) when dropped: what the
//! recording proxy and the tiny test site share. Knows nothing of HTTP or of what a connection is for.

use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Hands every accepted connection to a handler on one background thread until dropped.
pub(crate) struct AcceptLoop {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl AcceptLoop {
    /// Accepts on `listener` (made non-blocking, polled every 5 ms so a drop is seen quickly).
    pub(crate) fn start(
        listener: TcpListener,
        mut handle: impl FnMut(TcpStream) + Send + 'static,
    ) -> AcceptLoop {
        listener.set_nonblocking(true).expect("nonblocking");
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => handle(stream),
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        AcceptLoop {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for AcceptLoop {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

//! Timers (gloo's: a dropped timer is cleared) and the browser's clock.
//! Must not know what is timed.

use chrono::{DateTime, FixedOffset};
use gloo_timers::callback::Timeout;

/// Resolves after `ms` milliseconds; dropping the future clears the timeout.
pub async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The browser's clock (offset UTC).
pub fn now() -> DateTime<FixedOffset> {
    wic_core::dates::from_unix_millis(now_ms(), wic_core::dates::UTC).unwrap_or_default()
}

/// The browser's clock in the browser's offset.
pub fn now_local() -> DateTime<FixedOffset> {
    let minutes = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    crate::popup::local_now(now_ms(), minutes)
}

/// Runs the latest scheduled callback once things have been quiet for `ms`.
pub struct Debounce {
    ms: u32,
    pending: Option<Timeout>,
}

impl Debounce {
    /// A debouncer with a quiet period of `ms`.
    pub fn new(ms: u32) -> Debounce {
        Debounce { ms, pending: None }
    }

    /// (Re)schedules `f`, cancelling what was scheduled before.
    pub fn schedule(&mut self, f: impl FnOnce() + 'static) {
        self.pending = Some(Timeout::new(self.ms, f));
    }

    /// Cancels what is scheduled.
    pub fn cancel(&mut self) {
        self.pending = None;
    }
}

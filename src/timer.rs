//! Timers as futures and cancellable debouncing, over `setTimeout`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The browser's clock as an `OffsetDateTime` (UTC).
pub fn now() -> time::OffsetDateTime {
    let nanos = (now_ms() as i128) * 1_000_000;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// The browser's clock in the browser's offset.
pub fn now_local() -> time::OffsetDateTime {
    let minutes = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    crate::popup::local_now(now_ms(), minutes)
}

/// Runs the latest scheduled callback once things have been quiet for `ms`.
pub struct Debounce {
    ms: i32,
    handle: Option<i32>,
    callback: Option<Closure<dyn FnMut()>>,
}

impl Debounce {
    /// A debouncer with a quiet period of `ms`.
    pub fn new(ms: i32) -> Debounce {
        Debounce {
            ms,
            handle: None,
            callback: None,
        }
    }

    /// (Re)schedules `f`, cancelling what was scheduled before.
    pub fn schedule(&mut self, f: impl FnMut() + 'static) {
        self.cancel();
        let cb = Closure::<dyn FnMut()>::new(f);
        if let Some(w) = web_sys::window() {
            self.handle = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    cb.as_ref().unchecked_ref(),
                    self.ms,
                )
                .ok();
        }
        self.callback = Some(cb);
    }

    /// Cancels what is scheduled.
    pub fn cancel(&mut self) {
        if let (Some(h), Some(w)) = (self.handle.take(), web_sys::window()) {
            w.clear_timeout_with_handle(h);
        }
    }
}

impl Drop for Debounce {
    fn drop(&mut self) {
        self.cancel();
    }
}

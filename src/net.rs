//! JSON over `fetch` with the user's WIC session: timeouts, bounded retries with backoff, and errors
//! an operator can act on. Knows no endpoint (URLs come from the profile) and no business rule.

use crate::i18n::t;
use crate::timer::sleep;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestCredentials, RequestInit, Response};

/// One attempt's time limit.
const TIMEOUT_MS: i32 = 5_000;
/// Once the answer has started, how long its body may take (a long history is several MB).
const BODY_TIMEOUT_MS: i32 = 30_000;
/// Pauses before the 2nd and 3rd attempt.
const BACKOFF_MS: &[i32] = &[400, 1_200];
/// Answers larger than this are refused before parsing.
const MAX_BODY_BYTES: usize = 64 << 20;

/// Why a request gave no usable answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    /// No connection, or the request was refused by the browser.
    #[error("network")]
    Network,
    /// No answer within the time limit (after retries).
    #[error("timeout")]
    Timeout,
    /// An HTTP error status.
    #[error("status {0}")]
    Status(u16),
    /// Redirected to a login page, or 401/403: the WIC session has expired.
    #[error("login")]
    Login,
    /// The answer is not the JSON we expect.
    #[error("malformed: {0}")]
    Malformed(String),
    /// Well-formed JSON, but not the data we expect (e.g. wrongly typed fields).
    #[error("wrong shape")]
    WrongShape,
    /// Too large to process.
    #[error("too large")]
    TooLarge,
    /// Cancelled because the operator left the incident.
    #[error("aborted")]
    Aborted,
}

impl FetchError {
    /// A short code for `[data-wa-error="<what>-<code>"]`.
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::Network => "network",
            FetchError::Timeout => "timeout",
            FetchError::Status(_) => "server",
            FetchError::Login => "login",
            FetchError::Malformed(_) => "malformed",
            FetchError::WrongShape => "wrong-shape",
            FetchError::TooLarge => "too-large",
            FetchError::Aborted => "aborted",
        }
    }

    /// What the operator should know and do, in their language.
    pub fn message(&self) -> String {
        match self {
            FetchError::Network => t("netNetwork"),
            FetchError::Timeout => t("netTimeout"),
            FetchError::Status(s) => crate::i18n::tr("netStatus", &[&s.to_string()]),
            FetchError::Login => t("netLogin"),
            FetchError::Malformed(why) => crate::i18n::tr("netMalformed", &[why]),
            FetchError::WrongShape => crate::i18n::tr("netMalformed", &[&t("netWrongShape")]),
            FetchError::TooLarge => t("netTooLarge"),
            FetchError::Aborted => String::new(),
        }
    }

    fn retryable(&self) -> bool {
        matches!(
            self,
            FetchError::Network | FetchError::Timeout | FetchError::Status(500..=599)
        )
    }
}

/// GETs `url` and parses the JSON answer; `cancel` aborts it (the incident was left).
pub async fn get_json<T: DeserializeOwned>(
    url: &str,
    cancel: &AbortSignal,
) -> Result<T, FetchError> {
    let text = get_text(url, cancel).await?;
    serde_json::from_str(&text).map_err(|e| FetchError::Malformed(e.to_string()))
}

/// GETs `url` as text with retries.
pub async fn get_text(url: &str, cancel: &AbortSignal) -> Result<String, FetchError> {
    let mut attempt = 0;
    loop {
        let result = attempt_once(url, cancel).await;
        match result {
            Err(e) if e.retryable() && attempt < BACKOFF_MS.len() && !cancel.aborted() => {
                sleep(BACKOFF_MS[attempt]).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

async fn attempt_once(url: &str, cancel: &AbortSignal) -> Result<String, FetchError> {
    if cancel.aborted() {
        return Err(FetchError::Aborted);
    }
    let window = web_sys::window().ok_or(FetchError::Network)?;
    let controller = AbortController::new().map_err(|_| FetchError::Network)?;
    // Cancel this attempt when the incident is left.
    let forward = {
        let c = controller.clone();
        Closure::<dyn FnMut()>::new(move || c.abort())
    };
    let _ = cancel.add_event_listener_with_callback("abort", forward.as_ref().unchecked_ref());
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let on_timeout = {
        let (c, flag) = (controller.clone(), timed_out.clone());
        Closure::<dyn FnMut()>::new(move || {
            flag.set(true);
            c.abort();
        })
    };
    let arm = |ms: i32| {
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                ms,
            )
            .unwrap_or(0)
    };
    let timer = std::cell::Cell::new(arm(TIMEOUT_MS));
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_credentials(RequestCredentials::SameOrigin);
    init.set_signal(Some(&controller.signal()));
    if let Ok(headers) = web_sys::Headers::new() {
        let _ = headers.set("Accept", "application/json");
        init.set_headers(&headers);
    }
    let result = async {
        let resp: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .map_err(|_| FetchError::Network)?
            .dyn_into()
            .map_err(|_| FetchError::Network)?;
        // The server answered in time; the body gets its own, longer limit.
        window.clear_timeout_with_handle(timer.get());
        timer.set(arm(BODY_TIMEOUT_MS));
        let content_type = resp
            .headers()
            .get("content-type")
            .ok()
            .flatten()
            .unwrap_or_default();
        if matches!(resp.status(), 401 | 403)
            || (resp.redirected() && !content_type.contains("json"))
        {
            return Err(FetchError::Login);
        }
        if !resp.ok() {
            return Err(FetchError::Status(resp.status()));
        }
        if content_type.contains("text/html") {
            return Err(FetchError::Login);
        }
        let text = JsFuture::from(resp.text().map_err(|_| FetchError::Network)?)
            .await
            .map_err(|_| FetchError::Network)?
            .as_string()
            .unwrap_or_default();
        if text.len() > MAX_BODY_BYTES {
            return Err(FetchError::TooLarge);
        }
        Ok(text)
    }
    .await;
    window.clear_timeout_with_handle(timer.get());
    let _ = cancel.remove_event_listener_with_callback("abort", forward.as_ref().unchecked_ref());
    match result {
        Err(_) if cancel.aborted() => Err(FetchError::Aborted),
        Err(FetchError::Network) if timed_out.get() => Err(FetchError::Timeout),
        other => other,
    }
}

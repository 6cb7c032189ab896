//! JSON and HTML over `fetch` with the user's WIC session: timeouts, bounded retries with backoff,
//! and errors an operator can act on. A request to another origin (a report server the profile lists
//! in `origins`) goes through the background worker, which holds the host permission and sends the
//! operator's cookies. Knows no endpoint (URLs come from the profile) and no business rule.

use crate::i18n::t;
use crate::message::{FetchReply, Kind, Message};
use crate::timer::sleep;
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestCredentials, RequestInit, Response};

/// One attempt's time limit.
const TIMEOUT_MS: u32 = 5_000;
/// Once the answer has started, how long its body may take (a long history is several MB).
const BODY_TIMEOUT_MS: u32 = 30_000;
/// Pauses before the 2nd and 3rd attempt.
const BACKOFF_MS: &[u32] = &[400, 1_200];
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

/// What an answer should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// JSON: an HTML answer is a login page or the wrong thing.
    Json,
    /// An HTML page (a report).
    Html,
}

impl Expect {
    /// The `Accept` header that asks for it.
    fn accept(self) -> &'static str {
        match self {
            Expect::Json => "application/json",
            Expect::Html => "text/html",
        }
    }
}

/// GETs `url` and parses the JSON answer; `cancel` aborts it (the incident was left).
pub async fn get_json<T: DeserializeOwned>(
    url: &str,
    cancel: &AbortSignal,
) -> Result<T, FetchError> {
    let text = get_text(url, Expect::Json, cancel).await?;
    serde_json::from_str(&text).map_err(|e| FetchError::Malformed(e.to_string()))
}

/// GETs `url` as text with retries.
pub async fn get_text(
    url: &str,
    expect: Expect,
    cancel: &AbortSignal,
) -> Result<String, FetchError> {
    let mut attempt = 0;
    loop {
        if cancel.aborted() {
            return Err(FetchError::Aborted);
        }
        let result = if same_origin(url) {
            attempt_once(url, expect, cancel).await
        } else {
            through_background(url, expect, cancel).await
        };
        match result {
            Err(e) if e.retryable() && attempt < BACKOFF_MS.len() && !cancel.aborted() => {
                sleep(BACKOFF_MS[attempt]).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Whether `url` is relative or on the page's own origin.
fn same_origin(url: &str) -> bool {
    if !url.contains("://") {
        return true;
    }
    let page = web_sys::window().and_then(|w| w.location().origin().ok());
    page.is_some_and(|o| url == o || url.starts_with(&format!("{o}/")))
}

/// What the server said, wherever it was fetched.
struct Answer {
    status: u16,
    redirected: bool,
    content_type: String,
}

impl Answer {
    /// Login pages, HTTP errors and the wrong kind of answer, before the body is used.
    fn check(&self, expect: Expect, body: &str) -> Result<(), FetchError> {
        let html = self.content_type.contains("text/html");
        let login_page = || html && looks_like_login(body);
        if matches!(self.status, 401 | 403) || (self.redirected && login_page()) {
            return Err(FetchError::Login);
        }
        if !(200..300).contains(&self.status) {
            return Err(FetchError::Status(self.status));
        }
        if expect == Expect::Json && html {
            return Err(if login_page() || self.redirected {
                FetchError::Login
            } else {
                FetchError::Malformed(t("netHtmlNotJson"))
            });
        }
        if expect == Expect::Html && login_page() {
            return Err(FetchError::Login);
        }
        if body.len() > MAX_BODY_BYTES {
            return Err(FetchError::TooLarge);
        }
        Ok(())
    }
}

/// A page that asks for a password is a login form (the session has expired).
fn looks_like_login(body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    ["type=\"password\"", "type='password'", "type=password"]
        .iter()
        .any(|p| lower.contains(p))
}

/// The background worker fetches another origin with the operator's cookies: `fetch_text`
/// → [`FetchReply`].
async fn through_background(
    url: &str,
    expect: Expect,
    cancel: &AbortSignal,
) -> Result<String, FetchError> {
    let msg = Message {
        url: Some(url.into()),
        accept: Some(expect.accept().into()),
        ..Message::new(Kind::FetchText)
    };
    let reply = crate::ext::request(&msg).await.ok_or(FetchError::Network)?;
    if cancel.aborted() {
        return Err(FetchError::Aborted);
    }
    let reply: FetchReply =
        serde_wasm_bindgen::from_value(reply).map_err(|_| FetchError::Network)?;
    match reply.error.as_deref() {
        Some("timeout") => return Err(FetchError::Timeout),
        Some(_) => return Err(FetchError::Network),
        None => {}
    }
    let answer = Answer {
        status: reply.status as u16,
        redirected: reply.redirected,
        content_type: reply.content_type,
    };
    let text = reply.text;
    answer.check(expect, &text)?;
    Ok(text)
}

async fn attempt_once(
    url: &str,
    expect: Expect,
    cancel: &AbortSignal,
) -> Result<String, FetchError> {
    let window = web_sys::window().ok_or(FetchError::Network)?;
    let controller = AbortController::new().map_err(|_| FetchError::Network)?;
    // Cancel this attempt when the incident is left (the listener goes with this function).
    let _forward = {
        let c = controller.clone();
        EventListener::once(cancel, "abort", move |_| c.abort())
    };
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let arm = |ms: u32| {
        let (c, flag) = (controller.clone(), timed_out.clone());
        Timeout::new(ms, move || {
            flag.set(true);
            c.abort();
        })
    };
    // Dropping a `Timeout` clears it: replacing it re-arms, leaving this function disarms.
    let timer = std::cell::RefCell::new(arm(TIMEOUT_MS));
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_credentials(RequestCredentials::SameOrigin);
    init.set_signal(Some(&controller.signal()));
    if let Ok(headers) = web_sys::Headers::new() {
        let _ = headers.set("Accept", expect.accept());
        init.set_headers(&headers);
    }
    let result = async {
        let resp: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .map_err(|_| FetchError::Network)?
            .dyn_into()
            .map_err(|_| FetchError::Network)?;
        // The server answered in time; the body gets its own, longer limit.
        drop(timer.replace(arm(BODY_TIMEOUT_MS))); // the old one is cleared
        let answer = Answer {
            status: resp.status(),
            redirected: resp.redirected(),
            content_type: resp
                .headers()
                .get("content-type")
                .ok()
                .flatten()
                .unwrap_or_default(),
        };
        let text = JsFuture::from(resp.text().map_err(|_| FetchError::Network)?)
            .await
            .map_err(|_| FetchError::Network)?
            .as_string()
            .unwrap_or_default();
        answer.check(expect, &text)?;
        Ok(text)
    }
    .await;
    drop(timer);
    match result {
        Err(_) if cancel.aborted() => Err(FetchError::Aborted),
        Err(FetchError::Network) if timed_out.get() => Err(FetchError::Timeout),
        other => other,
    }
}

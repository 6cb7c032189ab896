//! Starts chromedriver and headless Chromium with the built extension; stops both on drop.

use crate::webdriver::{Error, Session};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Chromium flags known to work on these machines (DESIGN §6).
pub const FLAGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
    "--lang=ru",
];

/// The add-on id of `browser_specific_settings.gecko.id`.
pub const FIREFOX_ADDON_ID: &str = "wic-assist@wic-assist.example";
/// The internal UUID the tests pin for the add-on (its pages' host in Firefox).
pub const FIREFOX_UUID: &str = "0b7a6c2e-5d1f-4e8a-9c3b-77a1e0f4d5c2";

/// A browser with the extension loaded, driven over WebDriver.
pub struct Browser {
    /// The WebDriver session (dropped before the driver).
    pub session: Session,
    driver: Child,
    firefox: bool,
    _profile_dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with `dist/` loaded.
    pub fn start() -> Browser {
        Self::start_with(&[])
    }

    /// Like [`Browser::start`], with extra Chromium flags (e.g. a proxy).
    pub fn start_with(extra_args: &[String]) -> Browser {
        let dist = crate::dist();
        let profile_dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let driver =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .env("LANGUAGE", "ru") // Chromium on Linux takes its UI locale (and chrome.i18n's) from here
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromedriver (apt-get install chromium-driver)");
        let mut args: Vec<String> = FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile_dir.path().display()));
        args.push(format!("--load-extension={}", dist.display()));
        args.push(format!("--disable-extensions-except={}", dist.display()));
        args.extend(extra_args.iter().cloned());
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium_binary(), "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        Self::connect(driver, port, caps, profile_dir)
    }

    /// Starts geckodriver and a headless Firefox ESR with the packed extension installed as a
    /// temporary add-on.
    pub fn firefox() -> Browser {
        Self::firefox_with(serde_json::Map::new())
    }

    /// Firefox with extra preferences. The add-on's pages are always at
    /// `moz-extension://{FIREFOX_UUID}/` (the UUID is pinned by a preference).
    pub fn firefox_with(extra_prefs: serde_json::Map<String, Value>) -> Browser {
        let dist = crate::dist();
        let zip = std::fs::read_dir(&dist)
            .expect("read dist/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|x| x == "zip"))
            .expect("dist/ holds the packed extension (./build.sh)");
        let profile_dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let gecko = std::env::var("GECKODRIVER").unwrap_or_else(|_| {
            crate::root()
                .join(".tools/bin/geckodriver")
                .display()
                .to_string()
        });
        let driver = Command::new(gecko)
            .args(["--port", &port.to_string(), "--allow-system-access"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start geckodriver (./build.sh test installs it into .tools/)");
        let mut prefs = json!({
            "intl.locale.requested": "ru",
            "browser.shell.checkDefaultBrowser": false,
            "extensions.webextensions.uuids": json!({ FIREFOX_ADDON_ID: FIREFOX_UUID }).to_string(),
        });
        if let Some(p) = prefs.as_object_mut() {
            p.extend(extra_prefs);
        }
        let caps = json!({
            "browserName": "firefox",
            "moz:firefoxOptions": {
                "binary": std::env::var("FIREFOX").unwrap_or_else(|_| "/usr/bin/firefox-esr".into()),
                "args": ["-headless", "-width", "1280", "-height", "900"],
                "prefs": prefs
            }
        });
        let mut browser = Self::connect(driver, port, caps, profile_dir);
        browser.firefox = true;
        let installed = browser.session.install_addon(&zip.display().to_string());
        if let Err(e) = installed {
            panic!("could not install the add-on into Firefox: {e}");
        }
        browser
    }

    fn connect(
        mut driver: Child,
        port: u16,
        caps: Value,
        profile_dir: tempfile::TempDir,
    ) -> Browser {
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        let session = loop {
            match Session::new(&base, caps.clone()) {
                Ok(s) => break s,
                Err(e) if start.elapsed() < Duration::from_secs(20) && is_connect_error(&e) => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => {
                    let _ = driver.kill();
                    panic!("could not start the browser through its driver: {e}");
                }
            }
        };
        Browser {
            session,
            driver,
            firefox: false,
            _profile_dir: profile_dir,
        }
    }

    /// Firefox: opens one of the add-on's own pages in the current tab. WebDriver may not navigate a
    /// web-content tab to `moz-extension://`, so the browser's chrome loads it, as a user would.
    pub fn firefox_open_addon_page(&self, page: &str) -> Result<(), Error> {
        let url = format!("moz-extension://{FIREFOX_UUID}/{page}");
        self.session.set_context("chrome")?;
        let opened = self.session.execute(
            "const w = Services.wm.getMostRecentWindow('navigator:browser'); \
             w.gBrowser.loadURI(Services.io.newURI(arguments[0]), \
               { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() }); return true;",
            vec![json!(url)],
        );
        self.session.set_context("content")?;
        opened.map(|_| ())
    }

    /// Opens `url` and waits until the panel settles (`data-wa-state` = ready | error).
    pub fn open_incident(&self, url: &str) -> Result<String, Error> {
        self.session.goto(url)?;
        self.wait_settled()
    }

    /// Waits until the panel settles on the current page; returns the state. In a strict-CSP run
    /// ([`crate::strict_csp_run`]) Chromium must have taken the wasm2js path, else it is an error.
    pub fn wait_settled(&self) -> Result<String, Error> {
        let v = self.session.wait_for(
            "data-wa-state = ready|error",
            "const s = document.documentElement.dataset.waState; return (s === 'ready' || s === 'error') ? s : null;",
            Duration::from_secs(20),
        )?;
        if crate::strict_csp_run() && !self.firefox {
            let engine = self.engine()?;
            if engine.as_deref() != Some("wasm2js") {
                return Err(Error(format!(
                    "strict-CSP run, but the panel ran on {engine:?}, not wasm2js"
                )));
            }
        }
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Whether this is Firefox (geckodriver) rather than Chromium.
    pub fn is_firefox(&self) -> bool {
        self.firefox
    }

    /// `<html data-wa-engine>`: `wasm` or `wasm2js` once the content script has started.
    pub fn engine(&self) -> Result<Option<String>, Error> {
        let v = self.session.execute(
            "return document.documentElement.dataset.waEngine || null;",
            vec![],
        )?;
        Ok(v.as_str().map(str::to_string))
    }

    /// The console log since the last call (Chromium only; Firefox has no log endpoint: empty).
    pub fn browser_log(&self) -> Result<Vec<Value>, Error> {
        if self.firefox {
            return Ok(Vec::new());
        }
        self.session.browser_log()
    }

    /// Chromium: from the next navigation on, every page counts calls of `alert`, `confirm`,
    /// `prompt` and `print` in `window.__wicDialogs` (and keeps their messages in
    /// `window.__wicDialogLog`) instead of opening them — so a script smuggled into the page
    /// through ticket text is caught even when it would not block the driver. Firefox: no-op (an
    /// open dialog makes the next WebDriver command fail there, which the tests also catch).
    pub fn trap_dialogs(&self) -> Result<(), Error> {
        if self.firefox {
            return Ok(());
        }
        let source = "(() => { window.__wicDialogs = 0; window.__wicDialogLog = []; \
            for (const name of ['alert', 'confirm', 'prompt', 'print']) { \
              const trap = function () { window.__wicDialogs++; window.__wicDialogLog.push(name + ':' + String(arguments[0])); return null; }; \
              try { Object.defineProperty(window, name, { value: trap, writable: false, configurable: false }); } catch (_) { window[name] = trap; } \
            } })();";
        self.session
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": source }),
            )
            .map(|_| ())
    }

    /// `querySelector` inside the panel's shadow root; the element reference or null.
    pub fn panel_query(&self, selector: &str) -> Result<Value, Error> {
        self.session.execute(
            "const h = document.getElementById('wic-assist'); return h && h.shadowRoot ? h.shadowRoot.querySelector(arguments[0]) : null;",
            vec![json!(selector)],
        )
    }

    /// The text of the first element matching `selector` in the panel, or None.
    pub fn panel_text(&self, selector: &str) -> Result<Option<String>, Error> {
        let v = self.session.execute(
            "const h = document.getElementById('wic-assist'); const e = h && h.shadowRoot ? h.shadowRoot.querySelector(arguments[0]) : null; return e ? e.textContent : null;",
            vec![json!(selector)],
        )?;
        Ok(v.as_str().map(str::to_string))
    }
}

impl Browser {
    /// Saves `profile` (JSON text) through the options page, as an operator would.
    pub fn save_profile(&self, profile: &str) -> Result<(), Error> {
        let s = &self.session;
        s.goto(&format!(
            "chrome-extension://{}/options.html",
            crate::EXTENSION_ID
        ))?;
        s.wait_for(
            "options page ready",
            "return document.documentElement.dataset.waState === 'ready';",
            Duration::from_secs(10),
        )?;
        s.execute(
            "document.getElementById('profile-json').value = arguments[0];",
            vec![json!(profile)],
        )?;
        let save = s.execute("return document.getElementById('save-profile');", vec![])?;
        s.click(&save)?;
        s.wait_for(
            "profile saved",
            "return chrome.storage.local.get('profile').then(r => r.profile === document.getElementById('profile-json').value);",
            Duration::from_secs(5),
        )
        .map(|_| ())
    }

    /// Waits until `selector` matches inside the panel's shadow root; returns the element.
    pub fn wait_panel(&self, selector: &str) -> Result<Value, Error> {
        let script = format!(
            "const h = document.getElementById('wic-assist'); return h && h.shadowRoot ? h.shadowRoot.querySelector({}) : null;",
            serde_json::to_string(selector).expect("a string")
        );
        self.session
            .wait_for(selector, &script, Duration::from_secs(20))
    }

    /// Clicks the panel element matching `selector` (waiting for it first).
    pub fn click_panel(&self, selector: &str) -> Result<(), Error> {
        let el = self.wait_panel(selector)?;
        self.session.click(&el)
    }

    /// `code: message` of every `[data-wa-error]` in the panel.
    pub fn panel_errors(&self) -> Result<Vec<String>, Error> {
        let v = self.session.execute(
            "const h = document.getElementById('wic-assist'); if (!h || !h.shadowRoot) return []; \
             return [...h.shadowRoot.querySelectorAll('[data-wa-error]')].map(e => e.dataset.waError + ': ' + e.textContent);",
            vec![],
        )?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }
}

fn is_connect_error(e: &Error) -> bool {
    e.0.contains("Connection refused")
        || e.0.contains("connection refused")
        || e.0.contains("Connection Failed")
}

fn chromium_binary() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string())
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.session.quit();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

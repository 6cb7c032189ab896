//! Starts headless Chromium (chromedriver) or Firefox ESR (geckodriver) with the built extension,
//! and stops both on drop; a few page-level helpers (settle, engine, console, dialog trap). How a
//! driver is started and retried is `launch.rs`'s; the panel's helpers are in `panel.rs`.
//! Must not know the panel's contract or the ticket site.

use crate::launch::{self, Driver, Retry};
use crate::process::Guarded;
use crate::webdriver::{Error, Session};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;

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
    driver: Guarded,
    firefox: bool,
    _profile_dir: tempfile::TempDir,
}

/// How to start Chromium ([`Browser::chromium`]).
#[derive(Clone, Debug)]
pub struct Chromium {
    /// The unpacked extension to load; `None` starts Chromium with extensions disabled.
    pub extension: Option<PathBuf>,
    /// Flags after [`FLAGS`] (e.g. a proxy).
    pub args: Vec<String>,
    /// `goog:loggingPrefs` (the tests read the `browser` log, the benchmarks `performance`).
    pub logging: Value,
    /// Bounds of the start and the HTTP timeout of each command.
    pub retry: Retry,
}

impl Default for Chromium {
    /// The built extension (`dist/`, see [`crate::dist`]), the console log, [`Retry::default`].
    fn default() -> Chromium {
        Chromium {
            extension: Some(crate::dist()),
            args: Vec::new(),
            logging: json!({ "browser": "ALL" }),
            retry: Retry::default(),
        }
    }
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with `dist/` loaded.
    pub fn start() -> Browser {
        Self::chromium(Chromium::default())
    }

    /// Like [`Browser::start`], with extra Chromium flags (e.g. a proxy).
    pub fn start_with(extra_args: &[String]) -> Browser {
        Self::chromium(Chromium {
            args: extra_args.to_vec(),
            ..Chromium::default()
        })
    }

    /// Starts chromedriver and a headless Chromium as `opts` says; panics with what failed and how
    /// to run the test alone (see `launch.rs`).
    pub fn chromium(opts: Chromium) -> Browser {
        let profile_dir = tempfile::tempdir().expect("temp dir");
        let mut args: Vec<String> = FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile_dir.path().display()));
        match &opts.extension {
            Some(dir) => {
                args.push(format!("--load-extension={}", dir.display()));
                args.push(format!("--disable-extensions-except={}", dir.display()));
            }
            None => args.push("--disable-extensions".into()),
        }
        args.extend(opts.args);
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium_binary(), "args": args },
            "goog:loggingPrefs": opts.logging,
        });
        let driver = Driver {
            browser: "Chromium",
            binary: std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()),
            args: vec!["--port={port}".into()],
            // Chromium on Linux takes its UI locale (and chrome.i18n's) from here.
            env: vec![("LANGUAGE".into(), "ru".into())],
        };
        Self::connect(&driver, &caps, &opts.retry, profile_dir)
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
        let gecko = std::env::var("GECKODRIVER").unwrap_or_else(|_| {
            crate::root()
                .join(".tools/bin/geckodriver")
                .display()
                .to_string()
        });
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
        let driver = Driver {
            browser: "Firefox ESR",
            binary: gecko,
            args: vec![
                "--port".into(),
                "{port}".into(),
                "--allow-system-access".into(),
            ],
            env: vec![],
        };
        let mut browser = Self::connect(&driver, &caps, &Retry::default(), profile_dir);
        browser.firefox = true;
        let installed = browser.session.install_addon(&zip.display().to_string());
        if let Err(e) = installed {
            panic!("could not install the add-on into Firefox: {e}");
        }
        browser
    }

    fn connect(
        driver: &Driver,
        caps: &Value,
        retry: &Retry,
        profile_dir: tempfile::TempDir,
    ) -> Browser {
        match launch::start(driver, caps, retry) {
            Ok((session, driver)) => Browser {
                session,
                driver,
                firefox: false,
                _profile_dir: profile_dir,
            },
            Err(message) => panic!("{message}"),
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
}

fn chromium_binary() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string())
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.session.quit();
        self.driver.stop();
    }
}

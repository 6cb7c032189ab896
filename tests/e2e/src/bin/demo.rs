//! `./build.sh demo`: the sandbox with demo data and the extension in Chromium. With a display it
//! opens a visible browser; headless, it saves a screenshot of an incident page with the panel.
//! The sandbox and the browser are children that end with the demo: on Ctrl+C or SIGTERM to the
//! demo alone, and (Linux) even when the demo is killed (`wic_e2e::process`).
//! Must not know the flows' rules: it drives the built extension as an operator would.

use std::path::PathBuf;
use std::process::Command;
use wic_e2e::process::Guarded;
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Sandbox};

const DEMO_INCIDENT: u64 = 19269153;

fn main() {
    let mut db = PathBuf::from("target/demo/wic-sandbox.db");
    let mut shot = PathBuf::from("target/demo/incident.png");
    let mut shots: Option<PathBuf> = None;
    let mut once = false;
    let mut browser = true;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => db = args.next().map(PathBuf::from).expect("--db PATH"),
            "--screenshot" => shot = args.next().map(PathBuf::from).expect("--screenshot PATH"),
            "--flows" => shots = args.next().map(PathBuf::from),
            "--once" => once = true,
            "--no-browser" => browser = false,
            other => {
                eprintln!("unknown argument {other}; usage: wic-demo [--db PATH] [--screenshot PATH] [--once] [--flows DIR] [--no-browser]");
                std::process::exit(2);
            }
        }
    }
    let mut sandbox = Sandbox::start(Options {
        demo_data: true,
        db: Some(db),
        ..Options::default()
    });
    if let Some(dir) = shots {
        flow_screenshots(&sandbox, &dir);
        drop(sandbox);
        return;
    }
    let url = format!("{}/incidents/{DEMO_INCIDENT}", sandbox.url);
    if !browser {
        println!(
            "sandbox (pid {}): open {url}\n(serves until Ctrl+C; load dist/ as an unpacked extension in your browser)",
            sandbox.pid()
        );
        sandbox.wait();
        return;
    }
    if std::env::var_os("DISPLAY").is_some() {
        let dist = wic_e2e::dist();
        let profile = tempfile::tempdir().expect("temp dir");
        println!(
            "sandbox: {}\nopening {url} in Chromium with the extension; Ctrl+C to stop",
            sandbox.url
        );
        let mut cmd = Command::new("chromium");
        cmd.arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--load-extension={}", dist.display()))
            .arg(format!("--disable-extensions-except={}", dist.display()))
            .args([
                "--no-first-run",
                "--disable-background-networking",
                "--no-sandbox",
                &url,
            ]);
        match Guarded::spawn(&mut cmd, false) {
            Ok(mut chromium) => {
                let _ = chromium.wait();
            }
            Err(e) => eprintln!("could not start chromium: {e}"),
        }
        return;
    }
    let browser = Browser::start();
    let state = browser
        .open_incident(&url)
        .unwrap_or_else(|e| panic!("panel did not settle: {e}"));
    let png = browser.session.screenshot().expect("screenshot");
    std::fs::write(&shot, png).expect("write screenshot");
    drop(browser);
    println!("panel state: {state}");
    println!("screenshot: {}", shot.display());
    if once {
        return;
    }
    println!("open {url}\n(the sandbox serves until Ctrl+C; load dist/ as an unpacked extension in your browser)");
    sandbox.wait();
}

/// One screenshot per operator flow, for the README.
fn flow_screenshots(sandbox: &Sandbox, dir: &std::path::Path) {
    use serde_json::json;
    use wic_e2e::data::{call, incident};
    std::fs::create_dir_all(dir).expect("create screenshot folder");
    let browser = Browser::start();
    let save = |name: &str| {
        let png = browser.session.screenshot().expect("screenshot");
        let path = dir.join(name);
        std::fs::write(&path, png).expect("write screenshot");
        println!("{}", path.display());
    };
    let scroll = |section: &str| {
        browser
            .session
            .execute(
                "const s = document.getElementById('wic-assist').shadowRoot.querySelector('[data-wa-section=\"' + arguments[0] + '\"]'); s.scrollIntoView();",
                vec![json!(section)],
            )
            .expect("scroll the panel");
    };
    browser
        .open_incident(&format!("{}/incidents/{DEMO_INCIDENT}", sandbox.url))
        .expect("panel");
    save("flow-duplicates.png");
    let id = incident(
        sandbox,
        json!({"title": "Не отправляется отчет в ФНС", "phone": "8(922)203-07-70",
        "type": "Контур.Экстерн", "department": "Экстерн 2 линия", "inn_kpp": "6678083608-667801001"}),
    );
    let mine = call(sandbox, "+7 922 203-07-70", 6, 197);
    browser
        .open_incident(&format!("{}/incidents/{id}", sandbox.url))
        .expect("panel");
    scroll("calls");
    save("flow-calls.png");
    browser
        .click_panel(&format!("[data-wa-call=\"{mine}\"] [data-wa-action=link]"))
        .expect("link");
    browser
        .wait_panel(&format!("[data-wa-call=\"{mine}\"][data-wa-linked]"))
        .expect("linked");
    scroll("calls");
    save("flow-call-linked.png");
    browser
        .click_panel("[data-wa-action=sms-incident-number]")
        .expect("sms");
    browser
        .wait_panel("[data-wa-sms-segments]")
        .expect("sms filled");
    scroll("sms");
    save("flow-sms.png");
    browser
        .click_panel("[data-wa-action=non-client]")
        .expect("non-client");
    browser
        .wait_panel("[data-wa-section=non-client] [data-wa-done]")
        .expect("filled");
    scroll("non-client");
    save("flow-non-client.png");
}

//! `./build.sh demo`: the sandbox with demo data and the extension in Chromium. With a display it
//! opens a visible browser; headless, it saves a screenshot of an incident page with the panel.

use std::path::PathBuf;
use std::process::Command;
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Sandbox};

const DEMO_INCIDENT: u64 = 19269153;

fn main() {
    let mut db = PathBuf::from("target/demo/wic-sandbox.db");
    let mut shot = PathBuf::from("target/demo/incident.png");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => db = args.next().map(PathBuf::from).expect("--db PATH"),
            "--screenshot" => shot = args.next().map(PathBuf::from).expect("--screenshot PATH"),
            other => {
                eprintln!("unknown argument {other}; usage: wic-demo [--db PATH] [--screenshot PATH]");
                std::process::exit(2);
            }
        }
    }
    let sandbox = Sandbox::start(Options { demo_data: true, db: Some(db), ..Options::default() });
    let url = format!("{}/incidents/{DEMO_INCIDENT}", sandbox.url);
    if std::env::var_os("DISPLAY").is_some() {
        let dist = wic_e2e::dist();
        let profile = tempfile::tempdir().expect("temp dir");
        println!("sandbox: {}\nopening {url} in Chromium with the extension; Ctrl+C to stop", sandbox.url);
        let status = Command::new("chromium")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--load-extension={}", dist.display()))
            .arg(format!("--disable-extensions-except={}", dist.display()))
            .args(["--no-first-run", "--disable-background-networking", "--no-sandbox", &url])
            .status();
        if let Err(e) = status {
            eprintln!("could not start chromium: {e}");
        }
        return;
    }
    let browser = Browser::start();
    let state = browser.open_incident(&url).unwrap_or_else(|e| panic!("panel did not settle: {e}"));
    let png = browser.session.screenshot().expect("screenshot");
    std::fs::write(&shot, png).expect("write screenshot");
    println!("panel state: {state}");
    println!("screenshot: {}", shot.display());
    println!("open {url} (the sandbox stops with this command; run it with a display to browse)");
}

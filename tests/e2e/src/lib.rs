//! Harness for the end-to-end tests, the demo and the benchmarks: starts the sandbox and a browser
//! (headless Chromium or Firefox ESR through its WebDriver driver) with the built extension, and
//! always stops them: on drop, also when a test fails, and when the run is interrupted or killed
//! (`process.rs`). Knows no product logic: the panel's contract (`sel`, `panel.rs`), the site's page
//! (`page.rs`) and the extension's pages (`ext_pages.rs`) are driven as an operator would.

pub mod browser;
pub mod data;
mod ext_pages;
mod fixtures;
pub mod launch;
mod page;
mod panel;
pub mod process;
pub mod proxy;
pub mod sandbox;
pub mod sel;
mod serve;
pub mod site;
pub mod webdriver;

pub use browser::{Browser, Chromium};
pub use ext_pages::builtin_profile;
pub use fixtures::sandbox_with;
pub use sandbox::Sandbox;

use std::path::PathBuf;

/// The project's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("project root")
}

/// The unpacked extension (`WIC_DIST`, default `dist/`); panics with the command to run when absent.
pub fn dist() -> PathBuf {
    let dir = std::env::var_os("WIC_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("dist"));
    assert!(
        dir.join("manifest.json").is_file(),
        "no built extension at {}: run ./build.sh first",
        dir.display()
    );
    dir
}

/// Cargo's target folder: `CARGO_TARGET_DIR` when set (`./build.sh` lets work trees move it),
/// else `target/` at the project root.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), |t| root().join(t))
}

/// The sandbox binary (`WIC_SANDBOX_BIN`, default `debug/wic-sandbox` in [`target_dir`]).
pub fn sandbox_bin() -> PathBuf {
    let bin = std::env::var_os("WIC_SANDBOX_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/wic-sandbox"));
    assert!(
        bin.is_file(),
        "no sandbox binary at {}: run `cargo build -p wic-sandbox`",
        bin.display()
    );
    bin
}

/// Whether this run puts every sandbox page under the strict CSP (`WIC_E2E_CSP=strict`):
/// [`sandbox::Options::default`] then asks for it, and [`Browser::wait_settled`] insists that
/// Chromium took the wasm2js path. `tests/strict_csp.rs` sets it for its whole binary.
pub fn strict_csp_run() -> bool {
    std::env::var("WIC_E2E_CSP").is_ok_and(|v| v == "strict")
}

/// Fails with every problem a long run collected (one a line), or passes when there is none.
pub fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Defines the same check twice, as `#[ignore]`d tests: `$chromium` runs `$run` with
/// [`Browser::start`], `$firefox` with [`Browser::firefox`] (each needs `dist/`, the sandbox and
/// its browser and driver: `./build.sh test` runs them).
#[macro_export]
macro_rules! in_chromium_and_firefox {
    ($run:ident: $chromium:ident, $firefox:ident) => {
        #[test]
        #[ignore = "needs dist/, the sandbox and Chromium: run ./build.sh test"]
        fn $chromium() {
            $run($crate::Browser::start());
        }

        #[test]
        #[ignore = "needs dist/, the sandbox, Firefox ESR and geckodriver: run ./build.sh test"]
        fn $firefox() {
            $run($crate::Browser::firefox());
        }
    };
}

/// Percent-encodes a query value with wic-core's encoder (the extension's own).
pub fn enc(value: &str) -> String {
    let mut out = String::new();
    wic_core::source::encode_component(value, &mut out);
    out
}

/// The extension's id: fixed by the `key` in manifest.json.
pub const EXTENSION_ID: &str = "nfhagmdipipbbjcpakddmihpbhmecdbk";

/// Computes a Chromium extension id from the manifest's base64 `key` (to check `EXTENSION_ID`).
pub fn extension_id_from_key(key_b64: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let der = base64::engine::general_purpose::STANDARD
        .decode(key_b64)
        .expect("manifest key is base64");
    let hash = sha2::Sha256::digest(der);
    hash[..16]
        .iter()
        .flat_map(|b| [b >> 4, b & 15])
        .map(|n| (b'a' + n) as char)
        .collect()
}

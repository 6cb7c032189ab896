//! Every main flow of `flows.rs` again, on a page with `Content-Security-Policy: script-src 'self'`:
//! Chromium cannot compile WebAssembly in the content script there, so each flow must run on the
//! wasm2js fallback. The flows are not copied: this binary includes `flows.rs` and turns the whole
//! run strict (`WIC_E2E_CSP=strict` before `main`), so every sandbox sends the strict CSP and
//! `Browser::wait_settled` fails unless `data-wa-engine` is `wasm2js`.

// Set before the test harness starts any thread (the ELF initializer runs ahead of `main`).
#[used]
#[link_section = ".init_array"]
static STRICT_CSP_RUN: extern "C" fn() = {
    extern "C" fn strict() {
        std::env::set_var("WIC_E2E_CSP", "strict");
    }
    strict
};

#[path = "flows.rs"]
mod flows;

#[test]
fn this_binary_runs_under_the_strict_csp() {
    assert!(wic_e2e::strict_csp_run());
    assert!(wic_e2e::sandbox::Options::default().strict_csp);
}

//! wic-assist browser side (Rust → wasm): reads the page through the site profile, asks wic-core,
//! renders the panel. Every selector and endpoint comes from the profile; every rule from wic-core.
//! Must not know any site, selector or rule itself: it wires the profile, the features and wic-core to the pages' calls.
//!
//! One crate, two shipped modules (build.sh): feature `content` exports the content script's entry
//! (`content.rs`), feature `pages` the extension pages' (`pages.rs`); each module keeps only the code
//! its exports reach.

pub mod app;
pub mod dom;
mod draft;
pub mod ext;
pub mod features;
pub mod forms;
pub mod i18n;
pub mod message;
pub mod net;
pub mod page;
pub mod panel;
pub mod popup;
pub mod profile;
pub mod settings;
mod sources;
pub mod team;
pub mod timer;
pub mod verdicts;

#[cfg(feature = "content")]
mod content;
#[cfg(feature = "pages")]
mod pages;

use std::sync::atomic::{AtomicBool, Ordering};

static PANICKED: AtomicBool = AtomicBool::new(false);

/// Whether the module has panicked: after that the panel's state stays `error` (what still runs
/// after a trap must not report `ready`).
pub fn panicked() -> bool {
    PANICKED.load(Ordering::Relaxed)
}

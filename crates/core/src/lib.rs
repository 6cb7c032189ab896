//! wic-core: every business rule of wic-assist, pure Rust. Must not know any browser, clock or I/O.
#![deny(missing_docs)]

pub mod model;

//! wic-core: every business rule of wic-assist, pure Rust. Must not know any browser, clock or I/O.
#![deny(missing_docs)]

pub mod dates;
pub mod duplicates;
pub mod inn;
pub mod model;
pub mod non_client;
pub mod phone;
pub mod registration;
pub mod sms;
pub mod source;
pub mod text;

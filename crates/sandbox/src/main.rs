//! wic-sandbox: placeholder until the reference ticket system lands.
fn main() {}

//! Criterion benchmark: rank 1k / 10k / 100k synthetic history incidents against one incident.
fn main() {}

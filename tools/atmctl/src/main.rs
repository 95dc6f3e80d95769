//! atmctl: the operator's tool.
fn main() {}

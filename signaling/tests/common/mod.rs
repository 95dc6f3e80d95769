//! Test support shared by the signaling integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stderr)]

pub mod ie_strategies;
pub mod pdml;
pub mod tshark;

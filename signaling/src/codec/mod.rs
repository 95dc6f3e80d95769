//! The Q.2931 / UNI 3.1 / UNI 4.0 message and information-element codec.
//!
//! Decoding and encoding never allocate and never panic.

pub mod ie;

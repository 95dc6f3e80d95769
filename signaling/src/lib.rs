//! UNI signaling for the call-manager half of the MCM.
//!
//! This crate will hold, as sans-IO state machines (design.md, principle 2):
//! - the Q.2931 / UNI 3.1 / UNI 4.0 message and information-element codec (with Q.2971
//!   point-to-multipoint, UNI 4.0 leaf-initiated join and Q.2963.1 modification);
//! - SAAL: SSCOP (Q.2110) and SSCF-UNI (Q.2130) on VPI/VCI 0/5 ([`saal`]);
//! - UNI call control, user side and network side, and the `UniStack` that joins it to
//!   SSCF-UNI ([`call`]).
//!
//! Time comes in as [`hal::time::Instant`]; nothing here reads a clock or spawns a thread.
#![no_std]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod call;
pub mod codec;
pub mod saal;

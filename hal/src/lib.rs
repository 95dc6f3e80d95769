//! Everything on an ATM NIC's data path below the VC context.
//!
//! - [`capture`]: SunATM pcap captures that Wireshark decodes.
//! - [`time`]: the no_std virtual clock types every sans-IO state machine takes as input.
//! - [`traffic`]: TM 4.1 / I.371 traffic management: GCRA, shaping, the cell-slot scheduler, UPC.
//!
//! The crate is `no_std` + `alloc`, never panics on any input and keeps its memory bounded
//! (design.md, principle 3).
#![no_std]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod capture;
pub mod time;
pub mod traffic;

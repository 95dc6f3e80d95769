//! Everything on an ATM NIC's data path below the VC context.
//!
//! - [`aal5`]: AAL5 (I.363.5): CRC-32, CPCS-PDU, segmentation, reassembly, buffer pool, AAL0.
//! - [`capture`]: SunATM pcap captures that Wireshark decodes.
//! - [`time`]: the no_std virtual clock types every sans-IO state machine takes as input.
//!
//! The crate is `no_std` + `alloc`, never panics on any input and keeps its memory bounded
//! (design.md, principle 3).
#![no_std]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod aal5;
pub mod capture;
pub mod time;

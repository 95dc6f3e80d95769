//! The MCM driver core: one NDIS driver that is both the CoNDIS call manager and the miniport
//! for an ATM NIC.
//!
//! This crate will hold the shared VC table (one context per VC, meeting point of both halves),
//! the call-manager half (SAPs, calls, parties, PVCs on top of the signaling crate), the
//! miniport half (activation, send, receive, OIDs on top of the hal crate), the NDIS boundary as
//! traits, and `ndis/` — the Windows glue, compiled only for the Windows target.
//!
//! Modules:
//! - [`abi`]: NDIS structures (x64 layouts of ndis.h / atm.h) parsed from and built into byte
//!   buffers, `NDIS_STATUS` and OID codes, OID length rules and media-parameter validation —
//!   safe, host-tested code; the Windows glue only turns pointers into slices.
//! - [`boundary`]: the NDIS boundary as traits — the handlers the core implements, the
//!   upcalls it makes, opaque handles and packet lists, the pool allocation façade — and the
//!   host NDIS port with the CoNDIS contract checker (condis-reference.md §7).
#![no_std]

extern crate alloc;

pub mod abi;
pub mod boundary;
#[cfg(test)]
extern crate std;

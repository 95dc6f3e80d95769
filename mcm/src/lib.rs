//! The MCM driver core: one NDIS driver that is both the CoNDIS call manager and the miniport
//! for an ATM NIC.
//!
//! This crate holds (or will hold) the shared VC table (one context per VC, meeting point of both halves),
//! the call-manager half (SAPs, calls, parties, PVCs on top of the signaling crate), the
//! miniport half (activation, send, receive, OIDs on top of the hal crate), the NDIS boundary as
//! traits, and `ndis/` — the Windows glue, compiled only for the Windows target.
//!
//! Modules:
//! - [`abi`]: NDIS structures (x64 layouts of ndis.h / atm.h) parsed from and built into byte
//!   buffers, `NDIS_STATUS` and OID codes, OID length rules and media-parameter validation —
//!   safe, host-tested code; the Windows glue only turns pointers into slices.
//! - [`vc`]: the adapter's VC table — slab of VC contexts, (VPI, VCI) lookup, NDIS VC state
//!   machine, reference counting with rundown for deactivate/delete/halt.
//! - [`boundary`]: the NDIS boundary as traits (handlers the core implements, upcalls it makes),
//!   opaque handles and packet lists, and the host NDIS port with the §7 contract checker.
//! - [`miniport`]: the miniport half — `MiniportCore`, the MiniportHandlers over a
//!   `hal::nic::Nic`: activation, send, receive, pause/reset/halt, OID_GEN_CO_* / OID_ATM_*.
//! - [`sync`]: the atomics shared between CPUs, switchable to loom (`--cfg loom`).
#![no_std]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod abi;
pub mod boundary;
pub mod miniport;
pub mod sync;
pub mod vc;

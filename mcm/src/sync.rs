//! The atomics the VC table shares between CPUs, switchable to loom's model-checked versions.
//!
//! Normally this re-exports `core::sync::atomic`; built with `RUSTFLAGS="--cfg loom"` it
//! re-exports `loom::sync::atomic`, so `tests/vc_loom.rs` explores every interleaving (and the
//! weak-memory behaviours loom models) of the very code the driver runs.
//!
//! There is deliberately no lock type here. A lock that guards data needs `UnsafeCell`, and the
//! core has no `unsafe` (design.md, principle 3). Exclusive access is expressed as `&mut` instead:
//! the NDIS glue keeps each adapter's [`crate::vc::VcTable`] behind an `NDIS_RW_LOCK_EX` and
//! hands out `&VcTable` from the read side and `&mut VcTable` from the write side (the host test
//! port and the loom models use `RwLock` for the same mapping). Only reference counts and state
//! words are shared through `&self`; they are the atomics re-exported here.

#[cfg(not(loom))]
pub use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};

#[cfg(loom)]
pub use loom::sync::atomic::{AtomicU32, AtomicU64, Ordering};

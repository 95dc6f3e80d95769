//! The simulated hardware: a deterministic cell fabric in virtual time and its cell ports.
//!
//! - [`rng`]: the seeded generator behind every fault (xoshiro256** over SplitMix64).
//! - [`Fabric`]: ports joined by [`Link`](LinkConfig)s with a cell rate, a propagation delay
//!   and seeded loss, corruption, duplication and reordering; links go down and up.
//! - [`SimCellPort`]: a fabric port as a [`CellPort`](crate::nic::CellPort);
//!   `SoftSar<SimCellPort>` is the software NIC the tests, the simulator and the driver's
//!   virtual adapter use ([`SoftNic`]). [`LoopbackPort`] loops a port's cells back to itself.
//! - [`CellSwitch`]: VP/VC cross-connects between fabric ports with header translation and
//!   UPC — the cell-forwarding half of the simulated network's switch.
//!
//! Driving loop (sans-IO; the caller owns the clock):
//! 1. let each NIC transmit and run its timers: `nic.handle_timeout(now)`;
//! 2. move cells: `fabric.advance(now, &mut [nic_a.port_mut(), nic_b.port_mut()])`;
//! 3. drain each NIC's events: `while let Some(ev) = nic.poll_event(now) { … }`;
//! 4. `now` = the earliest of every `poll_timeout()` (a NIC that queued cells while polling —
//!    an OAM reply, say — reports the current instant, so step 1 runs again at once).

mod fabric;
mod port;
pub mod rng;
mod switch;

pub use fabric::{
    Fabric, FabricConfig, FabricError, FaultConfig, LinkConfig, LinkCounters, LinkId,
};
pub use port::{LoopbackPort, PortConfig, PortId, SimCellPort, SimPortCounters};
pub use rng::{Rng, SplitMix64};
pub use switch::{CellSwitch, ConnectionId, CrossConnect, Route, SwitchCounters, SwitchError};

/// The software NIC: the software SAR over a fabric port.
pub type SoftNic = crate::nic::SoftSar<SimCellPort>;

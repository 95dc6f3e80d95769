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
//!
//! Two software NICs exchanging one PDU:
//!
//! ```
//! use hal::cell::VpiVci;
//! use hal::nic::{AalType, ChannelId, ChannelParams, Nic, NicEvent, SoftSar, SoftSarConfig, TxToken};
//! use hal::sim::{Fabric, FabricConfig, LinkConfig, PortConfig};
//! use hal::time::{Duration, Instant};
//! use hal::traffic::TrafficParams;
//!
//! let mut fabric = Fabric::new(FabricConfig::new(7, 2));
//! let pa = fabric.add_port(PortConfig::oc3([2, 0, 0, 0, 0, 1])).unwrap();
//! let pb = fabric.add_port(PortConfig::oc3([2, 0, 0, 0, 0, 2])).unwrap();
//! let link = fabric.connect(pa.id(), pb.id(), LinkConfig::oc3(Duration::from_micros(5))).unwrap();
//! fabric.set_link(link, true).unwrap();
//! let mut a = SoftSar::new(pa, SoftSarConfig::new(4)).unwrap();
//! let mut b = SoftSar::new(pb, SoftSarConfig::new(4)).unwrap();
//!
//! let mut now = Instant::ZERO;
//! fabric.advance(now, &mut [a.port_mut(), b.port_mut()]); // carrier comes up
//! let ubr = TrafficParams::ubr(0, Duration::ZERO);
//! let params = ChannelParams {
//!     vpi_vci: VpiVci::new(0, 100),
//!     aal: AalType::Aal5,
//!     tx_traffic: ubr,
//!     rx_traffic: ubr,
//!     tx_max_sdu: 9180,
//!     rx_max_sdu: 9180,
//!     deliver_errored: false,
//!     clp_default: false,
//! };
//! a.open_channel(now, ChannelId(0), &params).unwrap();
//! b.open_channel(now, ChannelId(0), &params).unwrap();
//! a.transmit(now, ChannelId(0), &[b"hello, ", b"ATM"], false, TxToken(1)).unwrap();
//!
//! let mut got = None;
//! while got.is_none() {
//!     a.handle_timeout(now);
//!     b.handle_timeout(now);
//!     fabric.advance(now, &mut [a.port_mut(), b.port_mut()]);
//!     while let Some(_ev) = a.poll_event(now) {} // link state, transmit completion
//!     while let Some(ev) = b.poll_event(now) {
//!         if let NicEvent::Received(pdu) = ev {
//!             got = Some(b.rx_data(pdu.buffer).unwrap()[..pdu.len].to_vec());
//!             b.return_buffer(pdu.buffer);
//!         }
//!     }
//!     let next = [a.poll_timeout(), b.poll_timeout(), fabric.poll_timeout()];
//!     now = next.into_iter().flatten().min().unwrap_or(now).max(now);
//! }
//! assert_eq!(got.as_deref(), Some(&b"hello, ATM"[..]));
//! ```

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

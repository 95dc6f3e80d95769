//! Realistic per-VC call and data-path state, shared by the VC table tests and the benchmark,
//! sized like what the call-manager and miniport halves will keep (for the memory figure).
#![allow(dead_code)]

use core::sync::atomic::AtomicU64;

use hal::time::Instant;
use mcm::vc::VcCall;

/// ATM traffic descriptor of one direction (Q.2931 §4.5.6; cells/s).
#[derive(Debug, Default, Clone, Copy)]
pub struct TrafficDescriptor {
    pub peak_cell_rate_clp0: u32,
    pub peak_cell_rate_clp01: u32,
    pub sustainable_cell_rate_clp0: u32,
    pub sustainable_cell_rate_clp01: u32,
    pub maximum_burst_size_clp0: u32,
    pub maximum_burst_size_clp01: u32,
}

/// Call-manager half: call reference, Q.2931 call state, parties, negotiated QoS, timers.
#[derive(Debug, Default)]
pub struct CallState {
    /// Q.2931 §4.3: 23-bit call reference value plus flag.
    pub call_reference: Option<u32>,
    /// Q.2931 §2.1 call state U0..U12.
    pub state: u8,
    pub endpoint_reference: u16,
    pub parties: u16,
    pub forward: TrafficDescriptor,
    pub backward: TrafficDescriptor,
    pub forward_max_sdu: u32,
    pub backward_max_sdu: u32,
    pub qos_class: [u8; 2],
    pub bearer_class: u8,
    pub sap: Option<u32>,
    pub cause: Option<u8>,
    /// T303, T308, T310, T322 (Q.2931 §6.6).
    pub timers: [Option<Instant>; 4],
    pub ndis_party: Option<u64>,
}

impl VcCall for CallState {
    fn has_call(&self) -> bool {
        self.call_reference.is_some()
    }
}

/// GCRA(T, τ) state (I.371 §4.4.2): theoretical arrival time, increment, limit (ns).
#[derive(Debug, Default, Clone, Copy)]
pub struct Gcra {
    pub tat: u64,
    pub increment: u64,
    pub limit: u64,
}

/// Miniport half: HAL channel, reassembly, shaper, counters.
#[derive(Debug, Default)]
pub struct DataPath {
    /// Tag used by tests to recognise which VC a context belongs to.
    pub tag: u64,
    pub hal_channel: u32,
    /// Reassembly: buffer from the adapter's pool, octets so far, cells so far.
    pub reassembly_buffer: Option<u32>,
    pub reassembly_len: u32,
    pub reassembly_cells: u32,
    pub reassembly_started: Option<Instant>,
    pub peak_shaper: Gcra,
    pub sustained_shaper: Gcra,
    /// tx PDUs/octets, rx PDUs/octets, rx CRC errors, rx length errors, rx dropped, tx dropped.
    pub counters: [AtomicU64; 8],
}

impl DataPath {
    pub fn tagged(tag: u64) -> DataPath {
        DataPath { tag, ..DataPath::default() }
    }
}

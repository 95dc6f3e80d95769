//! Robustness: arbitrary cells from the line never panic the SoftSar, never leak a receive
//! buffer, and every cell lands in exactly one place.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod nic_common;

use hal::cell::{Cell, HeaderFormat, HeaderRepr, Pti};
use hal::nic::{
    CellPort, CellPortInfo, CellTxError, ChannelId, Nic, NicEvent, SoftSar, SoftSarConfig,
};
use hal::time::{Duration, Instant};
use nic_common::*;
use proptest::prelude::*;

/// A port that plays back a list of received cells and swallows what is sent.
struct Playback {
    /// Cells still to deliver, last first.
    cells: Vec<Cell>,
    up_once: bool,
}

impl CellPort for Playback {
    fn info(&self) -> CellPortInfo {
        CellPortInfo { line_cell_rate: 100_000, esi: ESI_A }
    }
    fn tx_ready(&self) -> bool {
        true
    }
    fn transmit_cell(&mut self, _now: Instant, _cell: &Cell) -> Result<(), CellTxError> {
        Ok(())
    }
    fn receive_cell(&mut self, _now: Instant) -> Option<Cell> {
        self.cells.pop()
    }
    fn link_up(&self) -> bool {
        true
    }
    fn poll_link_change(&mut self) -> Option<bool> {
        if self.up_once {
            None
        } else {
            self.up_once = true;
            Some(true)
        }
    }
    fn rx_dropped(&self) -> u64 {
        0
    }
}

/// A cell: either random octets, or a valid header on an interesting VPI/VCI with a random
/// PTI and payload (so reassembly, OAM parsing and the lookup all see hostile input).
fn cell_strategy() -> impl Strategy<Value = Cell> {
    let raw = proptest::collection::vec(any::<u8>(), 53).prop_map(|v| {
        let mut c = [0u8; 53];
        c.copy_from_slice(&v);
        c
    });
    let framed = (
        prop_oneof![
            Just((0u16, 100u16)),
            Just((0, 101)),
            Just((1, 3)),
            Just((1, 4)),
            Just((0, 0)),
            (0u16..4, 0u16..200)
        ],
        0u8..8,
        any::<bool>(),
        proptest::collection::vec(any::<u8>(), 48),
    )
        .prop_map(|((vpi, vci), pti, clp, payload)| {
            let mut c = [0u8; 53];
            let repr = HeaderRepr {
                format: HeaderFormat::Uni,
                gfc: 0,
                vpi,
                vci,
                pti: Pti::from_bits(pti),
                clp,
            };
            repr.emit(&mut c).unwrap();
            c[5..].copy_from_slice(&payload);
            c
        });
    prop_oneof![1 => raw, 4 => framed]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn hostile_cells_never_panic_or_leak(cells in proptest::collection::vec(cell_strategy(), 0..300), keep in any::<bool>()) {
        let n = cells.len();
        let port = Playback { cells: cells.into_iter().rev().collect(), up_once: false };
        let mut config = SoftSarConfig::new(4);
        config.rx_buffers = 4;
        let mut nic = SoftSar::new(port, config).unwrap();
        let now = Instant::from_nanos(1);
        let mut p0 = aal5(0, 100, ubr());
        p0.deliver_errored = true;
        p0.rx_max_sdu = 200;
        nic.open_channel(now, ChannelId(0), &p0).unwrap();
        let mut p1 = aal5(0, 101, ubr());
        p1.aal = hal::nic::AalType::Aal0;
        p1.rx_max_sdu = 48;
        p1.tx_max_sdu = 48;
        nic.open_channel(now, ChannelId(1), &p1).unwrap();
        let mut lent = Vec::new();
        let mut received = 0usize;
        let mut t = now;
        for _ in 0..(n + 10) {
            t += Duration::from_micros(10);
            nic.handle_timeout(t);
            while let Some(ev) = nic.poll_event(t) {
                if let NicEvent::Received(pdu) = ev {
                    received += 1;
                    let data = nic.rx_data(pdu.buffer).unwrap();
                    prop_assert!(pdu.len <= data.len());
                    if keep { lent.push(pdu.buffer) } else { nic.return_buffer(pdu.buffer) }
                }
            }
        }
        // Time out any partial PDU, give everything back, close: the pool is whole again.
        nic.handle_timeout(t + Duration::from_secs(10));
        while nic.poll_event(t).is_some() {}
        for b in lent {
            nic.return_buffer(b);
        }
        nic.close_channel(t, ChannelId(0)).unwrap();
        nic.close_channel(t, ChannelId(1)).unwrap();
        prop_assert_eq!(nic.rx_buffers_free(), 4);
        prop_assert!(received <= n);
        let c = nic.port_counters();
        // Every cell lands in exactly one counter.
        prop_assert_eq!(
            c.rcv_cells_ok + c.rcv_invalid_vpi_vci + c.cells_hec_error + c.rcv_cells_dropped
                + c.rcv_cells_unassigned + c.oam_cells_invalid,
            n as u64
        );
    }
}

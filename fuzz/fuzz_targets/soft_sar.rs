//! Fuzz target: a SoftSar driven by an arbitrary mix of hostile received cells and
//! miniport-half requests.
//!
//! Input: records of one opcode octet and its operands. Opcodes (low 3 bits): 0 = inject a
//! received cell (53 octets follow; when bit 3 is set the header is rewritten to a valid one
//! on VC 0/32+(bit 4..5) with a random PTI so reassembly and OAM are reached), 1 = open channel
//! (bits 3..4 = channel, bit 5 = AAL0, bit 6 = deliver errored), 2 = close channel, 3 = transmit
//! (next octet = length / 4 … up to 1 KiB), 4 = step time (next octet × 100 µs), 5 = return the
//! oldest lent buffer, 6 = reset, 7 = send an OAM loopback on the channel.
//!
//! Invariants: no panic; every accepted transmit completes exactly once; no indication for a
//! closed channel; lent buffers stay readable; at the end every buffer and every transmit
//! cell is free again.
#![no_main]

use std::collections::{HashMap, HashSet};

use hal::cell::{Cell, HeaderFormat, HeaderRepr, Pti, VpiVci};
use hal::nic::{
    AalType, CellPort, CellPortInfo, CellTxError, ChannelId, ChannelParams, Nic, NicEvent,
    RxBufferId, SoftSar, SoftSarConfig, TxToken,
};
use hal::oam::{LoopbackRepr, OamFlow, OamLevel, OamRepr, END_POINT_LOCATION_ID};
use hal::time::{Duration, Instant};
use hal::traffic::TrafficParams;
use libfuzzer_sys::fuzz_target;

struct FuzzPort {
    rx: Vec<Cell>,
    edge: Option<bool>,
}

impl CellPort for FuzzPort {
    fn info(&self) -> CellPortInfo {
        CellPortInfo { line_cell_rate: 100_000, esi: [2, 0, 0, 0, 0, 1] }
    }
    fn tx_ready(&self) -> bool {
        true
    }
    fn transmit_cell(&mut self, _now: Instant, cell: &Cell) -> Result<(), CellTxError> {
        // Loop half of what we send back, so our own PDUs meet the hostile cells.
        if self.rx.len() < 64 && cell[3] & 1 == 0 {
            self.rx.push(*cell);
        }
        Ok(())
    }
    fn receive_cell(&mut self, _now: Instant) -> Option<Cell> {
        if self.rx.is_empty() { None } else { Some(self.rx.remove(0)) }
    }
    fn link_up(&self) -> bool {
        true
    }
    fn poll_link_change(&mut self) -> Option<bool> {
        self.edge.take()
    }
    fn rx_dropped(&self) -> u64 {
        0
    }
}

const TX_CELLS: usize = 48;
const RX_BUFFERS: usize = 4;

fn params(ch: u32, aal0: bool, errored: bool) -> ChannelParams {
    let ubr = TrafficParams::ubr(0, Duration::ZERO);
    ChannelParams {
        vpi_vci: VpiVci::new(0, 32 + ch as u16),
        aal: if aal0 { AalType::Aal0 } else { AalType::Aal5 },
        tx_traffic: ubr,
        rx_traffic: ubr,
        tx_max_sdu: 1024,
        rx_max_sdu: if aal0 { 48 } else { 1024 },
        deliver_errored: errored,
        clp_default: false,
    }
}

fuzz_target!(|data: &[u8]| {
    let mut config = SoftSarConfig::new(4);
    config.tx_cells = TX_CELLS;
    config.tx_queue_pdus = 3;
    config.rx_buffers = RX_BUFFERS;
    config.rx_buffer_len = 1104;
    let Ok(mut nic) = SoftSar::new(FuzzPort { rx: Vec::new(), edge: Some(true) }, config) else {
        return;
    };
    let mut now = Instant::ZERO;
    let mut open: HashMap<u32, bool> = HashMap::new();
    let mut outstanding: HashSet<u64> = HashSet::new();
    let mut lent: Vec<RxBufferId> = Vec::new();
    let mut token = 0u64;
    let mut rest = data;
    while let Some((&op, tail)) = rest.split_first() {
        rest = tail;
        let ch = u32::from((op >> 3) & 3);
        match op & 7 {
            0 => {
                let take = rest.len().min(53);
                let mut cell = [0u8; 53];
                cell[..take].copy_from_slice(&rest[..take]);
                rest = &rest[take..];
                if op & 8 != 0 {
                    let repr = HeaderRepr {
                        format: HeaderFormat::Uni,
                        gfc: 0,
                        vpi: 0,
                        vci: 32 + u16::from((op >> 4) & 3),
                        pti: Pti::from_bits(cell[0] & 7),
                        clp: false,
                    };
                    let _ = repr.emit(&mut cell);
                }
                nic.port_mut().rx.push(cell);
            }
            1 => {
                let ok = nic.open_channel(now, ChannelId(ch), &params(ch, op & 32 != 0, op & 64 != 0)).is_ok();
                assert_eq!(ok, !open.contains_key(&ch));
                if ok {
                    open.insert(ch, op & 32 != 0);
                }
            }
            2 => {
                let ok = nic.close_channel(now, ChannelId(ch)).is_ok();
                assert_eq!(ok, open.remove(&ch).is_some());
            }
            3 => {
                let Some((&n, tail)) = rest.split_first() else { break };
                rest = tail;
                let mut len = usize::from(n) * 4;
                if open.get(&ch) == Some(&true) {
                    len = (len / 48).max(1) * 48;
                }
                let sdu = vec![n; len];
                if nic.transmit(now, ChannelId(ch), &[&sdu], false, TxToken(token)).is_ok() {
                    assert!(open.contains_key(&ch));
                    outstanding.insert(token);
                }
                token += 1;
            }
            4 => {
                let Some((&n, tail)) = rest.split_first() else { break };
                rest = tail;
                now += Duration::from_micros(u64::from(n) * 100);
                nic.handle_timeout(now);
            }
            5 => {
                if !lent.is_empty() {
                    nic.return_buffer(lent.remove(0));
                }
            }
            6 => nic.reset(now),
            _ => {
                let lb = OamRepr::Loopback(LoopbackRepr {
                    indication: true,
                    correlation_tag: token as u32,
                    location_id: END_POINT_LOCATION_ID,
                    source_id: [0x6A; 16],
                });
                let flow = OamFlow::F5 { vpi: 0, vci: 32 + ch as u16, level: OamLevel::EndToEnd };
                let _ = nic.transmit_oam(now, flow, &lb.to_payload());
            }
        }
        while let Some(ev) = nic.poll_event(now) {
            match ev {
                NicEvent::TransmitComplete { token, .. } => assert!(outstanding.remove(&token.0)),
                NicEvent::Received(pdu) => {
                    assert!(open.contains_key(&pdu.channel.0));
                    let data = nic.rx_data(pdu.buffer).expect("lent buffer readable");
                    assert!(pdu.len <= data.len());
                    lent.push(pdu.buffer);
                }
                NicEvent::Oam(ind) => {
                    if let Some(c) = ind.channel {
                        assert!(open.contains_key(&c.0));
                    }
                }
                NicEvent::OamDefect { channel, .. } => assert!(open.contains_key(&channel.0)),
                NicEvent::LinkState { .. } => {}
            }
        }
        for b in &lent {
            assert!(nic.rx_data(*b).is_some());
        }
    }
    // Wind down: send what is queued, close, expire timers, return everything.
    now += Duration::from_secs(1);
    nic.handle_timeout(now);
    for c in 0..4 {
        let _ = nic.close_channel(now, ChannelId(c));
    }
    open.clear();
    now += Duration::from_secs(10);
    nic.handle_timeout(now);
    while let Some(ev) = nic.poll_event(now) {
        match ev {
            NicEvent::TransmitComplete { token, .. } => assert!(outstanding.remove(&token.0)),
            NicEvent::Received(_) | NicEvent::Oam(_) | NicEvent::OamDefect { .. } => {
                panic!("indication after every channel closed")
            }
            NicEvent::LinkState { .. } => {}
        }
    }
    for b in lent {
        nic.return_buffer(b);
    }
    assert!(outstanding.is_empty());
    assert_eq!(nic.tx_cells_free(), TX_CELLS);
    assert_eq!(nic.rx_buffers_free(), RX_BUFFERS);
});

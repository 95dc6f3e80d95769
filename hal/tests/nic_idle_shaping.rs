//! SoftSar shaping on the line's time: a VC idle for a while gets its cells at its PCR from
//! the moment it has cells again, and a slow shaped VC costs driving steps per cell, not per
//! cell slot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod nic_common;

use hal::cell::Cell;
use hal::nic::{
    CellPort, CellPortInfo, CellTxError, ChannelId, Nic, NicEvent, SoftSar, SoftSarConfig,
    TxStatus, TxToken,
};
use hal::sim::{Fabric, FabricConfig, LinkConfig, PortConfig};
use hal::time::{Duration, Instant};
use nic_common::*;

/// A port that takes every cell and records when it was handed over.
struct RecPort {
    rate: u32,
    sent: Vec<Instant>,
    edge: Option<bool>,
}

impl CellPort for RecPort {
    fn info(&self) -> CellPortInfo {
        CellPortInfo { line_cell_rate: self.rate, esi: ESI_A }
    }
    fn tx_ready(&self) -> bool {
        true
    }
    fn transmit_cell(&mut self, now: Instant, _cell: &Cell) -> Result<(), CellTxError> {
        self.sent.push(now);
        Ok(())
    }
    fn receive_cell(&mut self, _now: Instant) -> Option<Cell> {
        None
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

/// Drive one NIC from `now` as the sim doc example does (handle_timeout, drain events, jump to
/// poll_timeout) until `n` transmits completed; returns the instant and the steps taken.
fn drive(nic: &mut SoftSar<RecPort>, mut now: Instant, n: usize) -> (Instant, u64) {
    let mut done = 0;
    let mut steps = 0u64;
    while done < n {
        steps += 1;
        assert!(steps < 1_000_000, "driving loop does not converge");
        nic.handle_timeout(now);
        while let Some(ev) = nic.poll_event(now) {
            if let NicEvent::TransmitComplete { status, .. } = ev {
                assert_eq!(status, TxStatus::Sent);
                done += 1;
            }
        }
        if done < n {
            now = nic.poll_timeout().unwrap().max(now);
        }
    }
    (now, steps)
}

fn rec_nic(rate: u32) -> SoftSar<RecPort> {
    let mut nic =
        SoftSar::new(RecPort { rate, sent: Vec::new(), edge: Some(true) }, SoftSarConfig::new(2))
            .unwrap();
    assert_eq!(nic.poll_event(Instant::ZERO), Some(NicEvent::LinkState { up: true }));
    nic
}

/// A CBR VC sends a short burst, idles ~1 s, then gets a burst at an instant in mid-slot:
/// its first cell leaves at once and the others exactly 1/PCR apart from there (before, the
/// scheduler's clock had stopped at the end of the first burst, so the restart waited for the
/// old grid: 9 slots late here).
#[test]
fn idle_cbr_vc_sends_a_new_burst_at_its_pcr_from_now() {
    let mut nic = rec_nic(1_000_000); // 1 µs slots
    nic.open_channel(Instant::ZERO, ChannelId(0), &aal5(0, 100, cbr(100_000))).unwrap();
    let three = sdu(1, 48 * 3 - 8);
    nic.transmit(Instant::ZERO, ChannelId(0), &[&three], false, TxToken(0)).unwrap();
    let (now, _) = drive(&mut nic, Instant::ZERO, 1);
    let us = |n: u64| Duration::from_micros(n);
    assert_eq!(nic.port().sent, [Instant::ZERO, Instant::ZERO + us(10), Instant::ZERO + us(20)]);
    // Nothing to send: no wake-up asked for.
    assert_eq!(nic.poll_timeout(), None);
    assert!(now < Instant::ZERO + us(100));
    let t1 = Instant::from_nanos(1_000_000_500);
    nic.port_mut().sent.clear();
    let five = sdu(2, 48 * 5 - 8);
    nic.transmit(t1, ChannelId(0), &[&five], false, TxToken(1)).unwrap();
    drive(&mut nic, t1, 1);
    let expect: Vec<Instant> = (0..5).map(|k| t1 + us(10 * k)).collect();
    assert_eq!(nic.port().sent, expect);
}

/// The same after an idle period on a line rate whose slot is not a whole number of ns
/// (OC-3c): the burst's cells are 1/PCR apart, rounded to the ns, from the current time.
#[test]
fn idle_cbr_vc_on_a_fractional_slot_line_restarts_from_now() {
    let line = 353_207u32;
    let pcr = line / 8; // 1/PCR ≈ 8.0000 slots
    let mut nic = rec_nic(line);
    nic.open_channel(Instant::ZERO, ChannelId(0), &aal5(0, 100, cbr(pcr))).unwrap();
    let three = sdu(1, 48 * 3 - 8);
    nic.transmit(Instant::ZERO, ChannelId(0), &[&three], false, TxToken(0)).unwrap();
    drive(&mut nic, Instant::ZERO, 1);
    let t1 = Instant::from_nanos(2_000_000_777);
    nic.port_mut().sent.clear();
    nic.transmit(t1, ChannelId(0), &[&three], false, TxToken(1)).unwrap();
    drive(&mut nic, t1, 1);
    let sent = &nic.port().sent;
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[0], t1);
    // Cells are at least 1/PCR apart (the contract) and no more than one slot later than that.
    let period = 1_000_000_000f64 / f64::from(pcr);
    let slot = 1_000_000_000f64 / f64::from(line);
    for w in sent.windows(2) {
        let gap = (w[1].as_nanos() - w[0].as_nanos()) as f64;
        assert!(gap + 1.0 >= period && gap <= period + slot + 1.0, "gap {gap} ns");
    }
}

/// A slow shaped VC (1 cell per 10 000 slots) over a fabric link, driven like the sim doc
/// example: the number of driving-loop iterations grows with the cells, not the slots (before,
/// poll_timeout named every slot: ~200 000 iterations for this PDU).
#[test]
fn a_slow_shaped_vc_takes_driving_steps_per_cell_not_per_slot() {
    let mut fabric = Fabric::new(FabricConfig::new(7, 2));
    let pa = fabric.add_port(PortConfig::oc3(ESI_A)).unwrap();
    let pb = fabric.add_port(PortConfig::oc3(ESI_B)).unwrap();
    let link = fabric.connect(pa.id(), pb.id(), LinkConfig::oc3(Duration::from_micros(5))).unwrap();
    fabric.set_link(link, true).unwrap();
    let mut a = SoftSar::new(pa, SoftSarConfig::new(4)).unwrap();
    let mut b = SoftSar::new(pb, SoftSarConfig::new(4)).unwrap();
    let mut now = Instant::ZERO;
    fabric.advance(now, &mut [a.port_mut(), b.port_mut()]);
    let line = a.capabilities().line_cell_rate;
    let pcr = (line / 10_000).max(1);
    let cells = 20usize;
    a.open_channel(now, ChannelId(0), &aal5(0, 100, cbr(pcr))).unwrap();
    b.open_channel(now, ChannelId(0), &aal5(0, 100, cbr(pcr))).unwrap();
    let data = sdu(3, 48 * cells - 8);
    a.transmit(now, ChannelId(0), &[&data], false, TxToken(1)).unwrap();
    let mut got = None;
    let mut steps = 0u64;
    while got.is_none() {
        steps += 1;
        assert!(steps < 1_000_000, "driving loop does not converge");
        a.handle_timeout(now);
        b.handle_timeout(now);
        fabric.advance(now, &mut [a.port_mut(), b.port_mut()]);
        while let Some(_ev) = a.poll_event(now) {}
        while let Some(ev) = b.poll_event(now) {
            if let NicEvent::Received(pdu) = ev {
                got = Some(b.rx_data(pdu.buffer).unwrap()[..pdu.len].to_vec());
                b.return_buffer(pdu.buffer);
            }
        }
        let next = [a.poll_timeout(), b.poll_timeout(), fabric.poll_timeout()];
        now = next.into_iter().flatten().min().unwrap_or(now).max(now);
    }
    assert_eq!(got.as_deref(), Some(&data[..]));
    // The PDU took (cells − 1) periods of 10 000 slots of virtual time…
    let slots = u128::from(now.as_nanos()) * u128::from(line) / 1_000_000_000;
    assert!(slots >= 19 * 10_000, "only {slots} slots passed");
    // …but a few driving steps per cell (send, arrival at b, completion), not one per slot.
    assert!(steps <= 4 * cells as u64 + 10, "{steps} steps for {cells} cells");
}

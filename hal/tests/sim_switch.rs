//! The cell switch between two software NICs: VC and VP cross-connects with translation, F4
//! OAM through a VP, UPC against shaped and unshaped senders, refusals.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod nic_common;

use hal::cell::{HeaderFormat, VpiVci};
use hal::nic::{ChannelId, Nic, NicEvent, SoftSar, SoftSarConfig, TxToken};
use hal::oam::{LoopbackRepr, OamFlow, OamLevel, OamRepr, END_POINT_LOCATION_ID};
use hal::sim::{
    CellSwitch, ConnectionId, CrossConnect, Fabric, FabricConfig, LinkConfig, PortConfig, Route,
    SimCellPort, SoftNic, SwitchError,
};
use hal::time::{Duration, Instant};
use hal::traffic::PolicerParams;
use nic_common::*;

struct Net {
    fabric: Fabric,
    a: SoftNic,
    b: SoftNic,
    sw: CellSwitch,
    now: Instant,
    log_a: Log,
    log_b: Log,
}

impl Net {
    fn new() -> Net {
        let mut fabric = Fabric::new(FabricConfig::new(1, 4));
        let mut pc = PortConfig::oc3(ESI_A);
        pc.tx_fifo_cells = 512;
        let pa = fabric.add_port(pc).unwrap();
        let pb = fabric.add_port(pc).unwrap();
        let s0 = fabric.add_port(pc).unwrap();
        let s1 = fabric.add_port(pc).unwrap();
        let la =
            fabric.connect(pa.id(), s0.id(), LinkConfig::oc3(Duration::from_micros(10))).unwrap();
        let lb =
            fabric.connect(pb.id(), s1.id(), LinkConfig::oc3(Duration::from_micros(10))).unwrap();
        fabric.set_link(la, true).unwrap();
        fabric.set_link(lb, true).unwrap();
        let mut net = Net {
            fabric,
            a: SoftSar::new(pa, SoftSarConfig::new(8)).unwrap(),
            b: SoftSar::new(pb, SoftSarConfig::new(8)).unwrap(),
            sw: CellSwitch::new(vec![s0, s1], HeaderFormat::Uni, 8),
            now: Instant::ZERO,
            log_a: Log::default(),
            log_b: Log::default(),
        };
        net.pump();
        net
    }

    fn advance(&mut self) {
        let mut ports: Vec<&mut SimCellPort> = vec![self.a.port_mut(), self.b.port_mut()];
        ports.extend(self.sw.ports_mut().iter_mut());
        self.fabric.advance(self.now, &mut ports);
    }

    fn pump(&mut self) {
        for _ in 0..2 {
            self.a.handle_timeout(self.now);
            self.b.handle_timeout(self.now);
            self.advance();
            self.sw.handle(self.now);
            self.advance();
            drain(&mut self.a, self.now, &mut self.log_a, true);
            drain(&mut self.b, self.now, &mut self.log_b, true);
        }
    }

    fn run_for(&mut self, d: Duration) {
        let until = self.now + d;
        while let Some(t) =
            [self.a.poll_timeout(), self.b.poll_timeout(), self.fabric.poll_timeout()]
                .into_iter()
                .flatten()
                .min()
        {
            if t > until {
                break;
            }
            self.now = self.now.max(t);
            self.pump();
        }
        self.now = until;
        self.pump();
    }

    fn duplex(
        &mut self,
        a: Route,
        b: Route,
        upc: Option<PolicerParams>,
    ) -> (ConnectionId, ConnectionId) {
        let ab = self
            .sw
            .connect(CrossConnect { in_port: 0, input: a, out_port: 1, output: b, upc })
            .unwrap();
        let ba = self
            .sw
            .connect(CrossConnect { in_port: 1, input: b, out_port: 0, output: a, upc })
            .unwrap();
        (ab, ba)
    }
}

#[test]
fn vc_cross_connect_translates_vpi_vci_both_ways() {
    let mut net = Net::new();
    let (ab, _) = net.duplex(Route::Vc(VpiVci::new(0, 100)), Route::Vc(VpiVci::new(1, 200)), None);
    net.a.open_channel(net.now, ChannelId(0), &aal5(0, 100, ubr())).unwrap();
    net.b.open_channel(net.now, ChannelId(3), &aal5(1, 200, ubr())).unwrap();
    let mut sent_ab = Vec::new();
    let mut sent_ba = Vec::new();
    for (t, len) in [1usize, 40, 41, 1000, 9180].into_iter().enumerate() {
        let d = sdu(t as u32, len);
        net.a.transmit(net.now, ChannelId(0), &[&d], false, TxToken(t as u64)).unwrap();
        sent_ab.push(d);
        let d = sdu(100 + t as u32, len);
        net.b.transmit(net.now, ChannelId(3), &[&d], false, TxToken(t as u64)).unwrap();
        sent_ba.push(d);
    }
    net.run_for(Duration::from_millis(20));
    let got_b: Vec<Vec<u8>> = net.log_b.received.iter().map(|r| r.1.clone()).collect();
    let got_a: Vec<Vec<u8>> = net.log_a.received.iter().map(|r| r.1.clone()).collect();
    assert_eq!(got_b, sent_ab);
    assert_eq!(got_a, sent_ba);
    assert!(net.log_b.received.iter().all(|r| r.0 == ChannelId(3)));
    let c = net.sw.counters();
    assert_eq!(c.forwarded, c.cells_in);
    assert_eq!(c.unknown + c.hec_errors + c.output_overflow, 0);
    let cells: u64 = [1u64, 40, 41, 1000, 9180].iter().map(|l| (l + 8).div_ceil(48)).sum();
    assert_eq!(net.sw.connection_counters(ab).unwrap().0, cells);
}

#[test]
fn vp_cross_connect_carries_every_vc_and_the_f4_flow() {
    let mut net = Net::new();
    net.duplex(Route::Vp { vpi: 2 }, Route::Vp { vpi: 7 }, None);
    net.a.open_channel(net.now, ChannelId(0), &aal5(2, 300, ubr())).unwrap();
    net.b.open_channel(net.now, ChannelId(0), &aal5(7, 300, ubr())).unwrap();
    net.a.open_channel(net.now, ChannelId(1), &aal5(2, 301, ubr())).unwrap();
    net.b.open_channel(net.now, ChannelId(1), &aal5(7, 301, ubr())).unwrap();
    let d0 = sdu(1, 500);
    let d1 = sdu(2, 700);
    net.a.transmit(net.now, ChannelId(0), &[&d0], false, TxToken(0)).unwrap();
    net.a.transmit(net.now, ChannelId(1), &[&d1], false, TxToken(1)).unwrap();
    let request = OamRepr::Loopback(LoopbackRepr {
        indication: true,
        correlation_tag: 0x5151,
        location_id: END_POINT_LOCATION_ID,
        source_id: [0x6A; 16],
    })
    .to_payload();
    let f4 = OamFlow::F4 { vpi: 2, level: OamLevel::EndToEnd };
    net.a.transmit_oam(net.now, f4, &request).unwrap();
    net.run_for(Duration::from_millis(10));
    let mut got: Vec<(ChannelId, Vec<u8>)> =
        net.log_b.received.iter().map(|r| (r.0, r.1.clone())).collect();
    got.sort();
    assert_eq!(got, vec![(ChannelId(0), d0), (ChannelId(1), d1)]);
    // B answered on its VP 7; the switch carried the reply back to VP 2.
    let reply = net.log_a.other.iter().find_map(|e| match e {
        NicEvent::Oam(ind) => Some(*ind),
        _ => None,
    });
    let reply = reply.expect("F4 loopback reply");
    assert_eq!(reply.flow, f4);
    match OamRepr::parse_bytes(&reply.payload).unwrap() {
        OamRepr::Loopback(lb) => {
            assert!(!lb.indication);
            assert_eq!(lb.correlation_tag, 0x5151);
        }
        other => panic!("{other:?}"),
    }
}

fn cbr_upc(pcr: u32) -> PolicerParams {
    PolicerParams { traffic: cbr(pcr), clp_significant: false, tagging: false }
}

#[test]
fn upc_passes_a_shaped_sender_and_discards_an_unshaped_one() {
    // Shaped: the SoftSar's scheduler keeps the contract the switch polices (TM 4.1 CBR.1).
    let mut net = Net::new();
    let (ab, _) = net.duplex(
        Route::Vc(VpiVci::new(0, 100)),
        Route::Vc(VpiVci::new(0, 100)),
        Some(cbr_upc(20_000)),
    );
    net.a.open_channel(net.now, ChannelId(0), &aal5(0, 100, cbr(20_000))).unwrap();
    net.b.open_channel(net.now, ChannelId(0), &aal5(0, 100, ubr())).unwrap();
    for t in 0..10u32 {
        let d = sdu(t, 48 * 10 - 8);
        net.a.transmit(net.now, ChannelId(0), &[&d], false, TxToken(u64::from(t))).unwrap();
    }
    net.run_for(Duration::from_millis(20));
    assert_eq!(net.log_b.received.len(), 10);
    let (cells, upc) = net.sw.connection_counters(ab).unwrap();
    assert_eq!(cells, 100);
    assert_eq!(upc.unwrap().conforming, 100);
    assert_eq!(net.sw.counters().upc_discarded, 0);

    // Unshaped: the same cells at line rate break the contract; UPC discards, AAL5 counts.
    let mut net = Net::new();
    net.duplex(
        Route::Vc(VpiVci::new(0, 100)),
        Route::Vc(VpiVci::new(0, 100)),
        Some(cbr_upc(20_000)),
    );
    net.a.open_channel(net.now, ChannelId(0), &aal5(0, 100, ubr())).unwrap();
    net.b.open_channel(net.now, ChannelId(0), &aal5(0, 100, ubr())).unwrap();
    let sent: Vec<Vec<u8>> = (0..10).map(|t| sdu(t, 48 * 10 - 8)).collect();
    for (t, d) in sent.iter().enumerate() {
        net.a.transmit(net.now, ChannelId(0), &[d], false, TxToken(t as u64)).unwrap();
    }
    net.run_for(Duration::from_secs(4));
    assert!(net.sw.counters().upc_discarded > 0);
    assert!(net.log_b.received.len() < 10);
    assert!(net.log_b.received.iter().all(|r| sent.contains(&r.1)));
    assert!(net.b.port_counters().rcv_reassembly_error() > 0);
}

#[test]
fn cells_without_a_cross_connect_are_counted() {
    let mut net = Net::new();
    net.a.open_channel(net.now, ChannelId(0), &aal5(0, 101, ubr())).unwrap();
    let d = sdu(1, 100); // 3 cells
    net.a.transmit(net.now, ChannelId(0), &[&d], false, TxToken(0)).unwrap();
    net.run_for(Duration::from_millis(5));
    let c = net.sw.counters();
    assert_eq!((c.cells_in, c.unknown, c.forwarded), (3, 3, 0));
}

#[test]
fn cross_connects_are_validated_and_bounded() {
    let mut net = Net::new();
    let vc = |vpi, vci| Route::Vc(VpiVci::new(vpi, vci));
    let xc = |input, output| CrossConnect { in_port: 0, input, out_port: 1, output, upc: None };
    let id = net.sw.connect(xc(vc(0, 40), vc(0, 41))).unwrap();
    assert_eq!(net.sw.connect(xc(vc(0, 40), vc(0, 42))), Err(SwitchError::InUse));
    assert_eq!(
        net.sw.connect(xc(vc(0, 43), Route::Vp { vpi: 1 })),
        Err(SwitchError::InvalidParameters)
    );
    assert_eq!(net.sw.connect(xc(vc(0, 3), vc(0, 44))), Err(SwitchError::InvalidParameters));
    assert_eq!(net.sw.connect(xc(vc(256, 45), vc(0, 44))), Err(SwitchError::InvalidParameters));
    let mut bad = xc(vc(0, 46), vc(0, 46));
    bad.out_port = 9;
    assert_eq!(net.sw.connect(bad), Err(SwitchError::InvalidParameters));
    let mut bad = xc(vc(0, 47), vc(0, 47));
    bad.upc = Some(cbr_upc(0));
    assert_eq!(net.sw.connect(bad), Err(SwitchError::InvalidContract));
    for i in 0..7 {
        net.sw.connect(xc(vc(0, 50 + i), vc(0, 50 + i))).unwrap();
    }
    assert_eq!(net.sw.connect(xc(vc(0, 60), vc(0, 60))), Err(SwitchError::Full));
    net.sw.disconnect(id).unwrap();
    assert_eq!(net.sw.disconnect(id), Err(SwitchError::UnknownConnection));
    net.sw.connect(xc(vc(0, 60), vc(0, 60))).unwrap();
}

//! A pair of software NICs (`SoftSar<SimCellPort>`) joined by one fabric link, driven in
//! virtual time: the test bed of the nic_* integration tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use hal::cell::VpiVci;
use hal::nic::{
    AalType, ChannelId, ChannelParams, Nic, NicEvent, RxError, SoftSar, SoftSarConfig, TxStatus,
    TxToken,
};
use hal::sim::{Fabric, FabricConfig, LinkConfig, LinkId, PortConfig, SimCellPort};
use hal::time::{Duration, Instant};
use hal::traffic::{ServiceCategory, TrafficParams};

pub type SimNic = SoftSar<SimCellPort>;

/// What one NIC reported, in order.
#[derive(Debug, Default, Clone)]
pub struct Log {
    /// (channel, data, error) of every received PDU; buffers are returned at once.
    pub received: Vec<(ChannelId, Vec<u8>, Option<RxError>)>,
    /// (channel, token, status) of every transmit completion.
    pub completed: Vec<(ChannelId, TxToken, TxStatus)>,
    /// Buffers kept lent (when the bed does not return them).
    pub lent: Vec<hal::nic::RxBufferId>,
    /// `return_needed` of every received PDU.
    pub return_needed: Vec<bool>,
    /// Carrier edges.
    pub link: Vec<bool>,
    /// Every other event.
    pub other: Vec<NicEvent>,
}

pub struct Bed {
    pub fabric: Fabric,
    pub a: SimNic,
    pub b: SimNic,
    pub link: LinkId,
    pub now: Instant,
    pub log_a: Log,
    pub log_b: Log,
    /// Return receive buffers immediately (false: keep them lent).
    pub return_buffers: bool,
}

pub const ESI_A: [u8; 6] = [0x02, 0, 0, 0, 0, 0x0A];
pub const ESI_B: [u8; 6] = [0x02, 0, 0, 0, 0, 0x0B];

pub fn ubr() -> TrafficParams {
    TrafficParams {
        category: ServiceCategory::Ubr,
        pcr: 0,
        scr: 0,
        mbs: 0,
        mcr: 0,
        cdvt: Duration::ZERO,
    }
}

pub fn cbr(pcr: u32) -> TrafficParams {
    TrafficParams {
        category: ServiceCategory::Cbr,
        pcr,
        scr: 0,
        mbs: 0,
        mcr: 0,
        cdvt: Duration::from_micros(100),
    }
}

pub fn vbr(pcr: u32, scr: u32, mbs: u32) -> TrafficParams {
    TrafficParams {
        category: ServiceCategory::NrtVbr,
        pcr,
        scr,
        mbs,
        mcr: 0,
        cdvt: Duration::from_micros(100),
    }
}

pub fn aal5(vpi: u16, vci: u16, tx: TrafficParams) -> ChannelParams {
    ChannelParams {
        vpi_vci: VpiVci::new(vpi, vci),
        aal: AalType::Aal5,
        tx_traffic: tx,
        rx_traffic: ubr(),
        tx_max_sdu: 9180,
        rx_max_sdu: 9180,
        deliver_errored: false,
        clp_default: false,
    }
}

impl Bed {
    pub fn new(seed: u64, link: LinkConfig, config: SoftSarConfig) -> Bed {
        let mut fabric = Fabric::new(FabricConfig::new(seed, 2));
        let mut pc = PortConfig::oc3(ESI_A);
        pc.line_cell_rate = link.cell_rate;
        let pa = fabric.add_port(pc).unwrap();
        pc.esi = ESI_B;
        let pb = fabric.add_port(pc).unwrap();
        let l = fabric.connect(pa.id(), pb.id(), link).unwrap();
        fabric.set_link(l, true).unwrap();
        let mut bed = Bed {
            fabric,
            a: SoftSar::new(pa, config).unwrap(),
            b: SoftSar::new(pb, config).unwrap(),
            link: l,
            now: Instant::ZERO,
            log_a: Log::default(),
            log_b: Log::default(),
            return_buffers: true,
        };
        bed.pump();
        assert_eq!(bed.log_a.link, vec![true]);
        assert_eq!(bed.log_b.link, vec![true]);
        bed
    }

    /// An OC-3-rate ideal link with 5 µs delay and default NICs for 16 channels.
    pub fn ideal(seed: u64) -> Bed {
        Bed::new(seed, LinkConfig::oc3(Duration::from_micros(5)), SoftSarConfig::new(16))
    }

    /// Runs both NICs and the fabric at `self.now` and collects events.
    pub fn pump(&mut self) {
        let now = self.now;
        self.a.handle_timeout(now);
        self.b.handle_timeout(now);
        self.fabric.advance(now, &mut [self.a.port_mut(), self.b.port_mut()]);
        let ret = self.return_buffers;
        drain(&mut self.a, now, &mut self.log_a, ret);
        drain(&mut self.b, now, &mut self.log_b, ret);
        // Receive processing may have queued OAM replies for this very instant.
        self.a.handle_timeout(now);
        self.b.handle_timeout(now);
        self.fabric.advance(now, &mut [self.a.port_mut(), self.b.port_mut()]);
    }

    pub fn next_deadline(&self) -> Option<Instant> {
        [self.a.poll_timeout(), self.b.poll_timeout(), self.fabric.poll_timeout()]
            .into_iter()
            .flatten()
            .min()
    }

    /// Steps to each deadline until `until` (virtual time) or nothing is pending.
    pub fn run_until(&mut self, until: Instant) {
        let mut steps = 0u64;
        while let Some(t) = self.next_deadline() {
            if t > until {
                break;
            }
            self.now = self.now.max(t);
            self.pump();
            steps += 1;
            assert!(steps < 20_000_000, "test bed does not settle");
        }
        self.now = self.now.max(until);
        self.pump();
    }

    pub fn run_for(&mut self, d: Duration) {
        let until = self.now + d;
        self.run_until(until);
    }

    /// Runs until both transmit sides are idle and the fabric is empty (OAM and reassembly
    /// timers may still be pending), at most `limit` of virtual time.
    pub fn settle(&mut self, limit: Duration) {
        let end = self.now + limit;
        let mut steps = 0u64;
        loop {
            let busy = self.fabric.poll_timeout();
            let slot_a =
                self.a.poll_timeout().filter(|t| *t <= self.now + Duration::from_millis(1));
            let slot_b =
                self.b.poll_timeout().filter(|t| *t <= self.now + Duration::from_millis(1));
            let next = [busy, slot_a, slot_b].into_iter().flatten().min();
            match next {
                Some(t) if t <= end => {
                    self.now = self.now.max(t);
                    self.pump();
                }
                _ => break,
            }
            steps += 1;
            assert!(steps < 20_000_000, "test bed does not settle");
        }
    }
}

pub fn drain<N: Nic>(nic: &mut N, now: Instant, log: &mut Log, return_buffers: bool) {
    while let Some(ev) = nic.poll_event(now) {
        match ev {
            NicEvent::Received(pdu) => {
                let data =
                    nic.rx_data(pdu.buffer).expect("lent buffer readable")[..pdu.len].to_vec();
                if return_buffers {
                    nic.return_buffer(pdu.buffer);
                } else {
                    log.lent.push(pdu.buffer);
                }
                log.received.push((pdu.channel, data, pdu.error));
                log.return_needed.push(pdu.return_needed);
            }
            NicEvent::TransmitComplete { channel, token, status } => {
                log.completed.push((channel, token, status));
            }
            NicEvent::LinkState { up } => log.link.push(up),
            other => log.other.push(other),
        }
    }
}

/// A deterministic test SDU of `len` octets, distinct per (tag, len).
pub fn sdu(tag: u32, len: usize) -> Vec<u8> {
    let mut x = tag.wrapping_mul(0x9E37_79B9) ^ (len as u32);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

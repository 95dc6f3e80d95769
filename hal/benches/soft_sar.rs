//! The software NIC's whole data path per PDU — transmit (copy + CRC into cell memory),
//! scheduler slots, headers with HEC, loopback port, HEC check, VPI/VCI lookup, reassembly,
//! indication, buffer return — in Gbit/s of SDU, against the bare AAL5 segment + reassemble
//! round trip (no ATM layer, no scheduler) measured in the same run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hal::aal5::{
    cpcs_pdu_len, BufferPool, Reassembler, ReassemblyConfig, SegmentParams, Segmenter,
};
use hal::cell::VpiVci;
use hal::nic::{AalType, ChannelId, ChannelParams, Nic, NicEvent, SoftSar, SoftSarConfig, TxToken};
use hal::sim::{LoopbackPort, PortConfig};
use hal::time::{Duration, Instant};
use hal::traffic::TrafficParams;

fn bare_aal5(sdu: &[u8], pool: &mut BufferPool, r: &mut Reassembler) -> usize {
    let frags = [sdu];
    let mut seg = Segmenter::new(&frags, SegmentParams::default()).unwrap();
    let mut payload = [0u8; 48];
    let mut len = 0;
    while let Some(cell) = seg.next_cell(&mut payload) {
        if let Some(pdu) = r.push_cell(pool, Instant::ZERO, &payload, cell.end_of_pdu) {
            len = black_box(pool.get(pdu.buffer).unwrap()[..pdu.len].len());
            pool.release(pdu.buffer);
        }
    }
    len
}

struct Nic1 {
    nic: SoftSar<LoopbackPort>,
    now: Instant,
}

impl Nic1 {
    fn new() -> Nic1 {
        let mut port = PortConfig::oc3([2, 0, 0, 0, 0, 1]);
        port.rx_fifo_cells = 2048;
        let mut nic = SoftSar::new(LoopbackPort::new(port), SoftSarConfig::new(64)).unwrap();
        let now = Instant::ZERO;
        while nic.poll_event(now).is_some() {}
        let ubr = TrafficParams::ubr(0, Duration::ZERO);
        let params = ChannelParams {
            vpi_vci: VpiVci::new(0, 100),
            aal: AalType::Aal5,
            tx_traffic: ubr,
            rx_traffic: ubr,
            tx_max_sdu: 9180,
            rx_max_sdu: 9180,
            deliver_errored: false,
            clp_default: false,
        };
        nic.open_channel(now, ChannelId(7), &params).unwrap();
        Nic1 { nic, now }
    }

    /// Sends one PDU and receives it back; returns the received length.
    fn round_trip(&mut self, sdu: &[u8]) -> usize {
        self.nic.transmit(self.now, ChannelId(7), &[sdu], false, TxToken(1)).unwrap();
        // Enough virtual time for every slot of the PDU.
        self.now += Duration::from_millis(1);
        self.nic.handle_timeout(self.now);
        let mut len = 0;
        while let Some(ev) = self.nic.poll_event(self.now) {
            if let NicEvent::Received(pdu) = ev {
                len = black_box(self.nic.rx_data(pdu.buffer).unwrap()[..pdu.len].len());
                self.nic.return_buffer(pdu.buffer);
            }
        }
        len
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("nic_round_trip");
    for len in [9180usize, 64] {
        let sdu: Vec<u8> =
            (0..len as u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 9) as u8).collect();
        let mut nic = Nic1::new();
        assert_eq!(nic.round_trip(&sdu), len);
        let mut pool = BufferPool::new(4, cpcs_pdu_len(65535)).unwrap();
        let config = ReassemblyConfig {
            max_sdu: 65535,
            timeout: Duration::from_secs(1),
            deliver_errored: false,
        };
        let mut r = Reassembler::new(config).unwrap();
        assert_eq!(bare_aal5(&sdu, &mut pool, &mut r), len);
        group.throughput(Throughput::Bits(8 * len as u64));
        group.bench_with_input(BenchmarkId::new("soft_sar_loopback", len), &sdu, |b, s| {
            b.iter(|| nic.round_trip(black_box(s)))
        });
        group.bench_with_input(BenchmarkId::new("bare_aal5", len), &sdu, |b, s| {
            b.iter(|| bare_aal5(black_box(s), &mut pool, &mut r))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

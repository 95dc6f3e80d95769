//! AAL5 segmentation + reassembly round trip (SDU → SAR-PDUs → reassembled SDU) in Gbit/s of
//! SDU, against, in the same run: a straightforward implementation with a byte-at-a-time
//! 256-entry-table CRC, and a plain memcpy of the SDU into a buffer and back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hal::aal5::cpcs::cpcs_pdu_len;
use hal::aal5::{BufferPool, Reassembler, ReassemblyConfig, SegmentParams, Segmenter};
use hal::time::{Duration, Instant};

/// The baseline: what a first, obvious AAL5 looks like.
mod bytewise {
    const TABLE: [u32; 256] = {
        let mut t = [0u32; 256];
        let mut b = 0;
        while b < 256 {
            let mut r = (b as u32) << 24;
            let mut i = 0;
            while i < 8 {
                r = if r & 0x8000_0000 != 0 { (r << 1) ^ 0x04C1_1DB7 } else { r << 1 };
                i += 1;
            }
            t[b] = r;
            b += 1;
        }
        t
    };

    fn crc_update(mut crc: u32, data: &[u8]) -> u32 {
        for &b in data {
            crc = (crc << 8) ^ TABLE[((crc >> 24) as u8 ^ b) as usize];
        }
        crc
    }

    /// Segments `sdu` into cells and reassembles them into `rx`; returns the SDU length.
    pub fn round_trip(sdu: &[u8], rx: &mut [u8]) -> Option<usize> {
        let pdu_len = (sdu.len() + 8).div_ceil(48) * 48;
        let ncells = pdu_len / 48;
        let mut tx_crc = 0xFFFF_FFFFu32;
        let mut rx_crc = 0xFFFF_FFFFu32;
        let mut rx_len = 0;
        for i in 0..ncells {
            let mut cell = [0u8; 48];
            for (k, byte) in cell.iter_mut().enumerate() {
                let at = i * 48 + k;
                if at < sdu.len() {
                    *byte = sdu[at];
                }
            }
            if i + 1 == ncells {
                cell[42..44].copy_from_slice(&(sdu.len() as u16).to_be_bytes());
                tx_crc = crc_update(tx_crc, &cell[..44]);
                cell[44..].copy_from_slice(&(!tx_crc).to_be_bytes());
            } else {
                tx_crc = crc_update(tx_crc, &cell);
            }
            // Receive side.
            rx[rx_len..rx_len + 48].copy_from_slice(&cell);
            rx_crc = crc_update(rx_crc, &cell);
            rx_len += 48;
        }
        let length = u16::from_be_bytes([rx[rx_len - 6], rx[rx_len - 5]]) as usize;
        (rx_crc == 0xC704_DD7B && length <= rx_len - 8).then_some(length)
    }
}

fn ours(sdu: &[u8], pool: &mut BufferPool, r: &mut Reassembler) -> usize {
    ours_fragments(&[sdu], pool, r)
}

fn ours_fragments(frags: &[&[u8]], pool: &mut BufferPool, r: &mut Reassembler) -> usize {
    let mut seg = Segmenter::new(frags, SegmentParams::default()).unwrap();
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

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("aal5_round_trip");
    for len in [9180usize, 64] {
        let sdu: Vec<u8> =
            (0..len as u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 9) as u8).collect();
        let mut pool = BufferPool::new(4, cpcs_pdu_len(65535)).unwrap();
        let config = ReassemblyConfig {
            max_sdu: 65535,
            timeout: Duration::from_secs(1),
            deliver_errored: false,
        };
        let mut r = Reassembler::new(config).unwrap();
        let mut rx = vec![0u8; cpcs_pdu_len(65535)];
        assert_eq!(ours(&sdu, &mut pool, &mut r), len);
        assert_eq!(r.counters().pdus_ok, 1);
        assert_eq!(bytewise::round_trip(&sdu, &mut rx), Some(len));
        group.throughput(Throughput::Bits(8 * len as u64));
        group.bench_with_input(BenchmarkId::new("ours", len), &sdu, |b, s| {
            b.iter(|| ours(black_box(s), &mut pool, &mut r))
        });
        // Scatter/gather: a 14-octet header and the rest split unevenly, so some cells
        // straddle fragment boundaries.
        let (head, rest) = sdu.split_at(14.min(len));
        let (mid, tail) = rest.split_at(rest.len() / 3);
        let frags: [&[u8]; 3] = [head, mid, tail];
        assert_eq!(ours_fragments(&frags, &mut pool, &mut r), len);
        group.bench_with_input(BenchmarkId::new("ours_3_fragments", len), &frags, |b, f| {
            b.iter(|| ours_fragments(black_box(f), &mut pool, &mut r))
        });
        group.bench_with_input(BenchmarkId::new("bytewise_table", len), &sdu, |b, s| {
            b.iter(|| bytewise::round_trip(black_box(s), &mut rx))
        });
        let mut buf = vec![0u8; len];
        let mut back = vec![0u8; len];
        group.bench_with_input(BenchmarkId::new("memcpy", len), &sdu, |b, s| {
            b.iter(|| {
                buf.copy_from_slice(black_box(s));
                back.copy_from_slice(black_box(&buf));
                black_box(&back);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

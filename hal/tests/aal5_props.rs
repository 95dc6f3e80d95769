//! Property tests for AAL5: CRC kernels agree, segmentation → reassembly round trips over any
//! fragmentation, and impaired cell streams never yield a wrong PDU marked good.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use hal::aal5::crc32::{Crc32, Kernel, RESIDUE};
use hal::aal5::{BufferPool, Reassembler, ReassemblyConfig, SegmentParams, Segmenter};
use hal::time::{Duration, Instant};
use proptest::prelude::*;

const T0: Instant = Instant::from_nanos(0);

/// Deterministic filler so large SDUs cost no proptest shrinking.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// Splits `data` at the given cut points (taken modulo len+1), keeping empty fragments.
fn fragments<'a>(data: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (data.len() + 1)).collect();
    points.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for p in points {
        out.push(&data[at..p]);
        at = p;
    }
    out.push(&data[at..]);
    out
}

fn segment(sdu: &[u8], cuts: &[usize], uu: u8, clp: bool) -> Vec<([u8; 48], bool)> {
    let frags = fragments(sdu, cuts);
    let mut seg = Segmenter::new(&frags, SegmentParams { uu, cpi: 0, clp }).unwrap();
    let mut cells = Vec::with_capacity(seg.cells_remaining());
    let mut payload = [0u8; 48];
    while let Some(cell) = seg.next_cell(&mut payload) {
        assert_eq!(cell.clp, clp);
        cells.push((payload, cell.end_of_pdu));
    }
    cells
}

fn sdu_len() -> impl Strategy<Value = usize> {
    prop_oneof![
        Just(0usize),
        Just(1),
        Just(40),
        Just(41),
        Just(48),
        Just(65535),
        0usize..=65535,
        0usize..=200,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn crc_kernels_agree(seed: u64, len in 0usize..6000, offset in 0usize..16, splits in prop::collection::vec(0usize..6000, 0..4)) {
        let buf = bytes(seed, len + offset);
        let data = &buf[offset..];
        let reference = crc::Crc::<u32, crc::Table<16>>::new(&crc::CRC_32_BZIP2).checksum(data);
        let mut points: Vec<usize> = splits.iter().map(|s| s % (data.len() + 1)).collect();
        points.sort_unstable();
        for kernel in [Kernel::Table, Kernel::Clmul] {
            let mut one = Crc32::with_kernel(kernel);
            one.update(data);
            prop_assert_eq!(one.finish(), reference);
            let mut pieces = Crc32::with_kernel(kernel);
            let mut at = 0;
            for &p in &points {
                pieces.update(&data[at..p]);
                at = p;
            }
            pieces.update(&data[at..]);
            prop_assert_eq!(pieces.finish(), reference);
            // Appending the CRC leaves the residue.
            pieces.update(&reference.to_be_bytes());
            prop_assert_eq!(pieces.register(), RESIDUE);
        }
    }

    #[test]
    fn round_trip_any_size_any_fragmentation(
        seed: u64,
        len in sdu_len(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
        uu: u8,
        clp: bool,
    ) {
        let sdu = bytes(seed, len);
        let cells = segment(&sdu, &cuts, uu, clp);
        prop_assert_eq!(cells.len(), hal::aal5::cpcs::cpcs_pdu_len(len) / 48);
        let mut pool = BufferPool::new(2, hal::aal5::cpcs_pdu_len(65535)).unwrap();
        let config = ReassemblyConfig { max_sdu: 65535, timeout: Duration::from_secs(1), deliver_errored: false };
        let mut r = Reassembler::new(config).unwrap();
        let mut delivered = Vec::new();
        for (p, eop) in &cells {
            delivered.extend(r.push_cell(&mut pool, T0, p, *eop));
        }
        prop_assert_eq!(delivered.len(), 1);
        let pdu = delivered[0];
        prop_assert_eq!(pdu.error, None);
        prop_assert_eq!(pdu.uu, uu);
        prop_assert_eq!(pdu.data(&pool).unwrap(), &sdu[..]);
        prop_assert!(pool.release(pdu.buffer));
        prop_assert_eq!(pool.free_count(), 2);
        prop_assert_eq!(r.counters().pdus_ok, 1);
        prop_assert_eq!(r.counters().errors(), 0);
    }

    #[test]
    fn impaired_streams_never_deliver_wrong_data(
        seed: u64,
        len in 41usize..3000,
        kind in 0u8..5,
        a: usize,
        b: usize,
        flips in prop::collection::vec(any::<u16>(), 1..6),
        deliver_errored: bool,
    ) {
        let original = bytes(seed, len);
        let follow_a = bytes(seed ^ 0xA5A5, 100);
        let follow_b = bytes(seed ^ 0x5A5A, 77);
        let mut cells = segment(&original, &[], 1, false);
        let n = cells.len();
        let (i, j) = (a % n, b % n);
        let description = match kind {
            0 => { cells.remove(i); "loss" }
            1 => { let c = cells[i]; cells.insert(i, c); "duplication" }
            2 => {
                let j = if i == j { (i + 1) % n } else { j };
                cells.swap(i, j);
                "reordering"
            }
            3 => { let bit = usize::from(flips[0]) % (48 * 8); cells[i].0[bit / 8] ^= 1 << (bit % 8); "single-bit error" }
            _ => {
                for f in &flips {
                    let bit = usize::from(*f) % (48 * 8);
                    cells[(i + usize::from(*f)) % n].0[bit / 8] ^= 1 << (bit % 8);
                }
                "multi-bit error"
            }
        };
        cells.extend(segment(&follow_a, &[], 2, false));
        cells.extend(segment(&follow_b, &[], 3, false));
        let mut pool = BufferPool::new(4, 4096).unwrap();
        let config = ReassemblyConfig { max_sdu: 3000, timeout: Duration::from_secs(1), deliver_errored };
        let mut r = Reassembler::new(config).unwrap();
        let mut good = Vec::new();
        for (p, eop) in &cells {
            if let Some(pdu) = r.push_cell(&mut pool, T0, p, *eop) {
                if pdu.error.is_none() {
                    good.push(pdu.data(&pool).unwrap().to_vec());
                }
                prop_assert!(pool.release(pdu.buffer));
            }
        }
        // Every PDU delivered as good is one that was sent, in order.
        for data in &good {
            prop_assert!(data == &original || data == &follow_a || data == &follow_b, "{}: wrong data delivered as good", description);
        }
        // The impairment was seen (multi-bit flips may cancel out on the same bit).
        let changed = good.first() != Some(&original);
        if changed {
            prop_assert!(r.counters().errors() >= 1, "{}: no error counted", description);
        }
        // The stream recovers: the last PDU always arrives intact.
        prop_assert_eq!(good.last(), Some(&follow_b), "{}", description);
        prop_assert_eq!(pool.free_count(), 4);
    }

    #[test]
    fn arbitrary_cells_never_panic_or_leak(
        cells in prop::collection::vec((prop::array::uniform32(any::<u8>()), any::<bool>(), 0u64..50), 0..200),
        deliver_errored: bool,
    ) {
        let mut pool = BufferPool::new(2, 192).unwrap();
        let config = ReassemblyConfig { max_sdu: 100, timeout: Duration::from_millis(20), deliver_errored };
        let mut r = Reassembler::new(config).unwrap();
        let mut now = T0;
        let mut outcomes = 0u64;
        for (seed32, eop, step) in &cells {
            now += Duration::from_millis(*step);
            let mut payload = [0u8; 48];
            payload[..32].copy_from_slice(seed32);
            payload[44..].copy_from_slice(&seed32[..4]);
            if let Some(pdu) = r.push_cell(&mut pool, now, &payload, *eop) {
                prop_assert!(pdu.len <= 100 || pdu.error.is_some());
                prop_assert!(pool.release(pdu.buffer));
                outcomes += 1;
            }
        }
        let c = *r.counters();
        prop_assert_eq!(c.cells, cells.len() as u64);
        prop_assert_eq!(outcomes, c.pdus_ok + c.errored_delivered);
        prop_assert!(c.pdus_ok + c.errors() <= c.cells);
        r.reset(&mut pool);
        prop_assert_eq!(pool.free_count(), 2);
    }

    #[test]
    fn pool_exhaustion_is_counted_and_recovers(buffers in 1usize..4, extra in 1usize..4, len in 0usize..200) {
        let mut pool = BufferPool::new(buffers, 256).unwrap();
        let config = ReassemblyConfig { max_sdu: 200, timeout: Duration::from_secs(1), deliver_errored: false };
        let mut r = Reassembler::new(config).unwrap();
        let sdu = bytes(len as u64, len);
        let cells = segment(&sdu, &[], 0, false);
        let mut held = Vec::new();
        for _ in 0..buffers + extra {
            for (p, eop) in &cells {
                held.extend(r.push_cell(&mut pool, T0, p, *eop));
            }
        }
        // The consumer kept every delivered PDU: the rest were dropped and counted.
        prop_assert_eq!(held.len(), buffers);
        prop_assert_eq!(r.counters().buffer_exhaustion, extra as u64);
        prop_assert_eq!(pool.free_count(), 0);
        for pdu in held.drain(..) {
            prop_assert_eq!(pdu.data(&pool).unwrap(), &sdu[..]);
            prop_assert!(pool.release(pdu.buffer));
        }
        for (p, eop) in &cells {
            held.extend(r.push_cell(&mut pool, T0, p, *eop));
        }
        prop_assert_eq!(held.len(), 1);
        prop_assert_eq!(held[0].data(&pool).unwrap(), &sdu[..]);
    }
}

/// The one impairment AAL5 cannot see: a duplicated single-cell PDU is itself a valid PDU.
/// It is delivered twice with the right data (never different data).
#[test]
fn duplicated_single_cell_pdu_is_delivered_twice_unchanged() {
    let sdu = bytes(7, 30);
    let cells = segment(&sdu, &[], 0, false);
    assert_eq!(cells.len(), 1);
    let mut pool = BufferPool::new(2, 96).unwrap();
    let config =
        ReassemblyConfig { max_sdu: 48, timeout: Duration::from_secs(1), deliver_errored: false };
    let mut r = Reassembler::new(config).unwrap();
    for _ in 0..2 {
        let pdu = r.push_cell(&mut pool, T0, &cells[0].0, true).unwrap();
        assert_eq!(pdu.data(&pool).unwrap(), &sdu[..]);
        assert!(pool.release(pdu.buffer));
    }
    assert_eq!(r.counters().pdus_ok, 2);
}

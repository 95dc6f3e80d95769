//! Cell header parse + HEC check per cell: our table HEC vs the `crc` crate's
//! CRC_8_I_432_1 vs a bitwise CRC-8 baseline, all in the same run; then HecReceiver and
//! CellDelineator throughput.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::std_instead_of_core
)]

use std::hint::black_box;

use crc::{Crc, CRC_8_I_432_1};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hal::cell::{hec, Cell, Header, HeaderFormat, HeaderRepr, Pti, CELL_LEN};
use hal::tc::{CellDelineator, DelineationConfig, HecReceiver, PayloadScrambler, TcTransmitter};

/// A HEC implementation over the first four header octets.
type HecFn = fn(&[u8]) -> u8;

const CRATE_HEC: Crc<u8> = Crc::<u8>::new(&CRC_8_I_432_1);
const CELLS: usize = 1024;

/// Plain bit-at-a-time CRC-8 (x^8 + x^2 + x + 1) plus the coset: the baseline.
fn bitwise_hec(octets: &[u8]) -> u8 {
    let mut crc = 0u8;
    for &octet in octets {
        crc ^= octet;
        for _ in 0..8 {
            crc = if crc & 0x80 != 0 { (crc << 1) ^ 0x07 } else { crc << 1 };
        }
    }
    crc ^ 0x55
}

/// A serial (one dependent lookup per octet) 256-entry table CRC-8, for comparison with
/// the library's independent-lookup form.
const SERIAL_TABLE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut v = 0;
    while v < 256 {
        let mut crc = v as u8;
        let mut i = 0;
        while i < 8 {
            crc = if crc & 0x80 != 0 { (crc << 1) ^ 0x07 } else { crc << 1 };
            i += 1;
        }
        table[v] = crc;
        v += 1;
    }
    table
};

fn serial_table_hec(h: &[u8]) -> u8 {
    let mut crc = 0u8;
    for &octet in &h[..4] {
        crc = SERIAL_TABLE[usize::from(crc ^ octet)];
    }
    crc ^ 0x55
}

/// Deterministic pseudo-random cells with valid headers.
fn cells(n: usize) -> Vec<Cell> {
    let mut x = 0x1234_5678u32;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    (0..n)
        .map(|_| {
            let r = next();
            let mut cell = [0u8; CELL_LEN];
            for b in cell[5..].iter_mut() {
                *b = next() as u8;
            }
            HeaderRepr {
                format: HeaderFormat::Uni,
                gfc: 0,
                vpi: (r & 0xFF) as u16,
                vci: 32 + (r >> 16) as u16 % 1000,
                pti: Pti::from_bits((r >> 8) as u8 & 0x1),
                clp: false,
            }
            .emit(&mut cell)
            .unwrap();
            cell
        })
        .collect()
}

fn parse_with(cells: &[Cell], check: impl Fn(&[u8; 5]) -> bool) -> u32 {
    let mut acc = 0u32;
    for cell in cells {
        let view = Header::new_unchecked(&cell[..]);
        if check(&view.octets()) {
            let repr = HeaderRepr::parse_fields(&view, HeaderFormat::Uni).unwrap();
            acc = acc.wrapping_add(u32::from(repr.vci) ^ u32::from(repr.vpi));
        }
    }
    acc
}

fn header_parse(c: &mut Criterion) {
    let cells = cells(CELLS);
    let mut group = c.benchmark_group("header_parse_hec_check");
    group.throughput(Throughput::Elements(CELLS as u64));
    group.bench_function("ours_sliced", |b| {
        b.iter(|| parse_with(black_box(&cells), |h| hec::hec([h[0], h[1], h[2], h[3]]) == h[4]))
    });
    group.bench_function("serial_table", |b| {
        b.iter(|| parse_with(black_box(&cells), |h| serial_table_hec(h) == h[4]))
    });
    group.bench_function("crc_crate", |b| {
        b.iter(|| parse_with(black_box(&cells), |h| CRATE_HEC.checksum(&h[..4]) == h[4]))
    });
    group.bench_function("bitwise_baseline", |b| {
        b.iter(|| parse_with(black_box(&cells), |h| bitwise_hec(&h[..4]) == h[4]))
    });
    group.finish();

    let mut group = c.benchmark_group("hec_only");
    group.throughput(Throughput::Elements(CELLS as u64));
    group.bench_function("ours_sliced", |b| {
        b.iter(|| {
            black_box(&cells).iter().filter(|c| hec::hec([c[0], c[1], c[2], c[3]]) == c[4]).count()
        })
    });
    group.bench_function("serial_table", |b| {
        b.iter(|| black_box(&cells).iter().filter(|c| serial_table_hec(&c[..]) == c[4]).count())
    });
    group.bench_function("crc_crate", |b| {
        b.iter(|| black_box(&cells).iter().filter(|c| CRATE_HEC.checksum(&c[..4]) == c[4]).count())
    });
    group.bench_function("bitwise_baseline", |b| {
        b.iter(|| black_box(&cells).iter().filter(|c| bitwise_hec(&c[..4]) == c[4]).count())
    });
    group.finish();

    // Latency: which cell is checked next depends on the previous HEC, so checks cannot
    // overlap (as in the delineator's HUNT, where each position waits for the last).
    let mut group = c.benchmark_group("hec_latency");
    group.throughput(Throughput::Elements(CELLS as u64));
    let chained = |f: HecFn| {
        let mut idx = 0usize;
        for _ in 0..CELLS {
            idx = (idx + 1 + usize::from(f(&cells[idx][..]) & 1)) % CELLS;
        }
        idx
    };
    let variants: [(&str, HecFn); 4] = [
        ("ours_sliced", |h| hec::hec([h[0], h[1], h[2], h[3]])),
        ("serial_table", serial_table_hec),
        ("crc_crate", |h| CRATE_HEC.checksum(&h[..4])),
        ("bitwise_baseline", |h| bitwise_hec(&h[..4])),
    ];
    for (name, f) in variants {
        group.bench_function(name, |b| b.iter(|| chained(black_box(f))));
    }
    group.finish();
}

fn hec_receiver(c: &mut Criterion) {
    let mut cells = cells(CELLS);
    // One cell in 100 with a single-bit header error.
    for (i, cell) in cells.iter_mut().enumerate().filter(|(i, _)| i % 100 == 0) {
        cell[i % 5] ^= 0x10;
    }
    let mut group = c.benchmark_group("hec_receiver");
    group.throughput(Throughput::Bytes((CELLS * CELL_LEN) as u64));
    group.bench_function("handle_cell", |b| {
        b.iter_batched_ref(
            || cells.clone(),
            |cells| {
                let mut rx = HecReceiver::new();
                for cell in cells.iter_mut() {
                    black_box(rx.handle_cell(cell));
                }
                rx.counters()
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn delineator(c: &mut Criterion) {
    let cells = cells(4 * CELLS);
    let mut group = c.benchmark_group("cell_delineator");
    for scramble in [false, true] {
        let mut tx = TcTransmitter::new(scramble);
        let stream: Vec<u8> = cells.iter().flat_map(|c| tx.transmit(Some(c))).collect();
        group.throughput(Throughput::Bytes(stream.len() as u64));
        let name = if scramble { "descramble" } else { "plain" };
        for chunk in [64usize, 4096] {
            group.bench_with_input(BenchmarkId::new(name, chunk), &stream, |b, stream| {
                b.iter(|| {
                    let mut d = CellDelineator::new(DelineationConfig {
                        descramble: scramble,
                        ..DelineationConfig::default()
                    });
                    let mut sum = 0u32;
                    for part in stream.chunks(chunk) {
                        d.push(part, |cell| sum = sum.wrapping_add(u32::from(cell[52])));
                    }
                    (sum, d.counters().cells_delivered)
                })
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("tc_transmit");
    group.throughput(Throughput::Bytes((CELLS * CELL_LEN) as u64));
    let tx_cells = &cells[..CELLS];
    group.bench_function("scrambled", |b| {
        b.iter(|| {
            let mut tx = TcTransmitter::new(true);
            let mut acc = 0u8;
            for cell in tx_cells {
                acc ^= tx.transmit(Some(black_box(cell)))[52];
            }
            acc
        })
    });
    group.bench_function("scrambler_only", |b| {
        let mut payloads: Vec<[u8; 48]> = vec![[0x5A; 48]; CELLS];
        b.iter(|| {
            let mut s = PayloadScrambler::new();
            for p in payloads.iter_mut() {
                s.scramble(black_box(p));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, header_parse, hec_receiver, delineator);
criterion_main!(benches);

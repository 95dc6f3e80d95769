//! CRC-10 over a 48-octet OAM cell payload: hal's table against the `crc` crate's
//! CRC-10/ATM implementations (bitwise, 1-table, 16-table) on the same data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use core::hint::black_box;

use crc::{Crc, NoTable, Table, CRC_10_ATM};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hal::oam::{crc10, crc10_check, LoopbackRepr, OamRepr, END_POINT_LOCATION_ID};

/// A hand-written one-table CRC-10 (the first version of hal's), kept as a baseline.
fn handwritten_table() -> [u16; 256] {
    core::array::from_fn(|byte| {
        let mut reg = (byte as u16) << 2;
        for _ in 0..8 {
            reg = if reg & 0x200 != 0 { ((reg << 1) ^ 0x233) & 0x3FF } else { (reg << 1) & 0x3FF };
        }
        reg
    })
}

fn handwritten_crc10(table: &[u16; 256], data: &[u8]) -> u16 {
    data.iter().fold(0u16, |reg, &byte| {
        ((reg << 8) & 0x3FF) ^ table[usize::from(((reg >> 2) as u8) ^ byte)]
    })
}

fn bench(c: &mut Criterion) {
    let table = handwritten_table();
    let cell = OamRepr::Loopback(LoopbackRepr {
        indication: true,
        correlation_tag: 0xDEAD_BEEF,
        location_id: END_POINT_LOCATION_ID,
        source_id: [0x5A; 16],
    })
    .to_payload();
    let bitwise: Crc<u16, NoTable> = Crc::<u16, NoTable>::new(&CRC_10_ATM);
    let table1: Crc<u16, Table<1>> = Crc::<u16, Table<1>>::new(&CRC_10_ATM);
    let table16: Crc<u16, Table<16>> = Crc::<u16, Table<16>>::new(&CRC_10_ATM);
    assert!(crc10_check(&cell));
    assert_eq!(table1.checksum(&cell), 0);
    assert_eq!(handwritten_crc10(&table, b"123456789"), 0x199);

    let mut group = c.benchmark_group("oam_crc10_48_octets");
    group.throughput(Throughput::Bytes(48));
    group.bench_function("hal_crc10_generate", |b| b.iter(|| crc10(black_box(&cell))));
    group.bench_function("hal_crc10_check", |b| b.iter(|| crc10_check(black_box(&cell))));
    group.bench_function("handwritten_table1_check", |b| {
        b.iter(|| handwritten_crc10(&table, black_box(&cell)) == 0)
    });
    group.bench_function("crc_crate_notable_check", |b| {
        b.iter(|| bitwise.checksum(black_box(&cell)) == 0)
    });
    group.bench_function("crc_crate_table1_check", |b| {
        b.iter(|| table1.checksum(black_box(&cell)) == 0)
    });
    group.bench_function("crc_crate_table16_check", |b| {
        b.iter(|| table16.checksum(black_box(&cell)) == 0)
    });
    group.bench_function("hal_parse_loopback", |b| {
        b.iter(|| OamRepr::parse_bytes(black_box(&cell)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Receive lookup and reference cost of the VC table with 65 536 VCs, against a std HashMap.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use core::hint::black_box;
use std::collections::HashMap;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mcm::vc::{Creator, VcAddress, VcConfig, VcTable};

#[path = "../../tests/vc_common/mod.rs"]
mod vc_common;
use vc_common::{CallState, DataPath};

const VCS: u32 = 65_536;

/// 16 VPIs × 4096 VCIs (VCI 32.. as a switch assigns them), all Active.
fn filled() -> (VcTable<CallState, DataPath>, Vec<VcAddress>) {
    let mut t = VcTable::new(VcConfig {
        max_vcs: VCS,
        vpi_bits: 8,
        vci_bits: 13,
        vpi_blocks: 16,
        table_id: 1,
    })
    .unwrap();
    let mut addresses = Vec::new();
    for i in 0..VCS {
        let a = VcAddress::new((i / 4096) as u16, 32 + (i % 4096) as u16);
        let h = t
            .create(Creator::Client, None, CallState::default(), DataPath::tagged(u64::from(i)))
            .unwrap();
        t.activate(h, a).unwrap();
        addresses.push(a);
    }
    (t, addresses)
}

/// A fixed pseudo-random visiting order so lookups do not walk memory sequentially.
fn order(n: usize) -> Vec<usize> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let (table, addresses) = filled();
    let map: HashMap<(u16, u16), u32> =
        addresses.iter().enumerate().map(|(i, a)| ((a.vpi, a.vci), i as u32)).collect();
    let visit = order(4096);
    // Misses: a VPI with a block but an unbound VCI, and a VPI without a block.
    let misses: Vec<VcAddress> = visit
        .iter()
        .map(|&i| {
            if i % 2 == 0 {
                VcAddress::new((i % 16) as u16, 4200 + (i % 3000) as u16)
            } else {
                VcAddress::new(100 + (i % 100) as u16, 40)
            }
        })
        .collect();

    let mut g = c.benchmark_group("vc_lookup_65536");
    g.throughput(Throughput::Elements(visit.len() as u64));
    g.bench_function(BenchmarkId::new("table_lookup", "hit"), |b| {
        b.iter(|| {
            for &i in &visit {
                black_box(table.lookup(black_box(addresses[i])));
            }
        })
    });
    g.bench_function(BenchmarkId::new("table_lookup", "miss"), |b| {
        b.iter(|| {
            for &a in &misses {
                black_box(table.lookup(black_box(a)));
            }
        })
    });
    g.bench_function(BenchmarkId::new("hashmap_lookup", "hit"), |b| {
        b.iter(|| {
            for &i in &visit {
                let a = addresses[i];
                black_box(map.get(&black_box((a.vpi, a.vci))));
            }
        })
    });
    g.bench_function(BenchmarkId::new("hashmap_lookup", "miss"), |b| {
        b.iter(|| {
            for &a in &misses {
                black_box(map.get(&black_box((a.vpi, a.vci))));
            }
        })
    });
    g.bench_function(BenchmarkId::new("acquire_by_address_release", "hit"), |b| {
        b.iter(|| {
            for &i in &visit {
                let r = table.acquire_by_address(black_box(addresses[i])).unwrap();
                black_box(table.release(r).unwrap().rundown_complete);
            }
        })
    });
    g.bench_function(BenchmarkId::new("acquire_by_address", "miss"), |b| {
        b.iter(|| {
            for &a in &misses {
                black_box(table.acquire_by_address(black_box(a)).is_none());
            }
        })
    });
    let handles: Vec<_> = table.handles().collect();
    g.bench_function(BenchmarkId::new("acquire_release", "by_handle"), |b| {
        b.iter(|| {
            for &i in &visit {
                let r = table.acquire(black_box(handles[i])).unwrap();
                black_box(table.release(r).unwrap().rundown_complete);
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

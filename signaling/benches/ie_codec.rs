//! IE contents codec costs: the called party number of the reference SETUP, a Cause with a
//! diagnostic, and the AESA text form; the baseline copies the same contents octets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use core::hint::black_box;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use signaling::codec::ie::*;

const CALLED: [u8; 21] = [
    0x82, 0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x15, 0x10, 0x00, 0x00, 0x20,
    0x48, 0x1a, 0x00, 0x00, 0x01,
];
const CAUSE: [u8; 6] = [0x82, 0xA3, 0x00, 0x01, 0x00, 0x20];
const ITU: CodingStandard = CodingStandard::ItuT;
const V: UniVersion = UniVersion::Uni40;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("ie_codec");
    g.throughput(Throughput::Bytes(CALLED.len() as u64));
    g.bench_function("baseline_copy_21", |b| {
        let mut out = [0u8; 21];
        b.iter(|| {
            out.copy_from_slice(black_box(&CALLED));
            black_box(&out);
        })
    });
    g.bench_function("called_number_parse", |b| {
        b.iter(|| CalledPartyNumber::parse(black_box(&CALLED), ITU, V).unwrap())
    });
    let called = CalledPartyNumber::parse(&CALLED, ITU, V).unwrap();
    g.bench_function("called_number_emit", |b| {
        let mut out = [0u8; 21];
        b.iter(|| black_box(&called).emit(&mut out).unwrap())
    });
    g.throughput(Throughput::Bytes(CAUSE.len() as u64));
    g.bench_function("cause_parse_vpci_vci", |b| {
        b.iter(|| Cause::parse(black_box(&CAUSE), ITU, V).unwrap())
    });
    g.finish();

    let mut t = c.benchmark_group("aesa_text");
    let text = "47.0005.80ffe1000000f21510000020481a0000.01";
    t.bench_function("parse", |b| b.iter(|| black_box(text).parse::<Aesa>().unwrap()));
    let aesa: Aesa = text.parse().unwrap();
    t.bench_function("display", |b| {
        let mut s = String::with_capacity(64);
        b.iter(|| {
            s.clear();
            use core::fmt::Write;
            write!(s, "{}", black_box(&aesa)).unwrap();
            black_box(s.len())
        })
    });
    t.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

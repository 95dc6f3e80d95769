//! AAL5 CRC-32 throughput: our kernels against the `crc` crate (slicing-by-16 tables) and
//! `crc-fast` (SIMD carry-less multiply), all computing CRC-32/BZIP2 in the same run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hal::aal5::crc32::{Crc32, Kernel};

const SIZES: [usize; 4] = [64, 1500, 9180, 65536];

fn ours(kernel: Kernel, data: &[u8]) -> u32 {
    let mut crc = Crc32::with_kernel(kernel);
    crc.update(data);
    crc.finish()
}

fn bench(c: &mut Criterion) {
    let table16 = crc::Crc::<u32, crc::Table<16>>::new(&crc::CRC_32_BZIP2);
    let data: Vec<u8> =
        (0..65536u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
    // Every implementation must agree before its speed means anything.
    for &len in &SIZES {
        let expected = table16.checksum(&data[..len]);
        assert_eq!(ours(Kernel::Table, &data[..len]), expected);
        assert_eq!(ours(Kernel::Clmul, &data[..len]), expected);
        let fast = crc_fast::checksum(crc_fast::CrcAlgorithm::Crc32Bzip2, &data[..len]);
        assert_eq!(fast, u64::from(expected));
    }
    let mut group = c.benchmark_group("crc32");
    for &len in &SIZES {
        let input = &data[..len];
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_with_input(BenchmarkId::new("ours_clmul", len), input, |b, d| {
            b.iter(|| ours(Kernel::Clmul, black_box(d)))
        });
        group.bench_with_input(BenchmarkId::new("ours_table16", len), input, |b, d| {
            b.iter(|| ours(Kernel::Table, black_box(d)))
        });
        group.bench_with_input(BenchmarkId::new("crc_table16", len), input, |b, d| {
            b.iter(|| table16.checksum(black_box(d)))
        });
        group.bench_with_input(BenchmarkId::new("crc_fast", len), input, |b, d| {
            b.iter(|| crc_fast::checksum(crc_fast::CrcAlgorithm::Crc32Bzip2, black_box(d)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

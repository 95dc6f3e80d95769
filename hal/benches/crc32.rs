//! AAL5 CRC-32 throughput: our kernels against the `crc` crate (slicing-by-16 tables) and
//! `crc-fast` (SIMD carry-less multiply), all computing CRC-32/BZIP2 in the same run.
//!
//! Before criterion runs, a best-of-N table (GB/s, each timing over enough repetitions to
//! last ~0.2 ms) is printed to stderr: on a shared machine the best run is the one least
//! disturbed by other load, so it is the fairer comparison between implementations.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
// Skipped checks and measured numbers are reported on stderr.
#![allow(clippy::print_stderr)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Instant;

use hal::aal5::crc32::{Crc32, ExtendedStateSaved, Kernel, WideKernel};

const SIZES: [usize; 4] = [64, 1500, 9180, 65536];

fn ours(kernel: Kernel, data: &[u8]) -> u32 {
    let mut crc = Crc32::with_kernel(kernel);
    crc.update(data);
    crc.finish()
}

fn ours_wide(kernel: WideKernel, data: &[u8], state: &ExtendedStateSaved<'_>) -> u32 {
    let mut crc = Crc32::new();
    crc.update_wide_with(kernel, data, state);
    crc.finish()
}

/// Best-of-`rounds` throughput of `f` over `data`, in GB/s.
fn best_of(rounds: usize, data: &[u8], mut f: impl FnMut(&[u8]) -> u32) -> f64 {
    let reps = (200_000 / data.len()).max(1);
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..reps {
            black_box(f(black_box(data)));
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    (data.len() * reps) as f64 / best / 1e9
}

fn bench(c: &mut Criterion) {
    // Benchmarks run in user mode, where the OS preserves the vector state.
    let state = ExtendedStateSaved::user_mode().expect("user mode");
    if hal::aal5::crc32::wide_kernel(&state).is_none() {
        eprintln!("note: no VPCLMULQDQ kernel on this CPU; ours_wide measures the SSE kernel");
    }
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
        for kernel in [WideKernel::Avx512, WideKernel::Avx2] {
            assert_eq!(ours_wide(kernel, &data[..len], &state), expected);
        }
    }
    let rounds = 400;
    eprintln!(
        "best of {rounds}, GB/s: size  ours_wide(avx512)  ours_wide_avx2  ours_clmul  ours_table16  \
         crc_table16  crc_fast"
    );
    for &len in &SIZES {
        let d = &data[..len];
        let wide = best_of(rounds, d, |d| ours_wide(WideKernel::Avx512, d, &state));
        let avx2 = best_of(rounds, d, |d| ours_wide(WideKernel::Avx2, d, &state));
        let clmul = best_of(rounds, d, |d| ours(Kernel::Clmul, d));
        let table = best_of(rounds / 4, d, |d| ours(Kernel::Table, d));
        let crc_t = best_of(rounds / 4, d, |d| table16.checksum(d));
        let fast = best_of(rounds, d, |d| {
            crc_fast::checksum(crc_fast::CrcAlgorithm::Crc32Bzip2, d) as u32
        });
        eprintln!(
            "{len:>6} {wide:>8.2} {avx2:>8.2} {clmul:>8.2} {table:>8.2} {crc_t:>8.2} {fast:>8.2}"
        );
    }
    let mut group = c.benchmark_group("crc32");
    for &len in &SIZES {
        let input = &data[..len];
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_with_input(BenchmarkId::new("ours_wide", len), input, |b, d| {
            b.iter(|| ours_wide(WideKernel::Avx512, black_box(d), &state))
        });
        group.bench_with_input(BenchmarkId::new("ours_wide_avx2", len), input, |b, d| {
            b.iter(|| ours_wide(WideKernel::Avx2, black_box(d), &state))
        });
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

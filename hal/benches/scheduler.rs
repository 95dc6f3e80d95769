//! Cell slots per second of hal::traffic::Scheduler with 1, 1 000 and 65 536 active VCs (a mix
//! of CBR, rt-VBR, nrt-VBR, ABR and UBR, all backlogged), against a straightforward baseline that
//! scans every VC in every slot, measured in the same run; and a sparse link stepped slot by
//! slot against skipping its idle slots (`Scheduler::skip_to`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hal::time::Duration;
use hal::traffic::{Scheduler, SchedulerConfig, ServiceCategory, Shaper, TrafficParams};

/// OC-192c: 9.584 64 Gb/s of cell payload capacity / 424 bits.
const LINE: u32 = 22_605_283;

/// VC `i` of `n`: i mod 8 = 0 CBR (25 % of the line in all), 1 rt-VBR and 2 nrt-VBR (10 % SCR
/// each, PCR 4 × SCR, MBS 32), 3 ABR (10 % MCR, PCR 4 × MCR), 4..7 UBR (odd ones capped at
/// 4 × line/n, even ones uncapped).
fn contract(i: u32, n: u32) -> TrafficParams {
    let per_class = n.div_ceil(8).max(1);
    let share = |percent: u32| {
        ((u64::from(LINE) * u64::from(percent) / 100) / u64::from(per_class)).max(1) as u32
    };
    let cdvt = Duration::from_micros(1);
    let pcr_of = |r: u32| r.saturating_mul(4).min(LINE);
    match i % 8 {
        0 => TrafficParams::cbr(share(25), cdvt),
        1 => TrafficParams::rt_vbr(pcr_of(share(10)), share(10), 32, cdvt),
        2 => TrafficParams::nrt_vbr(pcr_of(share(10)), share(10), 32, cdvt),
        3 => TrafficParams::abr(pcr_of(share(10)), share(10), cdvt),
        k if k % 2 == 1 => TrafficParams::ubr(pcr_of((LINE / n).max(1)), cdvt),
        _ => TrafficParams::ubr(0, cdvt),
    }
}

fn scheduler(n: u32) -> Scheduler {
    let mut s = Scheduler::new(SchedulerConfig { line_cell_rate: LINE, max_vcs: n }).unwrap();
    for i in 0..n {
        s.add_vc(i, contract(i, n)).unwrap();
        s.set_backlog(i, u32::MAX).unwrap();
    }
    s
}

/// The obvious scheduler: every slot, look at every VC; the highest class wins, ties go round
/// robin from the last VC served. Same shapers, same classes.
struct ScanScheduler {
    vcs: Vec<(Shaper, u32)>,
    now: u64,
    last: usize,
}

impl ScanScheduler {
    fn new(n: u32) -> Self {
        let vcs = (0..n)
            .map(|i| (Shaper::new(&contract(i, n), u64::from(LINE)).unwrap(), u32::MAX))
            .collect();
        ScanScheduler { vcs, now: 0, last: 0 }
    }

    fn next_slot(&mut self) -> Option<u32> {
        let t = self.now;
        self.now += 1;
        let n = self.vcs.len();
        let mut best: Option<(u8, usize)> = None;
        for k in 1..=n {
            let i = (self.last + k) % n;
            let (shaper, backlog) = &self.vcs[i];
            if *backlog == 0 || shaper.earliest() > t {
                continue;
            }
            let rank = match shaper.category() {
                ServiceCategory::Cbr => 0,
                ServiceCategory::RtVbr => 1,
                ServiceCategory::NrtVbr => 2,
                ServiceCategory::Abr if shaper.floor_due().is_some_and(|d| d <= t) => 3,
                ServiceCategory::Abr | ServiceCategory::Ubr => 4,
            };
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, i));
            }
        }
        let (rank, i) = best?;
        let (shaper, backlog) = &mut self.vcs[i];
        shaper.on_send(t);
        *backlog -= 1;
        if rank == 4 {
            self.last = i;
        }
        Some(i as u32)
    }
}

/// On-CPU time of this thread in ns (Linux schedstat; 0 elsewhere). The machine running these
/// benches is shared, so besides criterion's wall-clock figures we report slots per second of
/// CPU time over a long run (descheduled time excluded; the counter's tick granularity is
/// negligible over a second).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn cpu_rate(label: &str, n: u32, slots: u64, mut step: impl FnMut() -> Option<u32>) {
    let start = thread_cpu_ns();
    let wall = std::time::Instant::now();
    let mut sent = 0u64;
    for _ in 0..slots {
        if black_box(step()).is_some() {
            sent += 1;
        }
    }
    let cpu = thread_cpu_ns().saturating_sub(start).max(1);
    let wall = wall.elapsed().as_nanos().max(1) as f64;
    eprintln!(
        "{label} n={n}: {:.4} M slots per CPU-second ({:.4} M per wall-second), {sent} cells in {slots} slots",
        slots as f64 * 1e3 / cpu as f64,
        slots as f64 * 1e3 / wall,
    );
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("scheduler_slots");
    for &n in &[1u32, 1_000, 65_536] {
        const SLOTS: u64 = 100_000;
        group.throughput(Throughput::Elements(SLOTS));
        let mut s = scheduler(n);
        group.bench_with_input(BenchmarkId::new("wheel", n), &n, |b, _| {
            b.iter(|| {
                let mut sent = 0u32;
                for _ in 0..SLOTS {
                    if black_box(s.next_slot()).is_some() {
                        sent += 1;
                    }
                }
                sent
            })
        });
        cpu_rate("wheel", n, 20_000_000, || s.next_slot());
        let st = s.stats();
        eprintln!(
            "wheel n={n}: {} slots, {} idle, per class {:?}, {} requeues",
            st.slots, st.idle_slots, st.cells_per_class, st.requeues
        );

        // The scan costs O(n) per slot: fewer slots per iteration for the big case.
        let scan_slots: u64 = if n > 10_000 { 200 } else { 20_000 };
        group.throughput(Throughput::Elements(scan_slots));
        let mut base = ScanScheduler::new(n);
        cpu_rate(
            "scan_baseline",
            n,
            if n > 10_000 {
                5_000
            } else if n > 1 {
                200_000
            } else {
                20_000_000
            },
            || base.next_slot(),
        );
        group.bench_with_input(BenchmarkId::new("scan_baseline", n), &n, |b, _| {
            b.iter(|| {
                let mut sent = 0u32;
                for _ in 0..scan_slots {
                    if black_box(base.next_slot()).is_some() {
                        sent += 1;
                    }
                }
                sent
            })
        });
    }
    group.finish();

    // The UBR-only case: 65 536 uncapped UBR VCs, pure round robin, no wheel traffic.
    let mut group = c.benchmark_group("scheduler_slots_ubr_only");
    const SLOTS: u64 = 100_000;
    group.throughput(Throughput::Elements(SLOTS));
    let n = 65_536u32;
    let mut s = Scheduler::new(SchedulerConfig { line_cell_rate: LINE, max_vcs: n }).unwrap();
    for i in 0..n {
        s.add_vc(i, TrafficParams::ubr(0, Duration::ZERO)).unwrap();
        s.set_backlog(i, u32::MAX).unwrap();
    }
    cpu_rate("wheel_ubr_only", n, 20_000_000, || s.next_slot());
    group.bench_with_input(BenchmarkId::new("wheel", n), &n, |b, _| {
        b.iter(|| {
            let mut sent = 0u32;
            for _ in 0..SLOTS {
                if black_box(s.next_slot()).is_some() {
                    sent += 1;
                }
            }
            sent
        })
    });
    group.finish();

    // A sparse link: 1 000 slow CBR VCs (~22 cells/s each, ~1 cell per 10^6 slots per VC, so
    // ~1 busy slot in 1 000): stepping every slot against skipping the idle ones.
    let mut group = c.benchmark_group("scheduler_sparse");
    const SPARSE_SLOTS: u64 = 1_000_000;
    group.throughput(Throughput::Elements(SPARSE_SLOTS));
    let n = 1_000u32;
    let sparse = || {
        let mut s = Scheduler::new(SchedulerConfig { line_cell_rate: LINE, max_vcs: n }).unwrap();
        for i in 0..n {
            s.add_vc(i, TrafficParams::cbr(22, Duration::ZERO)).unwrap();
            s.set_backlog(i, u32::MAX).unwrap();
            // Spread the VCs' phases over the period.
            s.advance_idle(997);
        }
        s
    };
    let mut s = sparse();
    group.bench_with_input(BenchmarkId::new("step", n), &n, |b, _| {
        b.iter(|| {
            let mut sent = 0u32;
            for _ in 0..SPARSE_SLOTS {
                if black_box(s.next_slot()).is_some() {
                    sent += 1;
                }
            }
            sent
        })
    });
    let mut s = sparse();
    group.bench_with_input(BenchmarkId::new("skip", n), &n, |b, _| {
        b.iter(|| {
            let end = s.now() + SPARSE_SLOTS;
            let mut sent = 0u32;
            while s.skip_to(end) < end {
                if black_box(s.next_slot()).is_some() {
                    sent += 1;
                }
            }
            sent
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

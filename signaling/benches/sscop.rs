//! SD PDUs per second through a pair of SSCOP entities over an in-memory link: 0 % loss
//! (reference) and 1 % seeded loss in the same run. Virtual time advances only to the next
//! timer when the link is idle, so the figure is protocol-processing cost, not timer waits.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hal::time::Instant;
use signaling::saal::sscop::{BufferRelease, Config, Event, Signal, Sscop};

const SDUS: u64 = 2_000;
const SDU_LEN: usize = 100;

struct Rng(u64);
impl Rng {
    fn chance(&mut self, per_mille: u64) -> bool {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % 1000 < per_mille
    }
}

fn link(from: &mut Sscop, to: &mut Sscop, now: Instant, rng: &mut Rng, loss: u64) -> bool {
    let mut moved = false;
    while let Some(p) = from.poll_transmit(now) {
        moved = true;
        if !rng.chance(loss) {
            to.handle_pdu(now, &p);
        }
    }
    moved
}

/// Transfers `SDUS` SDUs from A to B; returns the number delivered.
fn transfer(loss_per_mille: u64, seed: u64) -> u64 {
    let config = Config { transmit_queue: 512, ..Config::default() };
    let mut a = Sscop::new(config.clone()).unwrap();
    let mut b = Sscop::new(config).unwrap();
    let mut rng = Rng(seed);
    let mut now = Instant::ZERO;
    a.handle_signal(now, Signal::EstablishRequest { uu: vec![], br: BufferRelease::Yes }).unwrap();
    link(&mut a, &mut b, now, &mut rng, 0);
    while b.poll_event().is_some() {}
    b.handle_signal(now, Signal::EstablishResponse { uu: vec![], br: BufferRelease::Yes }).unwrap();
    link(&mut b, &mut a, now, &mut rng, 0);
    while a.poll_event().is_some() {}
    let payload = vec![0x5Au8; SDU_LEN];
    let (mut sent, mut delivered) = (0u64, 0u64);
    while delivered < SDUS {
        while sent < SDUS && a.handle_signal(now, Signal::DataRequest(payload.clone())).is_ok() {
            sent += 1;
        }
        let ab = link(&mut a, &mut b, now, &mut rng, loss_per_mille);
        while let Some(e) = b.poll_event() {
            if let Event::DataIndication { data, .. } = e {
                delivered += 1;
                black_box(data);
            }
        }
        let ba = link(&mut b, &mut a, now, &mut rng, loss_per_mille);
        while a.poll_event().is_some() {}
        if !ab && !ba {
            // Idle link: jump to the next timer (POLL / KEEP-ALIVE) in virtual time.
            let next = [a.poll_timeout(), b.poll_timeout()].into_iter().flatten().min().unwrap();
            now = next;
            a.handle_timeout(now);
            b.handle_timeout(now);
        }
    }
    delivered
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("sscop_sd_transfer");
    group.throughput(Throughput::Elements(SDUS));
    for (name, loss) in [("loss_0pct", 0u64), ("loss_1pct", 10)] {
        group.bench_with_input(BenchmarkId::from_parameter(name), &loss, |bench, &loss| {
            let mut seed = 0x1234_5678_9ABC_DEF1u64;
            bench.iter(|| {
                seed = seed.wrapping_add(0x9E37_79B9);
                assert_eq!(transfer(loss, seed), SDUS);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

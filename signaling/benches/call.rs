//! Complete point-to-point call cycles per second (SETUP, CALL PROCEEDING, CONNECT,
//! CONNECT ACKNOWLEDGE, RELEASE, RELEASE COMPLETE) between a user-side and a network-side
//! `UniStack` over SSCOP in one thread, alone and with 10 000 and 60 000 other calls
//! active. The cost per cycle should not grow with the number of active calls.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hal::time::{Duration, Instant};
use signaling::call::{Config, Event, Side, UniStack, VcRange};
use signaling::codec::ie::{CauseValue, UniVersion};
use signaling::codec::{Context, Direction, Message};
use signaling::saal::sscop::Config as SscopConfig;

const CYCLES: u64 = 1_000;

/// atm-reference.md's SETUP with a complete bearer capability (`10 80 80`).
fn template() -> Message {
    let b: [u8; 73] = [
        0x09, 0x03, 0x00, 0x00, 0x01, 0x05, 0x80, 0x00, 0x40, 0x58, 0x80, 0x00, 0x09, 0x05, 0x8c,
        0x23, 0xe4, 0x81, 0x23, 0xe4, 0x84, 0x00, 0x59, 0x80, 0x00, 0x09, 0x84, 0x05, 0x63, 0xb7,
        0x85, 0x05, 0x63, 0xb7, 0xbe, 0x5e, 0x80, 0x00, 0x03, 0x10, 0x80, 0x80, 0x70, 0x80, 0x00,
        0x15, 0x82, 0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x15, 0x10, 0x00,
        0x00, 0x20, 0x48, 0x1a, 0x00, 0x00, 0x01, 0x5c, 0x80, 0x00, 0x02, 0x00, 0x00,
    ];
    let cx = Context { version: UniVersion::Uni40, direction: Direction::UserToNetwork };
    Message::decode(&b, cx).unwrap().message
}

struct Pair {
    user: UniStack,
    net: UniStack,
    now: Instant,
    setup: Message,
    incoming: Vec<signaling::call::CallHandle>,
}

impl Pair {
    fn new(max_calls: u32) -> Self {
        let mut u = Config::new(Side::User);
        u.max_calls = max_calls;
        let mut n = Config::new(Side::Network);
        n.max_calls = max_calls;
        n.vc_range = VcRange { vpci_first: 0, vpci_last: 1, vci_first: 32, vci_last: 65535 };
        let mut p = Pair {
            user: UniStack::new(SscopConfig::default(), u).unwrap(),
            net: UniStack::new(SscopConfig::default(), n).unwrap(),
            now: Instant::ZERO,
            setup: template(),
            incoming: Vec::new(),
        };
        p.user.start(p.now);
        p.settle();
        assert!(p.user.calls().is_link_up());
        p
    }

    fn settle(&mut self) {
        loop {
            let mut moved = false;
            while let Some(pdu) = self.user.poll_transmit(self.now) {
                self.net.handle_pdu(self.now, &pdu);
                moved = true;
            }
            while let Some(pdu) = self.net.poll_transmit(self.now) {
                self.user.handle_pdu(self.now, &pdu);
                moved = true;
            }
            while let Some(e) = self.net.poll_event() {
                if let Event::IncomingSetup { call, .. } = e {
                    self.incoming.push(call);
                }
            }
            while self.user.poll_event().is_some() {}
            if !moved {
                break;
            }
        }
    }

    fn tick(&mut self) {
        self.now += Duration::from_micros(1);
        if self.user.poll_timeout().is_some_and(|t| t <= self.now) {
            self.user.handle_timeout(self.now);
        }
        if self.net.poll_timeout().is_some_and(|t| t <= self.now) {
            self.net.handle_timeout(self.now);
        }
    }

    /// Brings `n` calls to the active state and leaves them there.
    fn background(&mut self, n: usize) {
        let now = self.now;
        for chunk in 0..n.div_ceil(50) {
            let k = 50.min(n - chunk * 50);
            for _ in 0..k {
                self.user.call_control().setup(now, &self.setup).unwrap();
            }
            self.settle();
            for cn in std::mem::take(&mut self.incoming) {
                self.net.call_control().connect(now, cn).unwrap();
            }
            self.settle();
            self.tick();
        }
        assert_eq!(self.user.calls().active_calls(), n);
    }

    /// One complete call cycle.
    fn cycle(&mut self) {
        let now = self.now;
        let cu = self.user.call_control().setup(now, &self.setup).unwrap();
        self.settle();
        let cn = self.incoming.pop().unwrap();
        let cc = self.net.call_control();
        cc.proceeding(now, cn).unwrap();
        cc.connect(now, cn).unwrap();
        self.settle();
        self.user.call_control().release(now, cu, CauseValue::NormalCallClearing).unwrap();
        self.settle();
        self.tick();
        black_box(cu);
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("call_cycle");
    g.throughput(Throughput::Elements(CYCLES));
    g.sample_size(10);
    for active in [0usize, 10_000, 60_000] {
        let mut p = Pair::new(65_000);
        p.background(active);
        g.bench_with_input(BenchmarkId::from_parameter(active), &active, |b, _| {
            b.iter(|| {
                for _ in 0..CYCLES {
                    p.cycle();
                }
            })
        });
        assert_eq!(p.user.calls().active_calls(), active);
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

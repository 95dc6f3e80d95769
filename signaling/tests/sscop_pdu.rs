//! Property tests of the SSCOP PDU codec and of the entity's robustness: round trips,
//! no panic on arbitrary octets, and bounded buffers under arbitrary input sequences.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]

use hal::time::{Duration, Instant};
use proptest::prelude::*;
use signaling::saal::sscop::pdu::{Limits, List, Packet, Repr, Source};
use signaling::saal::sscop::{BufferRelease, Config, RetrieveNumber, Signal, Sscop};

const SEQ: u32 = 0x00FF_FFFF;

#[derive(Debug, Clone)]
enum Owned {
    Bgn(u8, u32, Vec<u8>),
    Bgak(u32, Vec<u8>),
    Bgrej(Vec<u8>),
    End(bool, Vec<u8>),
    Endak,
    Rs(u8, u32, Vec<u8>),
    Rsak(u32),
    Er(u8, u32),
    Erak(u32),
    Sd(u32, Vec<u8>),
    Poll(u32, u32),
    Stat(u32, u32, u32, Vec<u32>),
    Ustat(u32, u32, [u32; 2]),
    Ud(Vec<u8>),
    Md(Vec<u8>),
}

impl Owned {
    fn repr(&self) -> Repr<'_> {
        match self {
            Owned::Bgn(sq, mr, uu) => Repr::Bgn { n_sq: *sq, n_mr: *mr, uu },
            Owned::Bgak(mr, uu) => Repr::Bgak { n_mr: *mr, uu },
            Owned::Bgrej(uu) => Repr::Bgrej { uu },
            Owned::End(s, uu) => {
                Repr::End { source: if *s { Source::Sscop } else { Source::User }, uu }
            }
            Owned::Endak => Repr::Endak,
            Owned::Rs(sq, mr, uu) => Repr::Rs { n_sq: *sq, n_mr: *mr, uu },
            Owned::Rsak(mr) => Repr::Rsak { n_mr: *mr },
            Owned::Er(sq, mr) => Repr::Er { n_sq: *sq, n_mr: *mr },
            Owned::Erak(mr) => Repr::Erak { n_mr: *mr },
            Owned::Sd(s, info) => Repr::Sd { n_s: *s, info },
            Owned::Poll(ps, s) => Repr::Poll { n_ps: *ps, n_s: *s },
            Owned::Stat(ps, mr, r, l) => {
                Repr::Stat { n_ps: *ps, n_mr: *mr, n_r: *r, list: List::Elements(l) }
            }
            Owned::Ustat(mr, r, l) => Repr::Ustat { n_mr: *mr, n_r: *r, list: *l },
            Owned::Ud(i) => Repr::Ud { info: i },
            Owned::Md(i) => Repr::Md { info: i },
        }
    }
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..max)
}

fn owned() -> impl Strategy<Value = Owned> {
    let s = 0..=SEQ;
    prop_oneof![
        (any::<u8>(), s.clone(), bytes(64)).prop_map(|(a, b, c)| Owned::Bgn(a, b, c)),
        (s.clone(), bytes(64)).prop_map(|(a, b)| Owned::Bgak(a, b)),
        bytes(64).prop_map(Owned::Bgrej),
        (any::<bool>(), bytes(64)).prop_map(|(a, b)| Owned::End(a, b)),
        Just(Owned::Endak),
        (any::<u8>(), s.clone(), bytes(64)).prop_map(|(a, b, c)| Owned::Rs(a, b, c)),
        s.clone().prop_map(Owned::Rsak),
        (any::<u8>(), s.clone()).prop_map(|(a, b)| Owned::Er(a, b)),
        s.clone().prop_map(Owned::Erak),
        (s.clone(), bytes(200)).prop_map(|(a, b)| Owned::Sd(a, b)),
        (s.clone(), s.clone()).prop_map(|(a, b)| Owned::Poll(a, b)),
        (s.clone(), s.clone(), s.clone(), proptest::collection::vec(0..=SEQ, 0..67))
            .prop_map(|(a, b, c, d)| Owned::Stat(a, b, c, d)),
        (s.clone(), s.clone(), s.clone(), s.clone()).prop_map(|(a, b, c, d)| Owned::Ustat(
            a,
            b,
            [c, d]
        )),
        bytes(64).prop_map(Owned::Ud),
        bytes(64).prop_map(Owned::Md),
    ]
}

proptest! {
    #[test]
    fn emit_then_parse_round_trips(o in owned()) {
        let repr = o.repr();
        let wire = repr.to_vec();
        prop_assert_eq!(wire.len(), repr.buffer_len());
        prop_assert_eq!(wire.len() % 4, 0);
        let back = Repr::parse_bytes(&wire, &Limits::SSCF_UNI).unwrap();
        prop_assert_eq!(back, repr);
    }

    #[test]
    fn parse_never_panics_and_reemits_canonically(data in bytes(300)) {
        let p = Packet::new_unchecked(&data[..]);
        let _ = (p.pdu_type(), p.n_s(), p.n_r(), p.n_ps(), p.n_mr(), p.n_sq(), p.payload(), p.pad_len());
        if let Ok(repr) = Repr::parse_bytes(&data, &Limits::AAL5) {
            let wire = repr.to_vec();
            // Same length; equal except for reserved bits, which we send as zero.
            prop_assert_eq!(wire.len(), data.len());
            prop_assert_eq!(Repr::parse_bytes(&wire, &Limits::AAL5).unwrap(), repr);
        }
    }
}

#[derive(Debug, Clone)]
enum Step {
    Pdu(Owned),
    Garbage(Vec<u8>),
    Signal(u8, Vec<u8>),
    Advance(u64),
    Transmit(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => owned().prop_map(Step::Pdu),
        1 => bytes(40).prop_map(Step::Garbage),
        2 => (0u8..11, bytes(16)).prop_map(|(a, b)| Step::Signal(a, b)),
        2 => (0u64..20_000).prop_map(Step::Advance),
        2 => any::<u8>().prop_map(Step::Transmit),
    ]
}

fn signal(kind: u8, data: Vec<u8>) -> Signal {
    let br = if data.len().is_multiple_of(2) { BufferRelease::Yes } else { BufferRelease::No };
    match kind {
        0 => Signal::EstablishRequest { uu: data, br },
        1 => Signal::EstablishResponse { uu: data, br },
        2 => Signal::ReleaseRequest { uu: data },
        3 | 4 => Signal::DataRequest(data),
        5 => Signal::UnitdataRequest(data),
        6 => Signal::ResyncRequest { uu: data },
        7 => Signal::ResyncResponse,
        8 => Signal::RecoverResponse,
        9 => Signal::RetrieveRequest(RetrieveNumber::Total),
        _ => Signal::MaaUnitdataRequest(data),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    /// Whatever the peer and the user do, the entity neither panics nor grows its buffers
    /// beyond the configuration, and time-outs are never in the past.
    #[test]
    fn entity_survives_arbitrary_inputs_within_bounds(steps in proptest::collection::vec(step(), 1..120)) {
        let config = Config { receive_window: 16, transmit_buffer: 8, transmit_queue: 8, max_stat: 5, ..Config::default() };
        let mut e = Sscop::new(config.clone()).unwrap();
        let mut now = Instant::ZERO;
        for s in steps {
            match s {
                Step::Pdu(o) => e.handle_pdu(now, &o.repr().to_vec()),
                Step::Garbage(g) => e.handle_pdu(now, &g),
                Step::Signal(k, d) => { let _ = e.handle_signal(now, signal(k, d)); }
                Step::Advance(ms) => {
                    now += Duration::from_millis(ms);
                    e.handle_timeout(now);
                }
                Step::Transmit(n) => {
                    for _ in 0..n {
                        if e.poll_transmit(now).is_none() { break; }
                    }
                }
            }
            while e.poll_event().is_some() {}
            let v = e.variables();
            prop_assert!(v.unacknowledged <= config.transmit_buffer as usize);
            prop_assert!(v.held <= config.receive_window as usize);
            prop_assert!(v.queued <= config.transmit_queue);
            if let Some(t) = e.poll_timeout() {
                prop_assert!(t > now);
            }
        }
    }
}

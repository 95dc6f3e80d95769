//! Assured data transfer in Data Transfer Ready (Q.2110 §7.8.5 – §7.8.9): selective
//! retransmission from STAT lists and USTAT, MaxSTAT chunking, MaxPD polling, the credit
//! window and the bounds on every buffer, the timer phases, the N(S)/N(PS)/N(R) error
//! checks, and recovery/retrieval with BR = No.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]

use hal::time::{Duration, Instant};
use signaling::saal::sscop::pdu::{Limits, List, PduType, Repr};
use signaling::saal::sscop::{
    BufferRelease, Config, Event, MaaError, RetrieveNumber, Signal, SignalError, Sscop, State,
    Timer,
};

const T0: Instant = Instant::ZERO;

fn out(e: &mut Sscop, now: Instant) -> Vec<Vec<u8>> {
    std::iter::from_fn(|| e.poll_transmit(now)).collect()
}

fn events(e: &mut Sscop) -> Vec<Event> {
    std::iter::from_fn(|| e.poll_event()).collect()
}

fn maa(evs: &[Event]) -> Vec<(char, u32)> {
    evs.iter()
        .filter_map(|e| match e {
            Event::MaaError(MaaError { code, count }) => Some((code.letter(), *count)),
            _ => None,
        })
        .collect()
}

fn parse(p: &[u8]) -> Repr<'_> {
    Repr::parse_bytes(p, &Limits::AAL5).unwrap()
}

/// An entity in Data Transfer Ready whose peer advertised `n_mr`.
fn ready(config: Config, br: BufferRelease, n_mr: u32) -> Sscop {
    let mut e = Sscop::new(config).unwrap();
    e.handle_signal(T0, Signal::EstablishRequest { uu: vec![], br }).unwrap();
    let _ = out(&mut e, T0);
    e.handle_pdu(T0, &Repr::Bgak { n_mr, uu: &[] }.to_vec());
    let _ = events(&mut e);
    assert_eq!(e.state(), State::DataTransferReady);
    e
}

/// Two entities in Data Transfer Ready.
fn pair(config: Config, br: BufferRelease) -> (Sscop, Sscop) {
    let mut a = Sscop::new(config.clone()).unwrap();
    let mut b = Sscop::new(config).unwrap();
    a.handle_signal(T0, Signal::EstablishRequest { uu: vec![], br }).unwrap();
    for p in out(&mut a, T0) {
        b.handle_pdu(T0, &p);
    }
    let _ = events(&mut b);
    b.handle_signal(T0, Signal::EstablishResponse { uu: vec![], br }).unwrap();
    for p in out(&mut b, T0) {
        a.handle_pdu(T0, &p);
    }
    let _ = events(&mut a);
    (a, b)
}

#[test]
fn selective_retransmission_from_stat_list() {
    let (mut a, mut b) = pair(Config::default(), BufferRelease::Yes);
    for i in 0..6u8 {
        a.handle_signal(T0, Signal::DataRequest(vec![i])).unwrap();
    }
    // SD 1 and SD 4 are lost; USTATs are lost too, so only POLL/STAT repairs.
    for p in out(&mut a, T0) {
        if !matches!(parse(&p), Repr::Sd { n_s: 1 | 4, .. }) {
            b.handle_pdu(T0, &p);
        }
    }
    let _ = out(&mut b, T0);
    let t = a.timer(Timer::Poll).unwrap();
    a.handle_timeout(t);
    for p in out(&mut a, t) {
        b.handle_pdu(t, &p);
    }
    let stat = out(&mut b, t);
    assert_eq!(stat.len(), 1);
    match parse(&stat[0]) {
        Repr::Stat { n_r, list, .. } => {
            assert_eq!(n_r, 1);
            // Missing from 1, received from 2, missing from 4, received from 5, VR(H) = 6.
            assert_eq!(list.iter().collect::<Vec<_>>(), [1, 2, 4, 5, 6]);
        }
        other => panic!("expected STAT, got {other:?}"),
    }
    a.handle_pdu(t, &stat[0]);
    assert_eq!(maa(&events(&mut a)), [('V', 2)]);
    let resent: Vec<u32> = out(&mut a, t)
        .iter()
        .filter_map(|p| match parse(p) {
            Repr::Sd { n_s, .. } => Some(n_s),
            _ => None,
        })
        .collect();
    assert_eq!(resent, [1, 4]);
    assert_eq!(a.stats().sd_retransmitted, 2);
    assert_eq!(a.variables().vt_a, 1, "STAT acknowledged SD 0");
}

#[test]
fn stat_lists_are_chunked_at_max_stat() {
    let config = Config { max_stat: 5, ..Config::default() };
    let mut b = ready(config.clone(), BufferRelease::Yes, 64);
    // Receive every other SD of 0..20: holes at 0, 2, 4, …
    for n_s in (1..20).step_by(2) {
        b.handle_pdu(T0, &Repr::Sd { n_s, info: b"x" }.to_vec());
    }
    let _ = out(&mut b, T0);
    let _ = events(&mut b);
    b.handle_pdu(T0, &Repr::Poll { n_ps: 1, n_s: 20 }.to_vec());
    let stats: Vec<Vec<u32>> = out(&mut b, T0)
        .iter()
        .map(|p| match parse(p) {
            Repr::Stat { list, n_ps: 1, n_r: 0, .. } => list.iter().collect(),
            other => panic!("expected STAT, got {other:?}"),
        })
        .collect();
    assert!(stats.len() > 1);
    for chunk in &stats {
        assert!(chunk.len() <= 5, "{chunk:?}");
    }
    // Chunks continue at the missing-run start that ended the previous one.
    for w in stats.windows(2) {
        assert_eq!(w[0].last(), w[1].first());
    }
    let flat: Vec<u32> = stats.concat();
    let mut dedup = flat.clone();
    dedup.dedup();
    assert_eq!(dedup, (0..=20).collect::<Vec<_>>());
    // Every chunk parses under the receive limit MaxSTAT.
    let limits = config.limits();
    for p in out(&mut b, T0) {
        Repr::parse_bytes(&p, &limits).unwrap();
    }
}

#[test]
fn sender_repairs_from_chunked_stats() {
    let config = Config { max_stat: 3, ..Config::default() };
    let (mut a, mut b) = pair(config, BufferRelease::Yes);
    for i in 0..12u8 {
        a.handle_signal(T0, Signal::DataRequest(vec![i])).unwrap();
    }
    for p in out(&mut a, T0) {
        match parse(&p) {
            Repr::Sd { n_s, .. } if n_s % 3 == 0 => {}
            _ => b.handle_pdu(T0, &p),
        }
    }
    let _ = out(&mut b, T0);
    let t = a.timer(Timer::Poll).unwrap();
    a.handle_timeout(t);
    for p in out(&mut a, t) {
        b.handle_pdu(t, &p);
    }
    for p in out(&mut b, t) {
        a.handle_pdu(t, &p);
    }
    for p in out(&mut a, t) {
        b.handle_pdu(t, &p);
    }
    let data: Vec<u8> = events(&mut b)
        .into_iter()
        .filter_map(|e| match e {
            Event::DataIndication { data, .. } => Some(data[0]),
            _ => None,
        })
        .collect();
    assert_eq!(data, (0..12).collect::<Vec<u8>>());
}

#[test]
fn ustat_on_gap_triggers_immediate_retransmission() {
    let (mut a, mut b) = pair(Config::default(), BufferRelease::Yes);
    for i in 0..4u8 {
        a.handle_signal(T0, Signal::DataRequest(vec![i])).unwrap();
    }
    for p in out(&mut a, T0) {
        if !matches!(parse(&p), Repr::Sd { n_s: 1, .. }) {
            b.handle_pdu(T0, &p);
        }
    }
    let ustat = out(&mut b, T0);
    assert_eq!(ustat.len(), 1);
    assert!(matches!(parse(&ustat[0]), Repr::Ustat { n_r: 1, list: [1, 2], .. }));
    a.handle_pdu(T0, &ustat[0]);
    assert_eq!(maa(&events(&mut a)), [('V', 1)]);
    let again = out(&mut a, T0);
    assert!(matches!(parse(&again[0]), Repr::Sd { n_s: 1, .. }));
    b.handle_pdu(T0, &again[0]);
    let delivered =
        events(&mut b).iter().filter(|e| matches!(e, Event::DataIndication { .. })).count();
    assert_eq!(delivered, 4);
}

#[test]
fn poll_after_max_pd_sd_pdus() {
    let config = Config { max_pd: 3, ..Config::default() };
    let mut a = ready(config, BufferRelease::Yes, 100);
    for i in 0..7u8 {
        a.handle_signal(T0, Signal::DataRequest(vec![i])).unwrap();
    }
    let kinds: Vec<PduType> = out(&mut a, T0).iter().map(|p| parse(p).pdu_type()).collect();
    use PduType::{Poll, Sd};
    assert_eq!(kinds, [Sd, Sd, Sd, Poll, Sd, Sd, Sd, Poll, Sd]);
}

#[test]
fn credit_window_limits_sending_and_reports_w_then_x() {
    let mut a = ready(Config::default(), BufferRelease::Yes, 2);
    for i in 0..5u8 {
        a.handle_signal(T0, Signal::DataRequest(vec![i])).unwrap();
    }
    let sent = out(&mut a, T0).iter().filter(|p| parse(p).pdu_type() == PduType::Sd).count();
    assert_eq!(sent, 2, "N(MR) = 2 allows N(S) 0 and 1");
    // STAT acknowledging both without new credit: lack of credit (W).
    a.handle_pdu(T0, &Repr::Stat { n_ps: 0, n_mr: 2, n_r: 2, list: List::Elements(&[]) }.to_vec());
    assert_eq!(maa(&events(&mut a)), [('W', 0)]);
    assert!(out(&mut a, T0).is_empty());
    // New credit: X, and the queue moves again.
    a.handle_pdu(T0, &Repr::Stat { n_ps: 0, n_mr: 10, n_r: 2, list: List::Elements(&[]) }.to_vec());
    assert_eq!(maa(&events(&mut a)), [('X', 0)]);
    let sent = out(&mut a, T0).iter().filter(|p| parse(p).pdu_type() == PduType::Sd).count();
    assert_eq!(sent, 3);
}

#[test]
fn huge_peer_credit_is_capped_by_our_transmit_buffer() {
    let config = Config { transmit_buffer: 8, transmit_queue: 1000, ..Config::default() };
    let mut a = ready(config, BufferRelease::Yes, 0x7F_FFFF);
    for i in 0..1000u32 {
        a.handle_signal(T0, Signal::DataRequest(i.to_be_bytes().to_vec())).unwrap();
    }
    let sent = out(&mut a, T0).iter().filter(|p| parse(p).pdu_type() == PduType::Sd).count();
    assert_eq!(sent, 8);
    assert_eq!(a.variables().unacknowledged, 8);
    assert_eq!(a.variables().queued, 992);
}

#[test]
fn transmit_queue_is_bounded() {
    let config = Config { transmit_queue: 4, ..Config::default() };
    let mut a = ready(config, BufferRelease::Yes, 0);
    for i in 0..4u8 {
        a.handle_signal(T0, Signal::DataRequest(vec![i])).unwrap();
    }
    assert_eq!(
        a.handle_signal(T0, Signal::DataRequest(vec![9])),
        Err(SignalError::QueueFull { capacity: 4 })
    );
    let too_long = vec![0u8; 4097];
    assert!(matches!(
        a.handle_signal(T0, Signal::DataRequest(too_long)),
        Err(SignalError::TooLong { max: 4096, got: 4097, .. })
    ));
}

#[test]
fn receive_buffer_is_bounded_by_the_advertised_window() {
    let config = Config { receive_window: 8, ..Config::default() };
    let mut b = ready(config, BufferRelease::Yes, 100);
    // A peer ignoring our credit: SDs far beyond VR(MR).
    for n_s in 1..5000u32 {
        b.handle_pdu(T0, &Repr::Sd { n_s, info: &[0; 64] }.to_vec());
        assert!(b.variables().held <= 8);
    }
    let kinds: Vec<PduType> = out(&mut b, T0).iter().map(|p| parse(p).pdu_type()).collect();
    // One USTAT for the gap at 0; VR(H) then reaches VR(MR) in sequence, so SDs beyond the
    // window are discarded silently.
    assert_eq!(kinds, [PduType::Ustat]);
    assert_eq!(b.variables().vr_h, 8);
    assert_eq!(b.variables().held, 7);
}

#[test]
fn duplicate_held_sd_is_error_q_and_starts_recovery() {
    let mut b = ready(Config::default(), BufferRelease::Yes, 100);
    b.handle_pdu(T0, &Repr::Sd { n_s: 2, info: b"a" }.to_vec());
    b.handle_pdu(T0, &Repr::Sd { n_s: 1, info: b"b" }.to_vec());
    let _ = out(&mut b, T0);
    b.handle_pdu(T0, &Repr::Sd { n_s: 1, info: b"b" }.to_vec());
    assert_eq!(maa(&events(&mut b)), [('Q', 0)]);
    assert_eq!(b.state(), State::OutgoingRecoveryPending);
    assert!(matches!(parse(&out(&mut b, T0)[0]), Repr::Er { .. }));
}

#[test]
fn poll_below_vr_h_is_error_q() {
    let mut b = ready(Config::default(), BufferRelease::Yes, 100);
    b.handle_pdu(T0, &Repr::Sd { n_s: 5, info: b"a" }.to_vec());
    let _ = out(&mut b, T0);
    b.handle_pdu(T0, &Repr::Poll { n_ps: 1, n_s: 3 }.to_vec());
    assert_eq!(maa(&events(&mut b)), [('Q', 0)]);
    assert_eq!(b.state(), State::OutgoingRecoveryPending);
}

#[test]
fn stat_with_bad_n_ps_is_error_r() {
    let mut a = ready(Config::default(), BufferRelease::Yes, 100);
    let t = a.timer(Timer::Poll).unwrap();
    a.handle_timeout(t); // VT(PS) = 1
    let _ = out(&mut a, t);
    a.handle_pdu(t, &Repr::Stat { n_ps: 1, n_mr: 100, n_r: 0, list: List::Elements(&[]) }.to_vec());
    assert!(maa(&events(&mut a)).is_empty());
    // VT(PA) is now 1; N(PS) 5 is beyond VT(PS) = 1.
    a.handle_pdu(t, &Repr::Stat { n_ps: 5, n_mr: 100, n_r: 0, list: List::Elements(&[]) }.to_vec());
    assert_eq!(maa(&events(&mut a)), [('R', 0)]);
    assert_eq!(a.state(), State::OutgoingRecoveryPending);
}

#[test]
fn stat_with_bad_n_r_or_list_is_error_s() {
    for (n_r, list) in [(3u32, vec![]), (0, vec![1, 0]), (0, vec![0, 5]), (0, vec![4, 5])] {
        let mut a = ready(Config::default(), BufferRelease::Yes, 100);
        a.handle_signal(T0, Signal::DataRequest(vec![1])).unwrap();
        a.handle_signal(T0, Signal::DataRequest(vec![2])).unwrap();
        let _ = out(&mut a, T0); // VT(S) = 2
        let stat = Repr::Stat { n_ps: 0, n_mr: 100, n_r, list: List::Elements(&list) };
        a.handle_pdu(T0, &stat.to_vec());
        assert_eq!(maa(&events(&mut a)), [('S', 0)], "N(R) {n_r} list {list:?}");
        assert_eq!(a.state(), State::OutgoingRecoveryPending);
    }
}

#[test]
fn ustat_with_bad_list_is_error_t() {
    for list in [[1u32, 1], [1, 0], [0, 2]] {
        let mut a = ready(Config::default(), BufferRelease::Yes, 100);
        a.handle_signal(T0, Signal::DataRequest(vec![1])).unwrap();
        a.handle_signal(T0, Signal::DataRequest(vec![2])).unwrap();
        let _ = out(&mut a, T0);
        a.handle_pdu(T0, &Repr::Ustat { n_mr: 100, n_r: 0, list }.to_vec());
        assert_eq!(maa(&events(&mut a)), [('T', 0)], "{list:?}");
    }
}

#[test]
fn timer_phases_active_transient_idle() {
    let mut a = ready(Config::default(), BufferRelease::Yes, 100);
    // Active phase after establishment: POLL and NO-RESPONSE.
    assert!(a.timer(Timer::Poll).is_some() && a.timer(Timer::NoResponse).is_some());
    // Nothing outstanding at POLL expiry: transient phase (KEEP-ALIVE).
    let t = a.timer(Timer::Poll).unwrap();
    a.handle_timeout(t);
    assert_eq!(a.timer(Timer::Poll), None);
    assert_eq!(a.timer(Timer::KeepAlive), Some(t + Duration::from_secs(2)));
    let _ = out(&mut a, t);
    // STAT in the transient phase: idle phase (IDLE only).
    a.handle_pdu(t, &Repr::Stat { n_ps: 1, n_mr: 100, n_r: 0, list: List::Elements(&[]) }.to_vec());
    assert_eq!(a.timer(Timer::KeepAlive), None);
    assert_eq!(a.timer(Timer::NoResponse), None);
    assert_eq!(a.timer(Timer::Idle), Some(t + Duration::from_secs(15)));
    // New data leaves the idle phase: POLL and NO-RESPONSE again.
    a.handle_signal(t, Signal::DataRequest(vec![1])).unwrap();
    let _ = out(&mut a, t);
    assert_eq!(a.timer(Timer::Idle), None);
    assert_eq!(a.timer(Timer::Poll), Some(t + Duration::from_millis(750)));
    assert_eq!(a.timer(Timer::NoResponse), Some(t + Duration::from_secs(7)));
}

#[test]
fn closed_window_in_idle_phase_polls_at_once() {
    let mut a = ready(Config::default(), BufferRelease::Yes, 0);
    let t = a.timer(Timer::Poll).unwrap();
    a.handle_timeout(t);
    let _ = out(&mut a, t);
    a.handle_pdu(t, &Repr::Stat { n_ps: 1, n_mr: 0, n_r: 0, list: List::Elements(&[]) }.to_vec());
    assert!(a.timer(Timer::Idle).is_some());
    a.handle_signal(t, Signal::DataRequest(vec![1])).unwrap();
    let kinds: Vec<PduType> = out(&mut a, t).iter().map(|p| parse(p).pdu_type()).collect();
    assert_eq!(kinds, [PduType::Poll]);
    assert!(a.timer(Timer::NoResponse).is_some());
}

#[test]
fn recovery_with_br_no_delivers_held_data_and_allows_retrieval() {
    let (mut a, mut b) = pair(Config::default(), BufferRelease::No);
    for i in 0..4u8 {
        a.handle_signal(T0, Signal::DataRequest(vec![i])).unwrap();
    }
    // SD 0 lost; 1..3 held at B.
    for p in out(&mut a, T0) {
        if !matches!(parse(&p), Repr::Sd { n_s: 0, .. }) {
            b.handle_pdu(T0, &p);
        }
    }
    let _ = out(&mut b, T0);
    // A starts recovery on a bogus USTAT.
    a.handle_pdu(T0, &Repr::Ustat { n_mr: 100, n_r: 0, list: [0, 9] }.to_vec());
    assert_eq!(a.state(), State::OutgoingRecoveryPending);
    let _ = events(&mut a);
    for p in out(&mut a, T0) {
        b.handle_pdu(T0, &p);
    }
    // B: "Deliver data" hands over SDs 1..3 (BR = No), then AA-RECOVER.indication.
    let evs = events(&mut b);
    let delivered: Vec<u32> = evs
        .iter()
        .filter_map(|e| match e {
            Event::DataIndication { sn, .. } => Some(*sn),
            _ => None,
        })
        .collect();
    assert_eq!(delivered, [1, 2, 3]);
    assert_eq!(evs.last(), Some(&Event::RecoverIndication));
    b.handle_signal(T0, Signal::RecoverResponse).unwrap();
    for p in out(&mut b, T0) {
        a.handle_pdu(T0, &p);
    }
    assert_eq!(events(&mut a), [Event::RecoverIndication]);
    assert_eq!(a.state(), State::RecoveryResponsePending);
    // A retrieves what was never acknowledged before answering.
    a.handle_signal(T0, Signal::RetrieveRequest(RetrieveNumber::After(0))).unwrap();
    let evs = events(&mut a);
    assert_eq!(
        evs,
        [
            Event::RetrieveIndication(vec![1]),
            Event::RetrieveIndication(vec![2]),
            Event::RetrieveIndication(vec![3]),
            Event::RetrieveComplete,
        ]
    );
    a.handle_signal(T0, Signal::RecoverResponse).unwrap();
    assert_eq!(a.state(), State::DataTransferReady);
    assert_eq!(a.variables().unacknowledged, 0);
}

#[test]
fn retrieve_unknown_returns_only_unsent_sdus() {
    let mut a = ready(Config::default(), BufferRelease::No, 2);
    for i in 0..5u8 {
        a.handle_signal(T0, Signal::DataRequest(vec![i])).unwrap();
    }
    let _ = out(&mut a, T0); // 0, 1 sent; 2..4 queued.
    a.handle_signal(T0, Signal::ReleaseRequest { uu: vec![] }).unwrap();
    a.handle_signal(T0, Signal::RetrieveRequest(RetrieveNumber::Unknown)).unwrap();
    let evs = events(&mut a);
    assert_eq!(
        evs,
        [
            Event::RetrieveIndication(vec![2]),
            Event::RetrieveIndication(vec![3]),
            Event::RetrieveIndication(vec![4]),
            Event::RetrieveComplete,
        ]
    );
}

#[test]
fn release_with_br_yes_leaves_nothing_to_retrieve() {
    let mut a = ready(Config::default(), BufferRelease::Yes, 2);
    for i in 0..5u8 {
        a.handle_signal(T0, Signal::DataRequest(vec![i])).unwrap();
    }
    let _ = out(&mut a, T0);
    a.handle_signal(T0, Signal::ReleaseRequest { uu: vec![] }).unwrap();
    a.handle_signal(T0, Signal::RetrieveRequest(RetrieveNumber::Total)).unwrap();
    assert_eq!(events(&mut a), [Event::RetrieveComplete]);
}

#[test]
fn establishment_carries_sscop_uu_and_end_source() {
    let mut a = Sscop::new(Config::default()).unwrap();
    let mut b = Sscop::new(Config::default()).unwrap();
    a.handle_signal(T0, Signal::EstablishRequest { uu: b"hello".to_vec(), br: BufferRelease::Yes })
        .unwrap();
    for p in out(&mut a, T0) {
        b.handle_pdu(T0, &p);
    }
    assert_eq!(events(&mut b), [Event::EstablishIndication { uu: b"hello".to_vec() }]);
    b.handle_signal(T0, Signal::EstablishResponse { uu: b"hi".to_vec(), br: BufferRelease::Yes })
        .unwrap();
    for p in out(&mut b, T0) {
        a.handle_pdu(T0, &p);
    }
    assert_eq!(events(&mut a), [Event::EstablishConfirm { uu: b"hi".to_vec() }]);
    a.handle_signal(T0, Signal::ReleaseRequest { uu: b"bye".to_vec() }).unwrap();
    for p in out(&mut a, T0) {
        b.handle_pdu(T0, &p);
    }
    assert_eq!(
        events(&mut b),
        [Event::ReleaseIndication {
            uu: b"bye".to_vec(),
            source: signaling::saal::sscop::Source::User
        }]
    );
    for p in out(&mut b, T0) {
        a.handle_pdu(T0, &p);
    }
    assert_eq!(events(&mut a), [Event::ReleaseConfirm]);
    assert_eq!(a.state(), State::Idle);
}

#[test]
fn sd_beyond_window_with_gap_sends_ustat_up_to_vr_mr() {
    let config = Config { receive_window: 8, ..Config::default() };
    let mut b = ready(config, BufferRelease::Yes, 100);
    b.handle_pdu(T0, &Repr::Sd { n_s: 20, info: b"x" }.to_vec());
    let sent = out(&mut b, T0);
    assert_eq!(sent.len(), 1);
    assert!(matches!(parse(&sent[0]), Repr::Ustat { n_r: 0, n_mr: 8, list: [0, 8] }));
    assert_eq!(b.variables().vr_h, 8);
    assert_eq!(b.variables().held, 0);
}

#[test]
fn user_that_stops_polling_stops_the_peer() {
    let config = Config { receive_window: 8, transmit_queue: 100, ..Config::default() };
    let (mut a, mut b) = pair(config, BufferRelease::Yes);
    for i in 0..50u8 {
        a.handle_signal(T0, Signal::DataRequest(vec![i])).unwrap();
    }
    let mut now = T0;
    for _ in 0..20 {
        for p in out(&mut a, now) {
            b.handle_pdu(now, &p);
        }
        for p in out(&mut b, now) {
            a.handle_pdu(now, &p);
        }
        now += Duration::from_millis(750);
        a.handle_timeout(now);
        b.handle_timeout(now);
    }
    // B's user never polled: only the advertised window was delivered.
    assert_eq!(b.stats().sd_delivered, 8);
    assert_eq!(a.variables().vt_s, 8);
    assert_eq!(a.state(), State::DataTransferReady);
    // Once the user takes the SDUs, the credit reopens and the rest follows.
    let mut got = events(&mut b).len();
    for _ in 0..40 {
        for p in out(&mut a, now) {
            b.handle_pdu(now, &p);
        }
        got += events(&mut b).iter().filter(|e| matches!(e, Event::DataIndication { .. })).count();
        for p in out(&mut b, now) {
            a.handle_pdu(now, &p);
        }
        now += Duration::from_millis(750);
        a.handle_timeout(now);
        b.handle_timeout(now);
    }
    assert_eq!(b.stats().sd_delivered, 50);
    assert!(got >= 50);
}

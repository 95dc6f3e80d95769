//! SSCF-UNI (Q.2130): AAL primitives over SSCOP, the automatic answers to recovery and
//! resynchronisation, and the link-state indications call control uses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]

use hal::time::{Duration, Instant};
use signaling::saal::sscf::{LinkStatus, SscfError, SscfEvent, SscfState, SscfUni};
use signaling::saal::sscop::pdu::Repr;
use signaling::saal::sscop::{BufferRelease, Config, MaaErrorCode, Signal, Sscop, State};

/// Two SSCF-UNI stacks joined by a lossless wire; time only moves when a test says so.
struct Pair {
    a: SscfUni,
    b: SscfUni,
    now: Instant,
    ev_a: Vec<SscfEvent>,
    ev_b: Vec<SscfEvent>,
}

impl Pair {
    fn new() -> Self {
        Pair {
            a: SscfUni::new(Config::default()).unwrap(),
            b: SscfUni::new(Config::default()).unwrap(),
            now: Instant::ZERO,
            ev_a: vec![],
            ev_b: vec![],
        }
    }

    /// Exchanges PDUs until both sides are quiet (bounded).
    fn settle(&mut self) {
        for _ in 0..50 {
            let mut moved = false;
            while let Some(p) = self.a.poll_transmit(self.now) {
                self.b.handle_pdu(self.now, &p);
                moved = true;
            }
            while let Some(p) = self.b.poll_transmit(self.now) {
                self.a.handle_pdu(self.now, &p);
                moved = true;
            }
            if !moved {
                break;
            }
        }
        self.ev_a.extend(std::iter::from_fn(|| self.a.poll_event()));
        self.ev_b.extend(std::iter::from_fn(|| self.b.poll_event()));
    }

    fn take(&mut self) -> (Vec<SscfEvent>, Vec<SscfEvent>) {
        (std::mem::take(&mut self.ev_a), std::mem::take(&mut self.ev_b))
    }

    fn established() -> Self {
        let mut p = Pair::new();
        p.a.establish_request(p.now).unwrap();
        p.settle();
        let _ = p.take();
        p
    }
}

#[test]
fn establishment_reports_link_up_on_both_sides() {
    let mut p = Pair::new();
    assert_eq!(p.a.state(), SscfState::Released);
    p.a.establish_request(p.now).unwrap();
    assert_eq!(p.a.state(), SscfState::AwaitingEstablish);
    p.settle();
    let (a, b) = p.take();
    assert_eq!(a, [SscfEvent::EstablishConfirm, SscfEvent::Link(LinkStatus::Up)]);
    assert_eq!(b, [SscfEvent::EstablishIndication, SscfEvent::Link(LinkStatus::Up)]);
    assert_eq!(p.a.state(), SscfState::Established);
    assert_eq!(p.b.state(), SscfState::Established);
    assert!(p.a.is_link_up() && p.b.is_link_up());
    assert_eq!(p.a.sscop().state(), State::DataTransferReady);
}

#[test]
fn data_flows_both_ways_in_order() {
    let mut p = Pair::established();
    for i in 0..10u8 {
        p.a.data_request(p.now, vec![i; 20]).unwrap();
        p.b.data_request(p.now, vec![100 + i; 7]).unwrap();
    }
    p.settle();
    let (a, b) = p.take();
    let got_b: Vec<Vec<u8>> = b
        .into_iter()
        .filter_map(|e| match e {
            SscfEvent::DataIndication(d) => Some(d),
            _ => None,
        })
        .collect();
    assert_eq!(got_b, (0..10u8).map(|i| vec![i; 20]).collect::<Vec<_>>());
    let got_a = a.iter().filter(|e| matches!(e, SscfEvent::DataIndication(_))).count();
    assert_eq!(got_a, 10);
}

#[test]
fn release_by_one_side_is_link_down_for_the_other() {
    let mut p = Pair::established();
    p.a.release_request(p.now).unwrap();
    assert_eq!(p.a.state(), SscfState::AwaitingRelease);
    p.settle();
    let (a, b) = p.take();
    assert_eq!(a, [SscfEvent::ReleaseConfirm]);
    assert_eq!(b, [SscfEvent::ReleaseIndication, SscfEvent::Link(LinkStatus::Down)]);
    assert_eq!(p.a.state(), SscfState::Released);
    assert_eq!(p.b.state(), SscfState::Released);
}

#[test]
fn release_request_when_released_is_confirmed_locally() {
    let mut p = Pair::new();
    p.a.release_request(p.now).unwrap();
    assert_eq!(p.a.poll_event(), Some(SscfEvent::ReleaseConfirm));
    assert_eq!(p.a.poll_transmit(p.now), None);
}

#[test]
fn unanswered_establishment_fails_after_max_cc() {
    let mut a = SscfUni::new(Config::default()).unwrap();
    let mut now = Instant::ZERO;
    a.establish_request(now).unwrap();
    let mut bgns = 0;
    loop {
        while let Some(p) = a.poll_transmit(now) {
            if matches!(Repr::parse_bytes(&p, &Default::default()).unwrap(), Repr::Bgn { .. }) {
                bgns += 1;
            }
        }
        match a.poll_timeout() {
            Some(t) => {
                now = t;
                a.handle_timeout(now);
            }
            None => break,
        }
    }
    assert_eq!(bgns, 4, "MaxCC = 4 BGNs");
    let events: Vec<_> = std::iter::from_fn(|| a.poll_event()).collect();
    assert_eq!(
        events,
        [
            SscfEvent::MaaError(signaling::saal::sscop::MaaError {
                code: MaaErrorCode::O,
                count: 0
            }),
            SscfEvent::ReleaseIndication,
            SscfEvent::Link(LinkStatus::EstablishmentFailed),
        ]
    );
    assert_eq!(a.state(), SscfState::Released);
    assert_eq!(now, Instant::ZERO + Duration::from_secs(4));
}

#[test]
fn rejected_establishment_is_establishment_failed() {
    let mut a = SscfUni::new(Config::default()).unwrap();
    let mut peer = Sscop::new(Config::default()).unwrap();
    let now = Instant::ZERO;
    a.establish_request(now).unwrap();
    while let Some(p) = a.poll_transmit(now) {
        peer.handle_pdu(now, &p);
    }
    peer.handle_signal(now, Signal::ReleaseRequest { uu: vec![] }).unwrap();
    while let Some(p) = peer.poll_transmit(now) {
        a.handle_pdu(now, &p);
    }
    let events: Vec<_> = std::iter::from_fn(|| a.poll_event()).collect();
    assert_eq!(
        events,
        [SscfEvent::ReleaseIndication, SscfEvent::Link(LinkStatus::EstablishmentFailed)]
    );
}

#[test]
fn establish_request_when_established_resynchronises() {
    let mut p = Pair::established();
    p.a.establish_request(p.now).unwrap();
    assert_eq!(p.a.state(), SscfState::AwaitingResynchronization);
    assert_eq!(p.a.sscop().state(), State::OutgoingResynchronizationPending);
    p.settle();
    let (a, b) = p.take();
    assert_eq!(a, [SscfEvent::EstablishConfirm, SscfEvent::Link(LinkStatus::Up)]);
    // The peer's SSCF answered AA-RESYNC.indication itself.
    assert_eq!(b, [SscfEvent::EstablishIndication, SscfEvent::Link(LinkStatus::Up)]);
    assert_eq!(p.b.sscop().state(), State::DataTransferReady);
}

#[test]
fn error_recovery_is_answered_automatically_and_reported_as_establish_indication() {
    let mut p = Pair::established();
    // An out-of-range USTAT makes A's SSCOP start error recovery (MAA-ERROR T, ER).
    p.a.handle_pdu(p.now, &Repr::Ustat { n_mr: 5, n_r: 3, list: [3, 4] }.to_vec());
    assert_eq!(p.a.sscop().state(), State::OutgoingRecoveryPending);
    p.settle();
    let (a, b) = p.take();
    assert_eq!(
        a,
        [
            SscfEvent::MaaError(signaling::saal::sscop::MaaError {
                code: MaaErrorCode::T,
                count: 0
            }),
            SscfEvent::EstablishIndication,
            SscfEvent::Link(LinkStatus::Up),
        ]
    );
    assert_eq!(b, [SscfEvent::EstablishIndication, SscfEvent::Link(LinkStatus::Up)]);
    assert_eq!(p.a.sscop().state(), State::DataTransferReady);
    assert_eq!(p.b.sscop().state(), State::DataTransferReady);
    // Data flows again afterwards.
    p.a.data_request(p.now, b"after".to_vec()).unwrap();
    p.settle();
    let (_, b) = p.take();
    assert_eq!(b, [SscfEvent::DataIndication(b"after".to_vec())]);
}

#[test]
fn silent_peer_is_link_down_after_no_response() {
    let mut p = Pair::established();
    // The peer vanishes: nothing A sends is answered.
    let mut now = p.now;
    for _ in 0..100 {
        while p.a.poll_transmit(now).is_some() {}
        let Some(t) = p.a.poll_timeout() else { break };
        now = t;
        p.a.handle_timeout(now);
        if p.a.state() == SscfState::Released {
            break;
        }
    }
    let events: Vec<_> = std::iter::from_fn(|| p.a.poll_event()).collect();
    assert_eq!(
        &events[events.len() - 2..],
        [SscfEvent::ReleaseIndication, SscfEvent::Link(LinkStatus::Down)]
    );
    assert!(events.iter().any(|e| matches!(
        e,
        SscfEvent::MaaError(m) if m.code == MaaErrorCode::P
    )));
    assert_eq!(now, Instant::ZERO + Duration::from_secs(7), "Timer_NO-RESPONSE");
}

#[test]
fn primitives_invalid_in_state_name_expected_states() {
    let mut p = Pair::new();
    let err = p.a.data_request(p.now, b"x".to_vec()).unwrap_err();
    assert!(matches!(
        err,
        SscfError::InvalidInState { primitive: "AAL-DATA.request", state: SscfState::Released, .. }
    ));
    assert!(err.to_string().contains("expected state 10"));
    p.a.establish_request(p.now).unwrap();
    let err = p.a.establish_request(p.now).unwrap_err();
    assert!(err.to_string().contains("expected state 1, 4 or 10"), "{err}");
}

#[test]
fn unitdata_is_carried_in_any_state() {
    let mut p = Pair::new();
    p.a.unitdata_request(p.now, b"ud".to_vec()).unwrap();
    p.settle();
    let (_, b) = p.take();
    assert_eq!(b, [SscfEvent::UnitdataIndication(b"ud".to_vec())]);
}

#[test]
fn peer_reestablishment_while_established_is_down_then_up() {
    let mut p = Pair::established();
    // A's SSCOP peer starts over with a new BGN (its SSCF was reset).
    let mut fresh = Sscop::new(Config::default()).unwrap();
    fresh
        .handle_signal(p.now, Signal::EstablishRequest { uu: vec![], br: BufferRelease::Yes })
        .unwrap();
    // Make the N(SQ) differ from what A saw before.
    let _ = fresh.handle_signal(p.now, Signal::ReleaseRequest { uu: vec![] });
    let _ = std::iter::from_fn(|| fresh.poll_transmit(p.now)).count();
    let _ =
        fresh.handle_signal(p.now, Signal::EstablishRequest { uu: vec![], br: BufferRelease::Yes });
    let bgn = std::iter::from_fn(|| fresh.poll_transmit(p.now)).last().unwrap();
    p.a.handle_pdu(p.now, &bgn);
    let events: Vec<_> = std::iter::from_fn(|| p.a.poll_event()).collect();
    assert_eq!(
        events,
        [
            SscfEvent::ReleaseIndication,
            SscfEvent::Link(LinkStatus::Down),
            SscfEvent::EstablishIndication,
            SscfEvent::Link(LinkStatus::Up),
        ]
    );
    assert_eq!(p.a.state(), SscfState::Established);
}

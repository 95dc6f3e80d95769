//! Every state × input pair of the Q.2110 SDL: each of the fifteen PDUs (BGN, RS and ER
//! both fresh and as a retransmission, i.e. N(SQ) = VR(SQ)), each AA/MAA signal and each
//! timer, in each of the ten states. Each test starts from "an entity in state X" reached
//! through real PDUs and signals, applies one input and checks the next state, the PDUs
//! sent (by type) and the indications (including the MAA-ERROR code).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use hal::time::{Duration, Instant};
use signaling::saal::sscop::pdu::{List, PduType, Repr, Source};
use signaling::saal::sscop::{
    BufferRelease, Config, Event, RetrieveNumber, Signal, SignalError, Sscop, State, Timer,
};

/// How a fixture is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fixture {
    Idle,
    OutgoingConnectionPending,
    IncomingConnectionPending,
    OutgoingDisconnectionPending,
    OutgoingResynchronizationPending,
    IncomingResynchronizationPending,
    OutgoingRecoveryPending,
    RecoveryResponsePending,
    IncomingRecoveryPending,
    DataTransferReady,
    /// Data Transfer Ready in the transient phase (Timer_KEEP-ALIVE runs).
    DataTransferReadyTransient,
    /// Data Transfer Ready in the idle phase (Timer_IDLE runs).
    DataTransferReadyIdlePhase,
    /// Data Transfer Ready with a long POLL timer, so NO-RESPONSE expires first.
    DataTransferReadySlowPoll,
}

/// A simplified view of an event for comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ev {
    EstInd,
    EstConf,
    RelInd(Source),
    RelConf,
    Data,
    Udata,
    ResyncInd,
    ResyncConf,
    RecInd,
    Retr,
    RetrDone,
    Maa(char),
    Mdata,
    /// The signal was refused (no transition defined in this state).
    Refused,
    /// AA-DATA.request discarded (Outgoing Recovery Pending, BR = Yes).
    Discarded,
}

fn ev(e: &Event) -> Ev {
    match e {
        Event::EstablishIndication { .. } => Ev::EstInd,
        Event::EstablishConfirm { .. } => Ev::EstConf,
        Event::ReleaseIndication { source, .. } => Ev::RelInd(*source),
        Event::ReleaseConfirm => Ev::RelConf,
        Event::DataIndication { .. } => Ev::Data,
        Event::UnitdataIndication(_) => Ev::Udata,
        Event::ResyncIndication { .. } => Ev::ResyncInd,
        Event::ResyncConfirm => Ev::ResyncConf,
        Event::RecoverIndication => Ev::RecInd,
        Event::RetrieveIndication(_) => Ev::Retr,
        Event::RetrieveComplete => Ev::RetrDone,
        Event::MaaError(m) => Ev::Maa(m.code.letter()),
        Event::MaaUnitdataIndication(_) => Ev::Mdata,
    }
}

#[derive(Debug, Clone)]
enum Input {
    Pdu(Vec<u8>),
    /// BGN, RS or ER repeating the fixture's VR(SQ) (a retransmission).
    BgnRepeat,
    RsRepeat,
    ErRepeat,
    Sig(Signal),
    Timer(Timer),
}

const T0: Instant = Instant::ZERO;
const FRESH_SQ: u8 = 0x55;

fn config_for(f: Fixture) -> Config {
    let mut c = Config::default();
    if f == Fixture::DataTransferReadySlowPoll {
        c.timer_poll = Duration::from_secs(100);
        c.timer_keep_alive = Duration::from_secs(100);
    }
    c
}

fn drain(e: &mut Sscop, now: Instant) -> (Vec<PduType>, Vec<Ev>) {
    let mut evs = Vec::new();
    while let Some(x) = e.poll_event() {
        evs.push(ev(&x));
    }
    let mut pdus = Vec::new();
    while let Some(p) = e.poll_transmit(now) {
        pdus.push(Repr::parse_bytes(&p, &e.config().limits()).unwrap().pdu_type());
    }
    (pdus, evs)
}

fn feed(e: &mut Sscop, now: Instant, r: Repr<'_>) {
    e.handle_pdu(now, &r.to_vec());
}

fn establish(br: BufferRelease) -> Signal {
    Signal::EstablishRequest { uu: vec![], br }
}

/// Drives a new entity into the fixture's state; returns it with the current time.
fn entity_in(f: Fixture) -> (Sscop, Instant) {
    let mut e = Sscop::new(config_for(f)).unwrap();
    let mut now = T0;
    let ready = |e: &mut Sscop| {
        e.handle_signal(T0, establish(BufferRelease::Yes)).unwrap();
        feed(e, T0, Repr::Bgak { n_mr: 128, uu: &[] });
    };
    match f {
        Fixture::Idle => {}
        Fixture::OutgoingConnectionPending => {
            e.handle_signal(now, establish(BufferRelease::Yes)).unwrap();
        }
        Fixture::IncomingConnectionPending => {
            feed(&mut e, now, Repr::Bgn { n_sq: 1, n_mr: 128, uu: &[] });
        }
        Fixture::OutgoingDisconnectionPending => {
            ready(&mut e);
            e.handle_signal(now, Signal::ReleaseRequest { uu: vec![] }).unwrap();
        }
        Fixture::OutgoingResynchronizationPending => {
            ready(&mut e);
            e.handle_signal(now, Signal::ResyncRequest { uu: vec![] }).unwrap();
        }
        Fixture::IncomingResynchronizationPending => {
            ready(&mut e);
            feed(&mut e, now, Repr::Rs { n_sq: 2, n_mr: 128, uu: &[] });
        }
        Fixture::OutgoingRecoveryPending => {
            ready(&mut e);
            // Nothing was sent, so any USTAT has an N(R) out of range: error T, recovery.
            feed(&mut e, now, Repr::Ustat { n_mr: 128, n_r: 0, list: [0, 1] });
        }
        Fixture::RecoveryResponsePending => {
            ready(&mut e);
            feed(&mut e, now, Repr::Ustat { n_mr: 128, n_r: 0, list: [0, 1] });
            feed(&mut e, now, Repr::Erak { n_mr: 128 });
        }
        Fixture::IncomingRecoveryPending => {
            ready(&mut e);
            feed(&mut e, now, Repr::Er { n_sq: 2, n_mr: 128 });
        }
        Fixture::DataTransferReady | Fixture::DataTransferReadySlowPoll => ready(&mut e),
        Fixture::DataTransferReadyTransient => {
            ready(&mut e);
            now = e.timer(Timer::Poll).unwrap();
            e.handle_timeout(now);
        }
        Fixture::DataTransferReadyIdlePhase => {
            ready(&mut e);
            now = e.timer(Timer::Poll).unwrap();
            e.handle_timeout(now);
            let n_ps = e.variables().vt_ps;
            feed(&mut e, now, Repr::Stat { n_ps, n_mr: 128, n_r: 0, list: List::Elements(&[]) });
            assert!(e.timer(Timer::Idle).is_some());
        }
    }
    let _ = drain(&mut e, now);
    (e, now)
}

fn state_of(f: Fixture) -> State {
    match f {
        Fixture::Idle => State::Idle,
        Fixture::OutgoingConnectionPending => State::OutgoingConnectionPending,
        Fixture::IncomingConnectionPending => State::IncomingConnectionPending,
        Fixture::OutgoingDisconnectionPending => State::OutgoingDisconnectionPending,
        Fixture::OutgoingResynchronizationPending => State::OutgoingResynchronizationPending,
        Fixture::IncomingResynchronizationPending => State::IncomingResynchronizationPending,
        Fixture::OutgoingRecoveryPending => State::OutgoingRecoveryPending,
        Fixture::RecoveryResponsePending => State::RecoveryResponsePending,
        Fixture::IncomingRecoveryPending => State::IncomingRecoveryPending,
        Fixture::DataTransferReady
        | Fixture::DataTransferReadyTransient
        | Fixture::DataTransferReadyIdlePhase
        | Fixture::DataTransferReadySlowPoll => State::DataTransferReady,
    }
}

fn check(f: Fixture, input: Input, next: State, pdus: &[PduType], events: &[Ev]) {
    let (mut e, now) = entity_in(f);
    assert_eq!(e.state(), state_of(f), "fixture {f:?}");
    let mut refused = Vec::new();
    let mut at = now;
    match input {
        Input::Pdu(bytes) => e.handle_pdu(now, &bytes),
        Input::BgnRepeat => {
            let n_sq = e.variables().vr_sq;
            feed(&mut e, now, Repr::Bgn { n_sq, n_mr: 128, uu: &[] });
        }
        Input::RsRepeat => {
            let n_sq = e.variables().vr_sq;
            feed(&mut e, now, Repr::Rs { n_sq, n_mr: 128, uu: &[] });
        }
        Input::ErRepeat => {
            let n_sq = e.variables().vr_sq;
            feed(&mut e, now, Repr::Er { n_sq, n_mr: 128 });
        }
        Input::Sig(s) => match e.handle_signal(now, s) {
            Ok(()) => {}
            Err(SignalError::Discarded { .. }) => refused.push(Ev::Discarded),
            Err(err) => {
                // Errors name what was expected and what arrived.
                let text = err.to_string();
                assert!(text.contains("expected"), "{text}");
                refused.push(Ev::Refused);
            }
        },
        Input::Timer(t) => match e.timer(t) {
            Some(deadline) => {
                at = deadline;
                e.handle_timeout(deadline);
            }
            // The SDL has no such input: the timer does not run in this state.
            None => e.handle_timeout(now),
        },
    }
    let (sent, mut evs) = drain(&mut e, at);
    evs.extend(refused);
    assert_eq!(e.state(), next, "next state after input in {f:?}");
    assert_eq!(sent, pdus, "PDUs sent in {f:?}");
    assert_eq!(evs, events, "events in {f:?}");
}

// Input builders.
fn bgn() -> Input {
    Input::Pdu(Repr::Bgn { n_sq: FRESH_SQ, n_mr: 128, uu: b"uu" }.to_vec())
}
fn bgak() -> Input {
    Input::Pdu(Repr::Bgak { n_mr: 128, uu: &[] }.to_vec())
}
fn bgrej() -> Input {
    Input::Pdu(Repr::Bgrej { uu: &[] }.to_vec())
}
fn end() -> Input {
    Input::Pdu(Repr::End { source: Source::User, uu: &[] }.to_vec())
}
fn endak() -> Input {
    Input::Pdu(Repr::Endak.to_vec())
}
fn rs() -> Input {
    Input::Pdu(Repr::Rs { n_sq: FRESH_SQ, n_mr: 128, uu: &[] }.to_vec())
}
fn rsak() -> Input {
    Input::Pdu(Repr::Rsak { n_mr: 128 }.to_vec())
}
fn er() -> Input {
    Input::Pdu(Repr::Er { n_sq: FRESH_SQ, n_mr: 128 }.to_vec())
}
fn erak() -> Input {
    Input::Pdu(Repr::Erak { n_mr: 128 }.to_vec())
}
fn sd() -> Input {
    Input::Pdu(Repr::Sd { n_s: 0, info: b"q2931" }.to_vec())
}
fn poll() -> Input {
    Input::Pdu(Repr::Poll { n_ps: 1, n_s: 0 }.to_vec())
}
fn stat() -> Input {
    Input::Pdu(Repr::Stat { n_ps: 1, n_mr: 128, n_r: 0, list: List::Elements(&[]) }.to_vec())
}
fn ustat() -> Input {
    Input::Pdu(Repr::Ustat { n_mr: 128, n_r: 0, list: [0, 1] }.to_vec())
}
fn ud() -> Input {
    Input::Pdu(Repr::Ud { info: b"ud" }.to_vec())
}
fn md() -> Input {
    Input::Pdu(Repr::Md { info: b"md" }.to_vec())
}
fn establish_request() -> Input {
    Input::Sig(establish(BufferRelease::Yes))
}
fn establish_response() -> Input {
    Input::Sig(Signal::EstablishResponse { uu: vec![], br: BufferRelease::Yes })
}
fn release_request() -> Input {
    Input::Sig(Signal::ReleaseRequest { uu: b"bye".to_vec() })
}
fn data_request() -> Input {
    Input::Sig(Signal::DataRequest(b"setup".to_vec()))
}
fn unitdata_request() -> Input {
    Input::Sig(Signal::UnitdataRequest(b"u".to_vec()))
}
fn resync_request() -> Input {
    Input::Sig(Signal::ResyncRequest { uu: vec![] })
}
fn resync_response() -> Input {
    Input::Sig(Signal::ResyncResponse)
}
fn recover_response() -> Input {
    Input::Sig(Signal::RecoverResponse)
}
fn retrieve_request() -> Input {
    Input::Sig(Signal::RetrieveRequest(RetrieveNumber::Total))
}
fn maa_unitdata_request() -> Input {
    Input::Sig(Signal::MaaUnitdataRequest(b"m".to_vec()))
}
fn timer_cc() -> Input {
    Input::Timer(Timer::Cc)
}
fn timer_poll() -> Input {
    Input::Timer(Timer::Poll)
}
fn timer_keep_alive() -> Input {
    Input::Timer(Timer::KeepAlive)
}
fn timer_no_response() -> Input {
    Input::Timer(Timer::NoResponse)
}
fn timer_idle() -> Input {
    Input::Timer(Timer::Idle)
}

/// `name: fixture, input => next state, [PDUs sent], [events];`
macro_rules! transitions {
    ($($name:ident : $fixture:ident, $input:expr => $next:ident, [$($pdu:ident),*], [$($ev:expr),*];)*) => {
        $(
            #[test]
            fn $name() {
                check(Fixture::$fixture, $input, State::$next, &[$(PduType::$pdu),*], &[$($ev),*]);
            }
        )*
    };
}

use Ev::*;
const USER: Source = Source::User;
const SSCOP: Source = Source::Sscop;

/// Inputs every state handles alike: UD/MD reception and UD/MD transmission (Q.2110 §7.9).
macro_rules! unnumbered {
    ($prefix:ident, $fixture:ident, $state:ident) => {
        mod $prefix {
            use super::*;
            transitions! {
                receives_ud: $fixture, ud() => $state, [], [Udata];
                receives_md: $fixture, md() => $state, [], [Mdata];
                sends_ud_on_unitdata_request: $fixture, unitdata_request() => $state, [Ud], [];
                sends_md_on_maa_unitdata_request: $fixture, maa_unitdata_request() => $state, [Md], [];
            }
        }
    };
}

unnumbered!(idle_unnumbered, Idle, Idle);
unnumbered!(
    outgoing_connection_pending_unnumbered,
    OutgoingConnectionPending,
    OutgoingConnectionPending
);
unnumbered!(
    incoming_connection_pending_unnumbered,
    IncomingConnectionPending,
    IncomingConnectionPending
);
unnumbered!(
    outgoing_disconnection_pending_unnumbered,
    OutgoingDisconnectionPending,
    OutgoingDisconnectionPending
);
unnumbered!(
    outgoing_resynchronization_pending_unnumbered,
    OutgoingResynchronizationPending,
    OutgoingResynchronizationPending
);
unnumbered!(
    incoming_resynchronization_pending_unnumbered,
    IncomingResynchronizationPending,
    IncomingResynchronizationPending
);
unnumbered!(outgoing_recovery_pending_unnumbered, OutgoingRecoveryPending, OutgoingRecoveryPending);
unnumbered!(recovery_response_pending_unnumbered, RecoveryResponsePending, RecoveryResponsePending);
unnumbered!(incoming_recovery_pending_unnumbered, IncomingRecoveryPending, IncomingRecoveryPending);
unnumbered!(data_transfer_ready_unnumbered, DataTransferReady, DataTransferReady);

mod idle {
    use super::*;
    transitions! {
        idle_receives_bgn: Idle, bgn() => IncomingConnectionPending, [], [EstInd];
        idle_receives_bgn_retransmission: Idle, Input::BgnRepeat => Idle, [Bgrej], [];
        idle_receives_bgak: Idle, bgak() => Idle, [End], [Maa('C')];
        idle_receives_bgrej: Idle, bgrej() => Idle, [], [Maa('D')];
        idle_receives_end: Idle, end() => Idle, [Endak], [];
        idle_receives_endak: Idle, endak() => Idle, [], [];
        idle_receives_rs: Idle, rs() => Idle, [End], [Maa('J')];
        idle_receives_rsak: Idle, rsak() => Idle, [End], [Maa('K')];
        idle_receives_er: Idle, er() => Idle, [End], [Maa('L')];
        idle_receives_erak: Idle, erak() => Idle, [End], [Maa('M')];
        idle_receives_sd: Idle, sd() => Idle, [End], [Maa('A')];
        idle_receives_poll: Idle, poll() => Idle, [End], [Maa('G')];
        idle_receives_stat: Idle, stat() => Idle, [End], [Maa('H')];
        idle_receives_ustat: Idle, ustat() => Idle, [End], [Maa('I')];
        idle_establish_request: Idle, establish_request() => OutgoingConnectionPending, [Bgn], [];
        idle_establish_response: Idle, establish_response() => Idle, [], [Refused];
        idle_release_request: Idle, release_request() => Idle, [], [Refused];
        idle_data_request: Idle, data_request() => Idle, [], [Refused];
        idle_resync_request: Idle, resync_request() => Idle, [], [Refused];
        idle_resync_response: Idle, resync_response() => Idle, [], [Refused];
        idle_recover_response: Idle, recover_response() => Idle, [], [Refused];
        idle_retrieve_request: Idle, retrieve_request() => Idle, [], [RetrDone];
        idle_timer_cc: Idle, timer_cc() => Idle, [], [];
        idle_timer_poll: Idle, timer_poll() => Idle, [], [];
        idle_timer_keep_alive: Idle, timer_keep_alive() => Idle, [], [];
        idle_timer_no_response: Idle, timer_no_response() => Idle, [], [];
        idle_timer_idle: Idle, timer_idle() => Idle, [], [];
    }
}

mod outgoing_connection_pending {
    use super::*;
    transitions! {
        outgoing_connection_pending_receives_bgn: OutgoingConnectionPending, bgn() => DataTransferReady, [Bgak], [EstConf];
        outgoing_connection_pending_receives_bgn_retransmission: OutgoingConnectionPending, Input::BgnRepeat => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_receives_bgak: OutgoingConnectionPending, bgak() => DataTransferReady, [], [EstConf];
        outgoing_connection_pending_receives_bgrej: OutgoingConnectionPending, bgrej() => Idle, [], [RelInd(USER)];
        outgoing_connection_pending_receives_end: OutgoingConnectionPending, end() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_receives_endak: OutgoingConnectionPending, endak() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_receives_rs: OutgoingConnectionPending, rs() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_receives_rsak: OutgoingConnectionPending, rsak() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_receives_er: OutgoingConnectionPending, er() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_receives_erak: OutgoingConnectionPending, erak() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_receives_sd: OutgoingConnectionPending, sd() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_receives_poll: OutgoingConnectionPending, poll() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_receives_stat: OutgoingConnectionPending, stat() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_receives_ustat: OutgoingConnectionPending, ustat() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_establish_request: OutgoingConnectionPending, establish_request() => OutgoingConnectionPending, [], [Refused];
        outgoing_connection_pending_establish_response: OutgoingConnectionPending, establish_response() => OutgoingConnectionPending, [], [Refused];
        outgoing_connection_pending_release_request: OutgoingConnectionPending, release_request() => OutgoingDisconnectionPending, [End], [];
        outgoing_connection_pending_data_request: OutgoingConnectionPending, data_request() => OutgoingConnectionPending, [], [Refused];
        outgoing_connection_pending_resync_request: OutgoingConnectionPending, resync_request() => OutgoingConnectionPending, [], [Refused];
        outgoing_connection_pending_resync_response: OutgoingConnectionPending, resync_response() => OutgoingConnectionPending, [], [Refused];
        outgoing_connection_pending_recover_response: OutgoingConnectionPending, recover_response() => OutgoingConnectionPending, [], [Refused];
        outgoing_connection_pending_retrieve_request: OutgoingConnectionPending, retrieve_request() => OutgoingConnectionPending, [], [Refused];
        outgoing_connection_pending_timer_cc: OutgoingConnectionPending, timer_cc() => OutgoingConnectionPending, [Bgn], [];
        outgoing_connection_pending_timer_poll: OutgoingConnectionPending, timer_poll() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_timer_keep_alive: OutgoingConnectionPending, timer_keep_alive() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_timer_no_response: OutgoingConnectionPending, timer_no_response() => OutgoingConnectionPending, [], [];
        outgoing_connection_pending_timer_idle: OutgoingConnectionPending, timer_idle() => OutgoingConnectionPending, [], [];
    }
}

mod incoming_connection_pending {
    use super::*;
    transitions! {
        incoming_connection_pending_receives_bgn: IncomingConnectionPending, bgn() => IncomingConnectionPending, [], [RelInd(USER), EstInd];
        incoming_connection_pending_receives_bgn_retransmission: IncomingConnectionPending, Input::BgnRepeat => IncomingConnectionPending, [], [];
        incoming_connection_pending_receives_bgak: IncomingConnectionPending, bgak() => IncomingConnectionPending, [], [Maa('C')];
        incoming_connection_pending_receives_bgrej: IncomingConnectionPending, bgrej() => Idle, [], [Maa('D'), RelInd(SSCOP)];
        incoming_connection_pending_receives_end: IncomingConnectionPending, end() => Idle, [Endak], [RelInd(USER)];
        incoming_connection_pending_receives_endak: IncomingConnectionPending, endak() => Idle, [], [Maa('F'), RelInd(SSCOP)];
        incoming_connection_pending_receives_rs: IncomingConnectionPending, rs() => IncomingConnectionPending, [], [Maa('J')];
        incoming_connection_pending_receives_rsak: IncomingConnectionPending, rsak() => IncomingConnectionPending, [], [Maa('K')];
        incoming_connection_pending_receives_er: IncomingConnectionPending, er() => IncomingConnectionPending, [], [Maa('L')];
        incoming_connection_pending_receives_erak: IncomingConnectionPending, erak() => IncomingConnectionPending, [], [Maa('M')];
        incoming_connection_pending_receives_sd: IncomingConnectionPending, sd() => Idle, [End], [Maa('A'), RelInd(SSCOP)];
        incoming_connection_pending_receives_poll: IncomingConnectionPending, poll() => Idle, [End], [Maa('G'), RelInd(SSCOP)];
        incoming_connection_pending_receives_stat: IncomingConnectionPending, stat() => Idle, [End], [Maa('H'), RelInd(SSCOP)];
        incoming_connection_pending_receives_ustat: IncomingConnectionPending, ustat() => Idle, [End], [Maa('I'), RelInd(SSCOP)];
        incoming_connection_pending_establish_request: IncomingConnectionPending, establish_request() => IncomingConnectionPending, [], [Refused];
        incoming_connection_pending_establish_response: IncomingConnectionPending, establish_response() => DataTransferReady, [Bgak], [];
        incoming_connection_pending_release_request: IncomingConnectionPending, release_request() => Idle, [Bgrej], [];
        incoming_connection_pending_data_request: IncomingConnectionPending, data_request() => IncomingConnectionPending, [], [Refused];
        incoming_connection_pending_resync_request: IncomingConnectionPending, resync_request() => IncomingConnectionPending, [], [Refused];
        incoming_connection_pending_resync_response: IncomingConnectionPending, resync_response() => IncomingConnectionPending, [], [Refused];
        incoming_connection_pending_recover_response: IncomingConnectionPending, recover_response() => IncomingConnectionPending, [], [Refused];
        incoming_connection_pending_retrieve_request: IncomingConnectionPending, retrieve_request() => IncomingConnectionPending, [], [RetrDone];
        incoming_connection_pending_timer_cc: IncomingConnectionPending, timer_cc() => IncomingConnectionPending, [], [];
        incoming_connection_pending_timer_poll: IncomingConnectionPending, timer_poll() => IncomingConnectionPending, [], [];
        incoming_connection_pending_timer_keep_alive: IncomingConnectionPending, timer_keep_alive() => IncomingConnectionPending, [], [];
        incoming_connection_pending_timer_no_response: IncomingConnectionPending, timer_no_response() => IncomingConnectionPending, [], [];
        incoming_connection_pending_timer_idle: IncomingConnectionPending, timer_idle() => IncomingConnectionPending, [], [];
    }
}

mod outgoing_disconnection_pending {
    use super::*;
    transitions! {
        outgoing_disconnection_pending_receives_bgn: OutgoingDisconnectionPending, bgn() => IncomingConnectionPending, [], [RelConf, EstInd];
        outgoing_disconnection_pending_receives_bgn_retransmission: OutgoingDisconnectionPending, Input::BgnRepeat => OutgoingDisconnectionPending, [Bgak, End], [];
        outgoing_disconnection_pending_receives_bgak: OutgoingDisconnectionPending, bgak() => OutgoingDisconnectionPending, [], [];
        outgoing_disconnection_pending_receives_bgrej: OutgoingDisconnectionPending, bgrej() => Idle, [], [RelConf];
        outgoing_disconnection_pending_receives_end: OutgoingDisconnectionPending, end() => Idle, [Endak], [RelConf];
        outgoing_disconnection_pending_receives_endak: OutgoingDisconnectionPending, endak() => Idle, [], [RelConf];
        outgoing_disconnection_pending_receives_rs: OutgoingDisconnectionPending, rs() => OutgoingDisconnectionPending, [], [];
        outgoing_disconnection_pending_receives_rsak: OutgoingDisconnectionPending, rsak() => OutgoingDisconnectionPending, [], [];
        outgoing_disconnection_pending_receives_er: OutgoingDisconnectionPending, er() => OutgoingDisconnectionPending, [], [];
        outgoing_disconnection_pending_receives_erak: OutgoingDisconnectionPending, erak() => OutgoingDisconnectionPending, [], [];
        outgoing_disconnection_pending_receives_sd: OutgoingDisconnectionPending, sd() => OutgoingDisconnectionPending, [], [];
        outgoing_disconnection_pending_receives_poll: OutgoingDisconnectionPending, poll() => OutgoingDisconnectionPending, [], [];
        outgoing_disconnection_pending_receives_stat: OutgoingDisconnectionPending, stat() => OutgoingDisconnectionPending, [], [];
        outgoing_disconnection_pending_receives_ustat: OutgoingDisconnectionPending, ustat() => OutgoingDisconnectionPending, [], [];
        outgoing_disconnection_pending_establish_request: OutgoingDisconnectionPending, establish_request() => OutgoingConnectionPending, [Bgn], [];
        outgoing_disconnection_pending_establish_response: OutgoingDisconnectionPending, establish_response() => OutgoingDisconnectionPending, [], [Refused];
        outgoing_disconnection_pending_release_request: OutgoingDisconnectionPending, release_request() => OutgoingDisconnectionPending, [], [Refused];
        outgoing_disconnection_pending_data_request: OutgoingDisconnectionPending, data_request() => OutgoingDisconnectionPending, [], [Refused];
        outgoing_disconnection_pending_resync_request: OutgoingDisconnectionPending, resync_request() => OutgoingDisconnectionPending, [], [Refused];
        outgoing_disconnection_pending_resync_response: OutgoingDisconnectionPending, resync_response() => OutgoingDisconnectionPending, [], [Refused];
        outgoing_disconnection_pending_recover_response: OutgoingDisconnectionPending, recover_response() => OutgoingDisconnectionPending, [], [Refused];
        outgoing_disconnection_pending_retrieve_request: OutgoingDisconnectionPending, retrieve_request() => OutgoingDisconnectionPending, [], [RetrDone];
        outgoing_disconnection_pending_timer_cc: OutgoingDisconnectionPending, timer_cc() => OutgoingDisconnectionPending, [End], [];
        outgoing_disconnection_pending_timer_poll: OutgoingDisconnectionPending, timer_poll() => OutgoingDisconnectionPending, [], [];
        outgoing_disconnection_pending_timer_keep_alive: OutgoingDisconnectionPending, timer_keep_alive() => OutgoingDisconnectionPending, [], [];
        outgoing_disconnection_pending_timer_no_response: OutgoingDisconnectionPending, timer_no_response() => OutgoingDisconnectionPending, [], [];
        outgoing_disconnection_pending_timer_idle: OutgoingDisconnectionPending, timer_idle() => OutgoingDisconnectionPending, [], [];
    }
}

mod outgoing_resynchronization_pending {
    use super::*;
    transitions! {
        outgoing_resynchronization_pending_receives_bgn: OutgoingResynchronizationPending, bgn() => IncomingConnectionPending, [], [RelInd(USER), EstInd];
        outgoing_resynchronization_pending_receives_bgn_retransmission: OutgoingResynchronizationPending, Input::BgnRepeat => OutgoingResynchronizationPending, [Bgak, Rs], [];
        outgoing_resynchronization_pending_receives_bgak: OutgoingResynchronizationPending, bgak() => OutgoingResynchronizationPending, [], [];
        outgoing_resynchronization_pending_receives_bgrej: OutgoingResynchronizationPending, bgrej() => Idle, [], [Maa('D'), RelInd(SSCOP)];
        outgoing_resynchronization_pending_receives_end: OutgoingResynchronizationPending, end() => Idle, [Endak], [RelInd(USER)];
        outgoing_resynchronization_pending_receives_endak: OutgoingResynchronizationPending, endak() => Idle, [], [Maa('F'), RelInd(SSCOP)];
        outgoing_resynchronization_pending_receives_rs: OutgoingResynchronizationPending, rs() => DataTransferReady, [Rsak], [ResyncConf];
        outgoing_resynchronization_pending_receives_rs_retransmission: OutgoingResynchronizationPending, Input::RsRepeat => OutgoingResynchronizationPending, [], [];
        outgoing_resynchronization_pending_receives_rsak: OutgoingResynchronizationPending, rsak() => DataTransferReady, [], [ResyncConf];
        outgoing_resynchronization_pending_receives_er: OutgoingResynchronizationPending, er() => OutgoingResynchronizationPending, [], [];
        outgoing_resynchronization_pending_receives_erak: OutgoingResynchronizationPending, erak() => OutgoingResynchronizationPending, [], [];
        outgoing_resynchronization_pending_receives_sd: OutgoingResynchronizationPending, sd() => OutgoingResynchronizationPending, [], [];
        outgoing_resynchronization_pending_receives_poll: OutgoingResynchronizationPending, poll() => OutgoingResynchronizationPending, [], [];
        outgoing_resynchronization_pending_receives_stat: OutgoingResynchronizationPending, stat() => OutgoingResynchronizationPending, [], [];
        outgoing_resynchronization_pending_receives_ustat: OutgoingResynchronizationPending, ustat() => OutgoingResynchronizationPending, [], [];
        outgoing_resynchronization_pending_establish_request: OutgoingResynchronizationPending, establish_request() => OutgoingResynchronizationPending, [], [Refused];
        outgoing_resynchronization_pending_establish_response: OutgoingResynchronizationPending, establish_response() => OutgoingResynchronizationPending, [], [Refused];
        outgoing_resynchronization_pending_release_request: OutgoingResynchronizationPending, release_request() => OutgoingDisconnectionPending, [End], [];
        outgoing_resynchronization_pending_data_request: OutgoingResynchronizationPending, data_request() => OutgoingResynchronizationPending, [], [Refused];
        outgoing_resynchronization_pending_resync_request: OutgoingResynchronizationPending, resync_request() => OutgoingResynchronizationPending, [], [Refused];
        outgoing_resynchronization_pending_resync_response: OutgoingResynchronizationPending, resync_response() => OutgoingResynchronizationPending, [], [Refused];
        outgoing_resynchronization_pending_recover_response: OutgoingResynchronizationPending, recover_response() => OutgoingResynchronizationPending, [], [Refused];
        outgoing_resynchronization_pending_retrieve_request: OutgoingResynchronizationPending, retrieve_request() => OutgoingResynchronizationPending, [], [Refused];
        outgoing_resynchronization_pending_timer_cc: OutgoingResynchronizationPending, timer_cc() => OutgoingResynchronizationPending, [Rs], [];
        outgoing_resynchronization_pending_timer_poll: OutgoingResynchronizationPending, timer_poll() => OutgoingResynchronizationPending, [], [];
        outgoing_resynchronization_pending_timer_keep_alive: OutgoingResynchronizationPending, timer_keep_alive() => OutgoingResynchronizationPending, [], [];
        outgoing_resynchronization_pending_timer_no_response: OutgoingResynchronizationPending, timer_no_response() => OutgoingResynchronizationPending, [], [];
        outgoing_resynchronization_pending_timer_idle: OutgoingResynchronizationPending, timer_idle() => OutgoingResynchronizationPending, [], [];
    }
}

mod incoming_resynchronization_pending {
    use super::*;
    transitions! {
        incoming_resynchronization_pending_receives_bgn: IncomingResynchronizationPending, bgn() => IncomingConnectionPending, [], [RelInd(USER), EstInd];
        incoming_resynchronization_pending_receives_bgn_retransmission: IncomingResynchronizationPending, Input::BgnRepeat => IncomingResynchronizationPending, [], [Maa('B')];
        incoming_resynchronization_pending_receives_bgak: IncomingResynchronizationPending, bgak() => IncomingResynchronizationPending, [], [Maa('C')];
        incoming_resynchronization_pending_receives_bgrej: IncomingResynchronizationPending, bgrej() => Idle, [], [Maa('D'), RelInd(SSCOP)];
        incoming_resynchronization_pending_receives_end: IncomingResynchronizationPending, end() => Idle, [Endak], [RelInd(USER)];
        incoming_resynchronization_pending_receives_endak: IncomingResynchronizationPending, endak() => Idle, [], [Maa('F'), RelInd(SSCOP)];
        incoming_resynchronization_pending_receives_rs: IncomingResynchronizationPending, rs() => IncomingResynchronizationPending, [], [Maa('J')];
        incoming_resynchronization_pending_receives_rs_retransmission: IncomingResynchronizationPending, Input::RsRepeat => IncomingResynchronizationPending, [], [];
        incoming_resynchronization_pending_receives_rsak: IncomingResynchronizationPending, rsak() => IncomingResynchronizationPending, [], [Maa('K')];
        incoming_resynchronization_pending_receives_er: IncomingResynchronizationPending, er() => IncomingResynchronizationPending, [], [Maa('L')];
        incoming_resynchronization_pending_receives_erak: IncomingResynchronizationPending, erak() => IncomingResynchronizationPending, [], [Maa('M')];
        incoming_resynchronization_pending_receives_sd: IncomingResynchronizationPending, sd() => Idle, [End], [Maa('A'), RelInd(SSCOP)];
        incoming_resynchronization_pending_receives_poll: IncomingResynchronizationPending, poll() => Idle, [End], [Maa('G'), RelInd(SSCOP)];
        incoming_resynchronization_pending_receives_stat: IncomingResynchronizationPending, stat() => Idle, [End], [Maa('H'), RelInd(SSCOP)];
        incoming_resynchronization_pending_receives_ustat: IncomingResynchronizationPending, ustat() => Idle, [End], [Maa('I'), RelInd(SSCOP)];
        incoming_resynchronization_pending_establish_request: IncomingResynchronizationPending, establish_request() => IncomingResynchronizationPending, [], [Refused];
        incoming_resynchronization_pending_establish_response: IncomingResynchronizationPending, establish_response() => IncomingResynchronizationPending, [], [Refused];
        incoming_resynchronization_pending_release_request: IncomingResynchronizationPending, release_request() => OutgoingDisconnectionPending, [End], [];
        incoming_resynchronization_pending_data_request: IncomingResynchronizationPending, data_request() => IncomingResynchronizationPending, [], [Refused];
        incoming_resynchronization_pending_resync_request: IncomingResynchronizationPending, resync_request() => IncomingResynchronizationPending, [], [Refused];
        incoming_resynchronization_pending_resync_response: IncomingResynchronizationPending, resync_response() => DataTransferReady, [Rsak], [];
        incoming_resynchronization_pending_recover_response: IncomingResynchronizationPending, recover_response() => IncomingResynchronizationPending, [], [Refused];
        incoming_resynchronization_pending_retrieve_request: IncomingResynchronizationPending, retrieve_request() => IncomingResynchronizationPending, [], [RetrDone];
        incoming_resynchronization_pending_timer_cc: IncomingResynchronizationPending, timer_cc() => IncomingResynchronizationPending, [], [];
        incoming_resynchronization_pending_timer_poll: IncomingResynchronizationPending, timer_poll() => IncomingResynchronizationPending, [], [];
        incoming_resynchronization_pending_timer_keep_alive: IncomingResynchronizationPending, timer_keep_alive() => IncomingResynchronizationPending, [], [];
        incoming_resynchronization_pending_timer_no_response: IncomingResynchronizationPending, timer_no_response() => IncomingResynchronizationPending, [], [];
        incoming_resynchronization_pending_timer_idle: IncomingResynchronizationPending, timer_idle() => IncomingResynchronizationPending, [], [];
    }
}

mod outgoing_recovery_pending {
    use super::*;
    transitions! {
        outgoing_recovery_pending_receives_bgn: OutgoingRecoveryPending, bgn() => IncomingConnectionPending, [], [RelInd(USER), EstInd];
        outgoing_recovery_pending_receives_bgn_retransmission: OutgoingRecoveryPending, Input::BgnRepeat => OutgoingRecoveryPending, [], [Maa('B')];
        outgoing_recovery_pending_receives_bgak: OutgoingRecoveryPending, bgak() => OutgoingRecoveryPending, [], [Maa('C')];
        outgoing_recovery_pending_receives_bgrej: OutgoingRecoveryPending, bgrej() => Idle, [], [Maa('D'), RelInd(SSCOP)];
        outgoing_recovery_pending_receives_end: OutgoingRecoveryPending, end() => Idle, [Endak], [RelInd(USER)];
        outgoing_recovery_pending_receives_endak: OutgoingRecoveryPending, endak() => Idle, [], [Maa('F'), RelInd(SSCOP)];
        outgoing_recovery_pending_receives_rs: OutgoingRecoveryPending, rs() => IncomingResynchronizationPending, [], [ResyncInd];
        outgoing_recovery_pending_receives_rs_retransmission: OutgoingRecoveryPending, Input::RsRepeat => OutgoingRecoveryPending, [], [Maa('J')];
        outgoing_recovery_pending_receives_rsak: OutgoingRecoveryPending, rsak() => OutgoingRecoveryPending, [], [Maa('K')];
        outgoing_recovery_pending_receives_er: OutgoingRecoveryPending, er() => RecoveryResponsePending, [Erak], [RecInd];
        outgoing_recovery_pending_receives_er_retransmission: OutgoingRecoveryPending, Input::ErRepeat => OutgoingRecoveryPending, [], [Maa('L')];
        outgoing_recovery_pending_receives_erak: OutgoingRecoveryPending, erak() => RecoveryResponsePending, [], [RecInd];
        outgoing_recovery_pending_receives_sd: OutgoingRecoveryPending, sd() => OutgoingRecoveryPending, [], [];
        outgoing_recovery_pending_receives_poll: OutgoingRecoveryPending, poll() => OutgoingRecoveryPending, [], [];
        outgoing_recovery_pending_receives_stat: OutgoingRecoveryPending, stat() => OutgoingRecoveryPending, [], [];
        outgoing_recovery_pending_receives_ustat: OutgoingRecoveryPending, ustat() => OutgoingRecoveryPending, [], [];
        outgoing_recovery_pending_establish_request: OutgoingRecoveryPending, establish_request() => OutgoingRecoveryPending, [], [Refused];
        outgoing_recovery_pending_establish_response: OutgoingRecoveryPending, establish_response() => OutgoingRecoveryPending, [], [Refused];
        outgoing_recovery_pending_release_request: OutgoingRecoveryPending, release_request() => OutgoingDisconnectionPending, [End], [];
        outgoing_recovery_pending_data_request: OutgoingRecoveryPending, data_request() => OutgoingRecoveryPending, [], [Discarded];
        outgoing_recovery_pending_resync_request: OutgoingRecoveryPending, resync_request() => OutgoingResynchronizationPending, [Rs], [];
        outgoing_recovery_pending_resync_response: OutgoingRecoveryPending, resync_response() => OutgoingRecoveryPending, [], [Refused];
        outgoing_recovery_pending_recover_response: OutgoingRecoveryPending, recover_response() => OutgoingRecoveryPending, [], [Refused];
        outgoing_recovery_pending_retrieve_request: OutgoingRecoveryPending, retrieve_request() => OutgoingRecoveryPending, [], [Refused];
        outgoing_recovery_pending_timer_cc: OutgoingRecoveryPending, timer_cc() => OutgoingRecoveryPending, [Er], [];
        outgoing_recovery_pending_timer_poll: OutgoingRecoveryPending, timer_poll() => OutgoingRecoveryPending, [], [];
        outgoing_recovery_pending_timer_keep_alive: OutgoingRecoveryPending, timer_keep_alive() => OutgoingRecoveryPending, [], [];
        outgoing_recovery_pending_timer_no_response: OutgoingRecoveryPending, timer_no_response() => OutgoingRecoveryPending, [], [];
        outgoing_recovery_pending_timer_idle: OutgoingRecoveryPending, timer_idle() => OutgoingRecoveryPending, [], [];
    }
}

mod recovery_response_pending {
    use super::*;
    transitions! {
        recovery_response_pending_receives_bgn: RecoveryResponsePending, bgn() => IncomingConnectionPending, [], [RelInd(USER), EstInd];
        recovery_response_pending_receives_bgn_retransmission: RecoveryResponsePending, Input::BgnRepeat => RecoveryResponsePending, [], [Maa('B')];
        recovery_response_pending_receives_bgak: RecoveryResponsePending, bgak() => RecoveryResponsePending, [], [Maa('C')];
        recovery_response_pending_receives_bgrej: RecoveryResponsePending, bgrej() => Idle, [], [Maa('D'), RelInd(SSCOP)];
        recovery_response_pending_receives_end: RecoveryResponsePending, end() => Idle, [Endak], [RelInd(USER)];
        recovery_response_pending_receives_endak: RecoveryResponsePending, endak() => Idle, [], [Maa('F'), RelInd(SSCOP)];
        recovery_response_pending_receives_rs: RecoveryResponsePending, rs() => IncomingResynchronizationPending, [], [ResyncInd];
        recovery_response_pending_receives_rs_retransmission: RecoveryResponsePending, Input::RsRepeat => RecoveryResponsePending, [], [Maa('J')];
        recovery_response_pending_receives_rsak: RecoveryResponsePending, rsak() => RecoveryResponsePending, [], [Maa('K')];
        recovery_response_pending_receives_er: RecoveryResponsePending, er() => RecoveryResponsePending, [], [Maa('L')];
        recovery_response_pending_receives_er_retransmission: RecoveryResponsePending, Input::ErRepeat => RecoveryResponsePending, [Erak], [];
        recovery_response_pending_receives_erak: RecoveryResponsePending, erak() => RecoveryResponsePending, [], [];
        recovery_response_pending_receives_sd: RecoveryResponsePending, sd() => RecoveryResponsePending, [], [];
        recovery_response_pending_receives_poll: RecoveryResponsePending, poll() => RecoveryResponsePending, [], [];
        recovery_response_pending_receives_stat: RecoveryResponsePending, stat() => Idle, [End], [Maa('H'), RelInd(SSCOP)];
        recovery_response_pending_receives_ustat: RecoveryResponsePending, ustat() => Idle, [End], [Maa('I'), RelInd(SSCOP)];
        recovery_response_pending_establish_request: RecoveryResponsePending, establish_request() => RecoveryResponsePending, [], [Refused];
        recovery_response_pending_establish_response: RecoveryResponsePending, establish_response() => RecoveryResponsePending, [], [Refused];
        recovery_response_pending_release_request: RecoveryResponsePending, release_request() => OutgoingDisconnectionPending, [End], [];
        recovery_response_pending_data_request: RecoveryResponsePending, data_request() => RecoveryResponsePending, [], [Refused];
        recovery_response_pending_resync_request: RecoveryResponsePending, resync_request() => OutgoingResynchronizationPending, [Rs], [];
        recovery_response_pending_resync_response: RecoveryResponsePending, resync_response() => RecoveryResponsePending, [], [Refused];
        recovery_response_pending_recover_response: RecoveryResponsePending, recover_response() => DataTransferReady, [], [];
        recovery_response_pending_retrieve_request: RecoveryResponsePending, retrieve_request() => RecoveryResponsePending, [], [RetrDone];
        recovery_response_pending_timer_cc: RecoveryResponsePending, timer_cc() => RecoveryResponsePending, [], [];
        recovery_response_pending_timer_poll: RecoveryResponsePending, timer_poll() => RecoveryResponsePending, [], [];
        recovery_response_pending_timer_keep_alive: RecoveryResponsePending, timer_keep_alive() => RecoveryResponsePending, [], [];
        recovery_response_pending_timer_no_response: RecoveryResponsePending, timer_no_response() => RecoveryResponsePending, [], [];
        recovery_response_pending_timer_idle: RecoveryResponsePending, timer_idle() => RecoveryResponsePending, [], [];
    }
}

mod incoming_recovery_pending {
    use super::*;
    transitions! {
        incoming_recovery_pending_receives_bgn: IncomingRecoveryPending, bgn() => IncomingConnectionPending, [], [RelInd(USER), EstInd];
        incoming_recovery_pending_receives_bgn_retransmission: IncomingRecoveryPending, Input::BgnRepeat => IncomingRecoveryPending, [], [Maa('B')];
        incoming_recovery_pending_receives_bgak: IncomingRecoveryPending, bgak() => IncomingRecoveryPending, [], [Maa('C')];
        incoming_recovery_pending_receives_bgrej: IncomingRecoveryPending, bgrej() => Idle, [], [Maa('D'), RelInd(SSCOP)];
        incoming_recovery_pending_receives_end: IncomingRecoveryPending, end() => Idle, [Endak], [RelInd(USER)];
        incoming_recovery_pending_receives_endak: IncomingRecoveryPending, endak() => Idle, [], [Maa('F'), RelInd(SSCOP)];
        incoming_recovery_pending_receives_rs: IncomingRecoveryPending, rs() => IncomingResynchronizationPending, [], [ResyncInd];
        incoming_recovery_pending_receives_rs_retransmission: IncomingRecoveryPending, Input::RsRepeat => IncomingRecoveryPending, [], [Maa('J')];
        incoming_recovery_pending_receives_rsak: IncomingRecoveryPending, rsak() => IncomingRecoveryPending, [], [Maa('K')];
        incoming_recovery_pending_receives_er: IncomingRecoveryPending, er() => IncomingRecoveryPending, [], [Maa('L')];
        incoming_recovery_pending_receives_er_retransmission: IncomingRecoveryPending, Input::ErRepeat => IncomingRecoveryPending, [], [];
        incoming_recovery_pending_receives_erak: IncomingRecoveryPending, erak() => IncomingRecoveryPending, [], [Maa('M')];
        incoming_recovery_pending_receives_sd: IncomingRecoveryPending, sd() => Idle, [End], [Maa('A'), RelInd(SSCOP)];
        incoming_recovery_pending_receives_poll: IncomingRecoveryPending, poll() => Idle, [End], [Maa('G'), RelInd(SSCOP)];
        incoming_recovery_pending_receives_stat: IncomingRecoveryPending, stat() => Idle, [End], [Maa('H'), RelInd(SSCOP)];
        incoming_recovery_pending_receives_ustat: IncomingRecoveryPending, ustat() => Idle, [End], [Maa('I'), RelInd(SSCOP)];
        incoming_recovery_pending_establish_request: IncomingRecoveryPending, establish_request() => IncomingRecoveryPending, [], [Refused];
        incoming_recovery_pending_establish_response: IncomingRecoveryPending, establish_response() => IncomingRecoveryPending, [], [Refused];
        incoming_recovery_pending_release_request: IncomingRecoveryPending, release_request() => OutgoingDisconnectionPending, [End], [];
        incoming_recovery_pending_data_request: IncomingRecoveryPending, data_request() => IncomingRecoveryPending, [], [Refused];
        incoming_recovery_pending_resync_request: IncomingRecoveryPending, resync_request() => OutgoingResynchronizationPending, [Rs], [];
        incoming_recovery_pending_resync_response: IncomingRecoveryPending, resync_response() => IncomingRecoveryPending, [], [Refused];
        incoming_recovery_pending_recover_response: IncomingRecoveryPending, recover_response() => DataTransferReady, [Erak], [];
        incoming_recovery_pending_retrieve_request: IncomingRecoveryPending, retrieve_request() => IncomingRecoveryPending, [], [RetrDone];
        incoming_recovery_pending_timer_cc: IncomingRecoveryPending, timer_cc() => IncomingRecoveryPending, [], [];
        incoming_recovery_pending_timer_poll: IncomingRecoveryPending, timer_poll() => IncomingRecoveryPending, [], [];
        incoming_recovery_pending_timer_keep_alive: IncomingRecoveryPending, timer_keep_alive() => IncomingRecoveryPending, [], [];
        incoming_recovery_pending_timer_no_response: IncomingRecoveryPending, timer_no_response() => IncomingRecoveryPending, [], [];
        incoming_recovery_pending_timer_idle: IncomingRecoveryPending, timer_idle() => IncomingRecoveryPending, [], [];
    }
}

mod data_transfer_ready {
    use super::*;
    transitions! {
        data_transfer_ready_receives_bgn: DataTransferReady, bgn() => IncomingConnectionPending, [], [RelInd(USER), EstInd];
        data_transfer_ready_receives_bgn_retransmission: DataTransferReady, Input::BgnRepeat => DataTransferReady, [Bgak], [];
        data_transfer_ready_receives_bgak: DataTransferReady, bgak() => DataTransferReady, [], [];
        data_transfer_ready_receives_bgrej: DataTransferReady, bgrej() => Idle, [], [Maa('D'), RelInd(SSCOP)];
        data_transfer_ready_receives_end: DataTransferReady, end() => Idle, [Endak], [RelInd(USER)];
        data_transfer_ready_receives_endak: DataTransferReady, endak() => Idle, [], [Maa('F'), RelInd(SSCOP)];
        data_transfer_ready_receives_rs: DataTransferReady, rs() => IncomingResynchronizationPending, [], [ResyncInd];
        data_transfer_ready_receives_rs_retransmission: DataTransferReady, Input::RsRepeat => DataTransferReady, [Rsak], [];
        data_transfer_ready_receives_rsak: DataTransferReady, rsak() => DataTransferReady, [], [];
        data_transfer_ready_receives_er: DataTransferReady, er() => IncomingRecoveryPending, [], [RecInd];
        data_transfer_ready_receives_er_retransmission: DataTransferReady, Input::ErRepeat => DataTransferReady, [Erak], [];
        data_transfer_ready_receives_erak: DataTransferReady, erak() => DataTransferReady, [], [];
        data_transfer_ready_receives_sd: DataTransferReady, sd() => DataTransferReady, [], [Data];
        data_transfer_ready_receives_poll: DataTransferReady, poll() => DataTransferReady, [Stat], [];
        data_transfer_ready_receives_stat: DataTransferReady, stat() => DataTransferReady, [], [];
        data_transfer_ready_receives_ustat: DataTransferReady, ustat() => OutgoingRecoveryPending, [Er], [Maa('T')];
        data_transfer_ready_establish_request: DataTransferReady, establish_request() => DataTransferReady, [], [Refused];
        data_transfer_ready_establish_response: DataTransferReady, establish_response() => DataTransferReady, [], [Refused];
        data_transfer_ready_release_request: DataTransferReady, release_request() => OutgoingDisconnectionPending, [End], [];
        data_transfer_ready_data_request: DataTransferReady, data_request() => DataTransferReady, [Sd], [];
        data_transfer_ready_resync_request: DataTransferReady, resync_request() => OutgoingResynchronizationPending, [Rs], [];
        data_transfer_ready_resync_response: DataTransferReady, resync_response() => DataTransferReady, [], [Refused];
        data_transfer_ready_recover_response: DataTransferReady, recover_response() => DataTransferReady, [], [Refused];
        data_transfer_ready_retrieve_request: DataTransferReady, retrieve_request() => DataTransferReady, [], [Refused];
        data_transfer_ready_timer_cc: DataTransferReady, timer_cc() => DataTransferReady, [], [];
        data_transfer_ready_timer_poll: DataTransferReady, timer_poll() => DataTransferReady, [Poll], [];
        data_transfer_ready_timer_keep_alive: DataTransferReadyTransient, timer_keep_alive() => DataTransferReady, [Poll], [];
        data_transfer_ready_timer_no_response: DataTransferReadySlowPoll, timer_no_response() => Idle, [End], [Maa('P'), RelInd(SSCOP)];
        data_transfer_ready_timer_idle: DataTransferReadyIdlePhase, timer_idle() => DataTransferReady, [Poll], [];
    }
}

/// Timer_CC expiry once VT(CC) reached MaxCC (MAA-ERROR O) in the four states running it.
mod max_cc {
    use super::*;

    fn exhaust(f: Fixture) -> (Sscop, Vec<PduType>, Vec<Ev>) {
        let (mut e, _) = entity_in(f);
        let mut last = (vec![], vec![]);
        for _ in 0..e.config().max_cc {
            let at = e.timer(Timer::Cc).expect("Timer_CC runs");
            e.handle_timeout(at);
            last = drain(&mut e, at);
        }
        assert!(e.timer(Timer::Cc).is_none());
        (e, last.0, last.1)
    }

    #[test]
    fn outgoing_connection_pending_timer_cc_max_cc_reached() {
        let (e, pdus, evs) = exhaust(Fixture::OutgoingConnectionPending);
        assert_eq!(e.state(), State::Idle);
        assert_eq!(pdus, [PduType::End]);
        assert_eq!(evs, [Maa('O'), RelInd(SSCOP)]);
    }

    #[test]
    fn outgoing_disconnection_pending_timer_cc_max_cc_reached() {
        let (e, pdus, evs) = exhaust(Fixture::OutgoingDisconnectionPending);
        assert_eq!(e.state(), State::Idle);
        assert!(pdus.is_empty());
        assert_eq!(evs, [Maa('O'), RelConf]);
    }

    #[test]
    fn outgoing_resynchronization_pending_timer_cc_max_cc_reached() {
        let (e, pdus, evs) = exhaust(Fixture::OutgoingResynchronizationPending);
        assert_eq!(e.state(), State::Idle);
        assert_eq!(pdus, [PduType::End]);
        assert_eq!(evs, [Maa('O'), RelInd(SSCOP)]);
    }

    #[test]
    fn outgoing_recovery_pending_timer_cc_max_cc_reached() {
        let (e, pdus, evs) = exhaust(Fixture::OutgoingRecoveryPending);
        assert_eq!(e.state(), State::Idle);
        assert_eq!(pdus, [PduType::End]);
        assert_eq!(evs, [Maa('O'), RelInd(SSCOP)]);
    }
}

/// Invalid PDUs are discarded with MAA-ERROR U in every state, changing nothing else.
#[test]
fn every_state_reports_invalid_pdu_as_maa_error_u() {
    let invalid: [&[u8]; 5] = [
        &[0x08, 0],                               // not a word
        &[0, 0, 0, 0],                            // type 0
        &[0, 0, 0, 0, 0x0C, 0, 0, 0],             // USTAT of 8 octets
        &[0xC8, 0, 0, 0],                         // pad longer than the SD
        &[0, 0, 0, 0, 0, 0, 0, 0, 0x04, 0, 0, 0], // ENDAK of 12 octets
    ];
    for f in [
        Fixture::Idle,
        Fixture::OutgoingConnectionPending,
        Fixture::IncomingConnectionPending,
        Fixture::OutgoingDisconnectionPending,
        Fixture::OutgoingResynchronizationPending,
        Fixture::IncomingResynchronizationPending,
        Fixture::OutgoingRecoveryPending,
        Fixture::RecoveryResponsePending,
        Fixture::IncomingRecoveryPending,
        Fixture::DataTransferReady,
    ] {
        for bytes in invalid {
            let (mut e, now) = entity_in(f);
            e.handle_pdu(now, bytes);
            let (pdus, evs) = drain(&mut e, now);
            assert_eq!(e.state(), state_of(f));
            assert!(pdus.is_empty());
            assert_eq!(evs, [Maa('U')], "{f:?} {bytes:?}");
            assert_eq!(e.stats().invalid_pdus, 1);
        }
    }
}

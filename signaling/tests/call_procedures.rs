//! Q.2931 §5 point-to-point procedures between a user-side and a network-side `UniStack`
//! over SSCOP, with virtual time.
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/call_sim.rs"]
mod call_sim;

use call_sim::*;
use signaling::call::{
    CallHandle, CallState, Config, Error, Event, GlobalTimer, Side, Timer, VcRange,
};
use signaling::codec::ie::{CauseValue, ConnectionIdentifier, Diagnostic, PreferredExclusive};
use signaling::codec::{Ie, MessageType as M};

fn has(ev: &[Event], f: impl Fn(&Event) -> bool) -> bool {
    ev.iter().any(f)
}

/// The user sends SETUP from the template now and the network receives it (Q.2931 §5.1):
/// the call on the user and on the network side.
fn user_offers(s: &mut Sim) -> (CallHandle, CallHandle) {
    let now = s.now;
    let cu = s.u().setup(now, &setup_template()).unwrap();
    s.settle();
    (cu, Sim::incoming(&s.ev_n).unwrap())
}

/// The network sends SETUP from the template now and the user receives it (Q.2931 §5.2):
/// the call on the user and on the network side.
fn network_offers(s: &mut Sim) -> (CallHandle, CallHandle) {
    let now = s.now;
    let cn = s.n().setup(now, &setup_template()).unwrap();
    s.settle();
    (Sim::incoming(&s.ev_u).unwrap(), cn)
}

#[test]
fn q2931_5_1_user_originated_call_complete_cycle() {
    let mut s = Sim::new();
    let now = s.now;
    let cu = s.u().setup(now, &setup_template()).unwrap();
    assert_eq!(s.u().state(cu), CallState::CallInitiated);
    assert!(s.u().timer(cu, Timer::T303).is_some());
    s.settle();
    let cn = Sim::incoming(&s.ev_n).unwrap();
    assert_eq!(s.n().state(cn), CallState::CallInitiated);
    let vc = s.n().connection_identifier(cn).unwrap();

    s.n().proceeding(now, cn).unwrap();
    s.settle();
    assert_eq!(s.u().state(cu), CallState::OutgoingCallProceeding);
    assert_eq!(s.n().state(cn), CallState::OutgoingCallProceeding);
    assert!(s.u().timer(cu, Timer::T303).is_none());
    assert!(s.u().timer(cu, Timer::T310).is_some());
    // The network's first answer carries the VC it assigned (Q.2931 §5.1.2).
    let cp = s.last(Dir::NetworkToUser, M::CallProceeding).unwrap();
    let ci = cp.ies.connection_identifier.unwrap().contents;
    assert_eq!((ci.vpci, ci.vci), vc);
    assert_eq!(s.u().connection_identifier(cu), Some(vc));

    s.n().alerting(now, cn).unwrap();
    s.settle();
    assert_eq!(s.u().state(cu), CallState::CallDelivered);
    assert_eq!(s.n().state(cn), CallState::CallDelivered);
    assert!(s.u().timer(cu, Timer::T310).is_none());
    assert!(s.u().timer(cu, Timer::T301).is_some());

    s.n().connect(now, cn).unwrap();
    s.settle();
    assert_eq!(s.u().state(cu), CallState::Active);
    assert_eq!(s.n().state(cn), CallState::Active);
    assert!(s.u().timer(cu, Timer::T301).is_none());
    let (eu, en) = s.take();
    assert!(has(&eu, |e| matches!(e, Event::Proceeding { call } if *call == cu)));
    assert!(has(&eu, |e| matches!(e, Event::Alerting { call } if *call == cu)));
    assert!(has(&eu, |e| matches!(e, Event::Connected { call } if *call == cu)));
    assert!(has(&en, |e| matches!(e, Event::ConnectAcknowledged { call } if *call == cn)));
    assert_eq!(
        s.sent(Dir::UserToNetwork),
        [M::Setup, M::ConnectAcknowledge],
        "user sends SETUP and CONNECT ACKNOWLEDGE"
    );
    assert_eq!(s.sent(Dir::NetworkToUser), [M::CallProceeding, M::Alerting, M::Connect]);

    // Release from the user (Q.2931 §5.4.3).
    let free_before = s.n().free_connection_identifiers();
    s.u().release(now, cu, CauseValue::NormalCallClearing).unwrap();
    assert_eq!(s.u().state(cu), CallState::ReleaseRequest);
    assert!(s.u().timer(cu, Timer::T308).is_some());
    s.settle();
    let (eu, en) = s.take();
    assert_eq!(released(&eu, cu), Some(CauseValue::NormalCallClearing));
    assert_eq!(released(&en, cn), Some(CauseValue::NormalCallClearing));
    assert_eq!(s.u().state(cu), CallState::Null);
    assert_eq!(s.n().state(cn), CallState::Null);
    assert_eq!(s.n().free_connection_identifiers(), free_before + 1);
    assert_eq!(s.u().active_calls() + s.n().active_calls(), 0);
    assert_eq!(s.u().pending_timers() + s.n().pending_timers(), 0);
    assert_eq!(&s.sent(Dir::NetworkToUser)[3..], [M::ReleaseComplete]);
    // A released handle is dead.
    assert_eq!(s.u().release(now, cu, CauseValue::NormalCallClearing), Err(Error::NoSuchCall));
}

#[test]
fn q2931_5_2_network_originated_call_and_network_release() {
    let mut s = Sim::new();
    let now = s.now;
    let cn = s.n().setup(now, &setup_template()).unwrap();
    assert_eq!(s.n().state(cn), CallState::CallPresent);
    assert!(s.n().timer(cn, Timer::T303).is_some());
    s.settle();
    let cu = Sim::incoming(&s.ev_u).unwrap();
    assert_eq!(s.u().state(cu), CallState::CallPresent);
    assert_eq!(s.u().connection_identifier(cu), s.n().connection_identifier(cn));
    s.u().proceeding(now, cu).unwrap();
    s.settle();
    assert_eq!(s.n().state(cn), CallState::IncomingCallProceeding);
    assert!(s.n().timer(cn, Timer::T310).is_some());
    s.u().alerting(now, cu).unwrap();
    s.settle();
    assert_eq!(s.u().state(cu), CallState::CallReceived);
    assert_eq!(s.n().state(cn), CallState::CallReceived);
    s.u().connect(now, cu).unwrap();
    assert_eq!(s.u().state(cu), CallState::ConnectRequest);
    assert!(s.u().timer(cu, Timer::T313).is_some());
    s.settle();
    assert_eq!(s.u().state(cu), CallState::Active);
    assert_eq!(s.n().state(cn), CallState::Active);
    assert!(s.u().timer(cu, Timer::T313).is_none());
    let (eu, en) = s.take();
    assert!(has(&eu, |e| matches!(e, Event::Connected { call } if *call == cu)));
    assert!(has(&en, |e| matches!(e, Event::Connected { call } if *call == cn)));
    assert_eq!(s.sent(Dir::UserToNetwork), [M::CallProceeding, M::Alerting, M::Connect],);
    assert_eq!(s.sent(Dir::NetworkToUser), [M::Setup, M::ConnectAcknowledge]);

    s.n().release(now, cn, CauseValue::NormalCallClearing).unwrap();
    assert_eq!(s.n().state(cn), CallState::ReleaseIndication);
    s.settle();
    let (eu, en) = s.take();
    assert_eq!(released(&eu, cu), Some(CauseValue::NormalCallClearing));
    assert_eq!(released(&en, cn), Some(CauseValue::NormalCallClearing));
    assert_eq!(s.u().active_calls() + s.n().active_calls(), 0);
}

#[test]
fn q2931_5_2_3_user_rejects_incoming_call() {
    let mut s = Sim::new();
    let now = s.now;
    let (cu, cn) = network_offers(&mut s);
    s.u().reject(now, cu, CauseValue::UserBusy).unwrap();
    s.settle();
    let (eu, en) = s.take();
    assert_eq!(released(&eu, cu), Some(CauseValue::UserBusy));
    assert_eq!(released(&en, cn), Some(CauseValue::UserBusy));
    assert_eq!(s.sent(Dir::UserToNetwork), [M::ReleaseComplete]);
    // Reject is only for a call not yet answered.
    let (cu, cn) = network_offers(&mut s);
    s.u().alerting(now, cu).unwrap();
    assert!(matches!(
        s.u().reject(now, cu, CauseValue::UserBusy),
        Err(Error::InvalidState { state: CallState::CallReceived, .. })
    ));
    s.n().reject(now, cn, CauseValue::UserBusy).unwrap_err();
}

#[test]
fn q2931_5_1_network_rejects_user_call() {
    let mut s = Sim::new();
    let now = s.now;
    let (cu, cn) = user_offers(&mut s);
    s.n().reject(now, cn, CauseValue::NoRouteToDestination).unwrap();
    s.settle();
    let (eu, _) = s.take();
    assert_eq!(released(&eu, cu), Some(CauseValue::NoRouteToDestination));
    assert_eq!(s.n().free_connection_identifiers(), 1024);
}

#[test]
fn q2931_5_4_5_clear_collision() {
    let mut s = Sim::new();
    let (cu, cn) = s.active_call();
    let now = s.now;
    s.u().release(now, cu, CauseValue::NormalCallClearing).unwrap();
    s.n().release(now, cn, CauseValue::NormalUnspecified).unwrap();
    s.settle();
    let (eu, en) = s.take();
    // Each side takes the other's RELEASE as the answer to its own: no RELEASE COMPLETE.
    assert_eq!(released(&eu, cu), Some(CauseValue::NormalUnspecified));
    assert_eq!(released(&en, cn), Some(CauseValue::NormalCallClearing));
    assert!(!s.sent(Dir::UserToNetwork).contains(&M::ReleaseComplete));
    assert!(!s.sent(Dir::NetworkToUser).contains(&M::ReleaseComplete));
    assert_eq!(s.u().pending_timers() + s.n().pending_timers(), 0);
}

#[test]
fn q2931_5_1_1_call_request_and_t303_retry() {
    let mut s = Sim::new();
    let (cu, cn) = user_offers(&mut s);
    // The network's control logic stays silent: T303 expires once, SETUP is sent again
    // and the network ignores it (its call reference is in use, §5.6.3.2 d).
    s.run_for(t(4));
    assert_eq!(s.sent(Dir::UserToNetwork), [M::Setup, M::Setup]);
    assert_eq!(s.u().state(cu), CallState::CallInitiated);
    assert_eq!(s.n().calls().count(), 1);
    // Second expiry: RELEASE COMPLETE cause 102, both sides back to Null.
    s.run_for(t(4));
    let rc = s.last(Dir::UserToNetwork, M::ReleaseComplete).unwrap();
    assert_eq!(cause_of(rc), Some(CauseValue::RecoveryOnTimerExpiry));
    assert_eq!(cause_diag(rc), Some(Diagnostic::Timer(*b"303")));
    let (eu, en) = s.take();
    assert_eq!(released(&eu, cu), Some(CauseValue::RecoveryOnTimerExpiry));
    assert_eq!(released(&en, cn), Some(CauseValue::RecoveryOnTimerExpiry));
    assert_eq!(s.u().active_calls() + s.n().active_calls(), 0);
}

#[test]
fn q2931_5_2_1_network_t303_retry_and_expiry() {
    // T303 shorter than SSCOP's NO-RESPONSE, so the link stays "up" while the user is
    // silent (cable cut).
    let mut ncfg = net_config();
    ncfg.timers.t303 = t(2);
    let mut s = Sim::with(user_config(), ncfg, 0, 2);
    let now = s.now;
    s.cut = true;
    let cn = s.n().setup(now, &setup_template()).unwrap();
    s.run_for(t(2));
    assert_eq!(s.sent(Dir::NetworkToUser), [M::Setup, M::Setup]);
    assert_eq!(s.n().state(cn), CallState::CallPresent);
    s.run_for(t(2));
    let rc = s.last(Dir::NetworkToUser, M::ReleaseComplete).unwrap();
    assert_eq!(cause_diag(rc), Some(Diagnostic::Timer(*b"303")));
    let (_, en) = s.take();
    assert_eq!(released(&en, cn), Some(CauseValue::RecoveryOnTimerExpiry));
    assert_eq!(s.n().free_connection_identifiers(), 1024);
}

#[test]
fn q2931_5_1_t310_expiry_clears_with_cause_102() {
    let mut s = Sim::new();
    let now = s.now;
    let (cu, cn) = user_offers(&mut s);
    s.n().proceeding(now, cn).unwrap();
    s.run_for(t(10));
    let rel = s.last(Dir::UserToNetwork, M::Release).unwrap();
    assert_eq!(cause_diag(rel), Some(Diagnostic::Timer(*b"310")));
    let (eu, en) = s.take();
    assert!(has(&eu, |e| matches!(e, Event::Releasing { call, .. } if *call == cu)));
    assert_eq!(released(&eu, cu), Some(CauseValue::RecoveryOnTimerExpiry));
    assert_eq!(released(&en, cn), Some(CauseValue::RecoveryOnTimerExpiry));
}

#[test]
fn q2931_5_2_network_t310_expiry() {
    let mut s = Sim::new();
    let now = s.now;
    let (cu, cn) = network_offers(&mut s);
    s.u().proceeding(now, cu).unwrap();
    s.run_for(t(10));
    let rel = s.last(Dir::NetworkToUser, M::Release).unwrap();
    assert_eq!(cause_diag(rel), Some(Diagnostic::Timer(*b"310")));
    let (eu, en) = s.take();
    assert_eq!(released(&eu, cu), Some(CauseValue::RecoveryOnTimerExpiry));
    assert_eq!(released(&en, cn), Some(CauseValue::RecoveryOnTimerExpiry));
}

#[test]
fn q2931_5_1_t301_expiry_after_alerting() {
    let mut s = Sim::new();
    let now = s.now;
    let (cu, cn) = user_offers(&mut s);
    s.n().alerting(now, cn).unwrap();
    s.run_for(t(179));
    assert_eq!(s.u().state(cu), CallState::CallDelivered);
    s.run_for(t(1));
    let rel = s.last(Dir::UserToNetwork, M::Release).unwrap();
    assert_eq!(cause_diag(rel), Some(Diagnostic::Timer(*b"301")));
    assert_eq!(s.u().state(cu), CallState::Null);
}

#[test]
fn q2931_5_4_t308_retry_then_release_call_reference() {
    // The network does not answer RELEASE (cable cut; T308 shorter than SSCOP's
    // NO-RESPONSE so the link is not declared down first).
    let mut ucfg = user_config();
    ucfg.timers.t308 = t(2);
    let mut s = Sim::with(ucfg, net_config(), 0, 3);
    let (cu, _cn) = s.active_call();
    s.cut = true;
    let now = s.now;
    s.u().release(now, cu, CauseValue::NormalCallClearing).unwrap();
    s.run_for(t(2));
    // First expiry: RELEASE again with the same cause, T308 restarted.
    let rels: Vec<_> = s
        .log
        .iter()
        .filter(|(d, m)| *d == Dir::UserToNetwork && m.message_type == M::Release)
        .map(|(_, m)| cause_of(m))
        .collect();
    assert_eq!(rels, [Some(CauseValue::NormalCallClearing); 2]);
    assert_eq!(s.u().state(cu), CallState::ReleaseRequest);
    assert!(s.u().timer(cu, Timer::T308).is_some());
    // Second expiry: the call reference is released, cause 102.
    s.run_for(t(2));
    let (eu, _) = s.take();
    assert_eq!(released(&eu, cu), Some(CauseValue::RecoveryOnTimerExpiry));
    assert_eq!(s.u().state(cu), CallState::Null);
    assert_eq!(s.u().pending_timers(), 0);
}

#[test]
fn q2931_5_2_t313_expiry_after_connect() {
    let mut ucfg = user_config();
    ucfg.timers.t313 = ms(500);
    let mut s = Sim::with(ucfg, net_config(), 0, 4);
    let now = s.now;
    let (cu, cn) = network_offers(&mut s);
    s.cut = true;
    s.u().connect(now, cu).unwrap();
    s.run_for(ms(500));
    let rel = s.last(Dir::UserToNetwork, M::Release).unwrap();
    assert_eq!(cause_diag(rel), Some(Diagnostic::Timer(*b"313")));
    assert_eq!(s.u().state(cu), CallState::ReleaseRequest);
    let _ = cn;
}

#[test]
fn q2931_5_6_11_status_enquiry_and_t322() {
    let mut s = Sim::new();
    let (cu, cn) = s.active_call();
    let now = s.now;
    s.u().status_enquiry(now, cu).unwrap();
    assert!(s.u().timer(cu, Timer::T322).is_some());
    s.settle();
    let st = s.last(Dir::NetworkToUser, M::Status).unwrap();
    assert_eq!(cause_of(st), Some(CauseValue::ResponseToStatusEnquiry));
    assert_eq!(st.ies.call_state.unwrap().contents.state, CallState::Active.ie_value());
    assert!(s.u().timer(cu, Timer::T322).is_none());
    assert_eq!(s.u().state(cu), CallState::Active);
    let (eu, _) = s.take();
    assert!(has(&eu, |e| matches!(e, Event::Status { call: Some(c), .. } if *c == cu)));

    // T322: no answer twice → clear with cause 41.
    let mut ucfg = user_config();
    ucfg.timers.t322 = ms(200);
    let mut s = Sim::with(ucfg, net_config(), 0, 5);
    let (cu, _) = s.active_call();
    s.cut = true;
    let now = s.now;
    s.u().status_enquiry(now, cu).unwrap();
    s.run_for(ms(200));
    assert_eq!(s.sent(Dir::UserToNetwork).iter().filter(|m| **m == M::StatusEnquiry).count(), 2);
    s.run_for(ms(200));
    let rel = s.last(Dir::UserToNetwork, M::Release).unwrap();
    assert_eq!(cause_of(rel), Some(CauseValue::TemporaryFailure));
    let _ = cn;
}

#[test]
fn q2931_5_1_2_connection_identifier_negotiation() {
    // Exclusive VPCI / exclusive VCI honoured.
    let mut s = Sim::new();
    let now = s.now;
    let mut tpl = setup_template();
    tpl.ies.connection_identifier = Some(Ie::new(ConnectionIdentifier::exclusive(0, 500)));
    let cu = s.u().setup(now, &tpl).unwrap();
    s.settle();
    let cn = Sim::incoming(&s.ev_n).unwrap();
    assert_eq!(s.n().connection_identifier(cn), Some((0, 500)));
    s.n().proceeding(now, cn).unwrap();
    s.settle();
    assert_eq!(s.u().connection_identifier(cu), Some((0, 500)));
    // The same VC again: cause 35 with the VPCI/VCI diagnostic.
    let cu2 = s.u().setup(now, &tpl).unwrap();
    s.settle();
    let rc = s.last(Dir::NetworkToUser, M::ReleaseComplete).unwrap();
    assert_eq!(cause_of(rc), Some(CauseValue::RequestedVpciVciNotAvailable));
    assert_eq!(cause_diag(rc), Some(Diagnostic::VpciVci { vpci: 0, vci: 500 }));
    assert_eq!(s.u().state(cu2), CallState::Null);
    // Exclusive VPCI, any VCI.
    let mut any = ConnectionIdentifier::exclusive(0, 0);
    any.preferred_exclusive = PreferredExclusive::ExclusiveVpciAnyVci;
    tpl.ies.connection_identifier = Some(Ie::new(any));
    s.u().setup(now, &tpl).unwrap();
    s.settle();
    let cn3 = Sim::incoming(&s.ev_n).unwrap();
    assert!(s.n().connection_identifier(cn3).is_some_and(|(p, v)| p == 0 && v != 500));
    // A VPCI outside the range: cause 35.
    any.vpci = 7;
    tpl.ies.connection_identifier = Some(Ie::new(any));
    let c4 = s.u().setup(now, &tpl).unwrap();
    s.settle();
    assert_eq!(s.u().state(c4), CallState::Null);
}

#[test]
fn q2931_5_1_2_vc_exhaustion_cause_45_and_call_slots_cause_47() {
    let mut ncfg = net_config();
    ncfg.vc_range = VcRange { vpci_first: 0, vpci_last: 0, vci_first: 32, vci_last: 33 };
    ncfg.max_calls = 3;
    let mut s = Sim::with(user_config(), ncfg, 0, 6);
    let now = s.now;
    for _ in 0..2 {
        s.u().setup(now, &setup_template()).unwrap();
    }
    s.settle();
    let c3 = s.u().setup(now, &setup_template()).unwrap();
    s.settle();
    let (eu, _) = s.take();
    assert_eq!(released(&eu, c3), Some(CauseValue::NoVpciVciAvailable));
    // Network-originated: no VC left.
    assert_eq!(s.n().setup(now, &setup_template()), Err(Error::NoVcAvailable));

    let mut ncfg = net_config();
    ncfg.max_calls = 1;
    let mut s = Sim::with(user_config(), ncfg, 0, 7);
    s.u().setup(now, &setup_template()).unwrap();
    s.settle();
    let c2 = s.u().setup(now, &setup_template()).unwrap();
    s.settle();
    let (eu, _) = s.take();
    assert_eq!(released(&eu, c2), Some(CauseValue::ResourceUnavailableUnspecified));
    let mut ucfg = user_config();
    ucfg.max_calls = 1;
    let mut s = Sim::with(ucfg, net_config(), 0, 8);
    s.u().setup(now, &setup_template()).unwrap();
    assert_eq!(s.u().setup(now, &setup_template()), Err(Error::TooManyCalls));
}

#[test]
fn q2931_5_5_6_link_failure_keeps_active_calls_and_enquires() {
    let mut s = Sim::new();
    let (cu, cn) = s.active_call();
    let now = s.now;
    let pending = s.u().setup(now, &setup_template()).unwrap();
    s.settle();
    let pending_n = Sim::incoming(&s.ev_n).unwrap();
    s.n().proceeding(now, pending_n).unwrap();
    s.settle();
    s.take();
    // Cut the cable until SSCOP gives up (NO-RESPONSE, 7 s).
    s.cut = true;
    s.run_for(t(8));
    let (eu, en) = s.take();
    assert!(has(&eu, |e| *e == Event::LinkDown));
    assert!(has(&en, |e| *e == Event::LinkDown));
    // The call being set up is cleared, the active one survives under T309.
    assert_eq!(released(&eu, pending), Some(CauseValue::TemporaryFailure));
    assert_eq!(released(&en, pending_n), Some(CauseValue::TemporaryFailure));
    assert_eq!(s.u().state(cu), CallState::Active);
    assert!(s.u().global_timer(GlobalTimer::T309).is_some());
    let now = s.now;
    assert_eq!(s.u().setup(now, &setup_template()), Err(Error::LinkDown));
    // The cable is back before T309 expires: SAAL re-established, T309 stopped, each
    // active call checked with STATUS ENQUIRY.
    s.cut = false;
    s.log.clear();
    s.run_for(t(3));
    assert!(s.u().is_link_up() && s.n().is_link_up());
    assert!(s.u().global_timer(GlobalTimer::T309).is_none());
    assert!(s.n().global_timer(GlobalTimer::T309).is_none());
    assert!(s.sent(Dir::UserToNetwork).contains(&M::StatusEnquiry));
    assert!(s.sent(Dir::NetworkToUser).contains(&M::Status));
    assert_eq!(s.u().state(cu), CallState::Active);
    assert_eq!(s.n().state(cn), CallState::Active);
    s.run_for(t(20));
    assert_eq!(s.u().state(cu), CallState::Active);
}

#[test]
fn q2931_5_5_6_t309_expiry_clears_every_call() {
    let mut s = Sim::new();
    let (cu, cn) = s.active_call();
    s.cut = true;
    s.run_for(t(8));
    assert_eq!(s.u().state(cu), CallState::Active);
    s.run_for(t(10));
    let (eu, en) = s.take();
    assert_eq!(released(&eu, cu), Some(CauseValue::DestinationOutOfOrder));
    assert_eq!(released(&en, cn), Some(CauseValue::DestinationOutOfOrder));
    assert_eq!(s.u().active_calls() + s.n().active_calls(), 0);
    assert_eq!(s.n().free_connection_identifiers(), 1024);
    // Calls work again once the link is back.
    s.cut = false;
    s.run_for(t(3));
    s.active_call();
}

#[test]
fn uni31_calls_work_per_link_version() {
    let mut ucfg = user_config();
    ucfg.version = signaling::codec::ie::UniVersion::Uni31;
    let mut ncfg = net_config();
    ncfg.version = signaling::codec::ie::UniVersion::Uni31;
    let mut s = Sim::with(ucfg, ncfg, 0, 9);
    let (cu, _) = s.active_call();
    let now = s.now;
    s.u().release(now, cu, CauseValue::NormalCallClearing).unwrap();
    s.settle();
    assert_eq!(s.u().active_calls() + s.n().active_calls(), 0);
}

#[test]
fn calls_survive_seeded_loss_over_sscop() {
    for seed in 1..6u64 {
        let mut s = Sim::with(user_config(), net_config(), 0, seed);
        s.loss = 100;
        let now = s.now;
        let cu = s.u().setup(now, &setup_template()).unwrap();
        s.run_for(t(2));
        let cn = Sim::incoming(&s.ev_n).unwrap();
        let now = s.now;
        s.n().proceeding(now, cn).unwrap();
        s.n().connect(now, cn).unwrap();
        s.run_for(t(2));
        assert_eq!(s.u().state(cu), CallState::Active, "seed {seed}");
        let now = s.now;
        s.u().release(now, cu, CauseValue::NormalCallClearing).unwrap();
        s.run_for(t(3));
        assert_eq!(s.u().active_calls() + s.n().active_calls(), 0, "seed {seed}");
    }
}

#[test]
fn config_validation() {
    let mut c = Config::new(Side::User);
    c.max_calls = 0;
    assert!(signaling::call::CallControl::new(c).is_err());
    let mut c = Config::new(Side::Network);
    c.vc_range.vci_first = 40;
    c.vc_range.vci_last = 39;
    assert!(signaling::call::CallControl::new(c).is_err());
}

#[test]
fn uni31_and_uni40_procedures_differ_per_link() {
    let mut ucfg = user_config();
    ucfg.version = signaling::codec::ie::UniVersion::Uni31;
    let mut ncfg = net_config();
    ncfg.version = signaling::codec::ie::UniVersion::Uni31;
    let mut s = Sim::with(ucfg, ncfg, 0, 12);
    let now = s.now;
    let (cu, cn) = user_offers(&mut s);
    s.n().alerting(now, cn).unwrap();
    s.settle();
    // UNI 3.1 has no T301.
    assert_eq!(s.u().state(cu), CallState::CallDelivered);
    assert!(s.u().timer(cu, Timer::T301).is_none());
    // The same on a UNI 4.0 link starts T301.
    let mut s4 = Sim::new();
    let cu4 = s4.u().setup(now, &setup_template()).unwrap();
    s4.settle();
    let cn4 = Sim::incoming(&s4.ev_n).unwrap();
    s4.n().alerting(now, cn4).unwrap();
    s4.settle();
    assert!(s4.u().timer(cu4, Timer::T301).is_some());
    // UNI 3.1: no PARTY ALERTING and no modification.
    let mut p = p2mp_setup();
    p.ies.qos_parameter = setup_template().ies.qos_parameter;
    let cu = s.u().setup(now, &p).unwrap();
    s.settle();
    let cn = Sim::incoming(&s.ev_n).unwrap();
    s.n().connect(now, cn).unwrap();
    s.settle();
    s.u().add_party(now, cu, &add_party_template()).unwrap();
    s.settle();
    let pn = s.ev_n.iter().rev().find_map(|e| match e {
        Event::AddParty { party, .. } => Some(*party),
        _ => None,
    });
    let pn = pn.unwrap();
    assert_eq!(s.n().party_alerting(now, pn), Err(Error::InvalidParameters));
    s.n().add_party_ack(now, pn).unwrap();
    let td = setup_template().ies.atm_traffic_descriptor.unwrap().contents;
    assert_eq!(s.u().modify(now, cu, td), Err(Error::InvalidParameters));
}

#[test]
fn q2931_5_1_setup_from_typed_parameters() {
    let tpl = setup_template();
    let params = signaling::call::SetupParams {
        called: tpl.ies.called_party_number.unwrap().contents,
        traffic: tpl.ies.atm_traffic_descriptor.unwrap().contents,
        bearer: tpl.ies.broadband_bearer_capability.unwrap().contents,
        qos: tpl.ies.qos_parameter.map(|ie| ie.contents),
        aal: tpl.ies.aal_parameters.map(|ie| ie.contents),
        blli: None,
        calling: None,
        connection: None,
        endpoint_reference: None,
    };
    let mut s = Sim::new();
    let now = s.now;
    let cu = s.u().setup_with(now, &params).unwrap();
    s.settle();
    let setup = *s.last(Dir::UserToNetwork, M::Setup).unwrap();
    assert_eq!(setup.ies.called_party_number, tpl.ies.called_party_number);
    assert_eq!(setup.ies.atm_traffic_descriptor, tpl.ies.atm_traffic_descriptor);
    assert_eq!(setup.call_reference, s.u().call_reference(cu).unwrap());
    assert!(Sim::incoming(&s.ev_n).is_some());
}

//! Q.2963.1 modification of an active call's peak cell rates (UNI 4.0): MODIFY REQUEST,
//! MODIFY ACKNOWLEDGE (with and without CONNECTION AVAILABLE), MODIFY REJECT, T360, T361.
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/call_sim.rs"]
mod call_sim;

use call_sim::*;
use signaling::call::{CallState, Error, Event, ModifyState, Side, Timer};
use signaling::codec::ie::{AtmTrafficDescriptor, CauseValue, Diagnostic, UniVersion};
use signaling::codec::{Ie, Message, MessageType as M};

fn traffic() -> AtmTrafficDescriptor {
    setup_template().ies.atm_traffic_descriptor.unwrap().contents
}

#[test]
fn q2963_1_6_modify_acknowledged() {
    let mut s = Sim::new();
    let (cu, cn) = s.active_call();
    let now = s.now;
    s.u().modify(now, cu, traffic()).unwrap();
    assert_eq!(s.u().modify_state(cu), ModifyState::ModifyRequest);
    assert!(s.u().timer(cu, Timer::T360).is_some());
    s.settle();
    let (_, en) = s.take();
    assert!(en.iter().any(
        |e| matches!(e, Event::ModifyRequest { call, traffic: t } if *call == cn && *t == traffic())
    ));
    assert_eq!(s.n().modify_state(cn), ModifyState::ModifyReceived);
    s.n().modify_ack(now, cn, false).unwrap();
    s.settle();
    let (eu, _) = s.take();
    assert!(eu.contains(&Event::Modified { call: cu }));
    assert_eq!(s.u().modify_state(cu), ModifyState::Idle);
    assert!(s.u().timer(cu, Timer::T360).is_none());
    assert!(!s.sent(Dir::UserToNetwork).contains(&M::ConnectionAvailable));
    assert_eq!(s.u().state(cu), CallState::Active);
}

#[test]
fn q2963_1_6_modify_confirmed_with_connection_available() {
    let mut s = Sim::new();
    let (cu, cn) = s.active_call();
    let now = s.now;
    s.n().modify(now, cn, traffic()).unwrap();
    s.settle();
    s.u().modify_ack(now, cu, true).unwrap();
    assert!(s.u().timer(cu, Timer::T361).is_some());
    assert_eq!(s.u().modify_state(cu), ModifyState::AwaitingConnectionAvailable);
    s.settle();
    let (eu, en) = s.take();
    assert!(en.contains(&Event::Modified { call: cn }));
    assert!(eu.contains(&Event::ConnectionAvailable { call: cu, confirmed: true }));
    assert!(s.sent(Dir::NetworkToUser).contains(&M::ConnectionAvailable));
    assert!(s.u().timer(cu, Timer::T361).is_none());
}

#[test]
fn q2963_1_6_modify_rejected() {
    let mut s = Sim::new();
    let (cu, cn) = s.active_call();
    let now = s.now;
    s.u().modify(now, cu, traffic()).unwrap();
    s.settle();
    s.n().modify_reject(now, cn, CauseValue::UserCellRateNotAvailable).unwrap();
    s.settle();
    let (eu, _) = s.take();
    assert!(eu.iter().any(|e| matches!(e, Event::ModifyRejected { call, cause }
        if *call == cu && cause.value == CauseValue::UserCellRateNotAvailable)));
    assert_eq!(s.u().modify_state(cu), ModifyState::Idle);
    // Answering twice is refused.
    assert!(s.n().modify_reject(now, cn, CauseValue::UserCellRateNotAvailable).is_err());
}

#[test]
fn q2963_1_t360_expiry() {
    let mut s = Sim::new();
    let (cu, _) = s.active_call();
    let now = s.now;
    s.u().modify(now, cu, traffic()).unwrap();
    s.run_for(t(10));
    let (eu, _) = s.take();
    assert!(eu.iter().any(|e| matches!(e, Event::ModifyRejected { call, cause }
        if *call == cu && cause.diagnostic == Some(Diagnostic::Timer(*b"360")))));
    assert_eq!(s.u().state(cu), CallState::Active);
    assert_eq!(s.u().modify_state(cu), ModifyState::Idle);
}

#[test]
fn q2963_1_t361_expiry() {
    let mut r = Raw::new(Side::User);
    let h = r.active();
    let mut m = Message::new(r.peer_cr(h), M::ModifyRequest);
    m.ies.atm_traffic_descriptor = Some(Ie::new(traffic()));
    r.feed(&m);
    r.events();
    r.cc.modify_ack(r.now, h, true).unwrap();
    let out = r.out();
    assert_eq!(types(&out), [M::ModifyAcknowledge]);
    assert!(out[0].ies.broadband_report_type.is_some());
    r.advance(t(10));
    assert!(r.events().contains(&Event::ConnectionAvailable { call: h, confirmed: false }));
    assert_eq!(r.cc.modify_state(h), ModifyState::Idle);
}

#[test]
fn q2963_1_modify_errors() {
    // Not in an active call: STATUS 101.
    let mut r = Raw::new(Side::User);
    let h = r.outgoing_proceeding();
    let mut m = Message::new(r.peer_cr(h), M::ModifyRequest);
    m.ies.atm_traffic_descriptor = Some(Ie::new(traffic()));
    r.feed(&m);
    let out = r.out();
    assert_eq!(cause_of(&out[0]), Some(CauseValue::MessageNotCompatibleWithCallState));
    assert!(matches!(r.cc.modify(r.now, h, traffic()), Err(Error::InvalidState { .. })));
    // MODIFY ACKNOWLEDGE without a request: STATUS 101.
    let h = r.active();
    r.feed(&Message::new(r.peer_cr(h), M::ModifyAcknowledge));
    assert_eq!(cause_of(&r.out()[0]), Some(CauseValue::MessageNotCompatibleWithCallState));
    // A collision: the peer's request is refused while ours is pending.
    r.cc.modify(r.now, h, traffic()).unwrap();
    r.out();
    r.feed(&m.clone_with(r.peer_cr(h)));
    let out = r.out();
    assert_eq!(types(&out), [M::ModifyReject]);
    assert_eq!(r.cc.modify_state(h), ModifyState::ModifyRequest);
    // UNI 3.1 has no modification.
    let mut cfg = user_config();
    cfg.version = UniVersion::Uni31;
    let mut r = Raw::with(cfg);
    let h = r.active();
    assert_eq!(r.cc.modify(r.now, h, traffic()), Err(Error::InvalidParameters));
}

trait WithCr {
    fn clone_with(&self, cr: signaling::codec::CallReference) -> Message;
}

impl WithCr for Message {
    fn clone_with(&self, cr: signaling::codec::CallReference) -> Message {
        let mut m = *self;
        m.call_reference = cr;
        m
    }
}

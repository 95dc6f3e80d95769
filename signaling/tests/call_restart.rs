//! Q.2931 §5.5 restart procedures (REST0..REST2, T316, T317) between a user-side and a
//! network-side stack, and their error cases.
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/call_sim.rs"]
mod call_sim;

use call_sim::*;
use signaling::call::{CallState, Error, Event, GlobalTimer, RestartState, RestartTarget, Side};
use signaling::codec::ie::{
    CallStateValue, CauseValue, ConnectionIdentifier, RestartClass, RestartIndicator,
};
use signaling::codec::{CallReference, Ie, Message, MessageType as M};

fn restart_events(ev: &[Event]) -> Vec<Event> {
    ev.iter()
        .filter(|e| {
            matches!(
                e,
                Event::Restart { .. } | Event::RestartComplete { .. } | Event::RestartFailed { .. }
            )
        })
        .cloned()
        .collect()
}

#[test]
fn q2931_5_5_restart_all_virtual_channels() {
    let mut s = Sim::new();
    let (cu1, cn1) = s.active_call();
    let (cu2, cn2) = s.active_call();
    let now = s.now;
    s.n().restart(now, RestartTarget::All).unwrap();
    assert_eq!(s.n().restart_state(), RestartState::RestartRequest);
    assert!(s.n().global_timer(GlobalTimer::T316).is_some());
    s.settle();
    let (eu, en) = s.take();
    let rs = s.last(Dir::NetworkToUser, M::Restart).unwrap();
    assert!(rs.call_reference.is_global());
    assert_eq!(rs.ies.restart_indicator.unwrap().contents.class, RestartClass::AllVirtualChannels);
    let ack = s.last(Dir::UserToNetwork, M::RestartAcknowledge).unwrap();
    assert_eq!(ack.call_reference, CallReference::global(true));
    assert_eq!(restart_events(&eu), [Event::Restart { target: RestartTarget::All }]);
    assert_eq!(restart_events(&en), [Event::RestartComplete { target: RestartTarget::All }]);
    for (ev, h) in [(&eu, cu1), (&eu, cu2), (&en, cn1), (&en, cn2)] {
        assert_eq!(released(ev, h), Some(CauseValue::TemporaryFailure));
    }
    assert_eq!(s.n().restart_state(), RestartState::Null);
    assert_eq!(s.u().restart_state(), RestartState::Null);
    assert!(s.n().global_timer(GlobalTimer::T316).is_none());
    assert!(s.u().global_timer(GlobalTimer::T317).is_none());
    assert_eq!(s.u().active_calls() + s.n().active_calls(), 0);
    assert_eq!(s.n().free_connection_identifiers(), 1024);
    // No clearing messages: restart clears internally.
    assert!(!s.sent(Dir::UserToNetwork).contains(&M::Release));
}

#[test]
fn q2931_5_5_restart_indicated_virtual_channel_and_vpc() {
    let mut s = Sim::new();
    let (cu1, cn1) = s.active_call();
    let (cu2, cn2) = s.active_call();
    let (p, v) = s.u().connection_identifier(cu1).unwrap();
    let now = s.now;
    // The user restarts one VC.
    s.u().restart(now, RestartTarget::Vc(p, v)).unwrap();
    s.settle();
    let (eu, en) = s.take();
    assert_eq!(released(&eu, cu1), Some(CauseValue::TemporaryFailure));
    assert_eq!(released(&en, cn1), Some(CauseValue::TemporaryFailure));
    assert_eq!(s.u().state(cu2), CallState::Active);
    assert_eq!(s.n().state(cn2), CallState::Active);
    assert_eq!(restart_events(&en), [Event::Restart { target: RestartTarget::Vc(p, v) }]);
    assert_eq!(restart_events(&eu), [Event::RestartComplete { target: RestartTarget::Vc(p, v) }]);
    // Then the whole VPC.
    s.u().restart(now, RestartTarget::Vpc(p)).unwrap();
    s.settle();
    let (eu, _) = s.take();
    assert_eq!(released(&eu, cu2), Some(CauseValue::TemporaryFailure));
    assert_eq!(s.u().active_calls() + s.n().active_calls(), 0);
}

#[test]
fn q2931_5_5_1_t316_retry_then_report() {
    let mut ncfg = net_config();
    ncfg.timers.t316 = t(2);
    let mut s = Sim::with(user_config(), ncfg, 0, 11);
    s.cut = true;
    let now = s.now;
    s.n().restart(now, RestartTarget::All).unwrap();
    assert_eq!(s.n().restart(now, RestartTarget::All), Err(Error::RestartInProgress));
    s.run_for(t(2));
    assert_eq!(s.sent(Dir::NetworkToUser), [M::Restart, M::Restart]);
    assert_eq!(s.n().restart_state(), RestartState::RestartRequest);
    s.run_for(t(2));
    let (_, en) = s.take();
    assert_eq!(restart_events(&en), [Event::RestartFailed { target: RestartTarget::All }]);
    assert_eq!(s.n().restart_state(), RestartState::Null);
}

fn restart_msg(class: RestartClass, ci: Option<ConnectionIdentifier>) -> Message {
    let mut m = Message::new(CallReference::global(false), M::Restart);
    m.ies.restart_indicator = Some(Ie::new(RestartIndicator { class }));
    m.ies.connection_identifier = ci.map(Ie::new);
    m
}

#[test]
fn q2931_5_5_2_restart_errors() {
    let mut r = Raw::new(Side::User);
    // Class 0 without a connection identifier: STATUS cause 96 on the global reference.
    r.feed(&restart_msg(RestartClass::IndicatedVirtualChannel, None));
    let out = r.out();
    assert_eq!(types(&out), [M::Status]);
    assert!(out[0].call_reference.is_global());
    assert_eq!(cause_of(&out[0]), Some(CauseValue::MandatoryInformationElementMissing));
    // Restart indicator missing: the codec's mandatory IE check, cause 96.
    r.feed(&Message::new(CallReference::global(false), M::Restart));
    let out = r.out();
    assert_eq!(cause_of(&out[0]), Some(CauseValue::MandatoryInformationElementMissing));
    // RESTART ACKNOWLEDGE without a RESTART of ours: STATUS 101.
    let mut ack = restart_msg(RestartClass::AllVirtualChannels, None);
    ack.message_type = M::RestartAcknowledge;
    r.feed(&ack);
    let out = r.out();
    assert_eq!(cause_of(&out[0]), Some(CauseValue::MessageNotCompatibleWithCallState));
    // A call message on the global call reference: STATUS 81.
    r.feed(&Message::new(CallReference::global(false), M::Connect));
    assert_eq!(cause_of(&r.out()[0]), Some(CauseValue::InvalidCallReferenceValue));
    // A valid class-0 RESTART for a VC without a call is simply acknowledged.
    r.feed(&restart_msg(
        RestartClass::IndicatedVirtualChannel,
        Some(ConnectionIdentifier::exclusive(0, 99)),
    ));
    let out = r.out();
    assert_eq!(types(&out), [M::RestartAcknowledge]);
    assert_eq!(out[0].ies.connection_identifier.unwrap().contents.vci, 99);
}

#[test]
fn q2931_5_5_status_enquiry_on_global_call_reference_reports_restart_state() {
    let mut r = Raw::new(Side::Network);
    r.cc.restart(r.now, RestartTarget::All).unwrap();
    assert_eq!(types(&r.out()), [M::Restart]);
    r.feed(&Message::new(CallReference::global(true), M::StatusEnquiry));
    let out = r.out();
    assert_eq!(types(&out), [M::Status]);
    assert_eq!(out[0].ies.call_state.unwrap().contents.state, CallStateValue::RestartRequest);
    assert_eq!(cause_of(&out[0]), Some(CauseValue::ResponseToStatusEnquiry));
    let mut ack = restart_msg(RestartClass::AllVirtualChannels, None);
    ack.call_reference = CallReference::global(true);
    ack.message_type = M::RestartAcknowledge;
    r.feed(&ack);
    assert_eq!(r.cc.restart_state(), RestartState::Null);
    assert!(r.events().contains(&Event::RestartComplete { target: RestartTarget::All }));
}

#[test]
fn q2931_5_4_3_second_t308_expiry_restarts_the_vc() {
    let mut ncfg = net_config();
    ncfg.timers.t308 = t(2);
    let mut s = Sim::with(user_config(), ncfg, 0, 13);
    let (_, cn) = s.active_call();
    let vc = s.n().connection_identifier(cn).unwrap();
    s.cut = true;
    let now = s.now;
    s.n().release(now, cn, CauseValue::NormalCallClearing).unwrap();
    s.run_for(t(4));
    // The call reference is free, the VC is held in maintenance and a RESTART for it is
    // on its way.
    assert_eq!(s.n().state(cn), CallState::Null);
    assert_eq!(s.n().maintenance_vcs(), [vc]);
    assert_eq!(s.n().free_connection_identifiers(), 1023);
    assert_eq!(s.n().restart_state(), RestartState::RestartRequest);
    let rs = s.last(Dir::NetworkToUser, M::Restart).unwrap();
    let ci = rs.ies.connection_identifier.unwrap().contents;
    assert_eq!((ci.vpci, ci.vci), vc);
    // The cable is back before SSCOP gives up: the user answers and the VC is idle again.
    s.cut = false;
    s.run_for(t(3));
    let (eu, en) = s.take();
    assert!(en.contains(&Event::RestartComplete { target: RestartTarget::Vc(vc.0, vc.1) }));
    assert!(eu
        .iter()
        .any(|e| matches!(e, Event::Restart { .. }) || matches!(e, Event::Released { .. })));
    assert!(s.n().maintenance_vcs().is_empty());
    assert_eq!(s.n().free_connection_identifiers(), 1024);
    assert_eq!(s.u().active_calls() + s.n().active_calls(), 0);
}

//! Q.2971 point-to-multipoint calls between a root user and the network over SSCOP:
//! parties, endpoint references, ADD PARTY / PARTY ALERTING / ADD PARTY ACKNOWLEDGE /
//! ADD PARTY REJECT / DROP PARTY / DROP PARTY ACKNOWLEDGE, T397, T398, T399, and the
//! release of the last party.
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/call_sim.rs"]
mod call_sim;

use call_sim::*;
use hal::time::Instant;
use signaling::call::{
    CallHandle, CallState, Error, Event, PartyHandle, PartyState, PartyTimer, Side,
};
use signaling::codec::ie::{CauseValue, Diagnostic, EndpointReference, EndpointReferenceType};
use signaling::codec::{Ie, Message, MessageType as M};

fn party_event(ev: &[Event], f: impl Fn(&Event) -> Option<PartyHandle>) -> Option<PartyHandle> {
    ev.iter().find_map(f)
}

fn dropped(ev: &[Event], p: PartyHandle) -> Option<CauseValue> {
    ev.iter().find_map(|e| match e {
        Event::PartyDropped { party, cause, .. } if *party == p => Some(cause.value),
        _ => None,
    })
}

/// An active point-to-multipoint call: (user call, network call, user first party,
/// network first party).
fn p2mp_call(s: &mut Sim) -> (CallHandle, CallHandle, PartyHandle, PartyHandle) {
    let now = s.now;
    let cu = s.u().setup(now, &p2mp_setup()).unwrap();
    s.settle();
    let cn = Sim::incoming(&s.ev_n).unwrap();
    let (pu, _) = s.u().parties(cu).next().unwrap();
    let (pn, st) = s.n().parties(cn).next().unwrap();
    assert_eq!(s.u().party_state(pu), PartyState::AddPartyInitiated);
    assert_eq!(st, PartyState::AddPartyReceived);
    s.n().connect(now, cn).unwrap();
    s.settle();
    assert_eq!(s.u().party_state(pu), PartyState::Active);
    assert_eq!(s.n().party_state(pn), PartyState::Active);
    let (eu, en) = s.take();
    assert!(eu.iter().any(|e| matches!(e, Event::PartyActive { party, .. } if *party == pu)));
    assert!(en.iter().any(|e| matches!(e, Event::PartyActive { party, .. } if *party == pn)));
    (cu, cn, pu, pn)
}

/// The root adds a party; returns (user party, network party) with the network's party
/// in P6.
fn add(s: &mut Sim, cu: CallHandle) -> (PartyHandle, PartyHandle) {
    let now = s.now;
    let pu = s.u().add_party(now, cu, &add_party_template()).unwrap();
    assert_eq!(s.u().party_state(pu), PartyState::AddPartyInitiated);
    assert!(s.u().party_timer(pu, PartyTimer::T399).is_some());
    s.settle();
    let (_, en) = s.take();
    let pn = party_event(&en, |e| match e {
        Event::AddParty { party, message, .. } => {
            assert!(message.ies.called_party_number.is_some());
            Some(*party)
        }
        _ => None,
    })
    .unwrap();
    assert_eq!(s.n().party_state(pn), PartyState::AddPartyReceived);
    assert_eq!(s.n().endpoint_reference(pn), s.u().endpoint_reference(pu));
    (pu, pn)
}

/// [`add`], then the network acknowledges the party (P6 → P10, Q.2971 §5.2.5). Returns the
/// party on each side and the time the acknowledgement was sent.
fn add_acknowledged(s: &mut Sim, cu: CallHandle) -> (PartyHandle, PartyHandle, Instant) {
    let (pu, pn) = add(s, cu);
    let now = s.now;
    s.n().add_party_ack(now, pn).unwrap();
    s.settle();
    (pu, pn, now)
}

#[test]
fn q2971_5_1_setup_of_a_point_to_multipoint_call() {
    let mut s = Sim::new();
    let (_, _, pu, _) = p2mp_call(&mut s);
    assert_eq!(s.u().endpoint_reference(pu), Some(0));
}

#[test]
fn q2971_5_2_add_party_alerting_and_acknowledge() {
    let mut s = Sim::new();
    let (cu, cn, _, _) = p2mp_call(&mut s);
    let (pu, pn) = add(&mut s, cu);
    let now = s.now;
    s.n().party_alerting(now, pn).unwrap();
    assert_eq!(s.n().party_state(pn), PartyState::PartyAlertingReceived);
    s.settle();
    assert_eq!(s.u().party_state(pu), PartyState::PartyAlertingDelivered);
    assert!(s.u().party_timer(pu, PartyTimer::T399).is_none());
    assert!(s.u().party_timer(pu, PartyTimer::T397).is_some());
    s.n().add_party_ack(now, pn).unwrap();
    s.settle();
    assert_eq!(s.u().party_state(pu), PartyState::Active);
    assert_eq!(s.n().party_state(pn), PartyState::Active);
    assert!(s.u().party_timer(pu, PartyTimer::T397).is_none());
    let (eu, _) = s.take();
    assert!(eu.iter().any(|e| matches!(e, Event::PartyAlerting { party, .. } if *party == pu)));
    assert!(eu.iter().any(|e| matches!(e, Event::PartyActive { party, .. } if *party == pu)));
    assert_eq!(s.u().parties(cu).count(), 2);
    assert_eq!(s.n().parties(cn).count(), 2);
    // The wire carried the endpoint reference with the flag of each side.
    let ack = s.last(Dir::NetworkToUser, M::AddPartyAcknowledge).unwrap();
    let er = ack.ies.endpoint_reference.unwrap().contents;
    assert!(er.flag);
    assert_eq!(Some(er.value), s.u().endpoint_reference(pu));
}

#[test]
fn q2971_5_2_add_party_reject() {
    let mut s = Sim::new();
    let (cu, cn, _, _) = p2mp_call(&mut s);
    let (pu, pn) = add(&mut s, cu);
    let now = s.now;
    s.n().add_party_reject(now, pn, CauseValue::UserBusy).unwrap();
    s.settle();
    let (eu, en) = s.take();
    assert_eq!(dropped(&eu, pu), Some(CauseValue::UserBusy));
    assert_eq!(dropped(&en, pn), Some(CauseValue::UserBusy));
    assert_eq!(s.u().party_state(pu), PartyState::Null);
    // The call and its first party stay.
    assert_eq!(s.u().state(cu), CallState::Active);
    assert_eq!(s.n().parties(cn).count(), 1);
}

#[test]
fn q2971_5_3_drop_party_and_release_of_the_last_party() {
    let mut s = Sim::new();
    let (cu, cn, p0, _) = p2mp_call(&mut s);
    let (pu, pn, now) = add_acknowledged(&mut s, cu);
    s.u().drop_party(now, pu, CauseValue::NormalCallClearing).unwrap();
    assert_eq!(s.u().party_state(pu), PartyState::DropPartyInitiated);
    assert!(s.u().party_timer(pu, PartyTimer::T398).is_some());
    s.settle();
    let (eu, en) = s.take();
    assert_eq!(dropped(&eu, pu), Some(CauseValue::NormalCallClearing));
    assert_eq!(dropped(&en, pn), Some(CauseValue::NormalCallClearing));
    assert!(s.sent(Dir::NetworkToUser).contains(&M::DropPartyAcknowledge));
    // Dropping the last party releases the call instead.
    s.u().drop_party(now, p0, CauseValue::NormalCallClearing).unwrap();
    assert_eq!(s.u().state(cu), CallState::ReleaseRequest);
    s.settle();
    let (eu, en) = s.take();
    assert!(released(&eu, cu).is_some());
    assert!(released(&en, cn).is_some());
    assert_eq!(s.u().active_parties() + s.n().active_parties(), 0);
    assert_eq!(s.u().pending_timers() + s.n().pending_timers(), 0);
}

#[test]
fn q2971_5_3_network_drops_a_party() {
    let mut s = Sim::new();
    let (cu, _, _, _) = p2mp_call(&mut s);
    let (pu, pn, now) = add_acknowledged(&mut s, cu);
    s.n().drop_party(now, pn, CauseValue::NoUserResponding).unwrap();
    s.settle();
    let (eu, _) = s.take();
    assert_eq!(dropped(&eu, pu), Some(CauseValue::NoUserResponding));
    assert!(s.sent(Dir::UserToNetwork).contains(&M::DropPartyAcknowledge));
    assert_eq!(s.n().active_parties(), 1);
}

#[test]
fn q2971_t399_expiry_drops_the_party() {
    let mut s = Sim::new();
    let (cu, _, _, _) = p2mp_call(&mut s);
    let (pu, pn) = add(&mut s, cu);
    s.run_for(t(14));
    let dp = s.last(Dir::UserToNetwork, M::DropParty).unwrap();
    assert_eq!(cause_diag(dp), Some(Diagnostic::Timer(*b"399")));
    let (eu, en) = s.take();
    assert_eq!(dropped(&eu, pu), Some(CauseValue::RecoveryOnTimerExpiry));
    assert_eq!(dropped(&en, pn), Some(CauseValue::RecoveryOnTimerExpiry));
}

#[test]
fn q2971_t397_expiry_drops_the_alerting_party() {
    let mut ucfg = user_config();
    ucfg.timers.t397 = t(5);
    let mut s = Sim::with(ucfg, net_config(), 0, 21);
    let (cu, _, _, _) = p2mp_call(&mut s);
    let (pu, pn) = add(&mut s, cu);
    let now = s.now;
    s.n().party_alerting(now, pn).unwrap();
    s.run_for(t(5));
    let dp = s.last(Dir::UserToNetwork, M::DropParty).unwrap();
    assert_eq!(cause_diag(dp), Some(Diagnostic::Timer(*b"397")));
    let (eu, _) = s.take();
    assert_eq!(dropped(&eu, pu), Some(CauseValue::RecoveryOnTimerExpiry));
}

#[test]
fn q2971_t398_expiry_releases_the_party() {
    let mut s = Sim::new();
    let (cu, _, _, _) = p2mp_call(&mut s);
    let (pu, _, now) = add_acknowledged(&mut s, cu);
    s.cut = true;
    s.u().drop_party(now, pu, CauseValue::NormalCallClearing).unwrap();
    s.run_for(t(4));
    let (eu, _) = s.take();
    assert_eq!(dropped(&eu, pu), Some(CauseValue::RecoveryOnTimerExpiry));
    assert_eq!(s.u().state(cu), CallState::Active);
}

#[test]
fn q2971_too_many_parties_cause_92() {
    let mut ncfg = net_config();
    ncfg.max_parties_per_call = 2;
    let mut s = Sim::with(user_config(), ncfg, 0, 22);
    let (cu, _, _, _) = p2mp_call(&mut s);
    let _ = add(&mut s, cu);
    let now = s.now;
    let p3 = s.u().add_party(now, cu, &add_party_template()).unwrap();
    s.settle();
    let (eu, _) = s.take();
    assert_eq!(dropped(&eu, p3), Some(CauseValue::TooManyPendingAddPartyRequests));
    let rej = s.last(Dir::NetworkToUser, M::AddPartyReject).unwrap();
    assert_eq!(cause_of(rej), Some(CauseValue::TooManyPendingAddPartyRequests));
    // Locally: the per-call limit is refused before anything is sent.
    let mut ucfg = user_config();
    ucfg.max_parties_per_call = 1;
    let mut s = Sim::with(ucfg, net_config(), 0, 23);
    let (cu, _, _, _) = p2mp_call(&mut s);
    let now = s.now;
    assert_eq!(s.u().add_party(now, cu, &add_party_template()), Err(Error::TooManyParties));
}

#[test]
fn q2971_party_messages_on_a_point_to_point_call_and_unknown_endpoint() {
    let mut r = Raw::new(Side::User);
    let h = r.active();
    assert_eq!(r.cc.add_party(r.now, h, &add_party_template()), Err(Error::InvalidParameters));
    let mut m = Message::new(r.peer_cr(h), M::DropParty);
    m.ies.endpoint_reference = Some(Ie::new(EndpointReference {
        reference_type: EndpointReferenceType::LocallyDefinedInteger,
        flag: false,
        value: 5,
    }));
    m.ies.cause.push(Ie::new(cause(CauseValue::NormalCallClearing))).unwrap();
    r.feed(&m);
    let out = r.out();
    assert_eq!(types(&out), [M::Status]);
    assert_eq!(cause_of(&out[0]), Some(CauseValue::MessageNotCompatibleWithCallState));

    // A point-to-multipoint call: an unknown endpoint reference gets DROP PARTY
    // ACKNOWLEDGE cause 89.
    let mut r = Raw::new(Side::User);
    let h = r.cc.setup(r.now, &p2mp_setup()).unwrap();
    r.out();
    let mut c = Message::new(r.peer_cr(h), M::Connect);
    c.ies.connection_identifier =
        Some(Ie::new(signaling::codec::ie::ConnectionIdentifier::exclusive(0, 50)));
    r.feed(&c);
    r.out();
    assert_eq!(r.cc.state(h), CallState::Active);
    m.call_reference = r.peer_cr(h);
    r.feed(&m);
    let out = r.out();
    assert_eq!(types(&out), [M::DropPartyAcknowledge]);
    assert_eq!(cause_of(&out[0]), Some(CauseValue::InvalidEndpointReference));
    assert_eq!(r.cc.active_parties(), 1);
    // STATUS ENQUIRY about the first party reports its endpoint state.
    let mut se = Message::new(r.peer_cr(h), M::StatusEnquiry);
    se.ies.endpoint_reference = Some(Ie::new(EndpointReference {
        reference_type: EndpointReferenceType::LocallyDefinedInteger,
        flag: true,
        value: 0,
    }));
    r.feed(&se);
    let out = r.out();
    assert_eq!(
        out[0].ies.endpoint_state.unwrap().contents.party_state,
        PartyState::Active.ie_value()
    );
}

#[test]
fn q2971_leaf_side_first_party_and_added_party() {
    // The network is the root side here: it offers a point-to-multipoint call to the
    // user (a leaf), then adds a second party on the same UNI.
    let mut s = Sim::new();
    let now = s.now;
    let cn = s.n().setup(now, &p2mp_setup()).unwrap();
    s.settle();
    let cu = Sim::incoming(&s.ev_u).unwrap();
    let (pu, st) = s.u().parties(cu).next().unwrap();
    assert_eq!(st, PartyState::AddPartyReceived);
    s.u().alerting(now, cu).unwrap();
    s.u().connect(now, cu).unwrap();
    s.settle();
    assert_eq!(s.u().party_state(pu), PartyState::Active);
    let (pn, _) = s.n().parties(cn).next().unwrap();
    assert_eq!(s.n().party_state(pn), PartyState::Active);
    s.take();
    let pn2 = s.n().add_party(now, cn, &add_party_template()).unwrap();
    s.settle();
    let (eu, _) = s.take();
    let pu2 = party_event(&eu, |e| match e {
        Event::AddParty { party, .. } => Some(*party),
        _ => None,
    })
    .unwrap();
    s.u().party_alerting(now, pu2).unwrap();
    s.u().add_party_ack(now, pu2).unwrap();
    s.settle();
    assert_eq!(s.n().party_state(pn2), PartyState::Active);
    assert_eq!(s.u().party_state(pu2), PartyState::Active);
    // The leaf drops the first party; the call stays with the second.
    s.u().drop_party(now, pu, CauseValue::NormalCallClearing).unwrap();
    s.settle();
    assert_eq!(s.n().party_state(pn), PartyState::Null);
    assert_eq!(s.u().state(cu), CallState::Active);
    // The network releases the call: every party goes with it.
    s.n().release(now, cn, CauseValue::NormalCallClearing).unwrap();
    s.settle();
    assert_eq!(s.u().active_parties() + s.n().active_parties(), 0);
    assert_eq!(s.u().active_calls() + s.n().active_calls(), 0);
}

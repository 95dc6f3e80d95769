//! UNI Signalling 4.0 §6 leaf-initiated join between a user (leaf or root) and the network
//! over SSCOP: LEAF SETUP REQUEST, LEAF SETUP FAILURE, leaf sequence number, LIJ call
//! identifier / parameters and T331. Tests are named by clause.
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/call_sim.rs"]
mod call_sim;

use call_sim::*;
use signaling::call::{CallHandle, CallState, Error, Event, LeafHandle, LijInfo, Side};
use signaling::codec::ie::{
    CallingPartyNumber, CauseValue, Diagnostic, LeafSequenceNumber, LijCallIdentifier,
    LijIdentifierType, LijParameters, LijScreeningIndication,
};
use signaling::codec::{CallReference, Ie, Message, MessageType as M};

const LIJ_ID: LijCallIdentifier =
    LijCallIdentifier { id_type: LijIdentifierType::RootAssigned, value: 0x0001_2345 };

/// The IEs of a LEAF SETUP REQUEST (Table 6-1): root's number as called party, the leaf's
/// as calling party, LIJ call identifier and leaf sequence number.
fn request_template(seq: u32) -> Message {
    let mut m = Message::new(CallReference::Dummy, M::LeafSetupRequest);
    let called = setup_template().ies.called_party_number.unwrap();
    m.ies.called_party_number = Some(called);
    m.ies.calling_party_number =
        Some(Ie::new(CallingPartyNumber { number: called.contents.0, presentation: None }));
    m.ies.lij_call_identifier = Some(Ie::new(LIJ_ID));
    m.ies.leaf_sequence_number = Some(Ie::new(LeafSequenceNumber { value: seq }));
    m
}

/// A point-to-multipoint SETUP answering the request with sequence number `seq`.
fn joining_setup(seq: u32) -> Message {
    let mut m = p2mp_setup();
    m.ies.leaf_sequence_number = Some(Ie::new(LeafSequenceNumber { value: seq }));
    m.ies.lij_call_identifier = Some(Ie::new(LIJ_ID));
    m
}

/// A point-to-multipoint SETUP naming the call [`LIJ_ID`] (UNI 4.0 §6.2), without LIJ
/// parameters: a root LIJ call.
fn lij_setup() -> Message {
    let mut setup = p2mp_setup();
    setup.ies.lij_call_identifier = Some(Ie::new(LIJ_ID));
    setup
}

/// The user sends `setup` now; returns the call on the user and on the network side.
fn offer(s: &mut Sim, setup: &Message) -> (CallHandle, CallHandle) {
    let now = s.now;
    let cu = s.u().setup(now, setup).unwrap();
    s.settle();
    (cu, Sim::incoming(&s.ev_n).unwrap())
}

fn request_event(
    ev: &[Event],
) -> Option<(LeafHandle, Option<signaling::call::CallHandle>, Message)> {
    ev.iter().find_map(|e| match e {
        Event::LeafSetupRequest { request, call, message } => Some((*request, *call, **message)),
        _ => None,
    })
}

fn failed(ev: &[Event], r: LeafHandle) -> Option<signaling::codec::ie::Cause> {
    ev.iter().find_map(|e| match e {
        Event::LeafSetupFailed { request, cause } if *request == r => Some(*cause),
        _ => None,
    })
}

#[test]
fn uni40_6_3_1_leaf_request_answered_by_network_setup() {
    let mut s = Sim::new();
    let now = s.now;
    let r = s.u().leaf_setup_request(now, &request_template(7)).unwrap();
    assert!(s.u().leaf_setup_timer(r).is_some(), "T331 runs");
    assert_eq!(s.u().leaf_sequence_number(r), Some(7));
    s.settle();
    let sent = s.last(Dir::UserToNetwork, M::LeafSetupRequest).unwrap();
    // The leaf allocates the call reference: flag 0, and not one of a call slot's.
    assert!(matches!(sent.call_reference, CallReference::Value { flag: false, .. }));
    let (_, en) = s.take();
    let (rn, call, msg) = request_event(&en).unwrap();
    assert_eq!(call, None);
    assert_eq!(msg.ies.leaf_sequence_number.unwrap().contents.value, 7);
    assert_eq!(msg.ies.lij_call_identifier.unwrap().contents, LIJ_ID);
    assert_eq!(s.n().leaf_setups(), 1);
    // The switch offers the call to the leaf: SETUP with the sequence number.
    let cn = s.n().setup(now, &joining_setup(7)).unwrap();
    assert_eq!(s.n().leaf_setups(), 0, "the SETUP answered the request");
    assert_eq!(s.n().leaf_sequence_number(rn), None);
    s.settle();
    let (eu, _) = s.take();
    let cu = Sim::incoming(&eu).unwrap();
    let joined = eu.iter().position(|e| {
        matches!(e, Event::LeafJoined { request, call, party: Some(_) } if *request == r && *call == cu)
    });
    let setup = eu.iter().position(|e| matches!(e, Event::IncomingSetup { .. }));
    assert!(joined.unwrap() > setup.unwrap(), "IncomingSetup, then LeafJoined");
    assert_eq!(s.u().leaf_setups(), 0);
    assert_eq!(s.u().leaf_setup_timer(r), None);
    assert_eq!(s.u().lij_info(cu), Some(LijInfo { id: LIJ_ID, parameters: None }));
    s.u().connect(now, cu).unwrap();
    s.settle();
    assert_eq!(s.u().state(cu), CallState::Active);
    assert_eq!(s.n().state(cn), CallState::Active);
    // Nothing fires later: T331 is gone.
    s.run_for(t(200));
    let (eu, _) = s.take();
    assert!(failed(&eu, r).is_none());
}

#[test]
fn uni40_6_3_1_leaf_setup_failure_from_network() {
    let mut s = Sim::new();
    let now = s.now;
    let r = s.u().leaf_setup_request(now, &request_template(9)).unwrap();
    s.settle();
    let (_, en) = s.take();
    let (rn, _, _) = request_event(&en).unwrap();
    s.n().leaf_setup_failure(now, rn, cause(CauseValue::NoRouteToDestination)).unwrap();
    assert_eq!(
        s.n().leaf_setup_failure(now, rn, cause(CauseValue::NoRouteToDestination)),
        Err(Error::NoSuchLeafSetup)
    );
    s.settle();
    let f = s.last(Dir::NetworkToUser, M::LeafSetupFailure).unwrap();
    let req = s.last(Dir::UserToNetwork, M::LeafSetupRequest).unwrap();
    assert_eq!(f.call_reference, req.call_reference.reply());
    assert_eq!(f.ies.leaf_sequence_number.unwrap().contents.value, 9);
    assert_eq!(cause_of(f), Some(CauseValue::NoRouteToDestination));
    let (eu, _) = s.take();
    assert_eq!(failed(&eu, r).unwrap().value, CauseValue::NoRouteToDestination);
    assert_eq!(s.u().leaf_setups(), 0);
    assert_eq!(s.n().leaf_setups(), 0);
}

#[test]
fn uni40_6_3_1_t331_retransmits_once_then_fails_with_102() {
    let mut r = Raw::new(Side::User);
    let h = r.cc.leaf_setup_request(r.now, &request_template(1)).unwrap();
    let first = r.out();
    assert_eq!(types(&first), [M::LeafSetupRequest]);
    r.advance(t(59));
    assert!(r.out().is_empty());
    r.advance(t(1));
    let again = r.out();
    assert_eq!(types(&again), [M::LeafSetupRequest]);
    assert_eq!(again[0].call_reference, first[0].call_reference, "same call reference");
    assert!(r.events().is_empty());
    r.advance(t(60));
    assert!(r.out().is_empty());
    let c = failed(&r.events(), h).unwrap();
    assert_eq!(c.value, CauseValue::RecoveryOnTimerExpiry);
    assert_eq!(c.diagnostic, Some(Diagnostic::Timer(*b"331")));
    assert_eq!(r.cc.leaf_setups(), 0);
    assert_eq!(r.cc.poll_timeout(), None);
}

#[test]
fn uni40_6_3_2_root_answers_with_add_party_on_the_lij_call() {
    let mut s = Sim::new();
    let now = s.now;
    // The root's call carries the LIJ call identifier, without LIJ parameters: root LIJ,
    // every join request goes to the root.
    let (cu, cn) = offer(&mut s, &lij_setup());
    assert_eq!(s.n().lij_info(cn), Some(LijInfo { id: LIJ_ID, parameters: None }));
    s.n().connect(now, cn).unwrap();
    s.settle();
    s.take();
    assert_eq!(s.u().lij_call(LIJ_ID), Some(cu));
    // The network relays a leaf's request to the root.
    let rn = s.n().leaf_setup_request(now, &request_template(0xDEAD_BEEF)).unwrap();
    s.settle();
    let (eu, _) = s.take();
    let (ru, call, _) = request_event(&eu).unwrap();
    assert_eq!(call, Some(cu), "the request names the root's call");
    let mut add = add_party_template();
    add.ies.leaf_sequence_number = Some(Ie::new(LeafSequenceNumber { value: 0xDEAD_BEEF }));
    let pu = s.u().add_party(now, cu, &add).unwrap();
    assert_eq!(s.u().leaf_setups(), 0);
    assert_eq!(s.u().leaf_sequence_number(ru), None);
    s.settle();
    let (_, en) = s.take();
    let pn = en.iter().find_map(|e| match e {
        Event::AddParty { party, .. } => Some(*party),
        _ => None,
    });
    assert!(en.iter().any(|e| matches!(
        e,
        Event::LeafJoined { request, call, party } if *request == rn && *call == cn && *party == pn
    )));
    assert_eq!(s.u().endpoint_reference(pu), s.n().endpoint_reference(pn.unwrap()));
}

#[test]
fn uni40_6_3_2_root_prompted_join_answers_with_setup() {
    let mut s = Sim::new();
    let now = s.now;
    let rn = s.n().leaf_setup_request(now, &request_template(3)).unwrap();
    s.settle();
    let (eu, _) = s.take();
    let (_, call, _) = request_event(&eu).unwrap();
    assert_eq!(call, None, "no call with that identifier yet");
    let cu = s.u().setup(now, &joining_setup(3)).unwrap();
    s.settle();
    let (_, en) = s.take();
    let cn = Sim::incoming(&en).unwrap();
    assert!(en.iter().any(
        |e| matches!(e, Event::LeafJoined { request, call, .. } if *request == rn && *call == cn)
    ));
    assert_eq!(s.u().lij_info(cu).unwrap().id, LIJ_ID);
    assert_eq!(s.n().leaf_setups(), 0);
}

#[test]
fn uni40_6_3_2_root_refuses_with_leaf_setup_failure() {
    let mut s = Sim::new();
    let now = s.now;
    let rn = s.n().leaf_setup_request(now, &request_template(4)).unwrap();
    s.settle();
    let (eu, _) = s.take();
    let (ru, _, _) = request_event(&eu).unwrap();
    // A network request cannot be refused by its sender, nor a peer's cancelled.
    assert_eq!(
        s.n().leaf_setup_failure(now, rn, cause(CauseValue::CallRejected)),
        Err(Error::NoSuchLeafSetup)
    );
    assert_eq!(s.u().leaf_setup_cancel(ru), Err(Error::NoSuchLeafSetup));
    s.u().leaf_setup_failure(now, ru, cause(CauseValue::CallRejected)).unwrap();
    s.settle();
    let (_, en) = s.take();
    assert_eq!(failed(&en, rn).unwrap().value, CauseValue::CallRejected);
}

#[test]
fn uni40_6_3_1_retransmitted_request_reported_once() {
    let mut r = Raw::new(Side::Network);
    let mut m = request_template(5);
    m.call_reference = CallReference::Value { flag: false, value: 42 };
    r.feed(&m);
    let ev = r.events();
    assert!(request_event(&ev).is_some());
    r.feed(&m);
    assert!(r.events().is_empty());
    assert!(r.out().is_empty());
    assert_eq!(r.cc.leaf_setups(), 1);
    assert_eq!(r.cc.counters().discarded, 1);
}

#[test]
fn uni40_6_5_request_without_mandatory_ie_gets_leaf_setup_failure_96() {
    let mut r = Raw::new(Side::Network);
    let mut m = request_template(6);
    m.call_reference = CallReference::Value { flag: false, value: 8 };
    m.ies.calling_party_number = None;
    r.feed(&m);
    let out = r.out();
    assert_eq!(types(&out), [M::LeafSetupFailure]);
    assert_eq!(out[0].call_reference, CallReference::Value { flag: true, value: 8 });
    assert_eq!(cause_of(&out[0]), Some(CauseValue::MandatoryInformationElementMissing));
    assert_eq!(out[0].ies.leaf_sequence_number.unwrap().contents.value, 6);
    assert!(request_event(&r.events()).is_none());
    assert_eq!(r.cc.leaf_setups(), 0);
}

#[test]
fn uni40_6_3_1_failure_for_no_request_is_ignored() {
    let mut r = Raw::new(Side::User);
    let h = r.cc.leaf_setup_request(r.now, &request_template(11)).unwrap();
    let req = r.out().remove(0);
    let mut f = Message::new(req.call_reference.reply(), M::LeafSetupFailure);
    f.ies.cause.push(Ie::new(cause(CauseValue::CallRejected))).unwrap();
    // Wrong sequence number: not the answer to our request.
    f.ies.leaf_sequence_number = Some(Ie::new(LeafSequenceNumber { value: 12 }));
    r.feed(&f);
    assert!(r.out().is_empty());
    assert!(r.events().is_empty());
    assert_eq!(r.cc.leaf_sequence_number(h), Some(11));
    // The right one ends it.
    f.ies.leaf_sequence_number = Some(Ie::new(LeafSequenceNumber { value: 11 }));
    r.feed(&f);
    assert_eq!(failed(&r.events(), h).unwrap().value, CauseValue::CallRejected);
    // Again: nothing left to match.
    r.feed(&f);
    assert!(r.out().is_empty());
    assert!(r.events().is_empty());
}

#[test]
fn uni40_6_3_2_unanswered_peer_request_forgotten_after_two_t331() {
    let mut r = Raw::new(Side::User);
    let mut m = request_template(13);
    m.call_reference = CallReference::Value { flag: false, value: 3 };
    r.feed(&m);
    let (h, _, _) = request_event(&r.events()).unwrap();
    r.advance(t(119));
    assert_eq!(r.cc.leaf_setups(), 1);
    r.advance(t(1));
    assert_eq!(failed(&r.events(), h).unwrap().value, CauseValue::RecoveryOnTimerExpiry);
    assert!(r.out().is_empty(), "nothing sent for a forgotten request");
    assert_eq!(
        r.cc.leaf_setup_failure(r.now, h, cause(CauseValue::CallRejected)),
        Err(Error::NoSuchLeafSetup)
    );
}

#[test]
fn uni40_6_3_1_request_parameters_checked() {
    let mut r = Raw::new(Side::User);
    for strip in 0..4 {
        let mut m = request_template(1);
        match strip {
            0 => m.ies.called_party_number = None,
            1 => m.ies.calling_party_number = None,
            2 => m.ies.lij_call_identifier = None,
            _ => m.ies.leaf_sequence_number = None,
        }
        assert_eq!(r.cc.leaf_setup_request(r.now, &m), Err(Error::InvalidParameters));
    }
    r.cc.leaf_setup_request(r.now, &request_template(1)).unwrap();
    // The sequence number is what matches the answer: no two requests share one.
    assert_eq!(r.cc.leaf_setup_request(r.now, &request_template(1)), Err(Error::InvalidParameters));
    let h = r.cc.leaf_setup_request(r.now, &request_template(2)).unwrap();
    r.cc.leaf_setup_cancel(h).unwrap();
    assert_eq!(r.cc.leaf_setup_cancel(h), Err(Error::NoSuchLeafSetup));
    assert_eq!(r.cc.leaf_setups(), 1);
}

#[test]
fn uni40_6_leaf_setup_message_on_a_call_reference_is_unexpected() {
    let mut r = Raw::new(Side::User);
    let h = r.active();
    let mut m = request_template(1);
    m.call_reference = r.peer_cr(h);
    r.feed(&m);
    let out = r.out();
    assert_eq!(types(&out), [M::Status]);
    assert_eq!(cause_of(&out[0]), Some(CauseValue::MessageNotCompatibleWithCallState));
    assert_eq!(r.cc.state(h), CallState::Active);
}

#[test]
fn q2931_5_5_6_link_failure_ends_pending_leaf_setups_with_cause_41() {
    let mut s = Sim::new();
    let now = s.now;
    let r = s.u().leaf_setup_request(now, &request_template(21)).unwrap();
    s.settle();
    let (_, en) = s.take();
    let (rn, _, _) = request_event(&en).unwrap();
    s.u().handle_link(now, signaling::saal::sscf::LinkStatus::Down);
    s.n().handle_link(now, signaling::saal::sscf::LinkStatus::Down);
    let eu: Vec<Event> = std::iter::from_fn(|| s.u().poll_event()).collect();
    let en: Vec<Event> = std::iter::from_fn(|| s.n().poll_event()).collect();
    assert_eq!(failed(&eu, r).unwrap().value, CauseValue::TemporaryFailure);
    assert_eq!(failed(&en, rn).unwrap().value, CauseValue::TemporaryFailure);
    assert_eq!(s.u().leaf_setups(), 0);
    assert_eq!(s.n().leaf_setups(), 0);
    assert_eq!(s.u().leaf_setup_timer(r), None);
}

#[test]
fn uni40_6_2_network_finds_the_roots_call_by_lij_call_identifier() {
    let mut s = Sim::new();
    let now = s.now;
    let (cu, cn) = offer(&mut s, &lij_setup());
    // The root is the user: its call is the root's call on both sides of this interface.
    assert_eq!(s.u().lij_call(LIJ_ID), Some(cu));
    assert_eq!(s.n().lij_call(LIJ_ID), Some(cn));
    let other = LijCallIdentifier { id_type: LijIdentifierType::RootAssigned, value: 1 };
    assert_eq!(s.n().lij_call(other), None);
    // A request from a leaf on this interface names the root's call.
    s.u().leaf_setup_request(now, &request_template(22)).unwrap();
    s.settle();
    let (_, en) = s.take();
    assert_eq!(request_event(&en).unwrap().1, Some(cn));
}

#[test]
fn uni40_6_3_1_late_setup_after_cancel_is_an_ordinary_call() {
    let mut s = Sim::new();
    let now = s.now;
    let r = s.u().leaf_setup_request(now, &request_template(30)).unwrap();
    s.settle();
    s.u().leaf_setup_cancel(r).unwrap();
    s.take();
    s.n().setup(now, &joining_setup(30)).unwrap();
    s.settle();
    let (eu, _) = s.take();
    assert!(Sim::incoming(&eu).is_some());
    assert!(!eu.iter().any(|e| matches!(e, Event::LeafJoined { .. })));
}

mod props {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[derive(Debug, Clone)]
    enum Op {
        /// A LEAF SETUP REQUEST from the user (leaf) or the network (towards the root).
        Request {
            user: bool,
            seq: u8,
        },
        /// The receiver of a pending request answers: 0 SETUP, 1 LEAF SETUP FAILURE.
        Answer {
            user: bool,
            which: u8,
            how: u8,
        },
        Cancel {
            user: bool,
            which: u8,
        },
        Advance {
            secs: u16,
        },
        /// A LEAF SETUP FAILURE or REQUEST with arbitrary call reference and number.
        Inject {
            user: bool,
            failure: bool,
            cr: u16,
            seq: u8,
        },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (any::<bool>(), 0u8..16).prop_map(|(user, seq)| Op::Request { user, seq }),
            3 => (any::<bool>(), any::<u8>(), 0u8..2).prop_map(|(user, which, how)| Op::Answer { user, which, how }),
            1 => (any::<bool>(), any::<u8>()).prop_map(|(user, which)| Op::Cancel { user, which }),
            2 => (0u16..90).prop_map(|secs| Op::Advance { secs }),
            1 => (any::<bool>(), any::<bool>(), any::<u16>(), 0u8..16).prop_map(|(user, failure, cr, seq)| Op::Inject { user, failure, cr, seq }),
        ]
    }

    fn requests(ev: &[Event]) -> Vec<LeafHandle> {
        ev.iter()
            .filter_map(|e| match e {
                Event::LeafSetupRequest { request, .. } => Some(*request),
                _ => None,
            })
            .collect()
    }

    fn ended(ev: &[Event]) -> Vec<LeafHandle> {
        ev.iter()
            .filter_map(|e| match e {
                Event::LeafJoined { request, .. } | Event::LeafSetupFailed { request, .. } => {
                    Some(*request)
                }
                _ => None,
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Every request of ours ends exactly once (joined or failed) unless cancelled,
        /// the tables drain, and nothing panics on arbitrary LIJ traffic.
        #[test]
        fn every_leaf_setup_ends_once(ops in proptest::collection::vec(op(), 1..40)) {
            let mut s = Sim::new();
            let mut ours: [Vec<LeafHandle>; 2] = [vec![], vec![]];
            let mut cancelled: HashSet<(bool, LeafHandle)> = HashSet::new();
            let mut all_u = vec![];
            let mut all_n = vec![];
            for op in ops {
                let now = s.now;
                match op {
                    Op::Request { user, seq } => {
                        let cc = if user { s.u() } else { s.n() };
                        if let Ok(h) = cc.leaf_setup_request(now, &request_template(u32::from(seq))) {
                            ours[usize::from(user)].push(h);
                        }
                    }
                    Op::Answer { user, which, how } => {
                        // `user` answers a request it received.
                        let got = requests(if user { &all_u } else { &all_n });
                        if got.is_empty() {
                            continue;
                        }
                        let r = got[which as usize % got.len()];
                        let cc = if user { s.u() } else { s.n() };
                        if let Some(seq) = cc.leaf_sequence_number(r) {
                            if how == 0 {
                                let _ = cc.setup(now, &joining_setup(seq));
                            } else {
                                let _ = cc.leaf_setup_failure(now, r, cause(CauseValue::CallRejected));
                            }
                        }
                    }
                    Op::Cancel { user, which } => {
                        let list = &ours[usize::from(user)];
                        if list.is_empty() {
                            continue;
                        }
                        let r = list[which as usize % list.len()];
                        let cc = if user { s.u() } else { s.n() };
                        if cc.leaf_setup_cancel(r).is_ok() {
                            cancelled.insert((user, r));
                        }
                    }
                    Op::Advance { secs } => s.run_for(t(u64::from(secs))),
                    Op::Inject { user, failure, cr, seq } => {
                        let mt = if failure { M::LeafSetupFailure } else { M::LeafSetupRequest };
                        let mut m = request_template(u32::from(seq));
                        m.message_type = mt;
                        m.call_reference = CallReference::Value { flag: failure, value: u32::from(cr) };
                        if failure {
                            m.ies.cause.push(Ie::new(cause(CauseValue::CallRejected))).unwrap();
                        }
                        let mut buf = vec![0u8; m.buffer_len()];
                        let n = m.encode(&mut buf).unwrap();
                        let cc = if user { s.u() } else { s.n() };
                        cc.handle_message(now, &buf[..n]);
                    }
                }
                s.settle();
                let (eu, en) = s.take();
                all_u.extend(eu);
                all_n.extend(en);
                prop_assert!(s.u().leaf_setups() <= 256 && s.n().leaf_setups() <= 256);
            }
            // Long enough for every T331 (two tries) and every peer request guard.
            s.run_for(t(300));
            let (eu, en) = s.take();
            all_u.extend(eu);
            all_n.extend(en);
            prop_assert_eq!(s.u().leaf_setups(), 0);
            prop_assert_eq!(s.n().leaf_setups(), 0);
            for (user, list) in [(true, &ours[1]), (false, &ours[0])] {
                let ev = if user { &all_u } else { &all_n };
                let ends = ended(ev);
                for h in list {
                    let n = ends.iter().filter(|e| *e == h).count();
                    let want = usize::from(!cancelled.contains(&(user, *h)));
                    prop_assert!(n <= 1, "{:?} ended {} times", h, n);
                    // A handle slot reused after its end has a new generation: counting by
                    // handle counts this request only.
                    prop_assert_eq!(n, want, "{:?} (user {})", h, user);
                }
            }
        }
    }
}

fn encoded(m: &Message) -> Vec<u8> {
    let mut buf = vec![0u8; m.buffer_len()];
    let n = m.encode(&mut buf).unwrap();
    buf.truncate(n);
    buf
}

/// Appends an unrecognized IE (0x33) whose instruction field says `instruction`.
fn with_unknown_ie(mut b: Vec<u8>, instruction: u8) -> Vec<u8> {
    b.extend_from_slice(&[0x33, instruction, 0x00, 0x01, 0xAA]);
    let len = (b.len() - 9) as u16;
    b[7..9].copy_from_slice(&len.to_be_bytes());
    b
}

#[test]
fn uni40_6_5_request_with_clear_call_ie_gets_leaf_setup_failure_99() {
    let mut r = Raw::new(Side::Network);
    let mut m = request_template(14);
    m.call_reference = CallReference::Value { flag: false, value: 10 };
    // Flag set, action "clear call".
    r.feed_bytes(&with_unknown_ie(encoded(&m), 0x90));
    let out = r.out();
    assert_eq!(types(&out), [M::LeafSetupFailure]);
    assert_eq!(out[0].call_reference, CallReference::Value { flag: true, value: 10 });
    assert_eq!(cause_of(&out[0]), Some(CauseValue::InformationElementNonExistent));
    assert_eq!(out[0].ies.leaf_sequence_number.unwrap().contents.value, 14);
    assert_eq!(r.cc.leaf_setups(), 0);
    // Action "discard IE and proceed": the request is reported without the IE.
    r.feed_bytes(&with_unknown_ie(encoded(&m), 0x91));
    assert!(request_event(&r.events()).is_some());
    assert!(r.out().is_empty());
    // Action "discard message": nothing at all.
    let mut m2 = m;
    m2.call_reference = CallReference::Value { flag: false, value: 11 };
    r.feed_bytes(&with_unknown_ie(encoded(&m2), 0x95));
    assert!(request_event(&r.events()).is_none());
    assert!(r.out().is_empty());
    assert_eq!(r.cc.leaf_setups(), 1);
}

#[test]
fn uni40_6_5_failure_without_cause_still_ends_our_request() {
    let mut r = Raw::new(Side::User);
    let h = r.cc.leaf_setup_request(r.now, &request_template(15)).unwrap();
    let req = r.out().remove(0);
    let mut f = Message::new(req.call_reference.reply(), M::LeafSetupFailure);
    f.ies.leaf_sequence_number = Some(Ie::new(LeafSequenceNumber { value: 15 }));
    r.feed(&f);
    // Like RELEASE COMPLETE with an error (Q.2931 §5.6.7.1): the request ends anyway,
    // with the error's cause; nothing is sent back.
    let c = failed(&r.events(), h).unwrap();
    assert_eq!(c.value, CauseValue::MandatoryInformationElementMissing);
    assert!(r.out().is_empty());
    assert_eq!(r.cc.leaf_setups(), 0);
}

#[test]
fn uni40_6_2_2_network_lij_call_never_asks_the_root() {
    for screening in [true, false] {
        let mut s = Sim::new();
        let now = s.now;
        let mut setup = lij_setup();
        if screening {
            setup.ies.lij_parameters = Some(Ie::new(LijParameters {
                screening: LijScreeningIndication::NetworkJoinWithoutRootNotification,
            }));
        }
        let (_, cn) = offer(&mut s, &setup);
        let params = s.n().lij_info(cn).unwrap().parameters;
        assert_eq!(params.is_some(), screening);
        // Network LIJ: the switch joins leaves itself; without LIJ parameters the root is
        // asked.
        let res = s.n().leaf_setup_request(now, &request_template(40));
        assert_eq!(res.is_ok(), !screening, "{res:?}");
        if screening {
            assert_eq!(res, Err(Error::InvalidParameters));
        }
    }
}

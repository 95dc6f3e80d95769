//! Q.2931 §5.6 (error handling) and §5.7 (compatibility instructions) of call control, fed
//! hand-made messages.
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/call_sim.rs"]
mod call_sim;

use call_sim::*;
use signaling::call::{CallState, Event, Side};
use signaling::codec::ie::{
    ActionIndicator, Bytes, CallState as CallStateIe, CallStateValue, Cause, CauseValue,
    CodingStandard, Diagnostic, IeId, IeInstruction, Location,
};
use signaling::codec::message::RawIe;
use signaling::codec::{
    CallReference, Ie, Message, MessageAction, MessageCompatibility, MessageType as M,
};

fn encode(m: &Message) -> Vec<u8> {
    let mut b = vec![0u8; m.buffer_len()];
    let n = m.encode(&mut b).unwrap();
    b.truncate(n);
    b
}

/// `m` with one more IE appended as raw octets (message length patched).
fn with_ie(m: &Message, ie: &[u8]) -> Vec<u8> {
    let mut b = encode(m);
    b.extend_from_slice(ie);
    let len = (b.len() - 9) as u16;
    b[7..9].copy_from_slice(&len.to_be_bytes());
    b
}

fn ie_list(d: Option<Diagnostic>) -> Vec<u8> {
    match d {
        Some(Diagnostic::InformationElements(b)) => b.as_slice().to_vec(),
        other => panic!("not an IE list: {other:?}"),
    }
}

fn unknown_ie(instruction: IeInstruction) -> RawIe {
    RawIe {
        id: IeId::from(0x33),
        coding: CodingStandard::ItuT,
        instruction,
        contents: Bytes::from_slice(&[1, 2]).unwrap(),
    }
}

/// Takes what `r` sent: exactly one STATUS, with `cause` (Q.2931 §5.6). Returns it.
fn expect_status(r: &mut Raw, cause: CauseValue) -> Message {
    let out = r.out();
    assert_eq!(types(&out), [M::Status]);
    assert_eq!(cause_of(&out[0]), Some(cause));
    out[0]
}

fn errors(ev: &[Event]) -> Vec<CauseValue> {
    ev.iter()
        .filter_map(|e| match e {
            Event::ProtocolError { cause, .. } => Some(*cause),
            _ => None,
        })
        .collect()
}

#[test]
fn q2931_5_6_1_protocol_discriminator_error_ignored() {
    let mut r = Raw::new(Side::User);
    let h = r.active();
    let mut b = encode(&Message::new(r.peer_cr(h), M::Release));
    b[0] = 0x08;
    r.feed_bytes(&b);
    assert!(r.out().is_empty());
    assert_eq!(r.cc.state(h), CallState::Active);
    assert_eq!(r.cc.counters().discarded, 1);
}

#[test]
fn q2931_5_6_2_message_too_short_ignored() {
    let mut r = Raw::new(Side::Network);
    r.feed_bytes(&[0x09, 0x03, 0x00]);
    r.feed_bytes(&[]);
    assert!(r.out().is_empty());
    assert_eq!(r.cc.counters().discarded, 2);
}

#[test]
fn q2931_5_6_3_1_invalid_call_reference_format_ignored() {
    let mut r = Raw::new(Side::User);
    let mut b = encode(&r.peer_setup(5));
    b[1] = 0x02;
    r.feed_bytes(&b);
    assert!(r.out().is_empty());
    assert!(r.events().is_empty());
    assert_eq!(r.cc.counters().discarded, 1);
    // The dummy call reference names no call: discarded.
    r.feed_bytes(&[0x09, 0x00, 0x75, 0x80, 0x00, 0x00]);
    assert!(r.out().is_empty());
    assert_eq!(r.cc.counters().discarded, 2);
}

#[test]
fn q2931_5_6_3_2_a_unknown_call_reference_release_complete_81() {
    let mut r = Raw::new(Side::User);
    let cr = CallReference::Value { flag: false, value: 1234 };
    r.feed(&Message::new(cr, M::Connect));
    let out = r.out();
    assert_eq!(types(&out), [M::ReleaseComplete]);
    assert_eq!(out[0].call_reference, cr.reply());
    assert_eq!(cause_of(&out[0]), Some(CauseValue::InvalidCallReferenceValue));
    assert_eq!(errors(&r.events()), [CauseValue::InvalidCallReferenceValue]);
    // RELEASE on an unknown call reference: RELEASE COMPLETE 81 too.
    let mut rel = Message::new(cr, M::Release);
    rel.ies.cause.push(Ie::new(cause(CauseValue::NormalCallClearing))).unwrap();
    r.feed(&rel);
    let out = r.out();
    assert_eq!(cause_of(&out[0]), Some(CauseValue::InvalidCallReferenceValue));
}

#[test]
fn q2931_5_6_3_2_b_release_complete_unknown_call_reference_ignored() {
    let mut r = Raw::new(Side::Network);
    r.feed(&Message::new(CallReference::Value { flag: true, value: 9 }, M::ReleaseComplete));
    assert!(r.out().is_empty());
    assert!(r.events().is_empty());
}

#[test]
fn q2931_5_6_3_2_c_setup_with_flag_set_ignored() {
    let mut r = Raw::new(Side::User);
    let mut m = r.peer_setup(3);
    m.call_reference = CallReference::Value { flag: true, value: 3 };
    r.feed(&m);
    assert!(r.out().is_empty());
    assert_eq!(r.cc.active_calls(), 0);
}

#[test]
fn q2931_5_6_3_2_d_setup_on_call_in_progress_ignored() {
    let mut r = Raw::new(Side::User);
    let h = r.incoming(3);
    let m = r.peer_setup(3);
    r.feed(&m);
    assert!(r.out().is_empty());
    assert!(r.events().is_empty());
    assert_eq!(r.cc.state(h), CallState::CallPresent);
    assert_eq!(r.cc.active_calls(), 1);
}

#[test]
fn q2931_5_6_3_2_e_global_call_reference_status_81() {
    let mut r = Raw::new(Side::User);
    r.feed(&Message::new(CallReference::global(false), M::Alerting));
    let status = expect_status(&mut r, CauseValue::InvalidCallReferenceValue);
    assert!(status.call_reference.is_global());
}

#[test]
fn q2931_5_6_3_2_f_status_enquiry_unknown_call_reference() {
    let mut r = Raw::new(Side::Network);
    let cr = CallReference::Value { flag: false, value: 77 };
    r.feed(&Message::new(cr, M::StatusEnquiry));
    let out = r.out();
    assert_eq!(types(&out), [M::Status]);
    assert_eq!(out[0].ies.call_state.unwrap().contents.state, CallStateValue::Null);
    assert_eq!(cause_of(&out[0]), Some(CauseValue::ResponseToStatusEnquiry));
}

#[test]
fn q2931_5_6_3_2_g_status_unknown_call_reference() {
    let mut r = Raw::new(Side::User);
    let cr = CallReference::Value { flag: false, value: 77 };
    let mut st = Message::new(cr, M::Status);
    st.ies.call_state = Some(Ie::new(CallStateIe { state: CallStateValue::Active }));
    st.ies.cause.push(Ie::new(cause(CauseValue::ResponseToStatusEnquiry))).unwrap();
    r.feed(&st);
    let out = r.out();
    assert_eq!(types(&out), [M::ReleaseComplete]);
    assert_eq!(cause_of(&out[0]), Some(CauseValue::MessageNotCompatibleWithCallState));
    // Null in the STATUS: nothing to clear.
    st.ies.call_state = Some(Ie::new(CallStateIe { state: CallStateValue::Null }));
    r.feed(&st);
    assert!(r.out().is_empty());
}

#[test]
fn q2931_5_6_4_unrecognized_message_type_status_97() {
    let mut r = Raw::new(Side::User);
    let h = r.active();
    let m = Message::new(r.peer_cr(h), M::Unknown(0x03));
    r.feed(&m);
    let status = expect_status(&mut r, CauseValue::MessageTypeNonExistent);
    assert_eq!(cause_diag(&status), Some(Diagnostic::MessageType(0x03)));
    assert_eq!(status.ies.call_state.unwrap().contents.state, CallStateValue::Active);
    assert_eq!(r.cc.state(h), CallState::Active);
    // A UNI 4.0 message on a UNI 3.1 link is unrecognized too.
    let mut cfg = user_config();
    cfg.version = signaling::codec::ie::UniVersion::Uni31;
    let mut r = Raw::with(cfg);
    let h = r.active();
    r.feed(&Message::new(r.peer_cr(h), M::Notify));
    assert_eq!(cause_of(&r.out()[0]), Some(CauseValue::MessageTypeNonExistent));
}

#[test]
fn q2931_5_6_4_message_not_compatible_with_state_status_101() {
    let mut r = Raw::new(Side::User);
    let h = r.outgoing_proceeding();
    r.feed(&Message::new(r.peer_cr(h), M::ConnectAcknowledge));
    let status = expect_status(&mut r, CauseValue::MessageNotCompatibleWithCallState);
    assert_eq!(cause_diag(&status), Some(Diagnostic::MessageType(0x0F)));
    assert_eq!(r.cc.state(h), CallState::OutgoingCallProceeding);
    // Network side: CALL PROCEEDING for a call the user placed.
    let mut n = Raw::new(Side::Network);
    let hn = n.incoming(8);
    n.feed(&Message::new(n.peer_cr(hn), M::CallProceeding));
    assert_eq!(cause_of(&n.out()[0]), Some(CauseValue::MessageNotCompatibleWithCallState));
    assert_eq!(n.cc.state(hn), CallState::CallInitiated);
}

#[test]
fn q2931_5_7_1_message_compatibility_instruction() {
    for (action, expect) in [
        (MessageAction::ClearCall, Some(M::Release)),
        (MessageAction::DiscardAndIgnore, None),
        (MessageAction::DiscardAndReportStatus, Some(M::Status)),
    ] {
        let mut r = Raw::new(Side::User);
        let h = r.active();
        let mut m = Message::new(r.peer_cr(h), M::Unknown(0x03));
        m.compatibility = MessageCompatibility { flag: true, action };
        r.feed(&m);
        let out = r.out();
        assert_eq!(out.first().map(|m| m.message_type), expect, "{action:?}");
        if let Some(m) = out.first() {
            assert_eq!(cause_of(m), Some(CauseValue::MessageTypeNonExistent));
        }
        let state = r.cc.state(h);
        match action {
            MessageAction::ClearCall => assert_eq!(state, CallState::ReleaseRequest),
            _ => assert_eq!(state, CallState::Active),
        }
        // Flag clear: regular handling whatever the action bits say.
        let mut m = Message::new(r.peer_cr(h), M::Unknown(0x03));
        m.compatibility = MessageCompatibility { flag: false, action };
        r.feed(&m);
        assert_eq!(types(&r.out()), [M::Status]);
    }
}

#[test]
fn q2931_5_6_5_message_length_error_status_104() {
    let mut r = Raw::new(Side::User);
    let h = r.active();
    let mut b = encode(&Message::new(r.peer_cr(h), M::Notify));
    b.push(0x00);
    r.feed_bytes(&b);
    expect_status(&mut r, CauseValue::IncorrectMessageLength);
    assert_eq!(r.cc.state(h), CallState::Active);
}

#[test]
fn q2931_5_6_7_1_mandatory_ie_missing_setup() {
    let mut r = Raw::new(Side::Network);
    let mut m = r.peer_setup(5);
    m.ies.called_party_number = None;
    r.feed(&m);
    let out = r.out();
    assert_eq!(types(&out), [M::ReleaseComplete]);
    assert_eq!(cause_of(&out[0]), Some(CauseValue::MandatoryInformationElementMissing));
    assert_eq!(ie_list(cause_diag(&out[0])), [0x70]);
    assert_eq!(r.cc.active_calls(), 0);
    assert_eq!(r.cc.free_connection_identifiers(), 1024);
    // User side: the network's SETUP must assign the VC.
    let mut u = Raw::new(Side::User);
    let mut m = u.peer_setup(5);
    m.ies.connection_identifier = None;
    u.feed(&m);
    let out = u.out();
    assert_eq!(cause_of(&out[0]), Some(CauseValue::MandatoryInformationElementMissing));
    assert_eq!(ie_list(cause_diag(&out[0])), [0x5A]);
    assert_eq!(u.cc.active_calls(), 0);
}

#[test]
fn q2931_5_6_7_1_mandatory_ie_missing_other_message_status_96() {
    let mut r = Raw::new(Side::User);
    let h = r.cc.setup(r.now, &setup_template()).unwrap();
    r.out();
    // CALL PROCEEDING network→user without its mandatory connection identifier.
    r.feed(&Message::new(r.peer_cr(h), M::CallProceeding));
    let status = expect_status(&mut r, CauseValue::MandatoryInformationElementMissing);
    assert_eq!(ie_list(cause_diag(&status)), [0x5A]);
    assert_eq!(r.cc.state(h), CallState::CallInitiated);
}

#[test]
fn q2931_5_6_7_1_release_without_cause() {
    let mut r = Raw::new(Side::User);
    let h = r.active();
    r.feed(&Message::new(r.peer_cr(h), M::Release));
    let out = r.out();
    // Treated as RELEASE cause 31; RELEASE COMPLETE reports the missing cause.
    assert_eq!(types(&out), [M::ReleaseComplete]);
    assert_eq!(cause_of(&out[0]), Some(CauseValue::MandatoryInformationElementMissing));
    assert_eq!(released(&r.events(), h), Some(CauseValue::NormalUnspecified));
    assert_eq!(r.cc.active_calls(), 0);
}

#[test]
fn q2931_5_6_7_2_mandatory_ie_invalid_contents_setup() {
    // atm-reference.md's SETUP: its bearer capability lacks octet 6.
    let mut r = Raw::new(Side::Network);
    r.feed_bytes(&REFERENCE_SETUP);
    let out = r.out();
    assert_eq!(types(&out), [M::ReleaseComplete]);
    assert_eq!(out[0].call_reference, CallReference::Value { flag: true, value: 1 });
    assert_eq!(cause_of(&out[0]), Some(CauseValue::InvalidInformationElementContents));
    assert_eq!(ie_list(cause_diag(&out[0])), [0x5E]);
    assert_eq!(r.cc.active_calls(), 0);
}

#[test]
fn q2931_5_6_8_1_unrecognized_ie_processed_and_reported_99() {
    let mut r = Raw::new(Side::User);
    let h = r.outgoing_proceeding();
    let mut m = Message::new(r.peer_cr(h), M::Alerting);
    m.ies.unrecognized.push(unknown_ie(IeInstruction::REGULAR)).unwrap();
    r.feed(&m);
    let status = expect_status(&mut r, CauseValue::InformationElementNonExistent);
    assert_eq!(ie_list(cause_diag(&status)), [0x33]);
    assert_eq!(r.cc.state(h), CallState::CallDelivered);
}

#[test]
fn q2931_5_6_8_2_non_mandatory_ie_content_error_processed_and_reported_100() {
    let mut r = Raw::new(Side::User);
    let h = r.outgoing_proceeding();
    // ALERTING with a two-octet connection identifier (five are required).
    let b = with_ie(&Message::new(r.peer_cr(h), M::Alerting), &[0x5a, 0x80, 0x00, 0x02, 0x88, 0]);
    r.feed_bytes(&b);
    let status = expect_status(&mut r, CauseValue::InvalidInformationElementContents);
    assert_eq!(ie_list(cause_diag(&status)), [0x5A]);
    assert_eq!(r.cc.state(h), CallState::CallDelivered);
}

#[test]
fn q2931_5_7_2_ie_action_indicators() {
    let cases = [
        (ActionIndicator::ClearCall, Some(M::Release), CallState::ReleaseRequest),
        (ActionIndicator::DiscardIe, None, CallState::CallDelivered),
        (ActionIndicator::DiscardIeReportStatus, Some(M::Status), CallState::CallDelivered),
        (ActionIndicator::DiscardMessage, None, CallState::OutgoingCallProceeding),
        (
            ActionIndicator::DiscardMessageReportStatus,
            Some(M::Status),
            CallState::OutgoingCallProceeding,
        ),
    ];
    for (action, reply, state) in cases {
        let mut r = Raw::new(Side::User);
        let h = r.outgoing_proceeding();
        let mut m = Message::new(r.peer_cr(h), M::Alerting);
        m.ies.unrecognized.push(unknown_ie(IeInstruction::explicit(action))).unwrap();
        r.feed(&m);
        let out = r.out();
        assert_eq!(out.first().map(|m| m.message_type), reply, "{action:?}");
        if let Some(m) = out.first() {
            assert_eq!(cause_of(m), Some(CauseValue::InformationElementNonExistent), "{action:?}");
        }
        assert_eq!(r.cc.state(h), state, "{action:?}");
    }
}

#[test]
fn q2931_5_6_11_status_enquiry_answered_with_state() {
    let mut r = Raw::new(Side::User);
    let h = r.incoming(4);
    r.cc.alerting(r.now, h).unwrap();
    r.out();
    r.feed(&Message::new(r.peer_cr(h), M::StatusEnquiry));
    let out = r.out();
    assert_eq!(types(&out), [M::Status]);
    assert_eq!(out[0].ies.call_state.unwrap().contents.state, CallStateValue::CallReceived);
    assert_eq!(cause_of(&out[0]), Some(CauseValue::ResponseToStatusEnquiry));
}

fn status(cr: CallReference, state: CallStateValue, c: CauseValue) -> Message {
    let mut st = Message::new(cr, M::Status);
    st.ies.call_state = Some(Ie::new(CallStateIe { state }));
    st.ies.cause.push(Ie::new(Cause::new(Location::User, c))).unwrap();
    st
}

#[test]
fn q2931_5_6_11_status_compatible_state_reported() {
    let mut r = Raw::new(Side::User);
    let h = r.active();
    r.feed(&status(
        r.peer_cr(h),
        CallStateValue::Active,
        CauseValue::InformationElementNonExistent,
    ));
    assert!(r.out().is_empty());
    let ev = r.events();
    assert!(ev.iter().any(|e| matches!(e, Event::Status { call: Some(c), cause, .. }
        if *c == h && cause.value == CauseValue::InformationElementNonExistent)));
    assert_eq!(r.cc.state(h), CallState::Active);
}

#[test]
fn q2931_5_6_11_status_incompatible_state_clears_101() {
    let mut r = Raw::new(Side::User);
    let h = r.active();
    r.feed(&status(r.peer_cr(h), CallStateValue::CallPresent, CauseValue::ResponseToStatusEnquiry));
    let out = r.out();
    assert_eq!(types(&out), [M::Release]);
    assert_eq!(cause_of(&out[0]), Some(CauseValue::MessageNotCompatibleWithCallState));
    assert_eq!(r.cc.state(h), CallState::ReleaseRequest);
    // Network side likewise: an unknown call state value is incompatible.
    let mut n = Raw::new(Side::Network);
    let hn = n.incoming(6);
    n.feed(&status(
        n.peer_cr(hn),
        CallStateValue::Unknown(0x20),
        CauseValue::ResponseToStatusEnquiry,
    ));
    assert_eq!(types(&n.out()), [M::Release]);
    assert_eq!(n.cc.state(hn), CallState::ReleaseIndication);
}

#[test]
fn q2931_5_6_11_status_null_releases_call_reference() {
    let mut r = Raw::new(Side::User);
    let h = r.active();
    r.feed(&status(r.peer_cr(h), CallStateValue::Null, CauseValue::TemporaryFailure));
    assert!(r.out().is_empty());
    assert_eq!(released(&r.events(), h), Some(CauseValue::TemporaryFailure));
    assert_eq!(r.cc.active_calls(), 0);
    assert_eq!(r.cc.pending_timers(), 0);
}

#[test]
fn q2931_5_6_11_status_in_release_request_ignored() {
    let mut r = Raw::new(Side::User);
    let h = r.active();
    r.cc.release(r.now, h, CauseValue::NormalCallClearing).unwrap();
    r.out();
    r.feed(&status(r.peer_cr(h), CallStateValue::Active, CauseValue::ResponseToStatusEnquiry));
    assert!(r.out().is_empty());
    assert_eq!(r.cc.state(h), CallState::ReleaseRequest);
}

#[test]
fn q2931_5_1_2_first_answer_with_another_vc_is_cleared() {
    let mut r = Raw::new(Side::User);
    let mut tpl = setup_template();
    tpl.ies.connection_identifier =
        Some(Ie::new(signaling::codec::ie::ConnectionIdentifier::exclusive(0, 40)));
    let h = r.cc.setup(r.now, &tpl).unwrap();
    r.out();
    let mut cp = Message::new(r.peer_cr(h), M::CallProceeding);
    cp.ies.connection_identifier =
        Some(Ie::new(signaling::codec::ie::ConnectionIdentifier::exclusive(0, 41)));
    r.feed(&cp);
    let out = r.out();
    assert_eq!(types(&out), [M::Release]);
    assert_eq!(cause_of(&out[0]), Some(CauseValue::VpciVciAssignmentFailure));
}

#[test]
fn q2931_5_6_unexpected_release_complete_clears_any_state() {
    for setup_state in 0..3 {
        let mut r = Raw::new(Side::User);
        let h = match setup_state {
            0 => r.incoming(2),
            1 => r.outgoing_proceeding(),
            _ => r.active(),
        };
        r.feed(&Message::new(r.peer_cr(h), M::ReleaseComplete));
        assert!(r.out().is_empty());
        assert!(released(&r.events(), h).is_some());
        assert_eq!(r.cc.active_calls(), 0);
    }
}

#[test]
fn q2931_5_6_error_responses_travel_over_sscop() {
    // Errors injected at one stack; the answers cross SSCOP and the peer acts on them.
    let mut s = Sim::new();
    let (cu, cn) = s.active_call();
    let now = s.now;
    // An unrecognized message type arrives at the network: STATUS 97 reaches the user,
    // whose state is compatible, so the call stays up.
    let cr = s.n().call_reference(cn).unwrap().reply();
    let bad = encode(&Message::new(cr, M::Unknown(0x03)));
    s.n().handle_message(now, &bad);
    s.settle();
    let (eu, _) = s.take();
    assert!(eu.iter().any(|e| matches!(e, Event::Status { call: Some(c), cause, .. }
        if *c == cu && cause.value == CauseValue::MessageTypeNonExistent)));
    assert_eq!(s.u().state(cu), CallState::Active);
    // A STATUS claiming an incompatible state arrives at the user: it clears with cause
    // 101 and the network completes the release.
    let cr = s.u().call_reference(cu).unwrap().reply();
    let mut st = Message::new(cr, M::Status);
    st.ies.call_state = Some(Ie::new(CallStateIe { state: CallStateValue::CallPresent }));
    st.ies.cause.push(Ie::new(cause(CauseValue::ResponseToStatusEnquiry))).unwrap();
    s.u().handle_message(now, &encode(&st));
    s.settle();
    let (eu, en) = s.take();
    assert_eq!(released(&eu, cu), Some(CauseValue::MessageNotCompatibleWithCallState));
    assert_eq!(released(&en, cn), Some(CauseValue::MessageNotCompatibleWithCallState));
    assert_eq!(s.u().active_calls() + s.n().active_calls(), 0);
}

//! UNI 3.1 versus UNI 4.0 call control: one test per row of the `signaling::call::versions`
//! table, each running the same exchange on both versions and checking each version's rule.
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/call_sim.rs"]
mod call_sim;

use call_sim::*;
use signaling::call::{CallState, Config, Error, Event, PartyState, RestartTarget, Side, Timer};
use signaling::codec::ie::{
    AbrSetupParameters, CallStateValue, CallingPartyNumber, CauseValue, CodingStandard,
    ConnectionIdentifier, Diagnostic, EndpointReference, EndpointReferenceType, IeContents, IeId,
    LeafSequenceNumber, LijCallIdentifier, LijIdentifierType, NotificationIndicator,
    PreferredExclusive, RestartClass, RestartIndicator, UniVersion,
};
use signaling::codec::{CallReference, Ie, Message, MessageType as M};

const BOTH: [UniVersion; 2] = [UniVersion::Uni31, UniVersion::Uni40];

fn raw(side: Side, version: UniVersion) -> Raw {
    Raw::with(Config { version, ..Config::new(side) })
}

fn is40(v: UniVersion) -> bool {
    v == UniVersion::Uni40
}

fn status_cause(out: &[Message]) -> Option<CauseValue> {
    out.iter().find(|m| m.message_type == M::Status).and_then(cause_of)
}

/// UNI 4.0 §5.7 (T301) / UNI 3.1 §5.7 (no T301).
#[test]
fn t301_only_on_uni40() {
    for v in BOTH {
        let mut r = raw(Side::User, v);
        let h = r.outgoing_proceeding();
        r.feed(&Message::new(r.peer_cr(h), M::Alerting));
        assert_eq!(r.cc.state(h), CallState::CallDelivered, "{v:?}");
        assert_eq!(r.cc.timer(h, Timer::T301).is_some(), is40(v), "{v:?}");
        r.events();
        r.advance(t(181));
        // Without T301 the call waits for CONNECT; with it, it is cleared with cause 102.
        let ev = r.events();
        if is40(v) {
            let releasing = ev.iter().find_map(|e| match e {
                Event::Releasing { call, cause } if *call == h => Some(cause.value),
                _ => None,
            });
            assert_eq!(releasing, Some(CauseValue::RecoveryOnTimerExpiry), "{ev:?}");
            assert_ne!(r.cc.state(h), CallState::CallDelivered, "{v:?}");
            assert!(types(&r.out()).contains(&M::Release), "{v:?}");
        } else {
            assert_eq!(r.cc.state(h), CallState::CallDelivered, "{v:?}");
            assert!(r.out().is_empty(), "{v:?}");
        }
    }
}

/// An active point-to-multipoint call of ours with a second party in P1.
fn p2mp_with_pending_party(
    r: &mut Raw,
) -> (signaling::call::CallHandle, signaling::call::PartyHandle) {
    let h = r.cc.setup(r.now, &p2mp_setup()).unwrap();
    r.out();
    let mut c = Message::new(r.peer_cr(h), M::Connect);
    c.ies.connection_identifier = Some(Ie::new(ConnectionIdentifier::exclusive(0, 99)));
    r.feed(&c);
    r.out();
    r.events();
    assert_eq!(r.cc.state(h), CallState::Active);
    let p = r.cc.add_party(r.now, h, &add_party_template()).unwrap();
    r.out();
    (h, p)
}

/// Q.2971 §5.2.4 / UNI 4.0 §5.6 (PARTY ALERTING, P4, P7) / UNI 3.1 §5.6.2 (none).
#[test]
fn party_alerting_only_on_uni40() {
    for v in BOTH {
        let mut r = raw(Side::User, v);
        let (h, p) = p2mp_with_pending_party(&mut r);
        let mut m = Message::new(r.peer_cr(h), M::PartyAlerting);
        m.ies.endpoint_reference = Some(Ie::new(EndpointReference {
            reference_type: EndpointReferenceType::LocallyDefinedInteger,
            flag: true,
            value: r.cc.endpoint_reference(p).unwrap(),
        }));
        r.feed(&m);
        let out = r.out();
        if is40(v) {
            assert_eq!(r.cc.party_state(p), PartyState::PartyAlertingDelivered);
            assert!(out.is_empty());
        } else {
            assert_eq!(r.cc.party_state(p), PartyState::AddPartyInitiated);
            assert_eq!(status_cause(&out), Some(CauseValue::MessageTypeNonExistent));
        }
    }
    // Sending PARTY ALERTING: the network side's request.
    for v in BOTH {
        let mut r = raw(Side::Network, v);
        let h = r.cc.setup(r.now, &p2mp_setup()).unwrap();
        r.out();
        r.feed(&Message::new(r.peer_cr(h), M::Connect));
        r.out();
        assert_eq!(r.cc.state(h), CallState::Active, "{v:?}");
        let mut add = add_party_template();
        add.call_reference = r.peer_cr(h);
        add.ies.endpoint_reference = Some(Ie::new(EndpointReference {
            reference_type: EndpointReferenceType::LocallyDefinedInteger,
            flag: false,
            value: 5,
        }));
        r.feed(&add);
        let p = r
            .events()
            .iter()
            .find_map(|e| match e {
                Event::AddParty { party, .. } => Some(*party),
                _ => None,
            })
            .unwrap();
        let res = r.cc.party_alerting(r.now, p);
        assert_eq!(res.is_ok(), is40(v), "{v:?}: {res:?}");
        let want =
            if is40(v) { PartyState::PartyAlertingReceived } else { PartyState::AddPartyReceived };
        assert_eq!(r.cc.party_state(p), want, "{v:?}");
    }
}

/// UNI 4.0 NOTIFY / Notification indicator; UNI 3.1 §5.3 has neither.
#[test]
fn notify_only_on_uni40() {
    for v in BOTH {
        let mut r = raw(Side::User, v);
        let h = r.active();
        let mut m = Message::new(r.peer_cr(h), M::Notify);
        m.ies.notification_indicator = Some(Ie::new(
            NotificationIndicator::parse(&[1, 2, 3], CodingStandard::ItuT, UniVersion::Uni40)
                .unwrap(),
        ));
        r.feed(&m);
        let out = r.out();
        if is40(v) {
            assert!(out.is_empty(), "{v:?}: {out:?}");
        } else {
            assert_eq!(status_cause(&out), Some(CauseValue::MessageTypeNonExistent), "{v:?}");
        }
        assert_eq!(r.cc.state(h), CallState::Active);
    }
}

/// Q.2963.1 (UNI 4.0 §9); UNI 3.1 has no modification.
#[test]
fn modification_only_on_uni40() {
    for v in BOTH {
        let mut r = raw(Side::User, v);
        let h = r.active();
        let traffic = setup_template().ies.atm_traffic_descriptor.unwrap();
        assert_eq!(r.cc.modify(r.now, h, traffic.contents).is_ok(), is40(v), "{v:?}");
        r.out();
        let mut r = raw(Side::User, v);
        let h = r.active();
        let mut m = Message::new(r.peer_cr(h), M::ModifyRequest);
        m.ies.atm_traffic_descriptor = Some(traffic);
        r.feed(&m);
        let asked = r.events().iter().any(|e| matches!(e, Event::ModifyRequest { .. }));
        assert_eq!(asked, is40(v), "{v:?}");
        let out = r.out();
        if !is40(v) {
            assert_eq!(status_cause(&out), Some(CauseValue::MessageTypeNonExistent));
        }
    }
}

/// UNI 4.0 §6 leaf-initiated join; not in UNI 3.1.
#[test]
fn leaf_initiated_join_only_on_uni40() {
    for v in BOTH {
        let mut req =
            Message::new(CallReference::Value { flag: false, value: 9 }, M::LeafSetupRequest);
        let called = setup_template().ies.called_party_number.unwrap();
        req.ies.called_party_number = Some(called);
        req.ies.calling_party_number =
            Some(Ie::new(CallingPartyNumber { number: called.contents.0, presentation: None }));
        req.ies.lij_call_identifier =
            Some(Ie::new(LijCallIdentifier { id_type: LijIdentifierType::RootAssigned, value: 1 }));
        req.ies.leaf_sequence_number = Some(Ie::new(LeafSequenceNumber { value: 1 }));
        let mut leaf = raw(Side::User, v);
        let res = leaf.cc.leaf_setup_request(leaf.now, &req);
        assert_eq!(res.is_ok(), is40(v), "{v:?}: {res:?}");
        if !is40(v) {
            assert_eq!(res, Err(Error::InvalidParameters));
        }
        let mut net = raw(Side::Network, v);
        net.feed(&req);
        let ev = net.events();
        let reported = ev.iter().any(|e| matches!(e, Event::LeafSetupRequest { .. }));
        assert_eq!(reported, is40(v), "{v:?}");
        let out = net.out();
        if is40(v) {
            assert!(out.is_empty());
        } else {
            // An unrecognized message on a call reference naming no call (Q.2931 §5.6.4).
            assert_eq!(types(&out), [M::ReleaseComplete]);
            assert!(ev.iter().any(|e| matches!(
                e,
                Event::ProtocolError { cause: CauseValue::MessageTypeNonExistent, .. }
            )));
        }
    }
}

/// UNI 4.0 ABR IEs; in UNI 3.1 they are unrecognized IEs (Q.2931 §5.6.8.1).
#[test]
fn abr_ies_only_on_uni40() {
    let abr = AbrSetupParameters::parse(
        &[
            0xc2, 0x00, 0x10, 0x00, 0xc3, 0x00, 0x08, 0x00, 0xc4, 0x00, 0x01, 0x00, 0xc6, 0x00,
            0x27, 0x10, 0xc8, 0x0b, 0xcb, 0x04,
        ],
        CodingStandard::ItuT,
        UniVersion::Uni40,
    )
    .unwrap();
    for v in BOTH {
        let mut r = raw(Side::Network, v);
        let mut m = r.peer_setup(3);
        m.ies.abr_setup_parameters = Some(Ie::new(abr));
        r.feed(&m);
        let ev = r.events();
        let setup = ev.iter().find_map(|e| match e {
            Event::IncomingSetup { setup, .. } => Some(setup.clone()),
            _ => None,
        });
        let setup = setup.unwrap_or_else(|| panic!("{v:?}: the call proceeds: {ev:?}"));
        let out = r.out();
        if is40(v) {
            assert_eq!(setup.ies.abr_setup_parameters.map(|i| i.contents), Some(abr));
            assert!(out.is_empty(), "{out:?}");
        } else {
            // Unrecognized, no explicit instruction: discarded, reported by STATUS cause 99
            // naming the IE.
            assert_eq!(setup.ies.abr_setup_parameters, None);
            assert_eq!(status_cause(&out), Some(CauseValue::InformationElementNonExistent));
            let st = out.iter().find(|m| m.message_type == M::Status).unwrap();
            let ids = match cause_diag(st) {
                Some(Diagnostic::InformationElements(b)) => b.as_slice().to_vec(),
                d => panic!("diagnostic {d:?}"),
            };
            assert_eq!(ids, [u8::from(IeId::AbrSetupParameters)]);
        }
    }
}

/// UNI 3.1 §5.4.5.16 (exclusive VPCI and VCI only) / UNI 4.0 (any VCI, no VCI).
#[test]
fn any_vci_only_on_uni40() {
    let mut any = ConnectionIdentifier::exclusive(0, 0);
    any.preferred_exclusive = PreferredExclusive::ExclusiveVpciAnyVci;
    for v in BOTH {
        let mut r = raw(Side::Network, v);
        let mut m = r.peer_setup(4);
        m.ies.connection_identifier = Some(Ie::new(any));
        r.feed(&m);
        let ev = r.events();
        let out = r.out();
        if is40(v) {
            assert!(Sim::incoming(&ev).is_some(), "{ev:?}");
            assert!(out.is_empty());
        } else {
            assert!(Sim::incoming(&ev).is_none());
            assert_eq!(types(&out), [M::ReleaseComplete]);
            assert_eq!(cause_of(&out[0]), Some(CauseValue::InvalidInformationElementContents));
        }
        // The user side may not ask for it on UNI 3.1 either.
        let mut u = raw(Side::User, v);
        let mut tpl = setup_template();
        tpl.ies.connection_identifier = Some(Ie::new(any));
        assert_eq!(u.cc.setup(u.now, &tpl).is_ok(), is40(v), "{v:?}");
        u.out();
    }
}

/// UNI 3.1 §5.3.1.7: QoS parameter mandatory in SETUP; optional in UNI 4.0.
#[test]
fn qos_parameter_mandatory_only_on_uni31() {
    for v in BOTH {
        let mut r = raw(Side::Network, v);
        let mut m = r.peer_setup(5);
        m.ies.qos_parameter = None;
        r.feed(&m);
        let ev = r.events();
        let out = r.out();
        if is40(v) {
            assert!(Sim::incoming(&ev).is_some());
        } else {
            assert_eq!(types(&out), [M::ReleaseComplete]);
            assert_eq!(cause_of(&out[0]), Some(CauseValue::MandatoryInformationElementMissing));
        }
    }
}

/// UNI 3.1 §5.4.8.2 (restart classes 0 and 2) / UNI 4.0 (class 1, a VPC).
#[test]
fn vpc_restart_only_on_uni40() {
    for v in BOTH {
        let mut r = raw(Side::User, v);
        let mut m = Message::new(CallReference::Value { flag: false, value: 0 }, M::Restart);
        m.ies.restart_indicator =
            Some(Ie::new(RestartIndicator { class: RestartClass::AllVirtualChannelsInVpc }));
        m.ies.connection_identifier = Some(Ie::new(ConnectionIdentifier::exclusive(0, 0)));
        r.feed(&m);
        let out = r.out();
        let ev = r.events();
        if is40(v) {
            assert_eq!(types(&out), [M::RestartAcknowledge]);
            assert!(ev.contains(&Event::Restart { target: RestartTarget::Vpc(0) }));
        } else {
            assert_eq!(types(&out), [M::Status]);
            assert_eq!(cause_of(&out[0]), Some(CauseValue::InvalidInformationElementContents));
        }
        let res = r.cc.restart(r.now, RestartTarget::Vpc(0));
        assert_eq!(res.is_ok(), is40(v), "{v:?}: {res:?}");
    }
}

/// Q.2931 §5.6.4 / UNI 3.1 §5.5.6.4: an unrecognized message type gets STATUS cause 97 on
/// both.
#[test]
fn unrecognized_message_handling_is_the_same() {
    for v in BOTH {
        let mut r = raw(Side::User, v);
        let h = r.active();
        let cr = r.peer_cr(h);
        let CallReference::Value { flag, value } = cr else { unreachable!() };
        let b = value.to_be_bytes();
        let bytes = [0x09, 0x03, (u8::from(flag) << 7) | b[1], b[2], b[3], 0x7A, 0x80, 0x00, 0x00];
        r.feed_bytes(&bytes);
        let out = r.out();
        assert_eq!(status_cause(&out), Some(CauseValue::MessageTypeNonExistent), "{v:?}");
        assert_eq!(r.cc.state(h), CallState::Active);
    }
}

/// Q.2931 §5.6.11 / UNI 3.1 §5.5.6.11: STATUS ENQUIRY → STATUS with the call state, cause 30.
#[test]
fn status_enquiry_is_the_same() {
    for v in BOTH {
        let mut r = raw(Side::User, v);
        let h = r.active();
        r.feed(&Message::new(r.peer_cr(h), M::StatusEnquiry));
        let out = r.out();
        assert_eq!(types(&out), [M::Status], "{v:?}");
        assert_eq!(cause_of(&out[0]), Some(CauseValue::ResponseToStatusEnquiry));
        assert_eq!(out[0].ies.call_state.unwrap().contents.state, CallStateValue::Active);
    }
}

/// Q.2931 §4.5.15 / UNI 3.1 §5.4.5.15: cause 102 carries the timer number as IA5 digits.
#[test]
fn cause_102_diagnostic_is_the_same() {
    for v in BOTH {
        let mut r = raw(Side::User, v);
        let h = r.cc.setup(r.now, &setup_template()).unwrap();
        r.out();
        r.advance(t(8));
        let out = r.out();
        assert_eq!(types(&out), [M::Setup, M::ReleaseComplete], "{v:?}");
        assert_eq!(cause_of(&out[1]), Some(CauseValue::RecoveryOnTimerExpiry));
        assert_eq!(cause_diag(&out[1]), Some(Diagnostic::Timer(*b"303")));
        assert_eq!(released(&r.events(), h), Some(CauseValue::RecoveryOnTimerExpiry));
    }
}

//! Wireshark cross-check of call control on the wire: a user and a network `UniStack` run
//! representative procedures over SSCOP — a point-to-point call set up, connected and
//! released; a SETUP rejected with a cause; STATUS ENQUIRY / STATUS; RESTART / RESTART
//! ACKNOWLEDGE; a point-to-multipoint call with ADD PARTY / ADD PARTY ACKNOWLEDGE / DROP
//! PARTY / DROP PARTY ACKNOWLEDGE; LEAF SETUP REQUEST answered by LEAF SETUP FAILURE — and
//! every SSCOP PDU, both ways, goes into a SunATM pcap (VPI 0 / VCI 5, signalling; DTE→DCE
//! for the user's). tshark must decode each Q.2931 message with the message type and call
//! reference we sent, IE framing as we encoded it, cause values where it decodes them, and
//! raise no expert info beyond the known tshark 4.0 quirks.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]

mod common;

use common::pdml::{num, parse_pdml, KNOWN_QUIRKS};

use hal::capture::{Direction as CapDirection, SunAtmPcap, SunAtmTraffic};
use hal::time::{Duration, Instant};
use signaling::call::{
    CallControl, CallHandle, CallState, Config, Event, RestartTarget, Side, UniStack,
};
use signaling::codec::ie::{
    CallingPartyNumber, CauseValue, IePacket, LeafSequenceNumber, LijCallIdentifier,
    LijIdentifierType, UniVersion,
};
use signaling::codec::{CallReference, Context, Direction, Ie, Message, MessageType as M};
use signaling::saal::sscop::pdu::{Limits, Repr};
use signaling::saal::sscop::Config as SscopConfig;

/// A complete UNI 4.0 SETUP (atm-reference.md's, with the bearer capability's octet 6).
fn setup_template() -> Message {
    let mut v: Vec<u8> = vec![
        0x09, 0x03, 0x00, 0x00, 0x01, 0x05, 0x80, 0x00, 0x40, 0x58, 0x80, 0x00, 0x09, 0x05, 0x8c,
        0x23, 0xe4, 0x81, 0x23, 0xe4, 0x84, 0x00, 0x59, 0x80, 0x00, 0x09, 0x84, 0x05, 0x63, 0xb7,
        0x85, 0x05, 0x63, 0xb7, 0xbe, 0x5e, 0x80, 0x00, 0x03, 0x10, 0x80, 0x80,
    ];
    v.extend_from_slice(&[
        0x70, 0x80, 0x00, 0x15, 0x82, 0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2,
        0x15, 0x10, 0x00, 0x00, 0x20, 0x48, 0x1a, 0x00, 0x00, 0x01, 0x5c, 0x80, 0x00, 0x02, 0x00,
        0x00,
    ]);
    let cx = Context { version: UniVersion::Uni40, direction: Direction::UserToNetwork };
    Message::decode(&v, cx).unwrap().message
}

/// Two stacks on a wire that records every PDU.
struct Wire {
    user: UniStack,
    net: UniStack,
    now: Instant,
    pcap: SunAtmPcap,
    /// (sent by the user, SSCOP PDU).
    pdus: Vec<(bool, Vec<u8>)>,
    ev_u: Vec<Event>,
    ev_n: Vec<Event>,
}

impl Wire {
    fn new() -> Self {
        let cfg = |side| Config::new(side);
        let mut w = Wire {
            user: UniStack::new(SscopConfig::default(), cfg(Side::User)).unwrap(),
            net: UniStack::new(SscopConfig::default(), cfg(Side::Network)).unwrap(),
            now: Instant::ZERO,
            pcap: SunAtmPcap::new(1 << 20),
            pdus: vec![],
            ev_u: vec![],
            ev_n: vec![],
        };
        w.user.start(w.now);
        w.settle();
        assert!(w.user.calls().is_link_up() && w.net.calls().is_link_up());
        w
    }

    fn record(&mut self, from_user: bool, pdu: &[u8]) {
        self.now += Duration::from_millis(1);
        let dir = if from_user { CapDirection::DteToDce } else { CapDirection::DceToDte };
        self.pcap.record(self.now, dir, SunAtmTraffic::Signaling, 0, 5, pdu);
        self.pdus.push((from_user, pdu.to_vec()));
    }

    /// Moves PDUs both ways until quiet.
    fn settle(&mut self) {
        for _ in 0..1000 {
            let mut moved = false;
            while let Some(p) = self.user.poll_transmit(self.now) {
                moved = true;
                self.record(true, &p);
                self.net.handle_pdu(self.now, &p);
            }
            while let Some(p) = self.net.poll_transmit(self.now) {
                moved = true;
                self.record(false, &p);
                self.user.handle_pdu(self.now, &p);
            }
            self.ev_u.extend(std::iter::from_fn(|| self.user.poll_event()));
            self.ev_n.extend(std::iter::from_fn(|| self.net.poll_event()));
            if !moved {
                return;
            }
        }
        panic!("no quiescence");
    }

    fn u(&mut self) -> &mut CallControl {
        self.user.call_control()
    }

    fn n(&mut self) -> &mut CallControl {
        self.net.call_control()
    }

    fn incoming_n(&mut self) -> CallHandle {
        let h = self.ev_n.iter().rev().find_map(|e| match e {
            Event::IncomingSetup { call, .. } => Some(*call),
            _ => None,
        });
        self.ev_n.clear();
        h.unwrap()
    }

    /// The Q.2931 messages carried in SD PDUs: (sent by the user, PDU index, encoded
    /// message, decoded message).
    fn messages(&self) -> Vec<(bool, usize, Vec<u8>, Message)> {
        let mut out = vec![];
        for (i, (from_user, pdu)) in self.pdus.iter().enumerate() {
            if let Ok(Repr::Sd { info, .. }) = Repr::parse_bytes(pdu, &Limits::SSCF_UNI) {
                let direction =
                    if *from_user { Direction::UserToNetwork } else { Direction::NetworkToUser };
                let cx = Context { version: UniVersion::Uni40, direction };
                let m = Message::decode(info, cx).unwrap().message;
                out.push((*from_user, i, info.to_vec(), m));
            }
        }
        out
    }
}

/// Runs the procedures; returns the wire.
fn scenario() -> Wire {
    let mut w = Wire::new();
    let now = w.now;
    // Q.2931 §5.1: SETUP, CALL PROCEEDING, ALERTING, CONNECT, CONNECT ACKNOWLEDGE; §5.4:
    // RELEASE, RELEASE COMPLETE.
    let cu = w.u().setup(now, &setup_template()).unwrap();
    w.settle();
    let cn = w.incoming_n();
    w.n().proceeding(now, cn).unwrap();
    w.n().alerting(now, cn).unwrap();
    w.n().connect(now, cn).unwrap();
    w.settle();
    assert_eq!(w.u().state(cu), CallState::Active);
    // §5.6.11: STATUS ENQUIRY / STATUS on the active call.
    w.u().status_enquiry(now, cu).unwrap();
    w.settle();
    w.u().release(now, cu, CauseValue::NormalCallClearing).unwrap();
    w.settle();
    assert_eq!(w.u().state(cu), CallState::Null);
    // §5.2.3.2: a SETUP rejected with a cause (RELEASE COMPLETE, user busy).
    let cu = w.u().setup(now, &setup_template()).unwrap();
    w.settle();
    let cn = w.incoming_n();
    w.n().reject(now, cn, CauseValue::UserBusy).unwrap();
    w.settle();
    assert_eq!(w.u().state(cu), CallState::Null);
    // §5.5: RESTART / RESTART ACKNOWLEDGE on the global call reference.
    w.n().restart(now, RestartTarget::All).unwrap();
    w.settle();
    // Q.2971: a point-to-multipoint call, ADD PARTY / ACK, DROP PARTY / ACK.
    let mut p2mp = setup_template();
    let mut bbc = p2mp.ies.broadband_bearer_capability.unwrap();
    bbc.contents.user_plane =
        signaling::codec::ie::bearer::UserPlaneConfiguration::PointToMultipoint;
    p2mp.ies.broadband_bearer_capability = Some(bbc);
    p2mp.ies.endpoint_reference = Some(Ie::new(signaling::codec::ie::EndpointReference {
        reference_type: signaling::codec::ie::EndpointReferenceType::LocallyDefinedInteger,
        flag: false,
        value: 0,
    }));
    let cu = w.u().setup(now, &p2mp).unwrap();
    w.settle();
    let cn = w.incoming_n();
    w.n().connect(now, cn).unwrap();
    w.settle();
    let mut add = Message::new(CallReference::Dummy, M::AddParty);
    add.ies.called_party_number = setup_template().ies.called_party_number;
    let pu = w.u().add_party(now, cu, &add).unwrap();
    w.settle();
    let pn = w
        .ev_n
        .iter()
        .find_map(|e| match e {
            Event::AddParty { party, .. } => Some(*party),
            _ => None,
        })
        .unwrap();
    w.n().add_party_ack(now, pn).unwrap();
    w.settle();
    w.u().drop_party(now, pu, CauseValue::NormalCallClearing).unwrap();
    w.settle();
    // UNI 4.0 §6: LEAF SETUP REQUEST answered by LEAF SETUP FAILURE.
    let mut req = Message::new(CallReference::Dummy, M::LeafSetupRequest);
    let called = setup_template().ies.called_party_number.unwrap();
    req.ies.called_party_number = Some(called);
    req.ies.calling_party_number =
        Some(Ie::new(CallingPartyNumber { number: called.contents.0, presentation: None }));
    req.ies.lij_call_identifier = Some(Ie::new(LijCallIdentifier {
        id_type: LijIdentifierType::RootAssigned,
        value: 0x4242,
    }));
    req.ies.leaf_sequence_number = Some(Ie::new(LeafSequenceNumber { value: 0x0102_0304 }));
    w.ev_n.clear();
    w.u().leaf_setup_request(now, &req).unwrap();
    w.settle();
    let rn = w
        .ev_n
        .iter()
        .find_map(|e| match e {
            Event::LeafSetupRequest { request, .. } => Some(*request),
            _ => None,
        })
        .unwrap();
    let c = signaling::codec::ie::Cause::new(
        signaling::codec::ie::Location::PrivateNetworkLocalUser,
        CauseValue::NoRouteToDestination,
    );
    w.n().leaf_setup_failure(now, rn, c).unwrap();
    w.settle();
    w
}

#[test]
fn tshark_decodes_call_control_procedures_as_sent() {
    let w = scenario();
    let msgs = w.messages();
    let types: Vec<M> = msgs.iter().map(|m| m.3.message_type).collect();
    for mt in [
        M::Setup,
        M::CallProceeding,
        M::Alerting,
        M::Connect,
        M::ConnectAcknowledge,
        M::Release,
        M::ReleaseComplete,
        M::StatusEnquiry,
        M::Status,
        M::Restart,
        M::RestartAcknowledge,
        M::AddParty,
        M::AddPartyAcknowledge,
        M::DropParty,
        M::DropPartyAcknowledge,
        M::LeafSetupRequest,
        M::LeafSetupFailure,
    ] {
        assert!(types.contains(&mt), "{mt:?} not exercised: {types:?}");
    }
    if !common::tshark::available() {
        return;
    }
    let path = common::tshark::write_capture("call_control_procedures", w.pcap.as_bytes());
    let packets =
        parse_pdml(&common::tshark::pdml(&path), |n| n.starts_with("q2931.") || n == "atm.channel");
    assert_eq!(packets.len(), w.pdus.len(), "one packet per SSCOP PDU");
    for p in &packets {
        assert!(!p.malformed, "malformed packet: {}", p.text);
    }
    for (from_user, i, bytes, m) in &msgs {
        let p = &packets[*i];
        let what = format!("packet {} ({:?})", i + 1, m.message_type);
        for x in &p.experts {
            assert!(KNOWN_QUIRKS.contains(&x.as_str()), "{what}: unexpected expert info {x:?}");
        }
        let get = |name: &str| -> Vec<&str> {
            p.fields.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
        };
        assert_eq!(get("q2931.disc"), ["0x09"], "{what}");
        assert_eq!(
            num(get("q2931.message_type")[0]),
            Some(u64::from(u8::from(m.message_type))),
            "{what}"
        );
        assert_eq!(num(get("q2931.message_len")[0]), Some((bytes.len() - 9) as u64), "{what}");
        let CallReference::Value { flag, value } = m.call_reference else {
            panic!("{what}: call control never sends the dummy call reference")
        };
        assert_eq!(get("q2931.call_ref_flag"), [if flag { "1" } else { "0" }], "{what}");
        assert_eq!(get("q2931.call_ref")[0].replace(':', ""), format!("{value:06x}"), "{what}");
        // IE framing: identifiers and lengths, in order.
        let mut ours = vec![];
        let mut rest = &bytes[9..];
        while !rest.is_empty() {
            let ie = IePacket::new_checked(rest).unwrap();
            ours.push((u64::from(rest[0]), u64::from(ie.length())));
            rest = &rest[ie.total_len()..];
        }
        let ids: Vec<u64> =
            get("q2931.information_element").iter().filter_map(|v| num(v)).collect();
        let lens: Vec<u64> =
            get("q2931.information_element.length").iter().filter_map(|v| num(v)).collect();
        let theirs: Vec<(u64, u64)> = ids.into_iter().zip(lens).collect();
        assert_eq!(theirs, ours, "{what}: IE framing");
        // Cause values (ITU-T coded; tshark decodes every message type used here).
        let causes: Vec<u64> = get("q2931.cause.value").iter().filter_map(|v| num(v)).collect();
        let want: Vec<u64> =
            m.ies.cause.iter().map(|c| u64::from(u8::from(c.contents.value))).collect();
        assert_eq!(causes, want, "{what}: cause values");
        if let Some(cs) = m.ies.call_state {
            assert_eq!(
                get("q2931.call_state").first().and_then(|v| num(v)),
                Some(u64::from(u8::from(cs.contents.state))),
                "{what}: call state"
            );
        }
        if let Some(er) = m.ies.endpoint_reference {
            assert_eq!(
                get("q2931.endpoint_reference.identifier_value").first().and_then(|v| num(v)),
                Some(u64::from(er.contents.value)),
                "{what}: endpoint reference"
            );
        }
        // Direction: the user's PDUs are DTE→DCE (channel 0), the network's DCE→DTE (1).
        assert_eq!(get("atm.channel"), [if *from_user { "0" } else { "1" }], "{what}: direction");
    }
    let expert = common::tshark::expert_info(&path);
    assert!(!expert.to_lowercase().contains("malformed"), "{expert}");
}

//! Cross-check of the IE encoders against an independent decoder: IEs emitted by this crate
//! are wrapped by hand in a Q.2931 message and an SSCOP SD PDU, written to a SunATM capture
//! and decoded by tshark; the decoded field values must be the ones we encoded.
//!
//! Only IEs and diagnostics tshark 4.0 decodes correctly are used (atm-reference.md: it does
//! not know the UNI 4.0 IEs from 0x80 up; its sending-complete and IE-list diagnostic loops
//! read one octet past the IE, so those are left out).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod common;

use common::tshark;
use hal::capture::{Direction, SunAtmPcap, SunAtmTraffic};
use hal::time::Instant;
use signaling::codec::ie::*;

/// Appends one IE (ITU-T coding, no explicit instruction) with contents from `ie`.
fn push_ie<T: IeContents>(msg: &mut Vec<u8>, id: u8, ie: &T) {
    let mut contents = vec![0u8; ie.buffer_len()];
    assert_eq!(ie.emit(&mut contents), Ok(contents.len()));
    msg.push(id);
    msg.push(0x80);
    msg.extend_from_slice(&u16::try_from(contents.len()).unwrap().to_be_bytes());
    msg.extend_from_slice(&contents);
}

/// A Q.2931 message (call reference 1) around `ies`, in an SSCOP SD PDU with N(S) = `ns`.
fn sd_pdu(message_type: u8, ies: &[u8], ns: u32) -> Vec<u8> {
    let mut pdu = vec![0x09, 0x03, 0x00, 0x00, 0x01, message_type, 0x80];
    pdu.extend_from_slice(&u16::try_from(ies.len()).unwrap().to_be_bytes());
    pdu.extend_from_slice(ies);
    let pad = (4 - pdu.len() % 4) % 4;
    pdu.extend(core::iter::repeat_n(0u8, pad));
    // Trailer: PL (bits 8-7) | reserved | PDU type SD (1000); N(S) in 3 octets.
    pdu.push((u8::try_from(pad).unwrap() << 6) | 0x08);
    pdu.extend_from_slice(&ns.to_be_bytes()[1..]);
    pdu
}

/// The `show` values of every PDML field named `name`, in order.
fn shows(pdml: &str, name: &str) -> Vec<String> {
    let needle = format!("name=\"{name}\"");
    pdml.lines()
        .filter(|l| l.contains(&needle))
        .filter_map(|l| {
            let start = l.find(" show=\"")? + 7;
            let end = l[start..].find('"')? + start;
            Some(l[start..end].to_string())
        })
        .collect()
}

/// Numeric value of a `show` attribute (decimal or 0x-prefixed hex).
fn num(show: &str) -> u64 {
    match show.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).unwrap(),
        None => show.parse().unwrap(),
    }
}

fn nums(pdml: &str, name: &str) -> Vec<u64> {
    shows(pdml, name).iter().map(|s| num(s)).collect()
}

#[test]
fn tshark_decodes_our_ies() {
    if !tshark::available() {
        return;
    }
    // SETUP-like message with the party IEs and connection identifier.
    let mut setup = Vec::new();
    let called = CalledPartyNumber(PartyNumber::from_atm_address(
        "47.0005.80ffe1000000f21510000020481a0000.01".parse().unwrap(),
    ));
    push_ie(&mut setup, 0x70, &called);
    push_ie(
        &mut setup,
        0x71,
        &CalledPartySubaddress(Subaddress::UserSpecified {
            odd: true,
            information: Bytes::from_slice(&[0x12, 0x30]).unwrap(),
        }),
    );
    push_ie(
        &mut setup,
        0x6C,
        &CallingPartyNumber {
            number: PartyNumber::from_atm_address("4930123".parse().unwrap()),
            presentation: Some(PresentationScreening {
                presentation: PresentationIndicator::Restricted,
                screening: ScreeningIndicator::NetworkProvided,
            }),
        },
    );
    push_ie(&mut setup, 0x5A, &ConnectionIdentifier::exclusive(7, 4711));
    push_ie(&mut setup, 0x78, &TransitNetworkSelection::carrier(b"0288").unwrap());
    push_ie(
        &mut setup,
        0x63,
        &BroadbandRepeatIndicator { indication: RepeatIndication::PrioritizedListDescending },
    );
    push_ie(
        &mut setup,
        0x54,
        &EndpointReference {
            reference_type: EndpointReferenceType::LocallyDefinedInteger,
            flag: true,
            value: 0x1234,
        },
    );
    push_ie(&mut setup, 0x55, &EndpointState { party_state: PartyState::DropPartyReceived });

    // STATUS-like message with causes and call state.
    let mut status = Vec::new();
    let causes = [
        Cause {
            location: Location::PrivateNetworkLocalUser,
            value: CauseValue::IdentifiedChannelDoesNotExist,
            diagnostic: Some(Diagnostic::VpciVci { vpci: 3, vci: 99 }),
        },
        Cause {
            location: Location::TransitNetwork,
            value: CauseValue::CallRejected,
            diagnostic: Some(Diagnostic::Rejection(Rejection::IeMissing {
                condition: Condition::Transient,
                ie: Some(0x70),
            })),
        },
        Cause {
            location: Location::User,
            value: CauseValue::MessageNotCompatibleWithCallState,
            diagnostic: Some(Diagnostic::MessageType(0x4D)),
        },
        Cause {
            location: Location::PublicNetworkRemoteUser,
            value: CauseValue::RecoveryOnTimerExpiry,
            diagnostic: Some(Diagnostic::Timer(*b"308")),
        },
    ];
    for c in &causes {
        push_ie(&mut status, 0x08, c);
    }
    push_ie(&mut status, 0x14, &CallState { state: CallStateValue::ReleaseIndication });
    push_ie(&mut status, 0x79, &RestartIndicator { class: RestartClass::AllVirtualChannels });

    let mut pcap = SunAtmPcap::new(1 << 16);
    let at = Instant::from_nanos(0);
    pcap.record(at, Direction::DteToDce, SunAtmTraffic::Signaling, 0, 5, &sd_pdu(0x05, &setup, 0));
    pcap.record(at, Direction::DceToDte, SunAtmTraffic::Signaling, 0, 5, &sd_pdu(0x7D, &status, 1));
    let path = tshark::write_capture("ie_tshark", pcap.as_bytes());
    let pdml = tshark::pdml(&path);

    assert_eq!(nums(&pdml, "q2931.number.type"), [0, 1]);
    assert_eq!(nums(&pdml, "q2931.number.plan"), [2, 1]);
    assert_eq!(shows(&pdml, "q2931.number.string"), ["4930123"]);
    assert_eq!(nums(&pdml, "q2931.number.presentation_indicator"), [1]);
    assert_eq!(nums(&pdml, "q2931.number.screening_indicator"), [3]);
    assert_eq!(nums(&pdml, "q2931.party_subaddr.type_of_subaddress"), [2]);
    assert_eq!(nums(&pdml, "q2931.conn_id.vpci"), [7]);
    assert_eq!(nums(&pdml, "q2931.conn_id.vci"), [4711]);
    assert_eq!(nums(&pdml, "q2931.conn_id.vp_associated_signalling"), [1]);
    assert_eq!(shows(&pdml, "q2931.transit_network_sel.network_identification"), ["0288"]);
    assert_eq!(nums(&pdml, "q2931.transit_network_sel.type"), [2]);
    assert_eq!(nums(&pdml, "q2931.transit_network_sel.plan"), [1]);
    assert_eq!(nums(&pdml, "q2931.broadband_repeat_indicator"), [2]);
    assert_eq!(nums(&pdml, "q2931.endpoint_reference.identifier_value"), [0x1234]);
    assert_eq!(nums(&pdml, "q2931.endpoint_state"), [12]);

    assert_eq!(nums(&pdml, "q2931.cause.location"), [1, 3, 0, 4]);
    assert_eq!(nums(&pdml, "q2931.cause.value"), [82, 21, 101, 102]);
    assert_eq!(nums(&pdml, "q2931.cause.vpci"), [3]);
    assert_eq!(nums(&pdml, "q2931.cause.vci"), [99]);
    assert_eq!(nums(&pdml, "q2931.cause.rejection.reason"), [1]);
    assert_eq!(nums(&pdml, "q2931.cause.rejection.condition"), [2]);
    // tshark 4.0 picks the rejection-reason branch from the cause value octet (a dissector
    // slip), so it shows the IE identifier as a raw diagnostic.
    assert_eq!(shows(&pdml, "q2931.cause.rejection.diagnostic"), ["70"]);
    assert_eq!(nums(&pdml, "q2931.cause.message_type"), [0x4D]);
    assert_eq!(shows(&pdml, "q2931.cause.timer"), ["308"]);
    assert_eq!(nums(&pdml, "q2931.call_state"), [12]);
    assert_eq!(nums(&pdml, "q2931.restart_indicator"), [2]);

    let expert = tshark::expert_info(&path);
    assert!(
        !expert.contains("Malformed") && !expert.contains("Warning"),
        "tshark expert info: {expert}"
    );
}

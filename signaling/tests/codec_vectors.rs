//! Known-answer vectors for every message type: decode, check the fields, re-encode and
//! compare byte for byte; plus one negative test per Q.2931 §5.6 rule the decoder reports.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use signaling::codec::error::{IeProblemKind, IeResponse};
use signaling::codec::ie::aal::{Aal5Parameters, SscsType};
use signaling::codec::ie::bearer::{
    AtmTransferCapability, BearerClass, BearerOctet5a, Clipping, UserPlaneConfiguration,
};
use signaling::codec::ie::blli::{Layer2, Layer2Protocol};
use signaling::codec::ie::qos::QosClass;
use signaling::codec::ie::*;
use signaling::codec::*;

const U40_N2U: Context =
    Context { version: UniVersion::Uni40, direction: Direction::NetworkToUser };
const U40_U2N: Context =
    Context { version: UniVersion::Uni40, direction: Direction::UserToNetwork };
const U31_U2N: Context =
    Context { version: UniVersion::Uni31, direction: Direction::UserToNetwork };

const AAL5: &[u8] = &[0x58, 0x80, 0x00, 0x09, 0x05, 0x8c, 0x23, 0xe4, 0x81, 0x23, 0xe4, 0x84, 0x00];
const TD_UBR: &[u8] =
    &[0x59, 0x80, 0x00, 0x09, 0x84, 0x05, 0x63, 0xb7, 0x85, 0x05, 0x63, 0xb7, 0xbe];
/// BCOB-X, octet 5a (ATC 0), octet 6 (not susceptible to clipping, point-to-point).
const BBC_X: &[u8] = &[0x5e, 0x80, 0x00, 0x03, 0x10, 0x80, 0x80];
const AESA: [u8; 20] = [
    0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x15, 0x10, 0x00, 0x00, 0x20, 0x48,
    0x1a, 0x00, 0x00, 0x01,
];
const CALLED: &[u8] = &[
    0x70, 0x80, 0x00, 0x15, 0x82, 0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x15,
    0x10, 0x00, 0x00, 0x20, 0x48, 0x1a, 0x00, 0x00, 0x01,
];
const CALLING: &[u8] = &[
    0x6c, 0x80, 0x00, 0x15, 0x82, 0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x15,
    0x10, 0x00, 0x00, 0x20, 0x48, 0x1a, 0x00, 0x00, 0x02,
];
const QOS0: &[u8] = &[0x5c, 0x80, 0x00, 0x02, 0x00, 0x00];
/// Cause: location user, #16 normal call clearing.
const CAUSE16: &[u8] = &[0x08, 0x80, 0x00, 0x02, 0x80, 0x90];
/// Cause: location private network serving the local user, #31 normal unspecified.
const CAUSE31: &[u8] = &[0x08, 0x80, 0x00, 0x02, 0x81, 0x9f];
/// Cause: location user, #30 response to STATUS ENQUIRY.
const CAUSE30: &[u8] = &[0x08, 0x80, 0x00, 0x02, 0x80, 0x9e];
/// Connection identifier: explicit VPCI, exclusive VPCI/VCI, VPCI 0, VCI 32.
const CONNID: &[u8] = &[0x5a, 0x80, 0x00, 0x05, 0x88, 0x00, 0x00, 0x00, 0x20];
const EPREF1: &[u8] = &[0x54, 0x80, 0x00, 0x03, 0x00, 0x00, 0x01];
const EPSTATE_ACTIVE: &[u8] = &[0x55, 0x80, 0x00, 0x01, 0x0a];
const CALLSTATE_ACTIVE: &[u8] = &[0x14, 0x80, 0x00, 0x01, 0x0a];
const BLLI_LLC: &[u8] = &[0x5f, 0x80, 0x00, 0x01, 0xcc];
const NOTIF: &[u8] = &[0x27, 0x80, 0x00, 0x02, 0x81, 0x01];
const LIJ_CALLID: &[u8] = &[0xe8, 0xe0, 0x00, 0x05, 0x80, 0x00, 0x00, 0x00, 0x07];
const LEAF_SEQ: &[u8] = &[0xea, 0xe0, 0x00, 0x04, 0x00, 0x00, 0x00, 0x2a];
const MIN_TD: &[u8] = &[0x80, 0x80, 0x00, 0x08, 0x84, 0x00, 0x10, 0x00, 0x85, 0x00, 0x10, 0x00];
const REPORT: &[u8] = &[0x89, 0x80, 0x00, 0x01, 0x01];

/// Builds a message with a 3-octet call reference.
fn msg(flag: bool, cref: u32, mt: u8, ies: &[&[u8]]) -> Vec<u8> {
    let body: Vec<u8> = ies.concat();
    let c = cref | if flag { 0x80_0000 } else { 0 };
    let mut m = vec![0x09, 0x03, (c >> 16) as u8, (c >> 8) as u8, c as u8, mt, 0x80];
    m.extend_from_slice(&(body.len() as u16).to_be_bytes());
    m.extend_from_slice(&body);
    m
}

/// Decodes (no problems allowed), re-encodes and compares.
fn known_answer(bytes: &[u8], cx: Context) -> Message {
    let d = Message::decode(bytes, cx).unwrap_or_else(|e| panic!("{e:?} decoding {bytes:02x?}"));
    assert!(d.problems.is_empty(), "{:?}", d.problems);
    let mut buf = [0u8; 1024];
    let n = d.message.encode(&mut buf).unwrap();
    assert_eq!(&buf[..n], bytes, "re-encoding {:?}", d.message.message_type);
    assert_eq!(d.message.buffer_len(), n);
    d.message
}

fn cause_value(m: &Message, i: usize) -> u8 {
    u8::from(m.ies.cause.get(i).unwrap().contents.value)
}

fn epref(m: &Message) -> u16 {
    m.ies.endpoint_reference.unwrap().contents.value
}

#[test]
fn reference_setup_from_atm_reference_md_is_rejected_for_its_bearer_capability() {
    // atm-reference.md's SETUP byte for byte. Its broadband bearer capability is `10 80`:
    // octet 5 with the extension bit clear, so `80` is octet 5a, and the mandatory octet 6 is
    // missing (Q.2931 §4.5.7). The IE is mandatory in SETUP, so Q.2931 §5.6.7.2 applies:
    // RELEASE COMPLETE with cause 100 naming IE 0x5E. (Wireshark shows the same: an ATC
    // field and no clipping/user-plane fields.)
    let reference: Vec<u8> = [
        &[0x09, 0x03, 0x00, 0x00, 0x01, 0x05, 0x80, 0x00, 0x3f][..],
        AAL5,
        TD_UBR,
        &[0x5e, 0x80, 0x00, 0x02, 0x10, 0x80],
        CALLED,
        QOS0,
    ]
    .concat();
    assert_eq!(reference.len(), 9 + 63);
    // Captured DTE→DCE: a calling user's SETUP.
    match Message::decode(&reference, U40_U2N) {
        Err(DecodeError::Rejected { header, response, problems }) => {
            assert_eq!(header.message_type, MessageType::Setup);
            assert_eq!(header.call_reference, CallReference::Value { flag: false, value: 1 });
            assert_eq!(header.length, 63);
            assert_eq!(response, MessageResponse::MandatoryIeError);
            let p: Vec<_> = problems.iter().collect();
            assert_eq!(p.len(), 1);
            assert_eq!(p[0].id, IeId::BroadbandBearerCapability);
            assert_eq!(p[0].kind, IeProblemKind::InvalidContents(IeError::MissingField));
            assert!(p[0].mandatory);
            assert_eq!(
                problems.ids_with_cause(100).collect::<Vec<_>>(),
                [IeId::BroadbandBearerCapability]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn setup_known_answer() {
    // The reference SETUP with octet 6 added to the bearer capability (length 63 → 64).
    let bytes = msg(false, 1, 0x05, &[AAL5, TD_UBR, BBC_X, CALLED, QOS0]);
    assert_eq!(&bytes[..9], &[0x09, 0x03, 0x00, 0x00, 0x01, 0x05, 0x80, 0x00, 0x40]);
    let m = known_answer(&bytes, U40_U2N);
    assert_eq!(m.call_reference, CallReference::Value { flag: false, value: 1 });
    assert_eq!(m.message_type, MessageType::Setup);
    assert_eq!(m.compatibility, MessageCompatibility::REGULAR);
    let aal = m.ies.aal_parameters.unwrap();
    assert_eq!(aal.coding, CodingStandard::ItuT);
    assert_eq!(aal.instruction, IeInstruction::REGULAR);
    assert_eq!(
        aal.contents,
        AalParameters::Aal5(Aal5Parameters {
            forward_max_cpcs_sdu_size: Some(9188),
            backward_max_cpcs_sdu_size: Some(9188),
            mode: None,
            sscs_type: Some(SscsType::Null),
        })
    );
    let td = m.ies.atm_traffic_descriptor.unwrap().contents;
    assert_eq!(td.forward_pcr_01, Some(353_207));
    assert_eq!(td.backward_pcr_01, Some(353_207));
    assert!(td.best_effort);
    assert_eq!(td.forward_pcr_0, None);
    assert_eq!(td.tm_options, None);
    let bbc = m.ies.broadband_bearer_capability.unwrap().contents;
    assert_eq!(bbc.bearer_class, BearerClass::BcobX);
    assert_eq!(
        bbc.octet_5a,
        Some(BearerOctet5a::TransferCapability(AtmTransferCapability::NoIndication))
    );
    assert_eq!(bbc.clipping, Clipping::NotSusceptible);
    assert_eq!(bbc.user_plane, UserPlaneConfiguration::PointToPoint);
    let called = m.ies.called_party_number.unwrap().contents.0;
    assert_eq!(called.type_of_number, TypeOfNumber::UnknownType);
    match called.address {
        PartyAddress::Aesa(a) => assert_eq!(a.0, AESA),
        other => panic!("{other:?}"),
    }
    let q = m.ies.qos_parameter.unwrap().contents;
    assert_eq!((q.forward, q.backward), (QosClass::Unspecified, QosClass::Unspecified));
    assert_eq!(m.ies.present().count(), 5);
    assert!(m.ies.unrecognized.is_empty());
}

#[test]
fn setup_from_the_network_carries_the_connection_identifier() {
    let with = msg(false, 0x10, 0x05, &[TD_UBR, BBC_X, CALLED, CONNID]);
    let m = known_answer(&with, U40_N2U);
    assert_eq!(m.ies.connection_identifier.unwrap().contents.vci, 32);
    let without = msg(false, 0x10, 0x05, &[TD_UBR, BBC_X, CALLED]);
    match Message::decode(&without, U40_N2U) {
        Err(DecodeError::Rejected { problems, .. }) => {
            assert_eq!(
                problems.ids_with_cause(96).collect::<Vec<_>>(),
                [IeId::ConnectionIdentifier]
            );
        }
        other => panic!("{other:?}"),
    }
    // From the calling user it is optional.
    assert!(Message::decode(&without, U40_U2N).is_ok());
}

#[test]
fn setup_with_blli_negotiation() {
    // Repeat indicator (priority list) followed by three B-LLIs (Q.2931 Annex C).
    let repeat: &[u8] = &[0x63, 0x80, 0x00, 0x01, 0x82];
    let blli2: &[u8] = &[0x5f, 0x80, 0x00, 0x03, 0x6b, 0x66, 0x80];
    let blli3: &[u8] =
        &[0x5f, 0x80, 0x00, 0x09, 0x6b, 0x40, 0x80, 0x80, 0x00, 0xa0, 0x3e, 0x00, 0x02];
    let bytes = msg(false, 7, 0x05, &[TD_UBR, BBC_X, repeat, BLLI_LLC, blli2, blli3, CALLED]);
    let m = known_answer(&bytes, U40_U2N);
    assert_eq!(m.ies.blli.len(), 3);
    assert_eq!(
        m.ies.blli.first().unwrap().contents.layer2,
        Some(Layer2::Protocol(Layer2Protocol::Lan8802_2))
    );
    assert!(m.ies.broadband_repeat_indicator.is_some());
}

#[test]
fn alerting() {
    let m = known_answer(&msg(true, 1, 0x01, &[CONNID, EPREF1]), U40_N2U);
    assert_eq!(m.message_type, MessageType::Alerting);
    assert_eq!(m.call_reference, CallReference::Value { flag: true, value: 1 });
    let c = m.ies.connection_identifier.unwrap().contents;
    assert_eq!((c.vpci, c.vci), (0, 32));
    assert_eq!(epref(&m), 1);
}

#[test]
fn call_proceeding() {
    let m = known_answer(&msg(true, 0x12345, 0x02, &[CONNID]), U40_N2U);
    assert_eq!(m.message_type, MessageType::CallProceeding);
    assert_eq!(m.call_reference, CallReference::Value { flag: true, value: 0x12345 });
    assert_eq!(m.ies.connection_identifier.unwrap().contents.vci, 32);
}

#[test]
fn connect() {
    let m = known_answer(&msg(true, 1, 0x07, &[AAL5, BLLI_LLC, CONNID, EPREF1]), U40_U2N);
    assert_eq!(m.message_type, MessageType::Connect);
    assert!(m.ies.aal_parameters.is_some());
    assert_eq!(m.ies.blli.len(), 1);
    assert_eq!(epref(&m), 1);
}

#[test]
fn connect_acknowledge() {
    let m = known_answer(&msg(false, 1, 0x0f, &[]), U40_U2N);
    assert_eq!(m.message_type, MessageType::ConnectAcknowledge);
    assert_eq!(m.ies, IeSet::default());
}

#[test]
fn release_with_two_causes() {
    let m = known_answer(&msg(false, 9, 0x4d, &[CAUSE16, CAUSE31, NOTIF]), U40_U2N);
    assert_eq!(m.message_type, MessageType::Release);
    assert_eq!(cause_value(&m, 0), 16);
    assert_eq!(cause_value(&m, 1), 31);
    assert_eq!(
        m.ies.notification_indicator.unwrap().contents.information.as_slice(),
        &[0x81, 0x01]
    );
}

#[test]
fn release_complete() {
    let m = known_answer(&msg(true, 9, 0x5a, &[CAUSE16]), U40_N2U);
    assert_eq!(m.message_type, MessageType::ReleaseComplete);
    assert_eq!(cause_value(&m, 0), 16);
}

#[test]
fn restart_and_acknowledge_on_the_global_call_reference() {
    let restart_ind: &[u8] = &[0x79, 0x80, 0x00, 0x01, 0x80];
    let m = known_answer(&msg(false, 0, 0x46, &[CONNID, restart_ind]), U40_U2N);
    assert_eq!(m.message_type, MessageType::Restart);
    assert!(m.call_reference.is_global());
    assert_eq!(u8::from(m.ies.restart_indicator.unwrap().contents.class), 0);
    let a = known_answer(&msg(true, 0, 0x4e, &[CONNID, restart_ind]), U40_N2U);
    assert_eq!(a.message_type, MessageType::RestartAcknowledge);
    assert_eq!(a.call_reference, CallReference::global(true));
}

#[test]
fn status() {
    let m = known_answer(
        &msg(true, 3, 0x7d, &[CALLSTATE_ACTIVE, CAUSE30, EPREF1, EPSTATE_ACTIVE]),
        U40_N2U,
    );
    assert_eq!(m.message_type, MessageType::Status);
    assert_eq!(u8::from(m.ies.call_state.unwrap().contents.state), 10);
    assert_eq!(cause_value(&m, 0), 30);
    assert_eq!(u8::from(m.ies.endpoint_state.unwrap().contents.party_state), 10);
}

#[test]
fn status_enquiry() {
    let m = known_answer(&msg(false, 3, 0x75, &[EPREF1]), U40_U2N);
    assert_eq!(m.message_type, MessageType::StatusEnquiry);
    assert_eq!(epref(&m), 1);
}

#[test]
fn notify() {
    let m = known_answer(&msg(false, 3, 0x6e, &[NOTIF, EPREF1]), U40_U2N);
    assert_eq!(m.message_type, MessageType::Notify);
    assert!(m.ies.notification_indicator.is_some());
}

#[test]
fn add_party() {
    let epref2: &[u8] = &[0x54, 0x80, 0x00, 0x03, 0x00, 0x00, 0x02];
    let m = known_answer(&msg(false, 5, 0x80, &[AAL5, BLLI_LLC, CALLED, epref2]), U40_U2N);
    assert_eq!(m.message_type, MessageType::AddParty);
    assert_eq!(epref(&m), 2);
    assert!(m.ies.called_party_number.is_some());
}

#[test]
fn add_party_acknowledge_reject_alerting() {
    let a = known_answer(&msg(true, 5, 0x81, &[EPREF1]), U40_N2U);
    assert_eq!(a.message_type, MessageType::AddPartyAcknowledge);
    let r = known_answer(&msg(true, 5, 0x82, &[CAUSE16, EPREF1]), U40_N2U);
    assert_eq!(r.message_type, MessageType::AddPartyReject);
    assert_eq!(cause_value(&r, 0), 16);
    let p = known_answer(&msg(true, 5, 0x85, &[EPREF1]), U40_N2U);
    assert_eq!(p.message_type, MessageType::PartyAlerting);
    assert_eq!(epref(&p), 1);
}

#[test]
fn drop_party_and_acknowledge() {
    let d = known_answer(&msg(false, 5, 0x83, &[CAUSE16, EPREF1]), U40_U2N);
    assert_eq!(d.message_type, MessageType::DropParty);
    let a = known_answer(&msg(true, 5, 0x84, &[CAUSE16, EPREF1]), U40_N2U);
    assert_eq!(a.message_type, MessageType::DropPartyAcknowledge);
    assert_eq!(epref(&a), 1);
}

#[test]
fn leaf_setup_request_and_failure() {
    let r =
        known_answer(&msg(false, 0x40, 0x91, &[CALLED, CALLING, LIJ_CALLID, LEAF_SEQ]), U40_U2N);
    assert_eq!(r.message_type, MessageType::LeafSetupRequest);
    assert_eq!(r.ies.lij_call_identifier.unwrap().contents.value, 7);
    assert_eq!(r.ies.leaf_sequence_number.unwrap().contents.value, 42);
    assert_eq!(r.ies.lij_call_identifier.unwrap().coding, CodingStandard::NetworkSpecific);
    let f = known_answer(&msg(true, 0x40, 0x90, &[CALLED, CAUSE16, LEAF_SEQ]), U40_N2U);
    assert_eq!(f.message_type, MessageType::LeafSetupFailure);
    assert_eq!(cause_value(&f, 0), 16);
}

#[test]
fn modify_request_acknowledge_reject() {
    let r = known_answer(&msg(false, 2, 0x88, &[TD_UBR, MIN_TD]), U40_U2N);
    assert_eq!(r.message_type, MessageType::ModifyRequest);
    assert_eq!(r.ies.minimum_traffic_descriptor.unwrap().contents.forward_pcr_01, Some(4096));
    let a = known_answer(&msg(true, 2, 0x89, &[TD_UBR, REPORT]), U40_N2U);
    assert_eq!(a.message_type, MessageType::ModifyAcknowledge);
    assert!(a.ies.broadband_report_type.is_some());
    let j = known_answer(&msg(true, 2, 0x8a, &[CAUSE16]), U40_N2U);
    assert_eq!(j.message_type, MessageType::ModifyReject);
}

#[test]
fn connection_available() {
    let m = known_answer(&msg(false, 2, 0x8b, &[NOTIF]), U40_U2N);
    assert_eq!(m.message_type, MessageType::ConnectionAvailable);
}

#[test]
fn dummy_call_reference() {
    let bytes = [0x09, 0x00, 0x75, 0x80, 0x00, 0x00];
    let m = known_answer(&bytes, U40_U2N);
    assert!(m.call_reference.is_dummy());
}

#[test]
fn uni31_setup_requires_qos_and_knows_the_mode_field() {
    let aal_mode: &[u8] =
        &[0x58, 0x80, 0x00, 0x0b, 0x05, 0x8c, 0x23, 0xe4, 0x81, 0x23, 0xe4, 0x83, 0x01, 0x84, 0x00];
    let ok = msg(false, 1, 0x05, &[aal_mode, TD_UBR, BBC_X, CALLED, QOS0]);
    let m = known_answer(&ok, U31_U2N);
    assert!(
        matches!(m.ies.aal_parameters.unwrap().contents, AalParameters::Aal5(a) if a.mode.is_some())
    );
    let no_qos = msg(false, 1, 0x05, &[TD_UBR, BBC_X, CALLED]);
    match Message::decode(&no_qos, U31_U2N) {
        Err(DecodeError::Rejected {
            response: MessageResponse::MandatoryIeError,
            problems,
            ..
        }) => {
            assert_eq!(problems.ids_with_cause(96).collect::<Vec<_>>(), [IeId::QosParameter]);
        }
        other => panic!("{other:?}"),
    }
    // Under UNI 4.0 the same SETUP is fine.
    assert!(Message::decode(&no_qos, U40_U2N).is_ok());
}

// ---- Q.2931 §5.6 negative rules -------------------------------------------------------------

#[test]
fn header_errors() {
    assert_eq!(
        Message::decode(&[0x09, 0x03, 0x00], U40_U2N),
        Err(DecodeError::TooShort { len: 3 })
    );
    assert_eq!(
        Message::decode(&[0x08, 0x03, 0, 0, 1, 0x05, 0x80, 0, 0], U40_U2N),
        Err(DecodeError::BadProtocolDiscriminator(0x08))
    );
    assert_eq!(
        Message::decode(&[0x09, 0x04, 0, 0, 0, 1, 0x05, 0x80, 0, 0], U40_U2N),
        Err(DecodeError::BadCallReferenceLength(4))
    );
}

#[test]
fn message_length_mismatch() {
    let mut bytes = msg(false, 1, 0x0f, &[NOTIF]);
    bytes.push(0);
    match Message::decode(&bytes, U40_U2N) {
        Err(DecodeError::LengthMismatch { header, actual }) => {
            assert_eq!(header.length, 6);
            assert_eq!(actual, 7);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn ie_running_past_the_end() {
    let mut bytes = msg(false, 1, 0x4d, &[CAUSE16]);
    bytes[12] = 0x05; // Cause length 5, only 2 octets follow.
    assert_eq!(
        Message::decode(&bytes, U40_U2N),
        Err(DecodeError::IeTruncated {
            header: MessageHeader {
                call_reference: CallReference::Value { flag: false, value: 1 },
                message_type: MessageType::Release,
                compatibility: MessageCompatibility::REGULAR,
                length: 6,
            },
            id: IeId::Cause,
            offset: 9,
        })
    );
}

#[test]
fn unrecognized_message_type_keeps_header_and_compatibility() {
    let mut bytes = msg(true, 77, 0x03, &[CAUSE16]);
    bytes[6] = 0x91; // flag set, discard and ignore
    match Message::decode(&bytes, U40_U2N) {
        Err(DecodeError::UnrecognizedMessageType { header }) => {
            assert_eq!(header.message_type, MessageType::Unknown(0x03));
            assert_eq!(header.call_reference, CallReference::Value { flag: true, value: 77 });
            assert_eq!(
                header.compatibility,
                MessageCompatibility { flag: true, action: MessageAction::DiscardAndIgnore }
            );
        }
        other => panic!("{other:?}"),
    }
    // PARTY ALERTING does not exist in UNI 3.1.
    assert!(matches!(
        Message::decode(&msg(true, 5, 0x85, &[EPREF1]), U31_U2N),
        Err(DecodeError::UnrecognizedMessageType { .. })
    ));
}

#[test]
fn every_missing_mandatory_ie_is_listed() {
    match Message::decode(&msg(false, 1, 0x05, &[AAL5]), U40_U2N) {
        Err(DecodeError::Rejected { response, problems, .. }) => {
            assert_eq!(response, MessageResponse::MandatoryIeError);
            assert_eq!(
                problems.ids_with_cause(96).collect::<Vec<_>>(),
                [
                    IeId::AtmTrafficDescriptor,
                    IeId::BroadbandBearerCapability,
                    IeId::CalledPartyNumber
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    // STATUS needs call state and cause.
    match Message::decode(&msg(true, 1, 0x7d, &[CAUSE30]), U40_N2U) {
        Err(DecodeError::Rejected { problems, .. }) => {
            assert_eq!(problems.ids_with_cause(96).collect::<Vec<_>>(), [IeId::CallState]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unrecognized_ie_regular_handling_is_kept_and_reported() {
    let unknown: &[u8] = &[0x33, 0x80, 0x00, 0x02, 0xaa, 0xbb];
    let bytes = msg(false, 1, 0x4d, &[CAUSE16, unknown]);
    let d = Message::decode(&bytes, U40_U2N).unwrap();
    let p: Vec<_> = d.problems.iter().copied().collect();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].id, IeId::Unknown(0x33));
    assert_eq!(p[0].kind, IeProblemKind::Unrecognized);
    assert_eq!(p[0].response(), IeResponse::ReportStatus);
    assert!(p[0].retained);
    assert!(d.problems.report_status());
    let raw = d.message.ies.unrecognized.first().unwrap();
    assert_eq!(raw.contents.as_slice(), &[0xaa, 0xbb]);
    // Kept raw, it is passed on unchanged.
    let mut buf = [0u8; 64];
    let n = d.message.encode(&mut buf).unwrap();
    assert_eq!(&buf[..n], &bytes[..]);
}

#[test]
fn explicit_action_indicators() {
    let with_action = |octet2: u8| -> Vec<u8> {
        let unknown: &[u8] = &[0x33, octet2, 0x00, 0x01, 0x00];
        msg(false, 1, 0x4d, &[CAUSE16, unknown])
    };
    let response = |octet2: u8| match Message::decode(&with_action(octet2), U40_U2N) {
        Ok(d) => Ok(d.problems.worst),
        Err(DecodeError::Rejected { response, .. }) => Err(response),
        Err(e) => panic!("{e:?}"),
    };
    assert_eq!(response(0x90), Err(MessageResponse::ClearCall));
    assert_eq!(response(0x91), Ok(Some(IeResponse::Ignore)));
    assert_eq!(response(0x92), Ok(Some(IeResponse::ReportStatus)));
    assert_eq!(response(0x95), Err(MessageResponse::DiscardMessage));
    assert_eq!(response(0x96), Err(MessageResponse::DiscardMessageReportStatus));
    // Reserved action values act as "discard IE, proceed, report status" (Q.2931 §5.7.2).
    assert_eq!(response(0x97), Ok(Some(IeResponse::ReportStatus)));
    // Flag clear: the action bits are not significant.
    assert_eq!(response(0x80), Ok(Some(IeResponse::ReportStatus)));
    // Pass-along bit is kept.
    let d = Message::decode(&with_action(0x99), U40_U2N).unwrap();
    assert!(d.message.ies.unrecognized.first().unwrap().instruction.pass_along);
}

#[test]
fn invalid_optional_ie_is_dropped_and_reported() {
    // User-defined AAL with 5 octets of information: longer than the IE allows.
    let aal_bad: &[u8] = &[0x58, 0x80, 0x00, 0x06, 0x10, 1, 2, 3, 4, 5];
    let bytes = msg(false, 1, 0x05, &[aal_bad, TD_UBR, BBC_X, CALLED]);
    let d = Message::decode(&bytes, U40_U2N).unwrap();
    assert!(d.message.ies.aal_parameters.is_none());
    let p = d.problems.iter().next().unwrap();
    assert_eq!(p.id, IeId::AalParameters);
    assert_eq!(p.kind, IeProblemKind::InvalidContents(IeError::TooLong));
    assert_eq!(p.cause(), Some(100));
    assert!(!p.mandatory);
}

#[test]
fn illegal_repetition_keeps_the_first() {
    let bytes = msg(false, 1, 0x4d, &[CAUSE16, CAUSE31, CAUSE30]);
    let d = Message::decode(&bytes, U40_U2N).unwrap();
    assert_eq!(d.message.ies.cause.len(), 2);
    assert_eq!(cause_value(&d.message, 1), 31);
    let p = d.problems.iter().next().unwrap();
    assert_eq!((p.id, p.kind), (IeId::Cause, IeProblemKind::Repeated));
    // A single-occurrence IE repeated in STATUS.
    let bytes = msg(true, 1, 0x7d, &[CALLSTATE_ACTIVE, CAUSE30, CAUSE16]);
    let d = Message::decode(&bytes, U40_N2U).unwrap();
    assert_eq!(cause_value(&d.message, 0), 30);
    assert_eq!(d.problems.iter().next().unwrap().kind, IeProblemKind::Repeated);
}

#[test]
fn ie_not_in_this_message_is_treated_as_unrecognized() {
    let bytes = msg(false, 1, 0x05, &[TD_UBR, BBC_X, CALLED, CAUSE16]);
    let d = Message::decode(&bytes, U40_U2N).unwrap();
    let p = d.problems.iter().next().unwrap();
    assert_eq!((p.id, p.kind, p.cause()), (IeId::Cause, IeProblemKind::Unexpected, Some(99)));
    assert_eq!(d.message.ies.cause.len(), 0);
    assert_eq!(d.message.ies.unrecognized.first().unwrap().id, IeId::Cause);
    // A UNI 4.0 IE under UNI 3.1 is unrecognized there.
    let bytes = msg(false, 1, 0x4d, &[CAUSE16, NOTIF]);
    let d = Message::decode(&bytes, U31_U2N).unwrap();
    assert_eq!(d.problems.iter().next().unwrap().kind, IeProblemKind::Unrecognized);
}

#[test]
fn encode_errors() {
    let m = known_answer(&msg(false, 1, 0x05, &[AAL5, TD_UBR, BBC_X, CALLED, QOS0]), U40_U2N);
    let mut small = [0u8; 20];
    assert_eq!(m.encode(&mut small), Err(EncodeError::BufferTooSmall));
    let mut bad = m;
    bad.call_reference = CallReference::Value { flag: false, value: 1 << 23 };
    assert_eq!(bad.encode(&mut [0u8; 256]), Err(EncodeError::CallReferenceOutOfRange));
    let mut bad_td = m;
    bad_td.ies.atm_traffic_descriptor.as_mut().unwrap().contents.forward_pcr_0 = Some(1 << 24);
    assert!(matches!(
        bad_td.encode(&mut [0u8; 256]),
        Err(EncodeError::Ie { id: IeId::AtmTrafficDescriptor, .. })
    ));
}

#[test]
fn ie_with_a_coding_standard_its_type_does_not_define_is_unrecognized() {
    // Called party number coded "national standard": not the Q.2931 contents coding.
    let mut called = CALLED.to_vec();
    called[1] = 0xc0;
    let bytes = msg(false, 1, 0x05, &[TD_UBR, BBC_X, &called]);
    match Message::decode(&bytes, U40_U2N) {
        Err(DecodeError::Rejected {
            response: MessageResponse::MandatoryIeError,
            problems,
            ..
        }) => {
            let kinds: Vec<_> = problems.iter().map(|p| (p.id, p.kind)).collect();
            assert_eq!(
                kinds,
                [
                    (IeId::CalledPartyNumber, IeProblemKind::Unrecognized),
                    (IeId::CalledPartyNumber, IeProblemKind::MandatoryMissing),
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    // QoS classes may be ATM Forum (network specific) coded.
    let qos_net: &[u8] = &[0x5c, 0xe0, 0x00, 0x02, 0x01, 0x01];
    let m = known_answer(&msg(false, 1, 0x05, &[TD_UBR, BBC_X, CALLED, qos_net]), U40_U2N);
    assert_eq!(m.ies.qos_parameter.unwrap().coding, CodingStandard::NetworkSpecific);
    assert_eq!(
        signaling::codec::message::codings(IeId::ExtendedQos)[0],
        CodingStandard::NetworkSpecific
    );
    assert!(signaling::codec::message::codings(IeId::Unknown(0x33)).is_empty());
}

#[test]
fn validate_outgoing_messages() {
    let mut m = Message::new(CallReference::Value { flag: false, value: 5 }, MessageType::Release);
    assert_eq!(m.validate(U40_U2N), Err(ValidationError::MandatoryMissing(IeId::Cause)));
    let cause =
        Message::decode(&msg(false, 1, 0x4d, &[CAUSE16]), U40_U2N).unwrap().message.ies.cause;
    m.ies.cause = cause;
    assert_eq!(m.validate(U40_U2N), Ok(()));
    // A second and a third cause: two are allowed in RELEASE.
    let c = *m.ies.cause.first().unwrap();
    m.ies.cause.push(c).unwrap();
    assert_eq!(m.validate(U40_U2N), Ok(()));
    // Not in RELEASE.
    m.ies.qos_parameter =
        Some(Ie::new(QosParameter { forward: QosClass::Class1, backward: QosClass::Class1 }));
    assert_eq!(m.validate(U40_U2N), Err(ValidationError::NotAllowed(IeId::QosParameter)));
    m.ies.qos_parameter = None;
    // NOTIFY does not exist in UNI 3.1; the notification indicator neither.
    let n = Message::new(CallReference::Value { flag: false, value: 5 }, MessageType::Notify);
    assert_eq!(n.validate(U31_U2N), Err(ValidationError::MessageNotInVersion(MessageType::Notify)));
    m.ies.notification_indicator = Message::decode(&msg(false, 1, 0x6e, &[NOTIF]), U40_U2N)
        .unwrap()
        .message
        .ies
        .notification_indicator;
    assert_eq!(m.validate(U40_U2N), Ok(()));
    assert_eq!(m.validate(U31_U2N), Err(ValidationError::NotAllowed(IeId::NotificationIndicator)));
    // Ie::new picks the coding standard the IE type is sent with.
    let q =
        Ie::new(QosParameter { forward: QosClass::Unspecified, backward: QosClass::Unspecified });
    assert_eq!(q.coding, CodingStandard::ItuT);
    assert_eq!(q.instruction, IeInstruction::REGULAR);
}

#[test]
fn cause_list_bounded_by_table() {
    let mut m = Message::decode(&msg(true, 3, 0x7d, &[CALLSTATE_ACTIVE, CAUSE30]), U40_N2U)
        .unwrap()
        .message;
    assert_eq!(m.validate(U40_N2U), Ok(()));
    let c = *m.ies.cause.first().unwrap();
    m.ies.cause.push(c).unwrap();
    // STATUS carries one cause.
    assert_eq!(m.validate(U40_N2U), Err(ValidationError::TooMany(IeId::Cause)));
}

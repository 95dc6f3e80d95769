//! Proptest strategies for the IE contents types of the "ies" helper (numbers, subaddresses,
//! cause, call state, connection identifier, endpoint, restart, notification, one-octet IEs,
//! transit network selection, LIJ, connection scope, GIT, user-user) and for ATM addresses.
//!
//! Every strategy generates only values that `emit` accepts and that `parse` gives back
//! unchanged, so message-level tests can compose them freely.

use proptest::collection::vec;
use proptest::prelude::*;
use signaling::codec::ie::cause::MAX_DIAGNOSTIC_LEN;
use signaling::codec::ie::git::{MAX_IDENTIFIERS, MAX_IDENTIFIER_LEN};
use signaling::codec::ie::*;

/// Any code of a field `0..=max`, mapped through the code point's `From<u8>` (so named codes
/// become named variants and the others `Unknown`, both encodable).
pub fn code<T: From<u8> + core::fmt::Debug>(max: u8) -> impl Strategy<Value = T> {
    (0..=max).prop_map(T::from)
}

/// Fixed-capacity bytes of a length in `len`.
pub fn bytes<const N: usize>(
    len: core::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = Bytes<N>> {
    vec(any::<u8>(), len).prop_map(|v| Bytes::from_slice(&v).expect("length within capacity"))
}

/// Any 20-octet AESA, half of them with one of the known AFIs.
pub fn aesa() -> impl Strategy<Value = Aesa> {
    let afi = prop_oneof![
        Just(0x39u8),
        Just(0x47),
        Just(0x45),
        Just(0x49),
        Just(0xBD),
        Just(0xC5),
        Just(0xC3),
        Just(0xC7),
        any::<u8>(),
    ];
    (afi, any::<[u8; 20]>()).prop_map(|(afi, mut o)| {
        o[0] = afi;
        Aesa(o)
    })
}

/// A native E.164 number of 1 to 15 digits.
pub fn e164() -> impl Strategy<Value = E164> {
    "[0-9]{1,15}".prop_map(|s| E164::from_digits(s.as_bytes()).expect("valid digits"))
}

/// An AESA or an E.164 number.
pub fn atm_address() -> impl Strategy<Value = AtmAddress> {
    prop_oneof![aesa().prop_map(AtmAddress::Aesa), e164().prop_map(AtmAddress::E164)]
}

/// A party address; `allow_empty` allows an empty `Other` address (calling/connected).
pub fn party_address(allow_empty: bool) -> BoxedStrategy<PartyAddress> {
    let min = usize::from(!allow_empty);
    let other = (
        code::<NumberingPlan>(15)
            .prop_filter("E.164 and AESA plans have their own variants", |p| {
                !matches!(p, NumberingPlan::E164 | NumberingPlan::Aesa)
            }),
        bytes::<20>(min..=20),
    )
        .prop_map(|(plan, digits)| PartyAddress::Other { plan, digits });
    let typed = prop_oneof![
        aesa().prop_map(PartyAddress::Aesa),
        e164().prop_map(PartyAddress::E164),
        other,
    ];
    if allow_empty {
        // Number not available: no digits, under any plan.
        let absent = code::<NumberingPlan>(15)
            .prop_map(|plan| PartyAddress::Other { plan, digits: Bytes::new() });
        prop_oneof![4 => typed, 1 => absent].boxed()
    } else {
        typed.boxed()
    }
}

/// Type of number and address.
pub fn party_number(allow_empty: bool) -> impl Strategy<Value = PartyNumber> {
    (code::<TypeOfNumber>(7), party_address(allow_empty))
        .prop_map(|(type_of_number, address)| PartyNumber { type_of_number, address })
}

/// Octet 5a of the calling/connected numbers.
pub fn presentation_screening() -> impl Strategy<Value = PresentationScreening> {
    (code::<PresentationIndicator>(3), code::<ScreeningIndicator>(3))
        .prop_map(|(presentation, screening)| PresentationScreening { presentation, screening })
}

/// Called party number.
pub fn called_party_number() -> impl Strategy<Value = CalledPartyNumber> {
    party_number(false).prop_map(CalledPartyNumber)
}

/// Calling party number.
pub fn calling_party_number() -> impl Strategy<Value = CallingPartyNumber> {
    (party_number(true), proptest::option::of(presentation_screening()))
        .prop_map(|(number, presentation)| CallingPartyNumber { number, presentation })
}

/// Connected number.
pub fn connected_number() -> impl Strategy<Value = ConnectedNumber> {
    (party_number(true), proptest::option::of(presentation_screening()))
        .prop_map(|(number, presentation)| ConnectedNumber { number, presentation })
}

/// A subaddress valid under `version` (no AESA type in UNI 3.1).
pub fn subaddress(version: UniVersion) -> BoxedStrategy<Subaddress> {
    let common = prop_oneof![
        bytes::<20>(1..=20).prop_map(Subaddress::Nsap),
        (any::<bool>(), bytes::<20>(1..=20))
            .prop_map(|(odd, information)| Subaddress::UserSpecified { odd, information }),
        (3u8..=7, any::<bool>(), bytes::<20>(1..=20)).prop_map(|(type_code, odd, information)| {
            Subaddress::Unknown { type_code, odd, information }
        }),
    ];
    if version == UniVersion::Uni31 {
        common.boxed()
    } else {
        prop_oneof![3 => common, 1 => aesa().prop_map(Subaddress::Aesa)].boxed()
    }
}

/// Called party subaddress.
pub fn called_party_subaddress(
    version: UniVersion,
) -> impl Strategy<Value = CalledPartySubaddress> {
    subaddress(version).prop_map(CalledPartySubaddress)
}

/// Calling party subaddress.
pub fn calling_party_subaddress(
    version: UniVersion,
) -> impl Strategy<Value = CallingPartySubaddress> {
    subaddress(version).prop_map(CallingPartySubaddress)
}

/// Connected subaddress.
pub fn connected_subaddress(version: UniVersion) -> impl Strategy<Value = ConnectedSubaddress> {
    subaddress(version).prop_map(ConnectedSubaddress)
}

/// Transit network selection.
pub fn transit_network_selection() -> impl Strategy<Value = TransitNetworkSelection> {
    (
        code::<NetworkIdentificationType>(7),
        code::<NetworkIdentificationPlan>(15),
        vec(0u8..0x80, 1..=4),
    )
        .prop_map(|(network_type, plan, id)| TransitNetworkSelection {
            network_type,
            plan,
            network_identification: Bytes::from_slice(&id).expect("at most 4"),
        })
}

fn condition() -> impl Strategy<Value = Condition> {
    prop_oneof![Just(Condition::Unknown), Just(Condition::Permanent), Just(Condition::Transient)]
}

/// Attribute identities: groups of 1 to 3 octets, ext = 1 only on the last of each.
fn attributes() -> impl Strategy<Value = Bytes<MAX_DIAGNOSTIC_LEN>> {
    vec(vec(0u8..0x80, 1..=3), 1..=9).prop_map(|groups| {
        let mut out = Vec::new();
        for mut g in groups {
            if let Some(last) = g.last_mut() {
                *last |= 0x80;
            }
            if out.len() + g.len() <= MAX_DIAGNOSTIC_LEN {
                out.extend(g);
            }
        }
        Bytes::from_slice(&out).expect("at most 28")
    })
}

/// A diagnostic in the form `value` defines (raw for causes without a typed form).
pub fn diagnostic_for(value: CauseValue) -> BoxedStrategy<Diagnostic> {
    // Coding standard and instruction field of an embedded IE header (any octet 2 with ext 1).
    let header = any::<u8>()
        .prop_map(|b| (CodingStandard::from_bits(b >> 5), header::IeInstruction::from_bits(b)));
    match value.diagnostic_form() {
        DiagnosticForm::None => {
            bytes::<MAX_DIAGNOSTIC_LEN>(1..=MAX_DIAGNOSTIC_LEN).prop_map(Diagnostic::Raw).boxed()
        }
        DiagnosticForm::Condition => (any::<bool>(), any::<bool>(), condition())
            .prop_map(|(user, abnormal, condition)| {
                Diagnostic::Condition(ConditionDiagnostic { user, abnormal, condition })
            })
            .boxed(),
        DiagnosticForm::TransitNetwork => (header, transit_network_selection())
            .prop_map(|((coding, instruction), tns)| Diagnostic::TransitNetwork {
                coding,
                instruction,
                tns,
            })
            .boxed(),
        DiagnosticForm::NewDestination => (header, called_party_number())
            .prop_map(|((coding, instruction), number)| Diagnostic::NewDestination {
                coding,
                instruction,
                number,
            })
            .boxed(),
        DiagnosticForm::Rejection => prop_oneof![
            (condition(), bytes::<27>(0..=27)).prop_map(|(condition, diagnostic)| {
                Diagnostic::Rejection(Rejection::UserSpecific { condition, diagnostic })
            }),
            (condition(), proptest::option::of(any::<u8>())).prop_map(|(condition, ie)| {
                Diagnostic::Rejection(Rejection::IeMissing { condition, ie })
            }),
            (condition(), proptest::option::of(any::<u8>())).prop_map(|(condition, ie)| {
                Diagnostic::Rejection(Rejection::IeInsufficient { condition, ie })
            }),
        ]
        .boxed(),
        DiagnosticForm::VpciVci => (any::<u16>(), any::<u16>())
            .prop_map(|(vpci, vci)| Diagnostic::VpciVci { vpci, vci })
            .boxed(),
        DiagnosticForm::TrafficSubfields => bytes::<MAX_DIAGNOSTIC_LEN>(1..=MAX_DIAGNOSTIC_LEN)
            .prop_map(Diagnostic::TrafficSubfields)
            .boxed(),
        DiagnosticForm::Attributes => attributes().prop_map(Diagnostic::Attributes).boxed(),
        DiagnosticForm::InformationElements => bytes::<MAX_DIAGNOSTIC_LEN>(1..=MAX_DIAGNOSTIC_LEN)
            .prop_map(Diagnostic::InformationElements)
            .boxed(),
        DiagnosticForm::MessageType => any::<u8>().prop_map(Diagnostic::MessageType).boxed(),
        DiagnosticForm::Timer => "[0-9]{3}"
            .prop_map(|s| {
                let b = s.as_bytes();
                Diagnostic::Timer([b[0], b[1], b[2]])
            })
            .boxed(),
    }
}

/// A cause with or without diagnostics.
pub fn cause() -> impl Strategy<Value = Cause> {
    (code::<Location>(15), code::<CauseValue>(127)).prop_flat_map(|(location, value)| {
        proptest::option::of(diagnostic_for(value)).prop_map(move |diagnostic| Cause {
            location,
            value,
            diagnostic,
        })
    })
}

/// Call state.
pub fn call_state() -> impl Strategy<Value = CallState> {
    code::<CallStateValue>(63).prop_map(|state| CallState { state })
}

/// Connection identifier valid under `version`.
pub fn connection_identifier(version: UniVersion) -> impl Strategy<Value = ConnectionIdentifier> {
    (
        code::<VpAssociatedSignalling>(3),
        code::<PreferredExclusive>(7).prop_filter("no VCI is UNI 4.0 only", move |p| {
            version == UniVersion::Uni40 || *p != PreferredExclusive::ExclusiveVpciNoVci
        }),
        any::<u16>(),
        any::<u16>(),
    )
        .prop_map(|(vp_associated_signalling, preferred_exclusive, vpci, vci)| {
            ConnectionIdentifier { vp_associated_signalling, preferred_exclusive, vpci, vci }
        })
}

/// Endpoint reference.
pub fn endpoint_reference() -> impl Strategy<Value = EndpointReference> {
    (code::<EndpointReferenceType>(255), any::<bool>(), 0u16..=0x7FFF)
        .prop_map(|(reference_type, flag, value)| EndpointReference { reference_type, flag, value })
}

/// Endpoint state valid under `version`.
pub fn endpoint_state(version: UniVersion) -> impl Strategy<Value = EndpointState> {
    code::<PartyState>(63)
        .prop_filter("party alerting states are UNI 4.0 only", move |s| {
            version == UniVersion::Uni40
                || !matches!(
                    s,
                    PartyState::PartyAlertingDelivered | PartyState::PartyAlertingReceived
                )
        })
        .prop_map(|party_state| EndpointState { party_state })
}

/// Notification indicator.
pub fn notification_indicator() -> impl Strategy<Value = NotificationIndicator> {
    bytes::<128>(1..=128).prop_map(|information| NotificationIndicator { information })
}

/// Restart indicator.
pub fn restart_indicator() -> impl Strategy<Value = RestartIndicator> {
    code::<RestartClass>(7).prop_map(|class| RestartIndicator { class })
}

/// Broadband sending complete.
pub fn broadband_sending_complete() -> impl Strategy<Value = BroadbandSendingComplete> {
    Just(BroadbandSendingComplete)
}

/// Broadband repeat indicator.
pub fn broadband_repeat_indicator() -> impl Strategy<Value = BroadbandRepeatIndicator> {
    code::<RepeatIndication>(15).prop_map(|indication| BroadbandRepeatIndicator { indication })
}

/// Broadband locking shift.
pub fn broadband_locking_shift() -> impl Strategy<Value = BroadbandLockingShift> {
    code::<Codeset>(7).prop_map(|codeset| BroadbandLockingShift { codeset })
}

/// Broadband non-locking shift.
pub fn broadband_non_locking_shift() -> impl Strategy<Value = BroadbandNonLockingShift> {
    code::<Codeset>(7).prop_map(|codeset| BroadbandNonLockingShift { codeset })
}

/// Broadband report type.
pub fn broadband_report_type() -> impl Strategy<Value = BroadbandReportType> {
    code::<ReportType>(255).prop_map(|report_type| BroadbandReportType { report_type })
}

/// LIJ call identifier.
pub fn lij_call_identifier() -> impl Strategy<Value = LijCallIdentifier> {
    (code::<LijIdentifierType>(15), any::<u32>())
        .prop_map(|(id_type, value)| LijCallIdentifier { id_type, value })
}

/// LIJ parameters.
pub fn lij_parameters() -> impl Strategy<Value = LijParameters> {
    code::<LijScreeningIndication>(15).prop_map(|screening| LijParameters { screening })
}

/// Leaf sequence number.
pub fn leaf_sequence_number() -> impl Strategy<Value = LeafSequenceNumber> {
    any::<u32>().prop_map(|value| LeafSequenceNumber { value })
}

/// Connection scope selection.
pub fn connection_scope_selection() -> impl Strategy<Value = ConnectionScopeSelection> {
    (code::<ConnectionScopeType>(15), code::<ConnectionScope>(255))
        .prop_map(|(scope_type, scope)| ConnectionScopeSelection { scope_type, scope })
}

fn generic_identifier() -> impl Strategy<Value = GenericIdentifier> {
    code::<IdentifierType>(255).prop_flat_map(|id_type| {
        let max = GenericIdentifier::max_len(id_type).min(MAX_IDENTIFIER_LEN);
        vec(any::<u8>(), 0..=max)
            .prop_map(move |v| GenericIdentifier::new(id_type, &v).expect("within limit"))
    })
}

/// Generic identifier transport.
pub fn generic_identifier_transport() -> impl Strategy<Value = GenericIdentifierTransport> {
    (code::<IdentifierStandard>(255), vec(generic_identifier(), 0..=MAX_IDENTIFIERS)).prop_map(
        |(standard, ids)| {
            let mut git = GenericIdentifierTransport::new(standard);
            for id in ids {
                git.push(id).expect("within limits");
            }
            git
        },
    )
}

/// User-user.
pub fn user_user() -> impl Strategy<Value = UserUser> {
    (code::<UserProtocolDiscriminator>(255), bytes::<128>(0..=128))
        .prop_map(|(protocol, information)| UserUser { protocol, information })
}

/// Either UNI version.
pub fn uni_version() -> impl Strategy<Value = UniVersion> {
    prop_oneof![Just(UniVersion::Uni31), Just(UniVersion::Uni40)]
}

//! Property tests for the IE contents types of codec-ies.md (helper "ies") and the ATM
//! address text forms: parse(emit(x)) == x for generated valid values, parse never panics and
//! whatever it accepts re-emits and re-parses to the same value, and emit's buffer contract.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod common;

use common::ie_strategies::*;
use proptest::collection::vec;
use proptest::prelude::*;
use signaling::codec::ie::*;

const CODINGS: [CodingStandard; 2] = [CodingStandard::ItuT, CodingStandard::NetworkSpecific];

/// Emits `x`, checks the length contract, parses it back under every coding standard.
fn round_trip<T>(x: &T, version: UniVersion) -> Result<(), TestCaseError>
where
    T: IeContents + PartialEq + core::fmt::Debug,
{
    let len = x.buffer_len();
    let mut buf = vec![0xEEu8; len + 4];
    let n = x.emit(&mut buf).map_err(|e| TestCaseError::fail(format!("emit {x:?}: {e:?}")))?;
    prop_assert_eq!(n, len);
    prop_assert!(buf[len..].iter().all(|b| *b == 0xEE), "emit wrote past buffer_len");
    for coding in CODINGS {
        let back = T::parse(&buf[..n], coding, version);
        prop_assert_eq!(back.as_ref(), Ok(x), "bytes {:02x?}", &buf[..n]);
    }
    if len > 0 {
        prop_assert_eq!(x.emit(&mut buf[..len - 1]), Err(IeError::BufferTooSmall));
    }
    Ok(())
}

/// Parses arbitrary octets; whatever parses must round-trip.
fn parse_any<T>(bytes: &[u8], version: UniVersion) -> Result<(), TestCaseError>
where
    T: IeContents + PartialEq + core::fmt::Debug,
{
    if let Ok(x) = T::parse(bytes, CodingStandard::ItuT, version) {
        round_trip(&x, version)?;
    }
    Ok(())
}

/// Emits a valid value, damages one octet (and maybe the length), parses the result.
fn parse_mutated<T>(
    x: &T,
    version: UniVersion,
    at: usize,
    xor: u8,
    cut: usize,
) -> Result<(), TestCaseError>
where
    T: IeContents + PartialEq + core::fmt::Debug,
{
    let mut buf = vec![0u8; x.buffer_len()];
    x.emit(&mut buf).unwrap();
    if !buf.is_empty() {
        let i = at % buf.len();
        buf[i] ^= xor;
        let keep = buf.len() - cut % (buf.len() + 1).min(3);
        buf.truncate(keep);
    }
    parse_any::<T>(&buf, version)
}

macro_rules! ie_props {
    ($( $rt:ident, $any:ident, $mutated:ident : $ty:ty => |$v:ident| $strat:expr; )*) => {
        proptest! {
            $(
                #[test]
                fn $rt((version, x) in uni_version().prop_flat_map(|$v| (Just($v), $strat))) {
                    round_trip::<$ty>(&x, version)?;
                }

                #[test]
                fn $any(version in uni_version(), bytes in vec(any::<u8>(), 0..48)) {
                    parse_any::<$ty>(&bytes, version)?;
                }

                #[test]
                fn $mutated(
                    (version, x) in uni_version().prop_flat_map(|$v| (Just($v), $strat)),
                    at in any::<usize>(),
                    xor in 1u8..=255,
                    cut in 0usize..3,
                ) {
                    parse_mutated::<$ty>(&x, version, at, xor, cut)?;
                }
            )*
        }
    };
}

ie_props! {
    called_number_rt, called_number_any, called_number_mut: CalledPartyNumber => |v| called_party_number();
    calling_number_rt, calling_number_any, calling_number_mut: CallingPartyNumber => |v| calling_party_number();
    connected_number_rt, connected_number_any, connected_number_mut: ConnectedNumber => |v| connected_number();
    called_sub_rt, called_sub_any, called_sub_mut: CalledPartySubaddress => |v| called_party_subaddress(v);
    calling_sub_rt, calling_sub_any, calling_sub_mut: CallingPartySubaddress => |v| calling_party_subaddress(v);
    connected_sub_rt, connected_sub_any, connected_sub_mut: ConnectedSubaddress => |v| connected_subaddress(v);
    cause_rt, cause_any, cause_mut: Cause => |v| cause();
    call_state_rt, call_state_any, call_state_mut: CallState => |v| call_state();
    conn_id_rt, conn_id_any, conn_id_mut: ConnectionIdentifier => |v| connection_identifier(v);
    epref_rt, epref_any, epref_mut: EndpointReference => |v| endpoint_reference();
    epstate_rt, epstate_any, epstate_mut: EndpointState => |v| endpoint_state(v);
    notify_rt, notify_any, notify_mut: NotificationIndicator => |v| notification_indicator();
    restart_rt, restart_any, restart_mut: RestartIndicator => |v| restart_indicator();
    scompl_rt, scompl_any, scompl_mut: BroadbandSendingComplete => |v| broadband_sending_complete();
    repeat_rt, repeat_any, repeat_mut: BroadbandRepeatIndicator => |v| broadband_repeat_indicator();
    lshift_rt, lshift_any, lshift_mut: BroadbandLockingShift => |v| broadband_locking_shift();
    nlshift_rt, nlshift_any, nlshift_mut: BroadbandNonLockingShift => |v| broadband_non_locking_shift();
    report_rt, report_any, report_mut: BroadbandReportType => |v| broadband_report_type();
    tns_rt, tns_any, tns_mut: TransitNetworkSelection => |v| transit_network_selection();
    lij_id_rt, lij_id_any, lij_id_mut: LijCallIdentifier => |v| lij_call_identifier();
    lij_par_rt, lij_par_any, lij_par_mut: LijParameters => |v| lij_parameters();
    leaf_seq_rt, leaf_seq_any, leaf_seq_mut: LeafSequenceNumber => |v| leaf_sequence_number();
    scope_rt, scope_any, scope_mut: ConnectionScopeSelection => |v| connection_scope_selection();
    git_rt, git_any, git_mut: GenericIdentifierTransport => |v| generic_identifier_transport();
    uu_rt, uu_any, uu_mut: UserUser => |v| user_user();
}

proptest! {
    #[test]
    fn atm_address_text_round_trip(a in atm_address()) {
        let text = a.to_string();
        prop_assert_eq!(text.parse::<AtmAddress>(), Ok(a));
    }

    #[test]
    fn aesa_text_round_trip(a in aesa()) {
        prop_assert_eq!(a.to_string().parse::<Aesa>(), Ok(a));
        let plain: String = a.0.iter().map(|b| format!("{b:02X}")).collect();
        prop_assert_eq!(plain.parse::<Aesa>(), Ok(a));
    }

    #[test]
    fn aesa_dots_anywhere(a in aesa(), dots in vec(any::<bool>(), 39)) {
        let mut text = String::new();
        for (i, b) in a.0.iter().enumerate() {
            for (j, nibble) in [b >> 4, b & 0xF].into_iter().enumerate() {
                let pos = 2 * i + j;
                if pos > 0 && dots[pos - 1] {
                    text.push('.');
                }
                text.push(char::from_digit(u32::from(nibble), 16).unwrap());
            }
        }
        prop_assert_eq!(text.parse::<Aesa>(), Ok(a));
    }

    #[test]
    fn e164_text_round_trip(e in e164(), plus in any::<bool>()) {
        let text = if plus { format!("+{e}") } else { e.to_string() };
        prop_assert_eq!(text.parse::<E164>(), Ok(e));
        prop_assert_eq!(text.parse::<AtmAddress>(), Ok(AtmAddress::E164(e)));
    }

    #[test]
    fn e164_aesa_carries_the_number(e in e164(), ho in any::<[u8; 4]>(), esi in any::<[u8; 6]>(), sel in any::<u8>(), group in any::<bool>()) {
        let a = Aesa::e164(&e, ho, esi, sel, group);
        // Leading zeros of the number are not kept by the BCD IDI.
        let trimmed = e.to_string().trim_start_matches('0').to_string();
        let expect = if trimmed.is_empty() { "0".to_string() } else { trimmed };
        prop_assert_eq!(a.e164_number().map(|n| n.to_string()), Some(expect));
        prop_assert_eq!(a.ho_dsp(), Some(&ho[..]));
        prop_assert_eq!(a.esi(), esi);
        prop_assert_eq!(a.sel(), sel);
    }

    #[test]
    fn address_text_never_panics(s in "\\PC{0,60}", t in "[0-9a-fA-F.+]{0,50}") {
        let _ = s.parse::<AtmAddress>();
        let _ = t.parse::<AtmAddress>();
        let _ = t.parse::<E164>();
        if let Ok(a) = t.parse::<AtmAddress>() {
            prop_assert_eq!(a.to_string().parse::<AtmAddress>(), Ok(a));
        }
    }
}

/// The called party number of the UNI 4.0 SETUP in atm-reference.md, through the public API.
#[test]
fn setup_called_party_number_known_answer() {
    let contents = [
        0x82, 0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x15, 0x10, 0x00, 0x00,
        0x20, 0x48, 0x1a, 0x00, 0x00, 0x01,
    ];
    let n = CalledPartyNumber::parse(&contents, CodingStandard::ItuT, UniVersion::Uni40).unwrap();
    assert_eq!(n.0.type_of_number, TypeOfNumber::UnknownType);
    assert_eq!(n.0.address.numbering_plan(), NumberingPlan::Aesa);
    let addr = n.0.address.atm_address().unwrap();
    assert_eq!(addr.to_string(), "47.0005.80ffe1000000f21510000020481a0000.01");
    let AtmAddress::Aesa(aesa) = addr else { panic!("not an AESA") };
    assert_eq!(aesa.format(), AesaFormat::Icd);
    assert_eq!(aesa.idi(), Some(&[0x00, 0x05][..]));
    let rebuilt = CalledPartyNumber(PartyNumber::from_atm_address(
        "47.0005.80ffe1000000f21510000020481a0000.01".parse().unwrap(),
    ));
    let mut buf = [0u8; 21];
    assert_eq!(rebuilt.emit(&mut buf), Ok(21));
    assert_eq!(buf, contents);
}

/// The coding standards each IE is declared for: ITU-T for the Q.2931 family, ATM Forum coding
/// for the UNI 4.0 LIJ and scope IEs, either for Cause, TNS and GIT.
#[test]
fn declared_coding_standards() {
    use CodingStandard::{ItuT, NetworkSpecific};
    assert_eq!(CalledPartyNumber::CODING_STANDARDS, &[ItuT]);
    assert_eq!(ConnectionIdentifier::CODING_STANDARDS, &[ItuT]);
    assert_eq!(Cause::CODING_STANDARDS, &[ItuT, NetworkSpecific]);
    assert_eq!(TransitNetworkSelection::CODING_STANDARDS, &[ItuT, NetworkSpecific]);
    assert_eq!(LijCallIdentifier::CODING_STANDARDS, &[NetworkSpecific]);
    assert_eq!(ConnectionScopeSelection::CODING_STANDARDS, &[NetworkSpecific]);
    assert_eq!(GenericIdentifierTransport::CODING_STANDARDS, &[ItuT, NetworkSpecific]);
}

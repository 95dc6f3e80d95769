//! OID codes, the MCM's OID table and its length rules, and the bounded query writers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::HashSet;

use mcm::abi::atm::{AtmAddress, AtmVcRatesSupported, AtmVpiVci, Q2931AddPvc};
use mcm::abi::co::{CoAddress, CoAddressList, CoPvc};
use mcm::abi::oid::*;
use mcm::abi::{AbiStruct, NdisStatus};
use proptest::prelude::*;

const MP: OidHandler = OidHandler::Miniport;
const CM: OidHandler = OidHandler::CallManager;

/// `answer_query` for a plain Query request.
fn query(handler: OidHandler, oid: Oid, buf: &mut [u8], value: QueryValue<'_>) -> QueryResult {
    answer_query(handler, oid, RequestType::Query, buf, value)
}

/// The answer to a query whose buffer is shorter than the `needed` bytes.
fn too_short(needed: u32) -> QueryResult {
    QueryResult { status: NdisStatus::BUFFER_TOO_SHORT, bytes_written: 0, bytes_needed: needed }
}

/// OID_CO_ADD_PVC's set buffer read through the call manager's table entry.
fn read_add_pvc(buf: &[u8]) -> Result<SetRead<CoPvc<Q2931AddPvc>>, LengthError> {
    read_set::<CoPvc<Q2931AddPvc>>(CM, Oid::CO_ADD_PVC, buf)
}

#[test]
fn known_values() {
    // ntddndis.h
    assert_eq!(Oid::GEN_CO_SUPPORTED_LIST.0, 0x0001_0101);
    assert_eq!(Oid::GEN_CO_MINIMUM_LINK_SPEED.0, 0x0002_0120);
    assert_eq!(Oid::GEN_CO_BYTES_XMIT.0, 0x0002_0201);
    assert_eq!(Oid::GEN_CO_BYTES_RCV.0, 0x0002_0207);
    assert_eq!(Oid::GEN_CO_GET_TIME_CAPS.0, 0x0002_020F);
    assert_eq!(Oid::GEN_CO_BYTES_XMIT_OUTSTANDING.0, 0x0002_0221);
    // condis-reference.md §6
    assert_eq!(Oid::CO_ADD_PVC.0, 0xFE00_0001);
    assert_eq!(Oid::CO_AF_CLOSE.0, 0xFE00_000A);
    assert_eq!(Oid::ATM_MAX_AAL5_PACKET_SIZE.0, 0x0801_010B);
    assert_eq!(Oid::ATM_MY_IP_NM_ADDRESS.0, 0x0801_020F);
    assert_eq!(Oid::ATM_RCV_REASSEMBLY_ERROR.0, 0x0802_0203);
    assert_eq!(format!("{:?}", Oid::CO_GET_ADDRESSES), "OID_CO_GET_ADDRESSES");
    assert_eq!(format!("{:?}", Oid(0x1234)), "Oid(0x00001234)");
}

#[test]
fn names_and_values_unique() {
    let values: HashSet<u32> = Oid::ALL.iter().map(|o| o.0).collect();
    assert_eq!(values.len(), Oid::ALL.len());
    let statuses: HashSet<u32> = NdisStatus::ALL.iter().map(|s| s.0).collect();
    assert_eq!(statuses.len(), NdisStatus::ALL.len());
}

#[test]
fn table_is_consistent() {
    let mut seen = HashSet::new();
    for info in MCM_OIDS {
        assert!(seen.insert(info.oid), "{:?} twice", info.oid);
        assert!(info.oid.name().is_some());
        assert!(info.query.is_some() || info.set.is_some());
        assert_eq!(lookup(info.oid), Some(info));
        // OID_CO_* go to the call manager or to clients, everything else to the miniport.
        let co = info.oid.0 & 0xFF00_0000 == 0xFE00_0000;
        assert_eq!(co, info.handler != OidHandler::Miniport, "{:?}", info.oid);
    }
    // Mandatory CoNDIS miniport OIDs are all answered.
    for oid in [
        Oid::GEN_CO_SUPPORTED_LIST,
        Oid::GEN_CO_HARDWARE_STATUS,
        Oid::GEN_CO_MEDIA_SUPPORTED,
        Oid::GEN_CO_MEDIA_IN_USE,
        Oid::GEN_CO_LINK_SPEED,
        Oid::GEN_CO_VENDOR_ID,
        Oid::GEN_CO_VENDOR_DESCRIPTION,
        Oid::GEN_CO_DRIVER_VERSION,
        Oid::GEN_CO_PROTOCOL_OPTIONS,
        Oid::GEN_CO_MAC_OPTIONS,
        Oid::GEN_CO_MEDIA_CONNECT_STATUS,
        Oid::GEN_CO_VENDOR_DRIVER_VERSION,
        Oid::GEN_CO_MINIMUM_LINK_SPEED,
        Oid::GEN_CO_XMIT_PDUS_OK,
        Oid::GEN_CO_RCV_PDUS_OK,
        Oid::GEN_CO_XMIT_PDUS_ERROR,
        Oid::GEN_CO_RCV_PDUS_ERROR,
        Oid::GEN_CO_RCV_PDUS_NO_BUFFER,
        Oid::ATM_SUPPORTED_VC_RATES,
        Oid::ATM_SUPPORTED_SERVICE_CATEGORY,
        Oid::ATM_SUPPORTED_AAL_TYPES,
        Oid::ATM_HW_CURRENT_ADDRESS,
        Oid::ATM_MAX_ACTIVE_VCS,
        Oid::ATM_MAX_ACTIVE_VCI_BITS,
        Oid::ATM_MAX_ACTIVE_VPI_BITS,
        Oid::ATM_MAX_AAL5_PACKET_SIZE,
    ] {
        assert_eq!(lookup(oid).map(|i| i.handler), Some(OidHandler::Miniport), "{oid:?}");
    }
    assert!(supported_by(OidHandler::CallManager).any(|o| o == Oid::CO_ADD_PVC));
    assert!(!supported_by(OidHandler::Miniport).any(|o| o == Oid::CO_ADD_PVC));
}

#[test]
fn fixed_query_too_short_is_buffer_too_short() {
    let e = check_request(MP, Oid::GEN_CO_LINK_SPEED, RequestType::Query, 4).unwrap_err();
    assert_eq!(e, LengthError { status: NdisStatus::BUFFER_TOO_SHORT, bytes_needed: 8 });
    assert_eq!(
        check_request(MP, Oid::GEN_CO_LINK_SPEED, RequestType::Query, 8),
        Ok(LengthRule::Fixed(8))
    );
    assert_eq!(
        check_request(
            OidHandler::Miniport,
            Oid::GEN_CO_LINK_SPEED,
            RequestType::QueryStatistics,
            64
        ),
        Ok(LengthRule::Fixed(8))
    );
    let e = check_request(MP, Oid::GEN_CO_DRIVER_VERSION, RequestType::Query, 1).unwrap_err();
    assert_eq!(e.bytes_needed, 2);
}

#[test]
fn set_too_short_is_invalid_length() {
    let e = check_request(MP, Oid::GEN_CO_PROTOCOL_OPTIONS, RequestType::Set, 3).unwrap_err();
    assert_eq!(e, LengthError { status: NdisStatus::INVALID_LENGTH, bytes_needed: 4 });
    let e = check_request(CM, Oid::CO_ADD_PVC, RequestType::Set, 311).unwrap_err();
    assert_eq!(e, LengthError { status: NdisStatus::INVALID_LENGTH, bytes_needed: 312 });
    let e = check_request(CM, Oid::CO_DELETE_PVC, RequestType::Set, 0).unwrap_err();
    assert_eq!(e.bytes_needed, 24);
}

#[test]
fn counters_need_4_and_hint_8() {
    let e = check_request(MP, Oid::GEN_CO_XMIT_PDUS_OK, RequestType::Query, 3).unwrap_err();
    assert_eq!(e, LengthError { status: NdisStatus::BUFFER_TOO_SHORT, bytes_needed: 8 });
    assert_eq!(
        check_request(MP, Oid::ATM_CELLS_HEC_ERROR, RequestType::Query, 4),
        Ok(LengthRule::Counter)
    );
}

#[test]
fn not_supported_cases() {
    let ns = LengthError { status: NdisStatus::NOT_SUPPORTED, bytes_needed: 0 };
    for (handler, oid, request, len) in [
        // Unknown OID.
        (MP, Oid(0x0101_0101), RequestType::Query, 64),
        // Known, but not answered by the MCM.
        (MP, Oid::GEN_CO_GET_NETCARD_TIME, RequestType::Query, 64),
        // Wrong entry point: a PVC OID with a NULL AF handle reaches MiniportCoOidRequest.
        (MP, Oid::CO_ADD_PVC, RequestType::Set, 400),
        (CM, Oid::GEN_CO_VENDOR_ID, RequestType::Query, 4),
        // Wrong direction.
        (MP, Oid::GEN_CO_VENDOR_ID, RequestType::Set, 4),
        (MP, Oid::GEN_CO_PROTOCOL_OPTIONS, RequestType::Query, 4),
        // Methods and other request types.
        (MP, Oid::GEN_CO_VENDOR_ID, RequestType::from(12), 4),
    ] {
        assert_eq!(check_request(handler, oid, request, len), Err(ns), "{oid:?} {request:?}");
    }
    assert_eq!(u32::from(RequestType::from(12)), 12);
    assert_eq!(RequestType::from(1), RequestType::Set);
}

#[test]
fn check_length_uses_the_table_handler() {
    assert_eq!(
        check_length(Oid::CO_ADD_PVC, RequestType::Set, 100),
        Err(LengthError { status: NdisStatus::INVALID_LENGTH, bytes_needed: 312 })
    );
    assert_eq!(
        check_length(Oid::GEN_CO_VENDOR_ID, RequestType::Query, 4),
        Ok(LengthRule::Fixed(4))
    );
    assert_eq!(
        check_length(Oid(0xFFFF_FFFF), RequestType::Query, 4).unwrap_err().status,
        NdisStatus::NOT_SUPPORTED
    );
}

#[test]
fn to_client_oids_carry_no_buffer() {
    assert_eq!(
        check_request(OidHandler::ToClient, Oid::CO_ADDRESS_CHANGE, RequestType::Set, 0),
        Ok(LengthRule::Empty)
    );
    assert_eq!(
        check_request(OidHandler::ToClient, Oid::CO_SIGNALING_ENABLED, RequestType::Set, 0),
        Ok(LengthRule::Empty)
    );
}

#[test]
fn write_counter_widths() {
    let v = 0x1_2345_6789u64;
    let mut b8 = [0u8; 10];
    assert_eq!(
        write_counter(&mut b8, v),
        QueryResult { status: NdisStatus::SUCCESS, bytes_written: 8, bytes_needed: 0 }
    );
    assert_eq!(u64::from_le_bytes(b8[..8].try_into().unwrap()), v);
    assert_eq!(&b8[8..], &[0, 0]);
    let mut b6 = [0xEEu8; 6];
    assert_eq!(
        write_counter(&mut b6, v),
        QueryResult { status: NdisStatus::SUCCESS, bytes_written: 4, bytes_needed: 8 }
    );
    assert_eq!(b6, [0x89, 0x67, 0x45, 0x23, 0xEE, 0xEE]);
    let mut b3 = [0xEEu8; 3];
    assert_eq!(write_counter(&mut b3, v), too_short(8));
    assert_eq!(b3, [0xEE; 3]);
}

#[test]
fn writers_never_write_partially() {
    let mut b = [0xEEu8; 5];
    assert_eq!(write_bytes(&mut b, b"ATM NIC description"), too_short(19));
    assert_eq!(b, [0xEE; 5]);
    let mut b = [0xEEu8; 7];
    assert_eq!(write_u32_list(&mut b, [1u32, 2]).status, NdisStatus::BUFFER_TOO_SHORT);
    assert_eq!(write_u32_list(&mut b, [1u32, 2]).bytes_needed, 8);
    assert_eq!(b, [0xEE; 7]);
    let mut b = [0u8; 8];
    assert_eq!(write_u32_list(&mut b, [1u32, 2]).bytes_written, 8);
    assert_eq!(b, [1, 0, 0, 0, 2, 0, 0, 0]);
    let mut b = [0u8; 2];
    assert_eq!(write_u16(&mut b, 0x0600).bytes_written, 2);
    assert_eq!(b, [0x00, 0x06]);
}

#[test]
fn answer_query_end_to_end() {
    let mut b = [0u8; 8];
    let r = query(
        MP,
        Oid::GEN_CO_LINK_SPEED,
        &mut b,
        QueryValue::LinkSpeed(CoLinkSpeed { outbound: 1_536_000, inbound: 1_536_000 }),
    );
    assert_eq!(r, QueryResult { status: NdisStatus::SUCCESS, bytes_written: 8, bytes_needed: 0 });
    assert_eq!(CoLinkSpeed::parse(&b).unwrap().outbound, 1_536_000);

    let mut b = [0u8; 8];
    let r = query(
        MP,
        Oid::ATM_SUPPORTED_VC_RATES,
        &mut b,
        QueryValue::VcRates(AtmVcRatesSupported { min_cell_rate: 0, max_cell_rate: 353_207 }),
    );
    assert_eq!(r.bytes_written, 8);

    let mut b = [0u8; 8];
    let r = query(
        MP,
        Oid::ATM_SIGNALING_VPIVCI,
        &mut b,
        QueryValue::VpiVci(AtmVpiVci { vpi: 0, vci: 5 }),
    );
    assert_eq!(r.bytes_written, 8);
    assert_eq!(b, [0, 0, 0, 0, 5, 0, 0, 0]);

    // A value of the wrong size for a Fixed OID is a driver bug: FAILURE, nothing written.
    let mut b = [0xEEu8; 8];
    let r = query(MP, Oid::GEN_CO_LINK_SPEED, &mut b, QueryValue::U32(1));
    assert_eq!(r.status, NdisStatus::FAILURE);
    assert_eq!(b, [0xEE; 8]);
    let r = query(MP, Oid::GEN_CO_XMIT_PDUS_OK, &mut b, QueryValue::U32(1));
    assert_eq!(r.status, NdisStatus::FAILURE);

    // The table check comes first.
    let mut b = [0u8; 3];
    let r = query(MP, Oid::GEN_CO_VENDOR_ID, &mut b, QueryValue::U32(1));
    assert_eq!(r, too_short(4));

    // Variable answers: the exact need is reported.
    let list = CoAddressList {
        number_of_addresses_available: 2,
        addresses: vec![CoAddress::atm(AtmAddress::nsap([0x47; 20])); 2],
    };
    for len in [4, 44] {
        let mut b = vec![0u8; len];
        let r = query(CM, Oid::CO_GET_ADDRESSES, &mut b, QueryValue::AddressList(&list));
        assert_eq!(r, too_short(80), "{len}-byte buffer");
    }
    let mut b = [0u8; 80];
    let r = query(CM, Oid::CO_GET_ADDRESSES, &mut b, QueryValue::AddressList(&list));
    assert_eq!(r.bytes_written, 80);
    assert_eq!(CoAddressList::parse(&b).unwrap(), list);

    let oids: Vec<u32> = supported_by(OidHandler::Miniport).map(u32::from).collect();
    let mut b = vec![0u8; oids.len() * 4];
    let r = query(MP, Oid::GEN_CO_SUPPORTED_LIST, &mut b, QueryValue::U32List(&oids));
    assert_eq!(r.bytes_written as usize, oids.len() * 4);
}

#[test]
fn read_set_add_pvc() {
    let pvc = CoPvc {
        ndis_af_handle: 0xFFFF_A000_0000_0010,
        param_type: 1,
        parameters: Q2931AddPvc::parse(&[0u8; 296]).unwrap(),
    };
    let mut b = vec![0u8; 320];
    pvc.emit(&mut b).unwrap();
    let r = read_add_pvc(&b).unwrap();
    assert_eq!(r.value, pvc);
    assert_eq!(r.bytes_read, 312);
    // Short: INVALID_LENGTH with BytesNeeded.
    let e = read_add_pvc(&b[..300]).unwrap_err();
    assert_eq!(e, LengthError { status: NdisStatus::INVALID_LENGTH, bytes_needed: 312 });
    // Long enough, but PvcParameters.Length lies: INVALID_DATA.
    b[12..16].copy_from_slice(&500u32.to_le_bytes());
    let e = read_add_pvc(&b).unwrap_err();
    assert_eq!(e.status, NdisStatus::INVALID_DATA);
    // Length too small for Q2931_ADD_PVC: a truncated structure inside, INVALID_LENGTH.
    b[12..16].copy_from_slice(&100u32.to_le_bytes());
    let e = read_add_pvc(&b).unwrap_err();
    assert_eq!(e, LengthError { status: NdisStatus::INVALID_LENGTH, bytes_needed: 296 });
}

fn rule_min(rule: LengthRule) -> usize {
    match rule {
        LengthRule::Fixed(n) => n,
        LengthRule::Counter => 4,
        LengthRule::Variable { min } => min,
        LengthRule::Empty => 0,
    }
}

proptest! {
    /// For every OID and every length, an accepted request satisfies its rule and a refused
    /// one reports a status NDIS accepts for it.
    #[test]
    fn check_request_is_exact(idx in 0usize..1000, req in 0u32..4, len in 0usize..400,
                              h in 0usize..3, raw in any::<u32>()) {
        let handler = [OidHandler::Miniport, OidHandler::CallManager, OidHandler::ToClient][h];
        let oid = MCM_OIDS.get(idx).map_or(Oid(raw), |i| i.oid);
        let request = RequestType::from(req);
        match check_request(handler, oid, request, len) {
            Ok(rule) => {
                prop_assert!(len >= rule_min(rule));
                prop_assert_eq!(lookup(oid).unwrap().handler, handler);
            }
            Err(e) => {
                prop_assert!(e.status == NdisStatus::NOT_SUPPORTED
                    || e.status == NdisStatus::BUFFER_TOO_SHORT
                    || e.status == NdisStatus::INVALID_LENGTH);
                if e.status != NdisStatus::NOT_SUPPORTED {
                    prop_assert!(e.bytes_needed as usize > len);
                }
            }
        }
    }

    /// Writers never report more bytes than the buffer holds, and never touch the buffer
    /// when they fail.
    #[test]
    fn writers_stay_in_bounds(len in 0usize..24, data in prop::collection::vec(any::<u8>(), 0..24),
                              v in any::<u64>()) {
        let mut b = vec![0xEEu8; len];
        let r = write_bytes(&mut b, &data);
        prop_assert!(r.bytes_written as usize <= len);
        if !r.status.is_success() { prop_assert!(b.iter().all(|&x| x == 0xEE)); }
        let mut b = vec![0xEEu8; len];
        let r = write_counter(&mut b, v);
        prop_assert!(r.bytes_written as usize <= len);
        prop_assert!(r.bytes_written == 0 || r.bytes_written == 4 || r.bytes_written == 8);
        if !r.status.is_success() { prop_assert!(b.iter().all(|&x| x == 0xEE)); }
    }
}

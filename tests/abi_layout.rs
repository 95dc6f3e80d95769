//! Byte-exact x64 layouts (condis-reference.md §5): structures written by hand at the WDK
//! offsets parse to the expected values, and emitting them reproduces the same bytes.
//! Offsets here are literals from the WDK headers, independent of the `mod field` constants.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use mcm::abi::atm::*;
use mcm::abi::co::*;
use mcm::abi::q2931::*;
use mcm::abi::registration::*;
use mcm::abi::{AbiError, AbiStruct, FlatResolver, FlatResolverMut};

fn put32(buf: &mut [u8], off: usize, v: u32) {
    buf[off..off + 4].copy_from_slice(&v.to_le_bytes());
}

fn put64(buf: &mut [u8], off: usize, v: u64) {
    buf[off..off + 8].copy_from_slice(&v.to_le_bytes());
}

fn emitted<T: AbiStruct>(v: &T) -> Vec<u8> {
    let mut out = vec![0u8; v.buffer_len()];
    assert_eq!(v.emit(&mut out).unwrap(), out.len());
    out
}

const AESA: [u8; 20] = [
    0x47, 0x00, 0x05, 0x80, 0xFF, 0xE1, 0x00, 0x00, 0x00, 0xF2, 0x1A, 0x2B, 0x3C, 0x00, 0x20, 0x48,
    0x1A, 0x2B, 0x3C, 0x00,
];

/// ATM_ADDRESS at `off`: NSAP, 20 digits.
fn put_nsap(buf: &mut [u8], off: usize) {
    put32(buf, off, 0);
    put32(buf, off + 4, 20);
    buf[off + 8..off + 28].copy_from_slice(&AESA);
}

/// ATM_FLOW_PARAMETERS at `off`.
fn put_flow(buf: &mut [u8], off: usize, category: u32, pcr: u32, sdu: u32) {
    put32(buf, off, category);
    put32(buf, off + 4, pcr / 2); // AverageCellRate
    put32(buf, off + 8, pcr); // PeakCellRate
    put32(buf, off + 20, 32); // BurstLengthCells
    put32(buf, off + 24, sdu); // MaxSduSize
    buf[off + 36] = 0xA1; // RateIncreaseFactor
    buf[off + 38..off + 40].copy_from_slice(&0x1234u16.to_le_bytes()); // ACRDecreaseTimeFactor
    buf[off + 43] = 0x01; // Reserved1
    put32(buf, off + 44, 0x55); // MissingRMCellCount
}

/// CO_MEDIA_PARAMETERS + ATM_MEDIA_PARAMETERS as a Windows client lays them out.
fn media_bytes() -> Vec<u8> {
    let mut b = vec![0u8; 24 + 152];
    put32(&mut b, 0, MediaFlags::TRANSMIT_VC | MediaFlags::RECEIVE_VC);
    put32(&mut b, 4, 3); // ReceivePriority
    put32(&mut b, 8, 9180); // ReceiveSizeHint
    put32(&mut b, 16, 1); // MediaSpecific.ParamType = ATM_MEDIA_SPECIFIC
    put32(&mut b, 20, 152); // MediaSpecific.Length
    let p = 24;
    put32(&mut b, p, 0); // Vpi
    put32(&mut b, p + 4, 100); // Vci
    put32(&mut b, p + 8, 8); // AALType = AAL5
    put32(&mut b, p + 36, 1); // DefaultCLP
    put_flow(&mut b, p + 40, 4, 353_207, 9188); // Transmit: UBR
    put_flow(&mut b, p + 96, 1, 10_000, 1500); // Receive: CBR
    b
}

#[test]
fn co_media_parameters_x64() {
    let b = media_bytes();
    let m = CoMediaParameters::parse(&b).unwrap();
    assert_eq!(m.flags, MediaFlags(0x0C));
    assert_eq!(m.receive_priority, 3);
    assert_eq!(m.receive_size_hint, 9180);
    let atm = m.atm().unwrap();
    assert_eq!(atm.connection_id, AtmVpiVci { vpi: 0, vci: 100 });
    assert_eq!(atm.aal_type, AalType::Aal5);
    assert_eq!(atm.default_clp, 1);
    assert_eq!(atm.transmit.service_category, ServiceCategory::Ubr);
    assert_eq!(atm.transmit.peak_cell_rate, 353_207);
    assert_eq!(atm.transmit.average_cell_rate, 353_207 / 2);
    assert_eq!(atm.transmit.burst_length_cells, 32);
    assert_eq!(atm.transmit.max_sdu_size, 9188);
    assert_eq!(atm.transmit.rate_increase_factor, 0xA1);
    assert_eq!(atm.transmit.acr_decrease_time_factor, 0x1234);
    assert_eq!(atm.transmit.reserved1, 1);
    assert_eq!(atm.transmit.missing_rm_cell_count, 0x55);
    assert_eq!(atm.receive.service_category, ServiceCategory::Cbr);
    assert_eq!(atm.receive.peak_cell_rate, 10_000);
    assert_eq!(atm.receive.max_sdu_size, 1500);
    assert_eq!(emitted(&m), b);
}

#[test]
fn co_media_parameters_with_longer_length_ignores_extra() {
    // Some clients pass Length = sizeof(ATM_MEDIA_PARAMETERS) rounded up.
    let mut b = media_bytes();
    put32(&mut b, 20, 160);
    b.extend_from_slice(&[0xEE; 8]);
    let m = CoMediaParameters::parse(&b).unwrap();
    assert_eq!(m.atm().unwrap().connection_id.vci, 100);
    assert_eq!(m.buffer_len(), 176);
}

/// Flat client memory at 0x7FF0_0000: CO_CALL_PARAMETERS at 0, call-manager parameters at
/// 0x40, media parameters at 0x200. IELengths use the client convention
/// sizeof(Q2931_IE) + sizeof(body) (12 + body), i.e. with slack after each body.
fn call_memory() -> (u64, Vec<u8>) {
    let base = 0x7FF0_0000u64;
    let mut m = vec![0u8; 0x200 + 176];
    put32(&mut m, 0, CallFlags::PERMANENT_VC);
    put64(&mut m, 8, base + 0x40);
    put64(&mut m, 16, base + 0x200);
    let cm = 0x40;
    put32(&mut m, cm, 125_000); // Transmit.TokenRate
    put32(&mut m, cm + 20, SERVICETYPE_BESTEFFORT); // Transmit.ServiceType
    put32(&mut m, cm + 24, 9180); // Transmit.MaxSduSize
    put32(&mut m, cm + 32 + 24, 9180); // Receive.MaxSduSize
    put32(&mut m, cm + 64, 1); // CallMgrSpecific.ParamType = CALLMGR_SPECIFIC_Q2931
    let q = cm + 72;
    put_nsap(&mut m, q); // CalledParty
    put32(&mut m, q + 28, 0); // CallingParty: absent
    put32(&mut m, q + 56, 2); // InfoElementCount
    let ie1 = q + 60;
    put32(&mut m, ie1, 0); // IE_AALParameters
    put32(&mut m, ie1 + 4, 12 + 16);
    put32(&mut m, ie1 + 8, 8); // AALType
    put32(&mut m, ie1 + 12, 9188); // Forward max CPCS-SDU
    put32(&mut m, ie1 + 16, 9188); // Backward
    m[ie1 + 20] = AAL5_MODE_MESSAGE;
    m[ie1 + 21] = AAL5_SSCS_NULL;
    let ie2 = ie1 + 28;
    put32(&mut m, ie2, 4); // IE_BLLI
    put32(&mut m, ie2 + 4, 12 + 36);
    put32(&mut m, ie2 + 8, BLLI_L2_LLC);
    put32(&mut m, ie2 + 8 + 12, SAP_FIELD_ABSENT); // Layer3Protocol
    let end = ie2 + 48;
    put32(&mut m, cm + 68, u32::try_from(end - q).unwrap()); // CallMgrSpecific.Length
    assert!(end <= 0x200);
    m[0x200..].copy_from_slice(&media_bytes());
    (base, m)
}

#[test]
fn co_call_parameters_through_resolver() {
    let (base, mem) = call_memory();
    let r = FlatResolver { base, buf: &mem };
    let p = CoCallParameters::parse_at(base, &r).unwrap();
    assert!(p.flags.contains(CallFlags::PERMANENT_VC));
    let cm = p.call_mgr_parameters.as_ref().unwrap();
    assert_eq!(cm.transmit.token_rate, 125_000);
    assert_eq!(cm.transmit.service_type, SERVICETYPE_BESTEFFORT);
    assert_eq!(cm.receive.max_sdu_size, 9180);
    let CallMgrSpecific::Q2931(q) = &cm.call_mgr_specific else { panic!("not Q2931") };
    assert_eq!(q.called_party, AtmAddress::nsap(AESA));
    assert!(q.calling_party.is_empty());
    assert_eq!(q.info_elements.len(), 2);
    assert_eq!(
        q.find(Q2931IeType::AalParameters),
        Some(&Q2931Ie::AalParameters(AalParametersIe::Aal5(Aal5Parameters {
            forward_max_cpcs_sdu_size: 9188,
            backward_max_cpcs_sdu_size: 9188,
            mode: AAL5_MODE_MESSAGE,
            sscs_type: AAL5_SSCS_NULL,
        })))
    );
    let Some(Q2931Ie::Blli(blli)) = q.find(Q2931IeType::Blli) else { panic!("no BLLI") };
    assert_eq!(blli.layer2_protocol, BLLI_L2_LLC);
    assert_eq!(blli.layer3_protocol, SAP_FIELD_ABSENT);
    assert_eq!(p.media_parameters.as_ref().unwrap().atm().unwrap().connection_id.vci, 100);

    // Re-emitted flat: our layout (8-aligned parts, IEs padded to 4) parses to the same.
    let mut out = vec![0u8; p.flat_len()];
    p.emit_flat(&mut out, 0x1000).unwrap();
    assert_eq!(u64::from_le_bytes(out[8..16].try_into().unwrap()), 0x1000 + 24);
    let media_ptr = u64::from_le_bytes(out[16..24].try_into().unwrap());
    assert_eq!(media_ptr % 8, 0);
    let r2 = FlatResolver { base: 0x1000, buf: &out };
    assert_eq!(CoCallParameters::parse_at(0x1000, &r2).unwrap(), p);
}

#[test]
fn write_back_negotiated_parameters() {
    let (base, mut mem) = call_memory();
    let mut p = CoCallParameters::parse_at(base, &FlatResolver { base, buf: &mem }).unwrap();
    p.flags.0 |= CallFlags::CALL_PARAMETERS_CHANGED;
    let MediaSpecific::Atm(atm) = &mut p.media_parameters.as_mut().unwrap().media_specific else {
        panic!("not ATM")
    };
    atm.transmit.peak_cell_rate = 100_000;
    atm.connection_id.vci = 77;
    p.call_mgr_parameters.as_mut().unwrap().transmit.token_rate = 5_300_000;
    let before = mem.clone();
    p.write_back(base, &mut FlatResolverMut { base, buf: &mut mem }).unwrap();
    // Pointers unchanged, values updated.
    assert_eq!(&mem[8..24], &before[8..24]);
    assert_eq!(u32::from_le_bytes(mem[0..4].try_into().unwrap()), 3);
    assert_eq!(CoCallParameters::parse_at(base, &FlatResolver { base, buf: &mem }).unwrap(), p);
    assert_eq!(u32::from_le_bytes(mem[0x200 + 24 + 4..0x200 + 28 + 4].try_into().unwrap()), 77);

    // A larger Q.2931 body than the client provided is refused.
    let CallMgrSpecific::Q2931(q) = &mut p.call_mgr_parameters.as_mut().unwrap().call_mgr_specific
    else {
        panic!("not Q2931")
    };
    q.info_elements.push(Q2931Ie::LijCallId(1));
    p.flags.0 = 0;
    let unchanged = mem.clone();
    let err = p.write_back(base, &mut FlatResolverMut { base, buf: &mut mem }).unwrap_err();
    assert!(matches!(err, AbiError::BufferTooSmall { .. }));
    assert_eq!(mem, unchanged, "a refused write-back writes nothing");

    // Media parameters for a client that passed none.
    let mut none = vec![0u8; 24];
    let only_media = CoCallParameters { call_mgr_parameters: None, ..p.clone() };
    let err = only_media
        .write_back(0x50, &mut FlatResolverMut { base: 0x50, buf: &mut none })
        .unwrap_err();
    assert!(matches!(err, AbiError::BadPointer { field: "MediaParameters", .. }));
}

#[test]
fn null_pointers_are_none() {
    let mut mem = vec![0u8; 24];
    put32(&mut mem, 0, CallFlags::MULTIPOINT_VC);
    let r = FlatResolver { base: 0x10, buf: &mem };
    let p = CoCallParameters::parse_at(0x10, &r).unwrap();
    assert_eq!(p.flags, CallFlags(0x10));
    assert!(p.call_mgr_parameters.is_none() && p.media_parameters.is_none());
    assert_eq!(p.flat_len(), 24);
}

#[test]
fn q2931_ie_emit_layout() {
    let q = Q2931CallMgrParameters {
        called_party: AtmAddress::e164(b"12125551234").unwrap(),
        calling_party: AtmAddress::EMPTY,
        info_elements: vec![
            Q2931Ie::BroadbandBearerCapability(AtmBroadbandBearerCapabilityIe {
                bearer_class: 0x10,
                traffic_type: 0,
                timing_requirements: 0,
                clipping_susceptability: 0,
                user_plane_connection_config: 0,
            }),
            Q2931Ie::Cause(AtmCauseIe {
                location: 0,
                cause: 16,
                diagnostics_length: 0,
                diagnostics: [0; 4],
            }),
        ],
    };
    let b = emitted(&q);
    assert_eq!(b.len(), 60 + 16 + 16);
    assert_eq!(u32::from_le_bytes(b[0..4].try_into().unwrap()), 1); // ATM_E164
    assert_eq!(u32::from_le_bytes(b[4..8].try_into().unwrap()), 11);
    assert_eq!(&b[8..19], b"12125551234");
    assert_eq!(u32::from_le_bytes(b[56..60].try_into().unwrap()), 2);
    // IE 1: type 2, length 8 + 5 padded to 8.
    assert_eq!(u32::from_le_bytes(b[60..64].try_into().unwrap()), 2);
    assert_eq!(u32::from_le_bytes(b[64..68].try_into().unwrap()), 16);
    assert_eq!(b[68], 0x10);
    assert_eq!(&b[73..76], &[0, 0, 0]);
    // IE 2 at 76: type 9, length 8 + 7 padded to 8.
    assert_eq!(u32::from_le_bytes(b[76..80].try_into().unwrap()), 9);
    assert_eq!(u32::from_le_bytes(b[80..84].try_into().unwrap()), 16);
    assert_eq!(b[85], 16);
    assert_eq!(Q2931CallMgrParameters::parse(&b).unwrap(), q);
    assert_eq!(q.effective_called_party().digits(), b"12125551234");
    assert!(q.effective_calling_party().is_empty());
}

#[test]
fn party_number_ies_override() {
    let called = AtmAddress::nsap(AESA);
    let calling = AtmAddress::e164(b"555").unwrap();
    let q = Q2931CallMgrParameters {
        called_party: AtmAddress::EMPTY,
        calling_party: AtmAddress::EMPTY,
        info_elements: vec![
            Q2931Ie::CalledPartyNumber(called),
            Q2931Ie::CallingPartyNumber(AtmCallingPartyNumberIe {
                number: calling,
                presentation_indication: 0,
                screening_indicator: 0,
            }),
        ],
    };
    assert_eq!(q.effective_called_party(), &called);
    assert_eq!(q.effective_calling_party(), &calling);
}

fn add_pvc_bytes() -> Vec<u8> {
    let mut b = vec![0u8; 296];
    put_nsap(&mut b, 0);
    put32(&mut b, 56, 0); // Vpi
    put32(&mut b, 60, 42); // Vci
    put32(&mut b, 64, 8); // AAL5
    put_flow(&mut b, 68, 4, 1000, 9188);
    put_flow(&mut b, 124, 4, 2000, 9188);
    put32(&mut b, 180, CO_FLAG_NO_DEST_SAP);
    put32(&mut b, 184, BLLI_L2_LLC); // LocalSap.Blli.Layer2Protocol
    put32(&mut b, 184 + 36, 1); // LocalSap.Bhli.HighLayerInfoType
    put32(&mut b, 184 + 40, 2); // LocalSap.Bhli.HighLayerInfoLength
    b[184 + 44] = 0xAB;
    b[184 + 45] = 0xCD;
    put32(&mut b, 236, SAP_FIELD_ABSENT); // DestinationSap.Blli.Layer2Protocol
    b[288] = 1; // LIJIdPresent
    put32(&mut b, 292, 0xDEAD_BEEF); // LIJId
    b
}

#[test]
fn q2931_add_pvc_x64() {
    let b = add_pvc_bytes();
    let p = Q2931AddPvc::parse(&b).unwrap();
    assert_eq!(p.called_party.digits(), &AESA);
    assert_eq!(p.connection_id, AtmVpiVci { vpi: 0, vci: 42 });
    assert_eq!(p.aal_type, AalType::Aal5);
    assert_eq!(p.forward_fp.peak_cell_rate, 1000);
    assert_eq!(p.backward_fp.peak_cell_rate, 2000);
    assert_eq!(p.flags, CO_FLAG_NO_DEST_SAP);
    assert_eq!(p.local_sap.blli.layer2_protocol, BLLI_L2_LLC);
    assert_eq!(p.local_sap.bhli.info(), &[0xAB, 0xCD]);
    assert_eq!(p.destination_sap.blli.layer2_protocol, SAP_FIELD_ABSENT);
    assert_eq!(p.lij_id_present, 1);
    assert_eq!(p.lij_id, 0xDEAD_BEEF);
    assert_eq!(emitted(&p), b);
}

#[test]
fn co_pvc_wraps_add_and_delete() {
    let mut b = vec![0u8; 16];
    put64(&mut b, 0, 0xFFFF_8000_1234_5678);
    put32(&mut b, 8, 1);
    put32(&mut b, 12, 296);
    b.extend_from_slice(&add_pvc_bytes());
    let p = CoPvc::<Q2931AddPvc>::parse(&b).unwrap();
    assert_eq!(p.ndis_af_handle, 0xFFFF_8000_1234_5678);
    assert_eq!(p.param_type, 1);
    assert_eq!(p.parameters.connection_id.vci, 42);
    assert_eq!(emitted(&p), b);

    let mut d = vec![0u8; 24];
    put32(&mut d, 12, 8);
    put32(&mut d, 16, 1);
    put32(&mut d, 20, 99);
    let del = CoPvc::<Q2931DeletePvc>::parse(&d).unwrap();
    assert_eq!(del.parameters, AtmVpiVci { vpi: 1, vci: 99 });
    assert_eq!(emitted(&del), d);
}

#[test]
fn co_sap_with_atm_sap() {
    let mut b = vec![0u8; 8 + 56 + 28];
    put32(&mut b, 0, SAP_TYPE_NSAP);
    put32(&mut b, 4, 56 + 28);
    put32(&mut b, 8, BLLI_L2_LLC); // Blli.Layer2Protocol
    put32(&mut b, 8 + 24, BLLI_L3_IPI_SNAP); // Blli.Layer3IPI
    b[8 + 28..8 + 33].copy_from_slice(&[0x00, 0x00, 0x00, 0x08, 0x00]); // SnapId: IPv4
    put32(&mut b, 8 + 36, SAP_FIELD_ABSENT); // Bhli.HighLayerInfoType
    put32(&mut b, 8 + 52, 1); // NumberOfAddresses
    put_nsap(&mut b, 8 + 56);
    let s = CoSap::parse(&b).unwrap();
    assert_eq!(s.sap_type, SAP_TYPE_NSAP);
    assert_eq!(s.sap.blli.layer3_ipi, BLLI_L3_IPI_SNAP);
    assert_eq!(s.sap.blli.snap_id, [0, 0, 0, 8, 0]);
    assert_eq!(s.sap.bhli.high_layer_info_type, SAP_FIELD_ABSENT);
    assert_eq!(s.sap.addresses, vec![AtmAddress::nsap(AESA)]);
    assert_eq!(emitted(&s), b);
}

#[test]
fn co_address_list_windows_convention() {
    let list = CoAddressList {
        number_of_addresses_available: 1,
        addresses: vec![CoAddress::atm(AtmAddress::nsap(AESA))],
    };
    let b = emitted(&list);
    // sizeof(CO_ADDRESS_LIST) + sizeof(ATM_ADDRESS) = 16 + 28: what ATMARP allocates.
    assert_eq!(b.len(), 44);
    assert_eq!(u32::from_le_bytes(b[0..4].try_into().unwrap()), 1);
    assert_eq!(u32::from_le_bytes(b[4..8].try_into().unwrap()), 1);
    assert_eq!(u32::from_le_bytes(b[8..12].try_into().unwrap()), 36); // AddressSize
    assert_eq!(u32::from_le_bytes(b[16..20].try_into().unwrap()), 20); // NumberOfDigits
    assert_eq!(&b[20..40], &AESA);
    assert_eq!(CoAddressList::parse(&b).unwrap(), list);
}

#[test]
fn address_family_and_rates() {
    let af = CoAddressFamily {
        address_family: CO_ADDRESS_FAMILY_Q2931,
        major_version: 3,
        minor_version: 1,
    };
    assert_eq!(emitted(&af), [1, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0]);
    let r = AtmVcRatesSupported { min_cell_rate: 1, max_cell_rate: 353_207 };
    assert_eq!(emitted(&r), [1, 0, 0, 0, 0xB7, 0x63, 0x05, 0x00]);
}

#[test]
fn atm_address_types() {
    let e = AtmAddress::e164(b"4930123").unwrap();
    assert_eq!(e.address_type, AtmAddressType::E164);
    assert_eq!(e.digits(), b"4930123");
    assert!(AtmAddress::e164(b"1234567890123456").is_err()); // 16 digits
    assert!(AtmAddress::e164(b"12a4").is_err());
    let n = AtmAddress::nsap(AESA);
    assert_eq!(n.number_of_digits, 20);
    n.validate().unwrap();
    AtmAddress::EMPTY.validate().unwrap();
    let short_nsap = AtmAddress { number_of_digits: 13, ..n };
    assert!(short_nsap.validate().is_err());
    let unknown = AtmAddress { address_type: AtmAddressType::Unknown(7), ..n };
    assert!(unknown.validate().is_err());
}

#[test]
fn registration_tables() {
    let co = MiniportCoCharacteristics {
        header: MiniportCoCharacteristics::HEADER,
        flags: 0,
        handlers: [0, 0, 0x100, 0x200, 0x300, 0x400],
    };
    let b = emitted(&co);
    assert_eq!(b.len(), 56);
    assert_eq!(&b[0..4], &[0x91, 1, 56, 0]);
    assert_eq!(u64::from_le_bytes(b[32..40].try_into().unwrap()), 0x200); // CoDeactivateVc
    assert_eq!(u64::from_le_bytes(b[48..56].try_into().unwrap()), 0x400); // CoOidRequest
    co.check().unwrap();
    assert_eq!(co.co_oid_request(), 0x400);
    let bad = MiniportCoCharacteristics { handlers: [1, 0, 0x100, 0x200, 0x300, 0x400], ..co };
    assert_eq!(bad.check(), Err(RegistrationError::MustBeNull("CoCreateVcHandler")));
    let missing = MiniportCoCharacteristics { handlers: [0, 0, 0x100, 0, 0x300, 0x400], ..co };
    assert_eq!(missing.check(), Err(RegistrationError::MissingHandler("CoDeactivateVcHandler")));
    let wrong = MiniportCoCharacteristics { header: ObjectHeader { size: 48, ..co.header }, ..co };
    assert!(matches!(wrong.check(), Err(RegistrationError::BadHeader { .. })));

    let mut handlers = [0u64; 17];
    for (i, h) in handlers.iter_mut().enumerate() {
        *h = 0x1000 + 16 * i as u64;
    }
    let cm = CallManagerOptionalHandlers {
        header: CallManagerOptionalHandlers::HEADER,
        reserved: 0,
        handlers,
    };
    let b = emitted(&cm);
    assert_eq!(b.len(), 144);
    assert_eq!(&b[0..4], &[0xA5, 1, 136, 0]);
    assert_eq!(u64::from_le_bytes(b[8 + 14 * 8..8 + 15 * 8].try_into().unwrap()), 0x1000 + 16 * 14);
    cm.check(0x400).unwrap();
    assert_eq!(cm.check(0x1000 + 16 * 14), Err(RegistrationError::SharedOidHandler));
    let mut h2 = handlers;
    h2[16] = 0;
    let cm2 = CallManagerOptionalHandlers { handlers: h2, ..cm };
    assert_eq!(
        cm2.check(0x400),
        Err(RegistrationError::MissingHandler("CmNotifyCloseAfCompleteHandler"))
    );
    assert_eq!(CM_HANDLER_NAMES.len(), 17);
}

#[test]
fn documented_sizes() {
    assert_eq!(media_field::SIZE, 152);
    assert_eq!(mcm::abi::co::co_media_field::SIZE, 32);
    assert_eq!(mcm::abi::co::co_media_field::MEDIA_SPECIFIC, 16);
    assert_eq!(mcm::abi::co::co_media_field::PARAMETERS, 24);
    assert_eq!(mcm::abi::co::call_field::SIZE, 24);
    assert_eq!(mcm::abi::co::call_manager_field::CALL_MGR_SPECIFIC, 64);
    assert_eq!(flow_field::SIZE, 56);
    assert_eq!(address_field::SIZE, 28);
    assert_eq!(callmgr_field::INFO_ELEMENTS, 60);
    assert_eq!(ie_field::HEADER, 8);
    assert_eq!(aal_field::SIZE, 16);
    assert_eq!(td_field::SIZE, 60);
    assert_eq!(bhli_field::SIZE, 16);
    assert_eq!(blli_field::SIZE, 36);
    assert_eq!(CAUSE_SIZE, 7);
    assert_eq!(add_pvc_field::SIZE, 296);
    assert_eq!(vc_rates_field::SIZE, 8);
    assert_eq!(address_family_field::SIZE, 12);
    assert_eq!(co_characteristics_field::SIZE, 56);
    assert_eq!(cm_handlers_field::SIZE, 144);
}

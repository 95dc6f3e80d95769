//! One negative test per length/validity rule of mcm::abi: short buffers, lengths and
//! counts that overrun, unmapped pointers, the 32-bit CO_MEDIA_PARAMETERS layout.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use mcm::abi::atm::*;
use mcm::abi::co::*;
use mcm::abi::q2931::*;
use mcm::abi::registration::*;
use mcm::abi::validate::{validate_media, MediaInvalid};
use mcm::abi::{AbiError, AbiStruct, FlatResolver, NdisStatus};

fn put32(buf: &mut [u8], off: usize, v: u32) {
    buf[off..off + 4].copy_from_slice(&v.to_le_bytes());
}

fn put64(buf: &mut [u8], off: usize, v: u64) {
    buf[off..off + 8].copy_from_slice(&v.to_le_bytes());
}

/// Every fixed-size structure refuses a buffer one byte short of its size, naming itself
/// and the size it needs.
fn truncated<T: AbiStruct + core::fmt::Debug>(size: usize) {
    let buf = vec![0u8; size];
    let err = T::parse(&buf[..size - 1]).unwrap_err();
    assert_eq!(err, AbiError::Truncated { structure: T::NAME, needed: size, actual: size - 1 });
    assert_eq!(err.status(), NdisStatus::INVALID_LENGTH);
    assert!(T::parse(&[]).is_err());
}

#[test]
fn short_buffers() {
    truncated::<AtmAddress>(28);
    truncated::<AtmVpiVci>(8);
    truncated::<AtmFlowParameters>(56);
    truncated::<AtmMediaParameters>(152);
    truncated::<AtmBlli>(36);
    truncated::<AtmBhli>(16);
    truncated::<AtmPvcSap>(52);
    truncated::<AtmSap>(56);
    truncated::<Q2931AddPvc>(296);
    truncated::<AtmVcRatesSupported>(8);
    truncated::<CoAddressFamily>(12);
    truncated::<FlowSpec>(32);
    truncated::<CoSpecificParameters>(8);
    truncated::<CoSap>(8);
    truncated::<CoCallManagerParameters>(72);
    truncated::<CoMediaParameters>(24);
    truncated::<CoPvc<Q2931AddPvc>>(16);
    truncated::<CoAddress>(32);
    truncated::<CoAddressList>(8);
    truncated::<AalParametersIe>(16);
    truncated::<AtmTrafficDescriptorIe>(60);
    truncated::<AtmBroadbandBearerCapabilityIe>(5);
    truncated::<AtmCallingPartyNumberIe>(32);
    truncated::<AtmCauseIe>(7);
    truncated::<AtmQosClassIe>(2);
    truncated::<AtmTransitNetworkSelectionIe>(3);
    truncated::<AtmRawIe>(8);
    truncated::<Q2931Ie>(8);
    truncated::<Q2931CallMgrParameters>(60);
    truncated::<ObjectHeader>(4);
    truncated::<MiniportCoCharacteristics>(56);
    truncated::<CallManagerOptionalHandlers>(144);
}

#[test]
fn atm_address_digit_count_over_20() {
    let mut b = [0u8; 28];
    put32(&mut b, 4, 21);
    assert_eq!(
        AtmAddress::parse(&b),
        Err(AbiError::LengthOverrun {
            structure: "ATM_ADDRESS",
            field: "NumberOfDigits",
            declared: 21,
            available: 20
        })
    );
    put32(&mut b, 4, u32::MAX);
    assert!(AtmAddress::parse(&b).is_err());
}

#[test]
fn bhli_length_over_8() {
    let mut b = [0u8; 16];
    put32(&mut b, 4, 9);
    assert!(matches!(
        AtmBhli::parse(&b),
        Err(AbiError::LengthOverrun { field: "HighLayerInfoLength", .. })
    ));
}

#[test]
fn cause_diagnostics_over_4() {
    let b = [0, 16, 5, 0, 0, 0, 0];
    assert!(matches!(
        AtmCauseIe::parse(&b),
        Err(AbiError::LengthOverrun { field: "DiagnosticsLength", .. })
    ));
}

#[test]
fn atm_sap_address_count() {
    // One address of room, two declared.
    let mut b = vec![0u8; 56 + 28];
    put32(&mut b, 52, 2);
    assert_eq!(
        AtmSap::parse(&b),
        Err(AbiError::TooMany {
            structure: "ATM_SAP",
            field: "NumberOfAddresses",
            count: 2,
            max: 1
        })
    );
    // Room for 20, more than the bound of 16.
    let mut b = vec![0u8; 56 + 28 * 20];
    put32(&mut b, 52, 17);
    assert!(matches!(AtmSap::parse(&b), Err(AbiError::TooMany { max: MAX_SAP_ADDRESSES, .. })));
    put32(&mut b, 52, u32::MAX);
    assert!(AtmSap::parse(&b).is_err());
}

#[test]
fn co_sap_rules() {
    let mut b = vec![0u8; 8 + 56];
    put32(&mut b, 0, SAP_TYPE_NSAP);
    put32(&mut b, 4, 57); // one more than present
    assert_eq!(
        CoSap::parse(&b),
        Err(AbiError::LengthOverrun {
            structure: "CO_SAP",
            field: "SapLength",
            declared: 57,
            available: 56
        })
    );
    put32(&mut b, 4, 40); // shorter than ATM_SAP's fixed part
    assert_eq!(
        CoSap::parse(&b),
        Err(AbiError::Truncated { structure: "ATM_SAP", needed: 56, actual: 40 })
    );
    put32(&mut b, 4, 56);
    put32(&mut b, 0, 3);
    assert!(matches!(
        CoSap::parse(&b),
        Err(AbiError::InvalidField { field: "SapType", value: 3, .. })
    ));
    // SapLength bounds the addresses: a count that would fit the buffer but not SapLength.
    let mut b = vec![0u8; 8 + 56 + 28];
    put32(&mut b, 0, SAP_TYPE_E164);
    put32(&mut b, 4, 56);
    put32(&mut b, 8 + 52, 1);
    assert!(matches!(CoSap::parse(&b), Err(AbiError::TooMany { max: 0, .. })));
}

#[test]
fn specific_parameters_length() {
    let mut b = vec![0u8; 8 + 10];
    put32(&mut b, 4, 11);
    assert!(matches!(
        CoSpecificParameters::parse(&b),
        Err(AbiError::LengthOverrun { declared: 11, available: 10, .. })
    ));
    put32(&mut b, 4, u32::MAX);
    assert!(CoSpecificParameters::parse(&b).is_err());
    // A length above the bound is refused even when the buffer would hold it.
    let mut big = vec![0u8; 8 + MAX_SPECIFIC_LENGTH + 1];
    put32(&mut big, 4, u32::try_from(MAX_SPECIFIC_LENGTH + 1).unwrap());
    assert!(matches!(CoSpecificParameters::parse(&big), Err(AbiError::LengthOverrun { .. })));
}

fn atm_media(vci: u32) -> CoMediaParameters {
    let mut flow = AtmFlowParameters::new(ServiceCategory::Ubr, 0, 9188);
    flow.peak_cell_rate = 100;
    CoMediaParameters {
        flags: MediaFlags(MediaFlags::TRANSMIT_VC | MediaFlags::RECEIVE_VC),
        receive_priority: 0,
        receive_size_hint: 0,
        media_specific: MediaSpecific::Atm(AtmMediaParameters::new(
            AtmVpiVci { vpi: 0, vci },
            AalType::Aal5,
            flow,
            flow,
        )),
    }
}

fn emit<T: AbiStruct>(v: &T) -> Vec<u8> {
    let mut b = vec![0u8; v.buffer_len()];
    v.emit(&mut b).unwrap();
    b
}

#[test]
fn media_specific_length_rules() {
    let good = emit(&atm_media(100));
    // Length shorter than ATM_MEDIA_PARAMETERS.
    let mut b = good.clone();
    put32(&mut b, 20, 151);
    assert_eq!(
        CoMediaParameters::parse(&b),
        Err(AbiError::Truncated { structure: "ATM_MEDIA_PARAMETERS", needed: 152, actual: 151 })
    );
    // Length past the buffer.
    let mut b = good.clone();
    put32(&mut b, 20, 153);
    assert!(matches!(
        CoMediaParameters::parse(&b),
        Err(AbiError::LengthOverrun { declared: 153, available: 152, .. })
    ));
    // Buffer cut inside the parameters.
    assert!(matches!(CoMediaParameters::parse(&good[..100]), Err(AbiError::LengthOverrun { .. })));
}

/// A client built with the 32-bit layout puts MediaSpecific at 12 instead of 16: the x64
/// parser sees ParamType = the Length value (152), so activation names a non-ATM type
/// instead of misreading the parameters.
#[test]
fn misaligned_media_specific() {
    let x64 = emit(&atm_media(100));
    let mut x86 = vec![0u8; 20 + 152];
    x86[..12].copy_from_slice(&x64[..12]);
    put32(&mut x86, 12, ATM_MEDIA_SPECIFIC);
    put32(&mut x86, 16, 152);
    x86[20..].copy_from_slice(&x64[24..]);
    let parsed = CoMediaParameters::parse(&x86).unwrap();
    assert!(parsed.atm().is_none());
    let limits = mcm::abi::validate::NicLimits {
        supported_aal_types: 8,
        supported_service_categories: 4,
        vpi_bits: 8,
        vci_bits: 16,
        min_vci: 32,
        max_cell_rate: 353_207,
        max_aal5_sdu: 65_535,
        max_aal0_sdu: 52,
    };
    assert_eq!(validate_media(&parsed, &limits), Err(MediaInvalid::NotAtm { param_type: 152 }));
    assert_eq!(validate_media(&atm_media(100), &limits).unwrap().vci, 100);
}

fn q2931_with(ies: &[(u32, u32, &[u8])], count: u32) -> Vec<u8> {
    let mut b = vec![0u8; 60];
    put32(&mut b, 56, count);
    for (t, len, body) in ies {
        b.extend_from_slice(&t.to_le_bytes());
        b.extend_from_slice(&len.to_le_bytes());
        b.extend_from_slice(body);
    }
    b
}

#[test]
fn ie_count_larger_than_data() {
    // One 12-byte IE present, count 3: 3 * 8 > 12 bytes, refused before reading.
    let b = q2931_with(&[(13, 12, &[1, 2, 3, 4])], 3);
    assert_eq!(
        Q2931CallMgrParameters::parse(&b),
        Err(AbiError::TooMany {
            structure: "Q2931_CALLMGR_PARAMETERS",
            field: "InfoElementCount",
            count: 3,
            max: 1
        })
    );
    // 20 bytes after the fixed part bound the count at 2.
    let b = q2931_with(&[(13, 12, &[1, 2, 3, 4]), (13, 8, &[])], 3);
    assert!(matches!(
        Q2931CallMgrParameters::parse(&b),
        Err(AbiError::TooMany { count: 3, max: 2, .. })
    ));
    // Count 2 within the bound, but the first IE (IELength 12) leaves 4 bytes: the second
    // IE header is cut.
    let b = q2931_with(&[(13, 12, &[1, 2, 3, 4, 0, 0, 0, 0])], 2);
    assert!(matches!(
        Q2931CallMgrParameters::parse(&b),
        Err(AbiError::Truncated { structure: "Q2931_IE", .. })
    ));
    let b = q2931_with(&[], u32::MAX);
    assert!(matches!(Q2931CallMgrParameters::parse(&b), Err(AbiError::TooMany { max: 0, .. })));
}

#[test]
fn ie_count_over_bound() {
    let ies: Vec<(u32, u32, &[u8])> =
        (0..40).map(|_| (12u32, 12u32, &[1u8, 0, 0, 0][..])).collect();
    let b = q2931_with(&ies, 33);
    assert!(matches!(
        Q2931CallMgrParameters::parse(&b),
        Err(AbiError::TooMany { max: MAX_INFO_ELEMENTS, .. })
    ));
    let b = q2931_with(&ies, 32);
    assert_eq!(Q2931CallMgrParameters::parse(&b).unwrap().info_elements.len(), 32);
}

#[test]
fn ie_length_overrun() {
    let b = q2931_with(&[(0, 8 + 16 + 1, &[8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])], 1);
    assert_eq!(
        Q2931CallMgrParameters::parse(&b),
        Err(AbiError::LengthOverrun {
            structure: "Q2931_IE",
            field: "IELength",
            declared: 25,
            available: 24
        })
    );
    let b = q2931_with(&[(0, u32::MAX, &[0; 16])], 1);
    assert!(matches!(Q2931CallMgrParameters::parse(&b), Err(AbiError::LengthOverrun { .. })));
}

#[test]
fn ie_length_below_header() {
    for len in [0u32, 4, 7] {
        let b = q2931_with(&[(12, len, &[1, 0, 0, 0])], 1);
        assert!(matches!(
            Q2931CallMgrParameters::parse(&b),
            Err(AbiError::InvalidField { field: "IELength", .. })
        ));
    }
}

#[test]
fn ie_body_shorter_than_structure() {
    // AAL parameters IE with a 14-byte body (sizeof is 16).
    let b = q2931_with(&[(0, 8 + 14, &[8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])], 1);
    assert!(matches!(
        Q2931CallMgrParameters::parse(&b),
        Err(AbiError::Truncated { structure: "AAL_PARAMETERS_IE", needed: 16, actual: 14 })
    ));
    // Calling party number with only the ATM_ADDRESS.
    let b = q2931_with(&[(7, 8 + 28, &[0; 28])], 1);
    assert!(matches!(
        Q2931CallMgrParameters::parse(&b),
        Err(AbiError::Truncated { needed: 32, .. })
    ));
    // LIJ call id with 3 bytes.
    let b = q2931_with(&[(13, 11, &[1, 2, 3])], 1);
    assert!(matches!(
        Q2931CallMgrParameters::parse(&b),
        Err(AbiError::Truncated { structure: "ATM_LIJ_CALLID_IE", .. })
    ));
    // Broadband sending complete with no body.
    let b = q2931_with(&[(12, 8, &[])], 1);
    assert!(Q2931CallMgrParameters::parse(&b).is_err());
}

#[test]
fn ie_inner_lengths() {
    // Transit network selection: NetworkIdLength 6 with 5 bytes present.
    let b = q2931_with(&[(11, 8 + 8, &[0x40, 1, 6, b'1', b'2', b'3', b'4', b'5'])], 1);
    assert!(matches!(
        Q2931CallMgrParameters::parse(&b),
        Err(AbiError::LengthOverrun { field: "NetworkIdLength", declared: 6, available: 5, .. })
    ));
    // Raw IE: RawIELength 9 with 8 bytes.
    let mut raw = vec![9, 0, 0, 0, 0x5C, 0, 0, 0];
    raw.extend_from_slice(&[0; 8]);
    let b = q2931_with(&[(14, 8 + 16, &raw)], 1);
    assert!(matches!(
        Q2931CallMgrParameters::parse(&b),
        Err(AbiError::LengthOverrun { field: "RawIELength", .. })
    ));
    // The IE body bounds an embedded address's digit count too.
    let mut addr = vec![0u8; 28];
    addr[4] = 25;
    let b = q2931_with(&[(5, 8 + 28, &addr)], 1);
    assert!(matches!(
        Q2931CallMgrParameters::parse(&b),
        Err(AbiError::LengthOverrun { field: "NumberOfDigits", .. })
    ));
}

#[test]
fn unknown_ie_type_is_kept() {
    let b = q2931_with(&[(99, 12, &[1, 2, 3, 4])], 1);
    let q = Q2931CallMgrParameters::parse(&b).unwrap();
    assert_eq!(q.info_elements, vec![Q2931Ie::Unknown { ie_type: 99, body: vec![1, 2, 3, 4] }]);
    assert_eq!(q.info_elements[0].ie_type(), Q2931IeType::Unknown(99));
}

#[test]
fn call_parameters_pointer_rules() {
    let base = 0x4000u64;
    // Truncated CO_CALL_PARAMETERS.
    let mem = vec![0u8; 23];
    let r = FlatResolver { base, buf: &mem };
    assert!(matches!(
        CoCallParameters::parse_at(base, &r),
        Err(AbiError::BadPointer { field: "(self)", .. })
    ));
    assert!(matches!(CoCallParameters::parse_with(&mem, &r), Err(AbiError::Truncated { .. })));

    // CallMgrParameters pointing outside the memory.
    let mut mem = vec![0u8; 24 + 72];
    put64(&mut mem, 8, base + 0x1000);
    let r = FlatResolver { base, buf: &mem };
    assert_eq!(
        CoCallParameters::parse_at(base, &r),
        Err(AbiError::BadPointer {
            structure: "CO_CALL_PARAMETERS",
            field: "CallMgrParameters",
            pointer: base + 0x1000,
            len: 72
        })
    );
    // Fixed part mapped, CallMgrSpecific.Length runs past the mapping.
    put64(&mut mem, 8, base + 24);
    put32(&mut mem, 24 + 68, 4);
    let r = FlatResolver { base, buf: &mem };
    assert!(matches!(
        CoCallParameters::parse_at(base, &r),
        Err(AbiError::BadPointer { len: 76, .. })
    ));
    // A Length beyond the bound is refused before asking the resolver for it.
    put32(&mut mem, 24 + 68, u32::MAX);
    let r = FlatResolver { base, buf: &mem };
    assert!(matches!(
        CoCallParameters::parse_at(base, &r),
        Err(AbiError::LengthOverrun { field: "CallMgrSpecific.Length", .. })
    ));

    // MediaParameters: pointer one byte short of the fixed part.
    let mut mem = vec![0u8; 24 + 23];
    put64(&mut mem, 16, base + 24);
    let r = FlatResolver { base, buf: &mem };
    assert!(matches!(
        CoCallParameters::parse_at(base, &r),
        Err(AbiError::BadPointer { field: "MediaParameters", len: 24, .. })
    ));
    // Pointer overflow near the top of the address space.
    let mut mem = vec![0u8; 24];
    put64(&mut mem, 16, u64::MAX - 3);
    let r = FlatResolver { base, buf: &mem };
    assert!(matches!(CoCallParameters::parse_at(base, &r), Err(AbiError::BadPointer { .. })));
    // Parameters inside a valid pointer that fail their own rules.
    let mut mem = emit_flat(&atm_media(100));
    put32(&mut mem, 24 + 20, 100);
    let r = FlatResolver { base, buf: &mem };
    assert!(matches!(
        CoCallParameters::parse_at(base, &r),
        Err(AbiError::Truncated { structure: "ATM_MEDIA_PARAMETERS", .. })
    ));
}

fn emit_flat(media: &CoMediaParameters) -> Vec<u8> {
    let p = CoCallParameters {
        flags: CallFlags(0),
        call_mgr_parameters: None,
        media_parameters: Some(media.clone()),
    };
    let mut b = vec![0u8; p.flat_len()];
    p.emit_flat(&mut b, 0x4000).unwrap();
    b
}

#[test]
fn emit_flat_base_overflow() {
    let p = CoCallParameters {
        flags: CallFlags(0),
        call_mgr_parameters: None,
        media_parameters: Some(atm_media(40)),
    };
    let mut b = vec![0u8; p.flat_len()];
    assert!(matches!(
        p.emit_flat(&mut b, u64::MAX - 8),
        Err(AbiError::InvalidField { field: "base", .. })
    ));
    let mut short = vec![0u8; p.flat_len() - 1];
    assert!(matches!(p.emit_flat(&mut short, 0), Err(AbiError::BufferTooSmall { .. })));
}

#[test]
fn co_pvc_length_rules() {
    let mut b = vec![0u8; 16 + 296];
    put32(&mut b, 12, 295);
    assert_eq!(
        CoPvc::<Q2931AddPvc>::parse(&b),
        Err(AbiError::Truncated { structure: "Q2931_ADD_PVC", needed: 296, actual: 295 })
    );
    put32(&mut b, 12, 297);
    assert!(matches!(
        CoPvc::<Q2931AddPvc>::parse(&b),
        Err(AbiError::LengthOverrun { declared: 297, available: 296, .. })
    ));
    let mut d = vec![0u8; 24];
    put32(&mut d, 12, 7);
    assert!(matches!(
        CoPvc::<Q2931DeletePvc>::parse(&d),
        Err(AbiError::Truncated { structure: "ATM_VPIVCI", .. })
    ));
}

#[test]
fn co_address_rules() {
    let mut b = vec![0u8; 36];
    put32(&mut b, 0, 27);
    assert!(matches!(
        CoAddress::parse(&b),
        Err(AbiError::InvalidField { field: "AddressSize", value: 27, .. })
    ));
    let mut l = vec![0u8; 8 + 36];
    put32(&mut l, 4, 2);
    put32(&mut l, 8, 36);
    assert!(matches!(CoAddressList::parse(&l), Err(AbiError::TooMany { count: 2, max: 1, .. })));
    put32(&mut l, 4, 1);
    put32(&mut l, 8, 3);
    assert!(matches!(CoAddressList::parse(&l), Err(AbiError::InvalidField { .. })));
}

#[test]
fn emit_refuses_unbounded_lists() {
    let sap = AtmSap {
        blli: AtmBlli::ABSENT,
        bhli: AtmBhli::ABSENT,
        addresses: vec![AtmAddress::EMPTY; 17],
    };
    let mut buf = vec![0u8; sap.buffer_len()];
    assert!(matches!(sap.emit(&mut buf), Err(AbiError::TooMany { .. })));
    let q = Q2931CallMgrParameters {
        called_party: AtmAddress::EMPTY,
        calling_party: AtmAddress::EMPTY,
        info_elements: vec![Q2931Ie::LijCallId(1); 33],
    };
    let mut buf = vec![0u8; q.buffer_len()];
    assert!(matches!(q.emit(&mut buf), Err(AbiError::TooMany { .. })));
    let tns = AtmTransitNetworkSelectionIe {
        type_of_network_id: 0,
        network_id_plan: 0,
        network_id: vec![0; 256],
    };
    let mut buf = vec![0u8; tns.buffer_len()];
    assert!(matches!(tns.emit(&mut buf), Err(AbiError::TooMany { .. })));
}

#[test]
fn error_statuses() {
    assert_eq!(
        AbiError::Truncated { structure: "X", needed: 2, actual: 1 }.status(),
        NdisStatus::INVALID_LENGTH
    );
    assert_eq!(
        AbiError::LengthOverrun { structure: "X", field: "Y", declared: 2, available: 1 }.status(),
        NdisStatus::INVALID_DATA
    );
    assert_eq!(
        AbiError::TooMany { structure: "X", field: "Y", count: 2, max: 1 }.status(),
        NdisStatus::INVALID_DATA
    );
    assert_eq!(
        AbiError::BadPointer { structure: "X", field: "Y", pointer: 0, len: 1 }.status(),
        NdisStatus::INVALID_DATA
    );
    assert_eq!(
        AbiError::BufferTooSmall { needed: 2, actual: 1 }.status(),
        NdisStatus::BUFFER_TOO_SHORT
    );
}

#[test]
fn write_back_refuses_overlapping_structures() {
    use mcm::abi::FlatResolverMut;
    // MediaParameters pointing into the CO_CALL_PARAMETERS itself.
    let p = CoCallParameters {
        flags: CallFlags(1),
        call_mgr_parameters: None,
        media_parameters: Some(atm_media(50)),
    };
    let mut mem = vec![0u8; 4 + 176];
    put64(&mut mem, 16, 4);
    put32(&mut mem, 4 + 20, 152);
    let before = mem.clone();
    let err = p.write_back(0, &mut FlatResolverMut { base: 0, buf: &mut mem }).unwrap_err();
    assert!(matches!(err, AbiError::InvalidField { field: "MediaParameters", value: 4, .. }));
    assert_eq!(mem, before);
}

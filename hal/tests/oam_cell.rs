//! OAM cell format (I.610 §10): deconstruct / construct each cell type over static arrays,
//! one negative test per validity rule, proptest round trips and "parse never panics".
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use hal::oam::{
    ActivationDeactivationFunction, ApsFunction, DefectRepr, FaultManagementFunction, LoopbackRepr,
    OamCell, OamError, OamFunction, OamRepr, OamType, PerformanceManagementFunction,
    END_POINT_LOCATION_ID,
};
use proptest::prelude::*;

/// CRC-10 by bitwise long division over the first 374 bits (independent of hal's table).
fn reference_cell_crc(payload: &[u8; 48]) -> u16 {
    const G: u16 = 0x233;
    let mut reg: u16 = 0;
    for bit in 0..(48 * 8 - 10) {
        let input = u16::from((payload[bit / 8] >> (7 - bit % 8)) & 1);
        let feedback = ((reg >> 9) & 1) ^ input;
        reg = (reg << 1) & 0x3FF;
        if feedback == 1 {
            reg ^= G;
        }
    }
    reg
}

/// `payload` with the reference CRC-10 written into its last 10 bits.
fn with_crc(mut payload: [u8; 48]) -> [u8; 48] {
    let crc = reference_cell_crc(&payload);
    payload[46] = (payload[46] & 0xFC) | (crc >> 8) as u8;
    payload[47] = crc as u8;
    payload
}

/// Function-specific field: `head` then 0x6A up to octet 46; octets 47-48 zero.
const fn cell(octet1: u8, head: &[u8]) -> [u8; 48] {
    let mut payload = [0x6Au8; 48];
    payload[0] = octet1;
    let mut i = 0;
    while i < head.len() {
        payload[1 + i] = head[i];
        i += 1;
    }
    payload[46] = 0;
    payload[47] = 0;
    payload
}

/// AIS, defect type and location not used (all 0x6A).
static AIS_NOT_USED: [u8; 48] = cell(0x10, &[]);

/// RDI with defect type 0x01 and location 00 01 .. 0F.
static RDI_WITH_LOCATION: [u8; 48] = cell(
    0x11,
    &[
        0x01, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D,
        0x0E, 0x0F,
    ],
);

/// Continuity check.
static CC: [u8; 48] = cell(0x14, &[]);

/// Loopback request: indication 1, tag 0x12345678, location all ones (end point),
/// source ID A0..AF, then 8 unused octets.
static LOOPBACK_REQUEST: [u8; 48] = cell(
    0x18,
    &[
        0x01, 0x12, 0x34, 0x56, 0x78, // indication, correlation tag
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, // location ID
        0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE,
        0xAF, // source ID
    ],
);

fn source_a() -> [u8; 16] {
    core::array::from_fn(|i| 0xA0 + i as u8)
}

#[test]
fn ais_deconstruct() {
    let bytes = with_crc(AIS_NOT_USED);
    let view = OamCell::new_checked(&bytes[..]).unwrap();
    assert_eq!(view.oam_type(), OamType::FaultManagement);
    assert_eq!(view.function_type(), 0b0000);
    assert_eq!(view.function(), OamFunction::AIS);
    assert_eq!(view.defect_type(), 0x6A);
    assert_eq!(view.defect_location(), [0x6A; 16]);
    assert_eq!(view.function_specific(), &[0x6A; 45][..]);
    assert_eq!(view.reserved(), 0);
    assert_eq!(view.crc(), reference_cell_crc(&bytes));
    assert!(view.check_crc());
    assert_eq!(OamRepr::parse(&view).unwrap(), OamRepr::Ais(DefectRepr::NOT_USED));
}

#[test]
fn ais_construct_by_setters_and_emit() {
    let expected = with_crc(AIS_NOT_USED);
    let mut buf = [0u8; 48];
    let mut view = OamCell::new_checked(&mut buf[..]).unwrap();
    view.set_function(OamFunction::AIS);
    view.set_defect_type(0x6A);
    view.set_defect_location(&[0x6A; 16]);
    view.fill_defect_unused();
    view.fill_crc();
    assert_eq!(buf, expected);
    assert_eq!(OamRepr::Ais(DefectRepr::NOT_USED).to_payload(), expected);
}

#[test]
fn rdi_deconstruct_and_construct() {
    let bytes = with_crc(RDI_WITH_LOCATION);
    let location: [u8; 16] = core::array::from_fn(|i| i as u8);
    let view = OamCell::new_checked(&bytes[..]).unwrap();
    assert_eq!(view.function(), OamFunction::RDI);
    assert_eq!(view.defect_type(), 0x01);
    assert_eq!(view.defect_location(), location);
    let repr = OamRepr::Rdi(DefectRepr { defect_type: 0x01, defect_location: location });
    assert_eq!(OamRepr::parse(&view).unwrap(), repr);

    let mut buf = [0u8; 48];
    repr.emit(&mut buf).unwrap();
    assert_eq!(buf, bytes);
    assert_eq!(repr.buffer_len(), 48);
}

#[test]
fn continuity_check_deconstruct_and_construct() {
    let bytes = with_crc(CC);
    let view = OamCell::new_checked(&bytes[..]).unwrap();
    assert_eq!(view.oam_type(), OamType::FaultManagement);
    assert_eq!(view.function_type(), 0b0100);
    assert_eq!(OamRepr::parse(&view).unwrap(), OamRepr::ContinuityCheck);
    assert_eq!(OamRepr::ContinuityCheck.to_payload(), bytes);
}

#[test]
fn loopback_deconstruct() {
    let bytes = with_crc(LOOPBACK_REQUEST);
    let view = OamCell::new_checked(&bytes[..]).unwrap();
    assert_eq!(view.function(), OamFunction::LOOPBACK);
    assert!(view.loopback_indication());
    assert_eq!(view.loopback_reserved(), 0);
    assert_eq!(view.correlation_tag(), 0x1234_5678);
    assert_eq!(view.loopback_location_id(), END_POINT_LOCATION_ID);
    assert_eq!(view.source_id(), source_a());
    assert_eq!(&view.function_specific()[37..], &[0x6A; 8][..]);
    assert_eq!(
        OamRepr::parse(&view).unwrap(),
        OamRepr::Loopback(LoopbackRepr {
            indication: true,
            correlation_tag: 0x1234_5678,
            location_id: END_POINT_LOCATION_ID,
            source_id: source_a(),
        })
    );
}

#[test]
fn loopback_construct_by_setters_and_emit() {
    let expected = with_crc(LOOPBACK_REQUEST);
    let mut buf = [0u8; 48];
    let mut view = OamCell::new_checked(&mut buf[..]).unwrap();
    view.set_function(OamFunction::LOOPBACK);
    view.set_loopback_indication(true);
    view.set_correlation_tag(0x1234_5678);
    view.set_loopback_location_id(&END_POINT_LOCATION_ID);
    view.set_source_id(&source_a());
    view.fill_loopback_unused();
    view.fill_crc();
    assert_eq!(buf, expected);

    let repr = OamRepr::Loopback(LoopbackRepr {
        indication: true,
        correlation_tag: 0x1234_5678,
        location_id: END_POINT_LOCATION_ID,
        source_id: source_a(),
    });
    assert_eq!(repr.to_payload(), expected);
}

#[test]
fn looped_back_cell_differs_in_indication_and_crc_only() {
    let request = with_crc(LOOPBACK_REQUEST);
    let mut reply = LOOPBACK_REQUEST;
    reply[1] = 0x00;
    let reply = with_crc(reply);
    let parsed = OamRepr::parse_bytes(&reply).unwrap();
    let OamRepr::Loopback(lb) = parsed else {
        panic!("not a loopback cell: {parsed:?}");
    };
    assert!(!lb.indication);
    assert_eq!(lb.correlation_tag, 0x1234_5678);
    let differing: Vec<usize> = (0..48).filter(|&i| request[i] != reply[i]).collect();
    assert!(differing.contains(&1));
    assert!(differing.iter().all(|&i| i == 1 || i >= 46));
}

#[test]
fn other_oam_types_round_trip_uninterpreted() {
    let cases = [
        (
            0x20,
            OamFunction::PerformanceManagement(PerformanceManagementFunction::ForwardMonitoring),
        ),
        (
            0x21,
            OamFunction::PerformanceManagement(PerformanceManagementFunction::BackwardReporting),
        ),
        (
            0x22,
            OamFunction::PerformanceManagement(
                PerformanceManagementFunction::MonitoringAndReporting,
            ),
        ),
        (0x50, OamFunction::Aps(ApsFunction::GroupProtection)),
        (0x51, OamFunction::Aps(ApsFunction::IndividualProtection)),
        (
            0x80,
            OamFunction::ActivationDeactivation(
                ActivationDeactivationFunction::PerformanceMonitoring,
            ),
        ),
        (
            0x81,
            OamFunction::ActivationDeactivation(ActivationDeactivationFunction::ContinuityCheck),
        ),
        (0xF3, OamFunction::SystemManagement(3)),
    ];
    for (octet1, function) in cases {
        let mut payload = [0u8; 48];
        payload[0] = octet1;
        for (i, b) in payload[1..46].iter_mut().enumerate() {
            *b = i as u8 ^ 0x5C;
        }
        let payload = with_crc(payload);
        assert_eq!(OamFunction::from(octet1), function);
        assert_eq!(u8::from(function), octet1);
        let repr = OamRepr::parse_bytes(&payload).unwrap();
        let OamRepr::Other { function: parsed_function, function_specific } = repr else {
            panic!("{octet1:#x} parsed as {repr:?}");
        };
        assert_eq!(parsed_function, function);
        assert_eq!(&function_specific[..], &payload[1..46]);
        assert_eq!(repr.to_payload(), payload, "{octet1:#x}");
    }
}

#[test]
fn code_points_convert_both_ways() {
    for nibble in 0..16u8 {
        assert_eq!(u8::from(OamType::from(nibble)), nibble);
        assert_eq!(u8::from(FaultManagementFunction::from(nibble)), nibble);
        assert_eq!(u8::from(PerformanceManagementFunction::from(nibble)), nibble);
        assert_eq!(u8::from(ApsFunction::from(nibble)), nibble);
        assert_eq!(u8::from(ActivationDeactivationFunction::from(nibble)), nibble);
    }
    for octet in 0..=255u8 {
        assert_eq!(u8::from(OamFunction::from(octet)), octet);
    }
    assert_eq!(OamType::from(0b0001), OamType::FaultManagement);
    assert_eq!(OamType::from(0b0010), OamType::PerformanceManagement);
    assert_eq!(OamType::from(0b0101), OamType::Aps);
    assert_eq!(OamType::from(0b1000), OamType::ActivationDeactivation);
    assert_eq!(OamType::from(0b1111), OamType::SystemManagement);
    assert_eq!(OamType::from(0b0011), OamType::Unknown(3));
    assert_eq!(FaultManagementFunction::from(0b0000), FaultManagementFunction::Ais);
    assert_eq!(FaultManagementFunction::from(0b0001), FaultManagementFunction::Rdi);
    assert_eq!(FaultManagementFunction::from(0b0100), FaultManagementFunction::ContinuityCheck);
    assert_eq!(FaultManagementFunction::from(0b1000), FaultManagementFunction::Loopback);
    assert_eq!(FaultManagementFunction::from(0b0010), FaultManagementFunction::Unknown(2));
}

// ---- negative tests, one per validity rule ----

#[test]
fn rejects_truncated_payload() {
    let bytes = with_crc(CC);
    assert_eq!(
        OamCell::new_checked(&bytes[..47]).unwrap_err(),
        OamError::Truncated { expected: 48, got: 47 }
    );
    assert!(matches!(OamRepr::parse_bytes(&bytes[..0]), Err(OamError::Truncated { got: 0, .. })));
}

#[test]
fn rejects_bad_crc() {
    let mut bytes = with_crc(LOOPBACK_REQUEST);
    let good = reference_cell_crc(&bytes);
    bytes[10] ^= 0x01;
    assert_eq!(
        OamRepr::parse_bytes(&bytes),
        Err(OamError::BadCrc { computed: reference_cell_crc(&bytes), received: good })
    );
    // The same cell is fine when the CRC is not checked (hardware-checked CRC, fuzzing).
    assert!(OamRepr::parse_ignoring_crc(&OamCell::new_unchecked(&bytes[..])).is_ok());
}

#[test]
fn rejects_unknown_oam_type() {
    let bytes = with_crc(cell(0x30, &[]));
    assert_eq!(OamRepr::parse_bytes(&bytes), Err(OamError::UnknownOamType(3)));
    let view = OamCell::new_checked(&bytes[..]).unwrap();
    assert_eq!(view.oam_type(), OamType::Unknown(3));
}

#[test]
fn rejects_unknown_function_type() {
    let bytes = with_crc(cell(0x12, &[]));
    assert_eq!(
        OamRepr::parse_bytes(&bytes),
        Err(OamError::UnknownFunctionType { oam_type: OamType::FaultManagement, function_type: 2 })
    );
    let bytes = with_crc(cell(0x25, &[]));
    assert_eq!(
        OamRepr::parse_bytes(&bytes),
        Err(OamError::UnknownFunctionType {
            oam_type: OamType::PerformanceManagement,
            function_type: 5
        })
    );
}

#[test]
fn rejects_reserved_bits_before_crc() {
    let mut payload = CC;
    payload[46] = 0x80; // top reserved bit
    let bytes = with_crc(payload);
    assert!(matches!(
        OamRepr::parse_bytes(&bytes),
        Err(OamError::ReservedBitsSet { value: 0x20, .. })
    ));
}

#[test]
fn rejects_reserved_bits_before_loopback_indication() {
    let mut payload = LOOPBACK_REQUEST;
    payload[1] = 0x03;
    let bytes = with_crc(payload);
    assert!(matches!(
        OamRepr::parse_bytes(&bytes),
        Err(OamError::ReservedBitsSet { value: 0x01, .. })
    ));
}

#[test]
fn emit_rejects_short_buffer() {
    let mut buf = [0u8; 47];
    assert_eq!(
        OamRepr::ContinuityCheck.emit(&mut buf),
        Err(OamError::BufferTooSmall { needed: 48, got: 47 })
    );
}

#[test]
fn getters_on_short_buffer_do_not_panic() {
    let view = OamCell::new_unchecked(&[0x18u8, 0x01][..]);
    assert_eq!(view.correlation_tag(), 0);
    assert_eq!(view.source_id(), [0; 16]);
    assert_eq!(view.crc(), 0);
    assert!(!view.check_crc());
}

// ---- property tests ----

fn location() -> impl Strategy<Value = [u8; 16]> {
    prop::array::uniform16(any::<u8>())
}

fn defect() -> impl Strategy<Value = DefectRepr> {
    (any::<u8>(), location())
        .prop_map(|(defect_type, defect_location)| DefectRepr { defect_type, defect_location })
}

fn other_function() -> impl Strategy<Value = OamFunction> {
    prop_oneof![
        (0u8..3).prop_map(|f| OamFunction::PerformanceManagement(f.into())),
        (0u8..2).prop_map(|f| OamFunction::Aps(f.into())),
        (0u8..2).prop_map(|f| OamFunction::ActivationDeactivation(f.into())),
        (0u8..16).prop_map(OamFunction::SystemManagement),
    ]
}

fn repr() -> impl Strategy<Value = OamRepr> {
    prop_oneof![
        defect().prop_map(OamRepr::Ais),
        defect().prop_map(OamRepr::Rdi),
        Just(OamRepr::ContinuityCheck),
        (any::<bool>(), any::<u32>(), location(), location()).prop_map(
            |(indication, correlation_tag, location_id, source_id)| {
                OamRepr::Loopback(LoopbackRepr {
                    indication,
                    correlation_tag,
                    location_id,
                    source_id,
                })
            }
        ),
        (other_function(), prop::collection::vec(any::<u8>(), 45)).prop_map(|(function, fs)| {
            OamRepr::Other { function, function_specific: fs.try_into().unwrap() }
        }),
    ]
}

proptest! {
    #[test]
    fn emit_parse_round_trip(repr in repr()) {
        let mut buf = [0u8; 48];
        repr.emit(&mut buf).unwrap();
        prop_assert_eq!(OamRepr::parse_bytes(&buf).unwrap(), repr);
        prop_assert_eq!(reference_cell_crc(&buf), OamCell::new_unchecked(&buf[..]).crc());
    }

    #[test]
    fn parse_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..64), fix_crc in any::<bool>()) {
        let mut bytes = bytes;
        if fix_crc && bytes.len() >= 48 {
            OamCell::new_unchecked(&mut bytes[..]).fill_crc();
        }
        let view = OamCell::new_unchecked(&bytes[..]);
        let _ = (view.oam_type(), view.function(), view.defect_location(), view.source_id());
        if let Ok(repr) = OamRepr::parse(&view) {
            // Whatever parses re-emits to a cell that parses to the same thing, with the
            // same octet 1 and (outside unused octets) the same fields.
            let emitted = repr.to_payload();
            prop_assert_eq!(OamRepr::parse_bytes(&emitted).unwrap(), repr);
            prop_assert_eq!(emitted[0], bytes[0]);
        }
    }
}

// ---- published cells ----

/// OAM cell payloads as shipped in deployed ADSL SAR drivers (a MediaTek/Trendchip SAR
/// driver's static AIS / RDI / CC / loopback cells, and a USB ADSL modem driver's loopback
/// cells): octet 1, a filler for octets 2-46 built from the listed fields, and the CRC octets
/// 47-48 exactly as published.
fn published(octet1: u8, head: &[u8], crc: [u8; 2]) -> [u8; 48] {
    let mut payload = cell(octet1, head);
    payload[46] = crc[0];
    payload[47] = crc[1];
    payload
}

fn loopback_head(tag: u32) -> Vec<u8> {
    let mut head = vec![0x01];
    head.extend(tag.to_be_bytes());
    head.extend([0xFF; 32]); // loopback location ID and source ID, all ones
    head
}

#[test]
fn published_cells_check_and_parse() {
    let cases = [
        (published(0x10, &[], [0x03, 0xB9]), OamRepr::Ais(DefectRepr::NOT_USED)),
        (published(0x11, &[], [0x00, 0xAF]), OamRepr::Rdi(DefectRepr::NOT_USED)),
        (published(0x14, &[], [0x03, 0x87]), OamRepr::ContinuityCheck),
        (
            published(0x18, &loopback_head(1), [0x03, 0x93]),
            OamRepr::Loopback(LoopbackRepr {
                indication: true,
                correlation_tag: 1,
                location_id: END_POINT_LOCATION_ID,
                source_id: END_POINT_LOCATION_ID,
            }),
        ),
        (
            published(0x18, &loopback_head(3), [0x00, 0xB3]),
            OamRepr::Loopback(LoopbackRepr {
                indication: true,
                correlation_tag: 3,
                location_id: END_POINT_LOCATION_ID,
                source_id: END_POINT_LOCATION_ID,
            }),
        ),
        (
            published(0x18, &loopback_head(4), [0x02, 0x70]),
            OamRepr::Loopback(LoopbackRepr {
                indication: true,
                correlation_tag: 4,
                location_id: END_POINT_LOCATION_ID,
                source_id: END_POINT_LOCATION_ID,
            }),
        ),
    ];
    for (bytes, repr) in cases {
        // The independent bitwise reference agrees with the published CRC...
        let published_crc = u16::from_be_bytes([bytes[46], bytes[47]]) & 0x3FF;
        assert_eq!(reference_cell_crc(&bytes), published_crc, "{repr:?}");
        // ... and so do hal's parser and emitter.
        assert_eq!(OamRepr::parse_bytes(&bytes).unwrap(), repr);
        assert_eq!(repr.to_payload(), bytes, "{repr:?}");
    }
}

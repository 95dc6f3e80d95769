//! Known-answer tests for the HEC and pre-assigned headers through the public API
//! (I.432.1 §4.3.2, I.361 Table 2; values from atm-reference.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use crc::{Crc, CRC_8_I_432_1};
use hal::cell::preassigned::{IDLE_HEADER, UNASSIGNED_HEADER};
use hal::cell::{hec, idle_cell, vci, Header, HeaderFormat, HeaderRepr, Pti, VpiVci};
use hal::tc::{CellDelineator, DelineationConfig, TcTransmitter};

const VECTORS: [([u8; 4], u8); 5] = [
    ([0x00, 0x00, 0x00, 0x01], 0x52), // idle cell
    ([0x00, 0x00, 0x00, 0x00], 0x55), // unassigned cell
    ([0x00, 0x00, 0x00, 0x50], 0xE2), // VPI 0 / VCI 5 / PTI 0: signaling
    ([0x00, 0x00, 0x00, 0x52], 0xEC), // VPI 0 / VCI 5, end of AAL5 frame
    ([0x00, 0x00, 0x01, 0x00], 0x40), // VPI 0 / VCI 16: ILMI
];

#[test]
fn hec_vectors_match_ours_and_the_crc_crate() {
    let crate_hec = Crc::<u8>::new(&CRC_8_I_432_1);
    for (octets, expected) in VECTORS {
        assert_eq!(hec(octets), expected, "{octets:02x?}");
        assert_eq!(crate_hec.checksum(&octets), expected);
    }
}

#[test]
fn vectors_parse_to_the_expected_fields() {
    let parse = |o: [u8; 4], h: u8| {
        let bytes = [o[0], o[1], o[2], o[3], h];
        HeaderRepr::parse(&Header::new_checked(&bytes[..]).unwrap(), HeaderFormat::Uni).unwrap()
    };
    let idle = parse(VECTORS[0].0, VECTORS[0].1);
    assert!(idle.is_idle());
    let unassigned = parse(VECTORS[1].0, VECTORS[1].1);
    assert!(unassigned.is_unassigned());
    let sig = parse(VECTORS[2].0, VECTORS[2].1);
    assert_eq!(sig.vpi_vci(), VpiVci::new(0, vci::SIGNALING));
    assert_eq!(sig.pti, Pti::default());
    let eop = parse(VECTORS[3].0, VECTORS[3].1);
    assert!(eop.pti.is_end_of_pdu() && eop.is_point_to_point_signaling());
    let ilmi = parse(VECTORS[4].0, VECTORS[4].1);
    assert_eq!(ilmi.vpi_vci(), VpiVci::new(0, vci::ILMI));
    assert_eq!(IDLE_HEADER[4], 0x52);
    assert_eq!(UNASSIGNED_HEADER[4], 0x55);
}

#[test]
fn transmitter_to_delineator_end_to_end() {
    let mut tx = TcTransmitter::new(true);
    let mut line = Vec::new();
    let mut sent = Vec::new();
    for i in 0..40u8 {
        let mut cell = [i; 53];
        HeaderRepr { vpi: 1, vci: 100 + u16::from(i), ..HeaderRepr::default() }
            .emit(&mut cell)
            .unwrap();
        sent.push(cell);
        line.extend_from_slice(&tx.transmit(Some(&cell)));
        line.extend_from_slice(&tx.transmit(None));
    }
    // Start mid-cell, as a receiver joining a running line would.
    let mut rx =
        CellDelineator::new(DelineationConfig { descramble: true, ..DelineationConfig::default() });
    let mut got = Vec::new();
    rx.push(&line[17..], |c| got.push(*c));
    assert!(got.len() >= 30);
    assert_eq!(got[..], sent[sent.len() - got.len()..]);
    assert!(got.iter().all(|c| *c != idle_cell()));
}

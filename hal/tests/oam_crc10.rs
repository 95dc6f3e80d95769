//! CRC-10 of OAM cells (I.610 §10.1) against an independent bitwise polynomial division,
//! the published CRC-10/ATM check value, and the `crc` crate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use hal::oam::{crc10, crc10_check, crc10_update, OamCell};
use proptest::prelude::*;

/// G(x) = x^10 + x^9 + x^5 + x^4 + x + 1, coefficients from x^10 down to x^0.
const GENERATOR: [u8; 11] = [1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1];

/// The bits of `data`, most significant first.
fn bits_of(data: &[u8]) -> Vec<u8> {
    data.iter().flat_map(|byte| (0..8).rev().map(move |i| (byte >> i) & 1)).collect()
}

/// Remainder of M(x) * x^10 divided by G(x), by schoolbook long division over GF(2).
fn reference_crc10(message_bits: &[u8]) -> u16 {
    let mut work = message_bits.to_vec();
    work.extend([0u8; 10]);
    for i in 0..message_bits.len() {
        if work[i] == 1 {
            for (j, g) in GENERATOR.iter().enumerate() {
                work[i + j] ^= g;
            }
        }
    }
    work[message_bits.len()..].iter().fold(0u16, |acc, &bit| (acc << 1) | u16::from(bit))
}

/// The OAM cell CRC by the reference: the first 374 bits of the payload (all but the CRC).
fn reference_cell_crc(payload: &[u8; 48]) -> u16 {
    let bits = bits_of(payload);
    reference_crc10(&bits[..48 * 8 - 10])
}

#[test]
fn published_check_value_crc10_atm() {
    // CRC catalogue (reveng) CRC-10/ATM: width 10, poly 0x233, init 0, check 0x199.
    assert_eq!(reference_crc10(&bits_of(b"123456789")), 0x199);
    assert_eq!(crc10_update(0, b"123456789"), 0x199);
    let crate_crc = crc::Crc::<u16>::new(&crc::CRC_10_ATM);
    assert_eq!(crate_crc.checksum(b"123456789"), 0x199);
}

#[test]
fn all_zero_payload_has_zero_crc() {
    assert_eq!(crc10(&[0u8; 48]), 0);
    assert!(crc10_check(&[0u8; 48]));
}

#[test]
fn single_bit_known_answers_from_reference() {
    // One bit set at a few positions: the CRC is x^(position) * x^10 mod G, from the
    // reference division; the fast table must agree everywhere.
    for bit in [0usize, 1, 7, 8, 100, 200, 367, 368, 373] {
        let mut payload = [0u8; 48];
        payload[bit / 8] |= 0x80 >> (bit % 8);
        assert_eq!(crc10(&payload), reference_cell_crc(&payload), "bit {bit}");
    }
}

#[test]
fn crc_field_does_not_influence_the_crc() {
    let mut payload = [0x6Au8; 48];
    let before = crc10(&payload);
    payload[46] |= 0x03;
    payload[47] = 0xFF;
    assert_eq!(crc10(&payload), before);
}

#[test]
fn reserved_bits_are_covered() {
    let mut payload = [0u8; 48];
    payload[46] = 0x04; // lowest reserved bit
    assert_ne!(crc10(&payload), 0);
    assert_eq!(crc10(&payload), reference_cell_crc(&payload));
}

#[test]
fn valid_cell_divides_with_zero_residue_in_crc_crate() {
    // Wireshark's ATM dissector checks an OAM cell by dividing all 48 octets and expecting 0;
    // the `crc` crate's CRC-10/ATM over a correct cell must therefore be 0 as well.
    let crate_crc = crc::Crc::<u16>::new(&crc::CRC_10_ATM);
    let mut payload = [0u8; 48];
    payload[0] = 0x18;
    payload[1] = 0x01;
    payload[2..].fill(0x6A);
    payload[46] = 0;
    payload[47] = 0;
    OamCell::new_unchecked(&mut payload[..]).fill_crc();
    assert_eq!(crate_crc.checksum(&payload), 0);
    assert!(crc10_check(&payload));
}

proptest! {
    #[test]
    fn table_matches_reference(payload in prop::collection::vec(any::<u8>(), 48)) {
        let payload: [u8; 48] = payload.try_into().unwrap();
        prop_assert_eq!(crc10(&payload), reference_cell_crc(&payload));
    }

    #[test]
    fn any_length_matches_reference(data in prop::collection::vec(any::<u8>(), 2..100)) {
        // Every bit but the last 10 (the CRC field) is covered, whatever the length.
        let bits = bits_of(&data);
        prop_assert_eq!(crc10(&data), reference_crc10(&bits[..bits.len() - 10]));
    }

    #[test]
    fn update_matches_crc_crate(data in prop::collection::vec(any::<u8>(), 0..200)) {
        let crate_crc = crc::Crc::<u16>::new(&crc::CRC_10_ATM);
        prop_assert_eq!(crc10_update(0, &data), crate_crc.checksum(&data));
    }

    #[test]
    fn filled_crc_always_checks(payload in prop::collection::vec(any::<u8>(), 48)) {
        let mut payload: [u8; 48] = payload.try_into().unwrap();
        OamCell::new_unchecked(&mut payload[..]).fill_crc();
        prop_assert!(crc10_check(&payload));
    }

    #[test]
    fn every_error_burst_up_to_10_bits_is_detected(
        payload in prop::collection::vec(any::<u8>(), 48),
        start in 0usize..(48 * 8),
        len in 1usize..=10,
        pattern in any::<u16>(),
    ) {
        let mut payload: [u8; 48] = payload.try_into().unwrap();
        OamCell::new_unchecked(&mut payload[..]).fill_crc();
        // A burst of `len` bits: first and last flipped, the middle from `pattern`.
        let len = len.min(48 * 8 - start);
        for k in 0..len {
            let flip = k == 0 || k == len - 1 || (pattern >> k) & 1 == 1;
            if flip {
                let bit = start + k;
                payload[bit / 8] ^= 0x80 >> (bit % 8);
            }
        }
        prop_assert!(!crc10_check(&payload));
    }
}

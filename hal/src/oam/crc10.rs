//! CRC-10 of OAM cells (I.610 §10.1, generator polynomial from I.610 §10.1 / I.363.3):
//! G(x) = x^10 + x^9 + x^5 + x^4 + x + 1.
//!
//! The CRC covers the whole 48-octet OAM cell payload except the 10-bit CRC field itself
//! (so it includes the 6 reserved bits in front of it). Bits enter most significant first,
//! the register starts at zero and nothing is inverted: the catalogue's CRC-10/ATM. Because
//! the remainder of a valid cell is zero, a receiver can also divide all 384 bits and expect
//! zero ([`crc10_check`]), which is what Wireshark's ATM dissector does.
//!
//! The implementation is a 256-entry table built at compile time (one lookup per octet) plus
//! a bitwise step for the 6 reserved bits; `benches/oam_crc10.rs` compares it with the `crc`
//! crate.

use super::cell::OAM_PAYLOAD_LEN;

/// The generator polynomial without its x^10 term (I.610 §10.1).
pub const CRC10_POLYNOMIAL: u16 = 0x233;

/// Width of the CRC register.
const WIDTH: u32 = 10;
/// Mask of the 10 register bits.
const MASK: u16 = (1 << WIDTH) - 1;
/// The register's top bit (x^9).
const TOP_BIT: u16 = 1 << (WIDTH - 1);

/// Remainder of `byte * x^10`, i.e. the register after feeding one octet into a zero register.
const fn table_entry(byte: u8) -> u16 {
    let mut reg = (byte as u16) << (WIDTH - 8);
    let mut bit = 0;
    while bit < 8 {
        reg = if reg & TOP_BIT != 0 {
            ((reg << 1) ^ CRC10_POLYNOMIAL) & MASK
        } else {
            (reg << 1) & MASK
        };
        bit += 1;
    }
    reg
}

#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time with i < 256: an out-of-range index would not compile"
)]
const fn build_table() -> [u16; 256] {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = table_entry(i as u8);
        i += 1;
    }
    table
}

static TABLE: [u16; 256] = build_table();

/// Feed `data` (whole octets, most significant bit first) into the CRC-10 register `crc`.
///
/// `crc10_update(0, b"123456789") == 0x199`, the CRC-10/ATM check value.
pub fn crc10_update(crc: u16, data: &[u8]) -> u16 {
    data.iter().fold(crc & MASK, |reg, &byte| {
        // The octet lines up with the register's top 8 bits; shifting it out of a 10-bit
        // register leaves the low 2 bits shifted up by 8.
        let index = usize::from(((reg >> (WIDTH - 8)) as u8) ^ byte);
        let folded = TABLE.get(index).copied().unwrap_or(0);
        ((reg << 8) & MASK) ^ folded
    })
}

/// Feed the `count` most significant bits of `bits` into the register, one bit at a time.
fn update_bits(crc: u16, bits: u8, count: u32) -> u16 {
    (0..count.min(8)).fold(crc & MASK, |reg, i| {
        let input = u16::from((bits >> (7 - i)) & 1);
        let feedback = ((reg >> (WIDTH - 1)) & 1) ^ input;
        let shifted = (reg << 1) & MASK;
        if feedback != 0 {
            shifted ^ CRC10_POLYNOMIAL
        } else {
            shifted
        }
    })
}

/// CRC-10 of an OAM cell payload (I.610 §10.1): over every bit of `payload` except its last
/// 10 bits (the CRC field), so the result does not depend on the CRC field's contents.
///
/// For a 48-octet payload the value belongs in the last 10 bits (see
/// [`OamCell::fill_crc`](super::OamCell::fill_crc)). A payload shorter than 2 octets has no
/// room for the field and yields 0.
pub fn crc10(payload: &[u8]) -> u16 {
    let Some(split) = payload.len().checked_sub(2) else {
        return 0;
    };
    let (body, tail) = payload.split_at(split);
    let crc = crc10_update(0, body);
    // The 6 reserved bits in front of the CRC field are covered too (I.610 §10.1).
    match tail.first() {
        Some(&reserved_and_crc_high) => update_bits(crc, reserved_and_crc_high, 6),
        None => crc,
    }
}

/// Whether a received 48-octet OAM cell payload has a correct CRC-10: dividing all 384 bits,
/// CRC field included, leaves no remainder.
pub fn crc10_check(payload: &[u8]) -> bool {
    payload.len() == OAM_PAYLOAD_LEN && crc10_update(0, payload) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_bitwise_feed() {
        for byte in 0..=255u8 {
            assert_eq!(crc10_update(0, &[byte]), update_bits(0, byte, 8));
        }
    }

    #[test]
    fn catalogue_check_value() {
        // CRC-10/ATM in the CRC catalogue (reveng): check = 0x199 over "123456789".
        assert_eq!(crc10_update(0, b"123456789"), 0x199);
    }

    #[test]
    fn short_payloads_yield_zero() {
        assert_eq!(crc10(&[]), 0);
        assert_eq!(crc10(&[0xff]), 0);
    }
}

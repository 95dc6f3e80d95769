//! CRC-10 of OAM cells (I.610 §10.1, generator polynomial from I.610 §10.1 / I.363.3):
//! G(x) = x^10 + x^9 + x^5 + x^4 + x + 1.
//!
//! The CRC covers the whole 48-octet OAM cell payload except the 10-bit CRC field itself
//! (so it includes the 6 reserved bits in front of it). Bits enter most significant first,
//! the register starts at zero and nothing is inverted: the catalogue's CRC-10/ATM. Because
//! the remainder of a valid cell is zero, a receiver can also divide all 384 bits and expect
//! zero ([`crc10_check`]), which is what Wireshark's ATM dissector does.
//!
//! Whole octets go through the `crc` crate's CRC-10/ATM with 16 tables (the fastest variant
//! measured, see `benches/oam_crc10.rs`). For a 48-octet payload the CRC field is zeroed and
//! the result multiplied by x^-10 (two 32-entry lookups) instead of feeding the 6 reserved
//! bits one at a time.

use super::cell::OAM_PAYLOAD_LEN;

/// The generator polynomial without its x^10 term (I.610 §10.1).
pub const CRC10_POLYNOMIAL: u16 = 0x233;

/// Width of the CRC register.
const WIDTH: u32 = 10;
/// Mask of the 10 register bits.
const MASK: u16 = (1 << WIDTH) - 1;

/// CRC-10/ATM with 16 lookup tables (8 KiB, built at compile time). Measured on a 48-octet
/// cell (benches/oam_crc10.rs, shared 2-core machine): 20-30 ns, against 100-180 ns for the
/// crate's one-table variant and 125-185 ns for a hand-written one-table loop.
static CRC10_ATM: crc::Crc<u16, crc::Table<16>> =
    crc::Crc::<u16, crc::Table<16>>::new(&crc::CRC_10_ATM);

/// Feed `data` (whole octets, most significant bit first) into the CRC-10 register `crc`.
///
/// `crc10_update(0, b"123456789") == 0x199`, the CRC-10/ATM check value.
pub fn crc10_update(crc: u16, data: &[u8]) -> u16 {
    let mut digest = CRC10_ATM.digest_with_initial(crc & MASK);
    digest.update(data);
    digest.finalize()
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

/// G(x) with its x^10 term, as 11 bits.
const GENERATOR_FULL: u16 = (1 << WIDTH) | CRC10_POLYNOMIAL;

/// `value * x^-10 mod G(x)`. G has a constant term, so x is invertible: dividing by x is
/// adding G when the x^0 coefficient is set and shifting right.
const fn mul_inverse_x10(value: u16) -> u16 {
    let mut reg = value;
    let mut i = 0;
    while i < WIDTH {
        if reg & 1 != 0 {
            reg ^= GENERATOR_FULL;
        }
        reg >>= 1;
        i += 1;
    }
    reg
}

/// `mul_inverse_x10` of the low 5 bits (index) and of the high 5 bits (index << 5) of a
/// register, so the linear map costs two lookups.
const fn inverse_x10_table(shift: u32) -> [u16; 32] {
    let mut table = [0u16; 32];
    let mut i = 0u16;
    while i < 32 {
        #[allow(
            clippy::indexing_slicing,
            reason = "evaluated at compile time with i < 32: an out-of-range index would not compile"
        )]
        {
            table[i as usize] = mul_inverse_x10(i << shift);
        }
        i += 1;
    }
    table
}

static INVERSE_X10_LOW: [u16; 32] = inverse_x10_table(0);
static INVERSE_X10_HIGH: [u16; 32] = inverse_x10_table(5);

/// CRC-10 of an OAM cell payload (I.610 §10.1): over every bit of `payload` except its last
/// 10 bits (the CRC field), so the result does not depend on the CRC field's contents.
///
/// For a 48-octet payload the value belongs in the last 10 bits (see
/// [`OamCell::fill_crc`](super::OamCell::fill_crc)). A payload shorter than 2 octets has no
/// room for the field and yields 0.
pub fn crc10(payload: &[u8]) -> u16 {
    if let Ok(cell) = <&[u8; OAM_PAYLOAD_LEN]>::try_from(payload) {
        return crc10_cell(cell);
    }
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

/// The 48-octet case without a bitwise tail: with the CRC field zeroed the whole payload is
/// M(x)·x^10, and the table CRC of it is M(x)·x^10·x^10 mod G; one multiplication by x^-10
/// gives the wanted M(x)·x^10 mod G.
fn crc10_cell(payload: &[u8; OAM_PAYLOAD_LEN]) -> u16 {
    let mut cell = *payload;
    let [.., reserved_and_crc_high, crc_low] = &mut cell;
    *reserved_and_crc_high &= !0x03;
    *crc_low = 0;
    let shifted = CRC10_ATM.checksum(&cell);
    let low = INVERSE_X10_LOW.get(usize::from(shifted & 0x1F)).copied();
    let high = INVERSE_X10_HIGH.get(usize::from((shifted >> 5) & 0x1F)).copied();
    low.unwrap_or(0) ^ high.unwrap_or(0)
}

/// Whether a received 48-octet OAM cell payload has a correct CRC-10: dividing all 384 bits,
/// CRC field included, leaves no remainder.
pub fn crc10_check(payload: &[u8]) -> bool {
    payload.len() == OAM_PAYLOAD_LEN && CRC10_ATM.checksum(payload) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octets_match_bitwise_feed() {
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
    fn cell_fast_path_matches_bitwise_tail() {
        let mut payload = [0u8; OAM_PAYLOAD_LEN];
        for seed in 0..64u8 {
            for (i, b) in payload.iter_mut().enumerate() {
                *b = (i as u8).wrapping_mul(31).wrapping_add(seed.wrapping_mul(97));
            }
            let (body, tail) = payload.split_at(46);
            let slow = update_bits(crc10_update(0, body), tail[0], 6);
            assert_eq!(crc10(&payload), slow);
        }
    }

    #[test]
    fn inverse_of_x10_undoes_multiplication() {
        // x^10 * x^-10 = 1: the register 1 shifted by 10 zero bits, then divided back.
        let x10 = update_bits(update_bits(1, 0, 8), 0, 2);
        assert_eq!(mul_inverse_x10(x10), 1);
    }

    #[test]
    fn short_payloads_yield_zero() {
        assert_eq!(crc10(&[]), 0);
        assert_eq!(crc10(&[0xff]), 0);
    }
}

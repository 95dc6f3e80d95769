//! Header Error Control (ITU-T I.432.1 §4.3.2): generation, checking, single-bit correction.
//!
//! The HEC is the remainder of the first four header octets multiplied by x^8 and divided
//! by the generator x^8 + x^2 + x + 1, with the coset 01010101 (0x55) added so that an
//! all-zero header does not carry an all-zero HEC (I.432.1 §4.3.2.2). It is the `crc`
//! crate's `CRC_8_I_432_1`.
//!
//! Our own [`hec`] uses four 256-entry tables generated at compile time (1 KiB): because the
//! remainder is linear, each of the four octets is looked up independently and the results
//! are XORed, instead of the usual chain of four dependent lookups. `benches/cell_header.rs`
//! measures it against the `crc` crate's `CRC_8_I_432_1` (a serial 256-entry table), a
//! serial table of our own and a bitwise baseline in the same run. When many independent
//! headers are checked back to back all table forms are about equally fast (the loads
//! overlap); when each check waits for the previous one (the delineator's HUNT, a single
//! cell) the independent lookups take roughly half the time of the `crc` crate's. So the
//! crate uses its own table; the `crc` crate remains the reference in the tests.
//!
//! Correction: the syndrome (computed HEC XOR received HEC) of a single-bit error at any of
//! the 40 header bit positions is distinct and non-zero, so a 256-entry table maps each
//! syndrome to the bit to flip. Because the generator has the factor (x + 1), every error
//! pattern of even weight leaves a syndrome of even weight, while single-bit syndromes have
//! odd weight: a two-bit error is never mistaken for a correctable one. The other factor,
//! x^7 + x^6 + x^5 + x^4 + x^3 + x^2 + 1, is primitive (period 127 > 40), so no 2-bit error
//! goes undetected either: minimum distance 4 over the 40 header bits. Three-bit errors can
//! be miscorrected, which is why the receiver leaves correction mode after one correction.

use super::HEADER_LEN;

/// The generator x^8 + x^2 + x + 1 without its x^8 term (I.432.1 §4.3.2.2).
pub const GENERATOR: u8 = 0x07;
/// The coset added to the remainder, 01010101 (I.432.1 §4.3.2.2).
pub const COSET: u8 = 0x55;
/// Header bits covered by the HEC code, HEC octet included.
pub const HEADER_BITS: u8 = 40;

/// Marks a syndrome that does not belong to a single-bit error.
const NOT_SINGLE_BIT: u8 = 0xFF;

/// The CRC-8 remainder of each octet value, most significant bit first: `CRC_TABLE[b]` is
/// the remainder of b(x)·x^8.
const CRC_TABLE: [u8; 256] = crc_table();

/// `SLICE_TABLES[k][b]` is the remainder of b(x)·x^(8 + 8k): the contribution of an octet
/// followed by k more octets. The remainder is linear, so the four contributions of a
/// header are independent lookups combined by XOR (no serial dependency chain).
const SLICE_TABLES: [[u8; 256]; 4] = slice_tables();

/// For each syndrome, the header bit position (0 = first transmitted bit, the most
/// significant bit of octet 1; 39 = the least significant bit of the HEC octet) whose
/// inversion produces it, or [`NOT_SINGLE_BIT`].
const SYNDROME_TABLE: [u8; 256] = syndrome_table();

// Evaluated only at compile time: an out-of-range index would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
const fn crc_table() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut value = 0usize;
    while value < 256 {
        // `value < 256`, so the cast keeps every bit.
        let mut crc = value as u8;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 0x80 != 0 { (crc << 1) ^ GENERATOR } else { crc << 1 };
            bit += 1;
        }
        table[value] = crc;
        value += 1;
    }
    table
}

// Evaluated only at compile time (see `crc_table`).
#[allow(clippy::indexing_slicing)]
const fn slice_tables() -> [[u8; 256]; 4] {
    let mut tables = [[0u8; 256]; 4];
    tables[0] = CRC_TABLE;
    let mut k = 1;
    while k < 4 {
        let mut b = 0;
        while b < 256 {
            // One more octet after it multiplies the remainder by x^8 again.
            tables[k][b] = CRC_TABLE[tables[k - 1][b] as usize];
            b += 1;
        }
        k += 1;
    }
    tables
}

/// The CRC-8 remainder (no coset) of four octets: linear in the octets, which is what
/// makes the syndrome of an error depend only on the error pattern.
#[allow(clippy::indexing_slicing)]
const fn remainder_const(octets: [u8; 4]) -> u8 {
    let mut crc = 0u8;
    let mut i = 0;
    while i < 4 {
        crc = CRC_TABLE[(crc ^ octets[i]) as usize];
        i += 1;
    }
    crc
}

// Evaluated only at compile time (see `crc_table`).
#[allow(clippy::indexing_slicing)]
const fn syndrome_table() -> [u8; 256] {
    let mut table = [NOT_SINGLE_BIT; 256];
    let mut bit = 0u8;
    while bit < HEADER_BITS {
        let syndrome = if bit < 32 {
            let mut error = [0u8; 4];
            error[(bit / 8) as usize] = 0x80 >> (bit % 8);
            remainder_const(error)
        } else {
            0x80 >> (bit - 32)
        };
        // Distinct syndromes for the 40 positions are a property of the code (its period is
        // 127 > 40); assert it at compile time.
        assert!(table[syndrome as usize] == NOT_SINGLE_BIT && syndrome != 0);
        table[syndrome as usize] = bit;
        bit += 1;
    }
    table
}

#[cfg(test)]
fn crc_step(crc: u8, octet: u8) -> u8 {
    CRC_TABLE.get(usize::from(crc ^ octet)).copied().unwrap_or(0)
}

#[inline(always)]
fn slice(table: &[u8; 256], octet: u8) -> u8 {
    // A u8 index into a 256-entry table is always in range; the fallback is unreachable and
    // the optimiser removes it.
    table.get(usize::from(octet)).copied().unwrap_or(0)
}

/// The HEC for the first four header octets (I.432.1 §4.3.2.2), coset included.
#[inline]
pub fn hec(first_four: [u8; 4]) -> u8 {
    let [a, b, c, d] = first_four;
    let [t0, t1, t2, t3] = &SLICE_TABLES;
    slice(t3, a) ^ slice(t2, b) ^ slice(t1, c) ^ slice(t0, d) ^ COSET
}

/// The HEC for the first four header octets, usable in constants.
pub const fn hec_const(first_four: [u8; 4]) -> u8 {
    remainder_const(first_four) ^ COSET
}

/// The syndrome of a 5-octet header: zero when the HEC matches, otherwise the error's
/// signature (computed HEC XOR received HEC).
#[inline]
pub fn syndrome(header: [u8; HEADER_LEN]) -> u8 {
    let [a, b, c, d, received] = header;
    hec([a, b, c, d]) ^ received
}

/// What the HEC says about a received header.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum HecCheck {
    /// The HEC matches (syndrome zero).
    Valid,
    /// The syndrome is that of a single inverted bit at `bit` (0 = the most significant bit
    /// of octet 1, 39 = the least significant bit of the HEC octet).
    SingleBit {
        /// The header bit position in transmission order.
        bit: u8,
    },
    /// The syndrome belongs to no single-bit error: a multi-bit error was detected.
    MultiBit,
}

/// Classify a header by its syndrome (I.432.1 §4.3.2.3).
#[inline]
pub fn check(header: [u8; HEADER_LEN]) -> HecCheck {
    let s = syndrome(header);
    if s == 0 {
        return HecCheck::Valid;
    }
    match SYNDROME_TABLE.get(usize::from(s)).copied() {
        Some(bit) if bit < HEADER_BITS => HecCheck::SingleBit { bit },
        _ => HecCheck::MultiBit,
    }
}

/// Invert header bit `bit` (transmission order, as in [`HecCheck::SingleBit`]); bits beyond
/// 39 are ignored.
pub fn flip_bit(header: &mut [u8; HEADER_LEN], bit: u8) {
    if let Some(octet) = header.get_mut(usize::from(bit / 8)) {
        *octet ^= 0x80 >> (bit % 8);
    }
}

/// Check a header and, if the syndrome is that of a single-bit error, correct it in place
/// (I.432.1 §4.3.2.3 correction mode). Returns what was found before correction; after a
/// `SingleBit` result the header is valid.
pub fn check_and_correct(header: &mut [u8; HEADER_LEN]) -> HecCheck {
    let outcome = check(*header);
    if let HecCheck::SingleBit { bit } = outcome {
        flip_bit(header, bit);
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crc::{Crc, CRC_8_I_432_1};

    const CRATE_HEC: Crc<u8> = Crc::<u8>::new(&CRC_8_I_432_1);

    fn bitwise(octets: [u8; 4]) -> u8 {
        let mut crc = 0u8;
        for octet in octets {
            crc ^= octet;
            for _ in 0..8 {
                crc = if crc & 0x80 != 0 { (crc << 1) ^ 0x07 } else { crc << 1 };
            }
        }
        crc ^ 0x55
    }

    #[test]
    fn known_answers() {
        // atm-reference.md / I.432.1: idle, unassigned, 0/5, 0/5 end of frame, 0/16.
        assert_eq!(hec([0, 0, 0, 1]), 0x52);
        assert_eq!(hec([0, 0, 0, 0]), 0x55);
        assert_eq!(hec([0x00, 0x00, 0x00, 0x50]), 0xE2);
        assert_eq!(hec([0x00, 0x00, 0x00, 0x52]), 0xEC);
        assert_eq!(hec([0x00, 0x00, 0x01, 0x00]), 0x40);
        assert_eq!(hec_const([0, 0, 0, 1]), 0x52);
    }

    #[test]
    fn crc_catalog_check_value() {
        // CRC_8_I_432_1 check value over "123456789" is 0xA1; our table reproduces the
        // remainder chain over arbitrary lengths.
        let mut crc = 0u8;
        for &b in b"123456789" {
            crc = crc_step(crc, b);
        }
        assert_eq!(crc ^ COSET, 0xA1);
    }

    #[test]
    fn table_matches_crc_crate_and_bitwise_exhaustively_on_low_octets() {
        for a in [0u8, 0x01, 0x80, 0xFF, 0x5A] {
            for b in [0u8, 0x10, 0xFF] {
                for c in 0..=255u8 {
                    for d in 0..=255u8 {
                        let x = [a, b, c, d];
                        let h = hec(x);
                        assert_eq!(h, CRATE_HEC.checksum(&x));
                        assert_eq!(h, bitwise(x));
                    }
                }
            }
        }
    }

    #[test]
    fn every_single_bit_error_is_located() {
        let header = [0x12, 0x34, 0x56, 0x78, hec([0x12, 0x34, 0x56, 0x78])];
        assert_eq!(check(header), HecCheck::Valid);
        for bit in 0..HEADER_BITS {
            let mut bad = header;
            flip_bit(&mut bad, bit);
            assert_eq!(check(bad), HecCheck::SingleBit { bit });
            assert_eq!(check_and_correct(&mut bad), HecCheck::SingleBit { bit });
            assert_eq!(bad, header);
        }
    }

    // The syndrome depends only on the error pattern (the remainder is linear), so checking
    // every pattern against one header covers every header.
    #[test]
    fn every_double_bit_error_is_detected_not_corrected() {
        let header = [0, 0, 0, 0x50, 0xE2];
        for i in 0..HEADER_BITS {
            for j in (i + 1)..HEADER_BITS {
                let mut bad = header;
                flip_bit(&mut bad, i);
                flip_bit(&mut bad, j);
                assert_eq!(check(bad), HecCheck::MultiBit, "bits {i},{j}");
            }
        }
    }

    #[test]
    fn some_triple_bit_errors_are_miscorrected() {
        // The code's minimum distance is 4 at this length: a 3-bit error can look like a
        // single-bit one. Asserting the existence documents the limit of correction mode.
        let header = [0, 0, 0, 0, 0x55];
        let mut miscorrected = 0u32;
        for i in 0..HEADER_BITS {
            for j in (i + 1)..HEADER_BITS {
                for k in (j + 1)..HEADER_BITS {
                    let mut bad = header;
                    flip_bit(&mut bad, i);
                    flip_bit(&mut bad, j);
                    flip_bit(&mut bad, k);
                    assert_ne!(check(bad), HecCheck::Valid);
                    if matches!(check(bad), HecCheck::SingleBit { .. }) {
                        miscorrected += 1;
                    }
                }
            }
        }
        assert!(miscorrected > 0);
    }

    #[test]
    fn flip_bit_out_of_range_is_ignored() {
        let mut header = [1, 2, 3, 4, 5];
        flip_bit(&mut header, 40);
        flip_bit(&mut header, 255);
        assert_eq!(header, [1, 2, 3, 4, 5]);
    }
}

//! 24-bit modular sequence numbers (Q.2110 §7.1: N(S), N(R), N(MR), N(PS) and the state
//! variables VT(S), VT(A), VR(R), … are all modulo 2^24).
//!
//! Q.2110 requires all comparisons to be made relative to the base of the window concerned
//! (VT(A) for the transmitter, VR(R) for the receiver). So every comparison in the entity is
//! written as a distance above a base with [`diff`], never as a raw `<` on two numbers.

/// The sequence number modulus, 2^24.
pub const MODULUS: u32 = 1 << 24;
/// Mask selecting the 24 bits of a sequence number.
pub const MASK: u32 = MODULUS - 1;

/// `a + n` modulo 2^24.
#[inline]
pub const fn add(a: u32, n: u32) -> u32 {
    a.wrapping_add(n) & MASK
}

/// `a + 1` modulo 2^24.
#[inline]
pub const fn inc(a: u32) -> u32 {
    add(a, 1)
}

/// The distance of `a` above `base`, modulo 2^24 (0 ..= 2^24 - 1).
#[inline]
pub const fn diff(a: u32, base: u32) -> u32 {
    a.wrapping_sub(base) & MASK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_wraps_at_two_to_the_twenty_four() {
        assert_eq!(add(MASK, 1), 0);
        assert_eq!(inc(0xFF_FFFE), 0xFF_FFFF);
        assert_eq!(diff(2, MASK), 3);
        assert_eq!(diff(5, 5), 0);
        assert_eq!(diff(4, 5), MASK);
        assert_eq!(add(0x12_3456, 0x100_0000), 0x12_3456);
    }
}

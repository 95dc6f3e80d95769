//! The self-synchronising x^43 + 1 scrambler for the cell information field (I.432.2
//! §4.3.4 for SDH-based interfaces; the same scrambler on the cell stream of I.432.1).
//!
//! Transmit: s(n) = d(n) XOR s(n - 43). Receive: d(n) = s(n) XOR s(n - 43). The receiver's
//! memory holds only received bits, so it is in step with the transmitter after 43 bits
//! whatever state it started in — no synchronisation procedure is needed, and a bit error
//! on the line becomes two bit errors (43 bits apart) after descrambling.
//!
//! Only the 48-octet information field is scrambled: the header is left clear so that HEC
//! cell delineation works, and the scrambler is suspended (its state kept) while the header
//! passes. Bits are taken most significant first (transmission order).
//!
//! Because the delay (43) exceeds 32, a whole 32-bit word depends only on earlier bits; the
//! implementation works a word at a time.

/// Bits of scrambler memory.
pub const DELAY_BITS: u32 = 43;

/// The 32 previous bits s(n-43)..s(n-12) for the next 32 bits, from a history whose least
/// significant bit is the last bit sent.
#[inline(always)]
fn mask_word(history: u64) -> u32 {
    // Bits 42..11 of the history; the truncation keeps exactly those 32 bits.
    (history >> (DELAY_BITS - 32)) as u32
}

#[inline(always)]
fn mask_octet(history: u64) -> u8 {
    // Bits 42..35 of the history.
    (history >> (DELAY_BITS - 8)) as u8
}

/// Transmit-side x^43 + 1 scrambler.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct PayloadScrambler {
    history: u64,
}

impl PayloadScrambler {
    /// A scrambler with all-zero memory.
    pub const fn new() -> Self {
        PayloadScrambler { history: 0 }
    }

    /// A scrambler with the given memory (the low 43 bits are used): for tests and to
    /// start from an arbitrary state.
    pub const fn with_state(state: u64) -> Self {
        PayloadScrambler { history: state }
    }

    /// Scramble `data` in place, continuing from the previous call.
    pub fn scramble(&mut self, data: &mut [u8]) {
        let mut words = data.chunks_exact_mut(4);
        for word in &mut words {
            let mut w = [0u8; 4];
            w.copy_from_slice(word);
            let s = u32::from_be_bytes(w) ^ mask_word(self.history);
            self.history = (self.history << 32) | u64::from(s);
            word.copy_from_slice(&s.to_be_bytes());
        }
        for octet in words.into_remainder() {
            let s = *octet ^ mask_octet(self.history);
            self.history = (self.history << 8) | u64::from(s);
            *octet = s;
        }
    }
}

/// Receive-side x^43 + 1 descrambler.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct PayloadDescrambler {
    history: u64,
}

impl PayloadDescrambler {
    /// A descrambler with all-zero memory.
    pub const fn new() -> Self {
        PayloadDescrambler { history: 0 }
    }

    /// A descrambler with arbitrary memory; it self-synchronises within 43 bits.
    pub const fn with_state(state: u64) -> Self {
        PayloadDescrambler { history: state }
    }

    /// Descramble `data` in place, continuing from the previous call.
    pub fn descramble(&mut self, data: &mut [u8]) {
        let mut words = data.chunks_exact_mut(4);
        for word in &mut words {
            let mut w = [0u8; 4];
            w.copy_from_slice(word);
            let s = u32::from_be_bytes(w);
            let d = s ^ mask_word(self.history);
            self.history = (self.history << 32) | u64::from(s);
            word.copy_from_slice(&d.to_be_bytes());
        }
        for octet in words.into_remainder() {
            let s = *octet;
            *octet = s ^ mask_octet(self.history);
            self.history = (self.history << 8) | u64::from(s);
        }
    }

    /// Advance over received scrambled octets whose clear text is not wanted (discarded or
    /// idle cells): the memory must still see them to stay in step with the transmitter.
    pub fn absorb(&mut self, data: &[u8]) {
        // Only the last 8 octets can influence the next output.
        let tail = data.len().saturating_sub(8);
        for &s in data.get(tail..).unwrap_or(&[]) {
            self.history = (self.history << 8) | u64::from(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bit-serial reference: s(n) = d(n) ^ s(n-43), most significant bit first.
    fn reference_scramble(state: u64, data: &[u8]) -> alloc::vec::Vec<u8> {
        let mut hist = state;
        data.iter()
            .map(|&d| {
                let mut out = 0u8;
                for j in (0..8).rev() {
                    let bit = ((d >> j) & 1) ^ ((hist >> 42) & 1) as u8;
                    hist = (hist << 1) | u64::from(bit);
                    out |= bit << j;
                }
                out
            })
            .collect()
    }

    fn pattern(len: usize, seed: u32) -> alloc::vec::Vec<u8> {
        let mut x = seed;
        (0..len)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) as u8
            })
            .collect()
    }

    #[test]
    fn matches_bit_serial_reference() {
        for (len, state) in [(48usize, 0u64), (53, 0x7FF_FFFF_FFFF), (7, 0x123_4567_89AB)] {
            let data = pattern(len, len as u32);
            let mut s = data.clone();
            PayloadScrambler::with_state(state).scramble(&mut s);
            assert_eq!(s, reference_scramble(state, &data));
        }
    }

    #[test]
    fn round_trip_across_calls() {
        let data = pattern(48 * 5, 9);
        let mut wire = data.clone();
        let mut tx = PayloadScrambler::new();
        for chunk in wire.chunks_mut(48) {
            tx.scramble(chunk);
        }
        assert_ne!(wire, data);
        let mut rx = PayloadDescrambler::new();
        let mut clear = wire.clone();
        // Uneven call boundaries on the receive side.
        let (a, rest) = clear.split_at_mut(13);
        rx.descramble(a);
        let (b, c) = rest.split_at_mut(101);
        rx.descramble(b);
        rx.descramble(c);
        assert_eq!(clear, data);
    }

    #[test]
    fn self_synchronises_after_43_bits() {
        // A descrambler started in an arbitrary state recovers every bit from bit 43 on, and
        // at least one of the first 43 bits is wrong (so the state really mattered).
        let data = pattern(48, 3);
        for (tx_state, rx_state) in [(0u64, 0x5A5_A5A5_A5A5u64), (0x7FF_FFFF_FFFF, 0), (1, 2)] {
            let mut wire = data.clone();
            PayloadScrambler::with_state(tx_state).scramble(&mut wire);
            let mut clear = wire.clone();
            PayloadDescrambler::with_state(rx_state).descramble(&mut clear);
            let bit = |buf: &[u8], n: usize| (buf[n / 8] >> (7 - n % 8)) & 1;
            for n in 43..48 * 8 {
                assert_eq!(bit(&clear, n), bit(&data, n), "bit {n}");
            }
            assert!((0..43).any(|n| bit(&clear, n) != bit(&data, n)));
        }
    }

    #[test]
    fn absorb_keeps_step() {
        let data = pattern(96, 5);
        let mut wire = data.clone();
        PayloadScrambler::new().scramble(&mut wire);
        let mut rx = PayloadDescrambler::with_state(0x1234);
        rx.absorb(&wire[..48]);
        let mut second = wire[48..].to_vec();
        rx.descramble(&mut second);
        assert_eq!(second, data[48..]);
    }

    #[test]
    fn line_bit_error_doubles() {
        let data = pattern(48, 11);
        let mut wire = data.clone();
        PayloadScrambler::new().scramble(&mut wire);
        wire[1] ^= 0x80; // bit 8
        PayloadDescrambler::new().descramble(&mut wire);
        let errors: u32 = wire.iter().zip(&data).map(|(a, b)| (a ^ b).count_ones()).sum();
        assert_eq!(errors, 2);
        assert_eq!(wire[1] ^ data[1], 0x80);
        // 8 + 43 = bit 51 = octet 6, bit position 3 from the top.
        assert_eq!(wire[6] ^ data[6], 0x10);
    }
}

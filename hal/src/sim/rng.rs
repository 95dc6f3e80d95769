//! A small deterministic pseudo-random generator for seeded simulations.
//!
//! xoshiro256** (Blackman and Vigna, 2018) seeded through SplitMix64, as its authors
//! recommend: any 64-bit seed, including zero, gives a well-mixed non-zero state. No
//! dependency and no global state, so every run with the same seed is identical on every
//! host — the property the fault-injecting fabric and the seeded property tests rely on.

/// SplitMix64 (Steele, Lea and Flood): a 64-bit counter passed through a bijective mixer.
///
/// Used to expand one seed into the four words of [`Rng`]; good enough on its own for
/// deriving per-link seeds from a fabric seed.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub const fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64-bit output.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// xoshiro256**: the simulator's generator.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator whose whole sequence is determined by `seed`.
    pub fn seed_from_u64(seed: u64) -> Self {
        let mut sm = SplitMix64::new(seed);
        Rng { s: [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()] }
    }

    /// The next 64-bit output.
    pub fn next_u64(&mut self) -> u64 {
        let [s0, s1, s2, s3] = self.s;
        let result = s1.wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s1 << 17;
        let s2 = s2 ^ s0;
        let s3 = s3 ^ s1;
        let s1 = s1 ^ s2;
        let s0 = s0 ^ s3;
        let s2 = s2 ^ t;
        let s3 = s3.rotate_left(45);
        self.s = [s0, s1, s2, s3];
        result
    }

    /// The next 32-bit output (the high half, the better-mixed one).
    pub fn next_u32(&mut self) -> u32 {
        // The shift leaves exactly 32 significant bits, so the conversion cannot fail.
        u32::try_from(self.next_u64() >> 32).unwrap_or(u32::MAX)
    }

    /// A uniformly distributed value in `0..bound`; 0 when `bound` is 0.
    ///
    /// Lemire's multiply-shift; the tiny bias for bounds far below 2^64 does not matter for
    /// fault injection.
    pub fn below(&mut self, bound: u64) -> u64 {
        let wide = u128::from(self.next_u64()) * u128::from(bound);
        u64::try_from(wide >> 64).unwrap_or(0)
    }

    /// A uniformly distributed value in `[0, 1)` with 53 bits of precision.
    pub fn next_f64(&mut self) -> f64 {
        // 2^-53: the 53 high bits fill an f64 mantissa exactly.
        const SCALE: f64 = 1.0 / 9_007_199_254_740_992.0;
        (self.next_u64() >> 11) as f64 * SCALE
    }

    /// `true` with probability `p` (values ≤ 0 never, ≥ 1 always).
    pub fn chance(&mut self, p: f64) -> bool {
        if p <= 0.0 {
            // Do not consume randomness for disabled faults, so enabling one fault class
            // does not reshuffle the draws of another only through this call.
            false
        } else if p >= 1.0 {
            true
        } else {
            self.next_f64() < p
        }
    }

    /// Fills `out` with random octets.
    pub fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let word = self.next_u64().to_le_bytes();
            for (o, w) in chunk.iter_mut().zip(word.iter()) {
                *o = *w;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_known_answers() {
        // Reference outputs of the published splitmix64.c for seed 0 and seed 1234567.
        let mut sm = SplitMix64::new(0);
        assert_eq!(sm.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(sm.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(sm.next_u64(), 0x06C4_5D18_8009_454F);
        let mut sm = SplitMix64::new(1_234_567);
        assert_eq!(sm.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(sm.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn xoshiro256starstar_known_answers() {
        // State {1, 2, 3, 4} as in the reference implementation's test vectors.
        let mut r = Rng { s: [1, 2, 3, 4] };
        assert_eq!(r.next_u64(), 11_520);
        assert_eq!(r.next_u64(), 0);
        assert_eq!(r.next_u64(), 1_509_978_240);
        assert_eq!(r.next_u64(), 1_215_971_899_390_074_240);
    }

    #[test]
    fn same_seed_same_sequence_different_seed_different_sequence() {
        let mut a = Rng::seed_from_u64(42);
        let mut b = Rng::seed_from_u64(42);
        let mut c = Rng::seed_from_u64(43);
        let sa: alloc::vec::Vec<u64> = (0..16).map(|_| a.next_u64()).collect();
        let sb: alloc::vec::Vec<u64> = (0..16).map(|_| b.next_u64()).collect();
        let sc: alloc::vec::Vec<u64> = (0..16).map(|_| c.next_u64()).collect();
        assert_eq!(sa, sb);
        assert_ne!(sa, sc);
    }

    #[test]
    fn bounded_draws_stay_in_range_and_cover_it() {
        let mut r = Rng::seed_from_u64(7);
        let mut seen = [false; 10];
        for _ in 0..1000 {
            let v = r.below(10);
            assert!(v < 10);
            seen[v as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(r.below(0), 0);
        for _ in 0..1000 {
            let f = r.next_f64();
            assert!((0.0..1.0).contains(&f));
        }
    }

    #[test]
    fn chance_matches_its_probability_roughly() {
        let mut r = Rng::seed_from_u64(99);
        let hits = (0..100_000).filter(|_| r.chance(0.1)).count();
        assert!((9_000..11_000).contains(&hits), "{hits}");
        assert!(!r.chance(0.0));
        assert!(r.chance(1.0));
    }

    #[test]
    fn fill_writes_every_octet_of_odd_lengths() {
        let mut r = Rng::seed_from_u64(5);
        let mut buf = [0u8; 13];
        r.fill(&mut buf);
        let mut r2 = Rng::seed_from_u64(5);
        let w0 = r2.next_u64().to_le_bytes();
        let w1 = r2.next_u64().to_le_bytes();
        assert_eq!(&buf[..8], &w0);
        assert_eq!(&buf[8..], &w1[..5]);
    }
}

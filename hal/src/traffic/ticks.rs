//! Exact fixed-point time for the GCRA: a whole number of ticks plus a fraction `frac / den`.
//!
//! Choice of unit (why not picoseconds): a tick is whatever the caller's clock counts — one cell
//! slot of the link for the [`Scheduler`](super::Scheduler) (tick rate = line cell rate), one
//! nanosecond for the [`Policer`](super::Policer) (tick rate = 10^9 Hz). Every GCRA carries its own
//! denominator `den`, chosen so that its increment `I` and its burst tolerance are *exact*
//! rationals: `den = PCR` for GCRA(1/PCR, ·) and `den = SCR·PCR` for GCRA(1/SCR, BT + ·). A
//! 1/353 207 s increment on a 10^9 Hz clock is therefore 2 831 + 70 983/353 207 ticks, stored as
//! such, and n increments add up to exactly n/353 207 s: the theoretical arrival time never
//! drifts, however long the connection lives.
//!
//! Error bound: only the CDVT is rounded — converted from nanoseconds to `1/den` tick units it is
//! rounded *down*, by less than one `1/den` tick (below 10^-9 s / PCR on the ns clock; zero when
//! the tick is 1 ns). Rounding down can only make a shaper stricter. Arrival times themselves are
//! whole ticks (the caller's clock resolution). Whole ticks saturate at `u64::MAX` (5.8·10^11 s at
//! 1 ns ticks) instead of wrapping.
//!
//! Denominators are bounded by `MAX_CELL_RATE^2 = 2^60` (rates are capped at 2^30 cells/s), so
//! `frac + frac < 2^61` never overflows a `u64`.

use core::cmp::Ordering;

/// A non-negative time (or span) `whole + frac/den` ticks, `frac < den`; `den` is kept by the
/// owner (one per GCRA). The derived ordering is the numeric one because `frac < den`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Ticks {
    /// Whole ticks.
    pub whole: u64,
    /// Numerator of the fractional tick, `< den`.
    pub frac: u64,
}

impl Ticks {
    /// Zero ticks.
    pub const ZERO: Ticks = Ticks { whole: 0, frac: 0 };

    /// A whole number of ticks.
    pub const fn from_whole(whole: u64) -> Ticks {
        Ticks { whole, frac: 0 }
    }

    /// `num / den` ticks, exactly (saturating the whole part at `u64::MAX`).
    pub fn from_ratio(num: u128, den: u64) -> Ticks {
        let den = den.max(1);
        let d = u128::from(den);
        let whole = u64::try_from(num / d).unwrap_or(u64::MAX);
        // `num % d < den`, so it fits.
        let frac = u64::try_from(num % d).unwrap_or(0);
        Ticks { whole, frac }
    }

    /// `self + rhs` over denominator `den` (saturating).
    #[inline]
    pub fn add(self, rhs: Ticks, den: u64) -> Ticks {
        let f = self.frac.wrapping_add(rhs.frac);
        let (frac, carry) = if f >= den { (f.wrapping_sub(den), 1) } else { (f, 0) };
        let whole = self.whole.saturating_add(rhs.whole).saturating_add(carry);
        Ticks { whole, frac }
    }

    /// `self - rhs` over denominator `den`, zero if `rhs > self`.
    #[inline]
    pub fn saturating_sub(self, rhs: Ticks, den: u64) -> Ticks {
        match self.cmp(&rhs) {
            Ordering::Less | Ordering::Equal => Ticks::ZERO,
            Ordering::Greater => {
                if self.frac >= rhs.frac {
                    Ticks {
                        whole: self.whole.wrapping_sub(rhs.whole),
                        frac: self.frac.wrapping_sub(rhs.frac),
                    }
                } else {
                    // Borrow one whole tick; self > rhs guarantees self.whole > rhs.whole here.
                    Ticks {
                        whole: self.whole.wrapping_sub(rhs.whole).wrapping_sub(1),
                        frac: self.frac.wrapping_add(den).wrapping_sub(rhs.frac),
                    }
                }
            }
        }
    }

    /// The smallest whole tick `>= self`.
    #[inline]
    pub fn ceil(self) -> u64 {
        if self.frac == 0 {
            self.whole
        } else {
            self.whole.saturating_add(1)
        }
    }

    /// The value as a `u128` numerator over `den` (for tests and exact comparisons).
    pub fn as_ratio(self, den: u64) -> u128 {
        u128::from(self.whole) * u128::from(den) + u128::from(self.frac)
    }
}

/// `nanos` nanoseconds expressed on a `tick_hz` clock, over denominator `den`, rounded down to
/// the nearest `1/den` tick (module doc: the only rounding in the GCRA arithmetic).
pub fn nanos_to_ticks(nanos: u64, tick_hz: u64, den: u64) -> Ticks {
    const NS_PER_S: u128 = 1_000_000_000;
    let scaled = u128::from(nanos) * u128::from(tick_hz);
    let whole = u64::try_from(scaled / NS_PER_S).unwrap_or(u64::MAX);
    let rem = scaled % NS_PER_S;
    // rem < 2^30, den <= 2^60: the product fits a u128 and the quotient is < den.
    let frac = u64::try_from(rem * u128::from(den) / NS_PER_S).unwrap_or(0);
    Ticks { whole, frac }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_carries_the_fraction() {
        let a = Ticks { whole: 2, frac: 5 };
        let b = Ticks { whole: 1, frac: 4 };
        assert_eq!(a.add(b, 7), Ticks { whole: 4, frac: 2 });
        assert_eq!(a.add(b, 10), Ticks { whole: 3, frac: 9 });
    }

    #[test]
    fn sub_borrows_and_saturates() {
        let a = Ticks { whole: 4, frac: 2 };
        let b = Ticks { whole: 1, frac: 4 };
        assert_eq!(a.saturating_sub(b, 7), Ticks { whole: 2, frac: 5 });
        assert_eq!(b.saturating_sub(a, 7), Ticks::ZERO);
        assert_eq!(a.saturating_sub(a, 7), Ticks::ZERO);
    }

    #[test]
    fn ceil_rounds_fractions_up() {
        assert_eq!(Ticks { whole: 3, frac: 0 }.ceil(), 3);
        assert_eq!(Ticks { whole: 3, frac: 1 }.ceil(), 4);
    }

    #[test]
    fn ratio_round_trips() {
        let t = Ticks::from_ratio(1_000_000_000, 353_207);
        assert_eq!(t, Ticks { whole: 2831, frac: 70_983 });
        assert_eq!(t.as_ratio(353_207), 1_000_000_000);
    }

    #[test]
    fn nanos_convert_exactly_on_a_nanosecond_clock() {
        assert_eq!(nanos_to_ticks(12_345, 1_000_000_000, 97), Ticks::from_whole(12_345));
        // 1 µs on an OC-3c slot clock = 0.353207 slots, over den 1000: 353/1000 (rounded down).
        assert_eq!(nanos_to_ticks(1_000, 353_207, 1000), Ticks { whole: 0, frac: 353 });
    }

    #[test]
    fn many_increments_do_not_drift() {
        // 353 207 increments of 1/353 207 s on a ns clock sum to exactly one second.
        let den = 353_207;
        let inc = Ticks::from_ratio(1_000_000_000, den);
        let mut t = Ticks::ZERO;
        for _ in 0..353_207 {
            t = t.add(inc, den);
        }
        assert_eq!(t, Ticks::from_whole(1_000_000_000));
    }
}

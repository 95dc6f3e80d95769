//! The Generic Cell Rate Algorithm GCRA(I, L), I.371 Annex A (the GCRA of TM 4.1), in exact integer
//! time ([`Ticks`]): the virtual scheduling algorithm (A.1) and the continuous-state leaky bucket
//! (A.2). Both give the same verdict for every arrival sequence (proptest in
//! `hal/tests/traffic_props.rs`).
//!
//! Arrival times are whole ticks and must not decrease.

use super::ticks::{nanos_to_ticks, Ticks};
use super::{TrafficError, MAX_CELL_RATE};
use crate::time::Duration;

/// GCRA(I, L): increment `I` and limit `L` as exact rationals over one denominator `den`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GcraParams {
    increment: Ticks,
    limit: Ticks,
    den: u64,
}

fn check_rate(rate: u32) -> Result<(), TrafficError> {
    if rate == 0 || rate > MAX_CELL_RATE {
        Err(TrafficError::RateOutOfRange(rate))
    } else {
        Ok(())
    }
}

fn check_tick_hz(tick_hz: u64) -> Result<(), TrafficError> {
    if tick_hz == 0 || tick_hz > 1 << 32 {
        Err(TrafficError::TickRateOutOfRange(tick_hz))
    } else {
        Ok(())
    }
}

impl GcraParams {
    /// GCRA(I, L) from raw numerators over `den` (`den` ≥ 1, ≤ 2^60).
    pub fn from_ratios(increment_num: u128, limit_num: u128, den: u64) -> GcraParams {
        let den = den.clamp(1, 1 << 60);
        GcraParams {
            increment: Ticks::from_ratio(increment_num, den),
            limit: Ticks::from_ratio(limit_num, den),
            den,
        }
    }

    /// The peak cell rate test GCRA(1/PCR, CDVT) on a `tick_hz` clock (I.371 §5.4.1). `den = PCR`.
    pub fn peak(pcr: u32, cdvt: Duration, tick_hz: u64) -> Result<GcraParams, TrafficError> {
        check_rate(pcr)?;
        check_tick_hz(tick_hz)?;
        let den = u64::from(pcr);
        Ok(GcraParams {
            increment: Ticks::from_ratio(u128::from(tick_hz), den),
            limit: nanos_to_ticks(cdvt.as_nanos(), tick_hz, den),
            den,
        })
    }

    /// The sustainable cell rate test GCRA(1/SCR, BT + CDVT) with
    /// BT = (MBS − 1)(1/SCR − 1/PCR) (I.371 §5.4.2, Annex B). `den = SCR·PCR`, so I and BT are
    /// exact.
    pub fn sustainable(
        scr: u32,
        pcr: u32,
        mbs: u32,
        cdvt: Duration,
        tick_hz: u64,
    ) -> Result<GcraParams, TrafficError> {
        let (increment, bt, den) = sustainable_parts(scr, pcr, mbs, tick_hz)?;
        let cdvt = nanos_to_ticks(cdvt.as_nanos(), tick_hz, den);
        Ok(GcraParams { increment, limit: bt.add(cdvt, den), den })
    }

    /// The increment I.
    pub const fn increment(&self) -> Ticks {
        self.increment
    }
    /// The limit L.
    pub const fn limit(&self) -> Ticks {
        self.limit
    }
    /// The denominator of [`increment`](Self::increment) and [`limit`](Self::limit).
    pub const fn den(&self) -> u64 {
        self.den
    }
}

/// I = 1/SCR and BT = (MBS − 1)(1/SCR − 1/PCR) in ticks over `den = SCR·PCR`.
pub(crate) fn sustainable_parts(
    scr: u32,
    pcr: u32,
    mbs: u32,
    tick_hz: u64,
) -> Result<(Ticks, Ticks, u64), TrafficError> {
    check_rate(scr)?;
    check_rate(pcr)?;
    check_tick_hz(tick_hz)?;
    if scr > pcr {
        return Err(TrafficError::ScrExceedsPcr { scr, pcr });
    }
    if mbs == 0 {
        return Err(TrafficError::ZeroMbs);
    }
    let den = u64::from(scr) * u64::from(pcr);
    // 1/SCR = PCR/(SCR·PCR); 1/SCR − 1/PCR = (PCR − SCR)/(SCR·PCR).
    let increment = Ticks::from_ratio(u128::from(tick_hz) * u128::from(pcr), den);
    let bt_num = u128::from(mbs - 1) * u128::from(tick_hz) * u128::from(pcr - scr);
    Ok((increment, Ticks::from_ratio(bt_num, den), den))
}

/// One GCRA(I, L) instance, whichever algorithm runs it.
pub trait Gcra {
    /// Would a cell arriving at tick `t` conform? Does not change the state.
    fn conforms(&self, t: u64) -> bool;
    /// Account a conforming cell at tick `t` (callers only call this after [`conforms`]).
    ///
    /// [`conforms`]: Gcra::conforms
    fn update(&mut self, t: u64);
    /// Test a cell arriving at `t` and, if it conforms, account it. Returns the verdict.
    fn arrival(&mut self, t: u64) -> bool {
        let ok = self.conforms(t);
        if ok {
            self.update(t);
        }
        ok
    }
    /// The earliest tick ≥ `now` at which a cell would conform.
    fn earliest_conforming(&self, now: u64) -> u64;
}

/// The virtual scheduling algorithm (I.371 A.1): theoretical arrival time TAT; a cell at `t`
/// conforms iff TAT ≤ t + L, then TAT := max(t, TAT) + I.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VirtualScheduling {
    params: GcraParams,
    tat: Ticks,
}

impl VirtualScheduling {
    /// A fresh instance (TAT = 0: the first cell, at any t ≥ 0, conforms).
    pub const fn new(params: GcraParams) -> Self {
        VirtualScheduling { params, tat: Ticks::ZERO }
    }
    /// The theoretical arrival time TAT.
    pub const fn tat(&self) -> Ticks {
        self.tat
    }
    /// The parameters.
    pub const fn params(&self) -> &GcraParams {
        &self.params
    }
}

impl Gcra for VirtualScheduling {
    #[inline]
    fn conforms(&self, t: u64) -> bool {
        let p = &self.params;
        self.tat <= Ticks::from_whole(t).add(p.limit, p.den)
    }
    #[inline]
    fn update(&mut self, t: u64) {
        let p = &self.params;
        self.tat = self.tat.max(Ticks::from_whole(t)).add(p.increment, p.den);
    }
    fn earliest_conforming(&self, now: u64) -> u64 {
        let p = &self.params;
        self.tat.saturating_sub(p.limit, p.den).ceil().max(now)
    }
}

/// The continuous-state leaky bucket (I.371 A.2): bucket content X, last conformance time LCT;
/// X' = max(0, X − (t − LCT)); conforming iff X' ≤ L, then X := X' + I, LCT := t.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeakyBucket {
    params: GcraParams,
    x: Ticks,
    lct: u64,
}

impl LeakyBucket {
    /// An empty bucket (X = 0, LCT = 0).
    pub const fn new(params: GcraParams) -> Self {
        LeakyBucket { params, x: Ticks::ZERO, lct: 0 }
    }
    /// Bucket content X (at LCT).
    pub const fn content(&self) -> Ticks {
        self.x
    }
    /// Last conformance time LCT.
    pub const fn last_conformance_time(&self) -> u64 {
        self.lct
    }
    /// The parameters.
    pub const fn params(&self) -> &GcraParams {
        &self.params
    }
    fn drained(&self, t: u64) -> Ticks {
        let elapsed = Ticks::from_whole(t.saturating_sub(self.lct));
        self.x.saturating_sub(elapsed, self.params.den)
    }
}

impl Gcra for LeakyBucket {
    #[inline]
    fn conforms(&self, t: u64) -> bool {
        self.drained(t) <= self.params.limit
    }
    #[inline]
    fn update(&mut self, t: u64) {
        self.x = self.drained(t).add(self.params.increment, self.params.den);
        self.lct = self.lct.max(t);
    }
    fn earliest_conforming(&self, now: u64) -> u64 {
        let p = &self.params;
        let excess = self.x.saturating_sub(p.limit, p.den);
        self.lct.saturating_add(excess.ceil()).max(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: u64 = 1_000_000_000;

    #[test]
    fn cbr_stream_at_exactly_pcr_conforms_with_zero_cdvt() {
        // PCR 100 000 cells/s: 10 µs spacing on a ns clock.
        let p = GcraParams::peak(100_000, Duration::ZERO, NS).unwrap();
        let mut vs = VirtualScheduling::new(p);
        let mut lb = LeakyBucket::new(p);
        for k in 0..10_000u64 {
            assert!(vs.arrival(k * 10_000));
            assert!(lb.arrival(k * 10_000));
        }
        // One nanosecond early is too early without CDVT.
        assert!(!vs.conforms(10_000 * 10_000 - 1));
        assert!(!lb.conforms(10_000 * 10_000 - 1));
    }

    #[test]
    fn oc3_rate_does_not_drift_over_a_million_cells() {
        // 353 207 cells/s does not divide 10^9: arrivals rounded down to whole ns are up to 1 ns
        // early, which a 1 ns CDVT absorbs — for ever, because the TAT is exact.
        let pcr = 353_207u64;
        let p = GcraParams::peak(353_207, Duration::from_nanos(1), NS).unwrap();
        let mut vs = VirtualScheduling::new(p);
        for k in 0..1_000_000u64 {
            assert!(vs.arrival(k * NS / pcr), "cell {k}");
        }
        // ...whereas a rounded-up increment (2 832 ns) would be 0.8 ms behind by now, and a CDVT
        // of zero catches the first early cell.
        let strict = GcraParams::peak(353_207, Duration::ZERO, NS).unwrap();
        let mut vs = VirtualScheduling::new(strict);
        assert!(vs.arrival(0));
        assert!(!vs.arrival(NS / pcr));
    }

    #[test]
    fn vbr_burst_of_mbs_at_pcr_conforms_and_mbs_plus_one_does_not() {
        // Odd rates so that nothing divides: tick = 1/PCR s, cells back to back at PCR.
        let (pcr, scr, mbs) = (353_207u32, 100_003u32, 7u32);
        let p = GcraParams::sustainable(scr, pcr, mbs, Duration::ZERO, u64::from(pcr)).unwrap();
        for algo in 0..2 {
            let mut vs = VirtualScheduling::new(p);
            let mut lb = LeakyBucket::new(p);
            for k in 0..u64::from(mbs) {
                let ok = if algo == 0 { vs.arrival(k) } else { lb.arrival(k) };
                assert!(ok, "cell {k} of the burst");
            }
            let ok =
                if algo == 0 { vs.arrival(u64::from(mbs)) } else { lb.arrival(u64::from(mbs)) };
            assert!(!ok, "cell MBS+1");
        }
    }

    #[test]
    fn burst_tolerance_known_answer() {
        // PCR 10^6, SCR 10^5, MBS 10 on a ns clock: BT = 9 × (10 µs − 1 µs) = 81 µs.
        let p =
            GcraParams::sustainable(100_000, 1_000_000, 10, Duration::from_nanos(500), NS).unwrap();
        assert_eq!(p.increment().as_ratio(p.den()), u128::from(10_000u64) * u128::from(p.den()));
        assert_eq!(p.limit(), Ticks::from_whole(81_500));
        let mut vs = VirtualScheduling::new(p);
        for k in 0..10u64 {
            assert!(vs.arrival(k * 1_000));
        }
        assert!(!vs.conforms(10_000));
        // After the bucket drains at SCR, one more cell fits.
        assert_eq!(vs.earliest_conforming(0), 100_000 - 81_500);
        assert!(vs.conforms(100_000 - 81_500));
    }

    #[test]
    fn nonconforming_cells_leave_the_state_alone() {
        let p = GcraParams::peak(1_000, Duration::ZERO, NS).unwrap();
        let mut vs = VirtualScheduling::new(p);
        let mut lb = LeakyBucket::new(p);
        assert!(vs.arrival(0) && lb.arrival(0));
        let (tat, x) = (vs.tat(), lb.content());
        assert!(!vs.arrival(1) && !lb.arrival(1));
        assert_eq!((vs.tat(), lb.content(), lb.last_conformance_time()), (tat, x, 0));
        assert_eq!(vs.earliest_conforming(5), 1_000_000);
        assert_eq!(lb.earliest_conforming(5), 1_000_000);
    }

    #[test]
    fn bad_rates_are_rejected() {
        assert_eq!(GcraParams::peak(0, Duration::ZERO, NS), Err(TrafficError::RateOutOfRange(0)));
        assert_eq!(
            GcraParams::peak(5, Duration::ZERO, 0),
            Err(TrafficError::TickRateOutOfRange(0))
        );
        assert_eq!(
            GcraParams::sustainable(6, 5, 1, Duration::ZERO, NS),
            Err(TrafficError::ScrExceedsPcr { scr: 6, pcr: 5 })
        );
        assert_eq!(
            GcraParams::sustainable(5, 5, 0, Duration::ZERO, NS),
            Err(TrafficError::ZeroMbs)
        );
    }
}

//! Sender-side traffic shaping of one VC: the earliest tick at which its next cell may leave
//! without violating the contract (I.371 §7.2; TM 4.1 shaping).
//!
//! Each constraint is a *shaping GCRA* with increment I, early allowance A and catch-up
//! allowance B, running on a schedule S:
//!
//! - the next cell may leave at tick t iff t ≥ S − A;
//! - after a cell leaves at t: S := max(t − B, S) + I.
//!
//! While cells leave within B of their schedule, S advances by exactly I (the ideal grid is
//! kept, so a CBR VC delayed by contention catches up instead of losing rate); after a longer
//! delay the grid restarts at t − B. Claim: the departures conform to GCRA(I, A + B). Proof by
//! induction with G the TAT of a virtual-scheduling GCRA(I, A + B) fed the departures: G ≤ S + B
//! holds initially (both 0); at a departure t ≥ S − A ≥ G − (A + B), so the cell conforms, and
//! G' = max(t, G) + I ≤ max(t, S + B) + I = S' + B. Raising S (a restart after an idle period,
//! S := max(S, now)) keeps G ≤ S + B.
//!
//! Instances: PCR: GCRA(1/PCR, 0 + CDVT), i.e. never early, catch up within CDVT, so departures
//! conform to GCRA(1/PCR, CDVT). SCR (VBR): A = BT, B = CDVT: conform to GCRA(1/SCR, BT + CDVT).
//! ABR's MCR is not a limit but a floor: its schedule (no catch-up limit) tells when the VC must
//! be served ahead of best-effort traffic (see [`Shaper::floor_due`]). UBR with PCR 0 is never
//! held back.

use super::gcra::sustainable_parts;
use super::ticks::{nanos_to_ticks, Ticks};
use super::{ServiceCategory, TrafficError, TrafficParams};

/// The PCR (or MCR) shaping GCRA in a compact form: its denominator is a cell rate (≤ 2^30), so
/// the fractions fit a u32 and the whole state fits 32 bytes (the scheduler keeps it in the same
/// cache line as the VC's queue links). A = 0. I = 0 disables it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C)]
struct RateGcra {
    schedule_whole: u64,
    schedule_frac: u32,
    den: u32,
    increment_whole: u32,
    increment_frac: u32,
    /// Catch-up allowance B; the whole part is clamped to u32 (≥ 4·10^9 ticks: hours of
    /// slots), which only makes shaping stricter.
    catch_up_whole: u32,
    catch_up_frac: u32,
}

impl RateGcra {
    const DISABLED: RateGcra = RateGcra {
        schedule_whole: 0,
        schedule_frac: 0,
        den: 1,
        increment_whole: 0,
        increment_frac: 0,
        catch_up_whole: 0,
        catch_up_frac: 0,
    };

    fn new(rate: u32, cdvt_nanos: u64, tick_hz: u64) -> RateGcra {
        let den = rate.max(1);
        let d = u64::from(den);
        let inc = Ticks::from_ratio(u128::from(tick_hz), d);
        let b = nanos_to_ticks(cdvt_nanos, tick_hz, d);
        RateGcra {
            schedule_whole: 0,
            schedule_frac: 0,
            den,
            increment_whole: u32::try_from(inc.whole).unwrap_or(u32::MAX),
            increment_frac: u32::try_from(inc.frac).unwrap_or(0),
            catch_up_whole: u32::try_from(b.whole).unwrap_or(u32::MAX),
            catch_up_frac: if b.whole > u64::from(u32::MAX) {
                0
            } else {
                u32::try_from(b.frac).unwrap_or(0)
            },
        }
    }

    #[inline]
    fn eligible(&self) -> u64 {
        self.schedule_whole.saturating_add(u64::from(self.schedule_frac > 0))
    }

    /// `schedule := max(base, schedule) + I` with `base = (whole, frac)`.
    #[inline]
    fn advance_from(&mut self, base_whole: u64, base_frac: u32) {
        let (w, f) = if (base_whole, base_frac) > (self.schedule_whole, self.schedule_frac) {
            (base_whole, base_frac)
        } else {
            (self.schedule_whole, self.schedule_frac)
        };
        let sum = u64::from(f) + u64::from(self.increment_frac);
        let den = u64::from(self.den);
        let (frac, carry) = if sum >= den { (sum - den, 1) } else { (sum, 0) };
        self.schedule_whole =
            w.saturating_add(u64::from(self.increment_whole)).saturating_add(carry);
        // frac < den ≤ u32::MAX.
        self.schedule_frac = frac as u32;
    }

    /// `t − B`, saturating at 0, as (whole, frac).
    #[inline]
    fn late_bound(&self, t: u64) -> (u64, u32) {
        let b_whole = u64::from(self.catch_up_whole);
        if self.catch_up_frac == 0 {
            (t.saturating_sub(b_whole), 0)
        } else if t > b_whole {
            (t - b_whole - 1, self.den - self.catch_up_frac)
        } else {
            (0, 0)
        }
    }

    #[inline]
    fn on_send(&mut self, t: u64) {
        let (w, f) = self.late_bound(t);
        self.advance_from(w, f);
    }

    /// MCR floor: a cell sent ahead of the floor schedule (best effort) moves the next deadline
    /// to t + I; a cell sent on or behind schedule advances the grid by I, however late it was.
    /// The floor limits nothing (the PCR shaper does), so there is no reason to forgive
    /// lateness caused by higher classes: the VC catches up, at most at PCR, ahead of best
    /// effort.
    #[inline]
    fn on_send_floor(&mut self, t: u64) {
        if (t, 0) < (self.schedule_whole, self.schedule_frac) {
            self.schedule_whole = t;
            self.schedule_frac = 0;
        }
        let (w, f) = (self.schedule_whole, self.schedule_frac);
        self.advance_from(w, f);
    }

    #[inline]
    fn restart(&mut self, t: u64) {
        if (t, 0) > (self.schedule_whole, self.schedule_frac) {
            self.schedule_whole = t;
            self.schedule_frac = 0;
        }
    }
}

/// The SCR shaping GCRA: denominator SCR·PCR (up to 2^60) so that I and BT are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct SustainedGcra {
    schedule: Ticks,
    increment: Ticks,
    early: Ticks,
    catch_up: Ticks,
    den: u64,
}

impl SustainedGcra {
    #[inline]
    fn eligible(&self) -> u64 {
        self.schedule.saturating_sub(self.early, self.den).ceil()
    }

    #[inline]
    fn on_send(&mut self, t: u64) {
        let late_bound = Ticks::from_whole(t).saturating_sub(self.catch_up, self.den);
        self.schedule = late_bound.max(self.schedule).add(self.increment, self.den);
    }

    #[inline]
    fn restart(&mut self, t: u64) {
        self.schedule = self.schedule.max(Ticks::from_whole(t));
    }
}

/// The part of a VC's shaping state every cell needs: category and PCR (40 bytes). A
/// scheduler keeps it in the same cache line as the VC's queue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C)]
pub(crate) struct ShaperCore {
    category: ServiceCategory,
    /// ABR with MCR > 0: `ShaperExt::floor` is in use.
    has_floor: bool,
    peak: RateGcra,
}

/// The part only VBR (SCR) and ABR (MCR floor) VCs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ShaperExt {
    floor: RateGcra,
    sustained: SustainedGcra,
}

impl ShaperCore {
    #[inline]
    const fn is_vbr(&self) -> bool {
        matches!(self.category, ServiceCategory::RtVbr | ServiceCategory::NrtVbr)
    }

    pub(crate) const fn category(&self) -> ServiceCategory {
        self.category
    }

    pub(crate) const fn has_floor(&self) -> bool {
        self.has_floor
    }

    /// [`Shaper::earliest`]; reads `ext` only for VBR.
    #[inline]
    pub(crate) fn earliest(&self, ext: &ShaperExt) -> u64 {
        if self.is_vbr() {
            self.peak.eligible().max(ext.sustained.eligible())
        } else {
            self.peak.eligible()
        }
    }

    /// [`Shaper::floor_due`].
    #[inline]
    pub(crate) fn floor_due(&self, ext: &ShaperExt) -> Option<u64> {
        if self.has_floor {
            Some(ext.floor.eligible())
        } else {
            None
        }
    }

    /// [`Shaper::on_send`]; touches `ext` only for VBR and ABR with a floor.
    #[inline]
    pub(crate) fn on_send(&mut self, ext: &mut ShaperExt, t: u64) {
        self.peak.on_send(t);
        if self.is_vbr() {
            ext.sustained.on_send(t);
        } else if self.has_floor {
            ext.floor.on_send_floor(t);
        }
    }

    /// [`Shaper::restart`].
    #[inline]
    pub(crate) fn restart(&mut self, ext: &mut ShaperExt, t: u64) {
        self.peak.restart(t);
        if self.is_vbr() {
            ext.sustained.restart(t);
        } else if self.has_floor {
            ext.floor.restart(t);
        }
    }
}

/// The shaping state of one VC on a clock of `tick_hz` ticks per second (for the scheduler one
/// tick is one cell slot of the link).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shaper {
    core: ShaperCore,
    ext: ShaperExt,
}

impl Shaper {
    /// A shaper for `params` (validated) on a `tick_hz` clock (1 ≤ tick_hz < 2^32).
    pub fn new(params: &TrafficParams, tick_hz: u64) -> Result<Shaper, TrafficError> {
        params.validate()?;
        if tick_hz == 0 || tick_hz >= 1 << 32 {
            return Err(TrafficError::TickRateOutOfRange(tick_hz));
        }
        let cdvt = params.cdvt.as_nanos();
        let peak = if params.pcr == 0 {
            RateGcra::DISABLED
        } else {
            RateGcra::new(params.pcr, cdvt, tick_hz)
        };
        let mut core = ShaperCore { category: params.category, has_floor: false, peak };
        let mut ext = ShaperExt { floor: RateGcra::DISABLED, sustained: SustainedGcra::default() };
        match params.category {
            ServiceCategory::RtVbr | ServiceCategory::NrtVbr => {
                let (increment, bt, den) =
                    sustainable_parts(params.scr, params.pcr, params.mbs, tick_hz)?;
                ext.sustained = SustainedGcra {
                    schedule: Ticks::ZERO,
                    increment,
                    early: bt,
                    catch_up: nanos_to_ticks(cdvt, tick_hz, den),
                    den,
                };
            }
            ServiceCategory::Abr if params.mcr > 0 => {
                ext.floor = RateGcra::new(params.mcr, cdvt, tick_hz);
                core.has_floor = true;
            }
            _ => {}
        }
        Ok(Shaper { core, ext })
    }

    /// Split into the per-cell part and the VBR/ABR part (the scheduler stores them apart).
    pub(crate) const fn into_parts(self) -> (ShaperCore, ShaperExt) {
        (self.core, self.ext)
    }

    /// The VC's service category.
    pub const fn category(&self) -> ServiceCategory {
        self.core.category
    }

    /// The earliest tick at which the next cell may leave: the PCR shaping GCRA, and for VBR
    /// also the SCR one.
    #[inline]
    pub fn earliest(&self) -> u64 {
        self.core.earliest(&self.ext)
    }

    /// ABR only: the tick from which the MCR floor requires the next cell (it is then served
    /// ahead of best-effort traffic). `None` without an MCR.
    #[inline]
    pub fn floor_due(&self) -> Option<u64> {
        self.core.floor_due(&self.ext)
    }

    /// Whether this VC has an MCR floor.
    pub const fn has_floor(&self) -> bool {
        self.core.has_floor
    }

    /// Account a cell that left at tick `t` (t ≥ [`earliest`](Self::earliest)).
    #[inline]
    pub fn on_send(&mut self, t: u64) {
        self.core.on_send(&mut self.ext, t);
    }

    /// The VC had nothing to send and now has cells again at tick `t`: the schedules restart no
    /// earlier than `t`, so idle time is not saved up as a burst (beyond what A allows).
    #[inline]
    pub fn restart(&mut self, t: u64) {
        self.core.restart(&mut self.ext, t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Duration;
    use crate::traffic::{Gcra, GcraParams, VirtualScheduling};

    #[test]
    fn cbr_spacing_is_one_over_pcr_in_slots() {
        // Line 353 205 cells/s, PCR = line/3 exactly: every third slot.
        let mut s = Shaper::new(&TrafficParams::cbr(117_735, Duration::ZERO), 353_205).unwrap();
        let mut sent = alloc::vec::Vec::new();
        for t in 0..30u64 {
            if s.earliest() <= t {
                s.on_send(t);
                sent.push(t);
            }
        }
        assert_eq!(sent, (0..10).map(|k| 3 * k).collect::<alloc::vec::Vec<_>>());
    }

    #[test]
    fn late_cbr_cell_catches_up_within_cdvt() {
        // 1 cell per 10 slots, CDVT 3 slots (line 1000 cells/s → 1 slot = 1 ms).
        let mut s = Shaper::new(&TrafficParams::cbr(100, Duration::from_millis(3)), 1000).unwrap();
        s.on_send(0);
        assert_eq!(s.earliest(), 10);
        s.on_send(12); // 2 slots late: grid kept
        assert_eq!(s.earliest(), 20);
        s.on_send(25); // 5 slots late: beyond CDVT, grid restarts at 25 − 3
        assert_eq!(s.earliest(), 32);
    }

    #[test]
    fn vbr_bursts_mbs_cells_at_pcr_then_falls_back_to_scr() {
        // Line 1000: PCR 500 (2 slots), SCR 100 (10 slots), MBS 4, CDVT 0.
        let p = TrafficParams::nrt_vbr(500, 100, 4, Duration::ZERO);
        let mut s = Shaper::new(&p, 1000).unwrap();
        let mut sent = alloc::vec::Vec::new();
        for t in 0..60u64 {
            if s.earliest() <= t {
                s.on_send(t);
                sent.push(t);
            }
        }
        // BT = 3 × (10 − 2) = 24 slots: 0,2,4,6 at PCR, then one per 10 slots.
        assert_eq!(sent, [0, 2, 4, 6, 16, 26, 36, 46, 56]);
        let mut scr = VirtualScheduling::new(
            GcraParams::sustainable(100, 500, 4, Duration::ZERO, 1000).unwrap(),
        );
        assert!(sent.iter().all(|&t| scr.arrival(t)));
    }

    #[test]
    fn uncapped_ubr_is_never_held_back() {
        let mut s = Shaper::new(&TrafficParams::ubr(0, Duration::ZERO), 1000).unwrap();
        for t in 0..5 {
            assert!(s.earliest() <= t);
            s.on_send(t);
        }
        assert_eq!(s.floor_due(), None);
    }

    #[test]
    fn abr_floor_follows_mcr_and_best_effort_cells_push_it_back() {
        // Line 1000, PCR 500, MCR 100: floor every 10 slots.
        let mut s = Shaper::new(&TrafficParams::abr(500, 100, Duration::ZERO), 1000).unwrap();
        assert_eq!(s.floor_due(), Some(0));
        s.on_send(0);
        assert_eq!((s.earliest(), s.floor_due()), (2, Some(10)));
        s.on_send(4); // best effort, ahead of the floor: next floor deadline 4 + 10
        assert_eq!(s.floor_due(), Some(14));
        s.on_send(30); // far behind: the floor keeps its grid (14 + 10) and catches up at PCR
        assert_eq!((s.earliest(), s.floor_due()), (32, Some(24)));
    }

    #[test]
    fn restart_does_not_bank_idle_time() {
        let mut s = Shaper::new(&TrafficParams::cbr(100, Duration::from_millis(50)), 1000).unwrap();
        s.on_send(0);
        s.restart(1000);
        s.on_send(1000);
        assert_eq!(s.earliest(), 1010);
    }

    #[test]
    fn invalid_params_are_rejected() {
        assert_eq!(
            Shaper::new(&TrafficParams::cbr(0, Duration::ZERO), 1000),
            Err(TrafficError::ZeroPcr)
        );
        assert_eq!(
            Shaper::new(&TrafficParams::cbr(10, Duration::ZERO), 0),
            Err(TrafficError::TickRateOutOfRange(0))
        );
    }
}

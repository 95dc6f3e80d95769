//! The OAM loopback function (I.610 §9.2; cell format §10.2):
//! a [`LoopbackResponder`] that loops requests addressed to us back, and a
//! [`LoopbackOriginator`] that sends requests and reports success or a 5 s timeout.

use super::cell::{LocationId, LoopbackRepr, END_POINT_LOCATION_ID, UNUSED_OCTET};
use super::flow::OamLevel;
use super::OamError;
use crate::time::{Duration, Instant};

/// How long an originator waits for its looped-back cell (I.610: 5 seconds).
pub const LOOPBACK_TIMEOUT: Duration = Duration::from_secs(5);

/// Loopback requests one originator keeps outstanding at most (bounded memory).
pub const MAX_PENDING_LOOPBACKS: usize = 4;

/// Source ID "not used" (coded 0x6A in every octet, I.610 §10.2).
pub const SOURCE_ID_NOT_USED: LocationId = [UNUSED_OCTET; 16];

/// A token bucket: at most `burst` events at once, refilled at one token per `interval`.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    burst: u32,
    /// Time to earn one token; `None`: tokens are never earned back.
    interval: Option<Duration>,
    tokens: u32,
    refilled_at: Instant,
}

impl RateLimiter {
    /// A full bucket of `burst` tokens refilled at `per_second` tokens per second
    /// (`per_second == 0`: never refilled).
    pub fn new(burst: u32, per_second: u32) -> Self {
        let interval = match per_second {
            0 => None,
            n => Some(Duration::from_nanos((1_000_000_000 / u64::from(n)).max(1))),
        };
        RateLimiter { burst, interval, tokens: burst, refilled_at: Instant::ZERO }
    }

    /// Take a token if one is available at `now`.
    pub fn try_acquire(&mut self, now: Instant) -> bool {
        let interval = self.interval.map_or(u64::MAX, |d| d.as_nanos().max(1));
        let elapsed = now.saturating_duration_since(self.refilled_at).as_nanos();
        let earned = if self.interval.is_some() { elapsed / interval } else { 0 };
        if earned > 0 {
            let earned32 = u32::try_from(earned).unwrap_or(u32::MAX);
            self.tokens = self.tokens.saturating_add(earned32).min(self.burst);
            // Keep the fraction of an interval already elapsed.
            self.refilled_at = self
                .refilled_at
                .saturating_add(Duration::from_nanos(earned.saturating_mul(interval)));
            if self.tokens == self.burst {
                self.refilled_at = now;
            }
        }
        if self.tokens > 0 {
            self.tokens -= 1;
            true
        } else {
            false
        }
    }
}

/// Configuration of a [`LoopbackResponder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoopbackResponderConfig {
    /// Our loopback location ID on segment flows, if we have one.
    pub segment_location_id: Option<LocationId>,
    /// Our loopback location ID on end-to-end flows, if we have one.
    pub end_to_end_location_id: Option<LocationId>,
    /// Looped-back cells allowed in a burst.
    pub burst: u32,
    /// Looped-back cells allowed per second on average.
    pub per_second: u32,
}

impl Default for LoopbackResponderConfig {
    fn default() -> Self {
        LoopbackResponderConfig {
            segment_location_id: None,
            end_to_end_location_id: None,
            burst: 4,
            per_second: 10,
        }
    }
}

/// Counters of a [`LoopbackResponder`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoopbackResponderCounters {
    /// Requests looped back.
    pub looped_back: u64,
    /// Requests for another loopback point, ignored.
    pub not_addressed: u64,
    /// Requests addressed to us but dropped by the rate limit.
    pub rate_limited: u64,
}

/// Answers loopback requests at a connection end point (I.610 §10.2): a cell with
/// loopback indication 1 whose loopback location ID is all ones (the end point) or our ID for
/// that flow level goes back with indication 0 and every other field unchanged. Replies are
/// rate-limited so that a flood of requests cannot turn us into an amplifier.
#[derive(Debug, Clone)]
pub struct LoopbackResponder {
    config: LoopbackResponderConfig,
    limiter: RateLimiter,
    counters: LoopbackResponderCounters,
}

impl LoopbackResponder {
    /// A responder with the given IDs and rate limit.
    pub fn new(config: LoopbackResponderConfig) -> Self {
        LoopbackResponder {
            config,
            limiter: RateLimiter::new(config.burst, config.per_second),
            counters: LoopbackResponderCounters::default(),
        }
    }

    /// Whether a request at `level` with `location_id` is for this loopback point.
    pub fn is_addressed_to_us(&self, level: OamLevel, location_id: &LocationId) -> bool {
        let ours = match level {
            OamLevel::Segment => self.config.segment_location_id,
            OamLevel::EndToEnd => self.config.end_to_end_location_id,
        };
        *location_id == END_POINT_LOCATION_ID || ours.as_ref() == Some(location_id)
    }

    /// The cell to loop back for a received loopback cell, if any. Returned cells (indication
    /// 0) are not answered; they belong to a [`LoopbackOriginator`].
    pub fn respond(
        &mut self,
        now: Instant,
        level: OamLevel,
        request: &LoopbackRepr,
    ) -> Option<LoopbackRepr> {
        if !request.indication {
            return None;
        }
        if !self.is_addressed_to_us(level, &request.location_id) {
            self.counters.not_addressed = self.counters.not_addressed.saturating_add(1);
            return None;
        }
        if !self.limiter.try_acquire(now) {
            self.counters.rate_limited = self.counters.rate_limited.saturating_add(1);
            return None;
        }
        self.counters.looped_back = self.counters.looped_back.saturating_add(1);
        Some(LoopbackRepr { indication: false, ..*request })
    }

    /// The counters.
    pub fn counters(&self) -> LoopbackResponderCounters {
        self.counters
    }
}

/// How a loopback request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopbackOutcome {
    /// The cell came back.
    Success {
        /// The request's correlation tag.
        correlation_tag: u32,
        /// The flow level it was sent on.
        level: OamLevel,
        /// From sending to the looped-back cell's arrival.
        round_trip: Duration,
    },
    /// No cell came back within [`LOOPBACK_TIMEOUT`]: loopback failure.
    Timeout {
        /// The request's correlation tag.
        correlation_tag: u32,
        /// The flow level it was sent on.
        level: OamLevel,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PendingLoopback {
    correlation_tag: u32,
    level: OamLevel,
    sent_at: Instant,
}

/// Sends loopback requests and matches the returned cells by correlation tag (I.610 §10.2).
/// At most [`MAX_PENDING_LOOPBACKS`] requests are outstanding.
#[derive(Debug, Clone)]
pub struct LoopbackOriginator {
    pending: [Option<PendingLoopback>; MAX_PENDING_LOOPBACKS],
    next_tag: u32,
    source_id: LocationId,
}

impl LoopbackOriginator {
    /// An originator whose requests carry `source_id` and whose first correlation tag is
    /// `first_tag` (tags then count up).
    pub fn new(source_id: LocationId, first_tag: u32) -> Self {
        LoopbackOriginator {
            pending: [None; MAX_PENDING_LOOPBACKS],
            next_tag: first_tag,
            source_id,
        }
    }

    /// Start a request at `now` on `level` towards `location_id`
    /// ([`END_POINT_LOCATION_ID`] for the end point). Returns the request cell to send.
    pub fn start(
        &mut self,
        now: Instant,
        level: OamLevel,
        location_id: LocationId,
    ) -> Result<LoopbackRepr, OamError> {
        let correlation_tag = self.next_tag;
        let slot = self
            .pending
            .iter_mut()
            .find(|slot| slot.is_none())
            .ok_or(OamError::TooManyLoopbacks { limit: MAX_PENDING_LOOPBACKS })?;
        *slot = Some(PendingLoopback { correlation_tag, level, sent_at: now });
        self.next_tag = self.next_tag.wrapping_add(1);
        Ok(LoopbackRepr {
            indication: true,
            correlation_tag,
            location_id,
            source_id: self.source_id,
        })
    }

    /// Match a received loopback cell with indication 0 against the outstanding requests.
    pub fn handle_reply(
        &mut self,
        now: Instant,
        level: OamLevel,
        reply: &LoopbackRepr,
    ) -> Option<LoopbackOutcome> {
        if reply.indication {
            return None;
        }
        let slot = self.pending.iter_mut().find(|slot| {
            slot.is_some_and(|p| p.correlation_tag == reply.correlation_tag && p.level == level)
        })?;
        let pending = slot.take()?;
        Some(LoopbackOutcome::Success {
            correlation_tag: pending.correlation_tag,
            level: pending.level,
            round_trip: now.saturating_duration_since(pending.sent_at),
        })
    }

    /// One request whose 5 s have run out by `now`, removed from the table; call until `None`.
    pub fn poll_expired(&mut self, now: Instant) -> Option<LoopbackOutcome> {
        let slot = self
            .pending
            .iter_mut()
            .find(|slot| slot.is_some_and(|p| p.sent_at.saturating_add(LOOPBACK_TIMEOUT) <= now))?;
        let pending = slot.take()?;
        Some(LoopbackOutcome::Timeout {
            correlation_tag: pending.correlation_tag,
            level: pending.level,
        })
    }

    /// When the earliest outstanding request times out.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.pending.iter().flatten().map(|p| p.sent_at.saturating_add(LOOPBACK_TIMEOUT)).min()
    }

    /// Number of outstanding requests.
    pub fn outstanding(&self) -> usize {
        self.pending.iter().flatten().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_ms(ms: u64) -> Instant {
        Instant::ZERO + Duration::from_millis(ms)
    }

    #[test]
    fn rate_limiter_allows_burst_then_refills() {
        let mut limiter = RateLimiter::new(2, 4); // one token per 250 ms
        assert!(limiter.try_acquire(at_ms(0)));
        assert!(limiter.try_acquire(at_ms(0)));
        assert!(!limiter.try_acquire(at_ms(100)));
        assert!(!limiter.try_acquire(at_ms(249)));
        assert!(limiter.try_acquire(at_ms(250)));
        assert!(!limiter.try_acquire(at_ms(300)));
        // Long idle: refilled to the burst only.
        assert!(limiter.try_acquire(at_ms(10_000)));
        assert!(limiter.try_acquire(at_ms(10_000)));
        assert!(!limiter.try_acquire(at_ms(10_000)));
    }

    #[test]
    fn zero_rate_never_refills() {
        let mut limiter = RateLimiter::new(1, 0);
        assert!(limiter.try_acquire(at_ms(0)));
        assert!(!limiter.try_acquire(Instant::MAX));
    }
}

//! The five SSCOP timers (Q.2110 §7.5) in a fixed table (style.md).

use hal::time::Instant;

/// SSCOP timers (Q.2110 §7.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timer {
    /// Timer_CC: retransmission of BGN, END, RS and ER.
    Cc,
    /// Timer_POLL: POLL interval while SD PDUs are outstanding (active phase).
    Poll,
    /// Timer_KEEP-ALIVE: POLL interval in the transient phase.
    KeepAlive,
    /// Timer_NO-RESPONSE: longest time without a STAT before the connection is released.
    NoResponse,
    /// Timer_IDLE: length of the idle phase before a keep-alive POLL.
    Idle,
}

impl Timer {
    /// Every timer, in table order.
    pub const ALL: [Timer; 5] =
        [Timer::Cc, Timer::Poll, Timer::KeepAlive, Timer::NoResponse, Timer::Idle];

    const fn index(self) -> usize {
        match self {
            Timer::Cc => 0,
            Timer::Poll => 1,
            Timer::KeepAlive => 2,
            Timer::NoResponse => 3,
            Timer::Idle => 4,
        }
    }
}

/// Deadlines of the running timers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimerTable {
    deadlines: [Option<Instant>; 5],
}

impl TimerTable {
    /// Starts (or restarts) `timer` to expire at `at`.
    pub fn set(&mut self, timer: Timer, at: Instant) {
        if let Some(slot) = self.deadlines.get_mut(timer.index()) {
            *slot = Some(at);
        }
    }
    /// Stops `timer`.
    pub fn stop(&mut self, timer: Timer) {
        if let Some(slot) = self.deadlines.get_mut(timer.index()) {
            *slot = None;
        }
    }
    /// The deadline of `timer`, if running.
    pub fn get(&self, timer: Timer) -> Option<Instant> {
        self.deadlines.get(timer.index()).copied().flatten()
    }
    /// True when `timer` runs.
    pub fn is_running(&self, timer: Timer) -> bool {
        self.get(timer).is_some()
    }
    /// Stops every timer.
    pub fn clear(&mut self) {
        self.deadlines = [None; 5];
    }
    /// The earliest deadline.
    pub fn earliest(&self) -> Option<Instant> {
        self.deadlines.iter().flatten().min().copied()
    }
    /// The timer with the earliest deadline at or before `now` (ties in table order).
    pub fn expired(&self, now: Instant) -> Option<Timer> {
        let mut best: Option<(Instant, Timer)> = None;
        for t in Timer::ALL {
            if let Some(at) = self.get(t) {
                if at <= now && best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, t));
                }
            }
        }
        best.map(|(_, t)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_and_expired_pick_the_first_deadline() {
        let mut t = TimerTable::default();
        assert_eq!(t.earliest(), None);
        t.set(Timer::NoResponse, Instant::from_nanos(70));
        t.set(Timer::Poll, Instant::from_nanos(30));
        assert_eq!(t.earliest(), Some(Instant::from_nanos(30)));
        assert_eq!(t.expired(Instant::from_nanos(29)), None);
        assert_eq!(t.expired(Instant::from_nanos(100)), Some(Timer::Poll));
        t.stop(Timer::Poll);
        assert_eq!(t.expired(Instant::from_nanos(100)), Some(Timer::NoResponse));
        t.clear();
        assert!(!t.is_running(Timer::NoResponse));
    }
}

//! Call control timers (Q.2931 §9) and the indexed heap that finds the earliest deadline
//! over all calls in O(1) and updates it in O(log n).

use alloc::vec::Vec;
use hal::time::Instant;

/// Per-call timers (Q.2931 §9 Tables 9-1, 9-2). Each call has a fixed table
/// `[Option<Instant>; Timer::COUNT]`.
///
/// | timer | started | stopped by | first expiry | second expiry |
/// |-------|---------|------------|--------------|---------------|
/// | T301 | ALERTING received (U4 / N7) | CONNECT | clear, cause 102 | — |
/// | T303 | SETUP sent (U1 / N6) | first answer | resend SETUP | RELEASE COMPLETE 102, Null |
/// | T308 | RELEASE sent (U11 / N12) | RELEASE (COMPLETE) | resend RELEASE | Null |
/// | T310 | CALL PROCEEDING received (U3 / N9) | ALERTING, CONNECT, RELEASE | clear, cause 102 | — |
/// | T313 | CONNECT sent (U8) | CONNECT ACKNOWLEDGE | clear, cause 102 | — |
/// | T322 | STATUS ENQUIRY sent | STATUS, RELEASE (COMPLETE) | resend STATUS ENQUIRY | clear, cause 41 |
/// | T360 | MODIFY REQUEST sent (Q.2963.1) | MODIFY ACK / REJECT | modification failed, cause 102 | — |
/// | T361 | MODIFY ACK with report type sent (Q.2963.1) | CONNECTION AVAILABLE | reported unconfirmed | — |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timer {
    /// T301, call delivered.
    T301,
    /// T303, SETUP.
    T303,
    /// T308, RELEASE.
    T308,
    /// T310, CALL PROCEEDING received.
    T310,
    /// T313, CONNECT sent.
    T313,
    /// T322, STATUS ENQUIRY.
    T322,
    /// T360, MODIFY REQUEST (Q.2963.1).
    T360,
    /// T361, waiting for CONNECTION AVAILABLE (Q.2963.1).
    T361,
}

impl Timer {
    /// Number of per-call timers.
    pub const COUNT: usize = 8;
    /// All per-call timers, in table order.
    pub const ALL: [Timer; Timer::COUNT] = [
        Timer::T301,
        Timer::T303,
        Timer::T308,
        Timer::T310,
        Timer::T313,
        Timer::T322,
        Timer::T360,
        Timer::T361,
    ];

    /// Index in the per-call table.
    pub const fn index(self) -> usize {
        match self {
            Timer::T301 => 0,
            Timer::T303 => 1,
            Timer::T308 => 2,
            Timer::T310 => 3,
            Timer::T313 => 4,
            Timer::T322 => 5,
            Timer::T360 => 6,
            Timer::T361 => 7,
        }
    }

    /// The timer number as three IA5 digits, for the cause 102 diagnostic (Q.2931 §4.5.12).
    pub const fn digits(self) -> [u8; 3] {
        match self {
            Timer::T301 => *b"301",
            Timer::T303 => *b"303",
            Timer::T308 => *b"308",
            Timer::T310 => *b"310",
            Timer::T313 => *b"313",
            Timer::T322 => *b"322",
            Timer::T360 => *b"360",
            Timer::T361 => *b"361",
        }
    }
}

/// Party timers of a point-to-multipoint call (Q.2971 §9, Table 9-1); each party has a
/// fixed table `[Option<Instant>; PartyTimer::COUNT]`.
///
/// | timer | started | stopped by | expiry |
/// |-------|---------|------------|--------|
/// | T397 | PARTY ALERTING received (P4) | ADD PARTY ACKNOWLEDGE, drop | DROP PARTY, cause 102 |
/// | T398 | DROP PARTY sent (P11) | DROP PARTY ACKNOWLEDGE, RELEASE | party released, cause 102 |
/// | T399 | ADD PARTY sent (P1) | ADD PARTY ACK / REJECT, PARTY ALERTING | DROP PARTY, cause 102 |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartyTimer {
    /// T397, party alerting.
    T397,
    /// T398, DROP PARTY.
    T398,
    /// T399, ADD PARTY.
    T399,
}

impl PartyTimer {
    /// Number of party timers.
    pub const COUNT: usize = 3;
    /// All party timers, in table order.
    pub const ALL: [PartyTimer; PartyTimer::COUNT] =
        [PartyTimer::T397, PartyTimer::T398, PartyTimer::T399];
    /// Index in the per-party table.
    pub const fn index(self) -> usize {
        match self {
            PartyTimer::T397 => 0,
            PartyTimer::T398 => 1,
            PartyTimer::T399 => 2,
        }
    }
    /// The timer number as three IA5 digits (cause 102 diagnostic).
    pub const fn digits(self) -> [u8; 3] {
        match self {
            PartyTimer::T397 => *b"397",
            PartyTimer::T398 => *b"398",
            PartyTimer::T399 => *b"399",
        }
    }
}

/// Timers of the whole interface rather than of one call.
///
/// | timer | started | stopped by | expiry |
/// |-------|---------|------------|--------|
/// | T309 | SAAL released while calls are active | AAL-ESTABLISH | clear every call, cause 27 |
/// | T316 | RESTART sent | RESTART ACKNOWLEDGE | resend once, then report |
/// | T317 | RESTART received | internal clearing done | report |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GlobalTimer {
    /// T309, SAAL down.
    T309,
    /// T316, RESTART.
    T316,
    /// T317, internal restart clearing.
    T317,
}

impl GlobalTimer {
    /// Number of interface timers.
    pub const COUNT: usize = 3;
    /// All interface timers, in table order.
    pub const ALL: [GlobalTimer; GlobalTimer::COUNT] =
        [GlobalTimer::T309, GlobalTimer::T316, GlobalTimer::T317];
    /// Index in the table.
    pub const fn index(self) -> usize {
        match self {
            GlobalTimer::T309 => 0,
            GlobalTimer::T316 => 1,
            GlobalTimer::T317 => 2,
        }
    }
}

const NONE: u32 = u32::MAX;

/// A binary min-heap of `(deadline, key)` with a position index per key, so a key's
/// deadline can be set or removed in O(log n). Keys are `0..capacity`; memory is fixed.
#[derive(Debug, Clone)]
pub(crate) struct TimerHeap {
    heap: Vec<(Instant, u32)>,
    pos: Vec<u32>,
}

impl TimerHeap {
    pub(crate) fn new(capacity: usize) -> Self {
        TimerHeap { heap: Vec::with_capacity(capacity), pos: alloc::vec![NONE; capacity] }
    }

    /// The earliest deadline and its key.
    pub(crate) fn peek(&self) -> Option<(Instant, u32)> {
        self.heap.first().copied()
    }

    pub(crate) fn len(&self) -> usize {
        self.heap.len()
    }

    /// Sets (or moves) the deadline of `key`.
    pub(crate) fn set(&mut self, key: u32, at: Instant) {
        let Some(&p) = self.pos.get(key as usize) else { return };
        if p == NONE {
            let i = self.heap.len();
            self.heap.push((at, key));
            self.place(key, i);
            self.sift_up(i);
        } else if let Some(e) = self.heap.get_mut(p as usize) {
            let old = e.0;
            e.0 = at;
            if at < old {
                self.sift_up(p as usize);
            } else {
                self.sift_down(p as usize);
            }
        }
    }

    /// Removes `key` if present.
    pub(crate) fn remove(&mut self, key: u32) {
        let Some(&p) = self.pos.get(key as usize) else { return };
        if p == NONE {
            return;
        }
        let p = p as usize;
        let last = self.heap.len() - 1;
        self.heap.swap(p, last);
        self.heap.pop();
        if let Some(slot) = self.pos.get_mut(key as usize) {
            *slot = NONE;
        }
        if p < self.heap.len() {
            if let Some(&(_, moved)) = self.heap.get(p) {
                self.place(moved, p);
            }
            self.sift_down(p);
            self.sift_up(p);
        }
    }

    fn place(&mut self, key: u32, i: usize) {
        if let Some(slot) = self.pos.get_mut(key as usize) {
            *slot = i as u32;
        }
    }

    fn swap(&mut self, a: usize, b: usize) {
        self.heap.swap(a, b);
        if let Some(&(_, ka)) = self.heap.get(a) {
            self.place(ka, a);
        }
        if let Some(&(_, kb)) = self.heap.get(b) {
            self.place(kb, b);
        }
    }

    fn at(&self, i: usize) -> Option<Instant> {
        self.heap.get(i).map(|e| e.0)
    }

    fn sift_up(&mut self, mut i: usize) {
        while i > 0 {
            let parent = (i - 1) / 2;
            match (self.at(i), self.at(parent)) {
                (Some(a), Some(b)) if a < b => {
                    self.swap(i, parent);
                    i = parent;
                }
                _ => break,
            }
        }
    }

    fn sift_down(&mut self, mut i: usize) {
        loop {
            let l = 2 * i + 1;
            let r = l + 1;
            let mut m = i;
            if let (Some(a), Some(b)) = (self.at(l), self.at(m)) {
                if a < b {
                    m = l;
                }
            }
            if let (Some(a), Some(b)) = (self.at(r), self.at(m)) {
                if a < b {
                    m = r;
                }
            }
            if m == i {
                break;
            }
            self.swap(i, m);
            i = m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heap_orders_and_updates() {
        let mut h = TimerHeap::new(16);
        let t = |n| Instant::from_nanos(n);
        for (k, d) in [(3, 30), (1, 10), (7, 70), (2, 20), (9, 5)] {
            h.set(k, t(d));
        }
        assert_eq!(h.peek(), Some((t(5), 9)));
        h.remove(9);
        assert_eq!(h.peek(), Some((t(10), 1)));
        h.set(7, t(1));
        assert_eq!(h.peek(), Some((t(1), 7)));
        h.set(7, t(100));
        assert_eq!(h.peek(), Some((t(10), 1)));
        h.remove(1);
        h.remove(1);
        h.remove(42);
        let mut order = alloc::vec::Vec::new();
        while let Some((d, k)) = h.peek() {
            order.push((d.as_nanos(), k));
            h.remove(k);
        }
        assert_eq!(order, [(20, 2), (30, 3), (100, 7)]);
        assert_eq!(h.len(), 0);
    }
}

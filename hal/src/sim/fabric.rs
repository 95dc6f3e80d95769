//! The cell fabric: ports joined by point-to-point links in virtual time.
//!
//! Sans-IO like every other state machine here: the caller owns the clock and the ports, calls
//! [`Fabric::advance`] with "now" and every port, and asks [`Fabric::poll_timeout`] when the
//! next cell arrives or a scheduled link flap happens.
//!
//! Each link direction serialises cells at the link's cell rate (a cell leaves when the
//! previous one has finished), then delays them by the propagation delay. Faults are drawn from
//! a per-direction generator seeded from the fabric seed and the link's index, so a run is a
//! function of (seed, inputs) alone. Everything is bounded: a direction holds at most
//! `ceil(rate × delay) + queue_cells + 1` cells in flight (more are dropped and counted), and
//! the event queue is sized from those limits when links are connected.

use alloc::collections::BinaryHeap;
use alloc::vec::Vec;
use core::cmp::{Ordering, Reverse};

use super::port::{PortConfig, PortId, SimCellPort};
use super::rng::{Rng, SplitMix64};
use crate::cell::{Cell, CELL_LEN};
use crate::time::{Duration, Instant};

/// Octets of the cell header, HEC included (I.361 §2.2); the rest is payload.
const HEADER_OCTETS: usize = 5;

/// Identifies a link of a [`Fabric`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkId(pub u16);

/// Seeded faults applied to each cell crossing one direction of a link. Probabilities are per
/// cell, in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FaultConfig {
    /// The cell vanishes.
    pub loss: f64,
    /// One random bit of the 5 header octets flips (the receiver sees a HEC error, or — for
    /// an HEC octet flip — a header the HEC no longer matches).
    pub header_corruption: f64,
    /// One random bit of the 48 payload octets flips (AAL5 sees a CRC error).
    pub payload_corruption: f64,
    /// The cell is delivered twice.
    pub duplication: f64,
    /// The cell is held back by a random extra delay of up to `reorder_delay`, so later cells
    /// may overtake it.
    pub reorder: f64,
    /// Largest extra delay of a reordered cell.
    pub reorder_delay: Duration,
}

impl FaultConfig {
    /// A perfect link.
    pub const NONE: FaultConfig = FaultConfig {
        loss: 0.0,
        header_corruption: 0.0,
        payload_corruption: 0.0,
        duplication: 0.0,
        reorder: 0.0,
        reorder_delay: Duration::ZERO,
    };
}

/// Properties of a link (the same in both directions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkConfig {
    /// Cells per second the link carries; 0 is treated as 1.
    pub cell_rate: u32,
    /// Propagation delay.
    pub delay: Duration,
    /// Cells that may wait for serialisation beyond what the pipe holds.
    pub queue_cells: usize,
    /// Faults in each direction.
    pub faults: FaultConfig,
}

impl LinkConfig {
    /// An ideal OC-3c link (353 207 cells/s) with the given propagation delay and a 256-cell
    /// queue.
    pub const fn oc3(delay: Duration) -> Self {
        LinkConfig { cell_rate: 353_207, delay, queue_cells: 256, faults: FaultConfig::NONE }
    }
}

/// Counters of one direction of a link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkCounters {
    /// Cells handed to the link by the sending port.
    pub offered: u64,
    /// Cells handed to the receiving port (duplicates included).
    pub delivered: u64,
    /// Cells removed by the loss fault.
    pub lost: u64,
    /// Cells whose header was corrupted.
    pub header_corrupted: u64,
    /// Cells whose payload was corrupted.
    pub payload_corrupted: u64,
    /// Extra copies made by the duplication fault.
    pub duplicated: u64,
    /// Cells held back by the reorder fault.
    pub reordered: u64,
    /// Cells dropped because the direction's in-flight limit was reached.
    pub overflow: u64,
    /// Cells dropped because the link was (or went) down.
    pub link_down: u64,
}

/// Sizing of a fabric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FabricConfig {
    /// Seed of every fault generator.
    pub seed: u64,
    /// Largest number of ports.
    pub max_ports: usize,
    /// Largest number of links.
    pub max_links: usize,
    /// Largest number of pending scheduled link-state changes.
    pub max_scheduled_changes: usize,
}

impl FabricConfig {
    /// Room for `ports` ports, as many links, 64 scheduled flaps, and the given seed.
    pub const fn new(seed: u64, ports: usize) -> Self {
        FabricConfig { seed, max_ports: ports, max_links: ports, max_scheduled_changes: 64 }
    }
}

/// Why a fabric operation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FabricError {
    /// `max_ports`, `max_links` or `max_scheduled_changes` reached.
    Full,
    /// No such port or link.
    UnknownId,
    /// The port is already attached to a link.
    PortInUse,
}

#[derive(Debug, Clone, Copy)]
struct Direction {
    from: PortId,
    to: PortId,
    /// When the transmitter finishes the cell it is sending.
    free_at: Instant,
    in_flight: usize,
    capacity: usize,
    counters: LinkCounters,
}

#[derive(Debug, Clone)]
struct Link {
    config: LinkConfig,
    up: bool,
    /// Bumped on every state change: cells sent in an older epoch never arrive.
    epoch: u32,
    cell_time: Duration,
    dirs: [Direction; 2],
    rngs: [Rng; 2],
}

#[derive(Debug, Clone)]
enum EventKind {
    Arrive { link: u16, dir: u8, epoch: u32, cell: Cell },
    SetLink { link: u16, up: bool },
}

#[derive(Debug, Clone)]
struct Event {
    at: Instant,
    /// Tie-breaker: events at the same instant happen in the order they were scheduled.
    seq: u64,
    kind: EventKind,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at && self.seq == other.seq
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

#[derive(Debug, Clone, Copy)]
struct PortSlot {
    link: Option<(u16, u8)>,
}

/// Ports joined by links, in virtual time. See the module documentation.
#[derive(Debug)]
pub struct Fabric {
    config: FabricConfig,
    ports: Vec<PortSlot>,
    links: Vec<Link>,
    queue: BinaryHeap<Reverse<Event>>,
    queue_capacity: usize,
    scheduled_changes: usize,
    seq: u64,
    now: Instant,
    seeds: SplitMix64,
    /// Events dropped because the queue was full (cannot happen with the computed sizing;
    /// counted rather than trusted).
    queue_overflow: u64,
}

impl Fabric {
    /// An empty fabric.
    pub fn new(config: FabricConfig) -> Self {
        Fabric {
            config,
            ports: Vec::with_capacity(config.max_ports),
            links: Vec::with_capacity(config.max_links),
            queue: BinaryHeap::new(),
            queue_capacity: config.max_scheduled_changes,
            scheduled_changes: 0,
            seq: 0,
            now: Instant::ZERO,
            seeds: SplitMix64::new(config.seed),
            queue_overflow: 0,
        }
    }

    /// Adds a port; the returned [`SimCellPort`] belongs to the caller (usually inside a
    /// `SoftSar`) and must be passed to every [`Fabric::advance`].
    pub fn add_port(&mut self, config: PortConfig) -> Result<SimCellPort, FabricError> {
        if self.ports.len() >= self.config.max_ports {
            return Err(FabricError::Full);
        }
        let id = u16::try_from(self.ports.len()).map_err(|_| FabricError::Full)?;
        self.ports.push(PortSlot { link: None });
        Ok(SimCellPort::new(PortId(id), config))
    }

    /// Joins two ports with a link, initially down; bring it up with [`Fabric::set_link`].
    pub fn connect(
        &mut self,
        a: PortId,
        b: PortId,
        config: LinkConfig,
    ) -> Result<LinkId, FabricError> {
        if self.links.len() >= self.config.max_links {
            return Err(FabricError::Full);
        }
        let link = u16::try_from(self.links.len()).map_err(|_| FabricError::Full)?;
        for p in [a, b] {
            match self.ports.get(usize::from(p.0)) {
                None => return Err(FabricError::UnknownId),
                Some(slot) if slot.link.is_some() => return Err(FabricError::PortInUse),
                Some(_) => {}
            }
        }
        if a == b {
            return Err(FabricError::PortInUse);
        }
        let rate = u64::from(config.cell_rate.max(1));
        let cell_time = Duration::from_nanos(1_000_000_000u64.div_ceil(rate));
        // Cells the pipe holds: rate × delay, rounded up; plus the one being serialised.
        let pipe = u128::from(config.delay.as_nanos())
            .saturating_mul(u128::from(rate))
            .div_ceil(1_000_000_000);
        let capacity = usize::try_from(pipe)
            .unwrap_or(usize::MAX)
            .saturating_add(config.queue_cells)
            .saturating_add(1);
        let dir = |from, to| Direction {
            from,
            to,
            free_at: Instant::ZERO,
            in_flight: 0,
            capacity,
            counters: LinkCounters::default(),
        };
        let rngs =
            [Rng::seed_from_u64(self.seeds.next_u64()), Rng::seed_from_u64(self.seeds.next_u64())];
        // Each in-flight cell may be duplicated once: two events per slot of capacity.
        self.queue_capacity = self.queue_capacity.saturating_add(capacity.saturating_mul(4));
        self.queue.reserve(capacity.saturating_mul(4).min(1 << 20));
        self.links.push(Link {
            config,
            up: false,
            epoch: 0,
            cell_time,
            dirs: [dir(a, b), dir(b, a)],
            rngs,
        });
        if let Some(slot) = self.ports.get_mut(usize::from(a.0)) {
            slot.link = Some((link, 0));
        }
        if let Some(slot) = self.ports.get_mut(usize::from(b.0)) {
            slot.link = Some((link, 1));
        }
        Ok(LinkId(link))
    }

    /// Brings a link up or down at once (at the time of the last `advance`); both ports see
    /// the change at their next `advance`. Cells in flight on a link that goes down are lost.
    pub fn set_link(&mut self, link: LinkId, up: bool) -> Result<(), FabricError> {
        let l = self.links.get_mut(usize::from(link.0)).ok_or(FabricError::UnknownId)?;
        if l.up != up {
            l.up = up;
            l.epoch = l.epoch.wrapping_add(1);
        }
        Ok(())
    }

    /// Schedules a link state change at virtual time `at` (a flap is two of these).
    pub fn schedule_link(
        &mut self,
        at: Instant,
        link: LinkId,
        up: bool,
    ) -> Result<(), FabricError> {
        if usize::from(link.0) >= self.links.len() {
            return Err(FabricError::UnknownId);
        }
        if self.scheduled_changes >= self.config.max_scheduled_changes {
            return Err(FabricError::Full);
        }
        self.scheduled_changes = self.scheduled_changes.saturating_add(1);
        let kind = EventKind::SetLink { link: link.0, up };
        self.push(at, kind);
        Ok(())
    }

    /// Whether a link is up.
    pub fn link_up(&self, link: LinkId) -> Option<bool> {
        self.links.get(usize::from(link.0)).map(|l| l.up)
    }

    /// Counters of the direction of `link` that starts at port `from`.
    pub fn link_counters(&self, link: LinkId, from: PortId) -> Option<LinkCounters> {
        let l = self.links.get(usize::from(link.0))?;
        l.dirs.iter().find(|d| d.from == from).map(|d| d.counters)
    }

    /// Replaces the faults of a link (both directions), e.g. to heal it mid-run.
    pub fn set_faults(&mut self, link: LinkId, faults: FaultConfig) -> Result<(), FabricError> {
        let l = self.links.get_mut(usize::from(link.0)).ok_or(FabricError::UnknownId)?;
        l.config.faults = faults;
        Ok(())
    }

    /// Events dropped because the event queue was full (0 unless the sizing is wrong).
    pub fn queue_overflow(&self) -> u64 {
        self.queue_overflow
    }

    /// The virtual time of the next cell arrival or scheduled link change.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.queue.peek().map(|Reverse(e)| e.at)
    }

    /// Runs the fabric up to `now`: takes the cells every port transmitted, applies faults,
    /// delivers the cells and link changes due by `now`. Pass every port of the fabric; cells
    /// for a port missing from `ports` are dropped (counted as `link_down`). `now` earlier than
    /// a previous call is treated as that call's time.
    pub fn advance(&mut self, now: Instant, ports: &mut [&mut SimCellPort]) {
        let now = now.max(self.now);
        // Merge transmitted cells (in each port's FIFO order) with due events, by time, so a
        // link change between two cells splits them correctly.
        loop {
            let next_event = self.queue.peek().map(|Reverse(e)| e.at).filter(|at| *at <= now);
            let next_tx = ports
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.tx.front().map(|(t, _)| (*t, i)))
                .min();
            match (next_event, next_tx) {
                (None, None) => break,
                (Some(ev), Some((tx, i))) if tx < ev => self.take_tx(ports, i, tx),
                (None, Some((tx, i))) => self.take_tx(ports, i, tx),
                (Some(_), _) => self.run_event(ports),
            }
        }
        self.now = now;
        // Carrier state follows the links (an edge is reported once per change).
        for p in ports.iter_mut() {
            let up = self
                .ports
                .get(usize::from(p.id().0))
                .and_then(|slot| slot.link)
                .and_then(|(l, _)| self.links.get(usize::from(l)))
                .is_some_and(|l| l.up);
            p.set_link(up);
        }
    }

    fn push(&mut self, at: Instant, kind: EventKind) -> bool {
        if self.queue.len() >= self.queue_capacity {
            self.queue_overflow = self.queue_overflow.saturating_add(1);
            return false;
        }
        let seq = self.seq;
        self.seq = self.seq.wrapping_add(1);
        self.queue.push(Reverse(Event { at, seq, kind }));
        true
    }

    fn run_event(&mut self, ports: &mut [&mut SimCellPort]) {
        let Some(Reverse(event)) = self.queue.pop() else {
            return;
        };
        self.now = self.now.max(event.at);
        match event.kind {
            EventKind::SetLink { link, up } => {
                self.scheduled_changes = self.scheduled_changes.saturating_sub(1);
                let _ = self.set_link(LinkId(link), up);
                // Carrier edges become visible at once, so a port sees down-then-up flaps
                // inside one advance() as two edges.
                if let Some(l) = self.links.get(usize::from(link)) {
                    let ends = [l.dirs[0].from, l.dirs[1].from];
                    for p in ports.iter_mut().filter(|p| ends.contains(&p.id())) {
                        p.set_link(up);
                    }
                }
            }
            EventKind::Arrive { link, dir, epoch, cell } => {
                let Some(l) = self.links.get_mut(usize::from(link)) else {
                    return;
                };
                let Some(d) = l.dirs.get_mut(usize::from(dir)) else {
                    return;
                };
                d.in_flight = d.in_flight.saturating_sub(1);
                if !l.up || l.epoch != epoch {
                    d.counters.link_down = d.counters.link_down.saturating_add(1);
                    return;
                }
                match ports.iter_mut().find(|p| p.id() == d.to) {
                    Some(p) => {
                        p.deliver(cell);
                        d.counters.delivered = d.counters.delivered.saturating_add(1);
                    }
                    None => d.counters.link_down = d.counters.link_down.saturating_add(1),
                }
            }
        }
    }

    fn take_tx(&mut self, ports: &mut [&mut SimCellPort], index: usize, sent: Instant) {
        let Some(port) = ports.get_mut(index) else {
            return;
        };
        let Some((_, mut cell)) = port.tx.pop_front() else {
            return;
        };
        let Some((link, dir)) = self.ports.get(usize::from(port.id().0)).and_then(|s| s.link)
        else {
            return;
        };
        let mut arrivals: [Option<Instant>; 2] = [None, None];
        let epoch;
        {
            let Some(l) = self.links.get_mut(usize::from(link)) else {
                return;
            };
            epoch = l.epoch;
            let faults = l.config.faults;
            let (Some(d), Some(rng)) =
                (l.dirs.get_mut(usize::from(dir)), l.rngs.get_mut(usize::from(dir)))
            else {
                return;
            };
            d.counters.offered = d.counters.offered.saturating_add(1);
            if !l.up {
                d.counters.link_down = d.counters.link_down.saturating_add(1);
                return;
            }
            if d.in_flight >= d.capacity {
                d.counters.overflow = d.counters.overflow.saturating_add(1);
                return;
            }
            // Serialisation: the cell starts when both it and the line are ready.
            let start = sent.max(d.free_at);
            d.free_at = start + l.cell_time;
            let mut arrive = d.free_at + l.config.delay;
            // Draw every fault in a fixed order so a seed always means the same run.
            if rng.chance(faults.loss) {
                d.counters.lost = d.counters.lost.saturating_add(1);
                return;
            }
            if rng.chance(faults.header_corruption) {
                flip_bit(rng, &mut cell, 0, HEADER_OCTETS);
                d.counters.header_corrupted = d.counters.header_corrupted.saturating_add(1);
            }
            if rng.chance(faults.payload_corruption) {
                flip_bit(rng, &mut cell, HEADER_OCTETS, CELL_LEN);
                d.counters.payload_corrupted = d.counters.payload_corrupted.saturating_add(1);
            }
            if rng.chance(faults.reorder) {
                let extra = rng.below(faults.reorder_delay.as_nanos().saturating_add(1));
                arrive += Duration::from_nanos(extra);
                d.counters.reordered = d.counters.reordered.saturating_add(1);
            }
            arrivals[0] = Some(arrive);
            if rng.chance(faults.duplication) {
                d.counters.duplicated = d.counters.duplicated.saturating_add(1);
                arrivals[1] = Some(arrive);
            }
        }
        for at in arrivals.into_iter().flatten() {
            let kind = EventKind::Arrive { link, dir, epoch, cell };
            if self.push(at, kind) {
                if let Some(d) = self
                    .links
                    .get_mut(usize::from(link))
                    .and_then(|l| l.dirs.get_mut(usize::from(dir)))
                {
                    d.in_flight = d.in_flight.saturating_add(1);
                }
            }
        }
    }
}

/// Flips one uniformly chosen bit in `cell[from..to]`.
fn flip_bit(rng: &mut Rng, cell: &mut Cell, from: usize, to: usize) {
    let bits = u64::try_from(to.saturating_sub(from).saturating_mul(8)).unwrap_or(0);
    let bit = usize::try_from(rng.below(bits)).unwrap_or(0);
    if let Some(octet) = cell.get_mut(from.saturating_add(bit / 8)) {
        *octet ^= 0x80 >> (bit % 8);
    }
}

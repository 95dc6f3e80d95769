//! AIS generation at a connecting point or at a link's end (I.610 §9.2):
//! when the physical layer fails, every VP and VC connection carried on the link gets an AIS
//! cell downstream once per second until the link recovers. A switch does this towards the
//! far side; a NIC whose physical layer failed does it towards the connection end points
//! above it.

use alloc::vec::Vec;

use super::cell::{DefectRepr, OamRepr, OAM_PAYLOAD_LEN};
use super::endpoint::AIS_PERIOD;
use super::flow::{OamConnection, OamFlow, OamLevel};
use super::OamError;
use crate::time::Instant;

/// Generates AIS for the connections of one link while its physical layer is down.
///
/// Memory is fixed at construction: at most `capacity` connections. Each AIS round yields
/// one cell per connection through [`AisGenerator::poll_transmit`]; a round not drained
/// before the next one starts is cut short, so nothing accumulates.
#[derive(Debug, Clone)]
pub struct AisGenerator {
    connections: Vec<OamConnection>,
    capacity: usize,
    level: OamLevel,
    defect: DefectRepr,
    link_up: bool,
    next_round: Option<Instant>,
    cursor: usize,
    rounds: u64,
}

impl AisGenerator {
    /// A generator for up to `capacity` connections sending AIS on `level` flows with the
    /// given defect type and location ([`DefectRepr::NOT_USED`] if unknown).
    pub fn new(capacity: usize, level: OamLevel, defect: DefectRepr) -> Self {
        AisGenerator {
            connections: Vec::with_capacity(capacity),
            capacity,
            level,
            defect,
            link_up: true,
            next_round: None,
            cursor: 0,
            rounds: 0,
        }
    }

    /// Add a connection carried on the link (no effect if already present).
    pub fn add_connection(&mut self, connection: OamConnection) -> Result<(), OamError> {
        if self.connections.contains(&connection) {
            return Ok(());
        }
        if self.connections.len() >= self.capacity {
            return Err(OamError::TableFull { capacity: self.capacity });
        }
        self.connections.push(connection);
        Ok(())
    }

    /// Remove a connection (released or moved to another link).
    pub fn remove_connection(&mut self, connection: OamConnection) {
        if let Some(position) = self.connections.iter().position(|c| *c == connection) {
            self.connections.remove(position);
            if position < self.cursor {
                self.cursor = self.cursor.saturating_sub(1);
            }
        }
    }

    /// Number of connections on the link.
    pub fn connection_count(&self) -> usize {
        self.connections.len()
    }

    /// Whether the link is up.
    pub fn link_up(&self) -> bool {
        self.link_up
    }

    /// AIS rounds started since creation.
    pub fn rounds(&self) -> u64 {
        self.rounds
    }

    /// The physical layer went down (`up == false`: start AIS now) or recovered (stop).
    pub fn handle_link_state(&mut self, now: Instant, up: bool) {
        if up == self.link_up {
            return;
        }
        self.link_up = up;
        if up {
            self.next_round = None;
            self.cursor = self.connections.len();
        } else {
            self.start_round(now);
        }
    }

    /// Start the next AIS round if it is due.
    pub fn handle_timeout(&mut self, now: Instant) {
        if let Some(deadline) = self.next_round {
            if deadline <= now && !self.link_up {
                self.start_round(now);
            }
        }
    }

    fn start_round(&mut self, now: Instant) {
        self.cursor = 0;
        self.rounds = self.rounds.saturating_add(1);
        self.next_round = Some(now.saturating_add(AIS_PERIOD));
    }

    /// When the next AIS round is due.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.next_round
    }

    /// The next AIS cell of the current round.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<(OamFlow, [u8; OAM_PAYLOAD_LEN])> {
        if self.link_up {
            return None;
        }
        let connection = *self.connections.get(self.cursor)?;
        self.cursor = self.cursor.saturating_add(1);
        Some((connection.flow(self.level), OamRepr::Ais(self.defect).to_payload()))
    }
}

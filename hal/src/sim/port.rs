//! Cell ports of the simulated hardware: [`SimCellPort`] (one end of a fabric link) and
//! [`LoopbackPort`] (a port wired back to itself).

use alloc::collections::VecDeque;

use crate::cell::Cell;
use crate::nic::{CellPort, CellPortInfo, CellTxError};
use crate::time::Instant;

/// Identifies a port of a [`Fabric`](super::Fabric).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortId(pub u16);

/// Sizing of a simulated port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortConfig {
    /// Line cell rate the port advertises to the SoftSar (cells/s).
    pub line_cell_rate: u32,
    /// Cells the transmit FIFO holds before [`CellPort::transmit_cell`] returns `Busy`.
    pub tx_fifo_cells: usize,
    /// Cells the receive FIFO holds; more are dropped and counted.
    pub rx_fifo_cells: usize,
    /// The adapter's ESI / MAC address.
    pub esi: [u8; 6],
}

impl PortConfig {
    /// An OC-3c port (353 207 cells/s) with 64-cell FIFOs and the given ESI.
    pub const fn oc3(esi: [u8; 6]) -> Self {
        PortConfig { line_cell_rate: 353_207, tx_fifo_cells: 64, rx_fifo_cells: 4096, esi }
    }
}

/// Counters of one simulated port.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SimPortCounters {
    /// Cells accepted by `transmit_cell`.
    pub tx_cells: u64,
    /// Cells refused with `LinkDown`.
    pub tx_link_down: u64,
    /// Cells put into the receive FIFO.
    pub rx_cells: u64,
    /// Cells dropped because the receive FIFO was full.
    pub rx_overflow: u64,
}

/// Maximum link-state edges a port keeps for the SoftSar; a longer burst of flaps keeps the
/// oldest edges and the final state.
const LINK_EDGES: usize = 8;

/// The cell port of one fabric port: FIFOs between the SoftSar above and the
/// [`Fabric`](super::Fabric) below. The fabric moves cells in and out during
/// [`Fabric::advance`](super::Fabric::advance).
#[derive(Debug)]
pub struct SimCellPort {
    id: PortId,
    config: PortConfig,
    pub(crate) tx: VecDeque<(Instant, Cell)>,
    pub(crate) rx: VecDeque<Cell>,
    link_up: bool,
    link_edges: VecDeque<bool>,
    pub(crate) counters: SimPortCounters,
}

impl SimCellPort {
    pub(crate) fn new(id: PortId, config: PortConfig) -> Self {
        SimCellPort {
            id,
            config,
            tx: VecDeque::with_capacity(config.tx_fifo_cells),
            rx: VecDeque::with_capacity(config.rx_fifo_cells),
            link_up: false,
            link_edges: VecDeque::with_capacity(LINK_EDGES),
            counters: SimPortCounters::default(),
        }
    }

    /// The fabric port this is.
    pub fn id(&self) -> PortId {
        self.id
    }

    /// The port's counters.
    pub fn counters(&self) -> SimPortCounters {
        self.counters
    }

    /// Cells waiting in the transmit FIFO for the fabric.
    pub fn tx_pending(&self) -> usize {
        self.tx.len()
    }

    /// Cells waiting in the receive FIFO for the SoftSar.
    pub fn rx_pending(&self) -> usize {
        self.rx.len()
    }

    /// Called by the fabric when the carrier changes.
    pub(crate) fn set_link(&mut self, up: bool) {
        if up == self.link_up {
            return;
        }
        self.link_up = up;
        if self.link_edges.len() >= LINK_EDGES {
            // Keep the record bounded; the newest edge always reflects the current state.
            self.link_edges.pop_back();
        }
        self.link_edges.push_back(up);
    }

    /// Called by the fabric when a cell arrives.
    pub(crate) fn deliver(&mut self, cell: Cell) {
        if self.rx.len() >= self.config.rx_fifo_cells {
            self.counters.rx_overflow = self.counters.rx_overflow.saturating_add(1);
        } else {
            self.rx.push_back(cell);
            self.counters.rx_cells = self.counters.rx_cells.saturating_add(1);
        }
    }
}

impl CellPort for SimCellPort {
    fn info(&self) -> CellPortInfo {
        CellPortInfo { line_cell_rate: self.config.line_cell_rate, esi: self.config.esi }
    }

    fn tx_ready(&self) -> bool {
        self.tx.len() < self.config.tx_fifo_cells
    }

    fn transmit_cell(&mut self, now: Instant, cell: &Cell) -> Result<(), CellTxError> {
        if !self.link_up {
            self.counters.tx_link_down = self.counters.tx_link_down.saturating_add(1);
            return Err(CellTxError::LinkDown);
        }
        if !self.tx_ready() {
            return Err(CellTxError::Busy);
        }
        self.tx.push_back((now, *cell));
        self.counters.tx_cells = self.counters.tx_cells.saturating_add(1);
        Ok(())
    }

    fn receive_cell(&mut self, _now: Instant) -> Option<Cell> {
        self.rx.pop_front()
    }

    fn link_up(&self) -> bool {
        self.link_up
    }

    fn poll_link_change(&mut self) -> Option<bool> {
        self.link_edges.pop_front()
    }

    fn rx_dropped(&self) -> u64 {
        self.counters.rx_overflow
    }
}

/// A port whose transmitter is wired to its own receiver (a loopback plug): every cell sent
/// is received unchanged, in order, at once. The link is always up.
#[derive(Debug)]
pub struct LoopbackPort {
    config: PortConfig,
    fifo: VecDeque<Cell>,
    counters: SimPortCounters,
    announced: bool,
}

impl LoopbackPort {
    /// A loopback port; `config.rx_fifo_cells` bounds the cells in the loop.
    pub fn new(config: PortConfig) -> Self {
        LoopbackPort {
            config,
            fifo: VecDeque::with_capacity(config.rx_fifo_cells),
            counters: SimPortCounters::default(),
            announced: false,
        }
    }

    /// The port's counters.
    pub fn counters(&self) -> SimPortCounters {
        self.counters
    }
}

impl CellPort for LoopbackPort {
    fn info(&self) -> CellPortInfo {
        CellPortInfo { line_cell_rate: self.config.line_cell_rate, esi: self.config.esi }
    }

    fn tx_ready(&self) -> bool {
        self.fifo.len() < self.config.rx_fifo_cells
    }

    fn transmit_cell(&mut self, _now: Instant, cell: &Cell) -> Result<(), CellTxError> {
        if !self.tx_ready() {
            return Err(CellTxError::Busy);
        }
        self.fifo.push_back(*cell);
        self.counters.tx_cells = self.counters.tx_cells.saturating_add(1);
        self.counters.rx_cells = self.counters.rx_cells.saturating_add(1);
        Ok(())
    }

    fn receive_cell(&mut self, _now: Instant) -> Option<Cell> {
        self.fifo.pop_front()
    }

    fn link_up(&self) -> bool {
        true
    }

    fn poll_link_change(&mut self) -> Option<bool> {
        // Report the carrier once, as a real adapter does after initialisation.
        if self.announced {
            None
        } else {
            self.announced = true;
            Some(true)
        }
    }

    fn rx_dropped(&self) -> u64 {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(tag: u8) -> Cell {
        let mut c = [0u8; 53];
        c[52] = tag;
        c
    }

    #[test]
    fn loopback_returns_cells_in_order_and_bounds_its_fifo() {
        let mut cfg = PortConfig::oc3([2, 0, 0, 0, 0, 1]);
        cfg.rx_fifo_cells = 2;
        let mut p = LoopbackPort::new(cfg);
        assert_eq!(p.poll_link_change(), Some(true));
        assert_eq!(p.poll_link_change(), None);
        let t = Instant::ZERO;
        assert_eq!(p.transmit_cell(t, &cell(1)), Ok(()));
        assert_eq!(p.transmit_cell(t, &cell(2)), Ok(()));
        assert!(!p.tx_ready());
        assert_eq!(p.transmit_cell(t, &cell(3)), Err(CellTxError::Busy));
        assert_eq!(p.receive_cell(t).map(|c| c[52]), Some(1));
        assert_eq!(p.receive_cell(t).map(|c| c[52]), Some(2));
        assert_eq!(p.receive_cell(t), None);
        assert_eq!(p.counters().tx_cells, 2);
    }

    #[test]
    fn sim_port_refuses_cells_while_down_and_reports_edges() {
        let mut p = SimCellPort::new(PortId(0), PortConfig::oc3([0; 6]));
        assert!(!p.link_up());
        assert_eq!(p.transmit_cell(Instant::ZERO, &cell(0)), Err(CellTxError::LinkDown));
        p.set_link(true);
        p.set_link(true);
        p.set_link(false);
        assert_eq!(p.poll_link_change(), Some(true));
        assert_eq!(p.poll_link_change(), Some(false));
        assert_eq!(p.poll_link_change(), None);
        assert_eq!(p.counters().tx_link_down, 1);
    }

    #[test]
    fn sim_port_counts_receive_overflow() {
        let mut cfg = PortConfig::oc3([0; 6]);
        cfg.rx_fifo_cells = 1;
        let mut p = SimCellPort::new(PortId(3), cfg);
        p.deliver(cell(1));
        p.deliver(cell(2));
        assert_eq!(p.rx_dropped(), 1);
        assert_eq!(p.receive_cell(Instant::ZERO).map(|c| c[52]), Some(1));
        assert_eq!(p.receive_cell(Instant::ZERO), None);
    }
}

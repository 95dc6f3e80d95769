//! The cell-level NIC boundary: for adapters that only move 53-octet cells.
//!
//! Like usbatm's split in Linux, a NIC without a SAR engine implements only this small trait;
//! [`SoftSar`](super::SoftSar) puts the generic software SAR, the ATM layer, the cell scheduler
//! and the OAM endpoint in front of it and presents the PDU-level [`Nic`](super::Nic) trait.
//!
//! Calling context (the same for every method): the SoftSar calls these from the adapter's
//! data-path context — at DISPATCH_LEVEL in the Windows driver, under the adapter's data-path
//! lock, from the simulator's event loop on the host. Implementations must not block, must not
//! allocate and must not fail other than as documented; they never call back into the SoftSar.

use crate::cell::Cell;
use crate::time::Instant;

/// Why a [`CellPort`] did not take a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellTxError {
    /// The transmit FIFO is full; the caller keeps the cell and retries in a later slot.
    Busy,
    /// The physical link is down; the cell is not sent.
    LinkDown,
}

/// Static facts about a cell port, read once when the SoftSar is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellPortInfo {
    /// Cells per second the line carries (e.g. 353 207 for OC-3c). The SoftSar's cell
    /// scheduler runs one slot per cell time at this rate.
    pub line_cell_rate: u32,
    /// ESI / MAC address burnt into the adapter (af-ilmi: the ESI part of the ATM address).
    pub esi: [u8; 6],
}

/// A NIC that moves cells: the per-device part under the software SAR.
///
/// Flag ownership: the port alone decides `link_up`; the SoftSar alone decides what is in
/// each cell, including the HEC octet it computes (ports that generate HEC in hardware
/// overwrite it).
pub trait CellPort {
    /// The port's static facts. May not fail.
    fn info(&self) -> CellPortInfo;

    /// Whether a call to [`CellPort::transmit_cell`] would accept a cell now. The SoftSar asks
    /// before it lets the scheduler pick a VC for the slot, so no cell is ever taken out of a
    /// VC's queue and then refused.
    fn tx_ready(&self) -> bool;

    /// Hands one cell to the transmitter for the slot starting at `now`. Returns `Busy` (cell
    /// not taken) when the FIFO is full, `LinkDown` when the line is down.
    fn transmit_cell(&mut self, now: Instant, cell: &Cell) -> Result<(), CellTxError>;

    /// The next received cell, exactly as it came off the line (the HEC is not yet checked:
    /// the SoftSar counts HEC errors). `None` when nothing is waiting. Idle and unassigned
    /// cells may be filtered by the port or passed up; the SoftSar ignores them.
    #[must_use]
    fn receive_cell(&mut self, now: Instant) -> Option<Cell>;

    /// Current carrier / cell delineation state (I.432.1: SYNC = up).
    fn link_up(&self) -> bool;

    /// The next change of [`CellPort::link_up`] not yet reported, oldest first: `Some(true)` for
    /// carrier gained, `Some(false)` for carrier lost.
    #[must_use]
    fn poll_link_change(&mut self) -> Option<bool>;

    /// Cells the port itself had to drop on receive (FIFO overflow) since it was created;
    /// added to OID_ATM_RCV_CELLS_DROPPED.
    fn rx_dropped(&self) -> u64;
}

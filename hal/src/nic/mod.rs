//! The NIC boundary (placeholder while the rest is written).
mod cell_port;
pub use cell_port::{CellPort, CellPortInfo, CellTxError, RawCell, CELL_OCTETS};

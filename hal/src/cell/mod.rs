//! The ATM layer cell: header formats, pre-assigned values and the HEC (ITU-T I.361, I.432.1).
//!
//! - [`header`]: the zero-copy [`Header`] view over a 5-octet header or a 53-octet cell and
//!   the parsed [`HeaderRepr`] (I.361 §2.2, Figures 2 and 3).
//! - [`hec`](mod@hec): Header Error Control generation, checking and single-bit correction
//!   (I.432.1 §4.3.2).
//! - [`preassigned`]: pre-assigned header values (I.361 Table 2, ATM Forum UNI 3.1 §2.2.4),
//!   the idle and unassigned cells and predicates.
//!
//! Octet and bit order follow I.361 §2.2: octet 1 of the header is sent first and within an
//! octet bit 8 (the most significant bit) is sent first.

pub mod header;
pub mod hec;
pub mod preassigned;

pub use header::{Header, HeaderFormat, HeaderRepr, Pti};
pub use hec::{hec, HecCheck};
pub use preassigned::{idle_cell, unassigned_cell, vci};

/// Octets in an ATM cell (I.361 §2.1).
pub const CELL_LEN: usize = 53;
/// Octets in the cell header, HEC included (I.361 §2.2).
pub const HEADER_LEN: usize = 5;
/// Octets in the cell information field (payload) (I.361 §2.1).
pub const PAYLOAD_LEN: usize = 48;

/// One ATM cell as it is carried on the wire: header followed by payload.
pub type Cell = [u8; CELL_LEN];

/// The largest VPI on a UNI (8 bits, I.361 Figure 2).
pub const MAX_VPI_UNI: u16 = 0x00FF;
/// The largest VPI on an NNI (12 bits, I.361 Figure 3).
pub const MAX_VPI_NNI: u16 = 0x0FFF;
/// The largest GFC value (4 bits, UNI only, I.361 §2.2.3).
pub const MAX_GFC: u8 = 0x0F;

/// A virtual path and channel pair: the routing field of a cell header (I.361 §2.2.2).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct VpiVci {
    /// Virtual path identifier (8 bits on a UNI, 12 on an NNI).
    pub vpi: u16,
    /// Virtual channel identifier (16 bits).
    pub vci: u16,
}

impl VpiVci {
    /// The pair `vpi`/`vci`.
    pub const fn new(vpi: u16, vci: u16) -> Self {
        VpiVci { vpi, vci }
    }

    /// Whether the VPI fits the header format's VPI field.
    pub const fn fits(&self, format: HeaderFormat) -> bool {
        self.vpi <= format.max_vpi()
    }

    /// VCI 0 with a non-zero VPI is an invalid combination (I.361 Table 2, note on
    /// VCI 0: "not available for user VC identification"; UNI 3.1 Table 2-1 lists it as
    /// invalid). VPI 0 / VCI 0 is the unassigned or physical-layer cell.
    pub const fn is_valid(&self) -> bool {
        !(self.vci == 0 && self.vpi != 0)
    }

    /// Whether the VCI is one of the pre-assigned values (0..=31, ITU-T 0..=15 and ATM Forum
    /// 16..=31, UNI 3.1 §2.2.4) rather than a user VC.
    pub const fn is_reserved_vci(&self) -> bool {
        self.vci < vci::FIRST_USER
    }
}

/// Errors building or reading a cell header.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CellError {
    /// The buffer holds fewer octets than a header (5).
    Truncated {
        /// Octets available.
        len: usize,
    },
    /// The buffer is longer than a header but shorter than a whole cell (6..=52 octets).
    PartialCell {
        /// Octets available.
        len: usize,
    },
    /// The buffer is longer than a cell (more than 53 octets).
    Oversized {
        /// Octets available.
        len: usize,
    },
    /// The HEC does not match the first four header octets (I.432.1 §4.3.2).
    HecMismatch {
        /// HEC computed over the first four octets.
        expected: u8,
        /// HEC found in octet 5.
        found: u8,
    },
    /// A field value does not fit its header field for the format (VPI above 255 on a
    /// UNI or 4095 on an NNI, GFC above 15, or a GFC on an NNI, which has no GFC field).
    FieldRange,
}

impl core::fmt::Display for CellError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CellError::Truncated { len } => {
                write!(f, "expected at least {HEADER_LEN} octets, got {len}")
            }
            CellError::PartialCell { len } => {
                write!(f, "expected {HEADER_LEN} or {CELL_LEN} octets, got {len}")
            }
            CellError::Oversized { len } => {
                write!(f, "expected at most {CELL_LEN} octets, got {len}")
            }
            CellError::HecMismatch { expected, found } => {
                write!(f, "HEC expected {expected:#04x}, found {found:#04x}")
            }
            CellError::FieldRange => write!(f, "field value out of range for the header format"),
        }
    }
}

impl core::error::Error for CellError {}

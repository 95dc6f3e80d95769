//! OAM flows F4 (virtual path) and F5 (virtual channel), as I.610 defines them.
//!
//! F4 cells travel on the VP itself, in the reserved VCIs 3 (segment) and 4 (end-to-end).
//! F5 cells travel on the VC itself, marked by PTI 100 (segment) or 101 (end-to-end).
//! Flows are described with plain numbers so this module does not depend on `hal::cell`.

/// VCI of F4 segment OAM cells (I.610 F4 flow; pre-assigned in I.361).
pub const F4_SEGMENT_VCI: u16 = 3;
/// VCI of F4 end-to-end OAM cells (I.610 F4 flow; pre-assigned in I.361).
pub const F4_END_TO_END_VCI: u16 = 4;
/// PTI of F4 OAM cells as sent here (any user-data PTI is accepted on receipt).
pub const F4_PTI: u8 = 0b000;
/// PTI of F5 segment OAM cells (I.610 F5 flow; PTI coding of I.361).
pub const F5_SEGMENT_PTI: u8 = 0b100;
/// PTI of F5 end-to-end OAM cells (I.610 F5 flow; PTI coding of I.361).
pub const F5_END_TO_END_PTI: u8 = 0b101;

/// Whether an OAM flow runs between segment end points or the connection's end points
/// (I.610 OAM levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OamLevel {
    /// Segment flow: between the end points of an OAM segment.
    Segment,
    /// End-to-end flow: between the end points of the VP or VC connection.
    EndToEnd,
}

/// An OAM cell flow: where an OAM cell is sent or was received (I.610 F4/F5 flow mechanism).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OamFlow {
    /// F4: the flow of a virtual path.
    F4 {
        /// The VP.
        vpi: u16,
        /// Segment or end-to-end.
        level: OamLevel,
    },
    /// F5: the flow of a virtual channel.
    F5 {
        /// The VC's VPI.
        vpi: u16,
        /// The VC's VCI.
        vci: u16,
        /// Segment or end-to-end.
        level: OamLevel,
    },
}

impl OamFlow {
    /// The (VPI, VCI, PTI) of the ATM header that carries a cell of this flow.
    pub fn header_fields(&self) -> (u16, u16, u8) {
        match *self {
            OamFlow::F4 { vpi, level } => {
                let vci = match level {
                    OamLevel::Segment => F4_SEGMENT_VCI,
                    OamLevel::EndToEnd => F4_END_TO_END_VCI,
                };
                (vpi, vci, F4_PTI)
            }
            OamFlow::F5 { vpi, vci, level } => {
                let pti = match level {
                    OamLevel::Segment => F5_SEGMENT_PTI,
                    OamLevel::EndToEnd => F5_END_TO_END_PTI,
                };
                (vpi, vci, pti)
            }
        }
    }

    /// Classify a received cell from its header fields: `Some` for an OAM cell, `None` for a
    /// user, RM or reserved-PTI cell. VCIs 3 and 4 are F4 whatever the PTI (they are reserved
    /// on every VP, so no VC uses them); elsewhere PTI 4/5 marks F5. Only the low 3 bits of
    /// `pti` are used.
    pub fn classify(vpi: u16, vci: u16, pti: u8) -> Option<OamFlow> {
        match vci {
            F4_SEGMENT_VCI => Some(OamFlow::F4 { vpi, level: OamLevel::Segment }),
            F4_END_TO_END_VCI => Some(OamFlow::F4 { vpi, level: OamLevel::EndToEnd }),
            _ => match pti & 0b111 {
                F5_SEGMENT_PTI => Some(OamFlow::F5 { vpi, vci, level: OamLevel::Segment }),
                F5_END_TO_END_PTI => Some(OamFlow::F5 { vpi, vci, level: OamLevel::EndToEnd }),
                _ => None,
            },
        }
    }

    /// Segment or end-to-end.
    pub fn level(&self) -> OamLevel {
        match *self {
            OamFlow::F4 { level, .. } | OamFlow::F5 { level, .. } => level,
        }
    }

    /// The VP or VC the flow belongs to.
    pub fn connection(&self) -> OamConnection {
        match *self {
            OamFlow::F4 { vpi, .. } => OamConnection::Vp { vpi },
            OamFlow::F5 { vpi, vci, .. } => OamConnection::Vc { vpi, vci },
        }
    }
}

/// A VP or VC connection that OAM flows belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OamConnection {
    /// A virtual path connection (F4 flows).
    Vp {
        /// The VP.
        vpi: u16,
    },
    /// A virtual channel connection (F5 flows).
    Vc {
        /// The VC's VPI.
        vpi: u16,
        /// The VC's VCI.
        vci: u16,
    },
}

impl OamConnection {
    /// The connection's flow at `level`.
    pub fn flow(&self, level: OamLevel) -> OamFlow {
        match *self {
            OamConnection::Vp { vpi } => OamFlow::F4 { vpi, level },
            OamConnection::Vc { vpi, vci } => OamFlow::F5 { vpi, vci, level },
        }
    }
}

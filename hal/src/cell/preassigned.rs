//! Pre-assigned header values (I.361 §2.2.2 Table 2, I.432.1 §4.3.1, ATM Forum UNI 3.1
//! §2.2.4) and the predicates the ATM layer uses to route cells to signaling, OAM and
//! resource management.
//!
//! VCI 0..=15 are reserved by ITU-T, 16..=31 by the ATM Forum; user VCs start at 32 (UNI
//! 3.1 §2.2.4). The F4 OAM, VP RM and signaling VCIs are significant on every VPI.

use super::header::{HeaderFormat, HeaderRepr, Pti};
use super::hec::hec_const;
use super::{Cell, CELL_LEN, HEADER_LEN};

/// Pre-assigned VCI values.
pub mod vci {
    /// Unassigned (VPI 0) or physical-layer cells; invalid with a non-zero VPI (I.361
    /// Table 2).
    pub const UNASSIGNED: u16 = 0;
    /// Meta-signaling (I.311, I.361 Table 2).
    pub const META_SIGNALING: u16 = 1;
    /// General broadcast signaling (I.361 Table 2).
    pub const GENERAL_BROADCAST_SIGNALING: u16 = 2;
    /// Segment OAM F4 flow cell (I.610 §5.2, I.361 Table 2).
    pub const F4_SEGMENT: u16 = 3;
    /// End-to-end OAM F4 flow cell (I.610 §5.2, I.361 Table 2).
    pub const F4_END_TO_END: u16 = 4;
    /// Point-to-point signaling: the SAAL channel for Q.2931 (I.361 Table 2, UNI 3.1).
    pub const SIGNALING: u16 = 5;
    /// VP resource management cell (I.371, I.361 Table 2; PTI 110).
    pub const VP_RESOURCE_MANAGEMENT: u16 = 6;
    /// Reserved for future VP functions (I.361 Table 2).
    pub const RESERVED_VP_FUNCTIONS: u16 = 7;
    /// First of the VCIs 8..=15 reserved by ITU-T for future functions.
    pub const FIRST_ITU_RESERVED: u16 = 8;
    /// Interim Local Management Interface (ATM Forum UNI 3.1 §4).
    pub const ILMI: u16 = 16;
    /// LAN Emulation configuration server (LECS) access (ATM Forum LANE 1.0).
    pub const LANE_LECS: u16 = 17;
    /// PNNI routing control channel (ATM Forum PNNI 1.0).
    pub const PNNI: u16 = 18;
    /// The first VCI available for user VCs (UNI 3.1 §2.2.4: 0..=31 reserved).
    pub const FIRST_USER: u16 = 32;
}

/// The idle cell header octets 1..4, before the HEC (I.432.1 §4.3.1): physical layer,
/// GFC 0, VPI 0, VCI 0, PTI 000, CLP 1.
pub const IDLE_PROTECTED: [u8; 4] = [0x00, 0x00, 0x00, 0x01];
/// The complete idle cell header, HEC 0x52 (I.432.1 §4.3.1).
pub const IDLE_HEADER: [u8; HEADER_LEN] = [0x00, 0x00, 0x00, 0x01, hec_const(IDLE_PROTECTED)];
/// Each octet of the idle cell information field: 01101010 (I.432.1 §4.3.1).
pub const IDLE_PAYLOAD_OCTET: u8 = 0x6A;
/// The complete unassigned cell header with GFC 0, PTI 000, CLP 0: HEC 0x55 (I.361).
pub const UNASSIGNED_HEADER: [u8; HEADER_LEN] = [0, 0, 0, 0, hec_const([0, 0, 0, 0])];
/// The physical-layer OAM cell header octets 1..4 (I.432.1 §4.3.1; PTI bits 100, CLP 1).
pub const PHYSICAL_OAM_PROTECTED: [u8; 4] = [0x00, 0x00, 0x00, 0x09];

/// A complete idle cell: the header above and 48 octets of 0x6A (I.432.1 §4.3.1).
pub const fn idle_cell() -> Cell {
    let mut cell = [IDLE_PAYLOAD_OCTET; CELL_LEN];
    let mut i = 0;
    while i < HEADER_LEN {
        // `i < HEADER_LEN <= CELL_LEN`.
        #[allow(clippy::indexing_slicing)]
        {
            cell[i] = IDLE_HEADER[i];
        }
        i += 1;
    }
    cell
}

/// A complete unassigned cell (VPI 0, VCI 0, CLP 0) with a zero information field
/// (the content of an unassigned cell's information field is not specified; zeros are
/// the common choice).
pub const fn unassigned_cell() -> Cell {
    let mut cell = [0u8; CELL_LEN];
    let mut i = 0;
    while i < HEADER_LEN {
        #[allow(clippy::indexing_slicing)]
        {
            cell[i] = UNASSIGNED_HEADER[i];
        }
        i += 1;
    }
    cell
}

/// Whether the first four header octets are those of an idle cell (format independent).
#[inline]
pub const fn is_idle_octets(protected: [u8; 4]) -> bool {
    matches!(protected, [0, 0, 0, 1])
}

/// Whether the first four header octets are those of a cell reserved for the physical
/// layer: all zero but for the PTI bits and CLP = 1 (I.361 Table 2 "reserved for use of
/// the physical layer"); idle and physical-layer OAM cells are such cells.
#[inline]
pub const fn is_physical_layer_octets(protected: [u8; 4]) -> bool {
    matches!(protected, [0, 0, 0, last] if last & 0xF1 == 0x01)
}

impl HeaderRepr {
    /// The idle cell header (I.432.1 §4.3.1).
    pub const fn idle(format: HeaderFormat) -> HeaderRepr {
        HeaderRepr {
            format,
            gfc: 0,
            vpi: 0,
            vci: vci::UNASSIGNED,
            pti: Pti::UserData { congestion: false, end_of_pdu: false },
            clp: true,
        }
    }

    /// The unassigned cell header with GFC 0, PTI 000 (I.361 Table 2).
    pub const fn unassigned(format: HeaderFormat) -> HeaderRepr {
        HeaderRepr { clp: false, ..HeaderRepr::idle(format) }
    }

    /// An idle cell: GFC 0, VPI 0, VCI 0, PTI 000, CLP 1 (I.432.1 §4.3.1).
    pub const fn is_idle(&self) -> bool {
        self.is_physical_layer() && self.pti.bits() == 0
    }

    /// A cell reserved for the physical layer (VPI 0, VCI 0, CLP 1, GFC 0; I.361 Table 2).
    pub const fn is_physical_layer(&self) -> bool {
        self.gfc == 0 && self.vpi == 0 && self.vci == vci::UNASSIGNED && self.clp
    }

    /// An unassigned cell: VPI 0, VCI 0, CLP 0 (GFC and PTI any; I.361 Table 2).
    pub const fn is_unassigned(&self) -> bool {
        self.vpi == 0 && self.vci == vci::UNASSIGNED && !self.clp
    }

    /// VCI 0 on a non-zero VPI: an invalid header (I.361 Table 2).
    pub const fn is_invalid_vpi_vci(&self) -> bool {
        !self.vpi_vci().is_valid()
    }

    /// An F4 (VP level) OAM cell: VCI 3 or 4 (I.610 §5.2).
    pub const fn is_f4_oam(&self) -> bool {
        self.is_f4_segment() || self.is_f4_end_to_end()
    }

    /// An F4 segment OAM cell (VCI 3).
    pub const fn is_f4_segment(&self) -> bool {
        self.vci == vci::F4_SEGMENT
    }

    /// An F4 end-to-end OAM cell (VCI 4).
    pub const fn is_f4_end_to_end(&self) -> bool {
        self.vci == vci::F4_END_TO_END
    }

    /// An F5 (VC level) OAM cell: PTI 100 or 101 on a VC that is not one of the VP-level
    /// channels (VCI 0, 3, 4, 6, 7; I.361 Table 2, I.610 §5.3).
    pub const fn is_f5_oam(&self) -> bool {
        self.pti.is_oam_f5()
            && !matches!(
                self.vci,
                vci::UNASSIGNED
                    | vci::F4_SEGMENT
                    | vci::F4_END_TO_END
                    | vci::VP_RESOURCE_MANAGEMENT
                    | vci::RESERVED_VP_FUNCTIONS
            )
    }

    /// Any signaling channel: meta-signaling (VCI 1), general broadcast (2) or
    /// point-to-point (5) signaling (I.361 Table 2).
    pub const fn is_signaling(&self) -> bool {
        matches!(self.vci, vci::META_SIGNALING | vci::GENERAL_BROADCAST_SIGNALING | vci::SIGNALING)
    }

    /// Point-to-point signaling, the Q.2931 SAAL channel (VCI 5).
    pub const fn is_point_to_point_signaling(&self) -> bool {
        self.vci == vci::SIGNALING
    }

    /// Meta-signaling (VCI 1).
    pub const fn is_meta_signaling(&self) -> bool {
        self.vci == vci::META_SIGNALING
    }

    /// General broadcast signaling (VCI 2).
    pub const fn is_broadcast_signaling(&self) -> bool {
        self.vci == vci::GENERAL_BROADCAST_SIGNALING
    }

    /// ILMI (VCI 16, ATM Forum).
    pub const fn is_ilmi(&self) -> bool {
        self.vci == vci::ILMI
    }

    /// A resource management cell: VP RM (VCI 6, PTI 110) or VC RM (PTI 110 on a user VC).
    pub const fn is_resource_management(&self) -> bool {
        matches!(self.pti, Pti::ResourceManagement)
    }

    /// A user data cell on a user VC (VCI 32 and up).
    pub const fn is_user_data(&self) -> bool {
        self.pti.is_user_data() && self.vci >= vci::FIRST_USER
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cell::header::Header;

    #[test]
    fn idle_and_unassigned_known_answers() {
        assert_eq!(IDLE_HEADER, [0, 0, 0, 1, 0x52]);
        assert_eq!(UNASSIGNED_HEADER, [0, 0, 0, 0, 0x55]);
        let idle = idle_cell();
        assert_eq!(idle[..5], [0, 0, 0, 1, 0x52]);
        assert!(idle[5..].iter().all(|&b| b == 0x6A));
        let un = unassigned_cell();
        assert_eq!(un[..5], [0, 0, 0, 0, 0x55]);
        for format in [HeaderFormat::Uni, HeaderFormat::Nni] {
            assert_eq!(HeaderRepr::idle(format).to_octets(), Ok(IDLE_HEADER));
            assert_eq!(HeaderRepr::unassigned(format).to_octets(), Ok(UNASSIGNED_HEADER));
        }
    }

    #[test]
    fn predicates_on_parsed_headers() {
        let parse = |b: [u8; 5]| {
            HeaderRepr::parse(&Header::new_checked(&b[..]).unwrap(), HeaderFormat::Uni).unwrap()
        };
        let idle = parse(IDLE_HEADER);
        assert!(idle.is_idle() && idle.is_physical_layer() && !idle.is_unassigned());
        assert!(is_idle_octets(IDLE_PROTECTED));
        let un = parse(UNASSIGNED_HEADER);
        assert!(un.is_unassigned() && !un.is_idle() && !un.is_physical_layer());
        let sig = parse([0, 0, 0, 0x50, 0xE2]);
        assert!(sig.is_signaling() && sig.is_point_to_point_signaling());
        assert!(!sig.is_f4_oam() && !sig.is_f5_oam() && !sig.is_user_data());
        let ilmi = parse([0, 0, 1, 0, 0x40]);
        assert!(ilmi.is_ilmi() && !ilmi.is_signaling());

        let phy_oam = HeaderRepr { pti: Pti::OamF5Segment, ..HeaderRepr::idle(HeaderFormat::Uni) };
        assert!(phy_oam.is_physical_layer() && !phy_oam.is_idle());
        assert!(!phy_oam.is_f5_oam());
        assert!(is_physical_layer_octets(PHYSICAL_OAM_PROTECTED));
        assert!(!is_physical_layer_octets([0, 0, 0, 0x50]));
        assert!(!is_physical_layer_octets([0, 0, 0, 0x00]));
    }

    #[test]
    fn oam_and_rm_predicates() {
        let base = HeaderRepr { vpi: 3, vci: 100, ..HeaderRepr::default() };
        let f4s = HeaderRepr { vci: vci::F4_SEGMENT, ..base };
        let f4e = HeaderRepr { vci: vci::F4_END_TO_END, ..base };
        assert!(f4s.is_f4_oam() && f4s.is_f4_segment() && !f4s.is_f4_end_to_end());
        assert!(f4e.is_f4_oam() && f4e.is_f4_end_to_end());
        let f5s = HeaderRepr { pti: Pti::OamF5Segment, ..base };
        let f5e = HeaderRepr { pti: Pti::OamF5EndToEnd, ..base };
        assert!(f5s.is_f5_oam() && f5e.is_f5_oam() && !f5s.is_f4_oam());
        assert!(!f5s.is_user_data() && base.is_user_data());
        let vp_rm =
            HeaderRepr { vci: vci::VP_RESOURCE_MANAGEMENT, pti: Pti::ResourceManagement, ..base };
        assert!(vp_rm.is_resource_management() && !vp_rm.is_f5_oam());
        let meta = HeaderRepr { vci: vci::META_SIGNALING, ..base };
        let bcast = HeaderRepr { vci: vci::GENERAL_BROADCAST_SIGNALING, ..base };
        assert!(meta.is_meta_signaling() && meta.is_signaling());
        assert!(bcast.is_broadcast_signaling() && bcast.is_signaling());
        let invalid = HeaderRepr { vpi: 1, vci: 0, ..base };
        assert!(invalid.is_invalid_vpi_vci() && !base.is_invalid_vpi_vci());
        assert!(!HeaderRepr::unassigned(HeaderFormat::Uni).is_invalid_vpi_vci());
    }
}

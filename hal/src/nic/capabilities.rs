//! What a NIC can do: the facts behind the OID_ATM_* capability queries.

use core::ops::{BitAnd, BitOr};

/// A set of ATM adaptation layer types. Bit values are NDIS's `AAL_TYPE_*` (atm.h), so
/// [`AalTypes::bits`] answers OID_ATM_SUPPORTED_AAL_TYPES directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AalTypes(u32);

impl AalTypes {
    /// AAL0: raw 48-octet cell payloads.
    pub const AAL0: AalTypes = AalTypes(0x1);
    /// AAL1 (I.363.1).
    pub const AAL1: AalTypes = AalTypes(0x2);
    /// AAL3/4 (I.363.3).
    pub const AAL34: AalTypes = AalTypes(0x4);
    /// AAL5 (I.363.5).
    pub const AAL5: AalTypes = AalTypes(0x8);
    /// No AAL at all.
    pub const EMPTY: AalTypes = AalTypes(0);
    const ALL: u32 = 0xF;

    /// The set with the given NDIS bits; unknown bits are dropped.
    pub const fn from_bits_truncate(bits: u32) -> Self {
        AalTypes(bits & Self::ALL)
    }
    /// The NDIS `AAL_TYPE_*` bits.
    pub const fn bits(self) -> u32 {
        self.0
    }
    /// Whether every type in `other` is in `self`.
    pub const fn contains(self, other: AalTypes) -> bool {
        self.0 & other.0 == other.0
    }
    /// The union.
    pub const fn union(self, other: AalTypes) -> Self {
        AalTypes(self.0 | other.0)
    }
    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl BitOr for AalTypes {
    type Output = AalTypes;
    fn bitor(self, rhs: AalTypes) -> AalTypes {
        self.union(rhs)
    }
}

impl BitAnd for AalTypes {
    type Output = AalTypes;
    fn bitand(self, rhs: AalTypes) -> AalTypes {
        AalTypes(self.0 & rhs.0)
    }
}

/// A set of ATM service categories (TM 4.1 §2). The low four bits are NDIS's
/// `ATM_SERVICE_CATEGORY_*` (CBR 1, VBR 2, UBR 4, ABR 8); NDIS has one VBR bit, so rt-VBR
/// gets an extension bit that [`ServiceCategories::ndis_bits`] folds into VBR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ServiceCategories(u32);

impl ServiceCategories {
    /// Constant bit rate.
    pub const CBR: ServiceCategories = ServiceCategories(0x1);
    /// Non-real-time variable bit rate (NDIS "VBR").
    pub const NRT_VBR: ServiceCategories = ServiceCategories(0x2);
    /// Unspecified bit rate.
    pub const UBR: ServiceCategories = ServiceCategories(0x4);
    /// Available bit rate.
    pub const ABR: ServiceCategories = ServiceCategories(0x8);
    /// Real-time variable bit rate (not an NDIS bit).
    pub const RT_VBR: ServiceCategories = ServiceCategories(0x10);
    /// No category.
    pub const EMPTY: ServiceCategories = ServiceCategories(0);
    const ALL: u32 = 0x1F;

    /// The set with the given bits (this type's encoding); unknown bits are dropped.
    pub const fn from_bits_truncate(bits: u32) -> Self {
        ServiceCategories(bits & Self::ALL)
    }
    /// This type's bits.
    pub const fn bits(self) -> u32 {
        self.0
    }
    /// The OID_ATM_SUPPORTED_SERVICE_CATEGORY value: rt-VBR reported as VBR.
    pub const fn ndis_bits(self) -> u32 {
        let vbr = if self.0 & Self::RT_VBR.0 != 0 { Self::NRT_VBR.0 } else { 0 };
        (self.0 | vbr) & 0xF
    }
    /// Whether every category in `other` is in `self`.
    pub const fn contains(self, other: ServiceCategories) -> bool {
        self.0 & other.0 == other.0
    }
    /// The union.
    pub const fn union(self, other: ServiceCategories) -> Self {
        ServiceCategories(self.0 | other.0)
    }
}

impl BitOr for ServiceCategories {
    type Output = ServiceCategories;
    fn bitor(self, rhs: ServiceCategories) -> ServiceCategories {
        self.union(rhs)
    }
}

/// What a NIC supports; fixed for the adapter's lifetime and read by the miniport half to
/// answer OID_ATM_* queries and to validate calls before opening channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Channels that can be open at once (OID_ATM_MAX_ACTIVE_VCS).
    pub max_vcs: u32,
    /// Significant VPI bits (OID_ATM_MAX_ACTIVE_VPI_BITS); at most 8 on a UNI, 12 on an NNI.
    pub vpi_bits: u8,
    /// Significant VCI bits (OID_ATM_MAX_ACTIVE_VCI_BITS); at most 16.
    pub vci_bits: u8,
    /// Line cell rate in cells/s; the upper bound of OID_ATM_SUPPORTED_VC_RATES.
    pub line_cell_rate: u32,
    /// Lowest cell rate a channel can be shaped to (lower bound of
    /// OID_ATM_SUPPORTED_VC_RATES).
    pub min_cell_rate: u32,
    /// OID_ATM_SUPPORTED_AAL_TYPES.
    pub aal_types: AalTypes,
    /// OID_ATM_SUPPORTED_SERVICE_CATEGORY.
    pub service_categories: ServiceCategories,
    /// Largest AAL5 CPCS-SDU (OID_ATM_MAX_AAL5_PACKET_SIZE), at most 65 535 (I.363.5 §9.2.2).
    pub max_aal5_sdu: u32,
    /// Largest AAL0 packet, a multiple of 48 (OID_ATM_MAX_AAL0_PACKET_SIZE).
    pub max_aal0_packet: u32,
    /// The ESI / MAC address (OID_ATM_HW_CURRENT_ADDRESS).
    pub esi: [u8; 6],
    /// Whether segmentation and reassembly happen on the adapter (false:
    /// [`SoftSar`](super::SoftSar) does them in the driver).
    pub hardware_sar: bool,
}

impl Capabilities {
    /// Whether `vpi`/`vci` fit the advertised bit widths.
    pub const fn fits(&self, vpi: u16, vci: u16) -> bool {
        let vpi_ok = self.vpi_bits >= 16 || (vpi as u32) < (1u32 << self.vpi_bits);
        let vci_ok = self.vci_bits >= 16 || (vci as u32) < (1u32 << self.vci_bits);
        vpi_ok && vci_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aal_bits_are_ndis_aal_type_values() {
        // atm.h: AAL_TYPE_AAL0 1, AAL1 2, AAL34 4, AAL5 8.
        assert_eq!(AalTypes::AAL0.bits(), 1);
        assert_eq!(AalTypes::AAL1.bits(), 2);
        assert_eq!(AalTypes::AAL34.bits(), 4);
        assert_eq!(AalTypes::AAL5.bits(), 8);
        let s = AalTypes::AAL0 | AalTypes::AAL5;
        assert_eq!(s.bits(), 9);
        assert!(s.contains(AalTypes::AAL5));
        assert!(!s.contains(AalTypes::AAL1));
        assert_eq!((s & AalTypes::AAL5), AalTypes::AAL5);
        assert_eq!(AalTypes::from_bits_truncate(0xFF).bits(), 0xF);
        assert!(AalTypes::EMPTY.is_empty());
    }

    #[test]
    fn service_categories_fold_rt_vbr_into_ndis_vbr() {
        // atm.h: ATM_SERVICE_CATEGORY_CBR 1, VBR 2, UBR 4, ABR 8.
        let s = ServiceCategories::CBR | ServiceCategories::RT_VBR | ServiceCategories::UBR;
        assert_eq!(s.ndis_bits(), 0x7);
        assert_eq!(ServiceCategories::ABR.ndis_bits(), 8);
        assert!(s.contains(ServiceCategories::UBR));
        assert!(!s.contains(ServiceCategories::NRT_VBR));
        assert_eq!(ServiceCategories::from_bits_truncate(0xFFFF_FFFF).bits(), 0x1F);
    }

    #[test]
    fn fits_checks_bit_widths() {
        let caps = Capabilities {
            max_vcs: 16,
            vpi_bits: 4,
            vci_bits: 10,
            line_cell_rate: 353_207,
            min_cell_rate: 10,
            aal_types: AalTypes::AAL5,
            service_categories: ServiceCategories::UBR,
            max_aal5_sdu: 9188,
            max_aal0_packet: 48,
            esi: [0; 6],
            hardware_sar: false,
        };
        assert!(caps.fits(15, 1023));
        assert!(!caps.fits(16, 5));
        assert!(!caps.fits(0, 1024));
    }
}

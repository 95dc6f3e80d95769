//! The ATM cell header: a zero-copy view and a parsed representation (I.361 §2.2).
//!
//! UNI format (I.361 Figure 2), bit 8 of each octet first:
//!
//! ```text
//! octet 1: GFC(4)        VPI(8..5)
//! octet 2: VPI(4..1)     VCI(16..13)
//! octet 3: VCI(12..5)
//! octet 4: VCI(4..1)     PTI(3) CLP(1)
//! octet 5: HEC(8)
//! ```
//!
//! The NNI format (I.361 Figure 3) has no GFC: the VPI takes all of octet 1 (12 bits).

use super::hec::{self, HecCheck};
use super::{CellError, VpiVci, CELL_LEN, HEADER_LEN, MAX_GFC, MAX_VPI_NNI, MAX_VPI_UNI};

/// Field positions in the header (I.361 Figures 2 and 3).
mod field {
    use core::ops::Range;

    /// Octet holding the GFC (UNI) in its upper nibble.
    pub const GFC: usize = 0;
    /// GFC bits within octet 1.
    pub const GFC_MASK: u8 = 0xF0;
    /// Octets holding the VPI, read as a big-endian u16.
    pub const VPI: Range<usize> = 0..2;
    /// UNI VPI bits within the u16 read from [`VPI`].
    pub const VPI_UNI_MASK: u16 = 0x0FF0;
    /// NNI VPI bits within the u16 read from [`VPI`].
    pub const VPI_NNI_MASK: u16 = 0xFFF0;
    /// Shift of the VPI within the u16 read from [`VPI`].
    pub const VPI_SHIFT: u32 = 4;
    /// Octets holding the VCI, read as a big-endian 24-bit value.
    pub const VCI: Range<usize> = 1..4;
    /// VCI bits within the 24-bit value read from [`VCI`].
    pub const VCI_MASK: u32 = 0x0F_FFF0;
    /// Shift of the VCI within the value read from [`VCI`].
    pub const VCI_SHIFT: u32 = 4;
    /// Octet holding the PTI and CLP.
    pub const PTI_CLP: usize = 3;
    /// PTI bits within octet 4.
    pub const PTI_MASK: u8 = 0x0E;
    /// Shift of the PTI within octet 4.
    pub const PTI_SHIFT: u32 = 1;
    /// CLP bit within octet 4.
    pub const CLP_MASK: u8 = 0x01;
    /// The HEC octet.
    pub const HEC: usize = 4;
    /// The cell information field.
    pub const PAYLOAD: Range<usize> = super::HEADER_LEN..super::CELL_LEN;
}

/// Which header layout a cell uses (I.361 §2.2.1).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum HeaderFormat {
    /// User-network interface: GFC(4), VPI(8).
    #[default]
    Uni,
    /// Network-node interface: VPI(12), no GFC.
    Nni,
}

impl HeaderFormat {
    /// The largest VPI the format can carry.
    pub const fn max_vpi(self) -> u16 {
        match self {
            HeaderFormat::Uni => MAX_VPI_UNI,
            HeaderFormat::Nni => MAX_VPI_NNI,
        }
    }
}

/// Payload type indicator (I.361 §2.2.4, Table 4).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Pti {
    /// User data cell, PTI 0xx: `congestion` is the explicit forward congestion indication
    /// (EFCI, middle bit) and `end_of_pdu` the ATM-user-to-ATM-user indication (AUU, the
    /// low bit; AAL5 uses it to mark the last cell of a CPCS-PDU, I.363.5 §9.2.1.1).
    UserData {
        /// Congestion experienced (EFCI, PTI bit 2).
        congestion: bool,
        /// ATM-user-to-ATM-user indication = 1 (PTI bit 1).
        end_of_pdu: bool,
    },
    /// OAM F5 segment-associated cell, PTI 100 (I.610 §5.3.2).
    OamF5Segment,
    /// OAM F5 end-to-end-associated cell, PTI 101 (I.610 §5.3.2).
    OamF5EndToEnd,
    /// Resource management cell, PTI 110 (I.371 / TM 4.1 ABR).
    ResourceManagement,
    /// Reserved for future VC functions, PTI 111.
    Reserved,
}

impl Pti {
    /// Decode the 3-bit PTI value (higher bits are ignored).
    pub const fn from_bits(bits: u8) -> Pti {
        match bits & 0x07 {
            0b100 => Pti::OamF5Segment,
            0b101 => Pti::OamF5EndToEnd,
            0b110 => Pti::ResourceManagement,
            0b111 => Pti::Reserved,
            user => Pti::UserData { congestion: user & 0b010 != 0, end_of_pdu: user & 0b001 != 0 },
        }
    }

    /// The 3-bit PTI value.
    pub const fn bits(self) -> u8 {
        match self {
            Pti::UserData { congestion, end_of_pdu } => {
                ((congestion as u8) << 1) | (end_of_pdu as u8)
            }
            Pti::OamF5Segment => 0b100,
            Pti::OamF5EndToEnd => 0b101,
            Pti::ResourceManagement => 0b110,
            Pti::Reserved => 0b111,
        }
    }

    /// A user data cell (PTI 0xx).
    pub const fn is_user_data(self) -> bool {
        matches!(self, Pti::UserData { .. })
    }

    /// An F5 OAM cell (PTI 100 or 101).
    pub const fn is_oam_f5(self) -> bool {
        matches!(self, Pti::OamF5Segment | Pti::OamF5EndToEnd)
    }

    /// A user data cell with AUU = 1: the last cell of an AAL5 CPCS-PDU.
    pub const fn is_end_of_pdu(self) -> bool {
        matches!(self, Pti::UserData { end_of_pdu: true, .. })
    }

    /// A user data cell with EFCI set.
    pub const fn is_congestion_experienced(self) -> bool {
        matches!(self, Pti::UserData { congestion: true, .. })
    }
}

impl From<u8> for Pti {
    fn from(bits: u8) -> Self {
        Pti::from_bits(bits)
    }
}

impl From<Pti> for u8 {
    fn from(pti: Pti) -> Self {
        pti.bits()
    }
}

impl Default for Pti {
    fn default() -> Self {
        Pti::UserData { congestion: false, end_of_pdu: false }
    }
}

/// A read/write view of a cell header over a 5-octet header or a whole 53-octet cell.
///
/// After [`Header::new_checked`] (or a successful [`Header::check_len`]) no accessor panics.
/// Accessors never panic on an unchecked view either: on a buffer shorter than a header
/// getters read zeros and setters do nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Header<T> {
    /// Wrap a buffer without checking its length.
    pub const fn new_unchecked(buffer: T) -> Self {
        Header { buffer }
    }

    /// Wrap a buffer of exactly 5 (a header) or 53 (a cell) octets.
    pub fn new_checked(buffer: T) -> Result<Self, CellError> {
        let header = Header::new_unchecked(buffer);
        header.check_len()?;
        Ok(header)
    }

    /// Check that the buffer is a header (5 octets) or a cell (53 octets).
    pub fn check_len(&self) -> Result<(), CellError> {
        match self.buffer.as_ref().len() {
            HEADER_LEN | CELL_LEN => Ok(()),
            len if len < HEADER_LEN => Err(CellError::Truncated { len }),
            len if len < CELL_LEN => Err(CellError::PartialCell { len }),
            len => Err(CellError::Oversized { len }),
        }
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The five header octets (zeros on a too-short unchecked buffer).
    #[inline]
    pub fn octets(&self) -> [u8; HEADER_LEN] {
        self.buffer.as_ref().first_chunk::<HEADER_LEN>().copied().unwrap_or([0; HEADER_LEN])
    }

    /// The four octets the HEC protects.
    #[inline]
    pub fn protected_octets(&self) -> [u8; 4] {
        let [a, b, c, d, _] = self.octets();
        [a, b, c, d]
    }

    fn octet(&self, index: usize) -> u8 {
        self.buffer.as_ref().get(index).copied().unwrap_or(0)
    }

    /// Generic flow control (UNI only, I.361 §2.2.3); on an NNI header these bits are the
    /// top of the VPI.
    pub fn gfc(&self) -> u8 {
        (self.octet(field::GFC) & field::GFC_MASK) >> 4
    }

    /// The VPI for `format` (8 bits UNI, 12 bits NNI).
    pub fn vpi(&self, format: HeaderFormat) -> u16 {
        let octets = self.octets();
        let vpi_octets = octets.get(field::VPI).unwrap_or(&[0, 0]);
        let raw = u16::from_be_bytes([
            vpi_octets.first().copied().unwrap_or(0),
            vpi_octets.get(1).copied().unwrap_or(0),
        ]);
        let mask = match format {
            HeaderFormat::Uni => field::VPI_UNI_MASK,
            HeaderFormat::Nni => field::VPI_NNI_MASK,
        };
        (raw & mask) >> field::VPI_SHIFT
    }

    /// The VCI.
    pub fn vci(&self) -> u16 {
        let raw = self.vci_word();
        // The mask keeps 16 bits after the shift.
        ((raw & field::VCI_MASK) >> field::VCI_SHIFT) as u16
    }

    fn vci_word(&self) -> u32 {
        let octets = self.octets();
        let v = octets.get(field::VCI).unwrap_or(&[0, 0, 0]);
        u32::from_be_bytes([
            0,
            v.first().copied().unwrap_or(0),
            v.get(1).copied().unwrap_or(0),
            v.get(2).copied().unwrap_or(0),
        ])
    }

    /// The VPI/VCI pair for `format`.
    pub fn vpi_vci(&self, format: HeaderFormat) -> VpiVci {
        VpiVci::new(self.vpi(format), self.vci())
    }

    /// The payload type indicator.
    pub fn pti(&self) -> Pti {
        Pti::from_bits((self.octet(field::PTI_CLP) & field::PTI_MASK) >> field::PTI_SHIFT)
    }

    /// Cell loss priority: `true` = lower priority, may be discarded first (I.361 §2.2.5).
    pub fn clp(&self) -> bool {
        self.octet(field::PTI_CLP) & field::CLP_MASK != 0
    }

    /// The HEC octet as received.
    pub fn hec(&self) -> u8 {
        self.octet(field::HEC)
    }

    /// The HEC the first four octets call for.
    pub fn compute_hec(&self) -> u8 {
        hec::hec(self.protected_octets())
    }

    /// Whether the HEC matches the first four octets.
    pub fn hec_is_valid(&self) -> bool {
        hec::syndrome(self.octets()) == 0
    }

    /// Classify the header by its HEC syndrome (valid, single-bit, multi-bit).
    pub fn check_hec(&self) -> HecCheck {
        hec::check(self.octets())
    }

    /// The 48-octet information field when the view is over a whole cell; empty when it is
    /// over a header only.
    pub fn payload(&self) -> &[u8] {
        self.buffer.as_ref().get(field::PAYLOAD).unwrap_or(&[])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Header<T> {
    fn update_octet(&mut self, index: usize, mask: u8, bits: u8) {
        if let Some(octet) = self.buffer.as_mut().get_mut(index) {
            *octet = (*octet & !mask) | (bits & mask);
        }
    }

    /// Set the GFC (UNI; only the low 4 bits are used). Makes the HEC stale.
    pub fn set_gfc(&mut self, gfc: u8) {
        self.update_octet(field::GFC, field::GFC_MASK, gfc << 4);
    }

    /// Set the VPI for `format` (only the low 8 or 12 bits are used). Makes the HEC stale.
    pub fn set_vpi(&mut self, format: HeaderFormat, vpi: u16) {
        let mask = match format {
            HeaderFormat::Uni => field::VPI_UNI_MASK,
            HeaderFormat::Nni => field::VPI_NNI_MASK,
        };
        let [hi_mask, lo_mask] = mask.to_be_bytes();
        let [hi, lo] = (vpi << field::VPI_SHIFT).to_be_bytes();
        self.update_octet(field::VPI.start, hi_mask, hi);
        self.update_octet(field::VPI.start + 1, lo_mask, lo);
    }

    /// Set the VCI. Makes the HEC stale.
    pub fn set_vci(&mut self, vci: u16) {
        let [_, m0, m1, m2] = field::VCI_MASK.to_be_bytes();
        let [_, b0, b1, b2] = (u32::from(vci) << field::VCI_SHIFT).to_be_bytes();
        self.update_octet(field::VCI.start, m0, b0);
        self.update_octet(field::VCI.start + 1, m1, b1);
        self.update_octet(field::VCI.start + 2, m2, b2);
    }

    /// Set the PTI. Makes the HEC stale.
    pub fn set_pti(&mut self, pti: Pti) {
        self.update_octet(field::PTI_CLP, field::PTI_MASK, pti.bits() << field::PTI_SHIFT);
    }

    /// Set the CLP bit. Makes the HEC stale.
    pub fn set_clp(&mut self, clp: bool) {
        self.update_octet(field::PTI_CLP, field::CLP_MASK, u8::from(clp));
    }

    /// Write the HEC octet as given (for tests and error injection); [`Header::fill_hec`]
    /// computes it.
    pub fn set_hec(&mut self, value: u8) {
        self.update_octet(field::HEC, 0xFF, value);
    }

    /// Compute the HEC over the first four octets and store it: call after the last setter.
    pub fn fill_hec(&mut self) {
        let value = self.compute_hec();
        self.set_hec(value);
    }

    /// Check the HEC and correct a single-bit error in place (I.432.1 §4.3.2.3). Returns
    /// the check made before correction.
    pub fn check_and_correct_hec(&mut self) -> HecCheck {
        let mut octets = self.octets();
        let outcome = hec::check_and_correct(&mut octets);
        if let (HecCheck::SingleBit { .. }, Some(dst)) =
            (outcome, self.buffer.as_mut().first_chunk_mut::<HEADER_LEN>())
        {
            *dst = octets;
        }
        outcome
    }

    /// The information field, mutable; empty when the view is over a header only. Payload
    /// writes do not affect the HEC.
    pub fn payload_mut(&mut self) -> &mut [u8] {
        self.buffer.as_mut().get_mut(field::PAYLOAD).unwrap_or(&mut [])
    }
}

/// A parsed cell header (I.361 §2.2).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct HeaderRepr {
    /// UNI or NNI layout.
    pub format: HeaderFormat,
    /// Generic flow control (UNI, 0..=15); always 0 on an NNI.
    pub gfc: u8,
    /// Virtual path identifier.
    pub vpi: u16,
    /// Virtual channel identifier.
    pub vci: u16,
    /// Payload type.
    pub pti: Pti,
    /// Cell loss priority.
    pub clp: bool,
}

impl HeaderRepr {
    /// Parse a header whose HEC must match (I.432.1 §4.3.2). Cells that already went
    /// through the HEC receiver can use [`HeaderRepr::parse_fields`].
    pub fn parse<T: AsRef<[u8]>>(
        header: &Header<T>,
        format: HeaderFormat,
    ) -> Result<HeaderRepr, CellError> {
        header.check_len()?;
        let expected = header.compute_hec();
        let found = header.hec();
        if expected != found {
            return Err(CellError::HecMismatch { expected, found });
        }
        Ok(Self::fields(header, format))
    }

    /// Parse the fields without checking the HEC.
    pub fn parse_fields<T: AsRef<[u8]>>(
        header: &Header<T>,
        format: HeaderFormat,
    ) -> Result<HeaderRepr, CellError> {
        header.check_len()?;
        Ok(Self::fields(header, format))
    }

    fn fields<T: AsRef<[u8]>>(header: &Header<T>, format: HeaderFormat) -> HeaderRepr {
        HeaderRepr {
            format,
            gfc: match format {
                HeaderFormat::Uni => header.gfc(),
                HeaderFormat::Nni => 0,
            },
            vpi: header.vpi(format),
            vci: header.vci(),
            pti: header.pti(),
            clp: header.clp(),
        }
    }

    /// Octets [`HeaderRepr::emit`] writes: the 5-octet header.
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// The VPI/VCI pair.
    pub const fn vpi_vci(&self) -> VpiVci {
        VpiVci::new(self.vpi, self.vci)
    }

    /// Whether every field fits its header field for the format.
    pub const fn is_in_range(&self) -> bool {
        let gfc_ok = match self.format {
            HeaderFormat::Uni => self.gfc <= MAX_GFC,
            HeaderFormat::Nni => self.gfc == 0,
        };
        gfc_ok && self.vpi <= self.format.max_vpi()
    }

    /// The first four header octets for these fields.
    pub fn protected_octets(&self) -> Result<[u8; 4], CellError> {
        let mut octets = [0u8; HEADER_LEN];
        self.write_fields(&mut octets)?;
        let [a, b, c, d, _] = octets;
        Ok([a, b, c, d])
    }

    fn write_fields(&self, octets: &mut [u8; HEADER_LEN]) -> Result<(), CellError> {
        if !self.is_in_range() {
            return Err(CellError::FieldRange);
        }
        let mut header = Header::new_unchecked(&mut octets[..]);
        if self.format == HeaderFormat::Uni {
            header.set_gfc(self.gfc);
        }
        header.set_vpi(self.format, self.vpi);
        header.set_vci(self.vci);
        header.set_pti(self.pti);
        header.set_clp(self.clp);
        header.fill_hec();
        Ok(())
    }

    /// Write the 5-octet header, HEC filled, into the start of `buf` (a header or a whole
    /// cell buffer; octets after the header are left alone).
    pub fn emit(&self, buf: &mut [u8]) -> Result<(), CellError> {
        let len = buf.len();
        let dst = buf.first_chunk_mut::<HEADER_LEN>().ok_or(CellError::Truncated { len })?;
        let mut octets = [0u8; HEADER_LEN];
        self.write_fields(&mut octets)?;
        *dst = octets;
        Ok(())
    }

    /// The 5-octet header, HEC filled.
    pub fn to_octets(&self) -> Result<[u8; HEADER_LEN], CellError> {
        let mut octets = [0u8; HEADER_LEN];
        self.write_fields(&mut octets)?;
        Ok(octets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // UNI: GFC 0xA, VPI 0x5C, VCI 0x1234, PTI 011 (EFCI + AUU), CLP 1.
    // octet1 = A|5, octet2 = C|1, octet3 = 23, octet4 = 4|0111 = 0x47.
    static UNI_BYTES: [u8; 5] = [0xA5, 0xC1, 0x23, 0x47, 0x00];
    // NNI: VPI 0xABC, VCI 0x0020, PTI 100 (F5 segment OAM), CLP 0.
    // octet1 = AB, octet2 = C|0, octet3 = 02, octet4 = 0|1000 = 0x08.
    static NNI_BYTES: [u8; 5] = [0xAB, 0xC0, 0x02, 0x08, 0x00];

    fn with_hec(mut b: [u8; 5]) -> [u8; 5] {
        b[4] = hec::hec([b[0], b[1], b[2], b[3]]);
        b
    }

    fn uni_repr() -> HeaderRepr {
        HeaderRepr {
            format: HeaderFormat::Uni,
            gfc: 0xA,
            vpi: 0x5C,
            vci: 0x1234,
            pti: Pti::UserData { congestion: true, end_of_pdu: true },
            clp: true,
        }
    }

    fn nni_repr() -> HeaderRepr {
        HeaderRepr {
            format: HeaderFormat::Nni,
            gfc: 0,
            vpi: 0xABC,
            vci: 0x0020,
            pti: Pti::OamF5Segment,
            clp: false,
        }
    }

    #[test]
    fn deconstruct_uni() {
        let bytes = with_hec(UNI_BYTES);
        let h = Header::new_checked(&bytes[..]).unwrap();
        assert_eq!(h.gfc(), 0xA);
        assert_eq!(h.vpi(HeaderFormat::Uni), 0x5C);
        assert_eq!(h.vci(), 0x1234);
        assert_eq!(h.pti(), Pti::UserData { congestion: true, end_of_pdu: true });
        assert!(h.clp());
        assert_eq!(h.hec(), bytes[4]);
        assert!(h.hec_is_valid());
        assert_eq!(h.check_hec(), HecCheck::Valid);
        assert_eq!(h.payload(), &[] as &[u8]);
        assert_eq!(h.vpi_vci(HeaderFormat::Uni), VpiVci::new(0x5C, 0x1234));
    }

    #[test]
    fn deconstruct_nni() {
        let bytes = with_hec(NNI_BYTES);
        let h = Header::new_checked(&bytes[..]).unwrap();
        assert_eq!(h.vpi(HeaderFormat::Nni), 0xABC);
        assert_eq!(h.vci(), 0x0020);
        assert_eq!(h.pti(), Pti::OamF5Segment);
        assert!(!h.clp());
        assert!(h.hec_is_valid());
    }

    #[test]
    fn construct_uni() {
        let mut bytes = [0u8; 5];
        let mut h = Header::new_unchecked(&mut bytes[..]);
        h.set_gfc(0xA);
        h.set_vpi(HeaderFormat::Uni, 0x5C);
        h.set_vci(0x1234);
        h.set_pti(Pti::UserData { congestion: true, end_of_pdu: true });
        h.set_clp(true);
        h.fill_hec();
        assert_eq!(bytes, with_hec(UNI_BYTES));
    }

    #[test]
    fn construct_nni() {
        let mut bytes = [0xFFu8; 5];
        let mut h = Header::new_unchecked(&mut bytes[..]);
        h.set_vpi(HeaderFormat::Nni, 0xABC);
        h.set_vci(0x0020);
        h.set_pti(Pti::OamF5Segment);
        h.set_clp(false);
        h.fill_hec();
        assert_eq!(bytes, with_hec(NNI_BYTES));
    }

    #[test]
    fn setters_leave_other_fields_alone() {
        let mut bytes = with_hec(UNI_BYTES);
        let mut h = Header::new_unchecked(&mut bytes[..]);
        h.set_vci(0xFFFF);
        assert_eq!(h.gfc(), 0xA);
        assert_eq!(h.vpi(HeaderFormat::Uni), 0x5C);
        assert!(h.clp());
        assert!(!h.hec_is_valid(), "a setter makes the HEC stale");
        h.fill_hec();
        assert!(h.hec_is_valid());
    }

    #[test]
    fn parse_and_emit_uni_and_nni() {
        let uni = with_hec(UNI_BYTES);
        let nni = with_hec(NNI_BYTES);
        let repr = HeaderRepr::parse(&Header::new_checked(&uni[..]).unwrap(), HeaderFormat::Uni);
        assert_eq!(repr, Ok(uni_repr()));
        let repr = HeaderRepr::parse(&Header::new_checked(&nni[..]).unwrap(), HeaderFormat::Nni);
        assert_eq!(repr, Ok(nni_repr()));
        let mut out = [0u8; 5];
        uni_repr().emit(&mut out).unwrap();
        assert_eq!(out, uni);
        nni_repr().emit(&mut out).unwrap();
        assert_eq!(out, nni);
        assert_eq!(uni_repr().buffer_len(), 5);
        assert_eq!(nni_repr().to_octets(), Ok(nni));
    }

    #[test]
    fn emit_into_cell_writes_header_only() {
        let mut cell = [0x6Au8; CELL_LEN];
        uni_repr().emit(&mut cell).unwrap();
        assert_eq!(cell[..5], with_hec(UNI_BYTES));
        assert!(cell[5..].iter().all(|&b| b == 0x6A));
        let h = Header::new_checked(&cell[..]).unwrap();
        assert_eq!(h.payload().len(), 48);
    }

    #[test]
    fn known_answer_signaling_header() {
        // VPI 0 / VCI 5 / PTI 0 → 00 00 00 50 E2 (atm-reference.md).
        let repr = HeaderRepr { vci: 5, ..HeaderRepr::default() };
        assert_eq!(repr.to_octets(), Ok([0, 0, 0, 0x50, 0xE2]));
        let eop = HeaderRepr { pti: Pti::UserData { congestion: false, end_of_pdu: true }, ..repr };
        assert_eq!(eop.to_octets(), Ok([0, 0, 0, 0x52, 0xEC]));
        let ilmi = HeaderRepr { vci: 16, ..HeaderRepr::default() };
        assert_eq!(ilmi.to_octets(), Ok([0, 0, 1, 0, 0x40]));
    }

    #[test]
    fn pti_code_points_round_trip() {
        for bits in 0..8u8 {
            assert_eq!(Pti::from(bits).bits(), bits);
            assert_eq!(u8::from(Pti::from_bits(bits)), bits);
        }
        assert_eq!(Pti::from_bits(0b100), Pti::OamF5Segment);
        assert_eq!(Pti::from_bits(0b101), Pti::OamF5EndToEnd);
        assert_eq!(Pti::from_bits(0b110), Pti::ResourceManagement);
        assert_eq!(Pti::from_bits(0b111), Pti::Reserved);
        assert!(Pti::from_bits(0b001).is_end_of_pdu());
        assert!(Pti::from_bits(0b011).is_end_of_pdu());
        assert!(!Pti::from_bits(0b101).is_end_of_pdu());
        assert!(Pti::from_bits(0b010).is_congestion_experienced());
        assert!(Pti::from_bits(0b101).is_oam_f5());
        assert!(Pti::from_bits(0b011).is_user_data());
        assert!(!Pti::from_bits(0b110).is_user_data());
    }

    // One negative test per length rule.
    #[test]
    fn rejects_truncated_header() {
        let bytes = [0u8; 4];
        assert_eq!(Header::new_checked(&bytes[..]), Err(CellError::Truncated { len: 4 }));
        assert_eq!(Header::new_checked(&[][..] as &[u8]), Err(CellError::Truncated { len: 0 }));
    }

    #[test]
    fn rejects_partial_cell() {
        let bytes = [0u8; 52];
        assert_eq!(Header::new_checked(&bytes[..]), Err(CellError::PartialCell { len: 52 }));
        assert_eq!(Header::new_checked(&bytes[..6]), Err(CellError::PartialCell { len: 6 }));
    }

    #[test]
    fn rejects_oversized_cell() {
        let bytes = [0u8; 54];
        assert_eq!(Header::new_checked(&bytes[..]), Err(CellError::Oversized { len: 54 }));
    }

    #[test]
    fn emit_rejects_short_buffer() {
        let mut out = [0u8; 4];
        assert_eq!(uni_repr().emit(&mut out), Err(CellError::Truncated { len: 4 }));
    }

    #[test]
    fn parse_rejects_bad_hec() {
        let mut bytes = with_hec(UNI_BYTES);
        bytes[4] ^= 0x01;
        let h = Header::new_checked(&bytes[..]).unwrap();
        assert!(matches!(
            HeaderRepr::parse(&h, HeaderFormat::Uni),
            Err(CellError::HecMismatch { .. })
        ));
        assert_eq!(HeaderRepr::parse_fields(&h, HeaderFormat::Uni), Ok(uni_repr()));
    }

    #[test]
    fn emit_rejects_out_of_range_fields() {
        let mut out = [0u8; 5];
        let vpi = HeaderRepr { vpi: 256, ..uni_repr() };
        assert_eq!(vpi.emit(&mut out), Err(CellError::FieldRange));
        let gfc = HeaderRepr { gfc: 16, ..uni_repr() };
        assert_eq!(gfc.emit(&mut out), Err(CellError::FieldRange));
        let nni_vpi = HeaderRepr { vpi: 4096, ..nni_repr() };
        assert_eq!(nni_vpi.emit(&mut out), Err(CellError::FieldRange));
        let nni_gfc = HeaderRepr { gfc: 1, ..nni_repr() };
        assert_eq!(nni_gfc.emit(&mut out), Err(CellError::FieldRange));
        assert_eq!(out, [0u8; 5], "nothing written on error");
        let ok = HeaderRepr { vpi: 4095, ..nni_repr() };
        assert!(ok.emit(&mut out).is_ok());
    }

    #[test]
    fn correct_single_bit_in_view() {
        let good = with_hec(UNI_BYTES);
        let mut bad = good;
        bad[2] ^= 0x10;
        let mut h = Header::new_checked(&mut bad[..]).unwrap();
        assert_eq!(h.check_and_correct_hec(), HecCheck::SingleBit { bit: 19 });
        assert_eq!(bad, good);
    }

    #[test]
    fn unchecked_short_view_never_panics() {
        let mut short = [0xFFu8; 2];
        let mut h = Header::new_unchecked(&mut short[..]);
        assert_eq!(h.vci(), 0);
        assert_eq!(h.hec(), 0);
        h.set_vci(7);
        h.fill_hec();
        assert_eq!(h.payload_mut().len(), 0);
    }
}

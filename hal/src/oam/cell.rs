//! OAM cell format (I.610 §10): a zero-copy view [`OamCell`] and a parsed [`OamRepr`].
//!
//! The 48-octet payload of an OAM cell (the ATM header belongs to `hal::cell`):
//!
//! ```text
//! octet 1      OAM type (bits 8..5) | function type (bits 4..1)
//! octets 2-46  function-specific field (45 octets)
//! octets 47-48 6 reserved bits (coded 0) | CRC-10 (10 bits)
//! ```
//!
//! Function-specific fields (I.610 §10.2):
//! - AIS / RDI: defect type (1 octet), defect location (16 octets), 28 unused octets.
//! - Continuity check: 45 unused octets.
//! - Loopback: loopback indication (1 octet: 7 reserved bits + the indication bit),
//!   correlation tag (4 octets), loopback location ID (16 octets), source ID (16 octets),
//!   8 unused octets.
//!
//! Unused octets are coded 0x6A (I.610 §10.2); receivers ignore their value.
//!
//! `OamCell::new_checked` only checks the length; [`OamRepr::parse`] additionally checks the
//! CRC-10, the reserved bits and the code points. Setters never make the length check stale,
//! but every setter makes the CRC stale: call [`OamCell::fill_crc`] last.

use super::crc10::{crc10, crc10_check};
use super::OamError;

/// Length of an OAM cell payload: the 48-octet ATM cell payload.
pub const OAM_PAYLOAD_LEN: usize = 48;
/// Length of the function-specific field (I.610 §10.1).
pub const FUNCTION_SPECIFIC_LEN: usize = 45;
/// Length of a defect location, loopback location ID or source ID (I.610 §10.2).
pub const LOCATION_ID_LEN: usize = 16;
/// Coding of unused octets and of optional fields that are not used (I.610 §10.2).
pub const UNUSED_OCTET: u8 = 0x6A;

/// A 16-octet location identifier: defect location, loopback location ID, source ID.
pub type LocationId = [u8; LOCATION_ID_LEN];

/// Loopback location ID "all ones": the loopback point is the end point of the connection or
/// segment (I.610 §10.2).
pub const END_POINT_LOCATION_ID: LocationId = [0xFF; LOCATION_ID_LEN];

/// Byte offsets of the OAM cell payload fields (I.610 §10.1, §10.2).
mod field {
    use core::ops::Range;

    /// OAM type (high nibble) and function type (low nibble).
    pub const TYPE_FUNCTION: usize = 0;
    /// The function-specific field.
    pub const FUNCTION_SPECIFIC: Range<usize> = 1..46;
    /// 6 reserved bits and the 10-bit CRC.
    pub const RESERVED_CRC: Range<usize> = 46..48;

    /// AIS / RDI: defect type.
    pub const DEFECT_TYPE: usize = 1;
    /// AIS / RDI: defect location.
    pub const DEFECT_LOCATION: Range<usize> = 2..18;
    /// AIS / RDI: unused octets.
    pub const DEFECT_UNUSED: Range<usize> = 18..46;

    /// Loopback: 7 reserved bits and the loopback indication bit.
    pub const LOOPBACK_INDICATION: usize = 1;
    /// Loopback: correlation tag.
    pub const CORRELATION_TAG: Range<usize> = 2..6;
    /// Loopback: loopback location ID.
    pub const LOOPBACK_LOCATION_ID: Range<usize> = 6..22;
    /// Loopback: source ID.
    pub const SOURCE_ID: Range<usize> = 22..38;
    /// Loopback: unused octets.
    pub const LOOPBACK_UNUSED: Range<usize> = 38..46;
}

/// Mask of the 10 CRC bits in the last two octets.
const CRC_MASK: u16 = 0x03FF;
/// Shift of the 6 reserved bits in the last two octets.
const RESERVED_SHIFT: u32 = 10;
/// The loopback indication bit (least significant bit of its octet).
const LOOPBACK_INDICATION_BIT: u8 = 0x01;

/// OAM type, octet 1 bits 8..5 (I.610 §10.1, Table 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OamType {
    /// 0001: fault management.
    FaultManagement,
    /// 0010: performance management.
    PerformanceManagement,
    /// 0101: APS coordination protocol.
    Aps,
    /// 1000: activation/deactivation.
    ActivationDeactivation,
    /// 1111: system management.
    SystemManagement,
    /// Any other value.
    Unknown(u8),
}

impl From<u8> for OamType {
    fn from(value: u8) -> Self {
        match value {
            0b0001 => OamType::FaultManagement,
            0b0010 => OamType::PerformanceManagement,
            0b0101 => OamType::Aps,
            0b1000 => OamType::ActivationDeactivation,
            0b1111 => OamType::SystemManagement,
            other => OamType::Unknown(other),
        }
    }
}

impl From<OamType> for u8 {
    fn from(value: OamType) -> u8 {
        match value {
            OamType::FaultManagement => 0b0001,
            OamType::PerformanceManagement => 0b0010,
            OamType::Aps => 0b0101,
            OamType::ActivationDeactivation => 0b1000,
            OamType::SystemManagement => 0b1111,
            OamType::Unknown(other) => other,
        }
    }
}

/// Function types of the fault management OAM type (I.610 §10.1, Table 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultManagementFunction {
    /// 0000: alarm indication signal.
    Ais,
    /// 0001: remote defect indication.
    Rdi,
    /// 0100: continuity check.
    ContinuityCheck,
    /// 1000: loopback.
    Loopback,
    /// Any other value.
    Unknown(u8),
}

impl From<u8> for FaultManagementFunction {
    fn from(value: u8) -> Self {
        match value {
            0b0000 => FaultManagementFunction::Ais,
            0b0001 => FaultManagementFunction::Rdi,
            0b0100 => FaultManagementFunction::ContinuityCheck,
            0b1000 => FaultManagementFunction::Loopback,
            other => FaultManagementFunction::Unknown(other),
        }
    }
}

impl From<FaultManagementFunction> for u8 {
    fn from(value: FaultManagementFunction) -> u8 {
        match value {
            FaultManagementFunction::Ais => 0b0000,
            FaultManagementFunction::Rdi => 0b0001,
            FaultManagementFunction::ContinuityCheck => 0b0100,
            FaultManagementFunction::Loopback => 0b1000,
            FaultManagementFunction::Unknown(other) => other,
        }
    }
}

/// Function types of the performance management OAM type (I.610 §10.1, Table 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PerformanceManagementFunction {
    /// 0000: forward monitoring.
    ForwardMonitoring,
    /// 0001: backward reporting.
    BackwardReporting,
    /// 0010: monitoring and reporting.
    MonitoringAndReporting,
    /// Any other value.
    Unknown(u8),
}

impl From<u8> for PerformanceManagementFunction {
    fn from(value: u8) -> Self {
        match value {
            0b0000 => PerformanceManagementFunction::ForwardMonitoring,
            0b0001 => PerformanceManagementFunction::BackwardReporting,
            0b0010 => PerformanceManagementFunction::MonitoringAndReporting,
            other => PerformanceManagementFunction::Unknown(other),
        }
    }
}

impl From<PerformanceManagementFunction> for u8 {
    fn from(value: PerformanceManagementFunction) -> u8 {
        match value {
            PerformanceManagementFunction::ForwardMonitoring => 0b0000,
            PerformanceManagementFunction::BackwardReporting => 0b0001,
            PerformanceManagementFunction::MonitoringAndReporting => 0b0010,
            PerformanceManagementFunction::Unknown(other) => other,
        }
    }
}

/// Function types of the APS coordination protocol OAM type (I.610 §10.1, Table 3; I.630).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApsFunction {
    /// 0000: group protection.
    GroupProtection,
    /// 0001: individual protection.
    IndividualProtection,
    /// Any other value.
    Unknown(u8),
}

impl From<u8> for ApsFunction {
    fn from(value: u8) -> Self {
        match value {
            0b0000 => ApsFunction::GroupProtection,
            0b0001 => ApsFunction::IndividualProtection,
            other => ApsFunction::Unknown(other),
        }
    }
}

impl From<ApsFunction> for u8 {
    fn from(value: ApsFunction) -> u8 {
        match value {
            ApsFunction::GroupProtection => 0b0000,
            ApsFunction::IndividualProtection => 0b0001,
            ApsFunction::Unknown(other) => other,
        }
    }
}

/// Function types of the activation/deactivation OAM type (I.610 §10.1, Table 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivationDeactivationFunction {
    /// 0000: performance monitoring.
    PerformanceMonitoring,
    /// 0001: continuity check.
    ContinuityCheck,
    /// Any other value.
    Unknown(u8),
}

impl From<u8> for ActivationDeactivationFunction {
    fn from(value: u8) -> Self {
        match value {
            0b0000 => ActivationDeactivationFunction::PerformanceMonitoring,
            0b0001 => ActivationDeactivationFunction::ContinuityCheck,
            other => ActivationDeactivationFunction::Unknown(other),
        }
    }
}

impl From<ActivationDeactivationFunction> for u8 {
    fn from(value: ActivationDeactivationFunction) -> u8 {
        match value {
            ActivationDeactivationFunction::PerformanceMonitoring => 0b0000,
            ActivationDeactivationFunction::ContinuityCheck => 0b0001,
            ActivationDeactivationFunction::Unknown(other) => other,
        }
    }
}

/// Octet 1 of an OAM cell: the OAM type with its function type (I.610 §10.1, Table 3).
///
/// System management function types are not specified by I.610 and are carried as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OamFunction {
    /// OAM type 0001.
    FaultManagement(FaultManagementFunction),
    /// OAM type 0010.
    PerformanceManagement(PerformanceManagementFunction),
    /// OAM type 0101.
    Aps(ApsFunction),
    /// OAM type 1000.
    ActivationDeactivation(ActivationDeactivationFunction),
    /// OAM type 1111 with its function type.
    SystemManagement(u8),
    /// An unknown OAM type with its function type.
    Unknown {
        /// The OAM type nibble.
        oam_type: u8,
        /// The function type nibble.
        function_type: u8,
    },
}

impl OamFunction {
    /// AIS (fault management).
    pub const AIS: OamFunction = OamFunction::FaultManagement(FaultManagementFunction::Ais);
    /// RDI (fault management).
    pub const RDI: OamFunction = OamFunction::FaultManagement(FaultManagementFunction::Rdi);
    /// Continuity check (fault management).
    pub const CONTINUITY_CHECK: OamFunction =
        OamFunction::FaultManagement(FaultManagementFunction::ContinuityCheck);
    /// Loopback (fault management).
    pub const LOOPBACK: OamFunction =
        OamFunction::FaultManagement(FaultManagementFunction::Loopback);

    /// Build from the OAM type and function type nibbles (values above 15 are truncated).
    pub fn from_nibbles(oam_type: u8, function_type: u8) -> Self {
        let function_type = function_type & 0x0F;
        match OamType::from(oam_type & 0x0F) {
            OamType::FaultManagement => OamFunction::FaultManagement(function_type.into()),
            OamType::PerformanceManagement => {
                OamFunction::PerformanceManagement(function_type.into())
            }
            OamType::Aps => OamFunction::Aps(function_type.into()),
            OamType::ActivationDeactivation => {
                OamFunction::ActivationDeactivation(function_type.into())
            }
            OamType::SystemManagement => OamFunction::SystemManagement(function_type),
            OamType::Unknown(oam_type) => OamFunction::Unknown { oam_type, function_type },
        }
    }

    /// The OAM type.
    pub fn oam_type(self) -> OamType {
        match self {
            OamFunction::FaultManagement(_) => OamType::FaultManagement,
            OamFunction::PerformanceManagement(_) => OamType::PerformanceManagement,
            OamFunction::Aps(_) => OamType::Aps,
            OamFunction::ActivationDeactivation(_) => OamType::ActivationDeactivation,
            OamFunction::SystemManagement(_) => OamType::SystemManagement,
            OamFunction::Unknown { oam_type, .. } => OamType::from(oam_type & 0x0F),
        }
    }

    /// The function type nibble.
    pub fn function_type(self) -> u8 {
        let value = match self {
            OamFunction::FaultManagement(f) => u8::from(f),
            OamFunction::PerformanceManagement(f) => u8::from(f),
            OamFunction::Aps(f) => u8::from(f),
            OamFunction::ActivationDeactivation(f) => u8::from(f),
            OamFunction::SystemManagement(f) => f,
            OamFunction::Unknown { function_type, .. } => function_type,
        };
        value & 0x0F
    }

    /// Whether the function type is defined for the OAM type by I.610 (system management
    /// function types are left to other recommendations and always count as known).
    pub fn is_known(self) -> bool {
        match self {
            OamFunction::FaultManagement(f) => !matches!(f, FaultManagementFunction::Unknown(_)),
            OamFunction::PerformanceManagement(f) => {
                !matches!(f, PerformanceManagementFunction::Unknown(_))
            }
            OamFunction::Aps(f) => !matches!(f, ApsFunction::Unknown(_)),
            OamFunction::ActivationDeactivation(f) => {
                !matches!(f, ActivationDeactivationFunction::Unknown(_))
            }
            OamFunction::SystemManagement(_) => true,
            OamFunction::Unknown { .. } => false,
        }
    }
}

impl From<u8> for OamFunction {
    /// Decode octet 1 of an OAM cell.
    fn from(octet: u8) -> Self {
        OamFunction::from_nibbles(octet >> 4, octet & 0x0F)
    }
}

impl From<OamFunction> for u8 {
    /// Encode octet 1 of an OAM cell.
    fn from(value: OamFunction) -> u8 {
        (u8::from(value.oam_type()) & 0x0F) << 4 | value.function_type()
    }
}

/// A zero-copy view of an OAM cell payload (I.610 §10.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OamCell<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> OamCell<T> {
    /// Wrap a buffer without checking its length; call [`OamCell::check_len`] before trusting
    /// any getter (getters on a short buffer return zeros rather than panicking).
    pub const fn new_unchecked(buffer: T) -> Self {
        OamCell { buffer }
    }

    /// Wrap a buffer after checking that it holds a whole 48-octet payload.
    pub fn new_checked(buffer: T) -> Result<Self, OamError> {
        let cell = OamCell::new_unchecked(buffer);
        cell.check_len()?;
        Ok(cell)
    }

    /// Check that the buffer holds at least 48 octets; octets beyond 48 are ignored.
    pub fn check_len(&self) -> Result<(), OamError> {
        let got = self.buffer.as_ref().len();
        if got < OAM_PAYLOAD_LEN {
            Err(OamError::Truncated { expected: OAM_PAYLOAD_LEN, got })
        } else {
            Ok(())
        }
    }

    /// The wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn octet(&self, index: usize) -> u8 {
        self.buffer.as_ref().get(index).copied().unwrap_or(0)
    }

    fn location(&self, range: core::ops::Range<usize>) -> LocationId {
        self.buffer
            .as_ref()
            .get(range)
            .and_then(|bytes| LocationId::try_from(bytes).ok())
            .unwrap_or_default()
    }

    fn last_two(&self) -> u16 {
        let start = field::RESERVED_CRC.start;
        u16::from_be_bytes([self.octet(start), self.octet(start + 1)])
    }

    /// The 48 payload octets.
    pub fn payload(&self) -> &[u8] {
        let bytes = self.buffer.as_ref();
        bytes.get(..OAM_PAYLOAD_LEN).unwrap_or(bytes)
    }

    /// OAM type (octet 1, bits 8..5).
    pub fn oam_type(&self) -> OamType {
        OamType::from(self.octet(field::TYPE_FUNCTION) >> 4)
    }

    /// Function type nibble (octet 1, bits 4..1).
    pub fn function_type(&self) -> u8 {
        self.octet(field::TYPE_FUNCTION) & 0x0F
    }

    /// OAM type and function type together.
    pub fn function(&self) -> OamFunction {
        OamFunction::from(self.octet(field::TYPE_FUNCTION))
    }

    /// The 45-octet function-specific field.
    pub fn function_specific(&self) -> &[u8] {
        self.buffer.as_ref().get(field::FUNCTION_SPECIFIC).unwrap_or(&[])
    }

    /// The 6 reserved bits in front of the CRC (coded 0).
    pub fn reserved(&self) -> u8 {
        (self.last_two() >> RESERVED_SHIFT) as u8
    }

    /// The CRC-10 field as received.
    pub fn crc(&self) -> u16 {
        self.last_two() & CRC_MASK
    }

    /// Whether the CRC-10 field matches the payload (I.610 §10.1).
    pub fn check_crc(&self) -> bool {
        crc10_check(self.payload())
    }

    /// AIS / RDI: defect type (I.610 §10.2).
    pub fn defect_type(&self) -> u8 {
        self.octet(field::DEFECT_TYPE)
    }

    /// AIS / RDI: defect location (I.610 §10.2).
    pub fn defect_location(&self) -> LocationId {
        self.location(field::DEFECT_LOCATION)
    }

    /// Loopback: the loopback indication bit, 1 in a request, 0 once looped back
    /// (I.610 §10.2).
    pub fn loopback_indication(&self) -> bool {
        self.octet(field::LOOPBACK_INDICATION) & LOOPBACK_INDICATION_BIT != 0
    }

    /// Loopback: the 7 reserved bits in front of the indication bit (coded 0).
    pub fn loopback_reserved(&self) -> u8 {
        self.octet(field::LOOPBACK_INDICATION) >> 1
    }

    /// Loopback: correlation tag (I.610 §10.2).
    pub fn correlation_tag(&self) -> u32 {
        self.buffer
            .as_ref()
            .get(field::CORRELATION_TAG)
            .and_then(|bytes| <[u8; 4]>::try_from(bytes).ok())
            .map_or(0, u32::from_be_bytes)
    }

    /// Loopback: loopback location ID (I.610 §10.2).
    pub fn loopback_location_id(&self) -> LocationId {
        self.location(field::LOOPBACK_LOCATION_ID)
    }

    /// Loopback: source ID (I.610 §10.2).
    pub fn source_id(&self) -> LocationId {
        self.location(field::SOURCE_ID)
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> OamCell<T> {
    fn set_octet(&mut self, index: usize, value: u8) {
        if let Some(octet) = self.buffer.as_mut().get_mut(index) {
            *octet = value;
        }
    }

    fn set_range(&mut self, range: core::ops::Range<usize>, value: &[u8]) {
        if let Some(dst) = self.buffer.as_mut().get_mut(range) {
            if dst.len() == value.len() {
                dst.copy_from_slice(value);
            }
        }
    }

    fn fill_range(&mut self, range: core::ops::Range<usize>, value: u8) {
        if let Some(dst) = self.buffer.as_mut().get_mut(range) {
            dst.fill(value);
        }
    }

    fn set_last_two(&mut self, value: u16) {
        let [high, low] = value.to_be_bytes();
        let start = field::RESERVED_CRC.start;
        self.set_octet(start, high);
        self.set_octet(start + 1, low);
    }

    /// Set octet 1 (OAM type and function type).
    pub fn set_function(&mut self, function: OamFunction) {
        self.set_octet(field::TYPE_FUNCTION, function.into());
    }

    /// Fill the whole function-specific field with `value` (0x6A: "unused").
    pub fn fill_function_specific(&mut self, value: u8) {
        self.fill_range(field::FUNCTION_SPECIFIC, value);
    }

    /// Copy 45 octets into the function-specific field (ignored unless exactly 45 octets).
    pub fn set_function_specific(&mut self, value: &[u8]) {
        self.set_range(field::FUNCTION_SPECIFIC, value);
    }

    /// Set the 6 reserved bits (only the low 6 bits of `value` are used).
    pub fn set_reserved(&mut self, value: u8) {
        let crc = self.last_two() & CRC_MASK;
        self.set_last_two(u16::from(value & 0x3F) << RESERVED_SHIFT | crc);
    }

    /// Set the CRC-10 field (only the low 10 bits of `value` are used).
    pub fn set_crc(&mut self, value: u16) {
        let reserved = self.last_two() & !CRC_MASK;
        self.set_last_two(reserved | (value & CRC_MASK));
    }

    /// Compute the CRC-10 over the payload and store it (I.610 §10.1). Call after every
    /// other setter.
    pub fn fill_crc(&mut self) {
        let crc = crc10(self.payload());
        self.set_crc(crc);
    }

    /// AIS / RDI: set the defect type.
    pub fn set_defect_type(&mut self, value: u8) {
        self.set_octet(field::DEFECT_TYPE, value);
    }

    /// AIS / RDI: set the defect location.
    pub fn set_defect_location(&mut self, value: &LocationId) {
        self.set_range(field::DEFECT_LOCATION, value);
    }

    /// AIS / RDI: code the unused octets 0x6A.
    pub fn fill_defect_unused(&mut self) {
        self.fill_range(field::DEFECT_UNUSED, UNUSED_OCTET);
    }

    /// Loopback: set the indication bit, clearing the 7 reserved bits.
    pub fn set_loopback_indication(&mut self, value: bool) {
        self.set_octet(field::LOOPBACK_INDICATION, u8::from(value));
    }

    /// Loopback: set the correlation tag.
    pub fn set_correlation_tag(&mut self, value: u32) {
        self.set_range(field::CORRELATION_TAG, &value.to_be_bytes());
    }

    /// Loopback: set the loopback location ID.
    pub fn set_loopback_location_id(&mut self, value: &LocationId) {
        self.set_range(field::LOOPBACK_LOCATION_ID, value);
    }

    /// Loopback: set the source ID.
    pub fn set_source_id(&mut self, value: &LocationId) {
        self.set_range(field::SOURCE_ID, value);
    }

    /// Loopback: code the unused octets 0x6A.
    pub fn fill_loopback_unused(&mut self) {
        self.fill_range(field::LOOPBACK_UNUSED, UNUSED_OCTET);
    }
}

/// AIS and RDI function-specific fields (I.610 §10.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DefectRepr {
    /// Defect type; 0x6A when not used.
    pub defect_type: u8,
    /// Defect location; all 0x6A when not used.
    pub defect_location: LocationId,
}

impl DefectRepr {
    /// Neither defect type nor defect location used (both coded 0x6A).
    pub const NOT_USED: DefectRepr =
        DefectRepr { defect_type: UNUSED_OCTET, defect_location: [UNUSED_OCTET; LOCATION_ID_LEN] };
}

impl Default for DefectRepr {
    fn default() -> Self {
        DefectRepr::NOT_USED
    }
}

/// Loopback function-specific fields (I.610 §10.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LoopbackRepr {
    /// Loopback indication: `true` (1) in a request, `false` (0) in the looped-back cell.
    pub indication: bool,
    /// Correlation tag that ties a returned cell to its request.
    pub correlation_tag: u32,
    /// Where the cell is to be looped back; [`END_POINT_LOCATION_ID`] = the end point.
    pub location_id: LocationId,
    /// Who sent the request.
    pub source_id: LocationId,
}

/// A parsed OAM cell payload (I.610 §10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OamRepr {
    /// Fault management: alarm indication signal (I.610 §10.2).
    Ais(DefectRepr),
    /// Fault management: remote defect indication (I.610 §10.2).
    Rdi(DefectRepr),
    /// Fault management: continuity check (I.610 §10.2).
    ContinuityCheck,
    /// Fault management: loopback (I.610 §10.2).
    Loopback(LoopbackRepr),
    /// Performance management, APS, activation/deactivation and system management cells,
    /// carried with their function-specific field uninterpreted.
    Other {
        /// OAM type and function type; never a fault management function.
        function: OamFunction,
        /// The function-specific field as received.
        function_specific: [u8; FUNCTION_SPECIFIC_LEN],
    },
}

impl OamRepr {
    /// Parse and validate an OAM cell: CRC-10, reserved bits, OAM type and function type.
    pub fn parse<T: AsRef<[u8]>>(cell: &OamCell<T>) -> Result<OamRepr, OamError> {
        cell.check_len()?;
        if !cell.check_crc() {
            return Err(OamError::BadCrc { computed: crc10(cell.payload()), received: cell.crc() });
        }
        OamRepr::parse_fields(cell)
    }

    /// Parse without checking the CRC-10 (all other checks apply); for fuzzing and for
    /// hardware that checks the CRC itself.
    pub fn parse_ignoring_crc<T: AsRef<[u8]>>(cell: &OamCell<T>) -> Result<OamRepr, OamError> {
        cell.check_len()?;
        OamRepr::parse_fields(cell)
    }

    fn parse_fields<T: AsRef<[u8]>>(cell: &OamCell<T>) -> Result<OamRepr, OamError> {
        if cell.reserved() != 0 {
            return Err(OamError::ReservedBitsSet {
                field: "reserved bits before the CRC-10",
                value: cell.reserved(),
            });
        }
        let function = cell.function();
        if let OamType::Unknown(oam_type) = cell.oam_type() {
            return Err(OamError::UnknownOamType(oam_type));
        }
        if !function.is_known() {
            return Err(OamError::UnknownFunctionType {
                oam_type: cell.oam_type(),
                function_type: cell.function_type(),
            });
        }
        let defect = || DefectRepr {
            defect_type: cell.defect_type(),
            defect_location: cell.defect_location(),
        };
        match function {
            OamFunction::FaultManagement(FaultManagementFunction::Ais) => {
                Ok(OamRepr::Ais(defect()))
            }
            OamFunction::FaultManagement(FaultManagementFunction::Rdi) => {
                Ok(OamRepr::Rdi(defect()))
            }
            OamFunction::FaultManagement(FaultManagementFunction::ContinuityCheck) => {
                Ok(OamRepr::ContinuityCheck)
            }
            OamFunction::FaultManagement(FaultManagementFunction::Loopback) => {
                if cell.loopback_reserved() != 0 {
                    return Err(OamError::ReservedBitsSet {
                        field: "reserved bits before the loopback indication",
                        value: cell.loopback_reserved(),
                    });
                }
                Ok(OamRepr::Loopback(LoopbackRepr {
                    indication: cell.loopback_indication(),
                    correlation_tag: cell.correlation_tag(),
                    location_id: cell.loopback_location_id(),
                    source_id: cell.source_id(),
                }))
            }
            OamFunction::FaultManagement(FaultManagementFunction::Unknown(function_type)) => {
                Err(OamError::UnknownFunctionType {
                    oam_type: OamType::FaultManagement,
                    function_type,
                })
            }
            OamFunction::PerformanceManagement(_)
            | OamFunction::Aps(_)
            | OamFunction::ActivationDeactivation(_)
            | OamFunction::SystemManagement(_) => {
                let function_specific = <[u8; FUNCTION_SPECIFIC_LEN]>::try_from(
                    cell.function_specific(),
                )
                .map_err(|_| OamError::Truncated {
                    expected: OAM_PAYLOAD_LEN,
                    got: cell.payload().len(),
                })?;
                Ok(OamRepr::Other { function, function_specific })
            }
            OamFunction::Unknown { oam_type, .. } => Err(OamError::UnknownOamType(oam_type)),
        }
    }

    /// Parse a payload given as a byte slice.
    pub fn parse_bytes(payload: &[u8]) -> Result<OamRepr, OamError> {
        OamRepr::parse(&OamCell::new_unchecked(payload))
    }

    /// The OAM type and function type this cell carries.
    pub fn function(&self) -> OamFunction {
        match self {
            OamRepr::Ais(_) => OamFunction::AIS,
            OamRepr::Rdi(_) => OamFunction::RDI,
            OamRepr::ContinuityCheck => OamFunction::CONTINUITY_CHECK,
            OamRepr::Loopback(_) => OamFunction::LOOPBACK,
            OamRepr::Other { function, .. } => *function,
        }
    }

    /// Octets [`OamRepr::emit`] writes: always 48.
    pub const fn buffer_len(&self) -> usize {
        OAM_PAYLOAD_LEN
    }

    /// Write the 48-octet payload with unused octets 0x6A, reserved bits 0 and the CRC-10
    /// filled in. Never panics; fails only if `buffer` is shorter than 48 octets.
    pub fn emit(&self, buffer: &mut [u8]) -> Result<(), OamError> {
        let got = buffer.len();
        let payload = buffer
            .get_mut(..OAM_PAYLOAD_LEN)
            .ok_or(OamError::BufferTooSmall { needed: OAM_PAYLOAD_LEN, got })?;
        let mut cell = OamCell::new_unchecked(payload);
        cell.set_function(self.function());
        cell.fill_function_specific(UNUSED_OCTET);
        match self {
            OamRepr::Ais(defect) | OamRepr::Rdi(defect) => {
                cell.set_defect_type(defect.defect_type);
                cell.set_defect_location(&defect.defect_location);
                cell.fill_defect_unused();
            }
            OamRepr::ContinuityCheck => {}
            OamRepr::Loopback(loopback) => {
                cell.set_loopback_indication(loopback.indication);
                cell.set_correlation_tag(loopback.correlation_tag);
                cell.set_loopback_location_id(&loopback.location_id);
                cell.set_source_id(&loopback.source_id);
                cell.fill_loopback_unused();
            }
            OamRepr::Other { function_specific, .. } => {
                cell.set_function_specific(function_specific)
            }
        }
        cell.set_last_two(0);
        cell.fill_crc();
        Ok(())
    }

    /// The emitted 48-octet payload.
    pub fn to_payload(&self) -> [u8; OAM_PAYLOAD_LEN] {
        let mut payload = [0u8; OAM_PAYLOAD_LEN];
        // Cannot fail: the buffer is exactly buffer_len() octets.
        let _ = self.emit(&mut payload);
        payload
    }
}

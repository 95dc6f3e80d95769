//! atm.h structures (x64): addresses, connection identifiers, flow and media parameters,
//! BLLI/BHLI, SAPs and the PVC OID bodies (condis-reference.md §5, §6).

use alloc::vec::Vec;

use super::{code_points, emit_at, AbiError, AbiStruct, Reader, Writer};

/// `ATM_MEDIA_SPECIFIC`: CO_SPECIFIC_PARAMETERS.ParamType of ATM_MEDIA_PARAMETERS.
pub const ATM_MEDIA_SPECIFIC: u32 = 1;
/// `CALLMGR_SPECIFIC_Q2931`: CO_SPECIFIC_PARAMETERS.ParamType of Q2931_CALLMGR_PARAMETERS.
pub const CALLMGR_SPECIFIC_Q2931: u32 = 1;
/// `SAP_TYPE_NSAP`: CO_SAP.SapType of an ATM_SAP with NSAP addresses.
pub const SAP_TYPE_NSAP: u32 = 1;
/// `SAP_TYPE_E164`: CO_SAP.SapType of an ATM_SAP with E.164 addresses.
pub const SAP_TYPE_E164: u32 = 2;
/// `SAP_FIELD_ABSENT`: a BLLI/BHLI field of a SAP that must be absent in a matching call.
pub const SAP_FIELD_ABSENT: u32 = 0xFFFF_FFFE;
/// `SAP_FIELD_ANY`: a BLLI/BHLI field of a SAP that matches any value.
pub const SAP_FIELD_ANY: u32 = 0xFFFF_FFFF;
/// `SAP_FIELD_ANY_AESA_SEL`: an address of a SAP that matches any AESA selector byte.
pub const SAP_FIELD_ANY_AESA_SEL: u32 = 0xFFFF_FFFA;
/// `SAP_FIELD_ANY_AESA_REST`: an address of a SAP that matches any AESA except the selector.
pub const SAP_FIELD_ANY_AESA_REST: u32 = 0xFFFF_FFFB;

/// `AAL5_MODE_MESSAGE` (AAL5_PARAMETERS.Mode).
pub const AAL5_MODE_MESSAGE: u8 = 1;
/// `AAL5_MODE_STREAMING` (AAL5_PARAMETERS.Mode).
pub const AAL5_MODE_STREAMING: u8 = 2;
/// `AAL5_SSCS_NULL` (AAL5_PARAMETERS.SSCSType).
pub const AAL5_SSCS_NULL: u8 = 0;
/// `AAL5_SSCS_SSCOP_ASSURED`.
pub const AAL5_SSCS_SSCOP_ASSURED: u8 = 1;
/// `AAL5_SSCS_SSCOP_NON_ASSURED`.
pub const AAL5_SSCS_SSCOP_NON_ASSURED: u8 = 2;
/// `AAL5_SSCS_FRAME_RELAY`.
pub const AAL5_SSCS_FRAME_RELAY: u8 = 4;

/// `CO_FLAG_SIGNALING_VC` (Q2931_ADD_PVC.Flags): the PVC carries signaling.
pub const CO_FLAG_SIGNALING_VC: u32 = 0x1;
/// `CO_FLAG_NO_DEST_SAP` (Q2931_ADD_PVC.Flags): DestinationSap is not given.
pub const CO_FLAG_NO_DEST_SAP: u32 = 0x2;
/// `CO_FLAG_NO_LOCAL_SAP` (Q2931_ADD_PVC.Flags): LocalSap is not given.
pub const CO_FLAG_NO_LOCAL_SAP: u32 = 0x4;
/// All PVC flags defined by atm.h.
pub const CO_FLAG_ALL: u32 = CO_FLAG_SIGNALING_VC | CO_FLAG_NO_DEST_SAP | CO_FLAG_NO_LOCAL_SAP;

/// `ATM_ADDRESS_LENGTH`: bytes of ATM_ADDRESS.Address.
pub const ATM_ADDRESS_LENGTH: usize = 20;
/// Longest E.164 number (E.164 §6: at most 15 digits).
pub const E164_MAX_DIGITS: usize = 15;
/// `ATM_MAC_ADDRESS_LENGTH`: the ESI / OID_ATM_HW_CURRENT_ADDRESS length.
pub const ATM_MAC_ADDRESS_LENGTH: usize = 6;

code_points! {
    /// `ATM_ADDRESSTYPE` (atm.h).
    pub enum AtmAddressType: u32 {
        /// `ATM_NSAP`: a 20-byte ATM End System Address (AESA, NSAP format), binary.
        Nsap = 0,
        /// `ATM_E164`: a native E.164 number, one ASCII digit per byte.
        E164 = 1,
    }
}

code_points! {
    /// `ATM_AAL_TYPE` (atm.h). The values are bits so OID_ATM_SUPPORTED_AAL_TYPES can OR them.
    pub enum AalType: u32 {
        /// `AAL_TYPE_AAL0`: raw cells (also the user-defined AAL of AAL_PARAMETERS_IE).
        Aal0 = 1,
        /// `AAL_TYPE_AAL1`.
        Aal1 = 2,
        /// `AAL_TYPE_AAL34`.
        Aal34 = 4,
        /// `AAL_TYPE_AAL5`.
        Aal5 = 8,
    }
}

code_points! {
    /// `ATM_SERVICE_CATEGORY` (atm.h). Bits, so OID_ATM_SUPPORTED_SERVICE_CATEGORY can OR them.
    pub enum ServiceCategory: u32 {
        /// `ATM_SERVICE_CATEGORY_CBR`.
        Cbr = 1,
        /// `ATM_SERVICE_CATEGORY_VBR`.
        Vbr = 2,
        /// `ATM_SERVICE_CATEGORY_UBR`.
        Ubr = 4,
        /// `ATM_SERVICE_CATEGORY_ABR`.
        Abr = 8,
    }
}

// ---------------------------------------------------------------------------------------------
// ATM_ADDRESS

/// ATM_ADDRESS layout.
pub mod address_field {
    use core::ops::Range;
    /// AddressType (ULONG).
    pub const ADDRESS_TYPE: usize = 0;
    /// NumberOfDigits (ULONG).
    pub const NUMBER_OF_DIGITS: usize = 4;
    /// Address (`UCHAR[20]`).
    pub const ADDRESS: Range<usize> = 8..28;
    /// sizeof(ATM_ADDRESS).
    pub const SIZE: usize = 28;
}
const _: () = assert!(address_field::SIZE == 28);
const _: () = assert!(address_field::ADDRESS.end == address_field::SIZE);

/// `ATM_ADDRESS`: the called/calling party numbers and SAP addresses.
///
/// `NumberOfDigits` counts the meaningful bytes of `Address`: 20 for an NSAP-format AESA
/// (binary, ITU-T X.213 / ATM Forum UNI 3.1 §5.1.3), the number of ASCII digits for E.164
/// (at most 15), and 0 for an absent address (e.g. an unspecified calling party). The
/// bytes after `NumberOfDigits` are kept as they are so that a parse/emit round trip is
/// byte-exact; [`AtmAddress::digits`] returns only the meaningful ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AtmAddress {
    /// AddressType.
    pub address_type: AtmAddressType,
    /// NumberOfDigits; at most [`ATM_ADDRESS_LENGTH`] after a successful parse.
    pub number_of_digits: u32,
    /// Address.
    pub address: [u8; ATM_ADDRESS_LENGTH],
}

impl AtmAddress {
    /// An absent address (NSAP type, no digits).
    pub const EMPTY: AtmAddress =
        AtmAddress { address_type: AtmAddressType::Nsap, number_of_digits: 0, address: [0; 20] };

    /// A 20-byte NSAP-format AESA.
    #[must_use]
    pub const fn nsap(aesa: [u8; ATM_ADDRESS_LENGTH]) -> Self {
        AtmAddress { address_type: AtmAddressType::Nsap, number_of_digits: 20, address: aesa }
    }

    /// A native E.164 number from ASCII digits (at most 15, each `'0'..='9'`).
    pub fn e164(digits: &[u8]) -> Result<Self, AbiError> {
        let mut address = [0u8; ATM_ADDRESS_LENGTH];
        address
            .get_mut(..digits.len())
            .ok_or(e164_len_error(digits.len()))?
            .copy_from_slice(digits);
        let out = AtmAddress {
            address_type: AtmAddressType::E164,
            number_of_digits: u32::try_from(digits.len()).unwrap_or(u32::MAX),
            address,
        };
        out.validate()?;
        Ok(out)
    }

    /// The meaningful bytes: `Address[..NumberOfDigits]`.
    #[must_use]
    pub fn digits(&self) -> &[u8] {
        let n = usize::try_from(self.number_of_digits).unwrap_or(usize::MAX);
        self.address.get(..n).unwrap_or(&self.address)
    }

    /// No digits: the address is absent.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.number_of_digits == 0
    }

    /// Checks the digit count against the address type: NSAP 0 or 20, E.164 at most 15
    /// ASCII digits, unknown types only when empty.
    pub fn validate(&self) -> Result<(), AbiError> {
        let invalid = |field| AbiError::InvalidField {
            structure: "ATM_ADDRESS",
            field,
            value: u64::from(self.number_of_digits),
        };
        match self.address_type {
            AtmAddressType::Nsap => {
                if self.number_of_digits != 0 && self.number_of_digits != 20 {
                    return Err(invalid("NumberOfDigits"));
                }
            }
            AtmAddressType::E164 => {
                if usize::try_from(self.number_of_digits).unwrap_or(usize::MAX) > E164_MAX_DIGITS {
                    return Err(invalid("NumberOfDigits"));
                }
                if let Some(bad) = self.digits().iter().find(|d| !d.is_ascii_digit()) {
                    return Err(AbiError::InvalidField {
                        structure: "ATM_ADDRESS",
                        field: "Address",
                        value: u64::from(*bad),
                    });
                }
            }
            AtmAddressType::Unknown(t) => {
                if !self.is_empty() {
                    return Err(AbiError::InvalidField {
                        structure: "ATM_ADDRESS",
                        field: "AddressType",
                        value: u64::from(t),
                    });
                }
            }
        }
        Ok(())
    }
}

fn e164_len_error(len: usize) -> AbiError {
    AbiError::InvalidField {
        structure: "ATM_ADDRESS",
        field: "NumberOfDigits",
        value: u64::try_from(len).unwrap_or(u64::MAX),
    }
}

impl AbiStruct for AtmAddress {
    const NAME: &'static str = "ATM_ADDRESS";

    /// Rejects `NumberOfDigits > 20` (a length that would overrun `Address`); the finer
    /// per-type rules are in [`AtmAddress::validate`].
    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, address_field::SIZE)?;
        let number_of_digits = r.u32(address_field::NUMBER_OF_DIGITS)?;
        if usize::try_from(number_of_digits).unwrap_or(usize::MAX) > ATM_ADDRESS_LENGTH {
            return Err(AbiError::LengthOverrun {
                structure: Self::NAME,
                field: "NumberOfDigits",
                declared: u64::from(number_of_digits),
                available: ATM_ADDRESS_LENGTH,
            });
        }
        Ok(AtmAddress {
            address_type: r.u32(address_field::ADDRESS_TYPE)?.into(),
            number_of_digits,
            address: r.array(address_field::ADDRESS.start)?,
        })
    }

    fn buffer_len(&self) -> usize {
        address_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let mut w = Writer::new(buf, address_field::SIZE)?;
        w.u32(address_field::ADDRESS_TYPE, self.address_type.into())?;
        w.u32(address_field::NUMBER_OF_DIGITS, self.number_of_digits)?;
        w.bytes(address_field::ADDRESS.start, &self.address)?;
        Ok(address_field::SIZE)
    }
}

// ---------------------------------------------------------------------------------------------
// ATM_VPIVCI

/// ATM_VPIVCI layout.
pub mod vpivci_field {
    /// Vpi (ULONG).
    pub const VPI: usize = 0;
    /// Vci (ULONG).
    pub const VCI: usize = 4;
    /// sizeof(ATM_VPIVCI).
    pub const SIZE: usize = 8;
}

/// `ATM_VPIVCI`: a connection identifier. Also the body of Q2931_DELETE_PVC and of
/// OID_ATM_SIGNALING_VPIVCI / OID_ATM_ILMI_VPIVCI. Range checks against the NIC's VPI/VCI
/// bits are in [`super::validate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AtmVpiVci {
    /// Vpi.
    pub vpi: u32,
    /// Vci.
    pub vci: u32,
}

impl AbiStruct for AtmVpiVci {
    const NAME: &'static str = "ATM_VPIVCI";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, vpivci_field::SIZE)?;
        Ok(AtmVpiVci { vpi: r.u32(vpivci_field::VPI)?, vci: r.u32(vpivci_field::VCI)? })
    }

    fn buffer_len(&self) -> usize {
        vpivci_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let mut w = Writer::new(buf, vpivci_field::SIZE)?;
        w.u32(vpivci_field::VPI, self.vpi)?;
        w.u32(vpivci_field::VCI, self.vci)?;
        Ok(vpivci_field::SIZE)
    }
}

/// `Q2931_DELETE_PVC`: the PvcParameters of OID_CO_DELETE_PVC, `{ATM_VPIVCI ConnectionId}`.
pub type Q2931DeletePvc = AtmVpiVci;

// ---------------------------------------------------------------------------------------------
// ATM_FLOW_PARAMETERS

/// ATM_FLOW_PARAMETERS layout.
pub mod flow_field {
    /// ServiceCategory (ULONG).
    pub const SERVICE_CATEGORY: usize = 0;
    /// AverageCellRate (ULONG, cells/s; the SCR of VBR).
    pub const AVERAGE_CELL_RATE: usize = 4;
    /// PeakCellRate (ULONG, cells/s).
    pub const PEAK_CELL_RATE: usize = 8;
    /// MinimumCellRate (ULONG, cells/s; the MCR of ABR).
    pub const MINIMUM_CELL_RATE: usize = 12;
    /// InitialCellRate (ULONG, ABR ICR).
    pub const INITIAL_CELL_RATE: usize = 16;
    /// BurstLengthCells (ULONG, the MBS of VBR).
    pub const BURST_LENGTH_CELLS: usize = 20;
    /// MaxSduSize (ULONG, bytes).
    pub const MAX_SDU_SIZE: usize = 24;
    /// TransientBufferExposure (ULONG, ABR TBE).
    pub const TRANSIENT_BUFFER_EXPOSURE: usize = 28;
    /// CumulativeRMFixedRTT (ULONG, ABR FRTT).
    pub const CUMULATIVE_RM_FIXED_RTT: usize = 32;
    /// RateIncreaseFactor (UCHAR, ABR RIF).
    pub const RATE_INCREASE_FACTOR: usize = 36;
    /// RateDecreaseFactor (UCHAR, ABR RDF).
    pub const RATE_DECREASE_FACTOR: usize = 37;
    /// ACRDecreaseTimeFactor (USHORT, ABR ADTF).
    pub const ACR_DECREASE_TIME_FACTOR: usize = 38;
    /// MaximumCellsPerForwardRMCell (UCHAR, ABR Nrm).
    pub const MAXIMUM_CELLS_PER_FORWARD_RM_CELL: usize = 40;
    /// MaximumForwardRMCellInterval (UCHAR, ABR Trm).
    pub const MAXIMUM_FORWARD_RM_CELL_INTERVAL: usize = 41;
    /// CutoffDecreaseFactor (UCHAR, ABR CDF).
    pub const CUTOFF_DECREASE_FACTOR: usize = 42;
    /// Reserved1 (UCHAR).
    pub const RESERVED1: usize = 43;
    /// MissingRMCellCount (ULONG, ABR CRM).
    pub const MISSING_RM_CELL_COUNT: usize = 44;
    /// Reserved2 (ULONG).
    pub const RESERVED2: usize = 48;
    /// Reserved3 (ULONG).
    pub const RESERVED3: usize = 52;
    /// sizeof(ATM_FLOW_PARAMETERS).
    pub const SIZE: usize = 56;
}
const _: () = assert!(flow_field::SIZE == 56);
const _: () = assert!(flow_field::RESERVED3 + 4 == flow_field::SIZE);

/// `ATM_FLOW_PARAMETERS`: the traffic parameters of one direction (ATM Forum TM 4.0 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AtmFlowParameters {
    /// ServiceCategory.
    pub service_category: ServiceCategory,
    /// AverageCellRate (SCR), cells/s.
    pub average_cell_rate: u32,
    /// PeakCellRate (PCR), cells/s.
    pub peak_cell_rate: u32,
    /// MinimumCellRate (MCR), cells/s.
    pub minimum_cell_rate: u32,
    /// InitialCellRate (ICR), cells/s.
    pub initial_cell_rate: u32,
    /// BurstLengthCells (MBS), cells.
    pub burst_length_cells: u32,
    /// MaxSduSize, bytes.
    pub max_sdu_size: u32,
    /// TransientBufferExposure (TBE), cells.
    pub transient_buffer_exposure: u32,
    /// CumulativeRMFixedRTT (FRTT), microseconds.
    pub cumulative_rm_fixed_rtt: u32,
    /// RateIncreaseFactor (RIF).
    pub rate_increase_factor: u8,
    /// RateDecreaseFactor (RDF).
    pub rate_decrease_factor: u8,
    /// ACRDecreaseTimeFactor (ADTF).
    pub acr_decrease_time_factor: u16,
    /// MaximumCellsPerForwardRMCell (Nrm).
    pub maximum_cells_per_forward_rm_cell: u8,
    /// MaximumForwardRMCellInterval (Trm).
    pub maximum_forward_rm_cell_interval: u8,
    /// CutoffDecreaseFactor (CDF).
    pub cutoff_decrease_factor: u8,
    /// Reserved1 (kept for a byte-exact round trip).
    pub reserved1: u8,
    /// MissingRMCellCount (CRM).
    pub missing_rm_cell_count: u32,
    /// Reserved2.
    pub reserved2: u32,
    /// Reserved3.
    pub reserved3: u32,
}

impl AtmFlowParameters {
    /// A flow of `category` with peak rate `pcr` and max SDU `max_sdu`, all else zero.
    #[must_use]
    pub const fn new(category: ServiceCategory, pcr: u32, max_sdu: u32) -> Self {
        AtmFlowParameters {
            service_category: category,
            average_cell_rate: 0,
            peak_cell_rate: pcr,
            minimum_cell_rate: 0,
            initial_cell_rate: 0,
            burst_length_cells: 0,
            max_sdu_size: max_sdu,
            transient_buffer_exposure: 0,
            cumulative_rm_fixed_rtt: 0,
            rate_increase_factor: 0,
            rate_decrease_factor: 0,
            acr_decrease_time_factor: 0,
            maximum_cells_per_forward_rm_cell: 0,
            maximum_forward_rm_cell_interval: 0,
            cutoff_decrease_factor: 0,
            reserved1: 0,
            missing_rm_cell_count: 0,
            reserved2: 0,
            reserved3: 0,
        }
    }
}

impl AbiStruct for AtmFlowParameters {
    const NAME: &'static str = "ATM_FLOW_PARAMETERS";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use flow_field as f;
        let r = Reader::new(buf, Self::NAME, f::SIZE)?;
        Ok(AtmFlowParameters {
            service_category: r.u32(f::SERVICE_CATEGORY)?.into(),
            average_cell_rate: r.u32(f::AVERAGE_CELL_RATE)?,
            peak_cell_rate: r.u32(f::PEAK_CELL_RATE)?,
            minimum_cell_rate: r.u32(f::MINIMUM_CELL_RATE)?,
            initial_cell_rate: r.u32(f::INITIAL_CELL_RATE)?,
            burst_length_cells: r.u32(f::BURST_LENGTH_CELLS)?,
            max_sdu_size: r.u32(f::MAX_SDU_SIZE)?,
            transient_buffer_exposure: r.u32(f::TRANSIENT_BUFFER_EXPOSURE)?,
            cumulative_rm_fixed_rtt: r.u32(f::CUMULATIVE_RM_FIXED_RTT)?,
            rate_increase_factor: r.u8(f::RATE_INCREASE_FACTOR)?,
            rate_decrease_factor: r.u8(f::RATE_DECREASE_FACTOR)?,
            acr_decrease_time_factor: r.u16(f::ACR_DECREASE_TIME_FACTOR)?,
            maximum_cells_per_forward_rm_cell: r.u8(f::MAXIMUM_CELLS_PER_FORWARD_RM_CELL)?,
            maximum_forward_rm_cell_interval: r.u8(f::MAXIMUM_FORWARD_RM_CELL_INTERVAL)?,
            cutoff_decrease_factor: r.u8(f::CUTOFF_DECREASE_FACTOR)?,
            reserved1: r.u8(f::RESERVED1)?,
            missing_rm_cell_count: r.u32(f::MISSING_RM_CELL_COUNT)?,
            reserved2: r.u32(f::RESERVED2)?,
            reserved3: r.u32(f::RESERVED3)?,
        })
    }

    fn buffer_len(&self) -> usize {
        flow_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use flow_field as f;
        let mut w = Writer::new(buf, f::SIZE)?;
        w.u32(f::SERVICE_CATEGORY, self.service_category.into())?;
        w.u32(f::AVERAGE_CELL_RATE, self.average_cell_rate)?;
        w.u32(f::PEAK_CELL_RATE, self.peak_cell_rate)?;
        w.u32(f::MINIMUM_CELL_RATE, self.minimum_cell_rate)?;
        w.u32(f::INITIAL_CELL_RATE, self.initial_cell_rate)?;
        w.u32(f::BURST_LENGTH_CELLS, self.burst_length_cells)?;
        w.u32(f::MAX_SDU_SIZE, self.max_sdu_size)?;
        w.u32(f::TRANSIENT_BUFFER_EXPOSURE, self.transient_buffer_exposure)?;
        w.u32(f::CUMULATIVE_RM_FIXED_RTT, self.cumulative_rm_fixed_rtt)?;
        w.u8(f::RATE_INCREASE_FACTOR, self.rate_increase_factor)?;
        w.u8(f::RATE_DECREASE_FACTOR, self.rate_decrease_factor)?;
        w.u16(f::ACR_DECREASE_TIME_FACTOR, self.acr_decrease_time_factor)?;
        w.u8(f::MAXIMUM_CELLS_PER_FORWARD_RM_CELL, self.maximum_cells_per_forward_rm_cell)?;
        w.u8(f::MAXIMUM_FORWARD_RM_CELL_INTERVAL, self.maximum_forward_rm_cell_interval)?;
        w.u8(f::CUTOFF_DECREASE_FACTOR, self.cutoff_decrease_factor)?;
        w.u8(f::RESERVED1, self.reserved1)?;
        w.u32(f::MISSING_RM_CELL_COUNT, self.missing_rm_cell_count)?;
        w.u32(f::RESERVED2, self.reserved2)?;
        w.u32(f::RESERVED3, self.reserved3)?;
        Ok(f::SIZE)
    }
}

// ---------------------------------------------------------------------------------------------
// ATM_MEDIA_PARAMETERS

/// ATM_MEDIA_PARAMETERS layout.
pub mod media_field {
    use core::ops::Range;
    /// ConnectionId (ATM_VPIVCI).
    pub const CONNECTION_ID: Range<usize> = 0..8;
    /// AALType (ULONG).
    pub const AAL_TYPE: usize = 8;
    /// CellDelayVariationCLP0 (ULONG).
    pub const CELL_DELAY_VARIATION_CLP0: usize = 12;
    /// CellDelayVariationCLP1 (ULONG).
    pub const CELL_DELAY_VARIATION_CLP1: usize = 16;
    /// CellLossRatioCLP0 (ULONG).
    pub const CELL_LOSS_RATIO_CLP0: usize = 20;
    /// CellLossRatioCLP1 (ULONG).
    pub const CELL_LOSS_RATIO_CLP1: usize = 24;
    /// CellTransferDelayCLP0 (ULONG).
    pub const CELL_TRANSFER_DELAY_CLP0: usize = 28;
    /// CellTransferDelayCLP1 (ULONG).
    pub const CELL_TRANSFER_DELAY_CLP1: usize = 32;
    /// DefaultCLP (ULONG).
    pub const DEFAULT_CLP: usize = 36;
    /// Transmit (ATM_FLOW_PARAMETERS).
    pub const TRANSMIT: Range<usize> = 40..96;
    /// Receive (ATM_FLOW_PARAMETERS).
    pub const RECEIVE: Range<usize> = 96..152;
    /// sizeof(ATM_MEDIA_PARAMETERS).
    pub const SIZE: usize = 152;
}
const _: () = assert!(media_field::SIZE == 152);
const _: () = assert!(media_field::TRANSMIT.start == 40);
const _: () = assert!(media_field::RECEIVE.start == 96);
const _: () = assert!(media_field::TRANSMIT.end - media_field::TRANSMIT.start == flow_field::SIZE);
const _: () = assert!(media_field::RECEIVE.end == media_field::SIZE);
const _: () = assert!(media_field::TRANSMIT.start == vpivci_field::SIZE + 8 * 4);

/// `ATM_MEDIA_PARAMETERS`: CO_MEDIA_PARAMETERS.MediaSpecific.Parameters for ATM
/// (ParamType [`ATM_MEDIA_SPECIFIC`]). Checked against the NIC by
/// [`super::validate::validate_media`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AtmMediaParameters {
    /// ConnectionId.
    pub connection_id: AtmVpiVci,
    /// AALType.
    pub aal_type: AalType,
    /// CellDelayVariationCLP0.
    pub cell_delay_variation_clp0: u32,
    /// CellDelayVariationCLP1.
    pub cell_delay_variation_clp1: u32,
    /// CellLossRatioCLP0.
    pub cell_loss_ratio_clp0: u32,
    /// CellLossRatioCLP1.
    pub cell_loss_ratio_clp1: u32,
    /// CellTransferDelayCLP0.
    pub cell_transfer_delay_clp0: u32,
    /// CellTransferDelayCLP1.
    pub cell_transfer_delay_clp1: u32,
    /// DefaultCLP.
    pub default_clp: u32,
    /// Transmit.
    pub transmit: AtmFlowParameters,
    /// Receive.
    pub receive: AtmFlowParameters,
}

impl AtmMediaParameters {
    /// Parameters for a VC with no cell delay variation, loss ratio or transfer delay
    /// objectives (all 0: "unspecified" in atm.h) and CLP 0 by default — what PVCs and most
    /// clients ask for.
    pub const fn new(
        connection_id: AtmVpiVci,
        aal_type: AalType,
        transmit: AtmFlowParameters,
        receive: AtmFlowParameters,
    ) -> Self {
        AtmMediaParameters {
            connection_id,
            aal_type,
            cell_delay_variation_clp0: 0,
            cell_delay_variation_clp1: 0,
            cell_loss_ratio_clp0: 0,
            cell_loss_ratio_clp1: 0,
            cell_transfer_delay_clp0: 0,
            cell_transfer_delay_clp1: 0,
            default_clp: 0,
            transmit,
            receive,
        }
    }
}

impl AbiStruct for AtmMediaParameters {
    const NAME: &'static str = "ATM_MEDIA_PARAMETERS";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use media_field as f;
        let r = Reader::new(buf, Self::NAME, f::SIZE)?;
        Ok(AtmMediaParameters {
            connection_id: AtmVpiVci::parse(r.rest(f::CONNECTION_ID.start)?)?,
            aal_type: r.u32(f::AAL_TYPE)?.into(),
            cell_delay_variation_clp0: r.u32(f::CELL_DELAY_VARIATION_CLP0)?,
            cell_delay_variation_clp1: r.u32(f::CELL_DELAY_VARIATION_CLP1)?,
            cell_loss_ratio_clp0: r.u32(f::CELL_LOSS_RATIO_CLP0)?,
            cell_loss_ratio_clp1: r.u32(f::CELL_LOSS_RATIO_CLP1)?,
            cell_transfer_delay_clp0: r.u32(f::CELL_TRANSFER_DELAY_CLP0)?,
            cell_transfer_delay_clp1: r.u32(f::CELL_TRANSFER_DELAY_CLP1)?,
            default_clp: r.u32(f::DEFAULT_CLP)?,
            transmit: AtmFlowParameters::parse(r.rest(f::TRANSMIT.start)?)?,
            receive: AtmFlowParameters::parse(r.rest(f::RECEIVE.start)?)?,
        })
    }

    fn buffer_len(&self) -> usize {
        media_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use media_field as f;
        let mut w = Writer::new(buf, f::SIZE)?;
        emit_at(&mut w, f::CONNECTION_ID.start, &self.connection_id)?;
        w.u32(f::AAL_TYPE, self.aal_type.into())?;
        w.u32(f::CELL_DELAY_VARIATION_CLP0, self.cell_delay_variation_clp0)?;
        w.u32(f::CELL_DELAY_VARIATION_CLP1, self.cell_delay_variation_clp1)?;
        w.u32(f::CELL_LOSS_RATIO_CLP0, self.cell_loss_ratio_clp0)?;
        w.u32(f::CELL_LOSS_RATIO_CLP1, self.cell_loss_ratio_clp1)?;
        w.u32(f::CELL_TRANSFER_DELAY_CLP0, self.cell_transfer_delay_clp0)?;
        w.u32(f::CELL_TRANSFER_DELAY_CLP1, self.cell_transfer_delay_clp1)?;
        w.u32(f::DEFAULT_CLP, self.default_clp)?;
        emit_at(&mut w, f::TRANSMIT.start, &self.transmit)?;
        emit_at(&mut w, f::RECEIVE.start, &self.receive)?;
        Ok(f::SIZE)
    }
}

// ---------------------------------------------------------------------------------------------
// ATM_BLLI_IE, ATM_BHLI_IE

/// ATM_BLLI_IE layout.
pub mod blli_field {
    use core::ops::Range;
    /// Layer2Protocol (ULONG).
    pub const LAYER2_PROTOCOL: usize = 0;
    /// Layer2Mode (UCHAR).
    pub const LAYER2_MODE: usize = 4;
    /// Layer2WindowSize (UCHAR).
    pub const LAYER2_WINDOW_SIZE: usize = 5;
    /// Layer2UserSpecifiedProtocol (ULONG).
    pub const LAYER2_USER_SPECIFIED_PROTOCOL: usize = 8;
    /// Layer3Protocol (ULONG).
    pub const LAYER3_PROTOCOL: usize = 12;
    /// Layer3Mode (UCHAR).
    pub const LAYER3_MODE: usize = 16;
    /// Layer3DefaultPacketSize (UCHAR).
    pub const LAYER3_DEFAULT_PACKET_SIZE: usize = 17;
    /// Layer3PacketWindowSize (UCHAR).
    pub const LAYER3_PACKET_WINDOW_SIZE: usize = 18;
    /// Layer3UserSpecifiedProtocol (ULONG).
    pub const LAYER3_USER_SPECIFIED_PROTOCOL: usize = 20;
    /// Layer3IPI (ULONG).
    pub const LAYER3_IPI: usize = 24;
    /// SnapId (`UCHAR[5]`).
    pub const SNAP_ID: Range<usize> = 28..33;
    /// sizeof(ATM_BLLI_IE) (3 bytes of tail padding).
    pub const SIZE: usize = 36;
}
const _: () = assert!(blli_field::SIZE == 36);
// SnapId ends at 33; the ULONG members make the structure 4-aligned.
const _: () = assert!(blli_field::SNAP_ID.end.next_multiple_of(4) == blli_field::SIZE);

/// `BLLI_L2_LLC` (ATM_BLLI_IE.Layer2Protocol): ISO 8802/2 LLC, as used by RFC 2684 / ATMARP.
pub const BLLI_L2_LLC: u32 = 0x0C;
/// `BLLI_L3_IPI_SNAP` (ATM_BLLI_IE.Layer3IPI).
pub const BLLI_L3_IPI_SNAP: u32 = 0x80;
/// `BLLI_L3_IPI_IP` (ATM_BLLI_IE.Layer3IPI).
pub const BLLI_L3_IPI_IP: u32 = 0xCC;

/// `ATM_BLLI_IE`: broadband low-layer information (Q.2931 §4.5.9). In a SAP, ULONG fields may
/// be [`SAP_FIELD_ABSENT`] or [`SAP_FIELD_ANY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AtmBlli {
    /// Layer2Protocol.
    pub layer2_protocol: u32,
    /// Layer2Mode.
    pub layer2_mode: u8,
    /// Layer2WindowSize.
    pub layer2_window_size: u8,
    /// Layer2UserSpecifiedProtocol.
    pub layer2_user_specified_protocol: u32,
    /// Layer3Protocol.
    pub layer3_protocol: u32,
    /// Layer3Mode.
    pub layer3_mode: u8,
    /// Layer3DefaultPacketSize.
    pub layer3_default_packet_size: u8,
    /// Layer3PacketWindowSize.
    pub layer3_packet_window_size: u8,
    /// Layer3UserSpecifiedProtocol.
    pub layer3_user_specified_protocol: u32,
    /// Layer3IPI.
    pub layer3_ipi: u32,
    /// SnapId.
    pub snap_id: [u8; 5],
}

impl AtmBlli {
    /// A BLLI whose every ULONG field is [`SAP_FIELD_ABSENT`].
    pub const ABSENT: AtmBlli = AtmBlli {
        layer2_protocol: SAP_FIELD_ABSENT,
        layer2_mode: 0,
        layer2_window_size: 0,
        layer2_user_specified_protocol: 0,
        layer3_protocol: SAP_FIELD_ABSENT,
        layer3_mode: 0,
        layer3_default_packet_size: 0,
        layer3_packet_window_size: 0,
        layer3_user_specified_protocol: 0,
        layer3_ipi: 0,
        snap_id: [0; 5],
    };
}

impl AbiStruct for AtmBlli {
    const NAME: &'static str = "ATM_BLLI_IE";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use blli_field as f;
        let r = Reader::new(buf, Self::NAME, f::SIZE)?;
        Ok(AtmBlli {
            layer2_protocol: r.u32(f::LAYER2_PROTOCOL)?,
            layer2_mode: r.u8(f::LAYER2_MODE)?,
            layer2_window_size: r.u8(f::LAYER2_WINDOW_SIZE)?,
            layer2_user_specified_protocol: r.u32(f::LAYER2_USER_SPECIFIED_PROTOCOL)?,
            layer3_protocol: r.u32(f::LAYER3_PROTOCOL)?,
            layer3_mode: r.u8(f::LAYER3_MODE)?,
            layer3_default_packet_size: r.u8(f::LAYER3_DEFAULT_PACKET_SIZE)?,
            layer3_packet_window_size: r.u8(f::LAYER3_PACKET_WINDOW_SIZE)?,
            layer3_user_specified_protocol: r.u32(f::LAYER3_USER_SPECIFIED_PROTOCOL)?,
            layer3_ipi: r.u32(f::LAYER3_IPI)?,
            snap_id: r.array(f::SNAP_ID.start)?,
        })
    }

    fn buffer_len(&self) -> usize {
        blli_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use blli_field as f;
        let mut w = Writer::new(buf, f::SIZE)?;
        w.zero(0, f::SIZE)?;
        w.u32(f::LAYER2_PROTOCOL, self.layer2_protocol)?;
        w.u8(f::LAYER2_MODE, self.layer2_mode)?;
        w.u8(f::LAYER2_WINDOW_SIZE, self.layer2_window_size)?;
        w.u32(f::LAYER2_USER_SPECIFIED_PROTOCOL, self.layer2_user_specified_protocol)?;
        w.u32(f::LAYER3_PROTOCOL, self.layer3_protocol)?;
        w.u8(f::LAYER3_MODE, self.layer3_mode)?;
        w.u8(f::LAYER3_DEFAULT_PACKET_SIZE, self.layer3_default_packet_size)?;
        w.u8(f::LAYER3_PACKET_WINDOW_SIZE, self.layer3_packet_window_size)?;
        w.u32(f::LAYER3_USER_SPECIFIED_PROTOCOL, self.layer3_user_specified_protocol)?;
        w.u32(f::LAYER3_IPI, self.layer3_ipi)?;
        w.bytes(f::SNAP_ID.start, &self.snap_id)?;
        Ok(f::SIZE)
    }
}

/// ATM_BHLI_IE layout.
pub mod bhli_field {
    use core::ops::Range;
    /// HighLayerInfoType (ULONG).
    pub const HIGH_LAYER_INFO_TYPE: usize = 0;
    /// HighLayerInfoLength (ULONG).
    pub const HIGH_LAYER_INFO_LENGTH: usize = 4;
    /// HighLayerInfo (`UCHAR[8]`).
    pub const HIGH_LAYER_INFO: Range<usize> = 8..16;
    /// sizeof(ATM_BHLI_IE).
    pub const SIZE: usize = 16;
}
const _: () = assert!(bhli_field::SIZE == 16);
const _: () = assert!(bhli_field::HIGH_LAYER_INFO.end == bhli_field::SIZE);

/// `ATM_BHLI_IE`: broadband high-layer information (Q.2931 §4.5.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AtmBhli {
    /// HighLayerInfoType (`BHLI_ISO` 0 … `BHLI_VendorSpecificAppId` 3, or a SAP_FIELD_*).
    pub high_layer_info_type: u32,
    /// HighLayerInfoLength: at most 8 after a successful parse.
    pub high_layer_info_length: u32,
    /// HighLayerInfo (all 8 bytes kept; see [`AtmBhli::info`]).
    pub high_layer_info: [u8; 8],
}

impl AtmBhli {
    /// A BHLI whose type is [`SAP_FIELD_ABSENT`].
    pub const ABSENT: AtmBhli = AtmBhli {
        high_layer_info_type: SAP_FIELD_ABSENT,
        high_layer_info_length: 0,
        high_layer_info: [0; 8],
    };

    /// The meaningful bytes `HighLayerInfo[..HighLayerInfoLength]`.
    #[must_use]
    pub fn info(&self) -> &[u8] {
        let n = usize::try_from(self.high_layer_info_length).unwrap_or(usize::MAX);
        self.high_layer_info.get(..n).unwrap_or(&self.high_layer_info)
    }
}

impl AbiStruct for AtmBhli {
    const NAME: &'static str = "ATM_BHLI_IE";

    /// Rejects `HighLayerInfoLength > 8`.
    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use bhli_field as f;
        let r = Reader::new(buf, Self::NAME, f::SIZE)?;
        let len = r.u32(f::HIGH_LAYER_INFO_LENGTH)?;
        if len > 8 {
            return Err(AbiError::LengthOverrun {
                structure: Self::NAME,
                field: "HighLayerInfoLength",
                declared: u64::from(len),
                available: 8,
            });
        }
        Ok(AtmBhli {
            high_layer_info_type: r.u32(f::HIGH_LAYER_INFO_TYPE)?,
            high_layer_info_length: len,
            high_layer_info: r.array(f::HIGH_LAYER_INFO.start)?,
        })
    }

    fn buffer_len(&self) -> usize {
        bhli_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use bhli_field as f;
        let mut w = Writer::new(buf, f::SIZE)?;
        w.u32(f::HIGH_LAYER_INFO_TYPE, self.high_layer_info_type)?;
        w.u32(f::HIGH_LAYER_INFO_LENGTH, self.high_layer_info_length)?;
        w.bytes(f::HIGH_LAYER_INFO.start, &self.high_layer_info)?;
        Ok(f::SIZE)
    }
}

// ---------------------------------------------------------------------------------------------
// ATM_PVC_SAP, ATM_SAP

/// ATM_PVC_SAP / ATM_SAP layout.
pub mod sap_field {
    use core::ops::Range;
    /// Blli (ATM_BLLI_IE).
    pub const BLLI: Range<usize> = 0..36;
    /// Bhli (ATM_BHLI_IE).
    pub const BHLI: Range<usize> = 36..52;
    /// sizeof(ATM_PVC_SAP).
    pub const PVC_SAP_SIZE: usize = 52;
    /// ATM_SAP.NumberOfAddresses (ULONG).
    pub const NUMBER_OF_ADDRESSES: usize = 52;
    /// ATM_SAP.Addresses: NumberOfAddresses packed ATM_ADDRESS structures.
    pub const ADDRESSES: usize = 56;
}
const _: () = assert!(sap_field::PVC_SAP_SIZE == blli_field::SIZE + bhli_field::SIZE);

/// Most addresses accepted in one ATM_SAP (bounded memory; clients register one or none).
pub const MAX_SAP_ADDRESSES: usize = 16;

/// `ATM_PVC_SAP`: the SAP of a PVC (Q2931_ADD_PVC.LocalSap / DestinationSap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AtmPvcSap {
    /// Blli.
    pub blli: AtmBlli,
    /// Bhli.
    pub bhli: AtmBhli,
}

impl AbiStruct for AtmPvcSap {
    const NAME: &'static str = "ATM_PVC_SAP";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, sap_field::PVC_SAP_SIZE)?;
        Ok(AtmPvcSap {
            blli: AtmBlli::parse(r.rest(sap_field::BLLI.start)?)?,
            bhli: AtmBhli::parse(r.rest(sap_field::BHLI.start)?)?,
        })
    }

    fn buffer_len(&self) -> usize {
        sap_field::PVC_SAP_SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let mut w = Writer::new(buf, sap_field::PVC_SAP_SIZE)?;
        emit_at(&mut w, sap_field::BLLI.start, &self.blli)?;
        emit_at(&mut w, sap_field::BHLI.start, &self.bhli)?;
        Ok(sap_field::PVC_SAP_SIZE)
    }
}

/// `ATM_SAP`: CO_SAP.Sap for ATM. `NumberOfAddresses` ATM_ADDRESS structures follow the
/// fixed part back to back (28 bytes apart); zero addresses means "any local address".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AtmSap {
    /// Blli.
    pub blli: AtmBlli,
    /// Bhli.
    pub bhli: AtmBhli,
    /// Addresses (at most [`MAX_SAP_ADDRESSES`]).
    pub addresses: Vec<AtmAddress>,
}

impl AbiStruct for AtmSap {
    const NAME: &'static str = "ATM_SAP";

    /// Bounds `NumberOfAddresses` by the buffer and by [`MAX_SAP_ADDRESSES`] before reading.
    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, sap_field::ADDRESSES)?;
        let count = r.u32(sap_field::NUMBER_OF_ADDRESSES)?;
        let room = buf.len().saturating_sub(sap_field::ADDRESSES) / address_field::SIZE;
        let max = room.min(MAX_SAP_ADDRESSES);
        let n = usize::try_from(count).unwrap_or(usize::MAX);
        if n > max {
            return Err(AbiError::TooMany {
                structure: Self::NAME,
                field: "NumberOfAddresses",
                count: u64::from(count),
                max,
            });
        }
        let list = r.rest(sap_field::ADDRESSES)?;
        let addresses = list
            .chunks_exact(address_field::SIZE)
            .take(n)
            .map(AtmAddress::parse)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AtmSap {
            blli: AtmBlli::parse(r.rest(sap_field::BLLI.start)?)?,
            bhli: AtmBhli::parse(r.rest(sap_field::BHLI.start)?)?,
            addresses,
        })
    }

    fn buffer_len(&self) -> usize {
        sap_field::ADDRESSES + self.addresses.len().saturating_mul(address_field::SIZE)
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let len = self.buffer_len();
        if self.addresses.len() > MAX_SAP_ADDRESSES {
            return Err(AbiError::TooMany {
                structure: Self::NAME,
                field: "NumberOfAddresses",
                count: u64::try_from(self.addresses.len()).unwrap_or(u64::MAX),
                max: MAX_SAP_ADDRESSES,
            });
        }
        let mut w = Writer::new(buf, len)?;
        emit_at(&mut w, sap_field::BLLI.start, &self.blli)?;
        emit_at(&mut w, sap_field::BHLI.start, &self.bhli)?;
        w.u32(sap_field::NUMBER_OF_ADDRESSES, u32::try_from(self.addresses.len()).unwrap_or(0))?;
        let mut off = sap_field::ADDRESSES;
        for a in &self.addresses {
            emit_at(&mut w, off, a)?;
            off += address_field::SIZE;
        }
        Ok(len)
    }
}

// ---------------------------------------------------------------------------------------------
// Q2931_ADD_PVC

/// Q2931_ADD_PVC layout.
pub mod add_pvc_field {
    use core::ops::Range;
    /// CalledParty (ATM_ADDRESS).
    pub const CALLED_PARTY: Range<usize> = 0..28;
    /// CallingParty (ATM_ADDRESS).
    pub const CALLING_PARTY: Range<usize> = 28..56;
    /// ConnectionId (ATM_VPIVCI).
    pub const CONNECTION_ID: Range<usize> = 56..64;
    /// AALType (ULONG).
    pub const AAL_TYPE: usize = 64;
    /// ForwardFP (ATM_FLOW_PARAMETERS).
    pub const FORWARD_FP: Range<usize> = 68..124;
    /// BackwardFP (ATM_FLOW_PARAMETERS).
    pub const BACKWARD_FP: Range<usize> = 124..180;
    /// Flags (ULONG).
    pub const FLAGS: usize = 180;
    /// LocalSap (ATM_PVC_SAP).
    pub const LOCAL_SAP: Range<usize> = 184..236;
    /// DestinationSap (ATM_PVC_SAP).
    pub const DESTINATION_SAP: Range<usize> = 236..288;
    /// LIJIdPresent (BOOLEAN, then 3 bytes of padding).
    pub const LIJ_ID_PRESENT: usize = 288;
    /// LIJId (ATM_LIJ_CALLID_IE: ULONG Identifier).
    pub const LIJ_ID: usize = 292;
    /// sizeof(Q2931_ADD_PVC).
    pub const SIZE: usize = 296;
}
const _: () = assert!(add_pvc_field::SIZE == 296);
// Derived from the member sizes: 2 ATM_ADDRESS + ATM_VPIVCI + ULONG + 2 ATM_FLOW_PARAMETERS
// = 180; + Flags = 184; + 2 ATM_PVC_SAP = 288; + BOOLEAN padded to 4 = 292; + ULONG = 296.
const _: () = assert!(
    2 * address_field::SIZE + vpivci_field::SIZE + 4 + 2 * flow_field::SIZE == add_pvc_field::FLAGS
);
const _: () = assert!(
    add_pvc_field::FLAGS + 4 + 2 * sap_field::PVC_SAP_SIZE == add_pvc_field::LIJ_ID_PRESENT
);
const _: () = assert!(add_pvc_field::LIJ_ID_PRESENT + 4 == add_pvc_field::LIJ_ID);
const _: () = assert!(add_pvc_field::FLAGS == 180);
const _: () = assert!(add_pvc_field::LOCAL_SAP.start == 184);
const _: () = assert!(add_pvc_field::DESTINATION_SAP.start == 236);
const _: () = assert!(add_pvc_field::LIJ_ID == 292);
const _: () =
    assert!(add_pvc_field::FORWARD_FP.end - add_pvc_field::FORWARD_FP.start == flow_field::SIZE);
const _: () = assert!(
    add_pvc_field::DESTINATION_SAP.end - add_pvc_field::DESTINATION_SAP.start
        == sap_field::PVC_SAP_SIZE
);

/// `Q2931_ADD_PVC`: the PvcParameters of OID_CO_ADD_PVC (condis-reference.md §4 "PVC").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Q2931AddPvc {
    /// CalledParty.
    pub called_party: AtmAddress,
    /// CallingParty.
    pub calling_party: AtmAddress,
    /// ConnectionId: the PVC's VPI/VCI.
    pub connection_id: AtmVpiVci,
    /// AALType.
    pub aal_type: AalType,
    /// ForwardFP (transmit direction).
    pub forward_fp: AtmFlowParameters,
    /// BackwardFP (receive direction).
    pub backward_fp: AtmFlowParameters,
    /// Flags (`CO_FLAG_*`; unknown bits kept).
    pub flags: u32,
    /// LocalSap (meaningless with [`CO_FLAG_NO_LOCAL_SAP`]).
    pub local_sap: AtmPvcSap,
    /// DestinationSap (meaningless with [`CO_FLAG_NO_DEST_SAP`]).
    pub destination_sap: AtmPvcSap,
    /// LIJIdPresent (BOOLEAN byte, kept as is).
    pub lij_id_present: u8,
    /// LIJId.Identifier.
    pub lij_id: u32,
}

impl AbiStruct for Q2931AddPvc {
    const NAME: &'static str = "Q2931_ADD_PVC";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use add_pvc_field as f;
        let r = Reader::new(buf, Self::NAME, f::SIZE)?;
        Ok(Q2931AddPvc {
            called_party: AtmAddress::parse(r.rest(f::CALLED_PARTY.start)?)?,
            calling_party: AtmAddress::parse(r.rest(f::CALLING_PARTY.start)?)?,
            connection_id: AtmVpiVci::parse(r.rest(f::CONNECTION_ID.start)?)?,
            aal_type: r.u32(f::AAL_TYPE)?.into(),
            forward_fp: AtmFlowParameters::parse(r.rest(f::FORWARD_FP.start)?)?,
            backward_fp: AtmFlowParameters::parse(r.rest(f::BACKWARD_FP.start)?)?,
            flags: r.u32(f::FLAGS)?,
            local_sap: AtmPvcSap::parse(r.rest(f::LOCAL_SAP.start)?)?,
            destination_sap: AtmPvcSap::parse(r.rest(f::DESTINATION_SAP.start)?)?,
            lij_id_present: r.u8(f::LIJ_ID_PRESENT)?,
            lij_id: r.u32(f::LIJ_ID)?,
        })
    }

    fn buffer_len(&self) -> usize {
        add_pvc_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use add_pvc_field as f;
        let mut w = Writer::new(buf, f::SIZE)?;
        emit_at(&mut w, f::CALLED_PARTY.start, &self.called_party)?;
        emit_at(&mut w, f::CALLING_PARTY.start, &self.calling_party)?;
        emit_at(&mut w, f::CONNECTION_ID.start, &self.connection_id)?;
        w.u32(f::AAL_TYPE, self.aal_type.into())?;
        emit_at(&mut w, f::FORWARD_FP.start, &self.forward_fp)?;
        emit_at(&mut w, f::BACKWARD_FP.start, &self.backward_fp)?;
        w.u32(f::FLAGS, self.flags)?;
        emit_at(&mut w, f::LOCAL_SAP.start, &self.local_sap)?;
        emit_at(&mut w, f::DESTINATION_SAP.start, &self.destination_sap)?;
        w.zero(f::LIJ_ID_PRESENT, f::LIJ_ID - f::LIJ_ID_PRESENT)?;
        w.u8(f::LIJ_ID_PRESENT, self.lij_id_present)?;
        w.u32(f::LIJ_ID, self.lij_id)?;
        Ok(f::SIZE)
    }
}

// ---------------------------------------------------------------------------------------------
// ATM_VC_RATES_SUPPORTED

/// ATM_VC_RATES_SUPPORTED layout.
pub mod vc_rates_field {
    /// MinCellRate (ULONG).
    pub const MIN_CELL_RATE: usize = 0;
    /// MaxCellRate (ULONG).
    pub const MAX_CELL_RATE: usize = 4;
    /// sizeof(ATM_VC_RATES_SUPPORTED).
    pub const SIZE: usize = 8;
}
const _: () = assert!(vc_rates_field::SIZE == 8);

/// `ATM_VC_RATES_SUPPORTED`: the answer to OID_ATM_SUPPORTED_VC_RATES, cells/s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AtmVcRatesSupported {
    /// MinCellRate.
    pub min_cell_rate: u32,
    /// MaxCellRate.
    pub max_cell_rate: u32,
}

impl AbiStruct for AtmVcRatesSupported {
    const NAME: &'static str = "ATM_VC_RATES_SUPPORTED";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, vc_rates_field::SIZE)?;
        Ok(AtmVcRatesSupported {
            min_cell_rate: r.u32(vc_rates_field::MIN_CELL_RATE)?,
            max_cell_rate: r.u32(vc_rates_field::MAX_CELL_RATE)?,
        })
    }

    fn buffer_len(&self) -> usize {
        vc_rates_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let mut w = Writer::new(buf, vc_rates_field::SIZE)?;
        w.u32(vc_rates_field::MIN_CELL_RATE, self.min_cell_rate)?;
        w.u32(vc_rates_field::MAX_CELL_RATE, self.max_cell_rate)?;
        Ok(vc_rates_field::SIZE)
    }
}

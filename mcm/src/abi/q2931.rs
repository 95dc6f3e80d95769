//! Q2931_CALLMGR_PARAMETERS and its Q2931_IE list (atm.h, x64): the call-manager-specific
//! parameters of an ATM call, with one typed body per `Q2931_IE_TYPE`.
//!
//! The list is `InfoElementCount` Q2931_IE structures back to back, each
//! `{Q2931_IE_TYPE IEType; ULONG IELength; UCHAR IE[]}` where IELength counts the 8-byte
//! header. Parsing never trusts the count or a length: the count is bounded by the bytes
//! present (each IE needs at least its header) and by [`MAX_INFO_ELEMENTS`], each IELength
//! must hold the header and stay inside the buffer, and each typed body must hold its
//! structure. Emitting pads each body to a multiple of 4 so that the next IE stays
//! ULONG-aligned for Windows clients that cast pointers.

use alloc::vec::Vec;

use super::atm::{address_field, AalType, AtmAddress, AtmBhli, AtmBlli};
use super::{align_up, code_points, emit_at, AbiError, AbiStruct, Reader, Writer};

/// Most information elements accepted in one Q2931_CALLMGR_PARAMETERS (bounded memory;
/// a SETUP carries well under this many).
pub const MAX_INFO_ELEMENTS: usize = 32;

code_points! {
    /// `Q2931_IE_TYPE` (atm.h), numbered from 0.
    pub enum Q2931IeType: u32 {
        /// `IE_AALParameters` (Q.2931 §4.5.5).
        AalParameters = 0,
        /// `IE_TrafficDescriptor` (Q.2931 §4.5.6).
        TrafficDescriptor = 1,
        /// `IE_BroadbandBearerCapability` (Q.2931 §4.5.7).
        BroadbandBearerCapability = 2,
        /// `IE_BHLI` (Q.2931 §4.5.8).
        Bhli = 3,
        /// `IE_BLLI` (Q.2931 §4.5.9).
        Blli = 4,
        /// `IE_CalledPartyNumber` (Q.2931 §4.5.11).
        CalledPartyNumber = 5,
        /// `IE_CalledPartySubaddress` (Q.2931 §4.5.12).
        CalledPartySubaddress = 6,
        /// `IE_CallingPartyNumber` (Q.2931 §4.5.13).
        CallingPartyNumber = 7,
        /// `IE_CallingPartySubaddress` (Q.2931 §4.5.14).
        CallingPartySubaddress = 8,
        /// `IE_Cause` (Q.2931 §4.5.15).
        Cause = 9,
        /// `IE_QOSClass` (Q.2931 §4.5.18).
        QosClass = 10,
        /// `IE_TransitNetworkSelection` (Q.2931 §4.5.22).
        TransitNetworkSelection = 11,
        /// `IE_BroadbandSendingComplete` (Q.2931 §4.5.10).
        BroadbandSendingComplete = 12,
        /// `IE_LIJCallId` (UNI 4.0 leaf-initiated join call identifier).
        LijCallId = 13,
        /// `IE_Raw`: an ATM_RAW_IE the client encoded itself.
        Raw = 14,
    }
}

/// Q2931_IE header layout.
pub mod ie_field {
    /// IEType (ULONG).
    pub const IE_TYPE: usize = 0;
    /// IELength (ULONG, including this header).
    pub const IE_LENGTH: usize = 4;
    /// IE: the body.
    pub const IE: usize = 8;
    /// The header size.
    pub const HEADER: usize = 8;
}
const _: () = assert!(ie_field::HEADER == 8);

/// Q2931_CALLMGR_PARAMETERS layout.
pub mod callmgr_field {
    use core::ops::Range;
    /// CalledParty (ATM_ADDRESS).
    pub const CALLED_PARTY: Range<usize> = 0..28;
    /// CallingParty (ATM_ADDRESS).
    pub const CALLING_PARTY: Range<usize> = 28..56;
    /// InfoElementCount (ULONG).
    pub const INFO_ELEMENT_COUNT: usize = 56;
    /// InfoElements: the first Q2931_IE.
    pub const INFO_ELEMENTS: usize = 60;
}
const _: () = assert!(callmgr_field::INFO_ELEMENTS == 60);
const _: () = assert!(callmgr_field::CALLING_PARTY.end == callmgr_field::INFO_ELEMENT_COUNT);

// ---------------------------------------------------------------------------------------------
// AAL_PARAMETERS_IE

/// AAL_PARAMETERS_IE layout; the union starts at 4.
pub mod aal_field {
    /// AALType (ULONG).
    pub const AAL_TYPE: usize = 0;
    /// AAL1 Subtype.
    pub const AAL1_SUBTYPE: usize = 4;
    /// AAL1 CBRRate.
    pub const AAL1_CBR_RATE: usize = 5;
    /// AAL1 Multiplier (USHORT).
    pub const AAL1_MULTIPLIER: usize = 6;
    /// AAL1 SourceClockRecoveryMethod.
    pub const AAL1_SOURCE_CLOCK_RECOVERY_METHOD: usize = 8;
    /// AAL1 ErrorCorrectionMethod.
    pub const AAL1_ERROR_CORRECTION_METHOD: usize = 9;
    /// AAL1 StructuredDataTransferBlocksize (USHORT).
    pub const AAL1_STRUCTURED_DATA_TRANSFER_BLOCKSIZE: usize = 10;
    /// AAL1 PartiallyFilledCellsMethod.
    pub const AAL1_PARTIALLY_FILLED_CELLS_METHOD: usize = 12;
    /// AAL3/4 ForwardMaxCPCSSDUSize (USHORT).
    pub const AAL34_FORWARD_MAX_CPCS_SDU_SIZE: usize = 4;
    /// AAL3/4 BackwardMaxCPCSSDUSize (USHORT).
    pub const AAL34_BACKWARD_MAX_CPCS_SDU_SIZE: usize = 6;
    /// AAL3/4 LowestMID (USHORT).
    pub const AAL34_LOWEST_MID: usize = 8;
    /// AAL3/4 HighestMID (USHORT).
    pub const AAL34_HIGHEST_MID: usize = 10;
    /// AAL3/4 SSCSType.
    pub const AAL34_SSCS_TYPE: usize = 12;
    /// AAL5 ForwardMaxCPCSSDUSize (ULONG).
    pub const AAL5_FORWARD_MAX_CPCS_SDU_SIZE: usize = 4;
    /// AAL5 BackwardMaxCPCSSDUSize (ULONG).
    pub const AAL5_BACKWARD_MAX_CPCS_SDU_SIZE: usize = 8;
    /// AAL5 Mode.
    pub const AAL5_MODE: usize = 12;
    /// AAL5 SSCSType.
    pub const AAL5_SSCS_TYPE: usize = 13;
    /// AALUSER UserDefined (ULONG).
    pub const USER_DEFINED: usize = 4;
    /// The union.
    pub const UNION: core::ops::Range<usize> = 4..16;
    /// sizeof(AAL_PARAMETERS_IE).
    pub const SIZE: usize = 16;
}
const _: () = assert!(aal_field::SIZE == 16);

/// `AAL1_PARAMETERS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Aal1Parameters {
    /// Subtype.
    pub subtype: u8,
    /// CBRRate.
    pub cbr_rate: u8,
    /// Multiplier.
    pub multiplier: u16,
    /// SourceClockRecoveryMethod.
    pub source_clock_recovery_method: u8,
    /// ErrorCorrectionMethod.
    pub error_correction_method: u8,
    /// StructuredDataTransferBlocksize.
    pub structured_data_transfer_blocksize: u16,
    /// PartiallyFilledCellsMethod.
    pub partially_filled_cells_method: u8,
}

/// `AAL34_PARAMETERS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Aal34Parameters {
    /// ForwardMaxCPCSSDUSize.
    pub forward_max_cpcs_sdu_size: u16,
    /// BackwardMaxCPCSSDUSize.
    pub backward_max_cpcs_sdu_size: u16,
    /// LowestMID.
    pub lowest_mid: u16,
    /// HighestMID.
    pub highest_mid: u16,
    /// SSCSType.
    pub sscs_type: u8,
}

/// `AAL5_PARAMETERS` (I.363.5; Q.2931 §4.5.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Aal5Parameters {
    /// ForwardMaxCPCSSDUSize.
    pub forward_max_cpcs_sdu_size: u32,
    /// BackwardMaxCPCSSDUSize.
    pub backward_max_cpcs_sdu_size: u32,
    /// Mode (`AAL5_MODE_*`).
    pub mode: u8,
    /// SSCSType (`AAL5_SSCS_*`).
    pub sscs_type: u8,
}

/// `AAL_PARAMETERS_IE`: AALType selects the union member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AalParametersIe {
    /// AAL_TYPE_AAL1.
    Aal1(Aal1Parameters),
    /// AAL_TYPE_AAL34.
    Aal34(Aal34Parameters),
    /// AAL_TYPE_AAL5.
    Aal5(Aal5Parameters),
    /// AAL_TYPE_AAL0: the user-defined AAL, `AALUSER_PARAMETERS.UserDefined`.
    User(u32),
    /// Another AALType; the 12 union bytes kept as they are.
    Unknown {
        /// AALType.
        aal_type: u32,
        /// The union bytes.
        raw: [u8; 12],
    },
}

impl AbiStruct for AalParametersIe {
    const NAME: &'static str = "AAL_PARAMETERS_IE";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use aal_field as f;
        let r = Reader::new(buf, Self::NAME, f::SIZE)?;
        Ok(match AalType::from(r.u32(f::AAL_TYPE)?) {
            AalType::Aal1 => AalParametersIe::Aal1(Aal1Parameters {
                subtype: r.u8(f::AAL1_SUBTYPE)?,
                cbr_rate: r.u8(f::AAL1_CBR_RATE)?,
                multiplier: r.u16(f::AAL1_MULTIPLIER)?,
                source_clock_recovery_method: r.u8(f::AAL1_SOURCE_CLOCK_RECOVERY_METHOD)?,
                error_correction_method: r.u8(f::AAL1_ERROR_CORRECTION_METHOD)?,
                structured_data_transfer_blocksize: r
                    .u16(f::AAL1_STRUCTURED_DATA_TRANSFER_BLOCKSIZE)?,
                partially_filled_cells_method: r.u8(f::AAL1_PARTIALLY_FILLED_CELLS_METHOD)?,
            }),
            AalType::Aal34 => AalParametersIe::Aal34(Aal34Parameters {
                forward_max_cpcs_sdu_size: r.u16(f::AAL34_FORWARD_MAX_CPCS_SDU_SIZE)?,
                backward_max_cpcs_sdu_size: r.u16(f::AAL34_BACKWARD_MAX_CPCS_SDU_SIZE)?,
                lowest_mid: r.u16(f::AAL34_LOWEST_MID)?,
                highest_mid: r.u16(f::AAL34_HIGHEST_MID)?,
                sscs_type: r.u8(f::AAL34_SSCS_TYPE)?,
            }),
            AalType::Aal5 => AalParametersIe::Aal5(Aal5Parameters {
                forward_max_cpcs_sdu_size: r.u32(f::AAL5_FORWARD_MAX_CPCS_SDU_SIZE)?,
                backward_max_cpcs_sdu_size: r.u32(f::AAL5_BACKWARD_MAX_CPCS_SDU_SIZE)?,
                mode: r.u8(f::AAL5_MODE)?,
                sscs_type: r.u8(f::AAL5_SSCS_TYPE)?,
            }),
            AalType::Aal0 => AalParametersIe::User(r.u32(f::USER_DEFINED)?),
            AalType::Unknown(aal_type) => {
                AalParametersIe::Unknown { aal_type, raw: r.array(f::UNION.start)? }
            }
        })
    }

    fn buffer_len(&self) -> usize {
        aal_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use aal_field as f;
        let mut w = Writer::new(buf, f::SIZE)?;
        w.zero(0, f::SIZE)?;
        match self {
            AalParametersIe::Aal1(p) => {
                w.u32(f::AAL_TYPE, AalType::Aal1.into())?;
                w.u8(f::AAL1_SUBTYPE, p.subtype)?;
                w.u8(f::AAL1_CBR_RATE, p.cbr_rate)?;
                w.u16(f::AAL1_MULTIPLIER, p.multiplier)?;
                w.u8(f::AAL1_SOURCE_CLOCK_RECOVERY_METHOD, p.source_clock_recovery_method)?;
                w.u8(f::AAL1_ERROR_CORRECTION_METHOD, p.error_correction_method)?;
                w.u16(
                    f::AAL1_STRUCTURED_DATA_TRANSFER_BLOCKSIZE,
                    p.structured_data_transfer_blocksize,
                )?;
                w.u8(f::AAL1_PARTIALLY_FILLED_CELLS_METHOD, p.partially_filled_cells_method)?;
            }
            AalParametersIe::Aal34(p) => {
                w.u32(f::AAL_TYPE, AalType::Aal34.into())?;
                w.u16(f::AAL34_FORWARD_MAX_CPCS_SDU_SIZE, p.forward_max_cpcs_sdu_size)?;
                w.u16(f::AAL34_BACKWARD_MAX_CPCS_SDU_SIZE, p.backward_max_cpcs_sdu_size)?;
                w.u16(f::AAL34_LOWEST_MID, p.lowest_mid)?;
                w.u16(f::AAL34_HIGHEST_MID, p.highest_mid)?;
                w.u8(f::AAL34_SSCS_TYPE, p.sscs_type)?;
            }
            AalParametersIe::Aal5(p) => {
                w.u32(f::AAL_TYPE, AalType::Aal5.into())?;
                w.u32(f::AAL5_FORWARD_MAX_CPCS_SDU_SIZE, p.forward_max_cpcs_sdu_size)?;
                w.u32(f::AAL5_BACKWARD_MAX_CPCS_SDU_SIZE, p.backward_max_cpcs_sdu_size)?;
                w.u8(f::AAL5_MODE, p.mode)?;
                w.u8(f::AAL5_SSCS_TYPE, p.sscs_type)?;
            }
            AalParametersIe::User(u) => {
                w.u32(f::AAL_TYPE, AalType::Aal0.into())?;
                w.u32(f::USER_DEFINED, *u)?;
            }
            AalParametersIe::Unknown { aal_type, raw } => {
                w.u32(f::AAL_TYPE, *aal_type)?;
                w.bytes(f::UNION.start, raw)?;
            }
        }
        Ok(f::SIZE)
    }
}

// ---------------------------------------------------------------------------------------------
// ATM_TRAFFIC_DESCRIPTOR_IE

/// ATM_TRAFFIC_DESCRIPTOR / ATM_TRAFFIC_DESCRIPTOR_IE layout.
pub mod td_field {
    /// PeakCellRateCLP0 (ULONG).
    pub const PEAK_CELL_RATE_CLP0: usize = 0;
    /// PeakCellRateCLP01 (ULONG).
    pub const PEAK_CELL_RATE_CLP01: usize = 4;
    /// SustainableCellRateCLP0 (ULONG).
    pub const SUSTAINABLE_CELL_RATE_CLP0: usize = 8;
    /// SustainableCellRateCLP01 (ULONG).
    pub const SUSTAINABLE_CELL_RATE_CLP01: usize = 12;
    /// MaximumBurstSizeCLP0 (ULONG).
    pub const MAXIMUM_BURST_SIZE_CLP0: usize = 16;
    /// MaximumBurstSizeCLP01 (ULONG).
    pub const MAXIMUM_BURST_SIZE_CLP01: usize = 20;
    /// Tagging (BOOLEAN).
    pub const TAGGING: usize = 24;
    /// sizeof(ATM_TRAFFIC_DESCRIPTOR).
    pub const TD_SIZE: usize = 28;
    /// IE ForwardTD.
    pub const FORWARD_TD: usize = 0;
    /// IE BackwardTD.
    pub const BACKWARD_TD: usize = 28;
    /// IE BestEffort (BOOLEAN).
    pub const BEST_EFFORT: usize = 56;
    /// sizeof(ATM_TRAFFIC_DESCRIPTOR_IE).
    pub const SIZE: usize = 60;
}
const _: () = assert!(td_field::SIZE == 60);

/// `ATM_TRAFFIC_DESCRIPTOR`: one direction of the ATM traffic descriptor (Q.2931 §4.5.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AtmTrafficDescriptor {
    /// PeakCellRateCLP0.
    pub peak_cell_rate_clp0: u32,
    /// PeakCellRateCLP01.
    pub peak_cell_rate_clp01: u32,
    /// SustainableCellRateCLP0.
    pub sustainable_cell_rate_clp0: u32,
    /// SustainableCellRateCLP01.
    pub sustainable_cell_rate_clp01: u32,
    /// MaximumBurstSizeCLP0.
    pub maximum_burst_size_clp0: u32,
    /// MaximumBurstSizeCLP01.
    pub maximum_burst_size_clp01: u32,
    /// Tagging (BOOLEAN byte).
    pub tagging: u8,
}

impl AtmTrafficDescriptor {
    fn read(r: &Reader<'_>, base: usize) -> Result<Self, AbiError> {
        use td_field as f;
        Ok(AtmTrafficDescriptor {
            peak_cell_rate_clp0: r.u32(base + f::PEAK_CELL_RATE_CLP0)?,
            peak_cell_rate_clp01: r.u32(base + f::PEAK_CELL_RATE_CLP01)?,
            sustainable_cell_rate_clp0: r.u32(base + f::SUSTAINABLE_CELL_RATE_CLP0)?,
            sustainable_cell_rate_clp01: r.u32(base + f::SUSTAINABLE_CELL_RATE_CLP01)?,
            maximum_burst_size_clp0: r.u32(base + f::MAXIMUM_BURST_SIZE_CLP0)?,
            maximum_burst_size_clp01: r.u32(base + f::MAXIMUM_BURST_SIZE_CLP01)?,
            tagging: r.u8(base + f::TAGGING)?,
        })
    }

    fn write(&self, w: &mut Writer<'_>, base: usize) -> Result<(), AbiError> {
        use td_field as f;
        w.u32(base + f::PEAK_CELL_RATE_CLP0, self.peak_cell_rate_clp0)?;
        w.u32(base + f::PEAK_CELL_RATE_CLP01, self.peak_cell_rate_clp01)?;
        w.u32(base + f::SUSTAINABLE_CELL_RATE_CLP0, self.sustainable_cell_rate_clp0)?;
        w.u32(base + f::SUSTAINABLE_CELL_RATE_CLP01, self.sustainable_cell_rate_clp01)?;
        w.u32(base + f::MAXIMUM_BURST_SIZE_CLP0, self.maximum_burst_size_clp0)?;
        w.u32(base + f::MAXIMUM_BURST_SIZE_CLP01, self.maximum_burst_size_clp01)?;
        w.u8(base + f::TAGGING, self.tagging)
    }
}

/// `ATM_TRAFFIC_DESCRIPTOR_IE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AtmTrafficDescriptorIe {
    /// ForwardTD.
    pub forward_td: AtmTrafficDescriptor,
    /// BackwardTD.
    pub backward_td: AtmTrafficDescriptor,
    /// BestEffort (BOOLEAN byte).
    pub best_effort: u8,
}

impl AbiStruct for AtmTrafficDescriptorIe {
    const NAME: &'static str = "ATM_TRAFFIC_DESCRIPTOR_IE";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, td_field::SIZE)?;
        Ok(AtmTrafficDescriptorIe {
            forward_td: AtmTrafficDescriptor::read(&r, td_field::FORWARD_TD)?,
            backward_td: AtmTrafficDescriptor::read(&r, td_field::BACKWARD_TD)?,
            best_effort: r.u8(td_field::BEST_EFFORT)?,
        })
    }

    fn buffer_len(&self) -> usize {
        td_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let mut w = Writer::new(buf, td_field::SIZE)?;
        w.zero(0, td_field::SIZE)?;
        self.forward_td.write(&mut w, td_field::FORWARD_TD)?;
        self.backward_td.write(&mut w, td_field::BACKWARD_TD)?;
        w.u8(td_field::BEST_EFFORT, self.best_effort)?;
        Ok(td_field::SIZE)
    }
}

// ---------------------------------------------------------------------------------------------
// Small fixed IE bodies

/// `ATM_BROADBAND_BEARER_CAPABILITY_IE` (Q.2931 §4.5.7), 5 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AtmBroadbandBearerCapabilityIe {
    /// BearerClass (`BCOB_A` 0, `BCOB_C` 1, `BCOB_X` 2).
    pub bearer_class: u8,
    /// TrafficType (`TT_NOIND` 0, `TT_CBR` 4, `TT_VBR` 8).
    pub traffic_type: u8,
    /// TimingRequirements.
    pub timing_requirements: u8,
    /// ClippingSusceptability (sic).
    pub clipping_susceptability: u8,
    /// UserPlaneConnectionConfig (`UP_P2P` 0, `UP_P2MP` 1).
    pub user_plane_connection_config: u8,
}

/// sizeof(ATM_BROADBAND_BEARER_CAPABILITY_IE).
pub const BBC_SIZE: usize = 5;

impl AbiStruct for AtmBroadbandBearerCapabilityIe {
    const NAME: &'static str = "ATM_BROADBAND_BEARER_CAPABILITY_IE";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, BBC_SIZE)?;
        Ok(AtmBroadbandBearerCapabilityIe {
            bearer_class: r.u8(0)?,
            traffic_type: r.u8(1)?,
            timing_requirements: r.u8(2)?,
            clipping_susceptability: r.u8(3)?,
            user_plane_connection_config: r.u8(4)?,
        })
    }

    fn buffer_len(&self) -> usize {
        BBC_SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let mut w = Writer::new(buf, BBC_SIZE)?;
        w.bytes(
            0,
            &[
                self.bearer_class,
                self.traffic_type,
                self.timing_requirements,
                self.clipping_susceptability,
                self.user_plane_connection_config,
            ],
        )?;
        Ok(BBC_SIZE)
    }
}

/// ATM_CALLING_PARTY_NUMBER_IE layout.
pub mod calling_field {
    /// Number (ATM_ADDRESS).
    pub const NUMBER: usize = 0;
    /// PresentationIndication (UCHAR).
    pub const PRESENTATION_INDICATION: usize = 28;
    /// ScreeningIndicator (UCHAR).
    pub const SCREENING_INDICATOR: usize = 29;
    /// sizeof(ATM_CALLING_PARTY_NUMBER_IE) (2 bytes of tail padding).
    pub const SIZE: usize = 32;
}

/// `ATM_CALLING_PARTY_NUMBER_IE` (Q.2931 §4.5.13): the number plus presentation and
/// screening indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AtmCallingPartyNumberIe {
    /// Number.
    pub number: AtmAddress,
    /// PresentationIndication (`PI_ALLOWED` 0x00, `PI_RESTRICTED` 0x40, …).
    pub presentation_indication: u8,
    /// ScreeningIndicator (`SI_USER_NOT_SCREENED` 0 … `SI_NETWORK` 3).
    pub screening_indicator: u8,
}

impl AbiStruct for AtmCallingPartyNumberIe {
    const NAME: &'static str = "ATM_CALLING_PARTY_NUMBER_IE";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use calling_field as f;
        let r = Reader::new(buf, Self::NAME, f::SIZE)?;
        Ok(AtmCallingPartyNumberIe {
            number: AtmAddress::parse(r.rest(f::NUMBER)?)?,
            presentation_indication: r.u8(f::PRESENTATION_INDICATION)?,
            screening_indicator: r.u8(f::SCREENING_INDICATOR)?,
        })
    }

    fn buffer_len(&self) -> usize {
        calling_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use calling_field as f;
        let mut w = Writer::new(buf, f::SIZE)?;
        w.zero(0, f::SIZE)?;
        emit_at(&mut w, f::NUMBER, &self.number)?;
        w.u8(f::PRESENTATION_INDICATION, self.presentation_indication)?;
        w.u8(f::SCREENING_INDICATOR, self.screening_indicator)?;
        Ok(f::SIZE)
    }
}

/// sizeof(ATM_CAUSE_IE).
pub const CAUSE_SIZE: usize = 7;

const _: () = assert!(CAUSE_SIZE == 7);
const _: () = assert!(
    calling_field::SIZE == 32 && calling_field::SCREENING_INDICATOR == address_field::SIZE + 1
);
const _: () = assert!(td_field::SIZE == 2 * td_field::TD_SIZE + 4);
const _: () = assert!(callmgr_field::INFO_ELEMENTS == 2 * address_field::SIZE + 4);

/// `ATM_CAUSE_IE` (Q.2931 §4.5.15; cause values Q.2610).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AtmCauseIe {
    /// Location (`ATM_CAUSE_LOC_*`).
    pub location: u8,
    /// Cause (Q.2610 cause value).
    pub cause: u8,
    /// DiagnosticsLength (at most 4 after a successful parse).
    pub diagnostics_length: u8,
    /// Diagnostics (all 4 bytes kept).
    pub diagnostics: [u8; 4],
}

impl AtmCauseIe {
    /// The meaningful diagnostic bytes.
    #[must_use]
    pub fn diagnostics(&self) -> &[u8] {
        self.diagnostics.get(..usize::from(self.diagnostics_length)).unwrap_or(&self.diagnostics)
    }
}

impl AbiStruct for AtmCauseIe {
    const NAME: &'static str = "ATM_CAUSE_IE";

    /// Rejects `DiagnosticsLength > 4`.
    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, CAUSE_SIZE)?;
        let diagnostics_length = r.u8(2)?;
        if diagnostics_length > 4 {
            return Err(AbiError::LengthOverrun {
                structure: Self::NAME,
                field: "DiagnosticsLength",
                declared: u64::from(diagnostics_length),
                available: 4,
            });
        }
        Ok(AtmCauseIe {
            location: r.u8(0)?,
            cause: r.u8(1)?,
            diagnostics_length,
            diagnostics: r.array(3)?,
        })
    }

    fn buffer_len(&self) -> usize {
        CAUSE_SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let mut w = Writer::new(buf, CAUSE_SIZE)?;
        w.bytes(0, &[self.location, self.cause, self.diagnostics_length])?;
        w.bytes(3, &self.diagnostics)?;
        Ok(CAUSE_SIZE)
    }
}

/// `ATM_QOS_CLASS_IE` (Q.2931 §4.5.18), 2 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AtmQosClassIe {
    /// QOSClassForward (`QOS_CLASS0`..`QOS_CLASS4`).
    pub qos_class_forward: u8,
    /// QOSClassBackward.
    pub qos_class_backward: u8,
}

impl AbiStruct for AtmQosClassIe {
    const NAME: &'static str = "ATM_QOS_CLASS_IE";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, 2)?;
        Ok(AtmQosClassIe { qos_class_forward: r.u8(0)?, qos_class_backward: r.u8(1)? })
    }

    fn buffer_len(&self) -> usize {
        2
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let mut w = Writer::new(buf, 2)?;
        w.bytes(0, &[self.qos_class_forward, self.qos_class_backward])?;
        Ok(2)
    }
}

/// `ATM_TRANSIT_NETWORK_SELECTION_IE` (Q.2931 §4.5.22):
/// `{TypeOfNetworkId, NetworkIdPlan, NetworkIdLength, NetworkId[NetworkIdLength]}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct AtmTransitNetworkSelectionIe {
    /// TypeOfNetworkId (`TNS_TYPE_NATIONAL` 0x40).
    pub type_of_network_id: u8,
    /// NetworkIdPlan (`TNS_PLAN_CARRIER_ID_CODE` 1).
    pub network_id_plan: u8,
    /// NetworkId (NetworkIdLength bytes, at most 255).
    pub network_id: Vec<u8>,
}

impl AbiStruct for AtmTransitNetworkSelectionIe {
    const NAME: &'static str = "ATM_TRANSIT_NETWORK_SELECTION_IE";

    /// NetworkIdLength must fit in the IE body.
    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, 3)?;
        let len = r.u8(2)?;
        let available = buf.len() - 3;
        if usize::from(len) > available {
            return Err(AbiError::LengthOverrun {
                structure: Self::NAME,
                field: "NetworkIdLength",
                declared: u64::from(len),
                available,
            });
        }
        Ok(AtmTransitNetworkSelectionIe {
            type_of_network_id: r.u8(0)?,
            network_id_plan: r.u8(1)?,
            network_id: r.bytes(3, usize::from(len))?.to_vec(),
        })
    }

    fn buffer_len(&self) -> usize {
        3 + self.network_id.len()
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let len = u8::try_from(self.network_id.len()).map_err(|_| AbiError::TooMany {
            structure: Self::NAME,
            field: "NetworkIdLength",
            count: u64::try_from(self.network_id.len()).unwrap_or(u64::MAX),
            max: usize::from(u8::MAX),
        })?;
        let total = self.buffer_len();
        let mut w = Writer::new(buf, total)?;
        w.bytes(0, &[self.type_of_network_id, self.network_id_plan, len])?;
        w.bytes(3, &self.network_id)?;
        Ok(total)
    }
}

/// `ATM_RAW_IE`: `{RawIELength, RawIEType, RawIEValue[RawIELength]}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct AtmRawIe {
    /// RawIEType.
    pub raw_ie_type: u32,
    /// RawIEValue (RawIELength bytes).
    pub raw_ie_value: Vec<u8>,
}

impl AbiStruct for AtmRawIe {
    const NAME: &'static str = "ATM_RAW_IE";

    /// RawIELength must fit in the IE body.
    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, 8)?;
        let declared = r.u32(0)?;
        let available = buf.len() - 8;
        let len = usize::try_from(declared).unwrap_or(usize::MAX);
        if len > available {
            return Err(AbiError::LengthOverrun {
                structure: Self::NAME,
                field: "RawIELength",
                declared: u64::from(declared),
                available,
            });
        }
        Ok(AtmRawIe { raw_ie_type: r.u32(4)?, raw_ie_value: r.bytes(8, len)?.to_vec() })
    }

    fn buffer_len(&self) -> usize {
        8 + self.raw_ie_value.len()
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let total = self.buffer_len();
        let mut w = Writer::new(buf, total)?;
        w.u32(0, u32::try_from(self.raw_ie_value.len()).unwrap_or(u32::MAX))?;
        w.u32(4, self.raw_ie_type)?;
        w.bytes(8, &self.raw_ie_value)?;
        Ok(total)
    }
}

// ---------------------------------------------------------------------------------------------
// Q2931_IE

/// One `Q2931_IE` with its typed body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Q2931Ie {
    /// IE_AALParameters.
    AalParameters(AalParametersIe),
    /// IE_TrafficDescriptor.
    TrafficDescriptor(AtmTrafficDescriptorIe),
    /// IE_BroadbandBearerCapability.
    BroadbandBearerCapability(AtmBroadbandBearerCapabilityIe),
    /// IE_BHLI.
    Bhli(AtmBhli),
    /// IE_BLLI.
    Blli(AtmBlli),
    /// IE_CalledPartyNumber (ATM_CALLED_PARTY_NUMBER_IE = ATM_ADDRESS): overrides
    /// Q2931_CALLMGR_PARAMETERS.CalledParty.
    CalledPartyNumber(AtmAddress),
    /// IE_CalledPartySubaddress (ATM_ADDRESS).
    CalledPartySubaddress(AtmAddress),
    /// IE_CallingPartyNumber.
    CallingPartyNumber(AtmCallingPartyNumberIe),
    /// IE_CallingPartySubaddress (ATM_ADDRESS).
    CallingPartySubaddress(AtmAddress),
    /// IE_Cause.
    Cause(AtmCauseIe),
    /// IE_QOSClass.
    QosClass(AtmQosClassIe),
    /// IE_TransitNetworkSelection.
    TransitNetworkSelection(AtmTransitNetworkSelectionIe),
    /// IE_BroadbandSendingComplete (`ATM_BROADBAND_SENDING_COMPLETE_IE.SendingComplete`).
    BroadbandSendingComplete(u8),
    /// IE_LIJCallId (`ATM_LIJ_CALLID_IE.Identifier`).
    LijCallId(u32),
    /// IE_Raw.
    Raw(AtmRawIe),
    /// An IEType atm.h does not define (15 and above): the whole body kept. Emit writes it
    /// unpadded, so a byte-exact round trip needs a length that is a multiple of 4; building
    /// one with a defined IEType would re-parse as that type's typed body.
    Unknown {
        /// IEType.
        ie_type: u32,
        /// The body (IELength − 8 bytes).
        body: Vec<u8>,
    },
}

/// Parses a body of at least `T`'s size.
fn body<T: AbiStruct>(b: &[u8]) -> Result<T, AbiError> {
    T::parse(b)
}

impl Q2931Ie {
    /// The IEType.
    #[must_use]
    pub fn ie_type(&self) -> Q2931IeType {
        match self {
            Q2931Ie::AalParameters(_) => Q2931IeType::AalParameters,
            Q2931Ie::TrafficDescriptor(_) => Q2931IeType::TrafficDescriptor,
            Q2931Ie::BroadbandBearerCapability(_) => Q2931IeType::BroadbandBearerCapability,
            Q2931Ie::Bhli(_) => Q2931IeType::Bhli,
            Q2931Ie::Blli(_) => Q2931IeType::Blli,
            Q2931Ie::CalledPartyNumber(_) => Q2931IeType::CalledPartyNumber,
            Q2931Ie::CalledPartySubaddress(_) => Q2931IeType::CalledPartySubaddress,
            Q2931Ie::CallingPartyNumber(_) => Q2931IeType::CallingPartyNumber,
            Q2931Ie::CallingPartySubaddress(_) => Q2931IeType::CallingPartySubaddress,
            Q2931Ie::Cause(_) => Q2931IeType::Cause,
            Q2931Ie::QosClass(_) => Q2931IeType::QosClass,
            Q2931Ie::TransitNetworkSelection(_) => Q2931IeType::TransitNetworkSelection,
            Q2931Ie::BroadbandSendingComplete(_) => Q2931IeType::BroadbandSendingComplete,
            Q2931Ie::LijCallId(_) => Q2931IeType::LijCallId,
            Q2931Ie::Raw(_) => Q2931IeType::Raw,
            Q2931Ie::Unknown { ie_type, .. } => Q2931IeType::Unknown(*ie_type),
        }
    }

    /// Bytes of the body (before padding).
    fn body_len(&self) -> usize {
        match self {
            Q2931Ie::AalParameters(b) => b.buffer_len(),
            Q2931Ie::TrafficDescriptor(b) => b.buffer_len(),
            Q2931Ie::BroadbandBearerCapability(b) => b.buffer_len(),
            Q2931Ie::Bhli(b) => b.buffer_len(),
            Q2931Ie::Blli(b) => b.buffer_len(),
            Q2931Ie::CalledPartyNumber(b)
            | Q2931Ie::CalledPartySubaddress(b)
            | Q2931Ie::CallingPartySubaddress(b) => b.buffer_len(),
            Q2931Ie::CallingPartyNumber(b) => b.buffer_len(),
            Q2931Ie::Cause(b) => b.buffer_len(),
            Q2931Ie::QosClass(b) => b.buffer_len(),
            Q2931Ie::TransitNetworkSelection(b) => b.buffer_len(),
            Q2931Ie::BroadbandSendingComplete(_) => 1,
            Q2931Ie::LijCallId(_) => 4,
            Q2931Ie::Raw(b) => b.buffer_len(),
            Q2931Ie::Unknown { body, .. } => body.len(),
        }
    }

    fn emit_body(&self, buf: &mut [u8]) -> Result<(), AbiError> {
        match self {
            Q2931Ie::AalParameters(b) => b.emit(buf).map(drop),
            Q2931Ie::TrafficDescriptor(b) => b.emit(buf).map(drop),
            Q2931Ie::BroadbandBearerCapability(b) => b.emit(buf).map(drop),
            Q2931Ie::Bhli(b) => b.emit(buf).map(drop),
            Q2931Ie::Blli(b) => b.emit(buf).map(drop),
            Q2931Ie::CalledPartyNumber(b)
            | Q2931Ie::CalledPartySubaddress(b)
            | Q2931Ie::CallingPartySubaddress(b) => b.emit(buf).map(drop),
            Q2931Ie::CallingPartyNumber(b) => b.emit(buf).map(drop),
            Q2931Ie::Cause(b) => b.emit(buf).map(drop),
            Q2931Ie::QosClass(b) => b.emit(buf).map(drop),
            Q2931Ie::TransitNetworkSelection(b) => b.emit(buf).map(drop),
            Q2931Ie::BroadbandSendingComplete(v) => Writer::new(buf, 1)?.u8(0, *v),
            Q2931Ie::LijCallId(v) => Writer::new(buf, 4)?.u32(0, *v),
            Q2931Ie::Raw(b) => b.emit(buf).map(drop),
            Q2931Ie::Unknown { body, .. } => Writer::new(buf, body.len())?.bytes(0, body),
        }
    }

    /// Parses one Q2931_IE at the start of `buf`; returns it and its IELength (the offset of
    /// the next IE). IELength must hold the header and fit in `buf`; the body must hold the
    /// typed structure.
    pub fn parse_one(buf: &[u8]) -> Result<(Self, usize), AbiError> {
        let r = Reader::new(buf, "Q2931_IE", ie_field::HEADER)?;
        let ie_type = r.u32(ie_field::IE_TYPE)?;
        let declared = r.u32(ie_field::IE_LENGTH)?;
        let len = usize::try_from(declared).unwrap_or(usize::MAX);
        if len < ie_field::HEADER {
            return Err(AbiError::InvalidField {
                structure: "Q2931_IE",
                field: "IELength",
                value: u64::from(declared),
            });
        }
        if len > buf.len() {
            return Err(AbiError::LengthOverrun {
                structure: "Q2931_IE",
                field: "IELength",
                declared: u64::from(declared),
                available: buf.len(),
            });
        }
        let b = r.bytes(ie_field::IE, len - ie_field::HEADER)?;
        let ie = match Q2931IeType::from(ie_type) {
            Q2931IeType::AalParameters => Q2931Ie::AalParameters(body(b)?),
            Q2931IeType::TrafficDescriptor => Q2931Ie::TrafficDescriptor(body(b)?),
            Q2931IeType::BroadbandBearerCapability => Q2931Ie::BroadbandBearerCapability(body(b)?),
            Q2931IeType::Bhli => Q2931Ie::Bhli(body(b)?),
            Q2931IeType::Blli => Q2931Ie::Blli(body(b)?),
            Q2931IeType::CalledPartyNumber => Q2931Ie::CalledPartyNumber(body(b)?),
            Q2931IeType::CalledPartySubaddress => Q2931Ie::CalledPartySubaddress(body(b)?),
            Q2931IeType::CallingPartyNumber => Q2931Ie::CallingPartyNumber(body(b)?),
            Q2931IeType::CallingPartySubaddress => Q2931Ie::CallingPartySubaddress(body(b)?),
            Q2931IeType::Cause => Q2931Ie::Cause(body(b)?),
            Q2931IeType::QosClass => Q2931Ie::QosClass(body(b)?),
            Q2931IeType::TransitNetworkSelection => Q2931Ie::TransitNetworkSelection(body(b)?),
            Q2931IeType::BroadbandSendingComplete => Q2931Ie::BroadbandSendingComplete(
                Reader::new(b, "ATM_BROADBAND_SENDING_COMPLETE_IE", 1)?.u8(0)?,
            ),
            Q2931IeType::LijCallId => {
                Q2931Ie::LijCallId(Reader::new(b, "ATM_LIJ_CALLID_IE", 4)?.u32(0)?)
            }
            Q2931IeType::Raw => Q2931Ie::Raw(body(b)?),
            Q2931IeType::Unknown(t) => Q2931Ie::Unknown { ie_type: t, body: b.to_vec() },
        };
        Ok((ie, len))
    }

    /// IELength as emitted: header plus the body padded to 4 bytes (unknown bodies unpadded).
    #[must_use]
    pub fn ie_length(&self) -> usize {
        match self {
            Q2931Ie::Unknown { body, .. } => ie_field::HEADER + body.len(),
            _ => ie_field::HEADER + align_up(self.body_len(), 4),
        }
    }
}

impl AbiStruct for Q2931Ie {
    const NAME: &'static str = "Q2931_IE";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        Self::parse_one(buf).map(|(ie, _)| ie)
    }

    fn buffer_len(&self) -> usize {
        self.ie_length()
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let len = self.ie_length();
        let len32 = u32::try_from(len)
            .map_err(|_| AbiError::BufferTooSmall { needed: len, actual: buf.len() })?;
        let mut w = Writer::new(buf, len)?;
        w.zero(0, len)?;
        w.u32(ie_field::IE_TYPE, self.ie_type().into())?;
        w.u32(ie_field::IE_LENGTH, len32)?;
        self.emit_body(w.rest(ie_field::IE)?)?;
        Ok(len)
    }
}

// ---------------------------------------------------------------------------------------------
// Q2931_CALLMGR_PARAMETERS

/// `Q2931_CALLMGR_PARAMETERS`: CO_CALL_MANAGER_PARAMETERS.CallMgrSpecific.Parameters for
/// ParamType `CALLMGR_SPECIFIC_Q2931`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Q2931CallMgrParameters {
    /// CalledParty.
    pub called_party: AtmAddress,
    /// CallingParty.
    pub calling_party: AtmAddress,
    /// InfoElements (InfoElementCount of them, at most [`MAX_INFO_ELEMENTS`]).
    pub info_elements: Vec<Q2931Ie>,
}

impl Q2931CallMgrParameters {
    /// The first IE of type `t`.
    #[must_use]
    pub fn find(&self, t: Q2931IeType) -> Option<&Q2931Ie> {
        self.info_elements.iter().find(|ie| ie.ie_type() == t)
    }

    /// The called party to signal: an IE_CalledPartyNumber overrides `CalledParty` (atm.h).
    #[must_use]
    pub fn effective_called_party(&self) -> &AtmAddress {
        match self.find(Q2931IeType::CalledPartyNumber) {
            Some(Q2931Ie::CalledPartyNumber(a)) => a,
            _ => &self.called_party,
        }
    }

    /// The calling party to signal: an IE_CallingPartyNumber overrides `CallingParty`.
    #[must_use]
    pub fn effective_calling_party(&self) -> &AtmAddress {
        match self.find(Q2931IeType::CallingPartyNumber) {
            Some(Q2931Ie::CallingPartyNumber(c)) => &c.number,
            _ => &self.calling_party,
        }
    }
}

impl AbiStruct for Q2931CallMgrParameters {
    const NAME: &'static str = "Q2931_CALLMGR_PARAMETERS";

    /// `InfoElementCount` is checked against the bytes after the fixed part (each IE needs
    /// at least an 8-byte header) and [`MAX_INFO_ELEMENTS`] before any IE is read.
    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use callmgr_field as f;
        let r = Reader::new(buf, Self::NAME, f::INFO_ELEMENTS)?;
        let count = r.u32(f::INFO_ELEMENT_COUNT)?;
        let mut rest = r.rest(f::INFO_ELEMENTS)?;
        let max = (rest.len() / ie_field::HEADER).min(MAX_INFO_ELEMENTS);
        let n = usize::try_from(count).unwrap_or(usize::MAX);
        if n > max {
            return Err(AbiError::TooMany {
                structure: Self::NAME,
                field: "InfoElementCount",
                count: u64::from(count),
                max,
            });
        }
        let mut info_elements = Vec::with_capacity(n);
        for _ in 0..n {
            let (ie, len) = Q2931Ie::parse_one(rest)?;
            info_elements.push(ie);
            rest = rest.get(len..).unwrap_or(&[]);
        }
        Ok(Q2931CallMgrParameters {
            called_party: AtmAddress::parse(r.rest(f::CALLED_PARTY.start)?)?,
            calling_party: AtmAddress::parse(r.rest(f::CALLING_PARTY.start)?)?,
            info_elements,
        })
    }

    fn buffer_len(&self) -> usize {
        self.info_elements
            .iter()
            .fold(callmgr_field::INFO_ELEMENTS, |acc, ie| acc.saturating_add(ie.ie_length()))
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use callmgr_field as f;
        if self.info_elements.len() > MAX_INFO_ELEMENTS {
            return Err(AbiError::TooMany {
                structure: Self::NAME,
                field: "InfoElementCount",
                count: u64::try_from(self.info_elements.len()).unwrap_or(u64::MAX),
                max: MAX_INFO_ELEMENTS,
            });
        }
        let len = self.buffer_len();
        let mut w = Writer::new(buf, len)?;
        emit_at(&mut w, f::CALLED_PARTY.start, &self.called_party)?;
        emit_at(&mut w, f::CALLING_PARTY.start, &self.calling_party)?;
        w.u32(f::INFO_ELEMENT_COUNT, u32::try_from(self.info_elements.len()).unwrap_or(0))?;
        let mut off = f::INFO_ELEMENTS;
        for ie in &self.info_elements {
            emit_at(&mut w, off, ie)?;
            off += ie.ie_length();
        }
        Ok(len)
    }
}

const _: () = assert!(
    callmgr_field::CALLED_PARTY.end - callmgr_field::CALLED_PARTY.start == address_field::SIZE
);

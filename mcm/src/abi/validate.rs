//! Activation-time validation of ATM media parameters (MiniportCoActivateVc,
//! condis-reference.md §2): turns a parsed [`CoMediaParameters`] into a typed
//! [`ValidatedMedia`] the miniport programs the NIC with, or a precise [`MediaInvalid`]
//! reason (all reported to NDIS as `NDIS_STATUS_INVALID_DATA`); and the same checks for the
//! Q2931_ADD_PVC of OID_CO_ADD_PVC ([`validate_add_pvc`]).

use core::fmt;

use super::atm::{
    AalType, AtmFlowParameters, AtmMediaParameters, Q2931AddPvc, ServiceCategory,
    ATM_MEDIA_SPECIFIC, CO_FLAG_ALL,
};
use super::co::{CoMediaParameters, MediaFlags, MediaSpecific};
use super::{AbiError, NdisStatus};

/// Largest AAL5 CPCS-SDU (I.363.5 §9.2.2.2: the 16-bit Length field).
pub const AAL5_MAX_SDU: u32 = 65_535;
/// Lowest VCI a client VC may use by default: VCIs 0–31 are reserved for signaling, OAM,
/// ILMI and other network functions (I.361 §2.2.3; ATM Forum UNI 3.1 §2.2).
pub const DEFAULT_MIN_VCI: u32 = 32;

/// What the NIC supports, from the HAL and the adapter configuration. The same values answer
/// OID_ATM_SUPPORTED_AAL_TYPES, OID_ATM_MAX_ACTIVE_VPI_BITS/VCI_BITS,
/// OID_ATM_SUPPORTED_VC_RATES and OID_ATM_MAX_AAL*_PACKET_SIZE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NicLimits {
    /// OR of supported [`AalType`] bits.
    pub supported_aal_types: u32,
    /// OR of supported [`ServiceCategory`] bits.
    pub supported_service_categories: u32,
    /// VPI bits (8 at the UNI, 12 at the NNI; I.361 §2.2.3).
    pub vpi_bits: u8,
    /// VCI bits (at most 16).
    pub vci_bits: u8,
    /// Lowest VCI accepted ([`DEFAULT_MIN_VCI`]).
    pub min_vci: u32,
    /// Line cell rate, cells/s (the largest rate a VC may ask for).
    pub max_cell_rate: u32,
    /// Largest AAL5 SDU, bytes (at most [`AAL5_MAX_SDU`]).
    pub max_aal5_sdu: u32,
    /// Largest AAL0 SDU, bytes (raw cells: 52 without HEC).
    pub max_aal0_sdu: u32,
}

/// A traffic direction of a VC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// ATM_MEDIA_PARAMETERS.Transmit.
    Transmit,
    /// ATM_MEDIA_PARAMETERS.Receive.
    Receive,
}

/// Why media parameters were rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaInvalid {
    /// MediaSpecific.ParamType is not ATM_MEDIA_SPECIFIC.
    NotAtm {
        /// The ParamType found.
        param_type: u32,
    },
    /// Flags has bits outside the defined set.
    UnknownFlags {
        /// The unknown bits.
        bits: u32,
    },
    /// Neither TRANSMIT_VC nor RECEIVE_VC is set.
    NoDirection,
    /// The AAL type is unknown or the NIC does not support it.
    AalUnsupported {
        /// The AALType.
        aal: AalType,
    },
    /// The VPI does not fit the NIC's VPI bits.
    VpiOutOfRange {
        /// The VPI.
        vpi: u32,
        /// The largest VPI.
        max: u32,
    },
    /// The VCI is reserved or does not fit the NIC's VCI bits.
    VciOutOfRange {
        /// The VCI.
        vci: u32,
        /// The lowest VCI accepted.
        min: u32,
        /// The largest VCI.
        max: u32,
    },
    /// The service category is not one atm.h defines (or is several bits).
    ServiceCategoryUnknown {
        /// The direction.
        direction: Direction,
        /// The value.
        value: u32,
    },
    /// The NIC does not offer this service category.
    ServiceCategoryUnsupported {
        /// The direction.
        direction: Direction,
        /// The category.
        category: ServiceCategory,
    },
    /// A rate the category requires is zero.
    CellRateMissing {
        /// The direction.
        direction: Direction,
        /// The ATM_FLOW_PARAMETERS field.
        field: &'static str,
    },
    /// A rate exceeds the line rate and ROUND_DOWN_FLOW is not set.
    CellRateTooHigh {
        /// The direction.
        direction: Direction,
        /// The ATM_FLOW_PARAMETERS field.
        field: &'static str,
        /// The rate asked for.
        rate: u32,
        /// The line rate.
        max: u32,
    },
    /// A rate exceeds the peak cell rate (SCR or MCR above PCR).
    CellRateAbovePeak {
        /// The direction.
        direction: Direction,
        /// The ATM_FLOW_PARAMETERS field.
        field: &'static str,
    },
    /// MaxSduSize is zero for a direction in use.
    SduSizeZero {
        /// The direction.
        direction: Direction,
    },
    /// MaxSduSize exceeds what the AAL and NIC carry.
    SduSizeTooLarge {
        /// The direction.
        direction: Direction,
        /// The size asked for.
        size: u32,
        /// The largest size.
        max: u32,
    },
}

impl MediaInvalid {
    /// Every reason is `NDIS_STATUS_INVALID_DATA`: the parameters parsed, their contents are
    /// unacceptable (MiniportCoActivateVc, condis-reference.md §2).
    #[must_use]
    pub const fn status(&self) -> NdisStatus {
        NdisStatus::INVALID_DATA
    }
}

impl fmt::Display for MediaInvalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MediaInvalid::NotAtm { param_type } => {
                write!(f, "MediaSpecific.ParamType {param_type} is not ATM_MEDIA_SPECIFIC")
            }
            MediaInvalid::UnknownFlags { bits } => write!(f, "unknown media flags {bits:#x}"),
            MediaInvalid::NoDirection => write!(f, "neither TRANSMIT_VC nor RECEIVE_VC"),
            MediaInvalid::AalUnsupported { aal } => write!(f, "AAL {aal:?} not supported"),
            MediaInvalid::VpiOutOfRange { vpi, max } => write!(f, "VPI {vpi} above {max}"),
            MediaInvalid::VciOutOfRange { vci, min, max } => {
                write!(f, "VCI {vci} outside {min}..={max}")
            }
            MediaInvalid::ServiceCategoryUnknown { direction, value } => {
                write!(f, "{direction:?} service category {value} unknown")
            }
            MediaInvalid::ServiceCategoryUnsupported { direction, category } => {
                write!(f, "{direction:?} service category {category:?} not supported")
            }
            MediaInvalid::CellRateMissing { direction, field } => {
                write!(f, "{direction:?} {field} is zero")
            }
            MediaInvalid::CellRateTooHigh { direction, field, rate, max } => {
                write!(f, "{direction:?} {field} {rate} above line rate {max}")
            }
            MediaInvalid::CellRateAbovePeak { direction, field } => {
                write!(f, "{direction:?} {field} above PeakCellRate")
            }
            MediaInvalid::SduSizeZero { direction } => {
                write!(f, "{direction:?} MaxSduSize is zero")
            }
            MediaInvalid::SduSizeTooLarge { direction, size, max } => {
                write!(f, "{direction:?} MaxSduSize {size} above {max}")
            }
        }
    }
}

/// The traffic contract of one direction, by service category (ATM Forum TM 4.0 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrafficContract {
    /// CBR: peak cell rate.
    Cbr {
        /// PCR, cells/s.
        pcr: u32,
    },
    /// VBR: peak and sustainable cell rate, maximum burst size.
    Vbr {
        /// PCR, cells/s.
        pcr: u32,
        /// SCR, cells/s.
        scr: u32,
        /// MBS, cells.
        mbs: u32,
    },
    /// UBR: an optional peak cell rate (0 in the parameters: the line rate).
    Ubr {
        /// PCR, cells/s, if given.
        pcr: Option<u32>,
    },
    /// ABR: peak, minimum and initial cell rate.
    Abr {
        /// PCR, cells/s.
        pcr: u32,
        /// MCR, cells/s.
        mcr: u32,
        /// ICR, cells/s.
        icr: u32,
    },
}

/// One validated direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ValidFlow {
    /// The traffic contract.
    pub contract: TrafficContract,
    /// MaxSduSize, bytes (non-zero, within the AAL's and NIC's limit).
    pub max_sdu: u32,
}

/// Media parameters the NIC can program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ValidatedMedia {
    /// The flags (only defined bits).
    pub flags: MediaFlags,
    /// VPI.
    pub vpi: u32,
    /// VCI.
    pub vci: u32,
    /// AAL (a supported, known type).
    pub aal: AalType,
    /// Transmit direction, if TRANSMIT_VC.
    pub transmit: Option<ValidFlow>,
    /// Receive direction, if RECEIVE_VC.
    pub receive: Option<ValidFlow>,
    /// Rates were lowered to the line rate under ROUND_DOWN_FLOW (the call manager sets
    /// CALL_PARAMETERS_CHANGED).
    pub rounded_down: bool,
}

/// Validates CO_MEDIA_PARAMETERS for activation.
pub fn validate_media(
    media: &CoMediaParameters,
    limits: &NicLimits,
) -> Result<ValidatedMedia, MediaInvalid> {
    let atm = match &media.media_specific {
        MediaSpecific::Atm(a) => a,
        MediaSpecific::Other(o) => return Err(MediaInvalid::NotAtm { param_type: o.param_type }),
    };
    validate_atm(media.flags, atm, limits)
}

/// Largest value that fits in `bits` bits (saturating at 32).
fn max_for_bits(bits: u8) -> u32 {
    if bits >= 32 {
        u32::MAX
    } else {
        (1u32 << bits) - 1
    }
}

/// Validates ATM_MEDIA_PARAMETERS with the CO_MEDIA_PARAMETERS flags.
pub fn validate_atm(
    flags: MediaFlags,
    atm: &AtmMediaParameters,
    limits: &NicLimits,
) -> Result<ValidatedMedia, MediaInvalid> {
    if flags.unknown_bits() != 0 {
        return Err(MediaInvalid::UnknownFlags { bits: flags.unknown_bits() });
    }
    let tx = flags.contains(MediaFlags::TRANSMIT_VC);
    let rx = flags.contains(MediaFlags::RECEIVE_VC);
    if !tx && !rx {
        return Err(MediaInvalid::NoDirection);
    }
    let aal_bits = u32::from(atm.aal_type);
    let max_sdu = match atm.aal_type {
        AalType::Aal5 => limits.max_aal5_sdu.min(AAL5_MAX_SDU),
        AalType::Aal0 => limits.max_aal0_sdu,
        AalType::Aal1 | AalType::Aal34 | AalType::Unknown(_) => 0,
    };
    if max_sdu == 0 || limits.supported_aal_types & aal_bits != aal_bits {
        return Err(MediaInvalid::AalUnsupported { aal: atm.aal_type });
    }
    let vpi_max = max_for_bits(limits.vpi_bits);
    if atm.connection_id.vpi > vpi_max {
        return Err(MediaInvalid::VpiOutOfRange { vpi: atm.connection_id.vpi, max: vpi_max });
    }
    let vci_max = max_for_bits(limits.vci_bits.min(16));
    let vci = atm.connection_id.vci;
    if vci < limits.min_vci.max(1) || vci > vci_max {
        return Err(MediaInvalid::VciOutOfRange { vci, min: limits.min_vci.max(1), max: vci_max });
    }
    let round_down = flags.contains(MediaFlags::ROUND_DOWN_FLOW);
    let mut rounded_down = false;
    let mut check = |direction, fp: &AtmFlowParameters| {
        validate_flow(direction, fp, limits, max_sdu, round_down, &mut rounded_down)
    };
    let transmit = if tx { Some(check(Direction::Transmit, &atm.transmit)?) } else { None };
    let receive = if rx { Some(check(Direction::Receive, &atm.receive)?) } else { None };
    Ok(ValidatedMedia {
        flags,
        vpi: atm.connection_id.vpi,
        vci,
        aal: atm.aal_type,
        transmit,
        receive,
        rounded_down,
    })
}

fn validate_flow(
    direction: Direction,
    fp: &AtmFlowParameters,
    limits: &NicLimits,
    max_sdu: u32,
    round_down: bool,
    rounded_down: &mut bool,
) -> Result<ValidFlow, MediaInvalid> {
    let category = fp.service_category;
    if let ServiceCategory::Unknown(value) = category {
        return Err(MediaInvalid::ServiceCategoryUnknown { direction, value });
    }
    let bit = u32::from(category);
    if limits.supported_service_categories & bit != bit {
        return Err(MediaInvalid::ServiceCategoryUnsupported { direction, category });
    }
    let max = limits.max_cell_rate;
    let mut cap = |field: &'static str, rate: u32| -> Result<u32, MediaInvalid> {
        if rate <= max {
            Ok(rate)
        } else if round_down {
            *rounded_down = true;
            Ok(max)
        } else {
            Err(MediaInvalid::CellRateTooHigh { direction, field, rate, max })
        }
    };
    let required = |field: &'static str, rate: u32| {
        if rate == 0 {
            Err(MediaInvalid::CellRateMissing { direction, field })
        } else {
            Ok(rate)
        }
    };
    let contract = match category {
        ServiceCategory::Cbr => TrafficContract::Cbr {
            pcr: cap("PeakCellRate", required("PeakCellRate", fp.peak_cell_rate)?)?,
        },
        ServiceCategory::Vbr => {
            let pcr = cap("PeakCellRate", required("PeakCellRate", fp.peak_cell_rate)?)?;
            let scr = cap("AverageCellRate", required("AverageCellRate", fp.average_cell_rate)?)?;
            let mbs = required("BurstLengthCells", fp.burst_length_cells)?;
            if scr > pcr {
                return Err(MediaInvalid::CellRateAbovePeak {
                    direction,
                    field: "AverageCellRate",
                });
            }
            TrafficContract::Vbr { pcr, scr, mbs }
        }
        ServiceCategory::Ubr => TrafficContract::Ubr {
            pcr: if fp.peak_cell_rate == 0 {
                None
            } else {
                Some(cap("PeakCellRate", fp.peak_cell_rate)?)
            },
        },
        ServiceCategory::Abr => {
            let pcr = cap("PeakCellRate", required("PeakCellRate", fp.peak_cell_rate)?)?;
            let mcr = cap("MinimumCellRate", fp.minimum_cell_rate)?;
            let icr = cap("InitialCellRate", fp.initial_cell_rate)?;
            if mcr > pcr {
                return Err(MediaInvalid::CellRateAbovePeak {
                    direction,
                    field: "MinimumCellRate",
                });
            }
            if icr > pcr {
                return Err(MediaInvalid::CellRateAbovePeak {
                    direction,
                    field: "InitialCellRate",
                });
            }
            TrafficContract::Abr { pcr, mcr, icr }
        }
        ServiceCategory::Unknown(value) => {
            return Err(MediaInvalid::ServiceCategoryUnknown { direction, value })
        }
    };
    if fp.max_sdu_size == 0 {
        return Err(MediaInvalid::SduSizeZero { direction });
    }
    if fp.max_sdu_size > max_sdu {
        return Err(MediaInvalid::SduSizeTooLarge {
            direction,
            size: fp.max_sdu_size,
            max: max_sdu,
        });
    }
    Ok(ValidFlow { contract, max_sdu: fp.max_sdu_size })
}

/// Checks that CO_MEDIA_PARAMETERS carries ATM parameters, without NIC limits: the first
/// step of [`validate_media`], usable where only the shape matters (CmMakeCall).
pub fn require_atm(media: &CoMediaParameters) -> Result<&AtmMediaParameters, MediaInvalid> {
    match &media.media_specific {
        MediaSpecific::Atm(a) => Ok(a),
        MediaSpecific::Other(o) => Err(MediaInvalid::NotAtm { param_type: o.param_type }),
    }
}

/// The ATM media parameters a PVC is activated with: its ConnectionId and AAL, ForwardFP as
/// the transmit and BackwardFP as the receive direction, no QoS objectives.
#[must_use]
pub fn pvc_media(pvc: &Q2931AddPvc) -> AtmMediaParameters {
    AtmMediaParameters::new(pvc.connection_id, pvc.aal_type, pvc.forward_fp, pvc.backward_fp)
}

/// Why an OID_CO_ADD_PVC was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PvcInvalid {
    /// Flags has bits atm.h does not define.
    UnknownFlags {
        /// The unknown bits.
        bits: u32,
    },
    /// A party address is malformed for its type.
    Address(AbiError),
    /// The connection or its traffic cannot be carried by the NIC.
    Media(MediaInvalid),
}

impl PvcInvalid {
    /// `NDIS_STATUS_INVALID_DATA` for every reason.
    #[must_use]
    pub const fn status(&self) -> NdisStatus {
        NdisStatus::INVALID_DATA
    }
}

/// Validates the Q2931_ADD_PVC of an OID_CO_ADD_PVC against the NIC before the PVC is added
/// to the table: known flags, well-formed addresses, and media parameters that
/// [`validate_atm`] accepts in both directions.
pub fn validate_add_pvc(
    pvc: &Q2931AddPvc,
    limits: &NicLimits,
) -> Result<ValidatedMedia, PvcInvalid> {
    if pvc.flags & !CO_FLAG_ALL != 0 {
        return Err(PvcInvalid::UnknownFlags { bits: pvc.flags & !CO_FLAG_ALL });
    }
    pvc.called_party.validate().map_err(PvcInvalid::Address)?;
    pvc.calling_party.validate().map_err(PvcInvalid::Address)?;
    let both = MediaFlags(MediaFlags::TRANSMIT_VC | MediaFlags::RECEIVE_VC);
    validate_atm(both, &pvc_media(pvc), limits).map_err(PvcInvalid::Media)
}

const _: () = assert!(ATM_MEDIA_SPECIFIC == 1);

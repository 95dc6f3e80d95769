//! CoNDIS structures of ndis.h (x64): address family, SAP, flow spec, call-manager and media
//! parameters, call parameters (pointer-bearing), PVC and address OID bodies
//! (condis-reference.md §5, §6).

use alloc::vec::Vec;

use super::atm::{
    address_field, AtmAddress, AtmMediaParameters, AtmSap, ATM_MEDIA_SPECIFIC,
    CALLMGR_SPECIFIC_Q2931, SAP_TYPE_E164, SAP_TYPE_NSAP,
};
use super::q2931::Q2931CallMgrParameters;
use super::{
    align_up, emit_at, AbiError, AbiStruct, PointerResolver, PointerResolverMut, Reader, Writer,
};

/// `CO_ADDRESS_FAMILY_Q2931`: the ATM UNI address family.
pub const CO_ADDRESS_FAMILY_Q2931: u32 = 1;
/// `CO_ADDRESS_FAMILY_PROXY`: bit OR-ed into the family by a proxy call manager.
pub const CO_ADDRESS_FAMILY_PROXY: u32 = 0x8000_0000;
/// `CO_SEND_FLAG_SET_DISCARD_ELIBILITY` (sic): send with CLP = 1 (I.361 §2.2.5).
pub const CO_SEND_FLAG_SET_DISCARD_ELIBILITY: u32 = 0x1;

/// Largest CO_SPECIFIC_PARAMETERS.Length accepted: bounds the bytes a parser asks a
/// [`PointerResolver`] to map and copies. Real ATM parameters are a few hundred bytes.
pub const MAX_SPECIFIC_LENGTH: usize = 0x1_0000;

/// Flags of `CO_CALL_PARAMETERS.Flags` (ndis.h).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CallFlags(pub u32);

impl CallFlags {
    /// `PERMANENT_VC`: the call uses a PVC.
    pub const PERMANENT_VC: u32 = 0x1;
    /// `CALL_PARAMETERS_CHANGED`: the call manager changed the parameters.
    pub const CALL_PARAMETERS_CHANGED: u32 = 0x2;
    /// `QUERY_CALL_PARAMETERS`.
    pub const QUERY_CALL_PARAMETERS: u32 = 0x4;
    /// `BROADCAST_VC`.
    pub const BROADCAST_VC: u32 = 0x8;
    /// `MULTIPOINT_VC`: a point-to-multipoint call.
    pub const MULTIPOINT_VC: u32 = 0x10;
    /// Every defined flag.
    pub const ALL: u32 = 0x1F;

    /// All bits of `mask` set.
    #[must_use]
    pub const fn contains(self, mask: u32) -> bool {
        self.0 & mask == mask
    }

    /// Bits outside [`CallFlags::ALL`].
    #[must_use]
    pub const fn unknown_bits(self) -> u32 {
        self.0 & !Self::ALL
    }
}

/// Flags of `CO_MEDIA_PARAMETERS.Flags` (ndis.h).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MediaFlags(pub u32);

impl MediaFlags {
    /// `RECEIVE_TIME_INDICATION`.
    pub const RECEIVE_TIME_INDICATION: u32 = 0x1;
    /// `USE_TIME_STAMPS`.
    pub const USE_TIME_STAMPS: u32 = 0x2;
    /// `TRANSMIT_VC`: the VC sends.
    pub const TRANSMIT_VC: u32 = 0x4;
    /// `RECEIVE_VC`: the VC receives.
    pub const RECEIVE_VC: u32 = 0x8;
    /// `INDICATE_ERRED_PACKETS`.
    pub const INDICATE_ERRED_PACKETS: u32 = 0x10;
    /// `INDICATE_END_OF_TX`.
    pub const INDICATE_END_OF_TX: u32 = 0x20;
    /// `RESERVE_RESOURCES_VC`.
    pub const RESERVE_RESOURCES_VC: u32 = 0x40;
    /// `ROUND_DOWN_FLOW`: the miniport may lower rates it cannot provide.
    pub const ROUND_DOWN_FLOW: u32 = 0x80;
    /// `ROUND_UP_FLOW`: the miniport may raise rates it cannot provide exactly.
    pub const ROUND_UP_FLOW: u32 = 0x100;
    /// Every defined flag.
    pub const ALL: u32 = 0x1FF;

    /// All bits of `mask` set.
    #[must_use]
    pub const fn contains(self, mask: u32) -> bool {
        self.0 & mask == mask
    }

    /// Bits outside [`MediaFlags::ALL`].
    #[must_use]
    pub const fn unknown_bits(self) -> u32 {
        self.0 & !Self::ALL
    }
}

// ---------------------------------------------------------------------------------------------
// CO_ADDRESS_FAMILY

/// CO_ADDRESS_FAMILY layout.
pub mod address_family_field {
    /// AddressFamily (NDIS_AF, ULONG).
    pub const ADDRESS_FAMILY: usize = 0;
    /// MajorVersion (ULONG).
    pub const MAJOR_VERSION: usize = 4;
    /// MinorVersion (ULONG).
    pub const MINOR_VERSION: usize = 8;
    /// sizeof(CO_ADDRESS_FAMILY).
    pub const SIZE: usize = 12;
}
const _: () = assert!(address_family_field::SIZE == 12);

/// `CO_ADDRESS_FAMILY`: registered with NdisMCmRegisterAddressFamilyEx; a client's CmOpenAf
/// names the same family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CoAddressFamily {
    /// AddressFamily ([`CO_ADDRESS_FAMILY_Q2931`], possibly with the proxy bit).
    pub address_family: u32,
    /// MajorVersion.
    pub major_version: u32,
    /// MinorVersion.
    pub minor_version: u32,
}

impl AbiStruct for CoAddressFamily {
    const NAME: &'static str = "CO_ADDRESS_FAMILY";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use address_family_field as f;
        let r = Reader::new(buf, Self::NAME, f::SIZE)?;
        Ok(CoAddressFamily {
            address_family: r.u32(f::ADDRESS_FAMILY)?,
            major_version: r.u32(f::MAJOR_VERSION)?,
            minor_version: r.u32(f::MINOR_VERSION)?,
        })
    }

    fn buffer_len(&self) -> usize {
        address_family_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use address_family_field as f;
        let mut w = Writer::new(buf, f::SIZE)?;
        w.u32(f::ADDRESS_FAMILY, self.address_family)?;
        w.u32(f::MAJOR_VERSION, self.major_version)?;
        w.u32(f::MINOR_VERSION, self.minor_version)?;
        Ok(f::SIZE)
    }
}

// ---------------------------------------------------------------------------------------------
// CO_SPECIFIC_PARAMETERS

/// CO_SPECIFIC_PARAMETERS layout (relative to the structure).
pub mod specific_field {
    /// ParamType (ULONG).
    pub const PARAM_TYPE: usize = 0;
    /// Length (ULONG): bytes of Parameters.
    pub const LENGTH: usize = 4;
    /// Parameters (`UCHAR[Length]`).
    pub const PARAMETERS: usize = 8;
}

/// Reads the CO_SPECIFIC_PARAMETERS header at `off` and returns `(ParamType, Parameters)`,
/// with `Length` checked against the buffer and [`MAX_SPECIFIC_LENGTH`] before use.
pub(crate) fn read_specific<'a>(
    r: &Reader<'a>,
    off: usize,
    structure: &'static str,
    available: usize,
) -> Result<(u32, &'a [u8]), AbiError> {
    let param_type = r.u32(off + specific_field::PARAM_TYPE)?;
    let declared = r.u32(off + specific_field::LENGTH)?;
    let len = usize::try_from(declared).unwrap_or(usize::MAX);
    let room = available.saturating_sub(off + specific_field::PARAMETERS);
    if len > room || len > MAX_SPECIFIC_LENGTH {
        return Err(AbiError::LengthOverrun {
            structure,
            field: "Length",
            declared: u64::from(declared),
            available: room.min(MAX_SPECIFIC_LENGTH),
        });
    }
    Ok((param_type, r.bytes(off + specific_field::PARAMETERS, len)?))
}

/// A structure CO_CALL_PARAMETERS points to: a fixed part whose last member is the
/// CO_SPECIFIC_PARAMETERS at [`Self::SPECIFIC`], whose Length gives the size of the rest.
trait Pointee: AbiStruct {
    /// Offset of the CO_SPECIFIC_PARAMETERS member.
    const SPECIFIC: usize;
    /// That member's Length, as named in errors.
    const LENGTH_FIELD: &'static str;
    /// The CO_CALL_PARAMETERS member that points to the structure.
    const POINTER_FIELD: &'static str;
    /// The fixed part: everything up to the specific Parameters.
    const FIXED: usize = Self::SPECIFIC + specific_field::PARAMETERS;

    /// The total size, `FIXED + Length`, with Length read from `fixed` and bounded by
    /// [`MAX_SPECIFIC_LENGTH`] before anything is mapped for it; used to ask a resolver for
    /// exactly the bytes needed.
    fn declared_len(fixed: &[u8]) -> Result<usize, AbiError> {
        let r = Reader::new(fixed, Self::NAME, Self::FIXED)?;
        let declared = r.u32(Self::SPECIFIC + specific_field::LENGTH)?;
        let len = usize::try_from(declared).unwrap_or(usize::MAX);
        if len > MAX_SPECIFIC_LENGTH {
            return Err(AbiError::LengthOverrun {
                structure: Self::NAME,
                field: Self::LENGTH_FIELD,
                declared: u64::from(declared),
                available: MAX_SPECIFIC_LENGTH,
            });
        }
        Ok(Self::FIXED + len)
    }
}

/// Writes a CO_SPECIFIC_PARAMETERS header at `off`.
fn write_specific_header(
    w: &mut Writer<'_>,
    off: usize,
    param_type: u32,
    len: usize,
) -> Result<(), AbiError> {
    let len32 = u32::try_from(len).map_err(|_| AbiError::TooMany {
        structure: "CO_SPECIFIC_PARAMETERS",
        field: "Length",
        count: u64::try_from(len).unwrap_or(u64::MAX),
        max: MAX_SPECIFIC_LENGTH,
    })?;
    w.u32(off + specific_field::PARAM_TYPE, param_type)?;
    w.u32(off + specific_field::LENGTH, len32)
}

/// Writes a CO_SPECIFIC_PARAMETERS at `off` whose Parameters is `body` in its ABI layout.
fn write_specific<T: AbiStruct>(
    w: &mut Writer<'_>,
    off: usize,
    param_type: u32,
    body: &T,
) -> Result<(), AbiError> {
    write_specific_header(w, off, param_type, body.buffer_len())?;
    emit_at(w, off + specific_field::PARAMETERS, body)
}

/// Writes the opaque CO_SPECIFIC_PARAMETERS `o` at `off`.
fn write_specific_opaque(
    w: &mut Writer<'_>,
    off: usize,
    o: &CoSpecificParameters,
) -> Result<(), AbiError> {
    write_specific_header(w, off, o.param_type, o.parameters.len())?;
    w.bytes(off + specific_field::PARAMETERS, &o.parameters)
}

/// `CO_SPECIFIC_PARAMETERS` with an opaque body: `{ParamType, Length, Parameters[Length]}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CoSpecificParameters {
    /// ParamType.
    pub param_type: u32,
    /// Parameters (Length bytes).
    pub parameters: Vec<u8>,
}

impl AbiStruct for CoSpecificParameters {
    const NAME: &'static str = "CO_SPECIFIC_PARAMETERS";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, specific_field::PARAMETERS)?;
        let (param_type, body) = read_specific(&r, 0, Self::NAME, buf.len())?;
        Ok(CoSpecificParameters { param_type, parameters: body.to_vec() })
    }

    fn buffer_len(&self) -> usize {
        specific_field::PARAMETERS + self.parameters.len()
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let len = self.buffer_len();
        let mut w = Writer::new(buf, len)?;
        write_specific_opaque(&mut w, 0, self)?;
        Ok(len)
    }
}

// ---------------------------------------------------------------------------------------------
// CO_SAP

/// CO_SAP layout.
pub mod co_sap_field {
    /// SapType (ULONG).
    pub const SAP_TYPE: usize = 0;
    /// SapLength (ULONG): bytes of Sap.
    pub const SAP_LENGTH: usize = 4;
    /// Sap (`UCHAR[SapLength]`): an ATM_SAP.
    pub const SAP: usize = 8;
}

/// `CO_SAP` carrying an `ATM_SAP` (CmRegisterSap, NdisMCmDispatchIncomingCall).
/// `SapType` is [`SAP_TYPE_NSAP`] or [`SAP_TYPE_E164`]; both carry an ATM_SAP.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CoSap {
    /// SapType.
    pub sap_type: u32,
    /// Sap.
    pub sap: AtmSap,
}

impl AbiStruct for CoSap {
    const NAME: &'static str = "CO_SAP";

    /// Checks SapType, bounds SapLength by the buffer, then parses the ATM_SAP within
    /// exactly SapLength bytes.
    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, co_sap_field::SAP)?;
        let sap_type = r.u32(co_sap_field::SAP_TYPE)?;
        if sap_type != SAP_TYPE_NSAP && sap_type != SAP_TYPE_E164 {
            return Err(AbiError::InvalidField {
                structure: Self::NAME,
                field: "SapType",
                value: u64::from(sap_type),
            });
        }
        let declared = r.u32(co_sap_field::SAP_LENGTH)?;
        let room = buf.len() - co_sap_field::SAP;
        let len = usize::try_from(declared).unwrap_or(usize::MAX);
        if len > room {
            return Err(AbiError::LengthOverrun {
                structure: Self::NAME,
                field: "SapLength",
                declared: u64::from(declared),
                available: room,
            });
        }
        Ok(CoSap { sap_type, sap: AtmSap::parse(r.bytes(co_sap_field::SAP, len)?)? })
    }

    fn buffer_len(&self) -> usize {
        co_sap_field::SAP + self.sap.buffer_len()
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let len = self.buffer_len();
        let mut w = Writer::new(buf, len)?;
        w.u32(co_sap_field::SAP_TYPE, self.sap_type)?;
        w.u32(co_sap_field::SAP_LENGTH, u32::try_from(self.sap.buffer_len()).unwrap_or(0))?;
        emit_at(&mut w, co_sap_field::SAP, &self.sap)?;
        Ok(len)
    }
}

// ---------------------------------------------------------------------------------------------
// FLOWSPEC

/// FLOWSPEC layout (qos.h).
pub mod flowspec_field {
    /// TokenRate (ULONG, bytes/s).
    pub const TOKEN_RATE: usize = 0;
    /// TokenBucketSize (ULONG, bytes).
    pub const TOKEN_BUCKET_SIZE: usize = 4;
    /// PeakBandwidth (ULONG, bytes/s).
    pub const PEAK_BANDWIDTH: usize = 8;
    /// Latency (ULONG, µs).
    pub const LATENCY: usize = 12;
    /// DelayVariation (ULONG, µs).
    pub const DELAY_VARIATION: usize = 16;
    /// ServiceType (SERVICETYPE, ULONG).
    pub const SERVICE_TYPE: usize = 20;
    /// MaxSduSize (ULONG, bytes).
    pub const MAX_SDU_SIZE: usize = 24;
    /// MinimumPolicedSize (ULONG, bytes).
    pub const MINIMUM_POLICED_SIZE: usize = 28;
    /// sizeof(FLOWSPEC).
    pub const SIZE: usize = 32;
}
const _: () = assert!(flowspec_field::SIZE == 32);

/// `SERVICETYPE_NOTRAFFIC` (qos.h).
pub const SERVICETYPE_NOTRAFFIC: u32 = 0;
/// `SERVICETYPE_BESTEFFORT`.
pub const SERVICETYPE_BESTEFFORT: u32 = 1;
/// `SERVICETYPE_CONTROLLEDLOAD`.
pub const SERVICETYPE_CONTROLLEDLOAD: u32 = 2;
/// `SERVICETYPE_GUARANTEED`.
pub const SERVICETYPE_GUARANTEED: u32 = 3;
/// `SERVICETYPE_NOCHANGE`.
pub const SERVICETYPE_NOCHANGE: u32 = 0xFFFF_FFFD;
/// `SERVICETYPE_NOTSPECIFIED`.
pub const SERVICETYPE_NOTSPECIFIED: u32 = 0xFFFF_FFFF;
/// `QOS_NOT_SPECIFIED`: a FLOWSPEC field left to the call manager.
pub const QOS_NOT_SPECIFIED: u32 = 0xFFFF_FFFF;

/// `FLOWSPEC` (qos.h): one direction of CO_CALL_MANAGER_PARAMETERS. Rates are bytes/s; the
/// call manager converts them to cell rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FlowSpec {
    /// TokenRate.
    pub token_rate: u32,
    /// TokenBucketSize.
    pub token_bucket_size: u32,
    /// PeakBandwidth.
    pub peak_bandwidth: u32,
    /// Latency.
    pub latency: u32,
    /// DelayVariation.
    pub delay_variation: u32,
    /// ServiceType (`SERVICETYPE_*`, kept raw: it may carry flag bits).
    pub service_type: u32,
    /// MaxSduSize.
    pub max_sdu_size: u32,
    /// MinimumPolicedSize.
    pub minimum_policed_size: u32,
}

impl AbiStruct for FlowSpec {
    const NAME: &'static str = "FLOWSPEC";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use flowspec_field as f;
        let r = Reader::new(buf, Self::NAME, f::SIZE)?;
        Ok(FlowSpec {
            token_rate: r.u32(f::TOKEN_RATE)?,
            token_bucket_size: r.u32(f::TOKEN_BUCKET_SIZE)?,
            peak_bandwidth: r.u32(f::PEAK_BANDWIDTH)?,
            latency: r.u32(f::LATENCY)?,
            delay_variation: r.u32(f::DELAY_VARIATION)?,
            service_type: r.u32(f::SERVICE_TYPE)?,
            max_sdu_size: r.u32(f::MAX_SDU_SIZE)?,
            minimum_policed_size: r.u32(f::MINIMUM_POLICED_SIZE)?,
        })
    }

    fn buffer_len(&self) -> usize {
        flowspec_field::SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use flowspec_field as f;
        let mut w = Writer::new(buf, f::SIZE)?;
        w.u32(f::TOKEN_RATE, self.token_rate)?;
        w.u32(f::TOKEN_BUCKET_SIZE, self.token_bucket_size)?;
        w.u32(f::PEAK_BANDWIDTH, self.peak_bandwidth)?;
        w.u32(f::LATENCY, self.latency)?;
        w.u32(f::DELAY_VARIATION, self.delay_variation)?;
        w.u32(f::SERVICE_TYPE, self.service_type)?;
        w.u32(f::MAX_SDU_SIZE, self.max_sdu_size)?;
        w.u32(f::MINIMUM_POLICED_SIZE, self.minimum_policed_size)?;
        Ok(f::SIZE)
    }
}

// ---------------------------------------------------------------------------------------------
// CO_CALL_MANAGER_PARAMETERS

/// CO_CALL_MANAGER_PARAMETERS layout.
pub mod call_manager_field {
    use core::ops::Range;
    /// Transmit (FLOWSPEC).
    pub const TRANSMIT: Range<usize> = 0..32;
    /// Receive (FLOWSPEC).
    pub const RECEIVE: Range<usize> = 32..64;
    /// CallMgrSpecific (CO_SPECIFIC_PARAMETERS).
    pub const CALL_MGR_SPECIFIC: usize = 64;
    /// CallMgrSpecific.Parameters.
    pub const PARAMETERS: usize = 72;
}
const _: () = assert!(call_manager_field::CALL_MGR_SPECIFIC == 64);
const _: () = assert!(call_manager_field::CALL_MGR_SPECIFIC == 2 * flowspec_field::SIZE);
const _: () = assert!(
    call_manager_field::PARAMETERS
        == call_manager_field::CALL_MGR_SPECIFIC + specific_field::PARAMETERS
);

/// The body of CO_CALL_MANAGER_PARAMETERS.CallMgrSpecific.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CallMgrSpecific {
    /// ParamType [`CALLMGR_SPECIFIC_Q2931`] with a non-empty body: Q2931_CALLMGR_PARAMETERS.
    Q2931(Q2931CallMgrParameters),
    /// Any other ParamType, or an empty body: kept opaque.
    Other(CoSpecificParameters),
}

/// `CO_CALL_MANAGER_PARAMETERS`: `{FLOWSPEC Transmit, Receive; CO_SPECIFIC_PARAMETERS
/// CallMgrSpecific}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CoCallManagerParameters {
    /// Transmit.
    pub transmit: FlowSpec,
    /// Receive.
    pub receive: FlowSpec,
    /// CallMgrSpecific.
    pub call_mgr_specific: CallMgrSpecific,
}

/// The total size is `72 + CallMgrSpecific.Length`.
impl Pointee for CoCallManagerParameters {
    const SPECIFIC: usize = call_manager_field::CALL_MGR_SPECIFIC;
    const LENGTH_FIELD: &'static str = "CallMgrSpecific.Length";
    const POINTER_FIELD: &'static str = "CallMgrParameters";
}

impl AbiStruct for CoCallManagerParameters {
    const NAME: &'static str = "CO_CALL_MANAGER_PARAMETERS";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use call_manager_field as f;
        let r = Reader::new(buf, Self::NAME, f::PARAMETERS)?;
        let (param_type, body) = read_specific(&r, f::CALL_MGR_SPECIFIC, Self::NAME, buf.len())?;
        let call_mgr_specific = if param_type == CALLMGR_SPECIFIC_Q2931 && !body.is_empty() {
            CallMgrSpecific::Q2931(Q2931CallMgrParameters::parse(body)?)
        } else {
            CallMgrSpecific::Other(CoSpecificParameters { param_type, parameters: body.to_vec() })
        };
        Ok(CoCallManagerParameters {
            transmit: FlowSpec::parse(r.rest(f::TRANSMIT.start)?)?,
            receive: FlowSpec::parse(r.rest(f::RECEIVE.start)?)?,
            call_mgr_specific,
        })
    }

    fn buffer_len(&self) -> usize {
        call_manager_field::PARAMETERS
            + match &self.call_mgr_specific {
                CallMgrSpecific::Q2931(q) => q.buffer_len(),
                CallMgrSpecific::Other(o) => o.parameters.len(),
            }
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use call_manager_field as f;
        let len = self.buffer_len();
        let mut w = Writer::new(buf, len)?;
        emit_at(&mut w, f::TRANSMIT.start, &self.transmit)?;
        emit_at(&mut w, f::RECEIVE.start, &self.receive)?;
        match &self.call_mgr_specific {
            CallMgrSpecific::Q2931(q) => {
                write_specific(&mut w, f::CALL_MGR_SPECIFIC, CALLMGR_SPECIFIC_Q2931, q)?;
            }
            CallMgrSpecific::Other(o) => write_specific_opaque(&mut w, f::CALL_MGR_SPECIFIC, o)?,
        }
        Ok(len)
    }
}

// ---------------------------------------------------------------------------------------------
// CO_MEDIA_PARAMETERS

/// CO_MEDIA_PARAMETERS layout. MediaSpecific is POINTER_ALIGNMENT: on x64 it starts at 16,
/// not 12, so a buffer laid out with the 32-bit offsets is rejected (its ParamType reads as
/// the first bytes of Length).
pub mod co_media_field {
    /// Flags (ULONG).
    pub const FLAGS: usize = 0;
    /// ReceivePriority (ULONG).
    pub const RECEIVE_PRIORITY: usize = 4;
    /// ReceiveSizeHint (ULONG).
    pub const RECEIVE_SIZE_HINT: usize = 8;
    /// MediaSpecific (CO_SPECIFIC_PARAMETERS, 8-byte aligned; 4 bytes of padding before).
    pub const MEDIA_SPECIFIC: usize = 16;
    /// MediaSpecific.Parameters.
    pub const PARAMETERS: usize = 24;
    /// sizeof(CO_MEDIA_PARAMETERS) (with `Parameters[1]` and tail padding).
    pub const SIZE: usize = 32;
}
const _: () = assert!(co_media_field::SIZE == 32);
const _: () = assert!(co_media_field::MEDIA_SPECIFIC == 16);
const _: () = assert!(co_media_field::PARAMETERS == 24);
const _: () = assert!(co_media_field::MEDIA_SPECIFIC.is_multiple_of(8));
// Three ULONGs end at 12; POINTER_ALIGNMENT moves MediaSpecific to 16; its header is 8 bytes;
// the structure with Parameters[1] (25 bytes) rounds up to the 8-byte alignment: 32.
const _: () = assert!(
    co_media_field::PARAMETERS == co_media_field::MEDIA_SPECIFIC + specific_field::PARAMETERS
);
const _: () = assert!((co_media_field::PARAMETERS + 1).next_multiple_of(8) == co_media_field::SIZE);

/// The body of CO_MEDIA_PARAMETERS.MediaSpecific.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MediaSpecific {
    /// ParamType [`ATM_MEDIA_SPECIFIC`]: ATM_MEDIA_PARAMETERS (Length ≥ 152; extra bytes
    /// are ignored, emit writes exactly 152).
    Atm(AtmMediaParameters),
    /// Any other ParamType, kept opaque (activation rejects it).
    Other(CoSpecificParameters),
}

/// `CO_MEDIA_PARAMETERS`: what NdisMCmActivateVc / MiniportCoActivateVc program the NIC with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CoMediaParameters {
    /// Flags.
    pub flags: MediaFlags,
    /// ReceivePriority.
    pub receive_priority: u32,
    /// ReceiveSizeHint.
    pub receive_size_hint: u32,
    /// MediaSpecific.
    pub media_specific: MediaSpecific,
}

/// The total size is `24 + MediaSpecific.Length`.
impl Pointee for CoMediaParameters {
    const SPECIFIC: usize = co_media_field::MEDIA_SPECIFIC;
    const LENGTH_FIELD: &'static str = "MediaSpecific.Length";
    const POINTER_FIELD: &'static str = "MediaParameters";
}

impl CoMediaParameters {
    /// The ATM media parameters, if MediaSpecific holds them.
    #[must_use]
    pub const fn atm(&self) -> Option<&AtmMediaParameters> {
        match &self.media_specific {
            MediaSpecific::Atm(a) => Some(a),
            MediaSpecific::Other(_) => None,
        }
    }
}

impl AbiStruct for CoMediaParameters {
    const NAME: &'static str = "CO_MEDIA_PARAMETERS";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use co_media_field as f;
        let r = Reader::new(buf, Self::NAME, f::PARAMETERS)?;
        let (param_type, body) = read_specific(&r, f::MEDIA_SPECIFIC, Self::NAME, buf.len())?;
        let media_specific = if param_type == ATM_MEDIA_SPECIFIC {
            MediaSpecific::Atm(AtmMediaParameters::parse(body)?)
        } else {
            MediaSpecific::Other(CoSpecificParameters { param_type, parameters: body.to_vec() })
        };
        Ok(CoMediaParameters {
            flags: MediaFlags(r.u32(f::FLAGS)?),
            receive_priority: r.u32(f::RECEIVE_PRIORITY)?,
            receive_size_hint: r.u32(f::RECEIVE_SIZE_HINT)?,
            media_specific,
        })
    }

    fn buffer_len(&self) -> usize {
        co_media_field::PARAMETERS
            + match &self.media_specific {
                MediaSpecific::Atm(a) => a.buffer_len(),
                MediaSpecific::Other(o) => o.parameters.len(),
            }
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use co_media_field as f;
        let len = self.buffer_len();
        let mut w = Writer::new(buf, len)?;
        w.u32(f::FLAGS, self.flags.0)?;
        w.u32(f::RECEIVE_PRIORITY, self.receive_priority)?;
        w.u32(f::RECEIVE_SIZE_HINT, self.receive_size_hint)?;
        w.zero(f::RECEIVE_SIZE_HINT + 4, f::MEDIA_SPECIFIC - f::RECEIVE_SIZE_HINT - 4)?;
        match &self.media_specific {
            MediaSpecific::Atm(a) => {
                write_specific(&mut w, f::MEDIA_SPECIFIC, ATM_MEDIA_SPECIFIC, a)?
            }
            MediaSpecific::Other(o) => write_specific_opaque(&mut w, f::MEDIA_SPECIFIC, o)?,
        }
        Ok(len)
    }
}

// ---------------------------------------------------------------------------------------------
// CO_CALL_PARAMETERS

/// CO_CALL_PARAMETERS layout.
pub mod call_field {
    /// Flags (ULONG, then 4 bytes of padding).
    pub const FLAGS: usize = 0;
    /// CallMgrParameters (PCO_CALL_MANAGER_PARAMETERS).
    pub const CALL_MGR_PARAMETERS: usize = 8;
    /// MediaParameters (PCO_MEDIA_PARAMETERS).
    pub const MEDIA_PARAMETERS: usize = 16;
    /// sizeof(CO_CALL_PARAMETERS).
    pub const SIZE: usize = 24;
}
const _: () = assert!(call_field::SIZE == 24);
const _: () = assert!(call_field::CALL_MGR_PARAMETERS == 8 && call_field::MEDIA_PARAMETERS == 16);

/// `CO_CALL_PARAMETERS`: `{Flags; PCO_CALL_MANAGER_PARAMETERS; PCO_MEDIA_PARAMETERS}`, with
/// the two pointed-to structures parsed (a NULL pointer is `None`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CoCallParameters {
    /// Flags.
    pub flags: CallFlags,
    /// *CallMgrParameters.
    pub call_mgr_parameters: Option<CoCallManagerParameters>,
    /// *MediaParameters.
    pub media_parameters: Option<CoMediaParameters>,
}

/// The CO_CALL_PARAMETERS error for the structure `T` at `ptr` when `len` bytes of it are not
/// mapped.
fn bad_pointer<T: Pointee>(ptr: u64, len: usize) -> AbiError {
    AbiError::BadPointer {
        structure: "CO_CALL_PARAMETERS",
        field: T::POINTER_FIELD,
        pointer: ptr,
        len,
    }
}

/// Follows the pointer `ptr` to a `T` (NULL is `None`): resolves it first for the fixed
/// part, reads the declared total length from it, bounds it, then resolves and parses
/// exactly that many bytes.
fn resolve_sized<T: Pointee, R: PointerResolver>(
    resolver: &R,
    ptr: u64,
) -> Result<Option<T>, AbiError> {
    if ptr == 0 {
        return Ok(None);
    }
    let head = resolver.slice(ptr, T::FIXED).ok_or(bad_pointer::<T>(ptr, T::FIXED))?;
    let total = T::declared_len(head)?;
    let bytes = resolver.slice(ptr, total).ok_or(bad_pointer::<T>(ptr, total))?;
    T::parse(bytes).map(Some)
}

/// Checks that `v` can be re-emitted over the client's structure at `ptr`: a non-NULL,
/// mapped pointer whose declared extent holds `v`.
fn check_in_place<T: Pointee, R: PointerResolverMut>(
    mem: &mut R,
    ptr: u64,
    v: &T,
) -> Result<usize, AbiError> {
    let bad = |len| bad_pointer::<T>(ptr, len);
    if ptr == 0 {
        return Err(bad(T::FIXED));
    }
    let old = T::declared_len(mem.slice_mut(ptr, T::FIXED).ok_or(bad(T::FIXED))?)?;
    let new = v.buffer_len();
    if new > old {
        return Err(AbiError::BufferTooSmall { needed: new, actual: old });
    }
    mem.slice_mut(ptr, new).map(|_| old).ok_or(bad(new))
}

/// `[a, a + a_len)` and `[b, b + b_len)` share a byte (computed without overflow).
fn overlaps(a: (u64, usize), b: (u64, usize)) -> bool {
    let end = |(p, l): (u64, usize)| u128::from(p) + l as u128;
    u128::from(a.0) < end(b) && u128::from(b.0) < end(a)
}

/// Re-emits `v` at `ptr` (after [`check_in_place`]).
fn write_in_place<T: AbiStruct, R: PointerResolverMut>(
    mem: &mut R,
    ptr: u64,
    v: &T,
    field: &'static str,
) -> Result<(), AbiError> {
    let len = v.buffer_len();
    let dst = mem.slice_mut(ptr, len).ok_or(AbiError::BadPointer {
        structure: "CO_CALL_PARAMETERS",
        field,
        pointer: ptr,
        len,
    })?;
    v.emit(dst).map(drop)
}

impl CoCallParameters {
    /// Parses the 24-byte CO_CALL_PARAMETERS in `buf`, following its pointers through
    /// `resolver`. Each pointed-to structure is first mapped for its fixed part, its
    /// CO_SPECIFIC_PARAMETERS.Length is bounded by [`MAX_SPECIFIC_LENGTH`], and only then
    /// is the full extent mapped and parsed.
    pub fn parse_with<R: PointerResolver>(buf: &[u8], resolver: &R) -> Result<Self, AbiError> {
        use call_field as f;
        let r = Reader::new(buf, "CO_CALL_PARAMETERS", f::SIZE)?;
        let cm_ptr = r.u64(f::CALL_MGR_PARAMETERS)?;
        let media_ptr = r.u64(f::MEDIA_PARAMETERS)?;
        let call_mgr_parameters = resolve_sized(resolver, cm_ptr)?;
        let media_parameters = resolve_sized(resolver, media_ptr)?;
        Ok(CoCallParameters {
            flags: CallFlags(r.u32(f::FLAGS)?),
            call_mgr_parameters,
            media_parameters,
        })
    }

    /// Parses the CO_CALL_PARAMETERS at address `ptr` (as NDIS hands it to a handler).
    pub fn parse_at<R: PointerResolver>(ptr: u64, resolver: &R) -> Result<Self, AbiError> {
        let head = resolver.slice(ptr, call_field::SIZE).ok_or(AbiError::BadPointer {
            structure: "CO_CALL_PARAMETERS",
            field: "(self)",
            pointer: ptr,
            len: call_field::SIZE,
        })?;
        Self::parse_with(head, resolver)
    }

    /// Writes `self` back into the client's CO_CALL_PARAMETERS at `ptr`, keeping the client's
    /// pointers: Flags is overwritten, and each pointed-to structure is re-emitted in place.
    /// A structure must fit in the extent the client declared for it (fixed part plus its
    /// original CO_SPECIFIC_PARAMETERS.Length), and one present in `self` needs a non-NULL
    /// pointer; extents that overlap each other or the CO_CALL_PARAMETERS itself are
    /// refused (InvalidField); otherwise nothing at all is written and the error says why.
    /// This is how the call manager reports negotiated parameters with
    /// CALL_PARAMETERS_CHANGED (condis-reference.md §4).
    pub fn write_back<R: PointerResolverMut>(&self, ptr: u64, mem: &mut R) -> Result<(), AbiError> {
        use call_field as f;
        let bad = |field, pointer, len| AbiError::BadPointer {
            structure: "CO_CALL_PARAMETERS",
            field,
            pointer,
            len,
        };
        let head = mem.slice_mut(ptr, f::SIZE).ok_or(bad("(self)", ptr, f::SIZE))?;
        let r = Reader::new(head, "CO_CALL_PARAMETERS", f::SIZE)?;
        let cm_ptr = r.u64(f::CALL_MGR_PARAMETERS)?;
        let media_ptr = r.u64(f::MEDIA_PARAMETERS)?;
        // Check everything first so that a refusal leaves the client's parameters untouched:
        // each extent must be mapped, large enough, and not overlap the others (a write into
        // one must not change another).
        let cm_extent = match &self.call_mgr_parameters {
            Some(cm) => Some(check_in_place(mem, cm_ptr, cm)?),
            None => None,
        };
        let media_extent = match &self.media_parameters {
            Some(media) => Some(check_in_place(mem, media_ptr, media)?),
            None => None,
        };
        let head_extent = (ptr, f::SIZE);
        let overlap = |field, pointer| AbiError::InvalidField {
            structure: "CO_CALL_PARAMETERS",
            field,
            value: pointer,
        };
        if let Some(len) = cm_extent {
            if overlaps(head_extent, (cm_ptr, len)) {
                return Err(overlap("CallMgrParameters", cm_ptr));
            }
        }
        if let Some(len) = media_extent {
            if overlaps(head_extent, (media_ptr, len)) {
                return Err(overlap("MediaParameters", media_ptr));
            }
            if let Some(cm_len) = cm_extent {
                if overlaps((cm_ptr, cm_len), (media_ptr, len)) {
                    return Err(overlap("MediaParameters", media_ptr));
                }
            }
        }
        if let Some(cm) = &self.call_mgr_parameters {
            write_in_place(mem, cm_ptr, cm, "CallMgrParameters")?;
        }
        if let Some(media) = &self.media_parameters {
            write_in_place(mem, media_ptr, media, "MediaParameters")?;
        }
        let head = mem.slice_mut(ptr, f::SIZE).ok_or(bad("(self)", ptr, f::SIZE))?;
        Writer::new(head, f::SIZE)?.u32(f::FLAGS, self.flags.0)?;
        Ok(())
    }

    /// Offsets of the call-manager and media parameters in the flat layout: each 8-byte
    /// aligned after the previous part.
    fn flat_offsets(&self) -> (usize, usize, usize) {
        let cm_off = align_up(call_field::SIZE, 8);
        let cm_len = self.call_mgr_parameters.as_ref().map_or(0, AbiStruct::buffer_len);
        let media_off = align_up(cm_off + cm_len, 8);
        let media_len = self.media_parameters.as_ref().map_or(0, AbiStruct::buffer_len);
        (cm_off, media_off, media_off + media_len)
    }

    /// Bytes [`CoCallParameters::emit_flat`] writes.
    #[must_use]
    pub fn flat_len(&self) -> usize {
        self.flat_offsets().2
    }

    /// Lays the call parameters out in one buffer that will live at address `base`:
    /// CO_CALL_PARAMETERS at 0, then CO_CALL_MANAGER_PARAMETERS and CO_MEDIA_PARAMETERS
    /// (8-byte aligned), with the pointers set to `base + offset` (NULL for `None`).
    /// This is how the MCM builds the parameters of NdisMCmDispatchIncomingCall and
    /// NdisMCmActivateVc. Returns the bytes written.
    pub fn emit_flat(&self, buf: &mut [u8], base: u64) -> Result<usize, AbiError> {
        use call_field as f;
        let (cm_off, media_off, total) = self.flat_offsets();
        let mut w = Writer::new(buf, total)?;
        w.zero(0, total)?;
        w.u32(f::FLAGS, self.flags.0)?;
        let addr = |off: usize| {
            u64::try_from(off).ok().and_then(|o| base.checked_add(o)).ok_or(
                AbiError::InvalidField {
                    structure: "CO_CALL_PARAMETERS",
                    field: "base",
                    value: base,
                },
            )
        };
        if let Some(cm) = &self.call_mgr_parameters {
            w.u64(f::CALL_MGR_PARAMETERS, addr(cm_off)?)?;
            emit_at(&mut w, cm_off, cm)?;
        }
        if let Some(media) = &self.media_parameters {
            w.u64(f::MEDIA_PARAMETERS, addr(media_off)?)?;
            emit_at(&mut w, media_off, media)?;
        }
        Ok(total)
    }
}

// ---------------------------------------------------------------------------------------------
// CO_PVC

/// CO_PVC layout.
pub mod pvc_field {
    /// NdisAfHandle (NDIS_HANDLE).
    pub const NDIS_AF_HANDLE: usize = 0;
    /// PvcParameters (CO_SPECIFIC_PARAMETERS).
    pub const PVC_PARAMETERS: usize = 8;
    /// PvcParameters.Parameters.
    pub const PARAMETERS: usize = 16;
}
const _: () = assert!(pvc_field::PVC_PARAMETERS == 8);
const _: () =
    assert!(pvc_field::PARAMETERS == pvc_field::PVC_PARAMETERS + specific_field::PARAMETERS);

/// `CO_PVC`: the InformationBuffer of OID_CO_ADD_PVC (`P` = [`super::atm::Q2931AddPvc`]) and
/// OID_CO_DELETE_PVC (`P` = [`super::atm::Q2931DeletePvc`]). PvcParameters.Length must
/// cover `P` and fit in the buffer; ParamType is kept as given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CoPvc<P> {
    /// NdisAfHandle: opaque to the MCM, kept for the reply.
    pub ndis_af_handle: u64,
    /// PvcParameters.ParamType.
    pub param_type: u32,
    /// PvcParameters.Parameters.
    pub parameters: P,
}

impl<P: AbiStruct> AbiStruct for CoPvc<P> {
    const NAME: &'static str = "CO_PVC";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, pvc_field::PARAMETERS)?;
        let (param_type, body) =
            read_specific(&r, pvc_field::PVC_PARAMETERS, Self::NAME, buf.len())?;
        Ok(CoPvc {
            ndis_af_handle: r.u64(pvc_field::NDIS_AF_HANDLE)?,
            param_type,
            parameters: P::parse(body)?,
        })
    }

    fn buffer_len(&self) -> usize {
        pvc_field::PARAMETERS + self.parameters.buffer_len()
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let len = self.buffer_len();
        let mut w = Writer::new(buf, len)?;
        w.u64(pvc_field::NDIS_AF_HANDLE, self.ndis_af_handle)?;
        write_specific(&mut w, pvc_field::PVC_PARAMETERS, self.param_type, &self.parameters)?;
        Ok(len)
    }
}

// ---------------------------------------------------------------------------------------------
// CO_ADDRESS, CO_ADDRESS_LIST

/// CO_ADDRESS / CO_ADDRESS_LIST layout.
pub mod address_field_co {
    /// CO_ADDRESS.AddressSize (ULONG).
    pub const ADDRESS_SIZE: usize = 0;
    /// CO_ADDRESS.Address.
    pub const ADDRESS: usize = 4;
    /// CO_ADDRESS_LIST.NumberOfAddressesAvailable (ULONG).
    pub const NUMBER_OF_ADDRESSES_AVAILABLE: usize = 0;
    /// CO_ADDRESS_LIST.NumberOfAddresses (ULONG).
    pub const NUMBER_OF_ADDRESSES: usize = 4;
    /// CO_ADDRESS_LIST.AddressList: the first CO_ADDRESS.
    pub const ADDRESS_LIST: usize = 8;
    /// AddressSize of an ATM CO_ADDRESS and the stride of CO_ADDRESS_LIST entries:
    /// sizeof(CO_ADDRESS) + sizeof(ATM_ADDRESS) = 8 + 28.
    pub const ATM_ENTRY_SIZE: usize = 36;
}
const _: () = assert!(address_field_co::ATM_ENTRY_SIZE == 8 + address_field::SIZE);

/// Most addresses accepted in a CO_ADDRESS_LIST.
pub const MAX_CO_ADDRESSES: usize = 16;

/// `CO_ADDRESS` holding an ATM_ADDRESS.
///
/// AddressSize follows the Windows ATM call manager's convention that ATMARP and LANE check:
/// `sizeof(CO_ADDRESS) + sizeof(ATM_ADDRESS)` = 36 (it counts the header), with the
/// ATM_ADDRESS at offset 4. The parser accepts any AddressSize ≥ 28 (kept for the round
/// trip); [`CoAddress::atm`] uses 36.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CoAddress {
    /// AddressSize.
    pub address_size: u32,
    /// Address.
    pub address: AtmAddress,
}

impl CoAddress {
    /// An ATM CO_ADDRESS with the conventional AddressSize.
    #[must_use]
    pub const fn atm(address: AtmAddress) -> Self {
        CoAddress { address_size: address_field_co::ATM_ENTRY_SIZE as u32, address }
    }
}

impl AbiStruct for CoAddress {
    const NAME: &'static str = "CO_ADDRESS";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use address_field_co as f;
        let r = Reader::new(buf, Self::NAME, f::ADDRESS + address_field::SIZE)?;
        let address_size = r.u32(f::ADDRESS_SIZE)?;
        if usize::try_from(address_size).unwrap_or(usize::MAX) < address_field::SIZE {
            return Err(AbiError::InvalidField {
                structure: Self::NAME,
                field: "AddressSize",
                value: u64::from(address_size),
            });
        }
        Ok(CoAddress { address_size, address: AtmAddress::parse(r.rest(f::ADDRESS)?)? })
    }

    fn buffer_len(&self) -> usize {
        address_field_co::ATM_ENTRY_SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use address_field_co as f;
        let mut w = Writer::new(buf, f::ATM_ENTRY_SIZE)?;
        w.zero(0, f::ATM_ENTRY_SIZE)?;
        w.u32(f::ADDRESS_SIZE, self.address_size)?;
        emit_at(&mut w, f::ADDRESS, &self.address)?;
        Ok(f::ATM_ENTRY_SIZE)
    }
}

/// `CO_ADDRESS_LIST`: the answer to OID_CO_GET_ADDRESSES. Entries are CO_ADDRESS structures
/// [`address_field_co::ATM_ENTRY_SIZE`] bytes apart.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CoAddressList {
    /// NumberOfAddressesAvailable.
    pub number_of_addresses_available: u32,
    /// The addresses (NumberOfAddresses of them; at most [`MAX_CO_ADDRESSES`]).
    pub addresses: Vec<CoAddress>,
}

impl AbiStruct for CoAddressList {
    const NAME: &'static str = "CO_ADDRESS_LIST";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        use address_field_co as f;
        let r = Reader::new(buf, Self::NAME, f::ADDRESS_LIST)?;
        let count = r.u32(f::NUMBER_OF_ADDRESSES)?;
        let room = (buf.len() - f::ADDRESS_LIST) / f::ATM_ENTRY_SIZE;
        let max = room.min(MAX_CO_ADDRESSES);
        if usize::try_from(count).unwrap_or(usize::MAX) > max {
            return Err(AbiError::TooMany {
                structure: Self::NAME,
                field: "NumberOfAddresses",
                count: u64::from(count),
                max,
            });
        }
        let addresses = r
            .rest(f::ADDRESS_LIST)?
            .chunks_exact(f::ATM_ENTRY_SIZE)
            .take(usize::try_from(count).unwrap_or(0))
            .map(CoAddress::parse)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CoAddressList {
            number_of_addresses_available: r.u32(f::NUMBER_OF_ADDRESSES_AVAILABLE)?,
            addresses,
        })
    }

    fn buffer_len(&self) -> usize {
        address_field_co::ADDRESS_LIST
            + self.addresses.len().saturating_mul(address_field_co::ATM_ENTRY_SIZE)
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        use address_field_co as f;
        if self.addresses.len() > MAX_CO_ADDRESSES {
            return Err(AbiError::TooMany {
                structure: Self::NAME,
                field: "NumberOfAddresses",
                count: u64::try_from(self.addresses.len()).unwrap_or(u64::MAX),
                max: MAX_CO_ADDRESSES,
            });
        }
        let len = self.buffer_len();
        let mut w = Writer::new(buf, len)?;
        w.u32(f::NUMBER_OF_ADDRESSES_AVAILABLE, self.number_of_addresses_available)?;
        w.u32(f::NUMBER_OF_ADDRESSES, u32::try_from(self.addresses.len()).unwrap_or(0))?;
        let mut off = f::ADDRESS_LIST;
        for a in &self.addresses {
            emit_at(&mut w, off, a)?;
            off += f::ATM_ENTRY_SIZE;
        }
        Ok(len)
    }
}

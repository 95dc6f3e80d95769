//! OID codes (ntddndis.h, atm.h; condis-reference.md §6), the table of OIDs the MCM
//! answers with their InformationBuffer length rules, and bounded query writers.
//!
//! # Length convention
//! - **Query** with a buffer shorter than the answer: `NDIS_STATUS_BUFFER_TOO_SHORT`,
//!   BytesWritten 0, BytesNeeded = the full answer size — for fixed-size and variable OIDs
//!   alike. The client can retry with BytesNeeded, which is what the status says; NDIS maps
//!   it and INVALID_LENGTH to the same user-mode error, so nothing is lost for WMI callers.
//!   Nothing is ever written partially.
//! - **Set** with a buffer shorter than the OID's structure: `NDIS_STATUS_INVALID_LENGTH`,
//!   BytesRead 0, BytesNeeded = the size needed. The client's data is malformed rather than
//!   its output space too small, and INVALID_LENGTH is NDIS's code for "the
//!   InformationBufferLength does not match the OID". Longer buffers are accepted and only
//!   the structure's bytes are read (BytesRead), as NDIS miniports customarily do.
//! - **Statistics counters** (64-bit capable, "4 or 8" in the WDK tables): a buffer of 8
//!   bytes or more gets the 64-bit value (BytesWritten 8); a buffer of 4–7 bytes gets the
//!   low 32 bits (BytesWritten 4) with BytesNeeded 8 as a hint; a shorter buffer is
//!   BUFFER_TOO_SHORT with BytesNeeded 8.
//! - An OID not in the table for the handler it reached, or a request type the OID does
//!   not support: `NDIS_STATUS_NOT_SUPPORTED` (NDIS 6 miniports no longer use INVALID_OID).

use core::fmt;

use super::atm::{AtmVcRatesSupported, AtmVpiVci, ATM_MAC_ADDRESS_LENGTH};
use super::co::CoAddressList;
use super::{AbiError, AbiStruct, NdisStatus, Reader, Writer};

/// An NDIS object identifier.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Oid(pub u32);

macro_rules! oids {
    ($($(#[$doc:meta])* $name:ident = $value:literal;)*) => {
        impl Oid {
            $($(#[$doc])* pub const $name: Oid = Oid($value);)*

            /// Every named OID.
            pub const ALL: &'static [Oid] = &[$(Oid::$name),*];

            /// The header name of a known OID (without the `OID_` prefix).
            #[must_use]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some(stringify!($name)),)*
                    _ => None,
                }
            }
        }
    };
}

oids! {
    /// `OID_GEN_CO_SUPPORTED_LIST` (= OID_GEN_SUPPORTED_LIST).
    GEN_CO_SUPPORTED_LIST = 0x0001_0101;
    /// `OID_GEN_CO_HARDWARE_STATUS`.
    GEN_CO_HARDWARE_STATUS = 0x0001_0102;
    /// `OID_GEN_CO_MEDIA_SUPPORTED`.
    GEN_CO_MEDIA_SUPPORTED = 0x0001_0103;
    /// `OID_GEN_CO_MEDIA_IN_USE`.
    GEN_CO_MEDIA_IN_USE = 0x0001_0104;
    /// `OID_GEN_CO_LINK_SPEED`: NDIS_CO_LINK_SPEED, units of 100 bit/s.
    GEN_CO_LINK_SPEED = 0x0001_0107;
    /// `OID_GEN_CO_VENDOR_ID`.
    GEN_CO_VENDOR_ID = 0x0001_010C;
    /// `OID_GEN_CO_VENDOR_DESCRIPTION`.
    GEN_CO_VENDOR_DESCRIPTION = 0x0001_010D;
    /// `OID_GEN_CO_DRIVER_VERSION`.
    GEN_CO_DRIVER_VERSION = 0x0001_0110;
    /// `OID_GEN_CO_PROTOCOL_OPTIONS`.
    GEN_CO_PROTOCOL_OPTIONS = 0x0001_0112;
    /// `OID_GEN_CO_MAC_OPTIONS`.
    GEN_CO_MAC_OPTIONS = 0x0001_0113;
    /// `OID_GEN_CO_MEDIA_CONNECT_STATUS`.
    GEN_CO_MEDIA_CONNECT_STATUS = 0x0001_0114;
    /// `OID_GEN_CO_VENDOR_DRIVER_VERSION`.
    GEN_CO_VENDOR_DRIVER_VERSION = 0x0001_0116;
    /// `OID_GEN_CO_SUPPORTED_GUIDS`.
    GEN_CO_SUPPORTED_GUIDS = 0x0001_0117;
    /// `OID_GEN_CO_MINIMUM_LINK_SPEED`.
    GEN_CO_MINIMUM_LINK_SPEED = 0x0002_0120;
    /// `OID_GEN_CO_GET_TIME_CAPS` (= OID_GEN_GET_TIME_CAPS).
    GEN_CO_GET_TIME_CAPS = 0x0002_020F;
    /// `OID_GEN_CO_GET_NETCARD_TIME` (= OID_GEN_GET_NETCARD_TIME).
    GEN_CO_GET_NETCARD_TIME = 0x0002_0210;
    /// `OID_GEN_CO_XMIT_PDUS_OK` (= OID_GEN_XMIT_OK).
    GEN_CO_XMIT_PDUS_OK = 0x0002_0101;
    /// `OID_GEN_CO_RCV_PDUS_OK` (= OID_GEN_RCV_OK).
    GEN_CO_RCV_PDUS_OK = 0x0002_0102;
    /// `OID_GEN_CO_XMIT_PDUS_ERROR` (= OID_GEN_XMIT_ERROR).
    GEN_CO_XMIT_PDUS_ERROR = 0x0002_0103;
    /// `OID_GEN_CO_RCV_PDUS_ERROR` (= OID_GEN_RCV_ERROR).
    GEN_CO_RCV_PDUS_ERROR = 0x0002_0104;
    /// `OID_GEN_CO_RCV_PDUS_NO_BUFFER` (= OID_GEN_RCV_NO_BUFFER).
    GEN_CO_RCV_PDUS_NO_BUFFER = 0x0002_0105;
    /// `OID_GEN_CO_BYTES_XMIT` (= OID_GEN_DIRECTED_BYTES_XMIT).
    GEN_CO_BYTES_XMIT = 0x0002_0201;
    /// `OID_GEN_CO_BYTES_RCV` (= OID_GEN_DIRECTED_BYTES_RCV).
    GEN_CO_BYTES_RCV = 0x0002_0207;
    /// `OID_GEN_CO_RCV_CRC_ERROR` (= OID_GEN_RCV_CRC_ERROR).
    GEN_CO_RCV_CRC_ERROR = 0x0002_020D;
    /// `OID_GEN_CO_TRANSMIT_QUEUE_LENGTH` (= OID_GEN_TRANSMIT_QUEUE_LENGTH).
    GEN_CO_TRANSMIT_QUEUE_LENGTH = 0x0002_020E;
    /// `OID_GEN_CO_NETCARD_LOAD` (= OID_GEN_NETCARD_LOAD).
    GEN_CO_NETCARD_LOAD = 0x0002_0211;
    /// `OID_GEN_CO_DEVICE_PROFILE` (= OID_GEN_DEVICE_PROFILE).
    GEN_CO_DEVICE_PROFILE = 0x0002_0212;
    /// `OID_GEN_CO_BYTES_XMIT_OUTSTANDING`.
    GEN_CO_BYTES_XMIT_OUTSTANDING = 0x0002_0221;

    /// `OID_CO_ADD_PVC`.
    CO_ADD_PVC = 0xFE00_0001;
    /// `OID_CO_DELETE_PVC`.
    CO_DELETE_PVC = 0xFE00_0002;
    /// `OID_CO_GET_CALL_INFORMATION`.
    CO_GET_CALL_INFORMATION = 0xFE00_0003;
    /// `OID_CO_ADD_ADDRESS`.
    CO_ADD_ADDRESS = 0xFE00_0004;
    /// `OID_CO_DELETE_ADDRESS`.
    CO_DELETE_ADDRESS = 0xFE00_0005;
    /// `OID_CO_GET_ADDRESSES`.
    CO_GET_ADDRESSES = 0xFE00_0006;
    /// `OID_CO_ADDRESS_CHANGE`.
    CO_ADDRESS_CHANGE = 0xFE00_0007;
    /// `OID_CO_SIGNALING_ENABLED`.
    CO_SIGNALING_ENABLED = 0xFE00_0008;
    /// `OID_CO_SIGNALING_DISABLED`.
    CO_SIGNALING_DISABLED = 0xFE00_0009;
    /// `OID_CO_AF_CLOSE` (not used by CoNDIS 6).
    CO_AF_CLOSE = 0xFE00_000A;

    /// `OID_ATM_SUPPORTED_VC_RATES`.
    ATM_SUPPORTED_VC_RATES = 0x0801_0101;
    /// `OID_ATM_SUPPORTED_SERVICE_CATEGORY`.
    ATM_SUPPORTED_SERVICE_CATEGORY = 0x0801_0102;
    /// `OID_ATM_SUPPORTED_AAL_TYPES`.
    ATM_SUPPORTED_AAL_TYPES = 0x0801_0103;
    /// `OID_ATM_HW_CURRENT_ADDRESS`.
    ATM_HW_CURRENT_ADDRESS = 0x0801_0104;
    /// `OID_ATM_MAX_ACTIVE_VCS`.
    ATM_MAX_ACTIVE_VCS = 0x0801_0105;
    /// `OID_ATM_MAX_ACTIVE_VCI_BITS`.
    ATM_MAX_ACTIVE_VCI_BITS = 0x0801_0106;
    /// `OID_ATM_MAX_ACTIVE_VPI_BITS`.
    ATM_MAX_ACTIVE_VPI_BITS = 0x0801_0107;
    /// `OID_ATM_MAX_AAL0_PACKET_SIZE`.
    ATM_MAX_AAL0_PACKET_SIZE = 0x0801_0108;
    /// `OID_ATM_MAX_AAL1_PACKET_SIZE`.
    ATM_MAX_AAL1_PACKET_SIZE = 0x0801_0109;
    /// `OID_ATM_MAX_AAL34_PACKET_SIZE`.
    ATM_MAX_AAL34_PACKET_SIZE = 0x0801_010A;
    /// `OID_ATM_MAX_AAL5_PACKET_SIZE`.
    ATM_MAX_AAL5_PACKET_SIZE = 0x0801_010B;
    /// `OID_ATM_SIGNALING_VPIVCI`.
    ATM_SIGNALING_VPIVCI = 0x0801_0201;
    /// `OID_ATM_ASSIGNED_VPI`.
    ATM_ASSIGNED_VPI = 0x0801_0202;
    /// `OID_ATM_ACQUIRE_ACCESS_NET_RESOURCES`.
    ATM_ACQUIRE_ACCESS_NET_RESOURCES = 0x0801_0203;
    /// `OID_ATM_RELEASE_ACCESS_NET_RESOURCES`.
    ATM_RELEASE_ACCESS_NET_RESOURCES = 0x0801_0204;
    /// `OID_ATM_ILMI_VPIVCI`.
    ATM_ILMI_VPIVCI = 0x0801_0205;
    /// `OID_ATM_DIGITAL_BROADCAST_VPIVCI`.
    ATM_DIGITAL_BROADCAST_VPIVCI = 0x0801_0206;
    /// `OID_ATM_GET_NEAREST_FLOW`.
    ATM_GET_NEAREST_FLOW = 0x0801_0207;
    /// `OID_ATM_ALIGNMENT_REQUIRED`.
    ATM_ALIGNMENT_REQUIRED = 0x0801_0208;
    /// `OID_ATM_LECS_ADDRESS`.
    ATM_LECS_ADDRESS = 0x0801_0209;
    /// `OID_ATM_SERVICE_ADDRESS`.
    ATM_SERVICE_ADDRESS = 0x0801_020A;
    /// `OID_ATM_CALL_PROCEEDING`.
    ATM_CALL_PROCEEDING = 0x0801_020B;
    /// `OID_ATM_CALL_ALERTING`.
    ATM_CALL_ALERTING = 0x0801_020C;
    /// `OID_ATM_PARTY_ALERTING`.
    ATM_PARTY_ALERTING = 0x0801_020D;
    /// `OID_ATM_CALL_NOTIFY`.
    ATM_CALL_NOTIFY = 0x0801_020E;
    /// `OID_ATM_MY_IP_NM_ADDRESS`.
    ATM_MY_IP_NM_ADDRESS = 0x0801_020F;
    /// `OID_ATM_RCV_CELLS_OK`.
    ATM_RCV_CELLS_OK = 0x0802_0101;
    /// `OID_ATM_XMIT_CELLS_OK`.
    ATM_XMIT_CELLS_OK = 0x0802_0102;
    /// `OID_ATM_RCV_CELLS_DROPPED`.
    ATM_RCV_CELLS_DROPPED = 0x0802_0103;
    /// `OID_ATM_RCV_INVALID_VPI_VCI`.
    ATM_RCV_INVALID_VPI_VCI = 0x0802_0201;
    /// `OID_ATM_CELLS_HEC_ERROR`.
    ATM_CELLS_HEC_ERROR = 0x0802_0202;
    /// `OID_ATM_RCV_REASSEMBLY_ERROR`.
    ATM_RCV_REASSEMBLY_ERROR = 0x0802_0203;
}

impl From<u32> for Oid {
    fn from(value: u32) -> Self {
        Oid(value)
    }
}

impl From<Oid> for u32 {
    fn from(value: Oid) -> u32 {
        value.0
    }
}

impl fmt::Debug for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "OID_{name}"),
            None => write!(f, "Oid({:#010x})", self.0),
        }
    }
}

/// `NDIS_MEDIUM` NdisMediumAtm (answer to MEDIA_SUPPORTED / MEDIA_IN_USE).
pub const NDIS_MEDIUM_ATM: u32 = 8;
/// `NdisHardwareStatusReady`.
pub const NDIS_HARDWARE_STATUS_READY: u32 = 0;
/// `NdisMediaStateConnected`.
pub const NDIS_MEDIA_STATE_CONNECTED: u32 = 0;
/// `NdisMediaStateDisconnected`.
pub const NDIS_MEDIA_STATE_DISCONNECTED: u32 = 1;

/// The request type of an NDIS_OID_REQUEST (`NDIS_REQUEST_TYPE`, ndis.h).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestType {
    /// `NdisRequestQueryInformation` (0).
    Query,
    /// `NdisRequestSetInformation` (1).
    Set,
    /// `NdisRequestQueryStatistics` (2): answered like a query.
    QueryStatistics,
    /// Any other request type (methods and the rest): not supported by the MCM.
    Unknown(u32),
}

impl From<u32> for RequestType {
    fn from(value: u32) -> Self {
        match value {
            0 => RequestType::Query,
            1 => RequestType::Set,
            2 => RequestType::QueryStatistics,
            other => RequestType::Unknown(other),
        }
    }
}

impl From<RequestType> for u32 {
    fn from(value: RequestType) -> u32 {
        match value {
            RequestType::Query => 0,
            RequestType::Set => 1,
            RequestType::QueryStatistics => 2,
            RequestType::Unknown(v) => v,
        }
    }
}

/// Which MCM entry point handles an OID (condis-reference.md §2 "OID routing").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OidHandler {
    /// MiniportCoOidRequest: a client request with a NULL AF handle.
    Miniport,
    /// CmOidRequest: a client request on an open AF.
    CallManager,
    /// Sent by the MCM to a client with NdisMCmOidRequest.
    ToClient,
}

/// How an OID's InformationBuffer length is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LengthRule {
    /// Exactly this many bytes are read or written; a longer buffer is fine.
    Fixed(usize),
    /// A statistics counter: 8 bytes, or 4 with the low half (see the module docs).
    Counter,
    /// A variable structure of at least `min` bytes; the exact need is known when the answer
    /// (query) or the data (set) is built.
    Variable {
        /// Smallest acceptable buffer.
        min: usize,
    },
    /// No buffer: the length is ignored.
    Empty,
}

/// One OID the MCM answers (or sends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OidInfo {
    /// The OID.
    pub oid: Oid,
    /// The entry point that handles it.
    pub handler: OidHandler,
    /// Length rule of a query, if queries are supported.
    pub query: Option<LengthRule>,
    /// Length rule of a set, if sets are supported.
    pub set: Option<LengthRule>,
}

/// sizeof(NDIS_CO_LINK_SPEED): `{ULONG Outbound, Inbound}`.
pub const CO_LINK_SPEED_SIZE: usize = 8;
/// Smallest OID_CO_ADD_PVC buffer: CO_PVC header (16) + Q2931_ADD_PVC (296).
pub const ADD_PVC_MIN: usize = 16 + 296;
/// Smallest OID_CO_DELETE_PVC buffer: CO_PVC header (16) + Q2931_DELETE_PVC (8).
pub const DELETE_PVC_MIN: usize = 16 + 8;
/// Smallest OID_CO_GET_ADDRESSES buffer: the CO_ADDRESS_LIST counts.
pub const GET_ADDRESSES_MIN: usize = 8;

const fn q(oid: Oid, rule: LengthRule) -> OidInfo {
    OidInfo { oid, handler: OidHandler::Miniport, query: Some(rule), set: None }
}

const fn counter(oid: Oid) -> OidInfo {
    q(oid, LengthRule::Counter)
}

/// The OIDs the MCM answers, with their length rules. Sources: the WDK tables "General
/// operational/statistics OIDs for connection-oriented miniport drivers", the ATM OID
/// pages, ndis.h/atm.h structure sizes. OID_GEN_CO_LINK_SPEED and MINIMUM_LINK_SPEED are
/// NDIS_CO_LINK_SPEED (8 bytes) even though one WDK table lists 4.
pub const MCM_OIDS: &[OidInfo] = &[
    q(Oid::GEN_CO_SUPPORTED_LIST, LengthRule::Variable { min: 0 }),
    q(Oid::GEN_CO_HARDWARE_STATUS, LengthRule::Fixed(4)),
    q(Oid::GEN_CO_MEDIA_SUPPORTED, LengthRule::Fixed(4)),
    q(Oid::GEN_CO_MEDIA_IN_USE, LengthRule::Fixed(4)),
    q(Oid::GEN_CO_LINK_SPEED, LengthRule::Fixed(CO_LINK_SPEED_SIZE)),
    q(Oid::GEN_CO_MINIMUM_LINK_SPEED, LengthRule::Fixed(CO_LINK_SPEED_SIZE)),
    q(Oid::GEN_CO_VENDOR_ID, LengthRule::Fixed(4)),
    q(Oid::GEN_CO_VENDOR_DESCRIPTION, LengthRule::Variable { min: 0 }),
    q(Oid::GEN_CO_DRIVER_VERSION, LengthRule::Fixed(2)),
    OidInfo {
        oid: Oid::GEN_CO_PROTOCOL_OPTIONS,
        handler: OidHandler::Miniport,
        query: None,
        set: Some(LengthRule::Fixed(4)),
    },
    q(Oid::GEN_CO_MAC_OPTIONS, LengthRule::Fixed(4)),
    q(Oid::GEN_CO_MEDIA_CONNECT_STATUS, LengthRule::Fixed(4)),
    q(Oid::GEN_CO_VENDOR_DRIVER_VERSION, LengthRule::Fixed(4)),
    counter(Oid::GEN_CO_XMIT_PDUS_OK),
    counter(Oid::GEN_CO_RCV_PDUS_OK),
    counter(Oid::GEN_CO_XMIT_PDUS_ERROR),
    counter(Oid::GEN_CO_RCV_PDUS_ERROR),
    counter(Oid::GEN_CO_RCV_PDUS_NO_BUFFER),
    counter(Oid::GEN_CO_RCV_CRC_ERROR),
    counter(Oid::GEN_CO_TRANSMIT_QUEUE_LENGTH),
    counter(Oid::GEN_CO_BYTES_XMIT),
    counter(Oid::GEN_CO_BYTES_RCV),
    counter(Oid::GEN_CO_BYTES_XMIT_OUTSTANDING),
    counter(Oid::GEN_CO_NETCARD_LOAD),
    q(Oid::ATM_SUPPORTED_VC_RATES, LengthRule::Fixed(8)),
    q(Oid::ATM_SUPPORTED_SERVICE_CATEGORY, LengthRule::Fixed(4)),
    q(Oid::ATM_SUPPORTED_AAL_TYPES, LengthRule::Fixed(4)),
    q(Oid::ATM_HW_CURRENT_ADDRESS, LengthRule::Fixed(ATM_MAC_ADDRESS_LENGTH)),
    q(Oid::ATM_MAX_ACTIVE_VCS, LengthRule::Fixed(4)),
    q(Oid::ATM_MAX_ACTIVE_VCI_BITS, LengthRule::Fixed(4)),
    q(Oid::ATM_MAX_ACTIVE_VPI_BITS, LengthRule::Fixed(4)),
    q(Oid::ATM_MAX_AAL0_PACKET_SIZE, LengthRule::Fixed(4)),
    q(Oid::ATM_MAX_AAL1_PACKET_SIZE, LengthRule::Fixed(4)),
    q(Oid::ATM_MAX_AAL34_PACKET_SIZE, LengthRule::Fixed(4)),
    q(Oid::ATM_MAX_AAL5_PACKET_SIZE, LengthRule::Fixed(4)),
    q(Oid::ATM_SIGNALING_VPIVCI, LengthRule::Fixed(8)),
    q(Oid::ATM_ILMI_VPIVCI, LengthRule::Fixed(8)),
    q(Oid::ATM_ALIGNMENT_REQUIRED, LengthRule::Fixed(4)),
    counter(Oid::ATM_RCV_CELLS_OK),
    counter(Oid::ATM_XMIT_CELLS_OK),
    counter(Oid::ATM_RCV_CELLS_DROPPED),
    counter(Oid::ATM_RCV_INVALID_VPI_VCI),
    counter(Oid::ATM_CELLS_HEC_ERROR),
    counter(Oid::ATM_RCV_REASSEMBLY_ERROR),
    OidInfo {
        oid: Oid::CO_ADD_PVC,
        handler: OidHandler::CallManager,
        query: None,
        set: Some(LengthRule::Variable { min: ADD_PVC_MIN }),
    },
    OidInfo {
        oid: Oid::CO_DELETE_PVC,
        handler: OidHandler::CallManager,
        query: None,
        set: Some(LengthRule::Variable { min: DELETE_PVC_MIN }),
    },
    OidInfo {
        oid: Oid::CO_GET_ADDRESSES,
        handler: OidHandler::CallManager,
        query: Some(LengthRule::Variable { min: GET_ADDRESSES_MIN }),
        set: None,
    },
    OidInfo {
        oid: Oid::CO_ADDRESS_CHANGE,
        handler: OidHandler::ToClient,
        query: None,
        set: Some(LengthRule::Empty),
    },
    OidInfo {
        oid: Oid::CO_SIGNALING_ENABLED,
        handler: OidHandler::ToClient,
        query: None,
        set: Some(LengthRule::Empty),
    },
    OidInfo {
        oid: Oid::CO_SIGNALING_DISABLED,
        handler: OidHandler::ToClient,
        query: None,
        set: Some(LengthRule::Empty),
    },
];

/// The table entry of `oid`.
#[must_use]
pub fn lookup(oid: Oid) -> Option<&'static OidInfo> {
    MCM_OIDS.iter().find(|i| i.oid == oid)
}

/// The OIDs `handler` answers, for OID_GEN_CO_SUPPORTED_LIST.
pub fn supported_by(handler: OidHandler) -> impl Iterator<Item = Oid> {
    MCM_OIDS.iter().filter(move |i| i.handler == handler).map(|i| i.oid)
}

/// A request refused before any data is read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LengthError {
    /// The status to complete the request with.
    pub status: NdisStatus,
    /// BytesNeeded to report (0 when no length would help).
    pub bytes_needed: u32,
}

fn needed(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn not_supported() -> LengthError {
    LengthError { status: NdisStatus::NOT_SUPPORTED, bytes_needed: 0 }
}

/// Checks a request against the table before it is handled: the OID must belong to
/// `handler`, the request type must be supported, and the buffer must satisfy the rule.
/// On success returns the rule (for the writer / reader to follow).
pub fn check_request(
    handler: OidHandler,
    oid: Oid,
    request: RequestType,
    buffer_len: usize,
) -> Result<LengthRule, LengthError> {
    let info = lookup(oid).filter(|i| i.handler == handler).ok_or(not_supported())?;
    let (rule, is_query) = match request {
        RequestType::Query | RequestType::QueryStatistics => (info.query, true),
        RequestType::Set => (info.set, false),
        RequestType::Unknown(_) => (None, false),
    };
    let rule = rule.ok_or(not_supported())?;
    let min = match rule {
        LengthRule::Fixed(n) => n,
        LengthRule::Counter => 4,
        LengthRule::Variable { min } => min,
        LengthRule::Empty => 0,
    };
    if buffer_len < min {
        let bytes_needed = needed(if rule == LengthRule::Counter { 8 } else { min });
        let status =
            if is_query { NdisStatus::BUFFER_TOO_SHORT } else { NdisStatus::INVALID_LENGTH };
        return Err(LengthError { status, bytes_needed });
    }
    Ok(rule)
}

/// [`check_request`] for whichever entry point the table assigns `oid` to: the
/// `(oid, request type, buffer length)` check on its own.
pub fn check_length(
    oid: Oid,
    request: RequestType,
    buffer_len: usize,
) -> Result<LengthRule, LengthError> {
    let handler = lookup(oid).ok_or(not_supported())?.handler;
    check_request(handler, oid, request, buffer_len)
}

/// The outcome of a query: what to put in the NDIS_OID_REQUEST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryResult {
    /// Completion status.
    pub status: NdisStatus,
    /// BytesWritten (never more than the buffer length).
    pub bytes_written: u32,
    /// BytesNeeded.
    pub bytes_needed: u32,
}

impl QueryResult {
    fn too_short(need: usize) -> Self {
        QueryResult {
            status: NdisStatus::BUFFER_TOO_SHORT,
            bytes_written: 0,
            bytes_needed: needed(need),
        }
    }

    fn written(n: usize) -> Self {
        QueryResult { status: NdisStatus::SUCCESS, bytes_written: needed(n), bytes_needed: 0 }
    }
}

impl From<LengthError> for QueryResult {
    fn from(e: LengthError) -> Self {
        QueryResult { status: e.status, bytes_written: 0, bytes_needed: e.bytes_needed }
    }
}

/// Copies `data` into `buf` if it fits entirely; otherwise writes nothing and reports
/// BUFFER_TOO_SHORT with BytesNeeded = `data.len()`.
pub fn write_bytes(buf: &mut [u8], data: &[u8]) -> QueryResult {
    match buf.get_mut(..data.len()) {
        Some(dst) => {
            dst.copy_from_slice(data);
            QueryResult::written(data.len())
        }
        None => QueryResult::too_short(data.len()),
    }
}

/// A ULONG answer.
pub fn write_u32(buf: &mut [u8], v: u32) -> QueryResult {
    write_bytes(buf, &v.to_le_bytes())
}

/// A USHORT answer (OID_GEN_CO_DRIVER_VERSION).
pub fn write_u16(buf: &mut [u8], v: u16) -> QueryResult {
    write_bytes(buf, &v.to_le_bytes())
}

/// A statistics counter: 8 bytes if they fit, else the low 4 bytes with BytesNeeded 8,
/// else BUFFER_TOO_SHORT.
pub fn write_counter(buf: &mut [u8], v: u64) -> QueryResult {
    if buf.len() >= 8 {
        return write_bytes(buf, &v.to_le_bytes());
    }
    let low = u32::try_from(v & u64::from(u32::MAX)).unwrap_or(u32::MAX);
    let mut r = write_u32(buf, low);
    r.bytes_needed = 8;
    r
}

/// A list of ULONGs (OID_GEN_CO_SUPPORTED_LIST): all or nothing.
pub fn write_u32_list<I>(buf: &mut [u8], values: I) -> QueryResult
where
    I: IntoIterator<Item = u32>,
    I::IntoIter: Clone,
{
    let it = values.into_iter();
    let need = it.clone().count().saturating_mul(4);
    if buf.len() < need {
        return QueryResult::too_short(need);
    }
    for (chunk, v) in buf.chunks_exact_mut(4).zip(it) {
        chunk.copy_from_slice(&v.to_le_bytes());
    }
    QueryResult::written(need)
}

/// A structure answer: all or nothing.
pub fn write_struct<T: AbiStruct>(buf: &mut [u8], v: &T) -> QueryResult {
    let need = v.buffer_len();
    match v.emit(buf) {
        Ok(n) => QueryResult::written(n),
        Err(AbiError::BufferTooSmall { .. }) => QueryResult::too_short(need),
        Err(_) => QueryResult { status: NdisStatus::FAILURE, bytes_written: 0, bytes_needed: 0 },
    }
}

/// `NDIS_CO_LINK_SPEED`: `{ULONG Outbound, Inbound}` in units of 100 bit/s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CoLinkSpeed {
    /// Outbound.
    pub outbound: u32,
    /// Inbound.
    pub inbound: u32,
}

impl AbiStruct for CoLinkSpeed {
    const NAME: &'static str = "NDIS_CO_LINK_SPEED";

    fn parse(buf: &[u8]) -> Result<Self, AbiError> {
        let r = Reader::new(buf, Self::NAME, CO_LINK_SPEED_SIZE)?;
        Ok(CoLinkSpeed { outbound: r.u32(0)?, inbound: r.u32(4)? })
    }

    fn buffer_len(&self) -> usize {
        CO_LINK_SPEED_SIZE
    }

    fn emit(&self, buf: &mut [u8]) -> Result<usize, AbiError> {
        let mut w = Writer::new(buf, CO_LINK_SPEED_SIZE)?;
        w.u32(0, self.outbound)?;
        w.u32(4, self.inbound)?;
        Ok(CO_LINK_SPEED_SIZE)
    }
}

/// An answer to a query, typed by shape.
#[derive(Debug, Clone, Copy)]
pub enum QueryValue<'a> {
    /// A USHORT.
    U16(u16),
    /// A ULONG.
    U32(u32),
    /// A statistics counter.
    Counter(u64),
    /// Raw bytes (vendor description, hardware address).
    Bytes(&'a [u8]),
    /// A ULONG list (supported OIDs).
    U32List(&'a [u32]),
    /// NDIS_CO_LINK_SPEED.
    LinkSpeed(CoLinkSpeed),
    /// ATM_VC_RATES_SUPPORTED.
    VcRates(AtmVcRatesSupported),
    /// ATM_VPIVCI.
    VpiVci(AtmVpiVci),
    /// CO_ADDRESS_LIST.
    AddressList(&'a CoAddressList),
}

/// Answers a query end to end: checks the OID, request type and buffer against the table,
/// then writes `value`. A value whose size disagrees with a Fixed rule is a driver bug and
/// completes with NDIS_STATUS_FAILURE rather than writing a wrong length.
pub fn answer_query(
    handler: OidHandler,
    oid: Oid,
    request: RequestType,
    buf: &mut [u8],
    value: QueryValue<'_>,
) -> QueryResult {
    let failure = QueryResult { status: NdisStatus::FAILURE, bytes_written: 0, bytes_needed: 0 };
    let size = match value {
        QueryValue::U16(_) => 2,
        QueryValue::U32(_) => 4,
        QueryValue::Counter(_) => 8,
        QueryValue::Bytes(b) => b.len(),
        QueryValue::U32List(l) => l.len().saturating_mul(4),
        QueryValue::LinkSpeed(_) => CO_LINK_SPEED_SIZE,
        QueryValue::VcRates(_) | QueryValue::VpiVci(_) => 8,
        QueryValue::AddressList(l) => l.buffer_len(),
    };
    let rule = match check_request(handler, oid, request, buf.len()) {
        Ok(rule) => rule,
        Err(mut e) => {
            // A variable answer larger than the rule's minimum: report the exact need.
            if e.status == NdisStatus::BUFFER_TOO_SHORT && !matches!(value, QueryValue::Counter(_))
            {
                e.bytes_needed = e.bytes_needed.max(needed(size));
            }
            return e.into();
        }
    };
    match rule {
        LengthRule::Fixed(n) if n != size => return failure,
        LengthRule::Counter if !matches!(value, QueryValue::Counter(_)) => return failure,
        LengthRule::Empty => return failure,
        _ => {}
    }
    match value {
        QueryValue::U16(v) => write_u16(buf, v),
        QueryValue::U32(v) => write_u32(buf, v),
        QueryValue::Counter(v) => write_counter(buf, v),
        QueryValue::Bytes(b) => write_bytes(buf, b),
        QueryValue::U32List(l) => write_u32_list(buf, l.iter().copied()),
        QueryValue::LinkSpeed(s) => write_struct(buf, &s),
        QueryValue::VcRates(r) => write_struct(buf, &r),
        QueryValue::VpiVci(v) => write_struct(buf, &v),
        QueryValue::AddressList(l) => write_struct(buf, l),
    }
}

/// The outcome of reading a set request's buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetRead<T> {
    /// The parsed data.
    pub value: T,
    /// BytesRead.
    pub bytes_read: u32,
}

/// Reads a set request's structure: checks the table (INVALID_LENGTH with BytesNeeded for a
/// short buffer), then parses; a parse failure completes with the error's status
/// ([`AbiError::status`]: INVALID_LENGTH for a truncated fixed part, INVALID_DATA for bad
/// contents) and BytesNeeded for truncation.
pub fn read_set<T: AbiStruct>(
    handler: OidHandler,
    oid: Oid,
    buf: &[u8],
) -> Result<SetRead<T>, LengthError> {
    check_request(handler, oid, RequestType::Set, buf.len())?;
    match T::parse(buf) {
        Ok(value) => {
            let bytes_read = needed(value.buffer_len().min(buf.len()));
            Ok(SetRead { value, bytes_read })
        }
        Err(e) => Err(LengthError {
            status: e.status(),
            bytes_needed: match e {
                AbiError::Truncated { needed: n, .. } => needed(n),
                _ => 0,
            },
        }),
    }
}

//! MiniportCoOidRequest: the OID_GEN_CO_* and OID_ATM_* answers of the miniport half
//! (condis-reference.md §2, §6), built on `abi::oid`'s table, length rules and writers — so
//! a short buffer gets BUFFER_TOO_SHORT (query) / INVALID_LENGTH (set) with BytesNeeded, and
//! nothing is read or written outside the InformationBuffer.

use hal::nic::{Capabilities, PortCounters};

use super::core::{MiniportCounters, VcCounters};
use crate::abi::atm::{AtmVcRatesSupported, AtmVpiVci};
use crate::abi::oid::{
    answer_query, check_request, supported_by, CoLinkSpeed, Oid, OidHandler, QueryResult,
    QueryValue, RequestType, NDIS_HARDWARE_STATUS_READY, NDIS_MEDIA_STATE_CONNECTED,
    NDIS_MEDIA_STATE_DISCONNECTED, NDIS_MEDIUM_ATM,
};
use crate::abi::NdisStatus;
use crate::boundary::{OidBuffer, OidRequest, OidResult, SyncStatus};

/// OID_GEN_CO_VENDOR_DESCRIPTION (NUL-terminated ASCII).
pub const VENDOR_DESCRIPTION: &[u8] = b"Rust ATM MCM (CoNDIS call manager + miniport)\0";
/// OID_GEN_CO_DRIVER_VERSION: the NDIS version the driver is written for (6.0), major in the
/// high byte.
pub const DRIVER_VERSION: u16 = 0x0600;
/// OID_GEN_CO_VENDOR_DRIVER_VERSION: 0.1 (major in the high word).
pub const VENDOR_DRIVER_VERSION: u32 = 0x0000_0001;
/// OID_ATM_ALIGNMENT_REQUIRED: send data is copied into the NIC's cell memory, so any
/// alignment does.
pub const ALIGNMENT_REQUIRED: u32 = 1;
/// Bits per cell on the line (53 octets): link speed = cell rate × 424 bit.
const BITS_PER_CELL: u64 = 424;

/// Everything the answers are computed from.
pub(crate) struct Facts<'a> {
    pub caps: &'a Capabilities,
    pub link_up: bool,
    pub port: PortCounters,
    pub core: &'a MiniportCounters,
    pub per_vc: Option<(VcCounters, u32)>,
    pub max_vcs: u32,
    pub sends_in_flight: usize,
    pub supported: &'a [u32],
}

/// Fills `out` with OID_GEN_CO_SUPPORTED_LIST; returns how many.
pub(crate) fn fill_supported(out: &mut [u32]) -> usize {
    let mut n = 0;
    for (slot, oid) in out.iter_mut().zip(supported_by(OidHandler::Miniport)) {
        *slot = oid.0;
        n += 1;
    }
    n
}

/// NDIS_CO_LINK_SPEED in units of 100 bit/s for a cell rate.
fn link_speed(cells_per_s: u32) -> u32 {
    let bps = u64::from(cells_per_s).saturating_mul(BITS_PER_CELL) / 100;
    u32::try_from(bps).unwrap_or(u32::MAX)
}

fn value<'a>(f: &Facts<'a>, oid: Oid, esi: &'a [u8; 6]) -> Option<QueryValue<'a>> {
    let caps = f.caps;
    let p = &f.port;
    let c = f.core;
    // Per-VC requests answer the PDU statistics of that VC.
    let (xmit_ok, xmit_err, rcv_ok, rcv_err, bytes_x, bytes_r, in_flight) = match f.per_vc {
        Some((v, q)) => (
            v.xmit_pdus_ok,
            v.xmit_pdus_error,
            v.rcv_pdus_ok,
            v.rcv_pdus_error,
            v.bytes_xmit,
            v.bytes_rcv,
            u64::from(q),
        ),
        None => (
            c.xmit_pdus_ok,
            c.xmit_pdus_error,
            c.rcv_pdus_ok,
            c.rcv_pdus_error.saturating_add(p.aal5.total()),
            c.bytes_xmit,
            c.bytes_rcv,
            f.sends_in_flight as u64,
        ),
    };
    let has = |t: hal::nic::AalTypes, v: u32| if caps.aal_types.contains(t) { v } else { 0 };
    Some(match oid {
        Oid::GEN_CO_SUPPORTED_LIST => QueryValue::U32List(f.supported),
        Oid::GEN_CO_HARDWARE_STATUS => QueryValue::U32(NDIS_HARDWARE_STATUS_READY),
        Oid::GEN_CO_MEDIA_SUPPORTED | Oid::GEN_CO_MEDIA_IN_USE => QueryValue::U32(NDIS_MEDIUM_ATM),
        Oid::GEN_CO_LINK_SPEED => {
            let s = link_speed(caps.line_cell_rate);
            QueryValue::LinkSpeed(CoLinkSpeed { outbound: s, inbound: s })
        }
        Oid::GEN_CO_MINIMUM_LINK_SPEED => {
            let s = link_speed(caps.min_cell_rate);
            QueryValue::LinkSpeed(CoLinkSpeed { outbound: s, inbound: s })
        }
        // The IEEE OUI is the first three octets of the ESI; the low byte is the NIC's id.
        Oid::GEN_CO_VENDOR_ID => {
            QueryValue::U32(u32::from(esi[0]) | u32::from(esi[1]) << 8 | u32::from(esi[2]) << 16)
        }
        Oid::GEN_CO_VENDOR_DESCRIPTION => QueryValue::Bytes(VENDOR_DESCRIPTION),
        Oid::GEN_CO_DRIVER_VERSION => QueryValue::U16(DRIVER_VERSION),
        Oid::GEN_CO_MAC_OPTIONS => QueryValue::U32(0),
        Oid::GEN_CO_MEDIA_CONNECT_STATUS => QueryValue::U32(if f.link_up {
            NDIS_MEDIA_STATE_CONNECTED
        } else {
            NDIS_MEDIA_STATE_DISCONNECTED
        }),
        Oid::GEN_CO_VENDOR_DRIVER_VERSION => QueryValue::U32(VENDOR_DRIVER_VERSION),
        Oid::GEN_CO_XMIT_PDUS_OK => QueryValue::Counter(xmit_ok),
        Oid::GEN_CO_RCV_PDUS_OK => QueryValue::Counter(rcv_ok),
        Oid::GEN_CO_XMIT_PDUS_ERROR => QueryValue::Counter(xmit_err),
        Oid::GEN_CO_RCV_PDUS_ERROR => QueryValue::Counter(rcv_err),
        Oid::GEN_CO_RCV_PDUS_NO_BUFFER => {
            QueryValue::Counter(p.aal5.buffer_exhaustion.saturating_add(c.rcv_resources))
        }
        Oid::GEN_CO_RCV_CRC_ERROR => QueryValue::Counter(p.aal5.crc),
        Oid::GEN_CO_TRANSMIT_QUEUE_LENGTH => QueryValue::Counter(in_flight),
        Oid::GEN_CO_BYTES_XMIT => QueryValue::Counter(bytes_x),
        Oid::GEN_CO_BYTES_RCV => QueryValue::Counter(bytes_r),
        Oid::GEN_CO_BYTES_XMIT_OUTSTANDING => QueryValue::Counter(c.bytes_xmit_outstanding),
        // No load metric is kept (a software SAR has no card-side utilisation register).
        Oid::GEN_CO_NETCARD_LOAD => QueryValue::Counter(0),
        Oid::ATM_SUPPORTED_VC_RATES => QueryValue::VcRates(AtmVcRatesSupported {
            min_cell_rate: caps.min_cell_rate,
            max_cell_rate: caps.line_cell_rate,
        }),
        Oid::ATM_SUPPORTED_SERVICE_CATEGORY => QueryValue::U32(caps.service_categories.ndis_bits()),
        Oid::ATM_SUPPORTED_AAL_TYPES => QueryValue::U32(caps.aal_types.bits()),
        Oid::ATM_HW_CURRENT_ADDRESS => QueryValue::Bytes(esi),
        Oid::ATM_MAX_ACTIVE_VCS => QueryValue::U32(f.max_vcs.min(caps.max_vcs)),
        Oid::ATM_MAX_ACTIVE_VCI_BITS => QueryValue::U32(u32::from(caps.vci_bits)),
        Oid::ATM_MAX_ACTIVE_VPI_BITS => QueryValue::U32(u32::from(caps.vpi_bits)),
        Oid::ATM_MAX_AAL0_PACKET_SIZE => {
            QueryValue::U32(has(hal::nic::AalTypes::AAL0, caps.max_aal0_packet))
        }
        // The HAL carries AAL1 and AAL3/4 only on NICs that advertise them; none gives a size.
        Oid::ATM_MAX_AAL1_PACKET_SIZE | Oid::ATM_MAX_AAL34_PACKET_SIZE => QueryValue::U32(0),
        Oid::ATM_MAX_AAL5_PACKET_SIZE => {
            QueryValue::U32(has(hal::nic::AalTypes::AAL5, caps.max_aal5_sdu))
        }
        // UNI 3.1 §5.1 / I.361: meta-signaling-free point-to-point signaling on 0/5, ILMI 0/16.
        Oid::ATM_SIGNALING_VPIVCI => QueryValue::VpiVci(AtmVpiVci { vpi: 0, vci: 5 }),
        Oid::ATM_ILMI_VPIVCI => QueryValue::VpiVci(AtmVpiVci { vpi: 0, vci: 16 }),
        Oid::ATM_ALIGNMENT_REQUIRED => QueryValue::U32(ALIGNMENT_REQUIRED),
        Oid::ATM_RCV_CELLS_OK => QueryValue::Counter(p.rcv_cells_ok),
        Oid::ATM_XMIT_CELLS_OK => QueryValue::Counter(p.xmit_cells_ok),
        Oid::ATM_RCV_CELLS_DROPPED => QueryValue::Counter(p.rcv_cells_dropped),
        Oid::ATM_RCV_INVALID_VPI_VCI => QueryValue::Counter(p.rcv_invalid_vpi_vci),
        Oid::ATM_CELLS_HEC_ERROR => QueryValue::Counter(p.cells_hec_error),
        Oid::ATM_RCV_REASSEMBLY_ERROR => QueryValue::Counter(p.aal5.total()),
        _ => return None,
    })
}

fn result(r: QueryResult) -> OidResult {
    OidResult {
        status: SyncStatus::new(r.status).unwrap_or(SyncStatus::FAILURE),
        bytes_written: r.bytes_written,
        bytes_read: 0,
        bytes_needed: r.bytes_needed,
    }
}

fn refused(status: NdisStatus, bytes_needed: u32) -> OidResult {
    OidResult {
        status: SyncStatus::new(status).unwrap_or(SyncStatus::FAILURE),
        bytes_written: 0,
        bytes_read: 0,
        bytes_needed,
    }
}

/// Answers one request synchronously.
pub(crate) fn handle(f: &Facts<'_>, request: OidRequest<'_>) -> OidResult {
    let oid = request.oid;
    let kind = request.request_type;
    match request.buffer {
        OidBuffer::Query(buf) => {
            if !matches!(kind, RequestType::Query | RequestType::QueryStatistics) {
                return refused(NdisStatus::NOT_SUPPORTED, 0);
            }
            let esi = f.caps.esi;
            match value(f, oid, &esi) {
                Some(v) => result(answer_query(OidHandler::Miniport, oid, kind, buf, v)),
                None => match check_request(OidHandler::Miniport, oid, kind, buf.len()) {
                    Err(e) => refused(e.status, e.bytes_needed),
                    Ok(_) => refused(NdisStatus::NOT_SUPPORTED, 0),
                },
            }
        }
        OidBuffer::Set(buf) => {
            if kind != RequestType::Set {
                return refused(NdisStatus::NOT_SUPPORTED, 0);
            }
            match check_request(OidHandler::Miniport, oid, kind, buf.len()) {
                Err(e) => refused(e.status, e.bytes_needed),
                // OID_GEN_CO_PROTOCOL_OPTIONS: the options (NDIS_PROT_OPTION_*) concern
                // loopback and priority, neither of which an ATM VC has; accepted, ignored.
                Ok(_) if oid == Oid::GEN_CO_PROTOCOL_OPTIONS => OidResult {
                    status: SyncStatus::SUCCESS,
                    bytes_written: 0,
                    bytes_read: 4,
                    bytes_needed: 0,
                },
                Ok(_) => refused(NdisStatus::NOT_SUPPORTED, 0),
            }
        }
    }
}

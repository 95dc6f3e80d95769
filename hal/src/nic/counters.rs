//! Statistics, named after the NDIS OIDs they answer.

/// AAL5 reassembly errors, one counter per I.363.5 §10.3.2 error class. Their sum is
/// OID_ATM_RCV_REASSEMBLY_ERROR.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Aal5ErrorCounters {
    /// CRC-32 mismatches.
    pub crc: u64,
    /// Length field inconsistent with the received octets.
    pub length: u64,
    /// PDUs longer than the channel's receive max SDU.
    pub oversize: u64,
    /// Partial PDUs abandoned by the reassembly timer.
    pub timeout: u64,
    /// PDUs lost because no receive buffer was free.
    pub buffer_exhaustion: u64,
}

impl Aal5ErrorCounters {
    /// OID_ATM_RCV_REASSEMBLY_ERROR.
    pub fn total(&self) -> u64 {
        self.crc
            .saturating_add(self.length)
            .saturating_add(self.oversize)
            .saturating_add(self.timeout)
            .saturating_add(self.buffer_exhaustion)
    }

    pub(crate) fn add(&mut self, other: &Aal5ErrorCounters) {
        self.crc = self.crc.saturating_add(other.crc);
        self.length = self.length.saturating_add(other.length);
        self.oversize = self.oversize.saturating_add(other.oversize);
        self.timeout = self.timeout.saturating_add(other.timeout);
        self.buffer_exhaustion = self.buffer_exhaustion.saturating_add(other.buffer_exhaustion);
    }
}

/// Per-adapter counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PortCounters {
    /// OID_ATM_RCV_CELLS_OK: cells received on an open channel and accepted by its AAL
    /// (OAM cells included).
    pub rcv_cells_ok: u64,
    /// OID_ATM_XMIT_CELLS_OK: cells handed to the line (OAM cells included).
    pub xmit_cells_ok: u64,
    /// OID_ATM_RCV_CELLS_DROPPED: valid cells dropped (channel not receiving, unsupported
    /// PTI, the port's own FIFO overflow).
    pub rcv_cells_dropped: u64,
    /// OID_ATM_RCV_INVALID_VPI_VCI: cells for no open channel.
    pub rcv_invalid_vpi_vci: u64,
    /// OID_ATM_CELLS_HEC_ERROR: cells discarded for an uncorrectable header error.
    pub cells_hec_error: u64,
    /// Headers with a single-bit error the HEC corrected (I.432.1 correction mode).
    pub cells_hec_corrected: u64,
    /// Idle / unassigned cells (VPI 0, VCI 0) passed up by the port and ignored.
    pub rcv_cells_unassigned: u64,
    /// AAL5 reassembly errors by class; `aal5.total()` is OID_ATM_RCV_REASSEMBLY_ERROR.
    pub aal5: Aal5ErrorCounters,
    /// PDUs delivered without error.
    pub rcv_pdus_ok: u64,
    /// PDUs completed with [`TxStatus::Sent`](super::TxStatus::Sent).
    pub xmit_pdus_ok: u64,
    /// PDUs completed aborted or flushed by link loss.
    pub xmit_pdus_aborted: u64,
    /// OAM cells received (all flows).
    pub oam_cells_rcv: u64,
    /// OAM cells sent (all flows, loopback replies included).
    pub oam_cells_xmit: u64,
    /// OAM cells received with a bad CRC-10 or an invalid format (I.610 §10), discarded.
    pub oam_cells_invalid: u64,
    /// OAM cells not sent because the OAM queue was full or the link down.
    pub oam_cells_dropped: u64,
}

impl PortCounters {
    /// OID_ATM_RCV_REASSEMBLY_ERROR.
    pub fn rcv_reassembly_error(&self) -> u64 {
        self.aal5.total()
    }
}

/// Per-channel counters (for OID_GEN_CO_* per-VC statistics and atmctl).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChannelCounters {
    /// Cells received and accepted.
    pub rcv_cells_ok: u64,
    /// Cells sent.
    pub xmit_cells_ok: u64,
    /// Cells dropped (channel not receiving, RM or reserved PTI).
    pub rcv_cells_dropped: u64,
    /// PDUs delivered without error.
    pub rcv_pdus_ok: u64,
    /// PDUs sent.
    pub xmit_pdus_ok: u64,
    /// PDUs completed aborted or flushed.
    pub xmit_pdus_aborted: u64,
    /// Transmits refused because the channel's queue or the cell memory was full.
    pub xmit_queue_full: u64,
    /// AAL5 reassembly errors by class.
    pub aal5: Aal5ErrorCounters,
}

impl ChannelCounters {
    /// Reassembly errors on this channel.
    pub fn rcv_reassembly_error(&self) -> u64 {
        self.aal5.total()
    }
}

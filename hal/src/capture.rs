//! Captures Wireshark decodes: pcap files with LINKTYPE_SUNATM (123).
//!
//! Each record is a 4-octet SunATM pseudo-header — flags (0x80 = DTE→DCE; low nibble: the
//! traffic type), VPI (1 octet), VCI (2 octets, big endian) — followed by the AAL5 SDU (for
//! signaling: the SSCOP PDU with its trailer, without the AAL5 trailer). Wireshark then
//! decodes VPI 0 / VCI 5 as SSCOP → Q.2931.
//!
//! The writer builds the file in memory (no_std + alloc); the host writes it to disk.

use alloc::vec::Vec;

use crate::time::Instant;

/// pcap link type for SunATM (tcpdump.org LINKTYPE_SUNATM).
pub const LINKTYPE_SUNATM: u32 = 123;

/// Traffic type in the low nibble of the SunATM flags octet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SunAtmTraffic {
    /// Raw cells / unknown (0).
    Raw,
    /// LAN emulation (2).
    Lane,
    /// LLC-multiplexed (RFC 2684 LLC/SNAP) (3).
    LlcMultiplexed,
    /// Q.2931 signaling over SSCOP (6).
    Signaling,
}

impl SunAtmTraffic {
    const fn nibble(self) -> u8 {
        match self {
            SunAtmTraffic::Raw => 0,
            SunAtmTraffic::Lane => 2,
            SunAtmTraffic::LlcMultiplexed => 3,
            SunAtmTraffic::Signaling => 6,
        }
    }
}

/// Direction of a captured PDU as seen from the user (DTE) side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Sent by the user side towards the network (flag 0x80).
    DteToDce,
    /// Received by the user side from the network.
    DceToDte,
}

/// An in-memory pcap file with LINKTYPE_SUNATM records.
///
/// Memory is bounded by `max_bytes`: records that would exceed it are counted in
/// [`SunAtmPcap::dropped`] instead of stored.
#[derive(Debug, Clone)]
pub struct SunAtmPcap {
    bytes: Vec<u8>,
    max_bytes: usize,
    records: u64,
    dropped: u64,
}

/// pcap global header length.
const GLOBAL_HEADER_LEN: usize = 24;
/// pcap per-record header length.
const RECORD_HEADER_LEN: usize = 16;
/// SunATM pseudo-header length.
const PSEUDO_HEADER_LEN: usize = 4;
/// Snap length written in the global header (the largest AAL5 SDU plus headers fits).
const SNAPLEN: u32 = 65_535 + 64;

impl SunAtmPcap {
    /// A new capture holding at most `max_bytes` bytes of file (header included).
    pub fn new(max_bytes: usize) -> Self {
        let mut bytes = Vec::new();
        // Classic pcap, microsecond timestamps, little endian magic.
        bytes.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        bytes.extend_from_slice(&2u16.to_le_bytes());
        bytes.extend_from_slice(&4u16.to_le_bytes());
        bytes.extend_from_slice(&0i32.to_le_bytes());
        bytes.extend_from_slice(&0u32.to_le_bytes());
        bytes.extend_from_slice(&SNAPLEN.to_le_bytes());
        bytes.extend_from_slice(&LINKTYPE_SUNATM.to_le_bytes());
        SunAtmPcap { bytes, max_bytes: max_bytes.max(GLOBAL_HEADER_LEN), records: 0, dropped: 0 }
    }

    /// Appends one AAL5 SDU seen at `at` on VPI/VCI `vpi`/`vci`.
    pub fn record(
        &mut self,
        at: Instant,
        direction: Direction,
        traffic: SunAtmTraffic,
        vpi: u8,
        vci: u16,
        sdu: &[u8],
    ) {
        let captured = sdu.len().min(SNAPLEN as usize - PSEUDO_HEADER_LEN);
        let record_len = PSEUDO_HEADER_LEN + captured;
        let needed = RECORD_HEADER_LEN + record_len;
        if self.bytes.len().saturating_add(needed) > self.max_bytes {
            self.dropped = self.dropped.saturating_add(1);
            return;
        }
        let micros = at.as_nanos() / 1_000;
        let secs = u32::try_from(micros / 1_000_000).unwrap_or(u32::MAX);
        let usecs = (micros % 1_000_000) as u32;
        let record_len = record_len as u32; // bounded by SNAPLEN above
        self.bytes.extend_from_slice(&secs.to_le_bytes());
        self.bytes.extend_from_slice(&usecs.to_le_bytes());
        self.bytes.extend_from_slice(&record_len.to_le_bytes());
        self.bytes.extend_from_slice(&record_len.to_le_bytes());
        let dir = match direction {
            Direction::DteToDce => 0x80,
            Direction::DceToDte => 0x00,
        };
        self.bytes.push(dir | traffic.nibble());
        self.bytes.push(vpi);
        self.bytes.extend_from_slice(&vci.to_be_bytes());
        self.bytes.extend_from_slice(sdu.get(..captured).unwrap_or(sdu));
        self.records = self.records.saturating_add(1);
    }

    /// The file contents.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
    /// Number of records stored.
    pub fn records(&self) -> u64 {
        self.records
    }
    /// Number of records not stored because the size limit was reached.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_header_is_classic_pcap_with_sunatm_linktype() {
        let pcap = SunAtmPcap::new(1 << 16);
        let b = pcap.as_bytes();
        assert_eq!(b.len(), 24);
        assert_eq!(&b[0..4], &[0xd4, 0xc3, 0xb2, 0xa1]);
        assert_eq!(&b[4..8], &[2, 0, 4, 0]);
        assert_eq!(&b[20..24], &[123, 0, 0, 0]);
    }

    #[test]
    fn record_carries_pseudo_header_and_sdu() {
        let mut pcap = SunAtmPcap::new(1 << 16);
        let at = Instant::from_nanos(2_500_003_000);
        pcap.record(at, Direction::DteToDce, SunAtmTraffic::Signaling, 0, 5, &[0xAA, 0xBB]);
        let b = pcap.as_bytes();
        assert_eq!(b.len(), 24 + 16 + 4 + 2);
        assert_eq!(&b[24..28], &2u32.to_le_bytes());
        assert_eq!(&b[28..32], &500_003u32.to_le_bytes());
        assert_eq!(&b[32..36], &6u32.to_le_bytes());
        assert_eq!(&b[36..40], &6u32.to_le_bytes());
        assert_eq!(&b[40..], &[0x86, 0, 0, 5, 0xAA, 0xBB]);
        assert_eq!(pcap.records(), 1);
    }

    #[test]
    fn size_limit_drops_and_counts() {
        let mut pcap = SunAtmPcap::new(24 + 16 + 4 + 10);
        pcap.record(Instant::ZERO, Direction::DceToDte, SunAtmTraffic::Raw, 1, 32, &[0; 10]);
        pcap.record(Instant::ZERO, Direction::DceToDte, SunAtmTraffic::Raw, 1, 32, &[0; 1]);
        assert_eq!(pcap.records(), 1);
        assert_eq!(pcap.dropped(), 1);
        assert_eq!(pcap.as_bytes()[40], 0x00);
    }
}

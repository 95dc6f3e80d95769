//! MiniportCoOidRequest: every miniport OID of `abi::oid::MCM_OIDS` with too-short, exact and
//! long buffers, known answers from the software NIC's capabilities and counters, sets refused
//! on read-only OIDs, call-manager OIDs refused — all through the checked boundary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/miniport.rs"]
mod harness;

use hal::time::Duration;
use harness::*;
use mcm::abi::atm::{AalType, ServiceCategory};
use mcm::abi::oid::{LengthRule, Oid, OidHandler, RequestType, MCM_OIDS};
use mcm::abi::NdisStatus;
use mcm::boundary::{OidBuffer, OidRequest, OidResult, OidStatus, SyncStatus};
use mcm::miniport::{MiniportConfig, ALIGNMENT_REQUIRED, DRIVER_VERSION, VENDOR_DESCRIPTION};
use proptest::prelude::*;

fn query(d: &mut Side, oid: Oid, buf: &mut [u8]) -> OidResult {
    query_on(d, None, oid, RequestType::Query, buf)
}

fn query_on(
    d: &mut Side,
    vc: Option<mcm::boundary::NdisVcHandle>,
    oid: Oid,
    request_type: RequestType,
    buf: &mut [u8],
) -> OidResult {
    let id = d.port.new_oid_request_id();
    let r = d.co_oid_request(
        D,
        vc,
        OidRequest { id, oid, request_type, buffer: OidBuffer::Query(buf) },
    );
    match r {
        OidStatus::Complete(r) => r,
        OidStatus::Pending => panic!("miniport OIDs complete synchronously"),
    }
}

fn set(d: &mut Side, oid: Oid, buf: &[u8]) -> OidResult {
    let id = d.port.new_oid_request_id();
    let r = d.co_oid_request(
        D,
        None,
        OidRequest { id, oid, request_type: RequestType::Set, buffer: OidBuffer::Set(buf) },
    );
    match r {
        OidStatus::Complete(r) => r,
        OidStatus::Pending => panic!("miniport OIDs complete synchronously"),
    }
}

fn u32_answer(d: &mut Side, oid: Oid) -> u32 {
    let mut b = [0u8; 4];
    let r = query(d, oid, &mut b);
    assert_eq!((r.status, r.bytes_written), (SyncStatus::SUCCESS, 4), "{oid:?}");
    u32::from_le_bytes(b)
}

fn counter(d: &mut Side, oid: Oid) -> u64 {
    let mut b = [0u8; 8];
    let r = query(d, oid, &mut b);
    assert_eq!((r.status, r.bytes_written), (SyncStatus::SUCCESS, 8), "{oid:?}");
    u64::from_le_bytes(b)
}

fn miniport_oids() -> impl Iterator<Item = &'static mcm::abi::oid::OidInfo> {
    MCM_OIDS.iter().filter(|i| i.handler == OidHandler::Miniport)
}

#[test]
fn every_query_short_exact_and_long() {
    let mut net = Net::new(MiniportConfig::new(8));
    let d = &mut net.a;
    let mut answered = 0;
    for info in miniport_oids() {
        let Some(rule) = info.query else { continue };
        // Exact size of the answer: ask with a large buffer first.
        let mut big = [0xEEu8; 1024];
        let r = query(d, info.oid, &mut big);
        assert_eq!(r.status, SyncStatus::SUCCESS, "{:?}", info.oid);
        let n = r.bytes_written as usize;
        assert!(n > 0 && n <= big.len());
        // Bytes past the answer are untouched.
        assert!(big[n..].iter().all(|b| *b == 0xEE), "{:?} wrote past its answer", info.oid);
        match rule {
            LengthRule::Fixed(size) => assert_eq!(n, size, "{:?}", info.oid),
            LengthRule::Counter => assert_eq!(n, 8, "{:?}", info.oid),
            _ => {}
        }
        // Exact buffer: same answer.
        let mut exact = vec![0u8; n];
        let r = query(d, info.oid, &mut exact);
        assert_eq!((r.status, r.bytes_written as usize), (SyncStatus::SUCCESS, n));
        assert_eq!(exact[..], big[..n]);
        // One byte short: BUFFER_TOO_SHORT with BytesNeeded, nothing written — except
        // counters, which answer the low 4 bytes in a 4..8-byte buffer.
        let mut short = vec![0xEEu8; n - 1];
        let r = query(d, info.oid, &mut short);
        if rule == LengthRule::Counter {
            assert_eq!((r.status, r.bytes_written, r.bytes_needed), (SyncStatus::SUCCESS, 4, 8));
            assert_eq!(short[..4], big[..4]);
            let mut tiny = [0xEEu8; 3];
            let r = query(d, info.oid, &mut tiny);
            assert_eq!(r.status.status(), NdisStatus::BUFFER_TOO_SHORT);
            assert_eq!((r.bytes_written, r.bytes_needed), (0, 8));
            assert_eq!(tiny, [0xEE; 3]);
        } else {
            assert_eq!(r.status.status(), NdisStatus::BUFFER_TOO_SHORT, "{:?}", info.oid);
            assert_eq!((r.bytes_written, r.bytes_needed as usize), (0, n), "{:?}", info.oid);
            assert!(short.iter().all(|b| *b == 0xEE));
        }
        // Statistics requests are answered like queries.
        let mut s = vec![0u8; n];
        let r = query_on(d, None, info.oid, RequestType::QueryStatistics, &mut s);
        assert_eq!(r.status, SyncStatus::SUCCESS);
        answered += 1;
    }
    assert_eq!(answered, miniport_oids().filter(|i| i.query.is_some()).count());
    assert_eq!(answered, 43);
    let af = open_af(&mut net.a);
    teardown(&mut net, 0, af, &[]);
    net.assert_clean();
}

#[test]
fn known_answers() {
    let mut net = Net::new(MiniportConfig::new(8));
    let d = &mut net.a;
    let caps = *hal::nic::Nic::capabilities(d.core.nic());
    assert_eq!(u32_answer(d, Oid::GEN_CO_MEDIA_SUPPORTED), 8); // NdisMediumAtm
    assert_eq!(u32_answer(d, Oid::GEN_CO_MEDIA_IN_USE), 8);
    assert_eq!(u32_answer(d, Oid::GEN_CO_HARDWARE_STATUS), 0);
    assert_eq!(u32_answer(d, Oid::GEN_CO_MEDIA_CONNECT_STATUS), 0); // connected
    assert_eq!(u32_answer(d, Oid::ATM_SUPPORTED_AAL_TYPES), 8 | 1);
    assert_eq!(u32_answer(d, Oid::ATM_SUPPORTED_SERVICE_CATEGORY), 1 | 2 | 4 | 8);
    assert_eq!(u32_answer(d, Oid::ATM_MAX_ACTIVE_VCS), 8);
    assert_eq!(u32_answer(d, Oid::ATM_MAX_ACTIVE_VPI_BITS), 8);
    assert_eq!(u32_answer(d, Oid::ATM_MAX_ACTIVE_VCI_BITS), 16);
    assert_eq!(u32_answer(d, Oid::ATM_MAX_AAL5_PACKET_SIZE), 9188);
    assert_eq!(u32_answer(d, Oid::ATM_MAX_AAL0_PACKET_SIZE), 48 * 32);
    assert_eq!(u32_answer(d, Oid::ATM_MAX_AAL1_PACKET_SIZE), 0);
    assert_eq!(u32_answer(d, Oid::ATM_ALIGNMENT_REQUIRED), ALIGNMENT_REQUIRED);
    let mut b = [0u8; 8];
    assert_eq!(query(d, Oid::ATM_SIGNALING_VPIVCI, &mut b).bytes_written, 8);
    assert_eq!(b, [0, 0, 0, 0, 5, 0, 0, 0]);
    assert_eq!(query(d, Oid::ATM_ILMI_VPIVCI, &mut b).bytes_written, 8);
    assert_eq!(b, [0, 0, 0, 0, 16, 0, 0, 0]);
    assert_eq!(query(d, Oid::ATM_SUPPORTED_VC_RATES, &mut b).bytes_written, 8);
    assert_eq!(u32::from_le_bytes(b[..4].try_into().unwrap()), caps.min_cell_rate);
    assert_eq!(u32::from_le_bytes(b[4..].try_into().unwrap()), 353_207);
    // OC-3c: 353 207 cells/s × 424 bit = 149.76 Mbit/s, in units of 100 bit/s.
    assert_eq!(query(d, Oid::GEN_CO_LINK_SPEED, &mut b).bytes_written, 8);
    assert_eq!(u32::from_le_bytes(b[..4].try_into().unwrap()), 1_497_597);
    let mut esi = [0u8; 6];
    assert_eq!(query(d, Oid::ATM_HW_CURRENT_ADDRESS, &mut esi).bytes_written, 6);
    assert_eq!(esi, [2, 0, 0, 0, 0, 0xA]);
    let mut v = [0u8; 2];
    assert_eq!(query(d, Oid::GEN_CO_DRIVER_VERSION, &mut v).bytes_written, 2);
    assert_eq!(u16::from_le_bytes(v), DRIVER_VERSION);
    let mut desc = [0u8; 128];
    let n = query(d, Oid::GEN_CO_VENDOR_DESCRIPTION, &mut desc).bytes_written as usize;
    assert_eq!(&desc[..n], VENDOR_DESCRIPTION);
    // The supported list names exactly the miniport OIDs of the table.
    let mut list = [0u8; 512];
    let n = query(d, Oid::GEN_CO_SUPPORTED_LIST, &mut list).bytes_written as usize;
    let got: Vec<u32> =
        list[..n].chunks(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect();
    let want: Vec<u32> = miniport_oids().map(|i| i.oid.0).collect();
    assert_eq!(got, want);
    assert!(!got.contains(&Oid::CO_ADD_PVC.0));
    let af = open_af(&mut net.a);
    teardown(&mut net, 0, af, &[]);
    net.assert_clean();
}

#[test]
fn statistics_follow_traffic() {
    let mut net = Net::new(MiniportConfig::new(8));
    let afs = (open_af(&mut net.a), open_af(&mut net.b));
    let (va, _) = active_vc(&mut net.a, afs.0, atm(0, 100, AalType::Aal5, ServiceCategory::Ubr, 0));
    let (vb, _) = active_vc(&mut net.b, afs.1, atm(0, 100, AalType::Aal5, ServiceCategory::Ubr, 0));
    let data = payload(1, 1000); // 1000 + 8 octets → 21 cells
    let l = packets(&mut net.a, &[&data, &data, &data]);
    net.a.co_send_net_buffer_lists(D, va, &l);
    // Queued in the NIC, not yet on the wire.
    assert_eq!(counter(&mut net.a, Oid::GEN_CO_BYTES_XMIT_OUTSTANDING), 3000);
    assert_eq!(counter(&mut net.a, Oid::GEN_CO_TRANSMIT_QUEUE_LENGTH), 3);
    assert!(net.run_until(|n| n.b.port.received.len() == 3 && n.a.core.sends_in_flight() == 0));
    net.run_for(Duration::from_micros(50));
    assert_eq!(counter(&mut net.a, Oid::ATM_XMIT_CELLS_OK), 63);
    assert_eq!(counter(&mut net.a, Oid::GEN_CO_BYTES_XMIT_OUTSTANDING), 0);
    assert_eq!(counter(&mut net.a, Oid::GEN_CO_TRANSMIT_QUEUE_LENGTH), 0);
    assert_eq!(counter(&mut net.b, Oid::ATM_RCV_CELLS_OK), 63);
    assert_eq!(counter(&mut net.a, Oid::GEN_CO_XMIT_PDUS_OK), 3);
    assert_eq!(counter(&mut net.a, Oid::GEN_CO_BYTES_XMIT), 3000);
    assert_eq!(counter(&mut net.b, Oid::GEN_CO_RCV_PDUS_OK), 3);
    assert_eq!(counter(&mut net.b, Oid::GEN_CO_BYTES_RCV), 3000);
    assert_eq!(counter(&mut net.b, Oid::ATM_RCV_REASSEMBLY_ERROR), 0);
    assert_eq!(counter(&mut net.b, Oid::ATM_CELLS_HEC_ERROR), 0);
    // Per-VC statistics on a VC handle; an unknown VC is refused.
    let mut b = [0u8; 8];
    let r = query_on(&mut net.b, Some(vb), Oid::GEN_CO_RCV_PDUS_OK, RequestType::Query, &mut b);
    assert_eq!((r.status, u64::from_le_bytes(b)), (SyncStatus::SUCCESS, 3));
    let stranger = net.b.port.new_vc_handle();
    let r =
        query_on(&mut net.b, Some(stranger), Oid::GEN_CO_RCV_PDUS_OK, RequestType::Query, &mut b);
    assert_eq!(r.status.status(), NdisStatus::INVALID_PARAMETER);
    // Cells for a VPI/VCI nobody opened count as invalid on the receiver.
    let (vx, _) = active_vc(&mut net.a, afs.0, atm(0, 333, AalType::Aal5, ServiceCategory::Ubr, 0));
    let l = packets(&mut net.a, &[&data]);
    net.a.co_send_net_buffer_lists(D, vx, &l);
    assert!(net.run_until(|n| n.a.core.sends_in_flight() == 0));
    net.run_for(Duration::from_micros(50));
    assert_eq!(counter(&mut net.b, Oid::ATM_RCV_INVALID_VPI_VCI), 21);
    teardown(&mut net, 0, afs.0, &[va, vx]);
    teardown(&mut net, 1, afs.1, &[vb]);
    net.assert_clean();
}

#[test]
fn sets_and_foreign_oids() {
    let mut net = Net::new(MiniportConfig::new(4));
    let d = &mut net.a;
    // Read-only OIDs refuse sets.
    for info in miniport_oids().filter(|i| i.set.is_none()) {
        let r = set(d, info.oid, &[0u8; 64]);
        assert_eq!(r.status.status(), NdisStatus::NOT_SUPPORTED, "{:?}", info.oid);
        assert_eq!(r.bytes_read, 0);
    }
    // The one settable OID: exact, long, short.
    let r = set(d, Oid::GEN_CO_PROTOCOL_OPTIONS, &[0, 0, 0, 0]);
    assert_eq!((r.status, r.bytes_read), (SyncStatus::SUCCESS, 4));
    let r = set(d, Oid::GEN_CO_PROTOCOL_OPTIONS, &[0; 9]);
    assert_eq!((r.status, r.bytes_read), (SyncStatus::SUCCESS, 4));
    let r = set(d, Oid::GEN_CO_PROTOCOL_OPTIONS, &[0; 3]);
    assert_eq!((r.status.status(), r.bytes_needed), (NdisStatus::INVALID_LENGTH, 4));
    // ...and is not queryable.
    let r = query(d, Oid::GEN_CO_PROTOCOL_OPTIONS, &mut [0u8; 4]);
    assert_eq!(r.status.status(), NdisStatus::NOT_SUPPORTED);
    // Call-manager OIDs, OIDs nobody knows, other request types.
    for oid in [Oid::CO_ADD_PVC, Oid::CO_GET_ADDRESSES, Oid::CO_ADDRESS_CHANGE, Oid(0x1234_5678)] {
        let r = query(d, oid, &mut [0u8; 512]);
        assert_eq!((r.status.status(), r.bytes_written), (NdisStatus::NOT_SUPPORTED, 0));
        let r = set(d, oid, &[0u8; 512]);
        assert_eq!(r.status.status(), NdisStatus::NOT_SUPPORTED);
    }
    let r = query_on(d, None, Oid::ATM_MAX_ACTIVE_VCS, RequestType::Unknown(3), &mut [0u8; 4]);
    assert_eq!(r.status.status(), NdisStatus::NOT_SUPPORTED);
    let af = open_af(&mut net.a);
    teardown(&mut net, 0, af, &[]);
    net.assert_clean();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any OID, request type and buffer: a valid final status, BytesWritten within the buffer,
    /// nothing written past BytesWritten, and no contract violation.
    #[test]
    fn arbitrary_requests_stay_in_bounds(
        reqs in proptest::collection::vec((0usize..80, any::<u32>(), 0u32..4, 0usize..80), 1..24)
    ) {
        let mut net = Net::new(MiniportConfig::new(4));
        let d = &mut net.a;
        for (pick, raw, kind, len) in reqs {
            let oid = MCM_OIDS.get(pick).map_or(Oid(raw), |i| i.oid);
            let kind = RequestType::from(kind);
            let mut buf = vec![0xA5u8; len];
            let r = if kind == RequestType::Set {
                set(d, oid, &buf)
            } else {
                query_on(d, None, oid, kind, &mut buf)
            };
            prop_assert!(!r.status.status().is_pending());
            prop_assert!(r.bytes_written as usize <= len);
            prop_assert!(r.bytes_read as usize <= len);
            prop_assert!(buf[r.bytes_written as usize..].iter().all(|b| *b == 0xA5));
        }
        let af = open_af(&mut net.a);
        teardown(&mut net, 0, af, &[]);
        prop_assert!(net.a.violations().is_empty());
    }
}

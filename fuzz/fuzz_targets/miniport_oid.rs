//! Fuzz MiniportCoOidRequest through the miniport core (mcm::miniport) on a software NIC:
//! arbitrary OID (a table entry or raw), request type, per-VC target and InformationBuffer.
//! The core never panics, completes synchronously with a final status, writes at most the
//! buffer (and nothing past BytesWritten), reads at most the buffer, and the contract checker
//! sees no violation.
#![no_main]

use hal::nic::{SoftSar, SoftSarConfig};
use hal::sim::{LoopbackPort, PortConfig};
use libfuzzer_sys::fuzz_target;
use mcm::abi::oid::{Oid, RequestType, MCM_OIDS};
use mcm::boundary::host::Driven;
use mcm::boundary::pool::{CountingPool, FailPolicy};
use mcm::boundary::{Irql, OidBuffer, OidRequest, OidStatus};
use mcm::miniport::{CallSlot, MiniportConfig, MiniportCore};

type Core = MiniportCore<SoftSar<LoopbackPort>, CallSlot, CountingPool>;

fuzz_target!(|data: &[u8]| {
    let nic = SoftSar::new(LoopbackPort::new(PortConfig::oc3([2, 0, 0, 0, 0, 1])), SoftSarConfig::new(4))
        .expect("software NIC");
    let Ok(core) = Core::initialize(MiniportConfig::new(4), nic, CountingPool::new(FailPolicy::Never))
    else {
        return;
    };
    let mut d = Driven::new(core);
    let mut rest = data;
    while let Some((head, tail)) = rest.split_first_chunk::<8>() {
        let raw = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
        let oid = if head[4] & 0x80 == 0 {
            MCM_OIDS.get(usize::from(head[4]) % MCM_OIDS.len()).map_or(Oid(raw), |i| i.oid)
        } else {
            Oid(raw)
        };
        let kind = RequestType::from(u32::from(head[5] % 5));
        let per_vc = head[6] & 1 == 1;
        let len = usize::from(head[7]).min(tail.len() + 64);
        rest = tail.get(usize::from(head[7]).min(tail.len())..).unwrap_or(&[]);
        let vc = if per_vc { Some(d.port.new_vc_handle()) } else { None };
        let id = d.port.new_oid_request_id();
        let mut buf = vec![0x5Au8; len];
        let set_data = buf.clone();
        let r = if kind == RequestType::Set {
            d.co_oid_request(Irql::Dispatch, vc, OidRequest { id, oid, request_type: kind, buffer: OidBuffer::Set(&set_data) })
        } else {
            d.co_oid_request(Irql::Dispatch, vc, OidRequest { id, oid, request_type: kind, buffer: OidBuffer::Query(&mut buf) })
        };
        let OidStatus::Complete(r) = r else { panic!("miniport OIDs never pend") };
        assert!(!r.status.status().is_pending());
        assert!(r.bytes_written as usize <= len && r.bytes_read as usize <= len);
        assert!(buf[r.bytes_written as usize..].iter().all(|b| *b == 0x5A));
    }
    assert!(d.violations().is_empty(), "{:?}", d.violations());
});

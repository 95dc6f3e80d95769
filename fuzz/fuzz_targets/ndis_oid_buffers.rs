//! Fuzz the OID boundary: arbitrary (OID, request type, handler, InformationBuffer) through
//! the length rules, the query writers, and the parsers of the OID and call-manager buffers
//! (CO_PVC with Q2931_ADD_PVC / Q2931_DELETE_PVC, Q2931_CALLMGR_PARAMETERS, CO_SAP,
//! CO_ADDRESS_LIST, CO_CALL_PARAMETERS through a flat resolver).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mcm::abi::atm::{Q2931AddPvc, Q2931DeletePvc};
use mcm::abi::co::{CoAddressList, CoCallManagerParameters, CoCallParameters, CoPvc, CoSap};
use mcm::abi::oid::{
    check_request, read_set, write_bytes, write_counter, Oid, OidHandler, RequestType, MCM_OIDS,
};
use mcm::abi::q2931::Q2931CallMgrParameters;
use mcm::abi::{AbiStruct, FlatResolver, FlatResolverMut, NdisStatus};

fn roundtrip<T: AbiStruct + PartialEq + core::fmt::Debug>(buf: &[u8]) {
    if let Ok(v) = T::parse(buf) {
        let mut out = vec![0u8; v.buffer_len()];
        assert_eq!(v.emit(&mut out).expect("buffer_len bytes"), out.len());
        assert_eq!(T::parse(&out).as_ref(), Ok(&v));
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((head, buf)) = data.split_first_chunk::<8>() else {
        return;
    };
    // The OID is either a table entry or raw, so the fuzzer reaches every rule.
    let raw = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
    let oid = if head[4] & 0x80 == 0 {
        MCM_OIDS.get(usize::from(head[4]) % MCM_OIDS.len()).map_or(Oid(raw), |i| i.oid)
    } else {
        Oid(raw)
    };
    let request = RequestType::from(u32::from(head[5] & 3));
    let handler = [OidHandler::Miniport, OidHandler::CallManager, OidHandler::ToClient]
        [usize::from(head[6] % 3)];

    match check_request(handler, oid, request, buf.len()) {
        Ok(_) => {}
        Err(e) => {
            if e.status != NdisStatus::NOT_SUPPORTED {
                assert!(e.bytes_needed as usize > buf.len());
            }
        }
    }

    let mut out = buf.to_vec();
    let r = write_counter(&mut out, u64::from(raw) << 7);
    assert!(r.bytes_written as usize <= out.len());
    let r = write_bytes(&mut out, head);
    assert!(r.bytes_written as usize <= out.len());

    let _ = read_set::<CoPvc<Q2931AddPvc>>(OidHandler::CallManager, Oid::CO_ADD_PVC, buf);
    let _ = read_set::<CoPvc<Q2931DeletePvc>>(OidHandler::CallManager, Oid::CO_DELETE_PVC, buf);
    roundtrip::<CoPvc<Q2931AddPvc>>(buf);
    roundtrip::<CoPvc<Q2931DeletePvc>>(buf);
    roundtrip::<Q2931CallMgrParameters>(buf);
    roundtrip::<CoCallManagerParameters>(buf);
    roundtrip::<CoSap>(buf);
    roundtrip::<CoAddressList>(buf);

    // The buffer as client memory at a base address: CO_CALL_PARAMETERS at its start,
    // pointers wherever the bytes say.
    let base = u64::from(head[7]) << 12;
    let mem = FlatResolver { base, buf };
    if let Ok(p) = CoCallParameters::parse_at(base, &mem) {
        let mut flat = vec![0u8; p.flat_len()];
        assert_eq!(p.emit_flat(&mut flat, 0x10_0000).expect("flat_len bytes"), flat.len());
        let back = FlatResolver { base: 0x10_0000, buf: &flat };
        assert_eq!(CoCallParameters::parse_at(0x10_0000, &back).as_ref(), Ok(&p));

        // Writing the parameters back into the client's memory: all or nothing.
        let mut copy = buf.to_vec();
        match p.write_back(base, &mut FlatResolverMut { base, buf: &mut copy }) {
            Ok(()) => {
                let again = FlatResolver { base, buf: &copy };
                assert_eq!(CoCallParameters::parse_at(base, &again).as_ref(), Ok(&p));
            }
            Err(_) => assert_eq!(copy, buf),
        }
    }
});

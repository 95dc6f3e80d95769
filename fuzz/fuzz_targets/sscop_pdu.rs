//! Arbitrary octets into the SSCOP PDU decoder (Q.2110 §7): it must never panic, and a
//! successful parse must emit to the same length and re-parse to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use signaling::saal::sscop::pdu::{Limits, Packet, Repr};

fuzz_target!(|data: &[u8]| {
    let view = Packet::new_unchecked(data);
    let _ = (view.pdu_type(), view.n_s(), view.n_r(), view.n_mr(), view.n_ps(), view.n_sq());
    let _ = (view.payload(), view.list().len(), view.check_len());
    for limits in [Limits::SSCF_UNI, Limits::AAL5] {
        if let Ok(repr) = Repr::parse_bytes(data, &limits) {
            let wire = repr.to_vec();
            assert_eq!(wire.len(), data.len());
            assert_eq!(Repr::parse_bytes(&wire, &limits), Ok(repr));
        }
    }
});

//! Arbitrary bytes → cell header view and repr (both formats) → emit → parse round trip.
#![no_main]

use hal::cell::{hec, CellError, Header, HeaderFormat, HeaderRepr};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [HeaderFormat::Uni, HeaderFormat::Nni] {
        let view = Header::new_unchecked(data);
        // Getters never panic, checked or not.
        let _ = (view.gfc(), view.vpi(format), view.vci(), view.pti(), view.clp(), view.hec());
        let _ = view.check_hec();
        let _ = view.payload();
        let checked = match Header::new_checked(data) {
            Ok(v) => v,
            Err(
                CellError::Truncated { .. }
                | CellError::PartialCell { .. }
                | CellError::Oversized { .. },
            ) => {
                assert!(data.len() != 5 && data.len() != 53);
                continue;
            }
            Err(e) => panic!("unexpected length error {e:?}"),
        };
        let repr = HeaderRepr::parse_fields(&checked, format).expect("length checked");
        assert!(repr.is_in_range());
        let mut out = [0u8; 5];
        repr.emit(&mut out).expect("parsed fields fit");
        assert_eq!(out[..4], data[..4]);
        assert_eq!(out[4], hec(out[..4].try_into().expect("4 octets")));
        let again = HeaderRepr::parse(&Header::new_checked(&out[..]).expect("5 octets"), format)
            .expect("emitted HEC is valid");
        assert_eq!(again, repr);
        // The strict parse accepts the input exactly when its HEC is right.
        assert_eq!(HeaderRepr::parse(&checked, format).is_ok(), data[4] == out[4]);
        // Correction never panics and leaves a valid header when it reports success.
        let mut copy = [0u8; 5];
        copy.copy_from_slice(&data[..5]);
        let mut view = Header::new_unchecked(&mut copy[..]);
        if view.check_and_correct_hec() != hal::cell::HecCheck::MultiBit {
            assert!(view.hec_is_valid());
        }
    }
});

//! The contract checker never panics and stays bounded on arbitrary event streams (it runs
//! under the simulator with whatever a broken core produces).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use mcm::boundary::host::event::synthetic_event;
use mcm::boundary::host::{checker::MAX_VIOLATIONS, ContractChecker, HostPort};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_streams_never_panic(seeds in proptest::collection::vec(any::<[u8; 4]>(), 0..300)) {
        let mut c = ContractChecker::new();
        for [sel, a, b, st] in &seeds {
            c.on_event(&synthetic_event(*sel, *a, *b, *st));
        }
        c.check_quiescent();
        prop_assert!(c.violations().len() <= MAX_VIOLATIONS);
        // Replay gives the same verdict: the checker is deterministic.
        let mut r = ContractChecker::new();
        for [sel, a, b, st] in &seeds {
            r.on_event(&synthetic_event(*sel, *a, *b, *st));
        }
        r.check_quiescent();
        prop_assert_eq!(r.violations(), c.violations());
        prop_assert_eq!(r.dropped(), c.dropped());
    }
}

#[test]
fn violation_list_is_bounded() {
    let mut port = HostPort::with_log_capacity(8);
    // A stream of unbalanced returns: one violation each.
    for _ in 0..(MAX_VIOLATIONS + 10) {
        port.record(synthetic_event(24, 0, 0, 0));
    }
    assert_eq!(port.violations().len(), MAX_VIOLATIONS);
    assert_eq!(port.checker().dropped(), 10);
    assert_eq!(port.log().len(), 8);
    assert_eq!(port.log_dropped(), MAX_VIOLATIONS + 2);
}

//! Fuzz the CoNDIS contract checker with arbitrary event streams: it must never panic, stay
//! bounded, and give the same verdict on replay.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mcm::boundary::host::checker::{ContractChecker, MAX_VIOLATIONS};
use mcm::boundary::host::event::synthetic_event;

fuzz_target!(|data: &[u8]| {
    let run = || {
        let mut c = ContractChecker::new();
        for chunk in data.chunks_exact(4) {
            if let [sel, a, b, st] = chunk {
                c.on_event(&synthetic_event(*sel, *a, *b, *st));
            }
        }
        c.check_quiescent();
        c
    };
    let first = run();
    assert!(first.violations().len() <= MAX_VIOLATIONS);
    let second = run();
    assert_eq!(first.violations(), second.violations());
});

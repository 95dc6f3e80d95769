//! Random sequences of NDIS operations against two miniport cores on the simulated link
//! (sends of any size, activate, deactivate, pause, restart, reset, returns, time passing),
//! always under the contract checker: no violation, every NBL completed once, nothing leaked at
//! halt, and data that arrives is exactly what was sent on that VC, in order.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/miniport.rs"]
mod harness;

use hal::time::Duration;
use harness::*;
use mcm::abi::atm::{AalType, ServiceCategory};
use mcm::boundary::host::{AdapterState, VcState};
use mcm::boundary::HandlerStatus;
use mcm::miniport::MiniportConfig;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Send { vc: usize, count: usize, len: usize },
    Deactivate(usize),
    Activate(usize),
    Pause,
    Restart,
    Reset,
    ReturnB,
    Step(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0usize..2, 1usize..4, 1usize..3000).prop_map(|(vc, count, len)| Op::Send { vc, count, len }),
        1 => (0usize..2).prop_map(Op::Deactivate),
        1 => (0usize..2).prop_map(Op::Activate),
        1 => Just(Op::Pause),
        1 => Just(Op::Restart),
        1 => Just(Op::Reset),
        2 => Just(Op::ReturnB),
        3 => (1u64..2000).prop_map(Op::Step),
    ]
}

fn media(i: usize) -> mcm::abi::atm::AtmMediaParameters {
    let cat = if i == 0 { ServiceCategory::Ubr } else { ServiceCategory::Cbr };
    atm(0, 100 + i as u32, AalType::Aal5, cat, if i == 0 { 0 } else { 20_000 })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn random_operations_keep_the_contract(ops in proptest::collection::vec(op(), 1..40)) {
        let mut net = Net::new(MiniportConfig { max_sends: 6, ..MiniportConfig::new(4) });
        let afs = (open_af(&mut net.a), open_af(&mut net.b));
        let mut va = Vec::new();
        let mut vb = Vec::new();
        for i in 0..2 {
            let (a, sa) = active_vc(&mut net.a, afs.0, media(i));
            let (b, sb) = active_vc(&mut net.b, afs.1, media(i));
            prop_assert_eq!((sa, sb), (HandlerStatus::SUCCESS, HandlerStatus::SUCCESS));
            va.push(a);
            vb.push(b);
        }
        let mut sent: Vec<Vec<Vec<u8>>> = vec![Vec::new(), Vec::new()];
        let mut seed = 0u8;
        for op in ops {
            match op {
                Op::Send { vc, count, len } => {
                    let bufs: Vec<Vec<u8>> = (0..count).map(|_| { seed = seed.wrapping_add(1); payload(seed, len) }).collect();
                    let refs: Vec<&[u8]> = bufs.iter().map(|b| &b[..]).collect();
                    let l = packets(&mut net.a, &refs);
                    net.a.co_send_net_buffer_lists(D, va[vc], &l);
                    sent[vc].extend(bufs);
                }
                Op::Deactivate(i) => {
                    if net.a.port.checker().vc_state(va[i]) == Some(VcState::Active) {
                        let _ = net.a.co_deactivate_vc(D, va[i]);
                    }
                }
                Op::Activate(i) => {
                    if net.a.port.checker().vc_state(va[i]) == Some(VcState::Inactive) {
                        prop_assert_eq!(net.a.co_activate_vc(D, va[i], &call_params(media(i))), HandlerStatus::SUCCESS);
                    }
                }
                Op::Pause => {
                    if net.a.port.checker().adapter_state() == AdapterState::Running {
                        let _ = net.a.pause(P);
                    }
                }
                Op::Restart => {
                    if net.a.port.checker().adapter_state() == AdapterState::Paused {
                        prop_assert_eq!(net.a.restart(P), HandlerStatus::SUCCESS);
                    }
                }
                Op::Reset => {
                    let _ = net.a.reset_ex(D);
                }
                Op::ReturnB => {
                    net.return_all(1);
                }
                Op::Step(us) => net.run_for(Duration::from_micros(us)),
            }
        }
        net.run_until(|n| n.a.core.sends_in_flight() == 0);
        net.run_for(Duration::from_millis(1));
        net.return_all(1);
        prop_assert_eq!(net.a.core.sends_in_flight(), 0);
        // What B got on each VC is a subsequence of what A sent on it, in order.
        for i in 0..2 {
            let got = net.received_on(1, vb[i]);
            let mut it = sent[i].iter();
            for g in &got {
                prop_assert!(it.any(|s| s == g), "VC {} received data that was not sent in order", i);
            }
        }
        if net.a.port.checker().adapter_state() == AdapterState::Paused {
            prop_assert_eq!(net.a.restart(P), HandlerStatus::SUCCESS);
        }
        net.a.quiescent();
        net.b.quiescent();
        teardown(&mut net, 0, afs.0, &va);
        teardown(&mut net, 1, afs.1, &vb);
        prop_assert!(net.a.violations().is_empty(), "{:?}", net.a.violations());
        prop_assert!(net.b.violations().is_empty(), "{:?}", net.b.violations());
        prop_assert!(net.a.core.pool().leaks().is_empty());
    }
}

//! Property tests: random request / message / time / link sequences into a user-side and a
//! network-side stack never panic, keep every call in a valid state, stay within their
//! configured bounds and free every resource once the calls are gone.
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/call_sim.rs"]
mod call_sim;

use call_sim::*;
use proptest::prelude::*;
use signaling::call::{
    CallControl, CallHandle, CallState, Event, PartyTimer, RestartTarget, Side, Timer,
};
use signaling::codec::ie::CauseValue;

#[derive(Debug, Clone)]
enum Op {
    Setup { user: bool, p2mp: bool },
    Answer { user: bool, which: u8, how: u8 },
    Release { user: bool, which: u8 },
    Enquiry { user: bool, which: u8 },
    Advance { millis: u32 },
    Cut(bool),
    Inject { user: bool, bytes: Vec<u8> },
    Mutate { user: bool, pos: u8, val: u8 },
    Restart { user: bool, which: u8 },
    AddParty { user: bool, which: u8 },
    Modify { user: bool, which: u8, how: u8 },
    Party { user: bool, which: u8, how: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (any::<bool>(), any::<bool>()).prop_map(|(user, p2mp)| Op::Setup { user, p2mp }),
        2 => (any::<bool>(), any::<u8>()).prop_map(|(user, which)| Op::AddParty { user, which }),
        1 => (any::<bool>(), any::<u8>(), 0u8..4).prop_map(|(user, which, how)| Op::Modify { user, which, how }),
        3 => (any::<bool>(), any::<u8>(), 0u8..4).prop_map(|(user, which, how)| Op::Party { user, which, how }),
        4 => (any::<bool>(), any::<u8>(), 0u8..4).prop_map(|(user, which, how)| Op::Answer { user, which, how }),
        2 => (any::<bool>(), any::<u8>()).prop_map(|(user, which)| Op::Release { user, which }),
        1 => (any::<bool>(), any::<u8>()).prop_map(|(user, which)| Op::Enquiry { user, which }),
        3 => (0u32..40_000).prop_map(|millis| Op::Advance { millis }),
        1 => any::<bool>().prop_map(Op::Cut),
        1 => (any::<bool>(), proptest::collection::vec(any::<u8>(), 0..40)).prop_map(|(user, bytes)| Op::Inject { user, bytes }),
        2 => (any::<bool>(), any::<u8>(), any::<u8>()).prop_map(|(user, pos, val)| Op::Mutate { user, pos, val }),
        1 => (any::<bool>(), any::<u8>()).prop_map(|(user, which)| Op::Restart { user, which }),
    ]
}

fn pick(cc: &CallControl, which: u8) -> Option<CallHandle> {
    let calls: Vec<_> = cc.calls().collect();
    if calls.is_empty() {
        return None;
    }
    Some(calls[which as usize % calls.len()].0)
}

fn check(cc: &CallControl, max: u32, vc_total: usize) {
    let calls: Vec<_> = cc.calls().collect();
    assert_eq!(calls.len(), cc.active_calls());
    assert!(calls.len() <= max as usize);
    for (h, s) in &calls {
        assert_ne!(*s, CallState::Null);
        assert_eq!(cc.state(*h), *s);
        // A releasing call runs T308 (or nothing once T308 is exhausted it is gone).
        if *s == CallState::ReleaseRequest && cc.config().side == Side::User {
            assert!(cc.timer(*h, Timer::T308).is_some());
        }
    }
    let parties: usize = calls.iter().map(|(h, _)| cc.parties(*h).count()).sum();
    assert_eq!(parties, cc.active_parties());
    assert!(cc.pending_timers() <= calls.len() * Timer::COUNT + parties * PartyTimer::COUNT);
    if cc.config().side == Side::Network {
        // Each network call holds exactly one VC.
        assert_eq!(
            cc.free_connection_identifiers() + calls.len() + cc.maintenance_vcs().len(),
            vc_total
        );
    }
}

/// A valid message from the last few logged, for mutation.
fn recent(s: &Sim, to_user: bool) -> Option<Vec<u8>> {
    let dir = if to_user { Dir::NetworkToUser } else { Dir::UserToNetwork };
    let (_, m) = s.log.iter().rev().find(|(d, _)| *d == dir)?;
    let mut b = vec![0u8; m.buffer_len()];
    let n = m.encode(&mut b).ok()?;
    b.truncate(n);
    Some(b)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_invariants(ops in proptest::collection::vec(op(), 1..60), seed in any::<u64>()) {
        let mut ucfg = user_config();
        ucfg.max_calls = 8;
        // T308 below SSCOP's NO-RESPONSE, so its second expiry (VC maintenance + restart)
        // happens while the link still counts as up.
        ucfg.timers.t308 = ms(2_000);
        let mut ncfg = net_config();
        ncfg.max_calls = 8;
        ncfg.timers.t308 = ms(2_000);
        ncfg.vc_range.vci_last = 32 + 15;
        let vc_total = 16;
        let mut s = Sim::with(ucfg, ncfg, 0, seed);
        let cause = CauseValue::NormalCallClearing;
        for op in ops {
            let now = s.now;
            match op {
                Op::Setup { user, p2mp } => {
                    let cc = if user { s.u() } else { s.n() };
                    let tpl = if p2mp { p2mp_setup() } else { setup_template() };
                    let _ = cc.setup(now, &tpl);
                }
                Op::Modify { user, which, how } => {
                    let cc = if user { s.u() } else { s.n() };
                    if let Some(h) = pick(cc, which) {
                        let td = setup_template().ies.atm_traffic_descriptor.unwrap().contents;
                        let _ = match how {
                            0 | 1 => cc.modify(now, h, td),
                            2 => cc.modify_ack(now, h, which % 2 == 0),
                            _ => cc.modify_reject(now, h, CauseValue::UserCellRateNotAvailable),
                        };
                    }
                }
                Op::AddParty { user, which } => {
                    let cc = if user { s.u() } else { s.n() };
                    if let Some(h) = pick(cc, which) {
                        let _ = cc.add_party(now, h, &add_party_template());
                    }
                }
                Op::Party { user, which, how } => {
                    let cc = if user { s.u() } else { s.n() };
                    let parties: Vec<_> = cc.calls().flat_map(|(h, _)| cc.parties(h).map(|(p, _)| p).collect::<Vec<_>>()).collect();
                    if !parties.is_empty() {
                        let p = parties[which as usize % parties.len()];
                        let _ = match how {
                            0 => cc.party_alerting(now, p),
                            1 => cc.add_party_ack(now, p),
                            2 => cc.add_party_reject(now, p, CauseValue::UserBusy),
                            _ => cc.drop_party(now, p, cause),
                        };
                    }
                }
                Op::Answer { user, which, how } => {
                    let cc = if user { s.u() } else { s.n() };
                    if let Some(h) = pick(cc, which) {
                        let _ = match how {
                            0 => cc.proceeding(now, h),
                            1 => cc.alerting(now, h),
                            2 => cc.connect(now, h),
                            _ => cc.reject(now, h, CauseValue::UserBusy),
                        };
                    }
                }
                Op::Release { user, which } => {
                    let cc = if user { s.u() } else { s.n() };
                    if let Some(h) = pick(cc, which) {
                        let _ = cc.release(now, h, cause);
                    }
                }
                Op::Enquiry { user, which } => {
                    let cc = if user { s.u() } else { s.n() };
                    if let Some(h) = pick(cc, which) {
                        let _ = cc.status_enquiry(now, h);
                    }
                }
                Op::Advance { millis } => s.run_for(ms(u64::from(millis))),
                Op::Cut(c) => s.cut = c,
                Op::Inject { user, bytes } => {
                    let cc = if user { s.u() } else { s.n() };
                    cc.handle_message(now, &bytes);
                }
                Op::Restart { user, which } => {
                    let cc = if user { s.u() } else { s.n() };
                    let target = match (which % 3, pick(cc, which).and_then(|h| cc.connection_identifier(h))) {
                        (0, Some((p, v))) => RestartTarget::Vc(p, v),
                        (1, Some((p, _))) => RestartTarget::Vpc(p),
                        _ => RestartTarget::All,
                    };
                    let _ = cc.restart(now, target);
                }
                Op::Mutate { user, pos, val } => {
                    if let Some(mut b) = recent(&s, user) {
                        let i = pos as usize % b.len();
                        b[i] = val;
                        let cc = if user { s.u() } else { s.n() };
                        cc.handle_message(now, &b);
                    }
                }
            }
            s.settle();
            check(s.u(), 8, 0);
            check(s.n(), 8, vc_total);
        }
        // Every handle reported released is dead.
        let (eu, en) = s.take();
        for (ev, cc) in [(&eu, s.user.calls()), (&en, s.net.calls())] {
            for e in ev.iter() {
                if let Event::Released { call, .. } = e {
                    let live = cc.calls().any(|(h, _)| h == *call);
                    prop_assert!(!live);
                }
            }
        }
        // Clear everything: release what is left, reconnect, and let the timers run out.
        // Two rounds: messages still in flight (or injected duplicates retransmitted by
        // SSCOP) may start calls after the first round.
        s.cut = false;
        for _ in 0..2 {
            for user in [true, false] {
                let now = s.now;
                let cc = if user { s.u() } else { s.n() };
                let hs: Vec<_> = cc.calls().map(|(h, _)| h).collect();
                for h in hs {
                    let _ = cc.release(now, h, cause);
                }
            }
            s.run_for(ms(400_000));
        }
        prop_assert_eq!(s.u().active_calls(), 0);
        prop_assert_eq!(s.n().active_calls(), 0);
        prop_assert_eq!(s.u().pending_timers() + s.n().pending_timers(), 0);
        prop_assert_eq!(s.n().free_connection_identifiers(), vc_total);
        prop_assert_eq!(s.u().active_parties() + s.n().active_parties(), 0);
        prop_assert!(s.u().maintenance_vcs().is_empty() && s.n().maintenance_vcs().is_empty());
    }
}

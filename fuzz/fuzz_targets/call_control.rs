//! Arbitrary messages, requests, link indications and time steps into a user-side and a
//! network-side `CallControl`. Nothing may panic; call and timer counts stay within the
//! configured bounds.
#![no_main]

use hal::time::{Duration, Instant};
use libfuzzer_sys::fuzz_target;
use signaling::call::{CallControl, Config, PartyTimer, RestartTarget, Side, Timer};
use signaling::codec::ie::CauseValue;
use signaling::codec::Message;
use signaling::saal::sscf::LinkStatus;

const MAX_CALLS: u32 = 8;

fn instance(side: Side) -> CallControl {
    let mut cfg = Config::new(side);
    cfg.max_calls = MAX_CALLS;
    cfg.vc_range.vci_last = cfg.vc_range.vci_first + 7;
    let mut cc = CallControl::new(cfg).expect("valid config");
    cc.handle_link(Instant::ZERO, LinkStatus::Up);
    cc
}

fn drain(cc: &mut CallControl) -> Vec<Vec<u8>> {
    while cc.poll_event().is_some() {}
    std::iter::from_fn(|| cc.poll_transmit()).collect()
}

fuzz_target!(|data: &[u8]| {
    let mut ccs = [instance(Side::User), instance(Side::Network)];
    let mut now = Instant::ZERO;
    let mut template = Message::new(
        signaling::codec::CallReference::Value { flag: false, value: 1 },
        signaling::codec::MessageType::Setup,
    );
    if data.first().is_some_and(|b| b & 0x80 != 0) {
        // A point-to-multipoint call (endpoint reference 0).
        template.ies.endpoint_reference =
            Some(signaling::codec::Ie::new(signaling::codec::ie::EndpointReference {
                reference_type: signaling::codec::ie::EndpointReferenceType::LocallyDefinedInteger,
                flag: false,
                value: 0,
            }));
    }
    let mut rest = data;
    while let Some((&op, tail)) = rest.split_first() {
        rest = tail;
        let side = usize::from(op & 1);
        let arg = tail.first().copied().unwrap_or(0);
        let Some(cc) = ccs.get_mut(side) else { return };
        let pick = cc.calls().nth(usize::from(arg) % MAX_CALLS as usize).map(|(h, _)| h);
        match op >> 1 {
            0..=31 => {
                // A message: the next `len` octets.
                let len = usize::from(arg);
                let body = rest.get(1..).unwrap_or(&[]);
                let n = len.min(body.len());
                cc.handle_message(now, body.get(..n).unwrap_or(&[]));
                rest = body.get(n..).unwrap_or(&[]);
            }
            32..=39 => {
                let _ = cc.setup(now, &template);
            }
            40..=47 => {
                if let Some(h) = pick {
                    let _ = match arg & 3 {
                        0 => cc.proceeding(now, h),
                        1 => cc.alerting(now, h),
                        2 => cc.connect(now, h),
                        _ => cc.reject(now, h, CauseValue::CallRejected),
                    };
                }
            }
            48..=55 => {
                if let Some(h) = pick {
                    let _ = cc.release(now, h, CauseValue::from(arg & 0x7F));
                }
            }
            56 => {
                if let Some(h) = pick {
                    let add = Message::new(
                        signaling::codec::CallReference::Dummy,
                        signaling::codec::MessageType::AddParty,
                    );
                    let _ = cc.add_party(now, h, &add);
                }
            }
            57 => {
                let parties: Vec<_> = cc
                    .calls()
                    .flat_map(|(h, _)| cc.parties(h).map(|(p, _)| p).collect::<Vec<_>>())
                    .collect();
                if let Some(&p) = parties.get(usize::from(arg) % parties.len().max(1)) {
                    let _ = match arg >> 6 {
                        0 => cc.party_alerting(now, p),
                        1 => cc.add_party_ack(now, p),
                        2 => cc.add_party_reject(now, p, CauseValue::UserBusy),
                        _ => cc.drop_party(now, p, CauseValue::NormalCallClearing),
                    };
                }
            }
            58 => {
                if let Some(h) = pick {
                    let _ = cc.status_enquiry(now, h);
                }
            }
            59 => {
                let target = match (arg % 3, pick.and_then(|h| cc.connection_identifier(h))) {
                    (0, Some((p, v))) => RestartTarget::Vc(p, v),
                    (1, Some((p, _))) => RestartTarget::Vpc(p),
                    _ => RestartTarget::All,
                };
                let _ = cc.restart(now, target);
            }
            60 => {
                if let Some(h) = pick {
                    let td = signaling::codec::ie::AtmTrafficDescriptor::default();
                    let _ = match arg & 3 {
                        0 => cc.modify(now, h, td),
                        1 => cc.modify_ack(now, h, arg & 4 != 0),
                        _ => cc.modify_reject(now, h, CauseValue::UserCellRateNotAvailable),
                    };
                }
            }
            61..=63 => {
                let st = match arg % 3 {
                    0 => LinkStatus::Up,
                    1 => LinkStatus::Down,
                    _ => LinkStatus::EstablishmentFailed,
                };
                cc.handle_link(now, st);
            }
            _ => {
                now = now + Duration::from_millis(u64::from(arg) * 1000);
                cc.handle_timeout(now);
            }
        }
        // Feed what one side sent to the other.
        let out = drain(cc);
        let other = ccs.get_mut(1 - side).expect("two instances");
        for m in out {
            other.handle_message(now, &m);
        }
        drain(other);
        for cc in &ccs {
            assert!(cc.active_calls() <= MAX_CALLS as usize);
            assert!(
                cc.pending_timers()
                    <= cc.active_calls() * Timer::COUNT + cc.active_parties() * PartyTimer::COUNT
            );
        }
    }
});

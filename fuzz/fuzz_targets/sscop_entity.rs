//! Arbitrary PDU sequences, user signals and timer firings into an SSCOP entity that was
//! first driven into one of the ten states (Q.2110): no panic, bounded buffers, timers in
//! the future.
//!
//! Input: byte 0 picks the starting state; then records `op, len, data[len]`:
//! op % 5 = 0 PDU (data as received octets), 1 a well-formed PDU built from data,
//! 2 a user signal, 3 advance time (data = milliseconds) and fire timers, 4 drain transmit.
#![no_main]

use hal::time::{Duration, Instant};
use libfuzzer_sys::fuzz_target;
use signaling::saal::sscop::pdu::{List, Repr, Source};
use signaling::saal::sscop::{BufferRelease, Config, RetrieveNumber, Signal, Sscop};

fn seq(d: &[u8], i: usize) -> u32 {
    let b = |k: usize| u32::from(d.get(i * 3 + k).copied().unwrap_or(0));
    (b(0) << 16) | (b(1) << 8) | b(2)
}

fn pdu_from(d: &[u8]) -> Vec<u8> {
    let kind = d.first().copied().unwrap_or(0) % 15;
    let body = d.get(1..).unwrap_or(&[]);
    let (a, b, c) = (seq(body, 0) % 64, seq(body, 1) % 64, seq(body, 2) % 64);
    let sq = body.first().copied().unwrap_or(0) % 4;
    let uu = body.get(..body.len().min(8)).unwrap_or(&[]);
    let list: Vec<u32> = body.iter().take(9).map(|x| u32::from(*x) % 64).collect();
    let repr = match kind {
        0 => Repr::Bgn { n_sq: sq, n_mr: a, uu },
        1 => Repr::Bgak { n_mr: a, uu },
        2 => Repr::Bgrej { uu },
        3 => Repr::End { source: if sq % 2 == 0 { Source::User } else { Source::Sscop }, uu },
        4 => Repr::Endak,
        5 => Repr::Rs { n_sq: sq, n_mr: a, uu },
        6 => Repr::Rsak { n_mr: a },
        7 => Repr::Er { n_sq: sq, n_mr: a },
        8 => Repr::Erak { n_mr: a },
        9 => Repr::Sd { n_s: a, info: uu },
        10 => Repr::Poll { n_ps: a, n_s: b },
        11 => Repr::Stat { n_ps: a, n_mr: b, n_r: c, list: List::Elements(&list) },
        12 => Repr::Ustat { n_mr: a, n_r: b, list: [c, seq(body, 3) % 64] },
        13 => Repr::Ud { info: uu },
        _ => Repr::Md { info: uu },
    };
    repr.to_vec()
}

fn signal(d: &[u8]) -> Signal {
    let data = d.get(1..).unwrap_or(&[]).to_vec();
    let br = if data.len() % 2 == 0 { BufferRelease::Yes } else { BufferRelease::No };
    match d.first().copied().unwrap_or(0) % 11 {
        0 => Signal::EstablishRequest { uu: data, br },
        1 => Signal::EstablishResponse { uu: data, br },
        2 => Signal::ReleaseRequest { uu: data },
        3 | 4 => Signal::DataRequest(data),
        5 => Signal::UnitdataRequest(data),
        6 => Signal::ResyncRequest { uu: data },
        7 => Signal::ResyncResponse,
        8 => Signal::RecoverResponse,
        9 => Signal::RetrieveRequest(RetrieveNumber::After(seq(&data, 0))),
        _ => Signal::MaaUnitdataRequest(data),
    }
}

fn feed(e: &mut Sscop, now: Instant, r: Repr<'_>) {
    e.handle_pdu(now, &r.to_vec());
}

/// Drives a fresh entity into state `which` (0 ..= 9, Q.2110 order) with real PDUs.
fn entity_in(which: u8, config: Config) -> Sscop {
    let mut e = match Sscop::new(config) {
        Ok(e) => e,
        Err(_) => return Sscop::new(Config::default()).unwrap_or_else(|_| unreachable!()),
    };
    let t = Instant::ZERO;
    let est = Signal::EstablishRequest { uu: vec![], br: BufferRelease::No };
    let ready = |e: &mut Sscop| {
        let _ = e.handle_signal(t, est.clone());
        feed(e, t, Repr::Bgak { n_mr: 32, uu: &[] });
    };
    match which % 10 {
        0 => {}
        1 => {
            let _ = e.handle_signal(t, est.clone());
        }
        2 => feed(&mut e, t, Repr::Bgn { n_sq: 1, n_mr: 32, uu: &[] }),
        3 => {
            ready(&mut e);
            let _ = e.handle_signal(t, Signal::ReleaseRequest { uu: vec![] });
        }
        4 => {
            ready(&mut e);
            let _ = e.handle_signal(t, Signal::ResyncRequest { uu: vec![] });
        }
        5 => {
            ready(&mut e);
            feed(&mut e, t, Repr::Rs { n_sq: 2, n_mr: 32, uu: &[] });
        }
        6 => {
            ready(&mut e);
            feed(&mut e, t, Repr::Ustat { n_mr: 32, n_r: 0, list: [0, 1] });
        }
        7 => {
            ready(&mut e);
            feed(&mut e, t, Repr::Ustat { n_mr: 32, n_r: 0, list: [0, 1] });
            feed(&mut e, t, Repr::Erak { n_mr: 32 });
        }
        8 => {
            ready(&mut e);
            feed(&mut e, t, Repr::Er { n_sq: 2, n_mr: 32 });
        }
        _ => ready(&mut e),
    }
    while e.poll_event().is_some() {}
    while e.poll_transmit(t).is_some() {}
    e
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, mut rest)) = data.split_first() else { return };
    let config = Config { receive_window: 16, transmit_buffer: 8, transmit_queue: 8, max_stat: 5, ..Config::default() };
    let mut e = entity_in(first, config.clone());
    let mut now = Instant::ZERO;
    while let [op, len, tail @ ..] = rest {
        let n = usize::from(*len).min(tail.len());
        let (chunk, next) = tail.split_at(n);
        rest = next;
        match op % 5 {
            0 => e.handle_pdu(now, chunk),
            1 => e.handle_pdu(now, &pdu_from(chunk)),
            2 => {
                let _ = e.handle_signal(now, signal(chunk));
            }
            3 => {
                now += Duration::from_millis(u64::from(seq(chunk, 0) % 20_000));
                e.handle_timeout(now);
            }
            _ => {
                for _ in 0..usize::from(chunk.first().copied().unwrap_or(1)) {
                    if e.poll_transmit(now).is_none() {
                        break;
                    }
                }
            }
        }
        while e.poll_event().is_some() {}
        let v = e.variables();
        assert!(v.unacknowledged <= config.transmit_buffer as usize);
        assert!(v.held <= config.receive_window as usize);
        assert!(v.queued <= config.transmit_queue);
        if let Some(t) = e.poll_timeout() {
            assert!(t > now);
        }
    }
});

//! Best-of-N timing of SETUP decode+encode pairs (no criterion), so a before/after comparison
//! on a shared machine takes the least disturbed run. Prints ns per pair and pairs/s for the
//! reference 73-octet SETUP and the rich 31-IE SETUP of `benches/codec.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::print_stdout)]

use core::hint::black_box;
use std::time::Instant;

use signaling::codec::ie::UniVersion;
use signaling::codec::{CallReference, Context, Direction, Message, MessageType};

#[path = "common/setups.rs"]
mod setups;

const CX: Context = Context { version: UniVersion::Uni40, direction: Direction::UserToNetwork };

fn best_of(name: &str, bytes: &[u8]) {
    let mut msg = Message::new(CallReference::Dummy, MessageType::Unknown(0));
    let mut out = [0u8; 1024];
    msg.decode_into(bytes, CX).unwrap();
    let n = msg.encode(&mut out).unwrap();
    assert_eq!(&out[..n], bytes);
    // CODEC_ITERS=n runs one short round (for callgrind), otherwise best of 15 rounds.
    let short = std::env::var("CODEC_ITERS").ok().and_then(|v| v.parse().ok());
    let iters = short.unwrap_or(200_000u32);
    let rounds = if short.is_some() { 1 } else { 15 };
    let mut best = [f64::MAX; 3];
    for _ in 0..rounds {
        let t = Instant::now();
        for _ in 0..iters {
            black_box(msg.decode_into(black_box(bytes), CX)).unwrap();
        }
        best[0] = best[0].min(t.elapsed().as_secs_f64() * 1e9 / f64::from(iters));
        let t = Instant::now();
        for _ in 0..iters {
            black_box(black_box(&msg).encode(&mut out)).unwrap();
        }
        best[1] = best[1].min(t.elapsed().as_secs_f64() * 1e9 / f64::from(iters));
        let t = Instant::now();
        for _ in 0..iters {
            msg.decode_into(black_box(bytes), CX).unwrap();
            black_box(msg.encode(&mut out).unwrap());
        }
        best[2] = best[2].min(t.elapsed().as_secs_f64() * 1e9 / f64::from(iters));
    }
    println!(
        "{name:>10} {:>4}B  decode {:7.1} ns  encode {:7.1} ns  pair {:7.1} ns = {:5.2} M pairs/s",
        bytes.len(),
        best[0],
        best[1],
        best[2],
        1e3 / best[2]
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // CODEC_ONLY=reference|rich measures one of them.
    let only = std::env::var("CODEC_ONLY").unwrap_or_default();
    if only.is_empty() || only == "reference" {
        best_of("reference", &setups::small_setup());
    }
    if only.is_empty() || only == "rich" {
        best_of("rich", &setups::rich_setup());
    }
}

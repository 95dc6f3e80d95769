//! Fuzz target: arbitrary cell sequences into an AAL5 reassembler with a small pool.
//!
//! Input: 3 configuration octets (max SDU / 2, timeout in ms, flags), then records of one
//! control octet and up to 48 payload octets (missing octets are zero). Control bits:
//! 0 = end of PDU (AUU), 1..=3 = time step in ms, 4 = consumer releases its oldest held PDU
//! first, 5 = reset the VC first, 6 = service the timer first.
//!
//! Invariants: no panic; every delivered buffer is valid and within bounds; errored PDUs are
//! only delivered when configured; counters add up; buffers never leak (held + in progress =
//! allocated, and all return to the pool at the end). The CRC check is bypassed under
//! `cfg(fuzzing)` so the fuzzer reaches the length/CPI/oversize checks.
#![no_main]

use hal::aal5::reassembly::State;
use hal::aal5::{BufferPool, Reassembled, ReassemblyConfig, Reassembler};
use hal::time::{Duration, Instant};
use libfuzzer_sys::fuzz_target;

const BUFFERS: usize = 3;
const BUFFER_LEN: usize = 192;

fuzz_target!(|data: &[u8]| {
    let Some((head, mut rest)) = data.split_first_chunk::<3>() else { return };
    let config = ReassemblyConfig {
        max_sdu: usize::from(head[0]) * 2,
        timeout: Duration::from_millis(u64::from(head[1])),
        deliver_errored: head[2] & 1 != 0,
    };
    let Ok(mut pool) = BufferPool::new(BUFFERS, BUFFER_LEN) else { return };
    let Ok(mut vc) = Reassembler::new(config) else { return };
    let mut now = Instant::ZERO;
    let mut held: Vec<Reassembled> = Vec::new();
    let mut deliveries = 0u64;
    let mut pushes = 0u64;

    while let Some((&control, tail)) = rest.split_first() {
        let take = tail.len().min(48);
        let mut payload = [0u8; 48];
        payload[..take].copy_from_slice(&tail[..take]);
        rest = &tail[take..];

        now += Duration::from_millis(u64::from((control >> 1) & 0b111));
        if control & 0x10 != 0 && !held.is_empty() {
            let oldest = held.remove(0);
            assert!(pool.release(oldest.buffer), "held buffer already free");
        }
        if control & 0x20 != 0 {
            vc.reset(&mut pool);
        }
        if control & 0x40 != 0 {
            let _ = vc.handle_timeout(&mut pool, now);
        }
        pushes += 1;
        if let Some(pdu) = vc.push_cell(&mut pool, now, &payload, control & 1 != 0) {
            deliveries += 1;
            let buffer = pool.get(pdu.buffer).expect("delivered buffer is allocated");
            assert!(pdu.len + 8 <= buffer.len(), "length beyond the buffer");
            assert!(pdu.data(&pool).is_some());
            match pdu.error {
                None => assert!(pdu.len <= config.max_sdu, "oversize PDU delivered as good"),
                Some(_) => assert!(config.deliver_errored, "errored PDU delivered unasked"),
            }
            held.push(pdu);
        }
        if let Some(deadline) = vc.poll_timeout() {
            assert!(deadline <= now.saturating_add(config.timeout));
        }

        let c = *vc.counters();
        assert_eq!(c.cells, pushes);
        assert_eq!(c.pdus_ok + c.errored_delivered, deliveries);
        assert!(c.pdus_ok + c.errors() <= c.cells);
        let assembling = usize::from(matches!(vc.state(), State::Assembling { .. }));
        assert_eq!(pool.capacity() - pool.free_count(), held.len() + assembling, "buffer leak");
    }

    for pdu in held.drain(..) {
        assert!(pool.release(pdu.buffer));
    }
    vc.reset(&mut pool);
    assert_eq!(pool.free_count(), BUFFERS, "buffers leaked");
});

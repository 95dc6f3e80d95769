//! Arbitrary byte stream, arbitrarily chunked, into the cell delineator: never panics,
//! only ever delivers 53-octet cells with a valid HEC, and the output slice stays bounded.
#![no_main]

use hal::cell::{hec, Cell, CELL_LEN};
use hal::tc::{CellDelineator, DelineationConfig};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // First octets choose the configuration and the chunking; the rest is the stream.
    let Some((&[cfg, alpha, delta, chunk_seed], stream)) = data.split_first_chunk::<4>() else {
        return;
    };
    let config = DelineationConfig {
        alpha,
        delta: delta % 16,
        drop_idle: cfg & 1 != 0,
        descramble: cfg & 2 != 0,
    };
    // With bit 2 of the configuration octet the input is cell material instead of a raw
    // stream: every 52 octets become a cell with its HEC inserted (so SYNC is reachable),
    // except that a group starting with 0xFF gets a wrong HEC and a short tail makes a slip.
    let structured: Vec<u8>;
    let stream = if cfg & 4 != 0 {
        let mut s = Vec::with_capacity(stream.len() + stream.len() / 52 + 1);
        for group in stream.chunks(52) {
            match group.split_first_chunk::<4>() {
                Some((first_four, payload)) => {
                    s.extend_from_slice(first_four);
                    let h = hec(*first_four);
                    s.push(if first_four[0] == 0xFF { !h } else { h });
                    s.extend_from_slice(payload);
                }
                None => s.extend_from_slice(group),
            }
        }
        structured = s;
        &structured[..]
    } else {
        stream
    };
    let mut a = CellDelineator::new(config);
    let mut b = CellDelineator::new(config);
    let mut delivered = 0u64;
    let mut out: [Cell; 2] = [[0; CELL_LEN]; 2];
    let mut collected_b = 0u64;
    let mut rest = stream;
    let mut seed = u32::from(chunk_seed) | 1;
    while !rest.is_empty() {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = ((seed >> 24) as usize % 130 + 1).min(rest.len());
        let (chunk, tail) = rest.split_at(n);
        a.push(chunk, |cell| {
            delivered += 1;
            let header: [u8; 4] = cell[..4].try_into().expect("4 octets");
            // Without descrambling the whole cell is as received; the header always is.
            assert_eq!(hec(header), cell[4]);
        });
        // The bounded-output form, with a two-cell output, must agree on the count.
        let mut part = chunk;
        while !part.is_empty() {
            let r = b.push_into(part, &mut out);
            assert!(r.cells <= out.len());
            assert!(r.consumed > 0 || r.cells > 0);
            collected_b += r.cells as u64;
            part = &part[r.consumed..];
        }
        rest = tail;
    }
    assert_eq!(delivered, a.counters().cells_delivered);
    assert_eq!(delivered, collected_b);
    assert_eq!(a.state(), b.state());
    assert_eq!(a.counters(), b.counters());
});

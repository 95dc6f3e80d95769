//! Fuzz the I.610 OAM cell parser: arbitrary payloads must never panic, and every payload
//! that parses must re-emit to a cell that parses to the same representation.
#![no_main]

use hal::oam::{OamCell, OamRepr, OAM_PAYLOAD_LEN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Any length straight into the parser.
    let _ = OamRepr::parse_bytes(data);

    // A 48-octet payload; the first input octet decides whether to fix the CRC-10 so the
    // fuzzer gets past the checksum into the field checks.
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut payload = [0u8; OAM_PAYLOAD_LEN];
    for (dst, src) in payload.iter_mut().zip(rest) {
        *dst = *src;
    }
    if mode & 1 == 1 {
        OamCell::new_unchecked(&mut payload[..]).fill_crc();
    }
    let view = OamCell::new_unchecked(&payload[..]);
    let unchecked = OamRepr::parse_ignoring_crc(&view);
    match OamRepr::parse(&view) {
        Ok(repr) => {
            assert_eq!(unchecked, Ok(repr));
            let mut emitted = [0u8; OAM_PAYLOAD_LEN];
            repr.emit(&mut emitted).expect("48-octet buffer");
            assert_eq!(OamRepr::parse_bytes(&emitted), Ok(repr));
            assert_eq!(emitted[0], payload[0]);
        }
        Err(_) => {}
    }
});

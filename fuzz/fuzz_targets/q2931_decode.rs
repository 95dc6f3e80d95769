//! Arbitrary bytes → Q.2931 decode, for every UNI version and direction. Whatever decodes must
//! re-encode, and the encoding must decode to the same message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use signaling::codec::ie::UniVersion;
use signaling::codec::{Context, Direction, Message};

fuzz_target!(|data: &[u8]| {
    for version in [UniVersion::Uni31, UniVersion::Uni40] {
        for direction in [Direction::UserToNetwork, Direction::NetworkToUser] {
            let cx = Context { version, direction };
            let Ok(d) = Message::decode(data, cx) else { continue };
            let mut buf = vec![0u8; d.message.buffer_len()];
            let n = d.message.encode(&mut buf).expect("a decoded message re-encodes");
            assert_eq!(n, buf.len());
            let again = Message::decode(&buf, cx).expect("the encoding decodes");
            assert_eq!(again.message, d.message);
        }
    }
});

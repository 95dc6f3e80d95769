//! Fuzz target for the IE contents codecs of codec-ies.md: the first octet picks the IE
//! identifier (Q.2931 §4.5 / UNI 4.0 numbering), the second the coding standard and UNI
//! version, the rest is the contents. Whatever parses must emit exactly `buffer_len()`
//! octets and parse back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use signaling::codec::ie::*;

fn check<T: IeContents + PartialEq + core::fmt::Debug>(
    contents: &[u8],
    coding: CodingStandard,
    version: UniVersion,
) {
    let Ok(value) = T::parse(contents, coding, version) else { return };
    let len = value.buffer_len();
    let mut buf = vec![0u8; len];
    let written = value.emit(&mut buf).expect("a parsed value emits");
    assert_eq!(written, len);
    let again = T::parse(&buf, coding, version).expect("emitted octets parse");
    assert_eq!(again, value);
    if len > 0 {
        assert_eq!(value.emit(&mut buf[..len - 1]), Err(IeError::BufferTooSmall));
    }
}

fuzz_target!(|data: &[u8]| {
    let [id, mode, contents @ ..] = data else { return };
    let coding = CodingStandard::from_bits(*mode);
    let version = if mode & 0x04 == 0 { UniVersion::Uni40 } else { UniVersion::Uni31 };
    match id {
        0x08 => check::<Cause>(contents, coding, version),
        0x14 => check::<CallState>(contents, coding, version),
        0x27 => check::<NotificationIndicator>(contents, coding, version),
        0x4C => check::<ConnectedNumber>(contents, coding, version),
        0x4D => check::<ConnectedSubaddress>(contents, coding, version),
        0x54 => check::<EndpointReference>(contents, coding, version),
        0x55 => check::<EndpointState>(contents, coding, version),
        0x5A => check::<ConnectionIdentifier>(contents, coding, version),
        0x60 => check::<BroadbandLockingShift>(contents, coding, version),
        0x61 => check::<BroadbandNonLockingShift>(contents, coding, version),
        0x62 => check::<BroadbandSendingComplete>(contents, coding, version),
        0x63 => check::<BroadbandRepeatIndicator>(contents, coding, version),
        0x6C => check::<CallingPartyNumber>(contents, coding, version),
        0x6D => check::<CallingPartySubaddress>(contents, coding, version),
        0x70 => check::<CalledPartyNumber>(contents, coding, version),
        0x71 => check::<CalledPartySubaddress>(contents, coding, version),
        0x78 => check::<TransitNetworkSelection>(contents, coding, version),
        0x79 => check::<RestartIndicator>(contents, coding, version),
        0x7E => check::<UserUser>(contents, coding, version),
        0x7F => check::<GenericIdentifierTransport>(contents, coding, version),
        0x89 => check::<BroadbandReportType>(contents, coding, version),
        0xE8 => check::<LijCallIdentifier>(contents, coding, version),
        0xE9 => check::<LijParameters>(contents, coding, version),
        0xEA => check::<LeafSequenceNumber>(contents, coding, version),
        0xEB => check::<ConnectionScopeSelection>(contents, coding, version),
        _ => {
            // Address text forms: parse never panics; what parses prints and parses back.
            if let Ok(text) = core::str::from_utf8(contents) {
                if let Ok(addr) = text.parse::<AtmAddress>() {
                    assert_eq!(addr.to_string().parse::<AtmAddress>(), Ok(addr));
                }
            }
        }
    }
});

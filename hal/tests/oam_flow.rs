//! F4 / F5 OAM flows (I.610 §8.2): header fields and the inverse classification.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use hal::oam::{OamConnection, OamFlow, OamLevel};
use proptest::prelude::*;

#[test]
fn f4_uses_vci_3_and_4_with_pti_0() {
    let seg = OamFlow::F4 { vpi: 7, level: OamLevel::Segment };
    let e2e = OamFlow::F4 { vpi: 7, level: OamLevel::EndToEnd };
    assert_eq!(seg.header_fields(), (7, 3, 0));
    assert_eq!(e2e.header_fields(), (7, 4, 0));
    assert_eq!(seg.connection(), OamConnection::Vp { vpi: 7 });
}

#[test]
fn f5_uses_the_vc_with_pti_4_and_5() {
    let seg = OamFlow::F5 { vpi: 1, vci: 32, level: OamLevel::Segment };
    let e2e = OamFlow::F5 { vpi: 1, vci: 32, level: OamLevel::EndToEnd };
    assert_eq!(seg.header_fields(), (1, 32, 0b100));
    assert_eq!(e2e.header_fields(), (1, 32, 0b101));
    assert_eq!(e2e.level(), OamLevel::EndToEnd);
    assert_eq!(OamConnection::Vc { vpi: 1, vci: 32 }.flow(OamLevel::Segment), seg);
}

#[test]
fn classify_recognises_oam_and_rejects_the_rest() {
    assert_eq!(OamFlow::classify(2, 3, 0), Some(OamFlow::F4 { vpi: 2, level: OamLevel::Segment }));
    assert_eq!(OamFlow::classify(2, 4, 1), Some(OamFlow::F4 { vpi: 2, level: OamLevel::EndToEnd }));
    assert_eq!(
        OamFlow::classify(0, 100, 4),
        Some(OamFlow::F5 { vpi: 0, vci: 100, level: OamLevel::Segment })
    );
    assert_eq!(
        OamFlow::classify(0, 100, 5),
        Some(OamFlow::F5 { vpi: 0, vci: 100, level: OamLevel::EndToEnd })
    );
    // User data (PTI 0..3), RM (6) and reserved (7) cells are not OAM.
    for pti in [0, 1, 2, 3, 6, 7] {
        assert_eq!(OamFlow::classify(0, 100, pti), None, "pti {pti}");
    }
    // Signaling VCI 5 with user PTI is not OAM.
    assert_eq!(OamFlow::classify(0, 5, 0), None);
}

fn flow() -> impl Strategy<Value = OamFlow> {
    let level = prop_oneof![Just(OamLevel::Segment), Just(OamLevel::EndToEnd)];
    prop_oneof![
        (any::<u16>(), level.clone()).prop_map(|(vpi, level)| OamFlow::F4 { vpi, level }),
        (any::<u16>(), any::<u16>(), level)
            .prop_filter("VCIs 3 and 4 carry F4", |(_, vci, _)| *vci != 3 && *vci != 4)
            .prop_map(|(vpi, vci, level)| OamFlow::F5 { vpi, vci, level }),
    ]
}

proptest! {
    #[test]
    fn classify_inverts_header_fields(flow in flow()) {
        let (vpi, vci, pti) = flow.header_fields();
        prop_assert_eq!(OamFlow::classify(vpi, vci, pti), Some(flow));
    }

    #[test]
    fn classify_never_panics(vpi in any::<u16>(), vci in any::<u16>(), pti in any::<u8>()) {
        if let Some(flow) = OamFlow::classify(vpi, vci, pti) {
            let (v, c, _) = flow.header_fields();
            prop_assert_eq!((v, c), (vpi, vci));
        }
    }
}

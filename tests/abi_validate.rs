//! Activation-time validation of ATM media parameters: one test per rejection reason, the
//! ROUND_DOWN_FLOW flag, and invariants of accepted parameters.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use mcm::abi::atm::*;
use mcm::abi::co::*;
use mcm::abi::validate::*;
use mcm::abi::{AbiStruct, NdisStatus};
use proptest::prelude::*;

/// A 155 Mbit/s OC-3 NIC: AAL5 and AAL0, UBR/CBR/VBR, 8 VPI and 10 VCI bits.
const OC3: NicLimits = NicLimits {
    supported_aal_types: 8 | 1,
    supported_service_categories: 1 | 2 | 4,
    vpi_bits: 8,
    vci_bits: 10,
    min_vci: DEFAULT_MIN_VCI,
    max_cell_rate: 353_207,
    max_aal5_sdu: 65_535,
    max_aal0_sdu: 52,
};

fn flow(category: ServiceCategory, pcr: u32) -> AtmFlowParameters {
    AtmFlowParameters::new(category, pcr, 9188)
}

fn atm(vpi: u32, vci: u32, tx: AtmFlowParameters, rx: AtmFlowParameters) -> AtmMediaParameters {
    AtmMediaParameters::new(AtmVpiVci { vpi, vci }, AalType::Aal5, tx, rx)
}

/// A traffic parameter the service category needs is zero.
fn missing(direction: Direction, field: &'static str) -> MediaInvalid {
    MediaInvalid::CellRateMissing { direction, field }
}

/// A rate that must not exceed the PCR does.
fn above_peak(direction: Direction, field: &'static str) -> MediaInvalid {
    MediaInvalid::CellRateAbovePeak { direction, field }
}

const BOTH: MediaFlags = MediaFlags(MediaFlags::TRANSMIT_VC | MediaFlags::RECEIVE_VC);

fn ubr() -> AtmMediaParameters {
    atm(1, 100, flow(ServiceCategory::Ubr, 0), flow(ServiceCategory::Ubr, 0))
}

#[test]
fn ubr_aal5_accepted() {
    let v = validate_atm(BOTH, &ubr(), &OC3).unwrap();
    assert_eq!((v.vpi, v.vci, v.aal), (1, 100, AalType::Aal5));
    assert_eq!(
        v.transmit,
        Some(ValidFlow { contract: TrafficContract::Ubr { pcr: None }, max_sdu: 9188 })
    );
    assert_eq!(v.receive, v.transmit);
    assert!(!v.rounded_down);
}

#[test]
fn through_co_media_parameters() {
    let media = CoMediaParameters {
        flags: BOTH,
        receive_priority: 0,
        receive_size_hint: 0,
        media_specific: MediaSpecific::Atm(ubr()),
    };
    assert!(validate_media(&media, &OC3).is_ok());
    assert!(require_atm(&media).is_ok());
    let other = CoMediaParameters {
        media_specific: MediaSpecific::Other(CoSpecificParameters {
            param_type: 7,
            parameters: vec![],
        }),
        ..media
    };
    assert_eq!(validate_media(&other, &OC3), Err(MediaInvalid::NotAtm { param_type: 7 }));
    assert_eq!(require_atm(&other), Err(MediaInvalid::NotAtm { param_type: 7 }));
}

#[test]
fn flags() {
    assert_eq!(
        validate_atm(MediaFlags(BOTH.0 | 0x200), &ubr(), &OC3),
        Err(MediaInvalid::UnknownFlags { bits: 0x200 })
    );
    assert_eq!(
        validate_atm(MediaFlags(MediaFlags::USE_TIME_STAMPS), &ubr(), &OC3),
        Err(MediaInvalid::NoDirection)
    );
    // Receive-only: the transmit parameters are not looked at.
    let mut p = ubr();
    p.transmit.service_category = ServiceCategory::Unknown(77);
    let v = validate_atm(MediaFlags(MediaFlags::RECEIVE_VC), &p, &OC3).unwrap();
    assert!(v.transmit.is_none() && v.receive.is_some());
}

#[test]
fn aal_types() {
    for aal in [AalType::Aal1, AalType::Aal34, AalType::Unknown(3), AalType::Unknown(0)] {
        let p = AtmMediaParameters { aal_type: aal, ..ubr() };
        assert_eq!(validate_atm(BOTH, &p, &OC3), Err(MediaInvalid::AalUnsupported { aal }));
    }
    let no_aal0 = NicLimits { supported_aal_types: 8, ..OC3 };
    let p = AtmMediaParameters { aal_type: AalType::Aal0, ..ubr() };
    assert_eq!(
        validate_atm(BOTH, &p, &no_aal0),
        Err(MediaInvalid::AalUnsupported { aal: AalType::Aal0 })
    );
    let mut p = AtmMediaParameters { aal_type: AalType::Aal0, ..ubr() };
    p.transmit.max_sdu_size = 52;
    p.receive.max_sdu_size = 52;
    assert!(validate_atm(BOTH, &p, &OC3).is_ok());
}

#[test]
fn vpi_vci_ranges() {
    assert_eq!(
        validate_atm(
            BOTH,
            &AtmMediaParameters { connection_id: AtmVpiVci { vpi: 256, vci: 100 }, ..ubr() },
            &OC3
        ),
        Err(MediaInvalid::VpiOutOfRange { vpi: 256, max: 255 })
    );
    for vci in [0, 5, 31, 1024] {
        assert_eq!(
            validate_atm(
                BOTH,
                &AtmMediaParameters { connection_id: AtmVpiVci { vpi: 0, vci }, ..ubr() },
                &OC3
            ),
            Err(MediaInvalid::VciOutOfRange { vci, min: 32, max: 1023 })
        );
    }
    assert!(validate_atm(
        BOTH,
        &AtmMediaParameters { connection_id: AtmVpiVci { vpi: 255, vci: 32 }, ..ubr() },
        &OC3
    )
    .is_ok());
    assert!(validate_atm(
        BOTH,
        &AtmMediaParameters { connection_id: AtmVpiVci { vpi: 0, vci: 1023 }, ..ubr() },
        &OC3
    )
    .is_ok());
    // A configuration allowing reserved VCIs still never accepts VCI 0 (unassigned cells).
    let open = NicLimits { min_vci: 0, ..OC3 };
    assert!(matches!(
        validate_atm(
            BOTH,
            &AtmMediaParameters { connection_id: AtmVpiVci { vpi: 0, vci: 0 }, ..ubr() },
            &open
        ),
        Err(MediaInvalid::VciOutOfRange { min: 1, .. })
    ));
    assert!(validate_atm(
        BOTH,
        &AtmMediaParameters { connection_id: AtmVpiVci { vpi: 0, vci: 16 }, ..ubr() },
        &open
    )
    .is_ok());
}

#[test]
fn service_categories() {
    let mut p = ubr();
    p.receive.service_category = ServiceCategory::Unknown(3);
    assert_eq!(
        validate_atm(BOTH, &p, &OC3),
        Err(MediaInvalid::ServiceCategoryUnknown { direction: Direction::Receive, value: 3 })
    );
    let mut p = ubr();
    p.transmit = flow(ServiceCategory::Abr, 1000);
    assert_eq!(
        validate_atm(BOTH, &p, &OC3),
        Err(MediaInvalid::ServiceCategoryUnsupported {
            direction: Direction::Transmit,
            category: ServiceCategory::Abr
        })
    );
}

#[test]
fn required_rates() {
    let mut p = ubr();
    p.transmit = flow(ServiceCategory::Cbr, 0);
    assert_eq!(validate_atm(BOTH, &p, &OC3), Err(missing(Direction::Transmit, "PeakCellRate")));
    let mut vbr = flow(ServiceCategory::Vbr, 10_000);
    vbr.burst_length_cells = 100;
    p.transmit = vbr;
    assert_eq!(validate_atm(BOTH, &p, &OC3), Err(missing(Direction::Transmit, "AverageCellRate")));
    p.transmit.average_cell_rate = 5000;
    p.transmit.burst_length_cells = 0;
    assert_eq!(validate_atm(BOTH, &p, &OC3), Err(missing(Direction::Transmit, "BurstLengthCells")));
    p.transmit.burst_length_cells = 100;
    let v = validate_atm(BOTH, &p, &OC3).unwrap();
    assert_eq!(
        v.transmit.unwrap().contract,
        TrafficContract::Vbr { pcr: 10_000, scr: 5000, mbs: 100 }
    );
    p.transmit.average_cell_rate = 20_000;
    assert_eq!(
        validate_atm(BOTH, &p, &OC3),
        Err(above_peak(Direction::Transmit, "AverageCellRate"))
    );
}

#[test]
fn abr_rates() {
    let all = NicLimits { supported_service_categories: 0xF, ..OC3 };
    let mut p = ubr();
    let mut abr = flow(ServiceCategory::Abr, 10_000);
    abr.minimum_cell_rate = 1000;
    abr.initial_cell_rate = 5000;
    p.receive = abr;
    assert_eq!(
        validate_atm(BOTH, &p, &all).unwrap().receive.unwrap().contract,
        TrafficContract::Abr { pcr: 10_000, mcr: 1000, icr: 5000 }
    );
    p.receive.minimum_cell_rate = 10_001;
    assert_eq!(
        validate_atm(BOTH, &p, &all),
        Err(above_peak(Direction::Receive, "MinimumCellRate"))
    );
    p.receive.minimum_cell_rate = 0;
    p.receive.initial_cell_rate = 10_001;
    assert_eq!(
        validate_atm(BOTH, &p, &all),
        Err(above_peak(Direction::Receive, "InitialCellRate"))
    );
}

#[test]
fn rates_above_line_rate_and_round_down() {
    let mut p = ubr();
    p.transmit = flow(ServiceCategory::Cbr, 400_000);
    assert_eq!(
        validate_atm(BOTH, &p, &OC3),
        Err(MediaInvalid::CellRateTooHigh {
            direction: Direction::Transmit,
            field: "PeakCellRate",
            rate: 400_000,
            max: 353_207
        })
    );
    let v = validate_atm(MediaFlags(BOTH.0 | MediaFlags::ROUND_DOWN_FLOW), &p, &OC3).unwrap();
    assert!(v.rounded_down);
    assert_eq!(v.transmit.unwrap().contract, TrafficContract::Cbr { pcr: 353_207 });
    // UBR with an explicit PCR above the line rate.
    let mut p = ubr();
    p.receive.peak_cell_rate = 353_208;
    assert!(matches!(validate_atm(BOTH, &p, &OC3), Err(MediaInvalid::CellRateTooHigh { .. })));
}

#[test]
fn sdu_sizes() {
    let mut p = ubr();
    p.receive.max_sdu_size = 0;
    assert_eq!(
        validate_atm(BOTH, &p, &OC3),
        Err(MediaInvalid::SduSizeZero { direction: Direction::Receive })
    );
    p.receive.max_sdu_size = 65_536;
    assert_eq!(
        validate_atm(BOTH, &p, &OC3),
        Err(MediaInvalid::SduSizeTooLarge {
            direction: Direction::Receive,
            size: 65_536,
            max: 65_535
        })
    );
    let small = NicLimits { max_aal5_sdu: 9188, ..OC3 };
    p.receive.max_sdu_size = 9189;
    assert!(matches!(
        validate_atm(BOTH, &p, &small),
        Err(MediaInvalid::SduSizeTooLarge { max: 9188, .. })
    ));
    p.receive.max_sdu_size = 9188;
    assert!(validate_atm(BOTH, &p, &small).is_ok());
}

fn pvc() -> Q2931AddPvc {
    let mut p = Q2931AddPvc::parse(&[0u8; 296]).unwrap();
    p.connection_id = AtmVpiVci { vpi: 0, vci: 40 };
    p.aal_type = AalType::Aal5;
    p.forward_fp = flow(ServiceCategory::Cbr, 1000);
    p.backward_fp = flow(ServiceCategory::Ubr, 0);
    p.flags = CO_FLAG_NO_DEST_SAP;
    p
}

#[test]
fn add_pvc_validation() {
    let v = validate_add_pvc(&pvc(), &OC3).unwrap();
    assert_eq!(v.transmit.unwrap().contract, TrafficContract::Cbr { pcr: 1000 });
    assert_eq!(v.receive.unwrap().contract, TrafficContract::Ubr { pcr: None });
    assert_eq!(pvc_media(&pvc()).transmit, pvc().forward_fp);

    let mut p = pvc();
    p.flags |= 0x10;
    assert_eq!(validate_add_pvc(&p, &OC3), Err(PvcInvalid::UnknownFlags { bits: 0x10 }));
    let mut p = pvc();
    p.called_party = AtmAddress { number_of_digits: 7, ..AtmAddress::nsap([0x39; 20]) };
    assert!(matches!(validate_add_pvc(&p, &OC3), Err(PvcInvalid::Address(_))));
    let mut p = pvc();
    p.connection_id.vci = 5;
    assert!(matches!(
        validate_add_pvc(&p, &OC3),
        Err(PvcInvalid::Media(MediaInvalid::VciOutOfRange { .. }))
    ));
    assert_eq!(PvcInvalid::UnknownFlags { bits: 1 }.status(), NdisStatus::INVALID_DATA);
}

#[test]
fn reasons_display() {
    let text = MediaInvalid::CellRateTooHigh {
        direction: Direction::Transmit,
        field: "PeakCellRate",
        rate: 9,
        max: 8,
    }
    .to_string();
    assert_eq!(text, "Transmit PeakCellRate 9 above line rate 8");
    assert_eq!(MediaInvalid::NoDirection.to_string(), "neither TRANSMIT_VC nor RECEIVE_VC");
}

#[test]
fn every_reason_is_invalid_data() {
    assert_eq!(MediaInvalid::NoDirection.status(), NdisStatus::INVALID_DATA);
    assert_eq!(
        MediaInvalid::SduSizeZero { direction: Direction::Transmit }.status(),
        NdisStatus::INVALID_DATA
    );
}

proptest! {
    /// Arbitrary ATM_MEDIA_PARAMETERS bytes and flags: validation never panics, and what it
    /// accepts respects the NIC limits.
    #[test]
    fn accepted_parameters_respect_limits(bytes in prop::collection::vec(any::<u8>(), 152),
                                          flags in 0u32..0x400, vci in 0u32..2048, pcr in 0u32..500_000,
                                          cat in prop_oneof![Just(1u32), Just(2), Just(4), Just(8), any::<u32>()]) {
        let mut p = AtmMediaParameters::parse(&bytes).unwrap();
        p.connection_id.vci = vci;
        p.aal_type = AalType::Aal5;
        p.transmit.service_category = ServiceCategory::from(cat);
        p.transmit.peak_cell_rate = pcr;
        p.transmit.max_sdu_size %= 70_000;
        p.receive.max_sdu_size %= 70_000;
        if let Ok(v) = validate_atm(MediaFlags(flags), &p, &OC3) {
            prop_assert!(v.vpi <= 255);
            prop_assert!((32..=1023).contains(&v.vci));
            prop_assert_eq!(v.flags.unknown_bits(), 0);
            for f in [v.transmit, v.receive].into_iter().flatten() {
                prop_assert!(f.max_sdu >= 1 && f.max_sdu <= 65_535);
                let pcr = match f.contract {
                    TrafficContract::Cbr { pcr } | TrafficContract::Vbr { pcr, .. }
                    | TrafficContract::Abr { pcr, .. } => Some(pcr),
                    TrafficContract::Ubr { pcr } => pcr,
                };
                if let Some(pcr) = pcr { prop_assert!((1..=OC3.max_cell_rate).contains(&pcr)); }
            }
        }
    }
}

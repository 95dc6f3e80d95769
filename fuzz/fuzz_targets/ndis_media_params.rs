//! Fuzz CO_MEDIA_PARAMETERS / ATM_MEDIA_PARAMETERS parsing and activation-time validation:
//! arbitrary bytes must never panic, whatever parses must re-emit to the same value, and
//! whatever validates must respect the NIC limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mcm::abi::atm::{AtmMediaParameters, Q2931AddPvc};
use mcm::abi::co::{CoMediaParameters, MediaFlags};
use mcm::abi::validate::{
    validate_add_pvc, validate_atm, validate_media, NicLimits, TrafficContract, ValidatedMedia,
};
use mcm::abi::AbiStruct;

fn check(v: &ValidatedMedia, limits: &NicLimits) {
    assert!(u64::from(v.vpi) < 1u64 << limits.vpi_bits);
    assert!(v.vci >= limits.min_vci.max(1) && u64::from(v.vci) < 1u64 << limits.vci_bits.min(16));
    assert_eq!(v.flags.unknown_bits(), 0);
    assert_eq!(u32::from(v.aal) & limits.supported_aal_types, u32::from(v.aal));
    for f in [v.transmit, v.receive].into_iter().flatten() {
        assert!(f.max_sdu >= 1);
        let pcr = match f.contract {
            TrafficContract::Cbr { pcr }
            | TrafficContract::Vbr { pcr, .. }
            | TrafficContract::Abr { pcr, .. } => Some(pcr),
            TrafficContract::Ubr { pcr } => pcr,
        };
        if let Some(pcr) = pcr {
            assert!(pcr >= 1 && pcr <= limits.max_cell_rate);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // Four leading bytes pick the NIC limits and the flags for the bare ATM parse.
    let Some((knobs, rest)) = data.split_first_chunk::<4>() else {
        return;
    };
    let limits = NicLimits {
        supported_aal_types: u32::from(knobs[0] & 0x0F),
        supported_service_categories: u32::from(knobs[0] >> 4),
        vpi_bits: knobs[1] % 13,
        vci_bits: knobs[2] % 17,
        min_vci: u32::from(knobs[3] & 0x3F),
        max_cell_rate: 353_207,
        max_aal5_sdu: 65_535,
        max_aal0_sdu: 52,
    };

    if let Ok(media) = CoMediaParameters::parse(rest) {
        let mut buf = vec![0u8; media.buffer_len()];
        assert_eq!(media.emit(&mut buf).expect("buffer_len bytes"), buf.len());
        assert_eq!(CoMediaParameters::parse(&buf).as_ref(), Ok(&media));
        if let Ok(v) = validate_media(&media, &limits) {
            check(&v, &limits);
        }
    }

    if let Ok(atm) = AtmMediaParameters::parse(rest) {
        let flags = MediaFlags(u32::from_le_bytes(*knobs) & 0x3FF);
        if let Ok(v) = validate_atm(flags, &atm, &limits) {
            check(&v, &limits);
        }
    }

    // The same checks reached through a PVC definition (OID_CO_ADD_PVC).
    if let Ok(pvc) = Q2931AddPvc::parse(rest) {
        if let Ok(v) = validate_add_pvc(&pvc, &limits) {
            check(&v, &limits);
        }
    }
});

//! Property tests of mcm::abi: parse(emit(x)) == x for every structure, emit never writes
//! outside its buffer, and every parser survives arbitrary bytes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use core::fmt::Debug;

use mcm::abi::atm::*;
use mcm::abi::co::*;
use mcm::abi::q2931::*;
use mcm::abi::registration::*;
use mcm::abi::{AbiStruct, FlatResolver, FlatResolverMut};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

// ------------------------------------------------------------------------------------------
// Strategies

fn address() -> impl Strategy<Value = AtmAddress> {
    (any::<u32>(), 0u32..=20, any::<[u8; 20]>()).prop_map(|(t, n, a)| AtmAddress {
        address_type: AtmAddressType::from(t % 3),
        number_of_digits: n,
        address: a,
    })
}

fn vpivci() -> impl Strategy<Value = AtmVpiVci> {
    (any::<u32>(), any::<u32>()).prop_map(|(vpi, vci)| AtmVpiVci { vpi, vci })
}

fn flow() -> impl Strategy<Value = AtmFlowParameters> {
    (
        (any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>()),
        (any::<u32>(), any::<u32>(), any::<u32>(), any::<u8>(), any::<u8>(), any::<u16>()),
        (any::<[u8; 4]>(), any::<u32>(), any::<u32>(), any::<u32>()),
    )
        .prop_map(
            |(
                (sc, acr, pcr, mcr, icr, mbs),
                (sdu, tbe, frtt, rif, rdf, adtf),
                (b, crm, r2, r3),
            )| {
                AtmFlowParameters {
                    service_category: ServiceCategory::from(sc % 10),
                    average_cell_rate: acr,
                    peak_cell_rate: pcr,
                    minimum_cell_rate: mcr,
                    initial_cell_rate: icr,
                    burst_length_cells: mbs,
                    max_sdu_size: sdu,
                    transient_buffer_exposure: tbe,
                    cumulative_rm_fixed_rtt: frtt,
                    rate_increase_factor: rif,
                    rate_decrease_factor: rdf,
                    acr_decrease_time_factor: adtf,
                    maximum_cells_per_forward_rm_cell: b[0],
                    maximum_forward_rm_cell_interval: b[1],
                    cutoff_decrease_factor: b[2],
                    reserved1: b[3],
                    missing_rm_cell_count: crm,
                    reserved2: r2,
                    reserved3: r3,
                }
            },
        )
}

fn aal_type() -> impl Strategy<Value = AalType> {
    prop_oneof![Just(1u32), Just(2), Just(4), Just(8), any::<u32>()].prop_map(AalType::from)
}

fn media() -> impl Strategy<Value = AtmMediaParameters> {
    (vpivci(), aal_type(), any::<[u32; 7]>(), flow(), flow()).prop_map(|(id, aal, q, tx, rx)| {
        AtmMediaParameters {
            connection_id: id,
            aal_type: aal,
            cell_delay_variation_clp0: q[0],
            cell_delay_variation_clp1: q[1],
            cell_loss_ratio_clp0: q[2],
            cell_loss_ratio_clp1: q[3],
            cell_transfer_delay_clp0: q[4],
            cell_transfer_delay_clp1: q[5],
            default_clp: q[6],
            transmit: tx,
            receive: rx,
        }
    })
}

fn blli() -> impl Strategy<Value = AtmBlli> {
    (any::<[u32; 5]>(), any::<[u8; 5]>(), any::<[u8; 5]>()).prop_map(|(l, b, snap)| AtmBlli {
        layer2_protocol: l[0],
        layer2_mode: b[0],
        layer2_window_size: b[1],
        layer2_user_specified_protocol: l[1],
        layer3_protocol: l[2],
        layer3_mode: b[2],
        layer3_default_packet_size: b[3],
        layer3_packet_window_size: b[4],
        layer3_user_specified_protocol: l[3],
        layer3_ipi: l[4],
        snap_id: snap,
    })
}

fn bhli() -> impl Strategy<Value = AtmBhli> {
    (any::<u32>(), 0u32..=8, any::<[u8; 8]>()).prop_map(|(t, n, i)| AtmBhli {
        high_layer_info_type: t,
        high_layer_info_length: n,
        high_layer_info: i,
    })
}

fn pvc_sap() -> impl Strategy<Value = AtmPvcSap> {
    (blli(), bhli()).prop_map(|(blli, bhli)| AtmPvcSap { blli, bhli })
}

fn atm_sap() -> impl Strategy<Value = AtmSap> {
    (blli(), bhli(), prop::collection::vec(address(), 0..=4))
        .prop_map(|(blli, bhli, addresses)| AtmSap { blli, bhli, addresses })
}

fn co_sap() -> impl Strategy<Value = CoSap> {
    (prop_oneof![Just(SAP_TYPE_NSAP), Just(SAP_TYPE_E164)], atm_sap())
        .prop_map(|(sap_type, sap)| CoSap { sap_type, sap })
}

fn add_pvc() -> impl Strategy<Value = Q2931AddPvc> {
    (
        (address(), address(), vpivci(), aal_type()),
        (flow(), flow(), any::<u32>()),
        (pvc_sap(), pvc_sap(), any::<u8>(), any::<u32>()),
    )
        .prop_map(
            |((called, calling, id, aal), (fwd, bwd, flags), (local, dest, present, lij))| {
                Q2931AddPvc {
                    called_party: called,
                    calling_party: calling,
                    connection_id: id,
                    aal_type: aal,
                    forward_fp: fwd,
                    backward_fp: bwd,
                    flags,
                    local_sap: local,
                    destination_sap: dest,
                    lij_id_present: present,
                    lij_id: lij,
                }
            },
        )
}

fn flowspec() -> impl Strategy<Value = FlowSpec> {
    any::<[u32; 8]>().prop_map(|v| FlowSpec {
        token_rate: v[0],
        token_bucket_size: v[1],
        peak_bandwidth: v[2],
        latency: v[3],
        delay_variation: v[4],
        service_type: v[5],
        max_sdu_size: v[6],
        minimum_policed_size: v[7],
    })
}

fn aal_ie() -> impl Strategy<Value = AalParametersIe> {
    prop_oneof![
        (any::<[u8; 5]>(), any::<u16>(), any::<u16>()).prop_map(|(b, m, s)| {
            AalParametersIe::Aal1(Aal1Parameters {
                subtype: b[0],
                cbr_rate: b[1],
                multiplier: m,
                source_clock_recovery_method: b[2],
                error_correction_method: b[3],
                structured_data_transfer_blocksize: s,
                partially_filled_cells_method: b[4],
            })
        }),
        (any::<[u16; 4]>(), any::<u8>()).prop_map(|(v, s)| {
            AalParametersIe::Aal34(Aal34Parameters {
                forward_max_cpcs_sdu_size: v[0],
                backward_max_cpcs_sdu_size: v[1],
                lowest_mid: v[2],
                highest_mid: v[3],
                sscs_type: s,
            })
        }),
        (any::<u32>(), any::<u32>(), any::<u8>(), any::<u8>()).prop_map(|(f, b, m, s)| {
            AalParametersIe::Aal5(Aal5Parameters {
                forward_max_cpcs_sdu_size: f,
                backward_max_cpcs_sdu_size: b,
                mode: m,
                sscs_type: s,
            })
        }),
        any::<u32>().prop_map(AalParametersIe::User),
        (16u32.., any::<[u8; 12]>())
            .prop_map(|(aal_type, raw)| AalParametersIe::Unknown { aal_type, raw }),
    ]
}

fn td() -> impl Strategy<Value = AtmTrafficDescriptor> {
    (any::<[u32; 6]>(), any::<u8>()).prop_map(|(v, t)| AtmTrafficDescriptor {
        peak_cell_rate_clp0: v[0],
        peak_cell_rate_clp01: v[1],
        sustainable_cell_rate_clp0: v[2],
        sustainable_cell_rate_clp01: v[3],
        maximum_burst_size_clp0: v[4],
        maximum_burst_size_clp01: v[5],
        tagging: t,
    })
}

fn ie() -> impl Strategy<Value = Q2931Ie> {
    prop_oneof![
        aal_ie().prop_map(Q2931Ie::AalParameters),
        (td(), td(), any::<u8>()).prop_map(|(f, b, e)| Q2931Ie::TrafficDescriptor(
            AtmTrafficDescriptorIe { forward_td: f, backward_td: b, best_effort: e }
        )),
        any::<[u8; 5]>().prop_map(|b| Q2931Ie::BroadbandBearerCapability(
            AtmBroadbandBearerCapabilityIe {
                bearer_class: b[0],
                traffic_type: b[1],
                timing_requirements: b[2],
                clipping_susceptability: b[3],
                user_plane_connection_config: b[4],
            }
        )),
        bhli().prop_map(Q2931Ie::Bhli),
        blli().prop_map(Q2931Ie::Blli),
        address().prop_map(Q2931Ie::CalledPartyNumber),
        address().prop_map(Q2931Ie::CalledPartySubaddress),
        (address(), any::<u8>(), any::<u8>()).prop_map(|(n, p, s)| Q2931Ie::CallingPartyNumber(
            AtmCallingPartyNumberIe {
                number: n,
                presentation_indication: p,
                screening_indicator: s
            }
        )),
        address().prop_map(Q2931Ie::CallingPartySubaddress),
        (any::<u8>(), any::<u8>(), 0u8..=4, any::<[u8; 4]>()).prop_map(|(l, c, n, d)| {
            Q2931Ie::Cause(AtmCauseIe {
                location: l,
                cause: c,
                diagnostics_length: n,
                diagnostics: d,
            })
        }),
        (any::<u8>(), any::<u8>()).prop_map(|(f, b)| Q2931Ie::QosClass(AtmQosClassIe {
            qos_class_forward: f,
            qos_class_backward: b
        })),
        (any::<u8>(), any::<u8>(), prop::collection::vec(any::<u8>(), 0..12)).prop_map(
            |(t, p, id)| Q2931Ie::TransitNetworkSelection(AtmTransitNetworkSelectionIe {
                type_of_network_id: t,
                network_id_plan: p,
                network_id: id,
            })
        ),
        any::<u8>().prop_map(Q2931Ie::BroadbandSendingComplete),
        any::<u32>().prop_map(Q2931Ie::LijCallId),
        (any::<u32>(), prop::collection::vec(any::<u8>(), 0..20))
            .prop_map(|(t, v)| { Q2931Ie::Raw(AtmRawIe { raw_ie_type: t, raw_ie_value: v }) }),
        (15u32.., prop::collection::vec(any::<u32>(), 0..5)).prop_map(|(ie_type, words)| {
            Q2931Ie::Unknown { ie_type, body: words.iter().flat_map(|w| w.to_le_bytes()).collect() }
        }),
    ]
}

fn q2931() -> impl Strategy<Value = Q2931CallMgrParameters> {
    (address(), address(), prop::collection::vec(ie(), 0..8)).prop_map(|(called, calling, ies)| {
        Q2931CallMgrParameters { called_party: called, calling_party: calling, info_elements: ies }
    })
}

fn other_specific() -> impl Strategy<Value = CoSpecificParameters> {
    prop_oneof![
        (2u32.., prop::collection::vec(any::<u8>(), 0..40))
            .prop_map(|(param_type, parameters)| CoSpecificParameters { param_type, parameters }),
        Just(CoSpecificParameters { param_type: 1, parameters: vec![] }),
        Just(CoSpecificParameters { param_type: 0, parameters: vec![1, 2, 3] }),
    ]
}

fn call_manager() -> impl Strategy<Value = CoCallManagerParameters> {
    (
        flowspec(),
        flowspec(),
        prop_oneof![
            q2931().prop_map(CallMgrSpecific::Q2931),
            other_specific().prop_map(CallMgrSpecific::Other)
        ],
    )
        .prop_map(|(transmit, receive, call_mgr_specific)| CoCallManagerParameters {
            transmit,
            receive,
            call_mgr_specific,
        })
}

fn co_media() -> impl Strategy<Value = CoMediaParameters> {
    (
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        prop_oneof![
            media().prop_map(MediaSpecific::Atm),
            other_specific()
                .prop_filter("ATM ParamType parses as ATM", |o| o.param_type != 1)
                .prop_map(MediaSpecific::Other)
        ],
    )
        .prop_map(|(f, p, h, media_specific)| CoMediaParameters {
            flags: MediaFlags(f),
            receive_priority: p,
            receive_size_hint: h,
            media_specific,
        })
}

fn call_params() -> impl Strategy<Value = CoCallParameters> {
    (any::<u32>(), prop::option::of(call_manager()), prop::option::of(co_media())).prop_map(
        |(f, cm, media)| CoCallParameters {
            flags: CallFlags(f),
            call_mgr_parameters: cm,
            media_parameters: media,
        },
    )
}

// ------------------------------------------------------------------------------------------
// Round-trip helpers

/// parse(emit(x)) == x; emit writes exactly buffer_len() bytes and nothing past them; a
/// buffer one byte short is refused without being written.
fn roundtrip<T: AbiStruct + PartialEq + Debug>(v: &T) -> Result<(), TestCaseError> {
    let n = v.buffer_len();
    let mut buf = vec![0xA5u8; n + 9];
    prop_assert_eq!(v.emit(&mut buf).unwrap(), n);
    prop_assert!(buf[n..].iter().all(|&b| b == 0xA5), "wrote past buffer_len");
    let back = T::parse(&buf[..n]).unwrap();
    prop_assert_eq!(&back, v);
    if n > 0 {
        let mut small = vec![0x5Au8; n - 1];
        prop_assert!(v.emit(&mut small).is_err());
        prop_assert!(small.iter().all(|&b| b == 0x5A), "wrote into a too-small buffer");
    }
    Ok(())
}

/// Arbitrary bytes: parse must not panic, and whatever parses must re-emit to bytes that
/// parse to the same value.
fn survives<T: AbiStruct + PartialEq + Debug>(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(v) = T::parse(bytes) {
        let mut buf = vec![0u8; v.buffer_len()];
        v.emit(&mut buf).unwrap();
        prop_assert_eq!(T::parse(&buf).unwrap(), v);
    }
    Ok(())
}

proptest! {
    #[test]
    fn roundtrip_address(v in address()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_vpivci(v in vpivci()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_flow(v in flow()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_media(v in media()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_blli_bhli(a in blli(), b in bhli()) { roundtrip(&a)?; roundtrip(&b)?; }

    #[test]
    fn roundtrip_pvc_sap(v in pvc_sap()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_atm_sap(v in atm_sap()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_co_sap(v in co_sap()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_add_pvc(v in add_pvc()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_co_pvc_add(h in any::<u64>(), t in any::<u32>(), p in add_pvc()) {
        roundtrip(&CoPvc { ndis_af_handle: h, param_type: t, parameters: p })?;
    }

    #[test]
    fn roundtrip_co_pvc_delete(h in any::<u64>(), t in any::<u32>(), p in vpivci()) {
        roundtrip(&CoPvc::<Q2931DeletePvc> { ndis_af_handle: h, param_type: t, parameters: p })?;
    }

    #[test]
    fn roundtrip_vc_rates(a in any::<u32>(), b in any::<u32>()) {
        roundtrip(&AtmVcRatesSupported { min_cell_rate: a, max_cell_rate: b })?;
    }

    #[test]
    fn roundtrip_flowspec(v in flowspec()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_link_speed(o in any::<u32>(), i in any::<u32>()) {
        roundtrip(&mcm::abi::oid::CoLinkSpeed { outbound: o, inbound: i })?;
    }

    #[test]
    fn roundtrip_address_family(v in any::<[u32; 3]>()) {
        roundtrip(&CoAddressFamily { address_family: v[0], major_version: v[1], minor_version: v[2] })?;
    }

    #[test]
    fn roundtrip_specific(v in other_specific()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_ie(v in ie()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_q2931(v in q2931()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_call_manager(v in call_manager()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_co_media(v in co_media()) { roundtrip(&v)?; }

    #[test]
    fn roundtrip_co_address(size in 28u32.., a in address()) {
        roundtrip(&CoAddress { address_size: size, address: a })?;
    }

    #[test]
    fn roundtrip_co_address_list(avail in any::<u32>(), v in prop::collection::vec(address(), 0..5)) {
        let addresses = v.into_iter().map(CoAddress::atm).collect();
        roundtrip(&CoAddressList { number_of_addresses_available: avail, addresses })?;
    }

    #[test]
    fn roundtrip_registration(h in any::<[u8; 2]>(), s in any::<u16>(), flags in any::<u32>(),
                              co in any::<[u64; 6]>(), cm in any::<[u64; 17]>()) {
        let header = ObjectHeader { object_type: h[0], revision: h[1], size: s };
        roundtrip(&header)?;
        roundtrip(&MiniportCoCharacteristics { header, flags, handlers: co })?;
        roundtrip(&CallManagerOptionalHandlers { header, reserved: flags, handlers: cm })?;
    }

    /// CO_CALL_PARAMETERS laid out flat at an arbitrary base address and parsed back through
    /// the resolver, both from the buffer and from its address.
    #[test]
    fn roundtrip_call_parameters(v in call_params(), base in 0u64..(u64::MAX / 2)) {
        let base = base & !7;
        let n = v.flat_len();
        let mut buf = vec![0xA5u8; n + 5];
        prop_assert_eq!(v.emit_flat(&mut buf, base).unwrap(), n);
        prop_assert!(buf[n..].iter().all(|&b| b == 0xA5));
        let mem = FlatResolver { base, buf: &buf[..n] };
        prop_assert_eq!(&CoCallParameters::parse_with(&buf[..n], &mem).unwrap(), &v);
        prop_assert_eq!(&CoCallParameters::parse_at(base, &mem).unwrap(), &v);
        // Writing the same parameters back over their own layout changes nothing.
        let before = buf.clone();
        v.write_back(base, &mut FlatResolverMut { base, buf: &mut buf[..n] }).unwrap();
        prop_assert_eq!(buf, before);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..700)) {
        survives::<AtmAddress>(&bytes)?;
        survives::<AtmVpiVci>(&bytes)?;
        survives::<AtmFlowParameters>(&bytes)?;
        survives::<AtmMediaParameters>(&bytes)?;
        survives::<AtmBlli>(&bytes)?;
        survives::<AtmBhli>(&bytes)?;
        survives::<AtmPvcSap>(&bytes)?;
        survives::<AtmSap>(&bytes)?;
        survives::<CoSap>(&bytes)?;
        survives::<Q2931AddPvc>(&bytes)?;
        survives::<CoPvc<Q2931AddPvc>>(&bytes)?;
        survives::<CoPvc<Q2931DeletePvc>>(&bytes)?;
        survives::<AtmVcRatesSupported>(&bytes)?;
        survives::<FlowSpec>(&bytes)?;
        survives::<CoAddressFamily>(&bytes)?;
        survives::<CoSpecificParameters>(&bytes)?;
        survives::<CoCallManagerParameters>(&bytes)?;
        survives::<CoMediaParameters>(&bytes)?;
        survives::<CoAddress>(&bytes)?;
        survives::<CoAddressList>(&bytes)?;
        survives::<Q2931Ie>(&bytes)?;
        survives::<Q2931CallMgrParameters>(&bytes)?;
        survives::<MiniportCoCharacteristics>(&bytes)?;
        survives::<CallManagerOptionalHandlers>(&bytes)?;
    }

    /// Structured-ish random IE lists: a valid header with random counts and lengths.
    #[test]
    fn arbitrary_ie_lists_never_panic(count in any::<u32>(),
                                      ies in prop::collection::vec((0u32..20, 0u32..80, prop::collection::vec(any::<u8>(), 0..80)), 0..10)) {
        let mut buf = vec![0u8; 56];
        buf.extend_from_slice(&count.to_le_bytes());
        for (t, len, body) in ies {
            buf.extend_from_slice(&t.to_le_bytes());
            buf.extend_from_slice(&len.to_le_bytes());
            buf.extend_from_slice(&body);
        }
        survives::<Q2931CallMgrParameters>(&buf)?;
    }

    /// CO_CALL_PARAMETERS with random pointers into random memory.
    #[test]
    fn arbitrary_call_parameters_never_panic(mem in prop::collection::vec(any::<u8>(), 24..600),
                                             cm in prop::option::of(0u64..700),
                                             media in prop::option::of(0u64..700)) {
        let base = 0x1000u64;
        let mut mem = mem;
        mem[8..16].copy_from_slice(&cm.map_or(0, |o| base + o).to_le_bytes());
        mem[16..24].copy_from_slice(&media.map_or(0, |o| base + o).to_le_bytes());
        let r = FlatResolver { base, buf: &mem };
        if let Ok(v) = CoCallParameters::parse_at(base, &r) {
            let mut out = vec![0u8; v.flat_len()];
            v.emit_flat(&mut out, 0x8000).unwrap();
            let r2 = FlatResolver { base: 0x8000, buf: &out };
            prop_assert_eq!(CoCallParameters::parse_at(0x8000, &r2).unwrap(), v);
        }
    }
}

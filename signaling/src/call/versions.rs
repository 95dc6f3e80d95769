//! UNI 3.1 and UNI 4.0 call control side by side: where the procedures differ and how
//! [`Config::version`](super::Config::version) selects the rules. UNI 3.1 (af-uni-0010.002
//! §5) is based on the Q.93B draft of Q.2931; UNI Signalling 4.0 (af-sig-0061.000) refers to
//! Q.2931 / Q.2971 with the deltas of its own §5-§9. Each row names the clause, what this
//! implementation does on each version, where that is enforced (codec tables = the
//! message and IE tables of [`crate::codec`] selected by the same version), and the test in
//! `tests/call_versions.rs` (or the LIJ / modify tests) that checks it.
//!
//! | difference | UNI 3.1 | UNI 4.0 | enforced in | test |
//! |---|---|---|---|---|
//! | T301 after ALERTING (UNI 4.0 §5.7 timer table; UNI 3.1 §5.7 has none) | no T301: the call waits for CONNECT or clearing | T301 (3 min) clears with cause 102 | `rx_alerting` | `t301_only_on_uni40` |
//! | PARTY ALERTING, endpoint states P4 / P7 (UNI 4.0 §5.6 / Q.2971 §5.2.4; UNI 3.1 §5.6.2 has P0, P1, P6, P10, P11, P12) | message unrecognized (cause 97); `party_alerting` refused; Endpoint state P4/P7 invalid contents | P6 → P7, P1 → P4, T397 | codec tables, `party_alerting` | `party_alerting_only_on_uni40` |
//! | NOTIFY and the Notification indicator IE (UNI 4.0 §4.4 / Q.2931 Amd.; not in UNI 3.1 §5.3) | message unrecognized (cause 97); IE 0x27 unrecognized | accepted in any state | codec tables | `notify_only_on_uni40` |
//! | Connection modification (Q.2963.1 via UNI 4.0 §9; not in UNI 3.1) | MODIFY messages unrecognized; `modify` refused | MODIFY REQUEST / ACK / REJECT, CONNECTION AVAILABLE, T360, T361 | codec tables, `modify` | `modification_only_on_uni40` |
//! | Leaf-initiated join (UNI 4.0 §6; not in UNI 3.1) | LEAF SETUP messages unrecognized; `leaf_setup_request` refused | `control/lij.rs`, T331 | codec tables, `leaf_setup_request` | `leaf_initiated_join_only_on_uni40` |
//! | ABR (UNI 4.0 §10 / Annex: ABR setup and additional parameter IEs 0x84, 0xE4; not in UNI 3.1) | the IEs are unrecognized: handled by their action indicator (Q.2931 §5.6.8.1) | decoded and passed on with the SETUP | codec tables | `abr_ies_only_on_uni40` |
//! | Connection identifier preferred/exclusive (UNI 3.1 §5.4.5.16: only "exclusive VPCI, exclusive VCI"; UNI 4.0 §5.1.2.2 / §4.5.x adds "exclusive VPCI, any VCI" and "exclusive VPCI, no VCI" for switched VPs) | any-VCI and no-VCI are invalid contents: SETUP cleared with cause 100 (network side), `setup` refused (user side) | any-VCI assigned from the VPCI; no-VCI refused (no switched VPs here) with cause 35 | `connection_identifier_allowed`, codec (no-VCI) | `any_vci_only_on_uni40` |
//! | QoS parameter in SETUP (UNI 3.1 §5.3.1.7 mandatory; UNI 4.0 optional, may be replaced by extended QoS) | SETUP without it: RELEASE COMPLETE cause 96 | accepted | codec tables | `qos_parameter_mandatory_only_on_uni31` |
//! | Restart indicator classes (UNI 3.1 §5.4.8.2: 000 indicated VC, 010 all VCs; UNI 4.0 adds 001 all VCs of the indicated VPC for VP-associated signalling) | class 001 received: invalid restart indicator (STATUS cause 100); `restart(Vpc)` refused | class 001 restarts the VPC | `rx_restart`, `restart` | `vpc_restart_only_on_uni40` |
//! | Called / calling party subaddress occurrences (UNI 4.0 §4.5: two each, ATM Forum NSAP + user specified) | one each: a second is a repeated IE (discarded) | two each | codec tables | (codec tests) |
//! | Message compatibility instruction and IE action indicators (Q.2931 §5.6.4, §5.6.8.1; UNI 3.1 §5.5.6 follows Q.93B: same coding) | same procedures | same procedures | `unexpected`, codec problems | `unrecognized_message_handling_is_the_same` |
//! | STATUS ENQUIRY / STATUS, T322 (Q.2931 §5.6.11; UNI 3.1 §5.5.6.11) | same | same; Q.2971 endpoint state in STATUS for a party | — | `status_enquiry_is_the_same` |
//! | Cause IE coding (Q.2931 §4.5.15; UNI 3.1 §5.4.5.15) — location, timer diagnostic (IA5 digits), IE-identifier diagnostic | same coding | same coding | `cause` | `cause_102_diagnostic_is_the_same` |
//! | T310 value (UNI 3.1: 10 s; UNI 4.0 §5.7: 10 s network side, 10-120 s allowed) | configured in [`Timers`](super::Timers) | configured | `Timers` | — |
//!
//! Not differentiated (judged the same in both, or outside call control): SAAL link failure
//! (T309), clear collisions, call reference procedures, and the VPCI/VCI ranges.

use crate::codec::ie::{ConnectionIdentifier, PreferredExclusive, UniVersion};

/// Whether a connection identifier's preferred/exclusive option exists in `version` (UNI
/// 3.1 §5.4.5.16 has only "exclusive VPCI, exclusive VCI"; UNI 4.0 adds "any VCI" and "no
/// VCI"). None (no connection identifier) is always allowed.
pub fn connection_identifier_allowed(
    version: UniVersion,
    ci: Option<ConnectionIdentifier>,
) -> bool {
    match (version, ci.map(|c| c.preferred_exclusive)) {
        (_, None) | (UniVersion::Uni40, _) => true,
        (UniVersion::Uni31, Some(p)) => p == PreferredExclusive::ExclusiveVpciExclusiveVci,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uni31_allows_only_exclusive_vci() {
        let mut ci = ConnectionIdentifier::exclusive(0, 40);
        assert!(connection_identifier_allowed(UniVersion::Uni31, Some(ci)));
        assert!(connection_identifier_allowed(UniVersion::Uni31, None));
        for p in [PreferredExclusive::ExclusiveVpciAnyVci, PreferredExclusive::ExclusiveVpciNoVci] {
            ci.preferred_exclusive = p;
            assert!(!connection_identifier_allowed(UniVersion::Uni31, Some(ci)));
            assert!(connection_identifier_allowed(UniVersion::Uni40, Some(ci)));
        }
    }
}

//! Which IEs each message carries, per direction and UNI version.
//!
//! Sources: Q.2931 §3 (message tables 3-1 .. 3-12), Q.2971 §8.1 (party messages), Q.2963.1
//! §8 (modification), UNI 3.1 §5.3 and UNI Signalling 4.0 §4.4 / §6 / §8 / §9 / §10 (the
//! UNI 4.0 additions: connected number/subaddress, user-user, generic identifier transport,
//! leaf-initiated join, traffic parameter negotiation, ABR, extended QoS).
//!
//! Each row gives an IE's presence network→user and user→network for UNI 4.0, and for UNI
//! 3.1 where it differs; an IE that UNI 3.1 does not define (`IeId::in_uni31`) is never
//! allowed under UNI 3.1. "Mandatory" here is what the codec enforces (cause 96); IEs whose
//! presence depends on the call (e.g. the endpoint reference in a point-to-multipoint call)
//! are optional here and checked by call control.

use super::ie::{IeId, UniVersion};
use super::message_type::MessageType;

/// Direction a message travels across the UNI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Sent by the user, received by the network.
    UserToNetwork,
    /// Sent by the network, received by the user.
    NetworkToUser,
}

impl Direction {
    /// The other direction.
    pub const fn reverse(self) -> Self {
        match self {
            Direction::UserToNetwork => Direction::NetworkToUser,
            Direction::NetworkToUser => Direction::UserToNetwork,
        }
    }
}

/// Presence of an IE in a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    /// M: mandatory.
    Mandatory,
    /// O: optional.
    Optional,
    /// Not part of this message in this direction/version.
    NotAllowed,
}

use Presence::{Mandatory as M, NotAllowed as N, Optional as O};

/// One row of a message table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IeRule {
    /// The IE.
    pub id: IeId,
    /// Presence network→user, UNI 4.0.
    pub n2u: Presence,
    /// Presence user→network, UNI 4.0.
    pub u2n: Presence,
    /// Presence (network→user, user→network) under UNI 3.1 where it differs.
    pub uni31: Option<(Presence, Presence)>,
    /// Maximum number of occurrences in this message.
    pub max: u8,
}

impl IeRule {
    /// Presence of this IE for `version` and `direction`.
    pub const fn presence(&self, version: UniVersion, direction: Direction) -> Presence {
        let (n2u, u2n) = match version {
            UniVersion::Uni40 => (self.n2u, self.u2n),
            UniVersion::Uni31 => {
                if !self.id.in_uni31() {
                    return N;
                }
                match self.uni31 {
                    Some(p) => p,
                    None => (self.n2u, self.u2n),
                }
            }
        };
        match direction {
            Direction::NetworkToUser => n2u,
            Direction::UserToNetwork => u2n,
        }
    }
    /// Maximum occurrences for `version` (the UNI 4.0 subaddress pairs are single in 3.1).
    pub fn max(&self, version: UniVersion) -> u8 {
        match (version, self.id) {
            (UniVersion::Uni31, IeId::CalledPartySubaddress | IeId::CallingPartySubaddress) => 1,
            _ => self.max,
        }
    }
}

const fn r(id: IeId, n2u: Presence, u2n: Presence) -> IeRule {
    IeRule { id, n2u, u2n, uni31: None, max: 1 }
}
const fn rn(id: IeId, n2u: Presence, u2n: Presence, max: u8) -> IeRule {
    IeRule { id, n2u, u2n, uni31: None, max }
}
const fn r31(id: IeId, n2u: Presence, u2n: Presence, n31: Presence, u31: Presence) -> IeRule {
    IeRule { id, n2u, u2n, uni31: Some((n31, u31)), max: 1 }
}

/// Generic identifier transport: up to 3 per message (UNI 4.0 §4.5).
const GIT: IeRule = rn(IeId::GenericIdentifierTransport, O, O, 3);
const UU: IeRule = r(IeId::UserUser, O, O);
const NOTIFY: IeRule = r(IeId::NotificationIndicator, O, O);
const EPREF: IeRule = r(IeId::EndpointReference, O, O);
const EPREF_M: IeRule = r(IeId::EndpointReference, M, M);

static ALERTING: [IeRule; 5] = [r(IeId::ConnectionIdentifier, O, O), NOTIFY, EPREF, GIT, UU];
static CALL_PROCEEDING: [IeRule; 3] = [r(IeId::ConnectionIdentifier, M, O), NOTIFY, EPREF];
static CONNECT: [IeRule; 15] = [
    r(IeId::AalParameters, O, O),
    r31(IeId::AtmTrafficDescriptor, O, O, N, N),
    r(IeId::Blli, O, O),
    r(IeId::ConnectedNumber, O, O),
    r(IeId::ConnectedSubaddress, O, O),
    r(IeId::ConnectionIdentifier, O, O),
    r(IeId::EndToEndTransitDelay, O, O),
    NOTIFY,
    r(IeId::OamTrafficDescriptor, O, O),
    r(IeId::ExtendedQos, O, O),
    r(IeId::AbrSetupParameters, O, O),
    r(IeId::AbrAdditionalParameters, O, O),
    EPREF,
    GIT,
    UU,
];
static CONNECT_ACKNOWLEDGE: [IeRule; 1] = [NOTIFY];
static SETUP: [IeRule; 29] = [
    r(IeId::AalParameters, O, O),
    r(IeId::AtmTrafficDescriptor, M, M),
    r(IeId::AlternativeTrafficDescriptor, O, O),
    r(IeId::MinimumTrafficDescriptor, O, O),
    r(IeId::BroadbandBearerCapability, M, M),
    r(IeId::Bhli, O, O),
    r(IeId::BroadbandRepeatIndicator, O, O),
    // Up to three B-LLIs for negotiation (Q.2931 Annex C).
    rn(IeId::Blli, O, O, 3),
    r(IeId::CalledPartyNumber, M, M),
    // Two subaddresses (ATM Forum NSAP and user-specified), UNI 4.0 §4.5.
    rn(IeId::CalledPartySubaddress, O, O, 2),
    r(IeId::CallingPartyNumber, O, O),
    rn(IeId::CallingPartySubaddress, O, O, 2),
    // The network assigns the VPCI/VCI at the destination interface and always says which
    // (Q.2931 §5.2.3, destination interface); a calling user may propose one (§5.1.2).
    r(IeId::ConnectionIdentifier, M, O),
    r(IeId::EndToEndTransitDelay, O, O),
    NOTIFY,
    r(IeId::OamTrafficDescriptor, O, O),
    // Mandatory in UNI 3.1 (§5.3.1.7), optional in Q.2931/UNI 4.0.
    r31(IeId::QosParameter, O, O, M, M),
    r(IeId::ExtendedQos, O, O),
    r(IeId::AbrSetupParameters, O, O),
    r(IeId::AbrAdditionalParameters, O, O),
    r(IeId::BroadbandSendingComplete, O, O),
    rn(IeId::TransitNetworkSelection, O, O, 4),
    EPREF,
    r(IeId::LijCallIdentifier, O, O),
    r(IeId::LijParameters, O, O),
    r(IeId::LeafSequenceNumber, O, O),
    r(IeId::ConnectionScopeSelection, O, O),
    GIT,
    UU,
];
// Cause may be repeated once in RELEASE and RELEASE COMPLETE (Q.2931 Tables 3-6, 3-7).
static RELEASE: [IeRule; 4] = [rn(IeId::Cause, M, M, 2), NOTIFY, GIT, UU];
static RELEASE_COMPLETE: [IeRule; 3] = [rn(IeId::Cause, O, O, 2), GIT, UU];
static RESTART: [IeRule; 2] =
    [r(IeId::ConnectionIdentifier, O, O), r(IeId::RestartIndicator, M, M)];
static RESTART_ACKNOWLEDGE: [IeRule; 2] =
    [r(IeId::ConnectionIdentifier, O, O), r(IeId::RestartIndicator, M, M)];
static STATUS: [IeRule; 4] =
    [r(IeId::CallState, M, M), r(IeId::Cause, M, M), EPREF, r(IeId::EndpointState, O, O)];
static STATUS_ENQUIRY: [IeRule; 1] = [EPREF];
static NOTIFY_MSG: [IeRule; 2] = [r(IeId::NotificationIndicator, M, M), EPREF];
static ADD_PARTY: [IeRule; 15] = [
    r(IeId::AalParameters, O, O),
    r(IeId::Bhli, O, O),
    r(IeId::Blli, O, O),
    r(IeId::CalledPartyNumber, M, M),
    rn(IeId::CalledPartySubaddress, O, O, 2),
    r(IeId::CallingPartyNumber, O, O),
    rn(IeId::CallingPartySubaddress, O, O, 2),
    r(IeId::EndToEndTransitDelay, O, O),
    NOTIFY,
    r(IeId::BroadbandSendingComplete, O, O),
    rn(IeId::TransitNetworkSelection, O, O, 4),
    EPREF_M,
    r(IeId::LeafSequenceNumber, O, O),
    GIT,
    UU,
];
static ADD_PARTY_ACKNOWLEDGE: [IeRule; 9] = [
    r(IeId::AalParameters, O, O),
    r(IeId::Blli, O, O),
    r(IeId::ConnectedNumber, O, O),
    r(IeId::ConnectedSubaddress, O, O),
    r(IeId::EndToEndTransitDelay, O, O),
    NOTIFY,
    EPREF_M,
    GIT,
    UU,
];
static ADD_PARTY_REJECT: [IeRule; 4] = [r(IeId::Cause, M, M), EPREF_M, GIT, UU];
static PARTY_ALERTING: [IeRule; 4] = [NOTIFY, EPREF_M, GIT, UU];
static DROP_PARTY: [IeRule; 5] = [r(IeId::Cause, M, M), NOTIFY, EPREF_M, GIT, UU];
static DROP_PARTY_ACKNOWLEDGE: [IeRule; 4] = [r(IeId::Cause, O, O), EPREF_M, GIT, UU];
static LEAF_SETUP_REQUEST: [IeRule; 7] = [
    r(IeId::CalledPartyNumber, M, M),
    rn(IeId::CalledPartySubaddress, O, O, 2),
    r(IeId::CallingPartyNumber, M, M),
    rn(IeId::CallingPartySubaddress, O, O, 2),
    rn(IeId::TransitNetworkSelection, O, O, 4),
    r(IeId::LijCallIdentifier, M, M),
    r(IeId::LeafSequenceNumber, M, M),
];
static LEAF_SETUP_FAILURE: [IeRule; 5] = [
    r(IeId::Cause, M, M),
    r(IeId::CalledPartyNumber, O, O),
    rn(IeId::CalledPartySubaddress, O, O, 2),
    rn(IeId::TransitNetworkSelection, O, O, 4),
    r(IeId::LeafSequenceNumber, M, M),
];
static MODIFY_REQUEST: [IeRule; 5] = [
    r(IeId::AtmTrafficDescriptor, M, M),
    r(IeId::AlternativeTrafficDescriptor, O, O),
    r(IeId::MinimumTrafficDescriptor, O, O),
    NOTIFY,
    GIT,
];
static MODIFY_ACKNOWLEDGE: [IeRule; 4] =
    [r(IeId::AtmTrafficDescriptor, O, O), NOTIFY, r(IeId::BroadbandReportType, O, O), GIT];
static MODIFY_REJECT: [IeRule; 4] =
    [r(IeId::AtmTrafficDescriptor, O, O), r(IeId::Cause, M, M), NOTIFY, GIT];
static CONNECTION_AVAILABLE: [IeRule; 2] = [NOTIFY, GIT];

/// A message table with a by-identifier index (entry = row + 1, 0 = not listed), built at
/// compile time so that looking an IE up costs one load.
struct Table {
    rules: &'static [IeRule],
    index: [u8; 256],
    /// Bit i set: row i is mandatory; indexed [UNI 3.1, UNI 4.0][n2u, u2n].
    mandatory: [[u32; 2]; 2],
    /// Bit i set: row i is allowed (mandatory or optional); same indexing.
    allowed: [[u32; 2]; 2],
}

// Evaluated only in `static` initializers: an out-of-range index would be a compile error,
// never a run-time panic.
#[allow(clippy::indexing_slicing)]
const fn table(rules: &'static [IeRule]) -> Table {
    let mut index = [0u8; 256];
    let mut mandatory = [[0u32; 2]; 2];
    let mut allowed = [[0u32; 2]; 2];
    let versions = [UniVersion::Uni31, UniVersion::Uni40];
    let directions = [Direction::NetworkToUser, Direction::UserToNetwork];
    // Tables have at most 32 rows (the mandatory masks are 32 bits).
    assert!(rules.len() <= 32);
    let mut i = 0;
    while i < rules.len() {
        index[rules[i].id.code() as usize] = (i + 1) as u8;
        let mut v = 0;
        while v < 2 {
            let mut d = 0;
            while d < 2 {
                match rules[i].presence(versions[v], directions[d]) {
                    M => {
                        mandatory[v][d] |= 1 << i;
                        allowed[v][d] |= 1 << i;
                    }
                    O => allowed[v][d] |= 1 << i,
                    N => {}
                }
                d += 1;
            }
            v += 1;
        }
        i += 1;
    }
    Table { rules, index, mandatory, allowed }
}

const fn slot(version: UniVersion, direction: Direction) -> (usize, usize) {
    let v = match version {
        UniVersion::Uni31 => 0,
        UniVersion::Uni40 => 1,
    };
    let d = match direction {
        Direction::NetworkToUser => 0,
        Direction::UserToNetwork => 1,
    };
    (v, d)
}

/// One message table resolved for a version and direction: the decoder's per-message
/// lookup, so that checking each IE costs one index load and two bit tests.
#[derive(Debug, Clone, Copy)]
pub struct Lookup {
    rules: &'static [IeRule],
    index: &'static [u8; 256],
    allowed: u32,
    mandatory: u32,
}

impl Lookup {
    /// The table of `message_type` for `version` and `direction`.
    pub fn new(message_type: MessageType, version: UniVersion, direction: Direction) -> Self {
        let t = table_of(message_type);
        let (v, d) = slot(version, direction);
        let mask = |m: &[[u32; 2]; 2]| m.get(v).and_then(|m| m.get(d)).copied().unwrap_or(0);
        Lookup {
            rules: t.rules,
            index: &t.index,
            allowed: mask(&t.allowed),
            mandatory: mask(&t.mandatory),
        }
    }

    /// The rule for the IE with identifier code `code` and its presence, when the IE is
    /// allowed.
    #[inline]
    pub fn allowed(&self, code: u8) -> Option<(&'static IeRule, Presence)> {
        let row = usize::from(*self.index.get(usize::from(code))?).checked_sub(1)?;
        let bit = 1u32 << (row as u32 & 31);
        if self.allowed & bit == 0 {
            return None;
        }
        let p = if self.mandatory & bit != 0 { M } else { O };
        Some((self.rules.get(row)?, p))
    }

    /// The mandatory IEs.
    pub fn mandatory(&self) -> impl Iterator<Item = IeId> + 'static {
        // Visit only the set bits of the mask (a SETUP table has ~40 rows, 2-4 mandatory).
        let rules = self.rules;
        let mut mask = self.mandatory;
        core::iter::from_fn(move || {
            while mask != 0 {
                let row = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if let Some(rule) = rules.get(row) {
                    return Some(rule.id);
                }
            }
            None
        })
    }
}

/// The rule for `id` in `message_type` and its presence for `version`/`direction`, when the
/// IE is allowed there.
pub fn allowed(
    message_type: MessageType,
    id: IeId,
    version: UniVersion,
    direction: Direction,
) -> Option<(&'static IeRule, Presence)> {
    Lookup::new(message_type, version, direction).allowed(id.code())
}

static T_ALERTING: Table = table(&ALERTING);
static T_CALL_PROCEEDING: Table = table(&CALL_PROCEEDING);
static T_CONNECT: Table = table(&CONNECT);
static T_CONNECT_ACKNOWLEDGE: Table = table(&CONNECT_ACKNOWLEDGE);
static T_SETUP: Table = table(&SETUP);
static T_RELEASE: Table = table(&RELEASE);
static T_RELEASE_COMPLETE: Table = table(&RELEASE_COMPLETE);
static T_RESTART: Table = table(&RESTART);
static T_RESTART_ACKNOWLEDGE: Table = table(&RESTART_ACKNOWLEDGE);
static T_STATUS: Table = table(&STATUS);
static T_STATUS_ENQUIRY: Table = table(&STATUS_ENQUIRY);
static T_NOTIFY: Table = table(&NOTIFY_MSG);
static T_ADD_PARTY: Table = table(&ADD_PARTY);
static T_ADD_PARTY_ACKNOWLEDGE: Table = table(&ADD_PARTY_ACKNOWLEDGE);
static T_ADD_PARTY_REJECT: Table = table(&ADD_PARTY_REJECT);
static T_PARTY_ALERTING: Table = table(&PARTY_ALERTING);
static T_DROP_PARTY: Table = table(&DROP_PARTY);
static T_DROP_PARTY_ACKNOWLEDGE: Table = table(&DROP_PARTY_ACKNOWLEDGE);
static T_LEAF_SETUP_REQUEST: Table = table(&LEAF_SETUP_REQUEST);
static T_LEAF_SETUP_FAILURE: Table = table(&LEAF_SETUP_FAILURE);
static T_MODIFY_REQUEST: Table = table(&MODIFY_REQUEST);
static T_MODIFY_ACKNOWLEDGE: Table = table(&MODIFY_ACKNOWLEDGE);
static T_MODIFY_REJECT: Table = table(&MODIFY_REJECT);
static T_CONNECTION_AVAILABLE: Table = table(&CONNECTION_AVAILABLE);
static T_NONE: Table = table(&[]);

fn table_of(message_type: MessageType) -> &'static Table {
    match message_type {
        MessageType::Alerting => &T_ALERTING,
        MessageType::CallProceeding => &T_CALL_PROCEEDING,
        MessageType::Connect => &T_CONNECT,
        MessageType::ConnectAcknowledge => &T_CONNECT_ACKNOWLEDGE,
        MessageType::Setup => &T_SETUP,
        MessageType::Release => &T_RELEASE,
        MessageType::ReleaseComplete => &T_RELEASE_COMPLETE,
        MessageType::Restart => &T_RESTART,
        MessageType::RestartAcknowledge => &T_RESTART_ACKNOWLEDGE,
        MessageType::Status => &T_STATUS,
        MessageType::StatusEnquiry => &T_STATUS_ENQUIRY,
        MessageType::Notify => &T_NOTIFY,
        MessageType::AddParty => &T_ADD_PARTY,
        MessageType::AddPartyAcknowledge => &T_ADD_PARTY_ACKNOWLEDGE,
        MessageType::AddPartyReject => &T_ADD_PARTY_REJECT,
        MessageType::PartyAlerting => &T_PARTY_ALERTING,
        MessageType::DropParty => &T_DROP_PARTY,
        MessageType::DropPartyAcknowledge => &T_DROP_PARTY_ACKNOWLEDGE,
        MessageType::LeafSetupRequest => &T_LEAF_SETUP_REQUEST,
        MessageType::LeafSetupFailure => &T_LEAF_SETUP_FAILURE,
        MessageType::ModifyRequest => &T_MODIFY_REQUEST,
        MessageType::ModifyAcknowledge => &T_MODIFY_ACKNOWLEDGE,
        MessageType::ModifyReject => &T_MODIFY_REJECT,
        MessageType::ConnectionAvailable => &T_CONNECTION_AVAILABLE,
        MessageType::Unknown(_) => &T_NONE,
    }
}

/// The table of `message_type` (empty for an unknown message type).
pub fn rules(message_type: MessageType) -> &'static [IeRule] {
    table_of(message_type).rules
}

/// The rule for `id` in `message_type`, if the table lists it.
pub fn rule(message_type: MessageType, id: IeId) -> Option<&'static IeRule> {
    let t = table_of(message_type);
    let row = *t.index.get(usize::from(id.code()))?;
    t.rules.get(usize::from(row).checked_sub(1)?)
}

/// Presence of `id` in `message_type` for `version` and `direction`.
pub fn presence(
    message_type: MessageType,
    id: IeId,
    version: UniVersion,
    direction: Direction,
) -> Presence {
    if !message_type.in_version(version) {
        return N;
    }
    rule(message_type, id).map_or(N, |r| r.presence(version, direction))
}

/// The IEs mandatory in `message_type` for `version` and `direction`.
pub fn mandatory(
    message_type: MessageType,
    version: UniVersion,
    direction: Direction,
) -> impl Iterator<Item = IeId> {
    Lookup::new(message_type, version, direction).mandatory()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setup_table() {
        let v40: alloc::vec::Vec<IeId> =
            mandatory(MessageType::Setup, UniVersion::Uni40, Direction::UserToNetwork).collect();
        assert_eq!(
            v40,
            [IeId::AtmTrafficDescriptor, IeId::BroadbandBearerCapability, IeId::CalledPartyNumber]
        );
        let v31: alloc::vec::Vec<IeId> =
            mandatory(MessageType::Setup, UniVersion::Uni31, Direction::NetworkToUser).collect();
        assert!(v31.contains(&IeId::QosParameter));
        assert_eq!(
            presence(
                MessageType::Setup,
                IeId::ExtendedQos,
                UniVersion::Uni31,
                Direction::UserToNetwork
            ),
            N
        );
        assert_eq!(rule(MessageType::Setup, IeId::Blli).map(|r| r.max), Some(3));
        assert_eq!(
            presence(MessageType::Setup, IeId::Cause, UniVersion::Uni40, Direction::UserToNetwork),
            N
        );
    }

    #[test]
    fn direction_and_version_specific_rows() {
        assert_eq!(
            presence(
                MessageType::CallProceeding,
                IeId::ConnectionIdentifier,
                UniVersion::Uni40,
                Direction::NetworkToUser
            ),
            M
        );
        assert_eq!(
            presence(
                MessageType::CallProceeding,
                IeId::ConnectionIdentifier,
                UniVersion::Uni40,
                Direction::UserToNetwork
            ),
            O
        );
        assert_eq!(
            presence(
                MessageType::PartyAlerting,
                IeId::EndpointReference,
                UniVersion::Uni31,
                Direction::UserToNetwork
            ),
            N
        );
        assert_eq!(rule(MessageType::Release, IeId::Cause).map(|r| r.max), Some(2));
        let rule = rule(MessageType::Setup, IeId::CalledPartySubaddress).copied().unwrap();
        assert_eq!(rule.max(UniVersion::Uni40), 2);
        assert_eq!(rule.max(UniVersion::Uni31), 1);
        assert!(rules(MessageType::Unknown(3)).is_empty());
        assert_eq!(Direction::UserToNetwork.reverse(), Direction::NetworkToUser);
    }

    #[test]
    fn mandatory_masks_agree_with_presence() {
        for m in MessageType::ALL {
            for v in [UniVersion::Uni31, UniVersion::Uni40] {
                for d in [Direction::NetworkToUser, Direction::UserToNetwork] {
                    let fast: alloc::vec::Vec<IeId> = mandatory(m, v, d).collect();
                    let slow: alloc::vec::Vec<IeId> =
                        rules(m).iter().filter(|r| r.presence(v, d) == M).map(|r| r.id).collect();
                    assert_eq!(fast, slow, "{m:?} {v:?} {d:?}");
                }
            }
        }
    }

    #[test]
    fn allowed_agrees_with_presence() {
        for m in MessageType::ALL {
            for v in [UniVersion::Uni31, UniVersion::Uni40] {
                for d in [Direction::NetworkToUser, Direction::UserToNetwork] {
                    for code in 0..=255u8 {
                        let id = IeId::from(code);
                        let slow =
                            rule(m, id).map(|r| (r, r.presence(v, d))).filter(|(_, p)| *p != N);
                        assert_eq!(allowed(m, id, v, d), slow, "{m:?} {v:?} {d:?} {id:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn index_agrees_with_a_linear_search() {
        for m in MessageType::ALL {
            for code in 0..=255u8 {
                let id = IeId::from(code);
                assert_eq!(rule(m, id), rules(m).iter().find(|r| r.id == id), "{m:?} {id:?}");
            }
        }
    }

    #[test]
    fn every_message_has_a_table_without_duplicates() {
        for m in MessageType::ALL {
            let t = rules(m);
            for (i, a) in t.iter().enumerate() {
                assert!(t.iter().skip(i + 1).all(|b| b.id != a.id), "{m:?} lists {:?} twice", a.id);
            }
        }
        assert!(!rules(MessageType::ConnectAcknowledge).is_empty());
    }
}

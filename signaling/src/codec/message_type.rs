//! Message types (Q.2931 §4.4.4 Table 4-2; Q.2971 §8.1; Q.2963.1 §8.1; UNI 4.0 §4.4 / §6).

use super::ie::wire::code_point;
use super::ie::UniVersion;

code_point! {
    /// Message type octet.
    pub enum MessageType {
        /// ALERTING (Q.2931 §3.1.1).
        Alerting = 0x01,
        /// CALL PROCEEDING (Q.2931 §3.1.2).
        CallProceeding = 0x02,
        /// SETUP (Q.2931 §3.1.7).
        Setup = 0x05,
        /// CONNECT (Q.2931 §3.1.3).
        Connect = 0x07,
        /// CONNECT ACKNOWLEDGE (Q.2931 §3.1.4).
        ConnectAcknowledge = 0x0F,
        /// RESTART (Q.2931 §3.2.1).
        Restart = 0x46,
        /// RELEASE (Q.2931 §3.1.5).
        Release = 0x4D,
        /// RESTART ACKNOWLEDGE (Q.2931 §3.2.2).
        RestartAcknowledge = 0x4E,
        /// RELEASE COMPLETE (Q.2931 §3.1.6).
        ReleaseComplete = 0x5A,
        /// NOTIFY (Q.2931 §3.1.10; UNI 4.0).
        Notify = 0x6E,
        /// STATUS ENQUIRY (Q.2931 §3.1.9).
        StatusEnquiry = 0x75,
        /// STATUS (Q.2931 §3.1.8).
        Status = 0x7D,
        /// ADD PARTY (Q.2971 §8.1).
        AddParty = 0x80,
        /// ADD PARTY ACKNOWLEDGE (Q.2971 §8.1).
        AddPartyAcknowledge = 0x81,
        /// ADD PARTY REJECT (Q.2971 §8.1).
        AddPartyReject = 0x82,
        /// DROP PARTY (Q.2971 §8.1).
        DropParty = 0x83,
        /// DROP PARTY ACKNOWLEDGE (Q.2971 §8.1).
        DropPartyAcknowledge = 0x84,
        /// PARTY ALERTING (Q.2971 §8.1; UNI 4.0).
        PartyAlerting = 0x85,
        /// MODIFY REQUEST (Q.2963.1 §8).
        ModifyRequest = 0x88,
        /// MODIFY ACKNOWLEDGE (Q.2963.1 §8).
        ModifyAcknowledge = 0x89,
        /// MODIFY REJECT (Q.2963.1 §8).
        ModifyReject = 0x8A,
        /// CONNECTION AVAILABLE (Q.2963.1 §8).
        ConnectionAvailable = 0x8B,
        /// LEAF SETUP FAILURE (UNI 4.0 §6).
        LeafSetupFailure = 0x90,
        /// LEAF SETUP REQUEST (UNI 4.0 §6).
        LeafSetupRequest = 0x91,
    }
}

impl MessageType {
    /// Every message type this codec implements, in code-point order.
    pub const ALL: [MessageType; 24] = [
        MessageType::Alerting,
        MessageType::CallProceeding,
        MessageType::Setup,
        MessageType::Connect,
        MessageType::ConnectAcknowledge,
        MessageType::Restart,
        MessageType::Release,
        MessageType::RestartAcknowledge,
        MessageType::ReleaseComplete,
        MessageType::Notify,
        MessageType::StatusEnquiry,
        MessageType::Status,
        MessageType::AddParty,
        MessageType::AddPartyAcknowledge,
        MessageType::AddPartyReject,
        MessageType::DropParty,
        MessageType::DropPartyAcknowledge,
        MessageType::PartyAlerting,
        MessageType::ModifyRequest,
        MessageType::ModifyAcknowledge,
        MessageType::ModifyReject,
        MessageType::ConnectionAvailable,
        MessageType::LeafSetupFailure,
        MessageType::LeafSetupRequest,
    ];

    /// True when `version` defines this message: UNI 3.1 has the Q.2931 basic call messages
    /// (without NOTIFY) and the Q.2971 party messages (without PARTY ALERTING); UNI 4.0 adds
    /// NOTIFY, PARTY ALERTING, leaf-initiated join and (with Q.2963.1) modification.
    pub fn in_version(self, version: UniVersion) -> bool {
        match self {
            MessageType::Unknown(_) => false,
            MessageType::Notify
            | MessageType::PartyAlerting
            | MessageType::ModifyRequest
            | MessageType::ModifyAcknowledge
            | MessageType::ModifyReject
            | MessageType::ConnectionAvailable
            | MessageType::LeafSetupFailure
            | MessageType::LeafSetupRequest => version == UniVersion::Uni40,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points() {
        for v in 0..=255u8 {
            assert_eq!(u8::from(MessageType::from(v)), v);
        }
        let codes: [u8; 24] = [
            0x01, 0x02, 0x05, 0x07, 0x0F, 0x46, 0x4D, 0x4E, 0x5A, 0x6E, 0x75, 0x7D, 0x80, 0x81,
            0x82, 0x83, 0x84, 0x85, 0x88, 0x89, 0x8A, 0x8B, 0x90, 0x91,
        ];
        for (m, c) in MessageType::ALL.iter().zip(codes) {
            assert_eq!(u8::from(*m), c);
            assert!(!matches!(MessageType::from(c), MessageType::Unknown(_)));
        }
        assert!(!MessageType::PartyAlerting.in_version(UniVersion::Uni31));
        assert!(MessageType::AddParty.in_version(UniVersion::Uni31));
        assert!(!MessageType::Unknown(0x03).in_version(UniVersion::Uni40));
    }
}

//! Call states (Q.2931 §2.1.1 user side U0-U12, §2.1.2 network side N0-N12). Both sides
//! use the same numbering and names; which one a value means follows the instance's side.

use crate::codec::ie::CallStateValue;

/// A call state. `Null` is never stored in a call slot: a call in the Null state has no
/// slot. U2/U5 (overlap sending/receiving) are not used by B-ISDN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallState {
    /// U0 / N0 Null.
    Null,
    /// U1 Call Initiated (user sent SETUP) / N1 Call Initiated (network received SETUP).
    CallInitiated,
    /// U3 / N3 Outgoing Call Proceeding (CALL PROCEEDING received / sent).
    OutgoingCallProceeding,
    /// U4 / N4 Call Delivered (ALERTING received / sent).
    CallDelivered,
    /// U6 Call Present (user received SETUP) / N6 (network sent SETUP).
    CallPresent,
    /// U7 / N7 Call Received (ALERTING sent / received).
    CallReceived,
    /// U8 Connect Request (user sent CONNECT) / N8 (network received CONNECT).
    ConnectRequest,
    /// U9 / N9 Incoming Call Proceeding (CALL PROCEEDING sent / received).
    IncomingCallProceeding,
    /// U10 / N10 Active.
    Active,
    /// U11 Release Request (user sent RELEASE) / N11 (network received RELEASE).
    ReleaseRequest,
    /// U12 Release Indication (user received RELEASE) / N12 (network sent RELEASE).
    ReleaseIndication,
}

impl CallState {
    /// The state number (U/N number, as coded in the Call state IE).
    pub const fn number(self) -> u8 {
        match self {
            CallState::Null => 0,
            CallState::CallInitiated => 1,
            CallState::OutgoingCallProceeding => 3,
            CallState::CallDelivered => 4,
            CallState::CallPresent => 6,
            CallState::CallReceived => 7,
            CallState::ConnectRequest => 8,
            CallState::IncomingCallProceeding => 9,
            CallState::Active => 10,
            CallState::ReleaseRequest => 11,
            CallState::ReleaseIndication => 12,
        }
    }

    /// The Call state IE value (Q.2931 §4.5.5).
    pub const fn ie_value(self) -> CallStateValue {
        match self {
            CallState::Null => CallStateValue::Null,
            CallState::CallInitiated => CallStateValue::CallInitiated,
            CallState::OutgoingCallProceeding => CallStateValue::OutgoingCallProceeding,
            CallState::CallDelivered => CallStateValue::CallDelivered,
            CallState::CallPresent => CallStateValue::CallPresent,
            CallState::CallReceived => CallStateValue::CallReceived,
            CallState::ConnectRequest => CallStateValue::ConnectRequest,
            CallState::IncomingCallProceeding => CallStateValue::IncomingCallProceeding,
            CallState::Active => CallStateValue::Active,
            CallState::ReleaseRequest => CallStateValue::ReleaseRequest,
            CallState::ReleaseIndication => CallStateValue::ReleaseIndication,
        }
    }

    /// From a Call state IE value; `None` for values that are not call states.
    pub fn from_ie(v: CallStateValue) -> Option<Self> {
        Some(match v {
            CallStateValue::Null => CallState::Null,
            CallStateValue::CallInitiated => CallState::CallInitiated,
            CallStateValue::OutgoingCallProceeding => CallState::OutgoingCallProceeding,
            CallStateValue::CallDelivered => CallState::CallDelivered,
            CallStateValue::CallPresent => CallState::CallPresent,
            CallStateValue::CallReceived => CallState::CallReceived,
            CallStateValue::ConnectRequest => CallState::ConnectRequest,
            CallStateValue::IncomingCallProceeding => CallState::IncomingCallProceeding,
            CallStateValue::Active => CallState::Active,
            CallStateValue::ReleaseRequest => CallState::ReleaseRequest,
            CallStateValue::ReleaseIndication => CallState::ReleaseIndication,
            CallStateValue::RestartRequest
            | CallStateValue::Restart
            | CallStateValue::Unknown(_) => return None,
        })
    }

    /// Q.2931 §5.6.11: may the peer be in `remote` while we are in `self`? Both sides
    /// number a call the same way (1/3/4 for a call the user originated, 6/7/8/9 for one
    /// the network originated), so one table serves both sides. The peer may have moved on
    /// with messages we have not received yet, or not yet received ours. Release states are
    /// compatible with everything but Null (which the caller handles first).
    pub fn compatible_with(self, remote: CallState) -> bool {
        use CallState as S;
        match self {
            S::Null => remote == S::Null,
            S::CallInitiated | S::OutgoingCallProceeding | S::CallDelivered => matches!(
                remote,
                S::CallInitiated | S::OutgoingCallProceeding | S::CallDelivered | S::Active
            ),
            S::CallPresent | S::CallReceived | S::IncomingCallProceeding | S::ConnectRequest => {
                matches!(
                    remote,
                    S::CallPresent
                        | S::CallReceived
                        | S::ConnectRequest
                        | S::IncomingCallProceeding
                        | S::Active
                )
            }
            S::Active => matches!(
                remote,
                S::Active
                    | S::ConnectRequest
                    | S::CallInitiated
                    | S::OutgoingCallProceeding
                    | S::CallDelivered
            ),
            S::ReleaseRequest | S::ReleaseIndication => remote != S::Null,
        }
    }
}

/// Party (endpoint) states of a point-to-multipoint call (Q.2971 §2.2; coded in the
/// Endpoint state IE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartyState {
    /// P0 Null.
    Null,
    /// P1 Add Party Initiated (ADD PARTY, or the SETUP of the first party, sent).
    AddPartyInitiated,
    /// P4 Party Alerting Delivered (PARTY ALERTING received for a party we added).
    PartyAlertingDelivered,
    /// P6 Add Party Received (ADD PARTY, or the first party's SETUP, received).
    AddPartyReceived,
    /// P7 Party Alerting Received (PARTY ALERTING sent).
    PartyAlertingReceived,
    /// P10 Active.
    Active,
    /// P11 Drop Party Initiated (DROP PARTY sent).
    DropPartyInitiated,
    /// P12 Drop Party Received (DROP PARTY received; answered at once).
    DropPartyReceived,
}

impl PartyState {
    /// The Endpoint state IE value.
    pub const fn ie_value(self) -> crate::codec::ie::PartyState {
        use crate::codec::ie::PartyState as P;
        match self {
            PartyState::Null => P::Null,
            PartyState::AddPartyInitiated => P::AddPartyInitiated,
            PartyState::PartyAlertingDelivered => P::PartyAlertingDelivered,
            PartyState::AddPartyReceived => P::AddPartyReceived,
            PartyState::PartyAlertingReceived => P::PartyAlertingReceived,
            PartyState::Active => P::Active,
            PartyState::DropPartyInitiated => P::DropPartyInitiated,
            PartyState::DropPartyReceived => P::DropPartyReceived,
        }
    }
}

/// The modification sub-state of an active call (Q.2963.1 §6; the call stays in U10/N10
/// and reports Active in the Call state IE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModifyState {
    /// No modification in progress.
    Idle,
    /// Modify Request: MODIFY REQUEST sent, T360 running.
    ModifyRequest,
    /// Modify Received: MODIFY REQUEST received, waiting for the user's answer.
    ModifyReceived,
    /// MODIFY ACKNOWLEDGE with report type sent, T361 waiting for CONNECTION AVAILABLE.
    AwaitingConnectionAvailable,
}

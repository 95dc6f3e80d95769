//! The ten SSCOP states (Q.2110 §7.3, SDL figures), numbered as in the recommendation.

use core::fmt;

/// SSCOP state (Q.2110 §7.3). One variant per spec state; every dispatch matches all ten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// State 1: Idle.
    Idle,
    /// State 2: Outgoing Connection Pending.
    OutgoingConnectionPending,
    /// State 3: Incoming Connection Pending.
    IncomingConnectionPending,
    /// State 4: Outgoing Disconnection Pending.
    OutgoingDisconnectionPending,
    /// State 5: Outgoing Resynchronization Pending.
    OutgoingResynchronizationPending,
    /// State 6: Incoming Resynchronization Pending.
    IncomingResynchronizationPending,
    /// State 7: Outgoing Recovery Pending.
    OutgoingRecoveryPending,
    /// State 8: Recovery Response Pending.
    RecoveryResponsePending,
    /// State 9: Incoming Recovery Pending.
    IncomingRecoveryPending,
    /// State 10: Data Transfer Ready.
    DataTransferReady,
}

impl State {
    /// All states, in Q.2110 order.
    pub const ALL: [State; 10] = [
        State::Idle,
        State::OutgoingConnectionPending,
        State::IncomingConnectionPending,
        State::OutgoingDisconnectionPending,
        State::OutgoingResynchronizationPending,
        State::IncomingResynchronizationPending,
        State::OutgoingRecoveryPending,
        State::RecoveryResponsePending,
        State::IncomingRecoveryPending,
        State::DataTransferReady,
    ];

    /// The state number of Q.2110.
    pub const fn number(self) -> u8 {
        match self {
            State::Idle => 1,
            State::OutgoingConnectionPending => 2,
            State::IncomingConnectionPending => 3,
            State::OutgoingDisconnectionPending => 4,
            State::OutgoingResynchronizationPending => 5,
            State::IncomingResynchronizationPending => 6,
            State::OutgoingRecoveryPending => 7,
            State::RecoveryResponsePending => 8,
            State::IncomingRecoveryPending => 9,
            State::DataTransferReady => 10,
        }
    }

    /// The state name of Q.2110.
    pub const fn name(self) -> &'static str {
        match self {
            State::Idle => "Idle",
            State::OutgoingConnectionPending => "Outgoing Connection Pending",
            State::IncomingConnectionPending => "Incoming Connection Pending",
            State::OutgoingDisconnectionPending => "Outgoing Disconnection Pending",
            State::OutgoingResynchronizationPending => "Outgoing Resynchronization Pending",
            State::IncomingResynchronizationPending => "Incoming Resynchronization Pending",
            State::OutgoingRecoveryPending => "Outgoing Recovery Pending",
            State::RecoveryResponsePending => "Recovery Response Pending",
            State::IncomingRecoveryPending => "Incoming Recovery Pending",
            State::DataTransferReady => "Data Transfer Ready",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.number(), self.name())
    }
}

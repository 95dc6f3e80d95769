//! SSCOP, the service-specific connection-oriented protocol (ITU-T Q.2110).
//!
//! - [`pdu`]: the fifteen PDUs (zero-copy [`pdu::Packet`] and [`pdu::Repr`]).
//! - [`state`]: the ten states of Q.2110 §7 / the SDL, named as in the recommendation.
//! - [`timers`]: Timer_CC, _POLL, _KEEP-ALIVE, _NO-RESPONSE, _IDLE.
//! - [`entity`]: the sans-IO protocol entity [`Sscop`].
//! - [`seq`]: 24-bit modular arithmetic relative to a window base.

pub mod entity;
pub mod pdu;
pub mod seq;
pub mod state;
pub mod timers;

use alloc::vec::Vec;
use core::fmt;

use hal::time::Duration;

pub use entity::Sscop;
pub use pdu::Source;
pub use state::State;
pub use timers::Timer;

/// SSCOP parameters (Q.2110 §7.5, §7.6; defaults from the SSCF-UNI parameter set of Q.2130
/// and atm-reference.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Timer_CC (1 s).
    pub timer_cc: Duration,
    /// Timer_POLL (750 ms).
    pub timer_poll: Duration,
    /// Timer_KEEP-ALIVE (2 s).
    pub timer_keep_alive: Duration,
    /// Timer_NO-RESPONSE (7 s).
    pub timer_no_response: Duration,
    /// Timer_IDLE (15 s).
    pub timer_idle: Duration,
    /// MaxCC: BGN/END/RS/ER transmissions before giving up (4).
    pub max_cc: u32,
    /// MaxPD: SD PDUs sent between POLLs (25).
    pub max_pd: u32,
    /// MaxSTAT: list elements per STAT PDU; odd and at least 3 (67).
    pub max_stat: usize,
    /// k: largest SD/UD/MD information field (4096).
    pub max_info: usize,
    /// j: largest SSCOP-UU field (4096).
    pub max_uu: usize,
    /// Receive window: the credit we advertise in N(MR), and so the most out-of-sequence
    /// SD PDUs we ever hold (VR(MR) − VR(R)).
    pub receive_window: u32,
    /// Transmit buffer: most SD PDUs sent and not yet acknowledged (VT(S) − VT(A)), however
    /// large the peer's credit.
    pub transmit_buffer: u32,
    /// Transmission queue: most SDUs accepted by AA-DATA.request and not yet sent.
    pub transmit_queue: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timer_cc: Duration::from_secs(1),
            timer_poll: Duration::from_millis(750),
            timer_keep_alive: Duration::from_secs(2),
            timer_no_response: Duration::from_secs(7),
            timer_idle: Duration::from_secs(15),
            max_cc: 4,
            max_pd: 25,
            max_stat: 67,
            max_info: 4096,
            max_uu: 4096,
            receive_window: 128,
            transmit_buffer: 128,
            transmit_queue: 256,
        }
    }
}

/// A parameter outside what the entity supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigError {
    /// A timer of zero length would expire forever.
    ZeroTimer(Timer),
    /// MaxCC or MaxPD of zero.
    ZeroCount(&'static str),
    /// MaxSTAT must be odd, at least 3 (Q.2110 §7.6, so that STAT chunks split at a
    /// missing-run boundary) and small enough for a STAT to fit one AAL5 SDU.
    MaxStat(usize),
    /// Window or buffer sizes must be between 1 and 2^23 (half the sequence space).
    Window(&'static str, u64),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::ZeroTimer(t) => write!(f, "{t:?} timer: expected a non-zero duration"),
            ConfigError::ZeroCount(n) => write!(f, "{n}: expected at least 1"),
            ConfigError::MaxStat(n) => {
                write!(f, "MaxSTAT {n}: expected an odd number in 3 ..= 16379")
            }
            ConfigError::Window(n, v) => write!(f, "{n} {v}: expected 1 ..= 2^23"),
        }
    }
}

impl Config {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (t, d) in [
            (Timer::Cc, self.timer_cc),
            (Timer::Poll, self.timer_poll),
            (Timer::KeepAlive, self.timer_keep_alive),
            (Timer::NoResponse, self.timer_no_response),
            (Timer::Idle, self.timer_idle),
        ] {
            if d == Duration::ZERO {
                return Err(ConfigError::ZeroTimer(t));
            }
        }
        if self.max_cc == 0 {
            return Err(ConfigError::ZeroCount("MaxCC"));
        }
        if self.max_pd == 0 {
            return Err(ConfigError::ZeroCount("MaxPD"));
        }
        // A STAT must fit one AAL5 SDU: 12 + 4 * MaxSTAT <= 65 535.
        if self.max_stat < 3
            || self.max_stat.is_multiple_of(2)
            || self.max_stat > pdu::Limits::AAL5.max_stat
        {
            return Err(ConfigError::MaxStat(self.max_stat));
        }
        let half = u64::from(seq::MODULUS / 2);
        for (n, v) in [
            ("receive window", u64::from(self.receive_window)),
            ("transmit buffer", u64::from(self.transmit_buffer)),
            ("transmit queue", self.transmit_queue as u64),
        ] {
            if v == 0 || v > half {
                return Err(ConfigError::Window(n, v));
            }
        }
        Ok(())
    }

    /// The receive limits derived from k, j and MaxSTAT.
    pub fn limits(&self) -> pdu::Limits {
        pdu::Limits { max_info: self.max_info, max_uu: self.max_uu, max_stat: self.max_stat }
    }
}

/// The BR (buffer release) parameter of AA-ESTABLISH (Q.2110 §6.1): whether SSCOP may clear
/// its buffers on release/recovery (Yes), or keeps unacknowledged data for AA-RETRIEVE (No).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BufferRelease {
    /// BR = Yes: clear buffers (SSCF-UNI uses this).
    Yes,
    /// BR = No: keep unacknowledged data for retrieval.
    No,
}

/// RN, the retrieval number of AA-RETRIEVE.request (Q.2110 §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetrieveNumber {
    /// Retrieve SDUs with N(S) > RN still in the transmit buffer, then the queue.
    After(u32),
    /// "Total": every SDU in the transmit buffer (from VT(A)), then the queue.
    Total,
    /// "Unknown": only the SDUs never transmitted.
    Unknown,
}

/// AA- and MAA- request/response signals from the SSCOP user (Q.2110 §6.1, §6.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// AA-ESTABLISH.request (SSCOP-UU, BR).
    EstablishRequest {
        /// SSCOP-UU carried in BGN.
        uu: Vec<u8>,
        /// Buffer release.
        br: BufferRelease,
    },
    /// AA-ESTABLISH.response (SSCOP-UU, BR).
    EstablishResponse {
        /// SSCOP-UU carried in BGAK.
        uu: Vec<u8>,
        /// Buffer release.
        br: BufferRelease,
    },
    /// AA-RELEASE.request (SSCOP-UU).
    ReleaseRequest {
        /// SSCOP-UU carried in END or BGREJ.
        uu: Vec<u8>,
    },
    /// AA-DATA.request (MU).
    DataRequest(Vec<u8>),
    /// AA-UNITDATA.request (MU).
    UnitdataRequest(Vec<u8>),
    /// AA-RESYNC.request (SSCOP-UU).
    ResyncRequest {
        /// SSCOP-UU carried in RS.
        uu: Vec<u8>,
    },
    /// AA-RESYNC.response.
    ResyncResponse,
    /// AA-RECOVER.response.
    RecoverResponse,
    /// AA-RETRIEVE.request (RN).
    RetrieveRequest(RetrieveNumber),
    /// MAA-UNITDATA.request (MU).
    MaaUnitdataRequest(Vec<u8>),
}

impl Signal {
    /// The primitive's name in Q.2110.
    pub const fn name(&self) -> &'static str {
        match self {
            Signal::EstablishRequest { .. } => "AA-ESTABLISH.request",
            Signal::EstablishResponse { .. } => "AA-ESTABLISH.response",
            Signal::ReleaseRequest { .. } => "AA-RELEASE.request",
            Signal::DataRequest(_) => "AA-DATA.request",
            Signal::UnitdataRequest(_) => "AA-UNITDATA.request",
            Signal::ResyncRequest { .. } => "AA-RESYNC.request",
            Signal::ResyncResponse => "AA-RESYNC.response",
            Signal::RecoverResponse => "AA-RECOVER.response",
            Signal::RetrieveRequest(_) => "AA-RETRIEVE.request",
            Signal::MaaUnitdataRequest(_) => "MAA-UNITDATA.request",
        }
    }
}

/// Why a signal was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalError {
    /// Q.2110 defines no transition for this signal in this state.
    InvalidInState {
        /// The signal.
        signal: &'static str,
        /// The state it arrived in.
        state: State,
        /// States in which it is valid.
        expected: &'static str,
    },
    /// The SDU or SSCOP-UU is longer than k or j.
    TooLong {
        /// The signal.
        signal: &'static str,
        /// The configured maximum.
        max: usize,
        /// What was offered.
        got: usize,
    },
    /// The transmission queue is full (flow control towards the user): try again after
    /// data has been acknowledged.
    QueueFull {
        /// The configured queue size.
        capacity: usize,
    },
    /// Q.2110: AA-DATA.request in Outgoing Recovery Pending with BR = Yes is discarded.
    Discarded {
        /// The state.
        state: State,
    },
}

impl fmt::Display for SignalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignalError::InvalidInState { signal, state, expected } => {
                write!(f, "{signal} in state {state}: expected state {expected}")
            }
            SignalError::TooLong { signal, max, got } => {
                write!(f, "{signal} with {got} octets: expected at most {max}")
            }
            SignalError::QueueFull { capacity } => {
                write!(f, "AA-DATA.request: transmission queue full ({capacity} SDUs)")
            }
            SignalError::Discarded { state } => {
                write!(f, "AA-DATA.request discarded in state {state} (BR = Yes)")
            }
        }
    }
}

/// MAA-ERROR codes (Q.2110 Table/Appendix "SSCOP error codes", also Q.2144).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MaaErrorCode {
    /// A: unsolicited or inappropriate SD PDU.
    A,
    /// B: unsolicited or inappropriate BGN PDU.
    B,
    /// C: unsolicited or inappropriate BGAK PDU.
    C,
    /// D: unsolicited or inappropriate BGREJ PDU.
    D,
    /// E: unsolicited or inappropriate END PDU.
    E,
    /// F: unsolicited or inappropriate ENDAK PDU.
    F,
    /// G: unsolicited or inappropriate POLL PDU.
    G,
    /// H: unsolicited or inappropriate STAT PDU.
    H,
    /// I: unsolicited or inappropriate USTAT PDU.
    I,
    /// J: unsolicited or inappropriate RS PDU.
    J,
    /// K: unsolicited or inappropriate RSAK PDU.
    K,
    /// L: unsolicited or inappropriate ER PDU.
    L,
    /// M: unsolicited or inappropriate ERAK PDU.
    M,
    /// O: VT(CC) ≥ MaxCC (unsuccessful retransmission).
    O,
    /// P: Timer_NO-RESPONSE expiry.
    P,
    /// Q: SD or POLL PDU with an erroneous N(S).
    Q,
    /// R: STAT PDU with an erroneous N(PS).
    R,
    /// S: STAT PDU with an erroneous N(R) or list elements.
    S,
    /// T: USTAT PDU with an erroneous N(R) or list elements.
    T,
    /// U: PDU length violation (invalid PDU).
    U,
    /// V: SD PDUs must be retransmitted (count in [`MaaError::count`]).
    V,
    /// W: lack of credit.
    W,
    /// X: credit obtained.
    X,
}

impl MaaErrorCode {
    /// The code letter.
    pub const fn letter(self) -> char {
        match self {
            MaaErrorCode::A => 'A',
            MaaErrorCode::B => 'B',
            MaaErrorCode::C => 'C',
            MaaErrorCode::D => 'D',
            MaaErrorCode::E => 'E',
            MaaErrorCode::F => 'F',
            MaaErrorCode::G => 'G',
            MaaErrorCode::H => 'H',
            MaaErrorCode::I => 'I',
            MaaErrorCode::J => 'J',
            MaaErrorCode::K => 'K',
            MaaErrorCode::L => 'L',
            MaaErrorCode::M => 'M',
            MaaErrorCode::O => 'O',
            MaaErrorCode::P => 'P',
            MaaErrorCode::Q => 'Q',
            MaaErrorCode::R => 'R',
            MaaErrorCode::S => 'S',
            MaaErrorCode::T => 'T',
            MaaErrorCode::U => 'U',
            MaaErrorCode::V => 'V',
            MaaErrorCode::W => 'W',
            MaaErrorCode::X => 'X',
        }
    }

    /// The code for an unsolicited or inappropriate PDU of `t` (A..M).
    pub const fn unsolicited(t: pdu::PduType) -> Option<MaaErrorCode> {
        use pdu::PduType as P;
        match t {
            P::Sd => Some(MaaErrorCode::A),
            P::Bgn => Some(MaaErrorCode::B),
            P::Bgak => Some(MaaErrorCode::C),
            P::Bgrej => Some(MaaErrorCode::D),
            P::End => Some(MaaErrorCode::E),
            P::Endak => Some(MaaErrorCode::F),
            P::Poll => Some(MaaErrorCode::G),
            P::Stat => Some(MaaErrorCode::H),
            P::Ustat => Some(MaaErrorCode::I),
            P::Rs => Some(MaaErrorCode::J),
            P::Rsak => Some(MaaErrorCode::K),
            P::Er => Some(MaaErrorCode::L),
            P::Erak => Some(MaaErrorCode::M),
            P::Ud | P::Md | P::Unknown(_) => None,
        }
    }
}

/// An MAA-ERROR.indication (Q.2110 §6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MaaError {
    /// The error code.
    pub code: MaaErrorCode,
    /// For V: the number of SD PDUs to retransmit; 0 otherwise.
    pub count: u32,
}

/// Indications and confirms to the SSCOP user and layer management (Q.2110 §6.1, §6.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// AA-ESTABLISH.indication (SSCOP-UU).
    EstablishIndication {
        /// SSCOP-UU from BGN.
        uu: Vec<u8>,
    },
    /// AA-ESTABLISH.confirm (SSCOP-UU).
    EstablishConfirm {
        /// SSCOP-UU from BGAK (empty when confirmed by a crossing BGN).
        uu: Vec<u8>,
    },
    /// AA-RELEASE.indication (SSCOP-UU, Source).
    ReleaseIndication {
        /// SSCOP-UU from END/BGREJ (empty when SSCOP released).
        uu: Vec<u8>,
        /// Who released.
        source: Source,
    },
    /// AA-RELEASE.confirm.
    ReleaseConfirm,
    /// AA-DATA.indication (MU, SN).
    DataIndication {
        /// N(S) of the SD PDU.
        sn: u32,
        /// The SDU.
        data: Vec<u8>,
    },
    /// AA-UNITDATA.indication (MU).
    UnitdataIndication(Vec<u8>),
    /// AA-RESYNC.indication (SSCOP-UU).
    ResyncIndication {
        /// SSCOP-UU from RS.
        uu: Vec<u8>,
    },
    /// AA-RESYNC.confirm.
    ResyncConfirm,
    /// AA-RECOVER.indication.
    RecoverIndication,
    /// AA-RETRIEVE.indication (MU).
    RetrieveIndication(Vec<u8>),
    /// AA-RETRIEVE-COMPLETE.indication.
    RetrieveComplete,
    /// MAA-ERROR.indication.
    MaaError(MaaError),
    /// MAA-UNITDATA.indication (MU).
    MaaUnitdataIndication(Vec<u8>),
}

/// Counters (errors are values; style.md).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// PDUs handed to [`Sscop::handle_pdu`].
    pub pdus_received: u64,
    /// Invalid PDUs discarded (MAA-ERROR U).
    pub invalid_pdus: u64,
    /// PDUs returned by [`Sscop::poll_transmit`].
    pub pdus_sent: u64,
    /// SD PDUs sent for the first time.
    pub sd_sent: u64,
    /// SD PDUs retransmitted.
    pub sd_retransmitted: u64,
    /// SD PDUs received and delivered.
    pub sd_delivered: u64,
    /// Control PDUs dropped because the caller did not drain `poll_transmit`.
    pub control_overflow: u64,
    /// MAA-ERROR / UD / MD indications dropped because the caller did not drain
    /// `poll_event`.
    pub events_dropped: u64,
}

/// A snapshot of the state variables (Q.2110 §7.3), for tests and management.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variables {
    /// VT(S): next N(S) to send.
    pub vt_s: u32,
    /// VT(PS): current poll sequence number.
    pub vt_ps: u32,
    /// VT(A): next in-sequence acknowledgement expected.
    pub vt_a: u32,
    /// VT(PA): next STAT N(PS) expected.
    pub vt_pa: u32,
    /// VT(MS): the peer's credit limit.
    pub vt_ms: u32,
    /// VT(PD): SD PDUs since the last POLL.
    pub vt_pd: u32,
    /// VT(CC): BGN/END/RS/ER transmissions.
    pub vt_cc: u32,
    /// VT(SQ): our connection sequence number.
    pub vt_sq: u8,
    /// VR(R): next in-sequence SD expected.
    pub vr_r: u32,
    /// VR(H): highest expected SD.
    pub vr_h: u32,
    /// VR(MR): our credit limit.
    pub vr_mr: u32,
    /// VR(SQ): the peer's last connection sequence number.
    pub vr_sq: u8,
    /// SDUs waiting in the transmission queue.
    pub queued: usize,
    /// SD PDUs in the transmit buffer (VT(A) .. VT(S)).
    pub unacknowledged: usize,
    /// Out-of-sequence SD PDUs held in the receive buffer.
    pub held: usize,
}

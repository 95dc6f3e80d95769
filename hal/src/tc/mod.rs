//! Transmission convergence sublayer (ITU-T I.432.1 §4.3–§4.5, I.432.2 for SDH-based
//! interfaces): HEC processing at the receiver, cell delineation on an unframed byte stream,
//! the x^43 + 1 payload scrambler, and the transmitter that builds the byte stream.
//!
//! - [`hec_receiver`]: the correction / detection mode HEC state machine (I.432.1 §4.3.2.3).
//! - [`delineation`]: HUNT / PRESYNC / SYNC cell delineation (I.432.1 §4.5.1.1).
//! - [`scrambler`]: the self-synchronising x^43 + 1 information field scrambler.
//! - [`transmitter`]: cells (or idle cells) to a byte stream with HEC and scrambling.
//!
//! Everything here is sans-IO and bounded: no state grows with input.

pub mod delineation;
pub mod hec_receiver;
pub mod scrambler;
pub mod transmitter;

pub use delineation::{
    CellDelineator, DelineationConfig, DelineationCounters, DelineationState, PushResult,
};
pub use hec_receiver::{HecCounters, HecMode, HecOutcome, HecReceiver};
pub use scrambler::{PayloadDescrambler, PayloadScrambler};
pub use transmitter::{TcTransmitter, TransmitCounters};

//! The Q.2931 / UNI 3.1 / UNI 4.0 message and information-element codec.
//!
//! Decoding and encoding never allocate and never panic.
//!
//! - [`message::Message`]: header fields plus an [`message::IeSet`] (one field per IE kind);
//!   [`message::Message::decode`] / [`message::Message::encode`].
//! - [`tables`]: mandatory/optional IEs per message, direction and UNI version.
//! - [`error`]: structured decode errors and per-IE problems for the Q.2931 §5.6 responses.
//! - [`ie`]: the IE header and the typed contents of every IE.

pub mod error;
pub mod header;
pub mod ie;
pub mod message;
pub mod message_type;
pub mod tables;

pub use error::{
    DecodeError, EncodeError, IeProblem, IeProblemKind, IeResponse, MessageResponse, Problems,
};
pub use header::{CallReference, MessageAction, MessageCompatibility, MessageHeader};
pub use message::{Context, Decoded, Ie, IeList, IeSet, Message, RawIe, TypedIe, ValidationError};
pub use message_type::MessageType;
pub use tables::{Direction, Presence};

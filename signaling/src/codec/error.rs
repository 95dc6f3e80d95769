//! Decode and encode errors, and the per-IE problems a decode reports, shaped so that call
//! control can give the exact Q.2931 §5.6 / §5.7 response.
//!
//! Whole-message outcomes are [`DecodeError`]s; problems where the recommendation says
//! "proceed" come back with the decoded message as [`Problems`].

use super::header::{HeaderError, MessageHeader};
use super::ie::{ActionIndicator, IeError, IeId, IeInstruction};

/// Capacity of [`Problems`].
pub const MAX_PROBLEMS: usize = 16;

/// A fixed-capacity list (no allocation); elements stay contiguous from index 0. Slots at
/// `len` and beyond are ignored (equality, hashing, iteration and `Debug` see only the
/// elements), so clearing is O(1).
#[derive(Clone, Copy)]
pub struct List<T, const N: usize> {
    items: [Option<T>; N],
    len: u8,
}

impl<T: Copy, const N: usize> List<T, N> {
    /// The empty list.
    pub const fn new() -> Self {
        List { items: [None; N], len: 0 }
    }
}

impl<T: Copy, const N: usize> Default for List<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T, const N: usize> List<T, N> {
    /// Appends `v`; gives it back when the list is full.
    pub fn push(&mut self, v: T) -> Result<(), T> {
        match self.items.get_mut(usize::from(self.len)) {
            Some(slot) => {
                *slot = Some(v);
                self.len += 1;
                Ok(())
            }
            None => Err(v),
        }
    }
    /// Number of elements.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// True when no more elements fit.
    pub fn is_full(&self) -> bool {
        self.len() >= N
    }
    /// The capacity `N`.
    pub const fn capacity(&self) -> usize {
        N
    }
    /// The element at `i`.
    pub fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len() {
            return None;
        }
        self.items.get(i).and_then(Option::as_ref)
    }
    /// The first element.
    pub fn first(&self) -> Option<&T> {
        self.get(0)
    }
    /// The elements in order.
    pub fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        self.items.iter().take(self.len()).filter_map(Option::as_ref)
    }
    /// Removes every element.
    pub fn clear(&mut self) {
        self.len = 0;
    }
}

impl<T: PartialEq, const N: usize> PartialEq for List<T, N> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: Eq, const N: usize> Eq for List<T, N> {}

impl<T: core::hash::Hash, const N: usize> core::hash::Hash for List<T, N> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.len.hash(state);
        for x in self.iter() {
            x.hash(state);
        }
    }
}

impl<T: core::fmt::Debug, const N: usize> core::fmt::Debug for List<T, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// What went wrong with one IE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IeProblemKind {
    /// The identifier is not one this codec (or the selected UNI version) knows
    /// (Q.2931 §5.6.8.1; cause 99).
    Unrecognized,
    /// A known IE that this message does not carry in this direction/version; handled as an
    /// unrecognized IE (Q.2931 §5.6.8.1; cause 99).
    Unexpected,
    /// Contents error, including an IE longer than its maximum (Q.2931 §5.6.8.2; cause 100,
    /// or §5.6.7.2 for a mandatory IE).
    InvalidContents(IeError),
    /// More occurrences than the message allows: the first ones were used, this one ignored.
    Repeated,
    /// A mandatory IE is absent (Q.2931 §5.6.7.1; cause 96).
    MandatoryMissing,
}

/// The response an IE problem calls for on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IeResponse {
    /// Discard the IE and proceed silently.
    Ignore,
    /// Discard the IE, proceed, and report STATUS (cause 99 or 100 with the identifier).
    ReportStatus,
    /// Mandatory IE missing or invalid: the message is not acted upon (Q.2931 §5.6.7).
    MandatoryIeError,
    /// Discard the whole message and ignore it (explicit instruction).
    DiscardMessage,
    /// Discard the whole message and report STATUS (explicit instruction).
    DiscardMessageReportStatus,
    /// Clear the call (explicit instruction; cause 99 or 100).
    ClearCall,
}

/// One IE problem found while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IeProblem {
    /// The IE identifier.
    pub id: IeId,
    /// Its instruction field (regular for a missing IE).
    pub instruction: IeInstruction,
    /// What went wrong.
    pub kind: IeProblemKind,
    /// True when the message table makes the IE mandatory.
    pub mandatory: bool,
    /// For unrecognized/unexpected IEs: kept raw in `IeSet::unrecognized` (so it can be
    /// passed on); false when it was too long or the list was full.
    pub retained: bool,
}

impl IeProblem {
    /// The cause value for a STATUS/RELEASE about this problem: 96, 99 or 100; `None` for an
    /// ignored repetition.
    pub fn cause(&self) -> Option<u8> {
        match self.kind {
            IeProblemKind::MandatoryMissing => Some(96),
            IeProblemKind::Unrecognized | IeProblemKind::Unexpected => Some(99),
            IeProblemKind::InvalidContents(_) => Some(100),
            IeProblemKind::Repeated => None,
        }
    }

    /// The response this problem calls for (Q.2931 §5.6.7, §5.6.8 and, when the flag is
    /// set, the explicit action indicator of §5.7.2).
    pub fn response(&self) -> IeResponse {
        match self.kind {
            IeProblemKind::MandatoryMissing => return IeResponse::MandatoryIeError,
            IeProblemKind::Repeated => return IeResponse::Ignore,
            _ => {}
        }
        let mandatory_error =
            self.mandatory && matches!(self.kind, IeProblemKind::InvalidContents(_));
        if !self.instruction.flag {
            return if mandatory_error {
                IeResponse::MandatoryIeError
            } else {
                IeResponse::ReportStatus
            };
        }
        match self.instruction.action.effective() {
            ActionIndicator::ClearCall => IeResponse::ClearCall,
            ActionIndicator::DiscardMessage => IeResponse::DiscardMessage,
            ActionIndicator::DiscardMessageReportStatus => IeResponse::DiscardMessageReportStatus,
            // A mandatory IE cannot be discarded and the message processed without it.
            _ if mandatory_error => IeResponse::MandatoryIeError,
            ActionIndicator::DiscardIe => IeResponse::Ignore,
            ActionIndicator::DiscardIeReportStatus | ActionIndicator::Reserved(_) => {
                IeResponse::ReportStatus
            }
        }
    }
}

/// The IE problems of one decoded message (at most [`MAX_PROBLEMS`] kept; `overflowed`
/// tells that more were found — the response still accounts for all of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Problems {
    /// The problems, in message order (missing mandatory IEs last).
    pub list: List<IeProblem, MAX_PROBLEMS>,
    /// More problems were found than fit.
    pub overflowed: bool,
    /// The strongest response over all problems, including those not kept.
    pub worst: Option<IeResponse>,
}

impl Problems {
    /// Records `p`.
    pub fn push(&mut self, p: IeProblem) {
        let r = p.response();
        self.worst = Some(self.worst.map_or(r, |w| w.max(r)));
        if self.list.push(p).is_err() {
            self.overflowed = true;
        }
    }
    /// True when there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && !self.overflowed
    }
    /// The problems.
    pub fn iter(&self) -> impl Iterator<Item = &IeProblem> + '_ {
        self.list.iter()
    }
    /// Identifiers of the problems with `cause` (96, 99 or 100), for the cause diagnostic.
    pub fn ids_with_cause(&self, cause: u8) -> impl Iterator<Item = IeId> + '_ {
        self.iter().filter(move |p| p.cause() == Some(cause)).map(|p| p.id)
    }
    /// True when a STATUS should be sent although the message was processed.
    pub fn report_status(&self) -> bool {
        self.iter().any(|p| p.response() == IeResponse::ReportStatus)
    }
}

/// Whole-message response a rejected message calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageResponse {
    /// Mandatory IE missing (cause 96) or with invalid contents (cause 100), Q.2931 §5.6.7:
    /// SETUP → RELEASE COMPLETE; RELEASE → treat as cause 31 and answer with RELEASE
    /// COMPLETE; others → STATUS.
    MandatoryIeError,
    /// An IE's explicit instruction: discard the message and ignore it.
    DiscardMessage,
    /// An IE's explicit instruction: discard the message and report STATUS.
    DiscardMessageReportStatus,
    /// An IE's explicit instruction: clear the call.
    ClearCall,
}

/// A message that cannot be processed as received.
///
/// `Rejected` carries the full problem list by value: decoding may not allocate, and call
/// control needs every identifier for the cause diagnostic.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Shorter than a message header (§5.6.1: discard).
    TooShort {
        /// Octets received.
        len: usize,
    },
    /// Protocol discriminator other than 0x09 (§5.6.1: discard).
    BadProtocolDiscriminator(u8),
    /// Call reference length other than 0 or 3 (§5.6.3.1: discard).
    BadCallReferenceLength(u8),
    /// The message length field disagrees with the octets received (cause 104, incorrect
    /// message length).
    LengthMismatch {
        /// The header as received.
        header: MessageHeader,
        /// Octets actually following the header.
        actual: usize,
    },
    /// Message type not implemented, or not in the selected UNI version (§5.6.4, cause 97;
    /// §5.7.1 when the compatibility flag is set — see `header.compatibility`).
    UnrecognizedMessageType {
        /// The header as received.
        header: MessageHeader,
    },
    /// An IE header or its contents run past the end of the message (cause 100 with the
    /// identifier, or 104).
    IeTruncated {
        /// The header as received.
        header: MessageHeader,
        /// The IE identifier.
        id: IeId,
        /// Octet offset of the IE in the message.
        offset: usize,
    },
    /// The IE problems call for a whole-message response.
    Rejected {
        /// The header as received.
        header: MessageHeader,
        /// What to do with the message.
        response: MessageResponse,
        /// Every IE problem (missing mandatory IEs for the cause 96 diagnostic, invalid ones
        /// for cause 100, unrecognized ones for cause 99).
        problems: Problems,
    },
}

impl DecodeError {
    /// The header, when it could be read.
    pub fn header(&self) -> Option<&MessageHeader> {
        match self {
            DecodeError::LengthMismatch { header, .. }
            | DecodeError::UnrecognizedMessageType { header }
            | DecodeError::IeTruncated { header, .. }
            | DecodeError::Rejected { header, .. } => Some(header),
            _ => None,
        }
    }
}

impl From<HeaderError> for DecodeError {
    fn from(e: HeaderError) -> Self {
        match e {
            HeaderError::TooShort { len } => DecodeError::TooShort { len },
            HeaderError::BadProtocolDiscriminator(p) => DecodeError::BadProtocolDiscriminator(p),
            HeaderError::BadCallReferenceLength(l) => DecodeError::BadCallReferenceLength(l),
        }
    }
}

/// Why a message could not be encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodeError {
    /// The output buffer is too small.
    BufferTooSmall,
    /// The call reference value does not fit 23 bits.
    CallReferenceOutOfRange,
    /// An IE's contents could not be emitted.
    Ie {
        /// The IE.
        id: IeId,
        /// Why.
        error: IeError,
    },
    /// The message or one IE would exceed the 16-bit length field.
    TooLong,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(kind: IeProblemKind, instruction: IeInstruction, mandatory: bool) -> IeProblem {
        IeProblem { id: IeId::Unknown(0x33), instruction, kind, mandatory, retained: true }
    }

    #[test]
    fn regular_handling() {
        let reg = IeInstruction::REGULAR;
        let p = problem(IeProblemKind::Unrecognized, reg, false);
        assert_eq!(p.response(), IeResponse::ReportStatus);
        assert_eq!(p.cause(), Some(99));
        let inv = problem(IeProblemKind::InvalidContents(IeError::Truncated), reg, true);
        assert_eq!(inv.response(), IeResponse::MandatoryIeError);
        assert_eq!(inv.cause(), Some(100));
        let miss = problem(IeProblemKind::MandatoryMissing, reg, true);
        assert_eq!(miss.response(), IeResponse::MandatoryIeError);
        assert_eq!(miss.cause(), Some(96));
        let rep = problem(IeProblemKind::Repeated, reg, false);
        assert_eq!(rep.response(), IeResponse::Ignore);
        assert_eq!(rep.cause(), None);
    }

    #[test]
    fn explicit_instructions() {
        let cases = [
            (ActionIndicator::ClearCall, IeResponse::ClearCall),
            (ActionIndicator::DiscardIe, IeResponse::Ignore),
            (ActionIndicator::DiscardIeReportStatus, IeResponse::ReportStatus),
            (ActionIndicator::DiscardMessage, IeResponse::DiscardMessage),
            (ActionIndicator::DiscardMessageReportStatus, IeResponse::DiscardMessageReportStatus),
            (ActionIndicator::Reserved(3), IeResponse::ReportStatus),
        ];
        for (a, r) in cases {
            let p = problem(IeProblemKind::Unrecognized, IeInstruction::explicit(a), false);
            assert_eq!(p.response(), r, "{a:?}");
        }
        // "Discard IE" cannot apply to a mandatory IE with invalid contents.
        let p = problem(
            IeProblemKind::InvalidContents(IeError::TooLong),
            IeInstruction::explicit(ActionIndicator::DiscardIe),
            true,
        );
        assert_eq!(p.response(), IeResponse::MandatoryIeError);
    }

    #[test]
    fn problems_bounded_and_worst_tracked() {
        let mut ps = Problems::default();
        for _ in 0..MAX_PROBLEMS {
            ps.push(problem(IeProblemKind::Unrecognized, IeInstruction::REGULAR, false));
        }
        assert!(!ps.overflowed);
        ps.push(problem(
            IeProblemKind::Unrecognized,
            IeInstruction::explicit(ActionIndicator::ClearCall),
            false,
        ));
        assert!(ps.overflowed);
        assert_eq!(ps.list.len(), MAX_PROBLEMS);
        assert_eq!(ps.worst, Some(IeResponse::ClearCall));
        assert!(ps.report_status());
        assert_eq!(ps.ids_with_cause(99).count(), MAX_PROBLEMS);
    }

    #[test]
    fn list_basics() {
        let mut l: List<u8, 2> = List::new();
        assert!(l.is_empty());
        l.push(1).unwrap();
        l.push(2).unwrap();
        assert_eq!(l.push(3), Err(3));
        assert!(l.is_full());
        assert_eq!(l.iter().copied().collect::<alloc::vec::Vec<_>>(), [1, 2]);
        assert_eq!(l.get(1), Some(&2));
        l.clear();
        assert_eq!(l.len(), 0);
        assert_eq!(l.get(0), None);
        assert_eq!(l, List::new());
        l.push(7).unwrap();
        let mut m: List<u8, 2> = List::new();
        m.push(7).unwrap();
        // The stale second slot of `l` does not count.
        assert_eq!(l, m);
        assert_eq!(alloc::format!("{l:?}"), "[7]");
        assert_eq!(l.capacity(), 2);
    }
}

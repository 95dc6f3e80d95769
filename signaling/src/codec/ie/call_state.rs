//! Call state (Q.2931 §4.5.10, IE 0x14).
//!
//! Contents: one octet, bits 8-7 spare, bits 6-1 the call state value (U0..U12 on the user
//! side, N0..N12 on the network side share codes) or a restart state for the global call
//! reference (REST0 = 0, REST1, REST2).

use super::wire::{code_point, emit_single, encodable, single};
use super::{CodingStandard, IeContents, IeError, UniVersion};

mod field {
    pub const STATE: usize = 0;
    pub const STATE_MASK: u8 = 0x3F;
}

code_point! {
    /// Call state value (Q.2931 §4.5.10, Table 4-8). Codes are shared by the user-side
    /// (Ux), network-side (Nx) and, for the global call reference, restart (RESTx) states.
    pub enum CallStateValue (max 63) {
        /// U0/N0 Null; also REST0 Null for the global call reference.
        Null = 0,
        /// U1 Call Initiated / N1 Call Initiated.
        CallInitiated = 1,
        /// U3 Outgoing Call Proceeding / N3.
        OutgoingCallProceeding = 3,
        /// U4 Call Delivered / N4.
        CallDelivered = 4,
        /// U6 Call Present / N6.
        CallPresent = 6,
        /// U7 Call Received / N7.
        CallReceived = 7,
        /// U8 Connect Request / N8.
        ConnectRequest = 8,
        /// U9 Incoming Call Proceeding / N9.
        IncomingCallProceeding = 9,
        /// U10 Active / N10.
        Active = 10,
        /// U11 Release Request / N11.
        ReleaseRequest = 11,
        /// U12 Release Indication / N12.
        ReleaseIndication = 12,
        /// REST1 Restart Request (global call reference).
        RestartRequest = 0x3D,
        /// REST2 Restart (global call reference).
        Restart = 0x3E,
    }
}

/// Call state IE contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallState {
    /// The state.
    pub state: CallStateValue,
}

impl IeContents for CallState {
    fn parse(contents: &[u8], _: CodingStandard, _: UniVersion) -> Result<Self, IeError> {
        let o5 = single(contents)?;
        Ok(CallState { state: CallStateValue::from(o5 & field::STATE_MASK) })
    }
    fn buffer_len(&self) -> usize {
        1
    }
    fn emit(&self, buf: &mut [u8]) -> Result<usize, IeError> {
        encodable(self.state.is_encodable(), field::STATE)?;
        emit_single(buf, u8::from(self.state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITU: CodingStandard = CodingStandard::ItuT;
    const V: UniVersion = UniVersion::Uni40;

    #[test]
    fn known_answers() {
        for (code, state) in [
            (0x00, CallStateValue::Null),
            (0x0A, CallStateValue::Active),
            (0x0C, CallStateValue::ReleaseIndication),
            (0x3D, CallStateValue::RestartRequest),
            (0x3E, CallStateValue::Restart),
        ] {
            let s = CallState::parse(&[code], ITU, V).unwrap();
            assert_eq!(s.state, state);
            let mut buf = [0u8; 1];
            assert_eq!(s.emit(&mut buf), Ok(1));
            assert_eq!(buf, [code]);
        }
        assert_eq!(CallState::parse(&[0x05], ITU, V).unwrap().state, CallStateValue::Unknown(5));
    }

    #[test]
    fn spare_bits_ignored() {
        assert_eq!(CallState::parse(&[0xCA], ITU, V).unwrap().state, CallStateValue::Active);
    }

    #[test]
    fn negative_length() {
        assert_eq!(CallState::parse(&[], ITU, V), Err(IeError::Truncated));
        assert_eq!(CallState::parse(&[1, 2], ITU, V), Err(IeError::TooLong));
    }

    #[test]
    fn negative_emit_unencodable() {
        let s = CallState { state: CallStateValue::Unknown(0x40) };
        assert_eq!(s.emit(&mut [0u8; 1]), Err(IeError::InvalidField { offset: 0 }));
        let s = CallState { state: CallStateValue::Unknown(10) };
        assert_eq!(s.emit(&mut [0u8; 1]), Err(IeError::InvalidField { offset: 0 }));
        assert_eq!(
            CallState { state: CallStateValue::Active }.emit(&mut []),
            Err(IeError::BufferTooSmall)
        );
    }
}

//! The per-slot control word: generation, halt flag, NDIS state and reference count in one
//! atomic `u64`, so that "take a reference only while Active and not running down" and "the
//! last release after the rundown started" are each decided by a single compare-and-swap.
//!
//! Layout (bit 0 = least significant):
//!
//! | bits   | field      | meaning                                                        |
//! |--------|------------|----------------------------------------------------------------|
//! | 0..28  | refs       | outstanding references ([`MAX_REFS`] at most)                  |
//! | 28..31 | phase      | [`VcState`]: 0 Deleted (free), 1 Created, 2 Active, 3 Deactivating, 4 Inactive |
//! | 31     | halt       | MiniportHaltEx started; this slot's references count toward it |
//! | 32..64 | generation | bumped when the slot is freed; never 0                         |

use super::state::VcState;

/// Bits of the reference count.
const REF_BITS: u32 = 28;
/// The most references one VC can have outstanding at once; acquiring beyond fails with
/// [`super::VcError::TooManyReferences`] rather than wrapping.
pub const MAX_REFS: u32 = (1 << REF_BITS) - 1;
const REF_MASK: u64 = MAX_REFS as u64;
const PHASE_SHIFT: u32 = REF_BITS;
const PHASE_MASK: u64 = 0b111 << PHASE_SHIFT;
const HALT_BIT: u64 = 1 << 31;
const GEN_SHIFT: u32 = 32;

/// A decoded snapshot of a control word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word(pub(crate) u64);

impl Word {
    pub(crate) fn new(generation: u32, state: VcState, halt: bool, refs: u32) -> Word {
        let phase: u64 = match state {
            VcState::Deleted => 0,
            VcState::Created => 1,
            VcState::Active => 2,
            VcState::Deactivating => 3,
            VcState::Inactive => 4,
        };
        Word(
            (u64::from(generation) << GEN_SHIFT)
                | if halt { HALT_BIT } else { 0 }
                | (phase << PHASE_SHIFT)
                | (u64::from(refs) & REF_MASK),
        )
    }

    pub(crate) fn refs(self) -> u32 {
        // Masked to 28 bits, so the narrowing is lossless.
        (self.0 & REF_MASK) as u32
    }

    pub(crate) fn state(self) -> VcState {
        match (self.0 & PHASE_MASK) >> PHASE_SHIFT {
            1 => VcState::Created,
            2 => VcState::Active,
            3 => VcState::Deactivating,
            4 => VcState::Inactive,
            // 0 is a free slot; 5..=7 are never written.
            _ => VcState::Deleted,
        }
    }

    pub(crate) fn halt(self) -> bool {
        self.0 & HALT_BIT != 0
    }

    pub(crate) fn generation(self) -> u32 {
        (self.0 >> GEN_SHIFT) as u32
    }

    pub(crate) fn with_state(self, state: VcState) -> Word {
        Word::new(self.generation(), state, self.halt(), self.refs())
    }

    pub(crate) fn with_halt(self) -> Word {
        Word(self.0 | HALT_BIT)
    }

    /// One more reference; `None` at [`MAX_REFS`].
    pub(crate) fn plus_one(self) -> Option<Word> {
        (self.refs() < MAX_REFS).then_some(Word(self.0 + 1))
    }

    /// One reference fewer; `None` at zero (an underflow is refused, never wrapped).
    pub(crate) fn minus_one(self) -> Option<Word> {
        (self.refs() > 0).then_some(Word(self.0 - 1))
    }

    /// Whether a reference may be taken: Active and the adapter not halting.
    pub(crate) fn acquirable(self) -> bool {
        self.state() == VcState::Active && !self.halt()
    }
}

/// The generation after `g`, skipping 0 so that an encoded handle is never a NULL context.
pub(crate) fn next_generation(g: u32) -> u32 {
    match g.wrapping_add(1) {
        0 => 1,
        n => n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip() {
        for state in [
            VcState::Deleted,
            VcState::Created,
            VcState::Active,
            VcState::Deactivating,
            VcState::Inactive,
        ] {
            for (gen, halt, refs) in [(1, false, 0), (u32::MAX, true, MAX_REFS), (7, true, 3)] {
                let w = Word::new(gen, state, halt, refs);
                assert_eq!(
                    (w.generation(), w.state(), w.halt(), w.refs()),
                    (gen, state, halt, refs)
                );
            }
        }
    }

    #[test]
    fn counts_saturate_instead_of_wrapping() {
        let full = Word::new(3, VcState::Active, false, MAX_REFS);
        assert_eq!(full.plus_one(), None);
        let empty = Word::new(3, VcState::Active, false, 0);
        assert_eq!(empty.minus_one(), None);
        let one = empty.plus_one().unwrap();
        assert_eq!((one.refs(), one.generation(), one.state()), (1, 3, VcState::Active));
        assert_eq!(one.minus_one(), Some(empty));
    }

    #[test]
    fn generation_skips_zero() {
        assert_eq!(next_generation(1), 2);
        assert_eq!(next_generation(u32::MAX), 1);
    }

    #[test]
    fn acquirable_only_active_and_not_halting() {
        assert!(Word::new(1, VcState::Active, false, 0).acquirable());
        assert!(!Word::new(1, VcState::Active, true, 0).acquirable());
        assert!(!Word::new(1, VcState::Deactivating, false, 0).acquirable());
        assert!(!Word::new(1, VcState::Created, false, 0).acquirable());
    }
}

//! The NDIS state of one VC (condis-reference §7, invariant 3) as a pure transition function.
//!
//! `Created → Active ⇄ re-Active → Deactivating → Inactive → Deleted`, plus the two edges the VC
//! rules of condis-reference §4 add: a VC that was never activated (a failed MakeCall) may be
//! deleted from `Created`, and a deactivated VC may be activated again for another call
//! (`Inactive → Active`). The table stores the state in each slot's atomic control word; this
//! module only decides which edges exist, so the table and the tests share one definition.

use super::error::VcError;

/// Where a VC is in its NDIS life (condis-reference §7, invariant 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VcState {
    /// Created (CmCreateVc or NdisMCmCreateVc), never activated or activation not yet done.
    Created,
    /// Activated (NdisMCmActivateVc completed): the only state in which data may flow.
    Active,
    /// Deactivation started: no new references; completes when the last one is released.
    Deactivating,
    /// Deactivated: may be deleted by its creator or activated again for another call.
    Inactive,
    /// Deleted: the slot is free and every handle to it is stale.
    Deleted,
}

/// An operation on a VC, named after the NDIS step that causes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VcOp {
    /// CmCreateVc / NdisMCmCreateVc.
    Create,
    /// MiniportCoActivateVc completed (first activation or re-activation with new parameters).
    Activate,
    /// MiniportCoDeactivateVc: start the rundown.
    Deactivate,
    /// The rundown completed: NdisMCoDeactivateVcComplete may be called.
    CompleteDeactivate,
    /// CmDeleteVc / NdisMCmDeleteVc.
    Delete,
    /// Take a reference for a send, a receive indication or a completion ("data only while Active").
    Acquire,
}

impl VcState {
    /// The state after `op`, or [`VcError::InvalidTransition`] naming the state and the operation
    /// (an NDIS bug check 0x7C/0x1F in the real system; here an error value).
    pub fn on(self, op: VcOp) -> Result<VcState, VcError> {
        let next = match (self, op) {
            (VcState::Deleted, VcOp::Create) => Some(VcState::Created),
            (VcState::Created | VcState::Inactive | VcState::Active, VcOp::Activate) => {
                Some(VcState::Active)
            }
            (VcState::Active, VcOp::Deactivate) => Some(VcState::Deactivating),
            (VcState::Deactivating, VcOp::CompleteDeactivate) => Some(VcState::Inactive),
            (VcState::Created | VcState::Inactive, VcOp::Delete) => Some(VcState::Deleted),
            (VcState::Active, VcOp::Acquire) => Some(VcState::Active),
            (
                VcState::Created
                | VcState::Active
                | VcState::Deactivating
                | VcState::Inactive
                | VcState::Deleted,
                _,
            ) => None,
        };
        next.ok_or(VcError::InvalidTransition { state: self, op })
    }

    /// Whether data (sends, receive indications) may use the VC (invariant 3: "data only while
    /// Active").
    pub fn carries_data(self) -> bool {
        matches!(self, VcState::Active)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATES: [VcState; 5] = [
        VcState::Created,
        VcState::Active,
        VcState::Deactivating,
        VcState::Inactive,
        VcState::Deleted,
    ];
    const OPS: [VcOp; 6] = [
        VcOp::Create,
        VcOp::Activate,
        VcOp::Deactivate,
        VcOp::CompleteDeactivate,
        VcOp::Delete,
        VcOp::Acquire,
    ];

    /// The complete edge list of invariant 3 plus the §4 VC rules; everything else is invalid.
    const VALID: [(VcState, VcOp, VcState); 9] = [
        (VcState::Deleted, VcOp::Create, VcState::Created),
        (VcState::Created, VcOp::Activate, VcState::Active),
        (VcState::Active, VcOp::Activate, VcState::Active),
        (VcState::Inactive, VcOp::Activate, VcState::Active),
        (VcState::Active, VcOp::Deactivate, VcState::Deactivating),
        (VcState::Deactivating, VcOp::CompleteDeactivate, VcState::Inactive),
        (VcState::Created, VcOp::Delete, VcState::Deleted),
        (VcState::Inactive, VcOp::Delete, VcState::Deleted),
        (VcState::Active, VcOp::Acquire, VcState::Active),
    ];

    #[test]
    fn every_valid_transition() {
        for (from, op, to) in VALID {
            assert_eq!(from.on(op), Ok(to), "{from:?} --{op:?}-->");
        }
    }

    #[test]
    fn every_invalid_transition_names_state_and_op() {
        let mut invalid = 0;
        for state in STATES {
            for op in OPS {
                if VALID.iter().any(|&(f, o, _)| f == state && o == op) {
                    continue;
                }
                assert_eq!(state.on(op), Err(VcError::InvalidTransition { state, op }));
                invalid += 1;
            }
        }
        assert_eq!(invalid, STATES.len() * OPS.len() - VALID.len());
    }

    #[test]
    fn data_only_while_active() {
        for state in STATES {
            assert_eq!(state.carries_data(), state == VcState::Active);
        }
    }
}

//! SAAL, the signalling ATM adaptation layer on VPI/VCI 0/5 (Q.2100): SSCOP (Q.2110) for
//! assured transfer and SSCF-UNI (Q.2130) mapping AAL primitives onto it. Both are sans-IO
//! state machines (design.md, principle 2) driven with `handle_*`, `handle_timeout` and the
//! `poll_*` family; see [`sscop::Sscop`] for the poll order.

pub mod sscf;
pub mod sscop;

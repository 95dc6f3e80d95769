//! SSCF-UNI (Q.2130 §6): each AAL request primitive in each SSCF state, from fixtures
//! reached through a real SSCOP peer; checks the next state, the SSCOP PDUs caused and the
//! indications/confirms.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]

use hal::time::Instant;
use signaling::saal::sscf::{SscfError, SscfEvent, SscfState, SscfUni};
use signaling::saal::sscop::pdu::{Limits, PduType, Repr};
use signaling::saal::sscop::{BufferRelease, Config, Signal, Sscop};

const T0: Instant = Instant::ZERO;

fn pdus(s: &mut SscfUni) -> Vec<PduType> {
    std::iter::from_fn(|| s.poll_transmit(T0))
        .map(|p| Repr::parse_bytes(&p, &Limits::SSCF_UNI).unwrap().pdu_type())
        .collect()
}

fn established() -> SscfUni {
    let mut s = SscfUni::new(Config::default()).unwrap();
    let mut peer = Sscop::new(Config::default()).unwrap();
    peer.handle_signal(T0, Signal::EstablishRequest { uu: vec![], br: BufferRelease::Yes })
        .unwrap();
    while let Some(p) = peer.poll_transmit(T0) {
        s.handle_pdu(T0, &p);
    }
    s
}

fn fixture(state: SscfState) -> SscfUni {
    let mut s = match state {
        SscfState::Released => SscfUni::new(Config::default()).unwrap(),
        SscfState::AwaitingEstablish => {
            let mut s = SscfUni::new(Config::default()).unwrap();
            s.establish_request(T0).unwrap();
            s
        }
        SscfState::AwaitingRelease => {
            let mut s = established();
            s.release_request(T0).unwrap();
            s
        }
        SscfState::AwaitingResynchronization => {
            let mut s = established();
            s.establish_request(T0).unwrap();
            s
        }
        SscfState::Established => established(),
    };
    assert_eq!(s.state(), state);
    let _ = pdus(&mut s);
    while s.poll_event().is_some() {}
    s
}

#[derive(Debug, Clone, Copy)]
enum Req {
    Establish,
    Release,
    Data,
    Unitdata,
}

fn check(
    state: SscfState,
    req: Req,
    next: SscfState,
    sent: &[PduType],
    events: &[SscfEvent],
    ok: bool,
) {
    let mut s = fixture(state);
    let r = match req {
        Req::Establish => s.establish_request(T0),
        Req::Release => s.release_request(T0),
        Req::Data => s.data_request(T0, b"SETUP".to_vec()),
        Req::Unitdata => s.unitdata_request(T0, b"u".to_vec()),
    };
    match r {
        Ok(()) => assert!(ok, "{req:?} in {state:?} accepted"),
        Err(e @ SscfError::InvalidInState { .. }) => {
            assert!(!ok, "{req:?} in {state:?}: {e}");
            assert!(e.to_string().contains("expected state"), "{e}");
        }
        Err(e) => panic!("{e}"),
    }
    assert_eq!(s.state(), next, "{req:?} in {state:?}");
    assert_eq!(pdus(&mut s), sent, "{req:?} in {state:?}");
    let evs: Vec<_> = std::iter::from_fn(|| s.poll_event()).collect();
    assert_eq!(evs, events, "{req:?} in {state:?}");
}

macro_rules! cases {
    ($($name:ident: $state:ident, $req:ident => $next:ident, [$($pdu:ident),*], [$($ev:expr),*], $ok:expr;)*) => {
        $(
            #[test]
            fn $name() {
                check(SscfState::$state, Req::$req, SscfState::$next, &[$(PduType::$pdu),*], &[$($ev),*], $ok);
            }
        )*
    };
}

cases! {
    released_aal_establish_request: Released, Establish => AwaitingEstablish, [Bgn], [], true;
    released_aal_release_request: Released, Release => Released, [], [SscfEvent::ReleaseConfirm], true;
    released_aal_data_request: Released, Data => Released, [], [], false;
    released_aal_unitdata_request: Released, Unitdata => Released, [Ud], [], true;
    awaiting_establish_aal_establish_request: AwaitingEstablish, Establish => AwaitingEstablish, [], [], false;
    awaiting_establish_aal_release_request: AwaitingEstablish, Release => AwaitingRelease, [End], [], true;
    awaiting_establish_aal_data_request: AwaitingEstablish, Data => AwaitingEstablish, [], [], false;
    awaiting_establish_aal_unitdata_request: AwaitingEstablish, Unitdata => AwaitingEstablish, [Ud], [], true;
    awaiting_release_aal_establish_request: AwaitingRelease, Establish => AwaitingEstablish, [Bgn], [], true;
    awaiting_release_aal_release_request: AwaitingRelease, Release => AwaitingRelease, [], [], false;
    awaiting_release_aal_data_request: AwaitingRelease, Data => AwaitingRelease, [], [], false;
    awaiting_release_aal_unitdata_request: AwaitingRelease, Unitdata => AwaitingRelease, [Ud], [], true;
    awaiting_resynchronization_aal_establish_request: AwaitingResynchronization, Establish => AwaitingResynchronization, [], [], false;
    awaiting_resynchronization_aal_release_request: AwaitingResynchronization, Release => AwaitingRelease, [End], [], true;
    awaiting_resynchronization_aal_data_request: AwaitingResynchronization, Data => AwaitingResynchronization, [], [], false;
    awaiting_resynchronization_aal_unitdata_request: AwaitingResynchronization, Unitdata => AwaitingResynchronization, [Ud], [], true;
    established_aal_establish_request: Established, Establish => AwaitingResynchronization, [Rs], [], true;
    established_aal_release_request: Established, Release => AwaitingRelease, [End], [], true;
    established_aal_data_request: Established, Data => Established, [Sd], [], true;
    established_aal_unitdata_request: Established, Unitdata => Established, [Ud], [], true;
}

#[test]
fn state_numbers_follow_q2130() {
    let n: Vec<u8> = [
        SscfState::Released,
        SscfState::AwaitingEstablish,
        SscfState::AwaitingRelease,
        SscfState::AwaitingResynchronization,
        SscfState::Established,
    ]
    .iter()
    .map(|s| s.number())
    .collect();
    assert_eq!(n, [1, 2, 4, 5, 10]);
}

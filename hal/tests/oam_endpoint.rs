//! OAM end point state machines (I.610 §9.2.1, §9.3.1) in virtual time: AIS / RDI / LOC
//! entry and exit with their timing, continuity check, loopback between two end points, and
//! AIS generation on a failed link.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use hal::oam::loopback::MAX_PENDING_LOOPBACKS;
use hal::oam::{
    AisGenerator, Defect, DefectRepr, LoopbackOutcome, LoopbackRepr, LoopbackResponderConfig,
    OamConnection, OamEndpoint, OamEndpointConfig, OamError, OamEvent, OamFlow, OamLevel, OamRepr,
    END_POINT_LOCATION_ID,
};
use hal::time::{Duration, Instant};

const VC: OamConnection = OamConnection::Vc { vpi: 0, vci: 100 };
const E2E: OamLevel = OamLevel::EndToEnd;
const SEG: OamLevel = OamLevel::Segment;

fn t(ms: u64) -> Instant {
    Instant::ZERO + Duration::from_millis(ms)
}

fn ms(at: Instant) -> u64 {
    (at - Instant::ZERO).as_millis()
}

fn config(cc: bool) -> OamEndpointConfig {
    let mut config = OamEndpointConfig::new(VC);
    config.continuity_check = cc;
    config
}

fn payload(repr: OamRepr) -> [u8; 48] {
    repr.to_payload()
}

fn ais() -> [u8; 48] {
    payload(OamRepr::Ais(DefectRepr::NOT_USED))
}

fn rdi() -> [u8; 48] {
    payload(OamRepr::Rdi(DefectRepr::NOT_USED))
}

fn cc() -> [u8; 48] {
    payload(OamRepr::ContinuityCheck)
}

/// Everything one end point did while virtual time ran.
#[derive(Default, Debug)]
struct Log {
    sent: Vec<(u64, OamFlow, OamRepr)>,
    events: Vec<(u64, OamEvent)>,
}

impl Log {
    fn sent_times(&self, function: fn(&OamRepr) -> bool) -> Vec<u64> {
        self.sent.iter().filter(|(_, _, r)| function(r)).map(|(at, _, _)| *at).collect()
    }

    fn event_times(&self, event: OamEvent) -> Vec<u64> {
        self.events.iter().filter(|(_, e)| *e == event).map(|(at, _)| *at).collect()
    }
}

fn is_rdi(r: &OamRepr) -> bool {
    matches!(r, OamRepr::Rdi(_))
}

fn is_cc(r: &OamRepr) -> bool {
    matches!(r, OamRepr::ContinuityCheck)
}

/// One end point with a virtual clock.
struct Single {
    ep: OamEndpoint,
    now: Instant,
    log: Log,
}

impl Single {
    fn new(config: OamEndpointConfig) -> Self {
        Single {
            ep: OamEndpoint::new(Instant::ZERO, config),
            now: Instant::ZERO,
            log: Log::default(),
        }
    }

    fn collect(&mut self) {
        while let Some((flow, bytes)) = self.ep.poll_transmit() {
            let repr = OamRepr::parse_bytes(&bytes).expect("end point emits valid cells");
            self.log.sent.push((ms(self.now), flow, repr));
        }
        while let Some(event) = self.ep.poll_event() {
            self.log.events.push((ms(self.now), event));
        }
    }

    /// Run timers up to `until` (inclusive) and leave the clock there.
    fn run_until(&mut self, until: Instant) {
        self.collect();
        for _ in 0..100_000 {
            match self.ep.poll_timeout() {
                Some(deadline) if deadline <= until => {
                    assert!(deadline >= self.now, "timer in the past");
                    self.now = deadline;
                    self.ep.handle_timeout(self.now);
                    self.collect();
                }
                _ => break,
            }
        }
        self.now = until;
    }

    fn cell_at(&mut self, at: Instant, level: OamLevel, bytes: &[u8; 48]) {
        self.run_until(at);
        self.ep.handle_cell(at, level, bytes).unwrap();
        self.collect();
    }

    fn user_cell_at(&mut self, at: Instant) {
        self.run_until(at);
        self.ep.handle_user_cell(at);
        self.collect();
    }
}

// ---- AIS state ----

#[test]
fn ais_enters_state_sends_rdi_each_second_and_releases_after_2_5_s() {
    let mut s = Single::new(config(false));
    s.cell_at(t(0), E2E, &ais());
    assert!(s.ep.defects().ais);
    s.run_until(t(10_000));
    assert_eq!(s.log.event_times(OamEvent::DefectRaised(Defect::Ais)), [0]);
    let cleared = s.log.event_times(OamEvent::DefectCleared(Defect::Ais));
    assert_eq!(cleared, [2_500]);
    assert!((2_000..=3_000).contains(&cleared[0]), "I.610: 2.5 ± 0.5 s");
    // RDI upstream at once, then once per second while in the AIS state.
    assert_eq!(s.log.sent_times(is_rdi), [0, 1_000, 2_000]);
    assert!(s.log.sent.iter().all(|(_, flow, _)| *flow == VC.flow(E2E)));
    assert!(!s.ep.defects().ais);
    assert_eq!(s.ep.poll_timeout(), None);
}

#[test]
fn repeated_ais_holds_the_state_and_rdi_echoes_its_defect_fields() {
    let mut s = Single::new(config(false));
    let defect = DefectRepr { defect_type: 0x01, defect_location: [0x42; 16] };
    for second in 0..6 {
        s.cell_at(t(second * 1_000), E2E, &payload(OamRepr::Ais(defect)));
    }
    s.run_until(t(20_000));
    assert_eq!(s.log.event_times(OamEvent::DefectRaised(Defect::Ais)), [0]);
    assert_eq!(s.log.event_times(OamEvent::DefectCleared(Defect::Ais)), [7_500]);
    assert_eq!(s.log.sent_times(is_rdi), [0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000]);
    assert!(s.log.sent.iter().all(|(_, _, r)| *r == OamRepr::Rdi(defect)));
}

#[test]
fn user_cell_clears_ais_at_once() {
    let mut s = Single::new(config(false));
    s.cell_at(t(0), E2E, &ais());
    s.user_cell_at(t(1_200));
    assert_eq!(s.log.event_times(OamEvent::DefectCleared(Defect::Ais)), [1_200]);
    s.run_until(t(10_000));
    assert_eq!(s.log.sent_times(is_rdi), [0, 1_000]);
}

#[test]
fn cc_cell_clears_ais_at_once() {
    let mut s = Single::new(config(false));
    s.cell_at(t(0), E2E, &ais());
    s.cell_at(t(700), E2E, &cc());
    assert_eq!(s.log.event_times(OamEvent::DefectCleared(Defect::Ais)), [700]);
    s.run_until(t(10_000));
    assert_eq!(s.log.sent_times(is_rdi), [0]);
}

// ---- RDI state ----

#[test]
fn rdi_enters_state_and_releases_2_5_s_after_the_last_rdi() {
    let mut s = Single::new(config(false));
    s.cell_at(t(0), E2E, &rdi());
    s.cell_at(t(1_000), E2E, &rdi());
    assert!(s.ep.defects().rdi);
    s.run_until(t(10_000));
    assert_eq!(s.log.event_times(OamEvent::DefectRaised(Defect::Rdi)), [0]);
    assert_eq!(s.log.event_times(OamEvent::DefectCleared(Defect::Rdi)), [3_500]);
    assert!(!s.ep.defects().rdi);
    // RDI received does not make us send anything.
    assert!(s.log.sent.is_empty());
}

// ---- continuity check and LOC ----

#[test]
fn cc_cell_sent_after_one_second_without_user_cells() {
    let mut s = Single::new(config(true));
    s.run_until(t(3_400));
    assert_eq!(s.log.sent_times(is_cc), [1_000, 2_000, 3_000]);

    let mut s = Single::new(config(true));
    s.run_until(t(500));
    s.ep.handle_user_cell_sent(t(500));
    s.run_until(t(1_200));
    s.ep.handle_user_cell_sent(t(1_200));
    s.run_until(t(3_400));
    assert_eq!(s.log.sent_times(is_cc), [2_200, 3_200]);
}

#[test]
fn loc_declared_after_3_5_s_of_silence_and_cleared_by_a_user_cell() {
    let mut s = Single::new(config(true));
    s.run_until(t(3_499));
    assert!(!s.ep.defects().loc);
    s.run_until(t(5_000));
    let raised = s.log.event_times(OamEvent::DefectRaised(Defect::Loc));
    assert_eq!(raised, [3_500]);
    assert!((3_000..=4_000).contains(&raised[0]), "I.610: 3.5 ± 0.5 s");
    s.user_cell_at(t(5_000));
    assert_eq!(s.log.event_times(OamEvent::DefectCleared(Defect::Loc)), [5_000]);
    s.run_until(t(6_000));
    // LOC sends RDI upstream like AIS does.
    assert_eq!(s.log.sent_times(is_rdi), [3_500, 4_500]);
}

#[test]
fn peer_cc_cells_keep_loc_away() {
    let mut s = Single::new(config(true));
    for second in 1..=20 {
        s.cell_at(t(second * 1_000), E2E, &cc());
    }
    s.run_until(t(23_000));
    assert!(s.log.event_times(OamEvent::DefectRaised(Defect::Loc)).is_empty());
    s.run_until(t(24_000));
    assert_eq!(s.log.event_times(OamEvent::DefectRaised(Defect::Loc)), [23_500]);
}

#[test]
fn no_loc_without_continuity_check_and_deactivation_clears_it() {
    let mut s = Single::new(config(false));
    s.run_until(t(60_000));
    assert!(s.log.events.is_empty());
    assert!(s.log.sent.is_empty());

    let mut s = Single::new(config(true));
    s.run_until(t(4_000));
    assert!(s.ep.defects().loc);
    s.ep.set_continuity_check(t(4_000), false);
    s.collect();
    assert_eq!(s.log.event_times(OamEvent::DefectCleared(Defect::Loc)), [4_000]);
    assert!(!s.ep.continuity_check());
    s.run_until(t(60_000));
    assert_eq!(s.log.sent_times(is_cc), [1_000, 2_000, 3_000, 4_000]);
}

#[test]
fn ais_replaces_loc_and_loc_waits_while_in_ais() {
    let mut s = Single::new(config(true));
    s.run_until(t(4_000));
    s.cell_at(t(4_000), E2E, &ais());
    let tail: Vec<OamEvent> = s.log.events.iter().map(|(_, e)| *e).collect();
    assert_eq!(
        tail,
        [
            OamEvent::DefectRaised(Defect::Loc),
            OamEvent::DefectCleared(Defect::Loc),
            OamEvent::DefectRaised(Defect::Ais),
        ]
    );
    // AIS releases at 6.5 s; LOC is declared 3.5 s later if still nothing arrives.
    s.run_until(t(20_000));
    assert_eq!(s.log.event_times(OamEvent::DefectCleared(Defect::Ais)), [6_500]);
    assert_eq!(s.log.event_times(OamEvent::DefectRaised(Defect::Loc)), [3_500, 10_000]);
}

// ---- link failure below the end point ----

#[test]
fn link_down_holds_ais_until_link_up_plus_2_5_s() {
    let mut s = Single::new(config(false));
    s.run_until(t(1_000));
    s.ep.handle_link_state(t(1_000), false);
    s.collect();
    s.run_until(t(10_000));
    assert!(s.ep.defects().ais);
    assert_eq!(s.log.event_times(OamEvent::DefectRaised(Defect::Ais)), [1_000]);
    // A stray cell while our own link is down proves nothing.
    s.user_cell_at(t(10_000));
    assert!(s.ep.defects().ais);
    s.ep.handle_link_state(t(10_000), true);
    s.run_until(t(20_000));
    assert_eq!(s.log.event_times(OamEvent::DefectCleared(Defect::Ais)), [12_500]);
    assert_eq!(s.log.sent_times(is_rdi).len(), 12); // 1 s .. 12 s
}

// ---- cells the end point does not act on ----

#[test]
fn segment_defect_cells_are_ignored_by_an_end_to_end_end_point() {
    let mut s = Single::new(config(false));
    s.cell_at(t(0), SEG, &ais());
    s.cell_at(t(0), SEG, &rdi());
    s.run_until(t(10_000));
    assert!(s.log.events.is_empty());
    assert_eq!(s.ep.counters().cells_ignored, 2);
    assert_eq!(s.ep.counters().cells_received, 2);
}

#[test]
fn invalid_cells_are_counted_and_rejected() {
    let mut s = Single::new(config(false));
    let mut bad = ais();
    bad[5] ^= 0x10;
    assert!(matches!(s.ep.handle_cell(t(0), E2E, &bad), Err(OamError::BadCrc { .. })));
    assert!(matches!(s.ep.handle_cell(t(0), E2E, &bad[..20]), Err(OamError::Truncated { .. })));
    assert_eq!(s.ep.counters().crc_errors, 1);
    assert_eq!(s.ep.counters().format_errors, 1);
    assert_eq!(s.ep.defects(), Default::default());
}

// ---- loopback between two end points ----

/// Two end points of one VC joined by a link with a fixed delay.
struct Pair {
    a: OamEndpoint,
    b: OamEndpoint,
    now: Instant,
    delay: Duration,
    /// Drop everything A sends (loss hook).
    lose_a_to_b: bool,
    in_flight: Vec<(Instant, bool, OamFlow, [u8; 48])>,
    events_a: Vec<(u64, OamEvent)>,
    events_b: Vec<(u64, OamEvent)>,
}

impl Pair {
    fn new(a: OamEndpointConfig, b: OamEndpointConfig) -> Self {
        Pair {
            a: OamEndpoint::new(Instant::ZERO, a),
            b: OamEndpoint::new(Instant::ZERO, b),
            now: Instant::ZERO,
            delay: Duration::from_millis(10),
            lose_a_to_b: false,
            in_flight: Vec::new(),
            events_a: Vec::new(),
            events_b: Vec::new(),
        }
    }

    fn collect(&mut self) {
        let at = self.now + self.delay;
        while let Some((flow, bytes)) = self.a.poll_transmit() {
            if !self.lose_a_to_b {
                self.in_flight.push((at, true, flow, bytes));
            }
        }
        while let Some((flow, bytes)) = self.b.poll_transmit() {
            self.in_flight.push((at, false, flow, bytes));
        }
        while let Some(e) = self.a.poll_event() {
            self.events_a.push((ms(self.now), e));
        }
        while let Some(e) = self.b.poll_event() {
            self.events_b.push((ms(self.now), e));
        }
    }

    /// Deliver cells and run timers up to `until`; bounded.
    fn drive(&mut self, until: Instant) {
        for _ in 0..100_000 {
            self.collect();
            let next = self
                .in_flight
                .iter()
                .map(|(at, ..)| *at)
                .chain(self.a.poll_timeout())
                .chain(self.b.poll_timeout())
                .min();
            let Some(next) = next.filter(|n| *n <= until) else {
                break;
            };
            self.now = next.max(self.now);
            let now = self.now;
            let (due, later): (Vec<_>, Vec<_>) =
                self.in_flight.drain(..).partition(|(at, ..)| *at <= now);
            self.in_flight = later;
            for (_, from_a, flow, bytes) in due {
                let to = if from_a { &mut self.b } else { &mut self.a };
                to.handle_cell(now, flow.level(), &bytes).unwrap();
            }
            if self.a.poll_timeout().is_some_and(|d| d <= now) {
                self.a.handle_timeout(now);
            }
            if self.b.poll_timeout().is_some_and(|d| d <= now) {
                self.b.handle_timeout(now);
            }
        }
        self.collect();
        self.now = until;
    }
}

const ID_B: [u8; 16] = [0xB0; 16];

fn b_config() -> OamEndpointConfig {
    let mut config = config(false);
    config.loopback = LoopbackResponderConfig {
        end_to_end_location_id: Some(ID_B),
        ..LoopbackResponderConfig::default()
    };
    config
}

#[test]
fn loopback_to_the_end_point_succeeds_with_round_trip_time() {
    let mut pair = Pair::new(config(false), b_config());
    let tag = pair.a.send_loopback(t(0), E2E, END_POINT_LOCATION_ID).unwrap();
    pair.drive(t(6_000));
    assert_eq!(
        pair.events_a,
        [(
            20,
            OamEvent::Loopback(LoopbackOutcome::Success {
                correlation_tag: tag,
                level: E2E,
                round_trip: Duration::from_millis(20),
            })
        )]
    );
    assert_eq!(pair.b.loopback_counters().looped_back, 1);
    assert!(pair.events_b.is_empty());
}

#[test]
fn loopback_to_our_id_succeeds_and_to_another_id_times_out_after_5_s() {
    let mut pair = Pair::new(config(false), b_config());
    let ok = pair.a.send_loopback(t(0), E2E, ID_B).unwrap();
    let lost = pair.a.send_loopback(t(0), E2E, [0xC0; 16]).unwrap();
    assert_ne!(ok, lost);
    pair.drive(t(4_999));
    assert_eq!(pair.events_a.len(), 1);
    pair.drive(t(10_000));
    assert_eq!(
        pair.events_a[1],
        (5_000, OamEvent::Loopback(LoopbackOutcome::Timeout { correlation_tag: lost, level: E2E }))
    );
    assert_eq!(pair.b.loopback_counters().not_addressed, 1);
}

#[test]
fn lost_request_times_out() {
    let mut pair = Pair::new(config(false), b_config());
    pair.lose_a_to_b = true;
    let tag = pair.a.send_loopback(t(100), SEG, END_POINT_LOCATION_ID).unwrap();
    pair.drive(t(10_000));
    assert_eq!(
        pair.events_a,
        [(
            5_100,
            OamEvent::Loopback(LoopbackOutcome::Timeout { correlation_tag: tag, level: SEG })
        )]
    );
}

#[test]
fn segment_loopback_uses_the_segment_flow() {
    let mut a = OamEndpoint::new(t(0), config(false));
    a.send_loopback(t(0), SEG, END_POINT_LOCATION_ID).unwrap();
    let (flow, bytes) = a.poll_transmit().unwrap();
    assert_eq!(flow, VC.flow(SEG));
    assert_eq!(flow.header_fields(), (0, 100, 0b100));
    let OamRepr::Loopback(lb) = OamRepr::parse_bytes(&bytes).unwrap() else {
        panic!("not loopback");
    };
    assert!(lb.indication);
    assert_eq!(lb.location_id, END_POINT_LOCATION_ID);
}

#[test]
fn outstanding_loopbacks_are_bounded() {
    let mut a = OamEndpoint::new(t(0), config(false));
    for _ in 0..MAX_PENDING_LOOPBACKS {
        a.send_loopback(t(0), E2E, END_POINT_LOCATION_ID).unwrap();
    }
    assert_eq!(
        a.send_loopback(t(0), E2E, END_POINT_LOCATION_ID),
        Err(OamError::TooManyLoopbacks { limit: MAX_PENDING_LOOPBACKS })
    );
}

#[test]
fn loopback_replies_are_rate_limited_and_queues_bounded() {
    let mut b = OamEndpoint::new(t(0), b_config());
    let request = |tag| {
        payload(OamRepr::Loopback(LoopbackRepr {
            indication: true,
            correlation_tag: tag,
            location_id: END_POINT_LOCATION_ID,
            source_id: [0; 16],
        }))
    };
    for tag in 0..100 {
        b.handle_cell(t(0), E2E, &request(tag)).unwrap();
    }
    let mut replies = Vec::new();
    while let Some((_, bytes)) = b.poll_transmit() {
        replies.push(OamRepr::parse_bytes(&bytes).unwrap());
    }
    // Default limit: a burst of 4.
    assert_eq!(replies.len(), 4);
    for (tag, reply) in replies.iter().enumerate() {
        let OamRepr::Loopback(lb) = reply else { panic!("{reply:?}") };
        assert!(!lb.indication);
        assert_eq!(lb.correlation_tag, tag as u32);
    }
    assert_eq!(b.loopback_counters().rate_limited, 96);
    // One second later: 10 more tokens earned, capped at the burst of 4.
    for tag in 100..200 {
        b.handle_cell(t(1_000), E2E, &request(tag)).unwrap();
    }
    let mut count = 0;
    while b.poll_transmit().is_some() {
        count += 1;
    }
    assert_eq!(count, 4);

    // With a generous limit the transmit queue still bounds memory.
    let mut config = b_config();
    config.loopback.burst = 1_000;
    let mut b = OamEndpoint::new(t(0), config);
    for tag in 0..100 {
        b.handle_cell(t(0), E2E, &request(tag)).unwrap();
    }
    assert_eq!(b.counters().transmit_overflow, 100 - 8);
}

// ---- AIS generation on a failed link ----

#[test]
fn ais_generator_sends_ais_on_every_connection_each_second_while_down() {
    let mut generator = AisGenerator::new(3, E2E, DefectRepr::NOT_USED);
    let vp = OamConnection::Vp { vpi: 1 };
    let vc1 = OamConnection::Vc { vpi: 0, vci: 32 };
    let vc2 = OamConnection::Vc { vpi: 0, vci: 33 };
    for c in [vp, vc1, vc2] {
        generator.add_connection(c).unwrap();
    }
    assert_eq!(
        generator.add_connection(OamConnection::Vc { vpi: 0, vci: 34 }),
        Err(OamError::TableFull { capacity: 3 })
    );
    assert_eq!(generator.poll_transmit(), None);
    assert_eq!(generator.poll_timeout(), None);

    let drain = |g: &mut AisGenerator| {
        let mut flows = Vec::new();
        while let Some((flow, bytes)) = g.poll_transmit() {
            assert_eq!(OamRepr::parse_bytes(&bytes).unwrap(), OamRepr::Ais(DefectRepr::NOT_USED));
            flows.push(flow);
        }
        flows
    };
    generator.handle_link_state(t(0), false);
    let expected = vec![OamFlow::F4 { vpi: 1, level: E2E }, vc1.flow(E2E), vc2.flow(E2E)];
    assert_eq!(drain(&mut generator), expected);
    assert_eq!(generator.poll_timeout(), Some(t(1_000)));
    generator.handle_timeout(t(999));
    assert!(drain(&mut generator).is_empty());
    generator.handle_timeout(t(1_000));
    assert_eq!(drain(&mut generator), expected);
    generator.remove_connection(vc1);
    generator.handle_timeout(t(2_000));
    assert_eq!(drain(&mut generator), vec![expected[0], expected[2]]);
    generator.handle_link_state(t(2_500), true);
    assert_eq!(generator.poll_timeout(), None);
    generator.handle_timeout(t(3_000));
    assert!(drain(&mut generator).is_empty());
    assert_eq!(generator.rounds(), 3);
}

#[test]
fn end_point_behind_a_failed_link_sees_ais_then_recovers() {
    let mut generator = AisGenerator::new(1, E2E, DefectRepr::NOT_USED);
    generator.add_connection(VC).unwrap();
    let mut s = Single::new(config(false));
    generator.handle_link_state(t(0), false);
    let mut now = t(0);
    while now <= t(5_000) {
        generator.handle_timeout(now);
        while let Some((flow, bytes)) = generator.poll_transmit() {
            s.cell_at(now, flow.level(), &bytes);
        }
        now += Duration::from_millis(250);
    }
    generator.handle_link_state(t(5_000), true);
    s.run_until(t(20_000));
    assert_eq!(s.log.event_times(OamEvent::DefectRaised(Defect::Ais)), [0]);
    // Last AIS at 5 s: released 2.5 s later.
    assert_eq!(s.log.event_times(OamEvent::DefectCleared(Defect::Ais)), [7_500]);
    assert_eq!(s.log.sent_times(is_rdi), [0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000]);
}

// ---- invariants under arbitrary input sequences ----

mod props {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Advance(u64),
        Ais(bool),
        Rdi(bool),
        Cc(bool),
        LoopbackRequest(bool, u32),
        LoopbackReply(bool, u32),
        Garbage(Vec<u8>),
        UserCell,
        UserCellSent,
        Link(bool),
        SetCc(bool),
        SendLoopback(bool),
    }

    fn level(segment: bool) -> OamLevel {
        if segment {
            SEG
        } else {
            E2E
        }
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0u64..4_000).prop_map(Op::Advance),
            1 => any::<bool>().prop_map(Op::Ais),
            1 => any::<bool>().prop_map(Op::Rdi),
            1 => any::<bool>().prop_map(Op::Cc),
            1 => (any::<bool>(), 0u32..8).prop_map(|(s, t)| Op::LoopbackRequest(s, t)),
            1 => (any::<bool>(), 0u32..8).prop_map(|(s, t)| Op::LoopbackReply(s, t)),
            1 => prop::collection::vec(any::<u8>(), 0..60).prop_map(Op::Garbage),
            1 => Just(Op::UserCell),
            1 => Just(Op::UserCellSent),
            1 => any::<bool>().prop_map(Op::Link),
            1 => any::<bool>().prop_map(Op::SetCc),
            1 => any::<bool>().prop_map(Op::SendLoopback),
        ]
    }

    fn loopback(indication: bool, tag: u32) -> [u8; 48] {
        payload(OamRepr::Loopback(LoopbackRepr {
            indication,
            correlation_tag: tag,
            location_id: END_POINT_LOCATION_ID,
            source_id: [0; 16],
        }))
    }

    proptest! {
        #[test]
        fn defect_events_alternate_and_match_state(
            cc_on in any::<bool>(),
            ops in prop::collection::vec(op(), 0..200),
        ) {
            let mut ep = OamEndpoint::new(Instant::ZERO, config(cc_on));
            let mut now = Instant::ZERO;
            let defects = [Defect::Ais, Defect::Rdi, Defect::Loc];
            let mut raised = [false; 3];
            for op in ops {
                match op {
                    Op::Advance(step) => {
                        let until = now + Duration::from_millis(step);
                        while let Some(deadline) = ep.poll_timeout().filter(|d| *d <= until) {
                            prop_assert!(deadline >= now);
                            now = deadline;
                            ep.handle_timeout(now);
                            // Everything due has run.
                            prop_assert!(ep.poll_timeout().is_none_or(|d| d > now));
                        }
                        now = until;
                    }
                    Op::Ais(s) => ep.handle_cell(now, level(s), &ais()).unwrap(),
                    Op::Rdi(s) => ep.handle_cell(now, level(s), &rdi()).unwrap(),
                    Op::Cc(s) => ep.handle_cell(now, level(s), &cc()).unwrap(),
                    Op::LoopbackRequest(s, t) => {
                        ep.handle_cell(now, level(s), &loopback(true, t)).unwrap();
                    }
                    Op::LoopbackReply(s, t) => {
                        ep.handle_cell(now, level(s), &loopback(false, t)).unwrap();
                    }
                    Op::Garbage(bytes) => {
                        let _ = ep.handle_cell(now, E2E, &bytes);
                    }
                    Op::UserCell => ep.handle_user_cell(now),
                    Op::UserCellSent => ep.handle_user_cell_sent(now),
                    Op::Link(up) => ep.handle_link_state(now, up),
                    Op::SetCc(on) => ep.set_continuity_check(now, on),
                    Op::SendLoopback(s) => {
                        let _ = ep.send_loopback(now, level(s), END_POINT_LOCATION_ID);
                    }
                }
                let mut sent = 0;
                while let Some((flow, bytes)) = ep.poll_transmit() {
                    sent += 1;
                    prop_assert_eq!(flow.connection(), VC);
                    prop_assert!(OamRepr::parse_bytes(&bytes).is_ok());
                }
                prop_assert!(sent <= 8);
                while let Some(event) = ep.poll_event() {
                    match event {
                        OamEvent::DefectRaised(d) | OamEvent::DefectCleared(d) => {
                            let i = defects.iter().position(|x| *x == d).unwrap();
                            let is_raise = matches!(event, OamEvent::DefectRaised(_));
                            prop_assert_ne!(raised[i], is_raise, "{:?} twice", event);
                            raised[i] = is_raise;
                        }
                        OamEvent::Loopback(_) => {}
                    }
                }
                let status = ep.defects();
                prop_assert_eq!([status.ais, status.rdi, status.loc], raised);
                prop_assert!(!(status.ais && status.loc));
                prop_assert_eq!(ep.counters().event_overflow, 0);
            }
        }
    }
}

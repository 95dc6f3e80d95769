//! The miniport core over a recording wrapper around the software NIC on a loopback port:
//! CO_SEND_FLAG_SET_DISCARD_ELIBILITY becomes `clp = true`, the NET_BUFFER's MDL chain is passed
//! as the fragment list, the channel id is the VC's slab index; and with transmit completions
//! held back by the wrapper (a slow NIC), reset, pause and deactivation pend and complete from
//! the DPC.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::std_instead_of_alloc)] // test on std

use hal::nic::{
    Capabilities, ChannelCounters, ChannelId, ChannelParams, Nic, NicError, NicEvent, PortCounters,
    RxBufferId, SoftSar, SoftSarConfig, TxToken,
};
use hal::oam::OamFlow;
use hal::sim::{LoopbackPort, PortConfig};
use hal::time::{Duration, Instant};
use mcm::abi::atm::{AalType, AtmFlowParameters, AtmMediaParameters, AtmVpiVci, ServiceCategory};
use mcm::abi::co::{CallFlags, CoCallParameters, CoMediaParameters, MediaFlags, MediaSpecific};
use mcm::abi::NdisStatus;
use mcm::boundary::host::{Driven, Event, HandlerCall, HandlerReturn, HostPort, Upcall};
use mcm::boundary::packet::{VecNbl, VecPacketList};
use mcm::boundary::pool::{CountingPool, FailPolicy};
use mcm::boundary::{HaltProgress, HandlerStatus, Irql};
use mcm::miniport::{CallSlot, MiniportConfig, MiniportCore};
use mcm::vc::Creator;

/// Records every transmit and can hold transmit completions back; delegates everything to
/// the inner NIC.
struct Rec<N> {
    inner: N,
    tx: Vec<(ChannelId, usize, bool, usize)>,
    hold: bool,
    held: std::collections::VecDeque<NicEvent>,
}

impl<N: Nic> Nic for Rec<N> {
    fn capabilities(&self) -> &Capabilities {
        self.inner.capabilities()
    }
    fn link_up(&self) -> bool {
        self.inner.link_up()
    }
    fn open_channel(
        &mut self,
        now: Instant,
        c: ChannelId,
        p: &ChannelParams,
    ) -> Result<(), NicError> {
        self.inner.open_channel(now, c, p)
    }
    fn modify_channel(
        &mut self,
        now: Instant,
        c: ChannelId,
        p: &ChannelParams,
    ) -> Result<(), NicError> {
        self.inner.modify_channel(now, c, p)
    }
    fn close_channel(&mut self, now: Instant, c: ChannelId) -> Result<(), NicError> {
        self.inner.close_channel(now, c)
    }
    fn transmit(
        &mut self,
        now: Instant,
        c: ChannelId,
        f: &[&[u8]],
        clp: bool,
        t: TxToken,
    ) -> Result<(), NicError> {
        let len = f.iter().map(|x| x.len()).sum();
        self.tx.push((c, f.len(), clp, len));
        self.inner.transmit(now, c, f, clp, t)
    }
    fn transmit_oam(&mut self, now: Instant, flow: OamFlow, p: &[u8; 48]) -> Result<(), NicError> {
        self.inner.transmit_oam(now, flow, p)
    }
    fn reset(&mut self, now: Instant) {
        self.inner.reset(now)
    }
    fn poll_event(&mut self, now: Instant) -> Option<NicEvent> {
        if !self.hold {
            if let Some(e) = self.held.pop_front() {
                return Some(e);
            }
        }
        loop {
            let e = self.inner.poll_event(now)?;
            if self.hold && matches!(e, NicEvent::TransmitComplete { .. }) {
                self.held.push_back(e);
            } else {
                return Some(e);
            }
        }
    }
    fn rx_data(&self, b: RxBufferId) -> Option<&[u8]> {
        self.inner.rx_data(b)
    }
    fn return_buffer(&mut self, b: RxBufferId) {
        self.inner.return_buffer(b)
    }
    fn handle_timeout(&mut self, now: Instant) {
        self.inner.handle_timeout(now)
    }
    fn poll_timeout(&self) -> Option<Instant> {
        self.inner.poll_timeout()
    }
    fn port_counters(&self) -> PortCounters {
        self.inner.port_counters()
    }
    fn channel_counters(&self, c: ChannelId) -> Option<ChannelCounters> {
        self.inner.channel_counters(c)
    }
}

const D: Irql = Irql::Dispatch;

type Core = MiniportCore<Rec<SoftSar<LoopbackPort>>, CallSlot, CountingPool>;

/// A core on a loopback port with an open AF and two client VCs (so the second one's channel
/// id is not 0).
fn setup() -> (Driven<Core>, mcm::boundary::NdisAfHandle, Vec<mcm::boundary::NdisVcHandle>) {
    let port = LoopbackPort::new(PortConfig::oc3([2, 0, 0, 0, 0, 7]));
    let nic = Rec {
        inner: SoftSar::new(port, SoftSarConfig::new(4)).unwrap(),
        tx: Vec::new(),
        hold: false,
        held: std::collections::VecDeque::new(),
    };
    let core = Core::initialize(MiniportConfig::new(4), nic, CountingPool::new(FailPolicy::Never))
        .ok()
        .unwrap();
    let mut d = Driven { core, port: HostPort::with_log_capacity(1 << 20) };
    let af = d.port.new_af_handle();
    d.port.record(Event::Enter { irql: D, call: HandlerCall::CmOpenAf { af } });
    d.port.record(Event::Return(HandlerReturn::Status(NdisStatus::SUCCESS)));
    let mut vcs = Vec::new();
    for _ in 0..2 {
        let vc = d.port.new_vc_handle();
        d.port.record(Event::Enter { irql: D, call: HandlerCall::CmCreateVc { af, vc } });
        d.core.create_vc(Creator::Client, Some(vc), CallSlot::default()).unwrap();
        d.port.record(Event::Return(HandlerReturn::Status(NdisStatus::SUCCESS)));
        vcs.push(vc);
    }
    (d, af, vcs)
}

/// A 100 cells/s CBR VC on 0/77 (so PDUs stay queued for a long time) or UBR.
fn params(pcr: u32) -> CoCallParameters {
    let cat = if pcr == 0 { ServiceCategory::Ubr } else { ServiceCategory::Cbr };
    let flow = AtmFlowParameters::new(cat, pcr, 9188);
    CoCallParameters {
        flags: CallFlags(0),
        call_mgr_parameters: None,
        media_parameters: Some(CoMediaParameters {
            flags: MediaFlags(MediaFlags::TRANSMIT_VC | MediaFlags::RECEIVE_VC),
            receive_priority: 0,
            receive_size_hint: 0,
            media_specific: MediaSpecific::Atm(AtmMediaParameters::new(
                AtmVpiVci { vpi: 0, vci: 77 },
                AalType::Aal5,
                flow,
                flow,
            )),
        }),
    }
}

fn run(d: &mut Driven<Core>, now: &mut Instant, steps: usize) {
    for _ in 0..steps {
        let t = *now;
        d.in_context(D, |c, up| c.service(t, up));
        *now += Duration::from_micros(20);
    }
}

fn teardown(
    mut d: Driven<Core>,
    af: mcm::boundary::NdisAfHandle,
    vcs: &[mcm::boundary::NdisVcHandle],
) {
    for &vc in vcs {
        d.port.record(Event::Enter { irql: D, call: HandlerCall::CmDeleteVc { vc } });
        let h = d.core.vc_of(vc).unwrap();
        d.core.delete_vc(h, Creator::Client).unwrap();
        d.port.record(Event::Return(HandlerReturn::Status(NdisStatus::SUCCESS)));
    }
    d.port.record(Event::Enter { irql: D, call: HandlerCall::CmCloseAf { af } });
    d.port.record(Event::Return(HandlerReturn::Status(NdisStatus::SUCCESS)));
    assert_eq!(d.halt_ex(Irql::Passive), HaltProgress::Halted);
    let leaks = d.core.pool().leaks();
    d.allocations_at_halt(leaks);
    assert_eq!(d.violations(), &[]);
}

fn upcalls(d: &Driven<Core>, f: impl Fn(&Upcall) -> bool) -> usize {
    d.port.log().iter().filter(|e| matches!(e, Event::Upcall { upcall, .. } if f(upcall))).count()
}

#[test]
fn clp_fragments_and_channel_reach_the_nic_and_loopback_receives() {
    let (mut d, af, vcs) = setup();
    let vc = vcs[1];
    assert_eq!(d.co_activate_vc(D, vc, &params(0)), HandlerStatus::SUCCESS);
    let (a, b) = ([1u8; 30], [2u8; 70]);
    let list = VecPacketList {
        nbls: vec![
            VecNbl {
                id: d.port.new_nbl_id(),
                discard_eligible: true,
                cancel_id: None,
                net_buffers: vec![vec![&a, &b]],
            },
            VecNbl {
                id: d.port.new_nbl_id(),
                discard_eligible: false,
                cancel_id: None,
                net_buffers: vec![vec![&b]],
            },
        ],
    };
    d.co_send_net_buffer_lists(D, vc, &list);
    let h = d.core.vc_of(vc).unwrap();
    let ch = ChannelId(h.index());
    assert_ne!(ch, ChannelId(0));
    assert_eq!(d.core.nic().tx, vec![(ch, 2, true, 100), (ch, 1, false, 70)]);
    // The loopback port returns the cells: the same VC receives both PDUs.
    let mut now = Instant::ZERO;
    run(&mut d, &mut now, 200);
    let got: Vec<Vec<u8>> = d.port.received.iter().map(|r| r.2.clone()).collect();
    let mut first = a.to_vec();
    first.extend_from_slice(&b);
    assert_eq!(got, vec![first, b.to_vec()]);
    let ids: Vec<_> = d.port.received.iter().map(|r| r.1).collect();
    d.return_net_buffer_lists(D, &ids);
    assert_eq!(d.co_deactivate_vc(D, vc), HandlerStatus::SUCCESS);
    teardown(d, af, &vcs);
}

#[test]
fn reset_pause_and_deactivate_pend_while_the_nic_holds_completions() {
    let (mut d, af, vcs) = setup();
    let vc = vcs[0];
    assert_eq!(d.co_activate_vc(D, vc, &params(1000)), HandlerStatus::SUCCESS);
    let data = [7u8; 2000];
    let mut now = Instant::ZERO;

    // Reset: the aborted completions are held, so NdisMResetComplete comes from the DPC.
    let l = VecPacketList::single_buffers(&[(d.port.new_nbl_id(), &data[..])]);
    d.co_send_net_buffer_lists(D, vc, &l);
    d.core.nic_mut().hold = true;
    assert_eq!(d.reset_ex(D), mcm::boundary::ResetStatus::Pending);
    // New sends during the reset are refused.
    let l2 = VecPacketList::single_buffers(&[(d.port.new_nbl_id(), &data[..])]);
    d.co_send_net_buffer_lists(D, vc, &l2);
    d.core.nic_mut().hold = false;
    run(&mut d, &mut now, 2);
    assert_eq!(
        upcalls(&d, |u| matches!(u, Upcall::ResetComplete { status } if status.is_success())),
        1
    );

    // Pause: PENDING until the held completion is delivered.
    let l3 = VecPacketList::single_buffers(&[(d.port.new_nbl_id(), &data[..])]);
    d.co_send_net_buffer_lists(D, vc, &l3);
    d.core.nic_mut().hold = true;
    run(&mut d, &mut now, 3000);
    assert_eq!(d.core.sends_in_flight(), 1);
    // The PDU looped back and is indicated: the pause also waits for its return.
    assert_eq!(d.core.receives_outstanding(), 1);
    assert_eq!(d.pause(Irql::Passive), mcm::boundary::PauseStatus::Pending);
    d.core.nic_mut().hold = false;
    run(&mut d, &mut now, 2);
    assert_eq!(upcalls(&d, |u| matches!(u, Upcall::PauseComplete)), 0);
    let ids: Vec<_> = d.port.received.iter().map(|r| r.1).collect();
    d.return_net_buffer_lists(D, &ids);
    assert_eq!(upcalls(&d, |u| matches!(u, Upcall::PauseComplete)), 1);
    assert_eq!(d.restart(Irql::Passive), HandlerStatus::SUCCESS);

    // Deactivate: the channel's aborted send is held, so the deactivation pends on the send.
    let l4 = VecPacketList::single_buffers(&[(d.port.new_nbl_id(), &data[..])]);
    d.co_send_net_buffer_lists(D, vc, &l4);
    d.core.nic_mut().hold = true;
    assert_eq!(d.co_deactivate_vc(D, vc), HandlerStatus::Pending);
    d.core.nic_mut().hold = false;
    run(&mut d, &mut now, 2);
    assert_eq!(upcalls(&d, |u| matches!(u, Upcall::CoDeactivateVcComplete { .. })), 1);
    let done: Vec<NdisStatus> = d
        .port
        .log()
        .iter()
        .filter_map(|e| match e {
            Event::Upcall {
                upcall: Upcall::CoSendNetBufferListsComplete { completions, .. },
                ..
            } => Some(completions.iter().map(|c| c.status).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(
        done,
        vec![
            NdisStatus::RESET_IN_PROGRESS,
            NdisStatus::REQUEST_ABORTED,
            NdisStatus::SUCCESS,
            NdisStatus::REQUEST_ABORTED
        ]
    );
    let ids: Vec<_> = d.port.received.iter().map(|r| r.1).skip(ids.len()).collect();
    if !ids.is_empty() {
        d.return_net_buffer_lists(D, &ids);
    }
    teardown(d, af, &vcs);
}

//! Scenario harness for the miniport half: two `MiniportCore`s on hal's software NIC joined by a
//! simulated OC-3 link, each driven through the checked boundary (`Driven` + `HostPort`), plus
//! helpers that play the call-manager half's part (AF open, VC create/delete) in the checker.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::indexing_slicing)]

use hal::nic::SoftSarConfig;
use hal::sim::{Fabric, FabricConfig, LinkConfig, LinkId, PortConfig, SoftNic};
use hal::time::{Duration, Instant};
use mcm::abi::atm::{AalType, AtmFlowParameters, AtmMediaParameters, AtmVpiVci, ServiceCategory};
use mcm::abi::co::{CallFlags, CoCallParameters, CoMediaParameters, MediaFlags, MediaSpecific};
use mcm::abi::NdisStatus;
use mcm::boundary::host::{Driven, Event, HandlerCall, HandlerReturn, HostPort, Upcall, Violation};
use mcm::boundary::packet::{VecNbl, VecPacketList};
use mcm::boundary::pool::{CountingPool, FailPolicy};
use mcm::boundary::{HaltProgress, HandlerStatus, Irql, NblId, NdisAfHandle, NdisVcHandle};
use mcm::miniport::{CallSlot, MiniportConfig, MiniportCore};
use mcm::vc::{Creator, VcHandle};

pub const P: Irql = Irql::Passive;
pub const D: Irql = Irql::Dispatch;
pub const OK: NdisStatus = NdisStatus::SUCCESS;

pub type Core = MiniportCore<SoftNic, CallSlot, CountingPool>;
pub type Side = Driven<Core>;

/// Receive NBLs indicated with NDIS_RECEIVE_FLAGS_RESOURCES carry this id (never returned).
pub const RESOURCES_NBL: u64 = 0x5200_0000_FFFF_FFFF;

pub fn nic_config() -> SoftSarConfig {
    SoftSarConfig::new(16)
}

/// A core on `port` with `config` and a pool failing per `policy`.
pub fn core_on(
    port: hal::sim::SimCellPort,
    config: MiniportConfig,
    policy: FailPolicy,
) -> Result<Core, (NdisStatus, CountingPool)> {
    let nic = SoftNic::new(port, nic_config()).unwrap();
    MiniportCore::initialize(config, nic, CountingPool::new(policy)).map_err(|(s, _, p)| (s, p))
}

/// Two adapters on one link.
pub struct Net {
    pub fabric: Fabric,
    pub link: LinkId,
    pub a: Side,
    pub b: Side,
    pub now: Instant,
    /// Receive NBLs each side has already returned (index into `port.received`).
    pub returned: [usize; 2],
}

impl Net {
    pub fn new(config: MiniportConfig) -> Net {
        Net::with_policy(config, FailPolicy::Never).unwrap_or_else(|_| panic!("init failed"))
    }

    /// Side A's pool fails per `policy`; on an initialization failure returns its pool.
    pub fn with_policy(
        config: MiniportConfig,
        policy: FailPolicy,
    ) -> Result<Net, (NdisStatus, CountingPool)> {
        let mut fabric = Fabric::new(FabricConfig::new(11, 2));
        let pa = fabric.add_port(PortConfig::oc3([2, 0, 0, 0, 0, 0xA])).unwrap();
        let pb = fabric.add_port(PortConfig::oc3([2, 0, 0, 0, 0, 0xB])).unwrap();
        let link =
            fabric.connect(pa.id(), pb.id(), LinkConfig::oc3(Duration::from_micros(5))).unwrap();
        fabric.set_link(link, true).unwrap();
        let a = core_on(pa, config, policy)?;
        let b = core_on(pb, MiniportConfig { table_id: 2, ..config }, FailPolicy::Never)
            .unwrap_or_else(|_| panic!("peer init failed"));
        let big = || HostPort::with_log_capacity(1 << 20);
        let mut net = Net {
            fabric,
            link,
            a: Driven { core: a, port: big() },
            b: Driven { core: b, port: big() },
            now: Instant::ZERO,
            returned: [0, 0],
        };
        // Carrier up (MEDIA_CONNECT on both sides).
        net.run_for(Duration::from_micros(100));
        Ok(net)
    }

    pub fn side(&mut self, which: usize) -> &mut Side {
        if which == 0 {
            &mut self.a
        } else {
            &mut self.b
        }
    }

    /// One round of the driving loop (hal::sim docs): service both cores (NIC timers, events →
    /// upcalls), move cells, advance time to the next deadline.
    pub fn step(&mut self) {
        let now = self.now;
        self.a.in_context(D, |c, up| c.service(now, up));
        self.b.in_context(D, |c, up| c.service(now, up));
        self.fabric.advance(
            now,
            &mut [self.a.core.nic_mut().port_mut(), self.b.core.nic_mut().port_mut()],
        );
        self.a.in_context(D, |c, up| c.service(now, up));
        self.b.in_context(D, |c, up| c.service(now, up));
        let next =
            [self.a.core.poll_timeout(), self.b.core.poll_timeout(), self.fabric.poll_timeout()]
                .into_iter()
                .flatten()
                .min();
        self.now = match next {
            Some(t) if t > now => t,
            _ => now + Duration::from_micros(10),
        };
    }

    pub fn run_for(&mut self, d: Duration) {
        let end = self.now + d;
        while self.now < end {
            self.step();
        }
    }

    /// Steps until `pred` holds (at most 2 s of virtual time).
    pub fn run_until(&mut self, mut pred: impl FnMut(&Net) -> bool) -> bool {
        let end = self.now + Duration::from_secs(2);
        while self.now < end {
            if pred(self) {
                return true;
            }
            self.step();
        }
        pred(self)
    }

    /// Returns every receive NBL side `which` was indicated and has not returned.
    pub fn return_all(&mut self, which: usize) -> usize {
        let from = self.returned[which];
        let side = self.side(which);
        let ids: Vec<NblId> = side.port.received[from..]
            .iter()
            .map(|r| r.1)
            .filter(|id| id.as_raw() != RESOURCES_NBL)
            .collect();
        let total = side.port.received.len();
        if !ids.is_empty() {
            side.return_net_buffer_lists(D, &ids);
        }
        self.returned[which] = total;
        ids.len()
    }

    /// Data received by side `which` on `vc` since the start, in order.
    pub fn received_on(&self, which: usize, vc: NdisVcHandle) -> Vec<Vec<u8>> {
        let side = if which == 0 { &self.a } else { &self.b };
        side.port.received.iter().filter(|r| r.0 == vc).map(|r| r.2.clone()).collect()
    }

    #[track_caller]
    pub fn assert_clean(&self) {
        assert_eq!(self.a.violations(), &[] as &[Violation], "side A");
        assert_eq!(self.b.violations(), &[] as &[Violation], "side B");
    }
}

/// Plays a client opening the AF (CmOpenAf completing synchronously) in the checker.
pub fn open_af(d: &mut Side) -> NdisAfHandle {
    let af = d.port.new_af_handle();
    d.port.record(Event::Enter { irql: D, call: HandlerCall::CmOpenAf { af } });
    d.port.record(Event::Return(HandlerReturn::Status(OK)));
    af
}

/// Plays CmCloseAf (synchronous).
pub fn close_af(d: &mut Side, af: NdisAfHandle) {
    d.port.record(Event::Enter { irql: D, call: HandlerCall::CmCloseAf { af } });
    d.port.record(Event::Return(HandlerReturn::Status(OK)));
}

/// A client VC: CmCreateVc as the call-manager half will implement it (`create_vc`).
pub fn client_vc(d: &mut Side, af: NdisAfHandle) -> (NdisVcHandle, VcHandle) {
    let vc = d.port.new_vc_handle();
    d.port.record(Event::Enter { irql: D, call: HandlerCall::CmCreateVc { af, vc } });
    let r = d.core.create_vc(Creator::Client, Some(vc), CallSlot::default());
    let status = r.map_or_else(|s| s, |_| OK);
    d.port.record(Event::Return(HandlerReturn::Status(status)));
    (vc, r.unwrap())
}

/// CmDeleteVc through `delete_vc`.
pub fn delete_client_vc(d: &mut Side, vc: NdisVcHandle) -> NdisStatus {
    d.port.record(Event::Enter { irql: D, call: HandlerCall::CmDeleteVc { vc } });
    let h = d.core.vc_of(vc).unwrap();
    let status = d.core.delete_vc(h, Creator::Client).map_or_else(|s| s, |_| OK);
    d.port.record(Event::Return(HandlerReturn::Status(status)));
    status
}

/// MiniportHaltEx to `Halted`, then the pool's leak report.
pub fn halt(d: &mut Side) {
    assert_eq!(d.halt_ex(P), HaltProgress::Halted);
    let leaks = d.core.pool().leaks();
    d.allocations_at_halt(leaks);
}

pub fn flow(category: ServiceCategory, pcr: u32, max_sdu: u32) -> AtmFlowParameters {
    let mut f = AtmFlowParameters::new(category, pcr, max_sdu);
    match category {
        ServiceCategory::Vbr => {
            f.average_cell_rate = pcr / 2;
            f.burst_length_cells = 64;
        }
        ServiceCategory::Abr => {
            f.minimum_cell_rate = pcr / 4;
            f.initial_cell_rate = pcr / 2;
        }
        _ => {}
    }
    f
}

pub fn atm(
    vpi: u32,
    vci: u32,
    aal: AalType,
    category: ServiceCategory,
    pcr: u32,
) -> AtmMediaParameters {
    let sdu = if aal == AalType::Aal0 { 48 * 4 } else { 9188 };
    AtmMediaParameters::new(
        AtmVpiVci { vpi, vci },
        aal,
        flow(category, pcr, sdu),
        flow(category, pcr, sdu),
    )
}

pub const BOTH: MediaFlags = MediaFlags(MediaFlags::TRANSMIT_VC | MediaFlags::RECEIVE_VC);

pub fn call_params(atm: AtmMediaParameters) -> CoCallParameters {
    call_params_flags(atm, BOTH)
}

pub fn call_params_flags(atm: AtmMediaParameters, flags: MediaFlags) -> CoCallParameters {
    CoCallParameters {
        flags: CallFlags(0),
        call_mgr_parameters: None,
        media_parameters: Some(CoMediaParameters {
            flags,
            receive_priority: 0,
            receive_size_hint: 0,
            media_specific: MediaSpecific::Atm(atm),
        }),
    }
}

/// Creates a client VC on `d` and activates it with `atm`; returns the handle and status.
pub fn active_vc(
    d: &mut Side,
    af: NdisAfHandle,
    atm: AtmMediaParameters,
) -> (NdisVcHandle, HandlerStatus) {
    let (vc, _) = client_vc(d, af);
    let st = d.co_activate_vc(D, vc, &call_params(atm));
    (vc, st)
}

/// A single-buffer NBL list over `data` with fresh ids.
pub fn packets<'a>(d: &mut Side, data: &[&'a [u8]]) -> VecPacketList<'a> {
    VecPacketList {
        nbls: data
            .iter()
            .map(|&b| VecNbl {
                id: d.port.new_nbl_id(),
                discard_eligible: false,
                cancel_id: None,
                net_buffers: vec![vec![b]],
            })
            .collect(),
    }
}

/// Every send completion status side `d` reported for `ids`, in order of completion.
pub fn send_statuses(d: &Side, ids: &[NblId]) -> Vec<NdisStatus> {
    let mut out = Vec::new();
    for e in d.port.log() {
        if let Event::Upcall {
            upcall: Upcall::CoSendNetBufferListsComplete { completions, .. },
            ..
        } = e
        {
            for c in completions {
                if ids.contains(&c.id) {
                    out.push(c.status);
                }
            }
        }
    }
    out
}

/// A deterministic payload of `len` octets tagged with `seed`.
pub fn payload(seed: u8, len: usize) -> Vec<u8> {
    (0..len).map(|i| seed.wrapping_mul(31).wrapping_add(i as u8)).collect()
}

/// Tears a side down the way NDIS and the call-manager half would: deactivate every VC
/// (completing pended deactivations by returning receives), delete, close the AF, halt.
pub fn teardown(net: &mut Net, which: usize, af: NdisAfHandle, vcs: &[NdisVcHandle]) {
    net.return_all(which);
    for &vc in vcs {
        let side = net.side(which);
        if side.core.vc_of(vc).is_some()
            && side.port.checker().vc_state(vc) == Some(mcm::boundary::host::VcState::Active)
        {
            let st = side.co_deactivate_vc(D, vc);
            if st == HandlerStatus::Pending {
                net.return_all(which);
                net.run_for(Duration::from_micros(50));
            }
        }
    }
    for &vc in vcs {
        let side = net.side(which);
        if side.core.vc_of(vc).is_some() {
            assert_eq!(delete_client_vc(side, vc), OK);
        }
    }
    let side = net.side(which);
    close_af(side, af);
    halt(side);
}

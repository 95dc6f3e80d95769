//! Per-packet cost of the miniport half's data path through `MiniportCore`, with a NIC stub
//! that does no SAR and completes at once, so the numbers are the core's own overhead (VC
//! lookup and reference, send slab, completion, receive slab, indication, return) plus one
//! copy of the PDU into the stub's transmit buffer (the `Nic::transmit` contract):
//!
//! - send: MiniportCoSendNetBufferLists → `Nic::transmit` → TransmitComplete →
//!   NdisMCoSendNetBufferListsComplete;
//! - receive: NIC Received event → NdisMCoIndicateReceiveNetBufferLists →
//!   MiniportReturnNetBufferLists → `Nic::return_buffer`;
//!
//! for 64-octet and 9180-octet PDUs. The upcalls go to a no-op NDIS. Also prints the per-VC
//! memory (size of the VC context types).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::print_stderr, clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::collections::VecDeque;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hal::nic::{
    AalTypes, Capabilities, ChannelCounters, ChannelId, ChannelParams, Nic, NicError, NicEvent,
    PortCounters, RxBufferId, RxPdu, ServiceCategories, TxStatus, TxToken,
};
use hal::oam::OamFlow;
use hal::time::Instant;
use mcm::abi::atm::{AalType, AtmFlowParameters, AtmMediaParameters, AtmVpiVci, ServiceCategory};
use mcm::abi::co::{
    CallFlags, CoAddressFamily, CoCallParameters, CoMediaParameters, MediaFlags, MediaSpecific,
};
use mcm::abi::NdisStatus;
use mcm::boundary::packet::VecPacketList;
use mcm::boundary::pool::{CountingPool, FailPolicy};
use mcm::boundary::{
    CmOidTarget, Irql, MiniportHandlers, NblId, NdisAfHandle, NdisPartyHandle, NdisSapHandle,
    NdisUpcalls, NdisVcHandle, OidCompletion, OidRequestId, OutgoingOidRequest, ReceiveFlags,
    ReceiveNbl, SendCompletion, StatusIndication,
};
use mcm::miniport::{CallSlot, DataPath, MiniportConfig, MiniportCore};
use mcm::vc::{Creator, VcContext};

/// A NIC that completes every transmit at once and delivers injected receives from one buffer.
struct StubNic {
    caps: Capabilities,
    events: VecDeque<NicEvent>,
    tx_buf: Vec<u8>,
    rx_buf: Vec<u8>,
    lent: bool,
}

impl StubNic {
    fn new() -> Self {
        StubNic {
            caps: Capabilities {
                max_vcs: 64,
                vpi_bits: 8,
                vci_bits: 16,
                line_cell_rate: 353_207,
                min_cell_rate: 10,
                aal_types: AalTypes::AAL5 | AalTypes::AAL0,
                service_categories: ServiceCategories::UBR,
                max_aal5_sdu: 9188,
                max_aal0_packet: 48,
                esi: [2, 0, 0, 0, 0, 1],
                hardware_sar: true,
            },
            events: VecDeque::with_capacity(64),
            tx_buf: vec![0; 9216],
            rx_buf: vec![0xAB; 9216],
            lent: false,
        }
    }

    fn inject(&mut self, channel: ChannelId, len: usize) {
        self.lent = true;
        self.events.push_back(NicEvent::Received(RxPdu {
            channel,
            buffer: RxBufferId(1),
            len,
            uu: 0,
            cpi: 0,
            error: None,
            return_needed: false,
        }));
    }
}

impl Nic for StubNic {
    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }
    fn link_up(&self) -> bool {
        true
    }
    fn open_channel(
        &mut self,
        _: Instant,
        _: ChannelId,
        _: &ChannelParams,
    ) -> Result<(), NicError> {
        Ok(())
    }
    fn modify_channel(
        &mut self,
        _: Instant,
        _: ChannelId,
        _: &ChannelParams,
    ) -> Result<(), NicError> {
        Ok(())
    }
    fn close_channel(&mut self, _: Instant, _: ChannelId) -> Result<(), NicError> {
        Ok(())
    }
    fn transmit(
        &mut self,
        _: Instant,
        channel: ChannelId,
        fragments: &[&[u8]],
        _: bool,
        token: TxToken,
    ) -> Result<(), NicError> {
        let mut at = 0;
        for f in fragments {
            self.tx_buf[at..at + f.len()].copy_from_slice(f);
            at += f.len();
        }
        self.events.push_back(NicEvent::TransmitComplete {
            channel,
            token,
            status: TxStatus::Sent,
        });
        Ok(())
    }
    fn transmit_oam(&mut self, _: Instant, _: OamFlow, _: &[u8; 48]) -> Result<(), NicError> {
        Ok(())
    }
    fn reset(&mut self, _: Instant) {}
    fn poll_event(&mut self, _: Instant) -> Option<NicEvent> {
        self.events.pop_front()
    }
    fn rx_data(&self, buffer: RxBufferId) -> Option<&[u8]> {
        (self.lent && buffer == RxBufferId(1)).then_some(&self.rx_buf[..])
    }
    fn return_buffer(&mut self, _: RxBufferId) {
        self.lent = false;
    }
    fn handle_timeout(&mut self, _: Instant) {}
    fn poll_timeout(&self) -> Option<Instant> {
        None
    }
    fn port_counters(&self) -> PortCounters {
        PortCounters::default()
    }
    fn channel_counters(&self, _: ChannelId) -> Option<ChannelCounters> {
        None
    }
}

/// NDIS that accepts everything and remembers the last indicated receive NBL.
#[derive(Default)]
struct NullNdis {
    last_rx: Option<NblId>,
    completed: u64,
}

impl NdisUpcalls for NullNdis {
    fn co_activate_vc_complete(
        &mut self,
        _: Irql,
        _: NdisStatus,
        _: NdisVcHandle,
        _: &CoCallParameters,
    ) {
    }
    fn co_deactivate_vc_complete(&mut self, _: Irql, _: NdisStatus, _: NdisVcHandle) {}
    fn co_send_net_buffer_lists_complete(
        &mut self,
        _: Irql,
        _: NdisVcHandle,
        c: &[SendCompletion],
    ) {
        self.completed += c.len() as u64;
    }
    fn co_indicate_receive_net_buffer_lists(
        &mut self,
        _: Irql,
        _: NdisVcHandle,
        nbls: &[ReceiveNbl<'_>],
        _: ReceiveFlags,
    ) {
        self.last_rx = nbls.first().map(|n| black_box(n.id));
    }
    fn co_indicate_status_ex(
        &mut self,
        _: Irql,
        _: Option<NdisVcHandle>,
        _: &StatusIndication<'_>,
    ) {
    }
    fn co_oid_request_complete(
        &mut self,
        _: Irql,
        _: Option<NdisVcHandle>,
        _: OidRequestId,
        _: &OidCompletion<'_>,
    ) {
    }
    fn cm_register_address_family_ex(&mut self, _: Irql, _: &CoAddressFamily) -> NdisStatus {
        NdisStatus::SUCCESS
    }
    fn cm_create_vc(&mut self, _: Irql, _: NdisAfHandle) -> Result<NdisVcHandle, NdisStatus> {
        Err(NdisStatus::FAILURE)
    }
    fn cm_delete_vc(&mut self, _: Irql, _: NdisVcHandle) -> NdisStatus {
        NdisStatus::SUCCESS
    }
    fn cm_activate_vc(&mut self, _: Irql, _: NdisVcHandle, _: &CoCallParameters) -> NdisStatus {
        NdisStatus::SUCCESS
    }
    fn cm_deactivate_vc(&mut self, _: Irql, _: NdisVcHandle) -> NdisStatus {
        NdisStatus::SUCCESS
    }
    fn cm_dispatch_incoming_call(
        &mut self,
        _: Irql,
        _: NdisSapHandle,
        _: NdisVcHandle,
        _: &CoCallParameters,
    ) -> NdisStatus {
        NdisStatus::SUCCESS
    }
    fn cm_dispatch_call_connected(&mut self, _: Irql, _: NdisVcHandle) {}
    fn cm_dispatch_incoming_close_call(
        &mut self,
        _: Irql,
        _: NdisStatus,
        _: NdisVcHandle,
        _: &[u8],
    ) {
    }
    fn cm_dispatch_incoming_drop_party(
        &mut self,
        _: Irql,
        _: NdisStatus,
        _: NdisPartyHandle,
        _: &[u8],
    ) {
    }
    fn cm_dispatch_incoming_call_qos_change(
        &mut self,
        _: Irql,
        _: NdisVcHandle,
        _: &CoCallParameters,
    ) {
    }
    fn cm_make_call_complete(
        &mut self,
        _: Irql,
        _: NdisStatus,
        _: NdisVcHandle,
        _: Option<NdisPartyHandle>,
        _: Option<&CoCallParameters>,
    ) {
    }
    fn cm_close_call_complete(
        &mut self,
        _: Irql,
        _: NdisStatus,
        _: NdisVcHandle,
        _: Option<NdisPartyHandle>,
    ) {
    }
    fn cm_add_party_complete(
        &mut self,
        _: Irql,
        _: NdisStatus,
        _: NdisPartyHandle,
        _: Option<&CoCallParameters>,
    ) {
    }
    fn cm_drop_party_complete(&mut self, _: Irql, _: NdisStatus, _: NdisPartyHandle) {}
    fn cm_modify_call_qos_complete(
        &mut self,
        _: Irql,
        _: NdisStatus,
        _: NdisVcHandle,
        _: &CoCallParameters,
    ) {
    }
    fn cm_open_address_family_complete(&mut self, _: Irql, _: NdisStatus, _: NdisAfHandle) {}
    fn cm_close_address_family_complete(&mut self, _: Irql, _: NdisStatus, _: NdisAfHandle) {}
    fn cm_register_sap_complete(&mut self, _: Irql, _: NdisStatus, _: NdisSapHandle) {}
    fn cm_deregister_sap_complete(&mut self, _: Irql, _: NdisStatus, _: NdisSapHandle) {}
    fn cm_notify_close_address_family(&mut self, _: Irql, _: NdisAfHandle) -> NdisStatus {
        NdisStatus::SUCCESS
    }
    fn cm_oid_request(
        &mut self,
        _: Irql,
        _: CmOidTarget,
        _: &OutgoingOidRequest<'_>,
    ) -> NdisStatus {
        NdisStatus::SUCCESS
    }
    fn cm_oid_request_complete(
        &mut self,
        _: Irql,
        _: CmOidTarget,
        _: OidRequestId,
        _: &OidCompletion<'_>,
    ) {
    }
    fn pause_complete(&mut self, _: Irql) {}
    fn restart_complete(&mut self, _: Irql, _: NdisStatus) {}
    fn reset_complete(&mut self, _: Irql, _: NdisStatus, _: bool) {}
}

type Core = MiniportCore<StubNic, CallSlot, CountingPool>;

fn setup() -> (Core, NdisVcHandle, ChannelId) {
    let mut core = Core::initialize(
        MiniportConfig::new(64),
        StubNic::new(),
        CountingPool::new(FailPolicy::Never),
    )
    .ok()
    .unwrap();
    let vc = NdisVcHandle::from_raw(0x7C00_0001).unwrap();
    let h = core.create_vc(Creator::Client, Some(vc), CallSlot::default()).unwrap();
    let flow = AtmFlowParameters::new(ServiceCategory::Ubr, 0, 9188);
    let params = CoCallParameters {
        flags: CallFlags(0),
        call_mgr_parameters: None,
        media_parameters: Some(CoMediaParameters {
            flags: MediaFlags(MediaFlags::TRANSMIT_VC | MediaFlags::RECEIVE_VC),
            receive_priority: 0,
            receive_size_hint: 0,
            media_specific: MediaSpecific::Atm(AtmMediaParameters::new(
                AtmVpiVci { vpi: 0, vci: 100 },
                AalType::Aal5,
                flow,
                flow,
            )),
        }),
    };
    let mut up = NullNdis::default();
    let st = core.co_activate_vc(Irql::Dispatch, vc, &params, &mut up);
    assert!(st.status().is_success());
    (core, vc, ChannelId(h.index()))
}

fn bench(c: &mut Criterion) {
    eprintln!(
        "per-VC memory: VcContext<CallSlot, DataPath> = {} B (DataPath {} B, CallSlot {} B) + 8 B control word",
        core::mem::size_of::<VcContext<CallSlot, DataPath>>(),
        core::mem::size_of::<DataPath>(),
        core::mem::size_of::<CallSlot>(),
    );
    let mut g = c.benchmark_group("miniport");
    for len in [64usize, 9180] {
        let data = vec![0x5Au8; len];
        g.throughput(Throughput::Elements(1));
        g.bench_with_input(BenchmarkId::new("send_complete", len), &len, |b, _| {
            let (mut core, vc, _) = setup();
            let mut up = NullNdis::default();
            let list = VecPacketList::single_buffers(&[(NblId::from_raw(0xB1).unwrap(), &data)]);
            let now = Instant::ZERO;
            b.iter(|| {
                core.co_send_net_buffer_lists(Irql::Dispatch, vc, black_box(&list), &mut up);
                core.service(now, &mut up);
            });
            assert!(up.completed > 0 && core.sends_in_flight() == 0);
        });
        g.bench_with_input(BenchmarkId::new("receive_return", len), &len, |b, &len| {
            let (mut core, _, channel) = setup();
            let mut up = NullNdis::default();
            let now = Instant::ZERO;
            b.iter(|| {
                core.nic_mut().inject(channel, len);
                core.service(now, &mut up);
                let id = up.last_rx.take().unwrap();
                core.return_net_buffer_lists(Irql::Dispatch, &[id], &mut up);
            });
            assert_eq!(core.receives_outstanding(), 0);
        });
        // Baseline: the stub NIC alone, no core (transmit + completion event; receive event +
        // data access + return).
        g.bench_with_input(BenchmarkId::new("baseline_nic_send", len), &len, |b, _| {
            let mut nic = StubNic::new();
            let now = Instant::ZERO;
            b.iter(|| {
                nic.transmit(now, ChannelId(0), &[black_box(&data)], false, TxToken(1)).unwrap();
                black_box(nic.poll_event(now));
            });
        });
        g.bench_with_input(BenchmarkId::new("baseline_nic_receive", len), &len, |b, &len| {
            let mut nic = StubNic::new();
            let now = Instant::ZERO;
            b.iter(|| {
                nic.inject(ChannelId(0), len);
                if let Some(NicEvent::Received(p)) = nic.poll_event(now) {
                    black_box(nic.rx_data(p.buffer).map(|d| d[..p.len].len()));
                    nic.return_buffer(p.buffer);
                }
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

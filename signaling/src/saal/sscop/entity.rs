//! The SSCOP protocol entity (Q.2110 §7 and the SDL of its Annex/figures), sans-IO.
//!
//! # Driving the entity (poll order)
//! After every `handle_pdu`, `handle_signal` or `handle_timeout` call the owner:
//! 1. drains [`Sscop::poll_event`] until `None` (indications may make the user answer with a
//!    signal — SSCF-UNI does — which queues more PDUs);
//! 2. drains [`Sscop::poll_transmit`] until `None`, handing each PDU to AAL5 (this is also
//!    where queued SD PDUs are numbered and sent, so stopping early is how a busy lower
//!    layer applies back-pressure);
//! 3. arms its single timer at [`Sscop::poll_timeout`] and calls `handle_timeout` then.
//!
//! # Memory
//! Every buffer is bounded by [`Config`]: the transmission queue by `transmit_queue`, the
//! transmit buffer by `min(peer credit, transmit_buffer)`, the receive buffer by the credit
//! we advertise (`receive_window`), the control-PDU queue by a constant derived from the
//! window and MaxSTAT (excess control PDUs are dropped and counted, which the protocol
//! recovers from like any loss). AA-DATA.indications not yet taken with `poll_event` count
//! against the credit we advertise, so a user that stops polling stops the peer; MAA-ERROR,
//! UD and MD indications beyond a bound are dropped and counted.
//!
//! Sequence numbers are compared only as distances above the window base (VT(A) for the
//! transmitter, VR(R) for the receiver), per Q.2110 §7.1.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use hal::time::Instant;

use super::pdu::{self, List, Repr, Source};
use super::seq;
use super::state::State;
use super::timers::{Timer, TimerTable};
use super::{
    BufferRelease, Config, ConfigError, Event, MaaError, MaaErrorCode, RetrieveNumber, Signal,
    SignalError, Stats, Variables,
};

/// One SD PDU of the transmit buffer (sent, not yet acknowledged in sequence).
#[derive(Debug, Clone)]
struct TxSlot {
    /// The SDU; `None` once selectively acknowledged with BR = Yes.
    data: Option<Vec<u8>>,
    /// VT(PS) when this SD was last transmitted.
    poll_sn: u32,
    /// Already in the retransmission queue.
    queued: bool,
}

/// An SSCOP entity (Q.2110).
#[derive(Debug, Clone)]
pub struct Sscop {
    config: Config,
    limits: pdu::Limits,
    state: State,
    // Connection control (Q.2110 §7.3).
    vt_sq: u8,
    vr_sq: u8,
    vt_cc: u32,
    /// The BR parameter of the last AA-ESTABLISH: true = Yes (clear buffers).
    clear_buffers: bool,
    last_end_source: Source,
    uu_bgn: Vec<u8>,
    uu_bgak: Vec<u8>,
    uu_bgrej: Vec<u8>,
    uu_end: Vec<u8>,
    uu_rs: Vec<u8>,
    /// N(SQ) and N(MR) of the last RS, for its retransmission.
    rs_sq: u8,
    rs_mr: u32,
    // Transmitter.
    vt_s: u32,
    vt_ps: u32,
    vt_a: u32,
    vt_pa: u32,
    vt_ms: u32,
    vt_pd: u32,
    credit: bool,
    /// Transmission queue (AA-DATA.request not yet numbered).
    xq: VecDeque<Vec<u8>>,
    /// Transmit buffer: slot i holds N(S) = VT(A) + i.
    xbuf: VecDeque<TxSlot>,
    /// Retransmission queue (sequence numbers).
    rxq: VecDeque<u32>,
    // Receiver.
    vr_r: u32,
    vr_h: u32,
    vr_mr: u32,
    /// Receive buffer: slot i holds N(S) = VR(R) + i.
    rbuf: VecDeque<Option<Vec<u8>>>,
    timers: TimerTable,
    out: VecDeque<Vec<u8>>,
    out_cap: usize,
    events: VecDeque<Event>,
    /// Lossy events (MAA-ERROR, UD, MD) are dropped beyond this queue length.
    event_cap: usize,
    /// AA-DATA.indications queued and not yet polled: they count against our credit.
    pending_data: u32,
    stats: Stats,
    stat_list: Vec<u32>,
}

const HALF: u32 = seq::MODULUS / 2;

impl Sscop {
    /// A new entity in state Idle.
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        config.validate()?;
        let per_stat = config.max_stat.saturating_sub(1).max(1);
        let out_cap = 32 + 2 * (config.receive_window as usize / per_stat + 1);
        Ok(Sscop {
            limits: config.limits(),
            stat_list: Vec::with_capacity(config.max_stat),
            config,
            state: State::Idle,
            vt_sq: 0,
            vr_sq: 0,
            vt_cc: 0,
            clear_buffers: true,
            last_end_source: Source::User,
            uu_bgn: Vec::new(),
            uu_bgak: Vec::new(),
            uu_bgrej: Vec::new(),
            uu_end: Vec::new(),
            uu_rs: Vec::new(),
            rs_sq: 0,
            rs_mr: 0,
            vt_s: 0,
            vt_ps: 0,
            vt_a: 0,
            vt_pa: 1,
            vt_ms: 0,
            vt_pd: 0,
            credit: true,
            xq: VecDeque::new(),
            xbuf: VecDeque::new(),
            rxq: VecDeque::new(),
            vr_r: 0,
            vr_h: 0,
            vr_mr: 0,
            rbuf: VecDeque::new(),
            timers: TimerTable::default(),
            out: VecDeque::new(),
            out_cap,
            event_cap: out_cap,
            pending_data: 0,
            events: VecDeque::new(),
            stats: Stats::default(),
        })
    }

    /// The current state.
    pub fn state(&self) -> State {
        self.state
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Counters.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The deadline of `timer`, if it runs.
    pub fn timer(&self, timer: Timer) -> Option<Instant> {
        self.timers.get(timer)
    }

    /// A snapshot of the state variables.
    pub fn variables(&self) -> Variables {
        Variables {
            vt_s: self.vt_s,
            vt_ps: self.vt_ps,
            vt_a: self.vt_a,
            vt_pa: self.vt_pa,
            vt_ms: self.vt_ms,
            vt_pd: self.vt_pd,
            vt_cc: self.vt_cc,
            vt_sq: self.vt_sq,
            vr_r: self.vr_r,
            vr_h: self.vr_h,
            vr_mr: self.vr_mr,
            vr_sq: self.vr_sq,
            queued: self.xq.len(),
            unacknowledged: self.xbuf.len(),
            held: self.rbuf.iter().filter(|s| s.is_some()).count(),
        }
    }

    /// The next indication/confirm/MAA-ERROR for the user, oldest first.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        let event = self.events.pop_front()?;
        if let Event::DataIndication { .. } = event {
            self.pending_data = self.pending_data.saturating_sub(1);
            // The user took the SDU: the credit it held is free again.
            if self.state == State::DataTransferReady {
                self.advance_vr_mr();
            }
        }
        Some(event)
    }

    /// The earliest running timer deadline.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.timers.earliest()
    }

    /// The next PDU to hand to AAL5: queued control PDUs first, then (in Data Transfer
    /// Ready) SD retransmissions, then new SD PDUs while credit lasts (Q.2110 §7.8.5 "SD
    /// PDU queued"). POLLs triggered by sending come out on the following call.
    #[must_use]
    pub fn poll_transmit(&mut self, now: Instant) -> Option<Vec<u8>> {
        let pdu = match self.out.pop_front() {
            Some(p) => Some(p),
            None => match self.state {
                State::DataTransferReady => self.next_sd(now),
                State::Idle
                | State::OutgoingConnectionPending
                | State::IncomingConnectionPending
                | State::OutgoingDisconnectionPending
                | State::OutgoingResynchronizationPending
                | State::IncomingResynchronizationPending
                | State::OutgoingRecoveryPending
                | State::RecoveryResponsePending
                | State::IncomingRecoveryPending => None,
            },
        };
        if pdu.is_some() {
            self.stats.pdus_sent = self.stats.pdus_sent.saturating_add(1);
        }
        pdu
    }

    /// Handles the expiry of every timer whose deadline is at or before `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        // Each expiry either stops its timer or restarts it a non-zero duration later, so
        // this terminates; the bound is a belt-and-braces guard.
        for _ in 0..Timer::ALL.len() * 4 {
            let Some(timer) = self.timers.expired(now) else { break };
            self.timers.stop(timer);
            self.on_timer(now, timer);
        }
    }

    /// Handles one received SSCOP PDU (an AAL5 SDU). Invalid PDUs are discarded and
    /// reported as MAA-ERROR U (Q.2110 §7.4).
    pub fn handle_pdu(&mut self, now: Instant, bytes: &[u8]) {
        self.stats.pdus_received = self.stats.pdus_received.saturating_add(1);
        match Repr::parse_bytes(bytes, &self.limits) {
            Ok(repr) => self.on_pdu(now, repr),
            Err(_) => {
                self.stats.invalid_pdus = self.stats.invalid_pdus.saturating_add(1);
                self.maa(MaaErrorCode::U);
            }
        }
    }

    /// Handles an AA-/MAA- request or response from the user (Q.2110 §6).
    pub fn handle_signal(&mut self, now: Instant, signal: Signal) -> Result<(), SignalError> {
        let name = signal.name();
        let (max, got) = match &signal {
            Signal::EstablishRequest { uu, .. }
            | Signal::EstablishResponse { uu, .. }
            | Signal::ReleaseRequest { uu }
            | Signal::ResyncRequest { uu } => (self.config.max_uu, uu.len()),
            Signal::DataRequest(d) | Signal::UnitdataRequest(d) | Signal::MaaUnitdataRequest(d) => {
                (self.config.max_info, d.len())
            }
            Signal::ResyncResponse | Signal::RecoverResponse | Signal::RetrieveRequest(_) => (0, 0),
        };
        if got > max {
            return Err(SignalError::TooLong { signal: name, max, got });
        }
        match signal {
            Signal::EstablishRequest { uu, br } => self.establish_request(now, uu, br),
            Signal::EstablishResponse { uu, br } => self.establish_response(now, uu, br),
            Signal::ReleaseRequest { uu } => self.release_request(now, uu),
            Signal::DataRequest(data) => self.data_request(data),
            Signal::UnitdataRequest(data) => {
                // Q.2110 §7.9: UD may be sent in any state.
                let pdu = Repr::Ud { info: &data }.to_vec();
                self.push_out(pdu);
                Ok(())
            }
            Signal::MaaUnitdataRequest(data) => {
                let pdu = Repr::Md { info: &data }.to_vec();
                self.push_out(pdu);
                Ok(())
            }
            Signal::ResyncRequest { uu } => self.resync_request(now, uu),
            Signal::ResyncResponse => self.resync_response(now),
            Signal::RecoverResponse => self.recover_response(now),
            Signal::RetrieveRequest(rn) => self.retrieve_request(rn),
        }
    }

    // ---------------------------------------------------------------------------------
    // Small actions and the SDL macros of Q.2110 (§7.8 "Release buffers", "Prepare
    // retrieval", "Deliver data", "Initialize state variables", ...).

    fn push_out(&mut self, pdu: Vec<u8>) {
        if self.out.len() >= self.out_cap {
            self.stats.control_overflow = self.stats.control_overflow.saturating_add(1);
            return;
        }
        self.out.push_back(pdu);
    }

    /// Queues an indication. Assured data and connection-control indications are always
    /// kept (their number per input is bounded by the window); management and unassured
    /// ones are dropped and counted when the user does not keep up.
    fn event(&mut self, e: Event) {
        match e {
            Event::MaaError(_) | Event::UnitdataIndication(_) | Event::MaaUnitdataIndication(_) => {
                if self.events.len() >= self.event_cap {
                    self.stats.events_dropped = self.stats.events_dropped.saturating_add(1);
                    return;
                }
            }
            Event::DataIndication { .. } => self.pending_data = self.pending_data.saturating_add(1),
            Event::EstablishIndication { .. }
            | Event::EstablishConfirm { .. }
            | Event::ReleaseIndication { .. }
            | Event::ReleaseConfirm
            | Event::ResyncIndication { .. }
            | Event::ResyncConfirm
            | Event::RecoverIndication
            | Event::RetrieveIndication(_)
            | Event::RetrieveComplete => {}
        }
        self.events.push_back(e);
    }

    fn maa(&mut self, code: MaaErrorCode) {
        self.event(Event::MaaError(MaaError { code, count: 0 }));
    }

    fn start(&mut self, now: Instant, timer: Timer) {
        let d = match timer {
            Timer::Cc => self.config.timer_cc,
            Timer::Poll => self.config.timer_poll,
            Timer::KeepAlive => self.config.timer_keep_alive,
            Timer::NoResponse => self.config.timer_no_response,
            Timer::Idle => self.config.timer_idle,
        };
        self.timers.set(timer, now + d);
    }

    fn stop(&mut self, timer: Timer) {
        self.timers.stop(timer);
    }

    fn send_bgn(&mut self) {
        let pdu = Repr::Bgn { n_sq: self.vt_sq, n_mr: self.vr_mr, uu: &self.uu_bgn }.to_vec();
        self.push_out(pdu);
    }

    fn send_bgak(&mut self) {
        let pdu = Repr::Bgak { n_mr: self.vr_mr, uu: &self.uu_bgak }.to_vec();
        self.push_out(pdu);
    }

    fn send_bgrej(&mut self) {
        let pdu = Repr::Bgrej { uu: &self.uu_bgrej }.to_vec();
        self.push_out(pdu);
    }

    fn send_end(&mut self, source: Source) {
        self.last_end_source = source;
        let pdu = Repr::End { source, uu: &self.uu_end }.to_vec();
        self.push_out(pdu);
    }

    /// END with S = 1 and no SSCOP-UU: SSCOP itself releases.
    fn send_end_sscop(&mut self) {
        self.uu_end.clear();
        self.send_end(Source::Sscop);
    }

    fn send_endak(&mut self) {
        self.push_out(Repr::Endak.to_vec());
    }

    /// RS with fresh N(SQ)/N(MR), or the stored ones when retransmitting.
    fn send_rs(&mut self, retransmit: bool) {
        if !retransmit {
            self.rs_sq = self.vt_sq;
            self.rs_mr = self.vr_mr;
        }
        let pdu = Repr::Rs { n_sq: self.rs_sq, n_mr: self.rs_mr, uu: &self.uu_rs }.to_vec();
        self.push_out(pdu);
    }

    fn send_rsak(&mut self) {
        self.push_out(Repr::Rsak { n_mr: self.vr_mr }.to_vec());
    }

    fn send_er(&mut self) {
        self.push_out(Repr::Er { n_sq: self.vt_sq, n_mr: self.vr_mr }.to_vec());
    }

    fn send_erak(&mut self) {
        self.push_out(Repr::Erak { n_mr: self.vr_mr }.to_vec());
    }

    fn send_ustat(&mut self, le1: u32, le2: u32) {
        let pdu = Repr::Ustat { n_mr: self.vr_mr, n_r: self.vr_r, list: [le1, le2] }.to_vec();
        self.push_out(pdu);
    }

    fn send_poll(&mut self, now: Instant) {
        self.vt_ps = seq::inc(self.vt_ps);
        self.push_out(Repr::Poll { n_ps: self.vt_ps, n_s: self.vt_s }.to_vec());
        self.vt_pd = 0;
        self.start(now, Timer::Poll);
    }

    fn release_indication(&mut self, uu: &[u8], source: Source) {
        self.event(Event::ReleaseIndication { uu: uu.to_vec(), source });
    }

    /// "Detect retransmission" (Q.2110 §7.8): true when N(SQ) repeats VR(SQ).
    fn is_retransmission(&mut self, n_sq: u8) -> bool {
        if self.vr_sq == n_sq {
            true
        } else {
            self.vr_sq = n_sq;
            false
        }
    }

    /// "Initialize VR(MR)": the full receive window from sequence number 0.
    fn initialize_vr_mr(&mut self) {
        self.vr_mr = self.config.receive_window.saturating_sub(self.pending_data) & seq::MASK;
    }

    /// "Initialize state variables" (data transfer starts at N(S) = 0).
    fn initialize_state_variables(&mut self) {
        self.vt_s = 0;
        self.vt_ps = 0;
        self.vt_a = 0;
        self.vt_pa = 1;
        self.vt_pd = 0;
        self.credit = true;
        self.vr_r = 0;
        self.vr_h = 0;
        // The transmit buffer is indexed from VT(A): any slot left would be misnumbered.
        self.xbuf.clear();
        self.rxq.clear();
        self.rbuf.clear();
    }

    fn set_data_transfer_timers(&mut self, now: Instant) {
        self.start(now, Timer::Poll);
        self.start(now, Timer::NoResponse);
    }

    fn reset_data_transfer_timers(&mut self) {
        self.stop(Timer::KeepAlive);
        self.stop(Timer::NoResponse);
        self.stop(Timer::Idle);
        self.stop(Timer::Poll);
    }

    /// "Set POLL timer": transient phase (KEEP-ALIVE) when nothing is outstanding.
    fn set_poll_timer(&mut self, now: Instant) {
        if self.xq.is_empty() && self.vt_s == self.vt_a {
            self.start(now, Timer::KeepAlive);
        } else {
            self.start(now, Timer::Poll);
        }
    }

    fn clear_transmit_buffers(&mut self) {
        self.xq.clear();
        self.xbuf.clear();
        self.rxq.clear();
    }

    /// "Release buffers".
    fn release_buffers(&mut self) {
        self.clear_transmit_buffers();
        self.rbuf.clear();
    }

    /// "Prepare retrieval": keep unacknowledged data only when BR = No.
    fn prepare_retrieval(&mut self) {
        if self.clear_buffers {
            self.xq.clear();
            self.xbuf.clear();
        }
        self.rxq.clear();
        for slot in &mut self.xbuf {
            slot.queued = false;
        }
        self.rbuf.clear();
    }

    /// "Prepare recovery".
    fn prepare_recovery(&mut self) {
        if self.clear_buffers {
            self.xq.clear();
            self.xbuf.clear();
        }
        self.rxq.clear();
        for slot in &mut self.xbuf {
            slot.queued = false;
        }
    }

    /// "Clear transmitter": with BR = No the buffers were kept for retrieval until now.
    fn clear_transmitter(&mut self) {
        if !self.clear_buffers {
            self.clear_transmit_buffers();
        }
    }

    /// "Deliver data": out-of-sequence SD PDUs held at recovery are delivered (BR = No) or
    /// discarded (BR = Yes).
    fn deliver_data(&mut self) {
        let rbuf = core::mem::take(&mut self.rbuf);
        if self.clear_buffers {
            return;
        }
        for (i, slot) in rbuf.into_iter().enumerate() {
            if let Some(data) = slot {
                let sn = seq::add(self.vr_r, i as u32);
                self.stats.sd_delivered = self.stats.sd_delivered.saturating_add(1);
                self.event(Event::DataIndication { sn, data });
            }
        }
    }

    /// Common start of error recovery from Data Transfer Ready (Q.2110 SDL, "recovery").
    fn recover(&mut self, now: Instant) {
        self.vt_cc = 1;
        self.vt_sq = self.vt_sq.wrapping_add(1);
        self.initialize_vr_mr();
        self.send_er();
        self.prepare_recovery();
        self.start(now, Timer::Cc);
        self.state = State::OutgoingRecoveryPending;
    }

    /// Data Transfer Ready: protocol error found in a received PDU.
    fn error_recovery(&mut self, now: Instant, code: MaaErrorCode) {
        self.reset_data_transfer_timers();
        self.maa(code);
        self.recover(now);
    }

    /// Unsolicited PDU in Idle: report and tell the peer with END (S = SSCOP).
    fn idle_unsolicited(&mut self, code: MaaErrorCode) {
        self.maa(code);
        self.send_end_sscop();
    }

    /// Unsolicited PDU in a state without data transfer: report, END, release, Idle.
    fn abort(&mut self, code: MaaErrorCode) {
        self.maa(code);
        self.send_end_sscop();
        self.release_indication(&[], Source::Sscop);
        self.state = State::Idle;
    }

    /// Data Transfer Ready: leave for Idle after END/ENDAK/BGREJ/NO-RESPONSE.
    fn ready_to_idle(&mut self) {
        self.reset_data_transfer_timers();
        self.prepare_retrieval();
        self.state = State::Idle;
    }

    fn enter_data_transfer_ready(&mut self, now: Instant) {
        self.initialize_state_variables();
        self.set_data_transfer_timers(now);
        self.state = State::DataTransferReady;
    }

    // ---------------------------------------------------------------------------------
    // PDU dispatch: one handler per PDU type, each matching all ten states.

    fn on_pdu(&mut self, now: Instant, repr: Repr<'_>) {
        match repr {
            Repr::Bgn { n_sq, n_mr, uu } => self.on_bgn(now, n_sq, n_mr, uu),
            Repr::Bgak { n_mr, uu } => self.on_bgak(now, n_mr, uu),
            Repr::Bgrej { uu } => self.on_release_pdu(PeerRelease::Bgrej(uu)),
            Repr::End { source, uu } => self.on_release_pdu(PeerRelease::End(source, uu)),
            Repr::Endak => self.on_release_pdu(PeerRelease::Endak),
            Repr::Rs { n_sq, n_mr, uu } => self.on_rs(now, n_sq, n_mr, uu),
            Repr::Rsak { n_mr } => self.on_rsak(now, n_mr),
            Repr::Er { n_sq, n_mr } => self.on_er(now, n_sq, n_mr),
            Repr::Erak { n_mr } => self.on_erak(n_mr),
            Repr::Sd { n_s, info } => self.on_sd(now, n_s, info),
            Repr::Poll { n_ps, n_s } => self.on_poll(now, n_ps, n_s),
            Repr::Stat { n_ps, n_mr, n_r, list } => self.on_stat(now, n_ps, n_mr, n_r, list),
            Repr::Ustat { n_mr, n_r, list } => self.on_ustat(now, n_mr, n_r, list),
            Repr::Ud { info } => self.event(Event::UnitdataIndication(info.to_vec())),
            Repr::Md { info } => self.event(Event::MaaUnitdataIndication(info.to_vec())),
        }
    }

    fn on_bgn(&mut self, now: Instant, n_sq: u8, n_mr: u32, uu: &[u8]) {
        let indicate = |s: &mut Self| {
            s.vt_ms = n_mr;
            s.event(Event::EstablishIndication { uu: uu.to_vec() });
        };
        match self.state {
            State::Idle => {
                if self.is_retransmission(n_sq) {
                    self.send_bgrej();
                } else {
                    indicate(self);
                    self.state = State::IncomingConnectionPending;
                }
            }
            State::OutgoingConnectionPending => {
                // Crossing BGNs: both sides confirm.
                if !self.is_retransmission(n_sq) {
                    self.stop(Timer::Cc);
                    self.vt_ms = n_mr;
                    self.initialize_vr_mr();
                    self.send_bgak();
                    self.event(Event::EstablishConfirm { uu: uu.to_vec() });
                    self.enter_data_transfer_ready(now);
                }
            }
            State::IncomingConnectionPending => {
                if !self.is_retransmission(n_sq) {
                    self.release_indication(&[], Source::User);
                    indicate(self);
                }
            }
            State::OutgoingDisconnectionPending => {
                if self.is_retransmission(n_sq) {
                    // Our BGAK was lost and the peer still retries: acknowledge, then END.
                    self.uu_bgak.clear();
                    self.send_bgak();
                    self.send_end(self.last_end_source);
                } else {
                    self.stop(Timer::Cc);
                    self.event(Event::ReleaseConfirm);
                    indicate(self);
                    self.state = State::IncomingConnectionPending;
                }
            }
            State::OutgoingResynchronizationPending => {
                if self.is_retransmission(n_sq) {
                    self.send_bgak();
                    self.send_rs(true);
                } else {
                    self.stop(Timer::Cc);
                    self.release_indication(&[], Source::User);
                    indicate(self);
                    self.state = State::IncomingConnectionPending;
                }
            }
            State::IncomingResynchronizationPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending => {
                if self.is_retransmission(n_sq) {
                    self.maa(MaaErrorCode::B);
                } else {
                    self.release_indication(&[], Source::User);
                    indicate(self);
                    self.state = State::IncomingConnectionPending;
                }
            }
            State::OutgoingRecoveryPending => {
                if self.is_retransmission(n_sq) {
                    self.maa(MaaErrorCode::B);
                } else {
                    self.stop(Timer::Cc);
                    self.release_indication(&[], Source::User);
                    indicate(self);
                    self.rbuf.clear();
                    self.state = State::IncomingConnectionPending;
                }
            }
            State::DataTransferReady => {
                if self.is_retransmission(n_sq) {
                    self.start(now, Timer::NoResponse);
                    self.send_bgak();
                } else {
                    self.reset_data_transfer_timers();
                    self.release_indication(&[], Source::User);
                    indicate(self);
                    self.prepare_retrieval();
                    self.state = State::IncomingConnectionPending;
                }
            }
        }
    }

    fn on_bgak(&mut self, now: Instant, n_mr: u32, uu: &[u8]) {
        match self.state {
            State::Idle => self.idle_unsolicited(MaaErrorCode::C),
            State::OutgoingConnectionPending => {
                self.stop(Timer::Cc);
                self.vt_ms = n_mr;
                self.event(Event::EstablishConfirm { uu: uu.to_vec() });
                self.enter_data_transfer_ready(now);
            }
            State::IncomingConnectionPending
            | State::IncomingResynchronizationPending
            | State::OutgoingRecoveryPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending => self.maa(MaaErrorCode::C),
            State::OutgoingDisconnectionPending
            | State::OutgoingResynchronizationPending
            | State::DataTransferReady => {}
        }
    }

    /// BGREJ, END and ENDAK (Q.2110 §20 state tables): past connection setup all three take
    /// the connection to Idle the same way and differ only in what is reported; in Outgoing
    /// Disconnection Pending the peer's END crosses ours and the release completes.
    fn on_release_pdu(&mut self, pdu: PeerRelease<'_>) {
        match self.state {
            State::Idle => match pdu {
                PeerRelease::Bgrej(_) => self.maa(MaaErrorCode::D),
                PeerRelease::End(..) => self.send_endak(),
                PeerRelease::Endak => {}
            },
            State::OutgoingConnectionPending => match pdu {
                PeerRelease::Bgrej(uu) => {
                    self.stop(Timer::Cc);
                    self.release_indication(uu, Source::User);
                    self.state = State::Idle;
                }
                PeerRelease::End(..) | PeerRelease::Endak => {}
            },
            State::IncomingConnectionPending
            | State::IncomingResynchronizationPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending => {
                self.report_release(pdu);
                self.state = State::Idle;
            }
            State::OutgoingDisconnectionPending => {
                self.stop(Timer::Cc);
                if let PeerRelease::End(..) = pdu {
                    self.send_endak();
                }
                self.event(Event::ReleaseConfirm);
                self.state = State::Idle;
            }
            State::OutgoingResynchronizationPending => {
                self.stop(Timer::Cc);
                self.report_release(pdu);
                self.state = State::Idle;
            }
            State::OutgoingRecoveryPending => {
                self.stop(Timer::Cc);
                self.report_release(pdu);
                self.rbuf.clear();
                self.state = State::Idle;
            }
            State::DataTransferReady => {
                self.report_release(pdu);
                self.ready_to_idle();
            }
        }
    }

    /// END: acknowledge it and pass the peer's release up; BGREJ or ENDAK where no such answer
    /// was expected: report it to layer management (D or F) and release with source SSCOP.
    fn report_release(&mut self, pdu: PeerRelease<'_>) {
        match pdu {
            PeerRelease::End(source, uu) => {
                self.send_endak();
                self.release_indication(uu, source);
            }
            PeerRelease::Bgrej(_) => {
                self.maa(MaaErrorCode::D);
                self.release_indication(&[], Source::Sscop);
            }
            PeerRelease::Endak => {
                self.maa(MaaErrorCode::F);
                self.release_indication(&[], Source::Sscop);
            }
        }
    }

    fn on_rs(&mut self, now: Instant, n_sq: u8, n_mr: u32, uu: &[u8]) {
        match self.state {
            State::Idle => self.idle_unsolicited(MaaErrorCode::J),
            State::OutgoingConnectionPending | State::OutgoingDisconnectionPending => {}
            State::IncomingConnectionPending => self.maa(MaaErrorCode::J),
            State::OutgoingResynchronizationPending => {
                // Crossing RSs.
                if !self.is_retransmission(n_sq) {
                    self.stop(Timer::Cc);
                    self.vt_ms = n_mr;
                    self.initialize_vr_mr();
                    self.send_rsak();
                    self.event(Event::ResyncConfirm);
                    self.enter_data_transfer_ready(now);
                }
            }
            State::IncomingResynchronizationPending => {
                if !self.is_retransmission(n_sq) {
                    self.maa(MaaErrorCode::J);
                }
            }
            State::OutgoingRecoveryPending => {
                if self.is_retransmission(n_sq) {
                    self.maa(MaaErrorCode::J);
                } else {
                    self.stop(Timer::Cc);
                    self.vt_ms = n_mr;
                    self.event(Event::ResyncIndication { uu: uu.to_vec() });
                    self.rbuf.clear();
                    self.state = State::IncomingResynchronizationPending;
                }
            }
            State::RecoveryResponsePending | State::IncomingRecoveryPending => {
                if self.is_retransmission(n_sq) {
                    self.maa(MaaErrorCode::J);
                } else {
                    self.vt_ms = n_mr;
                    self.event(Event::ResyncIndication { uu: uu.to_vec() });
                    self.state = State::IncomingResynchronizationPending;
                }
            }
            State::DataTransferReady => {
                if self.is_retransmission(n_sq) {
                    self.start(now, Timer::NoResponse);
                    self.send_rsak();
                } else {
                    self.reset_data_transfer_timers();
                    self.vt_ms = n_mr;
                    self.event(Event::ResyncIndication { uu: uu.to_vec() });
                    self.prepare_retrieval();
                    self.state = State::IncomingResynchronizationPending;
                }
            }
        }
    }

    fn on_rsak(&mut self, now: Instant, n_mr: u32) {
        match self.state {
            State::Idle => self.idle_unsolicited(MaaErrorCode::K),
            State::OutgoingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::DataTransferReady => {}
            State::IncomingConnectionPending
            | State::IncomingResynchronizationPending
            | State::OutgoingRecoveryPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending => self.maa(MaaErrorCode::K),
            State::OutgoingResynchronizationPending => {
                self.stop(Timer::Cc);
                self.vt_ms = n_mr;
                self.event(Event::ResyncConfirm);
                self.enter_data_transfer_ready(now);
            }
        }
    }

    fn on_er(&mut self, now: Instant, n_sq: u8, n_mr: u32) {
        match self.state {
            State::Idle => self.idle_unsolicited(MaaErrorCode::L),
            State::OutgoingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::OutgoingResynchronizationPending => {}
            State::IncomingConnectionPending | State::IncomingResynchronizationPending => {
                self.maa(MaaErrorCode::L)
            }
            State::OutgoingRecoveryPending => {
                // Crossing ERs.
                if self.is_retransmission(n_sq) {
                    self.maa(MaaErrorCode::L);
                } else {
                    self.stop(Timer::Cc);
                    self.vt_ms = n_mr;
                    self.initialize_vr_mr();
                    self.send_erak();
                    self.deliver_data();
                    self.event(Event::RecoverIndication);
                    self.state = State::RecoveryResponsePending;
                }
            }
            State::RecoveryResponsePending => {
                if self.is_retransmission(n_sq) {
                    self.send_erak();
                } else {
                    self.maa(MaaErrorCode::L);
                }
            }
            State::IncomingRecoveryPending => {
                if !self.is_retransmission(n_sq) {
                    self.maa(MaaErrorCode::L);
                }
            }
            State::DataTransferReady => {
                if self.is_retransmission(n_sq) {
                    self.start(now, Timer::NoResponse);
                    self.send_erak();
                } else {
                    self.reset_data_transfer_timers();
                    self.vt_ms = n_mr;
                    self.prepare_recovery();
                    self.deliver_data();
                    self.event(Event::RecoverIndication);
                    self.state = State::IncomingRecoveryPending;
                }
            }
        }
    }

    fn on_erak(&mut self, n_mr: u32) {
        match self.state {
            State::Idle => self.idle_unsolicited(MaaErrorCode::M),
            State::OutgoingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::OutgoingResynchronizationPending
            | State::RecoveryResponsePending
            | State::DataTransferReady => {}
            State::IncomingConnectionPending
            | State::IncomingResynchronizationPending
            | State::IncomingRecoveryPending => self.maa(MaaErrorCode::M),
            State::OutgoingRecoveryPending => {
                self.stop(Timer::Cc);
                self.vt_ms = n_mr;
                self.deliver_data();
                self.event(Event::RecoverIndication);
                self.state = State::RecoveryResponsePending;
            }
        }
    }

    fn on_sd(&mut self, now: Instant, n_s: u32, info: &[u8]) {
        match self.state {
            State::Idle => self.idle_unsolicited(MaaErrorCode::A),
            State::OutgoingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::OutgoingResynchronizationPending
            | State::OutgoingRecoveryPending
            | State::RecoveryResponsePending => {}
            State::IncomingConnectionPending
            | State::IncomingResynchronizationPending
            | State::IncomingRecoveryPending => self.abort(MaaErrorCode::A),
            State::DataTransferReady => self.ready_sd(now, n_s, info),
        }
    }

    fn on_poll(&mut self, now: Instant, n_ps: u32, n_s: u32) {
        match self.state {
            State::Idle => self.idle_unsolicited(MaaErrorCode::G),
            State::OutgoingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::OutgoingResynchronizationPending
            | State::OutgoingRecoveryPending
            | State::RecoveryResponsePending => {}
            State::IncomingConnectionPending
            | State::IncomingResynchronizationPending
            | State::IncomingRecoveryPending => self.abort(MaaErrorCode::G),
            State::DataTransferReady => self.ready_poll(now, n_ps, n_s),
        }
    }

    fn on_stat(&mut self, now: Instant, n_ps: u32, n_mr: u32, n_r: u32, list: List<'_>) {
        match self.state {
            State::Idle => self.idle_unsolicited(MaaErrorCode::H),
            State::OutgoingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::OutgoingResynchronizationPending
            | State::OutgoingRecoveryPending => {}
            State::IncomingConnectionPending
            | State::IncomingResynchronizationPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending => self.abort(MaaErrorCode::H),
            State::DataTransferReady => self.ready_stat(now, n_ps, n_mr, n_r, list),
        }
    }

    fn on_ustat(&mut self, now: Instant, n_mr: u32, n_r: u32, list: [u32; 2]) {
        match self.state {
            State::Idle => self.idle_unsolicited(MaaErrorCode::I),
            State::OutgoingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::OutgoingResynchronizationPending
            | State::OutgoingRecoveryPending => {}
            State::IncomingConnectionPending
            | State::IncomingResynchronizationPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending => self.abort(MaaErrorCode::I),
            State::DataTransferReady => self.ready_ustat(now, n_mr, n_r, list),
        }
    }

    // ---------------------------------------------------------------------------------
    // Data Transfer Ready: assured data transfer (Q.2110 §7.8.5 .. §7.8.9).

    /// VR(MR) follows VR(R) so that the window we advertise stays `receive_window` wide,
    /// less the SDUs delivered but not yet taken by the user (so a user that stops polling
    /// stops the peer instead of growing our event queue); it never moves backwards.
    fn advance_vr_mr(&mut self) {
        let credit = self.config.receive_window.saturating_sub(self.pending_data);
        let target = seq::add(self.vr_r, credit);
        if seq::diff(target, self.vr_r) > seq::diff(self.vr_mr, self.vr_r) {
            self.vr_mr = target;
        }
    }

    fn deliver(&mut self, sn: u32, data: Vec<u8>) {
        self.stats.sd_delivered = self.stats.sd_delivered.saturating_add(1);
        self.event(Event::DataIndication { sn, data });
    }

    fn is_held(&self, offset: u32) -> bool {
        matches!(self.rbuf.get(offset as usize), Some(Some(_)))
    }

    fn hold(&mut self, offset: u32, info: &[u8]) {
        // offset < VR(MR) − VR(R) <= receive_window, so the ring never outgrows the window.
        let idx = offset as usize;
        while self.rbuf.len() <= idx {
            self.rbuf.push_back(None);
        }
        if let Some(slot) = self.rbuf.get_mut(idx) {
            *slot = Some(info.to_vec());
        }
    }

    fn ready_sd(&mut self, now: Instant, n_s: u32, info: &[u8]) {
        let base = self.vr_r;
        let ns = seq::diff(n_s, base);
        let h = seq::diff(self.vr_h, base);
        let window = seq::diff(self.vr_mr, base);
        if ns >= window {
            // Outside the window (or before VR(R)): tell the peer once what is missing.
            if h < window {
                self.send_ustat(self.vr_h, self.vr_mr);
                self.vr_h = self.vr_mr;
            }
            return;
        }
        if ns == 0 {
            self.deliver(n_s, info.to_vec());
            self.rbuf.pop_front();
            self.vr_r = seq::inc(self.vr_r);
            if h == 0 {
                self.vr_h = self.vr_r;
            }
            while let Some(Some(_)) = self.rbuf.front() {
                if let Some(Some(data)) = self.rbuf.pop_front() {
                    let sn = self.vr_r;
                    self.deliver(sn, data);
                }
                self.vr_r = seq::inc(self.vr_r);
            }
            if seq::diff(self.vr_h, self.vr_r) > HALF {
                self.vr_h = self.vr_r;
            }
            self.advance_vr_mr();
            return;
        }
        if ns == h {
            self.hold(ns, info);
            self.vr_h = seq::inc(self.vr_h);
            return;
        }
        if h < ns {
            self.hold(ns, info);
            self.send_ustat(self.vr_h, n_s);
            self.vr_h = seq::inc(n_s);
            return;
        }
        if !self.is_held(ns) {
            self.hold(ns, info);
            return;
        }
        // The same N(S) twice below VR(H): the peer's transmitter is confused.
        self.error_recovery(now, MaaErrorCode::Q);
    }

    fn send_stat(&mut self, n_ps: u32) {
        let pdu = Repr::Stat {
            n_ps,
            n_mr: self.vr_mr,
            n_r: self.vr_r,
            list: List::Elements(&self.stat_list),
        }
        .to_vec();
        self.push_out(pdu);
    }

    fn push_list_element(&mut self, n_ps: u32, offset: u32, chunk_if_full: bool) {
        self.stat_list.push(seq::add(self.vr_r, offset));
        if chunk_if_full && self.stat_list.len() >= self.config.max_stat {
            // Emit this chunk and start the next one with the same missing-run start
            // (MaxSTAT is odd, so the chunk ends on a start element).
            self.send_stat(n_ps);
            self.stat_list.clear();
            self.stat_list.push(seq::add(self.vr_r, offset));
        }
    }

    fn ready_poll(&mut self, now: Instant, n_ps: u32, n_s: u32) {
        let base = self.vr_r;
        let ns = seq::diff(n_s, base);
        let window = seq::diff(self.vr_mr, base);
        if ns < seq::diff(self.vr_h, base) {
            self.error_recovery(now, MaaErrorCode::Q);
            return;
        }
        self.vr_h = if ns > window { self.vr_mr } else { n_s };
        let h = seq::diff(self.vr_h, base);
        self.stat_list.clear();
        let mut i = 0u32;
        while i != h {
            while i < h && self.is_held(i) {
                i += 1;
            }
            if i >= h {
                self.push_list_element(n_ps, h, false);
                break;
            }
            self.push_list_element(n_ps, i, true);
            i += 1;
            while i < h && !self.is_held(i) {
                i += 1;
            }
            self.push_list_element(n_ps, i, false);
        }
        self.send_stat(n_ps);
        self.stat_list.clear();
    }

    /// Removes acknowledged SD PDUs below `n_r` (validated to lie in VT(A)..=VT(S)).
    fn acknowledge(&mut self, n_r: u32) {
        for _ in 0..seq::diff(n_r, self.vt_a) {
            self.xbuf.pop_front();
        }
        self.vt_a = n_r;
    }

    /// Queues SD `s` for retransmission unless already queued; false if it is gone.
    fn queue_retransmission(&mut self, s: u32, only_if_polled_before: Option<u32>) -> Option<bool> {
        let offset = seq::diff(s, self.vt_a) as usize;
        let vt_ps = self.vt_ps;
        let slot = self.xbuf.get_mut(offset)?;
        slot.data.as_ref()?;
        if let Some(n_ps) = only_if_polled_before {
            // Retransmit only SD PDUs last sent before the POLL this STAT answers.
            if seq::diff(vt_ps, slot.poll_sn) <= seq::diff(vt_ps, n_ps) {
                return Some(false);
            }
        }
        if slot.queued {
            return Some(false);
        }
        slot.queued = true;
        self.rxq.push_back(s);
        Some(true)
    }

    fn ready_stat(&mut self, now: Instant, n_ps: u32, n_mr: u32, n_r: u32, list: List<'_>) {
        if seq::diff(n_ps, self.vt_pa) > seq::diff(self.vt_ps, self.vt_pa) {
            self.error_recovery(now, MaaErrorCode::R);
            return;
        }
        if seq::diff(n_r, self.vt_a) > seq::diff(self.vt_s, self.vt_a) {
            self.error_recovery(now, MaaErrorCode::S);
            return;
        }
        self.acknowledge(n_r);
        self.vt_pa = n_ps;
        self.vt_ms = n_mr;
        if list.len() > 1 {
            match self.process_stat_list(n_ps, list) {
                Some(count) => {
                    if count > 0 {
                        self.event(Event::MaaError(MaaError { code: MaaErrorCode::V, count }));
                    }
                }
                None => {
                    self.error_recovery(now, MaaErrorCode::S);
                    return;
                }
            }
        }
        if self.peer_window_closed() {
            if self.credit {
                self.credit = false;
                self.maa(MaaErrorCode::W);
            }
        } else if !self.credit {
            self.credit = true;
            self.maa(MaaErrorCode::X);
        }
        if self.timers.is_running(Timer::Poll) {
            self.start(now, Timer::NoResponse);
        } else if !self.timers.is_running(Timer::Idle) {
            self.stop(Timer::KeepAlive);
            self.stop(Timer::NoResponse);
            self.start(now, Timer::Idle);
        }
    }

    /// Walks the STAT list: (L1, L2) missing, (L2, L3) received, … Returns the number of
    /// SD PDUs queued for retransmission, or `None` on an invalid list.
    fn process_stat_list(&mut self, n_ps: u32, list: List<'_>) -> Option<u32> {
        let span = seq::diff(self.vt_s, self.vt_a);
        let mut elements = list.iter();
        let mut seq1 = elements.next()?;
        if seq::diff(seq1, self.vt_a) >= span {
            return None;
        }
        let mut count = 0u32;
        let mut missing = true;
        for seq2 in elements {
            let (a, b) = (seq::diff(seq1, self.vt_a), seq::diff(seq2, self.vt_a));
            if a >= b || b > span {
                return None;
            }
            for s in a..b {
                let sn = seq::add(self.vt_a, s);
                if missing {
                    if self.queue_retransmission(sn, Some(n_ps))? {
                        count += 1;
                    }
                } else if self.clear_buffers {
                    // Selectively acknowledged: the data need not be kept.
                    if let Some(slot) = self.xbuf.get_mut(s as usize) {
                        slot.data = None;
                    }
                }
            }
            seq1 = seq2;
            missing = !missing;
        }
        Some(count)
    }

    fn ready_ustat(&mut self, now: Instant, n_mr: u32, n_r: u32, list: [u32; 2]) {
        if seq::diff(n_r, self.vt_a) >= seq::diff(self.vt_s, self.vt_a) {
            self.error_recovery(now, MaaErrorCode::T);
            return;
        }
        self.acknowledge(n_r);
        self.vt_ms = n_mr;
        let span = seq::diff(self.vt_s, self.vt_a);
        let (a, b) = (seq::diff(list[0], self.vt_a), seq::diff(list[1], self.vt_a));
        if a >= b || b >= span {
            self.error_recovery(now, MaaErrorCode::T);
            return;
        }
        let mut count = 0u32;
        for s in a..b {
            match self.queue_retransmission(seq::add(self.vt_a, s), None) {
                Some(true) => count += 1,
                Some(false) => {}
                None => {
                    self.error_recovery(now, MaaErrorCode::T);
                    return;
                }
            }
        }
        if count > 0 {
            self.event(Event::MaaError(MaaError { code: MaaErrorCode::V, count }));
        }
    }

    /// VT(S) ≥ VT(MS): the peer's credit is used up. A credit below VT(A) counts as none.
    fn peer_window_closed(&self) -> bool {
        let credit = seq::diff(self.vt_ms, self.vt_a);
        credit > HALF || seq::diff(self.vt_s, self.vt_a) >= credit
    }

    /// Our own transmit buffer is full, whatever the peer's credit.
    fn transmit_buffer_full(&self) -> bool {
        seq::diff(self.vt_s, self.vt_a) >= self.config.transmit_buffer
    }

    /// "Poll handling" after an SD PDU was sent (Q.2110 SDL, label B).
    fn after_sd_sent(&mut self, now: Instant) {
        self.vt_pd = self.vt_pd.saturating_add(1);
        if self.timers.is_running(Timer::Poll) {
            if self.vt_pd < self.config.max_pd {
                return;
            }
        } else {
            if self.timers.is_running(Timer::Idle) {
                self.stop(Timer::Idle);
                self.start(now, Timer::NoResponse);
            } else {
                self.stop(Timer::KeepAlive);
            }
            if self.vt_pd < self.config.max_pd {
                self.start(now, Timer::Poll);
                return;
            }
        }
        self.send_poll(now);
    }

    fn next_sd(&mut self, now: Instant) -> Option<Vec<u8>> {
        while let Some(s) = self.rxq.pop_front() {
            let offset = seq::diff(s, self.vt_a) as usize;
            let vt_ps = self.vt_ps;
            let Some(slot) = self.xbuf.get_mut(offset) else { continue };
            slot.queued = false;
            let Some(data) = slot.data.as_ref() else { continue };
            slot.poll_sn = vt_ps;
            let pdu = Repr::Sd { n_s: s, info: data }.to_vec();
            self.stats.sd_retransmitted = self.stats.sd_retransmitted.saturating_add(1);
            self.after_sd_sent(now);
            return Some(pdu);
        }
        if self.xq.is_empty() {
            return None;
        }
        if self.peer_window_closed() || self.transmit_buffer_full() {
            // Window closed: leave the idle phase at once so a STAT reopens it.
            if self.timers.is_running(Timer::Idle) {
                self.stop(Timer::Idle);
                self.start(now, Timer::NoResponse);
                self.send_poll(now);
                return self.out.pop_front();
            }
            return None;
        }
        let data = self.xq.pop_front()?;
        let n_s = self.vt_s;
        let pdu = Repr::Sd { n_s, info: &data }.to_vec();
        self.xbuf.push_back(TxSlot { data: Some(data), poll_sn: self.vt_ps, queued: false });
        self.vt_s = seq::inc(self.vt_s);
        self.stats.sd_sent = self.stats.sd_sent.saturating_add(1);
        self.after_sd_sent(now);
        Some(pdu)
    }

    // ---------------------------------------------------------------------------------
    // Timers.

    fn on_timer(&mut self, now: Instant, timer: Timer) {
        match timer {
            Timer::Cc => self.on_timer_cc(now),
            // POLL, KEEP-ALIVE, IDLE and NO-RESPONSE run only in Data Transfer Ready.
            Timer::Poll | Timer::KeepAlive | Timer::Idle | Timer::NoResponse => match self.state {
                State::DataTransferReady => self.on_data_transfer_timer(now, timer),
                State::Idle
                | State::OutgoingConnectionPending
                | State::IncomingConnectionPending
                | State::OutgoingDisconnectionPending
                | State::OutgoingResynchronizationPending
                | State::IncomingResynchronizationPending
                | State::OutgoingRecoveryPending
                | State::RecoveryResponsePending
                | State::IncomingRecoveryPending => {}
            },
        }
    }

    /// A data-transfer timer expired in Data Transfer Ready.
    fn on_data_transfer_timer(&mut self, now: Instant, timer: Timer) {
        match timer {
            Timer::Poll | Timer::KeepAlive => self.poll_on_timer(now),
            Timer::Idle => {
                self.start(now, Timer::NoResponse);
                self.poll_on_timer(now);
            }
            Timer::NoResponse => {
                self.maa(MaaErrorCode::P);
                self.send_end_sscop();
                self.release_indication(&[], Source::Sscop);
                self.ready_to_idle();
            }
            Timer::Cc => {}
        }
    }

    /// Sends POLL on POLL/KEEP-ALIVE/IDLE expiry; `send_poll` started POLL, so the phase
    /// (POLL or KEEP-ALIVE) is chosen afresh.
    fn poll_on_timer(&mut self, now: Instant) {
        self.send_poll(now);
        self.stop(Timer::Poll);
        self.set_poll_timer(now);
    }

    fn on_timer_cc(&mut self, now: Instant) {
        let exhausted = self.vt_cc >= self.config.max_cc;
        match self.state {
            State::OutgoingConnectionPending => {
                if exhausted {
                    self.abort(MaaErrorCode::O);
                } else {
                    self.retransmit_on_cc(now, Self::send_bgn);
                }
            }
            State::OutgoingDisconnectionPending => {
                if exhausted {
                    self.maa(MaaErrorCode::O);
                    self.event(Event::ReleaseConfirm);
                    self.state = State::Idle;
                } else {
                    self.retransmit_on_cc(now, |s| s.send_end(s.last_end_source));
                }
            }
            State::OutgoingResynchronizationPending => {
                if exhausted {
                    self.abort(MaaErrorCode::O);
                } else {
                    self.retransmit_on_cc(now, |s| s.send_rs(true));
                }
            }
            State::OutgoingRecoveryPending => {
                if exhausted {
                    self.abort(MaaErrorCode::O);
                    self.rbuf.clear();
                } else {
                    self.retransmit_on_cc(now, Self::send_er);
                }
            }
            State::Idle
            | State::IncomingConnectionPending
            | State::IncomingResynchronizationPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending
            | State::DataTransferReady => {}
        }
    }

    /// Timer CC expired with retries left: count the retry, send the PDU again, restart CC.
    fn retransmit_on_cc(&mut self, now: Instant, send: impl FnOnce(&mut Self)) {
        self.vt_cc += 1;
        send(self);
        self.start(now, Timer::Cc);
    }

    // ---------------------------------------------------------------------------------
    // Signals from the user (Q.2110 §6.1).

    fn invalid(&self, signal: &'static str, expected: &'static str) -> Result<(), SignalError> {
        Err(SignalError::InvalidInState { signal, state: self.state, expected })
    }

    fn establish_request(
        &mut self,
        now: Instant,
        uu: Vec<u8>,
        br: BufferRelease,
    ) -> Result<(), SignalError> {
        match self.state {
            State::Idle | State::OutgoingDisconnectionPending => {
                self.stop(Timer::Cc);
                self.uu_bgn = uu;
                self.clear_transmitter();
                self.clear_buffers = br == BufferRelease::Yes;
                self.vt_cc = 1;
                self.vt_sq = self.vt_sq.wrapping_add(1);
                self.initialize_vr_mr();
                self.send_bgn();
                self.start(now, Timer::Cc);
                self.state = State::OutgoingConnectionPending;
                Ok(())
            }
            State::OutgoingConnectionPending
            | State::IncomingConnectionPending
            | State::OutgoingResynchronizationPending
            | State::IncomingResynchronizationPending
            | State::OutgoingRecoveryPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending
            | State::DataTransferReady => self.invalid("AA-ESTABLISH.request", "1 or 4"),
        }
    }

    fn establish_response(
        &mut self,
        now: Instant,
        uu: Vec<u8>,
        br: BufferRelease,
    ) -> Result<(), SignalError> {
        match self.state {
            State::IncomingConnectionPending => {
                self.uu_bgak = uu;
                self.clear_transmitter();
                self.clear_buffers = br == BufferRelease::Yes;
                self.initialize_vr_mr();
                self.send_bgak();
                self.enter_data_transfer_ready(now);
                Ok(())
            }
            State::Idle
            | State::OutgoingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::OutgoingResynchronizationPending
            | State::IncomingResynchronizationPending
            | State::OutgoingRecoveryPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending
            | State::DataTransferReady => self.invalid("AA-ESTABLISH.response", "3"),
        }
    }

    fn send_end_user(&mut self, now: Instant, uu: Vec<u8>) {
        self.uu_end = uu;
        self.vt_cc = 1;
        self.send_end(Source::User);
        self.start(now, Timer::Cc);
        self.state = State::OutgoingDisconnectionPending;
    }

    fn release_request(&mut self, now: Instant, uu: Vec<u8>) -> Result<(), SignalError> {
        match self.state {
            State::OutgoingConnectionPending | State::OutgoingResynchronizationPending => {
                self.stop(Timer::Cc);
                self.send_end_user(now, uu);
                Ok(())
            }
            State::IncomingConnectionPending => {
                self.uu_bgrej = uu;
                self.send_bgrej();
                self.state = State::Idle;
                Ok(())
            }
            State::IncomingResynchronizationPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending => {
                self.send_end_user(now, uu);
                Ok(())
            }
            State::OutgoingRecoveryPending => {
                self.stop(Timer::Cc);
                self.rbuf.clear();
                self.send_end_user(now, uu);
                Ok(())
            }
            State::DataTransferReady => {
                self.reset_data_transfer_timers();
                self.prepare_retrieval();
                self.send_end_user(now, uu);
                Ok(())
            }
            State::Idle | State::OutgoingDisconnectionPending => {
                self.invalid("AA-RELEASE.request", "2, 3, 5 .. 10")
            }
        }
    }

    fn data_request(&mut self, data: Vec<u8>) -> Result<(), SignalError> {
        match self.state {
            State::DataTransferReady => self.enqueue(data),
            State::OutgoingRecoveryPending => {
                if self.clear_buffers {
                    Err(SignalError::Discarded { state: self.state })
                } else {
                    self.enqueue(data)
                }
            }
            State::Idle
            | State::OutgoingConnectionPending
            | State::IncomingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::OutgoingResynchronizationPending
            | State::IncomingResynchronizationPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending => self.invalid("AA-DATA.request", "7 or 10"),
        }
    }

    fn enqueue(&mut self, data: Vec<u8>) -> Result<(), SignalError> {
        if self.xq.len() >= self.config.transmit_queue {
            return Err(SignalError::QueueFull { capacity: self.config.transmit_queue });
        }
        self.xq.push_back(data);
        Ok(())
    }

    fn start_resync(&mut self, now: Instant, uu: Vec<u8>) {
        self.uu_rs = uu;
        self.vt_cc = 1;
        self.vt_sq = self.vt_sq.wrapping_add(1);
        self.initialize_vr_mr();
        self.send_rs(false);
        self.start(now, Timer::Cc);
        self.state = State::OutgoingResynchronizationPending;
    }

    fn resync_request(&mut self, now: Instant, uu: Vec<u8>) -> Result<(), SignalError> {
        match self.state {
            State::OutgoingRecoveryPending => {
                self.stop(Timer::Cc);
                self.clear_transmitter();
                self.rbuf.clear();
                self.start_resync(now, uu);
                Ok(())
            }
            State::RecoveryResponsePending | State::IncomingRecoveryPending => {
                self.clear_transmitter();
                self.start_resync(now, uu);
                Ok(())
            }
            State::DataTransferReady => {
                self.reset_data_transfer_timers();
                self.release_buffers();
                self.start_resync(now, uu);
                Ok(())
            }
            State::Idle
            | State::OutgoingConnectionPending
            | State::IncomingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::OutgoingResynchronizationPending
            | State::IncomingResynchronizationPending => {
                self.invalid("AA-RESYNC.request", "7 .. 10")
            }
        }
    }

    fn resync_response(&mut self, now: Instant) -> Result<(), SignalError> {
        match self.state {
            State::IncomingResynchronizationPending => {
                self.initialize_vr_mr();
                self.send_rsak();
                self.clear_transmitter();
                self.enter_data_transfer_ready(now);
                Ok(())
            }
            State::Idle
            | State::OutgoingConnectionPending
            | State::IncomingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::OutgoingResynchronizationPending
            | State::OutgoingRecoveryPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending
            | State::DataTransferReady => self.invalid("AA-RESYNC.response", "6"),
        }
    }

    fn recover_response(&mut self, now: Instant) -> Result<(), SignalError> {
        match self.state {
            State::RecoveryResponsePending => {
                // With BR = No the user had the chance to retrieve; drop what is left.
                if !self.clear_buffers {
                    self.xbuf.clear();
                }
                self.enter_data_transfer_ready(now);
                Ok(())
            }
            State::IncomingRecoveryPending => {
                if !self.clear_buffers {
                    self.xbuf.clear();
                }
                self.initialize_vr_mr();
                self.send_erak();
                self.enter_data_transfer_ready(now);
                Ok(())
            }
            State::Idle
            | State::OutgoingConnectionPending
            | State::IncomingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::OutgoingResynchronizationPending
            | State::IncomingResynchronizationPending
            | State::OutgoingRecoveryPending
            | State::DataTransferReady => self.invalid("AA-RECOVER.response", "8 or 9"),
        }
    }

    fn retrieve_request(&mut self, rn: RetrieveNumber) -> Result<(), SignalError> {
        match self.state {
            State::Idle
            | State::IncomingConnectionPending
            | State::OutgoingDisconnectionPending
            | State::IncomingResynchronizationPending
            | State::RecoveryResponsePending
            | State::IncomingRecoveryPending => {
                self.data_retrieval(rn);
                Ok(())
            }
            State::OutgoingConnectionPending
            | State::OutgoingResynchronizationPending
            | State::OutgoingRecoveryPending
            | State::DataTransferReady => self.invalid("AA-RETRIEVE.request", "1, 3, 4, 6, 8, 9"),
        }
    }

    /// "Data retrieval" (Q.2110 §7.8): unacknowledged SDUs from the transmit buffer, then
    /// the never-sent ones, then AA-RETRIEVE-COMPLETE.
    fn data_retrieval(&mut self, rn: RetrieveNumber) {
        let first = match rn {
            RetrieveNumber::Total => Some(0),
            RetrieveNumber::After(n) => Some(seq::diff(seq::inc(n), self.vt_a)),
            RetrieveNumber::Unknown => None,
        };
        if let Some(first) = first {
            let span = seq::diff(self.vt_s, self.vt_a);
            if first < span {
                let xbuf = core::mem::take(&mut self.xbuf);
                for slot in xbuf.into_iter().skip(first as usize) {
                    if let Some(data) = slot.data {
                        self.event(Event::RetrieveIndication(data));
                    }
                }
            }
        }
        self.xbuf.clear();
        self.rxq.clear();
        while let Some(data) = self.xq.pop_front() {
            self.event(Event::RetrieveIndication(data));
        }
        self.event(Event::RetrieveComplete);
    }
}

/// A peer PDU that ends the connection or its setup (see `on_release_pdu`): BGREJ with its
/// SSCOP-UU, END with its source and SSCOP-UU, or ENDAK.
#[derive(Debug, Clone, Copy)]
enum PeerRelease<'a> {
    Bgrej(&'a [u8]),
    End(Source, &'a [u8]),
    Endak,
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use hal::time::Duration;

    fn drain_to(from: &mut Sscop, to: &mut Sscop, now: Instant, drop_sd: &[u32]) {
        while let Some(p) = from.poll_transmit(now) {
            let lost = matches!(
                Repr::parse_bytes(&p, &pdu::Limits::AAL5),
                Ok(Repr::Sd { n_s, .. }) if drop_sd.contains(&n_s)
            );
            if !lost {
                to.handle_pdu(now, &p);
            }
        }
    }

    #[test]
    fn config_validation_names_the_bad_parameter() {
        let bad = [
            Config { max_stat: 4, ..Config::default() },
            Config { max_stat: 1, ..Config::default() },
            Config { max_stat: 16_381, ..Config::default() },
            Config { max_cc: 0, ..Config::default() },
            Config { max_pd: 0, ..Config::default() },
            Config { receive_window: 0, ..Config::default() },
            Config { transmit_buffer: 1 << 24, ..Config::default() },
            Config { timer_poll: hal::time::Duration::ZERO, ..Config::default() },
        ];
        for c in bad {
            let err = Sscop::new(c).unwrap_err();
            assert!(alloc::string::ToString::to_string(&err).contains("expected"));
        }
        assert!(Sscop::new(Config::default()).is_ok());
    }

    /// Sequence numbers wrap from 2^24 − 1 to 0 in the middle of a transfer with losses;
    /// all comparisons are relative to VT(A) / VR(R), so nothing notices.
    #[test]
    fn transfer_across_sequence_number_wrap() {
        let config = Config { receive_window: 16, transmit_buffer: 16, ..Config::default() };
        let mut a = Sscop::new(config.clone()).unwrap();
        let mut b = Sscop::new(config).unwrap();
        let t0 = Instant::ZERO;
        a.handle_signal(t0, Signal::EstablishRequest { uu: vec![], br: BufferRelease::Yes })
            .unwrap();
        drain_to(&mut a, &mut b, t0, &[]);
        b.handle_signal(t0, Signal::EstablishResponse { uu: vec![], br: BufferRelease::Yes })
            .unwrap();
        drain_to(&mut b, &mut a, t0, &[]);
        while a.poll_event().is_some() {}
        while b.poll_event().is_some() {}
        let base = seq::MODULUS - 5;
        (a.vt_s, a.vt_a, a.vt_ms) = (base, base, seq::add(base, 16));
        (b.vr_r, b.vr_h, b.vr_mr) = (base, base, seq::add(base, 16));
        for i in 0..40u8 {
            a.handle_signal(t0, Signal::DataRequest(vec![i])).unwrap();
        }
        let lost = [seq::MODULUS - 2, 0, 3];
        let mut now = t0;
        let mut delivered = vec![];
        for round in 0..40 {
            drain_to(&mut a, &mut b, now, if round == 0 { &lost } else { &[] });
            drain_to(&mut b, &mut a, now, &[]);
            while let Some(e) = b.poll_event() {
                if let Event::DataIndication { sn, data } = e {
                    delivered.push((sn, data[0]));
                }
            }
            now += Duration::from_millis(750);
            a.handle_timeout(now);
            b.handle_timeout(now);
        }
        let data: Vec<u8> = delivered.iter().map(|d| d.1).collect();
        assert_eq!(data, (0..40).collect::<Vec<u8>>());
        let sns: Vec<u32> = delivered.iter().map(|d| d.0).collect();
        assert_eq!(sns[..6], [base, base + 1, base + 2, base + 3, base + 4, 0]);
        assert_eq!(a.state(), State::DataTransferReady);
        assert_eq!(a.vt_a, seq::add(base, 40));
        assert!(a.stats.sd_retransmitted >= 3);
        let mut maa = vec![];
        while let Some(e) = a.poll_event() {
            if let Event::MaaError(m) = e {
                maa.push(m.code);
            }
        }
        assert!(
            maa.iter().all(|c| matches!(c, MaaErrorCode::V | MaaErrorCode::W | MaaErrorCode::X)),
            "{maa:?}"
        );
    }
}

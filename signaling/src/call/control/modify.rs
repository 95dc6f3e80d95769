//! Modification of an active call's peak cell rates (Q.2963.1 §6; UNI 4.0 only): MODIFY
//! REQUEST / MODIFY ACKNOWLEDGE / MODIFY REJECT, CONNECTION AVAILABLE, timers T360, T361.

use super::{CallControl, Error, Event, ModifyState};
use crate::call::{CallHandle, CallState, Timer};
use crate::codec::ie::{
    AtmTrafficDescriptor, BroadbandReportType, Cause, CauseValue, Diagnostic, ReportType,
    UniVersion,
};
use crate::codec::{Ie, MessageType};
use hal::time::Instant;

impl CallControl {
    /// Sends MODIFY REQUEST with the new traffic descriptor for an active call and starts
    /// T360 (Q.2963.1 §6.1).
    pub fn modify(
        &mut self,
        now: Instant,
        call: CallHandle,
        traffic: AtmTrafficDescriptor,
    ) -> Result<(), Error> {
        let idx = self.resolve(call)?;
        if self.cfg.version != UniVersion::Uni40 {
            // UNI 3.1 has no modification procedures.
            return Err(Error::InvalidParameters);
        }
        let c = self.call(idx).ok_or(Error::NoSuchCall)?;
        match (c.state, c.modify) {
            (CallState::Active, ModifyState::Idle) => {}
            (state, _) => return Err(Error::InvalidState { state, request: "modify" }),
        }
        let cr = super::wire_cr(c);
        let m = self.reset_tx(cr, MessageType::ModifyRequest);
        m.ies.atm_traffic_descriptor = Some(Ie::new(traffic));
        self.transmit()?;
        self.set_modify(idx, ModifyState::ModifyRequest);
        self.start(idx, Timer::T360, now);
        Ok(())
    }

    /// Accepts the peer's MODIFY REQUEST with MODIFY ACKNOWLEDGE; with `confirm`, asks for
    /// CONNECTION AVAILABLE (broadband report type) and starts T361 (Q.2963.1 §6.2).
    pub fn modify_ack(
        &mut self,
        now: Instant,
        call: CallHandle,
        confirm: bool,
    ) -> Result<(), Error> {
        let idx = self.resolve(call)?;
        let c = self.call(idx).ok_or(Error::NoSuchCall)?;
        if c.modify != ModifyState::ModifyReceived {
            return Err(Error::InvalidState { state: c.state, request: "modify_ack" });
        }
        let cr = super::wire_cr(c);
        let m = self.reset_tx(cr, MessageType::ModifyAcknowledge);
        if confirm {
            m.ies.broadband_report_type = Some(Ie::new(BroadbandReportType {
                report_type: ReportType::ModificationConfirmation,
            }));
        }
        self.transmit()?;
        if confirm {
            self.set_modify(idx, ModifyState::AwaitingConnectionAvailable);
            self.start(idx, Timer::T361, now);
        } else {
            self.set_modify(idx, ModifyState::Idle);
        }
        Ok(())
    }

    /// Refuses the peer's MODIFY REQUEST with MODIFY REJECT (Q.2963.1 §6.2).
    pub fn modify_reject(
        &mut self,
        _now: Instant,
        call: CallHandle,
        cause: CauseValue,
    ) -> Result<(), Error> {
        let idx = self.resolve(call)?;
        let c = self.call(idx).ok_or(Error::NoSuchCall)?;
        if c.modify != ModifyState::ModifyReceived {
            return Err(Error::InvalidState { state: c.state, request: "modify_reject" });
        }
        let cr = super::wire_cr(c);
        let cause = self.cause(cause, None);
        let m = self.reset_tx(cr, MessageType::ModifyReject);
        let _ = m.ies.cause.push(Ie::new(cause));
        self.transmit()?;
        self.set_modify(idx, ModifyState::Idle);
        Ok(())
    }

    /// The modification sub-state of `call`.
    pub fn modify_state(&self, call: CallHandle) -> ModifyState {
        self.resolve(call).ok().and_then(|i| self.call(i)).map_or(ModifyState::Idle, |c| c.modify)
    }

    pub(super) fn on_modify_message(&mut self, now: Instant, idx: u32, mt: MessageType) {
        let Some((state, modify, cr)) =
            self.call(idx).map(|c| (c.state, c.modify, super::wire_cr(c)))
        else {
            return;
        };
        let h = self.handle(idx);
        if state != CallState::Active {
            return self.unexpected_here(now, idx, mt);
        }
        match (mt, modify) {
            (MessageType::ModifyRequest, ModifyState::Idle) => {
                let Some(td) = self.rx.ies.atm_traffic_descriptor.map(|ie| ie.contents) else {
                    return;
                };
                self.set_modify(idx, ModifyState::ModifyReceived);
                self.push_event(Event::ModifyRequest { call: h, traffic: td });
            }
            // Both sides asked at once: ours stands, theirs is refused.
            (MessageType::ModifyRequest, ModifyState::ModifyRequest) => {
                let c = self
                    .cause(CauseValue::MessageNotCompatibleWithCallState, Some(super::mt_diag(mt)));
                let m = self.reset_tx(cr, MessageType::ModifyReject);
                let _ = m.ies.cause.push(Ie::new(c));
                let _ = self.transmit();
            }
            (MessageType::ModifyAcknowledge, ModifyState::ModifyRequest) => {
                self.stop(idx, Timer::T360);
                self.set_modify(idx, ModifyState::Idle);
                if self.rx.ies.broadband_report_type.is_some() {
                    self.send_simple(cr, MessageType::ConnectionAvailable, None);
                }
                self.push_event(Event::Modified { call: h });
            }
            (MessageType::ModifyReject, ModifyState::ModifyRequest) => {
                self.stop(idx, Timer::T360);
                self.set_modify(idx, ModifyState::Idle);
                let cause = self.rx_cause();
                self.push_event(Event::ModifyRejected { call: h, cause });
            }
            (MessageType::ConnectionAvailable, ModifyState::AwaitingConnectionAvailable) => {
                self.stop(idx, Timer::T361);
                self.set_modify(idx, ModifyState::Idle);
                self.push_event(Event::ConnectionAvailable { call: h, confirmed: true });
            }
            (
                MessageType::ModifyRequest
                | MessageType::ModifyAcknowledge
                | MessageType::ModifyReject
                | MessageType::ConnectionAvailable,
                ModifyState::Idle
                | ModifyState::ModifyRequest
                | ModifyState::ModifyReceived
                | ModifyState::AwaitingConnectionAvailable,
            ) => self.unexpected_here(now, idx, mt),
            _ => self.unexpected_here(now, idx, mt),
        }
    }

    pub(super) fn expire_modify(&mut self, idx: u32, t: Timer) {
        let h = self.handle(idx);
        self.set_modify(idx, ModifyState::Idle);
        match t {
            Timer::T360 => {
                let cause: Cause = self
                    .cause(CauseValue::RecoveryOnTimerExpiry, Some(Diagnostic::Timer(t.digits())));
                self.push_event(Event::ModifyRejected { call: h, cause });
            }
            Timer::T361 => {
                self.push_event(Event::ConnectionAvailable { call: h, confirmed: false })
            }
            Timer::T301 | Timer::T303 | Timer::T308 | Timer::T310 | Timer::T313 | Timer::T322 => {}
        }
    }

    fn set_modify(&mut self, idx: u32, m: ModifyState) {
        if let Some(c) = self.call_mut(idx) {
            c.modify = m;
        }
    }
}

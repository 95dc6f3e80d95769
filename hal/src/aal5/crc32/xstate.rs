//! The capability to use AVX/AVX-512 registers: [`ExtendedStateSaved`].
//!
//! Code that runs in a thread the OS schedules in user mode may use every register state the
//! OS enabled in XCR0: the OS saves it on each context switch. Kernel-mode code may not: on x64
//! Windows a driver may use XMM registers freely, but YMM/ZMM and the AVX-512 opmask registers
//! belong to whatever thread was interrupted, and a driver must bracket their use with
//! `KeSaveExtendedProcessorState` / `KeRestoreExtendedProcessorState` (IRQL ≤ DISPATCH_LEVEL,
//! never in an ISR). This library cannot tell which situation it is in, so the wide CRC kernels
//! run only when the caller hands over a token that only the host can produce.
//!
//! # Producing the token
//!
//! - User-mode hosts (tests, benchmarks, the simulator, `atmctl`): [`ExtendedStateSaved::user_mode`],
//!   a safe constructor that reads the privilege level from the `CS` selector and returns `None`
//!   unless the code runs at CPL 3, then reports the state components XCR0 enables (`XGETBV`,
//!   after checking `OSXSAVE`).
//! - Kernel-mode glue: [`ExtendedStateSaved::new_unchecked`], after a successful
//!   `KeSaveExtendedProcessorState`, borrowing the object whose `Drop` restores the state, so the
//!   token cannot outlive the save. The mask it passes is the intersection of what it saved and
//!   what `RtlGetEnabledExtendedFeatures` reports, e.g.:
//!
//! ```ignore
//! /// Saved extended state; restored on drop. Must not move while saved (the kernel links
//! /// XSTATE_SAVE areas per thread), so it lives on the stack frame that uses it.
//! struct SavedXState { save: XSTATE_SAVE, mask: u64 }
//! impl SavedXState {
//!     fn token(&self) -> ExtendedStateSaved<'_> {
//!         // SAFETY: `KeSaveExtendedProcessorState(self.mask, ..)` returned STATUS_SUCCESS and
//!         // the restore runs only in `Drop`, after every borrow (so every token) has ended.
//!         unsafe { ExtendedStateSaved::new_unchecked(self, self.mask) }
//!     }
//! }
//! ```
//!
//! The token is neither `Send` nor `Sync`: the save covers the current thread (or, at
//! DISPATCH_LEVEL, the current processor) only.

use core::marker::PhantomData;

/// XCR0 / XSTATE bit of the SSE (XMM) state.
pub const XSTATE_SSE: u64 = 1 << 1;
/// XCR0 / XSTATE bit of the upper halves of YMM0–15 (`XSTATE_MASK_AVX`).
pub const XSTATE_AVX: u64 = 1 << 2;
/// XCR0 / XSTATE bits of the AVX-512 state: opmask k0–k7, upper halves of ZMM0–15, ZMM16–31
/// (`XSTATE_MASK_AVX512`).
pub const XSTATE_AVX512: u64 = 0b111 << 5;

/// Proof that, for lifetime `'a` and on the current thread, the AVX/AVX-512 register state
/// named by [`xstate`](Self::xstate) is the caller's to clobber: either saved by the host
/// (`KeSaveExtendedProcessorState`) or preserved by the OS because the code runs in user mode.
#[derive(Debug, Clone, Copy)]
pub struct ExtendedStateSaved<'a> {
    /// XSTATE components (XCR0 bit layout) the holder may use.
    xstate: u64,
    _scope: PhantomData<&'a ()>,
    /// Not `Send`/`Sync`: the save is per thread (or per processor).
    _local: PhantomData<*const ()>,
}

impl<'a> ExtendedStateSaved<'a> {
    /// A token for the state components `xstate` (XCR0 bit layout, e.g.
    /// `XSTATE_AVX | XSTATE_AVX512`), valid while `saved` is borrowed.
    ///
    /// # Safety
    ///
    /// For as long as `saved` is borrowed, on the current thread: the OS has enabled the
    /// components in `xstate` (XCR0; `RtlGetEnabledExtendedFeatures` in the Windows kernel), and
    /// their register contents belong to the caller: saved by a successful
    /// `KeSaveExtendedProcessorState` covering them (IRQL ≤ DISPATCH_LEVEL, not in an ISR) that
    /// is restored only after the borrow ends, or preserved by the OS for user-mode code.
    #[inline]
    pub unsafe fn new_unchecked<G: ?Sized>(saved: &'a G, xstate: u64) -> Self {
        let _ = saved;
        ExtendedStateSaved { xstate, _scope: PhantomData, _local: PhantomData }
    }

    /// The XSTATE components (XCR0 bit layout) this token allows.
    #[inline]
    pub fn xstate(&self) -> u64 {
        self.xstate
    }

    /// This token restricted to the components in `mask` (e.g. to force the AVX2 kernel).
    #[inline]
    pub fn restrict(&self, mask: u64) -> Self {
        ExtendedStateSaved { xstate: self.xstate & mask, ..*self }
    }
}

impl ExtendedStateSaved<'static> {
    /// The token for code running in user mode, where the OS saves every XCR0-enabled
    /// component on context switches. Returns `None` unless the current privilege level (the
    /// low two bits of `CS`) is 3, so kernel-mode code never gets it from here; the components
    /// are those XCR0 enables (none when the OS has not set `CR4.OSXSAVE`), limited to SSE, AVX
    /// and AVX-512. Not for a kernel that itself runs at CPL 3 (x86-64 Xen PV guests).
    pub fn user_mode() -> Option<Self> {
        #[cfg(target_arch = "x86_64")]
        {
            if privilege_level() != 3 {
                return None;
            }
            let xstate = enabled_xstate() & (XSTATE_SSE | XSTATE_AVX | XSTATE_AVX512);
            Some(ExtendedStateSaved { xstate, _scope: PhantomData, _local: PhantomData })
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            None
        }
    }
}

/// The current privilege level: the RPL bits of the code segment selector.
#[cfg(target_arch = "x86_64")]
fn privilege_level() -> u16 {
    let cs: u16;
    // SAFETY: reading the CS selector into a general-purpose register has no side effects, is
    // legal at every privilege level, and touches no memory, stack or flags.
    unsafe {
        core::arch::asm!("mov {0:x}, cs", out(reg) cs, options(nomem, nostack, preserves_flags))
    };
    cs & 3
}

/// XCR0, or 0 when the OS has not enabled `XGETBV` (CPUID.1:ECX.OSXSAVE[bit 27] clear).
#[cfg(target_arch = "x86_64")]
fn enabled_xstate() -> u64 {
    let osxsave = core::arch::x86_64::__cpuid(1).ecx & (1 << 27) != 0;
    if !osxsave {
        return 0;
    }
    // SAFETY: OSXSAVE set means CR4.OSXSAVE is on, which makes XGETBV legal at any privilege
    // level (the only precondition of the `xsave` target feature this call needs).
    unsafe { xcr0() }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "xsave")]
fn xcr0() -> u64 {
    // SAFETY: XCR0 (index 0) always exists when XGETBV is enabled.
    unsafe { core::arch::x86_64::_xgetbv(0) }
}

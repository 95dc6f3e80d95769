//! The AAL5 CRC-32 (I.363.5 §10.1.2, the CPCS-PDU CRC field).
//!
//! The generator is x^32 + x^26 + x^23 + x^22 + x^16 + x^12 + x^11 + x^10 + x^8 + x^7 + x^5 +
//! x^4 + x^2 + x + 1 (0x04C11DB7), processed most significant bit first (not reflected), the
//! register preset to all ones and the result complemented: the catalogue's CRC-32/BZIP2.
//! check("123456789") = 0xFC891918; a valid CPCS-PDU run through the CRC including its own CRC
//! field leaves [`RESIDUE`] (0xC704DD7B) in the register before the final complement.
//!
//! Four kernels compute the same function:
//!
//! - a portable slicing-by-16 table kernel (16 tables of 256 entries, 16 KiB, generated at
//!   compile time), used everywhere and for short inputs and tails;
//! - on x86_64, a carry-less-multiply folding kernel (`clmul`) that folds 128-bit blocks with
//!   `PCLMULQDQ` in eight independent lanes and finishes with a Barrett reduction, plus a
//!   per-cell entry ([`Crc32::copy_update_cell`]) that copies a 48-octet SAR-PDU and folds it
//!   in the same pass, postponing the reduction to the end of the PDU;
//! - on x86_64, two `VPCLMULQDQ` folding kernels ([`WideKernel`]): AVX-512 (ZMM, sixteen
//!   128-bit lanes in four registers, four folds per instruction) and AVX2 (YMM, sixteen lanes
//!   in eight registers). They run only through [`Crc32::update_wide`] / [`crc32_wide`], only
//!   for inputs of 256 octets or more (shorter ones, and the last 0–3 blocks, go through the SSE
//!   kernel), and only when the caller passes an [`ExtendedStateSaved`] token that covers
//!   their register state: see below.
//!
//! Kernel selection needs no std: the SSE folding kernel is used when the crate is compiled
//! with `target_feature = "pclmulqdq"` (and SSE4.1), otherwise after a one-time `CPUID` check
//! whose result is cached in an atomic; the wide kernels after a cached `CPUID` check (leaf 1:
//! PCLMULQDQ, SSSE3, SSE4.1, AVX; leaf 7: AVX2, VPCLMULQDQ, AVX-512 F/BW/VL) *and* the token's
//! XSTATE mask. Without a token ([`Crc32::update`], [`crc32`]) the behaviour is that of the
//! SSE kernel, whatever the CPU: the library never uses YMM/ZMM on its own.
//!
//! # CPU state each kernel touches (kernel-mode note)
//!
//! **Table kernel:** general-purpose registers and the 16 KiB of tables only.
//!
//! **SSE folding kernel** ([`Crc32::update`], [`Crc32::update_cell`],
//! [`Crc32::copy_update_cell`], [`Crc32::register`], [`Crc32::finish`], [`crc32`]): only the
//! 128-bit registers XMM0–XMM15, with legacy (non-VEX) SSE2/SSSE3/PCLMULQDQ instructions:
//! `PCLMULQDQ`, `PSHUFB`, `PXOR`, `MOVDQU`/`MOVDQA`, `PSLLDQ`, `PSRLQ`, `PSLLQ`, `PUNPCKHQDQ`,
//! `MOVQ`/`MOVD` (plus general-purpose registers and `CPUID` once, for the detection). The
//! remainder kept between cell updates is an ordinary 16-octet value in memory (the [`Crc32`]
//! struct), not live register state across calls. It does not read or write MXCSR or x87 state
//! (integer SIMD raises no floating-point exceptions) and never touches the upper halves of
//! YMM/ZMM registers (no AVX, no VEX encoding, as long as the crate is not compiled with
//! `target-feature=+avx`, which the x86_64-pc-windows-msvc target does not enable). XMM6–XMM15
//! are callee-saved in the Microsoft x64 ABI and are saved/restored by the compiled
//! prologue/epilogue; XMM0–XMM5 are volatile and saved by the kernel's trap/interrupt entry. So
//! on x64 Windows the kernel runs at any IRQL without `KeSaveExtendedProcessorState`.
//!
//! **AVX2 wide kernel** ([`WideKernel::Avx2`]): VEX-encoded instructions on YMM0–YMM15, full
//! 256-bit width (the compiler's choice; today `VPCLMULQDQ`, `VPSHUFB`, `VPXOR`, `VMOVDQU`,
//! `VPBROADCASTQ`, `VEXTRACTI128`), then the SSE kernel's instructions VEX-encoded, and
//! `VZEROUPPER` on exit (emitted by the compiler). This is the `XSTATE_MASK_AVX` component
//! ([`XSTATE_AVX`]); no MXCSR, x87 or opmask state.
//!
//! **AVX-512 wide kernel** ([`WideKernel::Avx512`]): EVEX-encoded instructions on ZMM
//! registers (today `VPCLMULQDQ`, `VPSHUFB`, `VPTERNLOGQ`, `VMOVDQU64`, `VPBROADCASTQ`,
//! `VEXTRACTI32X4`, `VPXORD`) plus VEX-encoded 128/256-bit instructions, and `VZEROUPPER` on
//! exit. The current build uses ZMM0–ZMM11 and no opmask register, but that is the compiler's
//! choice, not a guarantee. With AVX-512 enabled the compiler may allocate any
//! of ZMM0–ZMM31 (so XMM16–31 / Hi16_ZMM) and the opmask registers k0–k7, so the whole
//! `XSTATE_MASK_AVX512` (opmask, ZMM_Hi256, Hi16_ZMM: [`XSTATE_AVX512`]) must be considered
//! clobbered, together with `XSTATE_MASK_AVX`. No MXCSR or x87 state.
//!
//! **What a Windows driver must do** to use the wide kernels: at IRQL ≤ DISPATCH_LEVEL and
//! never in an ISR, call `KeSaveExtendedProcessorState(XSTATE_MASK_AVX | XSTATE_MASK_AVX512
//! (intersected with RtlGetEnabledExtendedFeatures), &mut save)`; on success build the token
//! with [`ExtendedStateSaved::new_unchecked`] borrowing the guard that owns `save` and passing
//! the saved mask; call [`Crc32::update_wide`] / [`crc32_wide`]; drop the token, then call
//! `KeRestoreExtendedProcessorState(&mut save)` (the guard's `Drop`) on the same thread and at
//! the same IRQL, nested saves restored in reverse order, the XSTATE_SAVE not moved in between.
//! The save/restore moves about 2 KiB of AVX + AVX-512 state (an XSAVE + XRSTOR of it measures
//! ~130 ns here, the time of ~6 KiB of wide CRC), so it pays only for long buffers or batches
//! (whole PDUs of several KiB, not 48-octet cells). User-mode hosts use
//! [`ExtendedStateSaved::user_mode`].

#[cfg(target_arch = "x86_64")]
mod clmul;
// The AVX-512 / VPCLMULQDQ intrinsics and target features are stable since Rust 1.89, above
// the workspace's declared rust-version (1.85); the pinned `stable` toolchain builds them. The
// workspace rust-version needs raising to 1.89 (outside this module).
#[cfg(target_arch = "x86_64")]
mod vpclmul;
mod xstate;

pub use xstate::{ExtendedStateSaved, XSTATE_AVX, XSTATE_AVX512, XSTATE_SSE};

/// The generator polynomial without its x^32 term (I.363.5 §10.1.2).
pub const POLY: u32 = 0x04C1_1DB7;

/// Register value after running a valid CPCS-PDU, CRC field included, through the CRC
/// (before the final complement).
pub const RESIDUE: u32 = 0xC704_DD7B;

/// Preset of the CRC register (all ones, I.363.5 §10.1.2).
const INIT: u32 = 0xFFFF_FFFF;

/// Final complement of the register.
const XOROUT: u32 = 0xFFFF_FFFF;

/// `TABLES[k][b]` = b(x) · x^(32 + 8k) mod G(x): the contribution of byte `b` followed by `k`
/// further bytes. `TABLES[0]` is the classic byte-at-a-time table.
static TABLES: [[u32; 256]; 16] = make_tables();

// Evaluated only at compile time: an out-of-range index would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
const fn make_tables() -> [[u32; 256]; 16] {
    let mut t = [[0u32; 256]; 16];
    let mut b = 0;
    while b < 256 {
        let mut r = (b as u32) << 24;
        let mut bit = 0;
        while bit < 8 {
            r = if r & 0x8000_0000 != 0 { (r << 1) ^ POLY } else { r << 1 };
            bit += 1;
        }
        t[0][b] = r;
        b += 1;
    }
    let mut k = 1;
    while k < 16 {
        let mut b = 0;
        while b < 256 {
            let prev = t[k - 1][b];
            t[k][b] = (prev << 8) ^ t[0][(prev >> 24) as usize];
            b += 1;
        }
        k += 1;
    }
    t
}

/// One table lookup; a `u8` index into 256 entries can never be out of range, so the
/// fallback is dead code the optimiser removes.
#[inline(always)]
fn lookup(table: &[u32; 256], byte: u8) -> u32 {
    table.get(usize::from(byte)).copied().unwrap_or(0)
}

/// The slicing-by-16 kernel: advances the register `crc` over `data`.
pub fn update_table(mut crc: u32, data: &[u8]) -> u32 {
    let [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15] = &TABLES;
    let mut blocks = data.chunks_exact(16);
    for block in &mut blocks {
        let Some((hi, lo)) = block.split_first_chunk::<8>() else { continue };
        let Ok(lo) = <&[u8; 8]>::try_from(lo) else { continue };
        // Two loads per block; the register lines up with the block's first four octets.
        let hi = u64::from_be_bytes(*hi) ^ (u64::from(crc) << 32);
        let lo = u64::from_be_bytes(*lo);
        let byte = |word: u64, shift: u32| (word >> shift) as u8;
        // Octets 4..16 do not depend on the register: look them up first, so that the loop-
        // carried path is one load and a few XORs, not a chain through all sixteen.
        let data = (lookup(t11, byte(hi, 24)) ^ lookup(t10, byte(hi, 16)))
            ^ (lookup(t9, byte(hi, 8)) ^ lookup(t8, byte(hi, 0)))
            ^ ((lookup(t7, byte(lo, 56)) ^ lookup(t6, byte(lo, 48)))
                ^ (lookup(t5, byte(lo, 40)) ^ lookup(t4, byte(lo, 32))))
            ^ ((lookup(t3, byte(lo, 24)) ^ lookup(t2, byte(lo, 16)))
                ^ (lookup(t1, byte(lo, 8)) ^ lookup(t0, byte(lo, 0))));
        let carried = (lookup(t15, byte(hi, 56)) ^ lookup(t14, byte(hi, 48)))
            ^ (lookup(t13, byte(hi, 40)) ^ lookup(t12, byte(hi, 32)));
        crc = data ^ carried;
    }
    // Tails (common: 44 octets of a last cell, 1500 and 9180 mod 16 = 12) in 8- and 4-octet
    // steps rather than a serial octet chain.
    let mut rest = blocks.remainder();
    if let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let w = u64::from_be_bytes(*word) ^ (u64::from(crc) << 32);
        let byte = |shift: u32| (w >> shift) as u8;
        let data = (lookup(t3, byte(24)) ^ lookup(t2, byte(16)))
            ^ (lookup(t1, byte(8)) ^ lookup(t0, byte(0)));
        crc = data
            ^ (lookup(t7, byte(56)) ^ lookup(t6, byte(48)))
            ^ (lookup(t5, byte(40)) ^ lookup(t4, byte(32)));
        rest = tail;
    }
    if let Some((word, tail)) = rest.split_first_chunk::<4>() {
        let [b0, b1, b2, b3] = (u32::from_be_bytes(*word) ^ crc).to_be_bytes();
        crc = (lookup(t3, b0) ^ lookup(t2, b1)) ^ (lookup(t1, b2) ^ lookup(t0, b3));
        rest = tail;
    }
    for &byte in rest {
        crc = (crc << 8) ^ lookup(t0, byte ^ crc.to_be_bytes()[0]);
    }
    crc
}

/// The kernel this build and CPU use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    /// Portable slicing-by-16 tables.
    Table,
    /// x86_64 `PCLMULQDQ` folding.
    Clmul,
}

/// A VPCLMULQDQ kernel, used only through the `*_wide` entry points with an
/// [`ExtendedStateSaved`] token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WideKernel {
    /// ZMM registers (AVX-512 F/BW/VL + VPCLMULQDQ): needs `XSTATE_AVX | XSTATE_AVX512`.
    Avx512,
    /// YMM registers (AVX2 + VPCLMULQDQ): needs `XSTATE_AVX`.
    Avx2,
}

/// The wide kernel the `*_wide` entry points use under `state`: the widest one the CPU has and
/// the token's XSTATE components allow, or `None` (they then use [`kernel`]).
#[inline]
pub fn wide_kernel(state: &ExtendedStateSaved<'_>) -> Option<WideKernel> {
    #[cfg(target_arch = "x86_64")]
    {
        vpclmul::select(state, None).map(vpclmul::Ready::kernel)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = state;
        None
    }
}

/// The fastest kernel available on this CPU (cached after the first call).
#[inline]
pub fn kernel() -> Kernel {
    #[cfg(target_arch = "x86_64")]
    {
        if clmul::available() {
            return Kernel::Clmul;
        }
    }
    Kernel::Table
}

/// Streaming AAL5 CRC-32.
///
/// `update` may be called with any split of the data; the result does not depend on it. On
/// the folding kernel, updates whose length is a multiple of 16 octets (whole 48-octet cell
/// payloads) keep a 128-bit folded remainder and postpone the final reduction, so that feeding
/// a PDU cell by cell costs one fold per block.
#[derive(Debug, Clone, Copy)]
pub struct Crc32 {
    /// The CRC register (before the final complement), valid while `is_wide` is false.
    crc: u32,
    /// Folded 128-bit remainder of the message so far, congruent to the message modulo G(x),
    /// when the folding kernel postponed its reduction.
    /// Kept in place (not in an `Option`) so the per-cell kernel reads and writes it directly:
    /// one store-to-load hop per cell on the dependency chain.
    wide: Wide,
    /// Whether `wide` holds the state.
    is_wide: bool,
    kernel: Kernel,
}

impl Default for Crc32 {
    fn default() -> Self {
        Self::new()
    }
}

impl Crc32 {
    /// A CRC with the register preset to all ones, using the fastest kernel available.
    #[inline]
    pub fn new() -> Self {
        Self::with_kernel(kernel())
    }

    /// A CRC computed with `kernel`; [`Kernel::Clmul`] falls back to the table kernel when the
    /// CPU lacks it (tests and benchmarks compare the kernels through this).
    pub fn with_kernel(kernel: Kernel) -> Self {
        let kernel = match kernel {
            Kernel::Clmul if self::kernel() == Kernel::Clmul => Kernel::Clmul,
            _ => Kernel::Table,
        };
        Crc32 { crc: INIT, wide: zero_wide(), is_wide: false, kernel }
    }

    /// Advances the CRC over `data`.
    #[inline]
    pub fn update(&mut self, data: &[u8]) {
        match self.kernel {
            Kernel::Table => self.crc = update_table(self.crc, data),
            Kernel::Clmul => self.update_clmul(data),
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn update_clmul(&mut self, data: &[u8]) {
        let wide = if self.is_wide { Some(self.wide) } else { None };
        let (crc, wide) = clmul::update(self.crc, wide, data);
        self.crc = crc;
        if let Some(wide) = wide {
            self.wide = wide;
        }
        self.is_wide = wide.is_some();
    }

    #[cfg(not(target_arch = "x86_64"))]
    #[inline]
    fn update_clmul(&mut self, data: &[u8]) {
        self.crc = update_table(self.crc, data);
    }

    /// Advances the CRC over `data`, with the widest VPCLMULQDQ kernel ([`wide_kernel`]) that
    /// the CPU has and `state` allows for inputs of 256 octets or more; otherwise exactly
    /// [`update`](Self::update). Same result as `update` for any split.
    #[inline]
    pub fn update_wide(&mut self, data: &[u8], state: &ExtendedStateSaved<'_>) {
        self.update_wide_inner(None, data, state);
    }

    /// [`update_wide`](Self::update_wide) restricted to `kernel` (falls back to
    /// [`update`](Self::update) when the CPU or `state` does not allow it); for tests and
    /// benchmarks.
    #[inline]
    pub fn update_wide_with(
        &mut self,
        kernel: WideKernel,
        data: &[u8],
        state: &ExtendedStateSaved<'_>,
    ) {
        self.update_wide_inner(Some(kernel), data, state);
    }

    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn update_wide_inner(
        &mut self,
        want: Option<WideKernel>,
        data: &[u8],
        state: &ExtendedStateSaved<'_>,
    ) {
        // The wide kernels keep the SSE kernel's postponed remainder, so they share its state.
        // Length first: short inputs skip the selection entirely.
        if data.len() < vpclmul::MIN_BLOCKS {
            return self.update(data);
        }
        let Some(ready) = vpclmul::select(state, want) else {
            return self.update(data);
        };
        let wide = if self.is_wide { Some(self.wide) } else { None };
        let (crc, wide) = vpclmul::update(ready, self.crc, wide, data);
        self.crc = crc;
        self.is_wide = false;
        match wide {
            // Only the folding kernel's `update` continues from a postponed remainder.
            Some(wide) if self.kernel == Kernel::Table => self.crc = reduce(wide),
            Some(wide) => {
                self.wide = wide;
                self.is_wide = true;
            }
            None => {}
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    #[inline]
    fn update_wide_inner(
        &mut self,
        _want: Option<WideKernel>,
        data: &[u8],
        _state: &ExtendedStateSaved<'_>,
    ) {
        self.update(data);
    }

    /// Advances over one 48-octet cell payload (SAR-PDU).
    #[inline]
    pub fn update_cell(&mut self, cell: &[u8; 48]) {
        if !self.fold_cell(cell, None) {
            self.update(cell);
        }
    }

    /// Copies `src` into `dst` and advances over it, reading each octet once (the SAR loops:
    /// fragment → cell payload on transmit, cell payload → PDU buffer on receive).
    #[inline]
    pub fn copy_update_cell(&mut self, src: &[u8; 48], dst: &mut [u8; 48]) {
        if !self.fold_cell(src, Some(dst)) {
            dst.copy_from_slice(src);
            self.update(src);
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn fold_cell(&mut self, src: &[u8; 48], dst: Option<&mut [u8; 48]>) -> bool {
        if self.kernel != Kernel::Clmul {
            return false;
        }
        let folded = clmul::cell(self.crc, &mut self.wide, self.is_wide, src, dst);
        self.is_wide |= folded;
        folded
    }

    #[cfg(not(target_arch = "x86_64"))]
    #[inline]
    fn fold_cell(&mut self, _src: &[u8; 48], _dst: Option<&mut [u8; 48]>) -> bool {
        false
    }

    /// The CRC register before the final complement ([`RESIDUE`] after a valid PDU).
    #[inline]
    pub fn register(&self) -> u32 {
        if self.is_wide {
            reduce(self.wide)
        } else {
            self.crc
        }
    }

    /// The CRC-32 of everything passed to `update` (the value carried in the CPCS-PDU).
    #[inline]
    pub fn finish(&self) -> u32 {
        self.register() ^ XOROUT
    }
}

#[cfg(target_arch = "x86_64")]
use clmul::Wide;
/// Elsewhere only the type exists; no kernel produces one.
#[cfg(not(target_arch = "x86_64"))]
type Wide = [u64; 2];

#[cfg(target_arch = "x86_64")]
use clmul::zero as zero_wide;

#[cfg(not(target_arch = "x86_64"))]
fn zero_wide() -> Wide {
    [0, 0]
}

#[cfg(target_arch = "x86_64")]
#[inline]
fn reduce(wide: Wide) -> u32 {
    clmul::reduce(wide)
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn reduce(wide: Wide) -> u32 {
    reduce_table(wide)
}

/// The register W(x)·x^32 mod G(x) for a postponed 128-bit remainder W, with the tables (only
/// the folding kernel postpones, so this is a fallback that keeps every path exact).
fn reduce_table(wide: [u64; 2]) -> u32 {
    let [hi, lo] = wide;
    let mut bytes = [0u8; 16];
    for (dst, src) in bytes.iter_mut().zip(hi.to_be_bytes().into_iter().chain(lo.to_be_bytes())) {
        *dst = src;
    }
    update_table(0, &bytes)
}

/// The AAL5 CRC-32 of `data` (I.363.5 §10.1.2).
#[inline]
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = Crc32::new();
    crc.update(data);
    crc.finish()
}

/// The AAL5 CRC-32 of `data` (I.363.5 §10.1.2), using a VPCLMULQDQ kernel when the CPU has
/// one and `state` allows its register state (see the module doc); else as [`crc32`].
///
/// ```
/// use hal::aal5::crc32::{crc32, crc32_wide, ExtendedStateSaved};
///
/// // A user-mode host: the OS preserves the vector state of this thread.
/// let state = ExtendedStateSaved::user_mode().ok_or("not in user mode")?;
/// let pdu = [0x5Au8; 9180];
/// assert_eq!(crc32_wide(&pdu, &state), crc32(&pdu));
/// assert_eq!(crc32_wide(b"123456789", &state), 0xFC89_1918);
/// # Ok::<(), &str>(())
/// ```
#[inline]
pub fn crc32_wide(data: &[u8], state: &ExtendedStateSaved<'_>) -> u32 {
    let mut crc = Crc32::new();
    crc.update_wide(data, state);
    crc.finish()
}

/// x^n mod G(x), evaluated at compile time for the folding constants.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(crate) const fn x_pow_mod(n: u32) -> u32 {
    let mut r: u32 = 1;
    let mut i = 0;
    while i < n {
        r = if r & 0x8000_0000 != 0 { (r << 1) ^ POLY } else { r << 1 };
        i += 1;
    }
    r
}

/// floor(x^64 / G(x)), the Barrett constant (33 bits).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(crate) const fn barrett_mu() -> u64 {
    // Long division of x^64 by G(x) = x^32 + POLY, one quotient bit per step.
    let g: u128 = (1u128 << 32) | POLY as u128;
    let mut rem: u128 = 1u128 << 64;
    let mut q: u64 = 0;
    let mut bit: i32 = 64;
    while bit >= 32 {
        if rem & (1u128 << bit) != 0 {
            rem ^= g << (bit - 32);
            q |= 1u64 << (bit - 32);
        }
        bit -= 1;
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bitwise(data: &[u8]) -> u32 {
        let mut crc = INIT;
        for &b in data {
            crc ^= u32::from(b) << 24;
            for _ in 0..8 {
                crc = if crc & 0x8000_0000 != 0 { (crc << 1) ^ POLY } else { crc << 1 };
            }
        }
        crc ^ XOROUT
    }

    #[test]
    fn check_value_catalogue() {
        assert_eq!(bitwise(b"123456789"), 0xFC89_1918);
        assert_eq!(update_table(INIT, b"123456789") ^ XOROUT, 0xFC89_1918);
        assert_eq!(crc32(b"123456789"), 0xFC89_1918);
        for kernel in [Kernel::Table, Kernel::Clmul] {
            let mut c = Crc32::with_kernel(kernel);
            c.update(b"123456789");
            assert_eq!(c.finish(), 0xFC89_1918);
        }
    }

    #[test]
    fn empty_input_is_complement_of_preset() {
        assert_eq!(crc32(&[]), 0);
    }

    #[test]
    fn table_matches_bitwise_on_every_length() {
        let data: alloc::vec::Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..data.len() {
            assert_eq!(update_table(INIT, &data[..len]) ^ XOROUT, bitwise(&data[..len]), "{len}");
        }
    }

    #[test]
    fn residue_after_appending_the_crc() {
        let mut msg = alloc::vec::Vec::from(&b"residue check over an arbitrary message"[..]);
        let crc = crc32(&msg);
        msg.extend_from_slice(&crc.to_be_bytes());
        let mut c = Crc32::new();
        c.update(&msg);
        assert_eq!(c.register(), RESIDUE);
    }

    #[test]
    fn folding_constants() {
        // x^32 mod G = POLY by definition; mu for 0x04C11DB7 is 0x1_04D1_01DF.
        assert_eq!(x_pow_mod(32), POLY);
        assert_eq!(x_pow_mod(31), 0x8000_0000);
        assert_eq!(barrett_mu(), 0x1_04D1_01DF);
    }

    #[test]
    fn kernels_agree_on_every_length_and_split() {
        let data: alloc::vec::Vec<u8> =
            (0..1400u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        for len in 0..data.len() {
            let expected = update_table(INIT, &data[..len]) ^ XOROUT;
            let mut one = Crc32::with_kernel(Kernel::Clmul);
            one.update(&data[..len]);
            assert_eq!(one.finish(), expected, "len {len}");
            // Cell-sized pieces keep the remainder wide between updates.
            for kernel in [Kernel::Table, Kernel::Clmul] {
                let mut cells = Crc32::with_kernel(kernel);
                let mut fused = Crc32::with_kernel(kernel);
                let mut copy = alloc::vec::Vec::new();
                for piece in data[..len].chunks(48) {
                    cells.update(piece);
                    match <&[u8; 48]>::try_from(piece) {
                        Ok(whole) => {
                            let mut dst = [0u8; 48];
                            if copy.len() % 96 == 0 {
                                fused.copy_update_cell(whole, &mut dst);
                            } else {
                                dst = *whole;
                                fused.update_cell(whole);
                            }
                            copy.extend_from_slice(&dst);
                        }
                        Err(_) => {
                            fused.update(piece);
                            copy.extend_from_slice(piece);
                        }
                    }
                }
                assert_eq!(cells.finish(), expected, "cells, len {len}");
                assert_eq!(fused.finish(), expected, "fused, len {len}");
                assert_eq!(&copy[..], &data[..len]);
            }
            let split = len / 3;
            let mut two = Crc32::with_kernel(Kernel::Clmul);
            two.update(&data[..split]);
            two.update(&data[split..len]);
            assert_eq!(two.finish(), expected, "split, len {len}");
        }
    }

    #[test]
    fn clmul_kernel_is_selected_on_this_machine_when_present() {
        #[cfg(target_arch = "x86_64")]
        assert_eq!(
            kernel() == Kernel::Clmul,
            std::is_x86_feature_detected!("pclmulqdq") && std::is_x86_feature_detected!("sse4.1")
        );
    }
}

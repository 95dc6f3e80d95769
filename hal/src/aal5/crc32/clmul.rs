//! x86_64 carry-less-multiply folding kernel for the AAL5 CRC-32.
//!
//! Blocks of 16 octets are loaded and byte-reversed so that bit i of the 128-bit register is
//! the coefficient of x^i of that block (the CRC is not reflected). A block A followed by D
//! bits of message is congruent modulo G(x) to A_hi·(x^(D+64) mod G) ⊕ A_lo·(x^D mod G): two
//! `PCLMULQDQ` and a XOR give a value below 2^95 that is XORed into the block D bits later.
//! Long inputs run eight independent lanes (D = 1024) so the multiplier's latency is hidden;
//! the lanes and any last blocks are then folded at their own distances in parallel, and the
//! 128-bit remainder R is turned into the register R·x^32 mod G by two folds (x^96, x^64) and
//! a Barrett reduction with mu = floor(x^64 / G).
//!
//! For AAL5 cells, [`cell`] folds one 48-octet SAR-PDU into a remainder kept in place, so the
//! dependency from one cell to the next is a single fold and one store-to-load hop.
//!
//! Uses SSE2, SSSE3 (`PSHUFB`) and `PCLMULQDQ` instructions, compiled with
//! `pclmulqdq,sse4.1` enabled (the feature set required at detection); see the parent module
//! for the CPU state this touches in kernel mode. Safety: every intrinsic except the loads is
//! a safe call inside `#[target_feature]` functions; those functions are entered only after
//! [`available`] confirmed the features.

use core::arch::x86_64::{
    __m128i, _mm_clmulepi64_si128, _mm_cvtsi128_si32, _mm_cvtsi128_si64, _mm_loadu_si128,
    _mm_move_epi64, _mm_set_epi64x, _mm_set_epi8, _mm_setzero_si128, _mm_shuffle_epi8,
    _mm_slli_si128, _mm_srli_epi64, _mm_storeu_si128, _mm_unpackhi_epi64, _mm_xor_si128,
};
use core::sync::atomic::{AtomicU8, Ordering};

use super::{barrett_mu, update_table, x_pow_mod, POLY};

/// Fold constants for distances of j·128 bits, j = 0..=8: (x^(128j+64) mod G, x^(128j) mod G).
/// Entry 0 is unused (a block at distance 0 is XORed as is). Evaluated at compile time, where an
/// out-of-range index fails the build instead of panicking.
#[allow(clippy::indexing_slicing)]
const FOLD: [[u64; 2]; 9] = {
    let mut k = [[0u64; 2]; 9];
    let mut j = 1;
    while j <= 8 {
        k[j] = [x_pow_mod(128 * j as u32 + 64) as u64, x_pow_mod(128 * j as u32) as u64];
        j += 1;
    }
    k
};
/// x^96 mod G and x^64 mod G: reduce R·x^32 from 160 to 64 bits.
const K96: u64 = x_pow_mod(96) as u64;
const K64: u64 = x_pow_mod(64) as u64;
/// floor(x^64 / G): Barrett reduction from 64 to 32 bits.
const MU: u64 = barrett_mu();

/// Detection result: 0 = not yet known, 1 = absent, 2 = present.
static DETECTED: AtomicU8 = AtomicU8::new(0);

/// Whether this CPU runs the folding kernel (PCLMULQDQ, SSSE3 and SSE4.1).
#[inline]
pub(crate) fn available() -> bool {
    if cfg!(all(target_feature = "pclmulqdq", target_feature = "ssse3", target_feature = "sse4.1"))
    {
        return true;
    }
    match DETECTED.load(Ordering::Relaxed) {
        2 => true,
        1 => false,
        _ => detect(),
    }
}

#[cold]
fn detect() -> bool {
    // CPUID leaf 1, ECX: bit 1 PCLMULQDQ, bit 9 SSSE3, bit 19 SSE4.1. CPUID exists on every
    // x86_64 CPU and only reads identification registers; racing detections store the same.
    let ecx = core::arch::x86_64::__cpuid(1).ecx;
    let present = ecx & (1 << 1) != 0 && ecx & (1 << 9) != 0 && ecx & (1 << 19) != 0;
    DETECTED.store(if present { 2 } else { 1 }, Ordering::Relaxed);
    present
}

/// A postponed 128-bit remainder, kept in an XMM-sized value so that storing and reloading it
/// between updates is one aligned 16-octet access (store-to-load forwarding works).
pub(crate) type Wide = __m128i;

/// Advances the CRC: `crc` is the register, or `wide` a postponed 128-bit remainder that
/// replaces it. Returns the new register, or a new postponed remainder when `data` ended on a
/// block boundary.
#[inline]
pub(crate) fn update(crc: u32, wide: Option<Wide>, data: &[u8]) -> (u32, Option<Wide>) {
    let bulk = data.len() & !15;
    let (blocks, tail) = data.split_at_checked(bulk).unwrap_or((&[], data));
    if blocks.is_empty() || !available() {
        let register = wide.map_or(crc, reduce);
        return (update_table(register, data), None);
    }
    // SAFETY: `available()` confirmed PCLMULQDQ, SSSE3 and SSE4.1 on this CPU, the only
    // precondition of calling a `#[target_feature]` function.
    let folded = unsafe { fold(crc, wide, blocks) };
    if tail.is_empty() {
        (crc, Some(folded))
    } else {
        (update_table(reduce(folded), tail), None)
    }
}

/// Folds one 48-octet cell, copying it to `dst` on the way when given: each octet is read
/// once, and the dependency from one cell to the next is a single fold. `None` when the CPU
/// lacks the kernel (the caller then uses the tables).
#[inline]
pub(crate) fn cell(
    crc: u32,
    wide: &mut Wide,
    is_wide: bool,
    src: &[u8; CELL],
    dst: Option<&mut [u8; CELL]>,
) -> bool {
    if !available() {
        return false;
    }
    // SAFETY: `available()` confirmed PCLMULQDQ, SSSE3 and SSE4.1 on this CPU.
    unsafe { fold_cell(crc, wide, is_wide, src, dst) };
    true
}

/// An all-zero remainder.
#[inline]
pub(crate) fn zero() -> Wide {
    // SAFETY: SSE2 is part of the x86_64 baseline, always present.
    unsafe { zero_sse2() }
}

#[inline]
#[target_feature(enable = "sse2")]
fn zero_sse2() -> Wide {
    _mm_setzero_si128()
}

/// Octets in a cell payload.
const CELL: usize = 48;

/// The CRC register R·x^32 mod G(x) for a postponed remainder R.
#[inline]
pub(crate) fn reduce(wide: Wide) -> u32 {
    if available() {
        // SAFETY: `available()` confirmed the CPU features this function is compiled for.
        unsafe { reduce_sse(wide) }
    } else {
        // Unreachable in practice: only this kernel makes a `Wide`.
        // SAFETY: SSE2 is part of the x86_64 baseline, always present.
        let halves = unsafe { split(wide) };
        super::reduce_table(halves)
    }
}

/// (high, low) 64-bit halves.
#[inline]
#[target_feature(enable = "sse2")]
fn split(wide: Wide) -> [u64; 2] {
    [_mm_cvtsi128_si64(_mm_unpackhi_epi64(wide, wide)) as u64, _mm_cvtsi128_si64(wide) as u64]
}

#[inline]
#[target_feature(enable = "pclmulqdq,sse4.1")]
pub(super) fn constant(k: [u64; 2]) -> __m128i {
    let [hi, lo] = k;
    _mm_set_epi64x(hi as i64, lo as i64)
}

#[inline]
#[target_feature(enable = "pclmulqdq,sse4.1")]
fn fold_constant(j: usize) -> __m128i {
    match FOLD.get(j) {
        Some(&k) => constant(k),
        None => _mm_setzero_si128(),
    }
}

/// A·x^D mod G up to degree 95, with `k` the constants for distance D.
#[inline]
#[target_feature(enable = "pclmulqdq,sse4.1")]
pub(super) fn fold_by(a: __m128i, k: __m128i) -> __m128i {
    _mm_xor_si128(_mm_clmulepi64_si128::<0x11>(a, k), _mm_clmulepi64_si128::<0x00>(a, k))
}

/// Loads the 16 octets at `at` as a polynomial (first octet highest); zero if out of range,
/// which the callers' fixed block sizes rule out (the checks fold away).
#[inline]
#[target_feature(enable = "pclmulqdq,sse4.1")]
fn load(bytes: &[u8], at: usize) -> __m128i {
    let block = match bytes.get(at..) {
        Some(rest) => rest.first_chunk::<16>(),
        None => None,
    };
    let Some(block) = block else {
        return _mm_setzero_si128();
    };
    // SAFETY: `block` is 16 readable octets; MOVDQU has no alignment requirement.
    let raw = unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) };
    _mm_shuffle_epi8(raw, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
}

/// What the first block of new data must absorb: the previous remainder one block earlier, or
/// the register lined up with the block's first 32 bits.
#[inline]
#[target_feature(enable = "pclmulqdq,sse4.1")]
pub(super) fn carry_in(crc: u32, wide: Option<Wide>) -> __m128i {
    match wide {
        Some(w) => fold_by(w, fold_constant(1)),
        None => _mm_set_epi64x(i64::from(crc) << 32, 0),
    }
}

/// Folds `blocks` (a non-empty multiple of 16 octets) after the state (`crc` or `wide`) into
/// one 128-bit remainder.
#[target_feature(enable = "pclmulqdq,sse4.1")]
fn fold(crc: u32, wide: Option<Wide>, blocks: &[u8]) -> Wide {
    let carry_in = carry_in(crc, wide);
    let mut lanes = blocks.chunks_exact(128);
    if blocks.len() >= 256 {
        let mut x = [_mm_setzero_si128(); 8];
        if let Some(first) = lanes.next() {
            x = [
                _mm_xor_si128(load(first, 0), carry_in),
                load(first, 16),
                load(first, 32),
                load(first, 48),
                load(first, 64),
                load(first, 80),
                load(first, 96),
                load(first, 112),
            ];
        }
        let k8 = fold_constant(8);
        for chunk in &mut lanes {
            let Ok(chunk) = <&[u8; 128]>::try_from(chunk) else { continue };
            let [x0, x1, x2, x3, x4, x5, x6, x7] = x;
            x = [
                _mm_xor_si128(fold_by(x0, k8), load(chunk, 0)),
                _mm_xor_si128(fold_by(x1, k8), load(chunk, 16)),
                _mm_xor_si128(fold_by(x2, k8), load(chunk, 32)),
                _mm_xor_si128(fold_by(x3, k8), load(chunk, 48)),
                _mm_xor_si128(fold_by(x4, k8), load(chunk, 64)),
                _mm_xor_si128(fold_by(x5, k8), load(chunk, 80)),
                _mm_xor_si128(fold_by(x6, k8), load(chunk, 96)),
                _mm_xor_si128(fold_by(x7, k8), load(chunk, 112)),
            ];
        }
        // Each lane moves to the end at its own distance; the eight products are independent.
        let [x0, x1, x2, x3, x4, x5, x6, x7] = x;
        let a = _mm_xor_si128(fold_by(x0, fold_constant(7)), fold_by(x1, fold_constant(6)));
        let b = _mm_xor_si128(fold_by(x2, fold_constant(5)), fold_by(x3, fold_constant(4)));
        let c = _mm_xor_si128(fold_by(x4, fold_constant(3)), fold_by(x5, fold_constant(2)));
        let d = _mm_xor_si128(fold_by(x6, fold_constant(1)), x7);
        let acc = _mm_xor_si128(_mm_xor_si128(a, b), _mm_xor_si128(c, d));
        fold_short(acc, lanes.remainder())
    } else {
        // Under 256 octets: the first block absorbs the carry, the rest fold in groups.
        let first = _mm_xor_si128(load(blocks, 0), carry_in);
        fold_short(first, blocks.get(16..).unwrap_or(&[]))
    }
}

/// Folds up to eight blocks at a time after `acc`: every block (and `acc`) is multiplied to
/// the end of its group at once, so the dependency chain is one fold per group.
#[inline]
#[target_feature(enable = "pclmulqdq,sse4.1")]
pub(super) fn fold_short(mut acc: __m128i, blocks: &[u8]) -> __m128i {
    for group in blocks.chunks(128) {
        let n = group.len() / 16;
        let mut sum = fold_by(acc, fold_constant(n));
        let mut i = 0;
        while i < n {
            let block = load(group, i * 16);
            let distance = n - 1 - i;
            let term = if distance == 0 { block } else { fold_by(block, fold_constant(distance)) };
            sum = _mm_xor_si128(sum, term);
            i += 1;
        }
        acc = sum;
    }
    acc
}

#[inline]
#[target_feature(enable = "pclmulqdq,sse4.1")]
fn fold_cell(
    crc: u32,
    wide: &mut Wide,
    is_wide: bool,
    src: &[u8; CELL],
    dst: Option<&mut [u8; CELL]>,
) {
    let ptr = src.as_ptr().cast::<__m128i>();
    // SAFETY: octets 0..16 of the 48-octet `src`; MOVDQU has no alignment requirement.
    let r0 = unsafe { _mm_loadu_si128(ptr) };
    // SAFETY: octets 16..32 of `src` (the offset stays inside the array).
    let r1 = unsafe { _mm_loadu_si128(ptr.wrapping_add(1)) };
    // SAFETY: octets 32..48 of `src`.
    let r2 = unsafe { _mm_loadu_si128(ptr.wrapping_add(2)) };
    if let Some(dst) = dst {
        let out = dst.as_mut_ptr().cast::<__m128i>();
        // SAFETY: octets 0..16 of the exclusively borrowed 48-octet `dst`; no alignment needed.
        unsafe { _mm_storeu_si128(out, r0) };
        // SAFETY: octets 16..32 of `dst`.
        unsafe { _mm_storeu_si128(out.wrapping_add(1), r1) };
        // SAFETY: octets 32..48 of `dst`.
        unsafe { _mm_storeu_si128(out.wrapping_add(2), r2) };
    }
    let reverse = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    let (b0, b1, b2) = (
        _mm_shuffle_epi8(r0, reverse),
        _mm_shuffle_epi8(r1, reverse),
        _mm_shuffle_epi8(r2, reverse),
    );
    let body = _mm_xor_si128(fold_by(b1, fold_constant(1)), b2);
    *wide = if is_wide {
        // The previous remainder is the only input from the last cell: one fold deep.
        let rest = _mm_xor_si128(fold_by(b0, fold_constant(2)), body);
        _mm_xor_si128(fold_by(*wide, fold_constant(3)), rest)
    } else {
        let first = _mm_xor_si128(b0, _mm_set_epi64x(i64::from(crc) << 32, 0));
        _mm_xor_si128(fold_by(first, fold_constant(2)), body)
    };
}

/// R·x^32 mod G(x) for a 128-bit remainder R.
#[target_feature(enable = "pclmulqdq,sse4.1")]
fn reduce_sse(r: Wide) -> u32 {
    let k = _mm_set_epi64x(K64 as i64, K96 as i64);
    // R·x^32 = R_hi·x^96 + R_lo·x^32 ≡ R_hi·(x^96 mod G) ⊕ R_lo·x^32: below 2^96.
    let t =
        _mm_xor_si128(_mm_clmulepi64_si128::<0x01>(r, k), _mm_slli_si128::<4>(_mm_move_epi64(r)));
    // T = T_hi·x^64 + T_lo ≡ T_hi·(x^64 mod G) ⊕ T_lo: below 2^64.
    let u = _mm_xor_si128(_mm_clmulepi64_si128::<0x11>(t, k), _mm_move_epi64(t));
    // Barrett: q = floor(floor(U / x^32)·mu / x^32); U mod G = low 32 bits of U ⊕ q·G.
    let b = _mm_set_epi64x(i64::from(POLY), MU as i64);
    let q = _mm_srli_epi64::<32>(_mm_clmulepi64_si128::<0x00>(_mm_srli_epi64::<32>(u), b));
    let rem = _mm_xor_si128(u, _mm_clmulepi64_si128::<0x10>(q, b));
    _mm_cvtsi128_si32(rem) as u32
}

//! x86_64 VPCLMULQDQ folding kernels for the AAL5 CRC-32: AVX-512 (ZMM, four 128-bit folds
//! per instruction) and AVX2 (YMM, two per instruction).
//!
//! Same algebra as the SSE kernel (`clmul`): each 128-bit block, byte-reversed so bit i is the
//! coefficient of x^i, is moved D bits forward as A_hi·(x^(D+64) mod G) ⊕ A_lo·(x^D mod G).
//! The AVX-512 kernel keeps 16 lanes (four ZMM accumulators of four blocks, 256 octets per
//! step, D = 2048); the AVX2 kernel keeps 16 lanes in eight YMM accumulators. The lanes are
//! then folded at their own distances into one 128-bit remainder, any last blocks are folded by
//! the SSE kernel's short path, and the remainder is kept (postponed) or reduced exactly as the
//! SSE kernel does.
//!
//! Entered only through [`select`], which requires both the CPU features (`CPUID`, cached) and
//! the caller's [`ExtendedStateSaved`] token naming the register state the kernel clobbers.

use core::arch::x86_64::{
    __m256i, __m512i, _mm256_broadcastsi128_si256, _mm256_clmulepi64_epi128,
    _mm256_extracti128_si256, _mm256_inserti128_si256, _mm256_loadu_si256, _mm256_setzero_si256,
    _mm256_shuffle_epi8, _mm256_xor_si256, _mm512_broadcast_i32x4, _mm512_clmulepi64_epi128,
    _mm512_extracti32x4_epi32, _mm512_inserti32x4, _mm512_loadu_si512, _mm512_set_epi64,
    _mm512_setzero_si512, _mm512_shuffle_epi8, _mm512_ternarylogic_epi64, _mm512_xor_si512,
    _mm_set_epi8, _mm_xor_si128,
};
use core::sync::atomic::{AtomicU8, Ordering};

use super::clmul::{self, Wide};
use super::xstate::{ExtendedStateSaved, XSTATE_AVX, XSTATE_AVX512};
use super::{update_table, x_pow_mod, WideKernel};

/// Inputs with fewer block octets than this go to the SSE kernel: below it the wide kernel's
/// set-up and lane combination cost more than they save.
pub(crate) const MIN_BLOCKS: usize = 256;

/// Detection result: bit 0 = known, bit 1 = AVX2 + VPCLMULQDQ, bit 2 = AVX-512 F/BW/VL +
/// VPCLMULQDQ (each with PCLMULQDQ, SSSE3 and SSE4.1 for the shared short path).
static DETECTED: AtomicU8 = AtomicU8::new(0);
const KNOWN: u8 = 1;
const HAS_AVX2: u8 = 2;
const HAS_AVX512: u8 = 4;

fn cpu() -> u8 {
    match DETECTED.load(Ordering::Relaxed) {
        0 => detect(),
        bits => bits,
    }
}

#[cold]
fn detect() -> u8 {
    use core::arch::x86_64::{__cpuid, __cpuid_count};
    // CPUID only reads identification registers; racing detections store the same value.
    let max_leaf = __cpuid(0).eax;
    let leaf1 = __cpuid(1).ecx;
    // Leaf 1 ECX: 1 PCLMULQDQ, 9 SSSE3, 19 SSE4.1, 28 AVX.
    let base = [1, 9, 19, 28].iter().all(|bit| leaf1 & (1 << bit) != 0);
    let mut bits = KNOWN;
    if base && max_leaf >= 7 {
        let leaf7 = __cpuid_count(7, 0);
        // Leaf 7 EBX: 5 AVX2, 16 AVX512F, 30 AVX512BW, 31 AVX512VL; ECX: 10 VPCLMULQDQ.
        let vpclmul = leaf7.ecx & (1 << 10) != 0;
        let avx2 = leaf7.ebx & (1 << 5) != 0;
        let avx512 = [16, 30, 31].iter().all(|bit| leaf7.ebx & (1u32 << bit) != 0);
        if vpclmul && avx2 {
            bits |= HAS_AVX2;
            if avx512 {
                bits |= HAS_AVX512;
            }
        }
    }
    DETECTED.store(bits, Ordering::Relaxed);
    bits
}

/// A wide kernel the CPU has and the token allows; only [`select`] makes one, which is what
/// makes entering the `#[target_feature]` functions sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ready(WideKernel);

/// The wide kernel to use under `state`: `want`, or the widest available when `None`.
pub(crate) fn select(state: &ExtendedStateSaved<'_>, want: Option<WideKernel>) -> Option<Ready> {
    let cpu = cpu();
    let xstate = state.xstate();
    // XMM (legacy SSE) state needs no token: kernel code may use it freely, and the Windows
    // glue saves only XSTATE_MASK_AVX | XSTATE_MASK_AVX512.
    let avx2 = xstate & XSTATE_AVX != 0 && cpu & HAS_AVX2 != 0;
    let avx512 = avx2 && xstate & XSTATE_AVX512 == XSTATE_AVX512 && cpu & HAS_AVX512 != 0;
    match want {
        Some(WideKernel::Avx512) | None if avx512 => Some(Ready(WideKernel::Avx512)),
        Some(WideKernel::Avx2) | None if avx2 => Some(Ready(WideKernel::Avx2)),
        _ => None,
    }
}

impl Ready {
    pub(crate) fn kernel(self) -> WideKernel {
        self.0
    }
}

/// Advances the CRC like `clmul::update`, folding long inputs with the wide kernel.
#[inline]
pub(crate) fn update(
    ready: Ready,
    crc: u32,
    wide: Option<Wide>,
    data: &[u8],
) -> (u32, Option<Wide>) {
    let bulk = data.len() & !15;
    let (blocks, tail) = data.split_at_checked(bulk).unwrap_or((&[], data));
    if blocks.len() < MIN_BLOCKS {
        return clmul::update(crc, wide, data);
    }
    let folded = match ready.0 {
        // SAFETY: `ready` comes from `select`, which confirmed the CPU has AVX-512 F/BW/VL,
        // VPCLMULQDQ, PCLMULQDQ and SSE4.1 and the caller's token covers the AVX and AVX-512
        // register state (the OS enabled it and it is the caller's to clobber).
        WideKernel::Avx512 => unsafe { fold_avx512(crc, wide, blocks) },
        // SAFETY: as above for AVX2, VPCLMULQDQ, PCLMULQDQ, SSE4.1 and the AVX state.
        WideKernel::Avx2 => unsafe { fold_avx2(crc, wide, blocks) },
    };
    if tail.is_empty() {
        (crc, Some(folded))
    } else {
        (update_table(clmul::reduce(folded), tail), None)
    }
}

/// (x^(d+64) mod G, x^d mod G): the constants that move a block `d` bits forward.
const fn distance(d: u32) -> [u64; 2] {
    [x_pow_mod(d + 64) as u64, x_pow_mod(d) as u64]
}

/// Four ZMM accumulators of four blocks: each lane moves 16 blocks per step.
const Z_STEP: [u64; 2] = distance(16 * 128);
/// Accumulator j of 4 moves (3 - j)·512 bits to the end.
const Z_COMBINE: [[u64; 2]; 3] = [distance(3 * 512), distance(2 * 512), distance(512)];
/// One ZMM (four blocks) moves 512 bits per 64-octet step.
const Z_ONE: [u64; 2] = distance(512);
/// Lane j of 4 moves (3 - j)·128 bits; lane 3 is added as is.
const Z_LANES: [[u64; 2]; 3] = [distance(3 * 128), distance(2 * 128), distance(128)];

/// Eight YMM accumulators of two blocks: each lane moves 16 blocks per step.
const Y_STEP: [u64; 2] = distance(16 * 128);
/// Accumulator j of 8 moves (7 - j)·256 bits to the end (j = 0..7).
const Y_COMBINE: [[u64; 2]; 7] = [
    distance(7 * 256),
    distance(6 * 256),
    distance(5 * 256),
    distance(4 * 256),
    distance(3 * 256),
    distance(2 * 256),
    distance(256),
];
/// One YMM (two blocks) moves 256 bits per 32-octet step.
const Y_ONE: [u64; 2] = distance(256);
/// Lane 0 of 2 moves 128 bits.
const Y_LANE: [u64; 2] = distance(128);

/// Byte reversal within each 128-bit lane (PSHUFB control).
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,vpclmulqdq,pclmulqdq,sse4.1")]
fn reverse512() -> __m512i {
    _mm512_broadcast_i32x4(_mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,vpclmulqdq,pclmulqdq,sse4.1")]
fn splat512(k: [u64; 2]) -> __m512i {
    _mm512_broadcast_i32x4(clmul::constant(k))
}

/// The 64 octets at `at` as four byte-reversed blocks; zero if out of range, which the
/// callers' fixed chunk sizes rule out (the checks fold away).
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,vpclmulqdq,pclmulqdq,sse4.1")]
fn load512(bytes: &[u8], at: usize, reverse: __m512i) -> __m512i {
    let chunk = match bytes.get(at..) {
        Some(rest) => rest.first_chunk::<64>(),
        None => None,
    };
    let Some(chunk) = chunk else {
        return _mm512_setzero_si512();
    };
    // SAFETY: `chunk` is 64 readable octets; VMOVDQU64 has no alignment requirement.
    let raw = unsafe { _mm512_loadu_si512(chunk.as_ptr().cast()) };
    _mm512_shuffle_epi8(raw, reverse)
}

/// Each lane of `a` moved forward by the distance in `k`, XORed with `b` (one VPTERNLOGQ).
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,vpclmulqdq,pclmulqdq,sse4.1")]
fn fold_xor512(a: __m512i, k: __m512i, b: __m512i) -> __m512i {
    let hi = _mm512_clmulepi64_epi128::<0x11>(a, k);
    let lo = _mm512_clmulepi64_epi128::<0x00>(a, k);
    _mm512_ternarylogic_epi64::<0x96>(hi, lo, b)
}

/// Folds `blocks` (a multiple of 16 octets, at least 256) after the state into one 128-bit
/// remainder with the AVX-512 kernel.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,vpclmulqdq,pclmulqdq,sse4.1")]
fn fold_avx512(crc: u32, wide: Option<Wide>, blocks: &[u8]) -> Wide {
    let reverse = reverse512();
    let carry = _mm512_inserti32x4::<0>(_mm512_setzero_si512(), clmul::carry_in(crc, wide));
    let mut steps = blocks.chunks_exact(256);
    let mut x = [_mm512_setzero_si512(); 4];
    if let Some(first) = steps.next() {
        x = [
            _mm512_xor_si512(load512(first, 0, reverse), carry),
            load512(first, 64, reverse),
            load512(first, 128, reverse),
            load512(first, 192, reverse),
        ];
    }
    let k = splat512(Z_STEP);
    for step in &mut steps {
        let Ok(step) = <&[u8; 256]>::try_from(step) else { continue };
        let [x0, x1, x2, x3] = x;
        x = [
            fold_xor512(x0, k, load512(step, 0, reverse)),
            fold_xor512(x1, k, load512(step, 64, reverse)),
            fold_xor512(x2, k, load512(step, 128, reverse)),
            fold_xor512(x3, k, load512(step, 192, reverse)),
        ];
    }
    // The accumulators move to the end at their own distances; the products are independent.
    let [x0, x1, x2, x3] = x;
    let [c0, c1, c2] = Z_COMBINE;
    let a = fold_xor512(x0, splat512(c0), x3);
    let b = fold_xor512(x1, splat512(c1), a);
    let mut acc = fold_xor512(x2, splat512(c2), b);
    let mut quads = steps.remainder().chunks_exact(64);
    let one = splat512(Z_ONE);
    for quad in &mut quads {
        acc = fold_xor512(acc, one, load512(quad, 0, reverse));
    }
    // Four lanes to one: lanes 0..3 move (3 - j)·128 bits, lane 3 stays.
    let [l0, l1, l2] = Z_LANES;
    let lanes = _mm512_set_epi64(
        0,
        0,
        l2[0] as i64,
        l2[1] as i64,
        l1[0] as i64,
        l1[1] as i64,
        l0[0] as i64,
        l0[1] as i64,
    );
    let moved = fold_xor512(acc, lanes, _mm512_setzero_si512());
    let r = _mm_xor_si128(
        _mm_xor_si128(_mm512_extracti32x4_epi32::<0>(moved), _mm512_extracti32x4_epi32::<1>(moved)),
        _mm_xor_si128(_mm512_extracti32x4_epi32::<2>(moved), _mm512_extracti32x4_epi32::<3>(acc)),
    );
    clmul::fold_short(r, quads.remainder())
}

#[inline]
#[target_feature(enable = "avx2,vpclmulqdq,pclmulqdq,sse4.1")]
fn splat256(k: [u64; 2]) -> __m256i {
    _mm256_broadcastsi128_si256(clmul::constant(k))
}

/// The 32 octets at `at` as two byte-reversed blocks; zero if out of range (ruled out by the
/// callers, the checks fold away).
#[inline]
#[target_feature(enable = "avx2,vpclmulqdq,pclmulqdq,sse4.1")]
fn load256(bytes: &[u8], at: usize, reverse: __m256i) -> __m256i {
    let chunk = match bytes.get(at..) {
        Some(rest) => rest.first_chunk::<32>(),
        None => None,
    };
    let Some(chunk) = chunk else {
        return _mm256_setzero_si256();
    };
    // SAFETY: `chunk` is 32 readable octets; VMOVDQU has no alignment requirement.
    let raw = unsafe { _mm256_loadu_si256(chunk.as_ptr().cast()) };
    _mm256_shuffle_epi8(raw, reverse)
}

/// Each lane of `a` moved forward by the distance in `k`, XORed with `b`.
#[inline]
#[target_feature(enable = "avx2,vpclmulqdq,pclmulqdq,sse4.1")]
fn fold_xor256(a: __m256i, k: __m256i, b: __m256i) -> __m256i {
    let hi = _mm256_clmulepi64_epi128::<0x11>(a, k);
    let lo = _mm256_clmulepi64_epi128::<0x00>(a, k);
    _mm256_xor_si256(_mm256_xor_si256(hi, lo), b)
}

/// Folds `blocks` (a multiple of 16 octets, at least 256) after the state into one 128-bit
/// remainder with the AVX2 kernel.
#[target_feature(enable = "avx2,vpclmulqdq,pclmulqdq,sse4.1")]
fn fold_avx2(crc: u32, wide: Option<Wide>, blocks: &[u8]) -> Wide {
    let reverse = _mm256_broadcastsi128_si256(_mm_set_epi8(
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    ));
    let carry = _mm256_inserti128_si256::<0>(_mm256_setzero_si256(), clmul::carry_in(crc, wide));
    let mut steps = blocks.chunks_exact(256);
    let mut x = [_mm256_setzero_si256(); 8];
    if let Some(first) = steps.next() {
        for (j, lane) in x.iter_mut().enumerate() {
            *lane = load256(first, 32 * j, reverse);
        }
        let [x0, ..] = &mut x;
        *x0 = _mm256_xor_si256(*x0, carry);
    }
    let k = splat256(Y_STEP);
    for step in &mut steps {
        let Ok(step) = <&[u8; 256]>::try_from(step) else { continue };
        for (j, lane) in x.iter_mut().enumerate() {
            *lane = fold_xor256(*lane, k, load256(step, 32 * j, reverse));
        }
    }
    // Accumulator j moves (7 - j)·256 bits; the seven products are independent.
    let [x0, x1, x2, x3, x4, x5, x6, x7] = x;
    let [c0, c1, c2, c3, c4, c5, c6] = Y_COMBINE;
    let a = fold_xor256(x0, splat256(c0), fold_xor256(x1, splat256(c1), x7));
    let b = fold_xor256(x2, splat256(c2), fold_xor256(x3, splat256(c3), a));
    let c = fold_xor256(x4, splat256(c4), fold_xor256(x5, splat256(c5), b));
    let mut acc = fold_xor256(x6, splat256(c6), c);
    let mut pairs = steps.remainder().chunks_exact(32);
    let one = splat256(Y_ONE);
    for pair in &mut pairs {
        acc = fold_xor256(acc, one, load256(pair, 0, reverse));
    }
    // Two lanes to one: lane 0 moves 128 bits, lane 1 stays.
    let lane0 = clmul::fold_by(_mm256_extracti128_si256::<0>(acc), clmul::constant(Y_LANE));
    let r = _mm_xor_si128(lane0, _mm256_extracti128_si256::<1>(acc));
    clmul::fold_short(r, pairs.remainder())
}

#[cfg(test)]
mod tests {
    use super::super::xstate::XSTATE_SSE;
    use super::*;

    #[test]
    fn ready_needs_the_token_state() {
        // SAFETY: test-only token with no components: it permits nothing wide.
        let none = unsafe { ExtendedStateSaved::new_unchecked(&(), 0) };
        assert_eq!(select(&none, None), None);
        let sse_only = none.restrict(0);
        assert_eq!(select(&sse_only, Some(WideKernel::Avx2)), None);
        if let Some(user) = ExtendedStateSaved::user_mode() {
            let avx_only = user.restrict(XSTATE_SSE | XSTATE_AVX);
            assert_ne!(select(&avx_only, None).map(Ready::kernel), Some(WideKernel::Avx512));
            assert_eq!(select(&avx_only, Some(WideKernel::Avx512)), None);
        }
    }
}

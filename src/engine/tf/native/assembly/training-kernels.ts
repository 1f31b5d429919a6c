// AssemblyScript: training kernels for tfjs's WASM backend, compiled to one
// small WebAssembly module with SIMD (npm run build:kernels). The module
// imports the backend's own memory, so every pointer here is a byte offset
// into the heap where tfjs keeps its tensors: inputs are read and outputs
// written where they lie. The module has no data segment, no stack and no
// allocator of its own, so it never touches bytes it was not given.
//
// Layouts are tfjs's: activations NHWC, convolution filters [kh, kw, ci, co].
// A forward convolution maps output row o to input row o * s + k * d - pad.

/** Bytes per float32. */
const F = 4;

/**
 * a * b + c per lane. With relaxed SIMD (the -relaxed binaries) this is one
 * fused multiply-add where the CPU has one, which may round once instead of
 * twice; the kernel tests' tolerance covers either.
 */
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

// ---- Conv2D (forward) ------------------------------------------------------
// y[n, oh, ow, o] = bias[o] + sum over taps (a, b) and input channels c of
// x[n, oh * sh + a * dh - padTop, ow * sw + b * dw - padLeft, c] * f[a, b, c, o],
// then max(0, y) when `relu`. Output channels go in blocks of 8 (needs
// co % 8 == 0): four neighbouring output pixels of a row at a time when
// sw == 1 (the last four of a row overlap the previous block rather than
// falling back to single pixels), one pixel at a time otherwise.

export function conv2d(
  x: usize, f: usize, bias: usize, out: usize,
  n: i32, h: i32, w: i32, ci: i32,
  ho: i32, wo: i32, co: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, padTop: i32, padLeft: i32,
  hasBias: bool, relu: bool,
): void {
  const quads = sw == 1 && wo >= 4;
  for (let img = 0; img < n; img++) {
    for (let oh = 0; oh < ho; oh++) {
      const rowOut = out + <usize>(((img * ho + oh) * wo) * co * F);
      if (quads) {
        for (let ow = 0; ow < wo; ow += 4) {
          const at = min(ow, wo - 4);
          for (let o = 0; o < co; o += 8) {
            forwardBlock4x8(x, f, bias, rowOut + <usize>((at * co + o) * F), img, h, w, ci, co, kh, kw, oh * sh - padTop, at - padLeft, dh, dw, o, hasBias, relu);
          }
        }
      } else {
        for (let ow = 0; ow < wo; ow++) {
          for (let o = 0; o < co; o += 8) {
            forwardBlock1x8(x, f, bias, rowOut + <usize>((ow * co + o) * F), img, h, w, ci, co, kh, kw, oh * sh - padTop, ow * sw - padLeft, dh, dw, o, hasBias, relu);
          }
        }
      }
    }
  }
}

/** Output pixels (ih0, iw0 + 0..3) x output channels o..o+7; ih0 and iw0 are the first tap's input position. */
@inline function forwardBlock4x8(
  x: usize, f: usize, bias: usize, px: usize, img: i32, h: i32, w: i32, ci: i32, co: i32,
  kh: i32, kw: i32, ih0: i32, iw0: i32, dh: i32, dw: i32, o: i32, hasBias: bool, relu: bool,
): void {
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0);
  if (hasBias) {
    a0 = v128.load(bias + <usize>(o * F));
    b0 = v128.load(bias + <usize>(o * F), 16);
  }
  let a1 = a0, b1 = b0, a2 = a0, b2 = b0, a3 = a0, b3 = b0;
  const fStep = <usize>(co * F);
  const pxStep = <usize>(ci * F);
  for (let a = 0; a < kh; a++) {
    const ih = ih0 + a * dh;
    if (ih < 0) continue;
    if (ih >= h) break;
    const xRow = x + <usize>(((img * h + ih) * w) * ci * F);
    for (let b = 0; b < kw; b++) {
      const iw = iw0 + b * dw;
      if (iw + 3 < 0) continue;
      if (iw >= w) break;
      let fp = f + <usize>(((a * kw + b) * ci * co + o) * F);
      if (iw >= 0 && iw + 3 < w) {
        let xp = xRow + <usize>(iw * ci * F);
        for (let c = 0; c < ci; c++) {
          const f0 = v128.load(fp);
          const f1 = v128.load(fp, 16);
          const g0 = v128.load32_splat(xp);
          const g1 = v128.load32_splat(xp + pxStep);
          const g2 = v128.load32_splat(xp + 2 * pxStep);
          const g3 = v128.load32_splat(xp + 3 * pxStep);
          a0 = madd(g0, f0, a0); b0 = madd(g0, f1, b0);
          a1 = madd(g1, f0, a1); b1 = madd(g1, f1, b1);
          a2 = madd(g2, f0, a2); b2 = madd(g2, f1, b2);
          a3 = madd(g3, f0, a3); b3 = madd(g3, f1, b3);
          xp += F;
          fp += fStep;
        }
      } else {
        // Border: pixels whose tap falls in the padding read column 0 and are masked off.
        const m0 = iw >= 0 && iw < w, m1 = iw + 1 >= 0 && iw + 1 < w;
        const m2 = iw + 2 >= 0 && iw + 2 < w, m3 = iw + 3 >= 0 && iw + 3 < w;
        let p0 = xRow + <usize>((m0 ? iw : 0) * ci * F), p1 = xRow + <usize>((m1 ? iw + 1 : 0) * ci * F);
        let p2 = xRow + <usize>((m2 ? iw + 2 : 0) * ci * F), p3 = xRow + <usize>((m3 ? iw + 3 : 0) * ci * F);
        const k0 = f32x4.splat(m0 ? 1 : 0), k1 = f32x4.splat(m1 ? 1 : 0);
        const k2 = f32x4.splat(m2 ? 1 : 0), k3 = f32x4.splat(m3 ? 1 : 0);
        for (let c = 0; c < ci; c++) {
          const f0 = v128.load(fp);
          const f1 = v128.load(fp, 16);
          const g0 = f32x4.mul(v128.load32_splat(p0), k0);
          const g1 = f32x4.mul(v128.load32_splat(p1), k1);
          const g2 = f32x4.mul(v128.load32_splat(p2), k2);
          const g3 = f32x4.mul(v128.load32_splat(p3), k3);
          a0 = madd(g0, f0, a0); b0 = madd(g0, f1, b0);
          a1 = madd(g1, f0, a1); b1 = madd(g1, f1, b1);
          a2 = madd(g2, f0, a2); b2 = madd(g2, f1, b2);
          a3 = madd(g3, f0, a3); b3 = madd(g3, f1, b3);
          p0 += F; p1 += F; p2 += F; p3 += F;
          fp += fStep;
        }
      }
    }
  }
  if (relu) {
    const z = f32x4.splat(0);
    a0 = f32x4.max(a0, z); b0 = f32x4.max(b0, z); a1 = f32x4.max(a1, z); b1 = f32x4.max(b1, z);
    a2 = f32x4.max(a2, z); b2 = f32x4.max(b2, z); a3 = f32x4.max(a3, z); b3 = f32x4.max(b3, z);
  }
  const row = <usize>(co * F);
  v128.store(px, a0); v128.store(px, b0, 16);
  v128.store(px + row, a1); v128.store(px + row, b1, 16);
  v128.store(px + 2 * row, a2); v128.store(px + 2 * row, b2, 16);
  v128.store(px + 3 * row, a3); v128.store(px + 3 * row, b3, 16);
}

@inline function forwardBlock1x8(
  x: usize, f: usize, bias: usize, px: usize, img: i32, h: i32, w: i32, ci: i32, co: i32,
  kh: i32, kw: i32, ih0: i32, iw0: i32, dh: i32, dw: i32, o: i32, hasBias: bool, relu: bool,
): void {
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0);
  if (hasBias) {
    a0 = v128.load(bias + <usize>(o * F));
    b0 = v128.load(bias + <usize>(o * F), 16);
  }
  // Two partial sums per half, so that consecutive multiply-adds do not wait on each other.
  let a1 = f32x4.splat(0), b1 = f32x4.splat(0);
  const fStep = <usize>(co * F);
  for (let a = 0; a < kh; a++) {
    const ih = ih0 + a * dh;
    if (ih < 0) continue;
    if (ih >= h) break;
    for (let b = 0; b < kw; b++) {
      const iw = iw0 + b * dw;
      if (iw < 0) continue;
      if (iw >= w) break;
      let xp = x + <usize>((((img * h + ih) * w + iw) * ci) * F);
      let fp = f + <usize>(((a * kw + b) * ci * co + o) * F);
      let c = 0;
      for (; c + 2 <= ci; c += 2) {
        const g0 = v128.load32_splat(xp);
        const g1 = v128.load32_splat(xp, 4);
        a0 = madd(g0, v128.load(fp), a0); b0 = madd(g0, v128.load(fp, 16), b0);
        a1 = madd(g1, v128.load(fp + fStep), a1); b1 = madd(g1, v128.load(fp + fStep, 16), b1);
        xp += 2 * F;
        fp += 2 * fStep;
      }
      if (c < ci) {
        const g0 = v128.load32_splat(xp);
        a0 = madd(g0, v128.load(fp), a0); b0 = madd(g0, v128.load(fp, 16), b0);
      }
    }
  }
  a0 = f32x4.add(a0, a1);
  b0 = f32x4.add(b0, b1);
  if (relu) {
    a0 = f32x4.max(a0, f32x4.splat(0));
    b0 = f32x4.max(b0, f32x4.splat(0));
  }
  v128.store(px, a0); v128.store(px, b0, 16);
}

// ---- Conv2DBackpropFilter --------------------------------------------------
// dw[a, b, c, o] = sum over (n, oh, ow) of x[n, ih, iw, c] * dy[n, oh, ow, o]
// with ih = oh * sh + a * dh - padTop, iw = ow * sw + b * dw - padLeft.
// Per tap (a, b) it is a matrix product over the output pixels. The pixels go
// in tiles of a few output rows, so that a tile's x and dy stay in cache while
// every (4 input x 8 output channel) block of dw sums over it in registers.
// Needs co % 4 == 0.

/** Output rows per tile: a tile of dy is ROWS * wo * co floats. */
const ROWS = 4;

/** First output index o with o * s + off >= 0. */
@inline function firstValid(off: i32, s: i32): i32 {
  return off >= 0 ? 0 : (-off + s - 1) / s;
}

/** One past the last output index o < outSize with o * s + off < size. */
@inline function endValid(off: i32, s: i32, size: i32, outSize: i32): i32 {
  const last = size - 1 - off;
  if (last < 0) return 0;
  return min(outSize, last / s + 1);
}

export function conv2dBackpropFilter(
  x: usize, dy: usize, out: usize,
  n: i32, h: i32, w: i32, ci: i32,
  ho: i32, wo: i32, co: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, padTop: i32, padLeft: i32,
): void {
  memory.fill(out, 0, <usize>(kh * kw * ci * co * F));
  for (let img = 0; img < n; img++) {
    for (let r0 = 0; r0 < ho; r0 += ROWS) {
      const r1 = min(ho, r0 + ROWS);
      for (let a = 0; a < kh; a++) {
        const offH = a * dh - padTop;
        const oh0 = max(r0, firstValid(offH, sh));
        const oh1 = min(r1, endValid(offH, sh, h, ho));
        if (oh0 >= oh1) continue;
        for (let b = 0; b < kw; b++) {
          const offW = b * dw - padLeft;
          const ow0 = firstValid(offW, sw);
          const ow1 = endValid(offW, sw, w, wo);
          if (ow0 >= ow1) continue;
          const tap = out + <usize>((a * kw + b) * ci * co * F);
          let c = 0;
          for (; c + 4 <= ci; c += 4) {
            let o = 0;
            for (; o + 8 <= co; o += 8) {
              filterBlock4x8(x, dy, tap, img, h, w, ci, ho, wo, co, sh, sw, offH, offW, oh0, oh1, ow0, ow1, c, o);
            }
            for (; o < co; o += 4) {
              for (let cc = c; cc < c + 4; cc++) {
                filterBlock1x4(x, dy, tap, img, h, w, ci, ho, wo, co, sh, sw, offH, offW, oh0, oh1, ow0, ow1, cc, o);
              }
            }
          }
          for (; c < ci; c++) {
            let o = 0;
            for (; o + 16 <= co; o += 16) {
              filterBlock1x16(x, dy, tap, img, h, w, ci, ho, wo, co, sh, sw, offH, offW, oh0, oh1, ow0, ow1, c, o);
            }
            for (; o < co; o += 4) {
              filterBlock1x4(x, dy, tap, img, h, w, ci, ho, wo, co, sh, sw, offH, offW, oh0, oh1, ow0, ow1, c, o);
            }
          }
        }
      }
    }
  }
}

@inline function filterBlock4x8(
  x: usize, dy: usize, tap: usize,
  img: i32, h: i32, w: i32, ci: i32, ho: i32, wo: i32, co: i32,
  sh: i32, sw: i32, offH: i32, offW: i32, oh0: i32, oh1: i32, ow0: i32, ow1: i32, c: i32, o: i32,
): void {
  const row = <usize>(co * F);
  const p = tap + <usize>((c * co + o) * F);
  let a0 = v128.load(p), b0 = v128.load(p, 16);
  let a1 = v128.load(p + row), b1 = v128.load(p + row, 16);
  let a2 = v128.load(p + 2 * row), b2 = v128.load(p + 2 * row, 16);
  let a3 = v128.load(p + 3 * row), b3 = v128.load(p + 3 * row, 16);
  const xStep = <usize>(sw * ci * F);
  const dyStep = <usize>(co * F);
  for (let oh = oh0; oh < oh1; oh++) {
    const ih = oh * sh + offH;
    let xp = x + <usize>((((img * h + ih) * w + ow0 * sw + offW) * ci + c) * F);
    let dp = dy + <usize>((((img * ho + oh) * wo + ow0) * co + o) * F);
    for (let ow = ow0; ow < ow1; ow++) {
      const g0 = v128.load(dp);
      const g1 = v128.load(dp, 16);
      const x0 = v128.load32_splat(xp);
      const x1 = v128.load32_splat(xp, 4);
      const x2 = v128.load32_splat(xp, 8);
      const x3 = v128.load32_splat(xp, 12);
      a0 = madd(x0, g0, a0); b0 = madd(x0, g1, b0);
      a1 = madd(x1, g0, a1); b1 = madd(x1, g1, b1);
      a2 = madd(x2, g0, a2); b2 = madd(x2, g1, b2);
      a3 = madd(x3, g0, a3); b3 = madd(x3, g1, b3);
      xp += xStep;
      dp += dyStep;
    }
  }
  v128.store(p, a0); v128.store(p, b0, 16);
  v128.store(p + row, a1); v128.store(p + row, b1, 16);
  v128.store(p + 2 * row, a2); v128.store(p + 2 * row, b2, 16);
  v128.store(p + 3 * row, a3); v128.store(p + 3 * row, b3, 16);
}

/** One input channel x 16 output channels: the first layer (ci = 1). */
@inline function filterBlock1x16(
  x: usize, dy: usize, tap: usize,
  img: i32, h: i32, w: i32, ci: i32, ho: i32, wo: i32, co: i32,
  sh: i32, sw: i32, offH: i32, offW: i32, oh0: i32, oh1: i32, ow0: i32, ow1: i32, c: i32, o: i32,
): void {
  const p = tap + <usize>((c * co + o) * F);
  let a0 = v128.load(p), a1 = v128.load(p, 16), a2 = v128.load(p, 32), a3 = v128.load(p, 48);
  const xStep = <usize>(sw * ci * F);
  const dyStep = <usize>(co * F);
  for (let oh = oh0; oh < oh1; oh++) {
    const ih = oh * sh + offH;
    let xp = x + <usize>((((img * h + ih) * w + ow0 * sw + offW) * ci + c) * F);
    let dp = dy + <usize>((((img * ho + oh) * wo + ow0) * co + o) * F);
    for (let ow = ow0; ow < ow1; ow++) {
      const xv = v128.load32_splat(xp);
      a0 = madd(xv, v128.load(dp), a0);
      a1 = madd(xv, v128.load(dp, 16), a1);
      a2 = madd(xv, v128.load(dp, 32), a2);
      a3 = madd(xv, v128.load(dp, 48), a3);
      xp += xStep;
      dp += dyStep;
    }
  }
  v128.store(p, a0); v128.store(p, a1, 16); v128.store(p, a2, 32); v128.store(p, a3, 48);
}

@inline function filterBlock1x4(
  x: usize, dy: usize, tap: usize,
  img: i32, h: i32, w: i32, ci: i32, ho: i32, wo: i32, co: i32,
  sh: i32, sw: i32, offH: i32, offW: i32, oh0: i32, oh1: i32, ow0: i32, ow1: i32, c: i32, o: i32,
): void {
  const p = tap + <usize>((c * co + o) * F);
  let acc = v128.load(p);
  const xStep = <usize>(sw * ci * F);
  const dyStep = <usize>(co * F);
  for (let oh = oh0; oh < oh1; oh++) {
    const ih = oh * sh + offH;
    let xp = x + <usize>((((img * h + ih) * w + ow0 * sw + offW) * ci + c) * F);
    let dp = dy + <usize>((((img * ho + oh) * wo + ow0) * co + o) * F);
    for (let ow = ow0; ow < ow1; ow++) {
      acc = madd(v128.load32_splat(xp), v128.load(dp), acc);
      xp += xStep;
      dp += dyStep;
    }
  }
  v128.store(p, acc);
}

// ---- Conv2DBackpropInput ---------------------------------------------------
// dx[n, ih, iw, c] = sum over taps (a, b) whose output pixel (oh, ow) exists
// of sum_o dy[n, oh, ow, o] * f[a, b, c, o], with oh = (ih + padTop - a * dh) / sh.
// The filter is first transposed to ft[a, b, o, c] (scratch given by the
// caller) so that each dy value scales a contiguous run of input channels.
// Needs ci % 4 == 0.

export function conv2dBackpropInput(
  dy: usize, f: usize, ft: usize, out: usize,
  n: i32, h: i32, w: i32, ci: i32,
  ho: i32, wo: i32, co: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, padTop: i32, padLeft: i32,
): void {
  for (let t = 0; t < kh * kw; t++) {
    const src = f + <usize>(t * ci * co * F);
    const dst = ft + <usize>(t * ci * co * F);
    for (let c = 0; c < ci; c++) {
      for (let o = 0; o < co; o++) {
        store<f32>(dst + <usize>((o * ci + c) * F), load<f32>(src + <usize>((c * co + o) * F)));
      }
    }
  }
  // With stride 1, blocks of four pixels; a row's last block overlaps the one
  // before it instead of leaving up to three pixels to the single-pixel blocks.
  const quads = sh == 1 && sw == 1 && ci % 8 == 0 && w >= 4;
  for (let img = 0; img < n; img++) {
    for (let ih = 0; ih < h; ih++) {
      let iw = 0;
      if (quads) {
        for (; iw < w; iw += 4) {
          const at = min(iw, w - 4);
          const px = out + <usize>((((img * h + ih) * w + at) * ci) * F);
          for (let c = 0; c < ci; c += 8) inputBlock4x8(dy, ft, px, img, ih, at, ci, ho, wo, co, kh, kw, dh, dw, padTop, padLeft, c);
        }
      }
      for (; iw < w; iw++) {
        const px = out + <usize>((((img * h + ih) * w + iw) * ci) * F);
        let c = 0;
        for (; c + 16 <= ci; c += 16) inputBlock16(dy, ft, px, img, ih, iw, ci, ho, wo, co, kh, kw, sh, sw, dh, dw, padTop, padLeft, c);
        for (; c < ci; c += 4) inputBlock4(dy, ft, px, img, ih, iw, ci, ho, wo, co, kh, kw, sh, sw, dh, dw, padTop, padLeft, c);
      }
    }
  }
}

/**
 * Four neighbouring pixels of one row x 8 input channels, stride 1: each dy
 * value and each filter vector loaded is used four or eight times. A tap that
 * reaches outside dy for some of the four pixels masks their terms to zero.
 */
@inline function inputBlock4x8(
  dy: usize, ft: usize, px: usize, img: i32, ih: i32, iw: i32, ci: i32, ho: i32, wo: i32, co: i32,
  kh: i32, kw: i32, dh: i32, dw: i32, padTop: i32, padLeft: i32, c: i32,
): void {
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0), a1 = f32x4.splat(0), b1 = f32x4.splat(0);
  let a2 = f32x4.splat(0), b2 = f32x4.splat(0), a3 = f32x4.splat(0), b3 = f32x4.splat(0);
  const fStep = <usize>(ci * F);
  const pxStep = <usize>(co * F);
  for (let a = 0; a < kh; a++) {
    const oh = ih + padTop - a * dh;
    if (oh < 0) break;
    if (oh >= ho) continue;
    const dyRow = dy + <usize>(((img * ho + oh) * wo) * co * F);
    for (let b = 0; b < kw; b++) {
      const ow = iw + padLeft - b * dw;
      if (ow + 3 < 0) break;
      if (ow >= wo) continue;
      let fp = ft + <usize>(((a * kw + b) * co * ci + c) * F);
      if (ow >= 0 && ow + 3 < wo) {
        let gp = dyRow + <usize>(ow * co * F);
        for (let o = 0; o < co; o++) {
          const f0 = v128.load(fp);
          const f1 = v128.load(fp, 16);
          const g0 = v128.load32_splat(gp);
          const g1 = v128.load32_splat(gp + pxStep);
          const g2 = v128.load32_splat(gp + 2 * pxStep);
          const g3 = v128.load32_splat(gp + 3 * pxStep);
          a0 = madd(g0, f0, a0); b0 = madd(g0, f1, b0);
          a1 = madd(g1, f0, a1); b1 = madd(g1, f1, b1);
          a2 = madd(g2, f0, a2); b2 = madd(g2, f1, b2);
          a3 = madd(g3, f0, a3); b3 = madd(g3, f1, b3);
          gp += F;
          fp += fStep;
        }
      } else {
        // Border: pixels whose dy column is outside read column 0 and are masked off.
        const m0 = ow >= 0 && ow < wo, m1 = ow + 1 >= 0 && ow + 1 < wo;
        const m2 = ow + 2 >= 0 && ow + 2 < wo, m3 = ow + 3 >= 0 && ow + 3 < wo;
        let p0 = dyRow + <usize>((m0 ? ow : 0) * co * F), p1 = dyRow + <usize>((m1 ? ow + 1 : 0) * co * F);
        let p2 = dyRow + <usize>((m2 ? ow + 2 : 0) * co * F), p3 = dyRow + <usize>((m3 ? ow + 3 : 0) * co * F);
        const k0 = f32x4.splat(m0 ? 1 : 0), k1 = f32x4.splat(m1 ? 1 : 0);
        const k2 = f32x4.splat(m2 ? 1 : 0), k3 = f32x4.splat(m3 ? 1 : 0);
        for (let o = 0; o < co; o++) {
          const f0 = v128.load(fp);
          const f1 = v128.load(fp, 16);
          const g0 = f32x4.mul(v128.load32_splat(p0), k0);
          const g1 = f32x4.mul(v128.load32_splat(p1), k1);
          const g2 = f32x4.mul(v128.load32_splat(p2), k2);
          const g3 = f32x4.mul(v128.load32_splat(p3), k3);
          a0 = madd(g0, f0, a0); b0 = madd(g0, f1, b0);
          a1 = madd(g1, f0, a1); b1 = madd(g1, f1, b1);
          a2 = madd(g2, f0, a2); b2 = madd(g2, f1, b2);
          a3 = madd(g3, f0, a3); b3 = madd(g3, f1, b3);
          p0 += F; p1 += F; p2 += F; p3 += F;
          fp += fStep;
        }
      }
    }
  }
  const row = <usize>(ci * F);
  const p = px + <usize>(c * F);
  v128.store(p, a0); v128.store(p, b0, 16);
  v128.store(p + row, a1); v128.store(p + row, b1, 16);
  v128.store(p + 2 * row, a2); v128.store(p + 2 * row, b2, 16);
  v128.store(p + 3 * row, a3); v128.store(p + 3 * row, b3, 16);
}

@inline function inputBlock16(
  dy: usize, ft: usize, px: usize, img: i32, ih: i32, iw: i32, ci: i32, ho: i32, wo: i32, co: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, padTop: i32, padLeft: i32, c: i32,
): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  const fStep = <usize>(ci * F);
  for (let a = 0; a < kh; a++) {
    const th = ih + padTop - a * dh;
    if (th < 0) break;
    if (th % sh != 0) continue;
    const oh = th / sh;
    if (oh >= ho) continue;
    for (let b = 0; b < kw; b++) {
      const tw = iw + padLeft - b * dw;
      if (tw < 0) break;
      if (tw % sw != 0) continue;
      const ow = tw / sw;
      if (ow >= wo) continue;
      let gp = dy + <usize>((((img * ho + oh) * wo + ow) * co) * F);
      let fp = ft + <usize>(((a * kw + b) * co * ci + c) * F);
      for (let o = 0; o < co; o++) {
        const g = f32x4.splat(load<f32>(gp));
        a0 = madd(g, v128.load(fp), a0);
        a1 = madd(g, v128.load(fp, 16), a1);
        a2 = madd(g, v128.load(fp, 32), a2);
        a3 = madd(g, v128.load(fp, 48), a3);
        gp += F;
        fp += fStep;
      }
    }
  }
  const p = px + <usize>(c * F);
  v128.store(p, a0); v128.store(p, a1, 16); v128.store(p, a2, 32); v128.store(p, a3, 48);
}

@inline function inputBlock4(
  dy: usize, ft: usize, px: usize, img: i32, ih: i32, iw: i32, ci: i32, ho: i32, wo: i32, co: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, padTop: i32, padLeft: i32, c: i32,
): void {
  let acc = f32x4.splat(0);
  const fStep = <usize>(ci * F);
  for (let a = 0; a < kh; a++) {
    const th = ih + padTop - a * dh;
    if (th < 0) break;
    if (th % sh != 0) continue;
    const oh = th / sh;
    if (oh >= ho) continue;
    for (let b = 0; b < kw; b++) {
      const tw = iw + padLeft - b * dw;
      if (tw < 0) break;
      if (tw % sw != 0) continue;
      const ow = tw / sw;
      if (ow >= wo) continue;
      let gp = dy + <usize>((((img * ho + oh) * wo + ow) * co) * F);
      let fp = ft + <usize>(((a * kw + b) * co * ci + c) * F);
      for (let o = 0; o < co; o++) {
        acc = madd(f32x4.splat(load<f32>(gp)), v128.load(fp), acc);
        gp += F;
        fp += fStep;
      }
    }
  }
  v128.store(px + <usize>(c * F), acc);
}

// ---- MaxPoolGrad -----------------------------------------------------------
// Each window's gradient goes to its first maximum in row-major tap order (as
// on tfjs's CPU backend and in PyTorch); taps in the padding are skipped.
// Four channels at a time: a strict "greater" keeps the earliest maximum.

export function maxPoolGrad(
  x: usize, dy: usize, out: usize,
  n: i32, h: i32, w: i32, c: i32, ho: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32,
): void {
  memory.fill(out, 0, <usize>(n * h * w * c * F));
  for (let img = 0; img < n; img++) {
    for (let oh = 0; oh < ho; oh++) {
      const h0 = max(0, oh * sh - padTop);
      const h1 = min(h, oh * sh - padTop + kh);
      for (let ow = 0; ow < wo; ow++) {
        const w0 = max(0, ow * sw - padLeft);
        const w1 = min(w, ow * sw - padLeft + kw);
        if (h0 >= h1 || w0 >= w1) continue;
        const g = dy + <usize>((((img * ho + oh) * wo + ow) * c) * F);
        let ch = 0;
        for (; ch + 4 <= c; ch += 4) {
          const first = <usize>((((img * h + h0) * w + w0) * c + ch) * F);
          let best = v128.load(x + first);
          const lanes = i32x4(0, 4, 8, 12);
          let at = i32x4.add(i32x4.splat(<i32>first), lanes);
          for (let r = h0; r < h1; r++) {
            for (let q = w0; q < w1; q++) {
              const off = <usize>((((img * h + r) * w + q) * c + ch) * F);
              const v = v128.load(x + off);
              const more = f32x4.gt(v, best);
              best = v128.bitselect(v, best, more);
              at = v128.bitselect(i32x4.add(i32x4.splat(<i32>off), lanes), at, more);
            }
          }
          const gv = v128.load(g + <usize>(ch * F));
          addAt(out + <usize>i32x4.extract_lane(at, 0), f32x4.extract_lane(gv, 0));
          addAt(out + <usize>i32x4.extract_lane(at, 1), f32x4.extract_lane(gv, 1));
          addAt(out + <usize>i32x4.extract_lane(at, 2), f32x4.extract_lane(gv, 2));
          addAt(out + <usize>i32x4.extract_lane(at, 3), f32x4.extract_lane(gv, 3));
        }
        for (; ch < c; ch++) {
          let bestAt = <usize>((((img * h + h0) * w + w0) * c + ch) * F);
          let best = load<f32>(x + bestAt);
          for (let r = h0; r < h1; r++) {
            for (let q = w0; q < w1; q++) {
              const off = <usize>((((img * h + r) * w + q) * c + ch) * F);
              const v = load<f32>(x + off);
              if (v > best) {
                best = v;
                bestAt = off;
              }
            }
          }
          store<f32>(out + bestAt, load<f32>(out + bestAt) + load<f32>(g + <usize>(ch * F)));
        }
      }
    }
  }
}

@inline function addAt(p: usize, g: f32): void {
  store<f32>(p, load<f32>(p) + g);
}

// ---- Depthwise convolution gradients (channel multiplier 1) ----------------
// Each channel is its own convolution: dw[a, b, c] sums x * dy over the
// pixels of channel c, dx[.., c] sums dy * f[a, b, c] over the taps. Four
// channels at a time; needs c % 4 == 0.

export function depthwiseBackpropFilter(
  x: usize, dy: usize, out: usize,
  n: i32, h: i32, w: i32, c: i32, ho: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, padTop: i32, padLeft: i32,
): void {
  memory.fill(out, 0, <usize>(kh * kw * c * F));
  for (let a = 0; a < kh; a++) {
    const offH = a * dh - padTop;
    const oh0 = firstValid(offH, sh);
    const oh1 = endValid(offH, sh, h, ho);
    for (let b = 0; b < kw; b++) {
      const offW = b * dw - padLeft;
      const ow0 = firstValid(offW, sw);
      const ow1 = endValid(offW, sw, w, wo);
      if (oh0 >= oh1 || ow0 >= ow1) continue;
      const tap = out + <usize>((a * kw + b) * c * F);
      for (let img = 0; img < n; img++) {
        for (let oh = oh0; oh < oh1; oh++) {
          const ih = oh * sh + offH;
          for (let ow = ow0; ow < ow1; ow++) {
            const xp = x + <usize>((((img * h + ih) * w + ow * sw + offW) * c) * F);
            const gp = dy + <usize>((((img * ho + oh) * wo + ow) * c) * F);
            for (let ch = 0; ch < c; ch += 4) {
              const o = <usize>(ch * F);
              v128.store(tap + o, madd(v128.load(xp + o), v128.load(gp + o), v128.load(tap + o)));
            }
          }
        }
      }
    }
  }
}

export function depthwiseBackpropInput(
  dy: usize, f: usize, out: usize,
  n: i32, h: i32, w: i32, c: i32, ho: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, padTop: i32, padLeft: i32,
): void {
  memory.fill(out, 0, <usize>(n * h * w * c * F));
  for (let img = 0; img < n; img++) {
    for (let ih = 0; ih < h; ih++) {
      for (let iw = 0; iw < w; iw++) {
        const px = out + <usize>((((img * h + ih) * w + iw) * c) * F);
        for (let a = 0; a < kh; a++) {
          const th = ih + padTop - a * dh;
          if (th < 0) break;
          if (th % sh != 0) continue;
          const oh = th / sh;
          if (oh >= ho) continue;
          for (let b = 0; b < kw; b++) {
            const tw = iw + padLeft - b * dw;
            if (tw < 0) break;
            if (tw % sw != 0) continue;
            const ow = tw / sw;
            if (ow >= wo) continue;
            const gp = dy + <usize>((((img * ho + oh) * wo + ow) * c) * F);
            const fp = f + <usize>(((a * kw + b) * c) * F);
            for (let ch = 0; ch < c; ch += 4) {
              const o = <usize>(ch * F);
              v128.store(px + o, madd(v128.load(gp + o), v128.load(fp + o), v128.load(px + o)));
            }
          }
        }
      }
    }
  }
}

// ---- Helpers for kernels split across threads --------------------------------

/** dst[i] += src[i] for i < count: sums the partial filter gradients of threads that took different images. */
export function accumulate(dst: usize, src: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const p = <usize>(i * F);
    v128.store(dst + p, f32x4.add(v128.load(dst + p), v128.load(src + p)));
  }
  for (; i < count; i++) {
    const p = <usize>(i * F);
    store<f32>(dst + p, load<f32>(dst + p) + load<f32>(src + p));
  }
}

// ---- Adam (torch.optim.Adam / AdamW, one parameter tensor) -----------------
// The engine's Adam as one pass instead of thirteen element-wise kernels per
// parameter tensor, in the same float32 operations in the same order (no fused
// multiply-add, so that it matches the composed update exactly):
//   p' = p * pScale                   (AdamW's decoupled decay, else pScale = 1)
//   g' = g * gSign + p' * l2          (maximize: gSign = -1; Adam's coupled decay l2)
//   m  = m * beta1 + g' * (1 - beta1)
//   v  = v * beta2 + (g' * g') * (1 - beta2)
//   p  = p' + (m / (sqrt(v) / bc2Sqrt + eps)) * -stepSize

export function adamStep(
  p: usize, g: usize, m: usize, v: usize, outP: usize, outM: usize, outV: usize, count: i32,
  beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
  negStepSize: f32, bc2Sqrt: f32, eps: f32, pScale: f32, gSign: f32, l2: f32,
  scaleP: bool, decay: bool,
): void {
  // The constants come rounded from the caller's double precision, as tfjs's scalars do.
  for (let i = 0; i < count; i++) {
    const at = <usize>(i * F);
    let pi = load<f32>(p + at);
    if (scaleP) pi = pi * pScale;
    let gi = load<f32>(g + at) * gSign;
    if (decay) gi = gi + pi * l2;
    const mi = load<f32>(m + at) * beta1 + gi * oneMinusBeta1;
    const vi = load<f32>(v + at) * beta2 + (gi * gi) * oneMinusBeta2;
    const denom = sqrt<f32>(vi) / bc2Sqrt + eps;
    store<f32>(outM + at, mi);
    store<f32>(outV + at, vi);
    store<f32>(outP + at, pi + (mi / denom) * negStepSize);
  }
}

// ---- BatchNorm in training mode (channels last) ----------------------------
// x is [rows, c] (every axis but the channel's flattened), c % 4 == 0. The
// channel sums accumulate in float64 (acc, 2 * c floats of scratch), so that
// a sum over 50,000 values keeps float32's precision; the backward pass needs
// 7 * c floats of it.

/** acc[ch] = sum over rows of (x[row, ch] - centre[ch]) ** power (power 1 or 2; centre 0 = none). */
@inline function channelSums(x: usize, centre: usize, acc: usize, rows: i32, c: i32, square: bool): void {
  memory.fill(acc, 0, <usize>(c * 8));
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>(r * c * F);
    for (let ch = 0; ch < c; ch += 4) {
      let v = v128.load(row + <usize>(ch * F));
      if (centre != 0) v = f32x4.sub(v, v128.load(centre + <usize>(ch * F)));
      if (square) v = f32x4.mul(v, v);
      const a = acc + <usize>(ch * 8);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
      v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))), 16);
    }
  }
}

/**
 * y = (x - mean) * gamma / sqrt(var + eps) + beta with the batch's mean and
 * biased variance (two passes), which it also writes, with invStd.
 */
export function batchNormForward(
  x: usize, gamma: usize, beta: usize, y: usize, mean: usize, variance: usize, invStd: usize, acc: usize,
  rows: i32, c: i32, eps: f32,
): void {
  channelSums(x, 0, acc, rows, c, false);
  for (let ch = 0; ch < c; ch++) {
    store<f32>(mean + <usize>(ch * F), <f32>(load<f64>(acc + <usize>(ch * 8)) / <f64>rows));
  }
  channelSums(x, mean, acc, rows, c, true);
  for (let ch = 0; ch < c; ch++) {
    const v = <f32>(load<f64>(acc + <usize>(ch * 8)) / <f64>rows);
    store<f32>(variance + <usize>(ch * F), v);
    store<f32>(invStd + <usize>(ch * F), <f32>1 / sqrt<f32>(v + eps));
  }
  for (let r = 0; r < rows; r++) {
    const at = <usize>(r * c * F);
    for (let ch = 0; ch < c; ch += 4) {
      const o = <usize>(ch * F);
      const scale = f32x4.mul(v128.load(gamma + o), v128.load(invStd + o));
      const centred = f32x4.sub(v128.load(x + at + o), v128.load(mean + o));
      v128.store(y + at + o, f32x4.add(f32x4.mul(centred, scale), v128.load(beta + o)));
    }
  }
}

/**
 * The closed-form gradient (fused-batch-norm.ts):
 *   dbeta = sum dy, dgamma = invStd * sum dy * (x - mean),
 *   dx = gs * dy + (x - mean) * (-gs * invStd^2 * sum dy (x - mean) / n) - gs * sum dy / n,
 * with gs = gamma * invStd. dgamma and dbeta are written to dGamma, dBeta.
 */
export function batchNormBackward(
  dy: usize, x: usize, mean: usize, invStd: usize, gamma: usize, dx: usize, dGamma: usize, dBeta: usize, acc: usize,
  rows: i32, c: i32,
): void {
  const sumDy = acc;
  const sumDyCentred = acc + <usize>(c * 8);
  memory.fill(acc, 0, <usize>(c * 16));
  for (let r = 0; r < rows; r++) {
    const at = <usize>(r * c * F);
    for (let ch = 0; ch < c; ch += 4) {
      const o = <usize>(ch * F);
      const g = v128.load(dy + at + o);
      const gc = f32x4.mul(g, f32x4.sub(v128.load(x + at + o), v128.load(mean + o)));
      const a = sumDy + <usize>(ch * 8);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(g)));
      v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(g, g, 2, 3, 0, 1))), 16);
      const b = sumDyCentred + <usize>(ch * 8);
      v128.store(b, f64x2.add(v128.load(b), f64x2.promote_low_f32x4(gc)));
      v128.store(b, f64x2.add(v128.load(b, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(gc, gc, 2, 3, 0, 1))), 16);
    }
  }
  // Per channel: dgamma, dbeta, and dx's three coefficients (float32 rows
  // after the two float64 ones: gs, the centred term's, the offset).
  const coef = acc + <usize>(c * 16);
  const n = <f64>rows;
  for (let ch = 0; ch < c; ch++) {
    const s = <f64>load<f32>(invStd + <usize>(ch * F));
    const gs = <f64>load<f32>(gamma + <usize>(ch * F)) * s;
    const sd = load<f64>(sumDy + <usize>(ch * 8));
    const sdc = load<f64>(sumDyCentred + <usize>(ch * 8));
    store<f32>(dBeta + <usize>(ch * F), <f32>sd);
    store<f32>(dGamma + <usize>(ch * F), <f32>(sdc * s));
    store<f32>(coef + <usize>(ch * F), <f32>gs);
    store<f32>(coef + <usize>((c + ch) * F), <f32>((-gs * s * s * sdc) / n));
    store<f32>(coef + <usize>((2 * c + ch) * F), <f32>((-gs * sd) / n));
  }
  for (let r = 0; r < rows; r++) {
    const at = <usize>(r * c * F);
    for (let ch = 0; ch < c; ch += 4) {
      const o = <usize>(ch * F);
      const centred = f32x4.sub(v128.load(x + at + o), v128.load(mean + o));
      const d = f32x4.mul(v128.load(dy + at + o), v128.load(coef + o));
      v128.store(
        dx + at + o,
        f32x4.add(f32x4.add(d, f32x4.mul(centred, v128.load(coef + <usize>(c * F) + o))), v128.load(coef + <usize>(2 * c * F) + o)),
      );
    }
  }
}

/**
 * Training kernels for tfjs 4.22's WASM backend.
 *
 * The WASM backend runs convolutions through XNNPACK but cannot train them:
 * Conv2DBackpropFilter and both depthwise backprop kernels are not
 * registered for 'wasm' (tfjs issue 8474). Each is rewritten here as forward
 * convolutions, matrix products, transposes and pads executed by the backend's
 * own kernels, so that the arithmetic runs in XNNPACK, not in JavaScript.
 *
 * Training a small CNN then still spent most of its time in a few of the
 * backend's kernels that exist but are slow (scalar C++ loops, or a copy of
 * the whole tensor out of the heap), and one that is wrong; those are
 * replaced too: Conv2DBackpropInput, Tile, MaxPoolGrad (which also loses
 * gradients), Sum and Mean; and the forward Conv2D and FusedConv2D, for
 * the native kernel that is faster than XNNPACK's on one thread. Each replacement leaves the cases it does not
 * speed up to the original kernel.
 *
 * Notation: a forward convolution with kernel k, stride s, dilation d and
 * leading padding p maps output row o to padded input rows o*s + kh*d.
 */
import {
  backend_util,
  Conv2D,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  FusedConv2D,
  getKernel,
  MaxPoolGrad,
  Mean,
  type MeanAttrs,
  registerKernel,
  Sum,
  type SumAttrs,
  unregisterKernel,
  util,
  type Conv2DAttrs,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type DataType,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type NamedAttrMap,
  type TensorInfo,
  Tile,
  type TileAttrs,
} from '@tensorflow/tfjs-core';
// Imported for its side effect: the backend's own kernels must be registered
// before ours replace some of them (a later registration would win).
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, nativeKernelsFor, type NativeKernels } from './native-kernels.ts';
import { ADAM_STEP, type AdamStepAttrs } from './optim/adam-step-kernel.ts';
import { BATCH_NORM_BACKWARD, BATCH_NORM_FORWARD } from './batch-norm-kernels.ts';

const BACKEND = 'wasm';

type Shape4 = [number, number, number, number];
type Pad = Conv2DBackpropFilterAttrs['pad'];
type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];
type Rounding = Conv2DBackpropFilterAttrs['dimRoundingMode'];

/**
 * Runs other WASM kernels on behalf of one kernel call and owns their outputs,
 * so that every intermediate is released even when a step throws.
 */
class KernelScope {
  private readonly owned: TensorInfo[] = [];

  constructor(readonly backend: BackendWasm) {}

  /** An output of this kernel's own (filled by a native kernel), owned like the others. */
  output(shape: number[]): TensorInfo {
    const out = this.backend.makeOutput(shape, 'float32');
    this.owned.push(out);
    return out;
  }

  /** Byte offset of a tensor in the heap, for the native kernels. */
  at(t: TensorInfo): number {
    return heapOffset(this.backend, t);
  }

  /** The compiled kernels, when loaded and bound to this backend's heap. */
  native(): NativeKernels | null {
    return nativeKernelsFor(this.backend);
  }

  runAll(name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}): TensorInfo[] {
    // Looked up per call, so that a kernel this module also replaces
    // resolves to the current registration.
    const kernel = getKernel(name, BACKEND) as KernelConfig | undefined;
    if (kernel === undefined) {
      throw new Error(`WASM training kernels need the WASM backend's '${name}' kernel.`);
    }
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs });
    const infos = Array.isArray(out) ? out : [out];
    this.owned.push(...infos);
    return infos;
  }

  run(name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}): TensorInfo {
    const [info] = this.runAll(name, inputs, attrs);
    if (info === undefined) throw new Error(`WASM kernel '${name}' returned no output.`);
    return info;
  }

  /** Hands `t` to the caller: it survives `dispose`. */
  keep(t: TensorInfo): TensorInfo {
    const i = this.owned.lastIndexOf(t);
    if (i >= 0) this.owned.splice(i, 1);
    return t;
  }

  dispose(): void {
    // A Reshape output shares its input's buffer with an extra reference, so
    // releasing each owned TensorInfo once is exactly right.
    for (const t of this.owned) this.backend.disposeData(t.dataId);
    this.owned.length = 0;
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /**
   * Reverses the two leading (spatial) axes of a [k, l, ...] filter by block
   * copies between heap views; the backend's Reverse took ~2 ms even for a
   * 3x3x32x64 filter.
   */
  flipSpatial(f: TensorInfo): TensorInfo {
    const [k = 1, l = 1] = f.shape;
    const block = util.sizeFromShape(f.shape.slice(2));
    const out = this.backend.makeOutput([...f.shape], f.dtype);
    this.owned.push(out);
    const src = this.backend.typedArrayFromHeap(f);
    const dst = this.backend.typedArrayFromHeap(out);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < l; b++) {
        const from = (a * l + b) * block;
        dst.set(src.subarray(from, from + block), ((k - 1 - a) * l + (l - 1 - b)) * block);
      }
    }
    return out;
  }

  sum(x: TensorInfo, axis: number): TensorInfo {
    return this.run('Sum', { x }, { axis: [axis], keepDims: false });
  }

  pad(x: TensorInfo, paddings: Array<[number, number]>): TensorInfo {
    return this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  fill(shape: number[], value: number, dtype: DataType = 'float32'): TensorInfo {
    return this.run('Fill', {}, { shape, value, dtype });
  }

  constant(shape: number[], values: Float32Array): TensorInfo {
    const out = this.backend.makeOutput(shape, 'float32', undefined, values);
    this.owned.push(out);
    return out;
  }

  zeros(shape: number[], dtype: DataType = 'float32'): TensorInfo {
    return this.fill(shape, 0, dtype);
  }

  /**
   * Removes [before, after] rows and columns from the spatial axes of an NHWC
   * tensor. Copies rows straight between heap views: the backend's Slice
   * first copies the whole input out of the heap (readSync).
   */
  cropSpatial(x: TensorInfo, cropH: [number, number], cropW: [number, number]): TensorInfo {
    if (cropH[0] === 0 && cropH[1] === 0 && cropW[0] === 0 && cropW[1] === 0) return x;
    const [n, h, w, c] = x.shape as Shape4;
    const h2 = h - cropH[0] - cropH[1];
    const w2 = w - cropW[0] - cropW[1];
    const out = this.backend.makeOutput([n, h2, w2, c], x.dtype);
    this.owned.push(out);
    // Views taken after makeOutput, which may grow (and detach) the heap.
    const src = this.backend.typedArrayFromHeap(x);
    const dst = this.backend.typedArrayFromHeap(out);
    const row = w2 * c;
    for (let b = 0; b < n; b++) {
      for (let r = 0; r < h2; r++) {
        const from = ((b * h + r + cropH[0]) * w + cropW[0]) * c;
        dst.set(src.subarray(from, from + row), (b * h2 + r) * row);
      }
    }
    return out;
  }

  /**
   * [m, k] x [k, n] on the fast path of the backend's BatchMatMul (XNNPACK);
   * batched or transposed operands take a loop ~10x slower.
   */
  matMul(a: TensorInfo, b: TensorInfo): TensorInfo {
    const [m, k] = a.shape as [number, number];
    const n = b.shape[1] ?? 0;
    const out = this.run(
      'BatchMatMul',
      { a: this.reshape(a, [1, m, k]), b: this.reshape(b, [1, k, n]) },
      { transposeA: false, transposeB: false },
    );
    return this.reshape(out, [m, n]);
  }

  /**
   * out[r * offsets.length + i, :] = src[r, offsets[i] : offsets[i] + length]
   * for a 2-D src: contiguous windows of each row, copied between heap views.
   */
  rowWindows(src: TensorInfo, offsets: number[], length: number): TensorInfo {
    const [rows, width] = src.shape as [number, number];
    const out = this.backend.makeOutput([rows * offsets.length, length], src.dtype);
    this.owned.push(out);
    const from = this.backend.typedArrayFromHeap(src);
    const to = this.backend.typedArrayFromHeap(out);
    let o = 0;
    for (let r = 0; r < rows; r++) {
      for (const off of offsets) {
        if (off < 0 || off + length > width) throw new Error('rowWindows: window out of range.');
        const start = r * width + off;
        to.set(from.subarray(start, start + length), o);
        o += length;
      }
    }
    return out;
  }

  conv2d(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    padH: [number, number],
    padW: [number, number],
  ): TensorInfo {
    const pad: ExplicitPad = [[0, 0], padH, padW, [0, 0]];
    return this.run('Conv2D', { x, filter }, { strides, dilations, pad, dataFormat: 'NHWC' });
  }

  depthwiseConv2d(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    padH: [number, number],
    padW: [number, number],
  ): TensorInfo {
    const pad: ExplicitPad = [[0, 0], padH, padW, [0, 0]];
    return this.run('DepthwiseConv2dNative', { x, filter }, { strides, dilations, pad });
  }
}

/**
 * Splits a signed amount of padding into the part a convolution can add
 * (non-negative) and the part that has to be sliced off beforehand.
 */
function splitPad(before: number, after: number): { pad: [number, number]; crop: [number, number] } {
  return {
    pad: [Math.max(0, before), Math.max(0, after)],
    crop: [Math.max(0, -before), Math.max(0, -after)],
  };
}

/**
 * Padding for the filter gradient along one axis. The input rows the forward
 * pass read are padded rows [0, span); the rest (a remainder when
 * (in + pads - effective kernel) is not a multiple of the stride, or a
 * trailing pad that was never reached) must not enter the correlation, and
 * rows past the input that 'ceil' rounding reached count as zeros.
 */
function filterGradPad(inSize: number, outSize: number, k: number, s: number, d: number, padBefore: number) {
  const span = (k - 1) * d + (outSize - 1) * s + 1;
  return splitPad(padBefore, span - padBefore - inSize);
}

/**
 * Padding for the input gradient along one axis, which is a stride-1
 * correlation of the zero-upsampled dy (length up = (out - 1) * s + 1 + trailing
 * zeros) with the flipped kernel. Negative amounts mean dy rows whose windows
 * lie entirely in the forward padding: they do not reach the input.
 */
function inputGradPad(inSize: number, outSize: number, k: number, s: number, d: number, padBefore: number, trailing: number) {
  const effective = (k - 1) * d + 1;
  const before = effective - 1 - padBefore;
  const after = inSize - 1 - (outSize - 1) * s + padBefore - trailing;
  return splitPad(before, after);
}

/** Explicit paddings are written in the tensor's own layout; the kernels work in NHWC. */
function padToNHWC(pad: Pad, channelsLast: boolean): Pad {
  if (channelsLast || typeof pad !== 'object') return pad;
  return [pad[0], pad[2], pad[3], pad[1]];
}

function assertShape(what: string, got: readonly number[], want: readonly number[]): void {
  if (!util.arraysEqual(got as number[], want as number[])) {
    throw new Error(`${what}: expected shape [${want.join(', ')}], got [${got.join(', ')}].`);
  }
}

/** Non-empty after cropping? An empty window means the gradient is all zeros. */
function survives(size: number, crop: [number, number]): boolean {
  return size - crop[0] - crop[1] > 0;
}

/**
 * Inserts s - 1 zeros after every row/column of an NHWC tensor (the
 * transposed-convolution upsampling). Returns the tensor and how many
 * trailing zero rows/columns it ends with.
 */
function upsample(ops: KernelScope, dy: TensorInfo, s: [number, number]) {
  if (s[0] === 1 && s[1] === 1) return { up: dy, trailing: [0, 0] as [number, number] };
  const [n, h, w, c] = dy.shape as Shape4;
  const spread = ops.reshape(dy, [n, h, 1, w, 1, c]);
  const padded = ops.pad(spread, [
    [0, 0],
    [0, 0],
    [0, s[0] - 1],
    [0, 0],
    [0, s[1] - 1],
    [0, 0],
  ]);
  return { up: ops.reshape(padded, [n, h * s[0], w * s[1], c]), trailing: [s[0] - 1, s[1] - 1] as [number, number] };
}

interface ConvArgs {
  inputs: Record<string, TensorInfo | undefined>;
  backend: unknown;
  attrs?: NamedAttrMap;
}

function inputOf(args: ConvArgs, name: string): TensorInfo {
  const t = args.inputs[name];
  if (t === undefined) throw new Error(`Missing input '${name}'.`);
  return t;
}

function withScope(args: ConvArgs, body: (ops: KernelScope) => TensorInfo): TensorInfo {
  const ops = new KernelScope(args.backend as BackendWasm);
  try {
    return ops.keep(body(ops));
  } finally {
    ops.dispose();
  }
}

type Conv2DInfo = ReturnType<typeof backend_util.computeConv2DInfo>;
type AxisPad = ReturnType<typeof splitPad>;

/**
 * dW[kh, kw, ci, co] = sum over n, oh, ow of
 *   xPadded[n, oh*s + kh*d, ow*s + kw*d, ci] * dy[n, oh, ow, co].
 * With x transposed to [ci, h, w, n] (batch as channels) and dy to
 * [oh, ow, n, co] (an HWIO filter), that is a forward convolution with stride
 * and dilation swapped, whose output [ci, kh, kw, co] is then transposed back.
 * XNNPACK accepts stride > 1 and dilation > 1 together, which tfjs's conv2d op
 * refuses, so that case takes the same route.
 */
function filterGradByConv(ops: KernelScope, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo, rows: AxisPad, cols: AxisPad) {
  const xc = ops.cropSpatial(x, rows.crop, cols.crop);
  const xT = ops.transpose(xc, [3, 1, 2, 0]);
  const dyT = ops.transpose(dy, [1, 2, 0, 3]);
  const dwT = ops.conv2d(
    xT,
    dyT,
    [info.dilationHeight, info.dilationWidth],
    [info.strideHeight, info.strideWidth],
    rows.pad,
    cols.pad,
  );
  return ops.transpose(dwT, [1, 2, 0, 3]);
}

/** The window's last six arguments of every native convolution gradient, in the order the .wasm exports take them. */
function windowArgs(info: Conv2DInfo): [number, number, number, number, number, number] {
  return [info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left];
}

/**
 * The same sum as one matrix product, for stride 1, where it is cheaper when
 * the input has few channels: the convolution route makes dy (large) a filter
 * that XNNPACK repacks on every call, which cost ~20 ms for the first layer of
 * a 28x28 CNN against ~2 ms here.
 *
 * Pad x to the rows/columns the forward pass read, [n, hp, wp, ci], and
 * flatten each channel over (n, hp, wp). Tap (kh, kw) then reads that flat
 * signal at an offset kh*d*wp + kw*d from the flat output position
 * n*hp*wp + oh*wp + ow, so its im2col row is one contiguous window. The flat
 * positions that are not real outputs (oh >= ho or ow >= wo) meet zeros in
 * dy, padded to [n, hp, wp, co].
 */
function filterGradByMatMul(ops: KernelScope, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo, rows: AxisPad, cols: AxisPad) {
  const [k, l, ci, co] = info.filterShape;
  const n = info.batchSize;
  const xc = ops.cropSpatial(x, rows.crop, cols.crop);
  const xp = ops.pad(xc, [[0, 0], rows.pad, cols.pad, [0, 0]]);
  const [, hp, wp] = xp.shape as Shape4;
  const flat = n * hp * wp;
  const offsets: number[] = [];
  for (let kh = 0; kh < k; kh++) {
    for (let kw = 0; kw < l; kw++) offsets.push(kh * info.dilationHeight * wp + kw * info.dilationWidth);
  }
  const reach = offsets[offsets.length - 1] ?? 0;
  const planes = ci === 1 ? ops.reshape(xp, [1, flat]) : ops.reshape(ops.transpose(xp, [3, 0, 1, 2]), [ci, flat]);
  const signal = ops.pad(planes, [
    [0, 0],
    [0, reach],
  ]);
  // Rows come out as (ci, kh, kw); the filter wants (kh, kw, ci).
  const windows = ops.rowWindows(signal, offsets, flat);
  const patches =
    ci === 1 ? windows : ops.reshape(ops.transpose(ops.reshape(windows, [ci, k * l, flat]), [1, 0, 2]), [k * l * ci, flat]);
  const dyp = ops.pad(dy, [
    [0, 0],
    [0, hp - info.outHeight],
    [0, wp - info.outWidth],
    [0, 0],
  ]);
  const dw = ops.matMul(patches, ops.reshape(dyp, [flat, co]));
  return ops.reshape(dw, [k, l, ci, co]);
}

const conv2dBackpropFilter: KernelFunc = (args) =>
  withScope(args, (ops) => {
    const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs & { dilations?: number | [number, number] };
    const channelsLast = backend_util.convertConv2DDataFormat(attrs.dataFormat) === 'channelsLast';
    let x = inputOf(args, 'x');
    let dy = inputOf(args, 'dy');
    if (!channelsLast) {
      x = ops.transpose(x, [0, 2, 3, 1]);
      dy = ops.transpose(dy, [0, 2, 3, 1]);
    }
    const info = backend_util.computeConv2DInfo(
      x.shape as Shape4,
      attrs.filterShape,
      attrs.strides,
      attrs.dilations ?? 1,
      padToNHWC(attrs.pad, channelsLast),
      attrs.dimRoundingMode as Rounding,
      false,
      'channelsLast',
    );
    assertShape('Conv2DBackpropFilter dy', dy.shape, info.outShape);
    const rows = filterGradPad(
      info.inHeight,
      info.outHeight,
      info.filterHeight,
      info.strideHeight,
      info.dilationHeight,
      info.padInfo.top,
    );
    const cols = filterGradPad(
      info.inWidth,
      info.outWidth,
      info.filterWidth,
      info.strideWidth,
      info.dilationWidth,
      info.padInfo.left,
    );
    if (!survives(info.inHeight, rows.crop) || !survives(info.inWidth, cols.crop) || info.outHeight <= 0 || info.outWidth <= 0) {
      return ops.zeros(attrs.filterShape);
    }
    const [k, l, ci, co] = attrs.filterShape;
    const native = ops.native();
    if (native !== null && x.dtype === 'float32' && dy.dtype === 'float32' && co % 4 === 0) {
      const dw = ops.output([k, l, ci, co]);
      native.conv2dBackpropFilter(
        ops.at(x),
        ops.at(dy),
        ops.at(dw),
        info.batchSize,
        info.inHeight,
        info.inWidth,
        ci,
        info.outHeight,
        info.outWidth,
        co,
        k,
        l,
        ...windowArgs(info),
      );
      return dw;
    }
    // Measured on a 28x28 CNN: the product wins when the im2col rows (k*l*ci)
    // are fewer than dy's channels (the first layer), loses otherwise.
    const byMatMul = info.strideHeight === 1 && info.strideWidth === 1 && k * l * ci <= co;
    const dw = (byMatMul ? filterGradByMatMul : filterGradByConv)(ops, x, dy, info, rows, cols);
    assertShape('Conv2DBackpropFilter result', dw.shape, attrs.filterShape);
    return dw;
  });

/**
 * dx is the stride-1 correlation of the upsampled dy with the kernel flipped
 * in space and with in/out channels swapped. Replaces the WASM backend's own
 * Conv2DBackpropInput, a scalar loop: 130 ms against 14 ms here for
 * dy [64, 14, 14, 64] and a 3x3x32x64 filter.
 */
const conv2dBackpropInput: KernelFunc = (args) =>
  withScope(args, (ops) => {
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs & { dilations?: number | [number, number] };
    const channelsLast = backend_util.convertConv2DDataFormat(attrs.dataFormat) === 'channelsLast';
    const filter = inputOf(args, 'filter');
    let dy = inputOf(args, 'dy');
    const s = attrs.inputShape;
    const inputShape: Shape4 = channelsLast ? s : [s[0], s[2], s[3], s[1]];
    if (!channelsLast) dy = ops.transpose(dy, [0, 2, 3, 1]);
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as Shape4,
      attrs.strides,
      attrs.dilations ?? 1,
      padToNHWC(attrs.pad, channelsLast),
      attrs.dimRoundingMode as Rounding,
      false,
      'channelsLast',
    );
    assertShape('Conv2DBackpropInput dy', dy.shape, info.outShape);
    const native = ops.native();
    const [fk, fl, fci, fco] = filter.shape as Shape4;
    if (native !== null && filter.dtype === 'float32' && dy.dtype === 'float32' && fci % 4 === 0) {
      const scratch = ops.output([fk * fl * fci * fco]);
      const dx = ops.output(inputShape);
      native.conv2dBackpropInput(
        ops.at(dy),
        ops.at(filter),
        ops.at(scratch),
        ops.at(dx),
        info.batchSize,
        info.inHeight,
        info.inWidth,
        fci,
        info.outHeight,
        info.outWidth,
        fco,
        fk,
        fl,
        ...windowArgs(info),
      );
      return channelsLast ? dx : ops.transpose(dx, [0, 3, 1, 2]);
    }
    const { up, trailing } = upsample(ops, dy, [info.strideHeight, info.strideWidth]);
    const rows = inputGradPad(
      info.inHeight,
      info.outHeight,
      info.filterHeight,
      info.strideHeight,
      info.dilationHeight,
      info.padInfo.top,
      trailing[0],
    );
    const cols = inputGradPad(
      info.inWidth,
      info.outWidth,
      info.filterWidth,
      info.strideWidth,
      info.dilationWidth,
      info.padInfo.left,
      trailing[1],
    );
    let dx: TensorInfo;
    if (!survives(up.shape[1] ?? 0, rows.crop) || !survives(up.shape[2] ?? 0, cols.crop)) {
      dx = ops.zeros(inputShape);
    } else {
      const upc = ops.cropSpatial(up, rows.crop, cols.crop);
      const dilations: [number, number] = [info.dilationHeight, info.dilationWidth];
      const [k, l, ci, co] = filter.shape as Shape4;
      if (ci === 1) {
        // One output channel wastes most of XNNPACK's GEMM tile (~17 ms for
        // a 28x28x32 dy); a depthwise pass plus a channel sum is ~4x faster.
        const flipped = ops.reshape(ops.flipSpatial(filter), [k, l, co, 1]);
        const perChannel = ops.depthwiseConv2d(upc, flipped, [1, 1], dilations, rows.pad, cols.pad);
        dx = ops.reshape(ops.sum(perChannel, 3), inputShape);
      } else {
        const flipped = ops.transpose(ops.flipSpatial(filter), [0, 1, 3, 2]);
        dx = ops.conv2d(upc, flipped, [1, 1], dilations, rows.pad, cols.pad);
      }
    }
    assertShape('Conv2DBackpropInput result', dx.shape, inputShape);
    return channelsLast ? dx : ops.transpose(dx, [0, 3, 1, 2]);
  });

/**
 * Like the dense filter gradient, but nothing sums over channels. Each
 * (channel, image) pair becomes its own channel of one image, [1, h, w, c*n],
 * correlated depthwise with dy laid out as a [oh, ow, c*n, m] filter; the sum
 * over images is a reduction over the innermost-but-one axis afterwards.
 */
const depthwiseBackpropFilter: KernelFunc = (args) =>
  withScope(args, (ops) => {
    const attrs = args.attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    const x = inputOf(args, 'x');
    const dy = inputOf(args, 'dy');
    const info = backend_util.computeConv2DInfo(
      x.shape as Shape4,
      attrs.filterShape,
      attrs.strides,
      attrs.dilations ?? 1,
      attrs.pad,
      attrs.dimRoundingMode as Rounding,
      true,
    );
    assertShape('DepthwiseConv2dNativeBackpropFilter dy', dy.shape, info.outShape);
    const [k, l, c, m] = attrs.filterShape;
    const n = info.batchSize;
    const native = ops.native();
    if (native !== null && m === 1 && c % 4 === 0 && x.dtype === 'float32' && dy.dtype === 'float32') {
      const dw = ops.output([k, l, c, m]);
      native.depthwiseBackpropFilter(
        ops.at(x),
        ops.at(dy),
        ops.at(dw),
        n,
        info.inHeight,
        info.inWidth,
        c,
        info.outHeight,
        info.outWidth,
        k,
        l,
        ...windowArgs(info),
      );
      return dw;
    }
    const rows = filterGradPad(info.inHeight, info.outHeight, k, info.strideHeight, info.dilationHeight, info.padInfo.top);
    const cols = filterGradPad(info.inWidth, info.outWidth, l, info.strideWidth, info.dilationWidth, info.padInfo.left);
    if (!survives(info.inHeight, rows.crop) || !survives(info.inWidth, cols.crop) || info.outHeight <= 0 || info.outWidth <= 0) {
      return ops.zeros(attrs.filterShape);
    }
    const xc = ops.cropSpatial(x, rows.crop, cols.crop);
    const [, hc, wc] = xc.shape as Shape4;
    const xT = ops.reshape(ops.transpose(xc, [1, 2, 3, 0]), [1, hc, wc, c * n]);
    const dy5 = ops.reshape(dy, [n, info.outHeight, info.outWidth, c, m]);
    const dyT = ops.reshape(ops.transpose(dy5, [1, 2, 3, 0, 4]), [info.outHeight, info.outWidth, c * n, m]);
    const perPair = ops.depthwiseConv2d(
      xT,
      dyT,
      [info.dilationHeight, info.dilationWidth],
      [info.strideHeight, info.strideWidth],
      rows.pad,
      cols.pad,
    );
    // With m = 1 the image axis is innermost and Sum needs no transpose.
    const dw = m === 1 ? ops.sum(ops.reshape(perPair, [k, l, c, n]), 3) : ops.sum(ops.reshape(perPair, [k, l, c, n, m]), 3);
    return ops.reshape(dw, [k, l, c, m]);
  });

/**
 * dx = depthwise correlation of the upsampled dy with the spatially flipped
 * kernel. A channel multiplier m > 1 gives each input channel m dy channels:
 * they are correlated one to one as c*m channels and summed in groups of m.
 */
const depthwiseBackpropInput: KernelFunc = (args) =>
  withScope(args, (ops) => {
    const attrs = args.attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    const dy = inputOf(args, 'dy');
    const filter = inputOf(args, 'filter');
    const info = backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as Shape4,
      attrs.strides,
      attrs.dilations ?? 1,
      attrs.pad,
      attrs.dimRoundingMode as Rounding,
      true,
    );
    assertShape('DepthwiseConv2dNativeBackpropInput dy', dy.shape, info.outShape);
    const [k, l, c, m] = filter.shape as Shape4;
    const native = ops.native();
    if (native !== null && m === 1 && c % 4 === 0 && filter.dtype === 'float32' && dy.dtype === 'float32') {
      const dx = ops.output([...attrs.inputShape]);
      native.depthwiseBackpropInput(
        ops.at(dy),
        ops.at(filter),
        ops.at(dx),
        info.batchSize,
        info.inHeight,
        info.inWidth,
        c,
        info.outHeight,
        info.outWidth,
        k,
        l,
        ...windowArgs(info),
      );
      return dx;
    }
    const { up, trailing } = upsample(ops, dy, [info.strideHeight, info.strideWidth]);
    const rows = inputGradPad(
      info.inHeight,
      info.outHeight,
      k,
      info.strideHeight,
      info.dilationHeight,
      info.padInfo.top,
      trailing[0],
    );
    const cols = inputGradPad(
      info.inWidth,
      info.outWidth,
      l,
      info.strideWidth,
      info.dilationWidth,
      info.padInfo.left,
      trailing[1],
    );
    if (!survives(up.shape[1] ?? 0, rows.crop) || !survives(up.shape[2] ?? 0, cols.crop)) {
      return ops.zeros(attrs.inputShape);
    }
    const upc = ops.cropSpatial(up, rows.crop, cols.crop);
    const flipped = ops.reshape(ops.flipSpatial(filter), [k, l, c * m, 1]);
    const dxm = ops.depthwiseConv2d(upc, flipped, [1, 1], [info.dilationHeight, info.dilationWidth], rows.pad, cols.pad);
    const [n, h, w] = attrs.inputShape;
    const dx = m === 1 ? dxm : ops.sum(ops.reshape(dxm, [n, h, w, c, m]), 4);
    assertShape('DepthwiseConv2dNativeBackpropInput result', dx.shape, attrs.inputShape);
    return dx;
  });

/**
 * The forward convolution (Conv2D, and FusedConv2D with a bias and a linear or
 * ReLU activation) in the native kernel, which folds the bias and the ReLU
 * into its output. Measured per SimpleCNN step (batch 64) it is the largest
 * item once the gradients are native: XNNPACK's three convolutions took 72 of
 * 252 ms. Everything else (NCHW, PReLU and other activations, a broadcast
 * bias, output channels not divisible by 8) goes to the backend's own kernel.
 */
function forwardConv(name: typeof Conv2D | typeof FusedConv2D): KernelFunc {
  return (args) => {
    const x = inputOf(args, 'x');
    const filter = inputOf(args, 'filter');
    const attrs = args.attrs as unknown as Conv2DAttrs & Partial<Pick<FusedConv2DAttrs, 'activation'>>;
    const bias = args.inputs.bias as TensorInfo | undefined;
    const activation = attrs.activation ?? 'linear';
    const backend = args.backend as BackendWasm;
    const [k = 0, l = 0, ci = 0, co = 0] = filter.shape;
    const native = nativeKernelsFor(backend);
    const handled =
      native !== null &&
      x.dtype === 'float32' &&
      filter.dtype === 'float32' &&
      attrs.dataFormat !== 'NCHW' &&
      x.shape.length === 4 &&
      x.shape[3] === ci &&
      co % 8 === 0 &&
      (activation === 'linear' || activation === 'relu') &&
      args.inputs.preluActivationWeights == null &&
      (bias === undefined || (bias.dtype === 'float32' && util.sizeFromShape(bias.shape) === co));
    if (!handled) return runNative(name, args);
    const info = backend_util.computeConv2DInfo(
      x.shape as Shape4,
      filter.shape as Shape4,
      attrs.strides,
      attrs.dilations,
      attrs.pad,
      attrs.dimRoundingMode as Rounding,
    );
    if (util.sizeFromShape(info.outShape) === 0 || util.sizeFromShape(x.shape) === 0) return runNative(name, args);
    const out = backend.makeOutput(info.outShape, 'float32');
    native.conv2d(
      heapOffset(backend, x),
      heapOffset(backend, filter),
      bias === undefined ? 0 : heapOffset(backend, bias),
      heapOffset(backend, out),
      info.batchSize,
      info.inHeight,
      info.inWidth,
      ci,
      info.outHeight,
      info.outWidth,
      co,
      k,
      l,
      ...windowArgs(info),
      bias !== undefined,
      activation === 'relu',
    );
    return out;
  };
}

/**
 * The engine's Adam update of one parameter tensor (optim/adam-step-kernel.ts)
 * in one native call: a SimpleCNN step otherwise spends ~180 small kernel
 * calls on Adam. Without the native kernels, the same float32 arithmetic in
 * JavaScript (Math.fround at every operation).
 */
const adamStep: KernelFunc = (args) => {
  const backend = args.backend as BackendWasm;
  const [param, gradient, expAvg, expAvgSq] = ['param', 'gradient', 'expAvg', 'expAvgSq'].map((name) => inputOf(args, name)) as [
    TensorInfo,
    TensorInfo,
    TensorInfo,
    TensorInfo,
  ];
  const a = args.attrs as unknown as AdamStepAttrs;
  for (const t of [gradient, expAvg, expAvgSq]) assertShape('CnnGuideAdamStep input', t.shape, param.shape);
  if ([param, gradient, expAvg, expAvgSq].some((t) => t.dtype !== 'float32')) {
    throw new Error('CnnGuideAdamStep takes float32 tensors.');
  }
  const count = util.sizeFromShape(param.shape);
  const outs = [param, expAvg, expAvgSq].map((t) => backend.makeOutput([...t.shape], 'float32')) as [
    TensorInfo,
    TensorInfo,
    TensorInfo,
  ];
  const native = nativeKernelsFor(backend);
  const scaleP = a.pScale !== null;
  const decay = a.l2 !== null;
  if (native !== null) {
    const [p, g, m, v, outP, outM, outV] = [param, gradient, expAvg, expAvgSq, ...outs].map((t) => heapOffset(backend, t));
    native.adamStep(
      p!,
      g!,
      m!,
      v!,
      outP!,
      outM!,
      outV!,
      count,
      a.beta1,
      a.oneMinusBeta1,
      a.beta2,
      a.oneMinusBeta2,
      a.negStepSize,
      a.bc2Sqrt,
      a.eps,
      a.pScale ?? 1,
      a.gSign,
      a.l2 ?? 0,
      scaleP,
      decay,
    );
    return outs;
  }
  // Views taken after makeOutput, which may grow (and detach) the heap.
  const [p, g, m, v, outP, outM, outV] = [param, gradient, expAvg, expAvgSq, ...outs].map(
    (t) => backend.typedArrayFromHeap(t) as Float32Array,
  ) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const f = Math.fround;
  const [b1, c1, b2, c2, step, bc2, eps] = [
    a.beta1,
    a.oneMinusBeta1,
    a.beta2,
    a.oneMinusBeta2,
    a.negStepSize,
    a.bc2Sqrt,
    a.eps,
  ].map(f) as number[];
  for (let i = 0; i < count; i++) {
    const pi = scaleP ? f(p[i]! * f(a.pScale!)) : p[i]!;
    let gi = f(g[i]! * a.gSign);
    if (decay) gi = f(gi + f(pi * f(a.l2!)));
    const mi = f(f(m[i]! * b1!) + f(gi * c1!));
    const vi = f(f(v[i]! * b2!) + f(f(gi * gi) * c2!));
    outM[i] = mi;
    outV[i] = vi;
    outP[i] = f(pi + f(f(mi / f(f(f(Math.sqrt(vi)) / bc2!) + eps!)) * step!));
  }
  return outs;
};

/** [rows, channels] of a channels-last tensor whose channel count suits the native BatchNorm kernels. */
function batchNormLayout(x: TensorInfo, kernel: string): [number, number] {
  const c = x.shape[x.shape.length - 1] ?? 0;
  if (x.dtype !== 'float32' || c === 0 || c % 4 !== 0)
    throw new Error(`${kernel} takes float32 tensors with a multiple of 4 channels.`);
  return [util.sizeFromShape(x.shape) / c, c];
}

/**
 * BatchNorm's training forward pass (batch-norm-kernels.ts) in one native
 * call: the channel statistics (summed in float64) and the affine pass.
 * Without the native kernels, the same in JavaScript.
 */
const batchNormForward: KernelFunc = (args) => {
  const backend = args.backend as BackendWasm;
  const [x, gamma, beta] = ['x', 'gamma', 'beta'].map((name) => inputOf(args, name)) as [TensorInfo, TensorInfo, TensorInfo];
  const { epsilon } = args.attrs as unknown as { epsilon: number };
  const [rows, c] = batchNormLayout(x, BATCH_NORM_FORWARD);
  const y = backend.makeOutput([...x.shape], 'float32');
  const [mean, variance, invStd] = [0, 1, 2].map(() => backend.makeOutput([c], 'float32')) as [
    TensorInfo,
    TensorInfo,
    TensorInfo,
  ];
  const native = nativeKernelsFor(backend);
  if (native !== null && rows > 0) {
    const acc = backend.makeOutput([2 * c], 'float32');
    try {
      const at = (t: TensorInfo) => heapOffset(backend, t);
      native.batchNormForward(at(x), at(gamma), at(beta), at(y), at(mean), at(variance), at(invStd), at(acc), rows, c, epsilon);
    } finally {
      backend.disposeData(acc.dataId);
    }
    return [y, mean, variance, invStd];
  }
  const [xs, g, b, ys, mu, v, s] = [x, gamma, beta, y, mean, variance, invStd].map(
    (t) => backend.typedArrayFromHeap(t) as Float32Array,
  ) as Float32Array[];
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += xs![r * c + ch]!;
    const m = Math.fround(sum / rows);
    let squares = 0;
    for (let r = 0; r < rows; r++) squares += Math.fround(xs![r * c + ch]! - m) ** 2;
    mu![ch] = m;
    v![ch] = squares / rows;
    s![ch] = 1 / Math.sqrt(v![ch]! + epsilon);
    const scale = Math.fround(g![ch]! * s![ch]!);
    for (let r = 0; r < rows; r++) ys![r * c + ch] = Math.fround(xs![r * c + ch]! - m) * scale + b![ch]!;
  }
  return [y, mean, variance, invStd];
};

/** BatchNorm's closed-form gradient (fused-batch-norm.ts) in one native call; without the native kernels, in JavaScript. */
const batchNormBackward: KernelFunc = (args) => {
  const backend = args.backend as BackendWasm;
  const [dy, x, mean, invStd, gamma] = ['dy', 'x', 'mean', 'invStd', 'gamma'].map((name) => inputOf(args, name)) as TensorInfo[];
  const [rows, c] = batchNormLayout(x!, BATCH_NORM_BACKWARD);
  assertShape(BATCH_NORM_BACKWARD, dy!.shape, x!.shape);
  const dx = backend.makeOutput([...x!.shape], 'float32');
  const [dGamma, dBeta] = [0, 1].map(() => backend.makeOutput([c], 'float32')) as [TensorInfo, TensorInfo];
  const native = nativeKernelsFor(backend);
  if (native !== null && rows > 0) {
    const acc = backend.makeOutput([7 * c], 'float32');
    try {
      const at = (t: TensorInfo) => heapOffset(backend, t);
      native.batchNormBackward(
        at(dy!),
        at(x!),
        at(mean!),
        at(invStd!),
        at(gamma!),
        at(dx),
        at(dGamma),
        at(dBeta),
        at(acc),
        rows,
        c,
      );
    } finally {
      backend.disposeData(acc.dataId);
    }
    return [dx, dGamma, dBeta];
  }
  const [g, xs, mu, s, gam, dxs, dg, db] = [dy!, x!, mean!, invStd!, gamma!, dx, dGamma, dBeta].map(
    (t) => backend.typedArrayFromHeap(t) as Float32Array,
  ) as Float32Array[];
  for (let ch = 0; ch < c; ch++) {
    let sumDy = 0;
    let sumDyCentred = 0;
    for (let r = 0; r < rows; r++) {
      const i = r * c + ch;
      sumDy += g![i]!;
      sumDyCentred += g![i]! * Math.fround(xs![i]! - mu![ch]!);
    }
    const gs = gam![ch]! * s![ch]!;
    db![ch] = sumDy;
    dg![ch] = sumDyCentred * s![ch]!;
    const centredCoefficient = (-gs * s![ch]! * s![ch]! * sumDyCentred) / rows;
    const offset = (-gs * sumDy) / rows;
    for (let r = 0; r < rows; r++) {
      const i = r * c + ch;
      dxs![i] = g![i]! * gs + Math.fround(xs![i]! - mu![ch]!) * centredCoefficient + offset;
    }
  }
  return [dx, dGamma, dBeta];
};

/** The WASM backend's own kernels that ours replace, for the cases ours leave to them. */
const nativeKernels = new Map<string, KernelConfig>();

function runNative(name: string, args: ConvArgs): TensorInfo | TensorInfo[] {
  const native = nativeKernels.get(name);
  if (native === undefined) throw new Error(`The WASM backend has no '${name}' kernel to fall back to.`);
  return native.kernelFunc(args as Parameters<KernelFunc>[0]);
}

/**
 * Tile as a broadcasting Multiply by ones. The WASM backend's Tile computes
 * every output index separately and took ~100 ms to tile BatchNorm's
 * [1, 1, 1, C] scale to a [64, 28, 28, C] activation in its gradient, more
 * than all the convolutions of a training step.
 */
const tile: KernelFunc = (args) => {
  const x = inputOf(args, 'x');
  const { reps } = args.attrs as unknown as TileAttrs;
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || util.sizeFromShape(x.shape) === 0 || reps.some((r) => r <= 0)) {
    return runNative(Tile, args);
  }
  return withScope(args, (ops) => {
    // The output, viewed as [reps[0], shape[0], reps[1], shape[1], ...], is x
    // broadcast along the rep axes. Unit axes are dropped and neighbours of
    // the same kind merged, which keeps the broadcast to a few axes.
    const axes: Array<{ size: number; rep: boolean }> = [];
    x.shape.forEach((size, i) => {
      for (const axis of [
        { size: reps[i] ?? 1, rep: true },
        { size, rep: false },
      ]) {
        if (axis.size === 1) continue;
        const last = axes[axes.length - 1];
        if (last !== undefined && last.rep === axis.rep) last.size *= axis.size;
        else axes.push({ ...axis });
      }
    });
    const outShape = x.shape.map((size, i) => size * (reps[i] ?? 1));
    if (!axes.some((a) => a.rep)) return ops.reshape(x, outShape);
    const xView = ops.reshape(
      x,
      axes.map((a) => (a.rep ? 1 : a.size)),
    );
    const ones = ops.fill(
      axes.map((a) => (a.rep ? a.size : 1)),
      1,
      x.dtype,
    );
    return ops.reshape(ops.run('Multiply', { a: xView, b: ones }), outShape);
  });
};

/**
 * Most negative float32: pads pooling windows without becoming their maximum
 * (-Infinity would turn the tap-picking convolution's 0 * pad into NaN).
 */
const LOWEST_FLOAT32 = -3.4028234663852886e38;

/**
 * MaxPoolGrad from whole-tensor XNNPACK operations. The WASM backend's own
 * kernel is slow (~40 ms for [64, 28, 28, 32]) and wrong: it loses the
 * gradient of windows whose values are all negative (or all zero) and gives
 * ties to the last maximum. Here, as on the CPU backend and in PyTorch, each
 * window's gradient goes to its first maximum in row-major order.
 *
 * With m = kh * kw taps per window:
 *   taps     [n, ho, wo, c*m]  every window's values, from a depthwise
 *                              convolution whose m outputs per channel each
 *                              pick one tap (one-hot filter);
 *   isMax    1 where a tap equals the window's maximum (max - tap > 0 is
 *                              exact in floating point);
 *   earlier  number of maxima at earlier taps: isMax x strictly upper
 *                              triangular ones [m, m];
 *   grad     isMax * relu(1 - earlier) * dy.
 * The taps' gradients then go back to their pixels: by a transpose when the
 * windows tile the input, else by the transposed tap-picking convolution,
 * which also sums where windows overlap.
 */
const maxPoolGrad: KernelFunc = (args) => {
  const attrs = args.attrs as unknown as MaxPoolGradAttrs;
  const dy = inputOf(args, 'dy');
  const input = inputOf(args, 'input');
  const output = inputOf(args, 'output');
  if (input.dtype !== 'float32' || dy.dtype !== 'float32') return runNative(MaxPoolGrad, args);
  return withScope(args, (ops) => {
    const info = backend_util.computePool2DInfo(
      input.shape as Shape4,
      attrs.filterSize,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const [n, h, w, c] = input.shape as Shape4;
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: ho, outWidth: wo } = info;
    const m = kh * kw;
    if (ho <= 0 || wo <= 0) return ops.zeros(input.shape);
    const { top, left } = info.padInfo;
    const native = ops.native();
    if (native !== null) {
      const dx = ops.output(input.shape);
      native.maxPoolGrad(ops.at(input), ops.at(dy), ops.at(dx), n, h, w, c, ho, wo, kh, kw, sh, sw, top, left);
      return dx;
    }
    // Rows the windows span, in padded coordinates.
    const spanH = (ho - 1) * sh + kh;
    const spanW = (wo - 1) * sw + kw;
    const tiles = sh === kh && sw === kw && top === 0 && left === 0 && spanH <= h && spanW <= w;
    const padBottom = Math.max(0, spanH - top - h);
    const padRight = Math.max(0, spanW - left - w);
    const source = tiles
      ? input
      : ops.run(
          'PadV2',
          { x: input },
          {
            paddings: [
              [0, 0],
              [top, padBottom],
              [left, padRight],
              [0, 0],
            ],
            constantValue: LOWEST_FLOAT32,
          },
        );

    const oneHot = new Float32Array(m * c * m);
    for (let t = 0; t < m; t++) {
      for (let ch = 0; ch < c; ch++) oneHot[(t * c + ch) * m + t] = 1;
    }
    const pick = ops.constant([kh, kw, c, m], oneHot);
    const repeat = ops.fill([1, 1, c, m], 1);
    const taps = ops.depthwiseConv2d(source, pick, [sh, sw], [1, 1], [0, 0], [0, 0]);
    assertShape('MaxPoolGrad taps', taps.shape, [n, ho, wo, c * m]);
    const maxima = ops.depthwiseConv2d(output, repeat, [1, 1], [1, 1], [0, 0], [0, 0]);
    const one = ops.fill([], 1);
    const notMax = ops.run('Step', { x: ops.run('Sub', { a: maxima, b: taps }) }, { alpha: 0 });
    const isMax = ops.run('Sub', { a: one, b: notMax });
    const upper = new Float32Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < m; j++) upper[i * m + j] = 1;
    }
    const size = n * ho * wo * c;
    const earlier = ops.matMul(ops.reshape(isMax, [size, m]), ops.constant([m, m], upper));
    const first = ops.run('Multiply', {
      a: ops.reshape(isMax, [size, m]),
      b: ops.run('Relu', { x: ops.run('Sub', { a: one, b: earlier }) }),
    });
    const spread = ops.depthwiseConv2d(dy, repeat, [1, 1], [1, 1], [0, 0], [0, 0]);
    const grad = ops.run('Multiply', { a: first, b: ops.reshape(spread, [size, m]) });

    if (tiles) {
      const blocks = ops.transpose(ops.reshape(grad, [n, ho, wo, c, kh, kw]), [0, 1, 4, 2, 5, 3]);
      const dx = ops.reshape(blocks, [n, ho * kh, wo * kw, c]);
      if (spanH === h && spanW === w) return dx;
      return ops.pad(dx, [
        [0, 0],
        [0, h - spanH],
        [0, w - spanW],
        [0, 0],
      ]);
    }
    const [, hp, wp] = source.shape as Shape4;
    const dxPadded = ops.run(
      DepthwiseConv2dNativeBackpropInput,
      { dy: ops.reshape(grad, [n, ho, wo, c * m]), filter: pick },
      { strides: [sh, sw], dilations: [1, 1], pad: 'valid', inputShape: [n, hp, wp, c] },
    );
    return ops.cropSpatial(dxPadded, [top, hp - top - h], [left, wp - left - w]);
  });
};

/**
 * Sum and Mean over leading axes ([0, 1, 2] of NHWC: BatchNorm statistics,
 * bias and BatchNorm gradients) as an average pooling of x viewed as
 * [1, r, 1, c] with an [r, 1] window, which XNNPACK runs as one streaming
 * pass. The backend's reductions only reduce innermost axes and transpose
 * first: 3 to 20 times slower on CNN activations. Other reductions use the
 * backend's own kernels.
 */
function leadingReduction(name: typeof Sum | typeof Mean): KernelFunc {
  return (args) => {
    const x = inputOf(args, 'x');
    const { axis, keepDims } = args.attrs as unknown as SumAttrs | MeanAttrs;
    const axes = [...new Set(util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
    const r = util.sizeFromShape(x.shape.slice(0, axes.length));
    const c = util.sizeFromShape(x.shape.slice(axes.length));
    if (!leading || x.dtype !== 'float32' || r < 2 || c === 0) return runNative(name, args);
    return withScope(args, (ops) => {
      const mean = ops.run('AvgPool', { x: ops.reshape(x, [1, r, 1, c]) }, { filterSize: [r, 1], strides: 1, pad: 'valid' });
      const reduced = name === Mean ? mean : ops.run('Multiply', { a: mean, b: ops.fill([], r) });
      const kept = x.shape.slice(axes.length);
      return ops.reshape(reduced, keepDims ? [...axes.map(() => 1), ...kept] : kept);
    });
  };
}

interface TrainingKernel {
  name: string;
  kernelFunc: KernelFunc;
  /**
   * Missing kernels are only added; replacements take the place of the WASM
   * backend's own kernel and may hand cases back to it.
   */
  replaces: boolean;
}

const TRAINING_KERNELS: TrainingKernel[] = [
  { name: Conv2DBackpropFilter, kernelFunc: conv2dBackpropFilter, replaces: false },
  { name: DepthwiseConv2dNativeBackpropFilter, kernelFunc: depthwiseBackpropFilter, replaces: false },
  { name: DepthwiseConv2dNativeBackpropInput, kernelFunc: depthwiseBackpropInput, replaces: false },
  { name: Conv2DBackpropInput, kernelFunc: conv2dBackpropInput, replaces: true },
  { name: Conv2D, kernelFunc: forwardConv(Conv2D), replaces: true },
  { name: FusedConv2D, kernelFunc: forwardConv(FusedConv2D), replaces: true },
  { name: ADAM_STEP, kernelFunc: adamStep, replaces: false },
  { name: BATCH_NORM_FORWARD, kernelFunc: batchNormForward, replaces: false },
  { name: BATCH_NORM_BACKWARD, kernelFunc: batchNormBackward, replaces: false },
  { name: Tile, kernelFunc: tile, replaces: true },
  { name: MaxPoolGrad, kernelFunc: maxPoolGrad, replaces: true },
  { name: Sum, kernelFunc: leadingReduction(Sum), replaces: true },
  { name: Mean, kernelFunc: leadingReduction(Mean), replaces: true },
];

/** Names of the kernels this module adds to or replaces in the 'wasm' backend. */
export const WASM_TRAINING_KERNEL_NAMES: readonly string[] = TRAINING_KERNELS.map((k) => k.name);

export interface RegisterOptions {
  /**
   * Also replace the backend's Conv2D, FusedConv2D, slow Conv2DBackpropInput, Tile, MaxPoolGrad,
   * Sum and Mean (default true). false is for comparisons; it does not undo an earlier
   * replacement.
   */
  replaceSlowKernels?: boolean;
}

/**
 * Registers the convolution gradients the 'wasm' backend lacks, and faster
 * replacements for some of its kernels that training leans on
 * (Conv2D, FusedConv2D, Conv2DBackpropInput, Tile, MaxPoolGrad, Sum, Mean). Safe to call
 * any number of times, before or after the backend is initialised.
 */
export function registerWasmTrainingKernels(options: RegisterOptions = {}): void {
  const replaceSlow = options.replaceSlowKernels ?? true;
  for (const { name, kernelFunc, replaces } of TRAINING_KERNELS) {
    const existing = getKernel(name, BACKEND) as KernelConfig | undefined;
    if (existing?.kernelFunc === kernelFunc) continue;
    if (existing !== undefined) {
      if (!replaces || !replaceSlow) continue;
      nativeKernels.set(name, existing);
      unregisterKernel(name, BACKEND);
    }
    // The replaced kernel's setup binds its WASM function; it must still run
    // when a backend initialises, or falling back to it would fail.
    const setupFunc = nativeKernels.get(name)?.setupFunc;
    registerKernel({ kernelName: name, backendName: BACKEND, kernelFunc, ...(setupFunc ? { setupFunc } : {}) });
  }
}

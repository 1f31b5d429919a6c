/**
 * The WASM training kernels against the CPU backend.
 *
 * Error measure: max |wasm - cpu| / max |cpu| over a tensor (a max-norm
 * relative error; element-wise ratios are meaningless where values cross 0).
 *
 * The CPU backend ignores dilations in its backprop kernels, so for
 * dilation > 1 the reference is the CPU kernel run on the equivalent
 * undilated filter (zeros between taps, "effective" size (k - 1) * d + 1),
 * whose gradient is then sampled at the real taps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { provideNativeKernels } from '../../src/engine/tf/native-kernels';
import { Adam, AdamW } from '../../src/engine/tf/optim/adam';
import { ADAM_STEP } from '../../src/engine/tf/optim/adam-step-kernel';
import { readNativeKernelBinary, registerWasmTrainingKernelsInNode, useWasmBackend } from '../../src/engine/tf/wasm-node';
import { WASM_TRAINING_KERNEL_NAMES, registerWasmTrainingKernels } from '../../src/engine/tf/wasm-training-kernels';

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
type Shape4 = [number, number, number, number];

const TOLERANCE = 1e-4;
const NATIVE_BUILDS = [
  ['plain SIMD', false],
  ['relaxed SIMD', true],
] as const;
const worst = new Map<string, number>();

function record(kernel: string, err: number): void {
  worst.set(kernel, Math.max(worst.get(kernel) ?? 0, err));
}

/** Deterministic values in [-1, 1) (mulberry32). */
function values(seed: number, n: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

function relErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs((got[i] ?? NaN) - (want[i] ?? NaN)));
    scale = Math.max(scale, Math.abs(want[i] ?? 0));
  }
  if (Number.isNaN(diff)) return Infinity;
  return scale === 0 ? diff : diff / scale;
}

/** Runs a kernel on a backend with the given input values; returns the output values and shape. */
async function runKernel(
  backend: string,
  kernel: string,
  inputs: Record<string, { data: Float32Array | Int32Array; shape: number[]; dtype?: 'float32' | 'int32' }>,
  attrs: Record<string, unknown>,
): Promise<{ data: Float32Array | Int32Array | Uint8Array; shape: number[] }> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const named: Record<string, tf.Tensor> = {};
    for (const [name, v] of Object.entries(inputs)) named[name] = tf.tensor(v.data, v.shape, v.dtype ?? 'float32');
    const out = tf.engine().runKernel(kernel, named, attrs as tf.NamedAttrMap) as tf.Tensor;
    return { data: out.dataSync(), shape: out.shape };
  });
}

function effectiveSize(k: number, d: number): number {
  return (k - 1) * d + 1;
}

/** [k, l, i, o] filter values -> the equivalent undilated filter of effective size. */
function dilateFilter(w: Float32Array, shape: Shape4, d: number): { data: Float32Array; shape: Shape4 } {
  const [k, l, ci, co] = shape;
  const ek = effectiveSize(k, d);
  const el = effectiveSize(l, d);
  const out = new Float32Array(ek * el * ci * co);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < l; b++) {
      const from = (a * l + b) * ci * co;
      out.set(w.subarray(from, from + ci * co), (a * d * el + b * d) * ci * co);
    }
  }
  return { data: out, shape: [ek, el, ci, co] };
}

/** Inverse of dilateFilter on a gradient: the entries at the real taps. */
function sampleTaps(g: ArrayLike<number>, shape: Shape4, d: number): Float32Array {
  const [k, l, ci, co] = shape;
  const el = effectiveSize(l, d);
  const out = new Float32Array(k * l * ci * co);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < l; b++) {
      for (let j = 0; j < ci * co; j++) out[(a * l + b) * ci * co + j] = g[(a * d * el + b * d) * ci * co + j] ?? NaN;
    }
  }
  return out;
}

/** Output size of the forward convolution, or null when the window does not fit. */
function outSize(
  inShape: Shape4,
  k: number,
  stride: number,
  dilation: number,
  pad: Pad,
  rounding?: 'ceil' | 'floor' | 'round',
): [number, number] | null {
  const info = tf.backend_util.computeConv2DInfo(inShape, [k, k, inShape[3], 1], stride, dilation, pad, rounding);
  return info.outHeight > 0 && info.outWidth > 0 ? [info.outHeight, info.outWidth] : null;
}

const STRIDES = [1, 2];
const DILATIONS = [1, 2];
const KERNELS = [1, 3, 5];
const PADS: Pad[] = [
  'valid',
  'same',
  1,
  [
    [0, 0],
    [2, 1],
    [0, 2],
    [0, 0],
  ],
];
const H = 7;
const W = 9;

interface ConvCase {
  label: string;
  n: number;
  ci: number;
  co: number;
  k: number;
  stride: number;
  dilation: number;
  pad: Pad;
  rounding?: 'ceil';
}

function convCases(): ConvCase[] {
  // Every stride x pad x dilation x kernel, each with several channel/batch
  // combinations. The native kernels take co % 4 == 0 (filter gradient) and
  // ci % 4 == 0 (input gradient), in blocks of 4x8 and 1x16/1x4 channels and
  // of 4 pixels (stride 1, ci % 8 == 0); the other shapes take the
  // compositions: (1, 16) with k <= 3 and stride 1 the matrix-product route
  // of the filter gradient, the others the convolution route.
  const channelSets: Array<[number, number, number]> = [
    [1, 1, 8],
    [5, 3, 3],
    [1, 8, 1],
    [5, 3, 8],
    [5, 1, 16],
    [2, 16, 8],
    [1, 8, 12],
  ];
  const cases: ConvCase[] = [];
  for (const stride of STRIDES) {
    for (const pad of PADS) {
      for (const dilation of DILATIONS) {
        for (const k of KERNELS) {
          for (const [n, ci, co] of channelSets) {
            cases.push({
              label: `s${stride} d${dilation} k${k} pad ${JSON.stringify(pad)} n${n} ${ci}->${co}`,
              n,
              ci,
              co,
              k,
              stride,
              dilation,
              pad,
            });
          }
        }
      }
    }
  }
  // 'ceil' rounding reaches past the padded input.
  cases.push({ label: 'ceil s2 k3 pad 1', n: 2, ci: 3, co: 4, k: 3, stride: 2, dilation: 1, pad: 1, rounding: 'ceil' });
  cases.push({ label: 'ceil s2 k3 d2 pad 2', n: 2, ci: 3, co: 4, k: 3, stride: 2, dilation: 2, pad: 2, rounding: 'ceil' });
  return cases;
}

beforeAll(async () => {
  await useWasmBackend();
});

afterAll(() => {
  const lines = [...worst.entries()].map(([k, v]) => `  ${k}: ${v.toExponential(2)}`);
  console.log(`max relative error, wasm vs cpu:\n${lines.join('\n')}`);
});

describe('registration', () => {
  it('registers every kernel for wasm, idempotently', () => {
    registerWasmTrainingKernels();
    const before = WASM_TRAINING_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm').kernelFunc);
    registerWasmTrainingKernels();
    const after = WASM_TRAINING_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm').kernelFunc);
    expect(after).toEqual(before);
    for (const name of ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']) {
      expect(WASM_TRAINING_KERNEL_NAMES).toContain(name);
    }
  });
});

// The convolution gradients' native kernels come in two builds: plain SIMD,
// and relaxed SIMD with fused multiply-adds (what Chromium runs). Both are
// checked; the unit tier runs Node with the flag that compiles the second.
describe.each(NATIVE_BUILDS)('with the %s build of the native kernels', (_label, relaxed) => {
  beforeAll(() => {
    provideNativeKernels({ plain: new WebAssembly.Module(readNativeKernelBinary(relaxed)) });
  });
  afterAll(() => {
    registerWasmTrainingKernelsInNode();
  });

  describe('Conv2DBackpropFilter and Conv2DBackpropInput', () => {
    const cases = convCases();
    it(`match the CPU backend over ${cases.length} shapes`, async () => {
      let ran = 0;
      for (const [i, c] of cases.entries()) {
        const xShape: Shape4 = [c.n, H, W, c.ci];
        const out = outSize(xShape, c.k, c.stride, c.dilation, c.pad, c.rounding);
        if (out === null) continue;
        ran++;
        const dyShape: Shape4 = [c.n, out[0], out[1], c.co];
        const fShape: Shape4 = [c.k, c.k, c.ci, c.co];
        const x = values(3 * i + 1, tf.util.sizeFromShape(xShape));
        const dy = values(3 * i + 2, tf.util.sizeFromShape(dyShape));
        const w = values(3 * i + 3, tf.util.sizeFromShape(fShape));
        const base = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.rounding };
        const eff = dilateFilter(w, fShape, c.dilation);

        const dwWasm = await runKernel(
          'wasm',
          'Conv2DBackpropFilter',
          { x: { data: x, shape: xShape }, dy: { data: dy, shape: dyShape } },
          {
            ...base,
            filterShape: fShape,
            dilations: c.dilation,
          },
        );
        const dwCpu = await runKernel(
          'cpu',
          'Conv2DBackpropFilter',
          { x: { data: x, shape: xShape }, dy: { data: dy, shape: dyShape } },
          {
            ...base,
            filterShape: eff.shape,
          },
        );
        expect(dwWasm.shape, c.label).toEqual(fShape);
        const errW = relErr(dwWasm.data, sampleTaps(dwCpu.data, fShape, c.dilation));
        record('Conv2DBackpropFilter', errW);
        expect(errW, `dW ${c.label}`).toBeLessThanOrEqual(TOLERANCE);

        const dxWasm = await runKernel(
          'wasm',
          'Conv2DBackpropInput',
          { dy: { data: dy, shape: dyShape }, filter: { data: w, shape: fShape } },
          {
            ...base,
            inputShape: xShape,
            dilations: c.dilation,
          },
        );
        const dxCpu = await runKernel(
          'cpu',
          'Conv2DBackpropInput',
          { dy: { data: dy, shape: dyShape }, filter: { data: eff.data, shape: eff.shape } },
          {
            ...base,
            inputShape: xShape,
          },
        );
        expect(dxWasm.shape, c.label).toEqual(xShape);
        const errX = relErr(dxWasm.data, dxCpu.data);
        record('Conv2DBackpropInput', errX);
        expect(errX, `dx ${c.label}`).toBeLessThanOrEqual(TOLERANCE);
      }
      expect(ran).toBeGreaterThan(150);
    });

    it(`Conv2D and FusedConv2D (bias, ReLU) match the CPU backend over ${cases.length} shapes`, async () => {
      let ran = 0;
      for (const [i, c] of cases.entries()) {
        const xShape: Shape4 = [c.n, H, W, c.ci];
        const out = outSize(xShape, c.k, c.stride, c.dilation, c.pad, c.rounding);
        if (out === null) continue;
        ran++;
        const fShape: Shape4 = [c.k, c.k, c.ci, c.co];
        const x = { data: values(5 * i + 1, tf.util.sizeFromShape(xShape)), shape: xShape };
        const filter = { data: values(5 * i + 2, tf.util.sizeFromShape(fShape)), shape: fShape };
        const bias = { data: values(5 * i + 3, c.co), shape: [c.co] };
        const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.rounding, dilations: c.dilation };
        // The CPU backend's forward convolution handles dilations itself.
        const plain = await runKernel('wasm', 'Conv2D', { x, filter }, attrs);
        const plainCpu = await runKernel('cpu', 'Conv2D', { x, filter }, attrs);
        expect(plain.shape, c.label).toEqual(plainCpu.shape);
        const errPlain = relErr(plain.data, plainCpu.data);
        record('Conv2D', errPlain);
        expect(errPlain, `Conv2D ${c.label}`).toBeLessThanOrEqual(TOLERANCE);
        const activation = i % 2 === 0 ? 'relu' : 'linear';
        const fusedAttrs = { ...attrs, dataFormat: 'NHWC', activation };
        const fused = await runKernel('wasm', 'FusedConv2D', { x, filter, bias }, fusedAttrs);
        const fusedCpu = await runKernel('cpu', 'FusedConv2D', { x, filter, bias }, fusedAttrs);
        const errFused = relErr(fused.data, fusedCpu.data);
        record('FusedConv2D', errFused);
        expect(errFused, `FusedConv2D ${activation} ${c.label}`).toBeLessThanOrEqual(TOLERANCE);
      }
      expect(ran).toBeGreaterThan(150);
    });

    it('handle NCHW tensors', async () => {
      const xShape: Shape4 = [2, 3, H, W];
      const dyShape: Shape4 = [2, 4, 4, 5];
      const fShape: Shape4 = [3, 3, 3, 4];
      const x = values(11, tf.util.sizeFromShape(xShape));
      const dy = values(12, tf.util.sizeFromShape(dyShape));
      const w = values(13, tf.util.sizeFromShape(fShape));
      const attrs = { strides: 2, pad: 'same', dataFormat: 'NCHW' };
      for (const backend of ['wasm', 'cpu']) {
        const dw = await runKernel(
          backend,
          'Conv2DBackpropFilter',
          { x: { data: x, shape: xShape }, dy: { data: dy, shape: dyShape } },
          { ...attrs, filterShape: fShape },
        );
        const dx = await runKernel(
          backend,
          'Conv2DBackpropInput',
          { dy: { data: dy, shape: dyShape }, filter: { data: w, shape: fShape } },
          { ...attrs, inputShape: xShape },
        );
        if (backend === 'wasm') {
          const dwCpu = await runKernel(
            'cpu',
            'Conv2DBackpropFilter',
            { x: { data: x, shape: xShape }, dy: { data: dy, shape: dyShape } },
            { ...attrs, filterShape: fShape },
          );
          const dxCpu = await runKernel(
            'cpu',
            'Conv2DBackpropInput',
            { dy: { data: dy, shape: dyShape }, filter: { data: w, shape: fShape } },
            { ...attrs, inputShape: xShape },
          );
          expect(relErr(dw.data, dwCpu.data)).toBeLessThanOrEqual(TOLERANCE);
          expect(relErr(dx.data, dxCpu.data)).toBeLessThanOrEqual(TOLERANCE);
          expect(dx.shape).toEqual(xShape);
        }
      }
    });

    it('give the same tf.conv2d gradients as the CPU backend (dilation 1: the op refuses larger ones)', async () => {
      for (const [i, [stride, pad, k]] of (
        [
          [1, 'same', 3],
          [2, 'same', 3],
          [2, 'valid', 5],
          [1, 1, 3],
          [
            2,
            [
              [0, 0],
              [1, 0],
              [2, 1],
              [0, 0],
            ],
            3,
          ],
        ] as Array<[number, Pad, number]>
      ).entries()) {
        const xShape: Shape4 = [3, H, W, 3];
        const fShape: Shape4 = [k, k, 3, 8];
        const x = values(100 + i, tf.util.sizeFromShape(xShape));
        const w = values(200 + i, tf.util.sizeFromShape(fShape));
        const grads = async (backend: string) => {
          await tf.setBackend(backend);
          return tf.tidy(() => {
            const xt = tf.tensor4d(x, xShape);
            const wt = tf.tensor4d(w, fShape);
            const f = (a: tf.Tensor, b: tf.Tensor) => {
              const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad as 'same');
              return tf.sum(tf.mul(y, tf.sin(tf.range(0, y.size).reshape(y.shape))));
            };
            const [gx, gw] = tf.grads(f)([xt, wt]);
            return [gx!.dataSync(), gw!.dataSync()];
          });
        };
        const [gxW, gwW] = await grads('wasm');
        const [gxC, gwC] = await grads('cpu');
        expect(relErr(gxW!, gxC!)).toBeLessThanOrEqual(TOLERANCE);
        expect(relErr(gwW!, gwC!)).toBeLessThanOrEqual(TOLERANCE);
      }
    });
  });

  describe('DepthwiseConv2dNativeBackpropFilter and ...BackpropInput', () => {
    it('match the CPU backend over strides, pads, dilations, kernels, channels, multipliers and batches', async () => {
      let ran = 0;
      let seed = 1000;
      for (const stride of STRIDES) {
        for (const pad of PADS) {
          for (const dilation of DILATIONS) {
            for (const k of KERNELS) {
              for (const [n, c, m] of [
                [1, 1, 1],
                [5, 3, 1],
                [1, 8, 1],
                [5, 3, 2],
              ] as Array<[number, number, number]>) {
                const xShape: Shape4 = [n, H, W, c];
                const out = outSize(xShape, k, stride, dilation, pad);
                if (out === null) continue;
                ran++;
                const label = `s${stride} d${dilation} k${k} pad ${JSON.stringify(pad)} n${n} c${c} m${m}`;
                const dyShape: Shape4 = [n, out[0], out[1], c * m];
                const fShape: Shape4 = [k, k, c, m];
                const x = values(seed++, tf.util.sizeFromShape(xShape));
                const dy = values(seed++, tf.util.sizeFromShape(dyShape));
                const w = values(seed++, tf.util.sizeFromShape(fShape));
                const eff = dilateFilter(w, fShape, dilation);
                const base = { strides: stride, pad };

                const dwWasm = await runKernel(
                  'wasm',
                  'DepthwiseConv2dNativeBackpropFilter',
                  { x: { data: x, shape: xShape }, dy: { data: dy, shape: dyShape } },
                  {
                    ...base,
                    dilations: dilation,
                    filterShape: fShape,
                  },
                );
                const dwCpu = await runKernel(
                  'cpu',
                  'DepthwiseConv2dNativeBackpropFilter',
                  { x: { data: x, shape: xShape }, dy: { data: dy, shape: dyShape } },
                  {
                    ...base,
                    dilations: 1,
                    filterShape: eff.shape,
                  },
                );
                expect(dwWasm.shape, label).toEqual(fShape);
                const errW = relErr(dwWasm.data, sampleTaps(dwCpu.data, fShape, dilation));
                record('DepthwiseConv2dNativeBackpropFilter', errW);
                expect(errW, `dW ${label}`).toBeLessThanOrEqual(TOLERANCE);

                const dxWasm = await runKernel(
                  'wasm',
                  'DepthwiseConv2dNativeBackpropInput',
                  { dy: { data: dy, shape: dyShape }, filter: { data: w, shape: fShape } },
                  {
                    ...base,
                    dilations: dilation,
                    inputShape: xShape,
                  },
                );
                const dxCpu = await runKernel(
                  'cpu',
                  'DepthwiseConv2dNativeBackpropInput',
                  { dy: { data: dy, shape: dyShape }, filter: { data: eff.data, shape: eff.shape } },
                  {
                    ...base,
                    dilations: 1,
                    inputShape: xShape,
                  },
                );
                expect(dxWasm.shape, label).toEqual(xShape);
                const errX = relErr(dxWasm.data, dxCpu.data);
                record('DepthwiseConv2dNativeBackpropInput', errX);
                expect(errX, `dx ${label}`).toBeLessThanOrEqual(TOLERANCE);
              }
            }
          }
        }
      }
      expect(ran).toBeGreaterThan(100);
    });

    it('give the same tf.depthwiseConv2d gradients as the CPU backend', async () => {
      const xShape: Shape4 = [2, H, W, 4];
      const fShape: Shape4 = [3, 3, 4, 2];
      const x = values(7, tf.util.sizeFromShape(xShape));
      const w = values(8, tf.util.sizeFromShape(fShape));
      const grads = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() => {
          const f = (a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(tf.square(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')));
          const [gx, gw] = tf.grads(f)([tf.tensor4d(x, xShape), tf.tensor4d(w, fShape)]);
          return [gx!.dataSync(), gw!.dataSync()];
        });
      };
      const [gxW, gwW] = await grads('wasm');
      const [gxC, gwC] = await grads('cpu');
      expect(relErr(gxW!, gxC!)).toBeLessThanOrEqual(TOLERANCE);
      expect(relErr(gwW!, gwC!)).toBeLessThanOrEqual(TOLERANCE);
    });
  });
});

describe('replacement kernels', () => {
  it('Tile matches the CPU backend', async () => {
    const cases: Array<[number[], number[], 'float32' | 'int32']> = [
      [[1, 1, 1, 5], [4, 3, 2, 1], 'float32'],
      [[2, 3], [2, 2], 'float32'],
      [[3], [4], 'int32'],
      [[2, 1, 3], [1, 4, 2], 'float32'],
      [[2, 3, 1, 2, 2], [2, 1, 3, 1, 2], 'float32'],
      [[2, 2], [1, 1], 'float32'],
    ];
    for (const [shape, reps, dtype] of cases) {
      const data =
        dtype === 'int32'
          ? Int32Array.from(values(5, tf.util.sizeFromShape(shape)), (v) => Math.round(v * 100))
          : values(5, tf.util.sizeFromShape(shape));
      const input = { x: { data, shape, dtype } };
      const got = await runKernel('wasm', 'Tile', input, { reps });
      const want = await runKernel('cpu', 'Tile', input, { reps });
      expect(got.shape).toEqual(want.shape);
      expect(Array.from(got.data)).toEqual(Array.from(want.data));
    }
  });

  it('MaxPoolGrad matches the CPU backend, ties included', async () => {
    const cases: Array<{ shape: Shape4; filterSize: number; strides: number; pad: Pad }> = [
      { shape: [2, 8, 6, 3], filterSize: 2, strides: 2, pad: 'valid' },
      { shape: [2, 7, 9, 3], filterSize: 2, strides: 2, pad: 'valid' },
      { shape: [2, 7, 9, 3], filterSize: 2, strides: 2, pad: 'same' },
      { shape: [1, 7, 9, 2], filterSize: 3, strides: 2, pad: 'same' },
      { shape: [1, 7, 9, 2], filterSize: 3, strides: 1, pad: 'valid' },
    ];
    for (const [i, c] of [...cases.entries(), ...cases.map((c, i) => [i + cases.length, c] as const)]) {
      // Few distinct values make ties common: zeros as after a ReLU, then
      // negative windows too (the WASM backend's own kernel drops their gradient).
      const relu = i < cases.length;
      const x = values(50 + i, tf.util.sizeFromShape(c.shape)).map((v) =>
        relu ? Math.max(0, Math.round(v * 3)) : Math.round(v * 3) - 2,
      );
      const outputs = await runKernel(
        'cpu',
        'MaxPool',
        { x: { data: x, shape: c.shape } },
        { filterSize: c.filterSize, strides: c.strides, pad: c.pad },
      );
      const dy = values(70 + i, outputs.data.length);
      const inputs = {
        dy: { data: dy, shape: outputs.shape },
        input: { data: x, shape: c.shape },
        output: { data: outputs.data as Float32Array, shape: outputs.shape },
      };
      const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad };
      const got = await runKernel('wasm', 'MaxPoolGrad', inputs, attrs);
      const want = await runKernel('cpu', 'MaxPoolGrad', inputs, attrs);
      const err = relErr(got.data, want.data);
      record('MaxPoolGrad', err);
      expect(err, JSON.stringify(c)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('Sum and Mean match the CPU backend', async () => {
    const shape = [4, 5, 6, 7];
    const x = values(9, tf.util.sizeFromShape(shape));
    for (const kernel of ['Sum', 'Mean']) {
      for (const axis of [[0, 1, 2], [0], [0, 1], [1, 2], [3], [0, 1, 2, 3], [2, 0, 1], -1]) {
        for (const keepDims of [false, true]) {
          const got = await runKernel('wasm', kernel, { x: { data: x, shape } }, { axis, keepDims });
          const want = await runKernel('cpu', kernel, { x: { data: x, shape } }, { axis, keepDims });
          expect(got.shape).toEqual(want.shape);
          const err = relErr(got.data, want.data);
          record(kernel, err);
          expect(err, `${kernel} ${JSON.stringify(axis)}`).toBeLessThanOrEqual(TOLERANCE);
        }
      }
    }
  });
});

describe('memory', () => {
  it('leaks no tensors and no WASM memory over repeated calls', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number; wasm: { HEAPU8: Uint8Array } };
    // Sizes like a small CNN's first layer, so that a leaked buffer or a
    // leaked XNNPACK operator (its packed filter) would show in the heap.
    const x = tf.randomNormal([16, 28, 28, 4]);
    const dy = tf.randomNormal([16, 28, 28, 32]);
    const dy2 = tf.randomNormal([16, 14, 14, 4]);
    const w = tf.randomNormal([3, 3, 4, 32]);
    const dw = tf.randomNormal([3, 3, 4, 1]);
    const pooled = tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid');
    const bias = tf.randomNormal([32]);
    const calls: Array<() => tf.Tensor> = [
      () => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
      () => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 2, pad: 'same', bias, activation: 'relu' }),
      () =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x, dy },
            { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 4, 32] },
          ) as tf.Tensor,
      () =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x, dy: dy2 },
            { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 4, 4] },
          ) as tf.Tensor,
      () =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x, dy },
            { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [1, 1, 4, 32] },
          ) as tf.Tensor,
      () =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropInput',
            { dy, filter: w },
            { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: x.shape },
          ) as tf.Tensor,
      () =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropInput',
            { dy: dy2, filter: w.slice([0, 0, 0, 0], [3, 3, 4, 4]) },
            { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: x.shape },
          ) as tf.Tensor,
      () =>
        tf
          .engine()
          .runKernel(
            'DepthwiseConv2dNativeBackpropFilter',
            { x, dy: dy2 },
            { strides: 2, pad: 'same', dilations: 1, filterShape: [3, 3, 4, 1] },
          ) as tf.Tensor,
      () =>
        tf
          .engine()
          .runKernel(
            'DepthwiseConv2dNativeBackpropInput',
            { dy: dy2, filter: dw },
            { strides: 2, pad: 'same', dilations: 1, inputShape: x.shape },
          ) as tf.Tensor,
      () =>
        tf
          .engine()
          .runKernel(
            'MaxPoolGrad',
            { dy: tf.onesLike(pooled), input: x, output: pooled },
            { filterSize: 2, strides: 2, pad: 'valid' },
          ) as tf.Tensor,
      () => tf.tile(tf.ones([1, 1, 1, 32]), [16, 28, 28, 1]),
      () => tf.sum(dy, [0, 1, 2]),
      () => tf.mean(dy, [0, 1, 2]),
    ];
    const round = () => {
      for (const call of calls) tf.tidy(call).dispose();
    };
    for (let i = 0; i < 3; i++) round();
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    const heap = backend.wasm.HEAPU8.length;
    for (let i = 0; i < 25; i++) round();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    expect(backend.wasm.HEAPU8.length).toBe(heap);
    tf.dispose([x, dy, dy2, w, dw, pooled, bias]);
  });
});

describe('training', () => {
  /**
   * Conv(3x3, pad 1) -> BatchNorm -> ReLU -> MaxPool(2), x3, then GAP -> dropout -> dense(10).
   * SimpleCNN's layers at a quarter of its widths: every training kernel still
   * runs, and the CPU reference takes seconds rather than most of a minute.
   */
  function buildModel(): tf.Sequential {
    const model = tf.sequential();
    [8, 16, 32].forEach((filters, i) => {
      model.add(
        tf.layers.conv2d({
          ...(i === 0 ? { inputShape: [28, 28, 1] } : {}),
          filters,
          kernelSize: 3,
          padding: 'same',
          kernelInitializer: tf.initializers.glorotUniform({ seed: i + 1 }),
        }),
      );
      model.add(tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }));
      model.add(tf.layers.reLU());
      model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    });
    model.add(tf.layers.globalAveragePooling2d({}));
    // Dropout masks come from a seeded generator in JavaScript: the same on both backends.
    model.add(tf.layers.dropout({ rate: 0.5, seed: 7 }));
    model.add(tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }));
    return model;
  }

  const LR = 1e-3;
  // Adam's first step moves a weight by lr * g / (|g| + epsilon): for
  // |g| near epsilon, a float32 rounding difference in g of 1e-7 relative
  // becomes a visible difference in the step (up to lr * dg / epsilon). With
  // tfjs's default epsilon 1e-7 the updated weights then agree to ~1e-3 only,
  // on any two backends; 1e-3 keeps the step well conditioned, so that the
  // comparison measures the kernels rather than that amplification.
  const ADAM_EPSILON = 1e-3;

  it('one Adam step gives the same loss, gradients and weights on wasm as on cpu', async () => {
    const batch = 8;
    const x = values(123, batch * 28 * 28);
    const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % 10);
    await tf.setBackend('cpu');
    const first = buildModel();
    const initial = first.getWeights().map((t) => t.dataSync().slice());
    first.dispose();
    // Seeded initialisers: the same weights every run, so the margins below are reproducible.

    const step = async (backend: string) => {
      await tf.setBackend(backend);
      const model = buildModel();
      model.setWeights(model.getWeights().map((t, i) => tf.tensor(initial[i]!, t.shape)));
      const optimizer = tf.train.adam(LR, 0.9, 0.999, ADAM_EPSILON);
      const xs = tf.tensor4d(x, [batch, 28, 28, 1]);
      const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
      const lossOf = () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar;
      const { value, grads } = tf.variableGrads(
        lossOf,
        model.trainableWeights.map((w) => w.read() as tf.Variable),
      );
      const names = model.trainableWeights.map((w) => w.name);
      const gradValues = names.map((name) => grads[name]!.dataSync().slice());
      const weightNames = model.weights.map((w) => w.name);
      const loss = value.dataSync()[0]!;
      optimizer.applyGradients(grads as Parameters<typeof optimizer.applyGradients>[0]);
      const weights = model.getWeights().map((t) => t.dataSync().slice());
      tf.dispose([value, xs, ys, ...Object.values(grads)]);
      optimizer.dispose();
      model.dispose();
      return { loss, names, gradValues, weights, weightNames };
    };
    const cpu = await step('cpu');
    const wasm = await step('wasm');

    const lossErr = Math.abs(wasm.loss - cpu.loss) / Math.abs(cpu.loss);
    record('training: loss', lossErr);
    expect(lossErr).toBeLessThanOrEqual(TOLERANCE);

    // A conv bias followed by BatchNorm has zero gradient in exact arithmetic
    // (BatchNorm subtracts the batch mean): both backends return rounding
    // noise there, checked for being noise-sized rather than for agreeing.
    const scaleOf = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const largestGrad = Math.max(...cpu.gradValues.map(scaleOf));
    for (const [i, name] of cpu.names.entries()) {
      const gW = wasm.gradValues[i]!;
      const gC = cpu.gradValues[i]!;
      if (/conv2d.*bias/.test(name)) {
        expect(scaleOf(gW), name).toBeLessThan(1e-5 * largestGrad);
        expect(scaleOf(gC), name).toBeLessThan(1e-5 * largestGrad);
      } else {
        const err = relErr(gW, gC);
        record('training: gradients', err);
        expect(err, name).toBeLessThanOrEqual(TOLERANCE);
      }
    }
    // Weights are compared relative to the model's largest weight (the
    // max-norm relative error of the whole parameter vector). Per tensor,
    // the ones that start at 0 (biases, BatchNorm beta) hold about one step,
    // ~lr, after one step, and their own relative error would measure Adam's
    // conditioning rather than the backend.
    const largestWeight = Math.max(...cpu.weights.map(scaleOf));
    for (const [i, name] of cpu.weightNames.entries()) {
      const err = relErr(wasm.weights[i]!, cpu.weights[i]!) * (scaleOf(cpu.weights[i]!) / largestWeight);
      record('training: updated weights', err);
      expect(err, name).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});

describe('the fused Adam step', () => {
  const configs: Array<[string, () => tf.Optimizer]> = [
    ['Adam', () => new Adam({ lr: 0.01 })],
    ['Adam, L2 decay, maximize', () => new Adam({ lr: 0.01, weightDecay: 0.1, maximize: true })],
    ['AdamW', () => new AdamW({ lr: 0.01, weightDecay: 0.05 })],
  ];

  /** Three steps on two variables; the weights and both moments after them. */
  function threeSteps(make: () => tf.Optimizer): Float32Array[] {
    const a = tf.variable(tf.tensor(values(1, 37), [37]), true, `fused-adam-a-${Math.random()}`);
    const b = tf.variable(tf.tensor(values(2, 24), [2, 3, 4]), true, `fused-adam-b-${Math.random()}`);
    const optimizer = make();
    for (let step = 0; step < 3; step++) {
      optimizer.minimize(() => tf.add(tf.sum(tf.square(tf.sub(a, 0.3))), tf.sum(tf.mul(tf.sin(b), b))) as tf.Scalar, false, [
        a,
        b,
      ]);
    }
    const out = [a, b].map((v) => v.dataSync() as Float32Array);
    optimizer.dispose();
    tf.dispose([a, b]);
    return out;
  }

  it.each(configs)(
    '%s: the native kernel, its JavaScript fallback and the composed update agree exactly',
    async (_name, make) => {
      await tf.setBackend('wasm');
      expect(tf.getKernel(ADAM_STEP, 'wasm')).toBeDefined();
      const native = threeSteps(make);
      provideNativeKernels({ plain: null });
      const fallback = threeSteps(make);
      registerWasmTrainingKernelsInNode();
      tf.unregisterKernel(ADAM_STEP, 'wasm');
      const composed = threeSteps(make);
      registerWasmTrainingKernels();
      expect(tf.getKernel(ADAM_STEP, 'wasm')).toBeDefined();
      expect(native).toEqual(composed);
      expect(fallback).toEqual(composed);
      // And it moved the weights.
      expect(Array.from(native[0]!)).not.toEqual(Array.from(values(1, 37)));
    },
  );
});

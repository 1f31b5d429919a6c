// The plain-TypeScript reference ops against PyTorch's own numbers
// (tests/fixtures/reference-ops.json, written by scripts/fixtures/reference_ops.py).

import { slidingOutputSize } from '../../src/engine/arithmetic/output-size';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  activationBackward,
  activationDerivative,
  activations,
  applyActivation,
  at,
  avgPool2d,
  avgPool2dBackward,
  avgPool2dProvenance,
  conv2d,
  conv2dGeometry,
  conv2dProvenance,
  convolve2d,
  erf,
  erfc,
  formatConvProvenance,
  gelu,
  geluDerivative,
  globalAvgPool2d,
  globalAvgPool2dBackward,
  leakyRelu,
  makeTensor,
  maxPool2d,
  maxPool2dBackward,
  maxPool2dProvenance,
  maxPool2dWithIndices,
  relu,
  sigmoid,
  sigmoidDerivative,
  tanhDerivative,
  tensor,
  toNested,
  type ActivationName,
  type AvgPool2dOptions,
  type Conv2dOptions,
  type MaxPool2dOptions,
  type TensorLike,
} from '../../src/engine/reference';

interface Flat {
  shape: number[];
  data: number[];
}
interface ConvCase {
  name: string;
  input: Flat;
  weight: Flat;
  bias: number[] | null;
  stride: [number, number];
  padding: [number, number] | 'same' | 'valid';
  dilation: [number, number];
  groups: number;
  output: Flat;
}
interface MaxPoolCase {
  name: string;
  input: Flat;
  kernelSize: [number, number];
  stride: [number, number] | null;
  padding: [number, number];
  dilation: [number, number];
  ceilMode: boolean;
  output: Flat;
  indices: Flat;
  gradOutput: Flat;
  gradInput: Flat;
}
interface AvgPoolCase {
  name: string;
  input: Flat;
  kernelSize: [number, number];
  stride: [number, number] | null;
  padding: [number, number];
  ceilMode: boolean;
  countIncludePad: boolean;
  divisorOverride: number | null;
  output: Flat;
  gradOutput: Flat;
  gradInput: Flat;
}
interface GlobalCase {
  name: string;
  input: Flat;
  output: Flat;
  gradOutput: Flat;
  gradInput: Flat;
}
interface Series {
  value: number[];
  derivative: number[];
}
interface Fixture {
  conv2d: ConvCase[];
  maxPool2d: MaxPoolCase[];
  avgPool2d: AvgPoolCase[];
  globalAvgPool2d: GlobalCase[];
  activations: { x: number[] } & Record<ActivationName | 'leakyRelu0.2', Series>;
  erf: { x: number[]; value: number[] };
  erfc: { x: number[]; value: number[] };
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/reference-ops.json', import.meta.url), 'utf8')) as Fixture;

/** |a − e| ≤ atol + rtol·|e| elementwise, reporting the first offender. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-9, atol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Object.is(a, e)) continue;
    const ok = Number.isFinite(a) && Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) expect.fail(`element ${i}: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
  }
}

const convOptions = (c: ConvCase): Conv2dOptions => ({
  bias: c.bias,
  stride: c.stride,
  padding: c.padding,
  dilation: c.dilation,
  groups: c.groups,
});
const maxOptions = (c: MaxPoolCase): MaxPool2dOptions => ({
  kernelSize: c.kernelSize,
  stride: c.stride,
  padding: c.padding,
  dilation: c.dilation,
  ceilMode: c.ceilMode,
});
const avgOptions = (c: AvgPoolCase): AvgPool2dOptions => ({
  kernelSize: c.kernelSize,
  stride: c.stride,
  padding: c.padding,
  ceilMode: c.ceilMode,
  countIncludePad: c.countIncludePad,
  divisorOverride: c.divisorOverride,
});

/** Every output position (batch, channel, row, col) of a [C, H, W] or [N, C, H, W] shape. */
function* positions(shape: number[]): Generator<{ batch: number; channel: number; row: number; col: number; flat: number }> {
  const [n, c, h, w] = (shape.length === 4 ? shape : [1, ...shape]) as [number, number, number, number];
  let flat = 0;
  for (let batch = 0; batch < n; batch++)
    for (let channel = 0; channel < c; channel++)
      for (let row = 0; row < h; row++) for (let col = 0; col < w; col++) yield { batch, channel, row, col, flat: flat++ };
}

const STEPPER_INPUT = [
  [1, 1, 1, 0, 0],
  [0, 1, 1, 1, 0],
  [0, 0, 1, 1, 1],
  [0, 0, 1, 1, 0],
  [0, 1, 1, 0, 0],
];
const STEPPER_KERNEL = [
  [1, 0, 1],
  [0, 1, 0],
  [1, 0, 1],
];

describe('fixture', () => {
  it('covers the cases the ops promise', () => {
    const names = fixture.conv2d.map((c) => c.name).join('\n');
    for (const word of [
      'stepper',
      'stride 2',
      'padding 1',
      'padding 2',
      'dilation 2',
      'groups 2',
      'depthwise',
      'batch',
      'same',
    ]) {
      expect(names).toContain(word);
    }
    expect(fixture.conv2d.some((c) => c.bias === null) && fixture.conv2d.some((c) => c.bias !== null)).toBe(true);
    expect(fixture.maxPool2d.filter((c) => c.ceilMode).length).toBeGreaterThanOrEqual(2);
    expect(fixture.avgPool2d.filter((c) => c.ceilMode && c.padding[0] > 0).length).toBeGreaterThanOrEqual(2);
    expect(fixture.activations.x).toContain(0);
  });
});

describe('tensor', () => {
  it('builds from nested arrays, indexes with at() and round-trips', () => {
    const t = tensor([
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ]);
    expect(t.shape).toEqual([1, 2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(at(t, 0, 1, 2)).toBe(6);
    expect(at(t, 0, 0, 1)).toBe(2);
    expect(toNested(t)).toEqual([
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ]);
    expect(makeTensor([2, 2], [1, 2, 3, 4]).data).toBeInstanceOf(Float64Array);
  });

  it('rejects ragged arrays, bad indices and mismatched data', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => at(tensor([[1, 2]]), 0, 2)).toThrow(/index\[1\] = 2 is out of range/);
    expect(() => at(tensor([[1, 2]]), 0)).toThrow(/rank 2/);
    expect(() => makeTensor([2, 3], [1, 2, 3])).toThrow(/3 values but shape \[2, 3\] needs 6/);
  });
});

describe('conv2d against PyTorch F.conv2d', () => {
  it.each(fixture.conv2d.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const y = conv2d(c.input, c.weight, convOptions(c));
    expect(y.shape).toEqual(c.output.shape);
    expectClose(y.data, c.output.data);
  });

  it('gives the classic stepper output, with 4 in the corner', () => {
    const y = conv2d(tensor([STEPPER_INPUT]), tensor([[STEPPER_KERNEL]]));
    expect(y.shape).toEqual([1, 3, 3]);
    expect(at(y, 0, 0, 0)).toBe(4);
    expect(toNested(y)).toEqual([
      [
        [4, 3, 4],
        [2, 4, 3],
        [2, 3, 4],
      ],
    ]);
    const ref = fixture.conv2d.find((c) => c.name.startsWith('stepper'));
    expect(ref?.input.data).toEqual(STEPPER_INPUT.flat());
    expect(Array.from(y.data)).toEqual(ref?.output.data);
  });

  it('accepts number[] and Float32Array data, and convolve2d matches on a single channel', () => {
    const c = fixture.conv2d.find((k) => k.name.startsWith('odd 5x7')) as ConvCase;
    const y32 = conv2d({ shape: c.input.shape, data: Float32Array.from(c.input.data) }, c.weight, convOptions(c));
    expectClose(y32.data, c.output.data, 1e-5, 1e-6);
    const [, h, w] = c.input.shape as [number, number, number];
    const y2 = convolve2d(
      { shape: [h, w], data: c.input.data },
      { shape: [3, 3], data: c.weight.data },
      { bias: c.bias?.[0] ?? 0 },
    );
    expect(y2.shape).toEqual(c.output.shape.slice(1));
    expectClose(y2.data, c.output.data);
  });

  it('computes output sizes with floor((n + 2p − d(k−1) − 1)/s) + 1', () => {
    expect(slidingOutputSize(5, 3, 1, 0)).toBe(3);
    expect(slidingOutputSize(9, 3, 2, 1)).toBe(5);
    expect(slidingOutputSize(9, 3, 1, 2, 2)).toBe(9);
    expect(slidingOutputSize(8, 2, 3, 0)).toBe(3);
    for (const c of fixture.conv2d) {
      if (typeof c.padding === 'string') continue;
      const [kh, kw] = c.weight.shape.slice(2) as [number, number];
      const [h, w] = c.input.shape.slice(-2) as [number, number];
      expect([
        slidingOutputSize(h, kh, c.stride[0], c.padding[0], c.dilation[0]),
        slidingOutputSize(w, kw, c.stride[1], c.padding[1], c.dilation[1]),
      ]).toEqual(c.output.shape.slice(-2));
    }
    const same = conv2dGeometry([2, 6, 7], [2, 2, 4, 2], { padding: 'same' });
    expect([same.padTop, same.padBottom, same.padLeft, same.padRight]).toEqual([1, 2, 0, 1]);
  });

  // Its speed is measured by bench/reference-conv.ts, not asserted here.
  it('handles a 512x512 photo with a 3x3 kernel, borders included', () => {
    const n = 512;
    const pixel = (i: number) => ((i * 7919) % 256) / 255;
    const image = makeTensor(
      [n, n],
      Float64Array.from({ length: n * n }, (_, i) => pixel(i)),
    );
    const kernel = tensor([
      [-1, -1, -1],
      [-1, 8, -1],
      [-1, -1, -1],
    ]);
    const y = convolve2d(image, kernel, { padding: 1 });
    expect(y.shape).toEqual([n, n]);
    const x = (r: number, c: number) => (r < 0 || c < 0 || r >= n || c >= n ? 0 : pixel(r * n + c));
    for (const [r, c] of [
      [0, 0],
      [0, n - 1],
      [200, 301],
      [n - 1, n - 1],
    ] as const) {
      let expected = 9 * x(r, c);
      for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) expected -= x(r + dr, c + dc);
      expect(at(y, r, c)).toBeCloseTo(expected, 12);
    }
  });
});

describe('conv2d provenance', () => {
  it.each(fixture.conv2d.map((c) => [c.name, c] as const))('sums to every output: %s', (_name, c) => {
    const y = conv2d(c.input, c.weight, convOptions(c));
    const cinPerGroup = c.weight.shape[1] as number;
    const kArea = (c.weight.shape[2] as number) * (c.weight.shape[3] as number);
    for (const p of positions(y.shape)) {
      const prov = conv2dProvenance(
        c.input,
        c.weight,
        { batch: p.batch, outChannel: p.channel, row: p.row, col: p.col },
        convOptions(c),
      );
      expect(prov.sum).toBe(y.data[p.flat]);
      expect(prov.terms).toHaveLength(cinPerGroup * kArea);
      for (const t of prov.terms) {
        expect(t.product).toBe(t.inputValue * t.weight);
        if (t.isPadding) expect(t.inputValue).toBe(0);
      }
      expect(prov.hasBias).toBe(c.bias !== null);
    }
  });

  it('explains the stepper corner as 1·1 + 1·0 + … = 4', () => {
    const p = conv2dProvenance(tensor([STEPPER_INPUT]), tensor([[STEPPER_KERNEL]]), { row: 0, col: 0 });
    expect(p.sum).toBe(4);
    expect(p.sumOfProducts).toBe(4);
    expect(p.bias).toBe(0);
    expect(p.window).toEqual({ top: 0, left: 0, bottom: 2, right: 2 });
    expect(p.terms.map((t) => t.product)).toEqual([1, 0, 1, 0, 1, 0, 0, 0, 1]);
    expect(p.terms[4]).toMatchObject({
      inputRow: 1,
      inputCol: 1,
      kernelRow: 1,
      kernelCol: 1,
      inputValue: 1,
      weight: 1,
      isPadding: false,
    });
    expect(formatConvProvenance(p)).toBe('1·1 + 1·0 + 1·1 + 0·0 + 1·1 + 1·0 + 0·1 + 0·0 + 1·1 = 4');
  });

  it('marks padding terms, names the group, and prints bias and negatives', () => {
    const p = conv2dProvenance(
      tensor([STEPPER_INPUT]),
      tensor([[STEPPER_KERNEL]]),
      { row: 0, col: 0 },
      { padding: 1, bias: [-0.5] },
    );
    expect(p.terms.filter((t) => t.isPadding)).toHaveLength(5);
    expect(p.terms[0]).toMatchObject({ inputRow: -1, inputCol: -1, inputValue: 0, isPadding: true });
    expect(p.window).toEqual({ top: -1, left: -1, bottom: 1, right: 1 });
    expect(p.sumOfProducts).toBe(2);
    expect(p.sum).toBe(1.5);
    expect(formatConvProvenance(p)).toMatch(/ \+ \(−0\.5\) = 1\.5$/);
    const g = fixture.conv2d.find((c) => c.name.startsWith('7x7, groups 2')) as ConvCase;
    const pg = conv2dProvenance(g.input, g.weight, { outChannel: 4, row: 0, col: 0 }, convOptions(g));
    expect(pg.group).toBe(1);
    expect(pg.inputChannels).toEqual([2, 3]);
  });
});

describe('max_pool2d against PyTorch', () => {
  it.each(fixture.maxPool2d.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { output, indices } = maxPool2dWithIndices(c.input, maxOptions(c));
    expect(output.shape).toEqual(c.output.shape);
    expectClose(output.data, c.output.data);
    expect(Array.from(indices.data)).toEqual(c.indices.data);
    expectClose(maxPool2d(c.input, maxOptions(c)).data, c.output.data);
    const grad = maxPool2dBackward(c.input, c.gradOutput, maxOptions(c));
    expect(grad.shape).toEqual(c.input.shape);
    expectClose(grad.data, c.gradInput.data);
  });

  it.each(fixture.maxPool2d.map((c) => [c.name, c] as const))('provenance names the argmax: %s', (_name, c) => {
    const [h, w] = c.input.shape.slice(-2) as [number, number];
    const routed = new Float64Array(c.input.data.length);
    for (const p of positions(c.output.shape)) {
      const prov = maxPool2dProvenance(c.input, p, maxOptions(c));
      expect(prov.winner?.index).toBe(c.indices.data[p.flat]);
      expect(prov.value).toBe(c.output.data[p.flat]);
      expect(prov.cells).toHaveLength(c.kernelSize[0] * c.kernelSize[1]);
      expect(prov.cells.filter((cell) => cell.isWinner)).toHaveLength(1);
      for (const cell of prov.cells) if (!cell.isPadding) expect(cell.value).toBeLessThanOrEqual(prov.value);
      const plane = p.batch * (c.input.shape.length === 4 ? (c.input.shape[1] as number) : 1) + p.channel;
      routed[plane * h * w + (prov.winner?.index ?? 0)]! += c.gradOutput.data[p.flat] as number;
    }
    expectClose(routed, c.gradInput.data);
  });

  it('breaks ties toward the first maximum in reading order', () => {
    const prov = maxPool2dProvenance(tensor([STEPPER_INPUT]), { row: 0, col: 0 }, { kernelSize: 2, stride: 1 });
    expect(prov.winner).toEqual({ row: 0, col: 0, value: 1, index: 0 });
    const padded = maxPool2dProvenance(
      tensor([
        [-5, -3],
        [-4, -1],
      ]),
      { row: 0, col: 0 },
      { kernelSize: 2, padding: 1 },
    );
    expect(padded.cells.filter((c) => c.isPadding)).toHaveLength(3);
    expect(padded.cells.find((c) => c.isPadding)?.value).toBe(-Infinity);
    expect(padded.winner).toMatchObject({ row: 0, col: 0, value: -5 });
  });
});

describe('avg_pool2d against PyTorch', () => {
  it.each(fixture.avgPool2d.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const y = avgPool2d(c.input, avgOptions(c));
    expect(y.shape).toEqual(c.output.shape);
    expectClose(y.data, c.output.data);
    const grad = avgPool2dBackward(c.input, c.gradOutput, avgOptions(c));
    expect(grad.shape).toEqual(c.input.shape);
    expectClose(grad.data, c.gradInput.data);
    expectClose(avgPool2dBackward(c.input.shape, c.gradOutput, avgOptions(c)).data, c.gradInput.data);
  });

  it.each(fixture.avgPool2d.map((c) => [c.name, c] as const))('provenance spreads the gradient evenly: %s', (_name, c) => {
    const [h, w] = c.input.shape.slice(-2) as [number, number];
    const spread = new Float64Array(c.input.data.length);
    for (const p of positions(c.output.shape)) {
      const prov = avgPool2dProvenance(c.input, p, avgOptions(c));
      expectClose([prov.value], [c.output.data[p.flat] as number]);
      expect(prov.share).toBe(1 / prov.divisor);
      if (c.divisorOverride !== null) expect(prov.divisor).toBe(c.divisorOverride);
      const plane = p.batch * (c.input.shape.length === 4 ? (c.input.shape[1] as number) : 1) + p.channel;
      for (const cell of prov.cells) {
        if (cell.isPadding) expect(cell.share).toBe(0);
        else spread[plane * h * w + cell.row * w + cell.col]! += (c.gradOutput.data[p.flat] as number) * cell.share;
      }
    }
    expectClose(spread, c.gradInput.data);
  });

  it('divides by kh·kw with count_include_pad, and by less for a clipped ceil-mode window', () => {
    const x = makeTensor(
      [1, 6, 6],
      Float64Array.from({ length: 36 }, (_, i) => i),
    );
    const inner = avgPool2dProvenance(x, { row: 0, col: 0 }, { kernelSize: 3, stride: 2, padding: 1 });
    expect(inner.divisor).toBe(9);
    expect(inner.cells.filter((c) => c.isPadding)).toHaveLength(5);
    expect(inner.cells.every((c) => c.counted)).toBe(true);
    const noPad = avgPool2dProvenance(x, { row: 0, col: 0 }, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false });
    expect(noPad.divisor).toBe(4);
    const ceil = avgPool2dProvenance(x, { row: 2, col: 2 }, { kernelSize: 3, stride: 2, ceilMode: true });
    expect(ceil.divisor).toBe(4); // rows 4..5 and cols 4..5: the overhang past the input is not counted
    expect(ceil.cells.filter((c) => !c.counted)).toHaveLength(5);
    expect(ceil.value).toBe((28 + 29 + 34 + 35) / 4);
  });

  it('computes pooling output sizes with PyTorch ceil-mode rule', () => {
    expect(slidingOutputSize(7, 2, 2, 0)).toBe(3);
    expect(slidingOutputSize(7, 2, 2, 0, 1, true)).toBe(4);
    expect(slidingOutputSize(5, 2, 2, 1, 1, true)).toBe(3); // a 4th window would start in the right padding
    for (const c of [...fixture.maxPool2d, ...fixture.avgPool2d]) {
      const d = 'dilation' in c ? c.dilation : [1, 1];
      const s = c.stride ?? c.kernelSize;
      const [h, w] = c.input.shape.slice(-2) as [number, number];
      expect([
        slidingOutputSize(h, c.kernelSize[0], s[0], c.padding[0], d[0], c.ceilMode),
        slidingOutputSize(w, c.kernelSize[1], s[1], c.padding[1], d[1], c.ceilMode),
      ]).toEqual(c.output.shape.slice(-2));
    }
  });
});

describe('global average pooling against PyTorch', () => {
  it.each(fixture.globalAvgPool2d.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const y = globalAvgPool2d(c.input);
    expect(y.shape).toEqual(c.output.shape);
    expectClose(y.data, c.output.data);
    const grad = globalAvgPool2dBackward(c.input, c.gradOutput);
    expect(grad.shape).toEqual(c.input.shape);
    expectClose(grad.data, c.gradInput.data);
  });
});

describe('activations against PyTorch', () => {
  const { x } = fixture.activations;
  const cases: [string, ActivationName, number | undefined][] = [
    ['relu', 'relu', undefined],
    ['leakyRelu', 'leakyRelu', undefined],
    ['leakyRelu0.2', 'leakyRelu', 0.2],
    ['gelu', 'gelu', undefined],
    ['sigmoid', 'sigmoid', undefined],
    ['tanh', 'tanh', undefined],
  ];
  it.each(cases)('%s and its derivative', (key, name, negativeSlope) => {
    const ref = fixture.activations[key as ActivationName];
    const input: TensorLike = { shape: [x.length], data: x };
    const opts = negativeSlope === undefined ? {} : { negativeSlope };
    expectClose(applyActivation(input, name, opts).data, ref.value, 1e-12, 1e-15);
    // PyTorch computes σ(1−σ) and 1−tanh², which lose all relative precision in the
    // tails (σ'(50) = 2e−22 comes out as 0); ours are exact there, hence the atol.
    expectClose(activationDerivative(input, name, opts).data, ref.derivative, 1e-10, 1e-15);
    expectClose(
      activationBackward(input, { shape: [x.length], data: x.map(() => 2) }, name, opts).data,
      ref.derivative.map((d) => 2 * d),
      1e-10,
      1e-15,
    );
  });

  it('follows PyTorch at 0: ReLU′(0) = 0, LeakyReLU′(0) = slope', () => {
    expect(activations.relu.derivative(0)).toBe(0);
    expect(activations.leakyRelu.derivative(0)).toBe(0.01);
    expect(activations.leakyRelu.derivative(0, { negativeSlope: 0.2 })).toBe(0.2);
    expect(leakyRelu(-2)).toBe(-0.02);
    expect(relu(-3)).toBe(0);
    expect(geluDerivative(0)).toBe(0.5);
  });

  it('never returns NaN, even at ±∞ and in the far tails', () => {
    const xs = [-Infinity, -1e308, -1e4, -40, -38.5, 38.5, 40, 1e4, 1e308, Infinity];
    for (const name of Object.keys(activations) as ActivationName[]) {
      for (const v of xs) {
        expect(Number.isNaN(activations[name].fn(v)), `${name}(${v})`).toBe(false);
        expect(Number.isNaN(activations[name].derivative(v)), `${name}'(${v})`).toBe(false);
      }
    }
    expect(gelu(-Infinity)).toBe(0);
    expect(gelu(Infinity)).toBe(Infinity);
    expect(sigmoid(-1e4)).toBe(0);
    expect(sigmoid(1e4)).toBe(1);
    expect(sigmoidDerivative(50)).toBeCloseTo(1.9287498479639178e-22, 35);
    expect(tanhDerivative(20)).toBeGreaterThan(0);
    // GELU keeps relative accuracy for large negative x: −10·Φ(−10) = −7.62e−23.
    expect(gelu(-10) / -7.619853024160528e-23).toBeCloseTo(1, 12);
  });

  it('erf and erfc match torch.erf / torch.erfc to ~1e−13 relative', () => {
    expectClose(fixture.erf.x.map(erf), fixture.erf.value, 1e-13, 0);
    expectClose(fixture.erfc.x.map(erfc), fixture.erfc.value, 1e-12, 0);
    expect(erf(0)).toBe(0);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erfc(-Infinity)).toBe(2);
    expect(erfc(Infinity)).toBe(0);
  });
});

describe('errors name the argument', () => {
  const x = makeTensor([3, 5, 5]);
  const w = makeTensor([4, 3, 3, 3]);
  it('conv2d', () => {
    expect(() => conv2d(x, makeTensor([4, 2, 3, 3]))).toThrow(/channel mismatch: input has 3 channels but weight expects 2/);
    expect(() => conv2d(makeTensor([4, 5, 5]), makeTensor([4, 2, 3, 3]), { groups: 3 })).toThrow(
      /groups=3 must divide the input channels/,
    );
    expect(() => conv2d(makeTensor([4, 5, 5]), makeTensor([3, 2, 3, 3]), { groups: 2 })).toThrow(
      /groups=2 must divide the output channels/,
    );
    expect(() => conv2d(x, w, { groups: 0 })).toThrow(/groups must be a positive integer/);
    expect(() => conv2d(makeTensor([3, 2, 2]), w)).toThrow(/kernel 3x3 is larger than the padded input 2x2/);
    expect(() => conv2d(makeTensor([3, 2, 2]), w, { padding: 1 })).not.toThrow();
    expect(() => conv2d(x, w, { dilation: 3 })).toThrow(/kernel 3x3 \(7x7 with dilation\) is larger than the padded input 5x5/);
    expect(() => conv2d(x, w, { stride: 0 })).toThrow('conv2d: stride must be a positive integer, got 0');
    expect(() => conv2d(x, w, { stride: [1, -1] })).toThrow('conv2d: stride[1] must be a positive integer, got -1');
    expect(() => conv2d(x, w, { padding: -1 })).toThrow('conv2d: padding must be a non-negative integer, got -1');
    expect(() => conv2d(x, w, { dilation: 0 })).toThrow('conv2d: dilation must be a positive integer, got 0');
    expect(() => conv2d(x, w, { stride: 1.5 })).toThrow('conv2d: stride must be a positive integer, got 1.5');
    expect(() => conv2d(x, w, { stride: 2, padding: 'same' })).toThrow(/padding='same' needs stride 1/);
    expect(() => conv2d(x, w, { bias: [1, 2] })).toThrow(/bias has 2 values but weight has 4 output channels/);
    expect(() => conv2d(makeTensor([5, 5]), w)).toThrow(/input must be \[C, H, W\] or \[N, C, H, W\]/);
    expect(() => conv2d(x, makeTensor([3, 3]))).toThrow(/weight must be \[C_out, C_in \/ groups, kH, kW\]/);
    expect(() => conv2d({ shape: [3, 5, 5], data: [1, 2] }, w)).toThrow(/input\.data has 2 values/);
    expect(() => conv2dProvenance(x, w, { outChannel: 0, row: 3, col: 0 })).toThrow(/row 3 is out of range \[0, 2\]/);
    expect(() => conv2dProvenance(x, w, { outChannel: 4, row: 0, col: 0 })).toThrow(/outChannel 4 is out of range/);
  });

  it('pooling', () => {
    expect(() => maxPool2d(x, { kernelSize: 3, padding: 2 })).toThrow(/padding \[2, 2\] must be at most half of kernelSize/);
    expect(() => maxPool2d(x, { kernelSize: 6 })).toThrow(/kernelSize \[6, 6\].*larger than the padded input 5x5/);
    expect(() => maxPool2d(x, { kernelSize: 2, stride: 0 })).toThrow('maxPool2d: stride must be a positive integer, got 0');
    expect(() => maxPool2d(x, { kernelSize: 0 })).toThrow('maxPool2d: kernelSize must be a positive integer, got 0');
    expect(() => maxPool2d(x, { kernelSize: 2, dilation: 0 })).toThrow('maxPool2d: dilation must be a positive integer, got 0');
    expect(() => avgPool2d(x, { kernelSize: 2, divisorOverride: 0 })).toThrow(/divisorOverride must be a positive integer/);
    expect(() => avgPool2d(makeTensor([5]), { kernelSize: 2 })).toThrow(/input must be \[H, W\], \[C, H, W\] or \[N, C, H, W\]/);
    expect(() => maxPool2dBackward(x, makeTensor([3, 3, 3]), { kernelSize: 2 })).toThrow(
      /gradOutput shape \[3, 3, 3\] must equal the output shape \[3, 2, 2\]/,
    );
    expect(() => avgPool2dBackward(x, makeTensor([3, 3, 3]), { kernelSize: 2 })).toThrow(/gradOutput shape/);
    expect(() => globalAvgPool2dBackward(x, makeTensor([3]))).toThrow(
      /gradOutput shape \[3\] must equal the output shape \[3, 1, 1\]/,
    );
    expect(() => maxPool2dProvenance(x, { channel: 3, row: 0, col: 0 }, { kernelSize: 2 })).toThrow(/channel 3 is out of range/);
    expect(() => avgPool2dProvenance(x, { row: 0, col: 2 }, { kernelSize: 2 })).toThrow(/col 2 is out of range \[0, 1\]/);
  });

  it('activations', () => {
    expect(() => applyActivation(x, 'swish' as ActivationName)).toThrow(/unknown activation 'swish'/);
    expect(() => leakyRelu(1, Number.NaN)).toThrow(/negativeSlope must be a finite number/);
    expect(() => activationBackward(x, makeTensor([3]), 'relu')).toThrow(
      /gradOutput shape \[3\] must equal input shape \[3, 5, 5\]/,
    );
  });
});

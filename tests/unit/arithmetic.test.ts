// engine/arithmetic against PyTorch. The fixture is measured on real torch
// modules by scripts/fixtures/arithmetic_reference.py; the hand-checked values
// are the ones the guide's prose quotes.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compareConvWithDense,
  convCost,
  convOutputShape,
  convOutputShapeSteps,
  convOutputSize,
  convOutputSizeSteps,
  convParameters,
  denseParameters,
  depthwiseSeparableCost,
  effectiveKernel,
  linearCost,
  poolOutputShape,
  poolOutputSize,
  poolOutputSizeSteps,
  receptiveField,
  samePadding,
  stride1ReceptiveField,
  type IntOrPair,
  type ReceptiveFieldLayer,
} from '../../src/engine/arithmetic';

type Maybe = number | null;
interface Reference {
  torch: string;
  convOutputSize: {
    rows: [number, number, number, number, number, Maybe][];
    same: [number, number, number, number][];
    shapes: {
      input: [number, number];
      kernel: [number, number];
      stride: [number, number];
      padding: [number, number];
      dilation: [number, number];
      output: [number, number] | null;
    }[];
  };
  poolOutputSize: {
    rows: ['max' | 'avg', number, number, Maybe, number, number, boolean, Maybe][];
    shapes: {
      input: [number, number];
      kernel: [number, number];
      stride: [number, number] | null;
      padding: [number, number];
      ceilMode: boolean;
      output: [number, number] | null;
    }[];
  };
  parameters: {
    conv: {
      inChannels: number;
      outChannels: number;
      kernel: IntOrPair;
      groups: number;
      bias: boolean;
      weightShape: number[];
      params: number;
    }[];
    dense: { inFeatures: number; outFeatures: number; bias: boolean; weightShape: number[]; params: number }[];
    convVsDense: {
      input: [number, number, number];
      outChannels: number;
      kernel: number;
      padding: number;
      convOutputShape: number[];
      convParams: number;
      denseParams: number;
    }[];
  };
  cost: {
    conv: {
      input: [number, number, number];
      outChannels: number;
      kernel: IntOrPair;
      stride: IntOrPair;
      padding: IntOrPair;
      dilation: IntOrPair;
      groups: number;
      bias: boolean;
      outputShape: number[];
      params: number;
      profilerFlops: number;
    }[];
    linear: { inFeatures: number; outFeatures: number; bias: boolean; params: number; profilerFlops: number }[];
    separable: {
      input: [number, number, number];
      outChannels: number;
      kernel: number;
      stride: number;
      padding: number;
      bias: boolean;
      standardParams: number;
      separableParams: number;
      standardFlops: number;
      separableFlops: number;
    }[];
  };
  receptiveField: Record<
    string,
    { inputSize: number; layers: ReceptiveFieldLayer[]; rows: { rf: number; jump: number; start: number; outputSize: number }[] }
  >;
}

const reference = JSON.parse(
  readFileSync(new URL('../fixtures/arithmetic-reference.json', import.meta.url), 'utf8'),
) as Reference;

/** Runs f and returns its value, or the error message when it throws (to compare whole grids at once). */
function attempt<T>(f: () => T): T | string {
  try {
    return f();
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

describe('output size against PyTorch', () => {
  it('matches nn.Conv2d over the whole grid, and refuses exactly where PyTorch refuses', () => {
    const { rows } = reference.convOutputSize;
    expect(rows.length).toBeGreaterThan(1000);
    expect(rows.filter((r) => r[5] === null).length).toBeGreaterThan(50);
    const mismatches = rows.flatMap(([n, k, s, p, d, out]) => {
      const got = attempt(() => convOutputSize(n, { kernel: k, stride: s, padding: p, dilation: d }));
      const ok = out === null ? typeof got === 'string' && /is larger than the padded input/.test(got) : got === out;
      return ok ? [] : [{ n, k, s, p, d, torch: out, got }];
    });
    expect(mismatches).toEqual([]);
  });

  it("matches padding='same' (odd spans) and keeps the size", () => {
    const { same } = reference.convOutputSize;
    expect(same.length).toBeGreaterThan(10);
    for (const [n, k, d, out] of same) {
      expect(convOutputSize(n, { kernel: k, dilation: d, padding: 'same' })).toBe(out);
      expect(out).toBe(n);
      expect(convOutputSize(n, { kernel: k, dilation: d, padding: samePadding(k, d) })).toBe(out);
    }
  });

  it('matches nn.Conv2d on non-square inputs with [height, width] arguments', () => {
    for (const c of reference.convOutputSize.shapes) {
      expect(convOutputShape(c.input, c)).toEqual(c.output);
    }
  });

  it('matches nn.MaxPool2d and nn.AvgPool2d, floor and ceil mode, over the whole grid', () => {
    const { rows } = reference.poolOutputSize;
    expect(rows.length).toBeGreaterThan(3000);
    const mismatches = rows.flatMap(([kind, n, k, s, p, d, ceil, out]) => {
      const got = attempt(() =>
        poolOutputSize(n, { kernel: k, stride: s ?? undefined, padding: p, dilation: d, ceilMode: ceil }),
      );
      const reason = p > Math.floor(k / 2) ? /must be at most half of kernel/ : /is larger than the padded input/;
      const ok = out === null ? typeof got === 'string' && reason.test(got) : got === out;
      return ok ? [] : [{ kind, n, k, s, p, d, ceil, torch: out, got }];
    });
    expect(mismatches).toEqual([]);
  });

  it('drops the last ceil-mode window exactly where PyTorch does, and the grid exercises that rule', () => {
    const dropped = reference.poolOutputSize.rows.filter(([, n, k, s, p, d, ceil, out]) => {
      if (!ceil || out === null) return false;
      const steps = poolOutputSizeSteps(n, { kernel: k, stride: s ?? k, padding: p, dilation: d, ceilMode: true });
      expect(steps.output).toBe(out);
      return steps.droppedLastWindow;
    });
    expect(dropped.length).toBeGreaterThan(20);
    // Every such case would be one larger without the rule.
    for (const [, n, k, s, p, d, , out] of dropped) {
      expect(poolOutputSizeSteps(n, { kernel: k, stride: s ?? k, padding: p, dilation: d, ceilMode: true }).rounded + 1).toBe(
        (out ?? 0) + 1,
      );
    }
  });

  it('matches nn.MaxPool2d on non-square inputs, default stride = kernel', () => {
    for (const c of reference.poolOutputSize.shapes) {
      const pool = { kernel: c.kernel, padding: c.padding, ceilMode: c.ceilMode, ...(c.stride ? { stride: c.stride } : {}) };
      expect(poolOutputShape(c.input, pool)).toEqual(c.output);
    }
  });
});

describe('output size, step by step', () => {
  it('evaluates the formula for a 7-wide input and a 3-wide kernel: 5', () => {
    const steps = convOutputSizeSteps(7, { kernel: 3 });
    expect(steps).toMatchObject({ paddedSize: 7, span: 3, numerator: 4, quotient: 4, rounded: 4, output: 5 });
    expect(steps.formula).toBe('⌊(7 + 2·0 − 3)/1⌋ + 1 = 5');
    expect(steps.spanFormula).toBe('3');
    expect(convOutputShape([7, 7], { kernel: 3 })).toEqual([5, 5]);
  });

  it('shows the fraction that the floor throws away', () => {
    const steps = convOutputSizeSteps(8, { kernel: 3, stride: 2, padding: 1 });
    expect(steps).toMatchObject({ paddedSize: 10, numerator: 7, quotient: 3.5, rounded: 3, output: 4, lastWindowStart: 5 });
    expect(steps.formula).toBe('⌊(8 + 2·1 − 3)/2⌋ + 1 = 4');
  });

  it('shows the dilated span and the ceil-mode correction', () => {
    expect(convOutputSizeSteps(9, { kernel: 3, dilation: 2 }).spanFormula).toBe('2·(3 − 1) + 1 = 5');
    const steps = poolOutputSizeSteps(5, { kernel: 2, stride: 2, padding: 1, ceilMode: true });
    expect(steps).toMatchObject({ quotient: 2.5, rounded: 3, droppedLastWindow: true, output: 3, lastWindowStart: 3 });
    expect(steps.formula).toBe('⌈(5 + 2·1 − 2)/2⌉ + 1 − 1 = 3');
    expect(poolOutputSizeSteps(7, { kernel: 2, ceilMode: true })).toMatchObject({ droppedLastWindow: false, output: 4 });
  });

  it('follows 32 -> 30 -> 15 -> 13 -> 6 -> 4 through conv3 / pool2 / conv3 / pool2 / conv3', () => {
    const sizes = [32];
    const step = (f: (n: number) => number) => sizes.push(f(sizes.at(-1) ?? 0));
    step((n) => convOutputSize(n, { kernel: 3 }));
    step((n) => poolOutputSize(n, { kernel: 2 }));
    step((n) => convOutputSize(n, { kernel: 3 }));
    step((n) => poolOutputSize(n, { kernel: 2 }));
    step((n) => convOutputSize(n, { kernel: 3 }));
    expect(sizes).toEqual([32, 30, 15, 13, 6, 4]);
  });

  it('computes effective kernels and same padding', () => {
    expect(effectiveKernel(3)).toBe(3);
    expect(effectiveKernel(3, 2)).toBe(5);
    expect(effectiveKernel(3, 4)).toBe(9);
    expect([samePadding(1), samePadding(3), samePadding(5), samePadding(7)]).toEqual([0, 1, 2, 3]);
    expect(samePadding(3, 2)).toBe(2);
    expect(samePadding(4, 2)).toBe(3);
    expect(convOutputSizeSteps(28, { kernel: 5, padding: 'same' }).padding).toBe(2);
    expect(convOutputSize(28, { kernel: 5, padding: 'valid' })).toBe(24);
  });

  it('gives one step record per axis for [H, W]', () => {
    const [h, w] = convOutputShapeSteps([7, 9], { kernel: [3, 5], stride: [1, 2], padding: [0, 1] });
    expect(h.formula).toBe('⌊(7 + 2·0 − 3)/1⌋ + 1 = 5');
    expect(w.formula).toBe('⌊(9 + 2·1 − 5)/2⌋ + 1 = 4');
  });
});

describe('parameters against PyTorch', () => {
  it('counts nn.Conv2d parameters (groups, bias on and off) like sum(p.numel())', () => {
    const { conv } = reference.parameters;
    expect(conv.length).toBeGreaterThan(5);
    for (const c of conv) {
      const count = convParameters(c);
      expect(count.total).toBe(c.params);
      expect(count.weightShape).toEqual(c.weightShape);
      expect(count.weights + count.biases).toBe(c.params);
    }
  });

  it('counts nn.Linear parameters like sum(p.numel())', () => {
    for (const d of reference.parameters.dense) {
      const count = denseParameters(d);
      expect(count.total).toBe(d.params);
      expect(count.weightShape).toEqual(d.weightShape);
    }
  });

  it('compares a conv with a dense layer producing the same outputs from the same image', () => {
    const { convVsDense } = reference.parameters;
    expect(convVsDense.length).toBeGreaterThan(0);
    for (const c of convVsDense) {
      const cmp = compareConvWithDense(c);
      expect(cmp.conv.total).toBe(c.convParams);
      expect(cmp.dense.total).toBe(c.denseParams);
      expect(cmp.convOutputShape).toEqual(c.convOutputShape);
      expect(cmp.ratio).toBe(c.denseParams / c.convParams);
    }
  });

  it('needs 150,528,000 weights + 1000 biases for a dense layer from 224×224×3 to 1000 units', () => {
    const dense = denseParameters({ inFeatures: 224 * 224 * 3, outFeatures: 1000 });
    expect(dense).toMatchObject({ weights: 150_528_000, biases: 1000, total: 150_529_000, weightShape: [1000, 150_528] });
    const cmp = compareConvWithDense({ input: [3, 224, 224], outChannels: 64, kernel: 3, padding: 1 }, 1000);
    expect(cmp.dense.total).toBe(150_529_000);
    expect(cmp.conv.total).toBe(1792);
    expect(cmp.weightReuse).toBe(224 * 224);
    expect(convParameters({ inChannels: 3, outChannels: 64, kernel: 3 }).formula).toBe('64·3·3·3 + 64 = 1792');
    expect(convParameters({ inChannels: 3, outChannels: 64, kernel: 3, bias: false }).formula).toBe('64·3·3·3 = 1728');
  });
});

describe('cost against PyTorch', () => {
  it("gives FLOPs = 2 × MACs of nn.Conv2d as PyTorch's profiler counts them (no bias adds)", () => {
    const { conv } = reference.cost;
    expect(conv.length).toBeGreaterThan(5);
    for (const c of conv) {
      const cost = convCost(c);
      expect(cost.outputShape).toEqual(c.outputShape);
      expect(cost.params.total).toBe(c.params);
      expect(cost.flops).toBe(c.profilerFlops);
      expect(cost.macs * 2).toBe(c.profilerFlops);
      expect(cost.biasAdds).toBe(c.bias ? cost.outputs : 0);
    }
  });

  it("gives FLOPs = 2 × in × out of nn.Linear as PyTorch's profiler counts them", () => {
    for (const l of reference.cost.linear) {
      const cost = linearCost(l);
      expect(cost.flops).toBe(l.profilerFlops);
      expect(cost.macs).toBe(l.inFeatures * l.outFeatures);
      expect(cost.params.total).toBe(l.params);
      expect(cost.biasAdds).toBe(l.bias ? l.outFeatures : 0);
    }
  });

  it('prices depthwise-separable convs like PyTorch, with the ratio 1/C_out + 1/k²', () => {
    const { separable } = reference.cost;
    expect(separable.length).toBeGreaterThan(0);
    for (const s of separable) {
      const cmp = depthwiseSeparableCost(s);
      expect(cmp.standard.params.total).toBe(s.standardParams);
      expect(cmp.separable.params).toBe(s.separableParams);
      expect(cmp.standard.flops).toBe(s.standardFlops);
      expect(cmp.separable.flops).toBe(s.separableFlops);
      expect(cmp.macRatio).toBeCloseTo(1 / s.outChannels + 1 / (s.kernel * s.kernel), 12);
      if (!s.bias) expect(cmp.paramRatio).toBeCloseTo(cmp.theoreticalRatio, 12);
    }
  });

  it('counts a 3×3 conv 3 -> 32 on 32×32 by hand: 884,736 MACs', () => {
    const cost = convCost({ input: [3, 32, 32], outChannels: 32, kernel: 3, padding: 1 });
    expect(cost).toMatchObject({ outputs: 32 * 32 * 32, macsPerOutput: 27, macs: 884_736, flops: 1_769_472, biasAdds: 32_768 });
    const sep = depthwiseSeparableCost({ input: [32, 56, 56], outChannels: 64, kernel: 3, padding: 1, bias: false });
    expect(sep.theoreticalRatio).toBeCloseTo(1 / 64 + 1 / 9, 15);
    expect(sep.depthwise.params.weightShape).toEqual([32, 1, 3, 3]);
    expect(sep.pointwise.params.weightShape).toEqual([64, 32, 1, 1]);
  });
});

describe('receptive field against PyTorch gradients', () => {
  it.each(Object.entries(reference.receptiveField))('%s: rf, jump, start and size of every layer', (_name, stack) => {
    const rf = receptiveField(stack.layers, { inputSize: stack.inputSize });
    expect(rf.rows.map(({ rf, jump, start, outputSize }) => ({ rf, jump, start, outputSize }))).toEqual(stack.rows);
    const last = stack.rows.at(-1);
    expect(last).toBeDefined();
    expect({ rf: rf.rf, jump: rf.jump, start: rf.start, outputSize: rf.outputSize }).toEqual(last);
  });

  it('has the stacks the guide quotes', () => {
    expect(Object.keys(reference.receptiveField)).toEqual(
      expect.arrayContaining(['threeConv3x3', 'conv3Pool2Conv3', 'dilated', 'stride2', 'dilatedSingle2', 'dilatedSingle4']),
    );
  });

  it('sees 7×7 through three 3×3 convs, 5 and 9 through one dilated 3×3 (d = 2, 4)', () => {
    const three = receptiveField([{ kernel: 3 }, { kernel: 3 }, { kernel: 3 }]);
    expect(three.rows.map((r) => r.rf)).toEqual([3, 5, 7]);
    expect(three.rows.map((r) => r.formula)).toEqual(['1 + (3 − 1)·1 = 3', '3 + (3 − 1)·1 = 5', '5 + (3 − 1)·1 = 7']);
    expect(stride1ReceptiveField(3, 3)).toBe(7);
    expect(receptiveField([{ kernel: 3, dilation: 2 }]).rf).toBe(5);
    expect(receptiveField([{ kernel: 3, dilation: 4 }]).rf).toBe(9);
    expect(stride1ReceptiveField(1, 3, 4)).toBe(9);
  });

  it('agrees with the closed form 1 + L(k − 1) for stride-1 stacks', () => {
    for (let depth = 0; depth <= 6; depth++) {
      for (let kernel = 1; kernel <= 7; kernel++) {
        const stack = Array.from({ length: depth }, () => ({ kernel }));
        expect(receptiveField(stack).rf).toBe(stride1ReceptiveField(depth, kernel));
        expect(stride1ReceptiveField(depth, kernel)).toBe(1 + depth * (kernel - 1));
      }
    }
  });

  it('tracks sizes, jumps, starts and centres through conv3 / pool2 / conv3 / pool2 / conv3 on 32', () => {
    const rf = receptiveField(
      [
        { name: 'conv3', kernel: 3 },
        { name: 'pool2', kernel: 2, stride: 2 },
        { name: 'conv3', kernel: 3 },
        { name: 'pool2', kernel: 2, stride: 2 },
        { name: 'conv3', kernel: 3 },
      ],
      { inputSize: 32 },
    );
    expect(rf.rows.map((r) => r.outputSize)).toEqual([30, 15, 13, 6, 4]);
    expect(rf.rows.map((r) => [r.name, r.rf, r.jump])).toEqual([
      ['conv3', 3, 1],
      ['pool2', 4, 2],
      ['conv3', 8, 2],
      ['pool2', 10, 4],
      ['conv3', 18, 4],
    ]);
    expect(rf.center).toBe(8.5);
    expect(receptiveField([{ kernel: 3, padding: 1 }])).toMatchObject({ start: -1, center: 0 });
    expect(receptiveField([])).toMatchObject({ rows: [], rf: 1, jump: 1, start: 0, center: 0 });
  });
});

describe('bad arguments', () => {
  it('names a kernel larger than the padded input, dilated or not', () => {
    expect(() => convOutputSize(2, { kernel: 3 })).toThrow(
      /^convOutputSize: kernel 3 is larger than the padded input 2 \(input 2 \+ 2·padding 0\)$/,
    );
    expect(() => convOutputSize(7, { kernel: 5, dilation: 2 })).toThrow(
      /kernel 5 \(dilated to 9 by dilation 2\) is larger than the padded input 7/,
    );
    expect(() => convOutputShape([5, 2], { kernel: 3 })).toThrow(
      /convOutputShape: kernel \(width\) 3 is larger than the padded input \(width\) 2/,
    );
    // Ceil mode lets the last window hang over the end, as PyTorch does: MaxPool2d(3, 2, ceil_mode=True) on 2 gives 1.
    expect(poolOutputSize(2, { kernel: 3, stride: 2, ceilMode: true })).toBe(1);
    expect(() => poolOutputSize(2, { kernel: 5, padding: 1 })).toThrow(
      /poolOutputSize: kernel 5 is larger than the padded input 4/,
    );
  });

  it('rejects non-positive or non-integer kernels, strides and dilations, naming the value', () => {
    expect(() => convOutputSize(7, { kernel: 3, stride: 0 })).toThrow(
      /^convOutputSize: stride must be a positive integer, got 0$/,
    );
    expect(() => convOutputSize(7, { kernel: 3, stride: 1.5 })).toThrow(/stride must be a positive integer, got 1\.5/);
    expect(() => convOutputSize(7, { kernel: Number.NaN })).toThrow(/kernel must be a positive integer, got NaN/);
    expect(() => convOutputSize(7, { kernel: -3 })).toThrow(/kernel must be a positive integer, got -3/);
    expect(() => convOutputSize(7, { kernel: 3, dilation: 0 })).toThrow(/dilation must be a positive integer, got 0/);
    expect(() => convOutputSize(7, { kernel: '3' as unknown as number })).toThrow(/kernel must be a positive integer, got '3'/);
    expect(() => convOutputSize(0, { kernel: 1 })).toThrow(/convOutputSize: input must be a positive integer, got 0/);
    expect(() => poolOutputSize(7, { kernel: 2, stride: Infinity })).toThrow(
      /poolOutputSize: stride must be a positive integer, got Infinity/,
    );
    expect(() => effectiveKernel(3, 0)).toThrow(/effectiveKernel: dilation must be a positive integer, got 0/);
    expect(() => convOutputSize(7, { kernel: 3 })).not.toThrow();
  });

  it('rejects negative padding and pooling padding over half the kernel', () => {
    expect(() => convOutputSize(7, { kernel: 3, padding: -1 })).toThrow(
      /^convOutputSize: padding must be a non-negative integer, got -1$/,
    );
    expect(() => convOutputSize(7, { kernel: 3, padding: 'full' as unknown as number })).toThrow(
      /padding must be a non-negative integer, got 'full'/,
    );
    expect(() => poolOutputSize(5, { kernel: 2, padding: 2 })).toThrow(
      /^poolOutputSize: padding 2 must be at most half of kernel 2 \(pooling pads at most ⌊2\/2⌋ = 1\)$/,
    );
    expect(() => poolOutputShape([5, 5], { kernel: [3, 2], padding: [1, 2] })).toThrow(
      /padding \(width\) 2 must be at most half of kernel \(width\) 2/,
    );
  });

  it("explains why 'same' padding is impossible for an even span, and needs stride 1", () => {
    expect(() => samePadding(4)).toThrow(
      /^samePadding: kernel 4 spans 4 pixels, an even number, so symmetric 'same' padding is impossible/,
    );
    expect(() => samePadding(2)).toThrow(/it would need 0\.5 zeros on each side \(PyTorch pads 0 before and 1 after\)/);
    expect(() => convOutputSize(8, { kernel: 2, padding: 'same' })).toThrow(/convOutputSize: kernel 2 spans 2 pixels/);
    expect(() => convOutputSize(8, { kernel: 3, stride: 2, padding: 'same' })).toThrow(
      /padding 'same' needs stride 1 .* got stride 2/,
    );
    expect(() => samePadding(3, 2)).not.toThrow();
  });

  it('rejects malformed [height, width] pairs and shapes, naming the element', () => {
    expect(() => convOutputShape([7, 7], { kernel: [3] as unknown as [number, number] })).toThrow(
      /convOutputShape: kernel must be a number or a \[height, width\] pair, got \[3\]/,
    );
    expect(() => convOutputShape([7, 7], { kernel: [3, 0] })).toThrow(/kernel\[1\] must be a positive integer, got 0/);
    expect(() => convOutputShape([7, -1], { kernel: 3 })).toThrow(/input\[1\] \(width\) must be a positive integer, got -1/);
    expect(() => convCost({ input: [3, 32] as unknown as [number, number, number], outChannels: 8, kernel: 3 })).toThrow(
      /convCost: input must be a \[C, H, W\] shape, got \[3, 32\]/,
    );
  });

  it('rejects channels that groups do not divide, and bad counts', () => {
    expect(() => convParameters({ inChannels: 3, outChannels: 8, kernel: 3, groups: 2 })).toThrow(
      /^convParameters: inChannels \(3\) must be divisible by groups \(2\)$/,
    );
    expect(() => convParameters({ inChannels: 4, outChannels: 6, kernel: 3, groups: 4 })).toThrow(
      /outChannels \(6\) must be divisible by groups \(4\)/,
    );
    expect(() => convParameters({ inChannels: 4, outChannels: 8, kernel: 3, groups: 0 })).toThrow(
      /groups must be a positive integer, got 0/,
    );
    expect(() => convCost({ input: [3, 8, 8], outChannels: 8, kernel: 3, groups: 2 })).toThrow(/^convCost: inChannels \(3\)/);
    expect(() => denseParameters({ inFeatures: 10, outFeatures: 0 })).toThrow(
      /denseParameters: outFeatures must be a positive integer, got 0/,
    );
    expect(() => linearCost({ inFeatures: 2.5, outFeatures: 3 })).toThrow(
      /linearCost: inFeatures must be a positive integer, got 2\.5/,
    );
    expect(() => denseParameters({ inFeatures: 10, outFeatures: 2, bias: 'yes' as unknown as boolean })).toThrow(
      /bias must be true or false, got 'yes'/,
    );
    expect(() => compareConvWithDense({ input: [3, 8, 8], outChannels: 4, kernel: 3 }, 0)).toThrow(
      /compareConvWithDense: denseUnits must be a positive integer, got 0/,
    );
  });

  it('refuses counts too large to be exact instead of rounding them', () => {
    expect(() => compareConvWithDense({ input: [64, 4096, 4096], outChannels: 64, kernel: 1 })).toThrow(
      /compareConvWithDense: weight count is .* too large to count exactly/,
    );
  });

  it('names the layer of a receptive-field stack that is wrong', () => {
    expect(() => receptiveField([{ kernel: 3 }, { kernel: 3, stride: 0 }])).toThrow(
      /^receptiveField: layers\[1\]\.stride must be a positive integer, got 0$/,
    );
    expect(() => receptiveField([{ kernel: 3, padding: -2 }])).toThrow(
      /layers\[0\]\.padding must be a non-negative integer, got -2/,
    );
    expect(() => receptiveField([{ kernel: 3 }, { kernel: 3 }, { kernel: 3 }], { inputSize: 6 })).toThrow(
      /^receptiveField: layers\[2\]: kernel 3 is larger than the padded input 2/,
    );
    expect(() => receptiveField([null as unknown as ReceptiveFieldLayer])).toThrow(
      /layers\[0\] must be a layer like \{ kernel: 3 \}, got null/,
    );
    expect(() => stride1ReceptiveField(-1, 3)).toThrow(/stride1ReceptiveField: depth must be a non-negative integer, got -1/);
    expect(() => depthwiseSeparableCost({ input: [8, 4, 4], outChannels: 8, kernel: 5 })).toThrow(
      /^depthwiseSeparableCost: kernel \(height\) 5 is larger than the padded input \(height\) 4/,
    );
  });

  it('never returns NaN: every bad value of every argument throws a RangeError or TypeError', () => {
    const bad: unknown[] = [0, -1, 1.5, Number.NaN, Infinity, '3', [3]];
    let checked = 0;
    for (const value of bad) {
      const v = value as number;
      const calls: (() => unknown)[] = [
        () => convOutputSize(v, { kernel: 3 }),
        () => convOutputSize(9, { kernel: v }),
        () => convOutputSize(9, { kernel: 3, stride: v }),
        () => convOutputSize(9, { kernel: 3, dilation: v }),
        () => poolOutputSize(v, { kernel: 2 }),
        () => poolOutputSize(9, { kernel: v }),
        () => convParameters({ inChannels: v, outChannels: 4, kernel: 3 }),
        () => convParameters({ inChannels: 4, outChannels: 4, kernel: v }),
        () => denseParameters({ inFeatures: v, outFeatures: 4 }),
        () => convCost({ input: [v, 8, 8], outChannels: 4, kernel: 3 }),
        () => receptiveField([{ kernel: v }]),
        () => stride1ReceptiveField(2, v),
      ];
      for (const call of calls) {
        const outcome = attempt(call);
        expect(outcome).toMatch(
          /^(RangeError|TypeError): \w+: .*must be (a positive integer|a non-negative integer|a number or a \[height, width\] pair), got /,
        );
        checked++;
      }
    }
    expect(checked).toBe(bad.length * 12);
  });
});

it('reads a fixture made by PyTorch', () => {
  expect(reference.torch).toMatch(/^1\.13/);
});

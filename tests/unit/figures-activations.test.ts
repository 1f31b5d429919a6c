// View-models of the Activations chapter's figures. Reference values: the
// activations' closed forms, a hand-worked kernel composition, and PyTorch
// (torch 1.13, float64) for the "two convolutions are one" example.

import { describe, expect, it } from 'vitest';
import { conv2d, makeTensor } from '../../src/engine/reference';
import {
  ACTIVATION_NAMES,
  activationPlot,
  frameFor,
  readMarker,
} from '../../src/components/figures/activations/activation-plot-model';
import {
  collapse,
  gridText,
  collapseExample,
  fullConvolve2d,
} from '../../src/components/figures/activations/activation-collapse-model';
import { maxAbs } from '../../src/components/figures/kit/colors';
import {
  chainProduct,
  gradientChart,
  gradientRows,
  gradientSentence,
} from '../../src/components/figures/activations/activation-gradient-model';

describe('activation plot', () => {
  it('reads f and f′ at the marker with PyTorch’s conventions', () => {
    expect(readMarker('relu', 1.5)).toMatchObject({ fx: 1.5, dfx: 1 });
    expect(readMarker('relu', 0)).toMatchObject({ fx: 0, dfx: 0 });
    expect(readMarker('leakyRelu', -2)).toMatchObject({ fx: -0.02, dfx: 0.01 });
    expect(readMarker('sigmoid', 0)).toMatchObject({ fx: 0.5, dfx: 0.25 });
    const g = readMarker('gelu', 1);
    expect(g.fx).toBeCloseTo(0.8413447460685429, 14);
    expect(g.dfx).toBeCloseTo(1.0833154705876864, 14);
    expect(readMarker('tanh', 1).dfx).toBeCloseTo(0.41997434161402614, 14);
    expect(readMarker('sigmoid', 1).dfx).toBeCloseTo(0.19661193324148185, 14);
    expect(readMarker('relu', 1.5).sentence).toBe('ReLU(1.5) = 1.5, ReLU′(1.5) = 1');
    expect(readMarker('tanh', -0.5).sentence).toBe('Tanh(−0.5) = −0.4621, Tanh′(−0.5) = 0.7864');
  });

  it('matches torch.autograd at x = −2, 0, 1 (the chapter’s PyTorch snippet, printed to 4 decimals)', () => {
    const torch: Record<string, [number[], number[]]> = {
      relu: [
        [0, 0, 1],
        [0, 0, 1],
      ],
      leakyRelu: [
        [-0.02, 0, 1],
        [0.01, 0.01, 1],
      ],
      gelu: [
        [-0.0455, 0, 0.8413],
        [-0.0852, 0.5, 1.0833],
      ],
      sigmoid: [
        [0.1192, 0.5, 0.7311],
        [0.105, 0.25, 0.1966],
      ],
      tanh: [
        [-0.964, 0, 0.7616],
        [0.0707, 1, 0.42],
      ],
    };
    for (const name of ACTIVATION_NAMES) {
      const [fs, ds] = torch[name]!;
      [-2, 0, 1].forEach((x, i) => {
        const r = readMarker(name, x);
        expect(r.fx).toBeCloseTo(fs[i]!, 4);
        expect(r.dfx).toBeCloseTo(ds[i]!, 4);
      });
    }
  });

  it('lays out every function inside its frame, with 0 and 1 in range', () => {
    for (const name of ACTIVATION_NAMES) {
      const p = activationPlot(name);
      expect(p.yMin).toBeLessThan(0);
      expect(p.yMax).toBeGreaterThan(1);
      const coords = [...p.fPath.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      expect(coords).toHaveLength(321);
      for (const [x, y] of coords) {
        expect(x).toBeGreaterThanOrEqual(34);
        expect(x).toBeLessThanOrEqual(466);
        expect(y).toBeGreaterThanOrEqual(10);
        expect(y).toBeLessThanOrEqual(276);
      }
    }
    expect(activationPlot('sigmoid').xTicks.map((t) => t.label)).toEqual(['−4', '−3', '−2', '−1', '0', '1', '2', '3', '4']);
  });

  it('sizes the frame to the figure, within limits', () => {
    expect(frameFor(358)).toMatchObject({ width: 358, height: 220 });
    expect(frameFor(652)).toMatchObject({ width: 652, height: 320 });
    expect(frameFor(0)).toMatchObject({ width: 240, height: 220 });
    const p = activationPlot('tanh', frameFor(358));
    expect(p.sx(4)).toBe(344);
    expect(p.sy(p.yMin)).toBe(196);
  });

  it('breaks the path at the jump of ReLU′ instead of drawing a vertical line', () => {
    const d = activationPlot('relu').dPath;
    expect(d.match(/M/g)).toHaveLength(2);
    // Smooth functions are one stroke.
    for (const name of ['gelu', 'sigmoid', 'tanh'] as const) expect(activationPlot(name).dPath.match(/M/g)).toHaveLength(1);
  });
});

describe('two convolutions are one', () => {
  it('composes kernels by full 2-D convolution', () => {
    const a = makeTensor([2, 2], [1, 2, 3, 4]);
    const b = makeTensor([2, 2], [5, 6, 7, 8]);
    const c = fullConvolve2d(a, b);
    expect(c.shape).toEqual([3, 3]);
    expect(Array.from(c.data)).toEqual([5, 16, 12, 22, 60, 40, 21, 52, 32]);
    expect(() => fullConvolve2d(makeTensor([4], [1, 2, 3, 4]), b)).toThrow(/\[kH, kW\] kernel/);
  });

  it('equals conv2d twice for arbitrary real kernels and sizes', () => {
    let s = 7;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const fill = (n: number) => Array.from({ length: n }, rand);
    const x = makeTensor([1, 9, 10], fill(90));
    const a = makeTensor([1, 1, 3, 2], fill(6));
    const b = makeTensor([1, 1, 2, 4], fill(8));
    const twice = conv2d(conv2d(x, a), b);
    const c = fullConvolve2d(makeTensor([3, 2], a.data), makeTensor([2, 4], b.data));
    const once = conv2d(x, makeTensor([1, 1, 4, 5], c.data));
    expect(once.shape).toEqual(twice.shape);
    expect(maxAbs(once.data.map((v, i) => v - twice.data[i]!))).toBeLessThan(1e-12);
  });

  it('reproduces PyTorch on the default example', () => {
    const ex = collapseExample(1);
    expect(Array.from(ex.kernelA.data)).toEqual([1, -1, 1, 0, 1, 1, -1, 1, 1]);
    expect(Array.from(ex.kernelB.data)).toEqual([1, -1, 0, -1, 0, -1, 0, 0, 0]);
    expect([ex.biasA, ex.biasB]).toEqual([-1, -1]);
    const linear = collapse(ex, 'none');
    // F.conv_transpose2d(a, b) in PyTorch: the full convolution of the two kernels.
    expect(Array.from(linear.composed.data)).toEqual([
      1, -2, 2, -1, 0, -1, 2, -2, 0, -1, -1, 1, -1, -2, -1, 1, -1, 0, -1, -1, 0, 0, 0, 0, 0,
    ]);
    expect(linear.composedBias).toBe(1);
    // F.conv2d(F.conv2d(x, a, ba), b, bb) in PyTorch.
    const torchStacked = [-5, -10, 0, -13, -11, -13, -11, -2, -12, -5, -19, -6, -20, -10, 1, -16];
    expect(Array.from(linear.stacked.data)).toEqual(torchStacked);
    expect(Array.from(linear.single.data)).toEqual(torchStacked);
    expect(linear.maxAbsDiff).toBe(0);
    expect(linear.sentence).toMatch(/exactly .* one 5 × 5 convolution .* largest difference 0\./);
    // F.conv2d(torch.relu(F.conv2d(x, a, ba)), b, bb) in PyTorch.
    const relu = collapse(ex, 'relu');
    expect(Array.from(relu.stacked.data)).toEqual([-5, -10, -1, -12, -11, -13, -11, -2, -12, -5, -19, -6, -20, -10, -2, -16]);
    expect(relu.maxAbsDiff).toBe(3);
    expect(relu.sentence).toBe(
      'With ReLU between them, the two convolutions no longer equal one 5 × 5 convolution: largest difference 3.',
    );
    expect(collapse(ex, 'tanh').stacked.data[0]).toBeCloseTo(-2.760912830401683, 12);
  });

  it('is exact without an activation and broken by every activation, for many examples', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const ex = collapseExample(seed);
      expect(collapse(ex, 'none').maxAbsDiff).toBe(0);
      for (const name of ACTIVATION_NAMES) expect(collapse(ex, name).maxAbsDiff).toBeGreaterThan(0);
    }
  });

  it('reads grids out row by row', () => {
    expect(gridText(makeTensor([2, 3], [1, -2, 0.125, 0, 3, -1.5]))).toBe('row 1: 1, −2, 0.13; row 2: 0, 3, −1.5');
  });
});

describe('vanishing gradients', () => {
  it('multiplies the derivatives of L layers', () => {
    expect(chainProduct('sigmoid', 0, 10)).toBeCloseTo(0.25 ** 10, 20);
    expect(chainProduct('sigmoid', 1, 3)).toBeCloseTo(0.19661193324148185 ** 3, 15);
    expect(chainProduct('tanh', 0, 30)).toBe(1);
    expect(chainProduct('relu', 2, 30)).toBe(1);
    expect(chainProduct('relu', -1, 1)).toBe(0);
    expect(chainProduct('leakyRelu', -1, 3)).toBeCloseTo(1e-6, 18);
    expect(chainProduct('gelu', 1, 0)).toBe(1);
  });

  it('tabulates every activation at the chosen z and L', () => {
    const rows = gradientRows(1, 10);
    expect(rows.map((r) => r.name)).toEqual(ACTIVATION_NAMES);
    const sig = rows.find((r) => r.name === 'sigmoid')!;
    expect(sig.product).toBeCloseTo(0.19661193324148185 ** 10, 18);
    expect(sig.text).toBe('8.63×10⁻⁸');
    expect(rows.find((r) => r.name === 'relu')!.text).toBe('1');
    expect(gradientSentence(0, 10)).toContain('Sigmoid 0.25 per layer, 9.54×10⁻⁷ after 10');
  });

  it('plots log10 of the product against depth, clamped below the floor for a zero gradient', () => {
    expect(gradientChart(0, 30, 358)).toMatchObject({ width: 358, height: 200 });
    const c = gradientChart(-1, 30);
    expect(c.lines).toHaveLength(5);
    const relu = c.lines.find((l) => l.name === 'relu')!;
    const pts = relu.path.slice(1).split('L');
    expect(pts).toHaveLength(31);
    // L = 0: the product is 1, on the "1" grid line.
    expect(pts[0]).toBe(`${c.sx(0).toFixed(2)},${c.sy(0).toFixed(2)}`);
    // ReLU′(−1) = 0: from L = 1 on, below the bottom of the frame.
    expect(Number(pts[1]!.split(',')[1])).toBeGreaterThan(c.sy(c.minExp));
    expect(c.yTicks.map((t) => t.label)).toEqual(['10⁴', '1', '10⁻⁴', '10⁻⁸', '10⁻¹²', '10⁻¹⁶', '10⁻²⁰', '10⁻²⁴']);
  });
});

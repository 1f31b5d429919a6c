// The backpropagation stepper's gradients against PyTorch's autograd
// (tests/fixtures/conv-backprop.json, written by scripts/fixtures/conv_backprop.py).
import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/conv-backprop.json';
import {
  BACKPROP_INPUT,
  BACKPROP_KERNEL,
  BACKPROP_OUTPUT_GRADIENT,
  convGradients,
  gradientStep,
  rotate180,
} from '../../src/components/figures/how-cnns-learn/conv-backprop-model';

describe('conv backprop stepper', () => {
  it('uses the matrices the fixture was made with', () => {
    expect(BACKPROP_INPUT).toEqual(fixture.input);
    expect(BACKPROP_KERNEL).toEqual(fixture.kernel);
    expect(BACKPROP_OUTPUT_GRADIENT).toEqual(fixture.outputGradient);
  });

  it('computes the gradients autograd computes', () => {
    const g = convGradients(BACKPROP_INPUT, BACKPROP_KERNEL, BACKPROP_OUTPUT_GRADIENT);
    expect(g.weight).toEqual(fixture.weightGradient);
    expect(g.input).toEqual(fixture.inputGradient);
    expect(g.bias).toBe(fixture.biasGradient);
  });

  it('writes every entry as the sum of products it is', () => {
    const g = convGradients(BACKPROP_INPUT, BACKPROP_KERNEL, BACKPROP_OUTPUT_GRADIENT);
    for (const [kind, grid] of [
      ['weight', g.weight],
      ['input', g.input],
    ] as const) {
      grid.forEach((row, r) =>
        row.forEach((value, c) => {
          const step = gradientStep(kind, r, c);
          expect(step.value).toBe(value);
          expect(step.terms.reduce((sum, t) => sum + t.a * t.b, 0)).toBe(value);
          expect(
            step.products.endsWith(`= ${value < 0 ? '−' : ''}${Math.abs(value)}`) || step.products.endsWith(`= ${value}`),
          ).toBe(true);
        }),
      );
    }
  });

  it('counts the outputs each input pixel fed: 1 at a corner, 9 in the middle', () => {
    expect(gradientStep('input', 0, 0).terms).toHaveLength(1);
    expect(gradientStep('input', 2, 2).terms).toHaveLength(9);
    expect(gradientStep('weight', 0, 0).terms).toHaveLength(9);
  });

  it('rotates a kernel by 180 degrees', () => {
    expect(
      rotate180([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual([
      [4, 3],
      [2, 1],
    ]);
  });

  it('rejects an output gradient of the wrong size', () => {
    expect(() => convGradients(BACKPROP_INPUT, BACKPROP_KERNEL, [[1]])).toThrow(/δ must be 3 × 3/);
  });
});

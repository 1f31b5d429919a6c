// The stepper's numbers against PyTorch: F.conv2d of the chapter's 5 × 5 input
// with the X-shaped kernel prints tensor([[[[4., 3., 4.], [2., 4., 3.], [2., 3., 4.]]]])
// (torch 1.13, checked when this test was written).
import { describe, expect, it } from 'vitest';
import {
  STEPPER_INPUT,
  STEPPER_KERNEL,
  convolveMatrix,
  stepFrom,
  stepView,
} from '../../src/components/figures/convolution/conv-stepper-model';

describe('conv stepper', () => {
  it('computes the output PyTorch computes', () => {
    expect(convolveMatrix(STEPPER_INPUT, STEPPER_KERNEL)).toEqual([
      [4, 3, 4],
      [2, 4, 3],
      [2, 3, 4],
    ]);
  });

  it('explains output[0, 0] = 4 as a sum of nine products', () => {
    const v = stepView(STEPPER_INPUT, STEPPER_KERNEL, 0, 0);
    expect(v.value).toBe(4);
    expect(v.window).toEqual({ top: 0, left: 0, bottom: 2, right: 2 });
    expect(v.products).toBe('1·1 + 1·0 + 1·1 + 0·0 + 1·1 + 1·0 + 0·1 + 0·0 + 1·1 = 4');
    expect(v.sentence).toBe('Output[0, 0] = 4: the sum of 9 products of the window at rows 0–2, columns 0–2 with the kernel.');
    expect([v.index, v.count]).toEqual([0, 9]);
  });

  it('puts each kernel weight on its window cell', () => {
    const v = stepView(STEPPER_INPUT, STEPPER_KERNEL, 1, 2);
    expect(v.window).toEqual({ top: 1, left: 2, bottom: 3, right: 4 });
    expect(v.weightAt(1, 2)).toBe(1);
    expect(v.weightAt(1, 3)).toBe(0);
    expect(v.weightAt(2, 3)).toBe(1);
    expect(v.weightAt(0, 0)).toBeUndefined();
    expect(v.value).toBe(3);
    expect(v.index).toBe(5);
    expect(v.sentence).toContain('Output[1, 2] = 3');
    expect(v.sentence).toContain('rows 1–3, columns 2–4');
  });

  it('agrees with the full map at every position', () => {
    const out = convolveMatrix(STEPPER_INPUT, STEPPER_KERNEL);
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++) expect(stepView(STEPPER_INPUT, STEPPER_KERNEL, r, c).value).toBe(out[r]![c]);
  });

  it('steps in reading order and stops at the ends', () => {
    expect(stepFrom(0, 2, 1, 3, 3)).toEqual([1, 0]);
    expect(stepFrom(1, 0, -1, 3, 3)).toEqual([0, 2]);
    expect(stepFrom(0, 0, -1, 3, 3)).toEqual([0, 0]);
    expect(stepFrom(2, 2, 1, 3, 3)).toEqual([2, 2]);
  });

  it('handles other shapes (a non-square input, negative weights)', () => {
    const v = stepView(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [[1, -1]],
      1,
      1,
    );
    expect(v.value).toBe(-1);
    expect(v.products).toBe('5·1 + 6·(−1) = −1');
    expect(v.count).toBe(4);
    expect(v.sentence).toBe('Output[1, 1] = −1: the sum of 2 products of the window at row 1, columns 1–2 with the kernel.');
  });
});

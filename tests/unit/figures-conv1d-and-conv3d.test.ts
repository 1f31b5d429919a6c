// The view-models of "Beyond images: 1D and 3D convolutions": the 1D slider and the 3D volume figure.
import { describe, expect, it } from 'vitest';
import { KERNELS, SIGNAL, convolveSignal, slideView } from '../../src/components/figures/conv1d-and-conv3d/conv1d-slider-model';
import {
  C3D_CONV2_INPUT,
  C3D_CONV2_OUT,
  CLIP,
  MOTION_KERNEL,
  convolveClip,
  costOf2dAnd3d,
  volumeView,
} from '../../src/components/figures/conv1d-and-conv3d/conv3d-volume-model';

describe('the 1D slider', () => {
  it('computes y[i] = sum_j w[j] x[i + j] at every position (L - K + 1 of them)', () => {
    for (const { weights } of Object.values(KERNELS)) {
      const y = convolveSignal(SIGNAL, weights);
      expect(y).toHaveLength(SIGNAL.length - weights.length + 1);
      y.forEach((v, i) =>
        expect(v).toBeCloseTo(
          weights.reduce((s, w, j) => s + w * SIGNAL[i + j]!, 0),
          12,
        ),
      );
    }
  });

  it('the difference kernel is positive on the rise, negative on the fall, zero on the flat', () => {
    const y = convolveSignal(SIGNAL, KERNELS.difference.weights);
    expect(y[0]).toBe(0);
    expect(y[3]).toBe(1); // samples 3..5 cover the step 0 -> 1
    expect(Math.min(...y.slice(12))).toBeLessThan(0);
  });

  it('says where the kernel is and what it sums, and clamps the position', () => {
    const view = slideView(SIGNAL, KERNELS.difference, 3);
    expect([view.first, view.last, view.value, view.count]).toEqual([3, 5, 1, 18]);
    expect(view.products).toBe('(−1)·0 + 0·1 + 1·1 = 1');
    expect(view.sentence).toBe(
      'Output 3 of 0–17: the 3-sample kernel covers samples 3–5, so y[3] = 1. This kernel finds rises (positive) and falls (negative).',
    );
    expect(slideView(SIGNAL, KERNELS.spike, 99).position).toBe(17);
    expect(slideView(SIGNAL, KERNELS.spike, -4).position).toBe(0);
    // The spike at sample 9 stands out: the spike kernel's largest answer is centred on it.
    const spike = slideView(SIGNAL, KERNELS.spike, 0).output;
    expect(spike.indexOf(Math.max(...spike)) + 1).toBe(9);
  });
});

describe('the 3D volume figure', () => {
  it('convolves a 4x5x5 clip with a 3x3x3 kernel into 2x3x3, peaking where the motion matches', () => {
    const y = convolveClip();
    expect([y.length, y[0]!.length, y[0]![0]!.length]).toEqual([2, 3, 3]);
    // The dot is at (d, d) in frame d: the diagonal kernel meets it three times at output (d, d, d).
    expect(y[0]![0]![0]).toBe(3);
    expect(y[1]![1]![1]).toBe(3);
    const others = y.flat(2).filter((_, i) => i !== 0 && i !== 9 + 4);
    expect(Math.max(...others)).toBeLessThan(3);
  });

  it('shows the window of the chosen output and its non-zero products', () => {
    const view = volumeView(1, 1, 1);
    expect(view.value).toBe(3);
    expect(view.weightAt(1, 1, 1)).toBe(1);
    expect(view.weightAt(3, 3, 3)).toBe(1);
    expect(view.weightAt(1, 2, 1)).toBe(0);
    expect(view.weightAt(0, 1, 1)).toBeUndefined();
    expect(view.products).toBe('1·1 + 1·1 + 1·1 = 3 (the other 24 products are 0)');
    expect(view.sentence).toBe(
      'Output[1, 1, 1] = 3: the sum of 27 products of the kernel with frames 1–3, rows 1–3, columns 1–3.',
    );
    expect(CLIP).toHaveLength(4);
    expect(MOTION_KERNEL.flat(2).filter((w) => w === 1)).toHaveLength(3);
  });

  it('a 3x3x3 Conv3d has three times the parameters and MACs of a 3x3 Conv2d run on every frame', () => {
    const [c, frames, h, w] = C3D_CONV2_INPUT;
    const [two, three] = costOf2dAnd3d(C3D_CONV2_INPUT, C3D_CONV2_OUT);
    expect(two.params).toBe(C3D_CONV2_OUT * c * 9 + C3D_CONV2_OUT);
    expect(three.params).toBe(C3D_CONV2_OUT * c * 27 + C3D_CONV2_OUT);
    expect(two.macs).toBe(frames * h * w * C3D_CONV2_OUT * c * 9);
    expect(three.macs).toBe(3 * two.macs);
  });
});

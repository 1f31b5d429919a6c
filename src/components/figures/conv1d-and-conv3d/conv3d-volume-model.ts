// View-model of the 3-D convolution figure: a short clip (frames of a dot
// moving down and to the right), a 3×3×3 kernel that matches that motion, and
// for one output position the 3×3×3 window it reads. Values come from the
// engine's reference conv3d (PyTorch's F.conv3d); the cost of going from 2-D
// to 3-D from engine/arithmetic.

import { convCost } from '../../../engine/arithmetic/cost';
import { convNdCost } from '../../../engine/arithmetic/conv-nd';
import { formatDecimal } from '../../../engine/arithmetic/format';
import { conv3d } from '../../../engine/reference/conv-nd';

/** [D][H][W]: a frame per slice. */
export type Volume = number[][][];

export const FRAMES = 4;
export const SIZE = 5;

/** A 1-pixel dot moving one pixel down and right per frame, over a faint static diagonal in the other direction. */
export const CLIP: Volume = Array.from({ length: FRAMES }, (_, d) =>
  Array.from({ length: SIZE }, (_, h) =>
    Array.from({ length: SIZE }, (_, w) => (h === d && w === d ? 1 : h + w === SIZE - 1 ? 0.5 : 0)),
  ),
);

/** Weight 1 on the diagonal through time (t, t, t): "a dot at (h, w) in one frame and at (h+1, w+1) in the next". */
export const MOTION_KERNEL: Volume = Array.from({ length: 3 }, (_, t) =>
  Array.from({ length: 3 }, (_, h) => Array.from({ length: 3 }, (_, w) => (h === t && w === t ? 1 : 0))),
);

const flat = (v: Volume) => v.flat(2);

/** F.conv3d of the clip ([1, D, H, W]) with the kernel ([1, 1, 3, 3, 3]), no padding: [D−2][H−2][W−2]. */
export function convolveClip(clip: Volume = CLIP, kernel: Volume = MOTION_KERNEL): Volume {
  const [d, h, w] = [clip.length, clip[0]!.length, clip[0]![0]!.length];
  const [kd, kh, kw] = [kernel.length, kernel[0]!.length, kernel[0]![0]!.length];
  const y = conv3d({ shape: [1, d, h, w], data: flat(clip) }, { shape: [1, 1, kd, kh, kw], data: flat(kernel) });
  const [, od = 0, oh = 0, ow = 0] = y.shape;
  return Array.from({ length: od }, (_, a) =>
    Array.from({ length: oh }, (_, b) => Array.from(y.data.subarray((a * oh + b) * ow, (a * oh + b + 1) * ow))),
  );
}

export interface VolumeView {
  /** The selected output [frame, row, column]. */
  at: readonly [number, number, number];
  value: number;
  output: Volume;
  /** Whether input (frame, row, col) is in the window, and the weight it meets there. */
  weightAt: (frame: number, row: number, col: number) => number | undefined;
  /** The products that are not zero, e.g. "1·1 + 1·1 + 1·1 = 3" (the other 24 are 0). */
  products: string;
  sentence: string;
}

export function volumeView(d: number, h: number, w: number, clip: Volume = CLIP, kernel: Volume = MOTION_KERNEL): VolumeView {
  const output = convolveClip(clip, kernel);
  const value = output[d]![h]![w]!;
  const k = kernel.length;
  const terms: string[] = [];
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++)
      for (let c = 0; c < k; c++) {
        const x = clip[d + a]![h + b]![w + c]!;
        const wt = kernel[a]![b]![c]!;
        if (x * wt !== 0) terms.push(`${formatDecimal(wt)}·${formatDecimal(x)}`);
      }
  const zero = k ** 3 - terms.length;
  const products =
    terms.length === 0
      ? `all ${k ** 3} products are 0`
      : `${terms.join(' + ')} = ${formatDecimal(value)} (the other ${zero} products are 0)`;
  const inside = (i: number, lo: number) => i >= lo && i < lo + k;
  return {
    at: [d, h, w],
    value,
    output,
    weightAt: (f, r, c) => (inside(f, d) && inside(r, h) && inside(c, w) ? kernel[f - d]![r - h]![c - w] : undefined),
    products,
    sentence:
      `Output[${d}, ${h}, ${w}] = ${formatDecimal(value)}: the sum of ${k ** 3} products of the kernel with frames ` +
      `${d}–${d + k - 1}, rows ${h}–${h + k - 1}, columns ${w}–${w + k - 1}.`,
  };
}

export interface CostRow {
  layer: string;
  params: number;
  macs: number;
}

/**
 * A 3×3 Conv2d applied to every frame of a clip against a 3×3×3 Conv3d on the
 * clip, C_in -> C_out with padding 1 ([C, D, H, W] in, same size out).
 */
export function costOf2dAnd3d(input: readonly [number, number, number, number], outChannels: number): [CostRow, CostRow] {
  const [c, frames, h, w] = input;
  const per2d = convCost({ input: [c, h, w], outChannels, kernel: 3, padding: 1 });
  const as3d = convNdCost({ input, outChannels, kernel: [3, 3, 3], padding: 1 });
  return [
    { layer: 'Conv2d 3×3, on each frame', params: per2d.params.total, macs: per2d.macs * frames },
    { layer: 'Conv3d 3×3×3', params: as3d.params.total, macs: as3d.macs },
  ];
}

/** C3D's second convolution (Tran et al. 2015): 64 -> 128 channels on a 16-frame clip of 56×56 maps. */
export const C3D_CONV2_INPUT = [64, 16, 56, 56] as const;
export const C3D_CONV2_OUT = 128;

// Pooling on a real feature map: a synthetic image drawn in code, convolved
// with an edge kernel by the reference conv2d, passed through ReLU and pooled.
// Also the one-pixel shift that tests how invariant max pooling is.

import { formatDecimal } from '../../../engine/arithmetic/format';
import { avgPool2d, conv2d, makeTensor, map, maxPool2d, relu, type Tensor, type TensorLike } from '../../../engine/reference';
import { divergingRgba, grayscaleRgba, maxAbs, sequentialRgba } from '../kit/colors';
import type { CanvasImage } from '../kit/paint-canvas';

export type Shape = 'square' | 'cross';
export type EdgeKernel = 'vertical' | 'horizontal';
export type FeaturePool = 'max' | 'avg';

export const SIZE = 24;

export const SHAPE_LABELS: Readonly<Record<Shape, string>> = { square: 'Bright square', cross: 'Cross' };
export const KERNEL_LABELS: Readonly<Record<EdgeKernel, string>> = {
  vertical: 'Vertical edges (Sobel x)',
  horizontal: 'Horizontal edges (Sobel y)',
};
export const FEATURE_POOL_LABELS: Readonly<Record<FeaturePool, string>> = { max: 'Max pooling 2×2', avg: 'Average pooling 2×2' };

/** Sobel kernels: positive where the image gets brighter to the right (x) or downwards (y). */
export const KERNELS: Readonly<Record<EdgeKernel, readonly number[]>> = {
  vertical: [-1, 0, 1, -2, 0, 2, -1, 0, 1],
  horizontal: [-1, -2, -1, 0, 0, 0, 1, 2, 1],
};

/** A [1, 24, 24] image of 0s with a shape of 1s, drawn in code (nothing is downloaded). */
export function syntheticImage(shape: Shape): Tensor {
  const data = new Array<number>(SIZE * SIZE).fill(0);
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      const on =
        shape === 'square'
          ? r >= 8 && r <= 15 && c >= 8 && c <= 15
          : (r >= 10 && r <= 13 && c >= 4 && c <= 19) || (c >= 10 && c <= 13 && r >= 4 && r <= 19);
      if (on) data[r * SIZE + c] = 1;
    }
  }
  return makeTensor([1, SIZE, SIZE], data);
}

export interface FeatureStages {
  readonly image: Tensor;
  /** Conv output [1, 24, 24] (padding 1 keeps the size). */
  readonly edges: Tensor;
  readonly activated: Tensor;
  /** [1, 12, 12]. */
  readonly pooled: Tensor;
}

export function featureStages(shape: Shape, kernel: EdgeKernel, pool: FeaturePool): FeatureStages {
  const image = syntheticImage(shape);
  const edges = conv2d(image, makeTensor([1, 1, 3, 3], KERNELS[kernel]), { padding: 1 });
  const activated = map(edges, relu);
  const pooled = pool === 'max' ? maxPool2d(activated, { kernelSize: 2 }) : avgPool2d(activated, { kernelSize: 2 });
  return { image, edges, activated, pooled };
}

const count = (t: TensorLike, test: (v: number) => boolean) => Array.from(t.data).filter(test).length;
const largest = (t: TensorLike) => Math.max(...Array.from(t.data));
const smallest = (t: TensorLike) => Math.min(...Array.from(t.data));

export function describeStages(s: FeatureStages, kernel: EdgeKernel, pool: FeaturePool): string {
  const side = (t: TensorLike) => `${t.shape[1]}×${t.shape[2]}`;
  return (
    `The ${side(s.image)} image, convolved with the ${kernel}-edge kernel (padding 1), gives a ${side(s.edges)} map ` +
    `from ${formatDecimal(smallest(s.edges))} to ${formatDecimal(largest(s.edges))}, with ${count(s.edges, (v) => v > 0)} positive and ` +
    `${count(s.edges, (v) => v < 0)} negative values. ReLU keeps the ${count(s.activated, (v) => v > 0)} positive ones. ` +
    `${FEATURE_POOL_LABELS[pool]} gives ${side(s.pooled)}, ${count(s.pooled, (v) => v > 0)} of its ` +
    `${s.pooled.data.length} values non-zero, largest ${formatDecimal(largest(s.pooled))}.`
  );
}

/** A [..., H, W] map's last plane as canvas pixels, through a colour map. */
const picture = (t: TensorLike, rgba: (values: ArrayLike<number>) => Uint8ClampedArray<ArrayBuffer>): CanvasImage => ({
  height: t.shape[t.shape.length - 2] ?? 1,
  width: t.shape[t.shape.length - 1] ?? 1,
  rgba: rgba(t.data),
});

/**
 * The four stages as pictures: the image in gray, the signed edge map on the diverging
 * map, and ReLU and pooled maps on one viridis scale, so equal values look equal.
 */
export function stagePictures(s: FeatureStages): CanvasImage[] {
  const edgeScale = Math.max(1e-9, maxAbs(s.edges.data));
  const top = Math.max(1e-9, largest(s.activated));
  return [
    picture(s.image, grayscaleRgba),
    picture(s.edges, (v) => divergingRgba(v, edgeScale)),
    picture(s.activated, (v) => sequentialRgba(v, 0, top)),
    picture(s.pooled, (v) => sequentialRgba(v, 0, top)),
  ];
}

// ------------------------------------------------------------------ shifting

/** An 8×8 feature map with one blob of activity, away from the borders so a shift loses nothing. */
export const SHIFT_MAP: readonly (readonly number[])[] = [
  [0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 1, 3, 0, 0, 0, 0],
  [0, 0, 4, 9, 2, 0, 0, 0],
  [0, 0, 0, 5, 6, 0, 0, 0],
  [0, 0, 0, 0, 1, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0],
];

/** How far the figure lets the map move each way: the blob stays inside the 8×8 frame. */
export const MAX_SHIFT = 2;

/** The map moved by (dy, dx) pixels (down and right positive); zeros come in at the edges. */
export function shiftRows(rows: readonly (readonly number[])[], dy: number, dx: number): number[][] {
  return rows.map((row, r) => row.map((_, c) => rows[r - dy]?.[c - dx] ?? 0));
}

function maxPoolRows(rows: readonly (readonly number[])[]): number[][] {
  const h = rows.length;
  const w = rows[0]?.length ?? 0;
  const y = maxPool2d(makeTensor([h, w], rows.flat()), { kernelSize: 2 });
  const ow = y.shape[1] ?? 0;
  return Array.from({ length: y.shape[0] ?? 0 }, (_, r) => Array.from(y.data.slice(r * ow, (r + 1) * ow)));
}

export interface ShiftComparison {
  readonly shifted: number[][];
  readonly before: number[][];
  readonly after: number[][];
  /** "row,col" keys of pooled outputs that differ. */
  readonly changedOutputs: ReadonlySet<string>;
  readonly changedInputs: number;
  readonly inputs: number;
  readonly outputs: number;
}

/** Max-pools the map before and after a shift of (dy, dx) and counts what changed. */
export function compareShift(dy: number, dx: number, rows: readonly (readonly number[])[] = SHIFT_MAP): ShiftComparison {
  const shifted = shiftRows(rows, dy, dx);
  const before = maxPoolRows(rows);
  const after = maxPoolRows(shifted);
  const changedOutputs = new Set<string>();
  before.forEach((row, r) => row.forEach((v, c) => v !== after[r]?.[c] && changedOutputs.add(`${r},${c}`)));
  let changedInputs = 0;
  rows.forEach((row, r) => row.forEach((v, c) => v !== shifted[r]?.[c] && changedInputs++));
  return {
    shifted,
    before,
    after,
    changedOutputs,
    changedInputs,
    inputs: rows.length * (rows[0]?.length ?? 0),
    outputs: before.length * (before[0]?.length ?? 0),
  };
}

/** "1 pixel right and 2 pixels up", or "not shifted". */
export function shiftText(dy: number, dx: number): string {
  const part = (n: number, pos: string, neg: string) =>
    n === 0 ? '' : `${Math.abs(n)} pixel${Math.abs(n) === 1 ? '' : 's'} ${n > 0 ? pos : neg}`;
  const parts = [part(dx, 'right', 'left'), part(dy, 'down', 'up')].filter(Boolean);
  return parts.length ? `shifted ${parts.join(' and ')}` : 'not shifted';
}

export function describeShift(dy: number, dx: number, cmp: ShiftComparison): string {
  const where = shiftText(dy, dx);
  if (dy === 0 && dx === 0) return 'The map is not shifted: the pooled outputs before and after are the same.';
  return (
    `Map ${where}: ${cmp.changedInputs} of ${cmp.inputs} input values changed, ` +
    `${cmp.changedOutputs.size} of ${cmp.outputs} max-pooled outputs changed.`
  );
}

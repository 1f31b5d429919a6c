// The random choices of the augmentations, drawn in plain TypeScript from a
// seeded Random: which images to flip, where each crop starts, CutMix's box.
// No tfjs, so a figure can draw exactly what training draws; ../tf/augment.ts
// applies them to tensors.

import { randomInt, type Random } from './seeded-random';

function checkProbability(what: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${what}: p must be in [0, 1], got ${p}`);
}

/** For each image, whether to flip it: with probability p, as torch.rand(1) < p. */
export function drawFlips(batch: number, random: Random, p = 0.5): boolean[] {
  checkProbability('drawFlips', p);
  return Array.from({ length: batch }, () => random() < p);
}

/** Where the crop window starts in the padded image; each in 0..2·padding. */
export interface CropOffset {
  top: number;
  left: number;
}

export function checkPadding(what: string, padding: number): void {
  if (!Number.isInteger(padding) || padding < 0) throw new RangeError(`${what}: padding must be an integer >= 0, got ${padding}`);
}

/** A crop offset for each image, uniform over the 2·padding + 1 positions per axis, as torchvision draws them. */
export function drawCropOffsets(batch: number, random: Random, padding: number): CropOffset[] {
  checkPadding('drawCropOffsets', padding);
  return Array.from({ length: batch }, () => {
    const top = randomInt(random, 2 * padding + 1);
    const left = randomInt(random, 2 * padding + 1);
    return { top, left };
  });
}

/** A box of rows top..bottom-1 and columns left..right-1. */
export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** The fraction of an H×W image the box covers. */
export function boxArea(box: Box, height: number, width: number): number {
  return ((box.bottom - box.top) * (box.right - box.left)) / (height * width);
}

/**
 * torchvision v2.CutMix's box: a centre uniform over the pixels, half-sides
 * ⌊½·sqrt(1 - λ)·W⌋ and ⌊½·sqrt(1 - λ)·H⌋, clipped to the image. Its area is
 * about 1 - λ, less where it is clipped; the labels use the exact area.
 */
export function drawCutMixBox(height: number, width: number, lambda: number, random: Random): Box {
  const cx = randomInt(random, width);
  const cy = randomInt(random, height);
  const r = 0.5 * Math.sqrt(1 - lambda);
  const [halfW, halfH] = [Math.floor(r * width), Math.floor(r * height)];
  return {
    top: Math.max(cy - halfH, 0),
    left: Math.max(cx - halfW, 0),
    bottom: Math.min(cy + halfH, height),
    right: Math.min(cx + halfW, width),
  };
}

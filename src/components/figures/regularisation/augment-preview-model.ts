// View-model of the augmentation figure: a small batch of grayscale images
// before and after each of the engine's augmentations (RandomHorizontalFlip,
// RandomCrop with padding, mixup, CutMix), with a note per image saying what
// was drawn. The draws are the engine's own (reference/augment-draws and the
// seeded generator, consumed in the same order as tf/augment.ts), so with the
// same seed the figure shows exactly what a training batch gets; tests check
// the pixels against tf/augment.ts.

import { drawCropOffsets, drawCutMixBox, drawFlips, boxArea } from '../../../engine/reference/augment-draws';
import { beta, permutation, seededRandom } from '../../../engine/reference/seeded-random';

/** A grayscale image, row-major values in [0, 1]. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: readonly number[];
}

export type AugmentName = 'flip' | 'crop' | 'mixup' | 'cutmix';

export interface AugmentPreview {
  name: AugmentName;
  label: string;
  /** The torchvision call it follows. */
  torch: string;
  images: GrayImage[];
  /** What was drawn for each image, in words. */
  notes: string[];
}

export interface PreviewOptions {
  cropPadding?: number;
  mixupAlpha?: number;
  cutmixAlpha?: number;
}

function checkBatch(images: readonly GrayImage[]): [number, number] {
  const first = images[0];
  if (!first) throw new RangeError('augmentPreview: the batch is empty');
  for (const image of images) {
    if (image.width !== first.width || image.height !== first.height || image.pixels.length !== image.width * image.height) {
      throw new RangeError('augmentPreview: every image must have the same size and width × height pixels');
    }
  }
  return [first.height, first.width];
}

const image = (height: number, width: number, at: (y: number, x: number) => number): GrayImage => ({
  width,
  height,
  pixels: Array.from({ length: height * width }, (_, i) => at(Math.floor(i / width), i % width)),
});

const pixel = (img: GrayImage, y: number, x: number): number =>
  y < 0 || y >= img.height || x < 0 || x >= img.width ? 0 : img.pixels[y * img.width + x]!;

const fraction = (x: number) => x.toFixed(2);

/** Each augmentation applied to the batch, each with its own generator seeded by `seed`, as tf/augment.ts would draw. */
export function augmentPreview(images: readonly GrayImage[], seed: number, opts: PreviewOptions = {}): AugmentPreview[] {
  const [h, w] = checkBatch(images);
  const { cropPadding = 4, mixupAlpha = 0.4, cutmixAlpha = 1 } = opts;
  const b = images.length;

  const flips = drawFlips(b, seededRandom(seed), 0.5);
  const flip: AugmentPreview = {
    name: 'flip',
    label: 'Horizontal flip',
    torch: 'RandomHorizontalFlip()',
    images: images.map((img, i) => (flips[i] ? image(h, w, (y, x) => pixel(img, y, w - 1 - x)) : img)),
    notes: flips.map((f) => (f ? 'mirrored' : 'kept')),
  };

  const offsets = drawCropOffsets(b, seededRandom(seed), cropPadding);
  const crop: AugmentPreview = {
    name: 'crop',
    label: 'Random crop',
    torch: `RandomCrop(${h}, padding=${cropPadding})`,
    images: images.map((img, i) => image(h, w, (y, x) => pixel(img, y + offsets[i]!.top - cropPadding, x + offsets[i]!.left - cropPadding))),
    notes: offsets.map(({ top, left }) => `shifted ${top - cropPadding} down, ${left - cropPadding} right`),
  };

  // Mixup and CutMix both blend each image with its partner in a shuffled order of the batch.
  const mixedWith = (order: ArrayLike<number>, at: (img: GrayImage, partner: GrayImage, y: number, x: number) => number) =>
    images.map((img, i) => {
      const partner = images[order[i]!]!;
      return image(h, w, (y, x) => at(img, partner, y, x));
    });

  const mixRandom = seededRandom(seed);
  const lambda = beta(mixRandom, mixupAlpha, mixupAlpha);
  const mixOrder = permutation(b, mixRandom);
  const mixup: AugmentPreview = {
    name: 'mixup',
    label: 'Mixup',
    torch: `v2.MixUp(alpha=${mixupAlpha})`,
    images: mixedWith(mixOrder, (img, partner, y, x) => lambda * pixel(img, y, x) + (1 - lambda) * pixel(partner, y, x)),
    notes: images.map((_, i) => `${fraction(lambda)} of itself, ${fraction(1 - lambda)} of image ${mixOrder[i]! + 1}`),
  };

  const cutRandom = seededRandom(seed);
  const box = drawCutMixBox(h, w, beta(cutRandom, cutmixAlpha, cutmixAlpha), cutRandom);
  const cutOrder = permutation(b, cutRandom);
  const area = boxArea(box, h, w);
  const inBox = (y: number, x: number) => y >= box.top && y < box.bottom && x >= box.left && x < box.right;
  const cutmix: AugmentPreview = {
    name: 'cutmix',
    label: 'CutMix',
    torch: `v2.CutMix(alpha=${cutmixAlpha})`,
    images: mixedWith(cutOrder, (img, partner, y, x) => (inBox(y, x) ? pixel(partner, y, x) : pixel(img, y, x))),
    notes: images.map((_, i) => `a box of ${fraction(area)} of the area from image ${cutOrder[i]! + 1}`),
  };

  return [flip, crop, mixup, cutmix];
}

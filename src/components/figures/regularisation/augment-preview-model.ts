// View-model of the augmentation figure: a small batch of grayscale images
// before and after each of the engine's augmentations (RandomHorizontalFlip,
// RandomCrop with padding, mixup, CutMix), with what was drawn for each image
// in words. The draws are the engine's own (reference/augment-draws and the
// seeded generator, consumed in the same order as tf/augment.ts), so with the
// same seed the figure shows exactly what a training batch gets; tests check
// the pixels against tf/augment.ts.

import { drawCropOffsets, drawCutMixBox, drawFlips, boxArea, type Box } from '../../../engine/reference/augment-draws';
import { beta, permutation, seededRandom } from '../../../engine/reference/seeded-random';
import { formatDecimal, formatFixed } from '../../../engine/arithmetic/format';

/** A grayscale image, row-major values in [0, 1]. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: readonly number[];
}

export type AugmentName = 'flip' | 'crop' | 'mixup' | 'cutmix';

/** What was drawn for the batch: enough to say it in words and to mark it on the images. */
export type AugmentDraw =
  | { name: 'flip'; flips: boolean[] }
  /** How far each garment moved, in pixels (negative: up or left). */
  | { name: 'crop'; padding: number; moves: { down: number; right: number }[] }
  /** One λ for the batch; image i is mixed with image partners[i]. */
  | { name: 'mixup'; alpha: number; lambda: number; partners: number[] }
  /** The drawn λ sets the box; `area` is the pasted fraction, which weights the labels. */
  | { name: 'cutmix'; alpha: number; lambda: number; box: Box; area: number; partners: number[] };

export interface AugmentPreview {
  name: AugmentName;
  label: string;
  /** The torchvision call it follows. */
  torch: string;
  images: GrayImage[];
  draw: AugmentDraw;
  /** What was drawn for each image, in words. */
  notes: string[];
  /** The same, a few characters for under a small image. */
  marks: string[];
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

const fraction = (x: number) => formatFixed(x, 2);

/** "2 up, 3 left", "1 down", "not moved". */
export function moveInWords({ down, right }: { down: number; right: number }): string {
  const parts = [
    down !== 0 ? `${Math.abs(down)} ${down > 0 ? 'down' : 'up'}` : '',
    right !== 0 ? `${Math.abs(right)} ${right > 0 ? 'right' : 'left'}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'not moved';
}

function moveMark({ down, right }: { down: number; right: number }): string {
  const parts = [
    down !== 0 ? `${down > 0 ? '↓' : '↑'}${Math.abs(down)}` : '',
    right !== 0 ? `${right > 0 ? '→' : '←'}${Math.abs(right)}` : '',
  ];
  return parts.filter(Boolean).join(' ') || 'in place';
}

const partnerNote = (i: number, partner: number) => (partner === i ? 'itself' : `image ${partner + 1}`);
const partnerMark = (i: number, partner: number, what: string) => (partner === i ? 'itself' : `${what} ${partner + 1}`);

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
    draw: { name: 'flip', flips },
    notes: flips.map((f) => (f ? 'mirrored' : 'kept')),
    marks: flips.map((f) => (f ? 'mirrored' : 'kept')),
  };

  // The window starts `top` rows into the padded image, so the garment moves padding − top rows down.
  const offsets = drawCropOffsets(b, seededRandom(seed), cropPadding);
  const moves = offsets.map(({ top, left }) => ({ down: cropPadding - top, right: cropPadding - left }));
  const crop: AugmentPreview = {
    name: 'crop',
    label: 'Random crop',
    torch: `RandomCrop(${h}, padding=${cropPadding})`,
    images: images.map((img, i) =>
      image(h, w, (y, x) => pixel(img, y + offsets[i]!.top - cropPadding, x + offsets[i]!.left - cropPadding)),
    ),
    draw: { name: 'crop', padding: cropPadding, moves },
    notes: moves.map((m) => (m.down || m.right ? `moved ${moveInWords(m)}` : 'not moved')),
    marks: moves.map(moveMark),
  };

  // Mixup and CutMix both blend each image with its partner in a shuffled order of the batch.
  const mixedWith = (order: ArrayLike<number>, at: (img: GrayImage, partner: GrayImage, y: number, x: number) => number) =>
    images.map((img, i) => {
      const partner = images[order[i]!]!;
      return image(h, w, (y, x) => at(img, partner, y, x));
    });

  const mixRandom = seededRandom(seed);
  const lambda = beta(mixRandom, mixupAlpha, mixupAlpha);
  const mixOrder = Array.from(permutation(b, mixRandom));
  const mixup: AugmentPreview = {
    name: 'mixup',
    label: 'Mixup',
    torch: `v2.MixUp(alpha=${formatDecimal(mixupAlpha)})`,
    images: mixedWith(mixOrder, (img, partner, y, x) => lambda * pixel(img, y, x) + (1 - lambda) * pixel(partner, y, x)),
    draw: { name: 'mixup', alpha: mixupAlpha, lambda, partners: mixOrder },
    notes: mixOrder.map((p, i) =>
      p === i ? 'mixed with itself: unchanged' : `${fraction(lambda)} of itself, ${fraction(1 - lambda)} of image ${p + 1}`,
    ),
    marks: mixOrder.map((p, i) => partnerMark(i, p, 'with')),
  };

  const cutRandom = seededRandom(seed);
  const cutLambda = beta(cutRandom, cutmixAlpha, cutmixAlpha);
  const box = drawCutMixBox(h, w, cutLambda, cutRandom);
  const cutOrder = Array.from(permutation(b, cutRandom));
  const area = boxArea(box, h, w);
  const inBox = (y: number, x: number) => y >= box.top && y < box.bottom && x >= box.left && x < box.right;
  const cutmix: AugmentPreview = {
    name: 'cutmix',
    label: 'CutMix',
    torch: `v2.CutMix(alpha=${formatDecimal(cutmixAlpha)})`,
    images: mixedWith(cutOrder, (img, partner, y, x) => (inBox(y, x) ? pixel(partner, y, x) : pixel(img, y, x))),
    draw: { name: 'cutmix', alpha: cutmixAlpha, lambda: cutLambda, box, area, partners: cutOrder },
    notes: cutOrder.map((p, i) =>
      area === 0 ? 'nothing pasted' : `a box of ${fraction(area)} of the area from ${partnerNote(i, p)}`,
    ),
    marks: cutOrder.map((p, i) => (area === 0 ? 'as it was' : partnerMark(i, p, 'from'))),
  };

  return [flip, crop, mixup, cutmix];
}

/** An image's label after mixing: `own` weighted by `weight`, its partner's by 1 − weight. */
export function mixedLabel(own: string, partner: string, weight: number): string {
  return own === partner ? own : `${fraction(weight)} ${own} + ${fraction(1 - weight)} ${partner}`;
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The figure's live sentence: what was drawn for the batch shown, and what
 * happens to the labels. `classes[i]` is image i's class name.
 */
export function describePreview(preview: AugmentPreview, drawNumber: number, classes: readonly string[]): string {
  const d = preview.draw;
  const n = preview.images.length;
  const head = `Draw ${drawNumber}`;
  const firstMix = (partners: readonly number[], weight: number) => {
    const p = partners[0]!;
    const pair = p === 0 ? 'paired with itself' : `paired with image ${p + 1}`;
    return `image 1 (${pair}) is now labelled ${mixedLabel(classes[0]!, classes[p]!, weight)}`;
  };
  switch (d.name) {
    case 'flip': {
      const mirrored = d.flips.flatMap((f, i) => (f ? [String(i + 1)] : []));
      const which =
        mirrored.length === 0
          ? `no image mirrored`
          : mirrored.length === n
            ? `all ${n} images mirrored`
            : `${mirrored.length === 1 ? 'image' : 'images'} ${listInWords(mirrored)} mirrored, the other ${n - mirrored.length} kept`;
      return `${head}: ${which}, each with probability ½. A mirrored garment is still the same garment, so the labels stay.`;
    }
    case 'crop': {
      if (d.padding === 0) return `${head}, padding 0: the only 28 × 28 window is the image itself, so nothing moves.`;
      const moves = d.moves.map((m, i) => `image ${i + 1}: ${moveInWords(m)}`);
      return `${head}, padding ${d.padding}: each image padded with ${d.padding} zeros on every side, then a random window cut out, so its garment moves up to ${d.padding} pixels each way: ${moves.join('; ')}. The labels stay.`;
    }
    case 'mixup':
      return `${head}, α = ${formatDecimal(d.alpha)}: λ = ${fraction(d.lambda)}, one draw for the whole batch, so each image is ${fraction(d.lambda)} of itself and ${fraction(1 - d.lambda)} of its partner, and its label the same mix: ${firstMix(d.partners, d.lambda)}.`;
    case 'cutmix': {
      const { box, area } = d;
      if (area === 0)
        return `${head}, α = ${formatDecimal(d.alpha)}: λ = ${fraction(d.lambda)} gave a box too small to hold a pixel, so nothing was pasted and the labels stay.`;
      const size = `${box.bottom - box.top} × ${box.right - box.left}`;
      return `${head}, α = ${formatDecimal(d.alpha)}: λ = ${fraction(d.lambda)} set a ${size} box (rows ${box.top}–${box.bottom - 1}, columns ${box.left}–${box.right - 1}), the same for the whole batch, filled from each image's partner. It covers ${fraction(area)} of the image, so each label is ${fraction(1 - area)} its own and ${fraction(area)} its partner's: ${firstMix(d.partners, 1 - area)}.`;
    }
  }
}

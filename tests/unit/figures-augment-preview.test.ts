// The augmentation figure shows what training does: its pixels equal those of
// the engine's on-device augmentations (tf/augment.ts) for the same batch and seed.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { cutmix, mixup, randomCrop, randomHorizontalFlip } from '../../src/engine/tf/augment';
import { seededRandom } from '../../src/engine/reference/seeded-random';
import {
  augmentPreview,
  describePreview,
  mixedLabel,
  type GrayImage,
} from '../../src/components/figures/regularisation/augment-preview-model';

const [B, H, W] = [5, 6, 7];
const random = seededRandom(42);
const batch: GrayImage[] = Array.from({ length: B }, () => ({
  width: W,
  height: H,
  pixels: Array.from({ length: H * W }, () => random()),
}));
const SEED = 1;
const OPTIONS = { cropPadding: 2, mixupAlpha: 0.4, cutmixAlpha: 1 };

function asTensor(images: readonly GrayImage[]): tf.Tensor4D {
  return tf.tensor4d(
    images.flatMap((img) => [...img.pixels]),
    [images.length, H, W, 1],
  );
}

function expectSame(shown: readonly GrayImage[], computed: tf.Tensor4D): void {
  const values = computed.dataSync();
  shown.forEach((img, i) => img.pixels.forEach((v, k) => expect(v).toBeCloseTo(values[i * H * W + k]!, 6)));
  computed.dispose();
}

describe('augmentation preview', () => {
  const previews = augmentPreview(batch, SEED, OPTIONS);
  const byName = Object.fromEntries(previews.map((p) => [p.name, p]));
  const x = asTensor(batch);
  const labels = tf.tensor1d([0, 1, 2, 3, 4], 'int32');

  it('flips the images tf/augment flips', () => {
    expect(byName.flip!.notes).toContain('mirrored');
    expectSame(byName.flip!.images, randomHorizontalFlip(x, seededRandom(SEED)));
  });

  it('crops where tf/augment crops', () =>
    expectSame(byName.crop!.images, randomCrop(x, seededRandom(SEED), OPTIONS.cropPadding)));

  it('mixes as tf/augment mixes', () => {
    const mixed = mixup(x, labels, seededRandom(SEED), { alpha: OPTIONS.mixupAlpha, classes: B });
    mixed.labels.dispose();
    expectSame(byName.mixup!.images, mixed.images);
  });

  it('pastes the box tf/augment pastes', () => {
    const mixed = cutmix(x, labels, seededRandom(SEED), { alpha: OPTIONS.cutmixAlpha, classes: B });
    mixed.labels.dispose();
    expectSame(byName.cutmix!.images, mixed.images);
    expect(byName.cutmix!.notes[0]).toContain(mixed.area.toFixed(2));
  });

  it('says what it drew for every image', () => {
    for (const p of previews) {
      expect(p.notes).toHaveLength(B);
      expect(p.marks).toHaveLength(B);
    }
  });

  it('says which way each garment moved, and it moved that way', () => {
    const crop = byName.crop!;
    if (crop.draw.name !== 'crop') throw new Error('not the crop');
    expect(crop.draw.moves.some((m) => m.down !== 0 || m.right !== 0)).toBe(true);
    crop.draw.moves.forEach(({ down, right }, i) => {
      expect(Math.abs(down)).toBeLessThanOrEqual(OPTIONS.cropPadding);
      expect(Math.abs(right)).toBeLessThanOrEqual(OPTIONS.cropPadding);
      const words = crop.notes[i]!;
      if (down > 0) expect(words).toContain(`${down} down`);
      if (down < 0) expect(words).toContain(`${-down} up`);
      if (right > 0) expect(words).toContain(`${right} right`);
      if (right < 0) expect(words).toContain(`${-right} left`);
      // The pixel at (y, x) is found at (y + down, x + right) after the crop.
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const [ty, tx] = [y + down, x + right];
          if (ty >= 0 && ty < H && tx >= 0 && tx < W)
            expect(crop.images[i]!.pixels[ty * W + tx]).toBe(batch[i]!.pixels[y * W + x]);
        }
      }
    });
  });

  const CLASSES = ['coat', 'bag', 'shirt', 'dress', 'sandal'];
  const mirror = (img: GrayImage) => img.pixels.map((_, k) => img.pixels[Math.floor(k / W) * W + (W - 1 - (k % W))]!);

  it('names exactly the images it mirrored', () => {
    const sentence = describePreview(byName.flip!, 3, CLASSES);
    const mirrored = batch.flatMap((img, i) =>
      byName.flip!.images[i]!.pixels.every((v, k) => v === mirror(img)[k]) ? [i + 1] : [],
    );
    expect(mirrored.length).toBeGreaterThan(0);
    expect(mirrored.length).toBeLessThan(B);
    expect(sentence).toMatch(/^Draw 3: images? /);
    const named = sentence.slice(0, sentence.indexOf(' mirrored')).match(/\d+/g)!.slice(1).map(Number);
    expect(named).toEqual(mirrored);
    expect(sentence).toContain(`the other ${B - mirrored.length} kept`);
  });

  it("states mixup's λ and the first image's label mix as tf/augment mixes them", () => {
    const mixed = mixup(x, labels, seededRandom(SEED), { alpha: OPTIONS.mixupAlpha, classes: B });
    const soft = mixed.labels.arraySync();
    mixed.images.dispose();
    mixed.labels.dispose();
    const sentence = describePreview(byName.mixup!, 1, CLASSES);
    expect(sentence).toContain(`λ = ${mixed.lambda.toFixed(2)}`);
    const partner = mixed.permutation[0]!;
    const own = soft[0]![0]!;
    expect(own).toBeLessThan(1);
    expect(sentence).toContain(
      `image 1 (paired with image ${partner + 1}) is now labelled ${own.toFixed(2)} coat + ${soft[0]![partner]!.toFixed(2)} ${CLASSES[partner]}`,
    );
  });

  it("states CutMix's box and label weights as tf/augment pastes them", () => {
    const mixed = cutmix(x, labels, seededRandom(SEED), { alpha: OPTIONS.cutmixAlpha, classes: B });
    const soft = mixed.labels.arraySync();
    mixed.images.dispose();
    mixed.labels.dispose();
    const { box } = mixed;
    const sentence = describePreview(byName.cutmix!, 1, CLASSES);
    expect(mixed.area).toBeGreaterThan(0);
    expect(sentence).toContain(
      `${box.bottom - box.top} × ${box.right - box.left} box (rows ${box.top}–${box.bottom - 1}, columns ${box.left}–${box.right - 1})`,
    );
    expect(sentence).toContain(`covers ${mixed.area.toFixed(2)} of the image`);
    const partner = mixed.permutation[0]!;
    expect(sentence).toContain(`labelled ${soft[0]![0]!.toFixed(2)} coat + ${soft[0]![partner]!.toFixed(2)} ${CLASSES[partner]}`);
  });

  it('lists every move the crop drew, and none with no padding', () => {
    const sentence = describePreview(byName.crop!, 1, CLASSES);
    expect(sentence.match(/image \d+: /g)).toHaveLength(B);
    const [still] = augmentPreview(batch, SEED, { cropPadding: 0 }).filter((p) => p.name === 'crop');
    expect(still!.images.map((i) => i.pixels)).toEqual(batch.map((i) => i.pixels));
    expect(describePreview(still!, 1, CLASSES)).toContain('nothing moves');
  });

  it('gives one label to an image mixed with its own class', () => {
    expect(mixedLabel('bag', 'bag', 0.7)).toBe('bag');
    expect(mixedLabel('bag', 'coat', 0.7)).toBe('0.70 bag + 0.30 coat');
  });

  it('rejects an empty batch', () => {
    expect(() => augmentPreview([], 1)).toThrow(/empty/);
  });
});

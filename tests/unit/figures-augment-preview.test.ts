// The augmentation figure shows what training does: its pixels equal those of
// the engine's on-device augmentations (tf/augment.ts) for the same batch and seed.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { cutmix, mixup, randomCrop, randomHorizontalFlip } from '../../src/engine/tf/augment';
import { seededRandom } from '../../src/engine/reference/seeded-random';
import { augmentPreview, type GrayImage } from '../../src/components/figures/regularisation/augment-preview-model';

const [B, H, W] = [5, 6, 7];
const random = seededRandom(42);
const batch: GrayImage[] = Array.from({ length: B }, () => ({ width: W, height: H, pixels: Array.from({ length: H * W }, () => random()) }));
const SEED = 1;
const OPTIONS = { cropPadding: 2, mixupAlpha: 0.4, cutmixAlpha: 1 };

function asTensor(images: readonly GrayImage[]): tf.Tensor4D {
  return tf.tensor4d(images.flatMap((img) => [...img.pixels]), [images.length, H, W, 1]);
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

  it('crops where tf/augment crops', () => expectSame(byName.crop!.images, randomCrop(x, seededRandom(SEED), OPTIONS.cropPadding)));

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
    for (const p of previews) expect(p.notes).toHaveLength(B);
    expect(byName.crop!.notes.every((n) => /^shifted -?\d down, -?\d right$/.test(n))).toBe(true);
  });

  it('rejects an empty batch', () => {
    expect(() => augmentPreview([], 1)).toThrow(/empty/);
  });
});

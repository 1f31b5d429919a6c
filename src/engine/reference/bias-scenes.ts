// Cows and camels pasted on grass and dune backgrounds, in plain TypeScript on
// raw bytes (public/data/bias/assets.u8, made by scripts/prepare-bias.py): the
// same seeded scenes come out in the worker, on the page (the chapter's
// figure) and in Node (tests), with no canvas anywhere.
//
// `bias` is the fraction of each class on its usual background (cow on grass,
// camel on dune); the rest sit on the other one. A model that learns the
// background instead of the animal is right on that fraction and wrong on the rest.

import type { LabelledImages } from '../contract/images.ts';
import { deriveSeed, permutation, randomInt, seededRandom, type Random } from './seeded-random.ts';

export interface SceneSprite {
  name: string;
  /** Index into `classes`. */
  classIndex: number;
  width: number;
  height: number;
  /** RGBA, row-major, not premultiplied. */
  rgba: Uint8Array;
}

export interface SceneBackground {
  name: string;
  width: number;
  height: number;
  /** RGB, row-major. */
  rgb: Uint8Array;
}

export interface SceneAssets {
  classes: string[];
  backgrounds: SceneBackground[];
  sprites: SceneSprite[];
  /** For each class, the index of its usual background. */
  usualBackground: number[];
}

/** Scenes as RGB bytes, `channels` 3, plus which background each one got. */
export interface Scenes extends LabelledImages {
  channels: 3;
  /** Index into the assets' backgrounds, one per image. */
  backgrounds: Uint8Array;
  /** 1 where the image sits on its class's usual background. */
  usual: Uint8Array;
  /** 1 where the animal covers at least half of a pixel, `count * height * width` bytes: where it is, for measuring heatmaps. */
  masks: Uint8Array;
}

export interface SceneOptions {
  count: number;
  /** Fraction of each class on its usual background, 0..1. */
  bias: number;
  seed: number;
  /** Side of the square image in pixels (default 32). */
  size?: number;
}

export const DEFAULT_SCENE_SIZE = 32;
/** The animal's long side, as a fraction of the image's side: drawn uniformly between these. */
export const ANIMAL_SIZE = { min: 0.45, max: 0.7 } as const;
const MIN_ANIMAL = ANIMAL_SIZE.min;
const MAX_ANIMAL = ANIMAL_SIZE.max;

interface ManifestImage {
  name: string;
  width: number;
  height: number;
  offset: number;
}

interface SceneManifest {
  bytes: number;
  classes: string[];
  backgrounds: string[];
  usualBackground: Record<string, string>;
  sprites: (ManifestImage & { class: string })[];
  backgroundImages: ManifestImage[];
}

/** Reads manifest.json and assets.u8 into images; throws, naming what is wrong, on a mismatch. */
export function parseSceneAssets(manifestJson: unknown, bytes: Uint8Array): SceneAssets {
  const m = manifestJson as Partial<SceneManifest>;
  const bad = (why: string) =>
    new Error(`The bias-scene assets do not fit their manifest (${why}); run scripts/prepare-bias.py again.`);
  if (
    !m ||
    !Array.isArray(m.classes) ||
    !Array.isArray(m.backgrounds) ||
    !Array.isArray(m.sprites) ||
    !Array.isArray(m.backgroundImages)
  ) {
    throw bad('manifest incomplete');
  }
  if (m.bytes !== bytes.length) throw bad(`${bytes.length} bytes, manifest says ${String(m.bytes)}`);
  const slice = (img: ManifestImage, channels: number) => {
    const end = img.offset + img.width * img.height * channels;
    if (!(img.offset >= 0 && end <= bytes.length)) throw bad(`${img.name} lies outside the file`);
    return bytes.subarray(img.offset, end);
  };
  const classes = m.classes;
  const backgroundNames = m.backgrounds;
  const sprites = m.sprites.map((s) => {
    const classIndex = classes.indexOf(s.class);
    if (classIndex < 0) throw bad(`sprite ${s.name} has unknown class ${s.class}`);
    return { name: s.name, classIndex, width: s.width, height: s.height, rgba: slice(s, 4) };
  });
  const backgrounds = backgroundNames.map((name) => {
    const img = m.backgroundImages!.find((b) => b.name === name);
    if (!img) throw bad(`no image for background ${name}`);
    return { name, width: img.width, height: img.height, rgb: slice(img, 3) };
  });
  const usualBackground = classes.map((c) => {
    const b = backgroundNames.indexOf(m.usualBackground?.[c] ?? '');
    if (b < 0) throw bad(`no usual background for ${c}`);
    return b;
  });
  for (let c = 0; c < classes.length; c++) {
    if (!sprites.some((s) => s.classIndex === c)) throw bad(`no sprite of class ${classes[c]}`);
  }
  return { classes, backgrounds, sprites, usualBackground };
}

/** How many images of each class sit on their usual background: round(bias · per-class count). */
export function usualCount(perClass: number, bias: number): number {
  return Math.round(bias * perClass);
}

/**
 * `count` seeded scenes, classes as equal as a count allows (class c gets
 * floor or ceil of count / classes), exactly `usualCount` of each class on its
 * usual background, in a shuffled order. Each scene: a random window of the
 * background (maybe mirrored), one animal of its class at a random size,
 * place and facing.
 */
export function composeScenes(assets: SceneAssets, opts: SceneOptions): Scenes {
  const { count, bias, seed } = opts;
  const size = opts.size ?? DEFAULT_SCENE_SIZE;
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`composeScenes: count must be a whole number, 0 or more; got ${String(count)}.`);
  if (!(bias >= 0 && bias <= 1)) throw new Error(`composeScenes: bias must be between 0 and 1; got ${String(bias)}.`);
  if (!Number.isInteger(size) || size < 8)
    throw new Error(`composeScenes: size must be a whole number of at least 8 pixels; got ${String(size)}.`);
  const tooSmall = assets.backgrounds.find((b) => b.width < size || b.height < size);
  if (tooSmall)
    throw new Error(
      `composeScenes: the ${tooSmall.name} background (${tooSmall.width}×${tooSmall.height}) is smaller than ${size}×${size}.`,
    );

  const classes = assets.classes.length;
  const other = (b: number) => (b + 1) % assets.backgrounds.length;
  // Label and background of each image before shuffling: class-major, usual first.
  const plan: { label: number; background: number; usual: boolean }[] = [];
  for (let c = 0; c < classes; c++) {
    const n = Math.floor(count / classes) + (c < count % classes ? 1 : 0);
    const onUsual = usualCount(n, bias);
    for (let k = 0; k < n; k++) {
      const usual = k < onUsual;
      plan.push({ label: c, background: usual ? assets.usualBackground[c]! : other(assets.usualBackground[c]!), usual });
    }
  }
  const order = permutation(count, seededRandom(deriveSeed(seed, 0)));
  const random = seededRandom(deriveSeed(seed, 1));

  const pixels = size * size * 3;
  const images = new Uint8Array(count * pixels);
  const labels = new Uint8Array(count);
  const backgrounds = new Uint8Array(count);
  const usual = new Uint8Array(count);
  const masks = new Uint8Array(count * size * size);
  for (let i = 0; i < count; i++) {
    const p = plan[order[i]!]!;
    labels[i] = p.label;
    backgrounds[i] = p.background;
    usual[i] = p.usual ? 1 : 0;
    const out = images.subarray(i * pixels, (i + 1) * pixels);
    paintBackground(out, size, assets.backgrounds[p.background]!, random);
    const sprites = assets.sprites.filter((s) => s.classIndex === p.label);
    const mask = masks.subarray(i * size * size, (i + 1) * size * size);
    pasteSprite(out, mask, size, sprites[randomInt(random, sprites.length)]!, random);
  }
  return { images, labels, count, height: size, width: size, channels: 3, backgrounds, usual, masks };
}

function paintBackground(out: Uint8Array, size: number, bg: SceneBackground, random: Random): void {
  const x0 = randomInt(random, bg.width - size + 1);
  const y0 = randomInt(random, bg.height - size + 1);
  const mirror = random() < 0.5;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = x0 + (mirror ? size - 1 - x : x);
      const s = ((y0 + y) * bg.width + sx) * 3;
      const o = (y * size + x) * 3;
      out[o] = bg.rgb[s]!;
      out[o + 1] = bg.rgb[s + 1]!;
      out[o + 2] = bg.rgb[s + 2]!;
    }
  }
}

/** Supersampling per axis when shrinking a sprite: 3×3 samples a pixel smooth its edges enough at these sizes. */
const SUBSAMPLES = 3;

function pasteSprite(out: Uint8Array, mask: Uint8Array, size: number, sprite: SceneSprite, random: Random): void {
  const long = Math.round(size * (MIN_ANIMAL + (MAX_ANIMAL - MIN_ANIMAL) * random()));
  const scale = long / Math.max(sprite.width, sprite.height);
  const w = Math.max(1, Math.round(sprite.width * scale));
  const h = Math.max(1, Math.round(sprite.height * scale));
  const left = randomInt(random, size - w + 1);
  const top = randomInt(random, size - h + 1);
  const mirror = random() < 0.5;
  const n = SUBSAMPLES * SUBSAMPLES;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Premultiplied average of the source points under this target pixel.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUBSAMPLES; sy++) {
        const v = Math.min(sprite.height - 1, Math.floor(((y + (sy + 0.5) / SUBSAMPLES) * sprite.height) / h));
        for (let sx = 0; sx < SUBSAMPLES; sx++) {
          let u = Math.min(sprite.width - 1, Math.floor(((x + (sx + 0.5) / SUBSAMPLES) * sprite.width) / w));
          if (mirror) u = sprite.width - 1 - u;
          const s = (v * sprite.width + u) * 4;
          const alpha = sprite.rgba[s + 3]! / 255;
          r += sprite.rgba[s]! * alpha;
          g += sprite.rgba[s + 1]! * alpha;
          b += sprite.rgba[s + 2]! * alpha;
          a += alpha;
        }
      }
      if (a === 0) continue;
      const coverage = a / n;
      if (coverage >= 0.5) mask[(top + y) * size + left + x] = 1;
      const o = ((top + y) * size + left + x) * 3;
      out[o] = Math.round(r / n + out[o]! * (1 - coverage));
      out[o + 1] = Math.round(g / n + out[o + 1]! * (1 - coverage));
      out[o + 2] = Math.round(b / n + out[o + 2]! * (1 - coverage));
    }
  }
}

/** Image `index` of RGB scenes as an RGBA tile (opaque), for show.images and the figure. */
export function sceneRgba(scenes: Pick<Scenes, 'images' | 'height' | 'width'>, index: number): Uint8ClampedArray {
  const pixels = scenes.height * scenes.width;
  const rgba = new Uint8ClampedArray(pixels * 4);
  const src = scenes.images.subarray(index * pixels * 3, (index + 1) * pixels * 3);
  for (let p = 0; p < pixels; p++) {
    rgba[p * 4] = src[p * 3]!;
    rgba[p * 4 + 1] = src[p * 3 + 1]!;
    rgba[p * 4 + 2] = src[p * 3 + 2]!;
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}

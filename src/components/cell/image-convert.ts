// Turning a reader's picture into what a model takes, as pure functions on
// RGBA bytes (the page decodes with a canvas and calls these; tests call them
// directly): refuse what is not an image or too large, centre-crop to the
// model's aspect, average down to its size, flatten transparency onto white,
// grayscale, and for models trained on light objects on black (Fashion-MNIST)
// invert a picture whose border is light, then stretch its contrast.
import { INPUT_LIMITS, type ImageRequest } from '../../engine/contract';
import { formatCount } from '../../engine/arithmetic/format';

export type InvertChoice = 'auto' | 'invert' | 'keep';

const MB = 1024 * 1024;

/** A sentence saying why this file cannot be used, or null when it may be decoded. */
export function checkImageFile(file: { name: string; size: number; type: string }): string | null {
  const name = file.name || 'The file';
  if (file.type && !file.type.startsWith('image/')) {
    return `${name} is not an image (its type is ${file.type}); choose a photo or picture file (PNG, JPEG, WebP, GIF).`;
  }
  if (file.size > INPUT_LIMITS.imageBytes) {
    return `${name} is ${(file.size / MB).toFixed(1)} MB; images up to ${INPUT_LIMITS.imageBytes / MB} MB are accepted.`;
  }
  if (file.size === 0) return `${name} is empty.`;
  return null;
}

/** A sentence saying why decoded pixels of this size cannot be used, or null. */
export function checkImageSize(width: number, height: number, name = 'The image'): string | null {
  if (width < 1 || height < 1) return `${name} has no pixels.`;
  const pixels = width * height;
  if (pixels > INPUT_LIMITS.imagePixels) {
    return `${name} is ${formatCount(width)} × ${formatCount(height)} pixels (${(pixels / 1e6).toFixed(0)} megapixels); images up to ${INPUT_LIMITS.imagePixels / 1e6} megapixels are accepted.`;
  }
  return null;
}

/** The largest centred window of the source with the target's aspect ratio. */
export function centreCrop(
  sourceWidth: number,
  sourceHeight: number,
  targetWidth: number,
  targetHeight: number,
): { x: number; y: number; width: number; height: number } {
  const aspect = targetWidth / targetHeight;
  let width = sourceWidth;
  let height = Math.round(sourceWidth / aspect);
  if (height > sourceHeight) {
    height = sourceHeight;
    width = Math.round(sourceHeight * aspect);
  }
  width = Math.max(1, Math.min(sourceWidth, width));
  height = Math.max(1, Math.min(sourceHeight, height));
  return { x: Math.floor((sourceWidth - width) / 2), y: Math.floor((sourceHeight - height) / 2), width, height };
}

/**
 * Area averaging (what PIL's Image.resize with BOX does): each output pixel is
 * the mean of the source pixels it covers, partly covered ones weighted by
 * the part. Unlike sampling, a thin line still shows at 28 × 28. RGBA in, RGBA out.
 */
export function resizeArea(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Uint8ClampedArray {
  // Weights of each source index for each output index, along one axis.
  const spans = (from: number, to: number) => {
    const scale = from / to;
    return Array.from({ length: to }, (_, o) => {
      const start = o * scale;
      const end = (o + 1) * scale;
      const parts: [number, number][] = [];
      for (let i = Math.floor(start); i < Math.min(from, Math.ceil(end)); i++) {
        const w = Math.min(end, i + 1) - Math.max(start, i);
        if (w > 1e-9) parts.push([i, w]);
      }
      return parts;
    });
  };
  const xs = spans(width, outWidth);
  const ys = spans(height, outHeight);
  const out = new Uint8ClampedArray(outWidth * outHeight * 4);
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      const sum = [0, 0, 0, 0];
      let total = 0;
      for (const [y, wy] of ys[oy]!) {
        for (const [x, wx] of xs[ox]!) {
          const w = wx * wy;
          const i = (y * width + x) * 4;
          for (let c = 0; c < 4; c++) sum[c]! += w * rgba[i + c]!;
          total += w;
        }
      }
      const o = (oy * outWidth + ox) * 4;
      for (let c = 0; c < 4; c++) out[o + c] = Math.round(sum[c]! / total);
    }
  }
  return out;
}

/** Transparent parts shown on white, as a browser shows them, then opaque. */
export function flattenOnWhite(rgba: ArrayLike<number>): Uint8ClampedArray {
  const out = new Uint8ClampedArray(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3]! / 255;
    for (let c = 0; c < 3; c++) out[i + c] = Math.round(rgba[i + c]! * a + 255 * (1 - a));
    out[i + 3] = 255;
  }
  return out;
}

/** Luma with ITU-R BT.601's weights (PIL's convert('L')): 0.299 R + 0.587 G + 0.114 B. */
export function toGray(rgba: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < out.length; i++)
    out[i] = Math.round(0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!);
  return out;
}

/** The mean of the outermost ring of pixels: a light border means a light background. */
export function borderMean(gray: ArrayLike<number>, width: number, height: number): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y !== 0 && y !== height - 1 && x !== 0 && x !== width - 1) continue;
      sum += gray[y * width + x]!;
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

/** Stretches the values to 0..255 (darkest to 0, lightest to 255), as Fashion-MNIST's images are. */
export function stretchContrast(gray: Uint8Array): Uint8Array {
  let lo = 255;
  let hi = 0;
  for (const v of gray) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi - lo < 1) return gray.slice();
  return gray.map((v) => Math.round(((v - lo) * 255) / (hi - lo)));
}

export interface Converted {
  /** `height * width * channels` bytes, channels last. */
  pixels: Uint8Array;
  inverted: boolean;
  /** The steps after cropping and scaling, for the reader. */
  steps: string[];
}

/**
 * From RGBA already cropped and scaled to the request's size to the model's
 * bytes: transparency on white; for one channel, grayscale, then (for a
 * 'dark' background) inverted when the choice says so or, on 'auto', when the
 * border is lighter than mid-gray, then contrast stretched.
 */
export function convertPixels(
  rgba: ArrayLike<number>,
  request: Pick<ImageRequest, 'width' | 'height' | 'channels' | 'background'>,
  choice: InvertChoice,
): Converted {
  const { width, height, channels, background } = request;
  const flat = flattenOnWhite(rgba);
  const steps: string[] = [];
  if (channels === 3) {
    const pixels = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) for (let c = 0; c < 3; c++) pixels[3 * i + c] = flat[4 * i + c]!;
    const inverted =
      background === 'dark' && (choice === 'invert' || (choice === 'auto' && borderMean(toGray(flat), width, height) > 127.5));
    if (inverted) for (let i = 0; i < pixels.length; i++) pixels[i] = 255 - pixels[i]!;
    if (inverted) steps.push('inverted (light background made dark)');
    return { pixels, inverted, steps };
  }
  let gray = toGray(flat);
  steps.push('grayscale (0.299 R + 0.587 G + 0.114 B)');
  let inverted = false;
  if (background === 'dark') {
    const border = borderMean(gray, width, height);
    inverted = choice === 'invert' || (choice === 'auto' && border > 127.5);
    if (inverted) {
      gray = gray.map((v) => 255 - v);
      steps.push(
        choice === 'auto'
          ? `inverted: its border was light (mean ${Math.round(border)} of 255), and the model was trained on light objects on black`
          : 'inverted, as chosen',
      );
    } else {
      steps.push(
        choice === 'keep'
          ? 'not inverted, as chosen'
          : `not inverted: its border was already dark (mean ${Math.round(border)} of 255)`,
      );
    }
    gray = stretchContrast(gray);
    steps.push('contrast stretched to 0–255');
  }
  return { pixels: gray, inverted, steps };
}

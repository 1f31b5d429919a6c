// Plain helpers for figures that show photos: the site-relative URL of a file
// in public/, and RGBA bytes (what a canvas gives back) as a grayscale tensor.

import type { Tensor } from '../../../engine/reference/tensor';

/** A file under public/, under the site's base path ('/' or '/course/', with or without its slash). */
export function assetUrl(base: string, path: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${path.replace(/^\/+/, '')}`;
}

/** Luma (ITU-R 601) of RGBA bytes, in [0, 1], as an [H, W] tensor. */
export function rgbaToGray(rgba: ArrayLike<number>, width: number, height: number): Tensor {
  if (rgba.length !== width * height * 4) {
    throw new RangeError(`rgbaToGray: ${rgba.length} bytes is not ${width}×${height}×4`);
  }
  const data = new Float64Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const r = rgba[4 * i] ?? 0;
    const g = rgba[4 * i + 1] ?? 0;
    const b = rgba[4 * i + 2] ?? 0;
    data[i] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
  }
  return { shape: [height, width], data };
}

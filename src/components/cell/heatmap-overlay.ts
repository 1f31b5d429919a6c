// The view-model of a heatmap overlay: pure functions from an image and a
// heatmap to the pixels, colour key and words the cell shows. No DOM, so it is
// unit-tested in Node.
import type { HeatmapGrid, ImageTile } from '../../engine/contract';
import { diverging, sequential, type RGB } from '../../engine/reference/colormaps';
import { divergingGradientCss, sequentialGradientCss } from '../figures/kit/colors';

type SignedGrid = HeatmapGrid & { signed: boolean };

/** What the colours are scaled to: the map's largest value (signed maps: largest |value|); 0 for an all-zero map. */
export function heatScale(heat: SignedGrid): number {
  let scale = 0;
  for (const v of heat.values) scale = Math.max(scale, heat.signed ? Math.abs(v) : v);
  return scale;
}

/**
 * Colour and weight of one heatmap value. Unsigned maps: viridis from 0 to the
 * largest value, laid evenly over the image. Signed maps: blue (against) to red
 * (for) through white, weighted by |value| so near-zero parts leave the image visible.
 */
export function heatColor(value: number, scale: number, signed: boolean): { rgb: RGB; weight: number } {
  const t = scale > 0 ? value / scale : 0;
  return signed ? { rgb: diverging(t), weight: Math.min(1, Math.abs(t)) } : { rgb: sequential(t), weight: 1 };
}

/**
 * The image with the heatmap over it at `opacity` (0 to 1), RGBA at the
 * image's size. A heatmap of another size is sampled at the nearest position.
 */
export function overlayPixels(image: ImageTile, heat: SignedGrid, opacity: number): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, pixels } = image;
  const out = new Uint8ClampedArray(width * height * 4);
  const scale = heatScale(heat);
  const alpha = Math.min(1, Math.max(0, opacity));
  for (let y = 0; y < height; y++) {
    const hy = Math.min(heat.height - 1, Math.floor(((y + 0.5) * heat.height) / height));
    for (let x = 0; x < width; x++) {
      const hx = Math.min(heat.width - 1, Math.floor(((x + 0.5) * heat.width) / width));
      const { rgb, weight } = heatColor(heat.values[hy * heat.width + hx] ?? 0, scale, heat.signed);
      const a = alpha * weight;
      const i = 4 * (y * width + x);
      for (let c = 0; c < 3; c++) out[i + c] = Math.round((1 - a) * (pixels[i + c] ?? 0) + a * rgb[c]!);
      out[i + 3] = 255;
    }
  }
  return out;
}

/** The colour key as a CSS gradient, left to right, and what its ends mean. */
export function colorKey(signed: boolean): { gradient: string; labels: [string, string, string]; sentence: string } {
  const gradient = signed ? divergingGradientCss(11) : sequentialGradientCss(11);
  return signed
    ? {
        gradient,
        labels: ['against', '0', 'for'],
        sentence:
          'Blue lowers the class score, red raises it, white is neutral; each map is scaled to its own largest absolute value.',
      }
    : {
        gradient,
        labels: ['0', '', 'largest'],
        sentence: 'Dark purple is 0 and yellow the largest value of each map; each map is scaled to its own largest value.',
      };
}

/** Where a map is strongest, in words a screen reader can say: "strongest at row 12, column 15 of 28×28". */
export function describePeak(heat: SignedGrid): string {
  let best = 0;
  let bestValue = -Infinity;
  heat.values.forEach((v, i) => {
    const magnitude = heat.signed ? Math.abs(v) : v;
    if (magnitude > bestValue) {
      bestValue = magnitude;
      best = i;
    }
  });
  if (!(bestValue > 0)) return 'zero everywhere';
  const row = Math.floor(best / heat.width) + 1;
  const column = (best % heat.width) + 1;
  return `strongest at row ${row}, column ${column} of ${heat.height}×${heat.width}`;
}

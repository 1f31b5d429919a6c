// The few Fashion-MNIST images the augmentation figure shows, without the
// data loader (it lives on the worker's side of the tfjs boundary) and
// without the 440 kB test shard: public/data/fashion-mnist/sample.u8 holds
// the first test image of each class (scripts/prepare-figure-sample.mjs),
// uncompressed, in the shards' layout; the class names come from the manifest.

import { assetUrl } from '../kit/image-model';
import type { GrayImage } from './augment-preview-model';

export interface FashionSample {
  images: GrayImage[];
  /** Each image's class name. */
  classes: string[];
}

const SAMPLE = 'data/fashion-mnist/sample.u8';
const MANIFEST = 'data/fashion-mnist/manifest.json';

/** Splits [images uint8 count·h·w, labels uint8 count] into images in [0, 1] and their class names. */
export function parseSample(bytes: Uint8Array, height: number, width: number, classNames: readonly string[]): FashionSample {
  const pixels = height * width;
  const count = bytes.length / (pixels + 1);
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`parseSample: ${bytes.length} bytes is not a whole number of ${height}×${width} images with labels`);
  }
  const images = Array.from({ length: count }, (_, i) => ({
    width,
    height,
    pixels: Array.from(bytes.subarray(i * pixels, (i + 1) * pixels), (v) => v / 255),
  }));
  const classes = Array.from(bytes.subarray(count * pixels), (label) => {
    const name = classNames[label];
    if (name === undefined) throw new RangeError(`parseSample: label ${label} is not one of the ${classNames.length} classes`);
    return name;
  });
  return { images, classes };
}

async function fetched(url: string, fetchImpl: typeof fetch): Promise<Response> {
  const response = await fetchImpl(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** Fetches the sample and the manifest's class names from the site at `base` (import.meta.env.BASE_URL). */
export async function loadFashionSample(
  base: string,
  fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<FashionSample> {
  const [manifest, bytes] = await Promise.all([
    fetched(assetUrl(base, MANIFEST), fetchImpl).then(
      (r) => r.json() as Promise<{ classes: string[]; imageShape: [number, number] }>,
    ),
    fetched(assetUrl(base, SAMPLE), fetchImpl).then(async (r) => new Uint8Array(await r.arrayBuffer())),
  ]);
  const [height, width] = manifest.imageShape;
  return parseSample(bytes, height, width, manifest.classes);
}

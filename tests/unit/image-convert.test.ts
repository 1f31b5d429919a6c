// The pure half of "your own image": what is refused, how a picture is
// cropped, averaged down, grayscaled, inverted and stretched.
import { describe, expect, it } from 'vitest';
import {
  borderMean,
  centreCrop,
  checkImageFile,
  checkImageSize,
  convertPixels,
  flattenOnWhite,
  resizeArea,
  stretchContrast,
  toGray,
} from '../../src/components/cell/image-convert';

const rgbaOfGray = (gray: number[]) => Uint8ClampedArray.from(gray.flatMap((v) => [v, v, v, 255]));

describe('checks before decoding', () => {
  it('refuses a file that says it is not an image, names it and its type', () => {
    expect(checkImageFile({ name: 'notes.txt', size: 120, type: 'text/plain' })).toBe(
      'notes.txt is not an image (its type is text/plain); choose a photo or picture file (PNG, JPEG, WebP, GIF).',
    );
  });
  it('refuses more than 20 MB and empty files, accepts a photo and a file without a type', () => {
    expect(checkImageFile({ name: 'big.jpg', size: 21 * 1024 * 1024, type: 'image/jpeg' })).toBe(
      'big.jpg is 21.0 MB; images up to 20 MB are accepted.',
    );
    expect(checkImageFile({ name: 'e.png', size: 0, type: 'image/png' })).toBe('e.png is empty.');
    expect(checkImageFile({ name: 'ok.jpg', size: 3_000_000, type: 'image/jpeg' })).toBeNull();
    expect(checkImageFile({ name: 'untyped', size: 100, type: '' })).toBeNull();
  });
  it('refuses more than 40 megapixels once decoded', () => {
    expect(checkImageSize(8000, 6000, 'pano.jpg')).toBe(
      'pano.jpg is 8,000 × 6,000 pixels (48 megapixels); images up to 40 megapixels are accepted.',
    );
    expect(checkImageSize(6000, 6000)).toBeNull();
    expect(checkImageSize(0, 10)).toBe('The image has no pixels.');
  });
});

describe('centreCrop', () => {
  it('keeps the middle of a landscape or portrait picture at the target aspect', () => {
    expect(centreCrop(1200, 800, 28, 28)).toEqual({ x: 200, y: 0, width: 800, height: 800 });
    expect(centreCrop(600, 1000, 28, 28)).toEqual({ x: 0, y: 200, width: 600, height: 600 });
    expect(centreCrop(400, 400, 32, 16)).toEqual({ x: 0, y: 100, width: 400, height: 200 });
    expect(centreCrop(28, 28, 28, 28)).toEqual({ x: 0, y: 0, width: 28, height: 28 });
  });
});

describe('resizeArea', () => {
  it('averages whole blocks when the ratio is an integer', () => {
    // 4x2 gray to 2x1: the mean of each 2x2 block.
    const out = resizeArea(rgbaOfGray([0, 10, 100, 200, 20, 30, 100, 0]), 4, 2, 2, 1);
    expect(Array.from(out)).toEqual([15, 15, 15, 255, 100, 100, 100, 255]);
  });
  it('weighs partly covered pixels by the part covered (3 -> 2)', () => {
    // Output 0 covers pixel 0 and half of pixel 1: (0 + 0.5 * 90) / 1.5 = 30.
    const out = resizeArea(rgbaOfGray([0, 90, 180]), 3, 1, 2, 1);
    expect([out[0], out[4]]).toEqual([30, 150]);
  });
  it('keeps a one-pixel line visible at a quarter of its brightness (4 -> 1)', () => {
    expect(resizeArea(rgbaOfGray([0, 0, 255, 0]), 4, 1, 1, 1)[0]).toBe(64);
  });
});

describe('colour', () => {
  it('puts transparent pixels on white', () => {
    expect(Array.from(flattenOnWhite([0, 0, 0, 0, 0, 0, 0, 255, 100, 100, 100, 128]))).toEqual([
      255,
      255,
      255,
      255,
      0,
      0,
      0,
      255,
      177,
      177,
      177,
      255, // 100 · 128/255 + 255 · 127/255 = 177.2
    ]);
  });
  it('grayscales with BT.601 weights', () => {
    expect(Array.from(toGray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]))).toEqual([76, 150, 29]);
  });
  it('measures the border and stretches contrast', () => {
    // 3x3 with a light ring and a dark centre.
    expect(borderMean([200, 200, 200, 200, 0, 200, 200, 200, 200], 3, 3)).toBe(200);
    expect(Array.from(stretchContrast(Uint8Array.from([50, 100, 150])))).toEqual([0, 128, 255]);
    expect(Array.from(stretchContrast(Uint8Array.from([7, 7])))).toEqual([7, 7]);
  });
});

describe('convertPixels', () => {
  const request = { width: 3, height: 3, channels: 1 as const, background: 'dark' as const };
  // A dark object on a light background, as a photo of a shoe on a table is.
  const onLight = rgbaOfGray([220, 220, 220, 220, 40, 220, 220, 220, 220]);
  const onDark = rgbaOfGray([10, 10, 10, 10, 180, 10, 10, 10, 10]);

  it('inverts a picture with a light border, so the object is light on black as in Fashion-MNIST', () => {
    const c = convertPixels(onLight, request, 'auto');
    expect(c.inverted).toBe(true);
    expect(Array.from(c.pixels)).toEqual([0, 0, 0, 0, 255, 0, 0, 0, 0]);
    expect(c.steps[1]).toMatch(/^inverted: its border was light \(mean 220 of 255\)/);
  });
  it('leaves a dark-bordered picture as it is, and follows an explicit choice', () => {
    expect(convertPixels(onDark, request, 'auto').inverted).toBe(false);
    expect(Array.from(convertPixels(onDark, request, 'auto').pixels)).toEqual([0, 0, 0, 0, 255, 0, 0, 0, 0]);
    expect(convertPixels(onDark, request, 'invert').inverted).toBe(true);
    expect(convertPixels(onLight, request, 'keep').inverted).toBe(false);
  });
  it('keeps colours for an RGB model that takes pictures as they are', () => {
    const c = convertPixels(
      Uint8ClampedArray.from([255, 0, 0, 255]),
      { width: 1, height: 1, channels: 3, background: 'as-is' },
      'auto',
    );
    expect(Array.from(c.pixels)).toEqual([255, 0, 0]);
    expect(c.inverted).toBe(false);
  });
});

// The kernel playground's model: presets, typed weights, and filtering
// against PyTorch. The expected maps are F.conv2d (float64, torch 1.13) of the
// 5 × 6 image below with each kernel, computed when this test was written.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRESET,
  KERNEL_PRESETS,
  PHOTOS,
  describeCustom,
  describeResponse,
  filterImage,
  formatWeight,
  matchPreset,
  parseWeight,
  presetById,
  withWeight,
  type Kernel3,
} from '../../src/components/figures/convolution/kernel-playground-model';
import { assetUrl, rgbaToGray } from '../../src/components/figures/kit/image-model';
import { divergingRgba } from '../../src/components/figures/kit/colors';

const IMAGE = [
  [0.0, 0.1, 0.2, 0.3, 0.4, 0.5],
  [0.2, 0.2, 0.9, 0.9, 0.2, 0.2],
  [1.0, 0.8, 0.6, 0.4, 0.2, 0.0],
  [0.5, 0.5, 0.5, 1.0, 1.0, 1.0],
  [0.3, 0.0, 0.7, 0.1, 0.9, 0.25],
];
const gray = { shape: [5, 6], data: Float64Array.from(IMAGE.flat()) };

const TORCH: Record<string, number[][]> = {
  'horizontal-edge': [
    [2.1, 1.2, 0.3, -0.6],
    [0.2, 0.0, 0.5, 1.7],
    [-1.4, -1.0, 0.5, 0.65],
  ],
  'sobel-vertical': [
    [1.2, 1.2, -1.6, -1.6],
    [-0.1, 0.4, -1.0, -1.5],
    [0.0, 0.7, 0.8, -0.25],
  ],
  sharpen: [
    [-1.0, 2.6, 2.7, -0.7],
    [1.7, 0.4, -0.7, -0.6],
    [0.7, -0.3, 3.0, 1.9],
  ],
  'box-blur': [
    [0.444444444444, 0.488888888889, 0.455555555556, 0.344444444444],
    [0.577777777778, 0.644444444444, 0.633333333333, 0.544444444444],
    [0.544444444444, 0.511111111111, 0.6, 0.538888888889],
  ],
};

describe('presets', () => {
  it('has the chapter’s kernels, the horizontal-edge one first and default', () => {
    expect(KERNEL_PRESETS.map((p) => p.id)).toEqual([
      'horizontal-edge',
      'vertical-edge',
      'sobel-horizontal',
      'sobel-vertical',
      'box-blur',
      'sharpen',
      'identity',
    ]);
    expect(DEFAULT_PRESET).toBe('horizontal-edge');
    expect(presetById('horizontal-edge')?.kernel).toEqual([
      [-1, -1, -1],
      [0, 0, 0],
      [1, 1, 1],
    ]);
    expect(presetById('sobel-horizontal')?.kernel).toEqual([
      [-1, -2, -1],
      [0, 0, 0],
      [1, 2, 1],
    ]);
    expect(presetById('identity')?.kernel).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('recognises a preset from its weights, and an edited kernel as none', () => {
    const sharpen = presetById('sharpen')!.kernel;
    expect(matchPreset(sharpen)?.id).toBe('sharpen');
    expect(matchPreset(withWeight(sharpen, 1, 1, 4))).toBeUndefined();
    expect(matchPreset(withWeight(withWeight(sharpen, 1, 1, 4), 1, 1, 5))?.id).toBe('sharpen');
  });
});

describe('typed weights', () => {
  it('parses numbers and rejects partial input', () => {
    expect(parseWeight('2')).toBe(2);
    expect(parseWeight(' -0.5 ')).toBe(-0.5);
    expect(parseWeight('−1')).toBe(-1);
    expect(parseWeight('.25')).toBe(0.25);
    expect(parseWeight('1e-1')).toBe(0.1);
    for (const partial of ['', '-', '.', '1..2', 'abc', '1e']) expect(parseWeight(partial)).toBeUndefined();
  });

  it('shows weights short, with an ASCII minus the input can parse back', () => {
    expect(formatWeight(1 / 9)).toBe('0.111');
    expect(formatWeight(-2)).toBe('-2');
    expect(parseWeight(formatWeight(-0.25))).toBe(-0.25);
  });

  it('replaces one weight without touching the original', () => {
    const k: Kernel3 = [
      [0, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ];
    expect(withWeight(k, 0, 2, 7)).toEqual([
      [0, 0, 7],
      [0, 1, 0],
      [0, 0, 0],
    ]);
    expect(k[0]).toEqual([0, 0, 0]);
  });

  it('describes a custom kernel by the sum of its weights', () => {
    expect(
      describeCustom([
        [1, 0, -1],
        [1, 0, -1],
        [1, 0, -1],
      ]),
    ).toContain('sum to 0');
    expect(
      describeCustom([
        [0, 0, 0],
        [0, 2, 0],
        [0, 0, 0],
      ]),
    ).toContain('sum to 2, so a flat patch of brightness b gives 2·b');
  });
});

describe('filtering', () => {
  it.each(Object.keys(TORCH))('%s matches PyTorch’s F.conv2d', (id) => {
    const r = filterImage(gray, presetById(id)!.kernel);
    expect([r.height, r.width]).toEqual([3, 4]);
    const expected = TORCH[id]!.flat();
    const got = Array.from(divergingRgba(expected));
    expect(Array.from(r.rgba)).toEqual(got);
    expect(r.min).toBeCloseTo(Math.min(...expected), 10);
    expect(r.max).toBeCloseTo(Math.max(...expected), 10);
    expect(r.scale).toBeCloseTo(Math.max(...expected.map(Math.abs)), 10);
  });

  it('paints the horizontal-edge response red where it gets brighter downward and blue where darker', () => {
    // Dark above, light below at (0, 0): response +2.1, the maximum, saturated red.
    const r = filterImage(gray, presetById('horizontal-edge')!.kernel);
    expect(Array.from(r.rgba.subarray(0, 4))).toEqual([178, 24, 43, 255]);
    // Row 2, column 0: −1.4, blue.
    const i = 4 * (2 * 4 + 0);
    const [red, , blue] = Array.from(r.rgba.subarray(i, i + 4));
    expect(blue!).toBeGreaterThan(red!);
  });

  it('describes the response for assistive technology', () => {
    const r = filterImage(gray, presetById('horizontal-edge')!.kernel);
    expect(describeResponse('a test image', 'Horizontal edge (Prewitt)', r)).toBe(
      'Horizontal edge (Prewitt) kernel applied to a test image: a 4 × 3 response from −1.4 to 2.1, drawn blue for ' +
        'negative, white for zero and red for positive, saturating at ±2.1.',
    );
  });
});

describe('images', () => {
  it('turns RGBA bytes into luma in [0, 1]', () => {
    const t = rgbaToGray([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255], 3, 1);
    expect(t.shape).toEqual([1, 3]);
    expect(t.data[0]).toBeCloseTo(1, 12);
    expect(t.data[1]).toBe(0);
    expect(t.data[2]).toBeCloseTo(0.299, 12);
    expect(() => rgbaToGray([0, 0, 0], 1, 1)).toThrow(/3 bytes is not 1×1×4/);
  });

  it('builds URLs under the base path, with or without its slash', () => {
    expect(assetUrl('/', 'data/images/chelsea.png')).toBe('/data/images/chelsea.png');
    expect(assetUrl('/course/', 'data/images/chelsea.png')).toBe('/course/data/images/chelsea.png');
    expect(assetUrl('/course', '/data/images/chelsea.png')).toBe('/course/data/images/chelsea.png');
  });

  it.each(PHOTOS.map((p) => [p.id, p] as const))('%s.png exists, is as large as declared and under 100 KB', (_id, photo) => {
    const file = new URL(`../../public/${photo.path}`, import.meta.url);
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20; colour type 0 (grayscale) at 25.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([photo.width, photo.height]);
    expect(png[25]).toBe(0);
    expect(Math.max(photo.width, photo.height)).toBeLessThanOrEqual(256);
    expect(statSync(file).size).toBeLessThan(100_000);
  });

  it('credits the photos', () => {
    const license = readFileSync(new URL('../../public/data/images/LICENSE.md', import.meta.url), 'utf8');
    for (const p of PHOTOS) expect(license).toContain(`${p.id}.png`);
    expect(license).toContain('CC0');
  });
});

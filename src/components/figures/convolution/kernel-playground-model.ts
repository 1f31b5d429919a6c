// View-model of the kernel playground: the preset kernels, parsing what the
// reader types into the nine weights, filtering a grayscale photo with the
// engine's convolve2d, and painting the response with a diverging map. The component only wires these to the DOM.

import { formatDecimal } from '../../../engine/arithmetic/format';
import { convolve2d } from '../../../engine/reference/conv2d';
import type { Tensor } from '../../../engine/reference/tensor';
import { divergingRgba, maxAbs } from '../kit/colors';
import { parseNumberText, type NumberRule } from '../kit/number-input';

export type Kernel3 = readonly [
  readonly [number, number, number],
  readonly [number, number, number],
  readonly [number, number, number],
];

export interface KernelPreset {
  readonly id: string;
  readonly label: string;
  readonly kernel: Kernel3;
  /** What the response means, sign included. */
  readonly reads: string;
}

const NINTH = 1 / 9;

/**
 * Sign convention for the edge kernels: with cross-correlation (what conv2d
 * computes), a kernel whose bottom row is positive responds positively where
 * brightness increases downward; one whose right column is positive, where it
 * increases to the right.
 */
export const KERNEL_PRESETS: readonly KernelPreset[] = [
  {
    id: 'horizontal-edge',
    label: 'Horizontal edge (Prewitt)',
    kernel: [
      [-1, -1, -1],
      [0, 0, 0],
      [1, 1, 1],
    ],
    reads:
      'Red where brightness increases downward (dark above, light below), blue where it decreases, white where the image is flat or the edge is vertical.',
  },
  {
    id: 'vertical-edge',
    label: 'Vertical edge (Prewitt)',
    kernel: [
      [-1, 0, 1],
      [-1, 0, 1],
      [-1, 0, 1],
    ],
    reads:
      'Red where brightness increases to the right, blue where it decreases, white where the image is flat or the edge is horizontal.',
  },
  {
    id: 'sobel-horizontal',
    label: 'Horizontal edge (Sobel)',
    kernel: [
      [-1, -2, -1],
      [0, 0, 0],
      [1, 2, 1],
    ],
    reads:
      'Like Prewitt’s, with the middle column weighted twice: red where brightness increases downward, blue where it decreases.',
  },
  {
    id: 'sobel-vertical',
    label: 'Vertical edge (Sobel)',
    kernel: [
      [-1, 0, 1],
      [-2, 0, 2],
      [-1, 0, 1],
    ],
    reads:
      'Like Prewitt’s, with the middle row weighted twice: red where brightness increases to the right, blue where it decreases.',
  },
  {
    id: 'box-blur',
    label: 'Box blur',
    kernel: [
      [NINTH, NINTH, NINTH],
      [NINTH, NINTH, NINTH],
      [NINTH, NINTH, NINTH],
    ],
    reads:
      'Each output is the mean of a 3 × 3 patch: a slightly blurred copy of the photo, all positive (red), darker red where the photo is lighter.',
  },
  {
    id: 'sharpen',
    label: 'Sharpen',
    kernel: [
      [0, -1, 0],
      [-1, 5, -1],
      [0, -1, 0],
    ],
    reads:
      'The pixel plus the sum of its differences from its four neighbours: the photo with its edges exaggerated. Blue marks the dark side of a strong edge, overshooting below zero.',
  },
  {
    id: 'identity',
    label: 'Identity',
    kernel: [
      [0, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ],
    reads:
      'Each output is the pixel under the kernel’s centre: the photo itself, all positive (red), trimmed by one pixel on every side.',
  },
];

export const DEFAULT_PRESET = 'horizontal-edge';

export function presetById(id: string): KernelPreset | undefined {
  return KERNEL_PRESETS.find((p) => p.id === id);
}

/** The preset whose weights equal these, if any (so editing back to a preset names it again). */
export function matchPreset(kernel: Kernel3): KernelPreset | undefined {
  return KERNEL_PRESETS.find((p) =>
    p.kernel.every((row, r) => row.every((w, c) => Math.abs(w - (kernel[r]?.[c] ?? NaN)) < 1e-9)),
  );
}

/** Weights shown in the inputs: short, but exact for integers (1/9 shows as 0.111). */
export function formatWeight(w: number): string {
  return formatDecimal(w, 3).replace('−', '-');
}

/** A typed weight, or undefined while the text is not (yet) a finite number such as "" or "-". */
export function parseWeight(text: string): number | undefined {
  return parseNumberText(text);
}

/** What a weight may be, typed or from a link: the presets stay within ±8, so ±1000 is room enough. */
export function weightRule(index: number): NumberRule {
  return {
    label: `Weight row ${Math.floor(index / 3)}, column ${index % 3}`,
    min: -MAX_LINK_WEIGHT,
    max: MAX_LINK_WEIGHT,
  };
}

/** A copy of the kernel with one weight replaced. */
export function withWeight(kernel: Kernel3, row: number, col: number, value: number): Kernel3 {
  return kernel.map((r, i) => r.map((w, j) => (i === row && j === col ? value : w))) as unknown as Kernel3;
}

/** Describes a kernel nobody named, from the sum of its weights. */
export function describeCustom(kernel: Kernel3): string {
  const sum = kernel.flat().reduce((a, b) => a + b, 0);
  if (Math.abs(sum) < 1e-9) {
    return 'Your weights sum to 0, so a flat patch gives 0 (white): the kernel responds only where brightness changes, red where the image looks like the kernel, blue where it looks like its negative.';
  }
  return `Your weights sum to ${formatDecimal(sum)}, so a flat patch of brightness b gives ${formatDecimal(sum)}·b; red marks positive responses, blue negative.`;
}

export interface FilterResult {
  width: number;
  height: number;
  /** Diverging colours on ±scale, ready for ImageData. */
  rgba: Uint8ClampedArray<ArrayBuffer>;
  min: number;
  max: number;
  /** The largest |response|: the colour map saturates there. */
  scale: number;
}

/** The kernel over a grayscale image, stride 1 and no padding (PyTorch's defaults), painted. */
export function filterImage(gray: Tensor, kernel: Kernel3): FilterResult {
  const y = convolve2d(gray, { shape: [3, 3], data: kernel.flat() });
  const [height = 0, width = 0] = y.shape;
  let min = Infinity;
  let max = -Infinity;
  for (const v of y.data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = maxAbs(y.data);
  return { width, height, rgba: divergingRgba(y.data, scale), min, max, scale };
}

/** The text alternative of the response image. */
export function describeResponse(imageName: string, kernelName: string, r: FilterResult): string {
  return (
    `${kernelName} kernel applied to ${imageName}: a ${r.width} × ${r.height} response from ` +
    `${formatDecimal(r.min, 2)} to ${formatDecimal(r.max, 2)}, drawn blue for negative, white for zero and red for ` +
    `positive, saturating at ±${formatDecimal(r.scale, 2)}.`
  );
}

export interface PhotoChoice {
  readonly id: string;
  readonly label: string;
  /** Relative to the site's base path (files made by scripts/prepare-images.py). */
  readonly path: string;
  /** The file's size in pixels, for the prose; a unit test reads the PNG to check it. */
  readonly width: number;
  readonly height: number;
}

export const PHOTOS: readonly PhotoChoice[] = [
  { id: 'chelsea', label: 'Chelsea the cat', path: 'data/images/chelsea.png', width: 256, height: 170 },
  { id: 'camera', label: 'The cameraman', path: 'data/images/camera.png', width: 256, height: 256 },
];

/** The playground's view as link settings: the photo and the nine weights. */
export function kernelViewParams(photoId: string, kernel: Kernel3): Record<string, string> {
  return { photo: photoId, w: kernel.flat().map(formatWeight).join(',') };
}

/** The largest |weight| a link may set or a reader type: the presets stay within ±8. */
export const MAX_LINK_WEIGHT = 1000;

export type KernelView = { photoId?: string; kernel?: Kernel3; problems: string[] };

/**
 * A view from a link, value by value: a setting that is missing keeps the
 * default, and one that is not valid is left out with a note, never evaluated.
 */
export function parseKernelView(params: URLSearchParams): KernelView {
  const problems: string[] = [];
  const view: KernelView = { problems };
  const photo = params.get('photo');
  if (photo !== null) {
    if (PHOTOS.some((p) => p.id === photo)) view.photoId = photo;
    else problems.push('its photo is not one of this figure’s');
  }
  const w = params.get('w');
  if (w !== null) {
    const values = w.split(',').map(parseWeight);
    if (values.length !== 9 || values.some((v) => v === undefined || Math.abs(v) > MAX_LINK_WEIGHT)) {
      problems.push(`its weights are not nine numbers between −${MAX_LINK_WEIGHT} and ${MAX_LINK_WEIGHT}`);
    } else {
      const n = values as number[];
      view.kernel = [
        [n[0]!, n[1]!, n[2]!],
        [n[3]!, n[4]!, n[5]!],
        [n[6]!, n[7]!, n[8]!],
      ];
    }
  }
  return view;
}

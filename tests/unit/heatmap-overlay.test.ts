import { describe, expect, it } from 'vitest';
import { colorKey, describePeak, heatColor, heatScale, overlayPixels } from '../../src/components/cell/heatmap-overlay';
import { reduceOutputs, emptyOutputs } from '../../src/components/cell/outputs-model';
import { diverging, sequential } from '../../src/engine/reference/colormaps';

const gray = (values: number[], width: number, height: number) => ({
  width,
  height,
  pixels: new Uint8ClampedArray(values.flatMap((v) => [v, v, v, 255])),
});
const grid = (values: number[], width: number, height: number, signed: boolean) => ({
  width,
  height,
  values: Float32Array.from(values),
  signed,
});

describe('heatmap overlay', () => {
  it('scales unsigned maps to their largest value and signed ones to their largest |value|', () => {
    expect(heatScale(grid([0, 2, 1, 0.5], 2, 2, false))).toBe(2);
    expect(heatScale(grid([0, -3, 1, 0.5], 2, 2, true))).toBe(3);
    expect(heatScale(grid([0, 0], 2, 1, false))).toBe(0);
    expect(heatColor(2, 2, false)).toEqual({ rgb: sequential(1), weight: 1 });
    expect(heatColor(-1.5, 3, true)).toEqual({ rgb: diverging(-0.5), weight: 0.5 });
    expect(heatColor(1, 0, false)).toEqual({ rgb: sequential(0), weight: 1 });
  });

  it('blends the colour over the image by the opacity, and leaves the image alone at 0', () => {
    const image = gray([100, 200], 2, 1);
    const heat = grid([0, 4], 2, 1, false);
    expect(Array.from(overlayPixels(image, heat, 0))).toEqual([100, 100, 100, 255, 200, 200, 200, 255]);
    const full = overlayPixels(image, heat, 1);
    expect(Array.from(full.slice(4, 7))).toEqual([...sequential(1)]);
    const half = overlayPixels(image, heat, 0.5);
    expect(half[4]).toBe(Math.round(0.5 * 200 + 0.5 * sequential(1)[0]));
    // Signed: a zero value shows the image untouched, whatever the opacity.
    const signed = overlayPixels(image, grid([0, -2], 2, 1, true), 1);
    expect(Array.from(signed.slice(0, 3))).toEqual([100, 100, 100]);
    expect(Array.from(signed.slice(4, 7))).toEqual([...diverging(-1)]);
  });

  it('samples a heatmap of another size at the nearest position', () => {
    const image = gray([0, 0, 0, 0], 4, 1);
    const out = overlayPixels(image, grid([0, 1], 2, 1, false), 1);
    expect(Array.from(out.slice(0, 3))).toEqual([...sequential(0)]);
    expect(Array.from(out.slice(4, 7))).toEqual([...sequential(0)]);
    expect(Array.from(out.slice(8, 11))).toEqual([...sequential(1)]);
  });

  it('has a colour key with words for its ends, and says where a map peaks', () => {
    expect(colorKey(false).labels).toEqual(['0', '', 'largest']);
    expect(colorKey(true).labels).toEqual(['against', '0', 'for']);
    expect(colorKey(true).gradient).toMatch(/^linear-gradient\(to right, rgb\(33 102 172\) 0%, .* rgb\(178 24 43\) 100%\)$/);
    expect(describePeak(grid([0, 1, 5, 2, 0, 0], 3, 2, false))).toBe('strongest at row 1, column 3 of 2×3');
    expect(describePeak(grid([0, 1, -5, 2], 2, 2, true))).toBe('strongest at row 2, column 1 of 2×2');
    expect(describePeak(grid([0, 0], 2, 1, false))).toBe('zero everywhere');
  });

  it('becomes one block of the cell outputs', () => {
    const item = {
      image: gray([1], 1, 1),
      heatmap: grid([1], 1, 1, false),
      caption: 'predicted: Bag (90%)',
      detail: 'CAM for: Bag',
    };
    const view = reduceOutputs(emptyOutputs(), { kind: 'heatmaps', title: 'T', columns: 3, items: [item] });
    expect(view.blocks).toEqual([{ kind: 'heatmaps', key: 'heatmaps-0', title: 'T', columns: 3, items: [item] }]);
  });
});

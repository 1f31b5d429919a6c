// Figure views in links: the kernel playground's settings round-trip, and a
// hostile or broken link is ignored value by value, with a note.
import { describe, expect, it } from 'vitest';
import { readView, viewHash } from '../../src/components/figures/kit/view-link.ts';
import {
  explorerViewParams,
  parseExplorerView,
} from '../../src/components/figures/stride-padding-dilation/stride-padding-model.ts';
import {
  kernelViewParams,
  parseKernelView,
  presetById,
} from '../../src/components/figures/convolution/kernel-playground-model.ts';

describe('view links', () => {
  it('round-trip the photo and weights of the kernel playground', () => {
    const kernel = presetById('sobel-x')?.kernel ?? [
      [1, 0, -1],
      [2, 0, -2],
      [1, 0, -1],
    ];
    const hash = viewHash('kernel-playground', kernelViewParams('camera', kernel));
    const view = parseKernelView(readView(hash, 'kernel-playground')!);
    expect(view).toEqual({ photoId: 'camera', kernel, problems: [] });
  });
  it('belong to one figure', () => {
    expect(readView('#kernel-playground?photo=camera', 'explorer')).toBeNull();
    expect(readView('#kernel-playground', 'kernel-playground')).toBeNull();
  });
  it('ignore hostile or broken values, keeping the valid ones', () => {
    const hostile = parseKernelView(new URLSearchParams('photo=../../etc/passwd&w=alert(1),0,0,0,0,0,0,0,0'));
    expect(hostile.photoId).toBeUndefined();
    expect(hostile.kernel).toBeUndefined();
    expect(hostile.problems).toHaveLength(2);
    const partial = parseKernelView(new URLSearchParams('photo=chelsea&w=1,2,3'));
    expect(partial.photoId).toBe('chelsea');
    expect(partial.kernel).toBeUndefined();
    expect(partial.problems).toEqual(['its weights are not nine numbers between −1000 and 1000']);
    expect(parseKernelView(new URLSearchParams('w=1e9,0,0,0,0,0,0,0,0')).kernel).toBeUndefined();
    expect(parseKernelView(new URLSearchParams('w=0.5,-1,2,0,0,0,−3,0,1')).kernel).toEqual([
      [0.5, -1, 2],
      [0, 0, 0],
      [-3, 0, 1],
    ]);
  });
});

describe('the stride explorer’s view links', () => {
  it('round-trip n, k, s, p, d', () => {
    const settings = { input: 9, kernel: 3, stride: 2, padding: 1, dilation: 2 };
    const hash = viewHash('explorer', explorerViewParams(settings));
    expect(hash).toBe('#explorer?n=9&k=3&s=2&p=1&d=2');
    expect(parseExplorerView(readView(hash, 'explorer')!)).toEqual({ settings, problems: [] });
  });
  it('keep only whole numbers within the sliders’ ranges', () => {
    const view = parseExplorerView(new URLSearchParams('n=99&k=3&s=1.5&p=-1&d=constructor'));
    expect(view.settings).toEqual({ kernel: 3 });
    expect(view.problems).toHaveLength(4);
  });
});

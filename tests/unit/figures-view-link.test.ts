// Figure views in links: each figure's settings round-trip, and a hostile or
// broken link is ignored value by value, with a note.
import { describe, expect, it } from 'vitest';
import { linkChoice, readView, viewHash } from '../../src/components/figures/kit/view-link.ts';
import { channelViewParams, parseChannelView } from '../../src/components/figures/convolution/channel-params-model.ts';
import {
  explorerViewParams,
  parseExplorerView,
} from '../../src/components/figures/stride-padding-dilation/stride-padding-model.ts';
import {
  kernelViewParams,
  parseKernelView,
  presetById,
} from '../../src/components/figures/convolution/kernel-playground-model.ts';
import {
  PRESETS,
  parseRfView,
  pool,
  rfViewParams,
} from '../../src/components/figures/architecture/receptive-field-calculator-model.ts';
import { costViewParams, parseCostView } from '../../src/components/figures/efficient-convolutions/separable-cost-model.ts';
import {
  parseScalingView,
  scalingViewParams,
} from '../../src/components/figures/efficient-convolutions/compound-scaling-model.ts';
import {
  CUSTOM,
  explosionViewParams,
  parseExplosionView,
} from '../../src/components/figures/why-cnns/parameter-explosion-model.ts';

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

describe('the receptive-field calculator’s view links', () => {
  it('round-trip the stack and the input size', () => {
    const stack = PRESETS.dilated!.layers.concat([pool(3, 2)]);
    const hash = viewHash('rf-calculator', rfViewParams(stack, 64));
    expect(hash).toBe('#rf-calculator?in=64&layers=c3s1d1p1%2Cc3s1d2p2%2Cc3s1d4p4%2Cm3s2p0');
    expect(parseRfView(readView(hash, 'rf-calculator')!)).toEqual({ layers: stack, inputSize: 64, problems: [] });
    expect(parseRfView(new URLSearchParams('layers='))).toEqual({ layers: [], problems: [] });
  });
  it('leave out a stack with a layer the controls cannot make, or too many layers', () => {
    for (const layers of [
      'c3s1d1p0,c9s1d1p0',
      'c3s1d1p0,m2s2p2',
      'c3s1d1p0,<script>',
      'c3s1d1p0,',
      Array(13).fill('c3s1d1p0').join(','),
    ]) {
      const view = parseRfView(new URLSearchParams({ layers, in: '999' }));
      expect(view.layers, layers).toBeUndefined();
      expect(view.inputSize).toBeUndefined();
      expect(view.problems).toHaveLength(2);
    }
    expect(parseRfView(new URLSearchParams('layers=c3s1d1p0,c9s1d1p0')).problems).toEqual([
      'layer 2 of the stack is not one these controls can set, so the whole stack is left out',
    ]);
  });
});

describe('the calculators’ view links', () => {
  it('round-trip the cost calculator’s sizes and ignore what it would not take', () => {
    const inputs = { cin: 32, cout: 64, k: 5, h: 28, w: 14 };
    const hash = viewHash('separable-cost-calculator', costViewParams(inputs));
    expect(parseCostView(readView(hash, 'separable-cost-calculator')!)).toEqual({ inputs, problems: [] });
    const bad = parseCostView(new URLSearchParams('cin=1e9&cout=-1&k=2.5&h=NaN&w=14'));
    expect(bad.inputs).toEqual({ w: 14 });
    expect(bad.problems).toEqual([
      'Input channels C_in must be a whole number from 1 to 2,048',
      'Output channels C_out must be a whole number from 1 to 2,048',
      'Kernel size k must be a whole number from 1 to 11',
      'Height H must be a whole number from 1 to 512',
    ]);
  });
  it('round-trip φ of the compound-scaling calculator', () => {
    expect(parseScalingView(new URLSearchParams(scalingViewParams(3)))).toEqual({ phi: 3, problems: [] });
    expect(parseScalingView(new URLSearchParams('phi=8'))).toEqual({ problems: ['φ must be a whole number from 0 to 7'] });
  });
  it('round-trip the parameter explosion’s own image size, units and filters', () => {
    const settings = { image: CUSTOM, shape: [2, 100, 50] as const, hidden: 10, filters: 32 };
    const params = explosionViewParams(settings);
    expect(params).toEqual({ img: 'custom', h: '100', w: '50', c: '2', units: '10', filters: '32' });
    expect(parseExplosionView(new URLSearchParams(params))).toEqual({
      image: CUSTOM,
      height: 100,
      width: 50,
      channels: 2,
      hidden: 10,
      filters: 32,
      problems: [],
    });
    expect(explosionViewParams({ ...settings, image: 'mnist' })).toEqual({ img: 'mnist', units: '10', filters: '32' });
    const bad = parseExplosionView(new URLSearchParams('img=javascript:alert(1)&units=0&filters=64'));
    expect(bad).toEqual({
      filters: 64,
      problems: [
        'the image size must be one of mnist, cifar, imagenet, custom',
        'Dense units must be a whole number from 1 to 100,000',
      ],
    });
  });
});

describe('view links of figures made of choices', () => {
  it('take a value only when it is one of the figure’s own, compared as text', () => {
    const params = new URLSearchParams('a=64&b=__proto__&c=064&d=toString');
    expect(linkChoice(params, 'a', 'Side', [28, 64])).toEqual({ value: 64 });
    expect(linkChoice(params, 'c', 'Side', [28, 64])).toEqual({ problem: 'Side must be one of 28, 64' });
    expect(linkChoice(params, 'b', 'Group', ['child', 'kind'])).toEqual({ problem: 'Group must be one of child, kind' });
    expect(linkChoice(params, 'd', 'Group', ['child', 'kind']).value).toBeUndefined();
    expect(linkChoice(params, 'missing', 'Group', ['child'])).toEqual({});
  });
  it('round-trip the channel counter and name what it cannot use', () => {
    const settings = { cin: 16, cout: 128, k: 5, side: 224 };
    expect(parseChannelView(new URLSearchParams(channelViewParams(settings)))).toEqual({ ...settings, problems: [] });
    expect(parseChannelView(new URLSearchParams('cin=5&cout=64&k=4'))).toEqual({
      cout: 64,
      problems: [
        'Input channels must be one of 1, 2, 3, 4, 8, 16, 32, 64, 128, 256, 512',
        'Kernel size must be one of 1, 3, 5, 7',
      ],
    });
  });
});

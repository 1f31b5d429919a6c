// View-models of the Architecture chapter's figures: the classic CNN's shape
// flow (PyTorch's shapes and counts for the same nn.Sequential) and the
// receptive-field calculator (hand-worked recurrences and closed forms).

import { describe, expect, it } from 'vitest';
import { classicCNN } from '../../src/engine/spec/zoo';
import { nn } from '../../src/engine/spec/layers';
import {
  flowStages,
  layerRows,
  shortRepr,
  stageSentence,
} from '../../src/components/figures/architecture/architecture-flow-model';
import {
  MAX_LAYERS,
  PRESETS,
  addLayer,
  conv,
  fromSettings,
  layerLabels,
  paddingsFor,
  pool,
  removeLayer,
  rfView,
  updateLayer,
} from '../../src/components/figures/architecture/receptive-field-calculator-model';

describe('shape flow of the classic CNN', () => {
  const stages = flowStages(classicCNN(), [3, 32, 32]);

  it('groups each layer with its activation and follows PyTorch’s shapes', () => {
    expect(stages.map((s) => s.short)).toEqual([
      'input',
      'conv 3×3 + ReLU',
      'max pool 2×2',
      'conv 3×3 + ReLU',
      'max pool 2×2',
      'conv 3×3 + ReLU',
      'adaptive pool 4×4',
      'flatten',
      'linear + ReLU',
      'linear',
    ]);
    // torch: the output shapes of the same nn.Sequential on a [1, 3, 32, 32] input.
    expect(stages.map((s) => s.shape)).toEqual([
      [3, 32, 32],
      [32, 30, 30],
      [32, 15, 15],
      [64, 13, 13],
      [64, 6, 6],
      [128, 4, 4],
      [128, 4, 4],
      [2048],
      [256],
      [10],
    ]);
    // torch: p.numel() of each layer's parameters.
    expect(stages.map((s) => s.params)).toEqual([0, 896, 0, 18496, 0, 73856, 0, 0, 524544, 2570]);
    expect(stages.reduce((a, s) => a + s.params, 0)).toBe(620362);
    expect(stages[1]!.key).toBe('0-1');
    expect(stages[1]!.layers).toEqual(['Conv2d(3, 32, kernel_size=(3, 3), stride=(1, 1))', 'ReLU()']);
  });

  it('explains each size and count with the numbers filled in', () => {
    expect(stages[1]!.notes).toEqual(['size: ⌊(32 + 2·0 − 3)/1⌋ + 1 = 30', 'parameters: 32·3·3·3 + 32 = 896']);
    expect(stages[4]!.notes[0]).toBe('size: ⌊(13 + 2·0 − 2)/2⌋ + 1 = 6');
    expect(stages[6]!.notes[0]).toBe('size: always 4 × 4, whatever the input (here 4 × 4)');
    expect(stages[7]!.notes[0]).toBe('size: 128 · 4 · 4 = 2,048');
    expect(stages[8]!.notes[0]).toBe('parameters: 256·2048 + 256 = 524544');
  });

  it('sizes blocks in proportion: height to rows or features, width to channels', () => {
    expect(stages.map((s) => [s.kind, s.width, s.height])).toEqual([
      ['map', 4, 128],
      ['map', 16, 120],
      ['map', 16, 60],
      ['map', 32, 52],
      ['map', 32, 24],
      ['map', 64, 16],
      ['map', 64, 16],
      ['vector', 8, 128],
      ['vector', 8, 16],
      ['vector', 8, 4],
    ]);
    expect(stages.map((s) => s.values)).toEqual([3072, 28800, 7200, 10816, 2304, 2048, 2048, 2048, 256, 10]);
  });

  it('adapts to a larger input only up to the adaptive pool', () => {
    const big = flowStages(classicCNN(), [3, 64, 64]);
    expect(big[5]!.shape).toEqual([128, 12, 12]);
    expect(big[6]!.shape).toEqual([128, 4, 4]);
    expect(big.reduce((a, s) => a + s.params, 0)).toBe(620362);
  });

  it('describes a stage in one sentence', () => {
    expect(stageSentence(stages[1]!, 1, stages.length)).toBe(
      'Stage 2 of 10, Conv2d + ReLU: 32 channels of 30 × 30 (28,800 values per image), 896 parameters.',
    );
    expect(stageSentence(stages[7]!, 7, stages.length)).toBe(
      'Stage 8 of 10, Flatten: a vector of 2,048 numbers (2,048 values per image), no parameters.',
    );
  });
});

describe('layer table', () => {
  it('writes each layer as in the chapter’s PyTorch code, with the engine’s shapes and counts', () => {
    const rows = layerRows(classicCNN(), [3, 32, 32]);
    expect(rows.map((r) => r.code)).toEqual([
      'Conv2d(3, 32, kernel_size=3)',
      'ReLU()',
      'MaxPool2d(2)',
      'Conv2d(32, 64, kernel_size=3)',
      'ReLU()',
      'MaxPool2d(2)',
      'Conv2d(64, 128, kernel_size=3)',
      'ReLU()',
      'AdaptiveAvgPool2d((4, 4))',
      'Flatten()',
      'Linear(2048, 256)',
      'ReLU()',
      'Linear(256, 10)',
    ]);
    expect(rows[2]).toEqual({ name: '2', code: 'MaxPool2d(2)', shape: '[B, 32, 15, 15]', params: 0 });
    expect(rows[10]!.params).toBe(524544);
  });

  it('names non-default arguments only', () => {
    expect(shortRepr(nn.Conv2d(3, 8, [3, 5], { stride: 2, padding: 1, bias: false }))).toBe(
      'Conv2d(3, 8, kernel_size=(3, 5), stride=2, padding=1, bias=False)',
    );
    expect(shortRepr(nn.Conv2d(8, 8, 3, { dilation: 2, groups: 8 }))).toBe('Conv2d(8, 8, kernel_size=3, dilation=2, groups=8)');
    expect(shortRepr(nn.MaxPool2d(3, { stride: 2 }))).toBe('MaxPool2d(3, stride=2)');
    expect(shortRepr(nn.AvgPool2d([2, 2]))).toBe('AvgPool2d((2, 2))');
    expect(shortRepr(nn.AdaptiveAvgPool2d(1))).toBe('AdaptiveAvgPool2d(1)');
    expect(shortRepr(nn.Linear(4, 2, { bias: false }))).toBe('Linear(4, 2, bias=False)');
    expect(shortRepr(nn.LeakyReLU(0.2))).toBe('LeakyReLU(negative_slope=0.2)');
  });
});

describe('receptive-field calculator', () => {
  it('follows the classic CNN: 3, 4, 8, 10, 18 with jumps 1, 2, 2, 4, 4', () => {
    const v = rfView(fromSettings(PRESETS.classic!.layers), 32);
    expect(v.rows.map((r) => r.rf)).toEqual([3, 4, 8, 10, 18]);
    expect(v.rows.map((r) => r.jump)).toEqual([1, 2, 2, 4, 4]);
    expect(v.rows.map((r) => r.outputSize)).toEqual([30, 15, 13, 6, 4]);
    expect(v.rows.map((r) => r.name)).toEqual(['conv 1', 'pool 1', 'conv 2', 'pool 2', 'conv 3']);
    expect(v.rows[4]!.formula).toBe('10 + (3 − 1)·4 = 18');
    expect(v.outputSize).toBe(4);
    expect(v.closedForm.applies).toBe(false);
    expect(v.closedForm.text).toMatch(/^pool 1 has stride 2/);
    expect(v.sentence).toBe(
      'After 5 layers, each output unit sees 18 × 18 input pixels, and neighbouring units are 4 pixels apart; the last map is 4 × 4 for a 32 × 32 input.',
    );
  });

  it('gives the closed form 1 + L(k − 1) for stride-1 stacks of one kernel', () => {
    const v = rfView(fromSettings(PRESETS.threeConvs!.layers), 32);
    expect(v.rf).toBe(7);
    expect(v.outputSize).toBe(32);
    expect(v.closedForm).toEqual({
      applies: true,
      text: 'Stride 1 everywhere, one kernel size: r = 1 + L·(k − 1) = 1 + 3·(3 − 1) = 7.',
      value: 7,
    });
    const dil = rfView(fromSettings([conv(3, 1, 2, 2), conv(3, 1, 2, 2)]), 32);
    expect(dil.closedForm.text).toBe('Stride 1 everywhere, one kernel size: r = 1 + L·2·(k − 1) = 1 + 2·2·(3 − 1) = 9.');
    expect(dil.rf).toBe(9);
  });

  it('sums d(k − 1) for mixed stride-1 stacks, such as dilations 1, 2, 4', () => {
    const v = rfView(fromSettings(PRESETS.dilated!.layers), 32);
    expect(v.rf).toBe(15);
    expect(v.closedForm.text).toBe('Stride 1 everywhere: r = 1 + Σ d(k − 1) = 1 + 2 + 4 + 8 = 15.');
    expect(v.rows.map((r) => r.outputSize)).toEqual([32, 32, 32]);
  });

  it('grows fast with strides: three stride-2 3×3 convs see 15 pixels, 8 apart', () => {
    const v = rfView(fromSettings(PRESETS.strided!.layers), 32);
    expect(v.rows.map((r) => [r.rf, r.jump, r.outputSize])).toEqual([
      [3, 2, 16],
      [7, 4, 8],
      [15, 8, 4],
    ]);
  });

  it('reports the first layer that does not fit, and keeps the receptive field', () => {
    const layers = fromSettings([conv(), pool(), conv(), pool(), conv(), pool(), conv()]);
    const v = rfView(layers, 28);
    // 28 → 26 → 13 → 11 → 5 → 3 → 1, then a 3×3 conv on 1 pixel.
    expect(v.rows.map((r) => r.outputSize)).toEqual([26, 13, 11, 5, 3, 1, undefined]);
    expect(v.error).toBe(
      'conv 4 needs 3 input pixels for one window but gets 1, so at input size 28 only the first 6 layers fit.',
    );
    expect(v.outputSize).toBeUndefined();
    expect(v.rows.map((r) => r.rf)).toEqual([3, 4, 8, 10, 18, 22, 38]);
    expect(v.rows[6]!.fraction).toBe(1);
  });

  it('edits stacks immutably and keeps them valid', () => {
    const start = fromSettings(PRESETS.classic!.layers);
    const added = addLayer(start, pool(3, 2));
    expect(added).toHaveLength(6);
    expect(added[5]!.id).toBe(6);
    expect(start).toHaveLength(5);
    expect(removeLayer(added, 2).map((l) => l.id)).toEqual([1, 3, 4, 5, 6]);
    let full = start;
    for (let i = 0; i < 20; i++) full = addLayer(full, conv());
    expect(full).toHaveLength(MAX_LAYERS);
    // A 3×3 pool may pad 1; back to 2×2 it may still pad 1 (⌊2/2⌋), and never dilates.
    const padded = updateLayer(added, 6, { padding: 1, dilation: 3 });
    expect(padded[5]).toMatchObject({ padding: 1, dilation: 1 });
    expect(paddingsFor(pool(2))).toEqual([0, 1]);
    expect(paddingsFor(conv())).toEqual([0, 1, 2, 3, 4]);
    expect(updateLayer(updateLayer(start, 2, { kernel: 4 }), 2, { padding: 2 })[1]).toMatchObject({ padding: 2 });
    expect(updateLayer(updateLayer(start, 2, { kernel: 4, padding: 2 }), 2, { kernel: 2 })[1]).toMatchObject({ padding: 1 });
    expect(layerLabels(added)).toEqual(['conv 1', 'pool 1', 'conv 2', 'pool 2', 'conv 3', 'pool 3']);
  });

  it('handles an empty stack', () => {
    const v = rfView([], 32);
    expect(v.rf).toBe(1);
    expect(v.rows).toEqual([]);
    expect(v.sentence).toBe('No layers: each output is a single input pixel.');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nn } from '../../src/engine/spec/layers';
import { layerInputShapes, summarize } from '../../src/engine/spec/infer';
import { formatLayer, formatModel, pythonFloat } from '../../src/engine/spec/repr';
import { simpleCNN, zoo, zooModel } from '../../src/engine/spec/zoo';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const reference = JSON.parse(fixture('simplecnn-reference.json')) as {
  trainableParams: { inChannels3: number; inChannels1: number };
  outputShapes: { inChannels1_28x28: number[][]; inChannels3_32x32: number[][] };
};

describe('SimpleCNN against PyTorch', () => {
  it('has the trainable parameter counts PyTorch reports', () => {
    expect(summarize(simpleCNN(), [3, 32, 32]).totalParams).toBe(reference.trainableParams.inChannels3);
    expect(summarize(simpleCNN({ inChannels: 1 }), [1, 28, 28]).totalParams).toBe(reference.trainableParams.inChannels1);
    expect(reference.trainableParams).toEqual({ inChannels3: 94_986, inChannels1: 94_410 });
  });

  it('has the per-layer output shapes PyTorch computes (floor semantics: 7 pools to 3)', () => {
    const gray = summarize(simpleCNN({ inChannels: 1 }), [1, 28, 28]);
    expect(gray.rows.map((r) => r.outputShape)).toEqual(reference.outputShapes.inChannels1_28x28);
    const rgb = summarize(simpleCNN(), [3, 32, 32]);
    expect(rgb.rows.map((r) => r.outputShape)).toEqual(reference.outputShapes.inChannels3_32x32);
    expect(rgb.outputShape).toEqual([-1, 10]);
  });

  it('names rows by Sequential index and counts parameters per layer', () => {
    const { rows } = summarize(simpleCNN(), [3, 32, 32]);
    expect(rows.slice(0, 4).map((r) => [r.name, r.type, r.params])).toEqual([
      ['0', 'Conv2d', 3 * 32 * 9 + 32],
      ['1', 'BatchNorm2d', 64],
      ['2', 'ReLU', 0],
      ['3', 'MaxPool2d', 0],
    ]);
    expect(rows.at(-1)).toEqual({ name: '15', type: 'Linear', outputShape: [-1, 10], params: 1290 });
  });

  it('prints exactly what print(model) prints in PyTorch', () => {
    expect(formatModel(simpleCNN()) + '\n').toBe(fixture('simplecnn-repr.txt'));
  });

  it('is reachable through the zoo table', () => {
    expect(Object.keys(zoo)).toContain('simpleCNN');
    expect(zooModel('simpleCNN')({ numClasses: 2 }).layers.at(-1)).toMatchObject({ outFeatures: 2 });
    expect(() => zooModel('resnet9000')).toThrow("No model named 'resnet9000' in the zoo; available: simpleCNN");
  });
});

describe('layer printout', () => {
  // Each expected string was printed by torch 1.13 for the same constructor call.
  it.each([
    [nn.Conv2d(1, 2, [3, 5], { stride: 2, padding: [1, 2], dilation: 2, bias: false }),
      'Conv2d(1, 2, kernel_size=(3, 5), stride=(2, 2), padding=(1, 2), dilation=(2, 2), bias=False)'],
    [nn.Conv2d(1, 2, 3), 'Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1))'],
    [nn.MaxPool2d(3, { stride: 1, padding: 1 }), 'MaxPool2d(kernel_size=3, stride=1, padding=1, dilation=1, ceil_mode=False)'],
    [nn.MaxPool2d([3, 2]), 'MaxPool2d(kernel_size=(3, 2), stride=(3, 2), padding=0, dilation=1, ceil_mode=False)'],
    [nn.AdaptiveAvgPool2d([1, 1]), 'AdaptiveAvgPool2d(output_size=(1, 1))'],
    [nn.Linear(3, 4, { bias: false }), 'Linear(in_features=3, out_features=4, bias=False)'],
    [nn.Dropout(), 'Dropout(p=0.5, inplace=False)'],
    [nn.BatchNorm2d(4, { eps: 1e-3, momentum: 0.01 }),
      'BatchNorm2d(4, eps=0.001, momentum=0.01, affine=True, track_running_stats=True)'],
    [nn.BatchNorm2d(4, { eps: 1e-6, momentum: 0.123456789 }),
      'BatchNorm2d(4, eps=1e-06, momentum=0.123456789, affine=True, track_running_stats=True)'],
  ])('%#: %s', (layer, expected) => {
    expect(formatLayer(layer)).toBe(expected);
  });

  it('prints an empty Sequential like PyTorch', () => {
    expect(formatModel(nn.Sequential())).toBe('Sequential()');
  });

  it('writes floats like Python repr', () => {
    const cases: [number, string][] = [
      [1e-5, '1e-05'], [0.0001, '0.0001'], [0.1, '0.1'], [2, '2.0'], [0, '0.0'], [-0.25, '-0.25'],
      [1.5e-7, '1.5e-07'], [1e16, '1e+16'], [123456.5, '123456.5'], [1e15, '1000000000000000.0'],
    ];
    for (const [x, text] of cases) expect(pythonFloat(x)).toBe(text);
  });
});

describe('shape errors name the layer', () => {
  it('reports a Linear that does not match the flattened features', () => {
    const model = nn.Sequential(
      nn.Conv2d(3, 32, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
      nn.Conv2d(32, 128, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
      nn.Flatten(), nn.Linear(2048, 10),
    );
    expect(() => summarize(model, [3, 8, 8])).toThrow(
      'Layer 7 (Linear): expects 2048 input features but receives 512 (from Flatten of [128, 2, 2])',
    );
    // A shape-keeping layer in between does not lose where the features came from.
    const withDropout = nn.Sequential(nn.Flatten(), nn.Dropout(0.2), nn.Linear(10, 2));
    expect(() => summarize(withDropout, [3, 2, 2])).toThrow(
      'Layer 2 (Linear): expects 10 input features but receives 12 (from Flatten of [3, 2, 2])',
    );
  });

  it('reports a Linear given a feature map', () => {
    expect(() => summarize(nn.Sequential(nn.Linear(12, 2)), [3, 2, 2])).toThrow(
      'Layer 0 (Linear): expects 12 input features but receives a feature map [3, 2, 2]; add nn.Flatten() before it',
    );
  });

  it('reports Conv2d and BatchNorm2d channel mismatches', () => {
    const conv = nn.Sequential(nn.Conv2d(3, 32, 3), nn.Conv2d(64, 8, 3));
    expect(() => summarize(conv, [3, 16, 16])).toThrow(
      'Layer 1 (Conv2d): expects 64 input channels but receives 32 (input [32, 14, 14])',
    );
    expect(() => summarize(nn.Sequential(nn.Conv2d(3, 32, 3)), [1, 16, 16])).toThrow(
      'Layer 0 (Conv2d): expects 3 input channels but receives 1 (input [1, 16, 16])',
    );
    expect(() => summarize(nn.Sequential(nn.Conv2d(3, 8, 1), nn.BatchNorm2d(16)), [3, 4, 4])).toThrow(
      'Layer 1 (BatchNorm2d): expects 16 channels but receives 8 (input [8, 4, 4])',
    );
    expect(() => summarize(nn.Sequential(nn.Flatten(), nn.Conv2d(3, 8, 1)), [3, 4, 4])).toThrow(
      'Layer 1 (Conv2d): expects a feature map [3, H, W] but receives flat features [48]',
    );
  });

  it('reports a kernel larger than the padded input', () => {
    expect(() => summarize(nn.Sequential(nn.MaxPool2d(2), nn.Conv2d(3, 4, 5, { padding: 1 })), [3, 5, 5])).toThrow(
      'Layer 1 (Conv2d): kernel 5x5 is larger than its padded input 4x4 (input [3, 2, 2], padding [1, 1])',
    );
    expect(() => summarize(nn.Sequential(nn.Conv2d(1, 1, 3, { dilation: 2 })), [1, 4, 4])).toThrow(
      'Layer 0 (Conv2d): kernel 3x3 (dilated to 5x5) is larger than its padded input 4x4',
    );
    expect(() => summarize(nn.Sequential(nn.MaxPool2d(2), nn.MaxPool2d(2)), [1, 3, 3])).toThrow(
      'Layer 1 (MaxPool2d): kernel 2x2 is larger than its padded input 1x1 (input [1, 1, 1], padding [0, 0])',
    );
  });

  it('computes PyTorch sizes for strides, padding and dilation', () => {
    const model = nn.Sequential(
      nn.Conv2d(1, 4, [3, 5], { stride: 2, padding: [1, 2] }), // 9x10 -> 5x5
      nn.Conv2d(4, 4, 3, { dilation: 2, padding: 2 }), // 5x5 -> 5x5
      nn.MaxPool2d(3, { stride: 2, padding: 1 }), // 5x5 -> 3x3
    );
    expect(summarize(model, [1, 9, 10]).rows.map((r) => r.outputShape)).toEqual([
      [-1, 4, 5, 5], [-1, 4, 5, 5], [-1, 4, 3, 3],
    ]);
    expect(layerInputShapes(model, [1, 9, 10])).toEqual([[1, 9, 10], [4, 5, 5], [4, 5, 5]]);
  });

  it('rejects a bad input shape', () => {
    expect(() => summarize(simpleCNN(), [3, 0, 32])).toThrow('inputShape must be [C, H, W] with positive integers, got [3, 0, 32]');
  });
});

describe('argument validation names the layer and the argument', () => {
  it.each([
    [() => nn.Conv2d(0, 8, 3), 'Conv2d: inChannels must be a positive integer, got 0'],
    [() => nn.Conv2d(1, 8, [3, 0]), 'Conv2d: kernelSize must be positive integers, got [3, 0]'],
    [() => nn.Conv2d(1, 8, 3, { padding: -1 }), 'Conv2d: padding must be non-negative integers, got -1'],
    [() => nn.Conv2d(1, 8, 3, { stride: 1.5 }), 'Conv2d: stride must be positive integers, got 1.5'],
    [() => nn.Linear(10, 0), 'Linear: outFeatures must be a positive integer, got 0'],
    [() => nn.BatchNorm2d(-2), 'BatchNorm2d: numFeatures must be a positive integer, got -2'],
    [() => nn.BatchNorm2d(2, { momentum: 0 }), 'BatchNorm2d: momentum must be in (0, 1], got 0'],
    [() => nn.Dropout(1), 'Dropout: p must be in [0, 1), got 1'],
    [() => nn.Dropout(-0.1), 'Dropout: p must be in [0, 1), got -0.1'],
    [() => nn.MaxPool2d(2, { padding: 2 }), 'MaxPool2d: padding must be at most half the kernel size, got padding 2 for kernelSize 2'],
    [() => nn.AdaptiveAvgPool2d(7), 'AdaptiveAvgPool2d: only outputSize 1 (global average pooling) is supported for now, got 7'],
    [() => nn.Sequential(nn.ReLU as never), 'Sequential: argument 0 must be a layer such as nn.ReLU()'],
  ])('%#', (make, message) => {
    expect(make).toThrow(message);
  });

  it('returns frozen plain data', () => {
    const model = simpleCNN();
    expect(Object.isFrozen(model.layers)).toBe(true);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
});

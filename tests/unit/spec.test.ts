import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { F, nn, pipe } from '../../src/engine/spec/layers';
import { BasicBlock, DepthwiseSeparable, SqueezeExcitation } from '../../src/engine/spec/blocks';
import { layerInputShapes, layerParams, namedModules, summarize } from '../../src/engine/spec/infer';
import { slidingOutputSize } from '../../src/engine/arithmetic/output-size';
import { adaptiveBins } from '../../src/engine/spec/rules';
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
    expect(rows.at(-1)).toEqual({ name: '15', type: 'Linear', depth: 0, outputShape: [-1, 10], params: 1290, macs: 1280 });
  });

  it('prints exactly what print(model) prints in PyTorch', () => {
    expect(formatModel(simpleCNN()) + '\n').toBe(fixture('simplecnn-repr.txt'));
  });

  it('is reachable through the zoo table', () => {
    expect(Object.keys(zoo)).toContain('simpleCNN');
    expect(zooModel('simpleCNN').build({ numClasses: 2 })).toMatchObject({ layers: { 15: { outFeatures: 2 } } });
    expect(zooModel('simpleCNN').inputShape).toEqual([3, 32, 32]);
    expect(() => zooModel('resnet9000')).toThrow("No model named 'resnet9000' in the zoo; available: simpleCNN, classicCNN,");
  });
});

describe('layer printout', () => {
  // Each expected string was printed by torch 1.13 for the same constructor call.
  it.each([
    [
      nn.Conv2d(1, 2, [3, 5], { stride: 2, padding: [1, 2], dilation: 2, bias: false }),
      'Conv2d(1, 2, kernel_size=(3, 5), stride=(2, 2), padding=(1, 2), dilation=(2, 2), bias=False)',
    ],
    [nn.Conv2d(1, 2, 3), 'Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1))'],
    [nn.MaxPool2d(3, { stride: 1, padding: 1 }), 'MaxPool2d(kernel_size=3, stride=1, padding=1, dilation=1, ceil_mode=False)'],
    [nn.MaxPool2d([3, 2]), 'MaxPool2d(kernel_size=(3, 2), stride=(3, 2), padding=0, dilation=1, ceil_mode=False)'],
    [nn.AdaptiveAvgPool2d([1, 1]), 'AdaptiveAvgPool2d(output_size=(1, 1))'],
    [nn.Linear(3, 4, { bias: false }), 'Linear(in_features=3, out_features=4, bias=False)'],
    [nn.Dropout(), 'Dropout(p=0.5, inplace=False)'],
    [
      nn.BatchNorm2d(4, { eps: 1e-3, momentum: 0.01 }),
      'BatchNorm2d(4, eps=0.001, momentum=0.01, affine=True, track_running_stats=True)',
    ],
    [
      nn.BatchNorm2d(4, { eps: 1e-6, momentum: 0.123456789 }),
      'BatchNorm2d(4, eps=1e-06, momentum=0.123456789, affine=True, track_running_stats=True)',
    ],
    [nn.Conv1d(1, 8, 9, { padding: 4 }), 'Conv1d(1, 8, kernel_size=(9,), stride=(1,), padding=(4,))'],
    [
      nn.Conv1d(4, 4, 3, { stride: 2, dilation: 2, groups: 2, bias: false }),
      'Conv1d(4, 4, kernel_size=(3,), stride=(2,), dilation=(2,), groups=2, bias=False)',
    ],
    [nn.Conv3d(1, 4, 3), 'Conv3d(1, 4, kernel_size=(3, 3, 3), stride=(1, 1, 1))'],
    [
      nn.Conv3d(2, 4, [3, 1, 1], { padding: [1, 0, 0] }),
      'Conv3d(2, 4, kernel_size=(3, 1, 1), stride=(1, 1, 1), padding=(1, 0, 0))',
    ],
    [nn.MaxPool1d(2), 'MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)'],
    [nn.AvgPool1d(3, { stride: 2, padding: 1 }), 'AvgPool1d(kernel_size=(3,), stride=(2,), padding=(1,))'],
    [nn.MaxPool3d([1, 2, 2]), 'MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2), padding=0, dilation=1, ceil_mode=False)'],
    [nn.AvgPool3d(2), 'AvgPool3d(kernel_size=2, stride=2, padding=0)'],
    [nn.AdaptiveAvgPool1d(1), 'AdaptiveAvgPool1d(output_size=1)'],
  ])('%#: %s', (layer, expected) => {
    expect(formatLayer(layer)).toBe(expected);
  });

  it('prints an empty Sequential like PyTorch', () => {
    expect(formatModel(nn.Sequential())).toBe('Sequential()');
  });

  it('writes floats like Python repr', () => {
    const cases: [number, string][] = [
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [0.1, '0.1'],
      [2, '2.0'],
      [0, '0.0'],
      [-0.25, '-0.25'],
      [1.5e-7, '1.5e-07'],
      [1e16, '1e+16'],
      [123456.5, '123456.5'],
      [1e15, '1000000000000000.0'],
    ];
    for (const [x, text] of cases) expect(pythonFloat(x)).toBe(text);
  });
});

describe('shape errors name the layer', () => {
  it('reports a Linear that does not match the flattened features', () => {
    const model = nn.Sequential(
      nn.Conv2d(3, 32, 3, { padding: 1 }),
      nn.ReLU(),
      nn.MaxPool2d(2),
      nn.Conv2d(32, 128, 3, { padding: 1 }),
      nn.ReLU(),
      nn.MaxPool2d(2),
      nn.Flatten(),
      nn.Linear(2048, 10),
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
      [-1, 4, 5, 5],
      [-1, 4, 5, 5],
      [-1, 4, 3, 3],
    ]);
    expect(layerInputShapes(model, [1, 9, 10])).toEqual([
      [1, 9, 10],
      [4, 5, 5],
      [4, 5, 5],
    ]);
  });

  it('names the form a 1-D or 3-D layer wants when given another rank', () => {
    expect(() => summarize(nn.Sequential(nn.Conv1d(1, 4, 3)), [1, 28, 28])).toThrow(
      'Layer 0 (Conv1d): expects a sequence [1, L] but receives [1, 28, 28]',
    );
    expect(() => summarize(nn.Sequential(nn.MaxPool3d(2)), [1, 28, 28])).toThrow(
      'Layer 0 (MaxPool3d): expects a volume [C, D, H, W] but receives [1, 28, 28]',
    );
    expect(() => summarize(nn.Sequential(nn.Conv2d(1, 4, 3)), [1, 100])).toThrow(
      'Layer 0 (Conv2d): expects a feature map [1, H, W] but receives [1, 100]',
    );
    expect(() => summarize(nn.Sequential(nn.Conv3d(1, 4, 3), nn.Conv3d(8, 4, 3)), [1, 5, 5, 5])).toThrow(
      'Layer 1 (Conv3d): expects 8 input channels but receives 4 (input [4, 3, 3, 3])',
    );
    expect(() => summarize(nn.Sequential(nn.Conv1d(1, 4, 9)), [1, 5])).toThrow(
      'Layer 0 (Conv1d): kernel 9 is larger than its padded input 5 (input [1, 5], padding [0])',
    );
    expect(() => summarize(nn.Sequential(nn.ReLU()), [1, 2, 3, 4, 5])).toThrow(
      'inputShape must be [C, L], [C, H, W] or [C, D, H, W] with positive integers, got [1, 2, 3, 4, 5]',
    );
  });

  it('rejects a bad input shape', () => {
    expect(() => summarize(simpleCNN(), [3, 0, 32])).toThrow(
      'inputShape must be [C, H, W] with positive integers, got [3, 0, 32]',
    );
  });
});

describe('argument validation names the layer and the argument', () => {
  it.each([
    [() => nn.Conv2d(0, 8, 3), 'Conv2d: inChannels must be a positive integer, got 0'],
    [() => nn.Conv2d(1, 8, [3, 0]), 'Conv2d: kernelSize[1] must be a positive integer, got 0'],
    [() => nn.Conv2d(1, 8, 3, { padding: -1 }), 'Conv2d: padding must be a non-negative integer, got -1'],
    [() => nn.Conv2d(1, 8, 3, { stride: 1.5 }), 'Conv2d: stride must be a positive integer, got 1.5'],
    [() => nn.Linear(10, 0), 'Linear: outFeatures must be a positive integer, got 0'],
    [() => nn.BatchNorm2d(-2), 'BatchNorm2d: numFeatures must be a positive integer, got -2'],
    [() => nn.BatchNorm2d(2, { momentum: 0 }), 'BatchNorm2d: momentum must be in (0, 1], got 0'],
    [() => nn.Dropout(1), 'Dropout: p must be in [0, 1), got 1'],
    [() => nn.Dropout(-0.1), 'Dropout: p must be in [0, 1), got -0.1'],
    [
      () => nn.MaxPool2d(2, { padding: 2 }),
      'MaxPool2d: padding must be at most half the kernel size, got padding 2 for kernelSize 2',
    ],
    [() => nn.AdaptiveAvgPool2d([4, 0]), 'AdaptiveAvgPool2d: outputSize[1] must be a positive integer, got 0'],
    [
      () => nn.AvgPool2d(3, { padding: 2 }),
      'AvgPool2d: padding must be at most half the kernel size, got padding 2 for kernelSize 3',
    ],
    [
      () => nn.Conv2d(6, 4, 3, { groups: 4 }),
      'Conv2d: groups must divide both inChannels and outChannels, got groups 4 for 6 -> 4 channels',
    ],
    [
      () => nn.Sequential(nn.ReLU as never),
      'Sequential: argument 0 must be a layer such as nn.ReLU() or a module, got a function (ReLU); call it, e.g. nn.ReLU()',
    ],
    [() => nn.Module('Block', { 'a.b': nn.ReLU() }, (x) => x), `Block: child name "a.b" must be non-empty and contain no '.'`],
    [
      () => nn.Module('Block', { relu: nn.ReLU(), skip: null }, (x, m) => F.add(m.relu(x), m.skip(x))),
      "Block: forward calls 'skip', which is None (not given)",
    ],
    [() => nn.Module('My Block', {}, (x) => x), "Module: className must be an identifier such as 'BasicBlock', got 'My Block'"],
    [() => nn.LeakyReLU(Number.NaN), 'LeakyReLU: negativeSlope must be a finite number, got NaN'],
    [() => nn.Conv1d(1, 8, 0), 'Conv1d: kernelSize must be a positive integer, got 0'],
    [() => nn.Conv1d(1, 8, 3, { padding: -1 }), 'Conv1d: padding must be a non-negative integer, got -1'],
    [
      () => nn.Conv1d(6, 4, 3, { groups: 4 }),
      'Conv1d: groups must divide both inChannels and outChannels, got groups 4 for 6 -> 4 channels',
    ],
    [() => nn.Conv3d(1, 8, [3, 3, 0]), 'Conv3d: kernelSize[2] must be a positive integer, got 0'],
    [
      () => nn.Conv3d(1, 8, [3, 3] as never),
      'Conv3d: kernelSize must be a number or a [depth, height, width] list of 3, got [3, 3]',
    ],
    [() => nn.Conv3d(1, 8, 3, { stride: 0 }), 'Conv3d: stride must be a positive integer, got 0'],
    [
      () => nn.MaxPool1d(2, { padding: 2 }),
      'MaxPool1d: padding must be at most half the kernel size, got padding 2 for kernelSize 2',
    ],
    [
      () => nn.AvgPool3d([1, 2, 2], { padding: [1, 0, 0] }),
      'AvgPool3d: padding must be at most half the kernel size, got padding [1, 0, 0] for kernelSize [1, 2, 2]',
    ],
    [() => nn.MaxPool3d(2, { stride: [2, 0, 2] }), 'MaxPool3d: stride[1] must be a positive integer, got 0'],
    [() => nn.AdaptiveAvgPool1d(0), 'AdaptiveAvgPool1d: outputSize must be a positive integer, got 0'],
  ])('%#', (make, message) => {
    expect(make).toThrow(message);
  });

  it('returns frozen plain data', () => {
    const model = simpleCNN();
    expect(Object.isFrozen(model.layers)).toBe(true);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
});

describe('nested modules', () => {
  // A model written like a PyTorch class: features, then a classifier after a functional flatten.
  const net = (hidden: number) =>
    nn.Module(
      'Net',
      {
        features: nn.Sequential(nn.Conv2d(3, 32, 3, { padding: 1 }), nn.ReLU(), nn.AdaptiveAvgPool2d([4, 4])),
        classifier: nn.Sequential(nn.Dropout(0.1), nn.Linear(hidden, 10)),
      },
      (x, m) => pipe(x, m.features, F.flatten, m.classifier),
    );

  it('names rows with PyTorch dotted names, containers before their children', () => {
    const { rows, totalParams, totalMacs, outputShape } = summarize(net(512), [3, 8, 8]);
    expect(rows.map((r) => [r.name, r.type, r.depth, r.outputShape, r.params])).toEqual([
      ['features', 'Sequential', 0, [-1, 32, 4, 4], 896],
      ['features.0', 'Conv2d', 1, [-1, 32, 8, 8], 896],
      ['features.1', 'ReLU', 1, [-1, 32, 8, 8], 0],
      ['features.2', 'AdaptiveAvgPool2d', 1, [-1, 32, 4, 4], 0],
      ['classifier', 'Sequential', 0, [-1, 10], 5130],
      ['classifier.0', 'Dropout', 1, [-1, 512], 0],
      ['classifier.1', 'Linear', 1, [-1, 10], 5130],
    ]);
    expect(totalParams).toBe(896 + 5130);
    expect(totalMacs).toBe(32 * 64 * 27 + 512 * 10);
    expect(rows[0]!.macs).toBe(32 * 64 * 27);
    expect(outputShape).toEqual([-1, 10]);
  });

  it('names the layer path and the mismatch in shape errors', () => {
    const flat = nn.Module(
      'Net',
      {
        features: nn.Sequential(
          nn.Conv2d(3, 32, 3, { padding: 1 }),
          nn.AdaptiveAvgPool2d([4, 4]),
          nn.Flatten(),
          nn.Linear(2048, 10),
        ),
      },
      (x, m) => m.features(x),
    );
    expect(() => summarize(flat, [3, 8, 8])).toThrow(
      'Layer features.3 (Linear): expects 2048 input features but receives 512 (from Flatten of [32, 4, 4])',
    );
    // The functional torch.flatten in a forward is remembered too.
    expect(() => summarize(net(2048), [3, 8, 8])).toThrow(
      'Layer classifier.1 (Linear): expects 2048 input features but receives 512 (from Flatten of [32, 4, 4])',
    );
    expect(() => summarize(nn.Sequential(nn.Flatten(), BasicBlock(3, 3)), [3, 4, 4])).toThrow(
      'Layer 1.conv1 (Conv2d): expects a feature map [3, H, W] but receives flat features [48]',
    );
  });

  it('reports merges that do not fit, naming the module', () => {
    const noShortcut = BasicBlock(8, 16, { stride: 2, downsample: null });
    expect(() => summarize(nn.Sequential(noShortcut), [8, 8, 8])).toThrow(
      'Layer 0 (BasicBlock), forward: cannot add [16, 4, 4] and [8, 8, 8]: sizes must match or be 1 in every dimension; ' +
        'a residual connection needs a downsample on its shortcut when stride or channels change',
    );
    const branches = nn.Module('Two', { a: nn.Conv2d(3, 4, 3), b: nn.Conv2d(3, 5, 1) }, (x, m) => F.cat([m.a(x), m.b(x)]));
    expect(() => summarize(branches, [3, 6, 6])).toThrow(
      'Model (Two), forward: cannot concatenate [4, 4, 4] and [5, 6, 6] along channels: all other sizes must match',
    );
    const padded = nn.Module('Two', { a: nn.Conv2d(3, 4, 3, { padding: 1 }), b: nn.Conv2d(3, 5, 1) }, (x, m) =>
      F.cat([m.a(x), m.b(x)]),
    );
    expect(summarize(padded, [3, 6, 6]).outputShape).toEqual([-1, 9, 6, 6]);
  });

  it('broadcasts a squeeze-and-excitation scale over the map', () => {
    const se = SqueezeExcitation(16, 4);
    const { rows, outputShape } = summarize(se, [16, 5, 5]);
    expect(outputShape).toEqual([-1, 16, 5, 5]);
    expect(rows.map((r) => [r.name, r.outputShape])).toEqual([
      ['avgpool', [-1, 16, 1, 1]],
      ['fc1', [-1, 4, 1, 1]],
      ['activation', [-1, 4, 1, 1]],
      ['fc2', [-1, 16, 1, 1]],
      ['scale_activation', [-1, 16, 1, 1]],
    ]);
  });

  it('gives a module called twice two rows, and counts a shared module once', () => {
    const { rows } = summarize(DepthwiseSeparable(4, 8), [4, 6, 6]);
    expect(rows.map((r) => r.name)).toEqual(['depthwise', 'bn1', 'relu', 'pointwise', 'bn2', 'relu']);
    const conv = nn.Conv2d(4, 4, 3, { padding: 1 });
    const twice = nn.Sequential(conv, nn.ReLU(), conv);
    expect(layerParams(twice)).toBe(4 * 4 * 9 + 4);
    expect(summarize(twice, [4, 5, 5]).totalMacs).toBe(2 * 4 * 25 * 4 * 9);
    expect(namedModules(twice).map(([name]) => name)).toEqual(['', '0', '1']);
  });

  it('counts grouped and depthwise convolutions as PyTorch does', () => {
    const depthwise = nn.Conv2d(32, 64, 3, { padding: 1, groups: 32, bias: false });
    const { rows } = summarize(nn.Sequential(depthwise), [32, 10, 10]);
    expect(rows[0]).toMatchObject({ params: 64 * 1 * 9, macs: 64 * 100 * 9 });
    expect(layerParams(nn.Conv2d(8, 12, 3, { groups: 4 }))).toBe(12 * 2 * 9 + 12);
  });

  it('prints nested modules like PyTorch', () => {
    const block = nn.Sequential(BasicBlock(64, 128, { stride: 2 }));
    expect(formatModel(block)).toBe(`Sequential(
  (0): BasicBlock(
    (conv1): Conv2d(64, 128, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
    (bn1): BatchNorm2d(128, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
    (relu): ReLU(inplace=True)
    (conv2): Conv2d(128, 128, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
    (bn2): BatchNorm2d(128, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
    (downsample): Sequential(
      (0): Conv2d(64, 128, kernel_size=(1, 1), stride=(2, 2), bias=False)
      (1): BatchNorm2d(128, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
    )
  )
)`);
  });

  it('survives a JSON round trip', () => {
    const model = BasicBlock(8, 16, { stride: 2 });
    const copy = JSON.parse(JSON.stringify(model)) as typeof model;
    expect(summarize(copy, [8, 9, 9])).toEqual(summarize(model, [8, 9, 9]));
    expect(formatModel(copy)).toBe(formatModel(model));
  });
});

describe('pooling arithmetic', () => {
  it('rounds up with ceil_mode, but never starts a window in the right padding', () => {
    // Each expected size was printed by torch 1.13 for a 5x6 input.
    const cases: [number, number, number, [number, number]][] = [
      [2, 2, 1, [3, 4]],
      [3, 2, 1, [3, 4]],
      [3, 2, 0, [2, 3]],
      [2, 3, 1, [2, 3]],
    ];
    for (const [k, s, p, expected] of cases) {
      const out = summarize(nn.Sequential(nn.MaxPool2d(k, { stride: s, padding: p, ceilMode: true })), [1, 5, 6]).outputShape;
      expect(out.slice(2), `k ${k} s ${s} p ${p}`).toEqual(expected);
      expect(summarize(nn.Sequential(nn.AvgPool2d(k, { stride: s, padding: p, ceilMode: true })), [1, 5, 6]).outputShape).toEqual(
        out,
      );
    }
    expect(slidingOutputSize(112, 3, 2, 0, 1, true)).toBe(56);
    expect(slidingOutputSize(112, 3, 2, 0, 1, false)).toBe(55);
  });

  it('uses PyTorch adaptive bins, which overlap when sizes do not divide', () => {
    expect(adaptiveBins(5, 3)).toEqual([
      [0, 2],
      [1, 4],
      [3, 5],
    ]);
    expect(adaptiveBins(6, 3)).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
    ]);
    expect(adaptiveBins(2, 4)).toEqual([
      [0, 1],
      [0, 1],
      [1, 2],
      [1, 2],
    ]);
    expect(summarize(nn.Sequential(nn.AdaptiveAvgPool2d([4, 4])), [8, 7, 3]).outputShape).toEqual([-1, 8, 4, 4]);
  });
});

// View-models of the history chapter: the quoted results (each cited, single
// model where the paper gives one), the table's counts against PyTorch's
// (tests/fixtures/zoo-reference.json), its sort, and the model explorer's
// layer rows, receptive fields and shares.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { receptiveField } from '../../src/engine/arithmetic/receptive-field';
import { rules } from '../../src/engine/spec/rules';
import { zooNames, type ZooName } from '../../src/engine/spec/zoo';
import { REPORTED_RESULTS } from '../../src/components/figures/architecture-history/reported-errors';
import {
  historyRows,
  nextSort,
  sortRows,
  sortSentence,
  type SortKey,
} from '../../src/components/figures/architecture-history/history-table-model';
import {
  explorerLayers,
  explorerView,
  shareGroups,
} from '../../src/components/figures/architecture-history/model-explorer-model';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
type Row = [name: string, type: string, outputShape: number[], params: number, macs: number];
const reference = JSON.parse(fixture('zoo-reference.json')) as {
  models: Record<string, { trainableParams: number; macs: number; rows: Row[] }>;
};

describe('the reported results', () => {
  it('has one row per zoo model it names, each cited to a table, section or figure of its paper', () => {
    const models = REPORTED_RESULTS.map((r) => r.model);
    expect(new Set(models).size).toBe(models.length);
    for (const r of REPORTED_RESULTS) {
      expect(zooNames, r.name).toContain(r.model);
      expect(r.citation, r.name).toMatch(/\b(19|20)\d\d\b/);
      expect(r.citation, r.name).toMatch(/\b(Table|Section|Fig\.) \S+/);
      expect(['single model', 'ensemble'], r.name).toContain(r.kind);
      expect(r.evaluation.length, r.name).toBeGreaterThan(3);
      expect(r.dataset.length, r.name).toBeGreaterThan(3);
      expect(r.idea.length, r.name).toBeGreaterThan(10);
    }
  });

  it('gives at least one error per row, each a percentage, top-5 never above top-1', () => {
    for (const r of REPORTED_RESULTS) {
      expect(r.top1Error !== null || r.top5Error !== null, r.name).toBe(true);
      for (const e of [r.top1Error, r.top5Error]) if (e !== null) expect(e > 0 && e < 100, r.name).toBe(true);
      if (r.top1Error !== null && r.top5Error !== null) expect(r.top5Error).toBeLessThan(r.top1Error);
    }
  });

  it('quotes single models, and not the ensemble figures that tables often put beside them', () => {
    expect(REPORTED_RESULTS.every((r) => r.kind === 'single model')).toBe(true);
    const by = (model: ZooName) => REPORTED_RESULTS.find((r) => r.model === model)!;
    // AlexNet's 15.3% is 7 CNNs; GoogLeNet's 6.67% is 7 models with 144 crops: both named only as what is often quoted.
    expect(by('alexnet').top5Error).not.toBe(15.3);
    expect(by('alexnet').oftenQuoted).toMatch(/15\.3%.*7 CNNs/);
    expect(by('googlenet').top5Error).not.toBe(6.67);
    expect(by('googlenet').oftenQuoted).toMatch(/6\.67%.*7 models.*144 crops/);
    // EfficientNet-B0's own accuracy, not B7's 84.4%.
    expect(by('efficientnetB0').top1Error).not.toBeCloseTo(100 - 84.4);
    expect(by('efficientnetB0').oftenQuoted).toMatch(/B7/);
  });

  it('runs in time order from LeNet-5 to ConvNeXt-T', () => {
    const years = REPORTED_RESULTS.map((r) => r.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    expect(REPORTED_RESULTS[0]!.model).toBe('lenet5');
    expect(REPORTED_RESULTS.at(-1)!.model).toBe('convnextTiny');
  });
});

describe('the history table', () => {
  const rows = historyRows();

  it("shows PyTorch's parameter and MAC counts for each model", () => {
    for (const row of rows) {
      expect(row.params, row.name).toBe(reference.models[row.model]!.trainableParams);
      expect(row.macs, row.name).toBe(reference.models[row.model]!.macs);
    }
  });

  it('counts depth as the papers do: weighted layers on the longest path', () => {
    const depth = Object.fromEntries(rows.map((r) => [r.model, r.depth]));
    // LeNet-5 (its name), AlexNet "eight learned layers", VGG-16, GoogLeNet "22 layers deep", ResNet-18/50.
    expect(depth).toMatchObject({ lenet5: 5, alexnet: 8, vgg16: 16, googlenet: 22, resnet18: 18, resnet50: 50 });
  });

  it('sorts by any column both ways, rows without a value last', () => {
    const keys: SortKey[] = ['year', 'depth', 'params', 'macs', 'top1Error', 'top5Error'];
    for (const key of keys) {
      for (const direction of ['ascending', 'descending'] as const) {
        const sorted = sortRows(rows, { key, direction });
        expect(sorted).toHaveLength(rows.length);
        const values = sorted.map((r) => r[key]);
        const present = values.filter((v): v is number => v !== null);
        expect(
          values.slice(present.length).every((v) => v === null),
          `${key} ${direction}`,
        ).toBe(true);
        const expected = [...present].sort((a, b) => (direction === 'ascending' ? a - b : b - a));
        expect(present, `${key} ${direction}`).toEqual(expected);
      }
    }
  });

  it('flips the direction on the same column and starts a new one ascending', () => {
    expect(nextSort({ key: 'year', direction: 'ascending' }, 'year')).toEqual({ key: 'year', direction: 'descending' });
    expect(nextSort({ key: 'year', direction: 'descending' }, 'year')).toEqual({ key: 'year', direction: 'ascending' });
    expect(nextSort({ key: 'year', direction: 'descending' }, 'macs')).toEqual({ key: 'macs', direction: 'ascending' });
    const byParams = sortRows(rows, { key: 'params', direction: 'descending' });
    expect(sortSentence(byParams, { key: 'params', direction: 'descending' })).toBe(
      `Sorted by parameters, highest first: ${byParams.map((r) => r.name).join(', ')}.`,
    );
  });
});

/** The fixture's rows for leaf modules (layer types the engine has rules for), in call order. */
const leafRows = (name: string) => reference.models[name]!.rows.filter(([, type]) => Object.hasOwn(rules, type));

describe('the model explorer', () => {
  it.each(zooNames)("%s: one row per layer call with PyTorch's path, type, shape and MACs", (name) => {
    const rows = explorerLayers(name).filter((l) => l.fn === null);
    expect(rows.map((l) => [l.path, l.type, l.outputShape, l.macs])).toEqual(
      leafRows(name).map(([path, type, shape, , macs]) => [path, type, shape, macs]),
    );
  });

  it.each(zooNames)('%s: layer parameters and group shares add up to the totals', (name) => {
    const ref = reference.models[name]!;
    const layers = explorerLayers(name);
    expect(layers.reduce((s, l) => s + l.params, 0)).toBe(ref.trainableParams);
    expect(layers.reduce((s, l) => s + l.macs, 0)).toBe(ref.macs);
    for (const by of ['child', 'kind'] as const) {
      const groups = shareGroups(name, by);
      expect(
        groups.reduce((s, g) => s + g.params, 0),
        by,
      ).toBe(ref.trainableParams);
      expect(
        groups.reduce((s, g) => s + g.macs, 0),
        by,
      ).toBe(ref.macs);
      expect(groups.reduce((s, g) => s + g.paramShare, 0)).toBeCloseTo(1, 12);
    }
  });

  it('follows the receptive field of a plain chain by the same recurrence as a stack of layers', () => {
    const layers = explorerLayers('vgg16');
    const windows = layers.filter((l) => l.type === 'Conv2d' || l.type === 'MaxPool2d');
    const stack = receptiveField(windows.map((l) => (l.type === 'Conv2d' ? { kernel: 3 } : { kernel: 2, stride: 2 })));
    expect(windows.map((l) => l.receptiveField)).toEqual(stack.rows.map((r) => r.rf));
    // 212 pixels after the last pooling: Araujo, Norris & Sim, "Computing Receptive Fields of CNNs", Distill 2019, Table 1.
    expect(windows.at(-1)!.receptiveField).toBe(212);
    expect(layers.find((l) => l.path === 'classifier.0')!.receptiveField).toBe('global');
  });

  it('takes the widest branch where branches merge', () => {
    const layers = explorerLayers('resnet18');
    const rf = (path: string) => layers.find((l) => l.path === path)!.receptiveField as number;
    // The block's output sees what its two 3x3 convs see, not the 1x1 shortcut's narrower field.
    expect(rf('layer2.0.conv2')).toBeGreaterThan(rf('layer2.0.downsample.0'));
    expect(rf('layer2.1.conv1')).toBe(rf('layer2.0.conv2') + 2 * 8);
  });

  it("shows VGG-16's split: the dense head holds most parameters, the convolutions most MACs", () => {
    const groups = shareGroups('vgg16', 'child');
    const g = (label: string) => groups.find((x) => x.label === label)!;
    expect(g('classifier').paramShare).toBeGreaterThan(0.5);
    expect(g('features').macShare).toBeGreaterThan(0.5);
    expect(explorerView('vgg16', 'child').sentence).toContain('classifier holds the most parameters');
  });

  it('backs the prose: depthwise convs are cheap in MobileNetV2, linear layers do most of ConvNeXt-T', () => {
    const mac = (name: ZooName, label: string) => shareGroups(name, 'kind').find((g) => g.label === label)!.macShare;
    expect(mac('mobilenetV2', 'depthwise convolution')).toBeLessThan(0.1);
    expect(mac('mobilenetV2', 'convolution')).toBeGreaterThan(0.85);
    expect(mac('convnextTiny', 'linear')).toBeGreaterThan(0.5);
  });

  it('prints the model as PyTorch does', () => {
    for (const name of ['vgg16', 'convnextTiny'] as const) {
      expect(explorerView(name, 'kind').printout + '\n').toBe(fixture(`zoo-repr/${name}.txt`));
    }
  });

  it("counts ConvNeXt's layer scale, a parameter its blocks own, as a row of its own", () => {
    const scales = explorerLayers('convnextTiny').filter((l) => l.type === 'LayerScale');
    expect(scales).toHaveLength(18);
    expect(scales[0]!.path).toBe('features.1.0 · self.layer_scale *');
    expect(scales[0]!.params).toBe(96);
  });
});

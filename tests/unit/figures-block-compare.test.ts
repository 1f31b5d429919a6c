// The residual-networks chapter's block numbers against PyTorch's: the zoo
// fixture holds torchvision's own count of every module of ResNet-18 and -50.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  basic64,
  basic64Projection,
  bottleneck256,
  cellNetwork,
  shortcutParams,
} from '../../src/components/figures/residual-networks/block-compare-model';
import { summarize } from '../../src/engine/index';

type Row = [string, string, number[], number, number];
const reference = JSON.parse(readFileSync(new URL('../fixtures/zoo-reference.json', import.meta.url), 'utf8')) as {
  models: Record<string, { trainableParams: number; rows: Row[] }>;
};
const row = (model: string, name: string) => reference.models[model]!.rows.find((r) => r[0] === name)!;

describe('block diagram numbers', () => {
  it("BasicBlock(64, 64) is ResNet-18's layer1.0, parameters and MACs", () => {
    const block = basic64();
    expect(block.totalParams).toBe(row('resnet18', 'layer1.0')[3]);
    expect(block.totalMacs).toBe(row('resnet18', 'layer1.0')[4]);
    expect(block.layers.map((l) => l.params)).toEqual([
      row('resnet18', 'layer1.0.conv1')[3] + row('resnet18', 'layer1.0.bn1')[3],
      row('resnet18', 'layer1.0.conv2')[3] + row('resnet18', 'layer1.0.bn2')[3],
    ]);
    expect(block.layers.map((l) => l.label)).toEqual(['3×3 conv, 64 → 64', '3×3 conv, 64 → 64']);
    expect(block.shortcut.params).toBe(0);
  });

  it("Bottleneck(256, 64) is ResNet-50's layer1.1, with three convolutions 1×1, 3×3, 1×1", () => {
    const block = bottleneck256();
    expect(block.totalParams).toBe(row('resnet50', 'layer1.1')[3]);
    expect(block.totalMacs).toBe(row('resnet50', 'layer1.1')[4]);
    expect(block.layers.map((l) => l.label)).toEqual(['1×1 conv, 256 → 64', '3×3 conv, 64 → 64', '1×1 conv, 64 → 256']);
    expect(block.layers.reduce((s, l) => s + l.params, 0)).toBe(block.totalParams);
  });

  it('a projection shortcut on a 64-channel block (option C) costs a 1x1 conv and a BatchNorm', () => {
    const { shortcut, totalParams } = basic64Projection();
    expect(shortcut.params).toBe(64 * 64 + 2 * 64);
    expect(totalParams).toBe(basic64().totalParams + shortcut.params);
  });

  it("counts the zoo ResNets' projection shortcuts as torchvision's downsample modules", () => {
    for (const name of ['resnet18', 'resnet50'] as const) {
      const { total, shortcuts, count } = shortcutParams(name);
      const downsample = reference.models[name]!.rows.filter((r) => r[0].endsWith('.downsample'));
      expect(total).toBe(reference.models[name]!.trainableParams);
      expect(count).toBe(downsample.length);
      expect(shortcuts).toBe(downsample.reduce((s, r) => s + r[3], 0));
    }
  });

  it('the plain and residual networks of the cell have the same parameters', () => {
    expect(summarize(cellNetwork(true), [1, 28, 28]).totalParams).toBe(summarize(cellNetwork(false), [1, 28, 28]).totalParams);
    expect(summarize(cellNetwork(true), [1, 28, 28]).outputShape).toEqual([-1, 10]);
  });
});

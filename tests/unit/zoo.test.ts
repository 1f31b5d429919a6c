import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/engine/spec/infer';
import { formatModel } from '../../src/engine/spec/repr';
import { zoo, zooModel, zooNames } from '../../src/engine/spec/zoo';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

type Row = [name: string, type: string, outputShape: number[], params: number, macs: number];
const reference = JSON.parse(fixture('zoo-reference.json')) as {
  generatedBy: string;
  models: Record<
    string,
    {
      torchvision: string | null;
      inputShape: [number, number, number];
      outputShape: number[];
      trainableParams: number;
      macs: number;
      rows: Row[];
    }
  >;
};

describe('the zoo against PyTorch (scripts/fixtures/zoo_reference.py)', () => {
  it('has exactly the models the fixture was made for', () => {
    expect(Object.keys(reference.models)).toEqual(zooNames);
  });

  it.each(zooNames)('%s: input, output, parameters and MACs', (name) => {
    const entry = zooModel(name);
    const ref = reference.models[name]!;
    expect(entry.inputShape).toEqual(ref.inputShape);
    expect(entry.torchvision).toBe(ref.torchvision);
    const summary = summarize(entry.build(), entry.inputShape);
    expect(summary.outputShape).toEqual(ref.outputShape);
    expect(summary.totalParams).toBe(ref.trainableParams);
    expect(summary.totalMacs).toBe(ref.macs);
  });

  // Every module call: its dotted name, class, output shape, parameters and MACs, as forward hooks saw them.
  it.each(zooNames)('%s: every module call', (name) => {
    const entry = zooModel(name);
    const { rows } = summarize(entry.build(), entry.inputShape);
    expect(rows.map((r): Row => [r.name, r.type, r.outputShape, r.params, r.macs])).toEqual(reference.models[name]!.rows);
  });

  it.each(zooNames)('%s: prints as print(model) does', (name) => {
    expect(formatModel(zooModel(name).build()) + '\n').toBe(fixture(`zoo-repr/${name}.txt`));
  });

  it('has a printout fixture for each model and no other', () => {
    const files = readdirSync(new URL('../fixtures/zoo-repr/', import.meta.url)).sort();
    expect(files).toEqual(zooNames.map((n) => `${n}.txt`).sort());
  });

  it("matches torchvision's published parameter counts", () => {
    const published: Record<string, number> = {
      alexnet: 61_100_840,
      vgg16: 138_357_544,
      googlenet: 6_624_904,
      resnet18: 11_689_512,
      resnet50: 25_557_032,
      mobilenetV2: 3_504_872,
      efficientnetB0: 5_288_548,
      convnextTiny: 28_589_128,
    };
    for (const [name, params] of Object.entries(published)) {
      expect(reference.models[name]!.trainableParams, name).toBe(params);
      const entry = zooModel(name);
      expect(summarize(entry.build(), entry.inputShape).totalParams, name).toBe(params);
    }
  });
});

describe('the zoo table', () => {
  it('is data: every entry has a title, an input shape and a builder taking numClasses', () => {
    for (const name of zooNames) {
      const entry = zoo[name];
      expect(entry.title.length, name).toBeGreaterThan(0);
      const spec = entry.build({ numClasses: 7 });
      expect(summarize(spec, entry.inputShape).outputShape, name).toEqual([-1, 7]);
    }
  });

  it('counts the guide models PyTorch-style at other sizes too', () => {
    expect(summarize(zoo.lenet5.build(), [1, 32, 32]).rows.map((r) => r.outputShape[1])).toEqual([
      6, 6, 6, 16, 16, 16, 400, 120, 120, 84, 84, 10,
    ]);
    // ResNet is fully convolutional up to the global pool, so any size of at least 32 works.
    expect(summarize(zoo.resnet18.build(), [3, 64, 80]).rows.find((r) => r.name === 'layer4')!.outputShape).toEqual([
      -1, 512, 2, 3,
    ]);
  });

  it('keeps tfjs out of engine/spec, so the main thread can count without loading it', () => {
    const dir = new URL('../../src/engine/spec/', import.meta.url);
    for (const file of readdirSync(dir)) {
      expect(readFileSync(new URL(file, dir), 'utf8'), file).not.toMatch(/from '@tensorflow/);
    }
  });

  // How fast is for `npm run zoo` to print (it times itself), not for a test to assert.
  it('counts VGG-16 from the spec alone', () => {
    expect(summarize(zoo.vgg16.build(), [3, 224, 224]).totalParams).toBe(138_357_544);
  });
});

describe('npm run zoo', () => {
  const zooScript = (...args: string[]) =>
    spawnSync('npx', ['vite-node', 'scripts/zoo.ts', '--', ...args], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      encoding: 'utf8',
    });

  it('prints the zoo as JSON for machines, the same numbers as the fixture', () => {
    const run = zooScript('--json', 'resnet18', 'vgg16');
    expect(run.status, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as { name: string; params: number; outputShape: number[] }[];
    expect(rows.map((r) => [r.name, r.params, r.outputShape])).toEqual([
      ['resnet18', 11_689_512, [-1, 1000]],
      ['vgg16', 138_357_544, [-1, 1000]],
    ]);
  });

  it('prints a table for people and refuses an unknown model by name', () => {
    const table = zooScript('simpleCNN');
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/simpleCNN\s+3x32x32\s+\[B, 10\]\s+94,986/);
    const wrong = zooScript('resnet19');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('resnet19');
  });
});

// The chapter "What is the network looking at?" runs its cells, as shipped,
// through the worker session the browser uses, on WASM in Node, and checks what
// its prose says: the shipped weights reach the accuracy model.json states, CAM
// works on the 3x3 maps and Grad-CAM on the 7x7 ones, and every overlay arrives.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { CellOutput, HeatmapOverlay } from '../../src/engine/contract/index.ts';
import { formatCount } from '../../src/engine/arithmetic/format.ts';
import { float16ToFloat32 } from '../../src/engine/tf/pretrained.ts';
import { diskFetch, openCellSession } from './run-cell.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shipped = JSON.parse(readFileSync(join(root, 'public/data/models/simplecnn/model.json'), 'utf8')) as {
  test: { accuracy: number; images: number };
};

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

describe('float16ToFloat32', () => {
  it('decodes normal, subnormal, zero, infinite and NaN halves exactly', () => {
    const bits = new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001, 0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7bff]);
    const values = Array.from(float16ToFloat32(bits));
    expect(values.slice(0, 4)).toEqual([1, -2, 0.333251953125, 2 ** -24]);
    expect(Object.is(values[4], 0)).toBe(true);
    expect(Object.is(values[5], -0)).toBe(true);
    expect(values.slice(6, 8)).toEqual([Infinity, -Infinity]);
    expect(values[8]).toBeNaN();
    expect(values[9]).toBe(65504);
  });
});

describe('the chapter cells', () => {
  // One session for the chapter: the later cells use the model the first one loads.
  const session = openCellSession();
  const run = async (cellId: string): Promise<CellOutput[]> => (await session.run(cellId)).outputs;
  const heatmapBlocks = (outputs: CellOutput[]) => outputs.flatMap((o) => (o.kind === 'heatmaps' ? [o] : []));

  it('loads the shipped SimpleCNN, which scores in tfjs what model.json says', async () => {
    const logs = (await run('load-pretrained-simplecnn')).flatMap((o) => (o.kind === 'log' ? [o.text] : []));
    const line = logs.find((t) => t.startsWith('Test accuracy in this browser:')) ?? '';
    const accuracy = Number(/: ([\d.]+)%/.exec(line)?.[1]);
    // The same float16 weights; float32 arithmetic in another order may flip a near tie, no more.
    expect(Math.abs(accuracy - 100 * shipped.test.accuracy), line).toBeLessThanOrEqual(0.2);
    expect(logs[0]).toContain(
      `${(100 * shipped.test.accuracy).toFixed(1)}% accuracy on the ${formatCount(shipped.test.images)} test images`,
    );
  }, 300_000);

  it('shows CAM (3x3 maps) and Grad-CAM (7x7) for three right and three wrong predictions', async () => {
    const blocks = heatmapBlocks(await run('cam-right-and-wrong'));
    expect(blocks.map((b) => b.title)).toEqual(['Correct predictions', 'Wrong predictions']);
    for (const block of blocks) {
      expect(block.items).toHaveLength(9);
      block.items.forEach((item: HeatmapOverlay, k) => {
        expect([item.image.width, item.image.height, item.heatmap.width, item.heatmap.height]).toEqual([28, 28, 28, 28]);
        const coarse = (item.heatmap as unknown as { coarse: { width: number } }).coarse.width;
        expect(coarse).toBe(k % 3 === 0 ? 3 : 7);
        expect(item.detail).toMatch(k % 3 === 0 ? /^CAM for: / : /^Grad-CAM for: /);
      });
    }
    const [right, wrong] = blocks;
    // Right: the runner-up is another class; wrong: the true class differs from the pick.
    right!.items.filter((_, k) => k % 3 === 2).forEach((item) => expect(item.caption).toMatch(/^runner-up: /));
    wrong!.items
      .filter((_, k) => k % 3 === 0)
      .forEach((item, n) => {
        const picked = /predicted: (.+) \(/.exec(item.caption)?.[1];
        const truth = /true class: (.+) \(/.exec(wrong!.items[3 * n + 2]!.caption)?.[1];
        expect(picked).toBeDefined();
        expect(truth).toBeDefined();
        expect(picked).not.toBe(truth);
      });
  }, 300_000);

  it('compares the four methods (and CAM) on the same images', async () => {
    const [block] = heatmapBlocks(await run('four-methods'));
    expect(block!.items).toHaveLength(15);
    expect(block!.items.slice(0, 5).map((i) => i.detail)).toEqual(['CAM', 'Grad-CAM', 'Saliency', 'SmoothGrad', 'Occlusion']);
    expect(block!.items.map((i) => i.heatmap.signed).slice(0, 5)).toEqual([true, false, false, false, true]);
    for (const item of block!.items) expect(item.heatmap.values.some((v) => v !== 0)).toBe(true);
  }, 300_000);

  it('can retrain the model instead, on far fewer images, well above chance (10%)', async () => {
    const logs = (await run('retrain-simplecnn-quick')).flatMap((o) => (o.kind === 'log' ? [o.text] : []));
    const line = logs.find((t) => t.startsWith('Test accuracy:')) ?? '';
    console.log(line);
    expect(Number(/: ([\d.]+)%/.exec(line)?.[1])).toBeGreaterThan(60);
  }, 300_000);
});

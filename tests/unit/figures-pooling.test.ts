import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { denseParameters, poolOutputShape } from '../../src/engine/arithmetic';
import { makeTensor } from '../../src/engine/reference';
import { SAMPLE, describeGradient, pool, poolGradient, poolWindow } from '../../src/components/figures/pooling/pooling-model';
import { fromRows, toRows } from '../../src/components/figures/kit/matrix';
import {
  compareShift,
  describeShift,
  describeStages,
  featureStages,
  shiftRows,
  shiftText,
  stagePictures,
  syntheticImage,
} from '../../src/components/figures/pooling/pooling-feature-model';

// Reference values from PyTorch 1.13 (F.max_pool2d, F.avg_pool2d, F.adaptive_avg_pool2d and
// their backward passes with torch.ones_like(y) upstream) on the same 4×4 map.
const x = fromRows(SAMPLE);

describe('pooling figure model (4×4 map)', () => {
  it('pools like PyTorch', () => {
    expect(toRows(pool('max', x))).toEqual([
      [6, 4],
      [3, 9],
    ]);
    expect(toRows(pool('avg', x))).toEqual([
      [3.75, 1.75],
      [1.5, 7.25],
    ]);
    expect(toRows(pool('gap', x))).toEqual([[3.5625]]);
  });

  it('shows the window and the winner behind an output', () => {
    const max = poolWindow('max', x, 0, 0);
    expect([...max.cells]).toEqual(['0,0', '0,1', '1,0', '1,1']);
    expect(max.winner).toBe('1,1');
    expect(max.text).toBe('max(1, 3, 5, 6) = 6');
    const br = poolWindow('max', x, 1, 1);
    expect(br.winner).toBe('2,2');
    expect(br.value).toBe(9);
    const avg = poolWindow('avg', x, 0, 1);
    expect(avg.winner).toBeNull();
    expect(avg.text).toBe('(2 + 1 + 0 + 4)/4 = 1.75');
    const gap = poolWindow('gap', x, 0, 0);
    expect(gap.cells.size).toBe(16);
    expect(gap.text).toBe('mean of all 16 values = 57/16 = 3.5625');
  });

  it('sends the gradient where PyTorch sends it', () => {
    expect(toRows(poolGradient('max', '2x2', x))).toEqual([
      [0, 0, 0, 0],
      [0, 1, 0, 1],
      [0, 0, 1, 0],
      [0, 1, 0, 0],
    ]);
    expect(toRows(poolGradient('max', '3x3', x))).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 4, 0],
      [0, 0, 0, 0],
    ]);
    expect(Array.from(poolGradient('avg', '2x2', x).data)).toEqual(new Array(16).fill(0.25));
    const overlap = toRows(poolGradient('avg', '3x3', x)).map((r) => r.map((v) => Math.round(v * 9)));
    expect(overlap).toEqual([
      [1, 2, 2, 1],
      [2, 4, 4, 2],
      [2, 4, 4, 2],
      [1, 2, 2, 1],
    ]);
    expect(Array.from(poolGradient('gap', '2x2', x).data)).toEqual(new Array(16).fill(0.0625));
  });

  it('describes the gradient with computed counts', () => {
    expect(describeGradient('max', '2x2', poolGradient('max', '2x2', x))).toBe(
      'With max pooling 2×2, stride 2, an upstream gradient of 1 on each of the 4 outputs reaches 4 of the 16 inputs, ' +
        'the winners; the other 12 get 0. The gradients add up to 4.',
    );
    expect(describeGradient('max', '3x3', poolGradient('max', '3x3', x))).toContain('reaches 1 of the 16 inputs');
    expect(describeGradient('max', '3x3', poolGradient('max', '3x3', x))).toContain('One winner collects 4');
    expect(describeGradient('avg', '2x2', poolGradient('avg', '2x2', x))).toContain('every input gets 0.25');
    expect(describeGradient('gap', '2x2', poolGradient('gap', '2x2', x))).toContain(
      'on each of the 1 outputs is spread evenly: every input gets 0.0625. The gradients add up to 1.',
    );
  });
});

describe('pooling a real feature map', () => {
  it('draws the image in code', () => {
    const img = syntheticImage('square');
    expect(img.shape).toEqual([1, 24, 24]);
    expect(Array.from(img.data).reduce((a, b) => a + b, 0)).toBe(64);
    expect(Array.from(syntheticImage('cross').data).reduce((a, b) => a + b, 0)).toBe(112);
  });

  // PyTorch: F.conv2d(img, sobel, padding=1) -> F.relu -> F.max_pool2d / F.avg_pool2d(2).
  it('convolves, rectifies and pools like PyTorch', () => {
    const sum = (d: ArrayLike<number>) => Array.from(d).reduce((a, b) => a + b, 0);
    const count = (d: ArrayLike<number>, f: (v: number) => boolean) => Array.from(d).filter(f).length;
    const sq = featureStages('square', 'vertical', 'max');
    expect(sq.edges.shape).toEqual([1, 24, 24]);
    expect([Math.min(...sq.edges.data), Math.max(...sq.edges.data)]).toEqual([-4, 4]);
    expect([count(sq.edges.data, (v) => v > 0), count(sq.edges.data, (v) => v < 0)]).toEqual([20, 20]);
    expect(sq.pooled.shape).toEqual([1, 12, 12]);
    expect([count(sq.pooled.data, (v) => v > 0), Math.max(...sq.pooled.data), sum(sq.pooled.data)]).toEqual([12, 4, 36]);
    const avg = featureStages('square', 'horizontal', 'avg');
    expect([count(avg.pooled.data, (v) => v > 0), Math.max(...avg.pooled.data), sum(avg.pooled.data)]).toEqual([12, 2, 16]);
    const cross = featureStages('cross', 'vertical', 'max');
    expect([count(cross.activated.data, (v) => v > 0), count(cross.pooled.data, (v) => v > 0), sum(cross.pooled.data)]).toEqual([
      44, 28, 76,
    ]);
    expect(describeStages(sq, 'vertical', 'max')).toBe(
      'The 24×24 image, convolved with the vertical-edge kernel (padding 1), gives a 24×24 map from −4 to 4, ' +
        'with 20 positive and 20 negative values. ReLU keeps the 20 positive ones. Max pooling 2×2 gives 12×12, ' +
        '12 of its 144 values non-zero, largest 4.',
    );
    const pics = stagePictures(sq);
    expect(pics.map((p) => [p.width, p.rgba.length])).toEqual([
      [24, 2304],
      [24, 2304],
      [24, 2304],
      [12, 576],
    ]);
  });
});

describe('translation and max pooling', () => {
  it('shifts with zeros coming in', () => {
    expect(
      shiftRows(
        [
          [1, 2],
          [3, 4],
        ],
        0,
        1,
      ),
    ).toEqual([
      [0, 1],
      [0, 3],
    ]);
    expect(
      shiftRows(
        [
          [1, 2],
          [3, 4],
        ],
        -1,
        0,
      ),
    ).toEqual([
      [3, 4],
      [0, 0],
    ]);
  });

  // PyTorch: F.max_pool2d of the map and of the shifted map, (a != b).sum().
  it('counts the outputs that a shift changes', () => {
    const counts = (
      [
        [0, 1],
        [0, -1],
        [1, 0],
        [-1, 0],
        [0, 2],
        [1, 1],
      ] as const
    ).map(([dy, dx]) => {
      const c = compareShift(dy, dx);
      return [c.changedOutputs.size, c.changedInputs];
    });
    expect(counts).toEqual([
      [3, 12],
      [4, 12],
      [4, 11],
      [4, 11],
      [6, 15],
      [5, 11],
    ]);
    const none = compareShift(0, 0);
    expect(none.changedOutputs.size).toBe(0);
    expect(describeShift(0, 0, none)).toContain('not shifted');
    expect(describeShift(0, 1, compareShift(0, 1))).toBe(
      'Map shifted 1 pixel right: 12 of 64 input values changed, 3 of 16 max-pooled outputs changed.',
    );
    expect(shiftText(-2, 1)).toBe('shifted 1 pixel right and 2 pixels up');
  });
});

describe('the pooling chapter', () => {
  const mdx = readFileSync(new URL('../../src/content/docs/guide/pooling.mdx', import.meta.url), 'utf8');
  const block = /```python\n([\s\S]*?)```/.exec(mdx)?.[1] ?? '';
  const shapeOf = (call: string) =>
    new RegExp(`^${call.replace(/[()[\].]/g, '\\$&')}\\.shape\\s+# \\[(.*)\\]$`, 'm').exec(block)?.[1];

  it("states the engine's shapes and parameter count in its PyTorch block", () => {
    expect(block).toContain('x = torch.randn(1, 64, 32, 32)');
    const [h2, w2] = poolOutputShape([32, 32], { kernel: 2 });
    expect(shapeOf('nn.MaxPool2d(2)(x)')).toBe(`1, 64, ${h2}, ${w2}`);
    expect(shapeOf('nn.AvgPool2d(2)(x)')).toBe(`1, 64, ${h2}, ${w2}`);
    expect(shapeOf('nn.AdaptiveAvgPool2d(1)(x)')).toBe(pool('gap', makeTensor([1, 64, 32, 32])).shape.join(', '));
    expect(block).toContain('stem = nn.MaxPool2d(3, stride=2, padding=1)');
    const [h3, w3] = poolOutputShape([32, 32], { kernel: 3, stride: 2, padding: 1 });
    expect(shapeOf('stem(x)')).toBe(`1, 64, ${h3}, ${w3}`);
    expect(block).toContain('nn.Linear(64, 10),');
    expect(shapeOf('head(x)')).toBe('1, 10');
    const params = denseParameters({ inFeatures: 64, outFeatures: 10 }).total;
    expect(block).toMatch(new RegExp(`sum\\(p\\.numel\\(\\) for p in head\\.parameters\\(\\)\\)\\s+# ${params}\\n`));
  });

  it('keeps the peak in its window for a shift left or up, not right or down (as the prose says)', () => {
    expect(compareShift(0, 0).before[1]?.[1]).toBe(9);
    expect(compareShift(0, -1).after[1]?.[1]).toBe(9);
    expect(compareShift(-1, 0).after[1]?.[1]).toBe(9);
    expect(compareShift(0, 1).after[1]?.[1]).not.toBe(9);
    expect(compareShift(1, 0).after[1]?.[1]).not.toBe(9);
  });

  it('has the shifted-by-two map equal to the pooled map moved one cell', () => {
    const two = compareShift(0, 2);
    expect(two.after).toEqual(shiftRows(two.before, 0, 1));
  });
});

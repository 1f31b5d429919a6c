import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convOutputShape } from '../../src/engine/arithmetic';
import {
  clampSetting,
  describeExplorer,
  describeWindow,
  explore,
  formulaLines,
  invalidLines,
  pytorchLine,
  tapOffsets,
  windowAt,
  windowsReading,
  type ConvSettings,
} from '../../src/components/figures/stride-padding-dilation/stride-padding-model';

const base: ConvSettings = { input: 7, kernel: 3, stride: 1, padding: 0, dilation: 1 };
const conv = (over: Partial<ConvSettings>): ConvSettings => ({ ...base, ...over });

// Output sizes as PyTorch 1.13 reports them for
// nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)(torch.zeros(1, 1, n, n)).shape.
const TORCH: [Partial<ConvSettings>, number][] = [
  [{}, 5],
  [{ stride: 2 }, 3],
  [{ padding: 1 }, 7],
  [{ stride: 2, padding: 1 }, 4],
  [{ input: 8, stride: 2 }, 3],
  [{ input: 9, dilation: 2 }, 5],
  [{ input: 28, stride: 2, padding: 1 }, 14],
  [{ input: 9, dilation: 4 }, 1],
];

describe('stride/padding explorer model', () => {
  it('gives the output sizes PyTorch gives', () => {
    for (const [over, size] of TORCH) {
      const e = explore(conv(over));
      expect(e.ok && e.output, JSON.stringify(over)).toBe(size);
    }
  });

  it('writes the formula step by step', () => {
    const e = explore(base);
    if (!e.ok) throw new Error('expected a valid setting');
    expect(formulaLines(e.steps)).toEqual([
      'padded input: 7 + 2·0 = 7',
      'window span: k = 3',
      'output: ⌊(7 + 2·0 − 3)/1⌋ + 1 = 5',
    ]);
    const d = explore(conv({ input: 9, dilation: 2 }));
    if (!d.ok) throw new Error('expected a valid setting');
    expect(formulaLines(d.steps)[1]).toBe('window span: d·(k − 1) + 1 = 2·(3 − 1) + 1 = 5');
    expect(d.steps.formula).toBe('⌊(9 + 2·0 − 5)/1⌋ + 1 = 5');
  });

  it('finds the input rows that the floor drops and those a stride skips', () => {
    const floor = explore(conv({ input: 8, stride: 2 }));
    expect(floor.ok && floor.neverRead).toEqual([7]);
    expect(floor.ok && floor.droppedAtEnd).toEqual([7]);
    const skip = explore(conv({ kernel: 1, stride: 2 }));
    expect(skip.ok && skip.neverRead).toEqual([1, 3, 5]);
    expect(skip.ok && skip.droppedAtEnd).toEqual([]);
    const full = explore(base);
    expect(full.ok && full.neverRead).toEqual([]);
    expect(describeExplorer(floor)).toContain('The last row and column of the input never fit a window.');
    expect(describeExplorer(skip)).toContain('3 rows and columns fall between windows and are never read.');
  });

  it('places the taps of a window, with holes when dilated', () => {
    expect(tapOffsets(base, 0)).toEqual([0, 1, 2]);
    expect(tapOffsets(conv({ stride: 2 }), 2)).toEqual([4, 5, 6]);
    expect(tapOffsets(conv({ input: 9, dilation: 2 }), 1)).toEqual([1, 3, 5]);
    expect(windowAt(0, 5)).toEqual([0, 0]);
    expect(windowAt(7, 5)).toEqual([1, 2]);
  });

  it('counts how many windows read a pixel: padding gives the borders more', () => {
    expect(windowsReading(base, 0, 0)).toBe(1);
    expect(windowsReading(base, 0, 3)).toBe(3);
    expect(windowsReading(base, 3, 3)).toBe(9);
    expect(windowsReading(conv({ padding: 1 }), 0, 0)).toBe(4);
  });

  it('describes a window for a screen reader', () => {
    expect(describeWindow(base, 1, 2)).toBe('Output (1, 2) reads input rows 1 to 3 and columns 2 to 4.');
    expect(describeWindow(conv({ padding: 1 }), 0, 0)).toBe(
      'Output (0, 0) reads input rows −1 to 1 and columns −1 to 1; 5 of its 9 taps fall on the zero padding.',
    );
    expect(describeWindow(conv({ input: 9, dilation: 2 }), 0, 0)).toBe(
      'Output (0, 0) reads input rows 0, 2, 4 and columns 0, 2, 4.',
    );
    expect(describeExplorer(explore(base))).toBe(
      'Input 7×7, padding 0, kernel 3×3, stride 1, dilation 1: output 5×5, since ⌊(7 + 2·0 − 3)/1⌋ + 1 = 5.',
    );
  });

  it("reports an impossible setting with the engine's message instead of throwing", () => {
    const e = explore(conv({ kernel: 5, dilation: 2 }));
    expect(e.ok).toBe(false);
    if (e.ok) return;
    expect(e.error).toBe('Kernel 5 (dilated to 9 by dilation 2) is larger than the padded input 7 (input 7 + 2·padding 0)');
    expect(describeExplorer(e)).toContain('no output. Kernel 5');
    expect(pytorchLine(e).result).toBe('RuntimeError');
    expect(invalidLines(e.settings)).toEqual([
      'padded input: 7 + 2·0 = 7',
      'window span: d·(k − 1) + 1 = 2·(5 − 1) + 1 = 9 > 7',
      'output: none',
    ]);
  });

  it("offers 'same' padding only where it exists", () => {
    expect(explore(base).same).toEqual({ possible: true, padding: 1 });
    expect(explore(conv({ kernel: 5 })).same).toEqual({ possible: true, padding: 2 });
    expect(explore(conv({ dilation: 2 })).same).toEqual({ possible: true, padding: 2 });
    expect(explore(conv({ stride: 2 })).same).toEqual({ possible: false, reason: "'same' padding needs stride 1" });
    const even = explore(conv({ kernel: 4 })).same;
    expect(even.possible).toBe(false);
    if (!even.possible) expect(even.reason).toMatch(/^Kernel 4 spans 4 pixels, an even number/);
  });

  it('writes the matching PyTorch call and clamps settings into range', () => {
    expect(pytorchLine(explore(conv({ stride: 2, padding: 1 })))).toEqual({
      code: 'nn.Conv2d(1, 1, kernel_size=3, stride=2, padding=1, dilation=1)(torch.zeros(1, 1, 7, 7)).shape',
      result: 'torch.Size([1, 1, 4, 4])',
    });
    expect(clampSetting('input', 40)).toBe(12);
    expect(clampSetting('padding', -1)).toBe(0);
  });
});

// The chapter's PyTorch block states shapes in comments; they must be what the engine computes
// (and what PyTorch printed when the block was written).
describe('the stride/padding/dilation chapter', () => {
  const mdx = readFileSync(new URL('../../src/content/docs/guide/stride-padding-dilation.mdx', import.meta.url), 'utf8');
  const block = /```python\n([\s\S]*?)```/.exec(mdx)?.[1] ?? '';

  it("states the engine's shapes in its PyTorch block", () => {
    const input = /x = torch\.randn\(1, 1, (\d+), (\d+)\)/.exec(block);
    expect(input).not.toBeNull();
    const hw: [number, number] = [Number(input?.[1]), Number(input?.[2])];
    expect(block).toContain('nn.Conv2d(1, 8, kernel_size=3, **kwargs)');
    const lines = [...block.matchAll(/dict\((.*)\),\s+# \((.*)\)/g)];
    expect(lines.length).toBe(6);
    for (const [, args = '', shape = ''] of lines) {
      const kw = Object.fromEntries(args ? args.split(', ').map((a) => a.split('=') as [string, string]) : []);
      const padding = kw.padding === "'same'" ? 'same' : Number(kw.padding ?? 0);
      const [h, w] = convOutputShape(hw, {
        kernel: 3,
        stride: Number(kw.stride ?? 1),
        padding,
        dilation: Number(kw.dilation ?? 1),
      });
      expect(`1, 8, ${h}, ${w}`, args).toBe(shape);
    }
  });
});

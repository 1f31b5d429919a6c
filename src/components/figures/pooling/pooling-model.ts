// View-model of the pooling figures on a 4×4 map: max, average and global
// average pooling computed by the reference ops, the window and winner behind
// each output, and where an upstream gradient of ones goes in backprop.

import { formatDecimal } from '../../../engine/arithmetic/format';
import {
  avgPool2d,
  avgPool2dBackward,
  avgPool2dProvenance,
  globalAvgPool2d,
  globalAvgPool2dBackward,
  makeTensor,
  maxPool2d,
  maxPool2dBackward,
  maxPool2dProvenance,
  type Tensor,
  type TensorLike,
} from '../../../engine/reference';

export type PoolOp = 'max' | 'avg' | 'gap';

export const OP_LABELS: Readonly<Record<PoolOp, string>> = {
  max: 'Max pooling 2×2',
  avg: 'Average pooling 2×2',
  gap: 'Global average pooling',
};

/** The 4×4 map of the figures: no ties inside a 2×2 window, so every max has one winner. */
export const SAMPLE: readonly (readonly number[])[] = [
  [1, 3, 2, 1],
  [5, 6, 0, 4],
  [0, 2, 9, 8],
  [1, 3, 7, 5],
];

/** The pooling window of the figures: 2×2 stride 2, or the whole map for global pooling. */
function kernelOf(op: PoolOp, input: TensorLike): [number, number] {
  return op === 'gap' ? [input.shape[0] ?? 1, input.shape[1] ?? 1] : [2, 2];
}

/** Forward pass of the chosen pooling. */
export function pool(op: PoolOp, input: TensorLike): Tensor {
  if (op === 'max') return maxPool2d(input, { kernelSize: 2 });
  if (op === 'avg') return avgPool2d(input, { kernelSize: 2 });
  return globalAvgPool2d(input);
}

export interface PoolWindow {
  /** Input cells the output reads, as "row,col" keys. */
  readonly cells: ReadonlySet<string>;
  /** The max's winner ("row,col"), where its gradient goes; null for averages. */
  readonly winner: string | null;
  readonly value: number;
  /** The computation with its numbers, e.g. "max(1, 3, 5, 6) = 6". */
  readonly text: string;
}

export const key = (row: number, col: number) => `${row},${col}`;

/** The window behind output (row, col), from the engine's provenance functions. */
export function poolWindow(op: PoolOp, input: TensorLike, row: number, col: number): PoolWindow {
  const f = (v: number) => formatDecimal(v, 4);
  if (op === 'max') {
    const p = maxPool2dProvenance(input, { row, col }, { kernelSize: 2 });
    const winner = p.winner ? key(p.winner.row, p.winner.col) : null;
    const text = `max(${p.cells.map((c) => f(c.value)).join(', ')}) = ${f(p.value)}`;
    return { cells: new Set(p.cells.map((c) => key(c.row, c.col))), winner, value: p.value, text };
  }
  // Global average pooling is average pooling with one window as large as the map.
  const k = kernelOf(op, input);
  const p = avgPool2dProvenance(input, { row, col }, { kernelSize: k });
  const terms = p.cells.map((c) => f(c.value));
  const text =
    op === 'gap'
      ? `mean of all ${p.divisor} values = ${f(p.sum)}/${p.divisor} = ${f(p.value)}`
      : `(${terms.join(' + ')})/${p.divisor} = ${f(p.value)}`;
  return { cells: new Set(p.cells.map((c) => key(c.row, c.col))), winner: null, value: p.value, text };
}

export type GradWindow = '2x2' | '3x3';

export const GRAD_WINDOW_LABELS: Readonly<Record<GradWindow, string>> = {
  '2x2': '2×2, stride 2',
  '3x3': '3×3, stride 1 (overlapping)',
};

const gradOptions = (w: GradWindow) => (w === '2x2' ? { kernelSize: 2 } : { kernelSize: 3, stride: 1 });

/** The gradient that reaches the input when every output's upstream gradient is 1. */
export function poolGradient(op: PoolOp, window: GradWindow, input: TensorLike): Tensor {
  if (op === 'gap') return globalAvgPool2dBackward(input, makeTensor([1, 1], [1]));
  const options = gradOptions(window);
  const out = pool2dShape(op, window, input);
  const ones = makeTensor(out, new Array<number>(out[0] * out[1]).fill(1));
  return op === 'max' ? maxPool2dBackward(input, ones, options) : avgPool2dBackward(input, ones, options);
}

function pool2dShape(op: PoolOp, window: GradWindow, input: TensorLike): [number, number] {
  const options = gradOptions(window);
  const y = op === 'max' ? maxPool2d(input, options) : avgPool2d(input, options);
  return [y.shape[0] ?? 1, y.shape[1] ?? 1];
}

/** What the gradient map says, as a sentence (counts and sums computed from it). */
export function describeGradient(op: PoolOp, window: GradWindow, grad: TensorLike): string {
  const values = Array.from(grad.data);
  const total = values.reduce((a, b) => a + b, 0);
  const nonzero = values.filter((v) => v !== 0).length;
  const f = (v: number) => formatDecimal(v, 4);
  const outputs = op === 'gap' ? 1 : pool2dShape(op, window, grad).reduce((a, b) => a * b, 1);
  const where =
    op === 'gap' ? 'global average pooling' : `${op === 'max' ? 'max' : 'average'} pooling ${GRAD_WINDOW_LABELS[window]}`;
  const head = `With ${where}, an upstream gradient of 1 on each of the ${outputs} outputs`;
  if (op === 'max') {
    const most = Math.max(...values);
    const shared = most > 1 ? ` One winner collects ${f(most)}, from every window it wins.` : '';
    return `${head} reaches ${nonzero} of the ${values.length} inputs, the winners; the other ${values.length - nonzero} get 0.${shared} The gradients add up to ${f(total)}.`;
  }
  const distinct = [...new Set(values.map(f))];
  const spread =
    distinct.length === 1
      ? `every input gets ${distinct[0]}`
      : `the inputs get between ${f(Math.min(...values))} and ${f(Math.max(...values))}, more where windows overlap`;
  return `${head} is spread evenly: ${spread}. The gradients add up to ${f(total)}.`;
}

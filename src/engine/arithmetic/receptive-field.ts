// Which input pixels one output unit can see, through a stack of layers.
//
// Along one axis, layer by layer (k_eff = d·(k − 1) + 1):
//   r_out     = r_in + (k_eff − 1)·j_in     receptive field, in input pixels
//   j_out     = j_in · s                    jump: input pixels between neighbouring outputs
//   start_out = start_in − p·j_in           first input pixel seen by output 0
// starting from r = 1, j = 1, start = 0 at the input. Pooling is just another entry (kernel and
// stride). The receptive field is the extent (bounding box) of what a unit sees: a dilated kernel
// skips pixels inside it.

import { effectiveKernel, slidingStepsFor } from './output-size';
import { requireNonNegativeInt, requirePositiveInt, showValue } from './pair';

/** One layer of the stack along one axis; stride 1, padding 0, dilation 1 by default (give a pool's stride). */
export interface ReceptiveFieldLayer {
  /** A label for the table, e.g. 'conv 3×3' or 'max pool 2'. */
  readonly name?: string;
  readonly kernel: number;
  readonly stride?: number;
  readonly padding?: number;
  readonly dilation?: number;
}

/** The stack up to and including one layer: a row of the receptive-field table. */
export interface ReceptiveFieldRow {
  /** Position in the stack, from 0. */
  readonly index: number;
  readonly name: string;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  /** d·(k − 1) + 1. */
  readonly span: number;
  /** Receptive field after this layer, in input pixels. */
  readonly rf: number;
  /** Input pixels between neighbouring outputs of this layer. */
  readonly jump: number;
  /** Input index of the first pixel seen by this layer's output 0 (negative: it starts in the padding). */
  readonly start: number;
  /** Input coordinate of the centre of output 0's receptive field: start + (rf − 1)/2. */
  readonly center: number;
  /** This layer's output size, when the stack was given an input size. */
  readonly outputSize?: number;
  /** The recurrence with numbers filled in, e.g. "3 + (3 − 1)·2 = 7". */
  readonly formula: string;
}

export interface ReceptiveField {
  /** One row per layer, in order. */
  readonly rows: readonly ReceptiveFieldRow[];
  /** Receptive field of the last layer's units (1 for an empty stack). */
  readonly rf: number;
  readonly jump: number;
  readonly start: number;
  readonly center: number;
  /** The last layer's output size, when the stack was given an input size. */
  readonly outputSize?: number;
}

export interface ReceptiveFieldOptions {
  /** Input size along this axis: each row then also carries its output size (PyTorch's floor rule). */
  readonly inputSize?: number;
}

const MINUS = '\u2212';

/** Receptive field, jump and start of every layer in a stack: how far each unit sees, per layer. */
export function receptiveField(layers: readonly ReceptiveFieldLayer[], options: ReceptiveFieldOptions = {}): ReceptiveField {
  const where = 'receptiveField';
  if (!Array.isArray(layers)) {
    throw new TypeError(`${where}: layers must be an array of layers, got ${showValue(layers)}`);
  }
  let size = options.inputSize === undefined ? undefined : requirePositiveInt(where, 'inputSize', options.inputSize);
  let rf = 1;
  let jump = 1;
  let start = 0;
  const rows: ReceptiveFieldRow[] = [];
  layers.forEach((layer, index) => {
    const at = `layers[${index}]`;
    if (typeof layer !== 'object' || layer === null) {
      throw new TypeError(`${where}: ${at} must be a layer like { kernel: 3 }, got ${showValue(layer)}`);
    }
    const kernel = requirePositiveInt(where, `${at}.kernel`, layer.kernel);
    const stride = requirePositiveInt(where, `${at}.stride`, layer.stride ?? 1);
    const padding = requireNonNegativeInt(where, `${at}.padding`, layer.padding ?? 0);
    const dilation = requirePositiveInt(where, `${at}.dilation`, layer.dilation ?? 1);
    const span = effectiveKernel(kernel, dilation);
    if (size !== undefined) {
      size = slidingStepsFor(`${where}: ${at}`, '', size, kernel, stride, padding, dilation, false).output;
    }
    const formula = `${rf} + (${span} ${MINUS} 1)·${jump} = ${rf + (span - 1) * jump}`;
    start -= padding * jump;
    rf += (span - 1) * jump;
    jump *= stride;
    rows.push({
      index,
      name: layer.name ?? `layer ${index}`,
      kernel,
      stride,
      padding,
      dilation,
      span,
      rf,
      jump,
      start,
      center: start + (rf - 1) / 2,
      ...(size === undefined ? {} : { outputSize: size }),
      formula,
    });
  });
  return { rows, rf, jump, start, center: start + (rf - 1) / 2, ...(size === undefined ? {} : { outputSize: size }) };
}

/** Closed form for L stacked stride-1 layers with the same kernel: 1 + L·d·(k − 1) (three 3×3 convs see 7×7). */
export function stride1ReceptiveField(depth: number, kernel: number, dilation = 1): number {
  const where = 'stride1ReceptiveField';
  const L = requireNonNegativeInt(where, 'depth', depth);
  const k = requirePositiveInt(where, 'kernel', kernel);
  const d = requirePositiveInt(where, 'dilation', dilation);
  return 1 + L * d * (k - 1);
}

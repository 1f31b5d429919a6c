// How much memory training a model takes, estimated from its spec's shapes
// alone, so that a model too big for the browser is refused before tfjs
// allocates a batch's activations (buildModel already refuses too many
// parameters). An estimate, not a measurement: it counts what any
// implementation must hold, and the backend's own scratch comes on top.
import { formatBytes, formatCount } from '../arithmetic/format';
import { layerParams, trace, type InputShape } from './infer';
import type { ModuleSpec } from './layers';

const BYTES_PER_FLOAT = 4;
/** Copies of every parameter a training step holds: the weights, their gradients and Adam's two moments. */
const PARAMETER_COPIES = 4;

/**
 * The most a training run may need by this estimate: 3 GB. A browser tab's
 * WebAssembly memory ends at 4 GB (32-bit addresses) and a laptop's GPU gives
 * a tab about as much; the rest is the data, the activations' gradients while
 * they are computed, and the backend's scratch. The guide's own cells need
 * well under 100 MB (SimpleCNN at batch 64: about 40 MB), so only a model
 * that would fail anyway is refused.
 */
export const MAX_TRAINING_BYTES = 3e9;

export interface TrainingMemory {
  batchSize: number;
  /** Numbers each layer outputs for one example, all layers together: what the backward pass keeps. */
  activationsPerExample: number;
  /** 4 bytes × batch × activationsPerExample (and the input batch). */
  activationBytes: number;
  parameters: number;
  /** Weights, gradients and Adam's two moments, 4 bytes each. */
  parameterBytes: number;
  totalBytes: number;
}

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The memory a training step of `spec` on `inputShape` images holds at `batchSize`, from shapes only. */
export function trainingMemory(spec: ModuleSpec, inputShape: InputShape, batchSize: number): TrainingMemory {
  let activationsPerExample = numel(inputShape);
  const count = (step: { output: { shape: readonly number[] } }): undefined => {
    activationsPerExample += numel(step.output.shape);
    return undefined;
  };
  trace(spec, inputShape, undefined, { layer: count, merge: count });
  const parameters = layerParams(spec);
  const activationBytes = BYTES_PER_FLOAT * batchSize * activationsPerExample;
  const parameterBytes = BYTES_PER_FLOAT * PARAMETER_COPIES * parameters;
  return {
    batchSize,
    activationsPerExample,
    activationBytes,
    parameters,
    parameterBytes,
    totalBytes: activationBytes + parameterBytes,
  };
}

/** The largest batch whose estimate stays within the limit (0 when even one example does not fit). */
export function largestBatchThatFits(memory: TrainingMemory, limit = MAX_TRAINING_BYTES): number {
  const perExample = BYTES_PER_FLOAT * memory.activationsPerExample;
  return Math.max(0, Math.floor((limit - memory.parameterBytes) / perExample));
}

/**
 * Throws a RangeError, starting with `fn` and giving the estimate, its parts
 * and the limit, when training `spec` at `batchSize` would need more than
 * MAX_TRAINING_BYTES.
 */
export function checkTrainingMemory(fn: string, spec: ModuleSpec, inputShape: InputShape, batchSize: number): void {
  const m = trainingMemory(spec, inputShape, batchSize);
  if (m.totalBytes <= MAX_TRAINING_BYTES) return;
  const fits = largestBatchThatFits(m);
  const fix =
    fits > 0
      ? `use a batchSize of at most ${formatCount(fits)}, or smaller images or fewer channels`
      : 'even one image does not fit: use smaller images, fewer channels or smaller layers';
  throw new RangeError(
    `${fn}: training this model at batch size ${formatCount(batchSize)} needs about ${formatBytes(m.totalBytes)} ` +
      `(${formatBytes(m.activationBytes)} of layer outputs kept for the backward pass, ${formatCount(m.activationsPerExample)} numbers an image, ` +
      `and ${formatBytes(m.parameterBytes)} of weights, gradients and Adam's moments for ${formatCount(m.parameters)} parameters), ` +
      `over the limit of ${formatBytes(MAX_TRAINING_BYTES)} a cell may use in the browser; ${fix}`,
  );
}

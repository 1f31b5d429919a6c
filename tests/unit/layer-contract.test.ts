// Every layer type, one example each, through every place a layer type must
// be known: its rule (shape, parameters, printout), the tfjs builder, and the
// list of layers whose weights a PyTorch state_dict holds. The table is keyed
// by LayerType, so a new type without an example here fails the type check
// (npm run check), and then these tests say what else it is missing.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../../src/engine/spec/infer';
import {
  LayerNorm2d,
  LayerScale,
  nn,
  Permute,
  StochasticDepth,
  type LayerOf,
  type LayerType,
  type ModuleSpec,
} from '../../src/engine/spec/layers';
import { formatLayer } from '../../src/engine/spec/repr';
import { buildModel, NOT_BUILDABLE_MESSAGE, trainableParamCount } from '../../src/engine/tf/build-model';
import { hasWeights } from '../../src/engine/tf/layer-names';

interface Example<K extends LayerType> {
  layer: LayerOf<K>;
  /** [C, H, W] given to the model ([C, L] for a 1-D layer, [C, D, H, W] for a 3-D one). */
  input: number[];
  /** Layers before it, e.g. a Flatten before a Linear. */
  before?: ModuleSpec[];
  /** A spec for counting and printing only (ConvNeXt's layers): the builder must refuse it by name. */
  notBuildable?: true;
}

const map: [number, number, number] = [2, 4, 4];
const examples: { readonly [K in LayerType]: Example<K> } = {
  Conv2d: { layer: nn.Conv2d(2, 3, 3, { padding: 1, stride: 2 }), input: [2, 5, 5] },
  BatchNorm2d: { layer: nn.BatchNorm2d(2), input: map },
  ReLU: { layer: nn.ReLU(), input: map },
  ReLU6: { layer: nn.ReLU6(), input: map },
  SiLU: { layer: nn.SiLU(), input: map },
  LeakyReLU: { layer: nn.LeakyReLU(0.1), input: map },
  GELU: { layer: nn.GELU(), input: map },
  Sigmoid: { layer: nn.Sigmoid(), input: map },
  Tanh: { layer: nn.Tanh(), input: map },
  Hardswish: { layer: nn.Hardswish(), input: map },
  Hardsigmoid: { layer: nn.Hardsigmoid(), input: map },
  MaxPool2d: { layer: nn.MaxPool2d(3, { stride: 2, ceilMode: true }), input: [2, 6, 6] },
  AvgPool2d: { layer: nn.AvgPool2d(2, { padding: 1 }), input: [2, 5, 5] },
  AdaptiveAvgPool2d: { layer: nn.AdaptiveAvgPool2d([2, 3]), input: [2, 5, 7] },
  Flatten: { layer: nn.Flatten(), input: map },
  Dropout: { layer: nn.Dropout(0.2), input: map },
  Linear: { layer: nn.Linear(2 * 4 * 4, 5), input: map, before: [nn.Flatten()] },
  Identity: { layer: nn.Identity(), input: map },
  StochasticDepth: { layer: StochasticDepth(0.2), input: map },
  LayerNorm: { layer: nn.LayerNorm(2 * 4 * 4), input: map, before: [nn.Flatten()], notBuildable: true },
  LayerNorm2d: { layer: LayerNorm2d(2), input: map, notBuildable: true },
  Permute: { layer: Permute([0, 2, 3, 1]), input: map, notBuildable: true },
  LayerScale: { layer: LayerScale(2, 1e-6), input: map, notBuildable: true },
  Conv1d: { layer: nn.Conv1d(2, 3, 3, { padding: 1, stride: 2 }), input: [2, 9] },
  Conv3d: { layer: nn.Conv3d(2, 3, 3, { padding: 1, stride: 2 }), input: [2, 5, 5, 4] },
  MaxPool1d: { layer: nn.MaxPool1d(3, { stride: 2, ceilMode: true }), input: [2, 8] },
  AvgPool1d: { layer: nn.AvgPool1d(2, { padding: 1 }), input: [2, 7] },
  MaxPool3d: { layer: nn.MaxPool3d([1, 3, 3], { stride: 2, padding: [0, 1, 1] }), input: [2, 3, 6, 5] },
  AvgPool3d: { layer: nn.AvgPool3d(2), input: [2, 4, 5, 4] },
  AdaptiveAvgPool1d: { layer: nn.AdaptiveAvgPool1d(1), input: [2, 7] },
};

/** tfjs's [B, ...spatial, C] (or [B, F]) as PyTorch's [C, ...spatial] (or [F]). */
const torchShape = (shape: readonly (number | null)[]): number[] =>
  (shape.length >= 3 ? [shape.at(-1), ...shape.slice(1, -1)] : shape.slice(1)) as number[];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(Object.entries(examples) as [LayerType, Example<LayerType>][])(
  '%s',
  (type, { layer, input, before = [], notBuildable }) => {
    const spec = nn.Sequential(...before, layer);
    const summary = summarize(spec, input);
    const row = summary.rows.at(-1)!;

    it('has a rule: a shape, a parameter count and a printout like PyTorch', () => {
      expect(row.type).toBe(type);
      expect(row.outputShape.every((d, i) => (i === 0 ? d === -1 : Number.isInteger(d) && d > 0))).toBe(true);
      expect(formatLayer(layer)).toMatch(new RegExp(`^${type}\\(.*\\)$`));
    });

    it('is on the list of layers with state_dict weights exactly when it has parameters (and can be built)', () => {
      expect(hasWeights(layer)).toBe(row.params > 0 && !notBuildable);
    });

    // A spec-only layer must be refused by name; every other layer must build with its rule's shape and parameters.
    it(
      notBuildable
        ? 'is refused by the tfjs builder with an error that names it'
        : 'builds in tfjs with the shape and the parameters its rule gives',
      () => {
        if (notBuildable) {
          expect(() => buildModel(spec, input, { seed: 1 })).toThrow(
            `Layer ${before.length} (${type}): ${type} ${NOT_BUILDABLE_MESSAGE}`,
          );
          return;
        }
        const model = buildModel(spec, input, { seed: 1 });
        expect(torchShape(model.outputs[0]!.shape)).toEqual(row.outputShape.slice(1));
        expect(trainableParamCount(model)).toBe(summary.totalParams);
        model.dispose();
      },
    );
  },
);

/**
 * CAM, Grad-CAM, saliency, SmoothGrad and occlusion against PyTorch
 * (tests/fixtures/explain-reference.json, written by
 * scripts/fixtures/explain_reference.py), the CAM = Grad-CAM identity, and no
 * leaked tensors.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BasicBlock } from '../../src/engine/spec/blocks';
import { nn } from '../../src/engine/spec/layers';
import { simpleCNN } from '../../src/engine/spec/zoo';
import { buildModel } from '../../src/engine/tf/build-model';
import {
  cam,
  camParts,
  gradCam,
  lastConvStage,
  occlusion,
  patchPositions,
  saliency,
  smoothGrad,
  smoothGradWithNoise,
} from '../../src/engine/tf/heatmaps';
import { loadTorchWeights, type TorchTensor } from '../../src/engine/tf/torch-weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Map2 {
  coarse: TorchTensor;
  values: TorchTensor;
}
interface ModelReference {
  state_dict: Record<string, TorchTensor>;
  logits: TorchTensor;
  predicted: number;
  other: number;
  cam: Record<string, Map2>;
  gradCam: Record<string, Record<string, Map2>>;
  saliency: Record<string, TorchTensor>;
  smoothGrad: { class: number; noise: TorchTensor[]; values: TorchTensor };
  occlusion: { class: number; patch: number; stride: number; values: TorchTensor };
}
const reference = JSON.parse(readFileSync(new URL('../fixtures/explain-reference.json', import.meta.url), 'utf8')) as {
  plain: ModelReference;
  residual: ModelReference;
  input: TorchTensor;
};

// Keep in step with plain() and residual() in scripts/fixtures/explain_reference.py.
const specs = {
  plain: nn.Sequential(
    nn.Conv2d(1, 4, 3, { padding: 1 }),
    nn.BatchNorm2d(4),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(4, 6, 3, { padding: 1 }),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(6, 3),
  ),
  residual: nn.Sequential(
    nn.Conv2d(1, 4, 3, { padding: 1 }),
    nn.BatchNorm2d(4),
    nn.ReLU(),
    BasicBlock(4, 4),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(4, 3),
  ),
};

function loaded(name: 'plain' | 'residual'): tf.LayersModel {
  const model = buildModel(specs[name], [1, 8, 8]);
  loadTorchWeights(model, specs[name], reference[name].state_dict);
  return model;
}

/** The fixture's input [1, 8, 8] (CHW, one channel) as NHWC. */
const input = () => tf.tensor4d(reference.input.data as number[], [1, 8, 8, 1]);

/** max |actual - expected| relative to max |expected|: values cross zero, so element ratios mean nothing. */
function relativeError(actual: ArrayLike<number>, expected: TorchTensor): number {
  expect(actual.length).toBe(expected.data.length);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < actual.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected.data[i]!));
    scale = Math.max(scale, Math.abs(expected.data[i]!));
  }
  return worst / (scale || 1);
}

const TOLERANCE = 1e-4;

describe.each(['plain', 'residual'] as const)('the %s model against PyTorch', (name) => {
  const ref = reference[name];

  it('has the same logits once the state_dict is loaded', () => {
    const model = loaded(name);
    const x = input();
    const logits = model.predict(x) as tf.Tensor;
    expect(relativeError(logits.dataSync(), ref.logits)).toBeLessThan(TOLERANCE);
    tf.dispose([x, logits]);
    model.dispose();
  });

  it('computes CAM and Grad-CAM on every layer as PyTorch does, for the predicted and another class', async () => {
    const model = loaded(name);
    const x = input();
    for (const cls of [ref.predicted, ref.other]) {
      const c = await cam(model, x, { classIndex: cls });
      expect(c).toMatchObject({ method: 'cam', classIndex: cls, width: 8, height: 8, signed: true });
      expect(relativeError(c.coarse!.values, ref.cam[String(cls)]!.coarse)).toBeLessThan(TOLERANCE);
      expect(relativeError(c.values, ref.cam[String(cls)]!.values)).toBeLessThan(TOLERANCE);
      for (const [layer, expected] of Object.entries(ref.gradCam[String(cls)]!)) {
        const g = await gradCam(model, x, { classIndex: cls, layer });
        expect(g).toMatchObject({ method: 'grad-cam', classIndex: cls, layer, width: 8, height: 8, signed: false });
        expect([g.coarse!.height, g.coarse!.width]).toEqual(expected.coarse.shape);
        expect(relativeError(g.coarse!.values, expected.coarse), `${layer}, class ${cls}`).toBeLessThan(TOLERANCE);
        expect(relativeError(g.values, expected.values), `${layer}, class ${cls}`).toBeLessThan(TOLERANCE);
      }
    }
    x.dispose();
    model.dispose();
  });

  it('computes saliency, SmoothGrad (on the same noise) and occlusion as PyTorch does', async () => {
    const model = loaded(name);
    const x = input();
    for (const cls of [ref.predicted, ref.other]) {
      const s = await saliency(model, x, { classIndex: cls });
      expect(relativeError(s.values, ref.saliency[String(cls)]!)).toBeLessThan(TOLERANCE);
    }
    const noise = tf.tensor4d(
      ref.smoothGrad.noise.flatMap((n) => n.data as number[]),
      [ref.smoothGrad.noise.length, 8, 8, 1],
    );
    const sg = await smoothGradWithNoise(model, x, noise, ref.smoothGrad.class);
    expect(relativeError(sg.values, ref.smoothGrad.values)).toBeLessThan(TOLERANCE);
    const { patch, stride } = ref.occlusion;
    const o = await occlusion(model, x, { classIndex: ref.occlusion.class, patch, stride, batchSize: 5 });
    expect(relativeError(o.values, ref.occlusion.values)).toBeLessThan(TOLERANCE);
    tf.dispose([x, noise]);
    model.dispose();
  });
});

describe('CAM and Grad-CAM on a GAP + linear model', () => {
  it('agree: Grad-CAM on the pooled maps is ReLU(CAM) / (h w)', async () => {
    // d y_c / d A_k(i, j) = w_ck / (h w) everywhere, so Grad-CAM's channel weights are CAM's divided by h w.
    const model = buildModel(simpleCNN({ inChannels: 1 }), [1, 28, 28], { seed: 3 });
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const { maps } = camParts(model);
    expect(maps.name).toBe('maxpool2d_11');
    let positive = 0;
    for (let cls = 0; cls < 10; cls++) {
      const c = await cam(model, x, { classIndex: cls });
      const g = await gradCam(model, x, { classIndex: cls, layer: maps.name });
      const area = c.coarse!.width * c.coarse!.height;
      expect(area).toBe(9);
      const expected = Array.from(c.coarse!.values, (v) => Math.max(v, 0) / area);
      const scale = Math.max(...Array.from(c.coarse!.values, Math.abs));
      g.coarse!.values.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5 * scale));
      if (expected.some((v) => v > 0)) positive++;
      // Both are upsampled the same way (ReLU comes before it in Grad-CAM), so the full maps agree wherever CAM is >= 0 on the whole grid.
      if (c.coarse!.values.every((v) => v >= 0)) {
        g.values.forEach((v, i) => expect(Math.abs(v - c.values[i]! / area)).toBeLessThan(1e-5 * scale));
      }
    }
    // The identity was checked on classes where CAM has positive parts, not only on all-zero maps.
    expect(positive).toBeGreaterThan(2);
    x.dispose();
    model.dispose();
  });

  it('says why CAM needs global average pooling and a linear layer', () => {
    const model = buildModel(nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 6 * 6, 3)), [1, 8, 8]);
    expect(() => camParts(model)).toThrow(
      "cam: CAM needs a model that ends in global average pooling and one linear layer; before 'linear_3' there is 'flatten_2_chw' (Permute). Grad-CAM works on any conv layer.",
    );
    model.dispose();
  });
});

describe('choices and checks', () => {
  it('defaults Grad-CAM to the last conv stage after BatchNorm and ReLU', () => {
    const model = buildModel(simpleCNN({ inChannels: 1 }), [1, 28, 28]);
    expect(lastConvStage(model)).toBe('relu_10');
    model.dispose();
  });

  it('slides occlusion patches so that every pixel is covered', () => {
    expect(patchPositions(8, 3, 2)).toEqual([0, 2, 4, 5]);
    expect(patchPositions(28, 6, 2)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22]);
    expect(patchPositions(4, 4, 3)).toEqual([0]);
  });

  it('names what is wrong with the image, the class or the layer', async () => {
    const model = loaded('plain');
    const x = input();
    const wrong = tf.zeros([1, 7, 8, 1]) as tf.Tensor4D;
    await expect(gradCam(model, wrong)).rejects.toThrow('gradCam: expected one image [1, 8, 8, 1], got [1, 7, 8, 1]');
    await expect(cam(model, x, { classIndex: 3 })).rejects.toThrow("cam: class 3 is not one of the model's 3 classes (0 to 2)");
    await expect(gradCam(model, x, { layer: 'linear_8' })).rejects.toThrow(
      "gradCam: 'linear_8' is not a layer with a [H, W, C] output; the model's are: conv2d_0, batchnorm2d_1, relu_2, maxpool2d_3, conv2d_4, relu_5",
    );
    await expect(occlusion(model, x, { patch: 9 })).rejects.toThrow('occlusion: a 9-pixel patch does not fit the 8x8 image');
    tf.dispose([x, wrong]);
    model.dispose();
  });

  it('seeds SmoothGrad: the same seed gives the same map, another seed another', async () => {
    const model = loaded('plain');
    const x = input();
    const a = await smoothGrad(model, x, { samples: 6, seed: 1 });
    const b = await smoothGrad(model, x, { samples: 6, seed: 1 });
    const c = await smoothGrad(model, x, { samples: 6, seed: 2 });
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(Array.from(a.values)).not.toEqual(Array.from(c.values));
    x.dispose();
    model.dispose();
  });
});

describe('tensors', () => {
  it('leaks none: every method frees what it made', async () => {
    const model = loaded('residual');
    const x = input();
    await cam(model, x); // warm up: tfjs caches a few tensors on first use
    const before = tf.memory().numTensors;
    await cam(model, x);
    await gradCam(model, x);
    await gradCam(model, x, { layer: 'conv2d_0' });
    await saliency(model, x);
    await smoothGrad(model, x, { samples: 3 });
    await occlusion(model, x, { patch: 3, stride: 2 });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });
});

import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nn } from '../../src/engine/spec/layers';
import { buildModel } from '../../src/engine/tf/build-model';
import { Adam, AdamW, SGD, type TorchOptimizer } from '../../src/engine/tf/optim';
import { trainClassifier, type ImageTensors } from '../../src/engine/tf/train-classifier';

interface TorchOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weight_decay?: number;
  betas?: [number, number];
  eps?: number;
}

interface OptimizerCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  options: TorchOptions;
  lrs: number[];
  /** after[step][param]: flat values. */
  after: number[][][];
}

interface Fixture {
  params: { shape: number[]; values: number[] }[];
  /** grads[step][param]: flat values. */
  grads: number[][][];
  optimizers: OptimizerCase[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/optim-reference.json', import.meta.url), 'utf8')) as Fixture;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function fromTorch(c: OptimizerCase): TorchOptimizer<unknown> {
  const o = c.options;
  const common = { lr: o.lr, weightDecay: o.weight_decay };
  switch (c.optimizer) {
    case 'SGD':
      return new SGD({ ...common, lr: o.lr ?? NaN, momentum: o.momentum, dampening: o.dampening, nesterov: o.nesterov });
    case 'Adam':
      return new Adam({ ...common, betas: o.betas, eps: o.eps });
    case 'AdamW':
      return new AdamW({ ...common, betas: o.betas, eps: o.eps });
  }
}

const initialVariables = () => fixture.params.map(({ shape, values }) => tf.variable(tf.tensor(values, shape, 'float32'), true));

const gradientsOf = (step: number) =>
  fixture.grads[step]!.map((values, i) => tf.tensor(values, fixture.params[i]!.shape, 'float32'));

/**
 * The largest relative error over all entries. An entry that a step brings
 * near 0 is measured against 0.01 instead (an absolute 1e-7 at the tolerance
 * below): its relative error says more about cancellation than about the rule.
 */
function maxRelativeError(actual: ArrayLike<number>, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  expected.forEach((e, i) => {
    worst = Math.max(worst, Math.abs(actual[i]! - e) / Math.max(Math.abs(e), 0.01));
  });
  return worst;
}

type Apply = 'applyGradients map' | 'applyGradients list' | 'step' | 'minimize';

/** Replays the fixture's gradients through `optimizer`, returning the worst relative error of any step. */
function replay(c: OptimizerCase, optimizer: tf.Optimizer & { learningRate: number }, via: Apply): number {
  const variables = initialVariables();
  let worst = 0;
  c.lrs.forEach((lr, step) => {
    optimizer.learningRate = lr;
    const grads = gradientsOf(step);
    if (via === 'applyGradients map') {
      optimizer.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, grads[i]!])));
    } else if (via === 'applyGradients list') {
      optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
    } else if (via === 'step') {
      (optimizer as TorchOptimizer<unknown>).step(variables.map((v, i) => [v, grads[i]!] as const));
    } else {
      // A loss whose gradient is exactly the fixture's: sum(p · g).
      optimizer.minimize(() => tf.addN(variables.map((v, i) => tf.sum(tf.mul(v, grads[i]!)))) as tf.Scalar, false, variables);
    }
    tf.dispose(grads);
    variables.forEach((v, i) => {
      worst = Math.max(worst, maxRelativeError(v.dataSync(), c.after[step]![i]!));
    });
  });
  tf.dispose(variables);
  return worst;
}

/** float32 against PyTorch's float32: what the two may differ by in rounding, relative. */
const TOLERANCE = 1e-5;

const caseNamed = (name: string): OptimizerCase => {
  const c = fixture.optimizers.find((o) => o.name === name);
  if (!c) throw new Error(`no fixture case ${name}`);
  return c;
};

describe('optimizers match torch.optim (float32, 1e-5 relative)', () => {
  it('the fixture has the cases the brief asks for', () => {
    expect(fixture.optimizers.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'sgd',
        'sgd_momentum',
        'sgd_nesterov_weight_decay',
        'adam',
        'adam_default_lr',
        'adam_weight_decay',
        'adamw',
        'adamw_lr_change',
        'sgd_momentum_lr_change',
      ]),
    );
    for (const c of fixture.optimizers) expect(c.after).toHaveLength(fixture.grads.length);
  });

  it.each(fixture.optimizers.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const optimizer = fromTorch(c);
    expect(replay(c, optimizer, 'applyGradients map')).toBeLessThan(TOLERANCE);
    optimizer.dispose();
  });

  it.each<Apply>(['applyGradients list', 'step', 'minimize'])('works through %s', (via) => {
    for (const name of ['adamw_lr_change', 'sgd_nesterov_weight_decay']) {
      const c = caseNamed(name);
      const optimizer = fromTorch(c);
      expect(replay(c, optimizer, via)).toBeLessThan(TOLERANCE);
      optimizer.dispose();
    }
  });

  // The fixture and tolerance can tell PyTorch's rules from near misses:
  // tfjs's own Adam (eps outside the bias correction), coupled instead of
  // decoupled decay, plain instead of Nesterov momentum.
  it('tells apart what differs from PyTorch', () => {
    const adam = caseNamed('adam');
    const tfjsAdam = tf.train.adam(0.1, 0.9, 0.999, 1e-8);
    expect(replay(adam, tfjsAdam as unknown as tf.Optimizer & { learningRate: number }, 'applyGradients map')).toBeGreaterThan(
      TOLERANCE,
    );
    tfjsAdam.dispose();

    const adamw = caseNamed('adamw');
    const coupled = new Adam({ lr: 0.1, weightDecay: 0.01 });
    expect(replay(adamw, coupled, 'applyGradients map')).toBeGreaterThan(TOLERANCE);
    coupled.dispose();

    const nesterov = caseNamed('sgd_nesterov_weight_decay');
    const plainMomentum = new SGD({ lr: 0.1, momentum: 0.9, weightDecay: 0.01 });
    expect(replay(nesterov, plainMomentum, 'applyGradients map')).toBeGreaterThan(TOLERANCE);
    plainMomentum.dispose();
  });
});

describe('optimizer memory', () => {
  it.each([
    ['SGD with momentum', () => new SGD({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-4 }), 1],
    ['SGD without momentum', () => new SGD({ lr: 0.1, weightDecay: 1e-4 }), 0],
    ['Adam', () => new Adam({ lr: 0.1, weightDecay: 0.1 }), 2],
    ['AdamW', () => new AdamW({ lr: 0.1 }), 2],
  ] as const)('%s keeps only its state, and dispose() frees it', (_, make, perVariable) => {
    const variables = initialVariables();
    const before = tf.memory().numTensors;
    const optimizer = make();
    for (let step = 0; step < fixture.grads.length; step++) {
      const grads = gradientsOf(step);
      optimizer.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, grads[i]!])));
      tf.dispose(grads);
      expect(tf.memory().numTensors).toBe(before + perVariable * variables.length);
    }
    // minimize's gradients and loss are freed too.
    optimizer.minimize(() => tf.addN(variables.map((v) => tf.sum(tf.square(v)))) as tf.Scalar, false, variables);
    expect(tf.memory().numTensors).toBe(before + perVariable * variables.length);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(variables);
  });
});

describe('optimizer semantics', () => {
  it('skips a variable without a gradient, state and all, as PyTorch skips grad None', async () => {
    const [a, b] = initialVariables() as [tf.Variable, tf.Variable];
    const bBefore = Array.from(b.dataSync());
    const before = tf.memory().numTensors;
    const optimizer = new Adam({ lr: 0.1 });
    const grad = tf.onesLike(a);
    optimizer.applyGradients([
      { name: a.name, tensor: grad },
      { name: b.name, tensor: undefined as unknown as tf.Tensor },
    ]);
    expect(tf.memory().numTensors).toBe(before + 1 + 2);
    expect(Array.from(b.dataSync())).toEqual(bBefore);
    expect(optimizer.iterations).toBe(1);
    tf.dispose([grad, a, b]);
    optimizer.dispose();
  });

  it('updates a LayersModel through minimize, with every trainable weight stepped', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const x = tf.ones([4, 3]);
    const before = variables.map((v) => Array.from(v.dataSync()));
    const optimizer = new SGD({ lr: 0.5, momentum: 0.9 });
    optimizer.minimize(() => tf.sum(model.apply(x) as tf.Tensor) as tf.Scalar, false, variables);
    // d(sum)/d(bias) = 4 per unit, so each bias moves by -lr·4 = -2 on the first step.
    const bias = variables.find((v) => v.shape.length === 1)!;
    const biasBefore = before[variables.indexOf(bias)]!;
    Array.from(bias.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(biasBefore[i]! - 2, 5));
    optimizer.dispose();
    x.dispose();
    model.dispose();
  });

  it('explains bad input', () => {
    const v = tf.variable(tf.zeros([2]));
    const wrong = tf.zeros([3]);
    const optimizer = new SGD({ lr: 0.1 });
    expect(() => optimizer.step([[v, wrong]])).toThrow(/gradient of '.*' is \[3\], the variable \[2\]/);
    expect(() => optimizer.applyGradients({ 'no-such-variable': wrong })).toThrow(
      "SGD: there is no variable named 'no-such-variable'",
    );
    expect(() => new SGD({ lr: 0.1, nesterov: true })).toThrow('Nesterov momentum requires a momentum and zero dampening');
    expect(() => new SGD({ lr: -1 })).toThrow('SGD: lr must be a finite number >= 0, got -1');
    expect(() => new Adam({ betas: [0.9, 1] })).toThrow('Adam: betas[1] must be in [0, 1), got 1');
    expect(() => new AdamW({ weightDecay: NaN })).toThrow('AdamW: weightDecay must be a finite number >= 0, got NaN');
    expect(new AdamW().weightDecay).toBe(0.01);
    expect(new Adam().weightDecay).toBe(0);
    expect(new Adam().learningRate).toBe(1e-3);
    tf.dispose([v, wrong]);
    optimizer.dispose();
  });
});

describe('trainClassifier with these optimizers and augmentation', () => {
  /** 8x8 noise; class 0 brighter in the top half, class 1 in the bottom (a flip keeps the class). */
  function topOrBottom(n: number, seed: number): ImageTensors {
    return tf.tidy(() => {
      const noise = tf.randomUniform([n, 8, 8, 1], 0, 0.6, 'float32', seed);
      const labels = tf.tensor1d(
        Array.from({ length: n }, (_, i) => i % 2),
        'int32',
      );
      const top = tf.concat([tf.ones([4, 8, 1]), tf.zeros([4, 8, 1])], 0);
      const masks = tf.stack([top, tf.sub(1, top)]);
      return { x: tf.add(noise, tf.mul(tf.gather(masks, labels), 0.4)) as tf.Tensor4D, y: labels };
    });
  }
  const tiny = () =>
    nn.Sequential(nn.Conv2d(1, 4, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 4 * 4, 2));

  it.each([
    ['sgd', { optimizer: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4 }],
    ['adamw', { optimizer: 'adamw', learningRate: 0.02, augment: { flip: true, cropPadding: 1 } }],
    ['adam', { optimizer: 'adam', learningRate: 0.02, weightDecay: 1e-4, augment: { mixup: 0.2, cutmix: 1 } }],
  ] as const)('%s learns, repeats with a seed and leaks nothing', async (_, options) => {
    const data = topOrBottom(64, 1);
    const run = async (epochs: number) => {
      const model = buildModel(tiny(), [1, 8, 8], { seed: 1 });
      const before = tf.memory().numTensors;
      const result = await trainClassifier(model, data, data, { epochs, batchSize: 16, seed: 3, schedule: 'cosine', ...options });
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
      return result.epochs;
    };
    const history = await run(6);
    expect(history.at(-1)!.testAccuracy).toBeGreaterThan(0.8);
    expect(history.at(-1)!.trainLoss).toBeLessThan(history[0]!.trainLoss);
    expect((await run(1)).map((e) => e.trainLoss)).toEqual((await run(1)).map((e) => e.trainLoss));
    tf.dispose([data.x, data.y]);
  });

  it('refuses bad optimizer and augmentation settings before training', async () => {
    const data = topOrBottom(8, 2);
    const model = buildModel(tiny(), [1, 8, 8], { seed: 1 });
    const before = tf.memory().numTensors;
    const opts = { epochs: 1, batchSize: 4, learningRate: 0.01 };
    await expect(trainClassifier(model, data, null, { ...opts, augment: { cropPadding: -1 } })).rejects.toThrow(
      'train(): augment.cropPadding must be an integer >= 0, got -1',
    );
    await expect(trainClassifier(model, data, null, { ...opts, augment: { mixup: 0 } })).rejects.toThrow(
      'train(): augment.mixup (α) must be positive, got 0',
    );
    await expect(trainClassifier(model, data, null, { ...opts, optimizer: 'rmsprop' as 'sgd' })).rejects.toThrow(
      `train(): optimizer must be 'adam', 'adamw' or 'sgd', got "rmsprop"`,
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { nn, buildModel, loadFashionMnist, toTensors, optim, crossEntropy, shuffledIndices, checkStop, show } from 'cnn-guide';

// Settings worth changing.
const TRAIN_IMAGES = 3200;
const BATCH_SIZE = 32;
const START_LR = 1e-4;
const END_LR = 10;
const STEPS = 100;
const SEED = 1;

const data = await loadFashionMnist({ train: TRAIN_IMAGES, test: 1 });
const trainSet = toTensors(data.train);
const model = buildModel(
  nn.Sequential(
    nn.Conv2d(1, 8, 3, { padding: 1 }), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, { padding: 1 }), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 7 * 7, 10),
  ),
  [1, 28, 28],
  { seed: SEED },
);
const parameters = model.trainableWeights.map((w) => w.read() as tf.Variable);
const optimizer = optim.SGD({ lr: START_LR, momentum: 0.9 });
const order = shuffledIndices(TRAIN_IMAGES, SEED);

// One batch per step, the learning rate multiplied by the same factor each step, from START_LR to END_LR.
const chart = { id: 'range', title: 'Loss against the learning rate', xLabel: 'log₁₀ learning rate', yLabel: 'loss', series: ['loss', 'smoothed loss', 'suggested'] };
const tried: { lr: number; smoothed: number }[] = [];
let average = 0;
for (let step = 0; step < STEPS; step++) {
  const lr = START_LR * (END_LR / START_LR) ** (step / (STEPS - 1));
  optimizer.learningRate = lr;
  const start = (step * BATCH_SIZE) % TRAIN_IMAGES;
  const loss = tf.tidy(() => {
    const batch = tf.tensor1d(order.slice(start, start + BATCH_SIZE), 'int32');
    const [x, y] = [tf.gather(trainSet.x, batch), tf.gather(trainSet.y, batch)];
    return optimizer.minimize(() => crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y), true, parameters)!;
  });
  const value = (await loss.data())[0]!;
  loss.dispose();
  // An exponential moving average (with bias correction) so that one lucky batch does not decide.
  average = 0.9 * average + 0.1 * value;
  const smoothed = average / (1 - 0.9 ** (step + 1));
  await checkStop();
  const best = Math.min(...tried.map((t) => t.smoothed));
  // Stop once the loss has clearly blown up: larger learning rates only diverge further.
  if (!Number.isFinite(smoothed) || smoothed > 4 * best) {
    show.log(`Stopped at learning rate ${lr.toPrecision(2)}: the loss is diverging.`);
    break;
  }
  tried.push({ lr, smoothed });
  // Single batches can spike far above the rest; capped, so the chart's scale stays readable.
  show.chart(chart, Math.log10(lr), [Math.min(value, 4 * best), smoothed, null]);
}

// A common rule (fastai's lr_find): a tenth of the learning rate where the smoothed loss was lowest.
const lowest = tried.reduce((a, b) => (b.smoothed < a.smoothed ? b : a));
const suggested = lowest.lr / 10;
const near = tried.reduce((a, b) => (Math.abs(Math.log(b.lr / suggested)) < Math.abs(Math.log(a.lr / suggested)) ? b : a));
// The mark: a vertical stem from 0 up to the smoothed curve at the suggested rate.
show.chart(chart, Math.log10(suggested), [null, null, 0]);
show.chart(chart, Math.log10(suggested) + 1e-6, [null, null, near.smoothed]);
show.table(
  ['', 'Learning rate', 'Smoothed loss'],
  [
    ['lowest loss', lowest.lr.toPrecision(2), lowest.smoothed.toFixed(3)],
    ['suggested (a tenth of it)', suggested.toPrecision(2), near.smoothed.toFixed(3)],
  ],
  'Learning-rate range test',
);

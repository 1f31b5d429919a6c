import * as tf from '@tensorflow/tfjs';
import { nn, buildModel, optim, crossEntropy, correctCount, shuffledIndices, seededRandom, checkStop, show, explain } from 'cnn-guide';

// Settings worth changing: samples per signal, and the standard deviation of
// the added noise (the waves' amplitude is 0.5 to 1.5).
const LENGTH = 128;
const NOISE = 0.5;
const TRAIN_SIGNALS = 2000;
const TEST_SIGNALS = 1000;
const EPOCHS = 10;
const BATCH_SIZE = 50;
const LEARNING_RATE = 0.01;
const SEED = 0;

// A seeded synthetic task: which waveform is hidden in the noise, if any?
// Each signal has its own frequency (2 to 6 periods), phase and amplitude.
const CLASSES = ['sine', 'square', 'sawtooth', 'noise only'];
const wave = [
  (t: number) => Math.sin(2 * Math.PI * t),
  (t: number) => (t - Math.floor(t) < 0.5 ? 1 : -1),
  (t: number) => 2 * (t - Math.floor(t)) - 1,
  () => 0,
];

function makeSignals(count: number, seed: number): { x: tf.Tensor3D; y: tf.Tensor1D; values: Float32Array } {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const values = new Float32Array(count * LENGTH);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % CLASSES.length;
    const periods = 2 + 4 * random();
    const phase = random();
    const amplitude = 0.5 + random();
    for (let j = 0; j < LENGTH; j++) {
      values[i * LENGTH + j] = amplitude * wave[label]!(phase + (periods * j) / LENGTH) + NOISE * gaussian();
    }
    labels[i] = label;
  }
  // tfjs is channels-last: a batch of one-channel signals is [N, L, 1] where PyTorch has [N, 1, L].
  return { x: tf.tensor3d(values, [count, LENGTH, 1]), y: tf.tensor1d(labels, 'int32'), values };
}

const trainSet = makeSignals(TRAIN_SIGNALS, SEED);
const testSet = makeSignals(TEST_SIGNALS, SEED + 1);

// One example of each class, as the network sees it, each drawn 5 higher than the next so they do not overlap.
const examples = { id: 'examples', title: 'One test signal of each class (shifted apart by 5)', xLabel: 'sample', yLabel: 'value + shift', series: CLASSES };
for (let j = 0; j < LENGTH; j++) show.chart(examples, j, CLASSES.map((_, c) => testSet.values[c * LENGTH + j]! + 5 * (CLASSES.length - 1 - c)));

// Conv1d slides each 9-sample kernel along time; global average pooling makes the answer the same wherever the pattern is.
const spec = nn.Sequential(
  nn.Conv1d(1, 8, 9, { padding: 4 }), nn.ReLU(), nn.MaxPool1d(2),
  nn.Conv1d(8, 16, 9, { padding: 4 }), nn.ReLU(), nn.MaxPool1d(2),
  nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(16, CLASSES.length),
);
show.model(spec, [1, LENGTH]);
const model = buildModel(spec, [1, LENGTH], { seed: SEED });
const parameters = model.trainableWeights.map((w) => w.read() as tf.Variable);
const optimizer = optim.Adam({ lr: LEARNING_RATE });

async function accuracy(set: { x: tf.Tensor3D; y: tf.Tensor1D }): Promise<number> {
  const right = tf.tidy(() => correctCount(model.apply(set.x, { training: false }) as tf.Tensor2D, set.y));
  const correct = (await right.data())[0]!;
  right.dispose();
  return correct / set.y.shape[0];
}

const lossChart = { id: 'loss', title: 'Training loss and test accuracy by epoch', xLabel: 'epoch', yLabel: 'value', series: ['training loss', 'test accuracy'] };
const rows: (string | number)[][] = [];
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  const order = shuffledIndices(TRAIN_SIGNALS, SEED + epoch);
  let lossSum = 0;
  for (let start = 0; start < TRAIN_SIGNALS; start += BATCH_SIZE) {
    const loss = tf.tidy(() => {
      const batch = tf.tensor1d(order.slice(start, start + BATCH_SIZE), 'int32');
      const x = tf.gather(trainSet.x, batch);
      const y = tf.gather(trainSet.y, batch);
      const { value, grads } = tf.variableGrads(() => crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y), parameters);
      optimizer.applyGradients(grads);
      return value;
    });
    lossSum += (await loss.data())[0]!;
    loss.dispose();
    await checkStop();
  }
  const meanLoss = lossSum / Math.ceil(TRAIN_SIGNALS / BATCH_SIZE);
  const testAccuracy = await accuracy(testSet);
  show.chart(lossChart, epoch, [meanLoss, testAccuracy]);
  rows.push([epoch, meanLoss.toFixed(3), `${(100 * testAccuracy).toFixed(1)}%`]);
}
show.table(['Epoch', 'Mean training loss', 'Test accuracy'], rows, 'Training a 1D CNN on waveforms');

// What the first layer learned: each of its 8 kernels is a 9-sample pattern it looks for, drawn as one row.
const filters = await explain.filters(model, 'conv1d_0');
show.images(filters.tiles, { title: 'The 8 learned kernels of the first Conv1d (one row each, time left to right)', caption: filters.caption, columns: 1, scale: 24 });

// Per-class test accuracy: which waveforms does it confuse?
const predicted = tf.tidy(() => tf.argMax(model.apply(testSet.x, { training: false }) as tf.Tensor2D, -1));
const guesses = await predicted.data();
predicted.dispose();
const truth = await testSet.y.data();
show.table(['Class', 'Test accuracy'], CLASSES.map((name, c) => {
  const mine = Array.from(truth).flatMap((t, i) => (t === c ? [guesses[i] === c ? 1 : 0] : []));
  return [name, `${((100 * mine.reduce((a: number, b) => a + b, 0)) / mine.length).toFixed(1)}%`];
}), 'Test accuracy by class');
tf.dispose([trainSet.x, trainSet.y, testSet.x, testSet.y]);

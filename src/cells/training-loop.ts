import * as tf from '@tensorflow/tfjs';
import { nn, buildModel, loadFashionMnist, toTensors, optim, crossEntropy, correctCount, shuffledIndices, checkStop, show } from 'cnn-guide';

// Settings worth changing.
const TRAIN_IMAGES = 2000;
const TEST_IMAGES = 500;
const EPOCHS = 3;
const BATCH_SIZE = 32;
const LEARNING_RATE = 0.05;
const SEED = 1;

const data = await loadFashionMnist({ train: TRAIN_IMAGES, test: TEST_IMAGES });
const trainSet = toTensors(data.train);
const testSet = toTensors(data.test);

const model = buildModel(
  nn.Sequential(
    nn.Conv2d(1, 8, 3, { padding: 1 }), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, { padding: 1 }), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 7 * 7, 10),
  ),
  [1, 28, 28],
  { seed: SEED },
);
// model.parameters(): the weights the optimizer updates (BatchNorm's running statistics are not among them).
const parameters = model.trainableWeights.map((w) => w.read() as tf.Variable);
const optimizer = optim.SGD({ lr: LEARNING_RATE, momentum: 0.9 });

// Eval mode (model.eval() under torch.no_grad()): BatchNorm uses its running statistics, nothing is learned.
async function accuracy(set: { x: tf.Tensor4D; y: tf.Tensor1D }): Promise<number> {
  let correct = 0;
  for (let start = 0; start < set.y.shape[0]; start += 250) {
    const right = tf.tidy(() => {
      const size = Math.min(250, set.y.shape[0] - start);
      const logits = model.apply(set.x.slice(start, size), { training: false }) as tf.Tensor2D;
      return correctCount(logits, set.y.slice(start, size));
    });
    correct += (await right.data())[0]!;
    right.dispose();
  }
  return correct / set.y.shape[0];
}

const lossChart = { id: 'loss', title: 'Training loss, batch by batch', xLabel: 'step', yLabel: 'loss', series: ['batch loss'] };
const rows: (string | number)[][] = [['0 (untrained)', '–', `${(100 * (await accuracy(testSet))).toFixed(1)}%`]];
let step = 0;
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  // An epoch: every training image once, in a new order, in batches.
  const order = shuffledIndices(TRAIN_IMAGES, SEED + epoch);
  let lossSum = 0;
  for (let start = 0; start < TRAIN_IMAGES; start += BATCH_SIZE) {
    const loss = tf.tidy(() => {
      const batch = tf.tensor1d(order.slice(start, start + BATCH_SIZE), 'int32');
      const x = tf.gather(trainSet.x, batch);
      const y = tf.gather(trainSet.y, batch);
      // Train mode: BatchNorm normalises with this batch's statistics and updates its running ones.
      // variableGrads runs the forward pass and backpropagates (loss.backward()) ...
      const { value, grads } = tf.variableGrads(
        () => crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y),
        parameters,
      );
      // ... and the optimizer moves each weight against its gradient (optimizer.step()).
      optimizer.applyGradients(grads);
      return value;
    });
    const value = (await loss.data())[0]!;
    loss.dispose();
    lossSum += value;
    step += 1;
    show.chart(lossChart, step, [value]);
    await checkStop();
  }
  const batches = Math.ceil(TRAIN_IMAGES / BATCH_SIZE);
  const testAccuracy = await accuracy(testSet);
  rows.push([epoch, (lossSum / batches).toFixed(3), `${(100 * testAccuracy).toFixed(1)}%`]);
  show.log(`Epoch ${epoch}: mean training loss ${(lossSum / batches).toFixed(3)}, test accuracy ${(100 * testAccuracy).toFixed(1)}%`);
}
show.table(['Epoch', 'Mean training loss', 'Test accuracy'], rows, 'Training loop');

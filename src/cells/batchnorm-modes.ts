import * as tf from '@tensorflow/tfjs';
import { nn, buildModel, loadFashionMnist, toTensors, train, evaluate, correctCount, show } from 'cnn-guide';

// Settings worth changing.
const TRAIN_IMAGES = 2000;
const TEST_IMAGES = 500;
const EPOCHS = 3;
const BATCH_SIZE = 32;
const LEARNING_RATE = 0.003;
const SEED = 1;

const data = await loadFashionMnist({ train: TRAIN_IMAGES, test: TEST_IMAGES });
const trainSet = toTensors(data.train);
const testSet = toTensors(data.test);

// BatchNorm after each convolution, global average pooling (as in SimpleCNN), no dropout:
// BatchNorm is the only layer that differs between the modes.
const model = buildModel(
  nn.Sequential(
    nn.Conv2d(1, 16, 3, { padding: 1 }), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, { padding: 1 }), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, { padding: 1 }), nn.BatchNorm2d(64), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10),
  ),
  [1, 28, 28],
  { seed: SEED },
);
await train(model, trainSet, testSet, { epochs: EPOCHS, batchSize: BATCH_SIZE, learningRate: LEARNING_RATE, schedule: 'cosine', seed: SEED });

// Eval mode (model.eval()): BatchNorm normalises with the running statistics it kept during training.
const evalMode = await evaluate(model, testSet);

// Training mode, as if model.eval() were forgotten: each batch is normalised with its own statistics,
// so an image's prediction depends on the other images in its batch.
// (This also moves the running statistics, as it does in PyTorch, so it runs after the eval-mode test.)
async function trainModeAccuracy(set: { x: tf.Tensor4D; y: tf.Tensor1D }, batchSize: number): Promise<number> {
  let correct = 0;
  for (let start = 0; start < TEST_IMAGES; start += batchSize) {
    const right = tf.tidy(() => {
      const size = Math.min(batchSize, TEST_IMAGES - start);
      const logits = model.apply(set.x.slice(start, size), { training: true }) as tf.Tensor2D;
      return correctCount(logits, set.y.slice(start, size));
    });
    correct += (await right.data())[0]!;
    right.dispose();
  }
  return correct / TEST_IMAGES;
}
// The test images sorted by class, as a loader without shuffling would serve them: each batch is mostly one class.
const byClass = Array.from(data.test.labels.keys()).sort((a, b) => data.test.labels[a]! - data.test.labels[b]!);
const sortedSet = tf.tidy(() => {
  const order = tf.tensor1d(byClass, 'int32');
  return { x: tf.gather(testSet.x, order), y: tf.gather(testSet.y, order) };
});
const trainModeShuffled = await trainModeAccuracy(testSet, BATCH_SIZE);
const trainModeSorted = await trainModeAccuracy(sortedSet, BATCH_SIZE);
tf.dispose([sortedSet.x, sortedSet.y]);

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
show.table(
  ['Mode', 'Test accuracy'],
  [
    ['eval mode', percent(evalMode.accuracy)],
    [`training mode, shuffled batches of ${BATCH_SIZE}`, percent(trainModeShuffled)],
    [`training mode, batches of ${BATCH_SIZE} sorted by class`, percent(trainModeSorted)],
  ],
  'The same trained model, evaluated three ways',
);

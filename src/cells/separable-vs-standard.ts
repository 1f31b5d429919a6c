import { nn, buildModel, loadFashionMnist, toTensors, train, evaluate, summarize, show, type SequentialSpec } from 'cnn-guide';

// Settings worth changing: wider layers make the separable network's saving larger.
const TRAIN_IMAGES = 2000;
const TEST_IMAGES = 1000;
const EPOCHS = 3;
const BATCH_SIZE = 32;
const LEARNING_RATE = 0.01;
const SEED = 1;
const WIDTHS = [16, 32, 64];

const data = await loadFashionMnist({ train: TRAIN_IMAGES, test: TEST_IMAGES });
const trainSet = toTensors(data.train);
const testSet = toTensors(data.test);

// A k×k convolution from cin to cout channels: either one standard Conv2d, or a depthwise
// Conv2d (groups = cin, one 3×3 filter per channel) followed by a pointwise 1×1 Conv2d.
function conv(cin: number, cout: number, separable: boolean) {
  if (!separable) return [nn.Conv2d(cin, cout, 3, { padding: 1 })];
  return [nn.Conv2d(cin, cin, 3, { padding: 1, groups: cin }), nn.Conv2d(cin, cout, 1)];
}

// The same network twice. The first conv sees one grey channel, where depthwise has nothing to separate, so it stays standard.
function network(separable: boolean): SequentialSpec {
  const [a, b, c] = WIDTHS as [number, number, number];
  return nn.Sequential(
    nn.Conv2d(1, a, 3, { padding: 1 }), nn.BatchNorm2d(a), nn.ReLU(), nn.MaxPool2d(2),
    ...conv(a, b, separable), nn.BatchNorm2d(b), nn.ReLU(), nn.MaxPool2d(2),
    ...conv(b, c, separable), nn.BatchNorm2d(c), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, 10),
  );
}

const arms = ['standard', 'depthwise separable'];
const rows: (string | number)[][] = [];
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
for (const arm of arms) {
  const spec = network(arm === 'depthwise separable');
  const { totalParams, totalMacs } = summarize(spec, [1, 28, 28]);
  // Both arms start from the same seed and see the same images in the same order.
  const model = buildModel(spec, [1, 28, 28], { seed: SEED });
  // No test set during training, so an epoch's time is training alone; the test comes once, at the end.
  const history = await train(
    model, trainSet, null,
    { epochs: EPOCHS, batchSize: BATCH_SIZE, learningRate: LEARNING_RATE, schedule: 'cosine', seed: SEED },
    { arm, arms },
  );
  // Epoch 1 includes warming up the backend's kernels; later epochs show the steady pace.
  const later = history.length > 1 ? history.slice(1) : history;
  const secondsPerEpoch = later.reduce((sum, e) => sum + e.seconds, 0) / later.length;
  const test = await evaluate(model, testSet);
  rows.push([arm, totalParams, totalMacs, `${secondsPerEpoch.toFixed(1)} s`, percent(test.accuracy)]);
  model.dispose();
}
show.table(
  ['Network', 'Parameters', 'MACs per image', 'Time per epoch', 'Test accuracy'],
  rows,
  `After ${EPOCHS} epochs on ${TRAIN_IMAGES} images`,
);

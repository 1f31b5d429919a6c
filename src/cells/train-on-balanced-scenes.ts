import { nn, buildModel, loadCowsAndCamels, toTensors, train, evaluate, show, session } from 'cnn-guide';

// The fix: half of each class on each background, so the background says nothing about the class.
const BIAS = 0.5;
const TRAIN_IMAGES = 2000;
const TEST_IMAGES = 400;
const EPOCHS = 6;
const BATCH_SIZE = 32;
const LEARNING_RATE = 0.003;
const SEED = 1;

// The same seed as the biased run: the same test images, the same starting weights.
const data = await loadCowsAndCamels({ train: TRAIN_IMAGES, test: TEST_IMAGES, bias: BIAS, seed: SEED });
const model = buildModel(
  nn.Sequential(
    nn.Conv2d(3, 16, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 32, 3, { padding: 1 }), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 2),
  ),
  [3, 32, 32],
  { seed: SEED },
);
await train(model, toTensors(data.train), toTensors(data.swapped), { epochs: EPOCHS, batchSize: BATCH_SIZE, learningRate: LEARNING_RATE, seed: SEED });

const usual = await evaluate(model, toTensors(data.usual));
const swapped = await evaluate(model, toTensors(data.swapped));
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
const points = (x: number) => `${(100 * x).toFixed(1)} points`;
const rows = [[`Balanced (${percent(BIAS)} on the usual background)`, percent(usual.accuracy), percent(swapped.accuracy), points(usual.accuracy - swapped.accuracy)]];
const biased = session.get<{ bias: number; usual: number; swapped: number }>('biasedAccuracy');
if (biased) rows.unshift([`Biased (${percent(biased.bias)} on the usual background)`, percent(biased.usual), percent(biased.swapped), points(biased.usual - biased.swapped)]);
show.table(['Training set', 'Usual backgrounds', 'Swapped backgrounds', 'Drop'], rows, 'Test accuracy of the two models');
session.set('balancedModel', model);

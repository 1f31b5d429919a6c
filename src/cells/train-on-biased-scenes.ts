import { nn, buildModel, loadCowsAndCamels, toTensors, train, evaluate, show, session } from 'cnn-guide';

// Settings worth changing: BIAS is the fraction of cows on grass and of camels on the dune.
const BIAS = 0.95;
const TRAIN_IMAGES = 2000;
const TEST_IMAGES = 400;
const EPOCHS = 6;
const BATCH_SIZE = 32;
const LEARNING_RATE = 0.003;
const SEED = 1;

const data = await loadCowsAndCamels({ train: TRAIN_IMAGES, test: TEST_IMAGES, bias: BIAS, seed: SEED });

// A small CNN that ends in global average pooling and one linear layer, so CAM applies.
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

// The test curve during training is on the usual backgrounds, as a held-out split of the same data would be.
await train(model, toTensors(data.train), toTensors(data.usual), { epochs: EPOCHS, batchSize: BATCH_SIZE, learningRate: LEARNING_RATE, seed: SEED });

const usual = await evaluate(model, toTensors(data.usual));
const swapped = await evaluate(model, toTensors(data.swapped));
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
show.table(
  ['Test set', 'Accuracy'],
  [
    ['Usual backgrounds (cow on grass, camel on dune)', percent(usual.accuracy)],
    ['Swapped backgrounds (cow on dune, camel on grass)', percent(swapped.accuracy)],
    ['Drop', `${(100 * (usual.accuracy - swapped.accuracy)).toFixed(1)} points`],
  ],
  `Trained with ${percent(BIAS)} of each class on its usual background`,
);
session.set('biasedModel', model);
session.set('scenes', data);
session.set('biasedAccuracy', { bias: BIAS, usual: usual.accuracy, swapped: swapped.accuracy });

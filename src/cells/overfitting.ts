import { nn, buildModel, loadFashionMnist, toTensors, train, show } from 'cnn-guide';

// Settings worth changing: more training images overfit less.
const TRAIN_IMAGES = 300;
const TEST_IMAGES = 1000;
const EPOCHS = 30;
const BATCH_SIZE = 32;
const LEARNING_RATE = 0.003;
const SEED = 1;

const data = await loadFashionMnist({ train: TRAIN_IMAGES, test: TEST_IMAGES });
const trainSet = toTensors(data.train);
const testSet = toTensors(data.test);

// No dropout, no weight decay, no augmentation: nothing holds the model back from memorising.
const model = buildModel(
  nn.Sequential(
    nn.Conv2d(1, 16, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
  ),
  [1, 28, 28],
  { seed: SEED },
);

const history = await train(model, trainSet, testSet, { epochs: EPOCHS, batchSize: BATCH_SIZE, learningRate: LEARNING_RATE, seed: SEED });

const last = history.at(-1)!;
const bestTest = Math.max(...history.map((e) => e.testAccuracy ?? 0));
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
show.table(
  ['', 'Training accuracy', 'Test accuracy', 'Test loss'],
  [
    ['Best test epoch', '', percent(bestTest), ''],
    ['Last epoch', percent(last.trainAccuracy), percent(last.testAccuracy!), last.testLoss!.toFixed(3)],
  ],
  `${TRAIN_IMAGES} training images, ${EPOCHS} epochs`,
);

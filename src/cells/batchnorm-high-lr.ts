import * as tf from '@tensorflow/tfjs';
import { nn, buildModel, loadFashionMnist, toTensors, train, show, type SequentialSpec } from 'cnn-guide';

// Settings worth changing: try a smaller LEARNING_RATE and the plain network trains too.
const TRAIN_IMAGES = 1000;
const TEST_IMAGES = 500;
const EPOCHS = 3;
const BATCH_SIZE = 32;
const LEARNING_RATE = 0.2;
const SEED = 1;

const data = await loadFashionMnist({ train: TRAIN_IMAGES, test: TEST_IMAGES });
const trainSet = toTensors(data.train);
const testSet = toTensors(data.test);

// The same network twice: with a BatchNorm2d after each convolution, and without.
function network(batchNorm: boolean): SequentialSpec {
  const stage = (cin: number, cout: number) => [
    nn.Conv2d(cin, cout, 3, { padding: 1 }), ...(batchNorm ? [nn.BatchNorm2d(cout)] : []), nn.ReLU(), nn.MaxPool2d(2),
  ];
  return nn.Sequential(...stage(1, 16), ...stage(16, 32), ...stage(32, 32), nn.Flatten(), nn.Linear(32 * 3 * 3, 10));
}

const arms = ['with BatchNorm', 'without BatchNorm'];
const rows: (string | number)[][] = [];
for (const arm of arms) {
  const model = buildModel(network(arm === arms[0]), [1, 28, 28], { seed: SEED });
  // Plain SGD with momentum at a learning rate well above the range test's suggestion.
  const history = await train(
    model, trainSet, testSet,
    { epochs: EPOCHS, batchSize: BATCH_SIZE, learningRate: LEARNING_RATE, optimizer: 'sgd', momentum: 0.9, seed: SEED },
    { arm, arms },
  );
  const last = history.at(-1)!;
  rows.push([arm, Number.isFinite(last.trainLoss) ? last.trainLoss.toFixed(3) : String(last.trainLoss), `${(100 * last.testAccuracy!).toFixed(1)}%`]);
  model.dispose();
}
show.table(['Arm', 'Training loss', 'Test accuracy'], rows, `SGD at learning rate ${LEARNING_RATE}, after ${EPOCHS} epochs`);
show.log(`Backend: ${tf.getBackend()}. Chance is 10%.`);

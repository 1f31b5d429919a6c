import { nn, buildModel, loadFashionMnist, toTensors, train, evaluate, show, session } from 'cnn-guide';

// Train SimpleCNN yourself instead of loading it: fewer images and epochs than
// the shipped weights had, so it takes under a minute and ends a few points lower.
const TRAIN_IMAGES = 2000;
const EPOCHS = 3;

const data = await loadFashionMnist({ train: TRAIN_IMAGES, test: 1000 });
const spec = nn.Sequential(
  nn.Conv2d(1, 32, 3, { padding: 1 }), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(32, 64, 3, { padding: 1 }), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(64, 128, 3, { padding: 1 }), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
  nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(128, 10),
);
const model = buildModel(spec, [1, 28, 28], { seed: 0 });
const testSet = toTensors(data.test);
await train(model, toTensors(data.train), testSet, { epochs: EPOCHS, batchSize: 64, learningRate: 0.003, schedule: 'cosine', seed: 0 });
const { accuracy } = await evaluate(model, testSet);
show.log(`Test accuracy: ${(100 * accuracy).toFixed(1)}%. The cells below now explain this model.`);

session.set('model', model);
session.set('data', data);

import { nn, buildModel, loadFashionMnist, toTensors, train, evaluate, show, session } from 'cnn-guide';

// Train SimpleCNN yourself instead of loading it: far fewer images and epochs
// than the shipped weights had, so that it finishes in about a minute.
const TRAIN_IMAGES = 1000;
const EPOCHS = 2;

const data = await loadFashionMnist({ train: TRAIN_IMAGES, test: 1000 });
const spec = nn.Sequential(
  nn.Conv2d(1, 32, 3, { padding: 1 }), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(32, 64, 3, { padding: 1 }), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(64, 128, 3, { padding: 1 }), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
  nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(128, 10),
);
const model = buildModel(spec, [1, 28, 28], { seed: 0 });
// No test pass after each epoch (null): it would cost time; the test set is scored once at the end.
await train(model, toTensors(data.train), null, { epochs: EPOCHS, batchSize: 32, learningRate: 0.003, schedule: 'cosine', seed: 0 });
const { accuracy } = await evaluate(model, toTensors(data.test));
show.log(`Test accuracy: ${(100 * accuracy).toFixed(1)}%. The cells below now explain this model.`);

session.set('model', model);
session.set('data', data);

import * as tf from '@tensorflow/tfjs';
import { nn, buildModel, loadFashionMnist, toTensors, train, evaluate, show, session } from 'cnn-guide';

// Settings worth changing. Fewer images train faster; more epochs learn more.
const TRAIN_IMAGES = 8000;
const TEST_IMAGES = 1000;
const EPOCHS = 3;
const BATCH_SIZE = 64;
const LEARNING_RATE = 0.003;

const data = await loadFashionMnist({ train: TRAIN_IMAGES, test: TEST_IMAGES });
show.log(`Loaded ${data.train.count} training and ${data.test.count} test images, ${data.classes.length} classes.`);

// Three stages of Conv -> BatchNorm -> ReLU -> MaxPool, then global average
// pooling and a linear classifier: written as PyTorch's nn.Sequential.
const spec = nn.Sequential(
  nn.Conv2d(1, 32, 3, { padding: 1 }), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(32, 64, 3, { padding: 1 }), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(64, 128, 3, { padding: 1 }), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
  nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(128, 10),
);
show.model(spec, [1, 28, 28]);

const model = buildModel(spec, [1, 28, 28]);
const trainSet = toTensors(data.train);
const testSet = toTensors(data.test);
show.log(`Training on ${tf.getBackend()}: ${trainSet.x.shape[0]} images per epoch in batches of ${BATCH_SIZE}.`);

await train(model, trainSet, testSet, {
  epochs: EPOCHS,
  batchSize: BATCH_SIZE,
  learningRate: LEARNING_RATE,
  schedule: 'cosine',
});

const { loss, accuracy } = await evaluate(model, testSet);
show.log(`Test accuracy: ${(100 * accuracy).toFixed(1)}% (loss ${loss.toFixed(3)}) on ${data.test.count} images the model never saw.`);

// Later cells on this page use these.
session.set('model', model);
session.set('data', data);

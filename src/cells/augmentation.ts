import { nn, buildModel, loadFashionMnist, toTensors, train, show } from 'cnn-guide';

// Settings worth changing: augmentation matters most when training images are few.
const TRAIN_IMAGES = 500;
const TEST_IMAGES = 1000;
const EPOCHS = 15;
const BATCH_SIZE = 32;
const LEARNING_RATE = 0.003;
const SEED = 1;
// torchvision's RandomHorizontalFlip() and RandomCrop(28, padding=2).
const AUGMENT = { flip: true, cropPadding: 2 };

const data = await loadFashionMnist({ train: TRAIN_IMAGES, test: TEST_IMAGES });
const trainSet = toTensors(data.train);
const testSet = toTensors(data.test);

const spec = nn.Sequential(
  nn.Conv2d(1, 16, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(16, 32, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
  nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
);

// Both arms start from the same weights (same seed) and see the same images in the same order.
const arms = ['no augmentation', 'flip + crop'];
const results: (string | number)[][] = [];
for (const arm of arms) {
  const model = buildModel(spec, [1, 28, 28], { seed: SEED });
  const settings = { epochs: EPOCHS, batchSize: BATCH_SIZE, learningRate: LEARNING_RATE, seed: SEED };
  const history = await train(model, trainSet, testSet, arm === arms[0] ? settings : { ...settings, augment: AUGMENT }, { arm, arms });
  const last = history.at(-1)!;
  results.push([arm, `${(100 * last.trainAccuracy).toFixed(1)}%`, `${(100 * last.testAccuracy!).toFixed(1)}%`]);
  model.dispose();
}
show.table(['Arm', 'Training accuracy', 'Test accuracy'], results, `After ${EPOCHS} epochs on ${TRAIN_IMAGES} images`);

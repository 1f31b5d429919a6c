import { nn, buildModel, loadFashionMnist, toTensors, train, evaluate, transforms, show } from 'cnn-guide';

// Settings worth changing: augmentation matters most when training images are few.
const TRAIN_IMAGES = 500;
const TEST_IMAGES = 1000;
const EPOCHS = 8;
const BATCH_SIZE = 32;
const LEARNING_RATE = 0.003;
const SEED = 1;
// torchvision's RandomCrop(28, padding=3): a random shift of up to 3 pixels, new for every image at every epoch.
const CROP_PADDING = 3;

const data = await loadFashionMnist({ train: TRAIN_IMAGES, test: TEST_IMAGES });
const trainSet = toTensors(data.train);
const testSet = toTensors(data.test);
// Fashion-MNIST's garments are all centred. New photos would not be: the same test images, each shifted by up to 3 pixels.
const shiftedTestSet = { x: transforms.randomCrop(testSet.x, 3, SEED + 100), y: testSet.y };

const spec = nn.Sequential(
  nn.Conv2d(1, 16, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(16, 32, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
  nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
);

// Both arms start from the same weights (same seed) and see the same images in the same order.
const arms = ['no augmentation', 'random crop'];
const rows: (string | number)[][] = [];
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
for (const arm of arms) {
  const model = buildModel(spec, [1, 28, 28], { seed: SEED });
  const settings = { epochs: EPOCHS, batchSize: BATCH_SIZE, learningRate: LEARNING_RATE, seed: SEED };
  // The charts follow the shifted test images.
  const history = await train(
    model, trainSet, shiftedTestSet,
    arm === 'random crop' ? { ...settings, augment: { cropPadding: CROP_PADDING } } : settings,
    { arm, arms },
  );
  const centred = await evaluate(model, testSet);
  rows.push([arm, percent(history.at(-1)!.trainAccuracy), percent(centred.accuracy), percent(history.at(-1)!.testAccuracy!)]);
  model.dispose();
}
show.table(['Arm', 'Training accuracy', 'Test, centred', 'Test, shifted'], rows, `After ${EPOCHS} epochs on ${TRAIN_IMAGES} images`);

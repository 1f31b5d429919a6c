import { nn, buildModel, loadFashionMnist, selectClasses, loadBackbone, freeze, unfreeze, toTensors, transforms, train, evaluate, show, session } from 'cnn-guide';

// Five Fashion-MNIST classes the backbone never saw, from N labels, three ways:
// (a) from scratch, (b) the backbone pretrained on the other five classes,
// frozen, with a new head, (c) the same model, then every layer fine-tuned.
const LABELS = [10, 50, 250];      // labelled training images per run
const IMAGES_PER_RUN = 1500;       // each run sees about this many images: more epochs when N is small
const BATCH_SIZE = 16;
const LR_HEAD = 0.003;             // from scratch and the new head
const LR_FINE_TUNE = 0.0003;       // ten times lower: the backbone's weights are already good
const SEED = 0;
const TARGET = [5, 6, 7, 8, 9];    // Sandal, Shirt, Sneaker, Bag, Ankle boot

const data = await loadFashionMnist();
const pool = selectClasses(data.train, TARGET, Math.max(...LABELS));
const testImages = selectClasses(data.test, TARGET);

// The same architecture as the backbone, with random weights and a five-class head.
const smallCNN = () => nn.Sequential(
  nn.Conv2d(1, 16, 3, { padding: 1 }), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(16, 32, 3, { padding: 1 }), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(32, 64, 3, { padding: 1 }), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
  nn.Flatten(), nn.Linear(64 * 3 * 3, 5),
);
// The pretrained backbone under a new head: the five new classes instead of the old five.
const pretrained = () => loadBackbone('fashion-backbone', { head: nn.Linear(64 * 3 * 3, 5), seed: SEED });

// Preprocess as the backbone was trained: its source images' mean and std.
const { info } = await pretrained();
const { mean, std } = info.preprocessing!;
const prepare = (split: typeof pool, n?: number) => {
  const { x, y } = toTensors(split, n);
  return { x: transforms.normalize(x, mean, std), y };
};
const test = prepare(testImages);

const chart = {
  id: 'transfer', title: `Test accuracy on ${testImages.count} images of the five new classes`,
  xLabel: 'labelled training images', yLabel: 'accuracy',
  series: ['from scratch', 'frozen backbone, new head', 'fine-tuned'],
};
const rows: (string | number)[][] = [];
for (const n of LABELS) {
  const labelled = prepare(pool, n);
  const settings = { epochs: Math.ceil(IMAGES_PER_RUN / n), batchSize: BATCH_SIZE, learningRate: LR_HEAD, seed: SEED };

  // (a) From scratch.
  const scratch = buildModel(smallCNN(), [1, 28, 28], { seed: SEED });
  await train(scratch, labelled, null, settings, { quiet: true });
  const a = (await evaluate(scratch, test)).accuracy;

  // (b) Frozen backbone: only the new head learns; BatchNorm keeps the source's statistics.
  const { model, backbone } = await pretrained();
  freeze(model, backbone);
  await train(model, labelled, null, settings, { quiet: true });
  const b = (await evaluate(model, test)).accuracy;

  // (c) Fine-tuning: unfreeze everything and go on at a tenth of the learning rate.
  unfreeze(model);
  await train(model, labelled, null, { ...settings, learningRate: LR_FINE_TUNE }, { quiet: true });
  const c = (await evaluate(model, test)).accuracy;

  show.chart(chart, n, [a, b, c]);
  rows.push([n, ...[a, b, c].map((v) => `${(100 * v).toFixed(1)}%`)]);
  scratch.dispose();
  // The fine-tuned model at the last (largest) N stays for "Your own image" below.
  if (n === LABELS[LABELS.length - 1]) session.set('model', model);
  else model.dispose();
}
session.set('classes', TARGET.map((c) => data.classes[c]!));
session.set('preprocessing', { mean, std });
show.table(['Labelled images', 'From scratch', 'Frozen backbone, new head', 'Fine-tuned'], rows, 'Test accuracy');

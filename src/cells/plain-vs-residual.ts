import { nn, F, buildModel, loadFashionMnist, toTensors, train, gradientNorms, show, type SequentialSpec } from 'cnn-guide';

// Settings worth changing: BLOCKS sets the depth; see how the gap between the two networks changes with it.
const TRAIN_IMAGES = 1000;
const EPOCHS = 3;
const BATCH_SIZE = 32;
const LEARNING_RATE = 0.05;
// Channels of every convolution, and blocks of two convolutions: 1 + 2 * 9 = 19 convolutions, then one linear layer.
const WIDTH = 16;
const BLOCKS = 9;
const PROBE_IMAGES = 256;
const SEED = 1;

const data = await loadFashionMnist({ train: TRAIN_IMAGES, test: 0 });
const trainSet = toTensors(data.train);

// Conv-BN-ReLU-Conv-BN, then ReLU. The residual block adds its input back before that last ReLU: y = relu(F(x) + x).
function block(residual: boolean) {
  return nn.Module(
    'Block',
    {
      conv1: nn.Conv2d(WIDTH, WIDTH, 3, { padding: 1, bias: false }), bn1: nn.BatchNorm2d(WIDTH),
      conv2: nn.Conv2d(WIDTH, WIDTH, 3, { padding: 1, bias: false }), bn2: nn.BatchNorm2d(WIDTH),
      relu: nn.ReLU(),
    },
    (x, m) => {
      const out = m.bn2(m.conv2(m.relu(m.bn1(m.conv1(x)))));
      return m.relu(residual ? F.add(out, x) : out);
    },
  );
}

// The same 20 layers and the same weights count twice; only the shortcuts differ.
function network(residual: boolean): SequentialSpec {
  return nn.Sequential(
    nn.Conv2d(1, WIDTH, 3, { padding: 1, bias: false }), nn.BatchNorm2d(WIDTH), nn.ReLU(), nn.MaxPool2d(4),
    ...Array.from({ length: BLOCKS }, () => block(residual)),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(WIDTH, 10),
  );
}

const arms = ['plain', 'residual'];
const runs = [];
for (const arm of arms) {
  const model = buildModel(network(arm === 'residual'), [1, 28, 28], { seed: SEED });
  // Before any training step: how hard does the loss pull on each layer's weights?
  runs.push({ arm, model, norms: await gradientNorms(model, trainSet, PROBE_IMAGES) });
}
const layerCount = runs[0]!.norms.length;
show.bars({
  title: `Weight gradient norm per layer, before training (${PROBE_IMAGES} images)`,
  xLabel: 'Layer (1 is next to the input)',
  yLabel: 'Gradient norm',
  categories: Array.from({ length: layerCount }, (_, i) => String(i + 1)),
  series: runs.map(({ arm, norms }) => ({ name: arm, values: norms.map((n) => n.norm) })),
});

const rows: (string | number)[][] = [];
for (const { arm, model, norms } of runs) {
  const history = await train(
    model, trainSet, null,
    { epochs: EPOCHS, batchSize: BATCH_SIZE, learningRate: LEARNING_RATE, optimizer: 'sgd', momentum: 0.9, seed: SEED },
    { arm, arms },
  );
  rows.push([arm, history.at(-1)!.trainLoss.toFixed(3), norms[0]!.norm.toFixed(3), norms.at(-1)!.norm.toFixed(3)]);
}
show.table(
  ['Network', 'Training loss', 'Gradient, layer 1', `Gradient, layer ${layerCount}`],
  rows,
  `Two networks of ${layerCount} layers, ${EPOCHS} epochs on ${TRAIN_IMAGES} images`,
);

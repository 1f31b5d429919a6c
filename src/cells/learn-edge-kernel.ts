import * as tf from '@tensorflow/tfjs';
import { loadFashionMnist, toTensors, optim, checkStop, show } from 'cnn-guide';

// Settings worth changing.
const IMAGES = 64;
const STEPS = 500;
const LEARNING_RATE = 0.05;

// The kernel to rediscover: Sobel's vertical-edge detector.
const SOBEL_X = [
  [-1, 0, 1],
  [-2, 0, 2],
  [-1, 0, 1],
];

const data = await loadFashionMnist({ train: IMAGES, test: 1 });
const { x } = toTensors(data.train);
// The training pairs: each image and its edge map, made with the true kernel.
const trueKernel = tf.tensor4d(SOBEL_X.flat(), [3, 3, 1, 1]);
const edges = tf.conv2d(x, trueKernel, 1, 'valid');

// What gradient descent learns: a 3x3 kernel, starting from zeros.
const kernel = tf.variable(tf.zeros([3, 3, 1, 1]) as tf.Tensor4D, true, 'kernel');
const optimizer = optim.Adam({ lr: LEARNING_RATE });

const names = ['top left', 'top', 'top right', 'left', 'centre', 'right', 'bottom left', 'bottom', 'bottom right'];
const weightChart = { id: 'weights', title: 'The nine weights, step by step', xLabel: 'step', yLabel: 'weight', series: names };
const lossChart = { id: 'loss', title: 'Mean squared error', xLabel: 'step', yLabel: 'loss', series: ['loss'] };

for (let step = 1; step <= STEPS; step++) {
  // Loss: how far the kernel's output is from the edge maps, mean squared.
  const loss = optimizer.minimize(() => tf.losses.meanSquaredError(edges, tf.conv2d(x, kernel, 1, 'valid')) as tf.Scalar, true, [kernel])!;
  if (step % 5 === 0 || step === 1) {
    show.chart(lossChart, step, [(await loss.data())[0]!]);
    show.chart(weightChart, step, Array.from(await kernel.data()));
  }
  loss.dispose();
  await checkStop();
}

const learned = Array.from(await kernel.data());
const rows = [0, 1, 2].map((r) => [
  SOBEL_X[r]!.join('  '),
  // toFixed writes a tiny negative weight as -0.00; show it as 0.00.
  learned.slice(3 * r, 3 * r + 3).map((w) => w.toFixed(2).replace(/^-(0\.00)$/, '$1')).join('  '),
]);
show.table(['Sobel x', 'Learned'], rows, `After ${STEPS} steps`);
const error = Math.max(...learned.map((w, i) => Math.abs(w - SOBEL_X.flat()[i]!)));
show.log(`Largest difference from Sobel: ${error.toFixed(3)}`);
tf.dispose([kernel, trueKernel, edges]);

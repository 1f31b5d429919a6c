/**
 * The native training kernels (src/engine/tf/native/) against the
 * compositions of the WASM backend's own kernels they replace, per
 * convolution layer of SimpleCNN (batch 64), and the forward convolution
 * (XNNPACK) for scale. CPU time per call, so that a busy machine distorts
 * it less than wall time. Not a test.
 *
 *   npx vite-node bench/wasm-kernels-node.ts
 *   node --experimental-wasm-relaxed-simd node_modules/.bin/vite-node bench/wasm-kernels-node.ts
 *
 * The second adds the relaxed-SIMD build (fused multiply-adds), which Node 20
 * compiles only with that flag; Chromium has it by default.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { provideNativeKernels } from '../src/engine/tf/native-kernels';
import { registerWasmTrainingKernelsInNode } from '../src/engine/tf/wasm-node';

registerWasmTrainingKernelsInNode();
await tf.setBackend('wasm');
const native = new WebAssembly.Module(readFileSync(new URL('../src/engine/tf/native/training-kernels.wasm', import.meta.url)));
const relaxedBytes = readFileSync(new URL('../src/engine/tf/native/training-kernels-relaxed.wasm', import.meta.url));
const relaxed = WebAssembly.validate(relaxedBytes) ? new WebAssembly.Module(relaxedBytes) : null;
if (relaxed === null) console.log('(relaxed SIMD unavailable in this engine: no fused multiply-add column)');
const LAYERS: [number[], number[], number[]][] = [
  [
    [64, 28, 28, 1],
    [3, 3, 1, 32],
    [64, 28, 28, 32],
  ],
  [
    [64, 14, 14, 32],
    [3, 3, 32, 64],
    [64, 14, 14, 64],
  ],
  [
    [64, 7, 7, 64],
    [3, 3, 64, 128],
    [64, 7, 7, 128],
  ],
];
const conv = { strides: 1, pad: 'same', dataFormat: 'NHWC' } as const;

function cpuMs(run: () => tf.Tensor, times = 5): number {
  run().dispose();
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) run().dispose();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / times;
}

for (const [xShape, fShape, yShape] of LAYERS) {
  const [x, f, dy] = [tf.randomNormal(xShape), tf.randomNormal(fShape), tf.randomNormal(yShape)];
  const kernels: [string, () => tf.Tensor][] = [
    [
      'Conv2DBackpropFilter',
      () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...conv, filterShape: fShape }) as tf.Tensor,
    ],
    [
      'Conv2DBackpropInput',
      () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: f }, { ...conv, inputShape: xShape }) as tf.Tensor,
    ],
  ];
  for (const [name, run] of kernels) {
    provideNativeKernels({ plain: native });
    const withNative = cpuMs(run);
    let fused = '';
    if (relaxed !== null) {
      provideNativeKernels({ plain: relaxed });
      fused = `, relaxed ${cpuMs(run).toFixed(1).padStart(6)} ms`;
    }
    provideNativeKernels({ plain: null });
    const composed = cpuMs(run);
    console.log(
      `${name.padEnd(22)} x ${xShape.join('x').padEnd(11)} f ${fShape.join('x').padEnd(10)} native ${withNative.toFixed(1).padStart(6)} ms${fused}, composed ${composed.toFixed(1).padStart(6)} ms`,
    );
  }
  // The max pooling after this convolution: its gradient.
  const pooled = tf.maxPool(dy as tf.Tensor4D, 2, 2, 'valid');
  const dPooled = tf.randomNormal(pooled.shape);
  const pool = () =>
    tf
      .engine()
      .runKernel(
        'MaxPoolGrad',
        { dy: dPooled, input: dy, output: pooled },
        { filterSize: 2, strides: 2, pad: 'valid' },
      ) as tf.Tensor;
  provideNativeKernels({ plain: native });
  const poolNative = cpuMs(pool);
  provideNativeKernels({ plain: null });
  const poolComposed = cpuMs(pool);
  provideNativeKernels({ plain: native });
  console.log(
    `${'MaxPoolGrad'.padEnd(22)} x ${yShape.join('x').padEnd(11)} ${''.padEnd(12)} native ${poolNative.toFixed(1).padStart(6)} ms, composed ${poolComposed.toFixed(1).padStart(6)} ms`,
  );
  tf.dispose([pooled, dPooled]);
  const forward = cpuMs(() => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'));
  console.log(
    `${'Conv2D (forward)'.padEnd(22)} x ${xShape.join('x').padEnd(11)} f ${fShape.join('x').padEnd(10)} ${forward.toFixed(1).padStart(6)} ms`,
  );
  tf.dispose([x, f, dy]);
}

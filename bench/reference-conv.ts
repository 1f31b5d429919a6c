// How long the figures' plain-TypeScript convolution takes on a photo-sized
// input (the kernel playground filters up to 512x512 on the main thread).
//   npx vite-node bench/reference-conv.ts
import { convolve2d, makeTensor, tensor } from '../src/engine/reference/index.ts';

for (const n of [256, 512]) {
  const image = makeTensor(
    [n, n],
    Float64Array.from({ length: n * n }, (_, i) => ((i * 7919) % 256) / 255),
  );
  const kernel = tensor([
    [-1, -1, -1],
    [-1, 8, -1],
    [-1, -1, -1],
  ]);
  const t0 = performance.now();
  convolve2d(image, kernel, { padding: 1 });
  const cold = performance.now() - t0;
  const times: number[] = [];
  for (let r = 0; r < 10; r++) {
    const t = performance.now();
    convolve2d(image, kernel, { padding: 1 });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${n}x${n} 3x3 conv: first call ${cold.toFixed(1)} ms, median ${times[5]!.toFixed(1)} ms, best ${times[0]!.toFixed(1)} ms`,
  );
}

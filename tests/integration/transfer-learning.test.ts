// What "Transfer learning" promises of its cell, checked by running it as
// shipped (WASM in Node, the cell's seed), and that the shipped backbone is
// the model its model.json describes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { selectClasses } from '../../src/engine/data/select-classes.ts';
import { loadFashionMnist } from '../../src/engine/data/fashion-mnist.ts';
import { toTensors } from '../../src/engine/data/tensors.ts';
import { loadPretrainedModel } from '../../src/engine/tf/pretrained.ts';
import { evaluateClassifier } from '../../src/engine/tf/train-classifier.ts';
import { BASE, diskFetch, fraction, runShippedCell, tableByFirstColumn } from './run-cell.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shipped = JSON.parse(readFileSync(join(root, 'public/data/models/fashion-backbone/model.json'), 'utf8')) as {
  classes: string[];
  preprocessing: { mean: number; std: number };
  test: { accuracy: number; images: number };
};

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

it('the shipped backbone scores in tfjs what model.json says, on its five source classes', async () => {
  await tf.setBackend('cpu');
  const { model } = await loadPretrainedModel('fashion-backbone', { baseUrl: BASE });
  const data = await loadFashionMnist({ baseUrl: BASE });
  const source = selectClasses(data.test, [0, 1, 2, 3, 4]);
  expect(source.count).toBe(shipped.test.images);
  const { x, y } = toTensors(source);
  const normalised = tf.tidy(() => tf.div(tf.sub(x, shipped.preprocessing.mean), shipped.preprocessing.std)) as tf.Tensor4D;
  const { accuracy } = await evaluateClassifier(model, normalised, y);
  // The same float16 weights; float32 arithmetic in another order may flip a near tie, no more.
  expect(Math.abs(accuracy - shipped.test.accuracy)).toBeLessThanOrEqual(0.003);
  tf.dispose([x, y, normalised]);
  model.dispose();
});

it('with few labels the pretrained backbone beats training from scratch', async () => {
  const run = await runShippedCell('transfer-learning');
  console.log(`transfer-learning: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU`);
  const rows = tableByFirstColumn(run, 'Test accuracy');
  console.log([...rows.values()]);
  const labels = [...rows.keys()].map(Number);
  expect(labels.length).toBeGreaterThanOrEqual(3);
  const at = (n: number) => rows.get(String(n))!.slice(1).map(fraction) as [number, number, number];
  const [fewest, most] = [Math.min(...labels), Math.max(...labels)];
  const gain = (n: number) => at(n)[2] - at(n)[0];
  // The prose: "With 10 labels, two per class, the fine-tuned model is ahead of the model from scratch by at least 3 points;
  expect(fewest).toBe(10);
  expect(gain(fewest)).toBeGreaterThanOrEqual(0.03);
  // the gap shrinks as N grows, and by 250 labels the three are within a point and a half of each other".
  const gains = [...labels].sort((x, y) => x - y).map(gain);
  gains.slice(1).forEach((g, i) => expect(g).toBeLessThanOrEqual(gains[i]!));
  expect(gain(most)).toBeLessThan(gain(fewest));
  expect(most).toBe(250);
  expect(Math.max(...at(most)) - Math.min(...at(most))).toBeLessThanOrEqual(0.015);
  // The chart has one point per N with the table's three values.
  const points = run.outputs.flatMap((o) => (o.kind === 'chart' && o.chartId === 'transfer' ? [o] : []));
  expect(points.map((p) => p.x)).toEqual(labels);
  for (const p of points) p.y.forEach((v, k) => expect(100 * v!).toBeCloseTo(100 * at(p.x)[k]!, 0));
});

import type * as tf from '@tensorflow/tfjs';
import { explain, imageTensor, predict, show, session, type CowsAndCamels, type HeatmapOverlay } from 'cnn-guide';

const biased = session.need<tf.LayersModel>('biasedModel', 'train-on-biased-scenes');
const balanced = session.need<tf.LayersModel>('balancedModel', 'train-on-balanced-scenes');
const data = session.need<CowsAndCamels>('scenes', 'train-on-biased-scenes');
const SHOWN = 4;
const MEASURED = 100;
const test = data.swapped;
const pixels = test.height * test.width;

// How much of Grad-CAM's heat falls on the animal's own pixels.
function animalShare(values: Float32Array, i: number): number {
  const mask = test.masks.subarray(i * pixels, (i + 1) * pixels);
  let onAnimal = 0;
  let total = 0;
  values.forEach((v, p) => {
    total += v;
    if (mask[p]) onAnimal += v;
  });
  return total > 0 ? onAnimal / total : 0;
}

const models = { 'biased model': biased, 'balanced model': balanced };
const shares = { 'biased model': 0, 'balanced model': 0 };
const items: HeatmapOverlay[] = [];
for (let i = 0; i < MEASURED; i++) {
  const image = imageTensor(test, i);
  for (const [name, model] of Object.entries(models)) {
    const probabilities = await predict(model, image);
    const top = probabilities[1]! > probabilities[0]! ? 1 : 0;
    const heatmap = await explain.gradCam(model, image, { classIndex: top });
    shares[name as keyof typeof shares] += animalShare(heatmap.values, i) / MEASURED;
    if (i < SHOWN) {
      const animal = data.classes[test.labels[i]!]!;
      const background = data.backgrounds[test.backgrounds[i]!]!;
      items.push({
        image: explain.imageTile(test, i),
        heatmap,
        caption: `${animal} on ${background}: ${name} says ${data.classes[top]} (${(100 * probabilities[top]!).toFixed(0)}%)`,
        detail: `Grad-CAM for: ${data.classes[top]}`,
      });
    }
  }
}
show.heatmaps(items, { title: 'Swapped backgrounds: biased and balanced model', columns: 2, caption: 'Each row one image; left the biased model, right the balanced one.' });
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
show.table(
  ['Model', "Grad-CAM's heat on the animal"],
  Object.entries(shares).map(([name, share]) => [name, percent(share)]),
  `Over the first ${MEASURED} swapped test images`,
);

import type * as tf from '@tensorflow/tfjs';
import { explain, imageTensor, predict, show, session, type CowsAndCamels, type HeatmapOverlay } from 'cnn-guide';

const model = session.need<tf.LayersModel>('biasedModel', 'train-on-biased-scenes');
const data = session.need<CowsAndCamels>('scenes', 'train-on-biased-scenes');
const SHOWN = 6;
const MEASURED = 100;
const test = data.swapped;
const pixels = test.height * test.width;

// How much of Grad-CAM's heat falls on the animal's own pixels (the scenes know where it is).
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

const items: HeatmapOverlay[] = [];
let share = 0;
let area = 0;
for (let i = 0; i < MEASURED; i++) {
  const image = imageTensor(test, i);
  const probabilities = await predict(model, image);
  const top = probabilities[1]! > probabilities[0]! ? 1 : 0;
  const heatmap = await explain.gradCam(model, image, { classIndex: top });
  share += animalShare(heatmap.values, i) / MEASURED;
  area += test.masks.subarray(i * pixels, (i + 1) * pixels).reduce((a, b) => a + b, 0) / pixels / MEASURED;
  if (i < SHOWN) {
    const animal = data.classes[test.labels[i]!]!;
    const background = data.backgrounds[test.backgrounds[i]!]!;
    items.push({
      image: explain.imageTile(test, i),
      heatmap,
      caption: `${animal} on ${background}: predicted ${data.classes[top]} (${(100 * probabilities[top]!).toFixed(0)}%)`,
      detail: `Grad-CAM for: ${data.classes[top]}`,
    });
  }
}
show.heatmaps(items, { title: 'The biased model on swapped backgrounds', columns: 3, caption: 'Grad-CAM on the 8×8 maps of the last ReLU, for the class the model picked.' });
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
show.table(
  ['', 'Share'],
  [
    ["Grad-CAM's heat on the animal", percent(share)],
    ["The animal's share of the image", percent(area)],
  ],
  `Over the first ${MEASURED} swapped test images`,
);
session.set('biasedAnimalShare', { share, area });

import type * as tf from '@tensorflow/tfjs';
import { explain, imageTensor, predict, show, session, type FashionMnist, type HeatmapOverlay } from 'cnn-guide';

const model = session.need<tf.LayersModel>('model', 'load-pretrained-simplecnn');
const data = session.need<FashionMnist>('data', 'load-pretrained-simplecnn');
// Two right answers and one wrong one, picked by the cell above.
const examples = session.need<number[]>('examples', 'cam-right-and-wrong');

// Every method explains the class the model picked.
const items: HeatmapOverlay[] = [];
for (const i of examples) {
  const image = imageTensor(data.test, i);
  const tile = explain.imageTile(data.test, i);
  const probabilities = await predict(model, image);
  const top = probabilities.indexOf(Math.max(...probabilities));
  const caption = `#${i} predicted: ${data.classes[top]} (${(100 * probabilities[top]!).toFixed(0)}%), true: ${data.classes[data.test.labels[i]!]}`;
  const methods = {
    CAM: await explain.cam(model, image),
    'Grad-CAM': await explain.gradCam(model, image),
    Saliency: await explain.saliency(model, image),
    SmoothGrad: await explain.smoothGrad(model, image, { samples: 25, noiseLevel: 0.15, seed: 0 }),
    Occlusion: await explain.occlusion(model, image, { patch: 6, stride: 2 }),
  };
  for (const [method, heatmap] of Object.entries(methods)) items.push({ image: tile, heatmap, caption, detail: method });
}
show.heatmaps(items, {
  title: 'Four ways to ask the same question',
  columns: 5,
  caption: 'Each row is one test image; each column one method, for the predicted class. Occlusion hides a 6×6 patch at a time.',
});

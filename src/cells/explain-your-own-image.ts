import type * as tf from '@tensorflow/tfjs';
import { explain, input, predict, show, session, type FashionMnist, type HeatmapOverlay } from 'cnn-guide';

const model = session.need<tf.LayersModel>('model', 'load-pretrained-simplecnn');
const data = session.need<FashionMnist>('data', 'load-pretrained-simplecnn');

// The page shows a drop zone and converts your picture to what SimpleCNN was
// trained on: 28 × 28 grayscale, a light garment on a black background.
const picture = await input.image({ width: 28, height: 28, channels: 1, prompt: 'A picture of a garment, a shoe or a bag' });
show.log(`${picture.name}: ${picture.steps.join('; ')}.`);
show.images([picture.preview], { title: 'Your picture, cropped', scale: 1 });
show.images([picture.tile], { title: 'What the model sees (28 × 28)', scale: 4 });

const probabilities = await predict(model, picture.tensor);
const ranked = [...probabilities.keys()].sort((a, b) => probabilities[b]! - probabilities[a]!);
const top = ranked[0]!;
show.table(
  ['Class', 'Probability'],
  ranked.slice(0, 3).map((c) => [data.classes[c]!, `${(100 * probabilities[c]!).toFixed(1)}%`]),
  'Top three classes',
);

// Every method explains the class the model picked.
const caption = `predicted: ${data.classes[top]} (${(100 * probabilities[top]!).toFixed(0)}%)`;
const methods = {
  CAM: await explain.cam(model, picture.tensor),
  'Grad-CAM': await explain.gradCam(model, picture.tensor),
  Saliency: await explain.saliency(model, picture.tensor),
  SmoothGrad: await explain.smoothGrad(model, picture.tensor, { samples: 25, noiseLevel: 0.15, seed: 0 }),
  Occlusion: await explain.occlusion(model, picture.tensor, { patch: 6, stride: 2 }),
};
const items: HeatmapOverlay[] = Object.entries(methods).map(([method, heatmap]) => ({ image: picture.tile, heatmap, caption, detail: method }));
show.heatmaps(items, { title: 'Where the evidence is, by each method', columns: 5 });

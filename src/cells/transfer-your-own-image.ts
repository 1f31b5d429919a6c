import type * as tf from '@tensorflow/tfjs';
import { explain, input, predict, show, session, transforms, type HeatmapOverlay } from 'cnn-guide';

// The model fine-tuned above at the largest N, its five class names, and the
// backbone's preprocessing (its source images' mean and std).
const model = session.need<tf.LayersModel>('model', 'transfer-learning');
const classes = session.need<string[]>('classes', 'transfer-learning');
const { mean, std } = session.need<{ mean: number; std: number }>('preprocessing', 'transfer-learning');

// The page shows a drop zone and converts your picture to what the backbone saw:
// 28 × 28 grayscale, a light object on a black background.
const picture = await input.image({ width: 28, height: 28, channels: 1, prompt: 'A picture of a sandal, a shirt, a sneaker, a bag or an ankle boot' });
show.log(`${picture.name}: ${picture.steps.join('; ')}.`);
show.images([picture.preview], { title: 'Your picture, cropped', scale: 1 });
show.images([picture.tile], { title: 'What the model sees (28 × 28)', scale: 4 });

// The same normalisation as in training, or the model sees a different world.
const x = transforms.normalize(picture.tensor, mean, std);
const probabilities = await predict(model, x);
const ranked = [...probabilities.keys()].sort((a, b) => probabilities[b]! - probabilities[a]!);
const top = ranked[0]!;
show.table(
  ['Class', 'Probability'],
  ranked.slice(0, 3).map((c) => [classes[c]!, `${(100 * probabilities[c]!).toFixed(1)}%`]),
  'Top three classes',
);

// Every method explains the class the model picked. No CAM: this model ends in
// Flatten and a linear layer, not global average pooling. Grad-CAM uses the
// second block's maps: behind the flattening head the last block's averaged
// gradients are mostly negative and its map can come out empty (see the text).
const caption = `predicted: ${classes[top]} (${(100 * probabilities[top]!).toFixed(0)}%)`;
const methods = {
  'Grad-CAM (relu_6)': await explain.gradCam(model, x, { layer: 'relu_6' }),
  Saliency: await explain.saliency(model, x),
  SmoothGrad: await explain.smoothGrad(model, x, { samples: 25, noiseLevel: 0.15, seed: 0 }),
  // The patch is black, which after normalisation is -mean / std, not 0.
  Occlusion: await explain.occlusion(model, x, { patch: 6, stride: 2, fill: -mean / std }),
};
x.dispose();
const items: HeatmapOverlay[] = Object.entries(methods).map(([method, heatmap]) => ({ image: picture.tile, heatmap, caption, detail: method }));
show.heatmaps(items, { title: 'Where the evidence is, by each method', columns: 4 });

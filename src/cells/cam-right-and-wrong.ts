import * as tf from '@tensorflow/tfjs';
import { explain, imageTensor, toTensors, show, session, type FashionMnist, type HeatmapOverlay } from 'cnn-guide';

const model = session.need<tf.LayersModel>('model', 'load-pretrained-simplecnn');
const data = session.need<FashionMnist>('data', 'load-pretrained-simplecnn');
const name = (c: number) => data.classes[c]!;
const percent = (p: number) => `${(100 * p).toFixed(0)}%`;

// The model's probabilities for every test image, to find right and wrong answers.
const output = tf.tidy(() => tf.softmax(model.predict(toTensors(data.test).x, { batchSize: 250 }) as tf.Tensor2D));
const probabilities = (await output.array()) as number[][];
output.dispose();
const ranked = (i: number) => probabilities[i]!.map((p, c) => ({ c, p })).sort((a, b) => b.p - a.p);
const right: number[] = [];
const wrong: number[] = [];
for (let i = 0; i < data.test.count && (right.length < 3 || wrong.length < 3); i++) {
  const [top] = ranked(i);
  const label = data.test.labels[i]!;
  if (top!.c === label && right.length < 3 && !right.some((j) => data.test.labels[j] === label)) right.push(i);
  if (top!.c !== label && wrong.length < 3) wrong.push(i);
}

// For each image: CAM and Grad-CAM for the class the model picked, and Grad-CAM
// for another class (the true one when the model is wrong, else its runner-up).
async function explainImage(i: number): Promise<HeatmapOverlay[]> {
  const image = imageTensor(data.test, i);
  const tile = explain.imageTile(data.test, i);
  const [top, second] = ranked(i);
  const label = data.test.labels[i]!;
  const other = top!.c === label ? second!.c : label;
  const picked = `#${i} predicted: ${name(top!.c)} (${percent(top!.p)})`;
  const versus = top!.c === label ? `runner-up: ${name(other)} (${percent(probabilities[i]![other]!)})` : `true class: ${name(other)} (${percent(probabilities[i]![other]!)})`;
  return [
    { image: tile, heatmap: await explain.cam(model, image, { classIndex: top!.c }), caption: picked, detail: `CAM for: ${name(top!.c)}` },
    { image: tile, heatmap: await explain.gradCam(model, image, { classIndex: top!.c }), caption: picked, detail: `Grad-CAM for: ${name(top!.c)}` },
    { image: tile, heatmap: await explain.gradCam(model, image, { classIndex: other }), caption: versus, detail: `Grad-CAM for: ${name(other)}` },
  ];
}

const grid = { columns: 3, caption: 'CAM uses the 3×3 maps the pooling averages; Grad-CAM here the 7×7 maps after the last ReLU.' };
show.heatmaps((await Promise.all(right.map(explainImage))).flat(), { title: 'Correct predictions', ...grid });
show.heatmaps((await Promise.all(wrong.map(explainImage))).flat(), { title: 'Wrong predictions', ...grid });
session.set('examples', [...right.slice(0, 2), wrong[0]!]);

import type * as tf from '@tensorflow/tfjs';
import { explain, imageTensor, predict, show, session, type FashionMnist } from 'cnn-guide';

const model = session.need<tf.LayersModel>('model', 'train-simplecnn');
const data = session.need<FashionMnist>('data', 'train-simplecnn');

// Pick any test image: 0 is an ankle boot, 1 a pullover, 2 a trouser.
const INDEX = 0;
const image = imageTensor(data.test, INDEX);
const label = data.classes[data.test.labels[INDEX]!]!;
show.images([explain.imageTile(data.test, INDEX, label)], { title: `Test image #${INDEX}: ${label}`, scale: 4 });

// What the model makes of it.
const probabilities = await predict(model, image);
const ranked = probabilities.map((p, i) => ({ p, name: data.classes[i]! })).sort((a, b) => b.p - a.p);
show.table(['Class', 'Probability'], ranked.slice(0, 3).map((r) => [r.name, `${(100 * r.p).toFixed(1)}%`]), 'Top 3 predictions');

// The activations after each stage's ReLU: early maps keep edges, later ones are coarser and more abstract.
for (const stage of await explain.featureMaps(model, image, { maxChannels: 16 })) {
  show.images(stage.tiles, { title: `${stage.layer}: [${stage.shape.join(', ')}], first ${stage.tiles.length} channels`, columns: 8 });
}

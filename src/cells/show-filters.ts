import type * as tf from '@tensorflow/tfjs';
import { explain, show, session } from 'cnn-guide';

const model = session.need<tf.LayersModel>('model', 'train-simplecnn');

// The first conv layer has 32 filters of 1 x 3 x 3 weights (plus a bias each).
const [firstConv] = explain.convLayers(model);
const filters = await explain.filters(model, firstConv!);
show.images(filters.tiles, {
  title: `The ${filters.tiles.length} filters of ${filters.layer}`,
  caption: filters.caption,
  columns: 8,
  scale: 24,
});

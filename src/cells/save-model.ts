import type * as tf from '@tensorflow/tfjs';
import { download, session, type FashionMnist } from 'cnn-guide';

// Whichever model this page holds: the loaded one, or the one you trained.
const model = session.need<tf.LayersModel>('model', 'load-pretrained-simplecnn');
const data = session.need<FashionMnist>('data', 'load-pretrained-simplecnn');

// One JSON file: the model as a spec (and as print(model) shows it), the
// weights as PyTorch's state_dict in float32, and the class names.
download(model, 'simplecnn.json', { classes: data.classes });

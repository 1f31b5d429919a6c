import * as tf from '@tensorflow/tfjs';
import { input, evaluate, loadFashionMnist, simpleCNN, toTensors, show, session } from 'cnn-guide';

// The cells of this page explain SimpleCNN on 1 × 28 × 28 images: a file with
// another model is refused, with the first layer that differs named.
const loaded = await input.model({ expect: { spec: simpleCNN({ inChannels: 1 }), inputShape: [1, 28, 28] } });
show.log(`Loaded ${loaded.name}: input [${loaded.inputShape.join(', ')}], ${loaded.classes?.length ?? 'unnamed'} classes.`);

const data = await loadFashionMnist({ test: 1000 });
const test = toTensors(data.test);
const { accuracy } = await evaluate(loaded.model, test);
show.log(`Test accuracy of the loaded model: ${(100 * accuracy).toFixed(1)}% on ${data.test.count} images.`);

// Does it predict what the model it was saved from predicts?
const before = session.get<tf.LayersModel>('model');
if (before) {
  const [same, gap] = tf.tidy(() => {
    const a = before.predict(test.x) as tf.Tensor2D;
    const b = loaded.model.predict(test.x) as tf.Tensor2D;
    return [tf.sum(tf.cast(tf.equal(tf.argMax(a, -1), tf.argMax(b, -1)), 'int32')), tf.max(tf.abs(tf.sub(a, b)))];
  });
  show.log(`Same prediction as the model in this page on ${same!.dataSync()[0]} of ${data.test.count} test images; largest difference of a logit: ${gap!.dataSync()[0]!.toExponential(1)}.`);
  tf.dispose([same!, gap!]);
}

// The cells above now explain the loaded model.
session.set('model', loaded.model);
session.set('data', data);

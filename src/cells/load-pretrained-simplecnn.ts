import { loadPretrained, describePretrained, loadFashionMnist, toTensors, evaluate, show, session } from 'cnn-guide';

// The first chapter's SimpleCNN, trained ahead of time by scripts/pretrain_simplecnn.py
// and shipped as 190 KB of float16 weights.
const { model, info } = await loadPretrained('simplecnn');
show.log(describePretrained(info));

// Check the claim here, on your own machine: the same 1,000 test images.
const data = await loadFashionMnist({ test: 1000 });
const { loss, accuracy } = await evaluate(model, toTensors(data.test));
show.log(`Test accuracy in this browser: ${(100 * accuracy).toFixed(1)}% (loss ${loss.toFixed(3)}) on ${data.test.count} images.`);

// Later cells on this page use these.
session.set('model', model);
session.set('data', data);

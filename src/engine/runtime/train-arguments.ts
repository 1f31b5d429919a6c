// The mistakes a reader makes when calling train() and evaluate() in a cell,
// caught before tfjs sees them and told in the words the reader wrote: the
// argument's name, what it got, and what would work instead. Checks of the
// values themselves (epochs, batchSize, …) live with the loop, in
// tf/train-classifier.ts, and say "train():" too.
import * as tf from '@tensorflow/tfjs';

/** The settings train() reads; anything else is a typo or another library's name. */
const SETTINGS = [
  'epochs',
  'batchSize',
  'learningRate',
  'schedule',
  'optimizer',
  'weightDecay',
  'momentum',
  'nesterov',
  'augment',
  'seed',
] as const;
const AUGMENT_SETTINGS = ['flip', 'cropPadding', 'mixup', 'cutmix'] as const;

/** What PyTorch or Keras call a setting that train() names otherwise. */
const OTHER_NAMES: Record<string, string> = {
  lr: 'learningRate',
  learning_rate: 'learningRate',
  batch_size: 'batchSize',
  weight_decay: 'weightDecay',
  epoch: 'epochs',
  num_epochs: 'epochs',
  optim: 'optimizer',
};

/** A short, reader-facing description of a value that was not what a function wanted. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (undefined)';
  if (value === null) return 'null';
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const type = (value as { type?: unknown }).type;
    if (typeof type === 'string') return `a ${type} spec`;
    const keys = Object.keys(value);
    return keys.length > 0 ? `an object with ${keys.join(', ')}` : 'an empty object';
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function checkModel(fn: string, model: unknown): void {
  if (model instanceof tf.LayersModel) return;
  const spec = typeof model === 'object' && model !== null && typeof (model as { type?: unknown }).type === 'string';
  const fix = spec ? 'build it first: buildModel(spec, [1, 28, 28])' : 'make one with buildModel(spec, [C, H, W])';
  throw new TypeError(`${fn}: model must be a model made by buildModel, got ${describeValue(model)}; ${fix}`);
}

function checkImageSet(fn: string, name: string, set: unknown, example: string): void {
  const { x, y } = (set ?? {}) as { x?: unknown; y?: unknown };
  if (x instanceof tf.Tensor && y instanceof tf.Tensor) return;
  const split = typeof set === 'object' && set !== null && 'images' in set && 'labels' in set;
  const fix = split ? `turn the images into tensors first: toTensors(${example})` : `pass toTensors(${example})`;
  throw new TypeError(`${fn}: ${name} must be images and labels as tensors { x, y }, got ${describeValue(set)}; ${fix}`);
}

function checkSettingNames(settings: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(settings)) {
    if (known.includes(key)) continue;
    const other = OTHER_NAMES[key];
    const hint = other ? `; did you mean ${other}?` : `; ${where} are ${known.join(', ')}`;
    throw new TypeError(`train(): unknown setting ${key}${hint}`);
  }
}

/** Throws, naming the argument, when train(model, trainSet, testSet, settings) was called with the wrong things. */
export function checkTrainArguments(model: unknown, trainSet: unknown, testSet: unknown, settings: unknown): void {
  checkModel('train()', model);
  checkImageSet('train()', 'trainSet', trainSet, 'data.train');
  if (settings === undefined && typeof testSet === 'object' && testSet !== null && 'epochs' in testSet) {
    throw new TypeError(
      'train(): the settings came third, where the test set goes; ' +
        'call train(model, trainSet, testSet, settings), with null as testSet to train without one',
    );
  }
  if (testSet !== null) checkImageSet('train()', 'testSet', testSet, 'data.test');
  if (typeof settings !== 'object' || settings === null) {
    throw new TypeError(
      `train(): settings must be an object such as { epochs: 4, batchSize: 64, learningRate: 0.003 }, got ${describeValue(settings)}`,
    );
  }
  checkSettingNames(settings, SETTINGS, 'the settings');
  const { augment } = settings as { augment?: unknown };
  if (augment !== undefined) {
    if (typeof augment !== 'object' || augment === null) {
      throw new TypeError(`train(): augment must be an object such as { flip: true }, got ${describeValue(augment)}`);
    }
    checkSettingNames(augment, AUGMENT_SETTINGS, 'augment settings');
  }
}

/** Throws, naming the argument, when evaluate(model, testSet) was called with the wrong things. */
export function checkEvaluateArguments(model: unknown, set: unknown): void {
  checkModel('evaluate()', model);
  checkImageSet('evaluate()', 'the set', set, 'data.test');
}

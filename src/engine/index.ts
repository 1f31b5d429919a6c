// The one entry through which the guide's pages (src/content, .astro pages)
// use the engine: shapes, parameters, costs, number formatting, model specs
// and the zoo, and the plain-TypeScript reference ops. Nothing reachable from
// here loads tfjs, so a page that imports it stays light; training lives
// behind the worker (runtime/) and is reached from cells, not from here.

export * from './arithmetic';
export * from './reference';
export { nn, type ModuleSpec, type SequentialSpec } from './spec/layers';
export { type ModelSummary, namedModules, summarize, type SummaryRow } from './spec/infer';
export { formatLayer, formatModel } from './spec/repr';
export { classicCNN, simpleCNN, zoo, zooModel, type ZooName, zooNames } from './spec/zoo';
export { F } from './spec/layers';
export { BasicBlock, Bottleneck } from './spec/blocks';
export { INPUT_LIMITS } from './contract/inputs';
export { MODEL_FILE_FORMAT, MODEL_FILE_VERSION } from './spec/model-file';
export { ANIMAL_SIZE, DEFAULT_SCENE_SIZE } from './reference/bias-scenes';
export { smallCNN } from './spec/small-cnn';

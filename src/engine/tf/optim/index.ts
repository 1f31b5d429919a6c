// PyTorch's optimizers and learning-rate schedules for the engine's training loops.
export { TorchOptimizer, type VariableGradients } from './optimizer';
export { SGD, type SGDOptions } from './sgd';
export { Adam, AdamW, type AdamOptions } from './adam';
export {
  constantLR,
  cosineAnnealingLR,
  linearLR,
  sequentialLR,
  stepLR,
  warmupCosineLR,
  type Schedule,
  type WarmupCosineOptions,
} from './schedules';

// Named model builders. A table rather than a switch, so adding a model is one
// entry and cells can list what exists.

import { nn, type LayerSpec, type SequentialSpec } from './layers';

export interface SimpleCNNOptions {
  /** 1 for grayscale (MNIST-like), 3 for RGB (CIFAR-like). Default 3. */
  inChannels?: number;
  /** Default 10. */
  numClasses?: number;
  /** Dropout probability before the classifier. Default 0.3. */
  dropout?: number;
}

/**
 * Three stages of Conv2d(3x3, padding 1) -> BatchNorm2d -> ReLU -> MaxPool2d(2)
 * with 32, 64 and 128 channels, then global average pooling and a linear
 * classifier. 94,986 trainable parameters for RGB input, 94,410 for grayscale
 * (both counted by PyTorch).
 */
export function simpleCNN(opts: SimpleCNNOptions = {}): SequentialSpec {
  const { inChannels = 3, numClasses = 10, dropout = 0.3 } = opts;
  const widths = [32, 64, 128] as const;
  const stages: LayerSpec[] = [];
  let channels = inChannels;
  for (const width of widths) {
    stages.push(nn.Conv2d(channels, width, 3, { padding: 1 }), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2));
    channels = width;
  }
  return nn.Sequential(
    ...stages,
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Dropout(dropout),
    nn.Linear(channels, numClasses),
  );
}

export const zoo = {
  simpleCNN,
} as const satisfies Record<string, (opts?: never) => SequentialSpec>;

export type ZooName = keyof typeof zoo;

/** Looks a model up by name, with an error that lists the names that exist. */
export function zooModel(name: string): (typeof zoo)[ZooName] {
  if (!Object.hasOwn(zoo, name)) {
    throw new Error(`No model named '${name}' in the zoo; available: ${Object.keys(zoo).join(', ')}`);
  }
  return zoo[name as ZooName];
}

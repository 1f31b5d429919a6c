// The transfer-learning chapter's backbone, as data: narrower than the first
// chapter's SimpleCNN so that a cell can train it nine times in the page.
import { nn, type SequentialSpec } from './layers';

/**
 * Three Conv-BN-ReLU-Pool stages of 16, 32 and 64 channels, then Flatten and
 * Linear(64·3·3, classes), its only head (index 13). scripts/pretrain_backbone.py
 * writes the same model in PyTorch.
 */
export function smallCNN(classes: number): SequentialSpec {
  // prettier-ignore
  // One stage a line, as the chapter shows it.
  return nn.Sequential(
    nn.Conv2d(1, 16, 3, { padding: 1 }), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, { padding: 1 }), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, { padding: 1 }), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(64 * 3 * 3, classes),
  );
}

// One model with every 2-D layer type and block the builder knows, for the
// tests that load PyTorch's weights into it (build-model, model-file).
import { BasicBlock, Bottleneck, DepthwiseSeparable, Inception, InvertedResidual, MBConv } from '../../src/engine/spec/blocks';
import { nn } from '../../src/engine/spec/layers';

/**
 * Keep in step with kitchen_sink() in scripts/fixtures/model_weights.py; the
 * printout check in build-model.test.ts fails if the two drift apart.
 */
export function kitchenSink() {
  return nn.Sequential(
    nn.Conv2d(3, 8, 3, { padding: 1, bias: false }),
    nn.BatchNorm2d(8),
    nn.Hardsigmoid(),
    BasicBlock(8, 16, { stride: 2 }),
    nn.MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }),
    MBConv({ expandRatio: 4, kernel: 3, stride: 1, inputChannels: 16, outChannels: 16 }, 0),
    InvertedResidual(16, 16, 1, 2),
    DepthwiseSeparable(16, 12),
    nn.AvgPool2d(3, { stride: 1, padding: 1 }),
    Inception(12, 4, 4, 6, 2, 3, 3),
    Bottleneck(16, 4),
    nn.LeakyReLU(0.1),
    nn.GELU(),
    nn.Conv2d(16, 16, 3, { padding: 2, dilation: 2, groups: 16 }),
    nn.Hardswish(),
    nn.AdaptiveAvgPool2d([3, 2]),
    nn.Flatten(),
    nn.Dropout(0.1),
    nn.Linear(16 * 3 * 2, 5),
  );
}

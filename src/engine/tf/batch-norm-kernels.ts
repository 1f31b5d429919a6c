// BatchNorm's training-mode forward and backward passes as two kernels: a
// backend that registers them (wasm-training-kernels.ts does, for 'wasm', on
// the native kernels) runs each in one call; fused-batch-norm.ts uses them
// where they are registered and the channel count is a multiple of 4, and
// composes tf ops elsewhere.

/** Inputs x [..., c], gamma [c], beta [c]; attrs {epsilon}. Outputs y, mean, variance (biased), invStd. */
export const BATCH_NORM_FORWARD = 'CnnGuideBatchNormForward';
/** Inputs dy, x, mean, invStd, gamma. Outputs dx, dGamma, dBeta. */
export const BATCH_NORM_BACKWARD = 'CnnGuideBatchNormBackward';

// The engine's Adam update as one kernel: a backend that registers it
// (wasm-training-kernels.ts does, for 'wasm', on the native kernels) runs a
// parameter tensor's whole update in one call instead of thirteen element-wise
// kernels; adam.ts uses it where it is registered and composes the update
// from tf ops elsewhere. The arithmetic is the same float32 operations in the
// same order (adamStep in native/assembly/training-kernels.ts).

/** The kernel's name in tfjs's registry. */
export const ADAM_STEP = 'CnnGuideAdamStep';

/** Inputs: param, gradient, expAvg, expAvgSq (float32, one shape). Outputs: param, expAvg, expAvgSq. */
export interface AdamStepAttrs {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** -lr / (1 - beta1^t) */
  negStepSize: number;
  /** sqrt(1 - beta2^t) */
  bc2Sqrt: number;
  eps: number;
  /** AdamW's decoupled decay: p * (1 - lr * wd); null without it. */
  pScale: number | null;
  /** -1 to maximize, else 1. */
  gSign: number;
  /** Adam's coupled decay wd (g + p * wd); null without it. */
  l2: number | null;
}

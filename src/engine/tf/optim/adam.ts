// torch.optim.Adam and torch.optim.AdamW (PyTorch 1.13 to 2.x, single-tensor
// path, amsgrad off), on tfjs variables.
//
// tf.train.adam differs in two ways a PyTorch reader would trip on: it puts
// eps outside the bias correction (lr·sqrt(1-β2^t)/(1-β1^t) · m / (sqrt(v) + eps)),
// and it has no weight decay. Here the bias correction is PyTorch's:
// step_size = lr / (1 - β1^t), denom = sqrt(v) / sqrt(1 - β2^t) + eps.

import * as tf from '@tensorflow/tfjs';
import { ADAM_STEP, type AdamStepAttrs } from './adam-step-kernel';
import { checkNonNegative, TorchOptimizer } from './optimizer';

export interface AdamOptions {
  /** Default 1e-3. */
  lr?: number;
  /** Default [0.9, 0.999]. */
  betas?: readonly [number, number];
  /**
   * Default 1e-8. On a backend that computes in float16 (some WebGL devices)
   * 1e-8 rounds to 0; pass tf.backend().epsilon() there.
   */
  eps?: number;
  /** Adam: added to the gradient (L2, coupled). AdamW: decoupled decay. Defaults 0 and 0.01, as in PyTorch. */
  weightDecay?: number;
  /** Ascend instead of descend. Default false. */
  maximize?: boolean;
}

interface AdamState {
  step: number;
  expAvg: tf.Variable;
  expAvgSq: tf.Variable;
}

export class Adam extends TorchOptimizer<AdamState> {
  static get className(): string {
    return 'Adam';
  }

  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly maximize: boolean;
  /** AdamW's decay: p ← p·(1 - lr·wd) before the Adam step, instead of wd·p in the gradient. */
  protected readonly decoupled: boolean = false;

  constructor(options: AdamOptions = {}, defaultWeightDecay = 0) {
    super(options.lr ?? 1e-3);
    const { betas = [0.9, 0.999], eps = 1e-8, weightDecay = defaultWeightDecay, maximize = false } = options;
    const owner = this.getClassName();
    for (const [i, beta] of betas.entries()) {
      if (!(beta >= 0 && beta < 1)) throw new RangeError(`${owner}: betas[${i}] must be in [0, 1), got ${beta}`);
    }
    checkNonNegative(owner, 'eps', eps);
    checkNonNegative(owner, 'weightDecay', weightDecay);
    [this.beta1, this.beta2] = betas;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.maximize = maximize;
  }

  protected update(param: tf.Variable, gradient: tf.Tensor, state: AdamState | undefined): AdamState {
    const { beta1, beta2, eps, weightDecay, learningRate: lr } = this;
    const step = (state?.step ?? 0) + 1;

    const expAvg = state?.expAvg ?? tf.variable(tf.zerosLike(param), false);
    const expAvgSq = state?.expAvgSq ?? tf.variable(tf.zerosLike(param), false);
    // In double precision on the CPU, as PyTorch computes them in Python.
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2 = 1 - beta2 ** step;
    const stepSize = lr / biasCorrection1;
    if (param.dtype === 'float32' && tf.getKernel(ADAM_STEP, tf.getBackend()) !== undefined) {
      const attrs: AdamStepAttrs = {
        beta1,
        oneMinusBeta1: 1 - beta1,
        beta2,
        oneMinusBeta2: 1 - beta2,
        negStepSize: -stepSize,
        bc2Sqrt: Math.sqrt(biasCorrection2),
        eps,
        pScale: this.decoupled && weightDecay !== 0 ? 1 - lr * weightDecay : null,
        gSign: this.maximize ? -1 : 1,
        l2: !this.decoupled && weightDecay !== 0 ? weightDecay : null,
      };
      const [next, nextAvg, nextAvgSq] = tf
        .engine()
        .runKernel(ADAM_STEP, { param, gradient, expAvg, expAvgSq }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      expAvg.assign(nextAvg!);
      expAvgSq.assign(nextAvgSq!);
      param.assign(next!);
      return { step, expAvg, expAvgSq };
    }
    let p: tf.Tensor = param;
    if (this.decoupled && weightDecay !== 0) p = tf.mul(p, 1 - lr * weightDecay);
    let g = this.maximize ? tf.neg(gradient) : gradient;
    if (!this.decoupled && weightDecay !== 0) g = tf.add(g, tf.mul(p, weightDecay));
    expAvg.assign(tf.add(tf.mul(expAvg, beta1), tf.mul(g, 1 - beta1)));
    expAvgSq.assign(tf.add(tf.mul(expAvgSq, beta2), tf.mul(tf.mul(g, g), 1 - beta2)));

    const denom = tf.add(tf.div(tf.sqrt(expAvgSq), Math.sqrt(biasCorrection2)), eps);
    param.assign(tf.add(p, tf.mul(tf.div(expAvg, denom), -stepSize)));
    return { step, expAvg, expAvgSq };
  }

  protected stateTensors(state: AdamState): tf.Tensor[] {
    return [state.expAvg, state.expAvgSq];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      lr: this.learningRate,
      betas: [this.beta1, this.beta2],
      eps: this.eps,
      weightDecay: this.weightDecay,
      maximize: this.maximize,
    };
  }
}

export class AdamW extends Adam {
  static override get className(): string {
    return 'AdamW';
  }

  protected override readonly decoupled = true;

  constructor(options: AdamOptions = {}) {
    super(options, 0.01);
  }
}

// torch.optim.SGD (PyTorch 1.13 to 2.x, single-tensor path), on tfjs variables.

import * as tf from '@tensorflow/tfjs';
import { checkNonNegative, TorchOptimizer } from './optimizer';

export interface SGDOptions {
  lr: number;
  /** Default 0 (no buffer), as in PyTorch. */
  momentum?: number;
  /** Default 0. */
  dampening?: number;
  /** Default 0: added to the gradient (L2), as PyTorch's SGD does. */
  weightDecay?: number;
  /** Default false; needs momentum > 0 and dampening 0, as in PyTorch. */
  nesterov?: boolean;
  /** Ascend instead of descend. Default false. */
  maximize?: boolean;
}

interface SGDState {
  buffer: tf.Variable | null;
}

export class SGD extends TorchOptimizer<SGDState> {
  static get className(): string {
    return 'SGD';
  }

  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly maximize: boolean;

  constructor(options: SGDOptions) {
    super(options.lr);
    const { momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, maximize = false } = options;
    checkNonNegative('SGD', 'momentum', momentum);
    checkNonNegative('SGD', 'dampening', dampening);
    checkNonNegative('SGD', 'weightDecay', weightDecay);
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new RangeError('SGD: Nesterov momentum requires a momentum and zero dampening');
    }
    this.momentum = momentum;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
    this.maximize = maximize;
  }

  protected update(param: tf.Variable, gradient: tf.Tensor, state: SGDState | undefined): SGDState {
    let d = this.maximize ? tf.neg(gradient) : gradient;
    if (this.weightDecay !== 0) d = tf.add(d, tf.mul(param, this.weightDecay));
    let buffer = state?.buffer ?? null;
    if (this.momentum !== 0) {
      // The first step starts the buffer at the gradient itself, not at (1 - dampening) times it.
      if (buffer === null) buffer = tf.variable(d, false);
      else buffer.assign(tf.add(tf.mul(buffer, this.momentum), tf.mul(d, 1 - this.dampening)));
      d = this.nesterov ? tf.add(d, tf.mul(buffer, this.momentum)) : buffer;
    }
    param.assign(tf.add(param, tf.mul(d, -this.learningRate)));
    return { buffer };
  }

  protected stateTensors(state: SGDState): tf.Tensor[] {
    return state.buffer ? [state.buffer] : [];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      lr: this.learningRate,
      momentum: this.momentum,
      dampening: this.dampening,
      weightDecay: this.weightDecay,
      nesterov: this.nesterov,
      maximize: this.maximize,
    };
  }
}

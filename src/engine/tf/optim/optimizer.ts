// The common part of the engine's PyTorch-style optimizers.
//
// They are tf.Optimizer subclasses, so `minimize(f, returnCost, varList)` and
// `applyGradients(grads)` work as in any tfjs training loop, but their update
// rules are torch.optim's, operation for operation, so that a reader's
// hyperparameters mean what they mean in PyTorch. State (momentum buffers,
// Adam's moments) is per variable, created on the variable's first step as
// PyTorch creates it lazily, and freed by dispose().

import * as tf from '@tensorflow/tfjs';

/** What tf.Optimizer.applyGradients takes: gradients by variable name. */
export type VariableGradients = Parameters<tf.Optimizer['applyGradients']>[0];

export abstract class TorchOptimizer<State> extends tf.Optimizer {
  /** Read at every step: set it between steps to schedule it, as a torch scheduler sets param_groups' lr. */
  learningRate: number;
  private readonly states = new Map<string, State>();

  protected constructor(learningRate: number) {
    super();
    checkNonNegative(this.getClassName(), 'lr', learningRate);
    this.learningRate = learningRate;
  }

  /** One update of `variable` from `gradient`, given its state (undefined before its first step); returns its state. */
  protected abstract update(variable: tf.Variable, gradient: tf.Tensor, state: State | undefined): State;

  /** The tensors a state holds, for dispose(). */
  protected abstract stateTensors(state: State): tf.Tensor[];

  override applyGradients(gradients: VariableGradients): void {
    const pairs: Array<[string, tf.Tensor | undefined]> = Array.isArray(gradients)
      ? gradients.map((g) => [g.name, g.tensor])
      : Object.entries(gradients);
    const variables = tf.engine().registeredVariables;
    for (const [name, gradient] of pairs) {
      // Like a parameter whose .grad is None: PyTorch skips it, state and all.
      if (gradient == null) continue;
      const variable = variables[name];
      if (!variable) throw new Error(`${this.getClassName()}: there is no variable named '${name}'`);
      this.stepOne(variable, gradient);
    }
    this.incrementIterations();
  }

  /** optimizer.step() with the gradients given per variable, for code that holds the variables themselves. */
  step(gradients: ReadonlyArray<readonly [tf.Variable, tf.Tensor]>): void {
    for (const [variable, gradient] of gradients) this.stepOne(variable, gradient);
    this.incrementIterations();
  }

  private stepOne(variable: tf.Variable, gradient: tf.Tensor): void {
    if (!tf.util.arraysEqual(variable.shape, gradient.shape)) {
      throw new Error(
        `${this.getClassName()}: the gradient of '${variable.name}' is [${gradient.shape.join(', ')}], the variable [${variable.shape.join(', ')}]`,
      );
    }
    const state = this.states.get(variable.name);
    // State tensors are tf.Variables, which a tidy keeps; all else it frees.
    const out: { next?: State } = {};
    tf.tidy(() => {
      out.next = this.update(variable, gradient, state);
    });
    if (out.next === undefined) throw new Error(`${this.getClassName()}: no state after updating '${variable.name}'`);
    this.states.set(variable.name, out.next);
  }

  /** Frees every variable's state; the optimizer starts afresh if used again. */
  override dispose(): void {
    for (const state of this.states.values()) tf.dispose(this.stateTensors(state));
    this.states.clear();
    super.dispose();
  }
}

export function checkNonNegative(owner: string, name: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value))
    throw new RangeError(`${owner}: ${name} must be a finite number >= 0, got ${value}`);
}

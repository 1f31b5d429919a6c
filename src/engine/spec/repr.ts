// The text PyTorch's `print(model)` gives for the same module, so a reader can
// put the two side by side. Locked against a fixture printed by torch itself.

import type { IntOrPair, LayerOf, LayerSpec, LayerType, Pair, SequentialSpec } from './layers';

/**
 * A number as Python's `repr(float)` writes it: `1e-05`, `0.1`, `2.0`.
 * Spec numbers carry no int/float distinction, so hyperparameters PyTorch
 * stores as floats are always written as floats (Dropout(0) prints `p=0.0`,
 * where PyTorch would echo the int `0` it was given).
 */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() with no argument gives the shortest round-trip digits, as Python's repr does.
  const [mantissa = '', exponent = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(exponent);
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  return `${sign}${whole}.${digits.slice(exp + 1) || '0'}`;
}

const tuple = ([h, w]: Pair): string => `(${h}, ${w})`;
const intOrTuple = (size: IntOrPair): string => (typeof size === 'number' ? String(size) : tuple(size));
const pyBool = (b: boolean): string => (b ? 'True' : 'False');

const reprs: { readonly [K in LayerType]: (layer: LayerOf<K>) => string } = {
  Conv2d(l) {
    // PyTorch's extra_repr leaves out arguments that have their default value.
    const parts = [`${l.inChannels}`, `${l.outChannels}`, `kernel_size=${tuple(l.kernelSize)}`, `stride=${tuple(l.stride)}`];
    if (l.padding[0] !== 0 || l.padding[1] !== 0) parts.push(`padding=${tuple(l.padding)}`);
    if (l.dilation[0] !== 1 || l.dilation[1] !== 1) parts.push(`dilation=${tuple(l.dilation)}`);
    if (!l.bias) parts.push('bias=False');
    return `Conv2d(${parts.join(', ')})`;
  },
  BatchNorm2d: (l) =>
    `BatchNorm2d(${l.numFeatures}, eps=${pythonFloat(l.eps)}, momentum=${pythonFloat(l.momentum)}, affine=True, track_running_stats=True)`,
  ReLU: () => 'ReLU()',
  MaxPool2d: (l) =>
    `MaxPool2d(kernel_size=${intOrTuple(l.kernelSize)}, stride=${intOrTuple(l.stride)}, padding=${intOrTuple(l.padding)}, dilation=1, ceil_mode=False)`,
  AdaptiveAvgPool2d: (l) => `AdaptiveAvgPool2d(output_size=${intOrTuple(l.outputSize)})`,
  Flatten: () => 'Flatten(start_dim=1, end_dim=-1)',
  Dropout: (l) => `Dropout(p=${pythonFloat(l.p)}, inplace=False)`,
  Linear: (l) => `Linear(in_features=${l.inFeatures}, out_features=${l.outFeatures}, bias=${pyBool(l.bias)})`,
};

/** One layer as PyTorch prints it, e.g. `ReLU()`. */
export function formatLayer(layer: LayerSpec): string {
  return (reprs[layer.type] as (l: LayerSpec) => string)(layer);
}

/** The model as `print(model)` shows the equivalent `nn.Sequential`. */
export function formatModel(model: SequentialSpec): string {
  if (model.layers.length === 0) return 'Sequential()';
  const lines = model.layers.map((layer, i) => `  (${i}): ${formatLayer(layer)}`);
  return `Sequential(\n${lines.join('\n')}\n)`;
}

// Shapes, parameters, FLOPs and receptive fields of CNN layers, in plain
// TypeScript (no tfjs), with PyTorch's semantics. Figures and prose import
// from here; the numbers are checked against PyTorch in
// tests/unit/arithmetic.test.ts (fixture from scripts/fixtures/arithmetic_reference.py).

export {
  type Conv2dWindow,
  type ConvAxis,
  convOutputShape,
  convOutputShapeSteps,
  convOutputSize,
  convOutputSizeSteps,
  effectiveKernel,
  type OutputSizeSteps,
  type Pool2dWindow,
  type PoolAxis,
  poolOutputShape,
  poolOutputShapeSteps,
  poolOutputSize,
  poolOutputSizeSteps,
  samePadding,
  slidingOutputSize,
} from './output-size';
export {
  compareConvWithDense,
  type ConvDenseComparison,
  type ConvLayer,
  type ConvOnImage,
  convParameters,
  type DenseLayer,
  denseParameters,
  type ParameterCount,
} from './parameters';
export {
  convCost,
  depthwiseSeparableCost,
  type LayerCost,
  linearCost,
  type SeparableComparison,
  type SeparableConvArgs,
} from './cost';
export {
  type ReceptiveField,
  receptiveField,
  type ReceptiveFieldLayer,
  type ReceptiveFieldOptions,
  type ReceptiveFieldRow,
  stride1ReceptiveField,
} from './receptive-field';
export { type IntOrPair, type Pair, requireNonNegativeInt, requirePositiveInt, toPair } from './pair';
export {
  formatAboutDuration,
  formatBytes,
  formatCount,
  formatCountInWords,
  formatDecimal,
  formatEta,
  formatFixed,
  formatMagnitude,
  formatPercent,
  formatPowerOfTen,
  formatRate,
  formatRatio,
  formatReading,
  formatSeconds,
  formatTableValue,
} from './format';
export {
  convNdCost,
  type ConvNdOnInput,
  convNdOutputShape,
  convNdParameters,
  type ConvNdWindow,
  type IntOrSizes,
  toSizes,
} from './conv-nd';

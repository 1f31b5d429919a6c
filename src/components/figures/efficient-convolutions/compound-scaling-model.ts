// View-model of the compound-scaling calculator: EfficientNet's rule (Tan and
// Le 2019, eq. 3) scales depth by α^φ, width by β^φ and resolution by γ^φ with
// α = 1.2, β = 1.1, γ = 1.15, so FLOPs grow by about (α·β²·γ²)^φ ≈ 2^φ. Beside
// the rule, the MACs of a real network: EfficientNet-B0 scaled as
// torchvision's _efficientnet_conf scales it (channels rounded to multiples of
// 8, layer counts rounded up), counted by the engine.

import { formatCount, formatDecimal, formatRatio } from '../../../engine/arithmetic/format';
import { Conv2dNormActivation, MBConv, makeDivisible, type MBConvConfig } from '../../../engine/spec/blocks';
import { summarize } from '../../../engine/spec/infer';
import { Module, Sequential, nn, pipe, F, type CustomModuleSpec, type ModuleSpec } from '../../../engine/spec/layers';
import { linkNumber, type NumberRule } from '../kit/number-input';

/** The grid-searched constants of the paper (section 3.3), with α·β²·γ² ≈ 2. */
export const ALPHA = 1.2;
export const BETA = 1.1;
export const GAMMA = 1.15;
export const PHI_MAX = 7;
export const BASE_RESOLUTION = 224;

/** torchvision's EfficientNet-B0 stages: expand ratio, kernel, stride, input channels, output channels, layers. */
const B0_STAGES = [
  [1, 3, 1, 32, 16, 1],
  [6, 3, 2, 16, 24, 2],
  [6, 5, 2, 24, 40, 2],
  [6, 3, 2, 40, 80, 3],
  [6, 5, 1, 80, 112, 3],
  [6, 5, 2, 112, 192, 4],
  [6, 3, 1, 192, 320, 1],
] as const;

/**
 * torchvision's EfficientNet with `width_mult` and `depth_mult` (its
 * _efficientnet_conf and EfficientNet.__init__): every stage's channels
 * become _make_divisible(c·width, 8), its layer count ⌈n·depth⌉. At 1 and 1
 * it is the zoo's efficientnetB0.
 */
export function scaledEfficientNet(widthMult: number, depthMult: number, numClasses = 1000): CustomModuleSpec {
  const width = (c: number) => makeDivisible(c * widthMult, 8);
  const stages = B0_STAGES.map(([e, k, s, i, o, n]) => ({ e, k, s, i: width(i), o: width(o), n: Math.ceil(n * depthMult) }));
  const totalBlocks = stages.reduce((sum, st) => sum + st.n, 0);
  const features: ModuleSpec[] = [Conv2dNormActivation(3, stages[0]!.i, { stride: 2, activation: nn.SiLU })];
  let blockId = 0;
  for (const st of stages) {
    const blocks: ModuleSpec[] = [];
    for (let j = 0; j < st.n; j++) {
      const cnf: MBConvConfig = {
        expandRatio: st.e,
        kernel: st.k,
        stride: j === 0 ? st.s : 1,
        inputChannels: j === 0 ? st.i : st.o,
        outChannels: st.o,
      };
      blocks.push(MBConv(cnf, (0.2 * blockId) / totalBlocks));
      blockId++;
    }
    features.push(Sequential(...blocks));
  }
  const last = stages.at(-1)!.o;
  features.push(Conv2dNormActivation(last, 4 * last, { kernelSize: 1, activation: nn.SiLU }));
  return Module(
    'EfficientNet',
    {
      features: Sequential(...features),
      avgpool: nn.AdaptiveAvgPool2d(1),
      classifier: Sequential(nn.Dropout(0.2, { inplace: true }), nn.Linear(4 * last, numClasses)),
    },
    (x, m) => pipe(x, m.features, m.avgpool, F.flatten, m.classifier),
  );
}

export interface ScaledCount {
  readonly params: number;
  readonly macs: number;
  readonly blocks: number;
}

const countCache = new Map<string, ScaledCount>();

/** Parameters and MACs of scaledEfficientNet at a resolution (memoised: the slider revisits the same φ). */
export function scaledCount(widthMult: number, depthMult: number, resolution: number): ScaledCount {
  const key = `${widthMult}|${depthMult}|${resolution}`;
  const known = countCache.get(key);
  if (known) return known;
  const model = scaledEfficientNet(widthMult, depthMult);
  const s = summarize(model, [3, resolution, resolution]);
  const result = { params: s.totalParams, macs: s.totalMacs, blocks: s.rows.filter((r) => r.type === 'MBConv').length };
  countCache.set(key, result);
  return result;
}

export interface ScalingView {
  readonly phi: number;
  readonly depth: number;
  readonly width: number;
  readonly resolutionFactor: number;
  readonly resolution: number;
  /** d·w²·r² with the unrounded multipliers: the rule's FLOPs factor, (α·β²·γ²)^φ. */
  readonly flopsFactor: number;
  readonly base: ScaledCount;
  readonly scaled: ScaledCount;
  /** scaled.macs / base.macs: what rounding channels, layers and pixels to whole numbers gives. */
  readonly realFactor: number;
  readonly sentence: string;
}

/** Clamps φ to the slider's range and whole numbers, so no input gives NaN. */
export function clampPhi(phi: number): number {
  if (!Number.isFinite(phi)) return 0;
  return Math.min(Math.max(Math.round(phi), 0), PHI_MAX);
}

export function scalingView(phiIn: number): ScalingView {
  const phi = clampPhi(phiIn);
  const depth = ALPHA ** phi;
  const width = BETA ** phi;
  const resolutionFactor = GAMMA ** phi;
  const resolution = Math.round(BASE_RESOLUTION * resolutionFactor);
  const flopsFactor = depth * width ** 2 * resolutionFactor ** 2;
  const base = scaledCount(1, 1, BASE_RESOLUTION);
  const scaled = scaledCount(width, depth, resolution);
  const realFactor = scaled.macs / base.macs;
  const f = (x: number) => formatDecimal(x, 2);
  return {
    phi,
    depth,
    width,
    resolutionFactor,
    resolution,
    flopsFactor,
    base,
    scaled,
    realFactor,
    sentence:
      `φ = ${phi}: depth × ${f(depth)}, width × ${f(width)}, resolution × ${f(resolutionFactor)} (${resolution} × ${resolution}). ` +
      `The rule predicts ${formatRatio(flopsFactor)} times B0's FLOPs; the scaled network, with whole channels and layers, ` +
      `has ${formatCount(scaled.blocks)} MBConv blocks, ${formatCount(scaled.params)} parameters and ` +
      `${formatCount(scaled.macs)} MACs, ${formatRatio(realFactor)} times B0's.`,
  };
}

/** φ as a link sets it: a whole number on the slider's range. */
export const PHI_RULE: NumberRule = { label: 'φ', min: 0, max: PHI_MAX, integer: true };

/** The calculator's view in a link: #compound-scaling-calculator?phi=3. */
export function scalingViewParams(phi: number): Record<string, string> {
  return { phi: String(clampPhi(phi)) };
}

export function parseScalingView(params: URLSearchParams): { phi?: number; problems: string[] } {
  const r = linkNumber(params, 'phi', PHI_RULE);
  return { ...(r.value === undefined ? {} : { phi: r.value }), problems: r.problem ? [r.problem] : [] };
}

// The model explorer: any zoo model's layers (shape, parameters, MACs and
// receptive field of each call, as the engine computes them), its PyTorch
// printout, and where its parameters and its arithmetic go.

import { formatCount, formatPercent } from '../../../engine/arithmetic/format';
import { receptiveField } from '../../../engine/arithmetic/receptive-field';
import { BATCH, summarize, trace } from '../../../engine/spec/infer';
import type { LayerSpec } from '../../../engine/spec/layers';
import { formatModel } from '../../../engine/spec/repr';
import { poolWindow, ruleFor } from '../../../engine/spec/rules';
import { zoo, zooModel, zooNames, type ZooName } from '../../../engine/spec/zoo';

/** Receptive field along the height, in input pixels; 'global' once every output sees the whole image. */
export type ReceptiveFieldSize = number | 'global';

interface RfState {
  rf: number;
  jump: number;
  global: boolean;
}

export interface ExplorerLayer {
  /** PyTorch's module path, e.g. 'features.0'; for a function in a forward, the module's path and the call. */
  readonly path: string;
  /** The layer type, e.g. 'Conv2d'. */
  readonly type: string;
  /** The function a forward calls it as ('torch.flatten'), or null for a module. */
  readonly fn: string | null;
  /** [B, C, H, W] or [B, F], B shown as -1. */
  readonly outputShape: readonly number[];
  /** Trainable parameters, counted at the layer's first call only (a module called twice owns its weights once). */
  readonly params: number;
  readonly macs: number;
  readonly receptiveField: ReceptiveFieldSize;
}

/** One sliding window's effect on the receptive field, by the engine's recurrence r = r + (span − 1)·j, j = j·s. */
function slide(x: RfState, kernel: number, stride: number, dilation = 1): RfState {
  const step = receptiveField([{ kernel, stride, dilation }]);
  return { rf: x.rf + (step.rf - 1) * x.jump, jump: x.jump * step.jump, global: x.global };
}

function nextReceptiveField(layer: LayerSpec, x: RfState, input: readonly number[], output: readonly number[]): RfState {
  switch (layer.type) {
    case 'Conv2d':
      return slide(x, layer.kernelSize[0], layer.stride[0], layer.dilation[0]);
    case 'MaxPool2d':
    case 'AvgPool2d': {
      const win = poolWindow(layer);
      return slide(x, win.kernel[0], win.stride[0]);
    }
    case 'AdaptiveAvgPool2d':
      // Same size in and out is the identity; pooling to 1 × 1 sees everything (the zoo has no other case).
      return input[1] === output[1] ? x : { ...x, global: true };
    case 'Flatten':
      return input.length === 1 ? x : { ...x, global: true };
    case 'Linear':
      return input.length === 1 ? { ...x, global: true } : x;
    default:
      return x;
  }
}

export function explorerLayers(name: ZooName): ExplorerLayer[] {
  const entry = zooModel(name);
  const rows: ExplorerLayer[] = [];
  const seen = new Set<LayerSpec>();
  trace<RfState>(
    entry.build(),
    entry.inputShape,
    { rf: 1, jump: 1, global: false },
    {
      layer({ path, layer, fn, x, input, output }) {
        const next = nextReceptiveField(layer, x, input.shape, output.shape);
        const rule = ruleFor(layer);
        const params = seen.has(layer) ? 0 : rule.params(layer);
        seen.add(layer);
        rows.push({
          path: fn === null ? path : `${path || '(model)'} · ${fn}`,
          type: layer.type,
          fn,
          outputShape: [BATCH, ...output.shape],
          params,
          macs: rule.macs(layer, input.shape, output.shape),
          receptiveField: next.global ? 'global' : next.rf,
        });
        return next;
      },
      merge: ({ xs }) => ({
        rf: Math.max(...xs.map((v) => v.rf)),
        jump: Math.max(...xs.map((v) => v.jump)),
        global: xs.some((v) => v.global),
      }),
    },
  );
  return rows;
}

export type GroupBy = 'child' | 'kind';

export interface ShareGroup {
  readonly label: string;
  readonly params: number;
  readonly macs: number;
  readonly paramShare: number;
  readonly macShare: number;
}

export const KIND_LABELS = ['convolution', 'depthwise convolution', 'linear', 'normalisation', 'other'] as const;
export type LayerKind = (typeof KIND_LABELS)[number];

/** What a layer does, for the by-kind grouping: a depthwise conv (one filter per channel) apart from full ones. */
export function layerKind(layer: LayerSpec): LayerKind {
  if (layer.type === 'Conv2d')
    return layer.groups > 1 && layer.groups === layer.inChannels ? 'depthwise convolution' : 'convolution';
  if (layer.type === 'Linear') return 'linear';
  if (layer.type === 'BatchNorm2d' || layer.type === 'LayerNorm' || layer.type === 'LayerNorm2d') return 'normalisation';
  return 'other';
}

/**
 * Parameters and MACs summed by the model's own children (its top-level
 * modules, in the order they run) or by layer kind. The groups add up to the
 * model's totals; groups with neither are left out.
 */
export function shareGroups(name: ZooName, by: GroupBy): ShareGroup[] {
  const entry = zooModel(name);
  const spec = entry.build();
  const summary = summarize(spec, entry.inputShape);
  const sums = new Map<string, { params: number; macs: number }>();
  const add = (label: string, params: number, macs: number) => {
    const s = sums.get(label) ?? { params: 0, macs: 0 };
    sums.set(label, { params: s.params + params, macs: s.macs + macs });
  };
  if (by === 'child') {
    const counted = new Set<string>();
    for (const row of summary.rows) {
      if (row.depth !== 0) continue;
      add(row.name, counted.has(row.name) ? 0 : row.params, row.macs);
      counted.add(row.name);
    }
  } else {
    for (const kind of KIND_LABELS) sums.set(kind, { params: 0, macs: 0 });
    const seen = new Set<LayerSpec>();
    trace<undefined>(spec, entry.inputShape, undefined, {
      layer({ layer, input, output }) {
        const rule = ruleFor(layer);
        add(layerKind(layer), seen.has(layer) ? 0 : rule.params(layer), rule.macs(layer, input.shape, output.shape));
        seen.add(layer);
      },
      merge: () => undefined,
    });
  }
  return [...sums]
    .filter(([, s]) => s.params > 0 || s.macs > 0)
    .map(([label, s]) => ({
      label,
      params: s.params,
      macs: s.macs,
      paramShare: s.params / summary.totalParams,
      macShare: summary.totalMacs === 0 ? 0 : s.macs / summary.totalMacs,
    }));
}

export interface ExplorerView {
  readonly name: ZooName;
  readonly title: string;
  readonly inputShape: readonly [number, number, number];
  readonly layers: ExplorerLayer[];
  readonly printout: string;
  readonly groups: ShareGroup[];
  readonly totalParams: number;
  readonly totalMacs: number;
  readonly sentence: string;
}

export const MODEL_OPTIONS: readonly { readonly value: ZooName; readonly label: string }[] = zooNames.map((n) => ({
  value: n,
  label: zoo[n].title,
}));

export function explorerView(name: ZooName, by: GroupBy): ExplorerView {
  const entry = zooModel(name);
  const spec = entry.build();
  const summary = summarize(spec, entry.inputShape);
  const groups = shareGroups(name, by);
  const topParams = groups.reduce((a, b) => (b.params > a.params ? b : a));
  const topMacs = groups.reduce((a, b) => (b.macs > a.macs ? b : a));
  const layers = explorerLayers(name);
  const grouping = by === 'child' ? 'top-level module' : 'layer kind';
  return {
    name,
    title: entry.title,
    inputShape: entry.inputShape,
    layers,
    printout: formatModel(spec),
    groups,
    totalParams: summary.totalParams,
    totalMacs: summary.totalMacs,
    sentence:
      `${entry.title}: ${formatCount(summary.totalParams)} parameters and ${formatCount(summary.totalMacs)} MACs ` +
      `on a ${entry.inputShape.join(' × ')} input, in ${layers.length} layer calls. By ${grouping}, ` +
      `${topParams.label} holds the most parameters (${formatPercent(topParams.paramShare)}) and ` +
      `${topMacs.label} does the most MACs (${formatPercent(topMacs.macShare)}).`,
  };
}

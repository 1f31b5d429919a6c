// The numbers the efficient-convolutions chapter states about whole blocks of
// the zoo's models: an Inception block with and without its 1x1 reductions
// (GoogLeNet), MobileNetV2's inverted residual and EfficientNet's MBConv, each
// counted by the engine from the specs the zoo builds (so from torchvision's
// definitions, checked against torch in tests/unit/zoo.test.ts).

import { BasicConv2d } from '../../../engine/spec/blocks';
import { layerInputShapes, summarize, type SummaryRow } from '../../../engine/spec/infer';
import { F, MaxPool2d, Module, Sequential, namedChildren, type Conv2dSpec, type ModuleSpec } from '../../../engine/spec/layers';
import { zoo } from '../../../engine/spec/zoo';

type Chw = readonly [number, number, number];

function child(module: ModuleSpec, name: string): ModuleSpec {
  const found = namedChildren(module).find(([n]) => n === name);
  if (!found) throw new Error(`no child '${name}' in ${module.type === 'Module' ? module.className : module.type}`);
  return found[1];
}

/** The Conv2d inside a BasicConv2d. */
function convOf(basicConv: ModuleSpec): Conv2dSpec {
  const conv = child(basicConv, 'conv');
  if (conv.type !== 'Conv2d') throw new Error(`expected a Conv2d, got ${conv.type}`);
  return conv;
}

/** The seven numbers of torchvision's Inception(in, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj), read off a built block. */
export interface InceptionArgs {
  readonly inChannels: number;
  readonly ch1x1: number;
  readonly ch3x3red: number;
  readonly ch3x3: number;
  readonly ch5x5red: number;
  readonly ch5x5: number;
  readonly poolProj: number;
}

export function inceptionArgs(block: ModuleSpec): InceptionArgs {
  const b1 = convOf(child(block, 'branch1'));
  const [red3, conv3] = namedChildren(child(block, 'branch2')).map(([, m]) => convOf(m)) as [Conv2dSpec, Conv2dSpec];
  const [red5, conv5] = namedChildren(child(block, 'branch3')).map(([, m]) => convOf(m)) as [Conv2dSpec, Conv2dSpec];
  const proj = convOf(child(child(block, 'branch4'), '1'));
  return {
    inChannels: b1.inChannels,
    ch1x1: b1.outChannels,
    ch3x3red: red3.outChannels,
    ch3x3: conv3.outChannels,
    ch5x5red: red5.outChannels,
    ch5x5: conv5.outChannels,
    poolProj: proj.outChannels,
  };
}

/**
 * The same block without the 1x1 reductions in front of its 3x3 and "5x5"
 * branches: those convolutions read all input channels directly. The pool
 * projection stays, so the output has the same channels as the real block and
 * the rest of the network is unchanged. The "5x5" branch keeps torchvision's
 * 3x3 kernel, so the only difference is the reductions.
 */
export function inceptionWithoutReductions(a: InceptionArgs): ModuleSpec {
  return Module(
    'InceptionWithoutReductions',
    {
      branch1: BasicConv2d(a.inChannels, a.ch1x1, 1),
      branch2: BasicConv2d(a.inChannels, a.ch3x3, 3, { padding: 1 }),
      branch3: BasicConv2d(a.inChannels, a.ch5x5, 3, { padding: 1 }),
      branch4: Sequential(MaxPool2d(3, { stride: 1, padding: 1, ceilMode: true }), BasicConv2d(a.inChannels, a.poolProj, 1)),
    },
    (x, m) => F.cat([m.branch1(x), m.branch2(x), m.branch3(x), m.branch4(x)]),
  );
}

export interface InceptionRow {
  readonly name: string;
  readonly args: InceptionArgs;
  readonly inputShape: Chw;
  readonly params: number;
  readonly macs: number;
  readonly paramsWithout: number;
  readonly macsWithout: number;
}

export interface InceptionComparison {
  readonly blocks: readonly InceptionRow[];
  /** GoogLeNet as torchvision builds it. */
  readonly totalParams: number;
  readonly totalMacs: number;
  /** The same network with every Inception block replaced by its version without reductions. */
  readonly totalParamsWithout: number;
  readonly totalMacsWithout: number;
}

/** Every Inception block of the zoo's GoogLeNet, counted with and without its 1x1 reductions, and the whole network both ways. */
export function inceptionComparison(): InceptionComparison {
  const model = zoo.googlenet.build();
  const input = zoo.googlenet.inputShape;
  const summary = summarize(model, input);
  const inputs = layerInputShapes(model, input);
  const blocks: InceptionRow[] = [];
  summary.rows.forEach((row, i) => {
    if (row.depth !== 0 || row.type !== 'Inception') return;
    const block = child(model, row.name);
    const args = inceptionArgs(block);
    const inputShape = inputs[i] as unknown as Chw;
    const without = summarize(inceptionWithoutReductions(args), inputShape);
    blocks.push({
      name: row.name,
      args,
      inputShape,
      params: row.params,
      macs: row.macs,
      paramsWithout: without.totalParams,
      macsWithout: without.totalMacs,
    });
  });
  const sum = (f: (r: InceptionRow) => number) => blocks.reduce((s, r) => s + f(r), 0);
  return {
    blocks,
    totalParams: summary.totalParams,
    totalMacs: summary.totalMacs,
    totalParamsWithout: summary.totalParams - sum((r) => r.params) + sum((r) => r.paramsWithout),
    totalMacsWithout: summary.totalMacs - sum((r) => r.macs) + sum((r) => r.macsWithout),
  };
}

/** One row of a block's breakdown: a part of the block with its output shape, parameters and MACs. */
export interface BlockPart {
  /** Dotted path inside the block, e.g. 'block.2.fc1'. */
  readonly path: string;
  readonly type: string;
  readonly outputShape: readonly number[];
  readonly params: number;
  readonly macs: number;
}

export interface BlockBreakdown {
  readonly model: string;
  /** The block's path in the model, e.g. 'features.3'. */
  readonly path: string;
  readonly type: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly params: number;
  readonly macs: number;
  /** The block's children one level down (for a single Sequential child, that child's children). */
  readonly parts: readonly BlockPart[];
}

/** A block of a zoo model, as the engine's summary of the whole model counts it, split into its parts. */
export function blockBreakdown(
  name: 'mobilenetV2' | 'efficientnetB0',
  path: string,
  flattenAlso: readonly string[] = [],
): BlockBreakdown {
  const entry = zoo[name];
  const model = entry.build();
  const summary = summarize(model, entry.inputShape);
  const inputs = layerInputShapes(model, entry.inputShape);
  const at = summary.rows.findIndex((r) => r.name === path);
  if (at < 0) throw new Error(`no module '${path}' in ${name}`);
  const row = summary.rows[at]!;
  // Show the block's grandchildren when its only interesting child is a Sequential ('conv' or 'block').
  const kids = summary.rows.filter((r) => r.name.startsWith(`${path}.`));
  const depthOf = (r: SummaryRow) => r.depth - row.depth;
  const wrappers = new Set(kids.filter((r) => depthOf(r) === 1 && r.type === 'Sequential').map((r) => r.name));
  const expanded = new Set([...wrappers, ...flattenAlso.map((p) => `${path}.${p}`)]);
  const parts = kids
    .filter((r) => {
      const parent = r.name.slice(0, r.name.lastIndexOf('.'));
      return !expanded.has(r.name) && (parent === path || expanded.has(parent));
    })
    .map((r) => ({
      path: r.name.slice(path.length + 1),
      type: r.type,
      outputShape: r.outputShape,
      params: r.params,
      macs: r.macs,
    }));
  return {
    model: name,
    path,
    type: row.type,
    inputShape: [-1, ...inputs[at]!],
    outputShape: row.outputShape,
    params: row.params,
    macs: row.macs,
    parts,
  };
}

/** MobileNetV2's features.3: InvertedResidual(24, 24, stride 1, expand 6) at 56 × 56, the first block with a residual connection. */
export const invertedResidualBlock = (): BlockBreakdown => blockBreakdown('mobilenetV2', 'features.3');

/** EfficientNet-B0's features.2.1: MBConv(expand 6, 3 × 3, 24 -> 24) at 56 × 56, the same shape with squeeze-and-excitation. */
export const mbConvBlock = (): BlockBreakdown => blockBreakdown('efficientnetB0', 'features.2.1', ['block.2']);

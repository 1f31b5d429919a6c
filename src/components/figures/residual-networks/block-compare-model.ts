// The numbers of the residual-networks chapter's block diagram: each weighted
// layer of a ResNet block with its parameters and multiply-accumulates, from
// the engine's own count of the zoo's blocks, so the figure and the prose
// quote the same numbers that torchvision's models have.
import { BasicBlock, Bottleneck, F, nn, summarize, zoo, type ModuleSpec } from '../../../engine/index.ts';

/** One convolution of a block, with the BatchNorm that follows it. */
export interface BlockLayer {
  /** The conv's child name, as PyTorch prints it: 'conv1'. */
  name: string;
  /** '3×3 conv, 64 → 64'. */
  label: string;
  /** The conv's and its BatchNorm's parameters together. */
  params: number;
  macs: number;
}

export interface BlockDiagram {
  /** The class PyTorch prints: 'BasicBlock'. */
  className: string;
  /** [C, H, W] of the input. */
  inputShape: readonly [number, number, number];
  layers: BlockLayer[];
  /** What the shortcut does and what it costs. */
  shortcut: { label: string; params: number; macs: number };
  totalParams: number;
  totalMacs: number;
}

/** Where a ResNet's first stage works: 56 × 56 after the stem of a 224 × 224 image. */
export const STAGE1_SIZE = 56;

/** A block's weighted layers, from its spec and the engine's summary of one call on an input of `inputShape`. */
export function blockDiagram(block: ModuleSpec, inputShape: readonly [number, number, number]): BlockDiagram {
  if (block.type !== 'Module') throw new Error(`blockDiagram: expected a block module, got ${block.type}`);
  const summary = summarize(block, inputShape);
  // Rows of the block's own children (depth 0); a child called twice (ReLU) has two rows.
  const rowOf = (name: string) => summary.rows.find((r) => r.depth === 0 && r.name === name);
  const layers: BlockLayer[] = [];
  let shortcut = { label: 'identity', params: 0, macs: 0 };
  block.children.forEach(([name, child], i) => {
    const row = rowOf(name);
    if (!row) return;
    if (name === 'downsample') {
      shortcut = { label: 'projection (1×1 conv, BatchNorm)', params: row.params, macs: row.macs };
      return;
    }
    if (child.type !== 'Conv2d') return;
    const [kh, kw] = child.kernelSize;
    const next = block.children[i + 1];
    const norm = next && next[1].type === 'BatchNorm2d' ? rowOf(next[0]) : undefined;
    layers.push({
      name,
      label: `${kh}×${kw} conv, ${child.inChannels} → ${child.outChannels}`,
      params: row.params + (norm?.params ?? 0),
      macs: row.macs,
    });
  });
  return {
    className: block.className,
    inputShape,
    layers,
    shortcut,
    totalParams: summary.totalParams,
    totalMacs: summary.totalMacs,
  };
}

/** ResNet-18/34's block on 64 channels, and ResNet-50's bottleneck on 256 (64 inside), as in He et al.'s Fig. 5. */
export const basic64 = () => blockDiagram(BasicBlock(64, 64), [64, STAGE1_SIZE, STAGE1_SIZE]);
export const bottleneck256 = () => blockDiagram(Bottleneck(256, 64), [256, STAGE1_SIZE, STAGE1_SIZE]);
/** The plain BasicBlock on 256 channels: what the bottleneck replaces. */
export const basic256 = () => blockDiagram(BasicBlock(256, 256), [256, STAGE1_SIZE, STAGE1_SIZE]);
/** A BasicBlock whose shortcut is a projection although the shape does not change: option C of He et al. */
export const basic64Projection = () =>
  blockDiagram(BasicBlock(64, 64, { downsample: nn.Sequential(nn.Conv2d(64, 64, 1, { bias: false }), nn.BatchNorm2d(64)) }), [
    64,
    STAGE1_SIZE,
    STAGE1_SIZE,
  ]);

/**
 * The chapter cell's network, the same spec as src/cells/plain-vs-residual.ts,
 * to count its weights: both arms have the same layers, so the same count.
 */
export function cellNetwork(residual: boolean, width = 16, blocks = 9): ModuleSpec {
  const block = () =>
    nn.Module(
      'Block',
      {
        conv1: nn.Conv2d(width, width, 3, { padding: 1, bias: false }),
        bn1: nn.BatchNorm2d(width),
        conv2: nn.Conv2d(width, width, 3, { padding: 1, bias: false }),
        bn2: nn.BatchNorm2d(width),
        relu: nn.ReLU(),
      },
      (x, m) => {
        const out = m.bn2(m.conv2(m.relu(m.bn1(m.conv1(x)))));
        return m.relu(residual ? F.add(out, x) : out);
      },
    );
  return nn.Sequential(
    nn.Conv2d(1, width, 3, { padding: 1, bias: false }),
    nn.BatchNorm2d(width),
    nn.ReLU(),
    nn.MaxPool2d(4),
    ...Array.from({ length: blocks }, block),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(width, 10),
  );
}

/** A zoo ResNet's trainable parameters, and how many of them sit in its projection shortcuts (the `downsample` modules). */
export function shortcutParams(name: 'resnet18' | 'resnet50'): { total: number; shortcuts: number; count: number } {
  const { build, inputShape } = zoo[name];
  const summary = summarize(build(), inputShape);
  const projections = summary.rows.filter((r) => r.name.endsWith('.downsample'));
  return { total: summary.totalParams, shortcuts: projections.reduce((sum, r) => sum + r.params, 0), count: projections.length };
}

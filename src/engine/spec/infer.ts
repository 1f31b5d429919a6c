// Output shapes, parameter counts and MACs of a spec, computed without
// tensors, with PyTorch's semantics so the numbers match what the reader would
// get from PyTorch. `trace` runs a spec's forward on shapes; summarize (here)
// and the tfjs builder (engine/tf) both walk a model through it, so they
// cannot disagree about its structure.

import { isContainer, namedChildren, type Expr, type LayerSpec, type MergeOp, type ModuleSpec } from './layers';
import { ruleFor, show, type Flow } from './rules';

export type { Flow } from './rules';

/** Batch dimension as shown in summaries: -1, like torchsummary, since a model takes any batch size. */
export const BATCH = -1;

export interface SummaryRow {
  /** PyTorch's dotted module name: '3' in a Sequential, 'layer1.0.conv1' in a ResNet. */
  name: string;
  /** The class PyTorch prints: 'Conv2d', 'BasicBlock', 'Sequential'. */
  type: string;
  /** 0 for the model's own children, 1 for theirs, ... */
  depth: number;
  /** [B, C, H, W] or [B, F], with B shown as -1. */
  outputShape: number[];
  /** Trainable parameters of the module and everything inside it. */
  params: number;
  /** Multiply-accumulates of this call per example (of everything inside it, for a container). */
  macs: number;
}

export interface ModelSummary {
  /**
   * One row per module call, in the order they run, each container before
   * what it contains (a module that forward calls twice, like a ResNet
   * block's ReLU, has two rows). The model itself has none.
   */
  rows: SummaryRow[];
  /** As `sum(p.numel() for p in model.parameters())`: a module used twice counts once. */
  totalParams: number;
  /** Per example. */
  totalMacs: number;
  /** [B, ...] with B shown as -1. */
  outputShape: number[];
}

export interface LayerStep<V> {
  /** The layer's module path; for a function called in forward, the path of the module whose forward it is. */
  path: string;
  layer: LayerSpec;
  /** Null for a child module; the function's name (e.g. 'torch.flatten') when a forward uses the layer as a function. */
  fn: string | null;
  x: V;
  input: Flow;
  output: Flow;
}

export interface MergeStep<V> {
  /** The module whose forward merges. */
  path: string;
  op: MergeOp;
  xs: V[];
  inputs: Flow[];
  output: Flow;
}

/** What a walk through the forward does at each step, carrying values of type V (tfjs tensors, or nothing). */
export interface TraceHooks<V> {
  layer(step: LayerStep<V>): V;
  merge(step: MergeStep<V>): V;
  /** A module call begins (before its children's). */
  enter?(path: string, module: ModuleSpec, input: Flow, depth: number): void;
  exit?(path: string, module: ModuleSpec, output: Flow, depth: number): void;
}

const where = (path: string, module: ModuleSpec): string => {
  const cls = isContainer(module) ? module.className : module.type;
  return path === '' ? `Model (${cls})` : `Layer ${path} (${cls})`;
};
const childPath = (parent: string, name: string): string => (parent === '' ? name : `${parent}.${name}`);

/**
 * A per-example input as PyTorch orders it: [C, H, W] for an image, [C, L]
 * for a sequence (nn.Conv1d), [C, D, H, W] for a volume or clip (nn.Conv3d).
 */
export type InputShape = readonly number[];

function checkInput(inputShape: InputShape): void {
  const rankFits = inputShape.length >= 2 && inputShape.length <= 4;
  if (!rankFits || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    const forms = !rankFits ? '[C, L], [C, H, W] or [C, D, H, W]' : `[C, ${['L', 'H, W', 'D, H, W'][inputShape.length - 2]}]`;
    throw new RangeError(`inputShape must be ${forms} with positive integers, got ${show(inputShape)}`);
  }
}

/** PyTorch's broadcasting for + and *, between per-example shapes of the same rank. */
function mergeShape(op: MergeOp, inputs: Flow[], place: string): number[] {
  const shapes = inputs.map((f) => f.shape);
  const [first = []] = shapes;
  const listed = shapes.map(show).join(' and ');
  if (shapes.some((s) => s.length !== first.length)) {
    throw new Error(
      `${place}: cannot ${op === 'cat' ? 'concatenate' : op === 'add' ? 'add' : 'multiply'} ${listed}: their ranks differ`,
    );
  }
  if (op === 'cat') {
    if (shapes.some((s) => s.some((d, i) => i > 0 && d !== first[i]))) {
      throw new Error(`${place}: cannot concatenate ${listed} along channels: all other sizes must match`);
    }
    return [shapes.reduce((sum, s) => sum + (s[0] ?? 0), 0), ...first.slice(1)];
  }
  return first.map((_, i) => {
    const sizes = new Set(shapes.map((s) => s[i] ?? 1));
    sizes.delete(1);
    if (sizes.size > 1) {
      const hint =
        op === 'add' ? '; a residual connection needs a downsample on its shortcut when stride or channels change' : '';
      throw new Error(
        `${place}: cannot ${op === 'add' ? 'add' : 'multiply'} ${listed}: sizes must match or be 1 in every dimension${hint}`,
      );
    }
    return sizes.size === 1 ? [...sizes][0]! : 1;
  });
}

const childrenByName = new WeakMap<ModuleSpec, Map<string, ModuleSpec>>();
/** A child by name; only a hand-edited spec can call one that does not exist (nn.Module checks its own). */
function child(module: ModuleSpec, path: string, name: string): ModuleSpec {
  let map = childrenByName.get(module);
  if (!map) childrenByName.set(module, (map = new Map(namedChildren(module))));
  const found = map.get(name);
  if (!found) {
    const known = [...map.keys()].join(', ') || 'none';
    throw new Error(`${where(path, module)}: forward calls '${name}', which is not one of its children (${known})`);
  }
  return found;
}

interface Value<V> {
  flow: Flow;
  value: V;
}

function runModule<V>(module: ModuleSpec, path: string, depth: number, x: Value<V>, hooks: TraceHooks<V>): Value<V> {
  hooks.enter?.(path, module, x.flow, depth);
  let out: Value<V>;
  if (module.type === 'Sequential') {
    out = module.layers.reduce((value, layer, i) => runModule(layer, childPath(path, String(i)), depth + 1, value, hooks), x);
  } else if (module.type === 'Module') {
    // One entry per expression node, so a value used twice (the input of a
    // residual block) is computed once, as in PyTorch.
    const memo = new Map<Expr, Value<V>>();
    const evaluate = (expr: Expr): Value<V> => {
      const known = memo.get(expr);
      if (known) return known;
      let result: Value<V>;
      switch (expr.op) {
        case 'input':
          result = x;
          break;
        case 'call':
          result = runModule(child(module, path, expr.child), childPath(path, expr.child), depth + 1, evaluate(expr.x), hooks);
          break;
        case 'fn': {
          const input = evaluate(expr.x);
          const flow = ruleFor(expr.layer).output(expr.layer, input.flow, `${where(path, module)}, ${expr.name} in forward`);
          const value = hooks.layer({ path, layer: expr.layer, fn: expr.name, x: input.value, input: input.flow, output: flow });
          result = { flow, value };
          break;
        }
        default: {
          const inputs = expr.xs.map(evaluate);
          const flows = inputs.map((v) => v.flow);
          const shape = mergeShape(expr.op, flows, `${where(path, module)}, forward`);
          const flow: Flow = { shape, flattenedFrom: null };
          const value = hooks.merge({ path, op: expr.op, xs: inputs.map((v) => v.value), inputs: flows, output: flow });
          result = { flow, value };
        }
      }
      memo.set(expr, result);
      return result;
    };
    out = evaluate(module.forward);
  } else {
    const flow = ruleFor(module).output(module, x.flow, where(path, module));
    out = { flow, value: hooks.layer({ path, layer: module, fn: null, x: x.value, input: x.flow, output: flow }) };
  }
  hooks.exit?.(path, module, out.flow, depth);
  return out;
}

/**
 * Runs the model's forward on shapes: hooks see every layer and merge with
 * its input and output shapes. Throws, naming the layer path, on a mismatch.
 */
export function trace<V>(model: ModuleSpec, inputShape: InputShape, input: V, hooks: TraceHooks<V>): Value<V> {
  checkInput(inputShape);
  return runModule(model, '', -1, { flow: { shape: inputShape, flattenedFrom: null }, value: input }, hooks);
}

const paramCache = new WeakMap<ModuleSpec, number>();

/** Parameters a module's forward uses as functions (ConvNeXt's layer scale): the module's own, not a child's. */
function ownParams(forward: Expr): number {
  const seen = new Set<Expr>();
  const walk = (e: Expr): number => {
    if (seen.has(e)) return 0;
    seen.add(e);
    switch (e.op) {
      case 'input':
        return 0;
      case 'call':
        return walk(e.x);
      case 'fn':
        return ruleFor(e.layer).params(e.layer) + walk(e.x);
      default:
        return e.xs.reduce((sum, x) => sum + walk(x), 0);
    }
  };
  return walk(forward);
}

/** Trainable parameters of a layer or module, as `sum(p.numel() for p in module.parameters())` counts them. */
export function layerParams(module: ModuleSpec): number {
  if (!isContainer(module)) return ruleFor(module).params(module);
  const cached = paramCache.get(module);
  if (cached !== undefined) return cached;
  // parameters() yields a shared module's parameters once.
  const seen = new Set<ModuleSpec>();
  let total = 0;
  const visit = (m: ModuleSpec): void => {
    if (seen.has(m)) return;
    seen.add(m);
    if (isContainer(m)) namedChildren(m).forEach(([, c]) => visit(c));
    else total += ruleFor(m).params(m);
    if (m.type === 'Module') total += ownParams(m.forward);
  };
  visit(module);
  paramCache.set(module, total);
  return total;
}

/** Every module with its dotted name, the model itself first as '', each shared module once: PyTorch's `named_modules()`. */
export function namedModules(model: ModuleSpec): [string, ModuleSpec][] {
  const out: [string, ModuleSpec][] = [];
  const seen = new Set<ModuleSpec>();
  const visit = (m: ModuleSpec, path: string): void => {
    if (seen.has(m)) return;
    seen.add(m);
    out.push([path, m]);
    namedChildren(m).forEach(([name, c]) => visit(c, childPath(path, name)));
  };
  visit(model, '');
  return out;
}

export function summarize(model: ModuleSpec, inputShape: InputShape): ModelSummary {
  const rows: SummaryRow[] = [];
  const open: SummaryRow[] = [];
  let totalMacs = 0;
  const result = trace<undefined>(model, inputShape, undefined, {
    enter(path, module, _input, depth) {
      if (path === '') return;
      const row: SummaryRow = {
        name: path,
        type: isContainer(module) ? module.className : module.type,
        depth,
        outputShape: [],
        params: layerParams(module),
        macs: 0,
      };
      rows.push(row);
      open.push(row);
    },
    exit(path, _module, output) {
      if (path === '') return;
      open.pop()!.outputShape = [BATCH, ...output.shape];
    },
    layer({ layer, input, output }) {
      const macs = ruleFor(layer).macs(layer, input.shape, output.shape);
      totalMacs += macs;
      for (const row of open) row.macs += macs;
    },
    merge() {},
  });
  return { rows, totalParams: layerParams(model), totalMacs, outputShape: [BATCH, ...result.flow.shape] };
}

/** The per-example shape ([C, H, W] or [F]) that enters each row of `summarize`; throws, naming the layer, on a mismatch. */
export function layerInputShapes(model: ModuleSpec, inputShape: InputShape): number[][] {
  const shapes: number[][] = [];
  trace<undefined>(model, inputShape, undefined, {
    enter: (path, _m, input) => void (path !== '' && shapes.push([...input.shape])),
    layer: () => undefined,
    merge: () => undefined,
  });
  return shapes;
}

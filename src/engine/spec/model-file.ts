// One file a reader keeps for a trained model: JSON with the model as a spec
// (so it can be rebuilt, and printed as PyTorch prints it) and its weights as a
// PyTorch state_dict (keys, shapes, float32 little-endian bytes in base64), so
// the same file loads into the guide's cells and, in a few lines, into
// PyTorch's load_state_dict. Pure: parsing and checking need no tfjs, and every
// problem is reported as a sentence naming what does not fit.

import { namedModules, summarize, type InputShape } from './infer';
import { isContainer, type ModuleSpec } from './layers';
import { formatLayer, formatModel } from './repr';
import { rules } from './rules';

export const MODEL_FILE_FORMAT = 'cnn-guide-model';
export const MODEL_FILE_VERSION = 1;

/** One tensor of the state_dict, as the file stores it. */
export interface StoredTensor {
  key: string;
  shape: number[];
  dtype: 'float32';
  /** Little-endian float32 bytes, base64. */
  data: string;
}

/** What the file holds (version 1). */
export interface ModelFile {
  format: typeof MODEL_FILE_FORMAT;
  version: typeof MODEL_FILE_VERSION;
  name: string;
  /** PyTorch's [C, H, W]. */
  inputShape: InputShape;
  /** Class names, output index order, when known. */
  classes?: string[];
  spec: ModuleSpec;
  /** What print(model) shows, for a person reading the file. */
  pytorch: string;
  stateDict: StoredTensor[];
}

/** A tensor as the engine's loaders take it (tf/torch-weights' TorchTensor). */
export interface StateTensor {
  shape: readonly number[];
  data: Float32Array;
}

export interface LoadedModelFile {
  name: string;
  inputShape: InputShape;
  classes?: string[];
  spec: ModuleSpec;
  stateDict: Map<string, StateTensor>;
}

/** A file that cannot be used, with the sentence that says why. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

// ---- base64 of float32 ---------------------------------------------------------

export function float32ToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  // Little-endian on every platform tfjs runs on, but say so explicitly: the file may travel.
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** Throws a plain Error on text that is not base64 or not a whole number of float32s. */
export function base64ToFloat32(text: string): Float32Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new Error('is not base64');
  }
  if (binary.length % 4 !== 0) throw new Error(`holds ${binary.length} bytes, not a whole number of float32 values`);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const out = new Float32Array(binary.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

// ---- writing -------------------------------------------------------------------

export function encodeModelFile(model: {
  name: string;
  spec: ModuleSpec;
  inputShape: InputShape;
  classes?: readonly string[];
  stateDict: ReadonlyMap<string, StateTensor>;
}): string {
  const file: ModelFile = {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    name: model.name,
    inputShape: [...model.inputShape],
    ...(model.classes ? { classes: [...model.classes] } : {}),
    spec: model.spec,
    pytorch: formatModel(model.spec),
    stateDict: [...model.stateDict].map(([key, t]) => ({
      key,
      shape: [...t.shape],
      dtype: 'float32',
      data: float32ToBase64(t.data),
    })),
  };
  return JSON.stringify(file);
}

// ---- reading -------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isShape = (v: unknown): v is number[] => Array.isArray(v) && v.every((d) => Number.isInteger(d) && d >= 0);
const show = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * Checks that every module of a spec read from JSON is one the engine knows
 * and has the fields its kind needs; the layers' own arguments are checked by
 * summarize, which names the layer that does not fit.
 */
function checkSpec(node: unknown, path: string): void {
  const where = path === '' ? 'the model' : `module ${path}`;
  if (!isObject(node) || typeof node.type !== 'string')
    throw new ModelFileError(`the spec's ${where} is not a module (no "type")`);
  if (node.type === 'Sequential') {
    if (!Array.isArray(node.layers)) throw new ModelFileError(`the spec's ${where} is a Sequential without "layers"`);
    node.layers.forEach((child, i) => checkSpec(child, path === '' ? String(i) : `${path}.${i}`));
    return;
  }
  if (node.type === 'Module') {
    if (!Array.isArray(node.children) || !isObject(node.forward)) {
      throw new ModelFileError(`the spec's ${where} is a Module without "children" and "forward"`);
    }
    for (const entry of node.children) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string')
        throw new ModelFileError(`the spec's ${where} has a malformed child`);
      checkSpec(entry[1], path === '' ? entry[0] : `${path}.${entry[0]}`);
    }
    return;
  }
  if (!Object.hasOwn(rules, node.type)) {
    throw new ModelFileError(`the spec's ${where} is a layer type this guide does not know: ${JSON.stringify(node.type)}`);
  }
}

/**
 * Reads a model file. Throws ModelFileError with a sentence naming the
 * problem: not JSON, not this format, a newer version, a spec that does not
 * build, a tensor whose bytes do not match its shape.
 */
export function parseModelFile(text: string): LoadedModelFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const start = text.slice(0, 24).replace(/\s+/g, ' ');
    // JSON cut short (an interrupted download) says where; anything else, how it starts.
    throw new ModelFileError(
      /^\s*[{[]/.test(text)
        ? `it is not complete JSON (${(error as Error).message})`
        : `it is not JSON; it starts with ${JSON.stringify(start)}`,
    );
  }
  if (!isObject(json) || json.format !== MODEL_FILE_FORMAT) {
    throw new ModelFileError(
      `it is JSON but not a model file of this guide: "format" should be "${MODEL_FILE_FORMAT}"` +
        (isObject(json) && 'format' in json ? `, it is ${JSON.stringify(json.format)}` : ', and it has none'),
    );
  }
  if (json.version !== MODEL_FILE_VERSION) {
    throw new ModelFileError(
      `it is version ${JSON.stringify(json.version)} of the format; this page reads version ${MODEL_FILE_VERSION}`,
    );
  }
  const inputShape = json.inputShape;
  if (!isShape(inputShape) || inputShape.length < 2 || inputShape.length > 4 || inputShape.some((d) => d < 1)) {
    throw new ModelFileError(
      `its "inputShape" should be [C, H, W] ([C, L] or [C, D, H, W]) with positive sizes, it is ${JSON.stringify(inputShape)}`,
    );
  }
  checkSpec(json.spec, '');
  const spec = json.spec as ModuleSpec;
  const shape3: InputShape = inputShape;
  try {
    summarize(spec, shape3);
  } catch (error) {
    throw new ModelFileError(`its spec does not build for input ${show(shape3)}: ${(error as Error).message}`);
  }
  if (!Array.isArray(json.stateDict)) throw new ModelFileError('it has no "stateDict" (the weights)');
  const stateDict = new Map<string, StateTensor>();
  for (const [i, entry] of json.stateDict.entries()) {
    if (!isObject(entry) || typeof entry.key !== 'string' || !isShape(entry.shape) || typeof entry.data !== 'string') {
      throw new ModelFileError(`weight ${i + 1} of its state_dict is not { key, shape, dtype, data }`);
    }
    if (entry.dtype !== 'float32') {
      throw new ModelFileError(`weight '${entry.key}' is stored as ${JSON.stringify(entry.dtype)}; this page reads float32`);
    }
    let data: Float32Array;
    try {
      data = base64ToFloat32(entry.data);
    } catch (error) {
      throw new ModelFileError(`weight '${entry.key}' ${(error as Error).message}`);
    }
    const size = entry.shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new ModelFileError(
        `weight '${entry.key}' has ${data.length} values, but its shape ${show(entry.shape)} holds ${size}`,
      );
    }
    stateDict.set(entry.key, { shape: entry.shape, data });
  }
  const classes = Array.isArray(json.classes) && json.classes.every((c) => typeof c === 'string') ? json.classes : undefined;
  return {
    name: typeof json.name === 'string' ? json.name : 'model',
    inputShape: shape3,
    ...(classes ? { classes } : {}),
    spec,
    stateDict,
  };
}

/**
 * Where a loaded model differs from the one a cell expects, in one sentence,
 * or null when they agree: the input shape, then the first module (in
 * named_modules order) that PyTorch would print differently.
 */
export function describeSpecMismatch(
  expected: { spec: ModuleSpec; inputShape: InputShape },
  actual: { spec: ModuleSpec; inputShape: InputShape },
): string | null {
  if (expected.inputShape.join() !== actual.inputShape.join()) {
    return `the model takes input ${show(actual.inputShape)}, this cell needs ${show(expected.inputShape)}`;
  }
  const leaves = (spec: ModuleSpec) => namedModules(spec).filter(([, m]) => !isContainer(m));
  const want = leaves(expected.spec);
  const got = leaves(actual.spec);
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const w = want[i];
    const g = got[i];
    if (!g)
      return `the model ends after layer ${want[i - 1]?.[0] ?? '(none)'}; this cell expects layer ${w![0]}: ${formatLayer(w![1])}`;
    if (!w) return `the model has more layers than this cell expects, from layer ${g[0]}: ${formatLayer(g[1])}`;
    const [wantLine, gotLine] = [formatLayer(w[1]), formatLayer(g[1])];
    if (w[0] !== g[0] || wantLine !== gotLine) return `layer ${g[0]} is ${gotLine}; this cell expects layer ${w[0]}: ${wantLine}`;
  }
  return null;
}

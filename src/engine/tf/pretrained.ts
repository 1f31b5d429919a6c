// Models this site ships trained (public/data/models/<name>/, written by
// scripts/pretrain_simplecnn.py and scripts/pretrain_backbone.py): a PyTorch
// state_dict stored as float16, decoded to float32 and loaded into the model
// buildModel makes of the spec.

import * as tf from '@tensorflow/tfjs';
import { formatCount, formatPercent } from '../arithmetic/format';
import type { SequentialSpec } from '../spec/layers';
import { smallCNN } from '../spec/small-cnn';
import { simpleCNN } from '../spec/zoo';
import { buildModel } from './build-model';
import { loadTorchWeights, type TorchTensor } from './torch-weights';

/** What model.json says about the shipped weights. */
export interface PretrainedInfo {
  name: string;
  description: string;
  inputShape: [number, number, number];
  classes: string[];
  dtype: 'float16';
  file: string;
  tensors: { key: string; shape: number[]; offset: number; length: number }[];
  training: Record<string, unknown>;
  /** What the inputs were made of before the model saw them: pixels × scale, then (x − mean) / std. Absent: pixels / 255. */
  preprocessing?: { scale: string; mean: number; std: number };
  /** Accuracy of exactly the shipped (float16) weights on the site's test images. */
  test: { images: number; loss: number; accuracy: number };
}

export interface Pretrained {
  model: tf.LayersModel;
  spec: SequentialSpec;
  info: PretrainedInfo;
}

/** The specs of the models shipped, by name (the folder under public/data/models/). */
export const PRETRAINED_SPECS = {
  simplecnn: () => simpleCNN({ inChannels: 1 }),
  'fashion-backbone': () => smallCNN(5),
} as const satisfies Record<string, () => SequentialSpec>;

export type PretrainedName = keyof typeof PRETRAINED_SPECS;

/** IEEE 754 half precision to single: exact, every half value is a float32. */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    out[i] =
      exponent === 0
        ? sign * 2 ** -14 * (fraction / 1024)
        : exponent === 31
          ? fraction === 0
            ? sign * Infinity
            : Number.NaN
          : sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
  }
  return out;
}

export interface PretrainedState {
  info: PretrainedInfo;
  /** The state_dict, by PyTorch key, decoded to float32. */
  state: Map<string, TorchTensor>;
}

/** Fetches a shipped model's model.json and float16 weights from the site, and checks they agree. */
export async function fetchPretrainedState(
  name: PretrainedName,
  opts: { baseUrl: string; fetchImpl?: typeof fetch },
): Promise<PretrainedState> {
  if (!Object.hasOwn(PRETRAINED_SPECS, name)) {
    throw new Error(`loadPretrained: no shipped model '${String(name)}'; there is ${Object.keys(PRETRAINED_SPECS).join(', ')}`);
  }
  const base = opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`;
  const fetchImpl = opts.fetchImpl ?? globalThis.fetch.bind(globalThis);
  const dir = `${base}data/models/${name}/`;
  const get = async (file: string): Promise<Response> => {
    const response = await fetchImpl(dir + file);
    if (!response.ok) throw new Error(`loadPretrained: could not fetch ${dir + file} (HTTP ${response.status})`);
    return response;
  };
  const info = (await (await get('model.json')).json()) as PretrainedInfo;
  if (info.dtype !== 'float16') throw new Error(`loadPretrained: ${name} is stored as ${String(info.dtype)}, not float16`);
  const bytes = await (await get(info.file)).arrayBuffer();
  const total = info.tensors.reduce((n, t) => n + t.length, 0);
  if (bytes.byteLength !== 2 * total) {
    throw new Error(`loadPretrained: ${info.file} has ${bytes.byteLength} bytes, model.json describes ${2 * total}`);
  }
  // Little-endian on disk; every platform tfjs runs on is little-endian too.
  const values = float16ToFloat32(new Uint16Array(bytes));
  const state = new Map<string, TorchTensor>(
    info.tensors.map((t) => [t.key, { shape: t.shape, data: values.subarray(t.offset, t.offset + t.length) }]),
  );
  return { info, state };
}

export async function loadPretrainedModel(
  name: PretrainedName,
  opts: { baseUrl: string; fetchImpl?: typeof fetch },
): Promise<Pretrained> {
  const { info, state } = await fetchPretrainedState(name, opts);
  const spec = PRETRAINED_SPECS[name]();
  const model = buildModel(spec, info.inputShape);
  try {
    loadTorchWeights(model, spec, state);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { model, spec, info };
}

/** One line for the reader: where the weights come from and how good they are. */
export function describePretrained(info: PretrainedInfo): string {
  return `${info.description}; ${formatPercent(info.test.accuracy)} accuracy on the ${formatCount(info.test.images)} test images.`;
}

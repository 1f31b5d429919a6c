// The bias figure's view-model: the chapter's scenes at the slider's bias,
// composited on the main thread by the engine's plain-TS code (no tfjs), from
// the same 140 kB of cut-outs and backgrounds the worker's cells use.

import { composeScenes, parseSceneAssets, sceneRgba, usualCount, type SceneAssets } from '../../../engine/reference/bias-scenes';
import { assetUrl } from '../kit/image-model';

export interface SampleTile {
  rgba: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
  animal: string;
  background: string;
  /** On its class's usual background (cow on grass, camel on dune). */
  usual: boolean;
}

export interface BiasSample {
  /** One row per class, usual backgrounds first. */
  rows: { animal: string; tiles: SampleTile[] }[];
  sentence: string;
}

/** Images of each class the figure shows. */
export const PER_CLASS = 10;
/** The figure's draw: its own seed, so the page shows the same animals on every visit. */
export const FIGURE_SEED = 7;

const percent = (x: number) => `${Math.round(100 * x)}%`;

export function biasSample(assets: SceneAssets, bias: number, seed = FIGURE_SEED): BiasSample {
  const classes = assets.classes.length;
  const scenes = composeScenes(assets, { count: PER_CLASS * classes, bias, seed });
  const rows = assets.classes.map((animal, c) => {
    const tiles: SampleTile[] = [];
    for (let i = 0; i < scenes.count; i++) {
      if (scenes.labels[i] !== c) continue;
      tiles.push({
        rgba: sceneRgba(scenes, i) as Uint8ClampedArray<ArrayBuffer>,
        width: scenes.width,
        height: scenes.height,
        animal,
        background: assets.backgrounds[scenes.backgrounds[i]!]!.name,
        usual: scenes.usual[i] === 1,
      });
    }
    tiles.sort((a, b) => Number(b.usual) - Number(a.usual));
    return { animal, tiles };
  });
  const onUsual = usualCount(PER_CLASS, bias);
  const [cow, camel] = assets.classes;
  const [grass, dune] = assets.usualBackground.map((b) => assets.backgrounds[b]!.name);
  const sentence =
    `Bias ${percent(bias)}: ${onUsual} of ${PER_CLASS} ${cow}s on ${grass} and ${onUsual} of ${PER_CLASS} ${camel}s on the ${dune}. ` +
    (bias >= 0.9
      ? 'The background alone predicts the class almost every time.'
      : bias <= 0.1
        ? 'The background predicts the class again, the other way round.'
        : Math.abs(bias - 0.5) < 0.01
          ? 'The background says nothing about the class.'
          : 'The background is a hint, right more often than not.');
  return { rows, sentence };
}

async function fetched(url: string, fetchImpl: typeof fetch): Promise<Response> {
  const response = await fetchImpl(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** manifest.json and assets.u8 from the site at `base` (import.meta.env.BASE_URL). */
export async function loadBiasAssets(
  base: string,
  fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<SceneAssets> {
  const [manifest, bytes] = await Promise.all([
    fetched(assetUrl(base, 'data/bias/manifest.json'), fetchImpl).then((r) => r.json() as Promise<unknown>),
    fetched(assetUrl(base, 'data/bias/assets.u8'), fetchImpl).then(async (r) => new Uint8Array(await r.arrayBuffer())),
  ]);
  return parseSceneAssets(manifest, bytes);
}

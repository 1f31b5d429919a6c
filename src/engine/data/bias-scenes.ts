// Loads the cut-outs and backgrounds of public/data/bias/ (scripts/prepare-bias.py)
// and composites the "cows and camels" datasets from them: a training set with
// the reader's bias, and two test sets, every animal on its usual background
// and every animal on the other one. Runs in the worker and in Node alike.

import { DownloadError } from '../contract/faults.ts';
import { composeScenes, parseSceneAssets, type SceneAssets, type Scenes } from '../reference/bias-scenes.ts';
import { deriveSeed } from '../reference/seeded-random.ts';

export type { SceneAssets, Scenes };

const DATA_DIR = 'data/bias/';

export interface CowsAndCamelsOptions {
  /** Training images (half cows, half camels). */
  train: number;
  /** Images in each of the two test sets. */
  test: number;
  /** Fraction of each class on its usual background in the training set, 0..1. */
  bias: number;
  seed: number;
  /** Side of the square images in pixels (default 32). */
  size?: number;
}

export interface CowsAndCamels {
  train: Scenes;
  /** Every cow on grass, every camel on the dune. */
  usual: Scenes;
  /** Every cow on the dune, every camel on grass. */
  swapped: Scenes;
  /** ['cow', 'camel']. */
  classes: string[];
  /** ['grass', 'dune']. */
  backgrounds: string[];
}

// One download per worker session and site: 140 kB, but every Run would refetch it.
const loaded = new Map<string, Promise<SceneAssets>>();

export async function loadSceneAssets(
  baseUrl: string,
  fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<SceneAssets> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  let pending = loaded.get(base);
  if (!pending) {
    pending = fetchAssets(base, fetchImpl);
    loaded.set(base, pending);
    // A failure must not stick: the next Run retries.
    pending.catch(() => loaded.delete(base));
  }
  return pending;
}

async function fetchAssets(base: string, fetchImpl: typeof fetch): Promise<SceneAssets> {
  const get = async (file: string): Promise<Response> => {
    const url = `${base}${DATA_DIR}${file}`;
    let response: Response;
    try {
      response = await fetchImpl(url);
    } catch (err) {
      throw new DownloadError(
        `Could not download ${url}: ${err instanceof Error ? err.message : String(err)}. Check the connection, then press Retry or run the cell again.`,
      );
    }
    if (!response.ok) {
      throw new DownloadError(
        `Could not download ${url} (HTTP ${response.status}).` +
          (response.status === 404 ? ' The prepared images are missing: run scripts/prepare-bias.py and rebuild the site.' : ''),
      );
    }
    return response;
  };
  const manifest: unknown = await (await get('manifest.json')).json();
  const bytes = new Uint8Array(await (await get('assets.u8')).arrayBuffer());
  await checkSha256(bytes, manifest, `${base}${DATA_DIR}assets.u8`);
  return parseSceneAssets(manifest, bytes);
}

/** A damaged download is refused before it is drawn from; crypto.subtle exists only in secure contexts. */
async function checkSha256(bytes: Uint8Array<ArrayBuffer>, manifest: unknown, url: string): Promise<void> {
  const expected = (manifest as { sha256?: unknown } | null)?.sha256;
  const subtle = globalThis.crypto?.subtle;
  if (typeof expected !== 'string' || !subtle) return;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  if (hex !== expected) {
    throw new DownloadError(
      `${url} does not match the sha256 in its manifest: the download arrived damaged. Press Retry to download it again.`,
    );
  }
}

/**
 * The three sets of the chapter from one seed: training at `bias`, and the
 * usual and swapped test sets from a stream of their own, so that changing
 * the training size or bias leaves the test images as they were.
 */
export function cowsAndCamels(assets: SceneAssets, opts: CowsAndCamelsOptions): CowsAndCamels {
  const { train, test, bias, seed, size } = opts;
  const sized = size === undefined ? {} : { size };
  return {
    train: composeScenes(assets, { count: train, bias, seed: deriveSeed(seed, 10), ...sized }),
    usual: composeScenes(assets, { count: test, bias: 1, seed: deriveSeed(seed, 11), ...sized }),
    // The same seed as `usual`: the same animals in the same places, only the background differs.
    swapped: composeScenes(assets, { count: test, bias: 0, seed: deriveSeed(seed, 11), ...sized }),
    classes: [...assets.classes],
    backgrounds: assets.backgrounds.map((b) => b.name),
  };
}

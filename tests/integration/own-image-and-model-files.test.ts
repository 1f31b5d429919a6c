// "Your own image" and "Save and load a model", run as shipped through the
// worker session on WASM in Node, with this test playing the reader: a saved
// model loads back with the same predictions, broken files are refused with a
// message and the reader is asked again, and a picture is classified and
// explained by all five methods.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { CellOutput, InputAnswer } from '../../src/engine/contract/index.ts';
import { loadFashionMnist } from '../../src/engine/data/fashion-mnist.ts';
import { convertPixels } from '../../src/components/cell/image-convert.ts';
import { BASE, diskFetch, openCellSession } from './run-cell.ts';

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

type InputOutput = Extract<CellOutput, { kind: 'input' }>;

describe('saving, loading and your own image', () => {
  let saved: string | null = null;
  /** What the reader gives, in order, for each request. */
  const answers: ((request: InputOutput) => InputAnswer)[] = [];
  const requests: InputOutput[] = [];
  const session = openCellSession((request) => {
    requests.push(request);
    const next = answers.shift();
    if (!next) throw new Error(`no answer queued for ${JSON.stringify(request.request)}`);
    return next(request);
  });

  it('saves the loaded model as one JSON file', async () => {
    await session.run('load-pretrained-simplecnn');
    const run = await session.run('save-model');
    const file = run.outputs.find((o) => o.kind === 'download');
    expect(file?.kind === 'download' && file.filename).toBe('simplecnn.json');
    if (file?.kind !== 'download') return;
    saved = new TextDecoder().decode(file.bytes);
    const json = JSON.parse(saved) as { format: string; stateDict: { key: string }[]; classes: string[] };
    expect(json.format).toBe('cnn-guide-model');
    expect(json.stateDict.map((t) => t.key)).toContain('15.weight');
    expect(json.classes).toHaveLength(10);
  });

  it('refuses a broken file with a message, asks again, then loads the saved one with the same predictions', async () => {
    const model = (text: string, name: string) => () => ({ kind: 'model' as const, name, bytes: text.length, text });
    const broken = saved!.replace('"outChannels":64', '"outChannels":48');
    const twelve = saved!.replace('"outFeatures":10', '"outFeatures":12');
    answers.push(
      model('not json at all', 'notes.txt'),
      model(broken, 'edited.json'),
      model(twelve, 'twelve.json'),
      model(saved!, 'simplecnn.json'),
    );
    requests.length = 0;
    const run = await session.run('load-model');
    expect(requests).toHaveLength(4);
    expect(requests[1]!.problem).toMatch(/^notes\.txt cannot be loaded: it is not JSON/);
    expect(requests[1]!.replaces).toBe(requests[0]!.requestId);
    expect(requests[2]!.problem).toBe(
      'edited.json cannot be loaded: its spec does not build for input [1, 28, 28]: Layer 5 (BatchNorm2d): expects 64 channels but receives 48 (input [48, 14, 14]).',
    );
    expect(requests[3]!.problem).toMatch(
      /^twelve\.json cannot be loaded: layer 15 is Linear\(.*out_features=12.*; this cell expects layer 15: Linear\(.*out_features=10/,
    );
    expect(run.logs.join('\n')).toMatch(
      /Same prediction as the model in this page on 1,?000 of 1,?000 test images; largest difference of a logit: 0\.0e\+0/,
    );
  });

  it('classifies and explains a picture the page converted', async () => {
    // Test image 0 as a reader's picture: RGBA, a dark boot on white (inverted), which the conversion must turn back.
    const data = await loadFashionMnist({ train: 0, test: 1, baseUrl: BASE });
    const rgba = new Uint8ClampedArray(28 * 28 * 4);
    for (let i = 0; i < 28 * 28; i++) {
      const v = 255 - data.test.images[i]!;
      rgba.set([v, v, v, 255], 4 * i);
    }
    const request = { width: 28, height: 28, channels: 1 as const, background: 'dark' as const };
    const converted = convertPixels(rgba, request, 'auto');
    expect(converted.inverted).toBe(true);
    answers.push(() => ({
      kind: 'image',
      name: 'boot.png',
      ...request,
      pixels: converted.pixels,
      preview: { width: 28, height: 28, pixels: rgba },
      source: { width: 28, height: 28, bytes: 1000, type: 'image/png' },
      steps: converted.steps,
    }));
    const run = await session.run('explain-your-own-image');
    const top = run.tables.find((t) => t.title === 'Top three classes');
    expect(top?.rows).toHaveLength(3);
    expect(top?.rows[0]?.[0]).toBe(data.classes[data.test.labels[0]!]);
    const heatmaps = run.outputs.find((o) => o.kind === 'heatmaps');
    expect(heatmaps?.kind === 'heatmaps' && heatmaps.items.map((i) => i.detail)).toEqual([
      'CAM',
      'Grad-CAM',
      'Saliency',
      'SmoothGrad',
      'Occlusion',
    ]);
    console.log(`explain-your-own-image: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU`);
  });
});

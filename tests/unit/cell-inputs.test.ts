// A cell that waits for the reader: the worker asks, the page's outputs show a
// zone (replaced in place when a file is refused) and close it once answered,
// Stop ends the wait, and an answer resumes the cell. Download outputs become
// a block of their own.
import { describe, expect, it } from 'vitest';
import type { CellOutput, FromWorker, InputRequest } from '../../src/engine/contract/index.ts';
import { createWorkerSession } from '../../src/engine/runtime/worker-session.ts';
import { emptyOutputs, markAnswered, reduceOutputs } from '../../src/components/cell/outputs-model.ts';

const imageRequest: InputRequest = { kind: 'image', width: 2, height: 2, channels: 1, background: 'dark' };

describe('input and download blocks', () => {
  it('shows a request, replaces it in place (same key) when the worker asks again, and closes it once answered', () => {
    let view = reduceOutputs(emptyOutputs(), { kind: 'log', level: 'info', text: 'before' });
    view = reduceOutputs(view, { kind: 'input', requestId: 7, request: { kind: 'model' } });
    const first = view.blocks[1]!;
    expect(first).toMatchObject({ kind: 'input', requestId: 7, answered: null });
    view = markAnswered(view, 7, 'Model file: x.json');
    expect(view.blocks[1]).toMatchObject({ answered: 'Model file: x.json' });
    view = reduceOutputs(view, {
      kind: 'input',
      requestId: 8,
      request: { kind: 'model' },
      replaces: 7,
      problem: 'x.json cannot be loaded: it is not JSON.',
    });
    expect(view.blocks).toHaveLength(2);
    expect(view.blocks[1]).toMatchObject({
      key: first.key,
      requestId: 8,
      answered: null,
      problem: 'x.json cannot be loaded: it is not JSON.',
    });
    expect(markAnswered(view, 99, 'nothing')).toBe(view);
  });

  it('keeps a download as its own block with its bytes', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const view = reduceOutputs(emptyOutputs(), {
      kind: 'download',
      filename: 'm.json',
      mimeType: 'application/json',
      bytes,
      description: 'd',
    });
    expect(view.blocks[0]).toMatchObject({ kind: 'download', filename: 'm.json', bytes });
  });
});

describe('the worker session, waiting for the reader', () => {
  const code = `import { input, show } from 'cnn-guide';
const picture = await input.image({ width: 2, height: 2, channels: 1 });
show.log(picture.name, Array.from(await picture.tensor.data()).join(','));`;

  function start() {
    const messages: FromWorker[] = [];
    let ended: (m: FromWorker) => void = () => {};
    const end = new Promise<FromWorker>((resolve) => (ended = resolve));
    let asked: (o: Extract<CellOutput, { kind: 'input' }>) => void = () => {};
    const ask = new Promise<Extract<CellOutput, { kind: 'input' }>>((resolve) => (asked = resolve));
    const session = createWorkerSession(
      (m) => {
        messages.push(m);
        if (m.type === 'output' && m.output.kind === 'input') asked(m.output);
        if (m.type === 'done' || m.type === 'stopped' || m.type === 'error') ended(m);
      },
      async () => {},
    );
    session.handle({ type: 'init', baseUrl: '/', backends: ['cpu'] });
    session.handle({ type: 'run', runId: 1, cellId: 'ask', code });
    return { session, messages, end, ask };
  }

  it('resumes with the answer: the pixels arrive as a [1, H, W, C] tensor in [0, 1]', async () => {
    const { session, messages, end, ask } = start();
    const request = await ask;
    expect(request.request).toEqual(imageRequest);
    const pixels = Uint8Array.from([0, 51, 204, 255]);
    session.handle({
      type: 'input',
      runId: 1,
      requestId: request.requestId,
      answer: {
        kind: 'image',
        name: 'me.png',
        width: 2,
        height: 2,
        channels: 1,
        pixels,
        preview: { width: 1, height: 1, pixels: new Uint8ClampedArray(4) },
        source: { width: 2, height: 2, bytes: 10, type: 'image/png' },
        steps: [],
      },
    });
    expect((await end).type).toBe('done');
    const log = messages.find((m) => m.type === 'output' && m.output.kind === 'log');
    expect(log?.type === 'output' && log.output.kind === 'log' && log.output.text).toBe(
      'me.png 0,0.20000000298023224,0.800000011920929,1',
    );
  });

  it('ends as stopped when the reader presses Stop instead of answering, and ignores a late answer', async () => {
    const { session, end, ask } = start();
    const request = await ask;
    session.handle({ type: 'abort', runId: 1 });
    expect((await end).type).toBe('stopped');
    expect(() =>
      session.handle({
        type: 'input',
        runId: 1,
        requestId: request.requestId,
        answer: { kind: 'model', name: 'x', bytes: 0, text: '' },
      }),
    ).not.toThrow();
  });
});

// chooseBackend with every rung mocked: tfjs's setBackend and ready are
// replaced, so each test decides which backends start, fail or throw.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendName } from '../../src/engine/contract/index.ts';

const tf = vi.hoisted(() => ({
  setBackend: vi.fn<(name: string) => Promise<boolean>>(),
  ready: vi.fn<() => Promise<void>>(),
  // The ladder asks the started backend how many threads it runs (WASM only).
  backend: vi.fn(() => ({})),
}));
vi.mock('@tensorflow/tfjs', () => tf);

const { chooseBackend, DEFAULT_LADDER, PRECHECKS } = await import('../../src/engine/tf/backend-ladder.ts');

/** Which backends tf.setBackend starts: true, false (tfjs's failure), or an error it throws. */
function backendsThatStart(results: Partial<Record<BackendName, boolean | Error>>): void {
  tf.setBackend.mockImplementation(async (name) => {
    const result = results[name as BackendName] ?? false;
    if (result instanceof Error) throw result;
    return result;
  });
}

const noPrechecks = {};

beforeEach(() => {
  tf.setBackend.mockReset();
  tf.ready.mockReset().mockResolvedValue(undefined);
});

describe('chooseBackend', () => {
  it('keeps the first rung that starts, and waits for it to be ready', async () => {
    backendsThatStart({ webgpu: true, webgl: true });
    const load = vi.fn(async () => {});
    await expect(chooseBackend(DEFAULT_LADDER, load, noPrechecks)).resolves.toEqual({ name: 'webgpu', fallbacks: [] });
    expect(load.mock.calls).toEqual([['webgpu']]);
    expect(tf.setBackend.mock.calls).toEqual([['webgpu']]);
    expect(tf.ready).toHaveBeenCalledOnce();
  });

  it('falls back when tf.setBackend resolves false, saying so', async () => {
    backendsThatStart({ webgpu: false, webgl: true });
    await expect(chooseBackend(DEFAULT_LADDER, async () => {}, noPrechecks)).resolves.toEqual({
      name: 'webgl',
      fallbacks: [{ name: 'webgpu', reason: "tf.setBackend('webgpu') failed to initialise it" }],
    });
  });

  it('falls back when tf.setBackend or the loader throws, quoting the error', async () => {
    backendsThatStart({ webgpu: new Error('device lost'), wasm: true });
    const load = vi.fn(async (name: BackendName) => {
      if (name === 'webgl') throw new Error('chunk failed to load');
    });
    const report = await chooseBackend(DEFAULT_LADDER, load, noPrechecks);
    expect(report).toEqual({
      name: 'wasm',
      fallbacks: [
        { name: 'webgpu', reason: 'starting webgpu threw: device lost' },
        { name: 'webgl', reason: 'starting webgl threw: chunk failed to load' },
      ],
    });
    // A rung whose code failed to load is never handed to tfjs.
    expect(tf.setBackend.mock.calls).toEqual([['webgpu'], ['wasm']]);
  });

  it('skips a rung whose precheck gives a reason, without downloading it', async () => {
    backendsThatStart({ webgpu: true, wasm: true });
    const load = vi.fn(async () => {});
    const prechecks = {
      webgpu: async () => 'no WebGPU adapter is available',
      webgl: async () => null,
    };
    const report = await chooseBackend(DEFAULT_LADDER, load, prechecks);
    expect(report).toEqual({
      name: 'wasm',
      fallbacks: [
        { name: 'webgpu', reason: 'no WebGPU adapter is available' },
        { name: 'webgl', reason: "tf.setBackend('webgl') failed to initialise it" },
      ],
    });
    expect(load.mock.calls).toEqual([['webgl'], ['wasm']]);
  });

  it('counts a precheck that throws as a failure of its rung', async () => {
    backendsThatStart({ cpu: true });
    const prechecks = {
      webgpu: async (): Promise<string | null> => {
        throw new TypeError('requestAdapter is not a function');
      },
    };
    await expect(chooseBackend(['webgpu', 'cpu'], async () => {}, prechecks)).resolves.toEqual({
      name: 'cpu',
      fallbacks: [{ name: 'webgpu', reason: 'starting webgpu threw: requestAdapter is not a function' }],
    });
  });

  it('starts where the ladder starts: ?backend=wasm never tries WebGPU or WebGL', async () => {
    backendsThatStart({ webgpu: true, webgl: true, wasm: true });
    const webgpu = vi.fn(async () => null);
    const report = await chooseBackend(['wasm', 'cpu'], async () => {}, { webgpu });
    expect(report).toEqual({ name: 'wasm', fallbacks: [] });
    expect(webgpu).not.toHaveBeenCalled();
    expect(tf.setBackend.mock.calls).toEqual([['wasm']]);
  });

  it('throws with every reason when no rung starts', async () => {
    backendsThatStart({ wasm: new Error('out of memory') });
    const prechecks = { webgl: async () => 'WebGL is not available' };
    await expect(chooseBackend(DEFAULT_LADDER, async () => {}, prechecks)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: No TensorFlow.js backend could start (webgpu: tf.setBackend('webgpu') failed to initialise it; webgl: WebGL is not available; wasm: starting wasm threw: out of memory; cpu: tf.setBackend('cpu') failed to initialise it).]`,
    );
    expect(tf.ready).not.toHaveBeenCalled();
  });
});

describe('the default prechecks', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('pass over WebGPU when the browser has none', async () => {
    vi.stubGlobal('navigator', {});
    await expect(PRECHECKS.webgpu!({ allowSoftware: true })).resolves.toBe(
      'this browser has no WebGPU (navigator.gpu is undefined)',
    );
  });

  it('pass over WebGPU when no adapter is granted, or asking throws', async () => {
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => null } });
    await expect(PRECHECKS.webgpu!({ allowSoftware: true })).resolves.toMatch(/^no WebGPU adapter is available/);
    vi.stubGlobal('navigator', {
      gpu: {
        requestAdapter: async () => {
          throw new Error('blocklisted');
        },
      },
    });
    await expect(PRECHECKS.webgpu!({ allowSoftware: true })).resolves.toBe('requesting a WebGPU adapter failed: blocklisted');
  });

  it('let WebGPU through when an adapter is granted', async () => {
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => ({}) } });
    await expect(PRECHECKS.webgpu!({ allowSoftware: true })).resolves.toBeNull();
  });

  it('pass over WebGL without OffscreenCanvas, or without a context', async () => {
    vi.stubGlobal('OffscreenCanvas', undefined);
    await expect(PRECHECKS.webgl!({ allowSoftware: true })).resolves.toBe('this environment has no OffscreenCanvas for WebGL');
    vi.stubGlobal(
      'OffscreenCanvas',
      class {
        getContext() {
          return null;
        }
      },
    );
    await expect(PRECHECKS.webgl!({ allowSoftware: true })).resolves.toBe(
      'WebGL is not available (no WebGL context could be created)',
    );
  });

  it('let WebGL through when a context can be made, trying webgl2 first', async () => {
    const asked: string[] = [];
    vi.stubGlobal(
      'OffscreenCanvas',
      class {
        getContext(kind: string) {
          asked.push(kind);
          return kind === 'webgl' ? { getExtension: () => null, getParameter: () => 'ANGLE (test GPU)', RENDERER: 0x1f01 } : null;
        }
      },
    );
    await expect(PRECHECKS.webgl!({ allowSoftware: true })).resolves.toBeNull();
    expect(asked).toEqual(['webgl2', 'webgl']);
  });
});

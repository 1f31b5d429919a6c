import { describe, expect, it } from 'vitest';
import { backendLabel, describeBackend } from '../../src/engine/contract/backends.ts';
import { BACKEND_LADDER } from '../../src/engine/contract/index.ts';

describe('describeBackend', () => {
  it('names the backend alone when nothing better was passed over', () => {
    expect(describeBackend({ name: 'webgpu', fallbacks: [] })).toBe('Backend: WebGPU.');
  });

  it('gives the reason for every backend passed over, best first', () => {
    const sentence = describeBackend({
      name: 'wasm',
      fallbacks: [
        { name: 'webgpu', reason: 'this browser has no WebGPU (navigator.gpu is undefined)' },
        { name: 'webgl', reason: 'WebGL is not available (no WebGL context could be created)' },
      ],
    });
    expect(sentence).toMatchInlineSnapshot(
      `"Backend: WebAssembly. Fell back because WebGPU unavailable: this browser has no WebGPU (navigator.gpu is undefined); WebGL unavailable: WebGL is not available (no WebGL context could be created)."`,
    );
  });

  it('has a reader-facing label for every rung of the ladder', () => {
    expect(BACKEND_LADDER.map(backendLabel)).toEqual(['WebGPU', 'WebGL', 'WebAssembly', 'CPU']);
  });

  it('names the backend, and the threads WASM runs on', () => {
    expect(describeBackend({ name: 'webgpu', fallbacks: [] })).toBe('Backend: WebGPU.');
    expect(describeBackend({ name: 'wasm', fallbacks: [], threads: 1 })).toBe('Backend: WebAssembly (1 thread).');
    expect(describeBackend({ name: 'wasm', fallbacks: [], threads: 4 })).toBe('Backend: WebAssembly (4 threads).');
  });

  it('says why each better backend was passed over', () => {
    const text = describeBackend({
      name: 'wasm',
      threads: 2,
      fallbacks: [
        { name: 'webgpu', reason: 'no WebGPU adapter is available' },
        { name: 'webgl', reason: 'its renderer is SwiftShader, a software renderer' },
      ],
    });
    expect(text).toBe(
      'Backend: WebAssembly (2 threads). Fell back because WebGPU unavailable: no WebGPU adapter is available; ' +
        'WebGL unavailable: its renderer is SwiftShader, a software renderer.',
    );
  });
});

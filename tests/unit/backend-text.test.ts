import { describe, expect, it } from 'vitest';
import { describeBackend } from '../../src/engine/runtime/backend-text.ts';

describe('describeBackend', () => {
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

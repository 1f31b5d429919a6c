// The compiled training kernels are committed (the site build and the tests
// do not run the AssemblyScript compiler); this keeps the binary honest.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernels, KERNELS_BINARY } from '../../scripts/build-kernels.mjs';

describe('native training kernels', () => {
  it('the committed .wasm is exactly what its source compiles to (npm run build:kernels)', async () => {
    const fresh = (await compileKernels()) as Uint8Array;
    const committed = readFileSync(new URL(`../../${KERNELS_BINARY}`, import.meta.url));
    expect(Buffer.from(fresh).equals(committed)).toBe(true);
  }, 120_000);

  it('imports only the memory it works in and exports only the kernels', () => {
    const module = new WebAssembly.Module(readFileSync(new URL('../../src/engine/tf/native/training-kernels.wasm', import.meta.url)));
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(module).map((e) => e.name).sort()).toEqual([
      'conv2dBackpropFilter',
      'conv2dBackpropInput',
      'maxPoolGrad',
    ]);
  });
});

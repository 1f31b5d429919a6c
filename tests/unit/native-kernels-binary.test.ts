// The compiled training kernels are committed (the site build and the tests
// do not run the AssemblyScript compiler); this keeps the binary honest.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernels, KERNELS_BINARY, SHARED_KERNELS_BINARY } from '../../scripts/build-kernels.mjs';

describe('native training kernels', () => {
  it.each([
    [KERNELS_BINARY, false],
    [SHARED_KERNELS_BINARY, true],
  ])(
    'the committed %s is exactly what its source compiles to (npm run build:kernels)',
    async (path, shared) => {
      const fresh = (await compileKernels({ shared })) as Uint8Array;
      const committed = readFileSync(new URL(`../../${path}`, import.meta.url));
      expect(Buffer.from(fresh).equals(committed)).toBe(true);
    },
    120_000,
  );

  it.each([KERNELS_BINARY, SHARED_KERNELS_BINARY])(
    '%s imports only the memory it works in and exports only the kernels',
    (path) => {
      const module = new WebAssembly.Module(readFileSync(new URL(`../../${path}`, import.meta.url)));
      expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
      expect(
        WebAssembly.Module.exports(module)
          .map((e) => e.name)
          .sort(),
      ).toEqual([
        'conv2dBackpropFilter',
        'conv2dBackpropInput',
        'depthwiseBackpropFilter',
        'depthwiseBackpropInput',
        'maxPoolGrad',
      ]);
    },
  );
});

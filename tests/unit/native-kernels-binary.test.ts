// The compiled training kernels are committed (the site build and the tests
// do not run the AssemblyScript compiler); this keeps the binaries honest.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernels, KERNEL_BINARIES } from '../../scripts/build-kernels.mjs';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url));

describe('native training kernels', () => {
  it.each(KERNEL_BINARIES)(
    'the committed $path is exactly what its source compiles to (npm run build:kernels)',
    async ({ path, shared, relaxed }) => {
      const fresh = (await compileKernels({ shared, relaxed })) as Uint8Array;
      expect(Buffer.from(fresh).equals(read(path))).toBe(true);
    },
    120_000,
  );

  it('the relaxed-SIMD builds differ from the plain ones (they use fused multiply-adds)', () => {
    const [plain, shared, relaxed, sharedRelaxed] = KERNEL_BINARIES.map(({ path }) => read(path));
    expect(relaxed!.equals(plain!)).toBe(false);
    expect(sharedRelaxed!.equals(shared!)).toBe(false);
  });

  it.each(KERNEL_BINARIES)('$path imports only the memory it works in and exports only the kernels', ({ path }) => {
    // The relaxed builds compile here because the unit tier runs Node with
    // --experimental-wasm-relaxed-simd (vitest.config.ts); without it this fails.
    const module = new WebAssembly.Module(read(path));
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(
      WebAssembly.Module.exports(module)
        .map((e) => e.name)
        .sort(),
    ).toEqual([
      'accumulate',
      'adamStep',
      'batchNormBackward',
      'batchNormForward',
      'conv2d',
      'conv2dBackpropFilter',
      'conv2dBackpropInput',
      'depthwiseBackpropFilter',
      'depthwiseBackpropInput',
      'maxPoolGrad',
    ]);
  });
});

// Compiles the training kernels (AssemblyScript, src/engine/tf/native/assembly/)
// to src/engine/tf/native/training-kernels.wasm, committed so that neither the
// site build nor the tests need the compiler at run time, in four variants:
// -shared for the threaded backend (whose memory is shared), and -relaxed with
// relaxed SIMD's fused multiply-add, for engines that have it (Chromium since
// 114; Node 20 only behind --experimental-wasm-relaxed-simd).
//
//   npm run build:kernels
//
// compileKernels() is also what the unit test uses to check that the
// committed binary is exactly what its source compiles to.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = fileURLToPath(new URL('..', import.meta.url));
export const KERNELS_SOURCE = 'src/engine/tf/native/assembly/training-kernels.ts';
export const KERNELS_BINARY = 'src/engine/tf/native/training-kernels.wasm';
export const SHARED_KERNELS_BINARY = 'src/engine/tf/native/training-kernels-shared.wasm';

/** Every committed binary and the options it is compiled with. */
export const KERNEL_BINARIES = [
  { path: KERNELS_BINARY, shared: false, relaxed: false },
  { path: SHARED_KERNELS_BINARY, shared: true, relaxed: false },
  { path: 'src/engine/tf/native/training-kernels-relaxed.wasm', shared: false, relaxed: true },
  { path: 'src/engine/tf/native/training-kernels-shared-relaxed.wasm', shared: true, relaxed: true },
];

// --importMemory: the module works in the tfjs backend's heap. --runtime stub
// and --use abort= leave it no allocator, no data segment and no imports
// besides the memory, so it only touches the bytes it is given.
const FLAGS = [
  '-O3',
  '--runtime',
  'stub',
  '--importMemory',
  '--noExportMemory',
  '--initialMemory',
  '0',
  '--enable',
  'simd',
  '--use',
  'abort=',
  '--noAssert',
];

// A module that imports a shared memory must say so, and give a maximum:
// 65536 pages (4 GiB) admits any memory the backend can have.
const SHARED_FLAGS = ['--sharedMemory', '--maximumMemory', '65536', '--enable', 'threads'];

/** The compiled module's bytes; `shared` for the threaded backend's memory, `relaxed` for fused multiply-adds. */
export async function compileKernels({ shared = false, relaxed = false } = {}) {
  let binary = null;
  const stderr = [];
  const flags = [...FLAGS, ...(shared ? SHARED_FLAGS : []), ...(relaxed ? ['--enable', 'relaxed-simd'] : [])];
  const { error } = await asc.main([KERNELS_SOURCE, '--outFile', 'kernels.wasm', ...flags], {
    baseDir: root,
    stdout: { write: () => true },
    stderr: { write: (text) => stderr.push(String(text)) },
    writeFile: (name, contents) => {
      if (name.endsWith('.wasm')) binary = contents;
    },
  });
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.join('')}`);
  if (binary === null) throw new Error('asc wrote no .wasm');
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { path, shared, relaxed } of KERNEL_BINARIES) {
    const binary = await compileKernels({ shared, relaxed });
    await writeFile(new URL(`../${path}`, import.meta.url), binary);
    console.log(`${path}: ${binary.length} bytes`);
  }
}

// Compiles the training kernels (AssemblyScript, src/engine/tf/native/assembly/)
// to src/engine/tf/native/training-kernels.wasm (and -shared.wasm, the same
// kernels for the threaded backend, whose memory is shared), committed so that
// neither the site build nor the tests need the compiler at run time.
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

/** The compiled module's bytes; `shared` for the threaded backend's memory. */
export async function compileKernels({ shared = false } = {}) {
  let binary = null;
  const stderr = [];
  const flags = shared ? [...FLAGS, ...SHARED_FLAGS] : FLAGS;
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
  for (const [shared, path] of [
    [false, KERNELS_BINARY],
    [true, SHARED_KERNELS_BINARY],
  ]) {
    const binary = await compileKernels({ shared });
    await writeFile(new URL(`../${path}`, import.meta.url), binary);
    console.log(`${path}: ${binary.length} bytes`);
  }
}

// Compiles the training kernels (AssemblyScript, src/engine/tf/native/assembly/)
// to src/engine/tf/native/training-kernels.wasm, which is committed so that
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

// --importMemory: the module works in the tfjs backend's heap. --runtime stub
// and --use abort= leave it no allocator, no data segment and no imports
// besides the memory, so it only touches the bytes it is given.
const FLAGS = [
  '-O3',
  '--runtime', 'stub',
  '--importMemory',
  '--noExportMemory',
  '--initialMemory', '0',
  '--enable', 'simd',
  '--use', 'abort=',
  '--noAssert',
];

/** The compiled module's bytes. */
export async function compileKernels() {
  let binary = null;
  const stderr = [];
  const { error } = await asc.main([KERNELS_SOURCE, '--outFile', 'kernels.wasm', ...FLAGS], {
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
  const binary = await compileKernels();
  await writeFile(new URL(`../${KERNELS_BINARY}`, import.meta.url), binary);
  console.log(`${KERNELS_BINARY}: ${binary.length} bytes`);
}

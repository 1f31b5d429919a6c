// Node 20 (V8 11.3) compiles relaxed SIMD, which the native kernels' fused
// multiply-add build uses, only behind a V8 flag; Chromium and newer Node have
// it by default. The test tiers run Node with the flag where this Node knows
// it, so that the kernels tested are the ones Chromium runs.
import { spawnSync } from 'node:child_process';

export const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd';

/** `[RELAXED_SIMD_FLAG]` when this Node accepts it, else `[]`. */
export function relaxedSimdExecArgv() {
  const probe = spawnSync(process.execPath, [RELAXED_SIMD_FLAG, '-e', ''], { stdio: 'ignore' });
  return probe.status === 0 ? [RELAXED_SIMD_FLAG] : [];
}

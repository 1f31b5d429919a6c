// A helper thread of the native training kernels (native-parallel.ts): it
// instantiates the kernels on the backend's shared memory, then waits on its
// control block and runs each job it is handed until the page goes away.
import type { NativeKernels } from '../native-kernels.ts';
import { CTRL, runHelperJob } from '../native-parallel.ts';

interface Start {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctrl: number;
}

self.onmessage = ({ data }: MessageEvent<Start>) => {
  const kernels = new WebAssembly.Instance(data.module, { env: { memory: data.memory } }).exports as unknown as NativeKernels;
  const ctrl = new Int32Array(data.memory.buffer, data.ctrl, CTRL.words);
  Atomics.store(ctrl, CTRL.ready, 1);
  let seen = Atomics.load(ctrl, CTRL.seq);
  for (;;) {
    Atomics.wait(ctrl, CTRL.seq, seen);
    seen = Atomics.load(ctrl, CTRL.seq);
    try {
      runHelperJob(kernels, ctrl);
    } catch {
      Atomics.store(ctrl, CTRL.failed, 1);
    }
    Atomics.store(ctrl, CTRL.done, seen);
    Atomics.notify(ctrl, CTRL.done);
  }
};

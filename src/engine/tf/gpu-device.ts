// The WebGPU device under tfjs's 'webgpu' backend (WebGPUBackend.device, the
// one GPUDevice it requests): its loss, a test's way to cause it, and how far
// training may run ahead of it.
import * as tf from '@tensorflow/tfjs';

/** The active backend's GPUDevice, or null on any other backend. */
export function activeGpuDevice(): GPUDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  return device ?? null;
}

/**
 * Calls `onLost` once if the active backend's GPU device is lost. WebGPU
 * resolves `device.lost` for a driver reset, a GPU process crash, or
 * `destroy()`; tfjs 4.22 never looks at it and would go on submitting work to
 * a dead device, whose reads then fail or never finish.
 */
export function watchGpuDeviceLoss(onLost: (info: GPUDeviceLostInfo) => void): void {
  void activeGpuDevice()?.lost.then(onLost);
}

/** Destroys the active GPU device, as a driver reset would lose it (the `?test-hooks` page hook). */
export function loseGpuDeviceForTest(): boolean {
  const device = activeGpuDevice();
  device?.destroy();
  return device !== null;
}

/**
 * Keeps the GPU queue short while a loop submits steps: after each step it
 * waits until all but the last `ahead` steps have finished on the GPU. Without
 * it, tfjs records and submits steps as fast as JavaScript can, the queue
 * grows to many steps, and on a slow GPU (SwiftShader runs in the browser's
 * GPU process) the page gets no frames until the queue drains, long after
 * Stop. `workDone` resolves when the work submitted so far has finished.
 */
export function createStepPacer(workDone: (() => Promise<unknown>) | null, ahead = 1) {
  const pending: Promise<unknown>[] = [];
  return {
    /** Resolves once few enough steps are unfinished, or at once when `signal` is aborted (Stop need not wait for the GPU). */
    async afterStep(signal?: { readonly aborted: boolean }): Promise<void> {
      if (!workDone) return;
      pending.push(workDone());
      while (pending.length > ahead && !signal?.aborted) {
        const oldest = pending.shift();
        if (!signal) await oldest;
        else await untilEither(oldest, signal);
      }
    },
    /** Steps whose end is not yet awaited. */
    get inFlight(): number {
      return pending.length;
    },
  };
}

/** Waits for `work`, or until `signal` is aborted (a plain flag set by the worker's abort message, so polled). */
function untilEither(work: Promise<unknown> | undefined, signal: { readonly aborted: boolean }, everyMs = 25): Promise<void> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(timer);
      resolve();
    };
    const check = () => {
      if (signal.aborted) finish();
      else timer = setTimeout(check, everyMs);
    };
    void Promise.resolve(work).then(finish, finish);
    check();
  });
}

export type StepPacer = ReturnType<typeof createStepPacer>;

/** A pacer for the active backend: WebGPU's `queue.onSubmittedWorkDone()`; nothing to wait for elsewhere. */
export function gpuStepPacer(ahead = 1): StepPacer {
  const device = activeGpuDevice();
  return createStepPacer(device ? () => device.queue.onSubmittedWorkDone() : null, ahead);
}

// What the page decides when the GPU device under a run is lost, and how the
// training loop keeps the GPU queue short (the pacer), as plain logic.
import { describe, expect, it } from 'vitest';
import {
  describeDeviceLoss,
  deviceLostMessage,
  forcedAfterLoss,
  ladderWithout,
  withLostFallbacks,
} from '../../src/engine/runtime/device-loss.ts';
import { createStepPacer } from '../../src/engine/tf/gpu-device.ts';
import { BACKEND_LADDER, describeBackend } from '../../src/engine/contract/index.ts';

const lostGpu = [{ name: 'webgpu' as const, reason: 'the GPU device was lost (destroyed: Device was destroyed.)' }];

describe('after a lost GPU device', () => {
  it("says WebGPU's reason and message, and leaves out an 'unknown' reason or an empty message", () => {
    expect(describeDeviceLoss({ reason: 'destroyed', message: 'Device was destroyed.' })).toBe(
      'the GPU device was lost (destroyed: Device was destroyed.)',
    );
    expect(describeDeviceLoss({ reason: 'unknown', message: 'GPU process crashed' })).toBe(
      'the GPU device was lost (GPU process crashed)',
    );
    expect(describeDeviceLoss({ reason: 'unknown', message: ' ' })).toBe('the GPU device was lost (no reason given)');
  });

  it('takes the lost backend off the ladder and keeps the order of the rest', () => {
    expect(ladderWithout(BACKEND_LADDER, lostGpu)).toEqual(['webgl', 'wasm', 'cpu']);
    expect(ladderWithout(['webgpu', 'wasm'], lostGpu)).toEqual(['wasm']);
    expect(ladderWithout(BACKEND_LADDER, [])).toEqual(BACKEND_LADDER);
  });

  it('no longer forces the rung the reader named once that rung is lost, so the rest is judged as usual', () => {
    expect(forcedAfterLoss('webgpu', lostGpu)).toBeNull();
    expect(forcedAfterLoss('webgl', lostGpu)).toBe('webgl');
    expect(forcedAfterLoss(null, lostGpu)).toBeNull();
  });

  it("puts the loss first among the status line's reasons for the backend that runs now", () => {
    const report = withLostFallbacks(
      { name: 'wasm', fallbacks: [{ name: 'webgl', reason: 'its renderer is SwiftShader' }], threads: 2 },
      lostGpu,
    );
    expect(report.fallbacks.map((f) => f.name)).toEqual(['webgpu', 'webgl']);
    expect(describeBackend(report)).toBe(
      'Backend: WebAssembly (2 threads). Fell back because WebGPU unavailable: the GPU device was lost ' +
        '(destroyed: Device was destroyed.) earlier on this page; WebGL unavailable: its renderer is SwiftShader.',
    );
  });

  it('names the backend the next Run uses, or says none could start', () => {
    const reason = lostGpu[0]!.reason;
    expect(deviceLostMessage(reason, 'webgl')).toMatch(
      /^The run stopped: the GPU device was lost \(destroyed: Device was destroyed\.\); the next Run uses WebGL\. Values made by earlier cells are gone/,
    );
    expect(deviceLostMessage(reason, null)).toContain('no other backend could start');
  });
});

/** A stand-in for queue.onSubmittedWorkDone(): each call's promise is settled by the test. */
function fakeQueue() {
  const finish: (() => void)[] = [];
  return {
    workDone: () => new Promise<void>((resolve) => finish.push(resolve)),
    /** The GPU finishes the oldest submitted work. */
    completeNext: () => finish.shift()?.(),
    get calls() {
      return finish.length;
    },
  };
}

/** Resolves to whether `promise` settled within a few turns of the event loop. */
async function settles(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe('the step pacer', () => {
  it('lets the first step run ahead, then waits for the step before the last one to finish on the GPU', async () => {
    const queue = fakeQueue();
    const pacer = createStepPacer(queue.workDone, 1);
    expect(await settles(pacer.afterStep())).toBe(true);
    expect(pacer.inFlight).toBe(1);

    const second = pacer.afterStep();
    expect(await settles(second)).toBe(false);
    expect(pacer.inFlight).toBe(1);
    queue.completeNext();
    expect(await settles(second)).toBe(true);
    expect(pacer.inFlight).toBe(1);
  });

  it('never lets more than `ahead` + 1 steps be submitted and unfinished', async () => {
    const queue = fakeQueue();
    const pacer = createStepPacer(queue.workDone, 2);
    let unfinished = 0;
    let most = 0;
    for (let step = 0; step < 6; step++) {
      const waiting = pacer.afterStep();
      unfinished++;
      most = Math.max(most, unfinished);
      while (!(await settles(waiting))) {
        queue.completeNext();
        unfinished--;
      }
    }
    expect(most).toBeLessThanOrEqual(3);
    expect(pacer.inFlight).toBe(2);
  });

  it('stops waiting for the GPU as soon as the run is stopped', async () => {
    const queue = fakeQueue();
    const pacer = createStepPacer(queue.workDone, 1);
    const signal = { aborted: false };
    await pacer.afterStep(signal);
    const waiting = pacer.afterStep(signal);
    expect(await settles(waiting)).toBe(false);
    signal.aborted = true;
    // The GPU has not finished; the loop goes on to notice Stop anyway (the poll runs every 25 ms).
    await expect(waiting).resolves.toBeUndefined();
    expect(await settles(pacer.afterStep(signal))).toBe(true);
  });

  it('waits for nothing where there is no GPU queue (WebGL, WASM, CPU)', async () => {
    const pacer = createStepPacer(null);
    for (let step = 0; step < 3; step++) expect(await settles(pacer.afterStep())).toBe(true);
    expect(pacer.inFlight).toBe(0);
  });
});

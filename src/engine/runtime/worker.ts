// Entry point of the page's Web Worker: wires the session to postMessage.
import { createWorkerSession } from './worker-session.ts';
import type { FromWorker, ToWorker } from '../contract/index.ts';

const scope = globalThis as unknown as DedicatedWorkerGlobalScope;
const session = createWorkerSession((message: FromWorker) => scope.postMessage(message));
scope.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  if (event.data.type === 'init' && event.data.lifeLock) holdLifeLock(event.data.lifeLock);
  session.handle(event.data);
});

// A worker that dies (out of memory, self.close(), a crash) fires no event on
// the page; the browser releases the locks of a dead worker, so the page,
// queued behind this one, hears of the death.
function holdLifeLock(name: string): void {
  const locks = (scope.navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return;
  void locks.request(name, () => {
    scope.postMessage({ type: 'alive', lock: name } satisfies FromWorker);
    return new Promise<never>(() => {});
  });
}

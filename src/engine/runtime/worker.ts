// Entry point of the page's Web Worker: wires the session to postMessage.
import { createWorkerSession } from './worker-session.ts';
import type { FromWorker, ToWorker } from '../contract/index.ts';

const scope = globalThis as unknown as DedicatedWorkerGlobalScope;
const session = createWorkerSession((message: FromWorker) => scope.postMessage(message));
scope.addEventListener('message', (event: MessageEvent<ToWorker>) => session.handle(event.data));

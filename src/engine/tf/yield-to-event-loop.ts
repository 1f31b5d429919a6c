// Lets queued events (an abort message, a UI update) run between training
// steps, without the throttling of requestAnimationFrame (paused in hidden
// tabs, absent in workers) or nested setTimeout (clamped to 4 ms or more).
//
// Browsers and workers: a MessageChannel message, an unthrottled task queued
// like the worker's own messages, so a Stop posted to the worker gets its turn.
// Node: setImmediate. A MessageChannel would starve other handles there: Node
// drains up to 1,000 messages of one port per turn, including the ones each
// step posts, so an abort message on another port waits for 1,000 batches.

export interface EventLoopYielder {
  /** Resolves after the tasks already queued have had a chance to run. */
  next(): Promise<void>;
  /** Releases the channel; an open port would keep Node alive. */
  dispose(): void;
}

export type YieldKind = 'immediate' | 'message-channel' | 'timeout';

function detectKind(): YieldKind {
  if (typeof setImmediate === 'function') return 'immediate';
  return typeof MessageChannel === 'undefined' ? 'timeout' : 'message-channel';
}

/** @param kind Chosen for the environment; tests may force one. */
export function createEventLoopYielder(kind: YieldKind = detectKind()): EventLoopYielder {
  if (kind === 'immediate') {
    return { next: () => new Promise((resolve) => setImmediate(resolve)), dispose: () => {} };
  }
  if (kind === 'timeout') {
    return { next: () => new Promise((resolve) => setTimeout(resolve, 0)), dispose: () => {} };
  }
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return {
    next: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      }),
    dispose() {
      channel.port1.onmessage = null;
      channel.port1.close();
      channel.port2.close();
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

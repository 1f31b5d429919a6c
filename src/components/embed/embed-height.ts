// An embed page tells the page around it how tall it is, so that a course
// platform can size the iframe to its content instead of showing a scroll bar
// (see the README, "Embedding a cell or figure", for the listener).

/** The `type` of every message an embed page posts to its parent. */
export const EMBED_HEIGHT_MESSAGE = 'cnn-guide:embed-height';

export interface EmbedHeightMessage {
  readonly type: typeof EMBED_HEIGHT_MESSAGE;
  /** The embed's path under the base ('embed/guide/pooling/max-pool'), so a host with several frames can tell them apart. */
  readonly embed: string;
  /** CSS pixels, a whole number. */
  readonly height: number;
}

export function heightMessage(embed: string, height: number): EmbedHeightMessage {
  return { type: EMBED_HEIGHT_MESSAGE, embed, height: Math.ceil(Math.max(0, height)) };
}

/** Whether a message event's data is an embed's height (a host must still check `event.origin`). */
export function isEmbedHeightMessage(data: unknown): data is EmbedHeightMessage {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return (
    d.type === EMBED_HEIGHT_MESSAGE &&
    typeof d.embed === 'string' &&
    typeof d.height === 'number' &&
    Number.isFinite(d.height) &&
    d.height >= 0
  );
}

/**
 * Calls `post` with the element's height now and whenever it changes by a
 * whole pixel (a cell's output grows while it trains; a figure's panels wrap).
 * Returns a function that stops watching.
 */
export function watchHeight(element: Element, post: (height: number) => void): () => void {
  let last = -1;
  const report = () => {
    const height = Math.ceil(element.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    post(height);
  };
  const observer = new ResizeObserver(report);
  observer.observe(element);
  report();
  return () => observer.disconnect();
}

// Whether a scroll box overflows, kept up to date as it (or what it holds)
// changes size: a box that scrolls takes keyboard focus so the keyboard can
// scroll it, and one that does not stays out of the tab order.

/** Calls `report` with whether `box` is wider than its view now and on every resize; returns the clean-up. */
export function watchOverflow(box: HTMLElement, report: (overflows: boolean) => void): () => void {
  const observer = new ResizeObserver(() => report(box.scrollWidth > box.clientWidth + 1));
  observer.observe(box);
  // The content can grow without the box changing size (a table gaining rows of wider numbers).
  if (box.firstElementChild) observer.observe(box.firstElementChild);
  return () => observer.disconnect();
}

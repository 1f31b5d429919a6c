// A task made of some classes of a dataset: the transfer-learning chapter's
// target is five Fashion-MNIST classes the backbone never saw.
import type { LabelledImages } from '../contract/images.ts';

/**
 * The images of `classes` only, in their order in the split, relabelled
 * 0..k-1 in the order `classes` lists them; at most `limit` of them.
 */
export function selectClasses(split: LabelledImages, classes: readonly number[], limit = Infinity): LabelledImages {
  if (classes.length === 0 || new Set(classes).size !== classes.length || !classes.every((c) => Number.isInteger(c) && c >= 0)) {
    throw new Error(`selectClasses: classes must be distinct class indices, got [${classes.join(', ')}]`);
  }
  const newLabel = new Map(classes.map((c, i) => [c, i]));
  const pixels = split.height * split.width;
  const picked: number[] = [];
  for (let i = 0; i < split.count && picked.length < limit; i++) {
    if (newLabel.has(split.labels[i]!)) picked.push(i);
  }
  const images = new Uint8Array(picked.length * pixels);
  const labels = new Uint8Array(picked.length);
  picked.forEach((from, to) => {
    images.set(split.images.subarray(from * pixels, (from + 1) * pixels), to * pixels);
    labels[to] = newLabel.get(split.labels[from]!)!;
  });
  return { images, labels, count: picked.length, height: split.height, width: split.width };
}

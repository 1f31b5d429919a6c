// Cuts one cell or figure out of a chapter's rendered HTML, at build time.
//
// Why this way: figures are Svelte components that chapters place in MDX with
// their own props (and sometimes values the chapter computes), and cells read
// their code, PyTorch twin and neighbours from the page. A registry of
// components and props would be a second copy of every chapter that drifts
// from it. Instead the embed page renders the chapter's own content, exactly
// as the chapter does, and keeps only the element (and the cells it needs):
// whatever the chapter passes, the embed shows the same thing, and a chapter
// edit cannot break its embeds silently (a missing element fails the build).
//
// What is kept whole is the element's outermost <astro-island> (Svelte's
// hydration markers live around the element inside it) or, for a figure
// rendered at build time, the element itself. Every <script> and <style> of
// the content stays: Astro writes its island loader once, before the first
// island of the page, wherever that island is.
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { Element, ElementContent, Root, RootContent } from 'hast';

export interface ExtractedEmbed {
  /** The kept HTML: the element, the cells it needs, in page order, and the content's scripts and styles. */
  readonly html: string;
  /** The element's own title: a cell's heading, a figure's caption (text only). */
  readonly title: string;
  /** Ids asked to be kept that the content does not have. */
  readonly missing: readonly string[];
}

type Parent = Root | Element;

function isElement(node: RootContent | ElementContent): node is Element {
  return node.type === 'element';
}

function textOf(node: RootContent | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** The chain of elements from the root's child down to the element with this id, or null. */
function pathTo(parent: Parent, id: string): Element[] | null {
  for (const child of parent.children) {
    if (!isElement(child)) continue;
    if (child.properties.id === id) return [child];
    const below = pathTo(child, id);
    if (below) return [child, ...below];
  }
  return null;
}

/** What to keep for the element at the end of `path`: its outermost island, else itself. */
function unitOf(path: Element[]): Element {
  return path.find((el) => el.tagName === 'astro-island') ?? path[path.length - 1]!;
}

function titleOf(target: Element): string {
  const find = (el: Element, tags: string[]): Element | null => {
    for (const child of el.children) {
      if (!isElement(child)) continue;
      if (tags.includes(child.tagName)) return child;
      const deeper = find(child, tags);
      if (deeper) return deeper;
    }
    return null;
  };
  const heading = target.tagName === 'figure' ? find(target, ['figcaption']) : find(target, ['h2', 'h3', 'h4', 'h5', 'h6']);
  return (heading ? textOf(heading) : '').replace(/\s+/g, ' ').trim();
}

/** Scripts, styles and style links anywhere under `node` that are not inside a kept unit. */
function collectAssets(node: Parent, units: Set<Element>, out: Element[]): void {
  for (const child of node.children) {
    if (!isElement(child) || units.has(child)) continue;
    if (['script', 'style', 'link'].includes(child.tagName)) out.push(child);
    else collectAssets(child, units, out);
  }
}

/** A copy of `node` holding only the children that are, or contain, a kept unit. */
function prune(node: Parent, units: Set<Element>, holders: Set<Element>): ElementContent[] {
  const kept: ElementContent[] = [];
  for (const child of node.children) {
    if (!isElement(child)) continue;
    if (units.has(child)) kept.push(child);
    else if (holders.has(child)) kept.push({ ...child, children: prune(child, units, holders) });
  }
  return kept;
}

/**
 * Keeps the element `targetId` of `html` and the elements `alsoKeep` (cells it
 * needs), dropping everything else. Throws when the target is not there.
 */
export function extractEmbed(html: string, targetId: string, alsoKeep: readonly string[] = []): ExtractedEmbed {
  const root = fromHtml(html, { fragment: true });
  const targetPath = pathTo(root, targetId);
  if (!targetPath) throw new Error(`The rendered content has no element with id "${targetId}".`);
  const paths = [targetPath];
  const missing: string[] = [];
  for (const id of alsoKeep) {
    const path = pathTo(root, id);
    if (path) paths.push(path);
    else missing.push(id);
  }
  const units = new Set<Element>();
  const holders = new Set<Element>();
  for (const path of paths) {
    const unit = unitOf(path);
    units.add(unit);
    for (const el of path.slice(0, path.indexOf(unit))) holders.add(el);
  }
  const assets: Element[] = [];
  collectAssets(root, units, assets);
  const kept: Root = { type: 'root', children: [...assets, ...prune(root, units, holders)] };
  return { html: toHtml(kept), title: titleOf(targetPath[targetPath.length - 1]!), missing };
}

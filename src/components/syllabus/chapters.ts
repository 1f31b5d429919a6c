// The guide's chapters in reading order with their facts, from the content
// collection at build time (Astro only: it imports astro:content).
import { getCollection } from 'astro:content';
import { cellSource } from '../cell/cell-sources.ts';
import { chapterFacts, type ChapterFacts } from './chapter-facts.ts';
import { trainingCellIds } from './cell-times.ts';

export interface Chapter extends ChapterFacts {
  slug: string;
  title: string;
  description: string;
  order: number;
  /** Earlier chapters this one links to, else the chapter before it: what to read first. */
  prerequisites: { slug: string; title: string }[];
  /** Its cells that train a network, in page order. */
  trainingCells: string[];
}

export async function chapters(): Promise<Chapter[]> {
  const entries = (await getCollection('docs')).filter((e) => e.id.startsWith('guide/'));
  const sorted = entries
    .map((e) => ({ e, order: e.data.sidebar?.order ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.order - b.order || a.e.data.title.localeCompare(b.e.data.title));
  const position = new Map(sorted.map(({ e }, i) => [e.id, i]));
  const titles = new Map(sorted.map(({ e }) => [e.id, e.data.title]));
  return sorted.map(({ e, order }, i) => {
    const facts = chapterFacts(e.body ?? '', e.id);
    const linked = facts.linksTo.filter((slug) => (position.get(slug) ?? Infinity) < i);
    // A chapter that names no earlier one still follows the one before it: the guide reads in order.
    const before = linked.length === 0 && i > 0 ? [sorted[i - 1]!.e.id] : linked;
    return {
      ...facts,
      slug: e.id,
      title: e.data.title,
      description: e.data.description ?? '',
      order,
      prerequisites: before.map((slug) => ({ slug, title: titles.get(slug)! })),
      trainingCells: trainingCellIds(facts.cellIds, cellSource),
    };
  });
}

// What a chapter holds, read from its MDX source at build time: how many
// figures and runnable cells it shows, and which other chapters it links to.
// The landing page's syllabus and the sidebar's badges are generated from it,
// so a new chapter appears in both without anyone typing it in.

export interface ChapterFacts {
  figures: number;
  cells: number;
  /** The ids of its runnable cells, in page order. */
  cellIds: string[];
  /** Slugs (e.g. guide/pooling) of the chapters its text links to, in first-link order. */
  linksTo: string[];
}

/** Components imported from components/figures/ (Svelte or Astro), by their local name. */
function figureComponents(body: string): string[] {
  const names: string[] = [];
  for (const m of body.matchAll(
    /^import\s+([A-Z][A-Za-z0-9_]*)\s+from\s+['"][^'"]*\/components\/figures\/[^'"]+\.(?:svelte|astro)['"]/gm,
  )) {
    names.push(m[1]!);
  }
  return names;
}

function countTags(body: string, name: string): number {
  return body.match(new RegExp(`<${name}(?=[\\s/>])`, 'g'))?.length ?? 0;
}

/**
 * @param body the MDX source without its front matter
 * @param slug the chapter's own slug, e.g. guide/pooling, to resolve its relative links
 */
export function chapterFacts(body: string, slug: string): ChapterFacts {
  const figures = figureComponents(body).reduce((n, name) => n + countTags(body, name), 0);
  const cells = countTags(body, 'RunnableCell');
  const cellIds = [...body.matchAll(/<RunnableCell\s[^>]*?\bid="([^"]+)"/g)].map((m) => m[1]!);
  const linksTo: string[] = [];
  for (const m of body.matchAll(/\]\((\.\.?\/[^)#?\s]*)/g)) {
    const target = resolveSlug(slug, m[1]!);
    if (target && target !== slug && !linksTo.includes(target)) linksTo.push(target);
  }
  return { figures, cells, cellIds, linksTo };
}

/** ../pooling/ from guide/convolution (a page served at guide/convolution/) is guide/pooling. */
function resolveSlug(slug: string, href: string): string | null {
  const parts = slug.split('/');
  for (const piece of href.split('/')) {
    if (piece === '' || piece === '.') continue;
    if (piece === '..') parts.pop();
    else parts.push(piece);
  }
  const result = parts.join('/');
  return result === '' ? null : result;
}

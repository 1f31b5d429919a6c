// The embed pages: one per published cell and figure, for iframes in course
// platforms. The list comes from scripts/anchors/anchors.json, the committed
// list of every published anchor, so an embed exists exactly for the anchors
// the guide promises to keep (a renamed figure keeps its old embed only via
// that list and its aliases, never by accident).

export interface PageAnchors {
  readonly headings: readonly string[];
  readonly cells: readonly string[];
  readonly figures: readonly string[];
}

export type EmbedKind = 'cell' | 'figure';

export interface EmbedRoute {
  /** The page that holds the element, as anchors.json writes it: '/guide/pooling/', '/' for the landing page. */
  readonly page: string;
  /** The content collection entry of that page: 'guide/pooling', 'index'. */
  readonly entry: string;
  /** The element's id, its anchor on the page. */
  readonly id: string;
  readonly kind: EmbedKind;
  /** The route's path under the base, without slashes at the ends: 'embed/guide/pooling/max-pool'. */
  readonly path: string;
}

/** The folder of every embed page, under the base path. */
export const EMBED_FOLDER = 'embed';

/** '/guide/pooling/' -> 'guide/pooling'; '/' -> 'index' (the id Starlight gives src/content/docs/index.mdx). */
export function entryOfPage(page: string): string {
  const trimmed = page.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? 'index' : trimmed;
}

/** Every embed route, pages in the list's order, cells before figures, each in page order. */
export function embedRoutes(anchors: Readonly<Record<string, PageAnchors>>): EmbedRoute[] {
  const routes: EmbedRoute[] = [];
  const seen = new Set<string>();
  for (const [page, kinds] of Object.entries(anchors)) {
    if (page.startsWith('$')) continue;
    const entry = entryOfPage(page);
    const items: [EmbedKind, readonly string[]][] = [
      ['cell', kinds.cells],
      ['figure', kinds.figures],
    ];
    for (const [kind, ids] of items) {
      for (const id of ids) {
        const path = `${EMBED_FOLDER}/${entry}/${id}`;
        if (seen.has(path)) throw new Error(`Two embeds at ${path}: the id "${id}" is listed twice for ${page}.`);
        seen.add(path);
        routes.push({ page, entry, id, kind, path });
      }
    }
  }
  return routes;
}

/**
 * The cells a cell's code asks for with `session.need(name, '<producer id>')`.
 * A cell that needs another only runs after it, so its embed includes that cell.
 */
export function neededCells(code: string): string[] {
  const found: string[] = [];
  const call = /session\s*\.\s*need\s*(?:<[^()]*?>)?\s*\(\s*(['"`])(?:(?!\1).)*\1\s*,\s*(['"`])([^'"`]+)\2/g;
  for (const m of code.matchAll(call)) {
    const producer = m[3];
    if (producer !== undefined && !found.includes(producer)) found.push(producer);
  }
  return found;
}

/**
 * Every cell that must run before `id`, transitively, in no particular order,
 * without `id` itself. `codeOf` returns a cell's code, or null when there is no such cell.
 */
export function cellsToRunFirst(id: string, codeOf: (cell: string) => string | null): string[] {
  const out: string[] = [];
  const visit = (cell: string) => {
    const code = codeOf(cell);
    if (code === null) return;
    for (const producer of neededCells(code)) {
      if (producer === id || out.includes(producer)) continue;
      out.push(producer);
      visit(producer);
    }
  };
  visit(id);
  return out;
}

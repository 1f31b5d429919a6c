// Renamed anchors keep working: a link to an old id scrolls to the anchor it
// became. The table is anchor-aliases.json, shared with the build-time anchor
// check (scripts/anchors.mjs).
import table from './anchor-aliases.json';

export type AliasTable = Record<string, Record<string, string>>;

/** The table without its comment entry. */
export function aliasTable(raw: Record<string, unknown> = table): AliasTable {
  const out: AliasTable = {};
  for (const [page, entries] of Object.entries(raw)) {
    if (page.startsWith('$') || typeof entries !== 'object' || entries === null) continue;
    out[page] = { ...(entries as Record<string, string>) };
  }
  return out;
}

/** The page path relative to the site's base, always with a leading and trailing slash. */
export function pageKey(pathname: string, base: string): string {
  const trimmedBase = base.endsWith('/') ? base : `${base}/`;
  let rest = pathname.startsWith(trimmedBase) ? pathname.slice(trimmedBase.length) : pathname.replace(/^\//, '');
  rest = rest.replace(/index\.html$/, '');
  if (rest !== '' && !rest.endsWith('/')) rest += '/';
  return `/${rest}`;
}

/**
 * The id an old id now goes by on this page, following chains of renames
 * (a -> b -> c); null when there is no alias. A loop stops rather than hangs.
 */
export function resolveAlias(table: AliasTable, page: string, id: string): string | null {
  const entries = table[page];
  if (!entries) return null;
  let current = id;
  const seen = new Set<string>([id]);
  while (Object.hasOwn(entries, current)) {
    const next = entries[current]!;
    if (seen.has(next)) return null;
    seen.add(next);
    current = next;
  }
  return current === id ? null : current;
}

// @ts-check
// The published anchors of the built site (headings, cells, figures), and the
// check that none of the committed ones has disappeared. Courses link to these
// ids, so removing or renaming one must be a visible decision: change
// anchors.json in the same commit (npm run anchors -- --update), or keep the
// old id alive with an alias (src/components/links/anchor-aliases.json).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** @typedef {{ headings: string[]; cells: string[]; figures: string[] }} PageAnchors */
/** @typedef {Record<string, PageAnchors>} AnchorList */
/** @typedef {Record<string, Record<string, string>>} AliasTable */

export const LIST_PATH = new URL('./anchors.json', import.meta.url);
export const ALIASES_PATH = new URL('../../src/components/links/anchor-aliases.json', import.meta.url);

/** Starlight's own ids (page top, table of contents, search): not the guide's anchors. */
const STARLIGHT_ID = /^(_top$|starlight__)/;

/** @param {string} attrs @returns {Record<string, string>} */
function parseAttributes(attrs) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const m of attrs.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out[(m[1] ?? '').toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return out;
}

/** @param {string} s */
function decodeEntities(s) {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * The anchors one page publishes, and every id that occurs more than once on it.
 * @param {string} html
 * @returns {{ anchors: PageAnchors; allIds: Set<string>; duplicates: string[] }}
 */
export function anchorsOfHtml(html) {
  /** @type {PageAnchors} */
  const anchors = { headings: [], cells: [], figures: [] };
  const allIds = new Set();
  /** @type {Set<string>} */
  const duplicates = new Set();
  const body = html.replace(/<script[\s\S]*?<\/script>/gi, '').replace(/<style[\s\S]*?<\/style>/gi, '');
  for (const m of body.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>/g)) {
    const tag = (m[1] ?? '').toLowerCase();
    const attrs = parseAttributes(m[2] ?? '');
    if (attrs.id === undefined) continue;
    const id = decodeEntities(attrs.id);
    if (allIds.has(id)) duplicates.add(id);
    allIds.add(id);
    if (STARLIGHT_ID.test(id)) continue;
    if (/^h[1-6]$/.test(tag)) anchors.headings.push(id);
    else if (tag === 'section' && 'data-cell' in attrs) anchors.cells.push(id);
    else if (tag === 'figure' && /\bkit-figure\b/.test(attrs.class ?? '')) anchors.figures.push(id);
  }
  return { anchors, allIds, duplicates: [...duplicates] };
}

/**
 * Every page of a built site: its path from the base (leading and trailing
 * slash), read from dist/<path>/index.html.
 * @param {string} dir
 * @returns {Map<string, string>} page path -> HTML
 */
export function builtPages(dir) {
  /** @type {Map<string, string>} */
  const pages = new Map();
  /** @param {string} folder */
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === '_astro' || entry.name === 'pagefind' || entry.name === 'data') continue;
        // Embed pages repeat one element of a chapter each; the chapter publishes its anchors.
        if (folder === dir && entry.name === 'embed') continue;
        walk(path);
      } else if (entry.name === 'index.html') {
        const rel = relative(dir, folder).split(sep).join('/');
        pages.set(rel === '' ? '/' : `/${rel}/`, readFileSync(path, 'utf8'));
      }
    }
  };
  walk(dir);
  return pages;
}

/** @param {string} dir @returns {{ list: AnchorList; ids: Map<string, Set<string>>; duplicates: string[] }} */
export function collectAnchors(dir) {
  /** @type {AnchorList} */
  const list = {};
  /** @type {Map<string, Set<string>>} */
  const ids = new Map();
  /** @type {string[]} */
  const duplicates = [];
  for (const [page, html] of [...builtPages(dir)].sort(([a], [b]) => a.localeCompare(b))) {
    const found = anchorsOfHtml(html);
    ids.set(page, found.allIds);
    for (const d of found.duplicates) if (!STARLIGHT_ID.test(d)) duplicates.push(`${page}#${d}`);
    const { headings, cells, figures } = found.anchors;
    if (headings.length + cells.length + figures.length > 0) list[page] = found.anchors;
  }
  return { list, ids, duplicates };
}

/** @param {Record<string, unknown>} raw @returns {AliasTable} */
export function aliasTableOf(raw) {
  /** @type {AliasTable} */
  const out = {};
  for (const [page, entries] of Object.entries(raw)) {
    if (!page.startsWith('$') && entries && typeof entries === 'object')
      out[page] = /** @type {Record<string, string>} */ (entries);
  }
  return out;
}

/**
 * What is wrong with a build against the committed list: anchors that are
 * gone (unless an alias leads from them to an anchor that exists), aliases
 * that lead nowhere, ids used twice on a page; and, for information, anchors
 * the list does not hold yet.
 * @param {AnchorList} committed
 * @param {Map<string, Set<string>>} ids every id of every built page
 * @param {AliasTable} aliases
 * @param {string[]} duplicates
 * @param {AnchorList} built
 */
export function compareAnchors(committed, ids, aliases, duplicates, built) {
  /** @type {string[]} */
  const errors = [];
  /** @param {string} page @param {string} id */
  const resolves = (page, id) => {
    const pageIds = ids.get(page);
    if (!pageIds) return false;
    let current = id;
    const seen = new Set([id]);
    while (!pageIds.has(current)) {
      const next = aliases[page]?.[current];
      if (next === undefined || seen.has(next)) return false;
      seen.add(next);
      current = next;
    }
    return true;
  };
  for (const [page, kinds] of Object.entries(committed)) {
    for (const id of [...kinds.headings, ...kinds.cells, ...kinds.figures]) {
      if (!resolves(page, id)) errors.push(`anchor gone: ${page}#${id}`);
    }
  }
  for (const [page, entries] of Object.entries(aliases)) {
    for (const [from, to] of Object.entries(entries)) {
      if (!resolves(page, to)) errors.push(`alias leads nowhere: ${page}#${from} -> #${to}`);
    }
  }
  for (const d of duplicates) errors.push(`id used twice on one page: ${d}`);
  /** @type {string[]} */
  const unlisted = [];
  for (const [page, kinds] of Object.entries(built)) {
    const listed = committed[page];
    const known = new Set(listed ? [...listed.headings, ...listed.cells, ...listed.figures] : []);
    for (const id of [...kinds.headings, ...kinds.cells, ...kinds.figures]) if (!known.has(id)) unlisted.push(`${page}#${id}`);
  }
  return { errors, unlisted };
}

/** @param {AnchorList} list */
export function serializeList(list) {
  return `${JSON.stringify(list, null, 2)}\n`;
}

export function readCommitted() {
  return existsSync(LIST_PATH) ? /** @type {AnchorList} */ (JSON.parse(readFileSync(LIST_PATH, 'utf8'))) : {};
}

export function readAliases() {
  return aliasTableOf(JSON.parse(readFileSync(ALIASES_PATH, 'utf8')));
}

/**
 * Checks a build; returns the lines to print and whether it passed.
 * @param {string} dir
 */
export function checkBuild(dir) {
  const { list, ids, duplicates } = collectAnchors(dir);
  const { errors, unlisted } = compareAnchors(readCommitted(), ids, readAliases(), duplicates, list);
  return { ok: errors.length === 0, errors, unlisted, list };
}

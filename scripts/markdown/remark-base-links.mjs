// @ts-check
// Relative links between chapters (`../pooling/#global-average-pooling`) become
// absolute links under the site's base at build time. Authors keep writing
// relative links; the built pages work under any base path, and
// starlight-links-validator, which checks absolute links only, sees every
// internal link (page and heading) and fails the build on a broken one.
import { posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS = fileURLToPath(new URL('../../src/content/docs/', import.meta.url));

/**
 * The URL path (from the base) of a docs file: guide/pooling.mdx -> /guide/pooling/, index.mdx -> /.
 * @param {string} file
 */
export function pagePathOf(file) {
  const rel = relative(DOCS, file).split(sep).join('/');
  const withoutExt = rel.replace(/\.(md|mdx)$/, '');
  const path = withoutExt === 'index' ? '' : withoutExt.replace(/\/index$/, '');
  return path === '' ? '/' : `/${path}/`;
}

/**
 * @param {string} url a link as written
 * @param {string} page the page's path from the base
 * @param {string} base the site's base, e.g. / or /course/
 */
export function absoluteUnderBase(url, page, base) {
  if (!/^\.\.?\//.test(url)) return url;
  const hashAt = url.search(/[?#]/);
  const path = hashAt === -1 ? url : url.slice(0, hashAt);
  const tail = hashAt === -1 ? '' : url.slice(hashAt);
  let resolved = posix.normalize(posix.join(page, path));
  if (path.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
  const prefix = base.endsWith('/') ? base.slice(0, -1) : base;
  return `${prefix}${resolved}${tail}`;
}

/** @param {{ base?: string }} [options] */
export default function remarkBaseLinks(options = {}) {
  const base = options.base ?? '/';
  /** @param {any} tree @param {any} file */
  return (tree, file) => {
    const path = file.path ?? file.history?.[0];
    if (!path || !path.startsWith(DOCS)) return;
    const page = pagePathOf(path);
    /** @param {any} node */
    const visit = (node) => {
      if ((node.type === 'link' || node.type === 'definition') && typeof node.url === 'string') {
        node.url = absoluteUnderBase(node.url, page, base);
      }
      if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'a') {
        for (const attr of node.attributes ?? []) {
          if (attr.name === 'href' && typeof attr.value === 'string') attr.value = absoluteUnderBase(attr.value, page, base);
        }
      }
      if (Array.isArray(node.children)) node.children.forEach(visit);
    };
    visit(tree);
  };
}

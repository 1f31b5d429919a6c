// The anchor list check, the alias table and the build's link rewriting.
import { describe, expect, it } from 'vitest';
import { anchorsOfHtml, compareAnchors, readAliases, readCommitted } from '../../scripts/anchors/anchors.mjs';
import { absoluteUnderBase, pagePathOf } from '../../scripts/markdown/remark-base-links.mjs';
import { aliasTable, pageKey, resolveAlias } from '../../src/components/links/anchor-aliases.ts';
import { anchorUrl } from '../../src/components/links/copy-link.ts';

const page = (headings: string[], cells: string[] = [], figures: string[] = []) => ({ headings, cells, figures });

describe('anchorsOfHtml', () => {
  it('finds headings, cells and figures, and skips Starlight ids', () => {
    const html = `<h1 id="_top">T</h1><h2 id="starlight__overview">x</h2><h2 id="a-b">A</h2>
      <section class="cell" data-cell="train" id="train"></section>
      <figure class="kit-figure not-content" id="kernel-playground"></figure>
      <figure id="plain"></figure><div id="other"></div>`;
    const { anchors, allIds, duplicates } = anchorsOfHtml(html);
    expect(anchors).toEqual(page(['a-b'], ['train'], ['kernel-playground']));
    expect(allIds.has('other')).toBe(true);
    expect(duplicates).toEqual([]);
  });
  it('reports an id used twice', () => {
    expect(anchorsOfHtml('<h2 id="x"></h2><figure class="kit-figure" id="x"></figure>').duplicates).toEqual(['x']);
  });
});

describe('compareAnchors', () => {
  const committed = { '/p/': page(['intro', 'old'], ['cell-a']) };
  it('fails when a committed anchor is gone', () => {
    const ids = new Map([['/p/', new Set(['intro'])]]);
    const { errors } = compareAnchors(committed, ids, {}, [], { '/p/': page(['intro']) });
    expect(errors).toEqual(['anchor gone: /p/#old', 'anchor gone: /p/#cell-a']);
  });
  it('accepts a gone anchor that an alias leads to an existing one, through a chain', () => {
    const ids = new Map([['/p/', new Set(['intro', 'newest', 'cell-a'])]]);
    const aliases = { '/p/': { old: 'newer', newer: 'newest' } };
    const { errors, unlisted } = compareAnchors(committed, ids, aliases, [], { '/p/': page(['intro', 'newest'], ['cell-a']) });
    expect(errors).toEqual([]);
    expect(unlisted).toEqual(['/p/#newest']);
  });
  it('fails on an alias that leads nowhere and on a loop', () => {
    const ids = new Map([['/p/', new Set(['intro', 'cell-a', 'old'])]]);
    const { errors } = compareAnchors(committed, ids, { '/p/': { gone: 'missing', a: 'b', b: 'a' } }, [], {});
    expect(errors).toEqual([
      'alias leads nowhere: /p/#gone -> #missing',
      'alias leads nowhere: /p/#a -> #b',
      'alias leads nowhere: /p/#b -> #a',
    ]);
  });
  it('fails when a whole page is gone', () => {
    expect(compareAnchors(committed, new Map(), {}, [], {}).errors).toHaveLength(3);
  });
});

describe('the committed files', () => {
  it('every alias starts from an id the list no longer holds or never held, and leads to a listed anchor', () => {
    const list = readCommitted();
    for (const [p, entries] of Object.entries(readAliases())) {
      const listed = list[p];
      expect(listed, p).toBeDefined();
      const all = new Set([...listed!.headings, ...listed!.cells, ...listed!.figures]);
      for (const [from, to] of Object.entries(entries)) {
        expect(all.has(from), `${p}#${from} is still an anchor`).toBe(false);
        expect(all.has(resolveAlias(aliasTable(), p, from)!), `${p}#${from} -> ${to}`).toBe(true);
      }
    }
  });
});

describe('aliases in the page', () => {
  const table = { '/guide/x/': { a: 'b', b: 'c', loop1: 'loop2', loop2: 'loop1' } };
  it('follows a chain to the current id', () => {
    expect(resolveAlias(table, '/guide/x/', 'a')).toBe('c');
    expect(resolveAlias(table, '/guide/x/', 'c')).toBeNull();
    expect(resolveAlias(table, '/guide/y/', 'a')).toBeNull();
    expect(resolveAlias(table, '/guide/x/', 'loop1')).toBeNull();
  });
  it('keys pages from the base', () => {
    expect(pageKey('/course/guide/convolution/', '/course/')).toBe('/guide/convolution/');
    expect(pageKey('/guide/convolution/', '/')).toBe('/guide/convolution/');
    expect(pageKey('/course/', '/course')).toBe('/');
    expect(pageKey('/guide/pooling', '/')).toBe('/guide/pooling/');
  });
  it('drops the comment entry of the table', () => {
    expect(Object.keys(aliasTable({ $comment: 'x', '/p/': { a: 'b' } }))).toEqual(['/p/']);
  });
  it('a copied link is the page without query, plus the anchor', () => {
    expect(anchorUrl({ origin: 'https://e.org', pathname: '/course/guide/pooling/' }, 'pooling-shift')).toBe(
      'https://e.org/course/guide/pooling/#pooling-shift',
    );
  });
});

describe('remark-base-links', () => {
  it('maps docs files to page paths', () => {
    const docs = new URL('../../src/content/docs/', import.meta.url).pathname;
    expect(pagePathOf(`${docs}guide/pooling.mdx`)).toBe('/guide/pooling/');
    expect(pagePathOf(`${docs}index.mdx`)).toBe('/');
    expect(pagePathOf(`${docs}credits.mdx`)).toBe('/credits/');
  });
  it('makes relative links absolute under the base and leaves others alone', () => {
    expect(absoluteUnderBase('../convolution/#kernel', '/guide/pooling/', '/course/')).toBe('/course/guide/convolution/#kernel');
    expect(absoluteUnderBase('./#x', '/guide/pooling/', '/')).toBe('/guide/pooling/#x');
    expect(absoluteUnderBase('../', '/404/', '/')).toBe('/');
    expect(absoluteUnderBase('https://pytorch.org/', '/guide/pooling/', '/')).toBe('https://pytorch.org/');
    expect(absoluteUnderBase('#here', '/guide/pooling/', '/')).toBe('#here');
    expect(absoluteUnderBase('/guide/x/', '/guide/pooling/', '/course/')).toBe('/guide/x/');
  });
});

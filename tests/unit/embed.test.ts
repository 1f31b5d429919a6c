// Embed pages: which exist, what a cell's embed must include, what is cut out
// of a chapter's HTML, the height messages, and that the offline precache and
// the anchor check leave them out.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import anchors from '../../scripts/anchors/anchors.json';
import { builtPages } from '../../scripts/anchors/anchors.mjs';
import { precacheEntries } from '../../src/offline/precache.mjs';
import { cellsToRunFirst, embedRoutes, entryOfPage, neededCells } from '../../src/components/embed/embed-routes.ts';
import { extractEmbed } from '../../src/components/embed/extract-embed.ts';
import { heightMessage, isEmbedHeightMessage, watchHeight } from '../../src/components/embed/embed-height.ts';

describe('embed routes', () => {
  it('one per listed cell and figure, under embed/<page>/<id>, the landing page as index', () => {
    const routes = embedRoutes({
      '/': { headings: ['a'], cells: [], figures: ['stepper'] },
      '/guide/pooling/': { headings: ['h'], cells: ['run-me'], figures: ['windows', 'shift'] },
      '/credits/': { headings: ['licences'], cells: [], figures: [] },
    });
    expect(routes.map((r) => [r.path, r.kind, r.page, r.entry])).toEqual([
      ['embed/index/stepper', 'figure', '/', 'index'],
      ['embed/guide/pooling/run-me', 'cell', '/guide/pooling/', 'guide/pooling'],
      ['embed/guide/pooling/windows', 'figure', '/guide/pooling/', 'guide/pooling'],
      ['embed/guide/pooling/shift', 'figure', '/guide/pooling/', 'guide/pooling'],
    ]);
  });

  it('refuses an id listed twice on a page (two embeds at one path)', () => {
    expect(() => embedRoutes({ '/guide/x/': { headings: [], cells: ['same'], figures: ['same'] } })).toThrow(/listed twice/);
  });

  it('covers every cell and figure of the committed anchor list', () => {
    const routes = embedRoutes(anchors);
    const expected = Object.values(anchors).reduce((n, page) => n + page.cells.length + page.figures.length, 0);
    expect(routes).toHaveLength(expected);
    expect(routes.length).toBeGreaterThan(10);
    expect(entryOfPage('/guide/pooling/')).toBe('guide/pooling');
  });
});

describe('cells an embed must include', () => {
  it("reads session.need's producer, with or without a type argument, once each", () => {
    const code = [
      "const model = session.need<tf.LayersModel>('model', 'load-pretrained');",
      'const data = session.need("data", "load-pretrained");',
      "const other = session .need( 'x' , `make-x` );",
      "const maybe = session.get('biasedAccuracy');",
    ].join('\n');
    expect(neededCells(code)).toEqual(['load-pretrained', 'make-x']);
  });

  it('follows needs transitively, stops at unknown cells and at cycles', () => {
    const cells: Record<string, string> = {
      c: "session.need('m', 'b');",
      b: "session.need('d', 'a'); session.need('loop', 'c');",
      a: '',
    };
    expect(cellsToRunFirst('c', (id) => cells[id] ?? null).sort()).toEqual(['a', 'b']);
    expect(cellsToRunFirst('a', (id) => cells[id] ?? null)).toEqual([]);
    expect(cellsToRunFirst('z', (id) => cells[id] ?? null)).toEqual([]);
  });
});

describe('extractEmbed', () => {
  const loader = '<script>window.loader = 1;</script><style>astro-island{display:contents}</style>';
  const chapter = [
    '<h2 id="intro">Intro</h2><p>Prose.</p>',
    `<div class="wrap">${loader}<astro-island uid="1" ssr=""><!--[--><section class="cell" data-cell="maker" id="maker"><header><h3 id="maker-title"><a href="#maker">Make it</a></h3></header></section><!--]--></astro-island></div>`,
    '<p>More prose.</p>',
    '<figure class="kit-figure" id="static-fig"><table></table><figcaption> A   static\n figure </figcaption></figure>',
    '<astro-island uid="2" ssr=""><!--[--><section class="cell" data-cell="user" id="user"><h3 id="user-title">Use it</h3></section><!--]--></astro-island>',
  ].join('\n');

  it("keeps the element's whole island, with Svelte's markers, and the loader that came before the first island", () => {
    const { html, title, missing } = extractEmbed(chapter, 'user');
    expect(title).toBe('Use it');
    expect(missing).toEqual([]);
    expect(html).toContain('<astro-island uid="2" ssr=""><!--[--><section');
    expect(html).toContain('<!--]--></astro-island>');
    expect(html).toContain('window.loader = 1;');
    expect(html).toContain('astro-island{display:contents}');
    expect(html).not.toContain('Prose');
    expect(html).not.toContain('data-cell="maker"');
    expect(html).not.toContain('static-fig');
    expect(html.indexOf('window.loader')).toBeLessThan(html.indexOf('<astro-island'));
  });

  it('keeps the cells it needs, in page order, inside the elements that hold them', () => {
    const { html, missing } = extractEmbed(chapter, 'user', ['maker', 'gone']);
    expect(missing).toEqual(['gone']);
    expect(html).toContain('<div class="wrap"><astro-island uid="1"');
    expect(html.indexOf('id="maker"')).toBeLessThan(html.indexOf('id="user"'));
    expect(html).not.toContain('More prose');
  });

  it('keeps a figure rendered at build time by itself, titled by its caption', () => {
    const { html, title } = extractEmbed(chapter, 'static-fig');
    expect(title).toBe('A static figure');
    expect(html).toContain('<figure class="kit-figure" id="static-fig">');
    expect(html).not.toContain('astro-island uid');
  });

  it('fails loudly when the chapter no longer has the element', () => {
    expect(() => extractEmbed(chapter, 'renamed')).toThrow(/no element with id "renamed"/);
  });
});

describe('height messages', () => {
  it('are whole pixels and tagged, and a host can tell them from other messages', () => {
    const message = heightMessage('embed/guide/pooling/windows', 412.2);
    expect(message).toEqual({ type: 'cnn-guide:embed-height', embed: 'embed/guide/pooling/windows', height: 413 });
    expect(isEmbedHeightMessage(message)).toBe(true);
    expect(heightMessage('x', -5).height).toBe(0);
    for (const other of [
      null,
      'cnn-guide:embed-height',
      { type: 'other', embed: 'x', height: 1 },
      { ...message, height: NaN },
      { ...message, height: -1 },
      { ...message, embed: 3 },
    ])
      expect(isEmbedHeightMessage(other)).toBe(false);
  });

  it('watchHeight posts now and on each change of a whole pixel, and stops when asked', () => {
    const observers: { callback: () => void; disconnected: boolean }[] = [];
    class FakeResizeObserver {
      entry: { callback: () => void; disconnected: boolean };
      constructor(callback: () => void) {
        this.entry = { callback, disconnected: false };
        observers.push(this.entry);
      }
      observe() {}
      disconnect() {
        this.entry.disconnected = true;
      }
    }
    const saved = globalThis.ResizeObserver;
    globalThis.ResizeObserver = FakeResizeObserver as unknown as typeof ResizeObserver;
    try {
      let height = 300.4;
      const element = { getBoundingClientRect: () => ({ height }) } as unknown as Element;
      const posted: number[] = [];
      const stop = watchHeight(element, (h) => posted.push(h));
      observers[0]!.callback();
      height = 300.9;
      observers[0]!.callback();
      height = 520;
      observers[0]!.callback();
      expect(posted).toEqual([301, 520]);
      stop();
      expect(observers[0]!.disconnected).toBe(true);
    } finally {
      globalThis.ResizeObserver = saved;
    }
  });
});

describe('embed pages in the build', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('are neither precached for offline reading nor read by the anchor check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'embeds-'));
    dirs.push(dir);
    for (const path of ['index.html', 'guide/pooling/index.html', 'embed/guide/pooling/windows/index.html']) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), '<figure class="kit-figure" id="windows"></figure>');
    }
    expect(precacheEntries(dir).map((entry) => entry.url)).toEqual(['guide/pooling/', './']);
    expect([...builtPages(dir).keys()].sort()).toEqual(['/', '/guide/pooling/']);
  });
});

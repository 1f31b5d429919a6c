// Starlight route middleware: the sidebar numbers the guide's chapters in
// reading order and marks the ones with runnable cells, from the content
// collection, so a new chapter gets both by itself.
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { chapters } from '../syllabus/chapters.ts';

type SidebarEntry = App.Locals['starlightRoute']['sidebar'][number];

export const onRequest = defineRouteMiddleware(async (context) => {
  const list = await chapters();
  const bySlug = new Map(list.map((c, i) => [c.slug, { ...c, number: i + 1 }]));
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  const visit = (entries: SidebarEntry[]) => {
    for (const entry of entries) {
      if (entry.type === 'group') {
        visit(entry.entries);
        continue;
      }
      const slug = decodeURI(entry.href).replace(base, '').replace(/\/$/, '');
      const chapter = bySlug.get(slug);
      if (!chapter) continue;
      entry.label = `${chapter.number}. ${entry.label}`;
      if (chapter.cells > 0 && !entry.badge) {
        entry.badge = { text: 'runs', variant: 'tip' };
        entry.attrs = { ...entry.attrs, title: `${chapter.cells} runnable cell${chapter.cells === 1 ? '' : 's'}` };
      }
    }
  };
  visit(context.locals.starlightRoute.sidebar);
});

// Starlight route middleware: a page with formulas preloads KaTeX's two main
// fonts (upright and italic maths), which nearly every formula uses. Found only
// when layout first meets a formula, they arrived after the page's first full
// layout and laid its text out a second time (a long task on a slow phone) and,
// where a formula opens the page, shifted it (Lighthouse: "Web font loaded").
// A page has formulas when its source has remark-math's `$` delimiter.
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import mainRegular from 'katex/dist/fonts/KaTeX_Main-Regular.woff2?url';
import mathItalic from 'katex/dist/fonts/KaTeX_Math-Italic.woff2?url';

export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  if (!route.entry.body?.includes('$')) return;
  for (const href of [mainRegular, mathItalic]) {
    route.head.push({
      tag: 'link',
      attrs: { rel: 'preload', href, as: 'font', type: 'font/woff2', crossorigin: '' },
      content: '',
    });
  }
});

// @ts-check
// A head script for every page: marks <html> with `skip-offscreen`, which lets
// src/styles/guide.css skip the style and layout of off-screen heavy blocks
// (content-visibility: auto), unless the page opens at an anchor. Blocks skipped
// above an anchor have an estimated height; they take their real one after the
// browser has scrolled to the anchor and would push it out of view. So the mark
// is left off when the address has a #fragment, and removed before any later
// jump to one (an in-page link, a changed hash), which then lands where it should.
// Inline and tiny, so it runs before the first layout; the Content-Security-Policy
// integration hashes it like any other inline script.
const SCRIPT = `(() => {
  const root = document.documentElement;
  if (location.hash) return;
  root.classList.add('skip-offscreen');
  const off = () => root.classList.remove('skip-offscreen');
  addEventListener('hashchange', off, { once: true });
  addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[href*="#"]') : null;
    if (a && a.hash && a.pathname === location.pathname) off();
  }, { capture: true });
})();`;

/** Starlight's `head` entry for the script. */
export const skipOffscreenHead = { tag: /** @type {const} */ ('script'), content: SCRIPT };

// A link to a renamed anchor's old id (#old) scrolls to the anchor it became
// and shows its current id in the address bar, on load and on every hash change.
// A figure's view link (#anchor?settings) is scrolled to its anchor too: the
// browser cannot find "anchor?settings" by itself, and a figure hydrates (and
// restores the settings) only once it is on screen.
import { aliasTable, pageKey, resolveAlias } from './anchor-aliases.ts';

function follow(base: string): void {
  const raw = window.location.hash.slice(1);
  if (!raw) return;
  const at = raw.indexOf('?');
  const view = at >= 0 ? raw.slice(at) : '';
  let id: string;
  try {
    id = decodeURIComponent(at >= 0 ? raw.slice(0, at) : raw);
  } catch {
    return; // A malformed hash (a stray %) names no anchor.
  }
  const own = document.getElementById(id);
  if (own) {
    if (view) own.scrollIntoView();
    return;
  }
  const current = resolveAlias(aliasTable(), pageKey(window.location.pathname, base), id);
  const target = current ? document.getElementById(current) : null;
  if (!target) return;
  history.replaceState(history.state, '', `#${encodeURIComponent(current!)}${view}`);
  target.scrollIntoView();
}

export function installAliases(base: string): void {
  window.addEventListener('hashchange', () => follow(base));
  follow(base);
}

// A link to a renamed anchor's old id (#old) scrolls to the anchor it became
// and shows its current id in the address bar, on load and on every hash change.
import { aliasTable, pageKey, resolveAlias } from './anchor-aliases.ts';

function follow(base: string): void {
  const raw = window.location.hash.slice(1);
  if (!raw) return;
  const id = decodeURIComponent(raw);
  if (document.getElementById(id)) return;
  const current = resolveAlias(aliasTable(), pageKey(window.location.pathname, base), id);
  const target = current ? document.getElementById(current) : null;
  if (!target) return;
  history.replaceState(history.state, '', `#${encodeURIComponent(current!)}`);
  target.scrollIntoView();
}

export function installAliases(base: string): void {
  window.addEventListener('hashchange', () => follow(base));
  follow(base);
}

// The "link to this" affordance of cells and figures. Each is a real link
// (<a href="#id" data-copy-link>), so it works with JavaScript off and can be
// right-clicked; with JavaScript, one delegated listener copies the full URL
// and says so in the link's own aria-live status, visibly and to screen readers.
// Delegation means figures rendered at build time (never hydrated) get it too.
import { copyToClipboard } from './clipboard.ts';

/** The URL of an anchor on the current page: the page without its query and hash, plus #id. */
export function anchorUrl(location: Pick<Location, 'origin' | 'pathname'>, id: string): string {
  return `${location.origin}${location.pathname}#${encodeURIComponent(id)}`;
}

const CLEAR_AFTER_MS = 4000;

function statusOf(link: HTMLElement): HTMLElement | null {
  const id = link.dataset.copyStatus;
  return id ? document.getElementById(id) : null;
}

async function onClick(event: MouseEvent): Promise<void> {
  const target = event.target as Element | null;
  const link = target?.closest<HTMLAnchorElement>('a[data-copy-link]');
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const id = link.dataset.copyLink!;
  const url = anchorUrl(window.location, id);
  history.replaceState(history.state, '', `#${encodeURIComponent(id)}`);
  const copied = await copyToClipboard(url);
  const status = statusOf(link);
  if (!status) return;
  status.textContent = copied ? 'Link copied.' : `Copy this link: ${url}`;
  window.setTimeout(() => {
    if (status.textContent?.startsWith('Link copied')) status.textContent = '';
  }, CLEAR_AFTER_MS);
}

let installed = false;

/** Installs the one delegated listener (idempotent). */
export function installCopyLinks(): void {
  if (installed) return;
  installed = true;
  document.addEventListener('click', (event) => void onClick(event));
}

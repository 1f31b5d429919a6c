// `client:cell`, how a runnable cell's island hydrates (RunnableCell.astro):
// when it comes within half a screen of the view, not all with the page. A
// chapter has up to seven cells, each a large island (its highlighted code
// twice); hydrating them all at load was one long task that kept a phone's
// page from answering input (Lighthouse's total blocking time). Cells that
// share a run queue, data and a registry do not need each other hydrated:
// the queue and the worker live in the page's session (session-client.ts),
// and the registry hydrates a cell it is asked to run (cell-registry.ts).
//
// A cell also hydrates at once when something reaches it before it is seen:
// the address carries shared code for it (#code/<id>/…; restoring that code
// scrolls the page to the cell), the keyboard focus or a pointer enters it,
// or the registry sends HYDRATE_CELL_EVENT. A page opened at a cell's #anchor
// scrolls there, which is "seen".
import type { ClientDirective } from 'astro';
import { HYDRATE_CELL_EVENT } from './hydrate-event.ts';

/** Keys a tab list answers (the cell's TypeScript/PyTorch tabs), held like clicks before hydration. */
const TAB_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

/** A held click, or a held tab-list key, on the element now live. */
function replay(target: Element, key: string | null): void {
  if (!target.isConnected) return;
  if (key === null) {
    (target as HTMLElement).click();
    return;
  }
  (target as HTMLElement).focus();
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}

/** How far beyond the view a cell hydrates: a reader scrolling down finds its buttons working. */
const AHEAD = '50% 0px';

const hydrateCell: ClientDirective = (load, _options, island) => {
  let started = false;
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void hydrate();
    },
    { rootMargin: AHEAD },
  );
  const triggers = ['focusin', 'pointerdown', HYDRATE_CELL_EVENT] as const;

  // A click or key that reaches the server-rendered buttons before the island
  // is live (a pointer or focus starts hydration, which takes a moment) would
  // be lost: it is held and replayed on the same element once the cell runs.
  const held: Array<{ target: Element; key: string | null }> = [];
  let live = false;

  async function hydrate(): Promise<void> {
    if (started) return;
    started = true;
    observer.disconnect();
    for (const type of triggers) island.removeEventListener(type, onTrigger);
    try {
      const run = await load();
      await run();
    } finally {
      live = true;
      island.removeEventListener('click', hold, true);
      island.removeEventListener('keydown', hold, true);
      // Svelte's hydration keeps the server-rendered nodes, so the held targets are the live ones.
      for (const { target, key } of held.splice(0)) replay(target, key);
    }
  }
  function onTrigger(): void {
    void hydrate();
  }
  function hold(event: Event): void {
    if (live) return;
    const target = event.target instanceof Element ? event.target.closest('button, [role="tab"]') : null;
    if (target === null || !island.contains(target)) return;
    let key: string | null = null;
    if (event instanceof KeyboardEvent) {
      const activates = event.key === 'Enter' || event.key === ' ';
      const moves = target.getAttribute('role') === 'tab' && TAB_KEYS.has(event.key);
      if (!activates && !moves) return;
      key = activates ? null : event.key;
    }
    event.preventDefault();
    event.stopPropagation();
    held.push({ target, key });
    void hydrate();
  }
  island.addEventListener('click', hold, true);
  island.addEventListener('keydown', hold, true);

  const id = island.querySelector('[data-cell]')?.id;
  if (id && location.hash.startsWith(`#code/${id}/`)) {
    void hydrate();
    return;
  }
  // The island itself is display: contents (no box); its children have one.
  for (const child of island.children) observer.observe(child);
  for (const type of triggers) island.addEventListener(type, onTrigger);
};

export default hydrateCell;

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

  async function hydrate(): Promise<void> {
    if (started) return;
    started = true;
    observer.disconnect();
    for (const type of triggers) island.removeEventListener(type, onTrigger);
    const run = await load();
    await run();
  }
  function onTrigger(): void {
    void hydrate();
  }

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

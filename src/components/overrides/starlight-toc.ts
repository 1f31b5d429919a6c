// Starlight's table-of-contents element (`starlight-toc`, and the base class of
// its `mobile-starlight-toc`), put in place of Starlight's own module by
// scripts/light-toc.mjs; the markup and styles stay Starlight's.
//
// Same job: the link of the section being read gets aria-current (the mobile
// table also shows its text). Starlight's version finds that section with an
// IntersectionObserver on every block of <main>, picked by one selector with
// `:has()` and `~ *` over the whole page; on a chapter whose KaTeX makes
// thousands of elements that query alone is a 100 ms task for each of the two
// tables (400 ms each at Lighthouse's 4x slower CPU). This one reads the
// position of the headings the table links to, at most once a frame while the
// page scrolls: the current section is the last listed heading that starts
// above Starlight's reading line (below the header, plus its 2rem + 53px band).

/** Starlight's id of the page title, the target of the table's "Overview" link. */
const PAGE_TITLE_ID = '_top';

interface Entry {
  heading: HTMLElement;
  link: HTMLAnchorElement;
}

export class StarlightTOC extends HTMLElement {
  private _current = this.querySelector<HTMLAnchorElement>('a[aria-current="true"]');

  protected set current(link: HTMLAnchorElement) {
    if (link === this._current) return;
    if (this._current) this._current.removeAttribute('aria-current');
    link.setAttribute('aria-current', 'true');
    this._current = link;
  }

  private onIdle = (cb: () => void) => (window.requestIdleCallback || ((f: () => void) => setTimeout(f, 1)))(cb);

  constructor() {
    super();
    this.onIdle(() => this.init());
  }

  private init = (): void => {
    const entries: Entry[] = [];
    for (const link of this.querySelectorAll('a')) {
      const id = decodeURIComponent(link.hash.slice(1));
      const heading = id ? document.getElementById(id) : null;
      if (heading) entries.push({ heading, link });
    }
    const first = entries[0];
    if (!first) return;
    let line = this.readingLine();
    let frame = 0;
    const update = (): void => {
      frame = 0;
      // Headings come in document order, so the first one below the line ends the search.
      let current = entries.find((e) => e.heading.id === PAGE_TITLE_ID) ?? first;
      for (const entry of entries) {
        if (entry.heading.getBoundingClientRect().top >= line) break;
        current = entry;
      }
      this.current = current.link;
    };
    const schedule = (): void => {
      if (frame === 0) frame = requestAnimationFrame(update);
    };
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', () => {
      line = this.readingLine();
      schedule();
    });
    update();
  };

  /** Where Starlight's observer band ends: header and mobile table heights, 2rem padding, then 53px. */
  private readingLine(): number {
    const navBarHeight = document.querySelector('header')?.getBoundingClientRect().height || 0;
    // `<summary>` only exists in the mobile table; 0 where it is hidden (wide screens).
    const mobileTocHeight = this.querySelector('summary')?.getBoundingClientRect().height || 0;
    return navBarHeight + mobileTocHeight + 32 + 53;
  }
}

customElements.define('starlight-toc', StarlightTOC);

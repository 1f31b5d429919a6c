// Registers the guide's service worker (offline reading, see service-worker.js)
// on every page of a built site, and says so when a new deploy's worker takes
// over: the page on screen is then the old version, and a reload shows the new.
// Only `astro build` injects this (integration.mjs): the dev server has no sw.js.
const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

// Styled through the CSSOM: Astro drops CSS imported by an injected script, and
// a Content-Security-Policy may refuse inline <style> but not this. Starlight's
// theme variables give both themes.
const NOTICE_STYLE: Partial<CSSStyleDeclaration> = {
  position: 'fixed',
  insetInlineEnd: '1rem',
  insetBlockEnd: '1rem',
  zIndex: '100',
  display: 'flex',
  gap: '0.75rem',
  alignItems: 'center',
  maxWidth: 'calc(100vw - 2rem)',
  padding: '0.75rem 1rem',
  border: '1px solid var(--sl-color-gray-5)',
  borderRadius: '0.5rem',
  background: 'var(--sl-color-bg-nav)',
  color: 'var(--sl-color-white)',
  boxShadow: 'var(--sl-shadow-md)',
  fontSize: 'var(--sl-text-sm)',
};
const BUTTON_STYLE: Partial<CSSStyleDeclaration> = {
  padding: '0.25rem 0.75rem',
  border: '0',
  borderRadius: '0.25rem',
  background: 'var(--sl-color-accent)',
  color: 'var(--sl-color-black)',
  font: 'inherit',
  fontWeight: '600',
  cursor: 'pointer',
};

/** A live region that exists before it is filled, so that screen readers announce the text. */
function createNotice(): HTMLElement {
  const notice = document.createElement('div');
  notice.className = 'offline-update-notice';
  notice.setAttribute('role', 'status');
  notice.hidden = true;
  document.body.append(notice);
  return notice;
}

function showUpdated(notice: HTMLElement): void {
  const text = document.createElement('span');
  text.textContent = 'This guide was updated.';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => location.reload());
  Object.assign(reload.style, BUTTON_STYLE);
  notice.replaceChildren(text, reload);
  Object.assign(notice.style, NOTICE_STYLE);
  notice.hidden = false;
}

// Not from an embed page: a cell or figure framed in a course platform must not
// download the whole guide for offline reading (embeds are not precached either).
const embedded = location.pathname.startsWith(`${base}embed/`);

if ('serviceWorker' in navigator && !embedded) {
  const notice = createNotice();
  // The first worker claiming a page is no update; a later change of controller is.
  let controlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (controlled) showUpdated(notice);
    controlled = true;
  });
  // `updateViaCache: 'none'`: a deploy is seen at the next navigation, whatever the host's cache headers.
  const register = () =>
    navigator.serviceWorker.register(`${base}sw.js`, { scope: base, updateViaCache: 'none' }).catch((error: unknown) => {
      // The guide works without it (private windows, blocked storage), only not offline.
      console.warn('Offline reading is unavailable:', error);
    });
  // After the page has loaded: the worker's precache (the whole site) then does
  // not compete with the page's own fonts, scripts and images on a slow link.
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}

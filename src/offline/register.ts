// Registers the guide's service worker (offline reading, see service-worker.js)
// on every page of a built site, and says so when a new deploy's worker takes
// over: the page on screen is then the old version, and a reload shows the new.
// Only `astro build` injects this (integration.mjs): the dev server has no sw.js.
import './update-notice.css';

const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

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
  notice.replaceChildren(text, reload);
  notice.hidden = false;
}

if ('serviceWorker' in navigator) {
  const notice = createNotice();
  // The first worker claiming a page is no update; a later change of controller is.
  let controlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (controlled) showUpdated(notice);
    controlled = true;
  });
  // `updateViaCache: 'none'`: a deploy is seen at the next navigation, whatever the host's cache headers.
  navigator.serviceWorker.register(`${base}sw.js`, { scope: base, updateViaCache: 'none' }).catch((error: unknown) => {
    // The guide works without it (private windows, blocked storage), only not offline.
    console.warn('Offline reading is unavailable:', error);
  });
}

// @ts-check
// Expressive Code's renderer, with its "scrollable code block" script changed in
// one place. That script gives a horizontally scrollable block tabindex="0" and
// role="region" (so a keyboard can scroll it) by reading each block's scrollWidth
// in one idle callback. Off-screen blocks skip layout (content-visibility, see
// src/styles/guide.css), so that read lays each out: on a chapter with many
// blocks, one 60 ms task (250 ms at Lighthouse's 4x slower CPU). Here the same
// checks run in slices of at most ~8 ms, one idle callback each, until all are
// done: the same attributes on the same blocks, without a long task.
// The build fails if Expressive Code's script no longer has the expected code.
import { createRenderer } from '@astrojs/starlight/expressive-code';

const WHOLE = 'n=u(()=>{t.forEach(o=>e(o)),t.clear()})';
const SLICED =
  'n=u(function k(){let w=performance.now();for(let o of t){t.delete(o),e(o);if(performance.now()-w>8)break}t.size&&(n=u(k))})';

/** Starlight's `expressiveCode.customCreateRenderer`. @type {typeof createRenderer} */
export async function createSlicedRenderer(options) {
  const renderer = await createRenderer(options);
  const modules = renderer.jsModules.map((code) => (code.includes(WHOLE) ? code.replace(WHOLE, SLICED) : code));
  if (modules.filter((code, i) => code !== renderer.jsModules[i]).length !== 1) {
    throw new Error('ec-sliced-tabindex: Expressive Code’s tabindex script changed; update scripts/ec-sliced-tabindex.mjs');
  }
  renderer.jsModules = modules;
  return renderer;
}

// @ts-check
// Expressive Code options, read by Starlight's integration and by its <Code> component
// (functions cannot go through astro.config.mjs for the latter).
import { defineEcConfig } from '@astrojs/starlight/expressive-code';
import { createSlicedRenderer } from './scripts/ec-sliced-tabindex.mjs';

export default defineEcConfig({
  // The scrollable-block check in short slices, not one long task (see the script).
  customCreateRenderer: createSlicedRenderer,
});

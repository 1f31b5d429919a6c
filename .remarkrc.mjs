// @ts-check
// The Markdown syntax the chapters use beyond MDX (the same plugins as
// astro.config.mjs), so ESLint's MDX parser reads the pages as Astro does.
import remarkMath from 'remark-math';
import remarkHeadingId from 'remark-custom-heading-id';

export default { plugins: [remarkMath, remarkHeadingId] };

// Every third-party asset the site ships, with its licence: the one source of
// the credits page (src/content/docs/credits.mdx). A test checks that each
// file under public/data is covered by an entry here or is the project's own,
// so adding a dataset, photo or cut-out means appending an entry.

export interface Credit {
  /** What it is, as a reader would name it. */
  title: string;
  /** Who made it. */
  author: string;
  /** Where it comes from (a URL). */
  source: string;
  licence: string;
  licenceUrl: string;
  /** Paths under public/ (a folder ends with /) that hold it. */
  files: string[];
  /** Where the guide uses it. */
  usedIn: string;
  /** What was changed, or the citation asked for. */
  note?: string;
}

export interface Software {
  name: string;
  source: string;
  licence: string;
  /** What it does in the reader's browser. */
  role: string;
}

/** Datasets, photos, images and cut-outs. Append yours. */
export const credits: Credit[] = [
  {
    title: 'Fashion-MNIST',
    author: 'Han Xiao, Kashif Rasul, Roland Vollgraf (Zalando Research)',
    source: 'https://github.com/zalandoresearch/fashion-mnist',
    licence: 'MIT',
    licenceUrl: 'https://github.com/zalandoresearch/fashion-mnist/blob/master/LICENSE',
    files: ['data/fashion-mnist/'],
    usedIn: 'Every training cell, the augmentation figure and the shipped SimpleCNN weights.',
    note: 'A subset repacked by scripts/prepare-data.mjs. Cite: Xiao, Rasul, Vollgraf, “Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms”, arXiv:1708.07747, 2017.',
  },
  {
    title: 'Chelsea the cat (scikit-image sample)',
    author: 'Stefan van der Walt',
    source: 'https://github.com/scikit-image/scikit-image/tree/main/skimage/data',
    licence: 'CC0 1.0',
    licenceUrl: 'https://creativecommons.org/publicdomain/zero/1.0/',
    files: ['data/images/chelsea.png'],
    usedIn: 'The kernel playground and other convolution figures.',
    note: 'Grayscale, long side 256 px (scripts/prepare-images.py).',
  },
  {
    title: 'Cameraman (scikit-image sample)',
    author: 'Lav Varshney',
    source: 'https://github.com/scikit-image/scikit-image/tree/main/skimage/data',
    licence: 'CC0 1.0',
    licenceUrl: 'https://creativecommons.org/publicdomain/zero/1.0/',
    files: ['data/images/camera.png'],
    usedIn: 'The pixel-shuffle figure of “Why CNNs” and the kernel playground.',
    note: 'Grayscale, 256 × 256 (scripts/prepare-images.py).',
  },
  {
    title: 'Animal cut-outs: cow, white cow, bull, zebu, camel, dromedary (Tux Paint stamps)',
    author: 'Bill Kendrick and the Tux Paint contributors',
    source: 'https://tuxpaint.org/ (Debian package tuxpaint-stamps-default)',
    licence: 'GPL-2.0',
    licenceUrl: 'https://www.gnu.org/licenses/old-licenses/gpl-2.0.html',
    files: ['data/bias/assets.u8', 'data/bias/manifest.json', 'data/bias/LICENSE.md'],
    usedIn: '“When the network learns the background”: the generated cows-and-camels scenes.',
    note: 'Shrunk to at most 40 px and stored as raw RGBA in assets.u8 (scripts/prepare-bias.py); sources: apt-get source tuxpaint-stamps.',
  },
  {
    title: 'GreenMeadow (grass background, MATE backgrounds)',
    author: 'Timothy Schellhase (2005), Lapo Calamandrei (2008)',
    source: 'https://github.com/mate-desktop/mate-backgrounds (Debian package mate-backgrounds)',
    licence: 'GPL-2.0-or-later',
    licenceUrl: 'https://www.gnu.org/licenses/old-licenses/gpl-2.0.html',
    files: ['data/bias/assets.u8'],
    usedIn: '“When the network learns the background”: the grass backgrounds.',
    note: 'Shrunk to 160 × 128 and stored raw in assets.u8.',
  },
  {
    title: 'Dune (dune-grass background, MATE backgrounds)',
    author: 'Marco Cogoni (2007), Hylke Bons (2008)',
    source: 'https://github.com/mate-desktop/mate-backgrounds (Debian package mate-backgrounds)',
    licence: 'GPL-2.0-or-later',
    licenceUrl: 'https://www.gnu.org/licenses/old-licenses/gpl-2.0.html',
    files: ['data/bias/assets.u8'],
    usedIn: '“When the network learns the background”: the dune backgrounds.',
    note: 'Lower part cropped, shrunk to 210 × 72 and stored raw in assets.u8.',
  },
  {
    title: 'A cow on pasture (photograph)',
    author: 'Dohduhdah',
    source: 'https://commons.wikimedia.org/ (via GCompris, Debian package gcompris-qt-data)',
    licence: 'Public domain',
    licenceUrl: 'https://creativecommons.org/publicdomain/mark/1.0/',
    files: ['data/bias/photos/cow.webp'],
    usedIn: '“When the network learns the background”: real photographs.',
    note: 'Long side shrunk to 320 px, WebP (scripts/prepare-bias.py).',
  },
  {
    title: 'Sheep on grass (photograph)',
    author: 'Rob Mitchell',
    source: 'https://commons.wikimedia.org/ (via GCompris, Debian package gcompris-qt-data)',
    licence: 'CC0 1.0',
    licenceUrl: 'https://creativecommons.org/publicdomain/zero/1.0/',
    files: ['data/bias/photos/sheep.webp'],
    usedIn: '“When the network learns the background”: real photographs.',
    note: 'Long side shrunk to 320 px, WebP (scripts/prepare-bias.py).',
  },
  {
    title: 'Horses on a meadow (photograph)',
    author: 'Seth Zeigler',
    source: 'https://commons.wikimedia.org/ (via GCompris, Debian package gcompris-qt-data)',
    licence: 'CC0 1.0',
    licenceUrl: 'https://creativecommons.org/publicdomain/zero/1.0/',
    files: ['data/bias/photos/horse.webp'],
    usedIn: '“When the network learns the background”: real photographs.',
    note: 'Long side shrunk to 320 px, WebP (scripts/prepare-bias.py).',
  },
  {
    title: 'Bison on grass (photograph)',
    author: 'Kurt Kaiser',
    source: 'https://commons.wikimedia.org/ (via GCompris, Debian package gcompris-qt-data)',
    licence: 'CC0 1.0',
    licenceUrl: 'https://creativecommons.org/publicdomain/zero/1.0/',
    files: ['data/bias/photos/bison.webp'],
    usedIn: '“When the network learns the background”: real photographs.',
    note: 'Long side shrunk to 320 px, WebP (scripts/prepare-bias.py).',
  },
  {
    title: 'A polar bear on snow (photograph)',
    author: 'anonymous',
    source: 'https://commons.wikimedia.org/ (via GCompris, Debian package gcompris-qt-data)',
    licence: 'Public domain',
    licenceUrl: 'https://creativecommons.org/publicdomain/mark/1.0/',
    files: ['data/bias/photos/polar_bear.webp'],
    usedIn: '“When the network learns the background”: real photographs.',
    note: 'Long side shrunk to 320 px, WebP (scripts/prepare-bias.py).',
  },
  {
    title: 'A giraffe (photograph)',
    author: 'Mike and Lara Wolfe',
    source: 'https://commons.wikimedia.org/ (via GCompris, Debian package gcompris-qt-data)',
    licence: 'CC0 1.0',
    licenceUrl: 'https://creativecommons.org/publicdomain/zero/1.0/',
    files: ['data/bias/photos/giraffe.webp'],
    usedIn: '“When the network learns the background”: real photographs.',
    note: 'Long side shrunk to 320 px, WebP (scripts/prepare-bias.py).',
  },
];

/** Files under public/ that the project made itself (covered by its own licences). */
export const ownFiles: string[] = [
  'data/models/',
  'data/fashion-mnist/manifest.json',
  'data/fashion-mnist/sample.u8',
  'data/fashion-mnist/LICENSE',
  'data/images/LICENSE.md',
  'favicon.svg',
];

/** Software and fonts that run or render in the reader's browser. */
export const software: Software[] = [
  {
    name: 'TensorFlow.js 4.22 (core, layers, WebGPU, WebGL, WASM and CPU backends)',
    source: 'https://github.com/tensorflow/tfjs',
    licence: 'Apache-2.0',
    role: 'trains and runs the models in a Web Worker',
  },
  {
    name: 'KaTeX and its fonts',
    source: 'https://github.com/KaTeX/KaTeX',
    licence: 'MIT',
    role: 'typesets the math at build time',
  },
  { name: 'CodeMirror 6', source: 'https://codemirror.net/', licence: 'MIT', role: 'the cell editor' },
  { name: 'uPlot', source: 'https://github.com/leeoniya/uPlot', licence: 'MIT', role: 'live training charts' },
  { name: 'Svelte 5', source: 'https://svelte.dev/', licence: 'MIT', role: 'figures and cells' },
  {
    name: 'Astro and Starlight',
    source: 'https://starlight.astro.build/',
    licence: 'MIT',
    role: 'the site itself, search (Pagefind, MIT)',
  },
];

/** The credit entry or own-file rule that covers a path under public/, or null. */
export function coveredBy(path: string): Credit | 'own' | null {
  const matches = (rule: string) => (rule.endsWith('/') ? path.startsWith(rule) : path === rule);
  const credit = credits.find((c) => c.files.some(matches));
  if (credit) return credit;
  return ownFiles.some(matches) ? 'own' : null;
}

#!/usr/bin/env node
// @ts-check
// Prepares the handful of Fashion-MNIST images the augmentation figure shows.
//
//   node scripts/prepare-figure-sample.mjs
//
// Reads the prepared test split (public/data/fashion-mnist/test.u8.gz, checked
// against its manifest) and writes public/data/fashion-mnist/sample.u8: the
// first test image of each class, in class order, in the splits' format
// without the gzip: [images uint8 10*28*28 row-major, labels uint8 10].
// A figure's page loads no TensorFlow.js and should not fetch a 440 kB shard
// to show ten images; this file is 7,850 bytes and needs no decompression.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const dataDir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'public', 'data', 'fashion-mnist');

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`prepare-figure-sample: ${message}`);
  process.exit(1);
}

const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8'));
const split = manifest.splits.test;
const payload = gunzipSync(readFileSync(join(dataDir, split.file)));
if (createHash('sha256').update(payload).digest('hex') !== split.sha256)
  fail(`${split.file} does not match its manifest; run npm run prepare-data.`);

const [height, width] = manifest.imageShape;
const pixels = height * width;
const labels = payload.subarray(split.count * pixels);
const classes = manifest.classes.length;
const chosen = Array.from({ length: classes }, (_, c) => {
  const i = labels.indexOf(c);
  if (i < 0) fail(`no test image of class ${c} (${manifest.classes[c]}).`);
  return i;
});

const sample = new Uint8Array(classes * (pixels + 1));
chosen.forEach((i, k) => {
  sample.set(payload.subarray(i * pixels, (i + 1) * pixels), k * pixels);
  sample[classes * pixels + k] = labels[i] ?? 0;
});
writeFileSync(join(dataDir, 'sample.u8'), sample);
console.log(`sample.u8: test images ${chosen.join(', ')} (one per class), ${sample.length} bytes`);

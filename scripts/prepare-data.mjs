#!/usr/bin/env node
// @ts-check
// Prepares the Fashion-MNIST subset the guide's cells train on.
//
//   npm run prepare-data [-- --source DIR] [--train N] [--test N]
//
// Reads the original IDX gzip files (default ../shared/data/fashion-mnist,
// relative to the repository root) and writes public/data/fashion-mnist/:
//   train.u8.gz, test.u8.gz  gzip of [images uint8 N*28*28 row-major, labels uint8 N]
//   manifest.json            counts, byte lengths and sha256 of each payload
//   LICENSE                  Fashion-MNIST's MIT licence, which travels with the data
//
// The output is byte-for-byte reproducible on a given Node version, so a
// re-run shows up in `git status` only when the data really changed.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { constants, gunzipSync, gzipSync } from 'node:zlib';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(repoRoot, 'public', 'data', 'fashion-mnist');

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

// The site's download budget is "a few MB at most"; the loader fetches both
// files on a cell's first Run.
const BUDGET_BYTES = 4_000_000;

const LICENSE = `Fashion-MNIST
https://github.com/zalandoresearch/fashion-mnist

Han Xiao, Kashif Rasul, Roland Vollgraf. Fashion-MNIST: a Novel Image Dataset
for Benchmarking Machine Learning Algorithms. arXiv:1708.07747, 2017.

The files in this folder are a subset of Fashion-MNIST, repacked by
scripts/prepare-data.mjs. They are distributed under the following licence.

The MIT License (MIT)

Copyright (c) 2017 Zalando SE

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`prepare-data: ${message}`);
  process.exit(1);
}

/** @param {string | undefined} value @param {string} name @param {number} fallback */
function parseCount(value, name, fallback) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive whole number, got "${value}".`);
  return n;
}

/** @param {string} path */
function readIdx(path) {
  if (!existsSync(path)) {
    fail(`${path} not found. Point --source at the folder holding the Fashion-MNIST *-ubyte.gz files.`);
  }
  const bytes = gunzipSync(readFileSync(path));
  // IDX: two zero bytes, a type code (0x08 = unsigned byte), the number of
  // dimensions, then one big-endian uint32 per dimension, then the data.
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08) {
    fail(`${path} is not an unsigned-byte IDX file.`);
  }
  const rank = bytes[3] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const headerBytes = 4 + 4 * rank;
  const expected = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - headerBytes !== expected) {
    fail(`${path}: header says ${shape.join('x')} but holds ${bytes.length - headerBytes} data bytes.`);
  }
  return { shape, data: bytes.subarray(headerBytes) };
}

// gzip with a fixed header: zlib already writes mtime 0 and no file name;
// the OS byte depends on the platform zlib was built for, so pin it to 255
// ("unknown") to keep the bytes the same on every machine.
/** @param {Uint8Array} payload */
function deterministicGzip(payload) {
  const gz = gzipSync(payload, { level: 9, memLevel: 9, strategy: constants.Z_DEFAULT_STRATEGY });
  if (gz[3] !== 0 || gz.readUInt32LE(4) !== 0) fail('zlib wrote a gzip header with flags or an mtime; refusing to continue.');
  gz[9] = 0xff;
  return gz;
}

/** @param {string} split @param {string} prefix @param {number} count @param {string} sourceDir */
function prepareSplit(split, prefix, count, sourceDir) {
  const images = readIdx(join(sourceDir, `${prefix}-images-idx3-ubyte.gz`));
  const labels = readIdx(join(sourceDir, `${prefix}-labels-idx1-ubyte.gz`));
  const [available = 0, height = 0, width = 0] = images.shape;
  if (images.shape.length !== 3 || height !== 28 || width !== 28) {
    fail(`${prefix} images have shape ${images.shape.join('x')}; expected Nx28x28.`);
  }
  if (labels.shape.length !== 1 || labels.shape[0] !== available) {
    fail(`${prefix}: ${available} images but ${labels.shape.join('x')} labels.`);
  }
  if (count > available) fail(`--${split} ${count} asks for more than the ${available} images in ${prefix}.`);

  const pixels = height * width;
  const payload = new Uint8Array(count * (pixels + 1));
  payload.set(images.data.subarray(0, count * pixels), 0);
  payload.set(labels.data.subarray(0, count), count * pixels);

  const classCounts = new Array(CLASSES.length).fill(0);
  for (const label of payload.subarray(count * pixels)) {
    if (label >= CLASSES.length) fail(`${prefix}: label ${label} is out of range.`);
    classCounts[label]++;
  }

  const file = `${split}.u8.gz`;
  const gz = deterministicGzip(payload);
  return {
    gz,
    manifest: {
      file,
      count,
      bytes: payload.length,
      gzipBytes: gz.length,
      sha256: createHash('sha256').update(payload).digest('hex'),
    },
    classCounts,
  };
}

function main() {
  const { values } = parseArgs({
    options: {
      source: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
    },
  });
  const sourceDir = resolve(repoRoot, values.source ?? '../shared/data/fashion-mnist');
  const trainCount = parseCount(values.train, 'train', 8000);
  const testCount = parseCount(values.test, 'test', 1000);

  const train = prepareSplit('train', 'train', trainCount, sourceDir);
  const test = prepareSplit('test', 't10k', testCount, sourceDir);

  const manifest = {
    name: 'fashion-mnist-subset',
    source:
      'Fashion-MNIST, Zalando SE (Han Xiao, Kashif Rasul, Roland Vollgraf, 2017), https://github.com/zalandoresearch/fashion-mnist, arXiv:1708.07747',
    subset: `the first ${trainCount} training and first ${testCount} test images, in the original order`,
    licence: 'MIT',
    format:
      'gzip of [images: uint8, count*28*28, row-major; labels: uint8, count]; bytes and sha256 describe the uncompressed payload',
    classes: CLASSES,
    imageShape: [28, 28],
    splits: { train: train.manifest, test: test.manifest },
  };
  const total = train.manifest.gzipBytes + test.manifest.gzipBytes;
  // Everything is checked before anything is written, so a failed run never
  // leaves data files that disagree with the manifest.
  if (total > BUDGET_BYTES) {
    fail(`the two files would total ${total} bytes, over the ${BUDGET_BYTES}-byte budget; prepare fewer images.`);
  }
  mkdirSync(outDir, { recursive: true });
  for (const s of [train, test]) writeFileSync(join(outDir, s.manifest.file), s.gz);
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(outDir, 'LICENSE'), LICENSE);

  const where = relative(repoRoot, outDir);
  const pad = Math.max(...CLASSES.map((c) => c.length));
  console.log(`Fashion-MNIST subset written to ${where}/`);
  console.log(`  ${'class'.padEnd(pad + 4)}${'train'.padStart(6)}${'test'.padStart(6)}`);
  CLASSES.forEach((name, i) => {
    console.log(
      `  ${i} ${name.padEnd(pad + 2)}${String(train.classCounts[i]).padStart(6)}${String(test.classCounts[i]).padStart(6)}`,
    );
  });
  for (const s of [train.manifest, test.manifest]) {
    console.log(`  ${s.file}: ${s.count} images, ${s.gzipBytes} bytes (${s.bytes} uncompressed), sha256 ${s.sha256}`);
  }
  console.log(`  total download: ${total} bytes (${(total / 1e6).toFixed(2)} MB)`);
}

main();

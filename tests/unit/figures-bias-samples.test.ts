import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { biasSample, loadBiasAssets, PER_CLASS } from '../../src/components/figures/learning-the-background/bias-samples-model';

const root = fileURLToPath(new URL('../../', import.meta.url));
const diskFetch = (async (input: RequestInfo | URL) => {
  const path = new URL(String(input)).pathname;
  return new Response(new Uint8Array(readFileSync(join(root, 'public', path))));
}) as typeof fetch;

describe('the bias figure', async () => {
  const assets = await loadBiasAssets('http://site.test/', diskFetch);

  it('shows each class in its own row, the unusual backgrounds after the usual ones', () => {
    const sample = biasSample(assets, 0.7);
    expect(sample.rows.map((r) => r.animal)).toEqual(['cow', 'camel']);
    for (const row of sample.rows) {
      expect(row.tiles).toHaveLength(PER_CLASS);
      expect(row.tiles.every((t) => t.animal === row.animal)).toBe(true);
      expect(row.tiles.filter((t) => t.usual)).toHaveLength(7);
      expect(row.tiles.findIndex((t) => !t.usual)).toBe(7);
    }
    expect(sample.rows[0]!.tiles.filter((t) => t.usual).every((t) => t.background === 'grass')).toBe(true);
    expect(sample.rows[1]!.tiles.filter((t) => !t.usual).every((t) => t.background === 'grass')).toBe(true);
  });

  it('says how many of each class sit on their usual background', () => {
    expect(biasSample(assets, 0.95).sentence).toMatch(
      /^Bias 95%: 10 of 10 cows on grass and 10 of 10 camels on the dune\. The background alone/,
    );
    expect(biasSample(assets, 0.5).sentence).toMatch(/5 of 10 cows.*says nothing about the class/);
  });

  it('is the same at the same bias and seed', () => {
    expect(biasSample(assets, 0.6).rows[0]!.tiles[0]!.rgba).toEqual(biasSample(assets, 0.6).rows[0]!.tiles[0]!.rgba);
  });
});

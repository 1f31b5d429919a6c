// The landing page's training times: which cells count as training, how a
// chapter's time adds up, and that every training cell in the guide has a
// time measured by bench/cell-times.mjs (a new cell without one fails here).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chapterFacts } from '../../src/components/syllabus/chapter-facts.ts';
import {
  chapterTrainingSeconds,
  type CellTimes,
  isTrainingCell,
  trainingCellIds,
} from '../../src/components/syllabus/cell-times.ts';
import measured from '../../src/components/syllabus/cell-times.json';
import { formatAboutDuration } from '../../src/engine/index.ts';

const guide = new URL('../../src/content/docs/guide/', import.meta.url);
const cells = new URL('../../src/cells/', import.meta.url);
const sourceOf = (id: string) => readFileSync(new URL(`${id}.ts`, cells), 'utf8');

/** Every training cell on every chapter page, as the syllabus finds them. */
function trainingCellsInTheGuide(): string[] {
  return readdirSync(guide)
    .filter((f) => f.endsWith('.mdx'))
    .flatMap((f) => trainingCellIds(chapterFacts(readFileSync(new URL(f, guide), 'utf8'), `guide/${f}`).cellIds, sourceOf));
}

const times: CellTimes = measured;

describe('isTrainingCell', () => {
  it('sees the cell API’s train( and a torch-style optimiser', () => {
    expect(isTrainingCell('const h = await train(model, data, { epochs: 2 });')).toBe(true);
    expect(isTrainingCell('const opt = new optim.Adam(model.trainableWeights, { lr: 0.01 });')).toBe(true);
  });
  it('does not count a cell that only loads, explains or shows, nor lookalike names', () => {
    expect(isTrainingCell("const model = await loadPretrained('simplecnn');\nshow.heatmaps(await explain.cam(model, x));")).toBe(
      false,
    );
    expect(isTrainingCell('retrain(model); model.train(); const optimal = 1;')).toBe(false);
  });
});

describe('chapterTrainingSeconds', () => {
  const t: CellTimes = {
    date: '',
    machine: '',
    backend: 'wasm',
    loadAverage: { before: [], after: [] },
    seconds: { a: 12.5, b: 30 },
  };
  it('adds up the chapter’s training cells', () => {
    expect(chapterTrainingSeconds(['a', 'b'], t)).toBe(42.5);
    expect(chapterTrainingSeconds([], t)).toBe(0);
  });
  it('is null when one cell has no time, rather than a total that is too small', () => {
    expect(chapterTrainingSeconds(['a', 'c'], t)).toBeNull();
  });
});

describe('formatAboutDuration', () => {
  it('rounds to 5 s under two minutes and to the minute above', () => {
    expect(formatAboutDuration(41.2)).toBe('about 40 s');
    expect(formatAboutDuration(1.2)).toBe('about 5 s');
    expect(formatAboutDuration(118)).toBe('about 120 s');
    expect(formatAboutDuration(200)).toBe('about 3 min');
  });
});

describe('cell-times.json', () => {
  const training = trainingCellsInTheGuide();
  it('finds the guide’s training cells in the chapters’ sources', () => {
    expect(training).toContain('train-simplecnn');
    expect(training).toContain('training-loop');
    expect(training).not.toContain('show-filters');
    expect(new Set(training).size).toBe(training.length);
  });
  it('has a measured time for every training cell in the guide (run bench/cell-times.mjs --write for a new one)', () => {
    const missing = training.filter((id) => !(times.seconds[id]! > 0));
    expect(missing).toEqual([]);
  });
  it('has no time for a cell that is gone or does not train', () => {
    expect(Object.keys(times.seconds).filter((id) => !training.includes(id))).toEqual([]);
  });
  it('says where, when and on what it was measured', () => {
    expect(times.backend).toBe('wasm');
    expect(Number.isNaN(Date.parse(times.date))).toBe(false);
    expect(times.machine).toMatch(/Chromium/);
    expect(times.loadAverage.before).toHaveLength(3);
  });
});

// Every file the site ships under public/ is credited or is the project's own.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coveredBy, credits } from '../../src/components/credits/credits.ts';

const PUBLIC = new URL('../../public/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [relative(PUBLIC, join(dir, e.name))],
  );
}

describe('credits', () => {
  it('cover every file under public/', () => {
    const uncovered = files(PUBLIC).filter((f) => coveredBy(f) === null);
    expect(uncovered, 'add an entry to src/components/credits/credits.ts').toEqual([]);
  });
  it('name files that exist, and give a source, author and licence link', () => {
    const all = files(PUBLIC);
    for (const c of credits) {
      for (const f of c.files)
        expect(
          all.some((p) => (f.endsWith('/') ? p.startsWith(f) : p === f)),
          f,
        ).toBe(true);
      expect(c.source).toMatch(/^https:\/\//);
      expect(c.licenceUrl).toMatch(/^https:\/\//);
      expect(c.author.length).toBeGreaterThan(2);
    }
  });
  it('a new file is not covered until credited', () => {
    expect(coveredBy('data/images/new-photo.jpg')).toBeNull();
    expect(coveredBy('data/images/chelsea.png')).not.toBeNull();
  });
});

// Table-driven: every page in test/fixtures/pages declares what must be found.
import { describe, expect, it } from 'vitest';
import { watchForFields } from './observe';
import {
  loadFixtures,
  localQualifier,
  openFixture,
  resolvePath,
  scanAllFrames,
} from './testing/fixtures';
import type { FieldCandidate } from './types';

const fixtures = loadFixtures();

function describeFound(found: FieldCandidate[]): string[] {
  return found.map(
    (f) => `${f.kind} ${f.element.outerHTML.slice(0, 80)} [${f.reasons.join(', ')}]`,
  );
}

describe('fixture pages', () => {
  it('covers the pages the issue asks for', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(fixtures.filter((f) => f.expected.length === 0).length).toBeGreaterThanOrEqual(13);
  });

  for (const f of fixtures) {
    const now = f.expected.filter((e) => !e.late);
    const late = f.expected.filter((e) => e.late);

    it(`${f.name}: finds exactly ${now.length ? now.map((e) => e.path).join(', ') : 'nothing'}`, async () => {
      const doc = openFixture(f).window.document;
      const found = await scanAllFrames(doc, f.hint);
      const wanted = now.map((e) => {
        const el = resolvePath(doc, e.path);
        expect(el, `selector ${e.path} must exist in ${f.name}`).not.toBeNull();
        return { el, kind: e.kind };
      });
      expect(
        found.map((c) => c.element),
        describeFound(found).join('\n'),
      ).toEqual(wanted.map((w) => w.el));
      found.forEach((c, i) => expect(c.kind).toBe(wanted[i]?.kind));
      for (const c of found.filter((x) => x.kind === 'split')) {
        expect(c.boxes?.length).toBeGreaterThanOrEqual(6);
        expect(c.boxes?.[0]).toBe(c.element);
      }
    });

    if (late.length) {
      it(`${f.name}: the watcher finds the late field`, async () => {
        const dom = openFixture(f, true);
        const doc = dom.window.document;
        const ac = new AbortController();
        const found: FieldCandidate[] = [];
        const done = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('late field not found in 3 s')), 3000);
          watchForFields(
            doc,
            (fields) => {
              found.push(...fields);
              clearTimeout(timer);
              resolve();
            },
            ac.signal,
            f.hint,
            localQualifier(f.hint),
          );
        });
        // Nothing is there at load: the page renders it later.
        expect(found).toEqual([]);
        await done;
        ac.abort();
        expect(found.map((c) => c.element)).toEqual(late.map((e) => resolvePath(doc, e.path)));
        dom.window.close();
      });
    }
  }
});

/**
 * Test helpers live in `testing/` folders beside what they fake or feed
 * (docs/testing.md): no code that ships may import one, and a source file that
 * only tests use belongs in one. Checked on the import graph of src/, as the
 * bundler would follow it (static imports, re-exports, `import()`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');
const CODE = /\.(ts|tsx)$/;
const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const inTesting = (file: string) => relative(SRC, file).split('/').includes('testing');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : CODE.test(name) ? [p] : [];
  });
}

const SPECIFIERS = [
  /\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

/** Every src file → the src files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of walk(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = SPECIFIERS.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!))
      .map((s) => resolveImport(file, s))
      .filter((t): t is string => t !== null && t.startsWith(SRC));
    graph.set(file, targets);
  }
  return graph;
}

describe('test helpers live in testing/ folders', () => {
  const graph = importGraph();
  const shipped = [...graph.keys()].filter((f) => !isTest(f) && !inTesting(f));

  it('reads the graph (the check would pass vacuously otherwise)', () => {
    expect(shipped.length).toBeGreaterThan(80);
    const testing = [...graph.keys()].filter(inTesting).map((f) => relative(SRC, f));
    expect(testing).toEqual(
      expect.arrayContaining([
        'ui/shared/testing/test-utils.tsx',
        'ui/shared/testing/fake-background.ts',
        'core/backup/testing/testdata.ts',
        'storage/testing/vault-harness.ts',
        'platform/testing/memory-area.ts',
      ]),
    );
    // Tests reach their helpers through the graph as resolved here.
    const helpersUsed = [...graph.entries()]
      .filter(([f]) => isTest(f))
      .flatMap(([, targets]) => targets)
      .filter(inTesting);
    expect(helpersUsed.length).toBeGreaterThan(10);
  });

  it('no shipped source imports a testing/ module', () => {
    const offending = shipped.flatMap((file) =>
      graph
        .get(file)!
        .filter(inTesting)
        .map((t) => `${relative(SRC, file)} → ${relative(SRC, t)}`),
    );
    expect(offending).toEqual([]);
  });

  it('a source file that only tests import is in a testing/ folder', () => {
    const importers = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      for (const t of targets) importers.set(t, [...(importers.get(t) ?? []), file]);
    }
    const testOnly = shipped.filter((file) => {
      const by = importers.get(file) ?? [];
      return by.length > 0 && by.every((f) => isTest(f) || inTesting(f));
    });
    expect(testOnly.map((f) => relative(SRC, f))).toEqual([]);
  });
});

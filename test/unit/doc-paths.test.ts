/**
 * The repository explains itself: every file path the docs name exists (the
 * behaviour → file map of docs/architecture.md cannot rot), and no file points
 * outside the repository (a machine's absolute path, a `../` that climbs out of
 * it, a design document by a name other than `docs/design.md`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

/** Tracked files and new ones not yet added, without what .gitignore leaves out. */
function repoFiles(): string[] {
  const out = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return [...new Set(out.split('\0').filter(Boolean))].filter((f) => existsSync(resolve(ROOT, f)));
}

const FILES = repoFiles();
const TEXT = /\.(ts|tsx|mjs|js|cjs|json|md|html|css|yml|yaml|txt)$|^[^.]*$/;
const textFiles = FILES.filter((f) => TEXT.test(f));
const read = (f: string) => readFileSync(resolve(ROOT, f), 'utf8');

/** What a backticked span must start with to be taken for a path in the repository. */
const REPO_PATH = /^(?:src|scripts|test|docs|bench|recovery)\/[^\s`]*$/;

/**
 * Every backticked repo path in a Markdown text. `src/a.ts:12` and
 * `src/a.ts#name` name the file; `<lang>` and `*` are placeholders.
 */
function backtickedPaths(markdown: string): string[] {
  const paths: string[] = [];
  for (const [, span] of markdown.matchAll(/`([^`\n]+)`/g)) {
    const path = span!.replace(/[:#].*$/, '');
    if (REPO_PATH.test(path)) paths.push(path);
  }
  return paths;
}

/** `**` any folders, `*` and `…` any part of a name, `<id>` one name part, `(x)` an optional part. */
function globPattern(path: string): RegExp {
  const parts = path.split(/(\*\*\/|\*|…|<[^>]+>|\([^)]*\))/);
  const source = parts
    .map((part) => {
      if (part === '**/') return '(?:.*/)?';
      if (part === '*' || part === '…') return '[^/]*';
      if (part.startsWith('<')) return '[^/]+';
      const escaped = part.replace(/[.?+^$()[\]{}|\\*]/g, '\\$&');
      return part.startsWith('(') ? `(?:${escaped.slice(2, -2)})?` : escaped;
    })
    .join('');
  return new RegExp(`^${source}(?:/|$)`);
}

/** Whether git leaves the path out: a generated file (`bench/results.json`) that is named but not kept. */
function ignoredByGit(path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '-q', path], { cwd: ROOT });
    return true;
  } catch {
    return false;
  }
}

/** The file or folder exists (or is generated there); a placeholder matches at least one file. */
function pathExists(path: string): boolean {
  if (!/[*<…(]/.test(path)) return existsSync(resolve(ROOT, path)) || ignoredByGit(path);
  const pattern = globPattern(path);
  return FILES.some((f) => pattern.test(f));
}

const DOCS = FILES.filter((f) => f === 'README.md' || /^docs\/.*\.md$/.test(f));

describe('paths named in the docs', () => {
  it('reads the docs the map and its neighbours live in', () => {
    expect(DOCS).toEqual(
      expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/design.md']),
    );
    // The map itself is read, so an empty extraction cannot pass for a clean one.
    expect(backtickedPaths(read('docs/architecture.md')).length).toBeGreaterThan(40);
  });

  it.each(DOCS)('%s names only paths that exist', (doc) => {
    const missing = backtickedPaths(read(doc)).filter((p) => !pathExists(p));
    expect(missing).toEqual([]);
  });

  it('takes a path from a backticked span and leaves other spans alone', () => {
    const md =
      'See `src/a.ts:12`, `docs/b.md#x`, `npm run vocab`, `parse.ts`, `test/<lang>/*.json` and ``.';
    expect(backtickedPaths(md)).toEqual(['src/a.ts', 'docs/b.md', 'test/<lang>/*.json']);
  });

  it('tells a missing path from an existing one, placeholders included', () => {
    expect(pathExists('src/core/codes/parse.ts')).toBe(true);
    expect(pathExists('src/core/vault')).toBe(true);
    expect(pathExists('src/core/codes/nope.ts')).toBe(false);
    expect(pathExists('public/_locales/<lang>/messages.json')).toBe(true);
    expect(pathExists('src/core/detect/vocab/sources/*.json')).toBe(true);
    expect(pathExists('src/core/detect/vocab/sources/*.yaml')).toBe(false);
    expect(pathExists('src/**/*.test.ts(x)')).toBe(true);
    expect(pathExists('test/e2e/**/*.test.ts')).toBe(true);
    expect(pathExists('test/fixtures/pages/<id>-….html')).toBe(true);
    expect(pathExists('bench/results.json')).toBe(true);
    expect(pathExists('bench/nothing.json')).toBe(false);
  });
});

/**
 * A `../` path in a file's text that, resolved from the file's folder, leaves
 * the repository and names a file (`../../shared/SITES.md`) or a shared folder.
 * Import specifiers quoted in docs (`../../messages`) are written from some
 * file under src/, not from the doc, so a bare module name is not taken.
 */
function climbsOut(file: string, text: string): string[] {
  const out: string[] = [];
  for (const [ref] of text.matchAll(/(?:\.\.\/)+[\w.-]+(?:\/[\w.-]+)*/g)) {
    const target = relative(ROOT, resolve(ROOT, dirname(file), ref));
    const leaves = target === '..' || target.startsWith(`..${sep}`);
    if (leaves && (/\.\w+$/.test(ref) || /(?:^|\/)shared(?:\/|$)/.test(ref))) out.push(ref);
  }
  return out;
}

/** References to what lies outside the repository, or to the design document by another name. */
function outsideReferences(file: string, text: string): string[] {
  return [
    ...[...text.matchAll(/(?<![\w./])\/work\//g)].map(() => '/work/'),
    ...climbsOut(file, text),
    ...[...text.matchAll(/(?<!docs\/)\bdesign\.md\b/gi)].map((m) => m[0]),
  ];
}

describe('references outside the repository', () => {
  // This file spells the patterns it looks for.
  const SELF = relative(ROOT, __filename);

  it('reads every text file of the repository', () => {
    expect(textFiles).toEqual(
      expect.arrayContaining([SELF, 'README.md', 'src/messages.ts', 'package.json']),
    );
  });

  it('finds none', () => {
    const found = textFiles
      .filter((f) => f !== SELF)
      .flatMap((f) => outsideReferences(f, read(f)).map((ref) => `${f}: ${ref}`));
    expect(found).toEqual([]);
  });

  it('finds each kind, and leaves paths inside the repository alone', () => {
    expect(outsideReferences('docs/x.md', 'see /work/shared/STYLE.md')).toEqual(['/work/']);
    expect(outsideReferences('docs/x.md', 'see ../../shared/SITES.md')).toEqual([
      '../../shared/SITES.md',
    ]);
    expect(outsideReferences('README.md', 'see ../shared for the style')).toEqual(['../shared']);
    expect(outsideReferences('src/a/b.ts', 'from ../../../notes/plan.md')).toEqual([
      '../../../notes/plan.md',
    ]);
    expect(
      outsideReferences('docs/x.md', 'e.g. `../../messages` from a file in src/core/backup/'),
    ).toEqual([]);
    expect(outsideReferences('README.md', 'see DESIGN.md §5')).toEqual(['DESIGN.md']);
    expect(outsideReferences('README.md', 'see docs/design.md §5 and ./design.md')).toEqual([
      'design.md',
    ]);
    expect(
      outsideReferences('src/ui/manager/A.tsx', "import { t } from '../shared/i18n';"),
    ).toEqual([]);
    expect(outsideReferences('docs/x.md', 'see ../README.md and docs/design.md')).toEqual([]);
    expect(
      outsideReferences('src/x.ts', 'a path like src/work/ or //work/ is not a machine path'),
    ).toEqual([]);
  });
});

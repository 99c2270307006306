/**
 * What a page or a content script of the built extension actually loads:
 * the files its HTML or manifest names, plus every chunk those import
 * statically (transitively). Dynamic `import()` chunks load later, on demand,
 * so they are listed but not counted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface AssetSize {
  /** Path relative to the extension root. */
  file: string;
  bytes: number;
  /** gzip -9 of this file alone. */
  gzip: number;
}

export interface BundleSize {
  files: AssetSize[];
  bytes: number;
  gzip: number;
  /** Chunks reachable only through dynamic `import()`, not counted. */
  dynamic: string[];
}

// Static `import … from "x"`, `import "x"`, `export … from "x"` in minified ESM.
// `import(` never matches: a quote must follow `import` or the `from` clause.
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?(["'`])([^"'`\n]+)\1/g;
const DYNAMIC_IMPORT = /\bimport\(\s*(["'`])([^"'`\n]+)\1\s*\)/g;
const CSS_IMPORT = /@import\s+(?:url\()?\s*["']?([^"')\s;]+)/g;

function isLocal(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('/');
}

/** Resolves a URL found in `fromFile` (absolute paths are relative to the extension root). */
function resolveIn(root: string, fromFile: string, spec: string): string {
  const path = spec.split(/[?#]/)[0]!;
  return path.startsWith('/') ? join(root, path) : resolve(dirname(fromFile), path);
}

function collect(root: string, entries: string[]): BundleSize {
  const seen = new Set<string>();
  const dynamic = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    if (!existsSync(file)) throw new Error(`${relative(root, file)} is referenced but missing`);
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.js') || file.endsWith('.mjs')) {
      for (const m of text.matchAll(STATIC_IMPORT)) {
        if (isLocal(m[2]!)) queue.push(resolveIn(root, file, m[2]!));
      }
      for (const m of text.matchAll(DYNAMIC_IMPORT)) {
        if (isLocal(m[2]!)) dynamic.add(resolveIn(root, file, m[2]!));
      }
    } else if (file.endsWith('.css')) {
      for (const m of text.matchAll(CSS_IMPORT)) {
        if (isLocal(m[1]!)) queue.push(resolveIn(root, file, m[1]!));
      }
    }
  }
  const files = [...seen].map((file) => {
    const data = readFileSync(file);
    return {
      file: relative(root, file),
      bytes: data.length,
      gzip: data.length ? gzipSync(data, { level: 9 }).length : 0,
    };
  });
  return {
    files,
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    gzip: files.reduce((n, f) => n + f.gzip, 0),
    dynamic: [...dynamic].filter((f) => !seen.has(f)).map((f) => relative(root, f)),
  };
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(["'])([^"']*)\\1`, 'i').exec(tag);
  return m ? m[2]! : null;
}

/**
 * JS and CSS an extension page loads at startup: `<script src>`,
 * `<link rel=stylesheet|modulepreload>`, and their static imports.
 */
export function pageAssets(root: string, htmlPath: string): BundleSize {
  const html = join(root, htmlPath);
  const text = readFileSync(html, 'utf8');
  const entries: string[] = [];
  for (const m of text.matchAll(/<script\b[^>]*>/gi)) {
    const src = attr(m[0], 'src');
    if (src && isLocal(src)) entries.push(resolveIn(root, html, src));
  }
  for (const m of text.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attr(m[0], 'rel') ?? '').toLowerCase();
    const href = attr(m[0], 'href');
    if (href && isLocal(href) && (rel === 'stylesheet' || rel === 'modulepreload')) {
      entries.push(resolveIn(root, html, href));
    }
  }
  if (!entries.length) throw new Error(`${htmlPath} loads no script or stylesheet`);
  return collect(root, entries);
}

interface Manifest {
  action?: { default_popup?: string };
  content_scripts?: { js?: string[]; css?: string[] }[];
}

export function readManifest(root: string): Manifest {
  return JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Manifest;
}

/** Every file the manifest's `content_scripts` inject, plus their static imports. */
export function contentScriptAssets(root: string): BundleSize {
  const entries = (readManifest(root).content_scripts ?? []).flatMap((cs) =>
    [...(cs.js ?? []), ...(cs.css ?? [])].map((f) => join(root, f)),
  );
  if (!entries.length) throw new Error('the manifest declares no content scripts');
  return collect(root, [...new Set(entries)]);
}

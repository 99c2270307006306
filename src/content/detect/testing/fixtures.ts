// Test-only: loads test/fixtures/pages/*.html into jsdom the way a browser
// would show them to the content script (never bundled into the extension).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { qualifyField } from '../../../core/detect/qualify';
import { findBackupCodeFields, type Qualifier } from '../index';
import type { SiteRuleHint } from '../../../messages';
import type { FieldCandidate } from '../types';

/**
 * What the background does for `page.qualify`, in process: the real
 * qualification with the full vocabulary and the page's site hint.
 */
export function localQualifier(hint?: SiteRuleHint | null): Qualifier {
  return (contexts) => Promise.resolve(contexts.map((c) => qualifyField(c, hint)));
}

export const PAGES_DIR = join(__dirname, '../../../../test/fixtures/pages');

export interface Expectation {
  kind: 'single' | 'split';
  /** Selector path; ` >>> ` steps into an open shadow root or a same-origin iframe. */
  path: string;
  /** Rendered after load: only the watcher can find it. */
  late: boolean;
}

export interface Fixture {
  name: string;
  html: string;
  expected: Expectation[];
  hint?: SiteRuleHint;
}

function meta(html: string, name: string): string | undefined {
  const doc = new JSDOM(html).window.document;
  return doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? undefined;
}

export function parseExpectation(content: string): Expectation[] {
  if (content.trim() === 'none') return [];
  return content.split(';').map((part) => {
    const m = /^\s*(field|split|late-field):(.+)$/.exec(part);
    if (!m?.[1] || !m[2]) throw new Error(`bad backstop-expect: ${part}`);
    return {
      kind: m[1] === 'split' ? 'split' : 'single',
      path: m[2].trim(),
      late: m[1] === 'late-field',
    };
  });
}

export function loadFixtures(): Fixture[] {
  return readdirSync(PAGES_DIR)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((file) => {
      const html = readFileSync(join(PAGES_DIR, file), 'utf8');
      const expect = meta(html, 'backstop-expect');
      if (expect === undefined) throw new Error(`${file}: missing <meta name="backstop-expect">`);
      const hint = meta(html, 'backstop-hint');
      return {
        name: file.replace(/\.html$/, ''),
        html,
        expected: parseExpectation(expect),
        ...(hint ? { hint: JSON.parse(hint) as SiteRuleHint } : {}),
      };
    });
}

/** jsdom lacks declarative shadow DOM; browsers attach these roots while parsing. */
function attachDeclarativeShadowRoots(root: Document | ShadowRoot | DocumentFragment): void {
  for (const t of [...root.querySelectorAll('template[shadowrootmode]')]) {
    const host = t.parentElement;
    const mode = t.getAttribute('shadowrootmode');
    if (!host || (mode !== 'open' && mode !== 'closed')) continue;
    const sr = host.attachShadow({ mode });
    sr.appendChild((t as HTMLTemplateElement).content);
    t.remove();
    attachDeclarativeShadowRoots(sr);
  }
}

/** jsdom does not load `srcdoc`; a browser gives the frame its own same-origin document. */
function loadSrcdocFrames(doc: Document): void {
  for (const f of doc.querySelectorAll('iframe[srcdoc]')) {
    const d = (f as HTMLIFrameElement).contentDocument;
    if (!d) continue;
    d.open();
    d.write(f.getAttribute('srcdoc') ?? '');
    d.close();
    attachDeclarativeShadowRoots(d);
    loadSrcdocFrames(d);
  }
}

export function openFixture(f: Fixture, runScripts = false): JSDOM {
  const dom = new JSDOM(f.html, {
    url: `https://example.test/${f.name}`,
    pretendToBeVisual: true,
    ...(runScripts ? { runScripts: 'dangerously' as const } : {}),
  });
  attachDeclarativeShadowRoots(dom.window.document);
  loadSrcdocFrames(dom.window.document);
  return dom;
}

/** Documents of the page and its same-origin frames: the content script runs in each. */
export function frameDocuments(doc: Document): Document[] {
  const out = [doc];
  for (const f of doc.querySelectorAll('iframe')) {
    const d = (f as HTMLIFrameElement).contentDocument;
    if (d) out.push(...frameDocuments(d));
  }
  return out;
}

export async function scanAllFrames(doc: Document, hint?: SiteRuleHint): Promise<FieldCandidate[]> {
  const found = await Promise.all(
    frameDocuments(doc).map((d) => findBackupCodeFields(d, hint, localQualifier(hint))),
  );
  return found.flat();
}

export function resolvePath(doc: Document, path: string): Element | null {
  let scope: Document | ShadowRoot = doc;
  let el: Element | null = null;
  for (const step of path.split(' >>> ')) {
    el = scope.querySelector(step);
    if (!el) return null;
    const next: Document | ShadowRoot | null | undefined =
      el.shadowRoot ?? (el as HTMLIFrameElement).contentDocument;
    if (next) scope = next;
  }
  return el;
}

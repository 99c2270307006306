/**
 * Content-script scan benchmark: the detector on a generated page of a fixed
 * number of elements, shaped like a long article or forum page (navigation,
 * articles with inline markup, lists, a sidebar, SVG icons, a search box, a
 * newsletter form) with a backup-code form in the middle of it. What the page
 * does (`collectCandidates` from `src/content/detect/`: the structural
 * pre-filter and each candidate's context) is timed apart from what the
 * background does with the candidates (`qualifyField` from
 * `src/core/detect/`, the full vocabulary), as the two run in different
 * processes.
 */
import { collectCandidates, hasTextInputs } from '../../src/content/detect';
import { keywords } from '../../src/core/detect/keywords';
import { qualifyField } from '../../src/core/detect/qualify';
import type { ScanBench, ScanResult } from './api';

type Child = Node | string;

function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

function icon(): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0z');
  svg.append(path);
  return svg;
}

const LOREM =
  'Backup codes let you sign in when your phone is lost, so keep them somewhere safe and count how many remain';

function article(n: number): HTMLElement {
  return h(
    'article',
    { class: 'post', id: `post-${n}` },
    h(
      'header',
      {},
      h('h2', {}, h('a', { href: `/posts/${n}` }, `Post number ${n}`)),
      h(
        'p',
        { class: 'meta' },
        'by ',
        h('a', { href: `/u/${n}` }, `user${n}`),
        ' · ',
        h('time', { datetime: '2024-01-01' }, 'Jan 1'),
      ),
    ),
    h(
      'div',
      { class: 'body' },
      h('p', {}, LOREM, ' ', h('strong', {}, 'important'), ' and ', h('em', {}, 'emphasised'), '.'),
      h('p', {}, h('span', { class: 'quote' }, LOREM), ' ', h('a', { href: '#' }, 'read more')),
      h(
        'ul',
        { class: 'tags' },
        ...['security', 'accounts', '2fa'].map((t) => h('li', {}, h('a', { href: `/t/${t}` }, t))),
      ),
    ),
    h(
      'footer',
      {},
      h('button', { type: 'button', class: 'like' }, icon(), ' Like'),
      h('button', { type: 'button', class: 'share' }, icon(), ' Share'),
    ),
  );
}

/** The page's own inputs: a search box and a newsletter sign-up (no text-like input). */
function chrome(kind: 'form' | 'none'): { header: HTMLElement; aside: HTMLElement } {
  const nav = h(
    'nav',
    { 'aria-label': 'Main' },
    h(
      'ul',
      {},
      ...Array.from({ length: 30 }, (_, i) =>
        h('li', {}, h('a', { href: `/s/${i}` }, `Section ${i}`)),
      ),
    ),
  );
  const search = h(
    'form',
    { role: 'search', action: '/search' },
    h('input', { type: 'search', name: 'q', 'aria-label': 'Search' }),
    h('button', { type: 'submit' }, 'Search'),
  );
  const header = h(
    'header',
    { class: 'site' },
    h('a', { href: '/' }, 'Example forum'),
    nav,
    search,
  );
  const newsletter = h(
    'form',
    { class: 'newsletter' },
    h('label', {}, 'Email ', h('input', { type: 'email', name: 'email' })),
    h('label', {}, h('input', { type: 'checkbox', name: 'weekly' }), ' Weekly digest'),
    h('button', { type: 'submit' }, 'Subscribe'),
  );
  const aside = h('aside', { class: 'sidebar' }, h('h2', {}, 'Newsletter'), newsletter);
  if (kind === 'form') {
    // A comment form with ordinary text inputs the detector has to rule out.
    aside.append(
      h(
        'form',
        { class: 'comment' },
        h('h2', {}, 'Leave a comment'),
        h('label', { for: 'name' }, 'Name'),
        h('input', { type: 'text', id: 'name', name: 'name', autocomplete: 'name' }),
        h('label', { for: 'phone' }, 'Phone'),
        h('input', { type: 'tel', id: 'phone', name: 'phone', autocomplete: 'tel' }),
        h('textarea', { name: 'comment' }),
        h('button', { type: 'submit' }, 'Post'),
      ),
    );
  }
  return { header, aside };
}

/** The backup-code step, as GitHub and others render it (registry.json, docs/sites.md). */
function backupForm(): HTMLElement {
  return h(
    'section',
    { class: 'auth-form' },
    h('h2', {}, 'Two-factor recovery'),
    h(
      'form',
      { method: 'post', action: '/sessions/two-factor' },
      h('input', { type: 'hidden', name: 'authenticity_token', value: 'x' }),
      h('label', { for: 'recovery_code' }, 'Recovery code'),
      h('input', {
        type: 'text',
        id: 'recovery_code',
        name: 'recovery_code',
        autocomplete: 'off',
        class: 'form-control',
      }),
      h('button', { type: 'submit' }, 'Verify'),
      h('p', { class: 'note' }, 'Enter one of your recovery codes to verify your identity.'),
    ),
  );
}

function countElements(): number {
  return document.getElementsByTagName('*').length;
}

function build(kind: 'form' | 'none', target: number) {
  document.body.replaceChildren();
  const { header, aside } = chrome(kind);
  const main = h('main', {});
  const footer = h('footer', { class: 'site' }, h('p', {}, '© Example'));
  document.body.append(header, main, aside, footer);
  const sample = article(0);
  const perArticle = sample.getElementsByTagName('*').length + 1;
  const form = kind === 'form' ? backupForm() : null;
  const formSize = form ? form.getElementsByTagName('*').length + 1 : 0;
  const articles = Math.floor((target - countElements() - formSize - 1) / perArticle);
  for (let n = 0; n < articles; n++) {
    // The backup-code form sits in the middle, as on a real page with chrome around it.
    if (form && n === Math.floor(articles / 2)) main.append(form);
    main.append(article(n));
  }
  // Fill up to exactly `target` elements.
  const filler = h('p', { class: 'filler' });
  footer.append(filler);
  while (countElements() < target) filler.append(h('span', {}, '·'));
  const elements = countElements();
  if (elements !== target) throw new Error(`built ${elements} elements, wanted ${target}`);
  return { elements, inputs: document.getElementsByTagName('input').length };
}

function run(kind: 'form' | 'none', runs: number): ScanResult {
  // The background compiles its vocabulary once per instance, before any page asks.
  keywords();
  const qualifySamples: number[] = [];
  const once = () => {
    const t0 = performance.now();
    if (kind === 'none') {
      hasTextInputs(document);
      return { ms: performance.now() - t0 };
    }
    const { candidates } = collectCandidates(document);
    const ms = performance.now() - t0;
    const t1 = performance.now();
    for (const c of candidates) qualifyField(c.context);
    qualifySamples.push(performance.now() - t1);
    return { ms };
  };
  const first = once();
  qualifySamples.length = 0;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(once().ms);
  const candidates = kind === 'form' ? collectCandidates(document).candidates : [];
  const found = candidates
    .map((c) => ({ c, q: qualifyField(c.context) }))
    .filter((x) => x.q.isBackupCodeField)
    .sort((a, b) => b.q.score - a.q.score)
    .map(({ c }) => c.element.id || c.element.name || c.element.type);
  return {
    elements: countElements(),
    inputs: document.getElementsByTagName('input').length,
    first: first.ms,
    samples,
    candidates: candidates.length,
    qualifySamples,
    found,
    hasTextInputs: hasTextInputs(document),
  };
}

const api: ScanBench = { build, run };
window.backstopScanBench = api;

/**
 * The page the controller's unit tests run on (jsdom): Backstop's closed
 * shadow roots kept where the tests can look into them, a box for every
 * element (jsdom has no layout), a fake background that answers as the real
 * handlers do, and the content script stopped and the page emptied after each
 * test. A test file calls `useContentPage()` once at its top.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { readFieldContexts } from '../../core/detect/context';
import { qualifyField } from '../../core/detect/qualify';
import { BackstopError } from '../../core/errors';
import type { FieldOffer, MessageName, Request, SiteRuleHint, SubmitWatch } from '../../messages';
import type { ask as realAsk } from '../../platform/content-messaging';
import { startContent, type ContentController } from '../controller';
import { useEnglishContentText } from './english';
import { alwaysVisible } from './visible';

const PAGES = join(__dirname, '../../../test/fixtures/pages');

/** A page of test/fixtures/pages/, as text. */
export function fixturePage(name: string): string {
  return readFileSync(join(PAGES, name), 'utf8');
}

export const GITHUB = fixturePage('github-recovery.html');

let roots: ShadowRoot[] = [];
let controller: ContentController | undefined;
const realAttach = Element.prototype.attachShadow;

/** The closed shadow roots Backstop attached during this test. */
export const shadowRoots = (): readonly ShadowRoot[] => roots;

export function useContentPage(): void {
  beforeAll(useEnglishContentText);

  beforeEach(() => {
    roots = [];
    vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (
      this: Element,
      init: ShadowRootInit,
    ) {
      const root = realAttach.call(this, init);
      if (init.mode === 'closed') roots.push(root);
      return root;
    });
    // jsdom has no layout; give every element a box so the button can be placed.
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
      left: 10,
      top: 10,
      width: 300,
      height: 30,
      right: 310,
      bottom: 40,
      x: 10,
      y: 10,
      toJSON() {},
    } as DOMRect);
  });

  afterEach(() => {
    controller?.stop();
    controller = undefined;
    vi.restoreAllMocks();
    document.documentElement.innerHTML = '<head></head><body></body>';
  });
}

export function load(html: string): void {
  document.documentElement.innerHTML = new DOMParser().parseFromString(
    html,
    'text/html',
  ).documentElement.innerHTML;
}

/**
 * Starts the content script on the document; the last one started is stopped
 * after the test. `person`: clicks count as a person's (jsdom cannot make
 * trusted events) on a button always visible (no layout to guard); without it
 * the real `isTrusted` check refuses jsdom's synthetic clicks. `trusted`:
 * events count as trusted, but the real clickjacking guard stays.
 */
export function start(
  bg: { ask: typeof realAsk; armSubmit?: (watch: SubmitWatch) => void },
  {
    person = false,
    trusted = false,
    sandboxed = false,
  }: { person?: boolean; trusted?: boolean; sandboxed?: boolean } = {},
): ContentController {
  controller = startContent(document, {
    ask: bg.ask,
    armSubmit: bg.armSubmit ?? (() => {}),
    sandboxed,
    ...(person || trusted ? { trusted: () => true } : {}),
    ...(person ? { guard: alwaysVisible } : {}),
  });
  return controller;
}

type Call = { name: MessageName; payload: unknown };

/**
 * The background as the content script sees it: the hint, qualification as
 * the real handler does it, `offer` for the field, and `codes` codes to claim.
 */
export function fakeBackground(
  offer: FieldOffer = { state: 'available', left: 5, site: 'GitHub', username: 'jane' },
  hint: SiteRuleHint | null = null,
  codes = 5,
) {
  const calls: Call[] = [];
  let next = 0;
  const ask = (async (name: MessageName, payload: Request<MessageName>) => {
    calls.push({ name, payload });
    switch (name) {
      case 'page.siteHint':
        return hint;
      case 'page.qualify':
        // What the background's handler does: check the contexts, qualify them with the hint.
        return readFieldContexts(payload).map((c) => qualifyField(c, hint));
      case 'page.fieldFound':
        return offer;
      case 'page.claimCode':
        if (offer.state === 'locked') throw new BackstopError('locked', 'Backstop is locked.');
        next++;
        return {
          code: `abcde-0000${next}`,
          accountId: 'a1',
          codeId: `c${next}`,
          left: codes - next,
        };
      default:
        return undefined;
    }
  }) as typeof realAsk;
  const armed: SubmitWatch[] = [];
  return {
    ask,
    calls,
    names: () => calls.map((c) => c.name),
    armed,
    armSubmit: (w: SubmitWatch) => void armed.push(w),
  };
}

export const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};
export const settle = () => new Promise((r) => setTimeout(r, 120));
export const field = () => document.querySelector<HTMLInputElement>('#recovery_code')!;
export const offerButton = () =>
  roots
    .map((r) => r.querySelector('button[aria-label="Fill backup code"]'))
    .find((b) => b?.isConnected) as HTMLButtonElement | undefined;
export const toastText = () =>
  roots.map((r) => r.querySelector('[role=status]')).find((s) => s?.isConnected)?.textContent ??
  null;

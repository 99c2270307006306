/**
 * Autofill end to end in headless Chromium with the built extension
 * (dist/chrome): real host names over https (host-resolver rules + a
 * self-signed certificate), trusted mouse clicks, and the inline button found
 * inside its closed shadow root through CDP (page scripts cannot see it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Frame, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/core/types';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { hasBrowser, REPO_ROOT } from './harness/env';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';

const RUN = hasBrowser('chromium');
const PASSPHRASE = 'correct horse battery staple 42';
const codesFile = (name: string) =>
  readFileSync(join(REPO_ROOT, 'test/fixtures/codes', name), 'utf8');

const RECOVERY = 'https://github.com/sessions/two-factor/recovery';
const ROUTES = {
  'github.com/sessions/two-factor/recovery': 'github-recovery.html',
  'github.com/sessions/two-factor/recovery-spa': 'e2e/github-recovery-spa.html',
  'github.com/sessions/two-factor/app': 'github-app.html',
  'github.com/e2e/hostile': 'e2e/hostile.html',
  'github.com/e2e/sandboxed': 'e2e/sandboxed-frame.html',
  'github.com/e2e/cross-origin': 'e2e/cross-origin-frame.html',
  'news.example.com/embed': 'e2e/matching-frame.html',
  'github.com.evil.net/sessions/two-factor/recovery': 'github-recovery.html',
  'www.instagram.com/accounts/login/two_factor': 'e2e/backup-code.html',
  'www.1nstagram.com/accounts/login/two_factor': 'e2e/backup-code.html',
  'acme-backup.org/login/backup': 'e2e/backup-code.html',
  'evil-cdn.net/verify/backup': 'e2e/backup-code.html',
  'spent-codes.org/login/backup': 'e2e/backup-code.html',
  // The page names only the app; the site rule (sent as the site hint) finds the field.
  'www.facebook.com/checkpoint/login': 'facebook-checkpoint.html',
};

// ---------------------------------------------------------------- CDP helpers

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeName: string;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
  contentDocument?: DomNode;
}

function* walk(node: DomNode, inClosed = false): Generator<{ node: DomNode; inClosed: boolean }> {
  yield { node, inClosed };
  for (const c of node.children ?? []) yield* walk(c, inClosed);
  for (const s of node.shadowRoots ?? []) yield* walk(s, inClosed || s.shadowRootType === 'closed');
  if (node.contentDocument) yield* walk(node.contentDocument, inClosed);
}

const attr = (n: DomNode, name: string) => {
  const a = n.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
};

function textOf(node: DomNode): string {
  let out = node.nodeValue ?? '';
  for (const c of node.children ?? []) out += textOf(c);
  return out;
}

async function cdpFor(page: Page, frame?: Frame): Promise<CDPSession> {
  return page.context().newCDPSession(frame ?? page);
}

/** Every Backstop button (by accessible name) in closed shadow roots of the page and its frames. */
async function backstopButtons(page: Page, label: string) {
  const found: { x: number; y: number; closed: boolean; text: string }[] = [];
  const targets: (Frame | undefined)[] = [undefined, ...page.frames().slice(1)];
  for (const frame of targets) {
    let cdp: CDPSession;
    try {
      cdp = await cdpFor(page, frame);
    } catch {
      continue; // an in-process frame: already covered by the page's pierced tree
    }
    try {
      const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
        root: DomNode;
      };
      for (const { node, inClosed } of walk(root)) {
        const name =
          attr(node, 'aria-label') ?? (node.localName === 'button' ? textOf(node) : undefined);
        if (node.localName !== 'button' || name !== label) continue;
        try {
          const { model } = (await cdp.send('DOM.getBoxModel', {
            backendNodeId: node.backendNodeId,
          })) as {
            model: { content: number[] };
          };
          const q = model.content;
          found.push({
            x: (q[0]! + q[4]!) / 2,
            y: (q[1]! + q[5]!) / 2,
            closed: inClosed,
            text: textOf(node),
          });
        } catch {
          found.push({ x: NaN, y: NaN, closed: inClosed, text: textOf(node) }); // not rendered
        }
      }
    } finally {
      await cdp.detach().catch(() => {});
    }
  }
  return found;
}

async function waitForButton(page: Page, label: string, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [b] = await backstopButtons(page, label);
    if (b && Number.isFinite(b.x)) return b;
    await page.waitForTimeout(100);
  }
  throw new Error(`No "${label}" button appeared on ${page.url()}`);
}

/** The text of the Backstop toast (role=status inside a closed root), if any. */
async function toastText(page: Page): Promise<string | null> {
  const cdp = await cdpFor(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
      root: DomNode;
    };
    for (const { node, inClosed } of walk(root)) {
      if (inClosed && attr(node, 'role') === 'status') return textOf(node);
    }
    return null;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// ---------------------------------------------------------------- the suite

describe.skipIf(!RUN)('autofill in Chromium (built extension)', () => {
  let server: FixtureServer;
  let session: ChromiumSession;
  let manager: Page;
  const ids: Record<'github' | 'instagram' | 'acme' | 'spent' | 'facebook', string> = {
    github: '',
    instagram: '',
    acme: '',
    spent: '',
    facebook: '',
  };

  async function bg<T>(name: string, payload?: unknown): Promise<T> {
    const res = (await manager.evaluate(
      ([n, p]) =>
        (
          globalThis as unknown as {
            chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
          }
        ).chrome.runtime.sendMessage({ backstop: 1, name: n, payload: p }),
      [name, payload] as const,
    )) as { ok: boolean; value?: T; error?: unknown };
    if (!res?.ok) throw new Error(`${name} failed: ${JSON.stringify(res)}`);
    return res.value as T;
  }

  const account = (id: string) => bg<Account>('accounts.get', { id });
  const states = async (id: string) => (await account(id)).codes.map((c) => c.state);

  async function waitForState(id: string, codeIndex: number, state: string, timeoutMs = 8000) {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = (await account(id)).codes[codeIndex]?.state ?? '';
      if (last === state) return;
      await manager.waitForTimeout(100);
    }
    throw new Error(`code ${codeIndex} of ${id} is "${last}", expected "${state}"`);
  }

  /** Opens `url` in a fresh tab (other web tabs closed so a forced fill reaches only this one). */
  async function open(url: string): Promise<Page> {
    for (const p of session.context.pages()) if (p !== manager) await p.close();
    const page = await session.context.newPage();
    await page.goto(url);
    return page;
  }

  /** What the keyboard command, context menu and popup do: ask the tab's content scripts to fill. */
  async function forceFill(): Promise<unknown[]> {
    const worker: Worker = await session.serviceWorker();
    return worker.evaluate(async () => {
      const c = (
        globalThis as unknown as {
          chrome: {
            tabs: {
              query(q: object): Promise<{ id?: number }[]>;
              sendMessage(id: number, m: unknown): Promise<unknown>;
            };
          };
        }
      ).chrome;
      const out: unknown[] = [];
      for (const tab of await c.tabs.query({})) {
        if (tab.id === undefined) continue;
        // No frameId: every frame of the tab gets it.
        out.push(
          await c.tabs
            .sendMessage(tab.id, { backstop: 1, name: 'content.fill', payload: {} })
            .catch((e: Error) => `no receiver: ${e.message}`),
        );
      }
      return out;
    });
  }

  /**
   * Frame URLs whose content script reported a backup-code field (the
   * background's FieldFrames mirror in storage.session). Proves a negative
   * case was detected and then refused, not silently skipped.
   */
  async function reportedFrames(): Promise<string[]> {
    const worker: Worker = await session.serviceWorker();
    return worker.evaluate(async () => {
      const c = (
        globalThis as unknown as {
          chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } };
        }
      ).chrome;
      const tabs = ((await c.storage.session.get('fields')).fields ?? {}) as Record<
        string,
        Record<string, string>
      >;
      return Object.values(tabs).flatMap((frames) => Object.values(frames));
    });
  }

  beforeAll(async () => {
    server = await startFixtureServer({ routes: ROUTES });
    session = await launchChromium({ fixtures: server });
    manager = await session.openExtensionPage('src/ui/manager/index.html');
    await bg('vault.create', { passphrase: PASSPHRASE });
    const add = async (site: string, domains: string[], file: string) =>
      (
        await bg<Account>('accounts.add', {
          draft: { site, domains, username: 'jane', notes: '' },
          codesText: codesFile(file),
        })
      ).id;
    ids.github = await add('GitHub', ['github.com'], 'github-recovery-codes.txt');
    ids.instagram = await add('Instagram', ['instagram.com'], 'instagram-paste.txt');
    ids.acme = await add('Acme', ['acme-backup.org'], 'instagram-paste.txt');
    ids.facebook = await add('Facebook', ['facebook.com'], 'instagram-paste.txt');
    // Every code of this one is spent.
    ids.spent = await add('Spent', ['spent-codes.org'], 'microsoft-recovery-code.txt');
    for (const c of (await account(ids.spent)).codes) {
      await bg('codes.mark', { accountId: ids.spent, codeId: c.id, used: true });
    }
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('fills the first GitHub code from a trusted click on the inline button, then marks it used on submit', async () => {
    const before = await account(ids.github);
    expect(before.codes.every((c) => c.state === 'unused')).toBe(true);
    const page = await open(RECOVERY);
    // The field is autofocused; whether or not that focus came before the content
    // script, a click on the field shows the button.
    await page.click('#recovery_code');
    const button = await waitForButton(page, 'Fill backup code');
    expect(button.closed).toBe(true);
    // Invisible to the page itself.
    expect(await page.evaluate(() => document.querySelectorAll('button').length)).toBe(1);

    await page.mouse.click(button.x, button.y);
    await page.waitForFunction(
      () => (document.querySelector('#recovery_code') as HTMLInputElement).value !== '',
    );
    const first = before.codes[0]!;
    expect(await page.inputValue('#recovery_code')).toBe(first.value);
    await waitForState(ids.github, 0, 'filled');
    // Focus stayed in the field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('recovery_code');

    await Promise.all([
      page.waitForURL('**/sessions/two-factor'),
      page.click('button[type=submit]'),
    ]);
    const post = server.requests.find((r) => r.method === 'POST' && r.host === 'github.com');
    expect(new URLSearchParams(post?.body).get('recovery_code')).toBe(first.value);
    await waitForState(ids.github, 0, 'used');
    expect((await account(ids.github)).codes[0]!.origin).toBe('https://github.com');
  });

  it('the next fill gives a different code; Enter marks it used', async () => {
    const page = await open(RECOVERY);
    await page.click('#recovery_code');
    const button = await waitForButton(page, 'Fill backup code');
    await page.mouse.click(button.x, button.y);
    await page.waitForFunction(
      () => (document.querySelector('#recovery_code') as HTMLInputElement).value !== '',
    );
    const codes = (await account(ids.github)).codes;
    expect(await page.inputValue('#recovery_code')).toBe(codes[1]!.value);
    expect(codes[1]!.value).not.toBe(codes[0]!.value);
    await Promise.all([page.waitForURL('**/sessions/two-factor'), page.keyboard.press('Enter')]);
    await waitForState(ids.github, 1, 'used');
  });

  it('shows "N left" and, after a submit that stays on the page, a toast whose Undo works', async () => {
    const page = await open('https://github.com/sessions/two-factor/recovery-spa');
    await page.waitForTimeout(500);
    expect(await backstopButtons(page, 'Fill backup code')).toEqual([]); // not before focus
    await page.click('#recovery_code');
    const button = await waitForButton(page, 'Fill backup code');
    const fillButtons = await backstopButtons(page, 'Fill backup code');
    expect(fillButtons).toHaveLength(1);
    // 16 codes, two used by the tests above.
    expect(fillButtons[0]!.text).toBe('Fill backup code14 left');
    await page.mouse.click(button.x, button.y);
    await page.waitForFunction(
      () => (document.querySelector('#recovery_code') as HTMLInputElement).value !== '',
    );
    await waitForState(ids.github, 2, 'filled');

    await page.mouse.click(...(await center(page, '#verify')));
    await page.waitForFunction(() =>
      document.getElementById('result')?.textContent?.startsWith('Checking'),
    );
    await waitForState(ids.github, 2, 'used');
    await expect.poll(() => toastText(page), { timeout: 5000 }).toBe('Marked as used · Undo');

    const undo = await waitForButton(page, 'Undo');
    await page.mouse.click(undo.x, undo.y);
    await waitForState(ids.github, 2, 'filled'); // back to handed-out-but-not-confirmed
    await expect.poll(() => toastText(page), { timeout: 5000 }).toBe('No longer marked as used.');
  });

  it('content.fill from the background (keyboard command, menu, popup) fills a matching page', async () => {
    const page = await open('https://www.instagram.com/accounts/login/two_factor');
    await page.waitForTimeout(500);
    const answers = await forceFill();
    expect(answers).toContainEqual({ filled: true });
    const first = (await account(ids.instagram)).codes[0]!;
    // Instagram's rule fills digits only.
    expect(await page.inputValue('#backup_code')).toBe(first.value.replace(/\D/g, ''));
    expect(first.state).toBe('filled');
  });

  it('a cross-origin frame whose own origin matches gets the button and the fill', async () => {
    const page = await open('https://news.example.com/embed');
    const frame = page.frameLocator('#frame');
    await frame.locator('#backup_code').click();
    await expect
      .poll(async () => (await backstopButtons(page, 'Fill backup code')).length, { timeout: 8000 })
      .toBe(1);
    const before = await states(ids.instagram);
    // Sent to every frame; the top frame (no field) may answer first, so look at the field.
    await forceFill();
    await expect
      .poll(() => frame.locator('#backup_code').inputValue(), { timeout: 5000 })
      .not.toBe('');
    const after = (await account(ids.instagram)).codes;
    const filled = after.filter((c, i) => c.state === 'filled' && before[i] === 'unused');
    expect(filled).toHaveLength(1);
    expect(filled[0]!.origin).toBe('https://www.instagram.com');
    expect(await frame.locator('#backup_code').inputValue()).toBe(
      filled[0]!.value.replace(/\D/g, ''),
    );
  });

  it('an account whose codes are all used: "No codes for this site", and nothing is filled', async () => {
    const before = await states(ids.spent);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((s) => s === 'used')).toBe(true);
    const page = await open('https://spent-codes.org/login/backup');
    await page.click('#backup_code');
    const button = await waitForButton(page, 'Fill backup code');
    const [shown] = await backstopButtons(page, 'Fill backup code');
    expect(shown!.text).toBe('Fill backup codeNo codes for this site');
    await page.mouse.click(button.x, button.y); // a trusted click on a disabled offer
    await forceFill();
    await page.waitForTimeout(500);
    expect(await page.inputValue('#backup_code')).toBe('');
    expect(await states(ids.spent)).toEqual(before);
  });

  it('a field only the site rule knows (Facebook’s shared code field) is found and filled', async () => {
    const page = await open('https://www.facebook.com/checkpoint/login');
    await page.click('#approvals_code');
    const button = await waitForButton(page, 'Fill backup code');
    await page.mouse.click(button.x, button.y);
    await page.waitForFunction(
      () => (document.querySelector('#approvals_code') as HTMLInputElement).value !== '',
    );
    const first = (await account(ids.facebook)).codes[0]!;
    // Facebook's rule fills the digits only.
    expect(await page.inputValue('#approvals_code')).toBe(first.value.replace(/\D/g, ''));
    await waitForState(ids.facebook, 0, 'filled');
  });

  describe('gets nothing: no button, and a forced content.fill fills nothing', () => {
    const cases: {
      name: string;
      url: string;
      account: 'github' | 'instagram' | 'acme';
      frame?: string;
      field: string;
      /** The frame URL that detects the field (and is then refused by the background). */
      detectedAt?: string;
    }[] = [
      {
        name: 'look-alike host github.com.evil.net',
        url: 'https://github.com.evil.net/sessions/two-factor/recovery',
        account: 'github',
        field: '#recovery_code',
        detectedAt: 'https://github.com.evil.net/sessions/two-factor/recovery',
      },
      {
        name: 'look-alike domain 1nstagram.com',
        url: 'https://www.1nstagram.com/accounts/login/two_factor',
        account: 'instagram',
        field: '#backup_code',
        detectedAt: 'https://www.1nstagram.com/accounts/login/two_factor',
      },
      {
        name: 'plain http on a matching domain',
        url: 'http://acme-backup.org/login/backup',
        account: 'acme',
        field: '#backup_code',
        detectedAt: 'http://acme-backup.org/login/backup',
      },
      {
        name: 'sandboxed iframe of the real page',
        url: 'https://github.com/e2e/sandboxed',
        account: 'github',
        frame: '#frame',
        field: '#recovery_code',
      },
      {
        name: 'cross-origin iframe on a matching top page',
        url: 'https://github.com/e2e/cross-origin',
        account: 'github',
        frame: '#frame',
        field: '#backup_code',
        detectedAt: 'https://evil-cdn.net/verify/backup',
      },
      {
        name: 'GitHub’s app-code-only step',
        url: 'https://github.com/sessions/two-factor/app',
        account: 'github',
        field: '#app_totp',
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const before = await states(ids[c.account]);
        const page = await open(c.url);
        expect(page.url().startsWith(c.url.split('/').slice(0, 3).join('/'))).toBe(true); // no https upgrade
        const scope = c.frame ? page.frameLocator(c.frame) : page;
        await scope.locator(c.field).click();
        await page.waitForTimeout(1500);
        expect(await backstopButtons(page, 'Fill backup code')).toEqual([]);

        await forceFill();
        await page.waitForTimeout(500);
        expect(await scope.locator(c.field).inputValue()).toBe('');
        expect(await states(ids[c.account])).toEqual(before);
        // The content script did run and recognize the field: the refusal is the background's.
        if (c.detectedAt) expect(await reportedFrames()).toContain(c.detectedAt);
      });
    }
  });

  it('a page script cannot trigger a fill: postMessage, synthetic clicks, a fake overlaid button', async () => {
    const before = await states(ids.github);
    const page = await open('https://github.com/e2e/hostile');
    await page.click('#recovery_code');
    // Our real button is there (the origin matches), yet the page cannot press it.
    await waitForButton(page, 'Fill backup code');
    await page.waitForTimeout(1000); // the page's focus-triggered attack
    await page.mouse.click(...(await center(page, '#fake'))); // a trusted click on the page's look-alike
    await page.waitForTimeout(1000);
    expect(
      await page.evaluate(() => (window as unknown as { attempts: string[] }).attempts),
    ).toEqual(expect.arrayContaining(['focus', 'fake button']));
    expect(await page.inputValue('#recovery_code')).toBe('');
    expect(await states(ids.github)).toEqual(before);
  });
});

async function center(page: Page, selector: string): Promise<[number, number]> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  return [box.x + box.width / 2, box.y + box.height / 2];
}

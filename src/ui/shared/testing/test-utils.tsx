/**
 * Helpers for the UI's jsdom tests: render with fake services, find elements
 * the way a person (or an end-to-end test) would — by label and accessible
 * name — and a fake `send` that records calls.
 */
import { render as preactRender, type ComponentChildren } from 'preact';
import { act } from 'preact/test-utils';
import locale from '../../../../public/_locales/en/messages.json';
import { BackstopError, type ErrorCode } from '../../../core/errors';
import type { MessageName, Request, Response } from '../../../messages';
import { setMessageSource, sourceFromLocale } from '../i18n';
import {
  ServicesProvider,
  type ClipboardPort,
  type KeyValue,
  type SendFn,
  type Services,
} from '../services';

setMessageSource(sourceFromLocale(locale));

export type FakeHandlers = {
  [K in MessageName]?: (payload: Request<K>) => Response<K> | Promise<Response<K>>;
};

export interface FakeSend {
  send: SendFn;
  calls: { name: MessageName; payload: unknown }[];
  callsOf<K extends MessageName>(name: K): Request<K>[];
  handlers: FakeHandlers;
}

/** A `send` answering from `handlers`; an unhandled message fails the way the background would. */
export function fakeSend(handlers: FakeHandlers): FakeSend {
  const calls: { name: MessageName; payload: unknown }[] = [];
  const send = (async (name: MessageName, payload?: unknown) => {
    calls.push({ name, payload });
    const h = handlers[name] as ((p: unknown) => unknown) | undefined;
    if (!h) throw new BackstopError('internal', `fake: no handler for ${name}`);
    return await h(payload);
  }) as SendFn;
  return {
    send,
    calls,
    handlers,
    callsOf: (name) => calls.filter((c) => c.name === name).map((c) => c.payload) as never,
  };
}

export function fail(code: ErrorCode, message = code): never {
  throw new BackstopError(code, message);
}

export class MemoryStore implements KeyValue {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

export class FakeClipboard implements ClipboardPort {
  text = '';
  writes: string[] = [];
  readable = true;
  async writeText(text: string) {
    this.text = text;
    this.writes.push(text);
  }
  readText = async () => {
    if (!this.readable) throw new Error('denied');
    return this.text;
  };
}

export function makeServices(send: SendFn, over: Partial<Services> = {}): Services {
  return {
    send,
    openManager: async () => {},
    clipboard: new FakeClipboard(),
    download: () => {},
    print: () => {},
    now: () => Date.now(),
    local: new MemoryStore(),
    ...over,
  };
}

let container: HTMLElement | null = null;

export async function render(ui: ComponentChildren, services: Services): Promise<HTMLElement> {
  cleanup();
  container = document.createElement('div');
  document.body.append(container);
  await act(() => {
    preactRender(<ServicesProvider services={services}>{ui}</ServicesProvider>, container!);
  });
  await flush();
  return container;
}

export function cleanup(): void {
  if (container) {
    preactRender(null, container);
    container.remove();
    container = null;
  }
}

/** Lets pending promises (fake `send` answers) settle and Preact re-render. */
export async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

/** Polls until `fn` stops throwing (for debounced or lazily loaded parts). */
export async function waitFor<T>(fn: () => T, timeoutMs = 4000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return fn();
    } catch (e) {
      if (Date.now() - start > timeoutMs) throw e;
      await act(async () => {
        await new Promise((r) => setTimeout(r, 20));
      });
    }
  }
}

function text(el: Element | null): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Text as assistive technology reads it: without `aria-hidden` parts. */
function nameText(el: Element | null): string {
  if (!el) return '';
  const copy = el.cloneNode(true) as Element;
  copy.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove());
  return text(copy);
}

/** A simplified accessible name: aria-labelledby, aria-label, `<label>`, then text. */
export function accessibleName(el: Element): string {
  const by = el.getAttribute('aria-labelledby');
  if (by)
    return by
      .split(/\s+/)
      .map((id) => text(document.getElementById(id)))
      .join(' ');
  const aria = el.getAttribute('aria-label');
  if (aria) return aria.trim();
  const legend = el.tagName === 'FIELDSET' ? el.querySelector(':scope > legend') : null;
  if (legend) return nameText(legend);
  if (el.id) {
    const label = [...document.querySelectorAll('label')].find((l) => l.htmlFor === el.id);
    if (label) return nameText(label);
  }
  const wrapping = el.closest('label');
  if (wrapping && wrapping !== el) return nameText(wrapping);
  return nameText(el);
}

const ROLE_SELECTORS: Record<string, string> = {
  button: 'button, [role="button"]',
  list: 'ul, ol, [role="list"]',
  listitem: 'li, [role="listitem"]',
  alert: '[role="alert"]',
  status: '[role="status"]',
  link: 'a[href]',
  textbox:
    'input:not([type]), input[type="text"], input[type="search"], input[type="password"], textarea',
  combobox: 'select',
  checkbox: 'input[type="checkbox"]',
  group: 'fieldset, [role="group"]',
  heading: 'h1, h2, h3, h4',
};

export function queryAllByRole(
  root: ParentNode,
  role: string,
  name?: string | RegExp,
): HTMLElement[] {
  const sel = ROLE_SELECTORS[role];
  if (!sel) throw new Error(`unknown role ${role}`);
  return [...root.querySelectorAll<HTMLElement>(sel)].filter((el) => {
    if (el.closest('[hidden], [aria-hidden="true"]')) return false;
    if (name === undefined) return true;
    const n = accessibleName(el);
    return typeof name === 'string' ? n === name : name.test(n);
  });
}

export function getByRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement {
  const all = queryAllByRole(root, role, name);
  if (all.length !== 1) {
    throw new Error(`expected one ${role} named ${String(name)}, found ${all.length}`);
  }
  return all[0]!;
}

export function getByLabel<T extends HTMLElement = HTMLInputElement>(
  root: ParentNode,
  label: string,
): T {
  const labels = [...root.querySelectorAll('label')].filter((l) => text(l) === label);
  if (labels.length !== 1) throw new Error(`expected one label "${label}", found ${labels.length}`);
  const target = labels[0]!.htmlFor
    ? document.getElementById(labels[0]!.htmlFor)
    : labels[0]!.querySelector('input, textarea, select');
  if (!target) throw new Error(`label "${label}" points at nothing`);
  return target as T;
}

export async function click(el: HTMLElement): Promise<void> {
  if ((el as HTMLButtonElement).disabled)
    throw new Error(`clicked a disabled control: ${accessibleName(el)}`);
  await act(() => {
    el.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true }));
    el.click();
  });
  await flush();
}

export async function type(
  el: HTMLInputElement | HTMLTextAreaElement,
  value: string,
): Promise<void> {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await flush(2);
}

export async function select(el: HTMLSelectElement, value: string): Promise<void> {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await flush();
}

export async function submit(form: HTMLFormElement): Promise<void> {
  await act(() => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  await flush();
}

export { text as textOf };

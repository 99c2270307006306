// @vitest-environment jsdom
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { FieldCandidate } from './detect';
import { fillField, fillable } from './fill';

afterEach(() => {
  document.body.innerHTML = '';
});

function single(el: HTMLInputElement): FieldCandidate {
  return { element: el, kind: 'single', score: 1, reasons: [] };
}

function input(attrs: Record<string, string> = {}): HTMLInputElement {
  const el = document.createElement('input');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  return el;
}

const nativeValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;

/**
 * A tiny model of a React controlled input: React installs an own `value`
 * property on the node that remembers the last value React (or anyone using
 * `el.value = …`) set; an `input` event whose DOM value equals that memory is
 * not a change. State changes only through onChange; after every event the
 * component re-renders, writing the state back into the DOM.
 */
function reactControlled(el: HTMLInputElement) {
  let tracked = '';
  const component = { state: '' };
  Object.defineProperty(el, 'value', {
    configurable: true,
    get: () => nativeValue.get!.call(el),
    set: (v: string) => {
      tracked = String(v);
      nativeValue.set!.call(el, v);
    },
  });
  const render = () => {
    if (nativeValue.get!.call(el) !== component.state) el.value = component.state;
  };
  el.addEventListener('input', () => {
    const now = nativeValue.get!.call(el);
    if (now !== tracked) {
      tracked = now;
      component.state = now; // onChange={e => setState(e.target.value)}
    }
    queueMicrotask(render);
  });
  // Any other re-render (a parent's state change) restores the controlled value.
  const rerender = () => queueMicrotask(render);
  return { component, rerender };
}

/** Vue's v-model: the model follows `input`; the view is patched from the model on the next tick. */
function vueModel(el: HTMLInputElement, event: 'input' | 'change' = 'input') {
  const vm = { code: '' };
  el.addEventListener(event, () => {
    vm.code = el.value;
  });
  const tick = () => Promise.resolve().then(() => (el.value = vm.code));
  return { vm, tick };
}

describe('fillField', () => {
  it('fills a React-controlled input so that React state holds the code', async () => {
    const el = input();
    const { component, rerender } = reactControlled(el);
    const result = await fillField(single(el), 'abcde-12345');
    rerender();
    await Promise.resolve();
    expect(result).toEqual({ ok: true });
    expect(component.state).toBe('abcde-12345');
    expect(el.value).toBe('abcde-12345');
  });

  it('the React model is faithful: assigning el.value directly does not reach state', async () => {
    // If this failed, the previous test would prove nothing about the native setter.
    const el = input();
    const { component, rerender } = reactControlled(el);
    el.value = 'abcde-12345';
    el.dispatchEvent(new Event('input', { bubbles: true }));
    rerender();
    await Promise.resolve();
    expect(component.state).toBe('');
    expect(el.value).toBe('');
  });

  it('fills a Vue v-model input (input event) and a lazy one (change event)', async () => {
    for (const event of ['input', 'change'] as const) {
      const el = input();
      const { vm, tick } = vueModel(el, event);
      const result = await fillField(single(el), '1234 5678');
      await tick();
      expect(result).toEqual({ ok: true });
      expect(vm.code).toBe('1234 5678');
      expect(el.value).toBe('1234 5678');
    }
  });

  it('reports clearly when the page reverts the value', async () => {
    const el = input();
    // A framework that never accepts outside input: it resets on every input event.
    el.addEventListener('input', () => queueMicrotask(() => nativeValue.set!.call(el, '')));
    expect(await fillField(single(el), 'abcde-12345')).toEqual({ ok: false, reason: 'reverted' });
  });

  it('accepts a page that reformats the code (spaces, dashes, case)', async () => {
    const el = input();
    el.addEventListener('input', () => {
      const bare = el.value.replace(/[^0-9a-z]/gi, '').toUpperCase();
      nativeValue.set!.call(el, bare.replace(/(.{4})(?=.)/g, '$1 '));
    });
    expect(await fillField(single(el), 'abcd1234')).toEqual({ ok: true });
    expect(el.value).toBe('ABCD 1234');
  });

  it('dispatches input and change on the field, bubbling and composed, with the data', async () => {
    const el = input();
    const seen: string[] = [];
    document.addEventListener('input', (e) => seen.push(`input:${(e as InputEvent).data}`));
    document.addEventListener('change', () => seen.push('change'));
    let focused = false;
    el.addEventListener('focus', () => (focused = true));
    await fillField(single(el), 'x1y2z3w4');
    expect(focused).toBe(true);
    expect(seen).toEqual(['input:x1y2z3w4', 'change']);
  });

  it('strips separators when the field is limited to the bare code', async () => {
    const el = input({ maxlength: '10' });
    expect(await fillField(single(el), 'abcde-12345')).toEqual({ ok: true });
    expect(el.value).toBe('abcde12345');
  });

  it('types the form of the code the field’s own checks accept: pattern, number field, numeric keyboard', async () => {
    // Codes of every alphabet, in groups joined by a space or a dash, or whole.
    const code = fc
      .record({
        chars: fc.stringMatching(/^[0-9a-zA-Z]{6,24}$/),
        digitsOnly: fc.boolean(),
        size: fc.integer({ min: 2, max: 6 }),
        sep: fc.constantFrom(' ', '-', ''),
      })
      .map(({ chars, digitsOnly, size, sep }) => {
        const c = digitsOnly ? chars.replace(/[^0-9]/g, '7') : chars;
        return c.match(new RegExp(`.{1,${size}}`, 'g'))!.join(sep);
      });
    const fields: [string, Record<string, string>, (v: string) => boolean][] = [
      ['letters and digits', { pattern: '[A-Za-z0-9]+' }, (v) => /^[A-Za-z0-9]+$/.test(v)],
      [
        'letters, digits, spaces, dashes',
        { pattern: '[A-Za-z0-9 -]+' },
        (v) => /^[A-Za-z0-9 -]+$/.test(v),
      ],
      ['an exact length', { pattern: '\\w{6,24}' }, (v) => /^\w{6,24}$/.test(v)],
      ['no constraint', {}, () => true],
    ];
    await fc.assert(
      fc.asyncProperty(code, fc.constantFrom(...fields), async (value, [, attrs, accepts]) => {
        document.body.innerHTML = '';
        const el = input(attrs);
        expect(await fillField(single(el), value)).toEqual({ ok: true });
        expect(accepts(el.value)).toBe(true);
        // Only separators are ever taken out: the letters and digits are the code's, in order.
        expect(el.value.replace(/[ -]/g, '')).toBe(value.replace(/[ -]/g, ''));
        // A field that takes the code as the site shows it gets it that way.
        if (accepts(value)) expect(el.value).toBe(value);
      }),
      { numRuns: 150 },
    );
  });

  it('types a digits-only code without spaces into a number field or one with a numeric keyboard', async () => {
    const number = input({ type: 'number' });
    expect(await fillField(single(number), '1234 5678')).toEqual({ ok: true });
    expect(number.value).toBe('12345678');
    const numeric = input({ inputmode: 'numeric' });
    expect(await fillField(single(numeric), '1234-5678')).toEqual({ ok: true });
    expect(numeric.value).toBe('12345678');
    // A code with letters keeps its form: the keyboard is a hint, not a rule.
    const hinted = input({ inputmode: 'numeric' });
    expect(await fillField(single(hinted), 'ab12-cd34')).toEqual({ ok: true });
    expect(hinted.value).toBe('ab12-cd34');
  });

  it('types the code as shown when the pattern refuses every form, so the page’s message explains', async () => {
    const el = input({ pattern: '[0-9]{8}' });
    expect(await fillField(single(el), 'ab12-cd34')).toEqual({ ok: true });
    expect(el.value).toBe('ab12-cd34');
  });

  it('refuses a code that cannot fit, without touching the field', async () => {
    const el = input({ maxlength: '6' });
    expect(await fillField(single(el), 'abcde-12345')).toEqual({
      ok: false,
      reason: 'does-not-fit',
    });
    expect(el.value).toBe('');
  });

  it('does not fill a disabled or read-only field', async () => {
    const a = input({ disabled: '' });
    const b = input({ readonly: '' });
    expect(fillable(single(a))).toBe(false);
    expect(await fillField(single(b), '12345678')).toEqual({ ok: false, reason: 'not-fillable' });
    expect(b.value).toBe('');
  });
});

describe('fillField with split boxes', () => {
  function boxes(n: number, autoAdvance = true): HTMLInputElement[] {
    const wrap = document.createElement('div');
    document.body.append(wrap);
    const out = Array.from({ length: n }, () => {
      const b = document.createElement('input');
      b.maxLength = 1;
      wrap.append(b);
      return b;
    });
    if (autoAdvance) {
      // Typical OTP widget: typing a character moves the focus to the next box.
      out.forEach((b, i) =>
        b.addEventListener('input', () => {
          if (b.value.length === 1) out[i + 1]?.focus();
        }),
      );
    }
    return out;
  }
  const split = (bs: HTMLInputElement[]): FieldCandidate => ({
    element: bs[0]!,
    kind: 'split',
    boxes: bs,
    score: 1,
    reasons: [],
  });

  it('puts one character in each box, separators stripped, with key events', async () => {
    const bs = boxes(8);
    const keys: string[] = [];
    bs.forEach((b) => b.addEventListener('keydown', (e) => keys.push(e.key)));
    expect(await fillField(split(bs), '1234 5678')).toEqual({ ok: true });
    expect(bs.map((b) => b.value)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(keys.join('')).toBe('12345678');
    expect(document.activeElement).toBe(bs[7]);
  });

  it('works with React-controlled boxes', async () => {
    const bs = boxes(6, false);
    const models = bs.map((b) => reactControlled(b));
    expect(await fillField(split(bs), 'ab-cd-ef')).toEqual({ ok: true });
    models.forEach((m) => m.rerender());
    await Promise.resolve();
    expect(models.map((m) => m.component.state).join('')).toBe('abcdef');
  });

  it('refuses a code whose length differs from the number of boxes', async () => {
    const bs = boxes(6);
    expect(await fillField(split(bs), '1234 5678')).toEqual({ ok: false, reason: 'does-not-fit' });
    expect(bs.every((b) => b.value === '')).toBe(true);
  });
});

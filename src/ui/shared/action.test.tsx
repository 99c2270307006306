// @vitest-environment jsdom
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackstopError } from '../../core/errors';
import { useAction, type Action, type ActionOptions } from './action';
import {
  cleanup,
  click,
  flush,
  getByRole,
  makeServices,
  render,
  textOf,
} from './testing/test-utils';

// Every state change the hook makes goes through useState's setter; recording
// the calls shows whether it still writes state once its component is gone.
const setterCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('preact/hooks', async (importOriginal) => {
  const hooks = await importOriginal<typeof import('preact/hooks')>();
  return {
    ...hooks,
    useState: ((init: unknown) => {
      const [value, set] = hooks.useState(init);
      return [
        value,
        (next: unknown) => {
          setterCalls.count += 1;
          set(next);
        },
      ];
    }) as typeof hooks.useState,
  };
});

afterEach(() => cleanup());

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A button wired the way every screen wires its action. */
function Harness(props: {
  action(label: string): Promise<unknown>;
  options?: ActionOptions;
  expose?(a: Action<[string]>): void;
}) {
  const a = useAction(props.action, props.options);
  props.expose?.(a);
  return (
    <div>
      <button type="button" disabled={a.busy} onClick={() => void a.run('first')}>
        Go
      </button>
      <button type="button" onClick={() => void a.retry()}>
        Retry
      </button>
      <p class="state">
        {a.busy ? `busy:${a.running?.[0]}` : 'idle'}|{a.error ?? 'no error'}
      </p>
    </div>
  );
}

async function setup(props: Parameters<typeof Harness>[0]) {
  let current: Action<[string]> | null = null;
  const root = await render(
    <Harness {...props} expose={(a) => (current = a)} />,
    makeServices(async () => undefined as never),
  );
  return { root, action: () => current!, state: () => textOf(root.querySelector('.state')) };
}

describe('useAction', () => {
  it('is busy while the action runs, with its arguments, and idle after', async () => {
    const d = deferred();
    const fn = vi.fn(() => d.promise);
    const { root, state } = await setup({ action: fn });
    expect(state()).toBe('idle|no error');
    await click(getByRole(root, 'button', 'Go'));
    expect(state()).toBe('busy:first|no error');
    expect((getByRole(root, 'button', 'Go') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => d.resolve());
    await flush();
    expect(state()).toBe('idle|no error');
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith('first');
  });

  it('ignores a second start while the first call runs', async () => {
    const d = deferred();
    const fn = vi.fn(() => d.promise);
    const { action } = await setup({ action: fn });
    let second: Promise<boolean> | null = null;
    let first: Promise<boolean> | null = null;
    await act(() => {
      // Both in the same tick, as a double click delivers them.
      first = action().run('a');
      second = action().run('b');
    });
    expect(await second!).toBe(false);
    await act(async () => d.resolve());
    expect(await first!).toBe(true);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith('a');
  });

  it('shows a failure in plain words and never rejects', async () => {
    const { action, state } = await setup({
      action: async () => {
        throw new BackstopError('wrong-passphrase', 'x');
      },
    });
    let ok: boolean | null = null;
    await act(async () => {
      ok = await action().run('first');
    });
    expect(ok).toBe(false);
    expect(state()).toMatch(/^idle\|Wrong passphrase/);
    // Anything unexpected becomes the generic message, never a stack trace.
    const { action: other, state: otherState } = await setup({
      action: async () => {
        throw new TypeError('secret internals at line 12');
      },
    });
    await act(async () => void (await other().run('x')));
    expect(otherState()).not.toContain('internals');
    expect(otherState()).toMatch(/^idle\|.+/);
    expect(otherState()).not.toBe('idle|no error');
  });

  it('uses the screen’s own message, or none when the screen says so', async () => {
    const failing = async () => {
      throw new Error('boom');
    };
    const own = await setup({ action: failing, options: { onError: () => 'Could not read it.' } });
    await act(async () => void (await own.action().run('x')));
    expect(own.state()).toBe('idle|Could not read it.');
    const silent = await setup({ action: failing, options: { onError: () => null } });
    await act(async () => void (await silent.action().run('x')));
    expect(silent.state()).toBe('idle|no error');
  });

  it('clears the error when started again; setError shows a check’s message', async () => {
    let fail = true;
    const gate = deferred();
    const { root, action, state } = await setup({
      action: async () => {
        if (fail) throw new BackstopError('invalid-input', 'Enter the website.');
        await gate.promise;
      },
    });
    await click(getByRole(root, 'button', 'Go'));
    expect(state()).toBe('idle|Enter the website.');
    fail = false;
    await click(getByRole(root, 'button', 'Go'));
    // The old message goes as soon as the new attempt starts.
    expect(state()).toBe('busy:first|no error');
    await act(async () => gate.resolve());
    await flush();
    expect(state()).toBe('idle|no error');
    await act(() => action().setError('Too short.'));
    expect(state()).toBe('idle|Too short.');
  });

  it('retry runs the last call again with the same arguments', async () => {
    const seen: string[] = [];
    let attempts = 0;
    const { root, action, state } = await setup({
      action: async (label: string) => {
        seen.push(label);
        attempts += 1;
        if (attempts === 1) throw new BackstopError('internal', 'busy');
      },
    });
    // Nothing to retry yet.
    let retried: boolean | null = null;
    await act(async () => {
      retried = await action().retry();
    });
    expect(retried).toBe(false);
    expect(seen).toEqual([]);
    await act(async () => void (await action().run('second')));
    expect(state()).not.toBe('idle|no error');
    await click(getByRole(root, 'button', 'Retry'));
    expect(seen).toEqual(['second', 'second']);
    expect(state()).toBe('idle|no error');
  });

  it('calls the newest render’s function (it sees the current form values)', async () => {
    const calls: string[] = [];
    function Form() {
      const [value, setValue] = useState('old');
      const a = useAction(async () => void calls.push(value));
      return (
        <>
          <button type="button" onClick={() => setValue('new')}>
            Change
          </button>
          <button type="button" onClick={() => void a.run()}>
            Save
          </button>
        </>
      );
    }
    const root = await render(
      <Form />,
      makeServices(async () => undefined as never),
    );
    await click(getByRole(root, 'button', 'Change'));
    await click(getByRole(root, 'button', 'Save'));
    expect(calls).toEqual(['new']);
  });

  it('changes no state after its screen is gone', async () => {
    const ok = deferred();
    const bad = deferred();
    const one = await setup({ action: () => ok.promise });
    await click(getByRole(one.root, 'button', 'Go'));
    cleanup();
    const before = setterCalls.count;
    await act(async () => ok.resolve());
    await flush();
    expect(setterCalls.count).toBe(before);

    const two = await setup({ action: () => bad.promise });
    await click(getByRole(two.root, 'button', 'Go'));
    cleanup();
    const again = setterCalls.count;
    await act(async () => bad.reject(new BackstopError('locked', 'locked')));
    await flush();
    expect(setterCalls.count).toBe(again);
  });
});

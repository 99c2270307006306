// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { ImageReading } from '../../ocr/read';
import type { ReadImageRequest } from '../../ocr/reader';
import { CodesInput } from './CodesInput';
import { replaceLine, withImageCodes } from './ImageCodes';
import { useState } from 'preact/hooks';
import {
  cleanup,
  click,
  fakeSend,
  getByLabel,
  getByRole,
  makeServices,
  render,
  textOf,
  waitFor,
} from './testing/test-utils';
import { act } from 'preact/test-utils';
import { BackstopError } from '../../core/errors';

afterEach(cleanup);

function code(value: string, over: Partial<ImageReading['codes'][number]> = {}) {
  return {
    value,
    read: value,
    corrected: 0,
    unsure: false,
    reasons: [],
    bbox: { x0: 0, y0: 0, x1: 10, y1: 10 },
    confidence: 95,
    chars: null,
    line: 0,
    context: '',
    used: false,
    usedMark: null,
    crop: 'data:image/png;base64,iVBORw0KGgo=',
    ...over,
  } satisfies ImageReading['codes'][number];
}

function reading(codes: ImageReading['codes']): ImageReading {
  return {
    codes,
    doubtful: [],
    text: codes.map((c) => (c.used ? `${c.value} (used)` : c.value)).join('\n'),
    shape: null,
    shapeFrom: null,
    lines: codes.length + 3,
    width: 100,
    height: 100,
  };
}

/** The form part under test, holding its text like AccountForm does. */
function Harness(props: { initial?: string; onText?(t: string): void }) {
  const [text, setText] = useState(props.initial ?? '');
  return (
    <CodesInput
      label="Backup codes"
      value={text}
      onInput={(t) => {
        setText(t);
        props.onText?.(t);
      }}
      domain="instagram.com"
    />
  );
}

function codeInput(list: HTMLElement, n: number): HTMLInputElement {
  const input = list.querySelector<HTMLInputElement>(`input[aria-label="Code ${n}"]`);
  if (!input) throw new Error(`no input named Code ${n}`);
  return input;
}

function imageFile(name = 'shot.png'): File {
  return new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], name, { type: 'image/png' });
}

async function choose(root: HTMLElement, file: File) {
  const input = getByLabel(root, 'Import codes file');
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('codes from a picture', () => {
  it('offers pictures in the one "Import codes file" input', async () => {
    const root = await render(<Harness />, makeServices(fakeSend({}).send));
    const accept = getByLabel(root, 'Import codes file').getAttribute('accept') ?? '';
    for (const type of ['image/png', 'image/jpeg', 'image/webp', 'text/plain']) {
      expect(accept).toContain(type);
    }
  });

  it('lists each code with its crop, puts the codes in the text, and focuses the unsure one first', async () => {
    const requests: ReadImageRequest[] = [];
    const services = makeServices(fakeSend({}).send, {
      readImage: async (req) => {
        requests.push(req);
        return reading([code('1234 5678'), code('2345 6789', { unsure: true }), code('3456 7890')]);
      },
    });
    const root = await render(<Harness />, services);
    await choose(root, imageFile());
    const list = await waitFor(() => getByRole(root, 'list', 'Codes read from the picture'));
    expect(requests[0]?.domain).toBe('instagram.com');
    expect(list.querySelectorAll('img[alt^="Part of the picture where code"]')).toHaveLength(3);
    const second = codeInput(list, 2);
    await waitFor(() => expect(document.activeElement).toBe(second));
    expect(textOf(list)).toContain('check');
    expect(getByLabel<HTMLTextAreaElement>(root, 'Backup codes').value).toBe(
      '1234 5678\n2345 6789\n3456 7890',
    );
    expect(textOf(root)).toContain('unencrypted copy of your codes');
  });

  it('reads a picture pasted into "Backup codes" (Ctrl+V of a screenshot), pasting no text', async () => {
    const services = makeServices(fakeSend({}).send, {
      readImage: async () => reading([code('1234 5678')]),
    });
    const root = await render(<Harness />, services);
    const textarea = getByLabel<HTMLTextAreaElement>(root, 'Backup codes');
    const paste = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(paste, 'clipboardData', { value: { files: [imageFile()] } });
    await act(() => {
      textarea.dispatchEvent(paste);
    });
    expect(paste.defaultPrevented).toBe(true);
    await waitFor(() => getByRole(root, 'list', 'Codes read from the picture'));
    expect(textarea.value).toBe('1234 5678');
  });

  it('edits and used marks in the list change the text the parser reads', async () => {
    const services = makeServices(fakeSend({}).send, {
      readImage: async () => reading([code('1234 5678'), code('2345 6789', { used: true })]),
    });
    const root = await render(<Harness initial="9999 0000" />, services);
    await choose(root, imageFile());
    const list = await waitFor(() => getByRole(root, 'list', 'Codes read from the picture'));
    const textarea = getByLabel<HTMLTextAreaElement>(root, 'Backup codes');
    // What was typed before stays; the picture's codes follow it.
    expect(textarea.value).toBe('9999 0000\n1234 5678\n2345 6789 (used)');
    const first = codeInput(list, 1);
    await act(() => {
      first.value = '1234 5679';
      first.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(textarea.value).toBe('9999 0000\n1234 5679\n2345 6789 (used)');
    const used = list.querySelectorAll<HTMLInputElement>('input[type=checkbox]')[1]!;
    expect(used.checked).toBe(true);
    await click(used);
    expect(textarea.value).toBe('9999 0000\n1234 5679\n2345 6789');
    await waitFor(() => expect(textOf(root)).toContain('3 codes found'));
  });

  it('says so, and keeps the text, when the picture has no codes or is not a picture', async () => {
    let answer: () => Promise<ImageReading> = async () => reading([]);
    const services = makeServices(fakeSend({}).send, { readImage: () => answer() });
    const root = await render(<Harness initial="typed" />, services);
    await choose(root, imageFile());
    await waitFor(() => expect(textOf(getByRole(root, 'alert'))).toContain('No backup codes'));
    answer = () => {
      throw new BackstopError('image-error', 'not an image', { key: 'errImageType', subs: [] });
    };
    await choose(root, imageFile('fake.png'));
    await waitFor(() =>
      expect(textOf(getByRole(root, 'alert'))).toBe('This is not a PNG, JPEG or WebP picture.'),
    );
    expect(getByLabel<HTMLTextAreaElement>(root, 'Backup codes').value).toBe('typed');
  });

  it('lists the doubtful lines with their crops, out of the text until the person adds one', async () => {
    const doubt = (text: string) => ({
      text,
      bbox: { x0: 0, y0: 0, x1: 10, y1: 10 },
      crop: 'data:image/png;base64,iVBORw0KGgo=',
    });
    const services = makeServices(fakeSend({}).send, {
      readImage: async () => ({
        ...reading([code('r35m-vs1p'), code('fa3p-2c8b')]),
        doubtful: [doubt('ch6bf-85c8'), doubt('3c@cf-52a7d')],
      }),
    });
    const root = await render(<Harness initial="typed" />, services);
    await choose(root, imageFile());
    const doubtful = await waitFor(() => getByRole(root, 'list', 'Not read as codes'));
    const textarea = getByLabel<HTMLTextAreaElement>(root, 'Backup codes');
    // Shown, each next to its crop, but not in what the parser reads.
    expect(textOf(doubtful)).toContain('ch6bf-85c8');
    expect(textOf(doubtful)).toContain('3c@cf-52a7d');
    expect(doubtful.querySelectorAll('img[alt^="Part of the picture where line"]')).toHaveLength(2);
    expect(textOf(root)).toContain('2 lines look like codes but could not be read as codes');
    expect(textarea.value).toBe('typed\nr35m-vs1p\nfa3p-2c8b');

    // Adding one moves it into the codes, marked "check", focused for editing, and into the text.
    await click(getByRole(root, 'button', 'Add line 2 as a code'));
    const list = getByRole(root, 'list', 'Codes read from the picture');
    const added = codeInput(list, 3);
    expect(added.value).toBe('3c@cf-52a7d');
    expect(added.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(added));
    expect(textarea.value).toBe('typed\nr35m-vs1p\nfa3p-2c8b\n3c@cf-52a7d');
    expect(textOf(getByRole(root, 'list', 'Not read as codes'))).not.toContain('3c@cf-52a7d');
    expect(textOf(root)).toContain('1 line looks like a code');

    // Its edit rewrites its line, like any code read from the picture.
    await act(() => {
      added.value = '3c0cf-52a7d';
      added.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(textarea.value).toBe('typed\nr35m-vs1p\nfa3p-2c8b\n3c0cf-52a7d');

    // The last one added: the list of doubtful lines is gone.
    await click(getByRole(root, 'button', 'Add line 1 as a code'));
    expect(root.querySelector('[aria-label="Not read as codes"]')).toBeNull();
    expect(textarea.value).toBe('typed\nr35m-vs1p\nfa3p-2c8b\n3c0cf-52a7d\nch6bf-85c8');
  });

  it('points at the look-alike characters of a code until the person edits it', async () => {
    const services = makeServices(fakeSend({}).send, {
      readImage: async () =>
        reading([code('r35m-vs1p', { unsure: true, doubtAt: [6] }), code('fa3p-2c8b')]),
    });
    const root = await render(<Harness />, services);
    await choose(root, imageFile());
    const list = await waitFor(() => getByRole(root, 'list', 'Codes read from the picture'));
    const first = codeInput(list, 1);
    const hint = document.getElementById(first.getAttribute('aria-describedby') ?? '');
    expect(textOf(hint!)).toContain(
      'Characters that look like others, to compare with the picture: 7',
    );
    // The seventh character without the dash: the `1` of `vs1p`.
    expect([...hint!.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['1']);
    expect(codeInput(list, 2).hasAttribute('aria-describedby')).toBe(false);
    await act(() => {
      first.value = 'r35m-vslp';
      first.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(first.hasAttribute('aria-describedby')).toBe(false);
    expect(list.querySelector('.look-alike')).toBeNull();
  });

  it('with no code but doubtful lines, says no codes were found and still offers the lines', async () => {
    const services = makeServices(fakeSend({}).send, {
      readImage: async () => ({
        ...reading([]),
        doubtful: [{ text: 'gypo-4lim', bbox: { x0: 0, y0: 0, x1: 1, y1: 1 }, crop: null }],
      }),
    });
    const root = await render(<Harness initial="typed" />, services);
    await choose(root, imageFile());
    await waitFor(() => expect(textOf(getByRole(root, 'alert'))).toContain('No backup codes'));
    expect(textOf(getByRole(root, 'list', 'Not read as codes'))).toContain('gypo-4lim');
    expect(getByLabel<HTMLTextAreaElement>(root, 'Backup codes').value).toBe('typed');
    await click(getByRole(root, 'button', 'Add line 1 as a code'));
    expect(codeInput(getByRole(root, 'list', 'Codes read from the picture'), 1).value).toBe(
      'gypo-4lim',
    );
    expect(getByLabel<HTMLTextAreaElement>(root, 'Backup codes').value).toBe('typed\ngypo-4lim');
  });

  it('shows progress, and "Cancel reading" aborts and changes nothing', async () => {
    let signal: AbortSignal | null = null;
    const services = makeServices(fakeSend({}).send, {
      readImage: (req) => {
        signal = req.signal;
        return new Promise((_, reject) =>
          req.signal.addEventListener('abort', () =>
            reject(new DOMException('cancelled', 'AbortError')),
          ),
        );
      },
    });
    const root = await render(<Harness />, services);
    await choose(root, imageFile());
    expect(root.querySelector('progress')).not.toBeNull();
    await click(getByRole(root, 'button', 'Cancel reading'));
    expect(signal!.aborted).toBe(true);
    await waitFor(() =>
      expect(textOf(getByRole(root, 'alert'))).toContain('Reading was cancelled'),
    );
    expect(getByLabel<HTMLTextAreaElement>(root, 'Backup codes').value).toBe('');
  });

  it('in the popup (no reader) says where pictures are read and offers the manager page', async () => {
    let opened = 0;
    const services = makeServices(fakeSend({}).send, {
      openManager: async () => {
        opened++;
      },
    });
    delete services.readImage;
    const root = await render(<Harness />, services);
    await choose(root, imageFile());
    expect(textOf(getByRole(root, 'alert'))).toBe('Pictures are read in the manager page.');
    await click(getByRole(root, 'button', 'Open full page'));
    expect(opened).toBe(1);
  });
});

describe('text helpers', () => {
  it('replaceLine replaces the first equal line, or appends', () => {
    expect(replaceLine('a\nb\nb', 'b', 'c')).toBe('a\nc\nb');
    expect(replaceLine('a', 'x', 'c')).toBe('a\nc');
    expect(replaceLine('', 'x', 'c')).toBe('c');
  });

  it('withImageCodes keeps typed text before the picture codes', () => {
    expect(withImageCodes('', { text: '1\n2' })).toBe('1\n2');
    expect(withImageCodes('x\n\n', { text: '1' })).toBe('x\n1');
  });
});

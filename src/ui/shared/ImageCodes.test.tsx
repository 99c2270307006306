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

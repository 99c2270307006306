import { describe, expect, it } from 'vitest';
import { isBackstopError } from '../errors';
import { buildZip } from './testing/zip-writer';
import { fixtureBytes } from './testing/fixtures';
import { crc32, isZip, listZip, readZipEntry } from './zip';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const MAX = 1024 * 1024;

async function reason(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (!isBackstopError(e, 'parse-error')) throw e;
    return (e.detail as { reason: string }).reason;
  }
  throw new Error('expected a parse-error');
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});

describe('ZIP reader', () => {
  it('reads stored and deflated entries, with or without a data descriptor', async () => {
    const big = 'export data '.repeat(5000);
    const zip = buildZip([
      { name: 'a.txt', data: 'stored text' },
      { name: 'dir/b.json', data: big, deflate: true },
      { name: 'c.json', data: '{"x":1}', deflate: true, descriptor: true },
    ]);
    expect(isZip(zip)).toBe(true);
    const entries = listZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['a.txt', 'dir/b.json', 'c.json']);
    expect(text(await readZipEntry(zip, entries[0]!, MAX))).toBe('stored text');
    expect(text(await readZipEntry(zip, entries[1]!, MAX))).toBe(big);
    expect(text(await readZipEntry(zip, entries[2]!, MAX))).toBe('{"x":1}');
  });

  it('reads the 1PUX fixture written by another ZIP writer (Python zipfile)', async () => {
    const zip = fixtureBytes('1password/export.1pux');
    const entries = listZip(zip);
    expect(entries.map((e) => e.name).sort()).toEqual([
      'export.attributes',
      'export.data',
      'files/',
    ]);
    const data = await readZipEntry(
      zip,
      entries.find((e) => e.name === 'export.data')!,
      MAX,
    );
    expect(text(data)).toBe(text(fixtureBytes('1password/export.data')));
  });

  it('refuses a damaged entry (CRC mismatch) and one that inflates beyond what it declares', async () => {
    const badCrc = buildZip([{ name: 'a', data: 'hello world', deflate: true, crc: 1234 }]);
    expect(await reason(readZipEntry(badCrc, listZip(badCrc)[0]!, MAX))).toBe('damaged');

    // Declares 10 bytes, inflates to 100,000: stopped at the cap, never fully expanded.
    const bomb = buildZip([{ name: 'a', data: '0'.repeat(100_000), deflate: true, size: 10 }]);
    expect(await reason(readZipEntry(bomb, listZip(bomb)[0]!, 1000))).toBe('damaged');
    // Declared larger than allowed: refused before inflating.
    const large = buildZip([{ name: 'a', data: '0'.repeat(5000), deflate: true }]);
    expect(await reason(readZipEntry(large, listZip(large)[0]!, 1000))).toBe('damaged');
  });

  it('refuses encrypted entries and archives that are not ZIPs', async () => {
    const locked = buildZip([{ name: 'export.data', data: '{}', encryptedFlag: true }]);
    expect(await reason(readZipEntry(locked, listZip(locked)[0]!, MAX))).toBe('encrypted');
    const junk = new TextEncoder().encode('PK\x03\x04 but nothing else');
    expect(isZip(junk)).toBe(true);
    expect(await reason(() => listZip(junk))).toBe('damaged');
    const truncated = buildZip([{ name: 'a', data: 'abc' }]).slice(0, 40);
    expect(await reason(() => listZip(truncated))).toBe('damaged');
  });
});

/**
 * Backup format version 2 authenticates the set of records and the export time (issue 9, item 7):
 * every way of editing them in a file fails with a message that says the file was changed, and
 * nothing is imported. Version 1 files still import and say which version they are.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../bytes';
import { isBackstopError } from '../errors';
import { exportBackup } from './export';
import { readBackupFile } from './import';
import { account } from './testing/testdata';

const webCrypto = globalThis.crypto;
const PASS = 'a backup passphrase for the manifest tests';
const accounts = [
  account({ site: 'One', domains: ['one.example'] }),
  account({ site: 'Two', domains: ['two.example'] }),
  account({ site: 'Three', domains: ['three.example'] }),
];

interface File {
  version: number;
  createdAt: string;
  records: { id: string; iv: string; ct: string }[];
  manifest?: { iv: string; ct: string };
}

let exported: string;
let other: string;
beforeAll(async () => {
  const opts = { passphrase: PASS, iterations: 600_000, crypto: webCrypto };
  exported = await exportBackup(accounts, { ...opts, now: () => Date.UTC(2025, 5, 1, 9, 30) });
  other = await exportBackup(accounts, { ...opts, now: () => Date.UTC(2025, 5, 1, 9, 30) });
}, 60_000);

const copy = (): File => JSON.parse(exported) as File;

async function refusal(file: unknown): Promise<string> {
  try {
    await readBackupFile(JSON.stringify(file), PASS, webCrypto);
  } catch (e) {
    if (isBackstopError(e, 'invalid-backup')) return e.message;
    throw e;
  }
  throw new Error('the changed file was imported');
}

const CHANGED = /^This backup was changed after it was made: .* Nothing was imported\.$/;

describe('a version 2 backup whose records or date were edited', { timeout: 120_000 }, () => {
  it('reads back as written, as version 2', async () => {
    const read = await readBackupFile(exported, PASS, webCrypto);
    expect(read.version).toBe(2);
    expect(read.accounts).toEqual(accounts);
  });

  it('a record removed, at every position', async () => {
    for (const at of [0, 1, 2]) {
      const file = copy();
      file.records.splice(at, 1);
      const message = await refusal(file);
      expect(message).toMatch(CHANGED);
      expect(message).toContain('it holds 2 of the 3 accounts that were exported');
    }
  });

  it('every record removed', async () => {
    const file = copy();
    file.records = [];
    expect(await refusal(file)).toContain('it holds 0 of the 3 accounts that were exported');
  });

  it('records reordered, or one repeated in place of another', async () => {
    const reordered = copy();
    reordered.records.reverse();
    expect(await refusal(reordered)).toMatch(/its accounts are not the ones that were exported/);
    const repeated = copy();
    repeated.records[2] = repeated.records[0]!;
    expect(await refusal(repeated)).toMatch(/record 3 of 3 repeats a record id/);
  });

  it('a record from another export of the same accounts swapped in', async () => {
    const file = copy();
    file.records[1] = (JSON.parse(other) as File).records[1]!;
    expect(await refusal(file)).toMatch(/its accounts are not the ones that were exported/);
  });

  it('createdAt edited to any other valid time', async () => {
    for (const createdAt of [
      '2025-06-01T09:30:00.001Z',
      '2024-06-01T09:30:00.000Z',
      '2099-01-01T00:00:00.000Z',
      '1970-01-01T00:00:00.000Z',
    ]) {
      const file = copy();
      file.createdAt = createdAt;
      const message = await refusal(file);
      expect(message).toMatch(CHANGED);
      expect(message).toContain(
        `its date says ${createdAt}, but it was made 2025-06-01T09:30:00.000Z`,
      );
    }
  });

  it('the manifest damaged, taken from another export, or removed', async () => {
    const flipped = copy();
    const ct = fromBase64(flipped.manifest!.ct)!;
    ct[3]! ^= 0x01;
    flipped.manifest!.ct = toBase64(ct);
    expect(await refusal(flipped)).toMatch(/damaged: its list of accounts could not be checked/);
    const moved = copy();
    moved.manifest = (JSON.parse(other) as File).manifest!;
    expect(await refusal(moved)).toMatch(/damaged: its list of accounts could not be checked/);
    const removed = copy();
    delete removed.manifest;
    expect(await refusal(removed)).toMatch(/missing or unexpected fields/);
  });

  it('relabelled as version 1 (manifest dropped, a record removed) is caught, not a wrong passphrase', async () => {
    const file = copy();
    file.version = 1;
    delete file.manifest;
    file.records.pop();
    expect(await refusal(file)).toContain('it was made as format version 2 but now says version 1');
  });
});

describe('a version 1 backup', () => {
  it('still imports, reported as version 1 so the page can say its list is not protected', async () => {
    const v1 = readFileSync(
      new URL('../../../test/fixtures/backups/v1-example.json', import.meta.url),
      'utf8',
    );
    const read = await readBackupFile(v1, 'Backstop fixture v1 — ünïcode pässphrase 🔐', webCrypto);
    expect(read.version).toBe(1);
    expect(read.accounts).toHaveLength(4);
  });
});

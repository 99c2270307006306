/**
 * docs/backup-format.md is the whole truth about a backup file: its two JSON Schemas
 * (docs/backup-format.schema.json, docs/account.schema.json) are strict, and every file the
 * real writer produces — from a vault driven through the real handlers into every state a code
 * and an account can be in — validates against them, file, manifest and each decrypted record.
 * A key the writer starts to emit without documenting it fails here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifestAad, parseBackupFile, recordAad, wrapAad } from '../core/backup/format';
import { deriveKek, openJson, unwrapDek } from '../core/crypto';
import type { Account } from '../core/types';
import { nodeCrypto } from '../storage/testing/vault-harness';
import { content, filled as aFill, page, withGithub } from './testing/background';

const EXPORT_PASS = 'a passphrase for the schema tests';
const RECOVERY = content('https://github.com/sessions/two-factor/recovery');

function schema(name: string): Record<string, unknown> {
  const url = new URL(`../../docs/${name}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as Record<string, unknown>;
}

let validFile: ValidateFunction;
let validManifest: ValidateFunction;
let validAccount: ValidateFunction;

beforeAll(() => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const file = schema('backup-format.schema.json');
  ajv.addSchema(file);
  validFile = ajv.getSchema(file.$id as string)!;
  validManifest = ajv.getSchema(`${file.$id as string}#/$defs/manifestPlaintext`)!;
  validAccount = ajv.compile(schema('account.schema.json'));
});

function expectValid(validate: ValidateFunction, value: unknown, what: string) {
  const ok = validate(value);
  expect(ok ? [] : validate.errors, what).toEqual([]);
}

/** Decrypts a file as it is, without `validateAccount`, which would drop unknown keys. */
async function rawContents(json: string) {
  const file = parseBackupFile(json);
  const kek = await deriveKek(nodeCrypto.subtle, EXPORT_PASS, file.kdf);
  const aad = wrapAad(file.exportId, file.kdf, file.version);
  const dek = await unwrapDek(nodeCrypto.subtle, file.wrappedKey, kek, aad, false);
  if (!dek) throw new Error('the export key did not unwrap');
  const manifest = await openJson(
    nodeCrypto.subtle,
    dek,
    manifestAad(file.exportId),
    file.manifest!,
  );
  const accounts: unknown[] = [];
  for (const r of file.records) {
    const aad = recordAad(file.exportId, r.id, file.version);
    accounts.push(await openJson(nodeCrypto.subtle, dek, aad, r));
  }
  return { manifest, accounts };
}

describe('every export validates against the published schemas', { timeout: 120_000 }, () => {
  it('in every state: filled, used, undone, replaced and archived, imported, edited', async () => {
    const { h, account } = await withGithub();
    const exported: [string, string][] = [];
    const snapshot = async (state: string) => {
      const { json } = await h['backup.export']({ passphrase: EXPORT_PASS }, page);
      exported.push([state, json]);
    };
    await snapshot('new');
    const filled = aFill(await h['page.claimCode']({ sandboxed: false }, RECOVERY));
    await snapshot('filled');
    await h['page.submitted']({ accountId: account.id, codeId: filled.codeId }, RECOVERY);
    await snapshot('used on a page');
    const second = (await h['accounts.get']({ id: account.id }, page)).codes[1]!;
    await h['codes.mark']({ accountId: account.id, codeId: second.id, used: true }, page);
    await snapshot('marked used');
    await h['codes.undo']({ accountId: account.id, codeId: second.id }, page);
    await snapshot('undone');
    await h['codes.replace'](
      { accountId: account.id, codesText: 'qqqqq-11111\nrrrrr-22222' },
      page,
    );
    await snapshot('replaced and archived');
    await h['accounts.import'](
      {
        accounts: [
          {
            site: 'Example',
            domains: ['example.com'],
            username: 'zoë',
            codes: [
              { value: '1111-2222', used: true },
              { value: '3333-4444', used: false },
            ],
          },
        ],
      },
      page,
    );
    await snapshot('imported from another manager');
    const { json: own } = await h['backup.export']({ passphrase: EXPORT_PASS }, page);
    await h['accounts.delete']({ id: account.id }, page);
    await h['backup.import']({ json: own, passphrase: EXPORT_PASS }, page);
    await snapshot('imported from a backup');
    await h['accounts.update'](
      {
        id: account.id,
        draft: { site: 'GitHub (work)', domains: ['github.com'], username: 'o', notes: 'desk' },
      },
      page,
    );
    await snapshot('edited');

    const seen = { previous: false, archived: false, filled: false, imported: false };
    for (const [state, json] of exported) {
      expectValid(validFile, JSON.parse(json), `${state}: file`);
      const { manifest, accounts } = await rawContents(json);
      expectValid(validManifest, manifest, `${state}: manifest`);
      for (const a of accounts) {
        expectValid(validAccount, a, `${state}: account`);
        const acc = a as Account;
        const codes = [...acc.codes, ...acc.archived.flatMap((s) => s.codes)];
        seen.previous ||= codes.some((c) => c.previous !== undefined);
        seen.archived ||= acc.archived.length > 0;
        seen.filled ||= codes.some((c) => c.state === 'filled');
        seen.imported ||= acc.site === 'Example' && acc.codes[0]?.state === 'used';
      }
    }
    // The states the test claims to cover really were in the files.
    expect(seen).toEqual({ previous: true, archived: true, filled: true, imported: true });
  });

  it('the schemas are strict: any key they do not list is refused', async () => {
    const { h } = await withGithub();
    const { json } = await h['backup.export']({ passphrase: EXPORT_PASS }, page);
    const file = JSON.parse(json) as Record<string, unknown>;
    const { manifest, accounts } = await rawContents(json);
    const account = accounts[0] as Account & Record<string, unknown>;
    expect(validFile({ ...file, comment: 'x' })).toBe(false);
    expect(validFile({ ...file, version: 1 })).toBe(false); // version 1 has no manifest
    expect(validManifest({ ...(manifest as object), note: 1 })).toBe(false);
    expect(validAccount({ ...account, favourite: true })).toBe(false);
    const code = { ...account.codes[0]!, label: 'x' };
    expect(validAccount({ ...account, codes: [code] })).toBe(false);
    const previous = { ...account.codes[0]!, previous: { state: 'unused', by: 'x' } };
    expect(validAccount({ ...account, codes: [previous] })).toBe(false);
    const entry = { ...account.history[0]!, note: 'x' };
    expect(validAccount({ ...account, history: [entry] })).toBe(false);
  });

  it('the frozen version 1 and 2 exports validate too', () => {
    for (const name of ['v1-example.json', 'v2-example.json']) {
      const url = new URL(`../../test/fixtures/backups/${name}`, import.meta.url);
      expectValid(validFile, JSON.parse(readFileSync(fileURLToPath(url), 'utf8')), name);
    }
  });
});

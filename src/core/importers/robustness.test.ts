// Exports are untrusted input: whatever their shape, the readers either return
// items or fail with a BackstopError — never a TypeError from a missing key.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBackstopError } from '../errors';
import { readBitwardenJson } from './bitwarden';
import { collectCandidates } from './candidates';
import { readManagerExport } from './index';
import { read1puxData } from './onepassword';
import { readProtonJson } from './protonpass';
import { parseXml } from './testing/fixtures';

/** JSON shaped like each format at the top, anything below. */
const anything = fc.jsonValue({ maxDepth: 5 });
const shaped = fc.oneof(
  fc.record({ encrypted: fc.constant(false), items: fc.array(anything) }),
  fc.record({
    items: fc.array(
      fc.record({
        type: fc.oneof(fc.integer({ min: 0, max: 6 }), anything),
        name: anything,
        notes: anything,
        fields: anything,
        login: fc.oneof(
          anything,
          fc.record({ uris: anything, password: anything, totp: anything }),
        ),
      }),
    ),
    folders: anything,
  }),
  fc.record({
    accounts: fc.array(fc.record({ vaults: fc.array(fc.record({ items: anything })) })),
  }),
  fc.record({ version: anything, vaults: fc.dictionary(fc.string(), anything) }),
);

function readsOrRefuses(run: () => unknown) {
  try {
    run();
  } catch (e) {
    expect(isBackstopError(e), String(e)).toBe(true);
  }
}

describe('readers on arbitrary input', () => {
  it('JSON readers never crash', () => {
    fc.assert(
      fc.property(fc.oneof(anything, shaped), (v) => {
        for (const [format, read] of [
          ['bitwarden-json', readBitwardenJson],
          ['1password-1pux', read1puxData],
          ['protonpass-json', readProtonJson],
        ] as const) {
          readsOrRefuses(() => collectCandidates(format, read(v)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the whole pipeline never crashes on arbitrary text', async () => {
    const texts = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .array(fc.array(fc.string(), { maxLength: 6 }), { maxLength: 6 })
        .map((rows) => `name,url,notes,Backup codes\n${rows.map((r) => r.join(',')).join('\n')}`),
      fc
        .string()
        .map((s) => `<KeePassFile><Root><Group><Entry>${s}</Entry></Group></Root></KeePassFile>`),
    );
    await fc.assert(
      fc.asyncProperty(texts, async (text) => {
        try {
          await readManagerExport('x', text, { parseXml });
        } catch (e) {
          expect(isBackstopError(e), String(e)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// The layer rules of eslint.config.js bite (docs/architecture.md, "Layers"):
// each refused edge, written the way a real file would write it, is an error,
// and the edges the layers allow lint clean. ESLint's Node API lints the text
// as if it were a file at that path, so the folder globs of the config apply.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The layer-rule messages ESLint gives `code` as the file `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter(
      (m) =>
        m.ruleId === '@typescript-eslint/no-restricted-imports' ||
        m.ruleId === 'no-restricted-syntax',
    )
    .map((m) => m.message);
}

/** A value import that is used, so no other rule complains. */
const valueImport = (from: string) => `import { thing } from '${from}';\nexport const a = thing;\n`;
const typeImport = (from: string) =>
  `import type { Thing } from '${from}';\nexport type A = Thing;\n`;
const inlineTypeImport = (from: string) =>
  `import { type Thing } from '${from}';\nexport type A = Thing;\n`;
const reExport = (from: string) => `export { thing } from '${from}';\n`;

// [importing file, specifier]: both a file at the top of the folder and one nested deeper.
const refused: [string, string, string][] = [
  // src/core imports nothing above it, not even types.
  ['core → platform', 'src/core/crypto.ts', '../platform/browser'],
  ['core → platform (nested)', 'src/core/backup/merge.ts', '../../platform/messaging'],
  ['core → messages', 'src/core/account.ts', '../messages'],
  ['core → messages (nested)', 'src/core/backup/merge.ts', '../../messages'],
  ['core → background', 'src/core/vault/store.ts', '../../background/session'],
  ['core → content', 'src/core/sites/domain.ts', '../../content/detect'],
  ['core → ui', 'src/core/account.ts', '../ui/shared/i18n'],
  ['core → storage', 'src/core/vault/store.ts', '../../storage/db'],
  // src/storage stores core's data and knows nothing of the contexts.
  ['storage → messages', 'src/storage/db.ts', '../messages'],
  ['storage → platform', 'src/storage/db.ts', '../platform/storage-areas'],
  ['storage → background', 'src/storage/db.ts', '../background/session'],
  // The protocol takes types from core, nothing from the contexts.
  ['messages → platform', 'src/messages.ts', './platform/browser'],
  ['messages → content', 'src/messages.ts', './content/detect/types'],
  ['messages → background', 'src/messages.ts', './background/handlers'],
  ['messages → ui', 'src/messages.ts', './ui/shared/i18n'],
  ['messages → storage', 'src/messages.ts', './storage/db'],
  // The platform wraps the browser for the contexts, not the other way round.
  ['platform → background', 'src/platform/messaging.ts', '../background/session'],
  ['platform → content', 'src/platform/content-messaging.ts', '../content/controller'],
  ['platform → ui', 'src/platform/early.ts', '../ui/shared/preload'],
  ['platform → storage', 'src/platform/storage-areas.ts', '../storage/db'],
  // The background speaks to the other contexts only through messages.
  ['background → content', 'src/background/handlers.ts', '../content/detect/types'],
  ['background → content (deep)', 'src/background/handlers.ts', '../content/controller'],
  ['background → ui', 'src/background/menus.ts', '../ui/shared/i18n'],
  // The content script: no background, storage or UI code; core values and
  // the polyfill-carrying platform modules stay out of its bundle.
  ['content → background', 'src/content/controller.ts', '../background/handlers'],
  ['content → storage', 'src/content/controller.ts', '../storage/db'],
  ['content → ui', 'src/content/offer.ts', '../ui/shared/components'],
  ['content → core value', 'src/content/controller.ts', '../core/errors'],
  ['content → core value (nested)', 'src/content/detect/qualify.ts', '../../core/sites/domain'],
  ['content → platform/browser', 'src/content/index.ts', '../platform/browser'],
  ['content → platform/messaging', 'src/content/index.ts', '../platform/messaging'],
  ['content → platform/early', 'src/content/controller.ts', '../platform/early'],
  // The pages reach the vault only through the background.
  ['ui → background', 'src/ui/shared/session.tsx', '../../background/session'],
  ['ui → storage', 'src/ui/manager/BackupPanel.tsx', '../../storage/db'],
  ['ui → content', 'src/ui/popup/PopupApp.tsx', '../../content/offer'],
];

const refusedPackages: [string, string, string][] = [
  ['ui → webextension-polyfill', 'src/ui/popup/main.tsx', 'webextension-polyfill'],
  ['background → webextension-polyfill', 'src/background/index.ts', 'webextension-polyfill'],
  ['content → webextension-polyfill', 'src/content/index.ts', 'webextension-polyfill'],
  ['core → webextension-polyfill', 'src/core/crypto.ts', 'webextension-polyfill'],
  ['core → idb', 'src/core/vault/store.ts', 'idb'],
  ['core → preact', 'src/core/account.ts', 'preact'],
  ['content → tldts', 'src/content/detect/qualify.ts', 'tldts'],
  ['content → preact', 'src/content/offer.ts', 'preact'],
];

describe('layer rules refuse', () => {
  it.each(refused)('%s (value import)', async (_, file, from) => {
    const errors = await layerErrors(file, valueImport(from));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('docs/');
  });

  it.each(refused.filter(([name]) => !name.startsWith('content → core')))(
    '%s (type import too)',
    async (_, file, from) => {
      expect(await layerErrors(file, typeImport(from))).toHaveLength(1);
    },
  );

  it.each(refused)('%s (re-export)', async (_, file, from) => {
    expect(await layerErrors(file, reExport(from))).toHaveLength(1);
  });

  it.each(refusedPackages)('%s', async (_, file, from) => {
    expect(await layerErrors(file, valueImport(from))).toHaveLength(1);
  });

  it('a type and a value from core in one content-script import', async () => {
    const code = `import { type Thing, thing } from '../core/errors';\nexport const a: Thing = thing;\n`;
    expect(await layerErrors('src/content/controller.ts', code)).toHaveLength(1);
  });

  it('dynamic import() in core and the content script', async () => {
    const code = `export const load = () => import('./other');\n`;
    expect(await layerErrors('src/core/account.ts', code)).toHaveLength(1);
    expect(await layerErrors('src/content/controller.ts', code)).toHaveLength(1);
  });

  it('tests and their helpers keep the directions between layers', async () => {
    expect(await layerErrors('src/core/vault.test.ts', valueImport('../messages'))).toHaveLength(1);
    expect(
      await layerErrors('src/content/testing/pages.ts', valueImport('../../ui/shared/i18n')),
    ).toHaveLength(1);
  });
});

describe('layer rules allow', () => {
  const allowed: [string, string, string, (from: string) => string][] = [
    ['core inside core', 'src/core/backup/merge.ts', '../codes/parse', valueImport],
    ['core → tldts', 'src/core/sites/domain.ts', 'tldts', valueImport],
    ['storage → core', 'src/storage/db.ts', '../core/vault', valueImport],
    ['storage → idb', 'src/storage/db.ts', 'idb', valueImport],
    ['messages → core types', 'src/messages.ts', './core/backup', typeImport],
    ['platform → polyfill', 'src/platform/browser.ts', 'webextension-polyfill', valueImport],
    ['platform → core', 'src/platform/messaging.ts', '../core/errors', valueImport],
    ['platform → messages', 'src/platform/envelope.ts', '../messages', typeImport],
    ['background → core', 'src/background/handlers.ts', '../core/backup', valueImport],
    ['background → storage', 'src/background/index.ts', '../storage/db', valueImport],
    ['background → platform', 'src/background/index.ts', '../platform/messaging', valueImport],
    ['background → messages', 'src/background/handlers.ts', '../messages', valueImport],
    ['content → core types', 'src/content/controller.ts', '../core/errors', typeImport],
    ['content → core inline types', 'src/content/fill.ts', '../core/types', inlineTypeImport],
    ['content → messages types', 'src/content/detect/qualify.ts', '../../messages', typeImport],
    [
      'content → platform/content-*',
      'src/content/index.ts',
      '../platform/content-messaging',
      valueImport,
    ],
    ['content inside content', 'src/content/controller.ts', './detect/observe', valueImport],
    ['content test → core value', 'src/content/controller.test.ts', '../core/errors', valueImport],
    ['core test → storage', 'src/core/vault.test.ts', '../storage/db', valueImport],
    [
      'core testing helper → storage',
      'src/core/vault/testing/repo.ts',
      '../../../storage/db',
      valueImport,
    ],
    ['ui → core', 'src/ui/shared/session.tsx', '../../core/errors', valueImport],
    ['ui → platform', 'src/ui/popup/main.tsx', '../../platform/early', valueImport],
    ['ui → messages', 'src/ui/shared/preload.ts', '../../messages', typeImport],
    ['ui → preact', 'src/ui/popup/main.tsx', 'preact', valueImport],
  ];

  it.each(allowed)('%s', async (_, file, from, write) => {
    expect(await layerErrors(file, write(from))).toEqual([]);
  });
});

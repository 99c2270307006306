import globals from 'globals';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// ---- The layers of src/ (docs/architecture.md, "Layers") ----
//
// Which folder may import which, as lint rules: a layer that is only described
// gets crossed. `@typescript-eslint/no-restricted-imports` checks each import
// as written, so a refused folder is matched by a specifier that climbs out of
// the importing folder and into it (`../platform/browser`,
// `../../messages`); imports inside a folder stay free. In flat config a later
// block replaces a rule's options instead of adding to them, so every block
// below states the whole list for its files.

const POLYFILL = {
  name: 'webextension-polyfill',
  message: 'Only src/platform/ may import the browser API (docs/architecture.md, "Layers").',
};

/** A specifier that climbs (`../`) into one of the top-level `folders` of src/. */
const into = (...folders) => `^(\\.\\./)+(${folders.join('|')})(\\.ts)?(/|$)`;
/** The same from src/messages.ts, which sits at the top of src/. */
const beside = (...folders) => `^\\./(${folders.join('|')})(\\.ts)?(/|$)`;

const why = {
  core: 'src/core/ is pure logic that every other layer builds on: it imports nothing from them (docs/architecture.md, "Layers").',
  coreStorage:
    'src/core/ receives its repository (a port) and never imports src/storage/; only its tests may, to run on the real one (docs/architecture.md, "Layers").',
  storage:
    'src/storage/ stores what core defines: it knows nothing of the protocol, the browser or the contexts (docs/architecture.md, "Layers").',
  messages:
    'src/messages.ts is the protocol: it takes types from core and nothing from the contexts that speak it (docs/architecture.md, "Layers").',
  platform:
    'src/platform/ wraps the browser API for the contexts; it does not depend on them (docs/architecture.md, "Layers").',
  background:
    'The background talks to content scripts and pages through src/messages.ts, never by importing their code (docs/architecture.md, "Layers").',
  content:
    'The content script reaches the vault only through messages to the background (docs/architecture.md, "Layers").',
  contentCore:
    'The content script takes only types from src/core/ (`import type`): core values would be bundled into every frame of every page (docs/design.md §6).',
  contentPlatform:
    'The content script takes only the polyfill-free src/platform/content-*.ts modules: the others pull webextension-polyfill into every page (docs/design.md §6).',
  ui: 'The popup and the manager page reach the vault only through messages to the background (docs/architecture.md, "Layers").',
};

const refuse = (regex, message, more = {}) => ({ regex, message, ...more });

/** Packages a layer may not import, besides the polyfill. */
const packages = (names, message) => names.map((name) => ({ name, message }));

const LAYERS = {
  core: {
    files: ['src/core/**'],
    patterns: [
      refuse(into('messages', 'platform', 'background', 'content', 'ui'), why.core),
      refuse(into('storage'), why.coreStorage),
    ],
    paths: packages(['idb', 'preact'], why.core),
  },
  storage: {
    files: ['src/storage/**'],
    patterns: [refuse(into('messages', 'platform', 'background', 'content', 'ui'), why.storage)],
    paths: [],
  },
  messages: {
    files: ['src/messages.ts'],
    patterns: [
      refuse(beside('platform', 'background', 'content', 'ui', 'storage'), why.messages),
      refuse(beside('core'), why.messages, { allowTypeImports: true }),
    ],
    paths: [],
  },
  platform: {
    files: ['src/platform/**'],
    patterns: [refuse(into('background', 'content', 'ui', 'storage'), why.platform)],
    paths: [],
    mayUsePolyfill: true,
  },
  background: {
    files: ['src/background/**'],
    patterns: [refuse(into('content', 'ui'), why.background)],
    paths: [],
  },
  content: {
    files: ['src/content/**'],
    patterns: [
      refuse(into('background', 'storage', 'ui'), why.content),
      refuse(into('core'), why.contentCore, { allowTypeImports: true }),
      refuse('^(\\.\\./)+platform/(?!content-)', why.contentPlatform),
    ],
    paths: packages(['idb', 'preact', 'tldts'], why.contentCore),
  },
  ui: {
    files: ['src/ui/**'],
    patterns: [refuse(into('background', 'storage', 'content'), why.ui)],
    paths: [],
  },
};

/**
 * Tests and their helpers are never bundled, so the rules that exist for the
 * bundles' sake do not bind them: core's tests run the vault on the real
 * IndexedDB repository, content tests build core's errors to play the
 * background. The directions between layers still hold.
 */
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'];
const TEST_ALLOWANCES = {
  core: (p) => p !== LAYERS.core.patterns[1],
  content: (p) => p !== LAYERS.content.patterns[1],
};

const layerBlocks = Object.entries(LAYERS).flatMap(([name, layer]) => {
  const block = (files, patterns, ignores) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [...(layer.mayUsePolyfill ? [] : [POLYFILL]), ...layer.paths], patterns },
      ],
    },
  });
  const keep = TEST_ALLOWANCES[name];
  if (!keep) return [block(layer.files, layer.patterns)];
  const tests = layer.files.flatMap((f) => TEST_FILES.map((t) => f.replace(/\*\*$/, t)));
  return [block(layer.files, layer.patterns, tests), block(tests, layer.patterns.filter(keep))];
});

// Core and the content script load nothing lazily: core is pure, and the
// content script is one self-contained file (a dynamic import would also slip
// past the import rules above).
const noDynamicImport = {
  selector: 'ImportExpression',
  message: 'No dynamic import() in src/core/ or src/content/ (docs/architecture.md, "Layers").',
};

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'test/fixtures/', '.vitest-reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [POLYFILL] }],
    },
  },
  ...layerBlocks,
  {
    files: ['src/core/**', 'src/content/**'],
    ignores: TEST_FILES,
    rules: { 'no-restricted-syntax': ['error', noDynamicImport] },
  },
  {
    files: ['test/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'test/**/*.mjs', 'recovery/**/*.mjs', 'bench/**/*.mjs', '.ci/**'],
    languageOptions: { globals: globals.node },
  },
  {
    // The recovery page's script: inlined into dist/recover.html, run as a classic script.
    files: ['recovery/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
);

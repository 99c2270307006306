#!/usr/bin/env node
/**
 * Backstop backup recovery for the command line — no Backstop, no browser, no dependencies.
 * Needs Node.js 18 or later. Format: docs/backup-format.md.
 *
 *   node recover.mjs backup.json            asks for the passphrase (not echoed)
 *   printf '%s' "$PASS" | node recover.mjs backup.json
 *   node recover.mjs --json backup.json     prints the decrypted accounts as JSON instead
 *
 * Exit codes: 0 printed; 1 wrong passphrase; 2 not a Backstop backup, unsupported, damaged or
 * changed after it was made; 64 usage error; 66 the file cannot be read.
 *
 * Reads format versions 1 and 2 (docs/backup-format.md). Nothing from the file reaches the
 * terminal unsanitised (`clean`, `safeJson`).
 *
 * This file deliberately re-implements only the decrypt side, in plain JavaScript, so that it keeps
 * working even if Backstop itself is gone. Read it: it is short.
 */
import { readFileSync, statSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const { subtle } = webcrypto;
const EXIT = { ok: 0, wrongPassphrase: 1, invalid: 2, usage: 64, noInput: 66 };
const MAX_FILE_BYTES = 20 * 1024 * 1024;

class Failure extends Error {
  constructor(exit, message) {
    super(message);
    this.exit = exit;
  }
}
const invalid = (message) => new Failure(EXIT.invalid, message);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
function base64(value, what, length) {
  if (typeof value !== 'string' || !BASE64.test(value))
    throw invalid(`Damaged backup: bad ${what}.`);
  const bytes = new Uint8Array(Buffer.from(value, 'base64'));
  if (length !== undefined && bytes.length !== length)
    throw invalid(`Damaged backup: bad ${what}.`);
  return bytes;
}
const utf8 = (s) => new TextEncoder().encode(s);

/**
 * Checks everything about the file that needs no passphrase, before the passphrase is asked for.
 * Messages never repeat a value from the file unsanitised (see `clean`).
 */
function parseFile(text) {
  let f;
  try {
    f = JSON.parse(text);
  } catch {
    throw invalid('This file is not a Backstop backup (it is not JSON).');
  }
  if (!f || typeof f !== 'object' || f.format !== 'backstop-backup') {
    throw invalid('This file is not a Backstop backup.');
  }
  if (f.version !== 1 && f.version !== 2) {
    throw invalid(
      Number.isInteger(f.version) && f.version > 2
        ? `This backup has format version ${clean(f.version, 12)}; this tool reads versions 1 and 2. Use a newer recovery tool.`
        : 'This backup has an invalid format version.',
    );
  }
  const kdf = f.kdf ?? {};
  if (kdf.alg !== 'PBKDF2-SHA256') {
    throw invalid(`Unsupported key derivation "${clean(kdf.alg, 40)}"; use a newer recovery tool.`);
  }
  // Attacker-controlled: an absurd count would hang the machine, a tiny one is a downgrade.
  if (
    !Number.isInteger(kdf.iterations) ||
    kdf.iterations < 600_000 ||
    kdf.iterations > 10_000_000
  ) {
    throw invalid('Damaged backup: iterations out of range.');
  }
  if (typeof f.exportId !== 'string' || !/^[0-9a-f]{32}$/.test(f.exportId)) {
    throw invalid('Damaged backup: bad export id.');
  }
  if (typeof f.createdAt !== 'string') throw invalid('Damaged backup: bad creation time.');
  if (!Array.isArray(f.records) || f.records.length > 10_000) {
    throw invalid('Damaged backup: bad list of records.');
  }
  f.records.forEach((r, i) => {
    if (typeof r?.id !== 'string' || !/^[0-9a-f]{32}$/.test(r.id)) {
      throw invalid(`Damaged backup: record ${i + 1} of ${f.records.length} has a bad id.`);
    }
  });
  return {
    file: f,
    salt: base64(kdf.salt, 'salt', 16),
    wrapIv: base64(f.wrappedKey?.iv, 'wrapped key', 12),
    wrapCt: base64(f.wrappedKey?.ct, 'wrapped key', 48),
    manifest:
      f.version === 2
        ? { iv: base64(f.manifest?.iv, 'manifest', 12), ct: base64(f.manifest?.ct, 'manifest') }
        : null,
  };
}

/** AES-GCM decrypt, then unpad: 4-byte big-endian length, the JSON, zeros. Null when anything fails. */
async function openPadded(dek, iv, ct, aad) {
  try {
    const padded = new Uint8Array(
      await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: utf8(aad) }, dek, ct),
    );
    const length = new DataView(padded.buffer).getUint32(0, false);
    if (length > padded.length - 4) return null;
    return JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(padded.subarray(4, 4 + length)),
    );
  } catch {
    return null;
  }
}

async function unwrap(kek, parsed, version) {
  const { file: f, wrapIv, wrapCt } = parsed;
  const aad = `backstop-backup|${version}|${f.exportId}|PBKDF2-SHA256|${f.kdf.iterations}|${f.kdf.salt}`;
  try {
    return await subtle.unwrapKey(
      'raw',
      wrapCt,
      kek,
      { name: 'AES-GCM', iv: wrapIv, additionalData: utf8(aad) },
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
  } catch {
    return null;
  }
}

const V1_NOTE =
  'Note: this is a format version 1 backup. Its list of accounts is not protected: an account removed from the file would not be noticed.';
const changed = (detail) => invalid(`This backup was changed after it was made: ${detail}`);

/** Decrypts a parsed backup; returns `{ version, createdAt, accounts }` or throws a Failure. */
async function decryptBackup(parsed, passphrase) {
  const { file: f } = parsed;
  const base = await subtle.importKey('raw', utf8(passphrase.normalize('NFKC')), 'PBKDF2', false, [
    'deriveKey',
  ]);
  const kek = await subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: parsed.salt, iterations: f.kdf.iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['unwrapKey'],
  );
  const dek = await unwrap(kek, parsed, f.version);
  if (!dek) {
    // The version is in the key's AAD: a version 2 file relabelled 1 (to drop its manifest).
    if (f.version === 1 && (await unwrap(kek, parsed, 2))) {
      throw changed('it was made as format version 2 but now says version 1.');
    }
    throw new Failure(EXIT.wrongPassphrase, 'Wrong passphrase for this backup.');
  }
  if (parsed.manifest) {
    const { iv, ct } = parsed.manifest;
    const m = await openPadded(dek, iv, ct, `backstop-backup-manifest|2|${f.exportId}`);
    if (!m || !Array.isArray(m.records) || m.count !== m.records.length) {
      throw invalid('Damaged backup: its list of accounts could not be checked.');
    }
    if (m.createdAt !== f.createdAt) throw changed('its date was edited.');
    const ids = f.records.map((r) => r.id);
    if (m.count !== ids.length || m.records.some((id, i) => ids[i] !== id)) {
      throw changed(`it holds ${ids.length} accounts where ${m.count} were exported, or others.`);
    }
  }

  const accounts = [];
  for (const [i, r] of f.records.entries()) {
    const where = `record ${i + 1} of ${f.records.length}`;
    const aad = `backstop-backup-record|${f.version}|${f.exportId}|${r.id}`;
    const account = await openPadded(dek, base64(r.iv, 'record', 12), base64(r.ct, 'record'), aad);
    if (account === null) throw invalid(`Damaged backup: ${where} could not be decrypted.`);
    if (!account || typeof account.site !== 'string' || !Array.isArray(account.codes)) {
      throw invalid(`Damaged backup: ${where} is not an account.`);
    }
    accounts.push(account);
  }
  return { version: f.version, createdAt: f.createdAt, accounts };
}

const when = (ms) =>
  typeof ms === 'number' && Number.isFinite(ms)
    ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
    : 'unknown time';

// Invisible or reordering characters: soft hyphen, Arabic letter mark, Hangul fillers, Mongolian
// vowel separator, zero-width and bidi marks, line and paragraph separators, bidi embeddings and
// isolates, word joiner and invisible operators, byte order mark, interlinear annotations, tags.
const INVISIBLE =
  '\\u00ad\\u061c\\u115f\\u1160\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb';
const TAGS = '|\\udb40[\\udc00-\\udc7f]';
const UNSAFE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${INVISIBLE}]${TAGS}`, 'g');
/** What `JSON.stringify` leaves raw in strings (it escapes C0 controls itself). */
const UNSAFE_IN_JSON = new RegExp(`[\\u007f-\\u009f${INVISIBLE}]${TAGS}`, 'g');
/**
 * Terminal-safe text. Everything in a backup is read before it is authenticated (and even an
 * authentic one holds what someone typed), so no value from it may reach the terminal as is:
 * control characters (C0, C1, so ANSI escape sequences) could move the cursor, recolour or rewrite
 * the screen; bidi controls could reorder what is shown; zero-width and separator characters could
 * hide text; and a long value could flood the screen. Each becomes `?`, and the length is capped.
 */
function clean(value, max = 200) {
  const text =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : value == null
        ? ''
        : Object.prototype.toString.call(value); // an object's own toString may throw or lie
  const chars = [...text.replace(UNSAFE, '?')];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : chars.join('');
}

/**
 * JSON whose strings carry no raw terminal-unsafe character: `JSON.stringify` already escapes C0
 * controls; every other unsafe character is written as a \u escape (still the same JSON value).
 */
function safeJson(value) {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (ch) =>
    [...Array(ch.length).keys()]
      .map((i) => '\\u' + ch.charCodeAt(i).toString(16).padStart(4, '0'))
      .join(''),
  );
}

function describeCode(c, n) {
  const line = `  ${String(n).padStart(3)}. ${clean(c.value, 64).padEnd(24)}`;
  const on = c.origin ? ` on ${clean(c.origin, 100)}` : '';
  if (c.state === 'used') return `${line} USED ${when(c.changedAt)}${on}`;
  if (c.state === 'filled') return `${line} FILLED ${when(c.changedAt)}${on} (probably used)`;
  return line.trimEnd();
}

/** Plain-text listing of the codes, per account. */
function formatAccounts({ version, createdAt, accounts }) {
  const out = [`Backstop backup of ${clean(createdAt, 40)}: ${accounts.length} account(s).`];
  if (version === 1) out.push(V1_NOTE);
  out.push('');
  for (const a of accounts) {
    const codes = Array.isArray(a.codes) ? a.codes : [];
    const left = codes.filter((c) => c.state === 'unused').length;
    out.push(`${clean(a.site)} — ${clean(a.username) || '(no username)'}`);
    if (Array.isArray(a.domains) && a.domains.length)
      out.push(`  ${clean(a.domains.map((d) => clean(d, 253)).join(', '), 600)}`);
    out.push(`  ${left} of ${codes.length} codes unused`);
    codes.forEach((c, i) => out.push(describeCode(c, i + 1)));
    for (const set of Array.isArray(a.archived) ? a.archived : []) {
      out.push(`  Earlier codes, replaced ${when(set.replacedAt)} (no longer valid):`);
      (set.codes ?? []).forEach((c, i) => out.push(describeCode(c, i + 1)));
    }
    if (a.notes) {
      const lines = String(a.notes).split(/\r?\n/);
      out.push(`  Notes: ${clean(lines[0], 500)}`);
      for (const line of lines.slice(1, 40)) out.push(`         ${clean(line, 500)}`);
      if (lines.length > 40) out.push(`         (${lines.length - 40} more lines)`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Reads the passphrase: hidden typing on a terminal, otherwise all of stdin (one final newline dropped). */
async function readPassphrase() {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks = [];
    for await (const chunk of stdin) chunks.push(chunk);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stderr.write('Passphrase: ');
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (fn) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      fn();
    };
    const onData = (data) => {
      for (const ch of data) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(typed));
        if (ch === '\u0003' || ch === '\u0004') {
          return done(() => reject(new Failure(EXIT.usage, 'Cancelled.')));
        }
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

const USAGE = `Usage: node recover.mjs [--json] <backup.json>
Decrypts a Backstop backup and prints the backup codes.
The passphrase is asked for (not echoed), or read from standard input if that is not a terminal.
Exit codes: 0 ok, 1 wrong passphrase, 2 invalid or damaged backup, 64 usage, 66 unreadable file.`;

async function main(args) {
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (files.length !== 1 || files[0].startsWith('-')) {
    console.error(USAGE);
    return EXIT.usage;
  }
  let text;
  try {
    if (statSync(files[0]).size > MAX_FILE_BYTES)
      throw invalid('This file is too large to be a Backstop backup.');
    text = readFileSync(files[0], 'utf8');
  } catch (e) {
    if (e instanceof Failure) throw e;
    console.error(`Cannot read ${clean(files[0], 300)}: ${clean(e.message, 300)}`);
    return EXIT.noInput;
  }
  // Everything that needs no passphrase is checked before it is asked for.
  const parsed = parseFile(text);
  const passphrase = await readPassphrase();
  const backup = await decryptBackup(parsed, passphrase);
  if (json && backup.version === 1) console.error(V1_NOTE);
  process.stdout.write(json ? safeJson(backup.accounts) + '\n' : formatAccounts(backup));
  return EXIT.ok;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(
        e instanceof Failure ? e.message : `Unexpected error: ${clean(e?.message ?? e)}`,
      );
      process.exitCode = e instanceof Failure ? e.exit : EXIT.invalid;
    },
  );
}

#!/usr/bin/env node
/**
 * Backstop backup recovery for the command line — no Backstop, no browser, no dependencies.
 * Needs Node.js 18 or later. Format: docs/backup-format.md.
 *
 *   node recover.mjs backup.json            asks for the passphrase (not echoed)
 *   printf '%s' "$PASS" | node recover.mjs backup.json
 *   node recover.mjs --json backup.json     prints the decrypted accounts as JSON instead
 *
 * Exit codes: 0 printed; 1 wrong passphrase; 2 not a Backstop backup, unsupported or damaged;
 * 64 usage error; 66 the file cannot be read.
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

/** Decrypts a backup file's text; returns `{ createdAt, accounts }` or throws a Failure. */
async function decryptBackup(text, passphrase) {
  let f;
  try {
    f = JSON.parse(text);
  } catch {
    throw invalid('This file is not a Backstop backup (it is not JSON).');
  }
  if (!f || typeof f !== 'object' || f.format !== 'backstop-backup') {
    throw invalid('This file is not a Backstop backup.');
  }
  if (f.version !== 1) {
    throw invalid(
      Number.isInteger(f.version) && f.version > 1
        ? `This backup has format version ${f.version}; this tool reads version 1. Use a newer recovery tool.`
        : 'This backup has an invalid format version.',
    );
  }
  const kdf = f.kdf ?? {};
  if (kdf.alg !== 'PBKDF2-SHA256') {
    throw invalid(`Unsupported key derivation "${String(kdf.alg)}"; use a newer recovery tool.`);
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
  const salt = base64(kdf.salt, 'salt', 16);
  const wrapIv = base64(f.wrappedKey?.iv, 'wrapped key', 12);
  const wrapCt = base64(f.wrappedKey?.ct, 'wrapped key', 48);
  if (!Array.isArray(f.records) || f.records.length > 10_000) {
    throw invalid('Damaged backup: bad list of records.');
  }

  const base = await subtle.importKey('raw', utf8(passphrase.normalize('NFKC')), 'PBKDF2', false, [
    'deriveKey',
  ]);
  const kek = await subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: kdf.iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['unwrapKey'],
  );
  const wrapAad = `backstop-backup|1|${f.exportId}|PBKDF2-SHA256|${kdf.iterations}|${kdf.salt}`;
  let dek;
  try {
    dek = await subtle.unwrapKey(
      'raw',
      wrapCt,
      kek,
      { name: 'AES-GCM', iv: wrapIv, additionalData: utf8(wrapAad) },
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
  } catch {
    throw new Failure(EXIT.wrongPassphrase, 'Wrong passphrase for this backup.');
  }

  const accounts = [];
  for (const [i, r] of f.records.entries()) {
    const where = `record ${i + 1} of ${f.records.length}`;
    if (typeof r?.id !== 'string' || !/^[0-9a-f]{32}$/.test(r.id)) {
      throw invalid(`Damaged backup: ${where} has a bad id.`);
    }
    const aad = `backstop-backup-record|1|${f.exportId}|${r.id}`;
    let padded;
    try {
      padded = new Uint8Array(
        await subtle.decrypt(
          { name: 'AES-GCM', iv: base64(r.iv, 'record', 12), additionalData: utf8(aad) },
          dek,
          base64(r.ct, 'record'),
        ),
      );
    } catch (e) {
      if (e instanceof Failure) throw e;
      throw invalid(`Damaged backup: ${where} could not be decrypted.`);
    }
    // Padding: 4-byte big-endian length, the JSON, zeros.
    const length = new DataView(padded.buffer).getUint32(0, false);
    let account;
    try {
      if (length > padded.length - 4) throw new Error('length');
      account = JSON.parse(
        new TextDecoder('utf-8', { fatal: true }).decode(padded.subarray(4, 4 + length)),
      );
    } catch {
      throw invalid(`Damaged backup: ${where} is not readable.`);
    }
    if (!account || typeof account.site !== 'string' || !Array.isArray(account.codes)) {
      throw invalid(`Damaged backup: ${where} is not an account.`);
    }
    accounts.push(account);
  }
  return { createdAt: String(f.createdAt), accounts };
}

const when = (ms) =>
  typeof ms === 'number' && Number.isFinite(ms)
    ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
    : 'unknown time';

/** Terminal-safe text: a damaged or hostile file must not send escape sequences to the terminal. */
// eslint-disable-next-line no-control-regex
const clean = (v) => String(v ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

function describeCode(c, n) {
  const line = `  ${String(n).padStart(3)}. ${clean(c.value).padEnd(24)}`;
  const on = c.origin ? ` on ${clean(c.origin)}` : '';
  if (c.state === 'used') return `${line} USED ${when(c.changedAt)}${on}`;
  if (c.state === 'filled') return `${line} FILLED ${when(c.changedAt)}${on} (probably used)`;
  return line.trimEnd();
}

/** Plain-text listing of the codes, per account. */
function formatAccounts({ createdAt, accounts }) {
  const out = [`Backstop backup of ${clean(createdAt)}: ${accounts.length} account(s).`, ''];
  for (const a of accounts) {
    const codes = Array.isArray(a.codes) ? a.codes : [];
    const left = codes.filter((c) => c.state === 'unused').length;
    out.push(`${clean(a.site)} — ${clean(a.username) || '(no username)'}`);
    if (Array.isArray(a.domains) && a.domains.length)
      out.push(`  ${a.domains.map(clean).join(', ')}`);
    out.push(`  ${left} of ${codes.length} codes unused`);
    codes.forEach((c, i) => out.push(describeCode(c, i + 1)));
    for (const set of Array.isArray(a.archived) ? a.archived : []) {
      out.push(`  Earlier codes, replaced ${when(set.replacedAt)} (no longer valid):`);
      (set.codes ?? []).forEach((c, i) => out.push(describeCode(c, i + 1)));
    }
    if (a.notes) out.push(`  Notes: ${clean(a.notes)}`);
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
    console.error(`Cannot read ${files[0]}: ${e.message}`);
    return EXIT.noInput;
  }
  const passphrase = await readPassphrase();
  const backup = await decryptBackup(text, passphrase);
  process.stdout.write(
    json ? JSON.stringify(backup.accounts, null, 2) + '\n' : formatAccounts(backup),
  );
  return EXIT.ok;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(e instanceof Failure ? e.message : `Unexpected error: ${e?.message ?? e}`);
      process.exitCode = e instanceof Failure ? e.exit : EXIT.invalid;
    },
  );
}

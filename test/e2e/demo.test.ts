/**
 * `npm run demo` (scripts/demo.mjs): its headless self-check must pass
 * against the built extension, and the demo sites must behave like sites do
 * (each code works once, anything else is refused, 127.0.0.1 is the
 * look-alike), or the demo would show something that is not true.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeCode, startDemoServer, type DemoServer } from '../../demo/server.mjs';
import { ensureBuilt, hasBrowser, REPO_ROOT } from './harness/env';

interface Seed {
  passphrase: string;
  accounts: { site: string; username: string; domains: string[]; codes: string[] }[];
}
const SEED = JSON.parse(readFileSync(join(REPO_ROOT, 'demo', 'vault.json'), 'utf8')) as Seed;
const CODES = SEED.accounts[0]!.codes;
const SCRIPT = join(REPO_ROOT, 'scripts', 'demo.mjs');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs the demo script to completion (killed after `timeoutMs`), stdout and stderr together. */
function runDemo(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 170_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], {
      cwd: REPO_ROOT,
      // No display: the script must take its headless path whatever the host has.
      env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // SIGINT: the script's own handler closes Chromium and deletes its profile.
    const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

describe.skipIf(!hasBrowser('chromium'))('npm run demo -- --check (headless Chromium)', () => {
  let run: Run;
  beforeAll(async () => {
    ensureBuilt('chrome'); // builds when missing, so the script does not race a build
    run = await runDemo(['--check', '--port=0', '--no-rebuild']);
  }, 180_000);

  it('exits 0 with every self-check step passed', () => {
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('Self-check passed.');
    expect(run.output).not.toContain('✗');
  });

  it('fills the seed codes in order, one per site, and the sites accept them', () => {
    const filled = [...run.output.matchAll(/✓ filled code (\d{4} \d{4})/g)].map((m) => m[1]);
    expect(filled).toEqual(CODES.slice(0, 3));
    expect(run.output).toMatch(
      /✓ .*Demo Mail signed in with it, and Backstop marked it used \(9 left\)/,
    );
    expect(run.output).toMatch(/✓ filled code \S+ \S+ on Demo Social .*signed in, marked used/);
    expect(run.output).toMatch(/✓ filled code \S+ \S+ into Demo Code Host’s 8 boxes/);
  });

  it('shows the look-alike on 127.0.0.1 getting nothing', () => {
    expect(run.output).toMatch(
      /✓ the look-alike “Demo Mail” at http:\/\/127\.0\.0\.1:\d+\/mail\/ got no button, and a forced fill filled nothing/,
    );
  });

  it('prints the passphrase it created the vault with', () => {
    expect(run.output).toContain(`passphrase: "${SEED.passphrase}"`);
  });
});

describe('npm run demo -- --check without Chromium', () => {
  it('fails with exit code 1 and says what is missing', async () => {
    const r = await runDemo(['--check'], { CHROMIUM_PATH: '/nonexistent/chromium' }, 30_000);
    expect(r.code).toBe(1);
    expect(r.output).toContain('Chromium not found at /nonexistent/chromium (set CHROMIUM_PATH)');
    expect(r.output).not.toContain('Self-check passed');
  });
});

// ---------------------------------------------------------------- the demo sites

/** One request to the demo server with an explicit Host header (the server routes on it). */
function request(
  server: DemoServer,
  host: string,
  method: string,
  path: string,
  body?: string,
  type = 'application/x-www-form-urlencoded',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        headers: { host: `${host}:${server.port}`, ...(body ? { 'content-type': type } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('the demo sites', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ port: 0, seed: SEED });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serve the three sites on localhost and the look-alike on 127.0.0.1', async () => {
    const mail = await request(server, 'localhost', 'GET', '/mail/');
    expect(mail.status).toBe(200);
    expect(mail.body).toContain('<label for="backup_code">Backup code</label>');
    expect(mail.body).not.toContain('This is the look-alike');
    for (const path of ['/', '/social/', '/code/']) {
      expect((await request(server, 'localhost', 'GET', path)).status).toBe(200);
    }
    const fake = await request(server, '127.0.0.1', 'GET', '/mail/');
    expect(fake.status).toBe(200);
    expect(fake.body).toContain('This is the look-alike');
    // The same form, so the only difference Backstop can go by is the address.
    expect(fake.body).toContain('<label for="backup_code">Backup code</label>');
    expect((await request(server, 'evil.example', 'GET', '/mail/')).status).toBe(421);
    expect((await request(server, 'localhost', 'GET', '/../server.mjs')).status).toBe(404);
  });

  it('fill in the port and the passphrase, and escape what they echo', async () => {
    const home = await request(server, 'localhost', 'GET', '/');
    expect(home.body).toContain(`http://127.0.0.1:${server.port}/mail/`);
    expect(home.body).toContain(SEED.passphrase);
    expect(home.body).not.toMatch(/\{\{[A-Z_]+\}\}/);
    const r = await request(
      server,
      'localhost',
      'POST',
      '/mail/verify',
      form({ backup_code: '<script>x</script>' }),
    );
    expect(r.body).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(r.body).not.toContain('<script>x');
  });

  it('accept each seed code once, however it is typed, and refuse anything else', async () => {
    const [first, second, third] = CODES;
    const start = server.submissions.length;
    const post = (code: string) =>
      request(server, 'localhost', 'POST', '/mail/verify', form({ backup_code: code }));
    const ok = await post(first!);
    expect([ok.status, heading(ok.body)]).toEqual([200, 'Signed in']);
    const again = await post(normalizeCode(first!)); // without the space: still the same code
    expect([again.status, heading(again.body)]).toEqual([400, 'That code was already used']);
    const wrong = await post('1234 5678');
    expect(heading(wrong.body)).toBe('That code didn’t work');
    expect(heading((await post('')).body)).toBe('No code entered');

    // Demo Social's JSON endpoint and Demo Code Host's boxes share the same spent list.
    const social = async (code: string) =>
      JSON.parse(
        (
          await request(
            server,
            'localhost',
            'POST',
            '/social/api/verify',
            JSON.stringify({ code }),
            'application/json',
          )
        ).body,
      ) as { ok: boolean; heading: string };
    expect(await social(second!)).toMatchObject({ ok: true, heading: 'Signed in' });
    expect(await social(first!)).toMatchObject({
      ok: false,
      heading: 'That code was already used',
    });
    const boxes = Object.fromEntries(
      [...normalizeCode(third!)].map((c, i) => [`d${i + 1}`, c] as const),
    );
    const code = await request(server, 'localhost', 'POST', '/code/verify', form(boxes));
    expect(heading(code.body)).toBe('Signed in');
    expect(server.submissions.slice(start).map((s) => [s.site, s.ok])).toEqual([
      ['mail', true],
      ['mail', false],
      ['mail', false],
      ['mail', false],
      ['social', true],
      ['social', false],
      ['code', true],
    ]);

    server.resetSpent();
    expect(heading((await post(first!)).body)).toBe('Signed in');
  });

  it('the look-alike keeps what it is sent and never signs in', async () => {
    const r = await request(
      server,
      '127.0.0.1',
      'POST',
      '/mail/verify',
      form({ backup_code: CODES[5]! }),
    );
    expect(heading(r.body)).toBe('Gotcha');
    expect(server.submissions.at(-1)).toEqual({ site: 'lookalike', code: CODES[5], ok: false });
    // The real site still accepts that code: the look-alike does not spend it.
    const real = await request(
      server,
      'localhost',
      'POST',
      '/mail/verify',
      form({ backup_code: CODES[5]! }),
    );
    expect(heading(real.body)).toBe('Signed in');
  });
});

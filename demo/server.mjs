// The demo web sites for `npm run demo`: three small sign-in steps that ask
// for a backup code, served over plain http on loopback only.
//
// Every site lives on `localhost` (plain http is allowed there by Backstop's
// origin policy, see src/core/sites/domain.ts). Ports do not change a
// registrable domain, so all of them match the one demo account for
// `localhost`. The same server answers for `127.0.0.1`, which is a different
// "domain" (an IP address matches only itself): there it serves a look-alike
// of Demo Mail that Backstop must leave alone.
//
// The server checks submitted codes against the seed vault and remembers
// which ones were spent, like a real site would, so a reused code is refused.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import { fileURLToPath, URL, URLSearchParams } from 'node:url';

const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));

/** Request bodies above this are refused: the demo forms post a few bytes. */
const MAX_BODY = 16 * 1024;

/** Letters and digits only, lower case: how sites compare a code however it was typed. */
export const normalizeCode = (s) =>
  String(s)
    .replace(/[^0-9a-z]/gi, '')
    .toLowerCase();

const escapeHtml = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** The demo pages, read once; `{{NAME}}` placeholders are filled per response. */
const TEMPLATES = Object.fromEntries(
  ['index', 'mail', 'social', 'code', 'lookalike', 'result'].map((name) => [
    name,
    readFileSync(join(PAGES, `${name}.html`), 'utf8'),
  ]),
);
const CSS = readFileSync(join(PAGES, 'demo.css'), 'utf8');

const SITES = {
  mail: { name: 'Demo Mail', path: '/mail/', logo: 'M' },
  social: { name: 'Demo Social', path: '/social/', logo: 'S' },
  code: { name: 'Demo Code Host', path: '/code/', logo: 'C' },
};

function render(name, values) {
  return TEMPLATES[name].replace(/\{\{([A-Z_]+)\}\}/g, (whole, key) =>
    key in values ? escapeHtml(values[key]) : whole,
  );
}

function hostnameOf(req) {
  const host = req.headers.host ?? '';
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return '';
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the demo server on 127.0.0.1 (and on [::1] with the same port when
 * the machine has IPv6 loopback, because browsers may resolve `localhost` to
 * either).
 *
 * @param {{ port?: number, seed: { passphrase?: string, accounts: { username: string, domains: string[], codes: string[] }[] } }} options
 */
export async function startDemoServer({ port = 0, seed }) {
  const demo = seed.accounts.find((a) => a.domains.includes('localhost'));
  if (!demo) throw new Error('The demo seed has no account for localhost.');
  /** normalized code → the code as displayed */
  const valid = new Map(demo.codes.map((c) => [normalizeCode(c), c]));
  const spent = new Set();
  /** Every code submission, oldest first (the self-check reads it). */
  const submissions = [];

  /** What a site answers to a submitted code. */
  function verify(site, typed) {
    const key = normalizeCode(typed);
    let result;
    if (key === '') {
      result = {
        ok: false,
        heading: 'No code entered',
        message: 'Enter one of your backup codes.',
      };
    } else if (!valid.has(key)) {
      result = {
        ok: false,
        heading: 'That code didn’t work',
        message: `“${typed}” is not one of the demo backup codes. Let Backstop fill one for you.`,
      };
    } else if (spent.has(key)) {
      result = {
        ok: false,
        heading: 'That code was already used',
        message: `${valid.get(key)} has been used before, and a backup code works only once. This is why Backstop tracks spent codes and never offers one again.`,
      };
    } else {
      spent.add(key);
      result = {
        ok: true,
        heading: 'Signed in',
        message: `Welcome back, ${demo.username}. ${valid.get(key)} is spent now: Backstop has marked it used and will offer the next unused code next time.`,
      };
    }
    submissions.push({ site, code: typed, ok: result.ok });
    return result;
  }

  let actualPort = port;
  const values = () => ({
    PORT: String(actualPort),
    HOME: `http://localhost:${actualPort}/`,
    MAIL: `http://localhost:${actualPort}/mail/`,
    SOCIAL: `http://localhost:${actualPort}/social/`,
    CODE: `http://localhost:${actualPort}/code/`,
    LOOKALIKE: `http://127.0.0.1:${actualPort}/mail/`,
    USERNAME: demo.username,
    PASSPHRASE: seed.passphrase ?? '',
  });

  const send = (res, status, type, body, extra = {}) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      // The pages load nothing from elsewhere.
      'content-security-policy':
        "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; img-src 'self' data:",
      'x-content-type-options': 'nosniff',
      ...extra,
    });
    res.end(body);
  };
  const html = (res, status, body) => send(res, status, 'text/html; charset=utf-8', body);
  const resultPage = (res, siteKey, result) =>
    html(
      res,
      result.ok ? 200 : 400,
      render('result', {
        ...values(),
        TITLE: `${result.heading} · ${SITES[siteKey].name}`,
        SITE: SITES[siteKey].name,
        LOGO: SITES[siteKey].logo,
        SITE_CLASS: siteKey,
        OUTCOME: result.ok ? 'ok' : 'error',
        HEADING: result.heading,
        MESSAGE: result.message,
        BACK: SITES[siteKey].path,
      }),
    );

  async function handle(req, res) {
    const host = hostnameOf(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (path === '/demo.css') return send(res, 200, 'text/css; charset=utf-8', CSS);
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');

    if (host === '127.0.0.1' || host === '[::1]') {
      // The look-alike: every page is "Demo Mail", and what it receives is kept by "the attacker".
      if (method === 'POST' && path === '/mail/verify') {
        const typed = new URLSearchParams(await readBody(req)).get('backup_code') ?? '';
        submissions.push({ site: 'lookalike', code: typed, ok: false });
        return html(
          res,
          200,
          render('result', {
            ...values(),
            TITLE: 'Signed in · Demo Mail',
            SITE: 'Demo Mail (look-alike)',
            LOGO: 'M',
            SITE_CLASS: 'mail lookalike',
            OUTCOME: 'error',
            HEADING: typed ? 'Gotcha' : 'Nothing to steal',
            MESSAGE: typed
              ? `A real phishing page would now own “${typed}”. Backstop offered nothing here because ${host} is not localhost; only a code you typed yourself could end up here.`
              : `Backstop offered nothing here because ${host} is not localhost, so this page got no code.`,
            BACK: '/mail/',
          }),
        );
      }
      if (method === 'GET') return html(res, 200, render('lookalike', { ...values(), HOST: host }));
      return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    }

    if (host !== 'localhost') {
      // Only the two names the demo uses; anything else is not ours to answer.
      return send(res, 421, 'text/plain; charset=utf-8', `The demo serves localhost, not ${host}.`);
    }

    if (method === 'GET') {
      if (path === '/') return html(res, 200, render('index', values()));
      for (const key of Object.keys(SITES)) {
        if (path === `/${key}`) return send(res, 308, 'text/plain', '', { location: `/${key}/` });
        if (path === `/${key}/`) return html(res, 200, render(key, values()));
      }
    } else if (method === 'POST') {
      if (path === '/mail/verify') {
        const form = new URLSearchParams(await readBody(req));
        return resultPage(res, 'mail', verify('mail', form.get('backup_code') ?? ''));
      }
      if (path === '/code/verify') {
        const form = new URLSearchParams(await readBody(req));
        // Eight one-character boxes d1…d8, joined the way the site would.
        const typed = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => form.get(`d${i}`) ?? '').join('');
        return resultPage(res, 'code', verify('code', typed));
      }
      if (path === '/social/api/verify') {
        let body;
        try {
          body = JSON.parse(await readBody(req));
        } catch {
          return send(res, 400, 'application/json', JSON.stringify({ ok: false }));
        }
        const typed = typeof body?.code === 'string' ? body.code : '';
        const r = verify('social', typed);
        return send(
          res,
          200,
          'application/json',
          JSON.stringify({ ok: r.ok, heading: r.heading, message: r.message }),
        );
      }
    }
    return html(
      res,
      404,
      render('result', {
        ...values(),
        TITLE: 'Not found',
        SITE: 'Backstop demo',
        LOGO: 'B',
        SITE_CLASS: 'hub',
        OUTCOME: 'error',
        HEADING: 'Not found',
        MESSAGE: `There is no demo page at ${path}.`,
        BACK: '/',
      }),
    );
  }

  const listener = (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 400, 'text/plain; charset=utf-8', 'Bad request');
      else res.destroy();
    });
  };

  const listen = (server, address, p) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, address, () => {
        server.off('error', reject);
        resolve(server.address().port);
      });
    });

  const v4 = createServer(listener);
  actualPort = await listen(v4, '127.0.0.1', port);
  let v6 = createServer(listener);
  try {
    await listen(v6, '::1', actualPort);
  } catch {
    // No IPv6 loopback here (or the port is taken on it): browsers then use 127.0.0.1.
    v6 = null;
  }

  const close = (server) =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });

  return {
    port: actualPort,
    ipv6: v6 !== null,
    urls: {
      home: `http://localhost:${actualPort}/`,
      mail: `http://localhost:${actualPort}/mail/`,
      social: `http://localhost:${actualPort}/social/`,
      code: `http://localhost:${actualPort}/code/`,
      lookalike: `http://127.0.0.1:${actualPort}/mail/`,
    },
    submissions,
    /** Forgets which codes were spent (a fresh vault elsewhere starts again at the first code). */
    resetSpent() {
      spent.clear();
    },
    async close() {
      await Promise.all([close(v4), v6 ? close(v6) : Promise.resolve()]);
    },
  };
}

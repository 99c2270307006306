/**
 * A local web server that pretends to be real sites, so the built extension
 * can be tested on `https://github.com/...` without the internet.
 *
 * One port speaks both TLS and plain HTTP (the first byte of a connection
 * tells them apart) and also acts as an HTTP proxy (`CONNECT` and absolute
 * URLs), so:
 * - Chromium reaches it with `--host-resolver-rules="MAP * 127.0.0.1:<port>"`
 *   plus `--ignore-certificate-errors`, for http and https alike;
 * - Firefox reaches it through its proxy preferences (it has no host
 *   resolver rules), see `firefoxProxyPrefs`.
 *
 * Which file answers a request is decided by a routing table keyed by
 * `host + path` (host `*` matches any host), then by the convention
 * `<root>/<host>/<path>` (`.html` and `/index.html` are tried). Every request
 * is logged so tests can assert what a page submitted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { FIXTURE_PAGES, makeTempDir } from './env';

export interface RouteResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A file relative to the server root (used when `body` is absent). */
  file?: string;
}

export interface LoggedRequest {
  method: string;
  protocol: 'http' | 'https';
  host: string;
  /** Path without the query string. */
  path: string;
  query: string;
  headers: http.IncomingHttpHeaders;
  /** Request body as text (form posts). */
  body: string;
}

/**
 * A route answers with a file (relative to `root`), a full response, or a
 * function of the request.
 */
export type Route =
  string | RouteResponse | ((req: LoggedRequest) => RouteResponse | Promise<RouteResponse>);

export interface FixtureServerOptions {
  /** Directory of fixture pages; default `test/fixtures/pages`. */
  root?: string;
  /**
   * Table from `host/path` to a route, e.g.
   * `{ 'github.com/sessions/two-factor/recovery': 'github/recovery.html' }`.
   * A key that starts with `*` instead of a host matches any host. The path
   * is matched without its query string.
   */
  routes?: Record<string, Route>;
}

export interface FixtureServer {
  port: number;
  /** For Chromium: `--host-resolver-rules=${hostResolverRules}`. */
  hostResolverRules: string;
  /** Firefox preferences that send all traffic through this server. */
  firefoxProxyPrefs: Record<string, string | number | boolean>;
  /** Every request seen so far, oldest first. */
  requests: LoggedRequest[];
  /** Adds or replaces routes while running. */
  route(key: string, route: Route): void;
  /** `http://127.0.0.1:<port><path>`: a loopback origin that needs no mapping. */
  loopbackUrl(path?: string): string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Creates a throw-away self-signed certificate with the system `openssl`. */
function makeCertificate(dir: string): { key: Buffer; cert: Buffer } {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  // prettier-ignore
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=backstop-fixtures',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ], { stdio: 'pipe' });
  return { key: readFileSync(keyPath), cert: readFileSync(certPath) };
}

/** Resolves `relative` inside `root`, refusing `..` escapes. */
function safeJoin(root: string, relative: string): string | null {
  const full = normalize(join(root, relative));
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null;
}

function isFile(path: string | null): path is string {
  return path !== null && existsSync(path) && statSync(path).isFile();
}

export async function startFixtureServer(
  options: FixtureServerOptions = {},
): Promise<FixtureServer> {
  const root = normalize(options.root ?? FIXTURE_PAGES);
  const routes = new Map<string, Route>(Object.entries(options.routes ?? {}));
  const requests: LoggedRequest[] = [];
  const temp = makeTempDir('tls');
  let tls: { key: Buffer; cert: Buffer };
  try {
    tls = makeCertificate(temp.path);
  } finally {
    temp.cleanup();
  }

  function findRoute(host: string, path: string): Route | undefined {
    return routes.get(`${host}${path}`) ?? routes.get(`*${path}`);
  }

  function fileByConvention(host: string, path: string): string | null {
    const base = `${host}${path}`;
    const candidates = path.endsWith('/')
      ? [`${base}index.html`]
      : [base, `${base}.html`, `${base}/index.html`];
    for (const c of candidates) {
      const full = safeJoin(root, c);
      if (isFile(full)) return full;
    }
    return null;
  }

  async function answer(req: LoggedRequest): Promise<RouteResponse> {
    const route = findRoute(req.host, req.path);
    if (route !== undefined) {
      const r =
        typeof route === 'string'
          ? { file: route }
          : typeof route === 'function'
            ? await route(req)
            : route;
      if (r.body === undefined && r.file !== undefined) {
        const full = safeJoin(root, r.file);
        if (!isFile(full)) {
          return {
            status: 500,
            body: `Route ${req.host}${req.path} names a missing file: ${r.file}`,
          };
        }
        return {
          ...r,
          body: readFileSync(full),
          headers: {
            'content-type': CONTENT_TYPES[extname(full)] ?? 'application/octet-stream',
            ...r.headers,
          },
        };
      }
      return r;
    }
    const file = fileByConvention(req.host, req.path);
    if (file) {
      return {
        body: readFileSync(file),
        headers: { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' },
      };
    }
    // A form that submits somewhere without a route still gets a page back,
    // so submit detection can be tested without a route per form.
    if (req.method === 'POST') {
      return { status: 200, body: '<!doctype html><title>Submitted</title><p>Submitted.</p>' };
    }
    return { status: 404, body: `No fixture for ${req.protocol}://${req.host}${req.path}` };
  }

  function handler(protocol: 'http' | 'https'): http.RequestListener {
    return (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        // Proxied requests carry an absolute URL; direct ones a path and a Host header.
        const raw = req.url ?? '/';
        const url = /^https?:\/\//i.test(raw)
          ? new URL(raw)
          : new URL(raw, `${protocol}://${req.headers.host ?? 'localhost'}`);
        const logged: LoggedRequest = {
          method: req.method ?? 'GET',
          protocol,
          host: url.hostname,
          path: decodeURIComponent(url.pathname),
          query: url.search,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        requests.push(logged);
        answer(logged).then(
          (r) => {
            res.writeHead(r.status ?? 200, {
              'content-type': 'text/html; charset=utf-8',
              'cache-control': 'no-store',
              ...r.headers,
            });
            res.end(r.body ?? '');
          },
          (e: unknown) => {
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end(String(e));
          },
        );
      });
    };
  }

  const httpsServer = https.createServer({ key: tls.key, cert: tls.cert }, handler('https'));
  const httpServer = http.createServer(handler('http'));
  const sockets = new Set<net.Socket>();

  /** Hands a raw connection to the TLS or the plain server by its first byte. */
  function dispatch(socket: net.Socket): void {
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      // 0x16 = TLS handshake record.
      (first[0] === 0x16 ? httpsServer : httpServer).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  }

  // Proxy tunnel (Firefox): after CONNECT the client speaks TLS (or HTTP) inside.
  httpServer.on('connect', (_req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    dispatch(socket);
  });

  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    dispatch(socket);
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(0, '127.0.0.1', resolve);
  });
  const port = (front.address() as net.AddressInfo).port;

  return {
    port,
    hostResolverRules: `MAP * 127.0.0.1:${port}`,
    firefoxProxyPrefs: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': port,
      'network.proxy.share_proxy_settings': false,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      // Fixture hosts are real names; do not let preloaded HSTS upgrade http tests.
      'network.stricttransportsecurity.preloadlist': false,
    },
    requests,
    route(key, route) {
      routes.set(key, route);
    },
    loopbackUrl(path = '/') {
      return `http://127.0.0.1:${port}${path}`;
    },
    async close() {
      for (const s of sockets) s.destroy();
      httpServer.closeAllConnections();
      httpsServer.closeAllConnections?.();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}

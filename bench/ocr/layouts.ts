/**
 * The layouts of the OCR corpus: how real sites show backup codes, rendered as
 * HTML so headless Chromium can screenshot them (`corpus.ts`). Each layout
 * draws random codes of its site's shape from the registry (seeded, so a run
 * is reproducible) and knows the truth: every code, and which are shown used.
 *
 * The pictures imitate the sites' pages (sizes, columns, fonts, light/dark),
 * written by the team from the sites' public help pages; no site's markup is
 * copied.
 */
import { allSites } from '../../src/core/sites/registry';
import type { SiteRule } from '../../src/core/sites/schema';

/** A tiny seeded generator (mulberry32): the same seed draws the same codes. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET_CHARS: Record<string, string> = {
  digits: '0123456789',
  'hex-lower': '0123456789abcdef',
  'alnum-lower': '0123456789abcdefghijklmnopqrstuvwxyz',
  'alnum-upper': '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  alnum: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
};

/** One code of the site's shape, as the site displays it (`1234 5678`, `abcde-12345`). */
export function randomCode(site: SiteRule, rand: () => number): string {
  const { length, alphabet, display } = site.format;
  if (!length || !alphabet) throw new Error(`${site.id}: the registry has no code shape`);
  const chars = ALPHABET_CHARS[alphabet]!;
  let raw = '';
  for (let i = 0; i < length; i++) raw += chars[Math.floor(rand() * chars.length)];
  if (!display) return raw;
  const parts: string[] = [];
  let at = 0;
  for (const g of display.groups) {
    parts.push(raw.slice(at, at + g));
    at += g;
  }
  return parts.join(display.separator);
}

export type Theme = 'light' | 'dark';
export type UsedMark = 'strike' | 'tick';

export interface LayoutTruth {
  /** Registry id of the site whose shape the codes have. */
  siteId: string;
  /** Every code in the picture, as displayed. */
  codes: string[];
  /** Index into `codes` → how the picture marks it used. */
  used: Record<number, UsedMark>;
}

export interface RenderedLayout {
  html: string;
  /** CSS pixels of the viewport the page is laid out for. */
  width: number;
  height: number;
  truth: LayoutTruth;
}

export interface Layout {
  id: string;
  /** What it imitates, for the report. */
  description: string;
  /** Phone screenshot (portrait, narrow) or a sheet/desktop page. */
  kind: 'phone' | 'sheet' | 'desktop';
  render(rand: () => number, theme: Theme): RenderedLayout;
}

function escape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function site(id: string): SiteRule {
  const s = allSites().find((x) => x.id === id);
  if (!s) throw new Error(`no site ${id} in the registry`);
  return s;
}

function codesFor(id: string, n: number, rand: () => number): string[] {
  const s = site(id);
  const seen = new Set<string>();
  while (seen.size < n) seen.add(randomCode(s, rand));
  return [...seen];
}

/** Picks `k` distinct indexes below `n`. */
function pick(n: number, k: number, rand: () => number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, k).sort((a, b) => a - b);
}

function page(theme: Theme, css: string, body: string): string {
  const fg = theme === 'dark' ? '#f5f5f5' : '#111';
  const bg = theme === 'dark' ? '#000' : '#fff';
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    html,body{margin:0;background:${bg};color:${fg};font-family:"Liberation Sans","DejaVu Sans",sans-serif}
    .muted{color:${theme === 'dark' ? '#a8a8a8' : '#737373'}}
    ${css}
  </style></head><body>${body}</body></html>`;
}

/** Instagram's app: "Backup codes", five 8-digit codes `1234 5678`, a phone screen. */
const instagram: Layout = {
  id: 'instagram',
  description: 'Instagram app, five 8-digit codes, phone screenshot',
  kind: 'phone',
  render(rand, theme) {
    const codes = codesFor('instagram', 5, rand);
    const html = page(
      theme,
      `.bar{height:44px;display:flex;align-items:center;justify-content:space-between;padding:0 20px;font-size:15px;font-weight:600}
       h1{font-size:22px;margin:28px 20px 8px} p{font-size:15px;line-height:1.4;margin:0 20px 20px}
       ul{list-style:none;margin:0 20px;padding:16px;border:1px solid ${theme === 'dark' ? '#363636' : '#dbdbdb'};border-radius:12px}
       li{font-size:17px;padding:7px 0;letter-spacing:.5px}
       .btn{margin:24px 20px;padding:12px;border-radius:8px;background:#0095f6;color:#fff;text-align:center;font-weight:600;font-size:15px}`,
      `<div class="bar"><span>9:41</span><span>5G ▮▮▮</span></div>
       <h1>Backup codes</h1>
       <p class="muted">Each code can only be used once. Take a screenshot of these codes or write them down and keep them somewhere safe.</p>
       <ul>${codes.map((c) => `<li>${escape(c)}</li>`).join('')}</ul>
       <div class="btn">Get new codes</div>
       <p class="muted">Username: traveller_${Math.floor(rand() * 900 + 100)}</p>`,
    );
    return { html, width: 390, height: 700, truth: { siteId: 'instagram', codes, used: {} } };
  },
};

/** Google's printable sheet: two columns of five numbered `1234 5678` codes with boxes to tick. */
const googleSheet: Layout = {
  id: 'google-sheet',
  description: "Google's printable sheet, two columns of five, some ticked",
  kind: 'sheet',
  render(rand, theme) {
    const codes = codesFor('google', 10, rand);
    const used: Record<number, UsedMark> = {};
    for (const i of pick(10, 2, rand)) used[i] = 'tick';
    const cell = (i: number) =>
      `<div class="code"><span class="box">${used[i] ? '✓' : ''}</span><span class="n">${i + 1}.</span> ${escape(codes[i]!)}</div>`;
    const html = page(
      theme,
      `body{padding:40px 56px;width:660px} h1{font-size:24px;font-weight:400;margin:0 0 6px}
       .acct{font-size:14px;margin-bottom:28px} .grid{display:grid;grid-template-columns:1fr 1fr;gap:14px 48px;width:480px}
       .code{font-family:"Liberation Mono","DejaVu Sans Mono",monospace;font-size:19px;display:flex;align-items:center;gap:8px}
       .box{display:inline-block;width:16px;height:16px;border:1.5px solid currentColor;font-size:15px;line-height:16px;text-align:center}
       .n{font-size:15px;min-width:26px;text-align:right} .foot{font-size:12px;margin-top:30px}`,
      `<h1>Backup codes</h1><div class="acct muted">someone.${Math.floor(rand() * 90 + 10)}@gmail.com</div>
       <div class="grid">${[0, 5, 1, 6, 2, 7, 3, 8, 4, 9].map(cell).join('')}</div>
       <div class="foot muted">Keep these backup codes somewhere safe but accessible.<br>You can only use each backup code once.</div>`,
    );
    return { html, width: 780, height: 420, truth: { siteId: 'google', codes, used } };
  },
};

/** GitHub's settings page: sixteen `xxxxx-xxxxx` hex codes in two monospace columns. */
const github: Layout = {
  id: 'github',
  description: 'GitHub recovery codes, sixteen hex codes in two columns (desktop)',
  kind: 'desktop',
  render(rand, theme) {
    const codes = codesFor('github', 16, rand);
    const border = theme === 'dark' ? '#30363d' : '#d0d7de';
    const html = page(
      theme,
      `body{padding:24px 32px;width:760px;font-size:14px} h2{font-size:20px;font-weight:600;margin:0 0 8px;padding-bottom:8px;border-bottom:1px solid ${border}}
       .box{border:1px solid ${border};border-radius:6px;padding:16px 24px;margin-top:16px}
       ul{columns:2;list-style:none;margin:8px 0;padding:0 0 0 40px}
       li{font-family:"Liberation Mono","DejaVu Sans Mono",monospace;font-size:15px;padding:4px 0}
       .btns span{display:inline-block;border:1px solid ${border};border-radius:6px;padding:5px 14px;margin:12px 8px 0 0;font-weight:600}`,
      `<h2>Recovery codes</h2>
       <p class="muted">Keep your recovery codes as safe as your password. We recommend saving them with a password manager.</p>
       <div class="box"><ul>${codes.map((c) => `<li>${escape(c)}</li>`).join('')}</ul>
       <div class="btns"><span>Download</span><span>Print</span><span>Copy</span></div></div>`,
    );
    return { html, width: 840, height: 440, truth: { siteId: 'github', codes, used: {} } };
  },
};

/** GitLab's page: ten 16-character hex codes, two columns. */
const gitlab: Layout = {
  id: 'gitlab',
  description: 'GitLab recovery codes, ten 16-hex codes in two columns (desktop)',
  kind: 'desktop',
  render(rand, theme) {
    const codes = codesFor('gitlab', 10, rand);
    const html = page(
      theme,
      `body{padding:24px 32px;width:760px;font-size:14px} h3{font-size:18px;margin:0 0 10px}
       .codes{display:grid;grid-template-columns:1fr 1fr;gap:6px 40px;padding:16px 24px;background:${theme === 'dark' ? '#28272d' : '#f0f0f0'};border-radius:4px;width:560px}
       .codes div{font-family:"Liberation Mono","DejaVu Sans Mono",monospace;font-size:15px}`,
      `<h3>Two-factor authentication recovery codes</h3>
       <p class="muted">Should you ever lose your phone or access to your one-time password secret, each of these recovery codes can be used one time each to regain access to your account. Please save them in a safe place, or you will lose access to your account.</p>
       <div class="codes">${codes.map((c) => `<div>${escape(c)}</div>`).join('')}</div>`,
    );
    return { html, width: 820, height: 360, truth: { siteId: 'gitlab', codes, used: {} } };
  },
};

/** Discord's settings: ten `xxxx-xxxx` codes in two columns; used ones are struck through. */
const discord: Layout = {
  id: 'discord',
  description: 'Discord backup codes, ten xxxx-xxxx, used ones struck through',
  kind: 'desktop',
  render(rand, theme) {
    const codes = codesFor('discord', 10, rand);
    const used: Record<number, UsedMark> = {};
    for (const i of pick(10, 3, rand)) used[i] = 'strike';
    const bg = theme === 'dark' ? '#313338' : '#f2f3f5';
    const html = page(
      theme,
      `body{padding:24px;width:620px;font-family:"DejaVu Sans",sans-serif;font-size:14px;background:${theme === 'dark' ? '#2b2d31' : '#fff'}}
       h2{font-size:16px;text-transform:uppercase;letter-spacing:.3px;margin:0 0 8px}
       .grid{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px;margin-top:16px}
       .c{background:${bg};border-radius:4px;padding:10px 14px;font-family:"DejaVu Sans Mono",monospace;font-size:15px;display:flex;align-items:center;gap:10px}
       .c.used{text-decoration:line-through;text-decoration-thickness:2px;opacity:.8}
       .chk{width:14px;height:14px;border:2px solid currentColor;border-radius:3px;display:inline-block}`,
      `<h2>Backup codes</h2>
       <p class="muted">Use these codes to access your account if you lose your authentication app. Each code can only be used once. Previously generated codes no longer work.</p>
       <div class="grid">${codes
         .map(
           (c, i) =>
             `<div class="c${used[i] ? ' used' : ''}"><span class="chk"></span>${escape(c)}</div>`,
         )
         .join('')}</div>`,
    );
    return { html, width: 680, height: 380, truth: { siteId: 'discord', codes, used } };
  },
};

/** A single recovery code (Microsoft's 25 characters in five groups) on a desktop page. */
const single: Layout = {
  id: 'single',
  description: 'one Microsoft recovery code, five groups of five (desktop)',
  kind: 'desktop',
  render(rand, theme) {
    const codes = codesFor('microsoft', 1, rand);
    const html = page(
      theme,
      `body{padding:32px;width:560px;font-family:"Liberation Sans",sans-serif} h2{font-size:22px;font-weight:600;margin:0 0 12px}
       .code{font-size:20px;font-weight:600;letter-spacing:1px;margin:18px 0;font-family:"DejaVu Sans Mono",monospace}`,
      `<h2>Your recovery code</h2>
       <p class="muted">Print this code or write it down, and keep it somewhere safe. You'll need it if you can't get into your account.</p>
       <div class="code">${escape(codes[0]!)}</div>
       <p class="muted">Generating a new code makes this one stop working.</p>`,
    );
    return { html, width: 620, height: 260, truth: { siteId: 'microsoft', codes, used: {} } };
  },
};

/** A picture of something else (a receipt): no codes at all; the reader must invent none. */
const notCodes: Layout = {
  id: 'not-codes',
  description: 'a receipt: numbers but no backup codes',
  kind: 'phone',
  render(rand, theme) {
    const lines = [
      'Coffee 3.40',
      'Bagel 2.95',
      'Juice 4.10',
      'Total 10.45',
      'Card **** 4821',
      'Thank you!',
    ];
    const html = page(
      theme,
      `body{padding:28px;width:330px;font-family:"DejaVu Sans Mono",monospace;font-size:16px} div{padding:4px 0}`,
      `<div><b>CORNER CAFE</b></div><div class="muted">12 Harbour St · ${Math.floor(rand() * 9) + 1}:${Math.floor(rand() * 50) + 10}</div>${lines.map((l) => `<div>${l}</div>`).join('')}`,
    );
    return { html, width: 390, height: 380, truth: { siteId: 'instagram', codes: [], used: {} } };
  },
};

export const LAYOUTS: readonly Layout[] = [
  instagram,
  googleSheet,
  github,
  gitlab,
  discord,
  single,
  notCodes,
];

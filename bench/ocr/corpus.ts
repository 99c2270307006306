/**
 * Renders the OCR corpus: every layout of `layouts.ts`, light and dark, at
 * device-pixel ratios 1–3, as PNG and as JPEG (quality 60–95), plus "photos"
 * of printed sheets (rotation up to ±8°, perspective, blur, uneven light).
 * Screenshots come from headless Chromium; the JPEG and photo variants are
 * drawn on a canvas in the same browser, so nothing outside npm and Debian's
 * Chromium is needed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { LAYOUTS, seededRandom, type LayoutTruth, type Theme } from './layouts';

export type Variant = 'png' | 'jpeg' | 'photo';

export interface CorpusImage {
  /** File name inside the corpus directory. */
  file: string;
  layout: string;
  kind: 'screenshot' | 'photo';
  theme: Theme;
  dpr: number;
  variant: Variant;
  /** JPEG quality, 0–100, when the file is a JPEG. */
  quality?: number;
  /** For photos: what was done to the printed page. */
  photo?: PhotoParams;
  truth: LayoutTruth;
}

export interface PhotoParams {
  rotationDeg: number;
  /** Horizontal squeeze of the top edge relative to the bottom (0 = none), for perspective. */
  keystone: number;
  blurPx: number;
  /** Darkening from one corner, 0–1. */
  shade: number;
  quality: number;
}

export interface CorpusOptions {
  outDir: string;
  seed: number;
  /** A small fixed sample (the CI sample): light+dark at DPR 2, one photo per sheet layout. */
  sample?: boolean;
}

function base64(buf: Buffer): string {
  return buf.toString('base64');
}

/** Draws a screenshot as a photo of its printout, in the page's canvas; returns JPEG bytes. */
async function photograph(page: Page, png: Buffer, p: PhotoParams): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    async ({ src, p }) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      // Paper with a margin, laid on a grey desk, photographed at an angle.
      const margin = Math.round(img.width * 0.08);
      const paper = document.createElement('canvas');
      paper.width = img.width + 2 * margin;
      paper.height = img.height + 2 * margin;
      const pc = paper.getContext('2d')!;
      pc.fillStyle = '#fbfaf6';
      pc.fillRect(0, 0, paper.width, paper.height);
      pc.drawImage(img, margin, margin);
      const out = document.createElement('canvas');
      const diag = Math.ceil(Math.hypot(paper.width, paper.height));
      out.width = diag;
      out.height = Math.ceil(diag * 0.85);
      const c = out.getContext('2d')!;
      c.fillStyle = '#6f6a62';
      c.fillRect(0, 0, out.width, out.height);
      // Perspective: draw the page in horizontal strips, each a little narrower towards the top.
      const strips = 120;
      const tmp = document.createElement('canvas');
      tmp.width = paper.width;
      tmp.height = paper.height;
      const tc = tmp.getContext('2d')!;
      for (let i = 0; i < strips; i++) {
        const y0 = (i * paper.height) / strips;
        const h = paper.height / strips;
        const squeeze = p.keystone * (1 - (i + 0.5) / strips);
        const w = paper.width * (1 - squeeze);
        tc.drawImage(paper, 0, y0, paper.width, h, (paper.width - w) / 2, y0, w, h + 0.5);
      }
      c.save();
      c.translate(out.width / 2, out.height / 2);
      c.rotate((p.rotationDeg * Math.PI) / 180);
      c.filter = `blur(${p.blurPx}px)`;
      c.drawImage(tmp, -tmp.width / 2, -tmp.height / 2);
      c.restore();
      // Uneven light: a shadow falling from one corner, and a little sensor noise.
      const g = c.createLinearGradient(0, 0, out.width, out.height);
      g.addColorStop(0, `rgba(0,0,0,${p.shade})`);
      g.addColorStop(0.6, 'rgba(0,0,0,0)');
      g.addColorStop(1, 'rgba(255,250,230,0.08)');
      c.fillStyle = g;
      c.fillRect(0, 0, out.width, out.height);
      const data = c.getImageData(0, 0, out.width, out.height);
      let s = 12345;
      for (let i = 0; i < data.data.length; i += 4) {
        s = (s * 1103515245 + 12345) & 0x7fffffff;
        const n = ((s >> 16) % 13) - 6;
        data.data[i] = data.data[i]! + n;
        data.data[i + 1] = data.data[i + 1]! + n;
        data.data[i + 2] = data.data[i + 2]! + n;
      }
      c.putImageData(data, 0, 0);
      return out.toDataURL('image/jpeg', p.quality / 100);
    },
    { src: `data:image/png;base64,${base64(png)}`, p },
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

async function toJpeg(page: Page, png: Buffer, quality: number): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    async ({ src, quality }) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      c.getContext('2d')!.drawImage(img, 0, 0);
      return c.toDataURL('image/jpeg', quality / 100);
    },
    { src: `data:image/png;base64,${base64(png)}`, quality },
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

/**
 * The CI sample (test/fixtures/ocr/): Instagram light and dark, Google's sheet
 * and a photo of it, GitHub, Discord dark, and a picture with no codes; at
 * DPR 2, a few hundred KB in all.
 */
const SAMPLE = new Set([
  'instagram-light',
  'instagram-dark',
  'google-sheet-light',
  'github-light',
  'discord-dark',
  'not-codes-light',
]);

/** Renders the corpus into `outDir` (images and `corpus.json`) and returns its list. */
export async function renderCorpus(browser: Browser, opts: CorpusOptions): Promise<CorpusImage[]> {
  mkdirSync(opts.outDir, { recursive: true });
  const rand = seededRandom(opts.seed);
  const images: CorpusImage[] = [];
  const tool = await (await browser.newContext()).newPage();
  await tool.setContent('<!doctype html><title>corpus tool</title>');
  const themes: Theme[] = ['light', 'dark'];
  const dprs = opts.sample ? [2] : [1, 2, 3];
  for (const layout of LAYOUTS) {
    for (const theme of themes) {
      for (const dpr of dprs) {
        const r = layout.render(rand, theme);
        if (opts.sample && !SAMPLE.has(`${layout.id}-${theme}`)) continue;
        const ctx = await browser.newContext({
          viewport: { width: r.width, height: r.height },
          deviceScaleFactor: dpr,
        });
        const page = await ctx.newPage();
        await page.setContent(r.html);
        await page.evaluate(() => document.fonts.ready);
        const png = await page.screenshot({ fullPage: true });
        await ctx.close();
        const stem = `${layout.id}-${theme}-x${dpr}`;
        const base = { layout: layout.id, kind: 'screenshot' as const, theme, dpr, truth: r.truth };
        // In the sample, light images stay PNG and dark ones become JPEG: both formats, half the files.
        if (!opts.sample || theme === 'light') {
          writeFileSync(join(opts.outDir, `${stem}.png`), png);
          images.push({ ...base, file: `${stem}.png`, variant: 'png' });
        }
        if (!opts.sample || theme === 'dark') {
          const quality = 60 + Math.round(rand() * 35);
          writeFileSync(
            join(opts.outDir, `${stem}-q${quality}.jpg`),
            await toJpeg(tool, png, quality),
          );
          images.push({ ...base, file: `${stem}-q${quality}.jpg`, variant: 'jpeg', quality });
        }
        // Photos of printed sheets: light pages only (nobody prints white on black), from DPR 2 and 3.
        if (theme === 'light' && layout.kind !== 'phone' && dpr >= 2) {
          const shots = opts.sample ? (layout.id === 'google-sheet' ? 1 : 0) : 2;
          for (let k = 0; k < shots; k++) {
            const p: PhotoParams = {
              rotationDeg: Math.round((rand() * 16 - 8) * 10) / 10,
              keystone: Math.round(rand() * 0.08 * 100) / 100,
              blurPx: Math.round((0.3 + rand() * 0.9) * 10) / 10,
              shade: Math.round((0.1 + rand() * 0.3) * 100) / 100,
              quality: 70 + Math.round(rand() * 25),
            };
            const file = `${stem}-photo${k}.jpg`;
            writeFileSync(join(opts.outDir, file), await photograph(tool, png, p));
            images.push({
              ...base,
              kind: 'photo',
              file,
              variant: 'photo',
              quality: p.quality,
              photo: p,
            });
          }
        }
      }
    }
  }
  await tool.context().close();
  writeFileSync(join(opts.outDir, 'corpus.json'), `${JSON.stringify(images, null, 2)}\n`);
  return images;
}

// Renders public/icons/icon.svg to the PNG sizes the manifest and the stores
// use, with headless Chromium (playwright-core). The PNGs are committed, so a
// build never needs a browser; run this only after editing the SVG:
//   node scripts/make-icons.mjs [path-to-chromium]
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const SIZES = [16, 32, 48, 64, 96, 128];
const iconsDir = fileURLToPath(new URL('../public/icons/', import.meta.url));
const executablePath = process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath}; pass its path as the first argument.`);
  process.exit(1);
}

const svg = await readFile(`${iconsDir}icon.svg`, 'utf8');
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--force-color-profile=srgb'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    // The SVG is drawn at the target size (not downscaled from a big bitmap)
    // so edges stay crisp at 16 px.
    const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">` +
        `<img id="icon" src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('#icon').evaluate((img) => img.decode());
    const png = await page.locator('#icon').screenshot({ omitBackground: true });
    await writeFile(`${iconsDir}icon-${size}.png`, png);
    console.log(`icon-${size}.png (${png.length} bytes)`);
  }
} finally {
  await browser.close();
}

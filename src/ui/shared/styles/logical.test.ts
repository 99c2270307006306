/**
 * The pages' stylesheets use logical properties only, so Arabic and Hebrew pages mirror with
 * `dir="rtl"` alone (docs/i18n.md): no property or value that names a physical left or right side.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const SHEETS = readdirSync(DIR).filter((f) => f.endsWith('.css'));

/** `property: value` declarations that fix a side: left/right in the name, or as the value of a side. */
const PHYSICAL =
  /(?:^|[;{\s])((?:margin|padding|border|inset|scroll-margin|scroll-padding)-(?:left|right)[a-z-]*|left|right)\s*:|(?:^|[;{\s])(?:float|clear|text-align|justify-self|align-self|justify-content|resize)\s*:\s*(?:left|right)\b|border-(?:top|bottom)-(?:left|right)-radius/gm;

function physical(css: string): string[] {
  const bare = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return [...bare.matchAll(PHYSICAL)].map((m) => m[0].trim());
}

describe('page stylesheets', () => {
  it('are there to check', () => {
    expect(SHEETS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(SHEETS)('%s uses logical properties for sides', (sheet) => {
    expect(physical(readFileSync(join(DIR, sheet), 'utf8'))).toEqual([]);
  });

  it('the check finds every physical family', () => {
    expect(
      physical(
        'a{margin-left:0;padding-right:1px;border-right-color:red;left:0}' +
          'b{ right: 2px; float: left; text-align: right; border-top-left-radius: 3px }',
      ),
    ).toEqual([
      '{margin-left:',
      ';padding-right:',
      ';border-right-color:',
      ';left:',
      'right:',
      'float: left',
      'text-align: right',
      'border-top-left-radius',
    ]);
    expect(physical('a{margin-inline-start:0;inset-inline-end:0;text-align:start}')).toEqual([]);
    expect(physical('/* left to right */ .left-badge{color:red}')).toEqual([]);
  });
});

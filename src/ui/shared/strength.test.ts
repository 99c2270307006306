import { translations as zxcvbnEnglish } from '@zxcvbn-ts/language-en';
import { describe, expect, it } from 'vitest';
import locale from '../../../public/_locales/en/messages.json';
import { t } from './i18n';
import { loadEstimator } from './strength';
import './testing/test-utils';

const messages = locale as Record<string, { message: string }>;
const cap = (k: string) => k[0]!.toUpperCase() + k.slice(1);
/** Only the "Have I Been Pwned" matcher, which Backstop does not use, says these. */
const NOT_USED = new Set(['pwned']);

describe('passphrase strength feedback', () => {
  it.each([
    ['warnings', 'strengthWarn'],
    ['suggestions', 'strengthTip'],
  ] as const)('has a message for each of zxcvbn’s %s, in English word for word', (part, prefix) => {
    for (const [key, english] of Object.entries(zxcvbnEnglish[part])) {
      if (NOT_USED.has(key)) continue;
      expect(messages[prefix + cap(key)]?.message, key).toBe(english);
    }
  });

  it('comes back as message keys, said in the UI language', async () => {
    const estimate = await loadEstimator();
    const r = estimate('aaaaaaaaaaaa', []);
    expect(r.warning).toBe('strengthWarnSimpleRepeat');
    expect(t(r.warning!)).toBe(zxcvbnEnglish.warnings.simpleRepeat);
    expect(r.suggestions.every((s) => s.startsWith('strengthTip') && t(s) !== s)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import data from './keywords.json';
import { hasCodeLabel, hasWeakCodeLabel, isSecretLabel, normalizeLabel } from './keywords';

// The label lists are data; this is their schema.
describe('keywords.json', () => {
  const lists = ['codeLabels', 'weakCodeLabels', 'secretLabels'] as const;

  it('has exactly the documented lists, each language a non-empty list of strings', () => {
    expect(Object.keys(data).sort()).toEqual(['$comment', ...lists].sort());
    for (const list of lists) {
      const byLanguage = data[list] as Record<string, unknown>;
      expect(Object.keys(byLanguage).length).toBeGreaterThan(0);
      for (const [lang, words] of Object.entries(byLanguage)) {
        expect(lang).toMatch(/^[a-z]{2}(?:-[A-Z][a-z]{3})?$/);
        expect(Array.isArray(words)).toBe(true);
        expect((words as unknown[]).length).toBeGreaterThan(0);
        for (const w of words as unknown[]) {
          expect(typeof w).toBe('string');
          expect((w as string).normalize('NFC')).toBe(w);
          expect(normalizeLabel(w as string)).not.toBe('');
        }
      }
    }
  });

  it('has no entry twice within a list once normalised', () => {
    for (const list of lists) {
      const all = Object.values(data[list] as Record<string, string[]>)
        .flat()
        .map(normalizeLabel);
      expect(new Set(all).size, list).toBe(all.length);
    }
  });

  it('never lets a code label be read as a secret (the code label wins)', () => {
    for (const label of Object.values(data.codeLabels).flat()) {
      expect(hasCodeLabel(label), label).toBe(true);
      expect(isSecretLabel(label), label).toBe(false);
    }
  });

  it('covers the languages the issue asks for', () => {
    expect(Object.keys(data.codeLabels)).toEqual(
      expect.arrayContaining([
        'en',
        'de',
        'fr',
        'es',
        'pt',
        'it',
        'nl',
        'ja',
        'zh-Hans',
        'zh-Hant',
      ]),
    );
  });
});

describe('label matching', () => {
  it.each([
    'Backup codes',
    'backup_codes',
    'BACKUP-CODES',
    'GitHub recovery codes (saved 2024-03-02):',
    'Recovery Codes',
    'Backup-Codes',
    'Wiederherstellungscodes',
    'codes de secours :',
    'Codes de récupération',
    'códigos de respaldo',
    'Códigos de recuperación:',
    'códigos de backup',
    'codici di backup',
    'Codici di recupero',
    'herstelcodes',
    'back-upcodes',
    'バックアップコード',
    'リカバリーコード:',
    '备用码：',
    '恢复码',
    '備用碼',
    'scratch codes',
    'Microsoft recovery key',
  ])('%s names backup codes', (label) => {
    expect(hasCodeLabel(label)).toBe(true);
  });

  it.each([
    'Recovery email',
    'recovery phone',
    'Backup email address',
    'Security question',
    'Notes',
    'Promo code',
    'Code',
    '',
  ])('%s does not name backup codes', (label) => {
    expect(hasCodeLabel(label)).toBe(false);
  });

  it.each([
    'Password',
    'Admin password',
    'PIN',
    'Recovery PIN',
    'TOTP',
    'one-time password',
    'otpauth',
    'Authenticator key (backup)',
    'API token',
    'Secret',
    'Mot de passe',
    'Passwort',
    'Contraseña',
    'パスワード',
    '密码',
    'card number',
  ])('%s names a secret', (label) => {
    expect(isSecretLabel(label)).toBe(true);
  });

  it.each([
    'Backup codes',
    'TOTP recovery codes',
    'Username',
    'Recovery email',
    'Spinner',
    'Keyboard',
  ])('%s does not name a secret', (label) => {
    expect(isSecretLabel(label)).toBe(false);
  });

  it('weak labels are whole words', () => {
    expect(hasWeakCodeLabel('2FA')).toBe(true);
    expect(hasWeakCodeLabel('Backup')).toBe(true);
    expect(hasWeakCodeLabel('Codici')).toBe(true);
    expect(hasWeakCodeLabel('Backupserver')).toBe(false);
    expect(hasWeakCodeLabel('Notes')).toBe(false);
  });
});

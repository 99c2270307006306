import { describe, expect, it } from 'vitest';
import { clauses, VOCABULARY } from './keywords';
import { qualifyField, THRESHOLD } from './qualify';
import { normalize, stemPhrase } from './text';
import type { FieldContext } from './types';

function ctx(over: Partial<FieldContext> = {}): FieldContext {
  return {
    type: 'text',
    autocomplete: '',
    inputMode: '',
    maxLength: -1,
    pattern: '',
    boxes: 1,
    identifiers: [],
    classes: [],
    labels: [],
    descriptions: [],
    context: [],
    ...over,
  };
}

describe('text helpers', () => {
  it('normalizes identifiers, accents and punctuation', () => {
    expect(normalize('backupCodePin')).toBe('backup code pin');
    expect(normalize('user[otp_attempt]')).toBe('user otp attempt');
    expect(normalize('Código de recuperación')).toBe('codigo de recuperacion');
    expect(normalize('Enter Discord Auth/Backup Code')).toBe('enter discord auth backup code');
    expect(normalize('ﾊﾞｯｸｱｯﾌﾟｺｰﾄﾞ')).toBe('バックアップコード');
  });

  it('stems plurals alike in Romance languages', () => {
    expect(stemPhrase('codici di backup')).toBe(stemPhrase('codice di backup'));
    expect(stemPhrase('codigos de respaldo')).toBe(stemPhrase('codigo de respaldo'));
    expect(stemPhrase('codes')).toBe('code');
  });

  it('splits clauses at punctuation and at "or" in several languages', () => {
    expect(clauses('Enter the code we texted you, or one of your backup codes')).toHaveLength(3);
    expect(clauses('Saisissez le code de l’appli ou un code de secours')).toHaveLength(2);
    expect(clauses('認証アプリのコードまたはバックアップコードを入力')).toHaveLength(2);
  });
});

describe('qualifyField', () => {
  it('accepts every backup-code keyword as a label, in every language', () => {
    for (const [lang, lists] of Object.entries(VOCABULARY.languages)) {
      for (const p of lists.positive) {
        const q = qualifyField(ctx({ labels: [p] }));
        expect(q.isBackupCodeField, `${lang}: ${p} ${q.reasons.join(', ')}`).toBe(true);
      }
    }
  });

  it('rejects a plain code field with no backup-code evidence', () => {
    const q = qualifyField(ctx({ labels: ['Authentication code'], autocomplete: 'one-time-code' }));
    expect(q.isBackupCodeField).toBe(false);
  });

  it('accepts a shared field whose description names backup codes next to a sent code', () => {
    const q = qualifyField(
      ctx({
        labels: ['Security code'],
        descriptions: ['Enter the code we texted you, or one of your backup codes.'],
      }),
    );
    expect(q.isBackupCodeField).toBe(true);
    expect(q.reasons).toContain('positive:described:backup code');
  });

  it('rejects a "recovery code" that the page says was emailed', () => {
    const q = qualifyField(
      ctx({
        labels: ['Recovery code'],
        descriptions: ['Enter the recovery code we emailed to you.'],
        maxLength: 8,
      }),
    );
    expect(q.isBackupCodeField).toBe(false);
    expect(q.reasons.some((r) => r.includes('same clause'))).toBe(true);
  });

  it('keeps a field named recovery_code out when its description is about a sent code', () => {
    const q = qualifyField(
      ctx({
        identifiers: ['recovery_code'],
        descriptions: ['Enter the code we sent to your recovery email.'],
        maxLength: 6,
      }),
    );
    expect(q.isBackupCodeField).toBe(false);
  });

  it('vetoes other kinds of field even on a page about backup codes', () => {
    for (const label of [
      'Search',
      'Promo code',
      'ZIP code',
      'Phone number',
      'Gift card',
      'CAPTCHA',
    ]) {
      const q = qualifyField(ctx({ labels: [label], context: ['Sign in with backup codes'] }));
      expect(q.isBackupCodeField, label).toBe(false);
      expect(q.reasons.join(), label).toContain('negative:field');
    }
    const cvc = qualifyField(ctx({ labels: ['Backup code'], autocomplete: 'cc-csc' }));
    expect(cvc.isBackupCodeField).toBe(false);
  });

  it('needs a code-like field when the only evidence is a nearby heading', () => {
    const weak = qualifyField(ctx({ labels: ['Code'], context: ['Use a backup code'] }));
    expect(weak.isBackupCodeField).toBe(false);
    expect(weak.score).toBeLessThan(THRESHOLD);
    const strong = qualifyField(
      ctx({ labels: ['Code'], autocomplete: 'one-time-code', context: ['Use a backup code'] }),
    );
    expect(strong.isBackupCodeField).toBe(true);
  });

  it('rejects the 2FA setup step even below a list of new backup codes', () => {
    const q = qualifyField(
      ctx({
        labels: ['Verify the code from the app'],
        autocomplete: 'one-time-code',
        inputMode: 'numeric',
        descriptions: ['Scan the QR code with your app, then enter the code to finish setup.'],
        context: ['Save your backup codes'],
      }),
    );
    expect(q.isBackupCodeField).toBe(false);
  });

  it('never qualifies on an app-code-only step', () => {
    const q = qualifyField(ctx({ labels: ['Backup code'] }), { appOnly: true });
    expect(q).toEqual({ isBackupCodeField: false, score: 0, reasons: ['site-rule:app-only'] });
  });

  it('trusts the site rule for fields shared with app codes', () => {
    const app = ctx({ labels: ['Login code'], autocomplete: 'one-time-code' });
    expect(qualifyField(app).isBackupCodeField).toBe(false);
    expect(qualifyField(app, { sharedWithAppCodes: true }).isBackupCodeField).toBe(false);
    const q = qualifyField(app, { sharedWithAppCodes: true, isChallengeStep: true });
    expect(q.isBackupCodeField).toBe(true);
    expect(q.reasons).toContain('site-rule:shared-with-app-codes');
  });

  it('counts a password-type input against the field', () => {
    const field = { context: ['Backup code'], autocomplete: 'one-time-code', inputMode: 'numeric' };
    const text = qualifyField(ctx(field));
    const pw = qualifyField(ctx({ ...field, type: 'password' }));
    expect(text.isBackupCodeField).toBe(true);
    expect(pw.isBackupCodeField).toBe(false);
  });
});

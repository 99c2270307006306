// The extraction of terms from translation catalogs (scripts/vocab/): the
// catalog readers and what is kept of a translation. Run on small made-up
// catalogs in each format the systems in scripts/vocab/systems.mjs use.
import { describe, expect, it } from 'vitest';
import {
  decodeEntities,
  readIni,
  readJson,
  readPhp,
  readPo,
  readProperties,
  readScriptObject,
  readXliff,
  readYaml,
} from '../../scripts/vocab/catalogs.mjs';
import {
  canonicalLanguage,
  cleanCatalogText,
  commonRun,
  commonTerm,
  termOf,
} from '../../scripts/vocab/terms';

describe('catalog readers', () => {
  it('gettext: msgctxt, multi-line strings, plurals; fuzzy entries are skipped', () => {
    const po = [
      'msgid ""',
      'msgstr "Language: de\\n"',
      '',
      'msgid "Recovery Codes"',
      'msgstr "Wiederherstellungs-Codes"',
      '',
      '#, fuzzy',
      'msgid "Backup Tokens"',
      'msgstr "Sicherungen"',
      '',
      'msgctxt "action"',
      'msgid "Change Phone"',
      'msgstr ""',
      '"Telefon "',
      '"ändern"',
      '',
      'msgid "code"',
      'msgid_plural "codes"',
      'msgstr[0] "Code"',
      'msgstr[1] "Codes"',
    ].join('\n');
    const m = readPo(po);
    expect(m.get('Recovery Codes')).toBe('Wiederherstellungs-Codes');
    expect(m.has('Backup Tokens')).toBe(false);
    expect(m.get('action\u0004Change Phone')).toBe('Telefon ändern');
    expect(m.get('code')).toBe('Code');
  });

  it('PHP arrays (Laravel style, nested) and Roundcube label assignments', () => {
    const m = readPhp(`<?php
      // comment
      return [
        'mfa_verify_backup_code' => 'Backup-Code',
        "quoted" => "It\\'s \\"x\\"",
        'fields' => ['2fa_recovery_code' => 'Wiederherstellungscode'],
      ];`);
    expect(m.get('mfa_verify_backup_code')).toBe('Backup-Code');
    expect(m.get('fields.2fa_recovery_code')).toBe('Wiederherstellungscode');
    const rc = readPhp(
      `<?php $labels = array(); $labels['recovery_codes'] = 'Wiederherstellungsc&ouml;des';`,
    );
    expect(rc.get('recovery_codes')).toBe('Wiederherstellungscödes');
  });

  it("JSON: nested keys flattened; a trailing comma (ThingsBoard's Romanian catalog) is read", () => {
    const m = readJson('{ "login": { "backup-code-auth-placeholder": "Cod de rezervă", }, }');
    expect(m.get('login.backup-code-auth-placeholder')).toBe('Cod de rezervă');
  });

  it('INI sections, YAML with a language root, properties, XLIFF and script objects', () => {
    expect(
      readIni('[auth]\nmfa_recovery_code = Recovery code\n').get('auth.mfa_recovery_code'),
    ).toBe('Recovery code');
    expect(
      readYaml('de:\n  twofa_label_backup_codes: Backup-Codes\n', 'de').get(
        'twofa_label_backup_codes',
      ),
    ).toBe('Backup-Codes');
    expect(readProperties('recovery-code=R\\u00fcck\n').get('recovery-code')).toBe('Rück');
    expect(
      readXliff(
        '<trans-unit id="a" resname="k"><source>k</source><target>Code &amp; more</target></trans-unit>',
      ).get('k'),
    ).toBe('Code & more');
    const ts = readScriptObject(
      `const mfa = { backup_code: 'Backup-Code', nested: { x: "y" } }; export default mfa;`,
    );
    expect(ts.get('backup_code')).toBe('Backup-Code');
    expect(ts.get('nested.x')).toBe('y');
    expect(decodeEntities('Best&auml;tigung &#233;')).toBe('Bestätigung é');
  });
});

describe('terms', () => {
  it('cleans markup, placeholders and surrounding punctuation', () => {
    expect(cleanCatalogText('<b>Backup codes</b>:')).toBe('Backup codes');
    expect(cleanCatalogText('{name} backup codes')).toBe('backup codes');
    expect(cleanCatalogText('%(count)s recovery codes left.')).toBe('recovery codes left');
    expect(cleanCatalogText('You have :count codes')).toBe('You have codes');
  });

  it('keeps short terms and refuses sentences', () => {
    // As a page shows it; normalization happens when the vocabulary is built.
    expect(termOf('Wiederherstellungs-Codes')).toBe('Wiederherstellungs-Codes');
    expect(
      termOf('Use one of the backup codes you saved when setting up two-factor authentication.'),
    ).toBeUndefined();
    expect(termOf('バックアップコード')).toBe('バックアップコード');
  });

  it('finds what strings naming the same thing share, inflections included', () => {
    expect(commonRun('zwei faktor authentifizierung backup codes', 'backup codes generieren')).toBe(
      'backup codes',
    );
    expect(commonTerm(['Использовать резервный код', 'Резервные коды'])).toBe('резервный код');
    expect(
      commonTerm([
        'Codes de secours pour la double authentification',
        'Générer des codes de secours',
      ]),
    ).toBe('Codes de secours');
    expect(commonTerm(['Wiederherstellungscodes', 'Wiederherstellungscode verwenden'])).toBe(
      'Wiederherstellungscodes',
    );
  });

  it('refuses fragments: a lone adjective stem, a run inside a word without spaces', () => {
    expect(commonTerm(['Резервные', 'Резервный код'])).toBeUndefined();
    expect(commonTerm(['Кодове за възстановяване', 'Ключове за възстановяване'])).toBe(
      'за възстановяване',
    );
    expect(commonTerm(['รหัสการกู้คืน', 'สร้างรหัสกู้คืน'])).toBeUndefined();
  });

  it('counts languages, not locales', () => {
    expect(canonicalLanguage('pt_BR')).toBe('pt');
    expect(canonicalLanguage('es-419')).toBe('es');
    expect(canonicalLanguage('locale_de-DE')).toBe('de');
    expect(canonicalLanguage('zh_TW')).toBe('zh-Hant');
    expect(canonicalLanguage('zh-hk')).toBe('zh-Hant');
    expect(canonicalLanguage('zh_CN')).toBe('zh-Hans');
    expect(canonicalLanguage('sr@latin')).toBe('sr');
    expect(canonicalLanguage('no')).toBe('nb');
    expect(canonicalLanguage('en-L')).toBeUndefined();
    expect(canonicalLanguage('defaultMessages')).toBeUndefined();
  });
});
